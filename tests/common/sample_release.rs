//! A release built by hand, close to the real n°2 (the TOML loader is written
//! elsewhere): shared by the PDF tests and the `pdf_sample` example.

#![allow(dead_code)]

use chrono::NaiveDate;
use solidaire::model::{
    Closing, Contact, Initiative, Inline, Link, LinkKind, Paragraph, Release, Section, Style,
};

/// A crude stand-in for the typography pass, enough for a fixture.
pub fn fr(text: &str) -> String {
    let mut out = String::new();
    let mut open = true;
    for character in text.chars() {
        match character {
            '\'' => out.push('’'),
            '"' => {
                out.push_str(if open { "«\u{202f}" } else { "\u{202f}»" });
                open = !open;
            }
            _ => out.push(character),
        }
    }
    out.replace(" :", "\u{a0}:")
        .replace("« ", "«\u{202f}")
        .replace(" »", "\u{202f}»")
        .replace("50 000", "50\u{202f}000")
        .replace("1 000 masques", "1\u{202f}000\u{a0}masques")
}

pub fn text(text: &str) -> Paragraph {
    Paragraph(vec![Inline::Text {
        text: fr(text),
        style: Style::default(),
    }])
}

pub fn link(text: &str) -> Link {
    if text.contains('@') {
        Link {
            text: text.to_string(),
            href: format!("mailto:{text}"),
            kind: LinkKind::Email,
        }
    } else if text.starts_with("http") {
        Link {
            text: text.to_string(),
            href: text.to_string(),
            kind: LinkKind::Web,
        }
    } else {
        Link {
            text: text.to_string(),
            href: format!("https://{text}"),
            kind: LinkKind::Web,
        }
    }
}

fn initiative(body: &[&str], links: &[&str]) -> Initiative {
    Initiative {
        place: None,
        text: body.iter().map(|paragraph| text(paragraph)).collect(),
        links: links.iter().map(|l| link(l)).collect(),
    }
}

