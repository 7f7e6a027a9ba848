//! The plain-text part read back as a client that knows `format=flowed`
//! reads it: every paragraph must come back as one line, exactly, in
//! reading order, and every line must be one a client shows as it is.

use proptest::prelude::*;

use super::flowed::unflow;
use super::{PlainInline, WIDTH, render};
use crate::load::link::parse_link;
use crate::model::{
    Closing, Contact, Initiative, Inline, Link, LinkKind, MORE_INFORMATION, Paragraph, Release,
    Section, Style,
};
use crate::render::sample::{BOLD, ITALIC, email, minimal, n2, para, styled, text, web};
use crate::render::view::InlineMarkup;

fn plain(paragraph: &Paragraph) -> String {
    PlainInline.paragraph(paragraph)
}

/// The lines of `text` as written, without their line ends.
fn lines(text: &str) -> Vec<&str> {
    text.split_terminator('\n').collect()
}

/// What every text part must be, whatever the release: lines a client
/// shows as they are, the soft breaks only inside a paragraph, no line
/// that reads as a signature separator or a quotation, no empty line at
/// the start or the end, nor three in a row; and its paragraphs, read back,
/// in the order given.
fn check(release: &Release, paragraphs: &[String]) -> Result<(), String> {
    let text = render(release);
    if !text.ends_with('\n') || text.ends_with("\n\n") || text.starts_with('\n') {
        return Err(format!("not one line end at the end: {text:?}"));
    }
    if text.contains("\n\n\n\n") {
        return Err(format!("three empty lines in a row: {text:?}"));
    }
    let written = lines(&text);
    for (index, line) in written.iter().enumerate() {
        let unstuffed = line.strip_prefix(' ').unwrap_or(line);
        // Over the width: one word, or `-- ` and a word (see `flowed`).
        let word = unstuffed.strip_prefix("-- ").unwrap_or(unstuffed);
        if line.chars().count() > WIDTH && word.trim_end_matches(' ').contains(' ') {
            return Err(format!("a line of several words over {WIDTH}: {line:?}"));
        }
        if unstuffed == "-- " || line.starts_with('>') || line.starts_with("From ") {
            return Err(format!("a line read as something else: {line:?}"));
        }
        // A soft break is followed by more of its paragraph.
        let next = written.get(index + 1);
        if line.ends_with(' ') && next.is_none_or(|next| next.is_empty()) {
            return Err(format!("a soft break that ends a paragraph: {line:?}"));
        }
    }
    let read = unflow(&text);
    let mut found = read.iter();
    for paragraph in paragraphs {
        let paragraph = paragraph.trim_end_matches(' ');
        if !found.any(|line| line == paragraph) {
            return Err(format!(
                "{paragraph:?} does not come back, in order, from {read:#?}"
            ));
        }
    }
    Ok(())
}

/// Every paragraph of `release` as the text part writes it, in reading
/// order (headings, the header's lines and the contact's are checked by
/// the tests below).
fn paragraphs(release: &Release) -> Vec<String> {
    let mut out: Vec<String> = release.preamble.iter().map(plain).collect();
    for section in &release.sections {
        out.push(plain(&section.title));
        out.extend(section.intro.iter().map(plain));
        for initiative in &section.initiatives {
            out.extend(initiative.text.iter().map(plain));
            let links = initiative.links.iter().map(|link| PlainInline.link(link));
            match initiative.links.len() {
                0 => {}
                1 => out.extend(links.map(|link| format!("{MORE_INFORMATION} {link}"))),
                _ => {
                    out.push(MORE_INFORMATION.to_owned());
                    out.extend(links);
                }
            }
        }
    }
    out.extend(release.closing.text.iter().map(plain));
    out.extend(release.closing.call_to_action.iter().map(plain));
    out.extend(release.closing.url.iter().map(|url| PlainInline.link(url)));
    out
}

#[test]
fn n2_reads_back_paragraph_by_paragraph() {
    let release = n2();
    check(&release, &paragraphs(&release)).unwrap();
}

