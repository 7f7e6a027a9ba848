//! Whatever the input, loading returns diagnostics or a release: never a
//! panic. Random text, and the bundled n2 cut and spliced at random.

mod common;

use chrono::NaiveDate;
use proptest::prelude::*;
use solidaire::diagnostic::SourceFile;
use solidaire::load::validate;
use solidaire::render::{Format, RenderOptions};

fn n2_text() -> String {
    std::fs::read_to_string(common::root().join("releases/n2.toml")).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 4, 8).unwrap()
}

/// Loads `text`; when valid, renders it in every format, which must not
/// fail either: what no output can carry is caught by the loader, with its
/// position.
fn load_and_render(text: String) {
    let series = "title = \"T\"\nplace = \"Arras\"\nissuer = \"Préfet\"\n";
    let result = validate(
        SourceFile::new("n.toml", text),
        Some(SourceFile::new("series.toml", series)),
        today(),
    );
    match result {
        Ok(loaded) => {
            for format in Format::ALL {
                if let Err(error) = format.render(&loaded.release, &RenderOptions::default()) {
                    panic!("{format}: {error}");
                }
            }
        }
        Err(files) => {
            assert!(files.iter().any(|file| file.has_errors()));
            for file in &files {
                // Rendering the excerpts must not panic either.
                let _ = file.render(false);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        load_and_render(text);
    }

    #[test]
    fn cut_n2_never_panics(start in 0usize..20_000, length in 0usize..400) {
        let text = n2_text();
        let mut start = start.min(text.len());
        while !text.is_char_boundary(start) { start -= 1; }
        let mut end = (start + length).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        load_and_render(format!("{}{}", &text[..start], &text[end..]));
    }

    #[test]
    fn spliced_n2_never_panics(
        at in 0usize..20_000,
        insert in "[\\[\\]\"'=#\n*_a-zA-Z0-9:;!?<>&é «»\u{a0}\u{202f}\u{7}\u{200b}漢]{0,30}",
    ) {
        let text = n2_text();
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        load_and_render(format!("{}{}{}", &text[..at], insert, &text[at..]));
    }
}
