//! The placeholders that `solidaire new` writes where the office must put
//! the communiqué's text (`[À COMPLÉTER : preamble]`), and the check that
//! refuses any left in a file: a skeleton can never be published by
//! mistake.
//!
//! The marker is French, for the staff who fill the file in, and one that a
//! real communiqué never holds: an opening square bracket (never used in
//! the prefecture's prose) and « À COMPLÉTER » in capitals.

use super::fields::Checker;
use super::literal::Positions;
use crate::diagnostic::{Code, Diagnostic, SourceFile, shorten};

/// What every placeholder starts with.
pub const MARKER: &str = "[À COMPLÉTER";

/// The placeholder for the text of `key`: `[À COMPLÉTER : preamble]`.
pub fn placeholder(key: &str) -> String {
    format!("{MARKER} : {key}]")
}

/// The byte ranges of the placeholders in `text`: from the marker to the
/// closing bracket, or to the end of the line when it has none.
pub fn find(text: &str) -> Vec<std::ops::Range<usize>> {
    text.match_indices(MARKER)
        .map(|(start, _)| {
            let rest = &text[start..];
            let end = rest
                .find(']')
                .map(|end| end + 1)
                .or_else(|| rest.find('\n'))
                .unwrap_or(rest.len());
            start..start + end
        })
        .collect()
}

/// Reports every placeholder left in a string value of the file, where it
/// is written.
pub fn check_placeholders(checker: &mut Checker, source: &SourceFile) {
    let Checker {
        texts, diagnostics, ..
    } = checker;
    for text in texts.iter() {
        let found = find(&text.value);
        if found.is_empty() {
            continue;
        }
        let mut positions = Positions::new(&source.text, &text.value, text.span.clone());
        for range in found {
            let start = positions.range(range.start).start;
            let last = text.value[..range.end]
                .char_indices()
                .next_back()
                .map_or(range.start, |(offset, _)| offset);
            let end = positions.range(last).end.max(start);
            diagnostics.push(
                Diagnostic::error(
                    Code::Placeholder,
                    format!("placeholder text left in `{}`", shorten(&text.key)),
                    start..end,
                )
                .with_label("replace it with the communiqué's text")
                .with_help("`solidaire new` wrote it: the file cannot be published until every one is replaced"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_runs_to_its_bracket_or_the_end_of_its_line() {
        let text = format!(
            "Avant {} après\n{MARKER} sans fin\nsuite",
            placeholder("preamble")
        );
        let found: Vec<&str> = find(&text).into_iter().map(|range| &text[range]).collect();
        assert_eq!(found, ["[À COMPLÉTER : preamble]", "[À COMPLÉTER sans fin"]);
    }
}
