//! A hand-made release close to the real n°2, with bold and italic runs the
//! real one lacks, a hostile one, and the readers of HTML that the tests of
//! the page and of the e-mail's HTML part share.
//!
//! Built in Rust, not loaded from TOML, so that the renderers are tested
//! apart from the loader. Typography is written in by hand, as the
//! typography stage would apply it.

use chrono::NaiveDate;

use crate::model::{
    Closing, Contact, Initiative, Inline, Link, LinkKind, Paragraph, Release, Section, Style,
};

/// The style of `**gras**`.
pub(crate) const BOLD: Style = Style {
    bold: true,
    italic: false,
};
/// The style of `*emphase*`.
pub(crate) const ITALIC: Style = Style {
    bold: false,
    italic: true,
};

/// A plain run.
pub(crate) fn text(text: &str) -> Inline {
    styled(text, Style::default())
}

/// A run with `style`.
pub(crate) fn styled(text: &str, style: Style) -> Inline {
    Inline::Text {
        text: text.to_owned(),
        style,
    }
}

/// A paragraph of one plain run.
pub(crate) fn para(text: &str) -> Paragraph {
    Paragraph(vec![self::text(text)])
}

/// A web link shown as `text`, leading to `href`.
pub(crate) fn web(text: &str, href: &str) -> Link {
    Link {
        text: text.to_owned(),
        href: href.to_owned(),
        kind: LinkKind::Web,
    }
}

/// A web link written without scheme, shown as written, linked as https.
fn www(text: &str) -> Link {
    web(text, &format!("https://{text}"))
}

/// A web link shown as its address.
fn url(href: &str) -> Link {
    web(href, href)
}

/// An e-mail link.
pub(crate) fn email(address: &str) -> Link {
    Link {
        text: address.to_owned(),
        href: format!("mailto:{address}"),
        kind: LinkKind::Email,
    }
}

fn initiative(place: &str, text: &[&str], links: Vec<Link>) -> Initiative {
    Initiative {
        place: Some(place.to_owned()),
        text: text.iter().map(|t| para(t)).collect(),
        links,
    }
}

/// A release with no section, for tests that add their own.
pub(crate) fn minimal() -> Release {
    Release {
        site: None,
        stem: "n2".to_owned(),
        mail: Default::default(),
        number: 2,
        date: NaiveDate::from_ymd_opt(2020, 4, 8).unwrap_or_default(),
        place: "Arras".to_owned(),
        title: "Covid-19\u{a0}: le Pas-de-Calais solidaire".to_owned(),
        issuer: Some("Préfet du Pas-de-Calais".to_owned()),
        label: Some("Communiqué de presse".to_owned()),
        contact: None,
        preamble: vec![para("Un préambule.")],
        sections: Vec::new(),
        closing: Closing {
            text: vec![para("Merci.")],
            call_to_action: None,
            url: None,
        },
    }
}

