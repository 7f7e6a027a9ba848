//! Lines of plain text as `format=flowed` (RFC 3676, `DelSp=No`): short
//! enough for any mail client to show as they are, marked so that a client
//! that knows the format re-flows each paragraph to its window.
//!
//! A long line is cut after a space, which stays at the end of the line:
//! that trailing space is the soft break, which a reading client removes
//! together with the line end to join the line to the next; a line without
//! one ends where the text's own line ends (a hard break). Only the ASCII
//! space is a place to cut: the no-break spaces of French typography
//! (U+00A0 before `:`, U+202F inside guillemets and between digit groups)
//! are characters of a word like any other, so « 50 000 litres » and
//! « solidaire : » are never cut, and the characters are written as they
//! are.
//!
//! Cutting is greedy (each line holds as many words as fit), which is what
//! RFC 3676 § 4.2 describes and what a client does when it re-flows: there
//! is no justification to even out in a mail client. Each character is
//! looked at a bounded number of times, so writing is linear in the text.

use std::borrow::Cow;

/// The longest line written, in characters (not bytes), space-stuffing and
/// the trailing space of a soft break included: the width RFC 3676 § 4.2
/// recommends (« 66 to 72 »), which a reader's client shows whole in any
/// window that is not re-flowing. A word longer than this (a long address)
/// is written whole on a line of its own: cutting it would break it.
pub const WIDTH: usize = 72;

/// Appends `line`, one line of the text (a paragraph, or one line of a
/// block such as the contact's), to `out` as flowed lines of at most
/// [`WIDTH`] characters, each ended by `\n`; returns the width in
/// characters of its widest line as a reader sees it (without the stuffing
/// or the soft break's space), for the rule under a heading.
///
/// `line` is written as it is, but for what a line of flowed text cannot
/// hold: a line break or another control character inside it becomes a
/// space (one line in, one paragraph out, whatever the model holds), and
/// the spaces at its end are left out, as RFC 3676 § 4.2 asks (a trailing
/// space would join the line to the next one).
pub(crate) fn write_line(out: &mut String, line: &str) -> usize {
    let line = single_line(line);
    let mut rest = line.trim_end_matches(' ');
    if rest.is_empty() {
        out.push('\n');
        return 0;
    }
    let mut widest = 0;
    while !rest.is_empty() {
        let stuffed = needs_stuffing(rest);
        let mut cut = next_cut(rest, WIDTH - usize::from(stuffed));
        if &rest[..cut.end] == SIGNATURE_SEPARATOR {
            // `-- ` alone on a line is the signature separator (RFC 3676
            // § 4.3): a client would grey out, or drop when replying,
            // everything below it. It stands alone only when the word after
            // it is too long for the line, so that word joins it: the line
            // is then as long as a long word's line anyway.
            let next = next_cut(&rest[cut.end..], WIDTH - cut.chars);
            cut = Cut {
                end: cut.end + next.end,
                chars: cut.chars + next.chars,
            };
        }
        let (piece, after) = rest.split_at(cut.end);
        if stuffed {
            out.push(' ');
        }
        out.push_str(piece);
        out.push('\n');
        let trailing_spaces = piece.len() - piece.trim_end_matches(' ').len();
        widest = widest.max(cut.chars - trailing_spaces);
        rest = after;
    }
    widest
}

/// The line RFC 3676 § 4.3 reserves for the signature separator.
const SIGNATURE_SEPARATOR: &str = "-- ";

/// Whether a line must be space-stuffed (RFC 3676 § 4.4): one space is
/// added in front of it, which the reading client removes. A line that
/// starts with a space would lose that space; one that starts with `>`
/// would read as quoted; one that starts with `From ` is mangled into
/// `>From ` by mailbox files.
fn needs_stuffing(line: &str) -> bool {
    line.starts_with([' ', '>']) || line.starts_with("From ")
}

/// Where a flowed line cut from the start of a text ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cut {
    /// In bytes, after the space of a soft break or at the text's end.
    end: usize,
    /// The line's length in characters.
    chars: usize,
}

/// The longest start of `rest` that ends after a space or at the end of
/// `rest`, with at most `budget` characters; when the first word alone is
/// longer, that word with the space after it (a word is never cut).
fn next_cut(rest: &str, budget: usize) -> Cut {
    let mut last_space = None;
    let mut chars = 0;
    for (at, c) in rest.char_indices() {
        if chars == budget {
            if let Some(cut) = last_space {
                return cut;
            }
            // A word longer than a line: whole, up to the space after it.
            let word_end = rest[at..].find(' ').map_or(rest.len(), |space| at + space);
            let chars = chars + rest[at..word_end].chars().count();
            return match rest[word_end..].chars().next() {
                Some(' ') => Cut {
                    end: word_end + 1,
                    chars: chars + 1,
                },
                _ => Cut {
                    end: word_end,
                    chars,
                },
            };
        }
        chars += 1;
        if c == ' ' {
            last_space = Some(Cut { end: at + 1, chars });
        }
    }
    Cut {
        end: rest.len(),
        chars,
    }
}

