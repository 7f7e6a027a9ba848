//! Checks on single characters of every text: what no output can carry
//! (control characters, noncharacters, line separators) and what the PDF's
//! font cannot draw. Found here, while the source positions are known, so
//! that the error points at the character instead of failing in a renderer.

use std::collections::{BTreeMap, HashSet};

use super::fields::{Checker, Text};
use super::link::looks_like_link;
use super::literal::Positions;
use crate::diagnostic::shorten;
use crate::diagnostic::{Code, Diagnostic, SourceFile};
use crate::fonts::{Face, metrics};

/// Reports each unprintable character of the texts `checker` has read,
/// each invisible character inside an address written in a text, and each
/// bidirectional control anywhere in the file (comments and keys too).
pub fn check_characters(checker: &mut Checker, source: &SourceFile) {
    // Borrowed apart: the texts are read while diagnostics are added.
    let Checker {
        texts, diagnostics, ..
    } = checker;
    // Each distinct character is judged once: a communiqué has a few dozen.
    let mut judged: BTreeMap<char, Option<String>> = BTreeMap::new();
    // Where a bidirectional control written as itself was reported.
    let mut bidi_reported: HashSet<usize> = HashSet::new();
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
            if is_bidi_control(c) {
                bidi_reported.insert(span.start);
            }
            let code = if is_bidi_control(c) {
                Code::BidiControl
            } else {
                Code::UnprintableCharacter
            };
            diagnostics.push(Diagnostic::error(code, problem.clone(), span).with_help(help(c)));
        }
        if !text.is_address {
            invisible_in_addresses(text, source, diagnostics);
        }
    }
    // Outside the values: one error for each control, at its first place.
    let mut outside: Vec<char> = Vec::new();
    for (offset, c) in source.text.match_indices(is_bidi_control) {
        let c = c.chars().next().unwrap_or_default();
        if bidi_reported.contains(&offset) || outside.contains(&c) {
            continue;
        }
        outside.push(c);
        diagnostics.push(
            Diagnostic::error(
                Code::BidiControl,
                problem(c).unwrap_or_default(),
                offset..offset + c.len_utf8(),
            )
            .with_help(help(c)),
        );
    }
}

/// Reports an invisible character (a zero-width space, a soft hyphen, a
/// word joiner …) inside a word of `text` that is an address once it is
/// taken out: the address would be shown but not linked, or linked to
/// another one than it reads as.
fn invisible_in_addresses(text: &Text, source: &SourceFile, diagnostics: &mut Vec<Diagnostic>) {
    if !text.value.contains(|c: char| invisible(c).is_some()) {
        return;
    }
    let mut positions = None;
    for word in text.value.split(char::is_whitespace) {
        // A character refused everywhere is already reported as such.
        let Some((at, c)) = word
            .char_indices()
            .find(|&(_, c)| invisible(c).is_some() && problem(c).is_none())
        else {
            continue;
        };
        let visible: String = word.chars().filter(|&c| invisible(c).is_none()).collect();
        let visible = visible.trim_matches(|c: char| !c.is_alphanumeric() && c != '/');
        if !looks_like_link(visible) {
            continue;
        }
        // The word's place in the text: `split` hands out slices of it.
        let start = word.as_ptr() as usize - text.value.as_ptr() as usize;
        let span = positions
            .get_or_insert_with(|| Positions::new(&source.text, &text.value, text.span.clone()))
            .range(start + at);
        diagnostics.push(
            Diagnostic::error(
                Code::InvisibleInAddress,
                format!(
                    "an invisible character, U+{:04X} ({}), is inside the address `{}`",
                    c as u32,
                    invisible(c).unwrap_or("invisible"),
                    shorten(visible)
                ),
                span,
            )
            .with_label("here")
            .with_help("remove it: the address would not be the one it reads as"),
        );
    }
}

/// The name of a character that draws nothing but changes how the text
/// around it reads, breaks or leads: refused inside addresses, where the
/// address would not be the one it reads as.
pub(crate) fn invisible(c: char) -> Option<&'static str> {
    // Unicode's default ignorable code points, and the Braille blank.
    Some(match c {
        '\u{ad}' => "soft hyphen",
        '\u{34f}' => "combining grapheme joiner",
        '\u{61c}' => "Arabic letter mark",
        '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}' => "Hangul filler",
        '\u{17b4}' | '\u{17b5}' => "Khmer inherent vowel",
        '\u{180e}' => "Mongolian vowel separator",
        '\u{180b}'..='\u{180f}' => "Mongolian variation selector",
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{202a}' => "left-to-right embedding",
        '\u{202b}' => "right-to-left embedding",
        '\u{202c}' => "pop directional formatting",
        '\u{202d}' => "left-to-right override",
        '\u{202e}' => "right-to-left override",
        '\u{2060}' => "word joiner",
        '\u{2061}'..='\u{2065}' => "invisible operator",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{206a}'..='\u{206f}' => "deprecated format character",
        '\u{2800}' => "Braille blank",
        '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}' => "variation selector",
        '\u{feff}' => "zero-width no-break space",
        '\u{fff0}'..='\u{fff8}' => "reserved format character",
        '\u{1bca0}'..='\u{1bca3}' => "shorthand format control",
        '\u{1d173}'..='\u{1d17a}' => "musical format control",
        '\u{e0000}'..='\u{e0fff}' => "tag character",
        _ => return None,
    })
}

/// The bidirectional embedding, override and isolate controls: they make
/// text display in another order than it is stored (« Trojan Source »,
/// CVE-2021-42574), so that a link shown as `…/exe.pdf` leads to
/// `…/fdp.exe`. Refused everywhere in a file, comments included.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Why `c` cannot be in a communiqué, if it cannot.
fn problem(c: char) -> Option<String> {
    // Written out only for a character that has a problem: most have none.
    let code = || format!("U+{:04X}", c as u32);
    if matches!(c, '\t' | '\n' | '\r') {
        None
    } else if is_bidi_control(c) {
        Some(format!(
            "the bidirectional control {} ({}) is not allowed",
            code(),
            invisible(c).unwrap_or("direction control")
        ))
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
        Some(match invisible(c) {
            Some(name) => format!(
                "the invisible character {} ({name}) cannot be printed",
                code()
            ),
            None => format!("the PDF font has no glyph for `{c}` ({})", code()),
        })
    } else {
        None
    }
}

fn help(c: char) -> String {
    if is_bidi_control(c) {
        "remove it: it makes the text display in another order than it is written, \
         and a link lead elsewhere than it reads"
            .to_owned()
    } else if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
        "remove it, or use a blank line to separate paragraphs".to_owned()
    } else if c == '\u{2011}' {
        // Word's non-breaking hyphen: the plain one does the same here.
        "write a plain hyphen `-`: no line is ever broken after one".to_owned()
    } else if invisible(c).is_some() {
        "remove it: it shows nothing, and a reader or a search would stumble on it".to_owned()
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