/// The n°2 of 8 April 2020, abridged only where the text repeats itself.
pub(crate) fn n2() -> Release {
    let bold = Style {
        bold: true,
        italic: false,
    };
    Release {
        site: None,
        stem: "n2".to_owned(),
        mail: Default::default(),
        number: 2,
        date: NaiveDate::from_ymd_opt(2020, 4, 8).unwrap_or_default(),
        place: "Arras".to_owned(),
        title: "Covid-19\u{a0}: le Pas-de-Calais solidaire".to_owned(),
        issuer: Some("Préfet du Pas-de-Calais".to_owned()),
        label: Some("Communiqué de presse".to_owned()),
        contact: Some(Contact {
            name: Some("Bureau de la communication interministérielle".to_owned()),
            phone: Some("03\u{a0}00\u{a0}00\u{a0}00\u{a0}00".to_owned()),
            email: Some(email("communication@prefecture.example")),
        }),
        preamble: vec![
            Paragraph(vec![
                text("Le 6 avril dernier, par communiqué de presse «\u{202f}"),
                styled(
                    "le Pas-de-Calais solidaire",
                    Style {
                        bold: false,
                        italic: true,
                    },
                ),
                text(
                    "\u{202f}», Fabien SUDRY, préfet du Pas-de-Calais, a souhaité mettre en avant régulièrement quelques initiatives qui participent, en cette période de crise sanitaire sans précédent, au maintien de la cohésion sociale et territoriale, et des liens de solidarité entre tous les habitants.",
                ),
            ]),
            para(
                "Tous les jours, de très nombreuses initiatives individuelles et collectives témoignent du fait que les valeurs civiques sont profondément enracinées dans le territoire. De très nombreux acteurs se distinguent, entreprises, associations, collectivités, administrations, ou simples citoyens.",
            ),
            para(
                "C’est un motif de fierté et un encouragement pour toutes celles et ceux qui sont en première ligne dans le combat contre le virus. Le préfet du Pas-de-Calais tient par ses communications régulières à faire partager avec le plus grand nombre ces belles démarches de solidarité qui font honneur à notre département.",
            ),
        ],
        sections: vec![
            Section {
                title: para("Solidaires dans l’application des mesures de protection"),
                intro: vec![para(
                    "L’application des mesures sanitaires, comme la distanciation sociale ou le lavage fréquent des mains avec un liquide hydro-alcoolique, est indispensable dans la lutte contre le Covid-19 qui suppose une production importante de matériels et de produits sanitaires. Des entreprises ou des citoyens n’ont pas hésité à donner de leur temps et à revoir leur priorité afin de soutenir au mieux les professionnels ou particuliers dans leur lutte quotidienne contre le virus.",
                )],
                initiatives: vec![
                    Initiative {
                        place: Some("Harnes".to_owned()),
                        text: vec![Paragraph(vec![
                            text(
                                "À Harnes, l’entreprise Durand Production, spécialiste en production de matériel de refroidissement, lave-glace et lubrifiants, a revu sa chaîne de production afin de faire face au besoin croissant de solution hydro-alcoolique. L’entreprise produit ",
                            ),
                            styled("50\u{202f}000\u{a0}litres par jour", bold),
                            text(
                                " de solution hydro-alcoolique dont les principaux bénéficiaires sont les EHPAD et les hôpitaux, locaux ou nationaux.",
                            ),
                        ])],
                        links: vec![email("fdelfour@durandproduction.com")],
                    },
                    initiative(
                        "Oye-Plage",
                        &[
                            "De nombreuses initiatives citoyennes de particuliers ont également été relevées sur l’ensemble du territoire, à l’image de celle de Jonathan Petit qui a créé, sur le secteur du calaisis, des visières à destination des soignants, grâce à des imprimantes 3D. À ce jour, une cinquantaine de visières ont déjà été livrées, principalement sur le secteur de Oye-Plage (pharmacies et EHPAD notamment).",
                        ],
                        Vec::new(),
                    ),
                    initiative(
                        "Marck",
                        &[
                            "Paul et Jimmy, deux amis étudiants à l’Université du Littoral Côte d’Opale (ULCO), se sont aussi lancés dans la fabrication de visières. 60\u{a0}exemplaires ont d’ores et déjà été livrés à l’EHPAD de Marck, à des commerces et des structures en charge de l’aide alimentaire du calaisis.",
                        ],
                        vec![www("www.facebook.com/groups/entraide.imprimante.3d/")],
                    ),
                    initiative(
                        "Houdain",
                        &[
                            "Enfin les initiatives locales de production de moyens de protection se multiplient. Il convient ainsi de souligner l’initiative du Conseil citoyen de Houdain, qui a fabriqué et distribué 1\u{202f}000\u{a0}masques en tissu à des responsables de magasins, des infirmières ou encore des caissières.",
                        ],
                        vec![url("https://www.facebook.com/ConseilCitoyenLaFosse7/")],
                    ),
                ],
            },
            Section {
                title: para("Solidaires avec les personnels soignants"),
                intro: vec![para(
                    "Différentes actions de soutien aux personnels de santé méritent d’être citées. Ainsi, le président de la mosquée Annour d’Arras a décidé d’apporter le soutien de la communauté musulmane au personnel soignant du centre hospitalier d’Arras en organisant le don de 200\u{a0}parts de pizzas et de boissons. Cette opération sera réalisée mercredi 8\u{a0}avril 2020.",
                )],
                initiatives: vec![initiative(
                    "Calais",
                    &[
                        "De même, la CRS 9 de Rennes, en mission dans le calaisis, a mis en place une collecte destinée à l’achat de viennoiseries à l’attention de l’Hôpital et de l’EHPAD de la Roselière situés à Calais.",
                    ],
                    Vec::new(),
                )],
            },
            Section {
                title: para("Solidaires avec les personnes confinées"),
                intro: vec![para(
                    "Le caractère contraignant du confinement s’accompagne d’un suivi par les collectivités, associations et particuliers, permettant ainsi de maintenir le contact avec les plus fragiles mais proposant aussi, sur les réseaux sociaux, des activités individuelles et/ou collectives.",
                )],
                initiatives: vec![
                    initiative(
                        "Calais",
                        &[
                            "Confiné chez lui à Calais, Flavien Leblond a développé deux pages Facebook pour permettre aux familles vivant éloignées de leurs proches âgés, handicapés ou isolés, habitant dans le calaisis ou ailleurs en France, de trouver une aide au niveau local. Cette solidarité vise à favoriser des actions comme l’aide aux courses ou l’apport de médicaments.",
                        ],
                        vec![
                            url("https://www.facebook.com/covidentraidefr/"),
                            url("https://www.facebook.com/EntraideCoVid19Calaisis/"),
                        ],
                    ),
                    initiative(
                        "Haillicourt",
                        &[
                            "De même, l’association SECOND DEPART, située à Haillicourt, est présente pour accompagner les malades et leurs familles. Elle organise un contact téléphonique, plusieurs fois par semaine, pour les personnes en difficultés avec les addictions ou les personnes fragiles recensées auprès des mairies.",
                        ],
                        vec![
                            www("www.facebook.com/SECONDDEPART/"),
                            www("www.second-depart.fr"),
                        ],
                    ),
                ],
            },
            Section {
                title: para("Solidaires avec les plus jeunes"),
                intro: vec![para(
                    "La période de confinement pose la question de la continuité éducative. Dans ce cadre, de nombreuses structures apportent leur soutien aux enfants et aux parents.",
                )],
                initiatives: vec![initiative(
                    "Harnes",
                    &[
                        "À Harnes, le service de prévention spécialisé «\u{202f}Avenir des cités\u{202f}», qui dépend du Conseil départemental du Pas-de-Calais, a lancé un appel aux dons auprès des entreprises, collectivités et des particuliers pour récupérer du matériel informatique (ordinateurs portables, tablettes…) qui est ensuite redistribué aux familles qui n’en disposent pas.",
                        "L’association contribue ainsi à lutter contre le décrochage scolaire lié au confinement.",
                    ],
                    vec![
                        email("sdeghima.avenirdescites@gmail.com"),
                        url("https://twitter.com/AvenirdesCites"),
                        url("https://www.facebook.com/Avenirdescites/"),
                    ],
                )],
            },
        ],
        closing: Closing {
            text: vec![para(
                "Fabien SUDRY, préfet du Pas-de-Calais, remercie vivement les citoyens, entreprises, associations ou collectivités mobilisés et communiquera régulièrement sur les initiatives locales citoyennes. Ces initiatives, locales et citoyennes, sont indispensables pour faire face à cette crise sanitaire sans précédent.",
            )],
            call_to_action: Some(para(
                "Si vous souhaitez participer à la mobilisation citoyenne dans le département autour de missions d’entraide et de solidarité, rendez-vous sur le site\u{a0}:",
            )),
            url: Some(url("http://jeveuxaider.gouv.fr")),
        },
    }
}