/// `line` with line breaks and other control characters (U+2028 and
/// U+2029, the Unicode line and paragraph separators, included) turned
/// into spaces; borrowed when there is none, which is the case of every
/// validated release (the loader folds line breaks and refuses control
/// characters).
fn single_line(line: &str) -> Cow<'_, str> {
    let breaks = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    if !line.contains(breaks) {
        return Cow::Borrowed(line);
    }
    Cow::Owned(
        line.chars()
            .map(|c| if breaks(c) { ' ' } else { c })
            .collect(),
    )
}

/// The text as a client that knows `format=flowed` reads it (RFC 3676
/// § 4.2, `DelSp=No`): each line unstuffed, each soft-broken line joined to
/// the next with its space kept, the signature separator left alone; one
/// string per line of the text that was written.
#[cfg(test)]
pub(crate) fn unflow(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for line in text.split_terminator('\n') {
        let line = line.strip_prefix(' ').unwrap_or(line);
        current.push_str(line);
        if line.ends_with(' ') && line != SIGNATURE_SEPARATOR {
            continue;
        }
        lines.push(std::mem::take(&mut current));
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn flowed(line: &str) -> String {
        let mut out = String::new();
        write_line(&mut out, line);
        out
    }

    /// Words for the property: short and long, with no-break spaces,
    /// and what stuffing and the signature separator are about.
    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zé’]{1,12}",
            Just("From".to_owned()),
            Just(">".to_owned()),
            Just("--".to_owned()),
            Just("-".to_owned()),
            Just("«\u{202f}mot\u{202f}»".to_owned()),
            Just("solidaire\u{a0}:".to_owned()),
            Just("50\u{202f}000\u{a0}litres".to_owned()),
            "https://[a-z]{60,100}\\.fr/",
            "[a-z]{70,75}",
        ]
    }

    /// Lines of such words, separated by one space mostly, sometimes by
    /// several, sometimes with spaces in front.
    fn line() -> impl Strategy<Value = String> {
        (
            "[ ]{0,3}",
            prop::collection::vec(
                (
                    word(),
                    prop_oneof![4 => Just(" ".to_owned()), 1 => "[ ]{2,80}"],
                ),
                0..40,
            ),
        )
            .prop_map(|(lead, words)| {
                let mut line = lead;
                for (word, space) in words {
                    line.push_str(&word);
                    line.push_str(&space);
                }
                line
            })
    }

    proptest! {
        #[test]
        fn reflowing_gives_back_the_line(line in line()) {
            let text = flowed(&line);
            prop_assert_eq!(unflow(&text), vec![line.trim_end_matches(' ').to_owned()]);
        }

        #[test]
        fn lines_fit_unless_they_hold_one_long_word(line in line()) {
            let text = flowed(&line);
            let lines: Vec<&str> = text.split_terminator('\n').collect();
            for (index, written) in lines.iter().enumerate() {
                let unstuffed = written.strip_prefix(' ').unwrap_or(written);
                if written.chars().count() > WIDTH {
                    // One word and its space; or `-- ` and such a word,
                    // kept from standing alone.
                    let word = unstuffed.strip_prefix("-- ").unwrap_or(unstuffed);
                    let word = word.strip_suffix(' ').unwrap_or(word);
                    prop_assert!(!word.contains(' '), "{:?}", written);
                }
                prop_assert!(unstuffed != SIGNATURE_SEPARATOR);
                // A trailing space only on a soft break, never on the last.
                let last = index + 1 == lines.len();
                prop_assert!(!(last && written.ends_with(' ')), "{:?}", written);
                // Stuffed where a reader would misread it.
                prop_assert!(!written.starts_with('>') && !written.starts_with("From "));
            }
        }

        #[test]
        fn nothing_is_cut_but_at_an_ascii_space(line in line()) {
            let text = flowed(&line);
            let lines: Vec<&str> = text.split_terminator('\n').collect();
            for written in &lines[..lines.len() - 1] {
                prop_assert!(written.ends_with(' '), "{:?}", written);
            }
        }
    }

    #[test]
    fn a_short_line_is_written_as_it_is() {
        assert_eq!(flowed("Arras, le 8 avril 2020"), "Arras, le 8 avril 2020\n");
        assert_eq!(flowed(""), "\n");
        assert_eq!(flowed("   "), "\n");
        assert_eq!(flowed("fin   "), "fin\n");
    }

    #[test]
    fn a_long_line_is_cut_after_the_last_space_that_fits() {
        let line = format!("{} {}", "a".repeat(68), "bc de");
        assert_eq!(flowed(&line), format!("{} bc \nde\n", "a".repeat(68)));
        // 72 characters exactly, its trailing space included.
        let line = format!("{} {}", "a".repeat(71), "b");
        assert_eq!(flowed(&line), format!("{} \nb\n", "a".repeat(71)));
        let line = format!("{} {}", "a".repeat(72), "b");
        assert_eq!(flowed(&line), format!("{} \nb\n", "a".repeat(72)));
    }

    #[test]
    fn no_break_spaces_are_never_cut() {
        let words =
            "50\u{202f}000\u{a0}litres «\u{202f}Avenir des cités\u{202f}» solidaire\u{a0}: ";
        let line = words.repeat(8);
        let text = flowed(&line);
        for written in text.lines() {
            assert!(written.chars().count() <= WIDTH, "{written:?}");
            for no_break in ['\u{a0}', '\u{202f}'] {
                assert!(!written.starts_with(no_break), "{written:?}");
                assert!(
                    !written.trim_end_matches(' ').ends_with(no_break),
                    "{written:?}"
                );
            }
        }
        assert!(text.contains("50\u{202f}000\u{a0}litres"));
        assert_eq!(unflow(&text), [line.trim_end()]);
    }

    #[test]
    fn an_address_longer_than_a_line_stays_whole() {
        let address = format!("<https://www.exemple.fr/{}>", "a".repeat(80));
        let line = format!("Pour plus d’informations\u{a0}: {address} et la suite.");
        assert_eq!(
            flowed(&line),
            format!("Pour plus d’informations\u{a0}: \n{address} \net la suite.\n")
        );
        assert_eq!(flowed(&address), format!("{address}\n"));
    }

    #[test]
    fn lines_starting_with_a_space_a_quote_mark_or_from_are_stuffed() {
        assert_eq!(flowed("> pas une citation"), " > pas une citation\n");
        assert_eq!(flowed("From Arras"), " From Arras\n");
        assert_eq!(flowed("  deux espaces"), "   deux espaces\n");
        assert_eq!(flowed("Fromage"), "Fromage\n");
        assert_eq!(flowed("from Arras"), "from Arras\n");
        // After a soft break too, within the same width.
        let line = format!("{} From Calais, {} > 3", "a".repeat(68), "b".repeat(70));
        let text = flowed(&line);
        assert_eq!(
            text,
            format!(
                "{} \n From Calais, \n{} \n > 3\n",
                "a".repeat(68),
                "b".repeat(70)
            )
        );
        assert_eq!(unflow(&text), [line]);
        // A run of spaces longer than a line is cut, and the next line
        // keeps the rest, stuffed.
        let line = format!("a{}b", " ".repeat(100));
        let text = flowed(&line);
        assert!(text.lines().all(|l| l.chars().count() <= WIDTH), "{text:?}");
        assert_eq!(unflow(&text), [line]);
    }

    #[test]
    fn the_signature_separator_never_stands_alone() {
        let long = "b".repeat(75);
        let line = format!("{} -- {long} fin", "a".repeat(69));
        let text = flowed(&line);
        assert_eq!(text, format!("{} \n-- {long} \nfin\n", "a".repeat(69)));
        assert_eq!(unflow(&text), [line]);
        // `--` at the end of a line is no separator: it has no space.
        assert_eq!(flowed("fin --"), "fin --\n");
    }

    #[test]
    fn line_breaks_inside_a_line_become_spaces() {
        assert_eq!(
            flowed("un\ndeux\r\ntrois\u{2028}quatre"),
            "un deux  trois quatre\n"
        );
        assert_eq!(flowed("fin\n"), "fin\n");
    }

    #[test]
    fn the_widest_line_is_measured_in_characters_without_soft_break() {
        let mut out = String::new();
        assert_eq!(write_line(&mut out, "Préfet à l’écoute"), 17);
        let mut out = String::new();
        let line = format!("{} {}", "é".repeat(50), "è".repeat(30));
        assert_eq!(write_line(&mut out, &line), 50);
        let mut out = String::new();
        assert_eq!(write_line(&mut out, "> cité"), 6);
    }

    #[test]
    fn writing_is_linear() {
        // A 1 MB word and a megabyte of short words: each written in one
        // pass (a quadratic cut would take minutes here).
        let mut out = String::new();
        write_line(&mut out, &"a".repeat(1 << 20));
        assert_eq!(out.len(), (1 << 20) + 1);
        let mut out = String::new();
        write_line(&mut out, &"mot ".repeat(1 << 18));
        assert_eq!(out.lines().count(), (1usize << 18).div_ceil(18));
    }
}