/// The communiqué n°2, its words as in the prefecture's PDF.
pub fn n2() -> Release {
    Release {
        number: 2,
        date: NaiveDate::from_ymd_opt(2020, 4, 8).expect("a valid date"),
        place: "Arras".to_string(),
        title: fr("Covid-19 : le Pas-de-Calais solidaire"),
        issuer: Some("Préfet du Pas-de-Calais".to_string()),
        label: Some("Communiqué de presse".to_string()),
        contact: Some(Contact {
            name: Some("Bureau de la communication interministérielle".to_string()),
            phone: Some("03\u{a0}00\u{a0}00\u{a0}00\u{a0}00".to_string()),
            email: Some(link("communication@prefecture.example")),
        }),
        preamble: vec![
            text(
                "Le 6 avril dernier, par communiqué de presse « le Pas-de-Calais solidaire », Fabien SUDRY, préfet du Pas-de-Calais, a souhaité mettre en avant régulièrement quelques initiatives qui participent, en cette période de crise sanitaire sans précédent, au maintien de la cohésion sociale et territoriale, et des liens de solidarité entre tous les habitants.",
            ),
            text(
                "Tous les jours, de très nombreuses initiatives individuelles et collectives témoignent du fait que les valeurs civiques sont profondément enracinées dans le territoire. De très nombreux acteurs se distinguent, entreprises, associations, collectivités, administrations, ou simples citoyens.",
            ),
            Paragraph(vec![
                Inline::Text {
                    text: fr(
                        "C'est un motif de fierté et un encouragement pour toutes celles et ceux qui sont ",
                    ),
                    style: Style::default(),
                },
                Inline::Text {
                    text: "en première ligne".to_string(),
                    style: Style {
                        bold: false,
                        italic: true,
                    },
                },
                Inline::Text {
                    text: fr(
                        " dans le combat contre le virus. Le préfet du Pas-de-Calais tient par ses communications régulières à faire partager avec le plus grand nombre ces ",
                    ),
                    style: Style::default(),
                },
                Inline::Text {
                    text: "belles démarches de solidarité".to_string(),
                    style: Style {
                        bold: true,
                        italic: false,
                    },
                },
                Inline::Text {
                    text: " qui font honneur à notre département.".to_string(),
                    style: Style::default(),
                },
            ]),
        ],
        sections: vec![
            Section {
                title: text("Solidaires dans l'application des mesures de protection"),
                intro: vec![text(
                    "L'application des mesures sanitaires, comme la distanciation sociale ou le lavage fréquent des mains avec un liquide hydro-alcoolique, est indispensable dans la lutte contre le Covid-19 qui suppose une production importante de matériels et de produits sanitaires. Des entreprises ou des citoyens n'ont pas hésité à donner de leur temps et à revoir leur priorité afin de soutenir au mieux les professionnels ou particuliers dans leur lutte quotidienne contre le virus.",
                )],
                initiatives: vec![
                    initiative(
                        &[
                            "A Harnes, l'entreprise Durand Production, spécialiste en production de matériel de refroidissement, lave-glace et lubrifiants, a revu sa chaîne de production afin de faire face au besoin croissant de solution hydro-alcoolique. L'entreprise produit 50 000 litres par jour de solution hydro-alcoolique dont les principaux bénéficiaires sont les EHPAD et les hôpitaux, locaux ou nationaux.",
                        ],
                        &["fdelfour@durandproduction.com"],
                    ),
                    initiative(
                        &[
                            "De nombreuses initiatives citoyennes de particuliers ont également été relevées sur l'ensemble du territoire, à l'image de celle de Jonathan Petit qui a créé, sur le secteur du calaisis, des visières à destination des soignants, grâce à des imprimantes 3D. A ce jour, une cinquantaine de visières ont déjà été livrées, principalement sur le secteur de Oye-Plage (pharmacies et EHPAD notamment).",
                        ],
                        &[],
                    ),
                    initiative(
                        &[
                            "Paul et Jimmy, deux amis étudiants à l'Université du Littoral Côte d'Opale (ULCO), se sont aussi lancés dans la fabrication de visières. 60 exemplaires ont d'ores et déjà été livrés à l'EHPAD de Marck, à des commerces et des structures en charge de l'aide alimentaire du calaisis.",
                        ],
                        &["www.facebook.com/groups/entraide.imprimante.3d/"],
                    ),
                    initiative(
                        &[
                            "Enfin les initiatives locales de production de moyens de protection se multiplient. Il convient ainsi de souligner l'initiative du Conseil citoyen de Houdain, qui a fabriqué et distribué 1 000 masques en tissu à des responsables de magasins, des infirmières ou encore des caissières.",
                        ],
                        &["https://www.facebook.com/ConseilCitoyenLaFosse7/"],
                    ),
                ],
            },
            Section {
                title: text("Solidaires avec les personnels soignants"),
                intro: vec![],
                initiatives: vec![
                    initiative(
                        &[
                            "Différentes actions de soutien aux personnels de santé méritent d'être citées. Ainsi, le président de la mosquée Annour d'Arras a décidé d'apporter le soutien de la communauté musulmane au personnel soignant du centre hospitalier d'Arras en organisant le don de 200 parts de pizzas et de boissons. Cette opération sera réalisée mercredi 8 avril 2020.",
                        ],
                        &[],
                    ),
                    initiative(
                        &[
                            "De même, la CRS 9 de Rennes, en mission dans le calaisis, a mis en place une collecte destinée à l'achat de viennoiseries à l'attention de l'Hôpital et de l'EHPAD de la Roselière situés à Calais.",
                        ],
                        &[],
                    ),
                ],
            },
            Section {
                title: text("Solidaires avec les personnes confinées"),
                intro: vec![text(
                    "Le caractère contraignant du confinement s'accompagne d'un suivi par les collectivités, associations et particuliers, permettant ainsi de maintenir le contact avec les plus fragiles mais proposant aussi, sur les réseaux sociaux, des activités individuelles et/ou collectives.",
                )],
                initiatives: vec![
                    initiative(
                        &[
                            "Confiné chez lui à Calais, Flavien Leblond a développé deux pages Facebook pour permettre aux familles vivant éloignées de leurs proches âgés, handicapés ou isolés, habitant dans le calaisis ou ailleurs en France, de trouver une aide au niveau local. Cette solidarité vise à favoriser des actions comme l'aide aux courses ou l'apport de médicaments.",
                        ],
                        &[
                            "https://www.facebook.com/covidentraidefr/",
                            "https://www.facebook.com/EntraideCoVid19Calaisis/",
                        ],
                    ),
                    initiative(
                        &[
                            "De même, l'association SECOND DEPART, située à Haillicourt, est présente pour accompagner les malades et leurs familles. Elle organise un contact téléphonique, plusieurs fois par semaine, pour les personnes en difficultés avec les addictions ou les personnes fragiles recensées auprès des mairies. Par ailleurs, l'association propose une aide aux personnes ne pouvant se rendre à la pharmacie. Leurs actions les amènent à se déplacer sur le périmètre du bassin minier.",
                        ],
                        &["www.facebook.com/SECONDDEPART/", "www.second-depart.fr"],
                    ),
                    initiative(
                        &[
                            "Les centres sociaux de Mazingarbe mettent régulièrement en ligne sur leur page Facebook des informations, des vidéos, des séances de yoga pour enfants, des recettes, des concours, des séances de renforcement musculaire, des instants jeux, des jeux énigme, ou encore des propositions de livres pour enfants.",
                        ],
                        &["https://fr-fr.facebook.com/acsmazingarbe/"],
                    ),
                ],
            },
            Section {
                title: text("Solidaires avec les plus jeunes"),
                intro: vec![text(
                    "La période de confinement pose la question de la continuité éducative. Dans ce cadre, de nombreuses structures apportent leur soutien aux enfants et aux parents.",
                )],
                initiatives: vec![
                    initiative(
                        &[
                            "A Liévin, l'association \"un coup de pouce pour grandir\" demeure ainsi très active sur les réseaux sociaux et apporte son aide à ses adhérents, notamment pour donner des conseils en matière d'accompagnement scolaire et extrascolaire des enfants.",
                        ],
                        &["www.facebook.com/uncoupdepouce.pourgrandir"],
                    ),
                    initiative(
                        &[
                            "A Harnes, le service de prévention spécialisé \"Avenir des cités\", qui dépend du Conseil départemental du Pas-de-Calais, a lancé un appel aux dons auprès des entreprises, collectivités et des particuliers pour récupérer du matériel informatique (ordinateurs portables, tablettes…) qui est ensuite redistribués aux familles qui n'en dispose pas.",
                            "L'association contribue ainsi à lutter contre le décrochage scolaire lié au confinement.",
                        ],
                        &[
                            "sdeghima.avenirdescites@gmail.com",
                            "https://twitter.com/AvenirdesCites",
                            "https://www.facebook.com/Avenirdescites/",
                        ],
                    ),
                ],
            },
        ],
        closing: Closing {
            text: vec![text(
                "Fabien SUDRY, préfet du Pas-de-Calais, remercie vivement les citoyens, entreprises, associations ou collectivités mobilisés et communiquera régulièrement sur les initiatives locales citoyennes. Ces initiatives, locales et citoyennes, sont indispensables pour faire face à cette crise sanitaire sans précédent.",
            )],
            call_to_action: Some(text(
                "Si vous souhaitez participer à la mobilisation citoyenne dans le département autour de missions d'entraide et de solidarité, rendez-vous sur le site :",
            )),
            url: Some(link("http://jeveuxaider.gouv.fr")),
        },
    }
}

/// Every link of a release, in reading order, as (text, href).
pub fn links_of(release: &Release) -> Vec<(String, String)> {
    let mut links = Vec::new();
    let from_paragraph = |paragraph: &Paragraph, links: &mut Vec<(String, String)>| {
        for inline in &paragraph.0 {
            if let Inline::Link { link, .. } = inline {
                links.push((link.text.clone(), link.href.clone()));
            }
        }
    };
    for paragraph in &release.preamble {
        from_paragraph(paragraph, &mut links);
    }
    for section in &release.sections {
        for paragraph in section.intro.iter() {
            from_paragraph(paragraph, &mut links);
        }
        for initiative in &section.initiatives {
            for paragraph in &initiative.text {
                from_paragraph(paragraph, &mut links);
            }
            for link in &initiative.links {
                links.push((link.text.clone(), link.href.clone()));
            }
        }
    }
    if let Some(url) = &release.closing.url {
        links.push((url.text.clone(), url.href.clone()));
    }
    if let Some(email) = release.contact.as_ref().and_then(|c| c.email.as_ref()) {
        links.push((email.text.clone(), email.href.clone()));
    }
    links
}
