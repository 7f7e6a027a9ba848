//! Where each character of a TOML string value was written in the source.
//!
//! A value differs from its literal by its quotes, its escapes (`\u00e9`,
//! `\"`), the newline that opens a `"""` string and the line-ending
//! backslashes that join lines. Diagnostics about one character of a text
//! (a control character, a glyph the PDF font lacks, « A Harnes ») need the
//! column where the writer put it, so the literal is walked once here.

use std::ops::Range;

/// For a string literal at `span` in `source`: the source offset of each
/// character of its value, in order. `None` if `span` is not a string
/// literal (it then has no characters to point at).
pub fn char_offsets(source: &str, span: Range<usize>) -> Option<Vec<usize>> {
    let literal = source.get(span.clone())?;
    let (quote, escapes) = if literal.starts_with("\"\"\"") {
        ("\"\"\"", true)
    } else if literal.starts_with("'''") {
        ("'''", false)
    } else if literal.starts_with('"') {
        ("\"", true)
    } else if literal.starts_with('\'') {
        ("'", false)
    } else {
        return None;
    };
    let inner = literal
        .get(quote.len()..literal.len().checked_sub(quote.len())?)?
        .char_indices()
        .map(|(offset, c)| (span.start + quote.len() + offset, c));
    let mut chars: Vec<(usize, char)> = inner.collect();
    // A newline right after the opening `"""` or `'''` is not part of the value.
    if quote.len() == 3 {
        if chars.first().is_some_and(|&(_, c)| c == '\r')
            && chars.get(1).is_some_and(|&(_, c)| c == '\n')
        {
            chars.drain(..2);
        } else if chars.first().is_some_and(|&(_, c)| c == '\n') {
            chars.remove(0);
        }
    }
    if !escapes {
        return Some(chars.into_iter().map(|(offset, _)| offset).collect());
    }
    let mut offsets = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        if c != '\\' {
            offsets.push(offset);
            i += 1;
            continue;
        }
        match chars.get(i + 1).map(|&(_, c)| c) {
            Some('u') => i += 6,
            Some('U') => i += 10,
            Some('x') => i += 4,
            Some(c) if c.is_whitespace() => {
                // A line-ending backslash: the value skips every space and
                // newline up to the next other character.
                i += 1;
                while chars.get(i).is_some_and(|&(_, c)| c.is_whitespace()) {
                    i += 1;
                }
                continue;
            }
            Some(_) => i += 2,
            None => i += 1,
        }
        offsets.push(offset);
    }
    Some(offsets)
}

/// Where the characters of one string value were written: the source range
/// of the character at a byte offset of the value, found by counting the
/// characters since the previous offset asked for. Asked in increasing
/// order, as the checks walk a text, a whole text costs one pass; counting
/// from the value's start each time cost a pass per diagnostic (100,000
/// « A Harnes » in one text: minutes).
pub struct Positions<'a> {
    value: &'a str,
    /// From [`char_offsets`], when they line up with the value's characters.
    offsets: Option<Vec<usize>>,
    /// The whole literal, for a value whose characters cannot be placed.
    fallback: Range<usize>,
    /// A byte offset of the value and how many characters precede it.
    cursor: (usize, usize),
}

impl<'a> Positions<'a> {
    /// The positions of `value`, the string literal at `span` in `source`.
    pub fn new(source: &str, value: &'a str, span: Range<usize>) -> Positions<'a> {
        let offsets = char_offsets(source, span.clone())
            .filter(|offsets| offsets.len() == value.chars().count());
        Positions {
            value,
            offsets,
            fallback: span,
            cursor: (0, 0),
        }
    }

    /// The source range of the character at byte `offset` of the value, or
    /// the whole literal when the two do not line up.
    pub fn range(&mut self, offset: usize) -> Range<usize> {
        let Some(offsets) = &self.offsets else {
            return self.fallback.clone();
        };
        if offset < self.cursor.0 {
            self.cursor = (0, 0);
        }
        let Some(between) = self.value.get(self.cursor.0..offset) else {
            return self.fallback.clone();
        };
        self.cursor = (offset, self.cursor.1 + between.chars().count());
        match offsets.get(self.cursor.1) {
            Some(&start) => start..start + 1,
            None => self.fallback.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(source: &str, literal: &str) -> Vec<usize> {
        let start = source.find(literal).unwrap();
        char_offsets(source, start..start + literal.len()).unwrap()
    }

    #[test]
    fn basic_strings_with_escapes() {
        let source = r#"a = "x\u00e9y\"z""#;
        // x é y " z
        assert_eq!(located(source, r#""x\u00e9y\"z""#), [5, 6, 12, 13, 15]);
    }

    #[test]
    fn multiline_strings_skip_the_first_newline_and_joined_lines() {
        let source = "a = \"\"\"\nab \\\n   c\"\"\"";
        assert_eq!(located(source, "\"\"\"\nab \\\n   c\"\"\""), [8, 9, 10, 16]);
    }

    #[test]
    fn literal_strings_have_no_escapes() {
        let source = r"a = 'x\y'";
        assert_eq!(located(source, r"'x\y'"), [5, 6, 7]);
    }

    #[test]
    fn positions_are_found_in_any_order() {
        let source = "a = \"xéy\\tz\"";
        let value = "xéy\tz";
        let mut positions = Positions::new(source, value, 4..source.len());
        // x é y \t z are written at 5, 6, 8, 9 (the escape) and 11.
        let expected = [(0, 5), (1, 6), (3, 8), (4, 9), (5, 11)];
        for &(offset, start) in expected.iter().chain(expected.iter().rev()) {
            assert_eq!(positions.range(offset), start..start + 1, "{offset}");
        }
    }

    #[test]
    fn offsets_match_what_toml_decodes() {
        let source = "a = \"\"\"\nLe \\u00e9t\\u00e9\\t : \\\n  fin\"\"\"\n";
        let value: toml::Table = toml::from_str(source).unwrap();
        let value = value["a"].as_str().unwrap();
        let start = source.find("\"\"\"").unwrap();
        let end = source.rfind("\"\"\"").unwrap() + 3;
        assert_eq!(
            char_offsets(source, start..end).unwrap().len(),
            value.chars().count()
        );
    }
}
