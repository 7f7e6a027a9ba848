//! Checks on single characters of every text: what no output can carry
//! (control characters, noncharacters, line separators) and what the PDF's
//! font cannot draw. Found here, while the source positions are known, so
//! that the error points at the character instead of failing in a renderer.

use std::collections::{BTreeMap, HashSet};

use super::fields::Checker;
use super::literal::Positions;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::render::pdf::fonts::{Face, metrics};

/// Reports each unprintable character of the texts `checker` has read.
pub fn check_characters(checker: &mut Checker, source: &SourceFile) {
    // Borrowed apart: the texts are read while diagnostics are added.
    let Checker {
        texts, diagnostics, ..
    } = checker;
    // Each distinct character is judged once: a communiqué has a few dozen.
    let mut judged: BTreeMap<char, Option<String>> = BTreeMap::new();
    for text in texts.iter() {
        let mut positions = None;
        let mut reported = HashSet::new();
        for (offset, c) in text.value.char_indices() {
            if c.is_ascii_graphic() || c == ' ' {
                continue;
            }
            let Some(problem) = judged.entry(c).or_insert_with(|| problem(c)) else {
                continue;
            };
            if !reported.insert(c) {
                continue;
            }
            let span = positions
                .get_or_insert_with(|| Positions::new(&source.text, &text.value, text.span.clone()))
                .range(offset);
            diagnostics.push(Diagnostic::error(problem.clone(), span).with_help(help(c)));
        }
    }
}

/// Why `c` cannot be in a communiqué, if it cannot.
fn problem(c: char) -> Option<String> {
    // Written out only for a character that has a problem: most have none.
    let code = || format!("U+{:04X}", c as u32);
    if matches!(c, '\t' | '\n' | '\r') {
        None
    } else if c.is_control() {
        Some(format!(
            "the control character {} cannot be printed",
            code()
        ))
    } else if matches!(c, '\u{2028}' | '\u{2029}') {
        Some(format!("the line separator {} cannot be printed", code()))
    } else if is_noncharacter(c) {
        Some(format!("the noncharacter {} cannot be printed", code()))
    } else if !c.is_whitespace() && !drawable(c) {
        Some(format!("the PDF font has no glyph for `{c}` ({})", code()))
    } else {
        None
    }
}

fn help(c: char) -> String {
    if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
        "remove it, or use a blank line to separate paragraphs".to_owned()
    } else if c == '\u{2011}' {
        // Word's non-breaking hyphen: the plain one does the same here.
        "write a plain hyphen `-`: no line is ever broken after one".to_owned()
    } else {
        format!(
            "remove `{c}` or replace it with text (Liberation Sans covers Latin, Greek and Cyrillic)"
        )
    }
}

fn is_noncharacter(c: char) -> bool {
    let code = c as u32;
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

/// Whether every face of the embedded font has a glyph for `c`.
fn drawable(c: char) -> bool {
    match metrics() {
        Ok(metrics) => Face::ALL.into_iter().all(|face| metrics.has_glyph(face, c)),
        // The embedded font failed to load: a bug the renderer reports.
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_s_non_breaking_hyphen_gets_its_own_advice() {
        assert!(problem('\u{2011}').is_some(), "the font has no U+2011");
        assert!(help('\u{2011}').contains("plain hyphen `-`"));
        assert!(help('漢').contains("replace it with text"));
    }
}