#[test]
fn the_header_comes_first_and_the_title_is_underlined() {
    let text = render(&n2());
    let title = "Covid-19\u{a0}: le Pas-de-Calais solidaire n°2";
    let expected = format!(
        "Préfet du Pas-de-Calais\nCommuniqué de presse\n\n\
         Arras, le\u{a0}8\u{a0}avril\u{a0}2020\n\n\
         {title}\n{}\n\nLe 6 avril dernier",
        "=".repeat(title.chars().count())
    );
    assert!(text.starts_with(&expected), "{text}");
}

#[test]
fn a_header_without_issuer_or_label_starts_with_the_dateline() {
    let mut release = minimal();
    release.issuer = None;
    release.label = Some("  ".to_owned());
    assert!(render(&release).starts_with("Arras, le"));
}

#[test]
fn section_titles_are_underlined_as_wide_as_their_widest_line() {
    let text = render(&n2());
    let title = "Solidaires avec les personnels soignants";
    let rule = "-".repeat(title.chars().count());
    assert!(
        text.contains(&format!("/>\n\n\n{title}\n{rule}\n\nDifférentes")),
        "{text}"
    );

    let mut release = minimal();
    let long =
        "Solidaires avec les personnes confinées et leurs familles, dans tout le département";
    release.sections = vec![Section {
        title: para(long),
        intro: vec![para("Intro.")],
        initiatives: Vec::new(),
    }];
    let text = render(&release);
    let first = "Solidaires avec les personnes confinées et leurs familles, dans tout le ";
    assert_eq!(first.chars().count(), WIDTH);
    assert!(
        text.contains(&format!(
            ".\n\n\n{first}\ndépartement\n{}\n\nIntro.",
            "-".repeat(WIDTH - 1)
        )),
        "{text}"
    );
    // A rule is never a signature separator, nor only two dashes.
    release.sections[0].title = para("A");
    assert!(render(&release).contains("\nA\n---\n"));
}

#[test]
fn more_information_sits_under_its_initiative() {
    let text = render(&n2());
    // One link: on the label's line (here too long for it, so soft-broken
    // before the address).
    assert!(text.contains(
        "hôpitaux, locaux ou nationaux.\n\
         Pour plus d’informations\u{a0}: <fdelfour@durandproduction.com>\n\n"
    ));
    assert!(text.contains(
        "Pour plus d’informations\u{a0}: \n\
         <https://www.facebook.com/groups/entraide.imprimante.3d/>\n\n"
    ));
    // Several: under the label, one a line.
    assert!(text.contains(
        "Pour plus d’informations\u{a0}:\n\
         <https://www.facebook.com/SECONDDEPART/>\n\
         <https://www.second-depart.fr>\n\n"
    ));
    // Under the last paragraph of an initiative that has several.
    assert!(text.contains(
        "confinement.\nPour plus d’informations\u{a0}:\n<sdeghima.avenirdescites@gmail.com>\n"
    ));
}

#[test]
fn an_initiative_without_text_has_its_links_as_a_block() {
    let mut release = minimal();
    release.sections = vec![Section {
        title: para("Section"),
        intro: vec![para("Intro.")],
        initiatives: vec![Initiative {
            place: None,
            text: Vec::new(),
            links: vec![web("https://a.fr", "https://a.fr")],
        }],
    }];
    assert!(
        render(&release).contains("\nIntro.\n\nPour plus d’informations\u{a0}: <https://a.fr>\n\n")
    );
}

#[test]
fn the_closing_address_follows_its_call_and_the_contact_ends_the_text() {
    let text = render(&n2());
    assert!(text.contains("/>\n\n\nFabien SUDRY, préfet"));
    assert!(text.contains("sur le site\u{a0}:\n<http://jeveuxaider.gouv.fr>\n\n\n"));
    assert!(text.ends_with(
        ">\n\n\nContact presse\n\
         Bureau de la communication interministérielle\n\
         Tél.\u{a0}: 03\u{a0}00\u{a0}00\u{a0}00\u{a0}00\n\
         Courriel\u{a0}: <communication@prefecture.example>\n"
    ));
    let mut release = n2();
    release.closing.call_to_action = None;
    assert!(render(&release).contains(".\n\n<http://jeveuxaider.gouv.fr>\n\n\nContact presse\n"));
}

