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
///
/// A placeholder half edited is still one: « À COMPLÉTER » found whatever
/// its case, accents and spaces (`[a completer : …]`, `[À  COMPLÉTER`),
/// after a `[`, or before a `:` with a `]` further on its line
/// (`À COMPLÉTER : preamble]`, its bracket deleted). Prose that says
/// « à compléter » has neither.
pub fn find(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    for (at, c) in text.char_indices() {
        // The « À » of the marker, any case, with any accent, starting a
        // word.
        if !matches!(c.to_lowercase().next(), Some('a' | 'à' | 'á' | 'â' | 'ä'))
            || text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let Some(words_end) = words_end(text, at + c.len_utf8()) else {
            continue;
        };
        let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
        let before = text[line_start..at].trim_end_matches([' ', '\t']);
        let line_end = text[at..]
            .find('\n')
            .map_or(text.len(), |newline| at + newline);
        let after = &text[words_end..line_end];
        let bracket = after.find(']').map(|close| words_end + close + 1);
        let start = if before.ends_with('[') {
            line_start + before.len() - 1
        } else if after
            .trim_start_matches([' ', '\t', '\u{a0}', '\u{202f}'])
            .starts_with(':')
            // The bracket closes this very text, not one the text goes on
            // to open (« à compléter : [voir annexe] » is prose).
            && bracket.is_some_and(|close| !text[words_end..close].contains('['))
        {
            at
        } else {
            continue;
        };
        found.push(start..bracket.unwrap_or(line_end));
    }
    found
}

/// Where « COMPLÉTER » ends, when it follows the « À » that ends at `at`,
/// after spaces, a hyphen or nothing (any case, with or without accents,
/// accents typed apart included: `A` + U+0300, as some systems paste).
fn words_end(text: &str, at: usize) -> Option<usize> {
    let combining = |c: char| ('\u{300}'..='\u{36f}').contains(&c);
    let rest = text[at..].trim_start_matches(combining);
    let word = rest.trim_start_matches([' ', '\t', '\u{a0}', '\u{202f}', '-']);
    let mut end = text.len() - word.len();
    let mut chars = word.chars().peekable();
    for expected in ['c', 'o', 'm', 'p', 'l', 'e', 't', 'e', 'r'] {
        let c = chars.next()?;
        let folded = match c.to_lowercase().next()? {
            'é' | 'è' | 'ê' | 'ë' => 'e',
            other => other,
        };
        if folded != expected {
            return None;
        }
        end += c.len_utf8();
        while let Some(accent) = chars.next_if(|&next| combining(next)) {
            end += accent.len_utf8();
        }
    }
    // A whole word: « compléteront » is not the marker.
    if chars.next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some(end)
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

    #[test]
    fn a_placeholder_half_edited_is_still_one() {
        for (text, placeholder) in [
            ("Le [à compléter : chapeau] ici", "[à compléter : chapeau]"),
            ("[A COMPLETER : preamble]", "[A COMPLETER : preamble]"),
            ("[À  COMPLÉTER : preamble]", "[À  COMPLÉTER : preamble]"),
            ("[ À COMPLÉTER : x]", "[ À COMPLÉTER : x]"),
            ("À COMPLÉTER : preamble]", "À COMPLÉTER : preamble]"),
            (
                "Texte. À compléter\u{a0}: la suite] fin",
                "À compléter\u{a0}: la suite]",
            ),
        ] {
            let found: Vec<&str> = find(text).into_iter().map(|range| &text[range]).collect();
            assert_eq!(found, [placeholder], "{text}");
        }
    }

    #[test]
    fn prose_that_says_a_completer_is_no_placeholder() {
        for text in [
            "Les dossiers à compléter seront envoyés.",
            "Pièces à compléter : formulaire et attestation.",
            "Ils compléteront à compléteront",
            "Un questionnaire (à compléter) en ligne.",
            "Les dossiers à compléter : [voir annexe]",
            "Il faut la compléter : [annexe]",
        ] {
            assert_eq!(find(text), Vec::<std::ops::Range<usize>>::new(), "{text}");
        }
    }
}
