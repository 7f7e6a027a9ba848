//! Tests of the layout as data: lines, pages, link areas.

use chrono::NaiveDate;

use super::structure::{Kind, Structure, Tag};
use super::{Document, TextRun, layout_document};
use crate::fonts::metrics;
use crate::model::{
    Closing, Contact, Initiative, Inline, Link, LinkKind, Paragraph, Release, Section, Style,
};
use crate::render::pdf::design::{MARGIN_X, MEASURE};

const WORDS: &[&str] = &[
    "solidarité",
    "initiatives",
    "les",
    "habitants",
    "du",
    "Pas-de-Calais",
    "ont",
    "distribué",
    "1\u{202f}000\u{a0}masques",
    "aux",
    "soignants",
    "d’Arras",
    "et",
    "«\u{202f}entraide\u{202f}»",
    "pendant",
    "le",
    "confinement",
    "hydro-alcoolique",
    "associations",
    "collectivités",
    "particulièrement",
    "à",
    "l’EHPAD",
    "de",
    "Marck",
    "pour",
    "accompagner",
];

/// A paragraph of `count` words, picked deterministically from `seed`.
fn paragraph(seed: usize, count: usize) -> Paragraph {
    let text = (0..count)
        .map(|index| WORDS[(seed * 7 + index * 13 + index * index) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ");
    Paragraph(vec![Inline::Text {
        text: format!("{text}."),
        style: Style::default(),
    }])
}

fn web(index: usize) -> Link {
    Link {
        text: format!("www.example.org/initiative/{index}/"),
        href: format!("https://www.example.org/initiative/{index}/"),
        kind: LinkKind::Web,
    }
}

/// A release of `sections` sections whose paragraph lengths vary with `seed`.
fn generated(sections: usize, seed: usize) -> Release {
    let sections = (0..sections)
        .map(|section| Section {
            title: Paragraph(vec![Inline::Text {
                text: format!("Solidaires, section numéro {}", section + 1),
                style: Style::default(),
            }]),
            intro: vec![paragraph(
                seed + section,
                20 + (seed * 3 + section * 11) % 40,
            )],
            initiatives: (0..3)
                .map(|initiative| Initiative {
                    place: None,
                    text: vec![paragraph(
                        seed + section * 5 + initiative,
                        15 + (seed * 5 + section * 7 + initiative * 17) % 70,
                    )],
                    links: (0..initiative).map(|n| web(section * 10 + n)).collect(),
                })
                .collect(),
        })
        .collect();
    Release {
        site: None,
        stem: "n7".to_owned(),
        mail: Default::default(),
        number: 7,
        date: NaiveDate::from_ymd_opt(2020, 5, 1).expect("a date"),
        place: "Arras".to_string(),
        title: "Covid-19\u{a0}: le Pas-de-Calais solidaire".to_string(),
        issuer: Some("Préfet du Pas-de-Calais".to_string()),
        label: Some("Communiqué de presse".to_string()),
        contact: Some(Contact {
            name: Some("Bureau de la communication".to_string()),
            phone: Some("03\u{a0}00\u{a0}00\u{a0}00\u{a0}00".to_string()),
            email: Some(Link {
                text: "presse@prefecture.example".to_string(),
                href: "mailto:presse@prefecture.example".to_string(),
                kind: LinkKind::Email,
            }),
        }),
        preamble: vec![paragraph(seed, 60)],
        sections,
        closing: Closing {
            text: vec![paragraph(seed + 99, 40)],
            call_to_action: Some(paragraph(seed + 98, 15)),
            url: Some(Link {
                text: "http://jeveuxaider.gouv.fr".to_string(),
                href: "http://jeveuxaider.gouv.fr".to_string(),
                kind: LinkKind::Web,
            }),
        },
    }
}

fn layout(release: &Release) -> Document {
    layout_document(release, metrics().expect("fonts")).expect("lays out")
}

/// The kind of the element a run is the text of, `None` for the footer.
fn kind(document: &Document, run: &TextRun) -> Option<Kind> {
    match run.tag {
        Tag::Element(element) => Some(document.structure.get(element).kind),
        Tag::Footer => None,
    }
}

/// The flow's runs of a page (not the header or footer), top to bottom:
/// those of the elements opened after the title.
fn flow_runs(document: &Document, page: usize) -> Vec<&TextRun> {
    let (title, _) = document
        .structure
        .iter()
        .find(|(_, element)| element.kind == Kind::H1)
        .expect("a title");
    let mut runs: Vec<_> = document.pages[page]
        .texts
        .iter()
        .filter(|run| matches!(run.tag, Tag::Element(element) if element > title))
        .collect();
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    runs
}

#[test]
fn no_line_is_wider_than_the_measure() {
    for seed in 0..8 {
        let document = layout(&generated(6, seed));
        for page in &document.pages {
            for run in &page.texts {
                assert!(run.x >= MARGIN_X - 0.01, "{run:?}");
                assert!(run.x + run.width <= MARGIN_X + MEASURE + 0.01, "{run:?}");
            }
        }
    }
}

#[test]
fn headings_are_never_last_on_a_page() {
    let mut breaks = 0;
    for seed in 0..40 {
        let document = layout(&generated(5, seed));
        for page in 0..document.pages.len() - 1 {
            let runs = flow_runs(&document, page);
            let last = runs.last().expect("a page with text");
            assert_ne!(
                kind(&document, last),
                Some(Kind::H2),
                "seed {seed}, page {page}: {last:?}"
            );
            breaks += 1;
        }
    }
    assert!(breaks > 40, "too few page breaks to mean anything");
}

#[test]
fn no_page_ends_with_a_hyphenated_word() {
    for seed in 0..40 {
        let document = layout(&generated(5, seed));
        for page in 0..document.pages.len() - 1 {
            let runs = flow_runs(&document, page);
            let last = runs.last().expect("a page with text");
            assert!(
                !last.text.ends_with('-'),
                "seed {seed}, page {page}: {last:?}"
            );
        }
    }
}

#[test]
fn the_page_count_grows_with_the_text() {
    let short = layout(&generated(1, 3)).pages.len();
    let long = layout(&generated(12, 3)).pages.len();
    assert!(long >= short + 3, "{short} pages, then {long}");
}

#[test]
fn every_link_has_a_rectangle_over_its_text() {
    let release = generated(4, 1);
    let document = layout(&release);
    let mut expected: Vec<&Link> = release
        .sections
        .iter()
        .flat_map(|section| &section.initiatives)
        .flat_map(|initiative| &initiative.links)
        .collect();
    expected.extend(&release.closing.url);
    expected.extend(release.contact.as_ref().and_then(|c| c.email.as_ref()));
    let areas: Vec<_> = document.pages.iter().flat_map(|page| &page.links).collect();
    assert_eq!(areas.len(), expected.len());
    for (link, area) in expected.iter().zip(&areas) {
        assert_eq!(*area.href, *link.href);
    }
    for page in &document.pages {
        for area in &page.links {
            let run = page
                .texts
                .iter()
                .find(|run| run.x == area.x && run.y > area.y && run.y < area.y + area.height)
                .expect("a run under the link area");
            assert!((run.width - area.width).abs() < 0.01);
            assert!(area.href.ends_with(&run.text) || *area.href == format!("mailto:{}", run.text));
        }
    }
}

#[test]
fn one_bookmark_per_section_in_order() {
    let release = generated(7, 2);
    let document = layout(&release);
    let titles: Vec<String> = document.outline.iter().map(|b| b.title.clone()).collect();
    let expected: Vec<String> = release
        .sections
        .iter()
        .map(|s| s.title.plain_text())
        .collect();
    assert_eq!(titles, expected);
    assert!(
        document
            .outline
            .windows(2)
            .all(|pair| pair[0].page <= pair[1].page)
    );
}

#[test]
fn every_page_has_its_number_out_of_the_total() {
    let document = layout(&generated(8, 4));
    let total = document.pages.len();
    for (index, page) in document.pages.iter().enumerate() {
        let number = format!("{}/{}", index + 1, total);
        assert!(
            page.texts
                .iter()
                .any(|run| run.tag == Tag::Footer && run.text == number)
        );
    }
}

#[test]
fn a_long_issuer_never_runs_into_the_page_number() {
    let mut release = generated(2, 0);
    release.issuer = Some("Préfecture de la région Hauts-de-France, ".repeat(6));
    let document = layout(&release);
    for page in &document.pages {
        let footer: Vec<_> = page
            .texts
            .iter()
            .filter(|run| run.tag == Tag::Footer)
            .collect();
        let [text, number] = footer.as_slice() else {
            panic!("two footer runs expected: {footer:?}");
        };
        assert!(text.text.ends_with('…'));
        assert!(text.x + text.width < number.x);
    }
}

/// The flow's baselines of a page, top to bottom, with their text size.
fn baselines(document: &Document, page: usize) -> Vec<(f32, f32)> {
    let mut baselines: Vec<(f32, f32)> = Vec::new();
    for run in flow_runs(document, page) {
        if baselines.last().is_none_or(|&(y, _)| y != run.y) {
            baselines.push((run.y, run.size));
        }
    }
    baselines
}

#[test]
fn links_stay_together_below_the_last_two_lines_of_their_paragraph() {
    use crate::render::pdf::design::{BODY_SIZE, LINKS_SIZE};
    let mut pages = 0;
    for seed in 0..40 {
        let document = layout(&generated(5, seed));
        for page in 1..document.pages.len() {
            let lines = baselines(&document, page);
            let size = |index: usize| lines.get(index).map(|&(_, size)| size);
            assert_ne!(
                size(0),
                Some(LINKS_SIZE),
                "seed {seed}: page {page} starts with links"
            );
            assert!(
                !(size(0) == Some(BODY_SIZE) && size(1) == Some(LINKS_SIZE)),
                "seed {seed}: page {page} starts with one line of a paragraph, then its links"
            );
            pages += 1;
        }
    }
    assert!(pages > 40, "too few page breaks to mean anything");
}

#[test]
fn the_contact_block_never_ends_the_issue_alone_on_a_page() {
    for seed in 0..40 {
        let document = layout(&generated(5, seed));
        let last = document.pages.len() - 1;
        let runs = flow_runs(&document, last);
        assert!(
            runs.iter().any(|run| run.text.contains("jeveuxaider")),
            "seed {seed}: the call's address is not on the last page, with the contact"
        );
    }
}

#[test]
fn regression_an_empty_contact_table_keeps_nothing_with_the_closing_address() {
    // The address was kept with the contact block whenever a `[contact]`
    // table existed, even one that prints no block.
    let mut release = generated(1, 0);
    release.contact = Some(Contact {
        name: None,
        phone: None,
        email: None,
    });
    let blocks = super::blocks::flow_blocks(
        &release,
        metrics().expect("fonts"),
        &mut Structure::default(),
    )
    .expect("flows");
    let last = blocks.last().expect("a flow");
    assert_eq!(
        last.lines[0].line.pieces[0].text,
        "http://jeveuxaider.gouv.fr"
    );
    assert!(!last.keep_with_next);
    assert!(!blocks.iter().any(|block| block.rule_above));
}

#[test]
fn the_structure_has_one_title_a_section_per_section_and_a_link_element_per_link() {
    let release = generated(4, 1);
    let document = layout(&release);
    let structure = &document.structure;
    let count = |kind: Kind| {
        structure
            .iter()
            .filter(|(_, element)| element.kind == kind)
            .count()
    };
    assert_eq!(count(Kind::H1), 1);
    assert_eq!(count(Kind::Sect), release.sections.len());
    assert_eq!(count(Kind::H2), release.sections.len());
    let links = document.pages.iter().flat_map(|page| &page.links);
    for area in links {
        let element = structure.get(area.element);
        assert_eq!(element.kind, Kind::Link);
        assert!(element.description.as_ref().is_some_and(|d| d.len() > 10));
    }
    // Every heading is the first thing in its section, and every element
    // opened after its parent.
    for (id, element) in structure.iter().skip(1) {
        let parent = element.parent.expect("a parent");
        assert!(parent < id);
        if element.kind == Kind::H2 {
            assert_eq!(structure.get(parent).kind, Kind::Sect);
            assert_eq!(parent.index() + 1, id.index());
        }
    }
    // Elements first appear in the text in the order they were opened.
    let mut seen = std::collections::HashSet::new();
    let firsts: Vec<_> = document
        .pages
        .iter()
        .flat_map(|page| &page.texts)
        .filter_map(|run| match run.tag {
            Tag::Element(element) => seen.insert(element).then_some(element),
            Tag::Footer => None,
        })
        .collect();
    assert!(firsts.is_sorted(), "runs out of reading order");
}

#[test]
fn the_footer_draws_no_invisible_character() {
    let mut release = generated(1, 0);
    release.issuer = Some("Préfet\u{200b} du\u{200c} Pas\u{200d}-de\u{ad}-Calais".into());
    let document = layout(&release);
    let footer = document.pages[0]
        .texts
        .iter()
        .find(|run| run.tag == Tag::Footer)
        .expect("a footer");
    assert_eq!(footer.text, "Préfet du Pas-de-Calais");
}