#[test]
fn an_empty_contact_prints_no_block() {
    let mut release = minimal();
    release.contact = Some(Contact {
        name: Some(" ".to_owned()),
        phone: None,
        email: None,
    });
    assert!(!render(&release).contains("Contact presse"));
}

#[test]
fn links_are_written_once_as_their_address() {
    let link = |address: &str| PlainInline.link(&parse_link(address).unwrap());
    assert_eq!(link("https://x.fr/a?b=1&c=2"), "<https://x.fr/a?b=1&c=2>");
    assert_eq!(link("www.x.fr"), "<https://www.x.fr>");
    assert_eq!(link("facebook.com/x"), "<https://facebook.com/x>");
    assert_eq!(link("contact@mairie.fr"), "<contact@mairie.fr>");
    assert_eq!(link("mailto:contact@mairie.fr"), "<contact@mairie.fr>");
    assert_eq!(link("MailTo:contact@mairie.fr"), "<contact@mairie.fr>");
    // The scheme in lowercase, what a URL may not hold percent-encoded, as
    // every other format links it.
    assert_eq!(link("HTTPS://X.FR/A"), "<https://X.FR/A>");
    assert_eq!(link("https://x.fr/50%"), "<https://x.fr/50%25>");
}

#[test]
fn a_link_with_other_words_is_followed_by_its_address() {
    assert_eq!(
        PlainInline.link(&web("le site", "https://x.fr/")),
        "le site <https://x.fr/>"
    );
    let mut mail = email("a@b.fr");
    mail.text = "écrivez-nous".to_owned();
    assert_eq!(PlainInline.link(&mail), "écrivez-nous <a@b.fr>");
}

#[test]
fn a_link_that_may_not_be_emitted_stays_its_text() {
    for (shown, href, kind) in [
        ("cliquez", "javascript:alert(1)", LinkKind::Web),
        ("data:text/html,x", "data:text/html,x", LinkKind::Web),
        ("a@b.fr", "https://b.fr", LinkKind::Email),
        ("x.fr", "mailto:a@b.fr", LinkKind::Web),
    ] {
        let link = Link {
            text: shown.to_owned(),
            href: href.to_owned(),
            kind,
        };
        assert_eq!(PlainInline.link(&link), shown);
    }
}

#[test]
fn links_inside_a_paragraph_are_written_in_place() {
    let paragraph = Paragraph(vec![
        text("Voir "),
        Inline::Link {
            link: parse_link("www.x.fr").unwrap(),
            style: Style::default(),
        },
        text(", ou écrire à "),
        Inline::Link {
            link: parse_link("contact@mairie.fr").unwrap(),
            style: BOLD,
        },
        text("."),
    ]);
    assert_eq!(
        plain(&paragraph),
        "Voir <https://www.x.fr>, ou écrire à <contact@mairie.fr>."
    );
}

#[test]
fn emphasis_is_plain_and_the_text_s_own_stars_stay() {
    let paragraph = Paragraph(vec![
        text("Un "),
        styled("mot", ITALIC),
        text(", "),
        styled("50\u{202f}000\u{a0}litres", BOLD),
        text(", 5 * 3 et snake_case_ici, *pas* _ni_ **ceci**."),
    ]);
    assert_eq!(
        plain(&paragraph),
        "Un mot, 50\u{202f}000\u{a0}litres, 5 * 3 et snake_case_ici, *pas* _ni_ **ceci**."
    );
}