/// Markup, quotes and a `javascript:` address: text that must stay text.
pub(crate) const HOSTILE: &str =
    "<script>alert(\"x\")</script> & ' \" javascript:alert(1) </p><h1>";

/// The names of the elements in `html`, in order, `!DOCTYPE` included.
pub(crate) fn tag_names(html: &str) -> Vec<&str> {
    html.match_indices('<')
        .filter_map(|(at, _)| {
            let name = &html[at + 1..];
            let end = name
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(name.len());
            let name = &name[..end];
            (!name.starts_with('/')).then_some(name)
        })
        .collect()
}

/// Every `href` value, in order.
pub(crate) fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// How many times `needle` occurs in `html`.
pub(crate) fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

/// A release with `HOSTILE` in every field a reader sees.
pub(crate) fn hostile_release() -> Release {
    let mut release = minimal();
    release.title = HOSTILE.to_owned();
    release.place = HOSTILE.to_owned();
    release.issuer = Some(HOSTILE.to_owned());
    release.label = Some(HOSTILE.to_owned());
    release.preamble = vec![para(HOSTILE)];
    release.sections = vec![Section {
        title: para(HOSTILE),
        intro: vec![para(HOSTILE)],
        initiatives: vec![Initiative {
            place: Some(HOSTILE.to_owned()),
            text: vec![Paragraph(vec![styled(
                HOSTILE,
                Style {
                    bold: true,
                    italic: true,
                },
            )])],
            links: vec![web(HOSTILE, "https://exemple.fr/?a=1&b=\"2\"<x>")],
        }],
    }];
    release.closing = Closing {
        text: vec![para(HOSTILE)],
        call_to_action: Some(para(HOSTILE)),
        url: Some(web(HOSTILE, "http://jeveuxaider.gouv.fr")),
    };
    release.contact = Some(Contact {
        name: Some(HOSTILE.to_owned()),
        phone: Some(HOSTILE.to_owned()),
        email: Some(Link {
            text: HOSTILE.to_owned(),
            href: "mailto:a@b.fr".to_owned(),
            kind: LinkKind::Email,
        }),
    });
    release
}
