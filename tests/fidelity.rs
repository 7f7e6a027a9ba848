//! At least 99% of the reference communiqué's words come back, in order,
//! from each output of `releases/n2.toml` (the e-mail's HTML part too)
//! (`README.md#fidelity-to-the-reference`).

mod common;

use common::pdf_text::pdf_text;
use common::{fidelity, fixture, html_text, n2, words};
use solidaire::render::{Format, RenderOptions};

fn reference() -> Vec<String> {
    words(&std::fs::read_to_string(fixture("n2-communique.txt")).unwrap())
}

fn assert_faithful(what: impl std::fmt::Display, text: &str) {
    let (score, missing) = fidelity(&reference(), &words(text));
    assert!(
        score >= 0.99,
        "{what}: only {:.2}% of the reference words; {} missing, the first: {:?}",
        score * 100.0,
        missing.len(),
        &missing[..missing.len().min(40)]
    );
}

/// The text a CommonMark reader shows: what the Markdown means, not its
/// source, so an escaped `\*` counts as `*`.
fn markdown_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    text
}

#[test]
fn markdown_gives_back_the_reference_words() {
    let markdown = String::from_utf8(
        Format::Markdown
            .render(&n2(), &RenderOptions::default())
            .unwrap(),
    )
    .unwrap();
    assert_faithful(Format::Markdown, &markdown_text(&markdown));
}

#[test]
fn html_gives_back_the_reference_words() {
    let html = String::from_utf8(
        Format::Html
            .render(&n2(), &RenderOptions::default())
            .unwrap(),
    )
    .unwrap();
    assert_faithful(Format::Html, &html_text(&html));
}

#[test]
fn mail_html_gives_back_the_reference_words() {
    let html = solidaire::render::mail_html::render(&n2()).unwrap();
    assert_faithful("the e-mail's HTML part", &html_text(&html));
}

#[test]
fn pdf_gives_back_the_reference_words() {
    let pdf = Format::Pdf
        .render(&n2(), &RenderOptions::default())
        .unwrap();
    assert_faithful(Format::Pdf, &pdf_text(&pdf));
}

#[test]
fn text_part_gives_back_the_reference_words() {
    // The e-mail's plain text as it is written: its lines are cut at
    // spaces only, so its words are the same as re-flowed.
    let text = solidaire::render::text::render(&n2());
    assert_faithful("text part", &text);
}

#[test]
fn the_measure_can_fail() {
    // A text with a tenth of the words left out must not pass.
    let reference = reference();
    let shortened: Vec<String> = reference
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 10 != 0)
        .map(|(_, w)| w.clone())
        .collect();
    let (score, missing) = fidelity(&reference, &shortened);
    assert!(score < 0.99);
    assert_eq!(missing.len(), reference.len().div_ceil(10));
}