#[test]
fn lines_that_a_client_would_misread_are_stuffed() {
    let mut release = minimal();
    release.issuer = Some("From Arras".to_owned());
    release.preamble = vec![
        para("> pas une citation"),
        para("--"),
        para(&format!("{} -- {}", "a".repeat(69), "b".repeat(80))),
    ];
    let text = render(&release);
    assert!(text.starts_with(" From Arras\n"), "{text}");
    assert!(text.contains("\n\n > pas une citation\n\n--\n\n"), "{text}");
    check(&release, &paragraphs(&release)).unwrap();
}

#[test]
fn line_breaks_in_the_model_never_make_lines_of_their_own() {
    let mut release = minimal();
    release.title = "Titre\nSubject: x".to_owned();
    release.preamble = vec![para("un\n\nFrom: moi\r\n> deux")];
    let text = render(&release);
    assert!(text.contains("\nTitre Subject: x n°2\n"), "{text}");
    assert!(text.contains("\nun  From: moi  > deux\n"), "{text}");
}

/// Words to make paragraphs from: what wraps, what must not be cut, what a
/// client could misread at the start of a line.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-zA-Zéèàç’]{1,14}",
        1 => prop::sample::select(vec![
            "From", ">", "--", "-", "*", "_", "«\u{202f}mot\u{202f}»", "solidaire\u{a0}:",
            "50\u{202f}000\u{a0}litres", "Tél.\u{a0}:", "=", "Subject:",
        ])
        .prop_map(str::to_owned),
        1 => "[a-z]{60,90}",
    ]
}

fn run() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..30).prop_map(|words| words.join(" "))
}

fn style() -> impl Strategy<Value = Style> {
    (any::<bool>(), any::<bool>()).prop_map(|(bold, italic)| Style { bold, italic })
}

const ADDRESSES: &[&str] = &[
    "a@b.fr",
    "mailto:m@x.fr",
    "www.x.fr",
    "https://www.facebook.com/groups/entraide.imprimante.3d/",
    "https://x.fr/un/chemin/bien/plus/long/qu/une/ligne/entiere/de/soixante-douze/caracteres",
];

fn link() -> impl Strategy<Value = Link> {
    prop::sample::select(ADDRESSES).prop_map(|address| parse_link(address).unwrap())
}

fn paragraph() -> impl Strategy<Value = Paragraph> {
    let inline = prop_oneof![
        4 => (run(), style()).prop_map(|(text, style)| Inline::Text { text, style }),
        1 => (link(), style()).prop_map(|(link, style)| Inline::Link { link, style }),
    ];
    // Runs joined by spaces, as the loader cuts them.
    prop::collection::vec(inline, 1..5).prop_map(|inlines| {
        let mut joined = Vec::new();
        for (index, inline) in inlines.into_iter().enumerate() {
            if index > 0 {
                joined.push(text(" "));
            }
            joined.push(inline);
        }
        Paragraph(joined)
    })
}

fn release() -> impl Strategy<Value = Release> {
    let initiative = (
        prop::collection::vec(paragraph(), 0..3),
        prop::collection::vec(link(), 0..3),
    )
        .prop_map(|(text, links)| Initiative {
            place: None,
            text,
            links,
        });
    let section = (
        paragraph(),
        prop::collection::vec(paragraph(), 0..2),
        prop::collection::vec(initiative, 0..3),
    )
        .prop_map(|(title, intro, initiatives)| Section {
            title,
            intro,
            initiatives,
        });
    (
        run(),
        prop::collection::vec(paragraph(), 1..3),
        prop::collection::vec(section, 0..3),
        prop::collection::vec(paragraph(), 1..2),
        prop::option::of(paragraph()),
        prop::option::of(link()),
    )
        .prop_map(|(title, preamble, sections, text, call_to_action, url)| {
            let mut release = minimal();
            release.title = title;
            release.preamble = preamble;
            release.sections = sections;
            release.closing = Closing {
                text,
                call_to_action,
                url,
            };
            release
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_paragraph_reads_back_from_lines_a_client_shows_as_they_are(release in release()) {
        if let Err(problem) = check(&release, &paragraphs(&release)) {
            prop_assert!(false, "{}", problem);
        }
    }
}
