//! Text fields → paragraphs of inline runs.
//!
//! A blank line separates paragraphs; other line breaks and runs of spaces
//! fold into one space (no-break spaces are kept). `**gras**` and
//! `*emphase*` become styled runs, and bare addresses (`https://…`,
//! `http://…`, `www.…`, e-mails) become links. Anything else, including an
//! unmatched `*`, stays literal text for the renderers to escape.

use std::ops::Range;

mod stars;

use super::link::{looks_like_link, may_begin_link, parse_link};
use crate::model::{Inline, Link, Paragraph, Style};
use stars::{Delimiter, Stars};

/// Splits a text field into paragraphs.
pub fn parse_paragraphs(text: &str) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    // The paragraph's lines, folded as they are joined: one pass and one
    // buffer for the whole field instead of a join and a fold per paragraph.
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(parse_folded(&current));
                current.clear();
            }
        } else {
            push_folded(&mut current, line);
        }
    }
    // A line that is not blank always leaves a word behind.
    if !current.is_empty() {
        paragraphs.push(parse_folded(&current));
    }
    paragraphs
}

/// Parses one paragraph (or a one-line field such as a title).
pub fn parse_inline(text: &str) -> Paragraph {
    parse_folded(&fold_spaces(text))
}

/// Parses a paragraph whose spaces are already folded.
fn parse_folded(text: &str) -> Paragraph {
    let links = find_links(text);
    let ranges: Vec<Range<usize>> = links.iter().map(|(range, _)| range.clone()).collect();
    let stars = Stars::new(text, &ranges);
    let mut runs = Vec::new();
    parse_emphasis(
        text,
        0..text.len(),
        Style::default(),
        &links,
        &stars,
        &mut runs,
    );
    let mut inlines: Vec<Inline> = Vec::new();
    for (range, style) in runs {
        split_links(text, range, style, &links, &mut inlines);
    }
    Paragraph(inlines)
}

/// Folds line breaks, tabs and runs of ordinary spaces into one space.
/// U+00A0 and U+202F are typography, not layout, and are kept.
pub fn fold_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_folded(&mut out, text);
    out
}

/// Appends the words of `text` to `out`, one space before each unless `out`
/// is empty.
fn push_folded(out: &mut String, text: &str) {
    // The separators are ASCII, so the bytes are scanned without decoding,
    // and words already one plain space apart are copied as one stretch
    // rather than one by one.
    let bytes = text.as_bytes();
    let is_separator = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let is_word = |i: usize| bytes.get(i).is_some_and(|b| !is_separator(b));
    let mut i = 0;
    while i < bytes.len() {
        if !is_word(i) {
            i += 1;
            continue;
        }
        let start = i;
        while is_word(i) || (bytes.get(i) == Some(&b' ') && is_word(i + 1)) {
            i += 1;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..i]);
    }
}

/// The byte ranges of the addresses in `text`, with the punctuation that
/// surrounds them in a sentence left out.
fn find_links(text: &str) -> Vec<(Range<usize>, Link)> {
    let mut links = Vec::new();
    let mut offset = 0;
    // The runs of `*` before the current word, counted as the words go by
    // (counting from the paragraph's start for each address made the
    // search quadratic).
    let (mut runs_before, mut counted_to) = (0, 0);
    // Split as bytes (` ` is ASCII): `str::split` costs a search per word.
    for word_len in text.as_bytes().split(|&b| b == b' ').map(<[u8]>::len) {
        let end = offset + word_len;
        let word = &text[offset..end];
        let start = offset + (word.len() - word.trim_start_matches(LEADING).len());
        offset = end + 1;
        // Trimming only shortens the word: most words are ruled out here.
        if !may_begin_link(&text[start..end]) {
            continue;
        }
        // A `*` ends the address only when it closes emphasis opened before
        // (an odd number of `*` runs stands before it; no run spans a space).
        // `start` follows the leading `*` of its word, if any: no run is
        // cut there, and each stretch is counted once.
        runs_before += star_runs(&text[counted_to..start]);
        counted_to = start;
        let emphasis_open = runs_before % 2 == 1;
        let trimmed = trim_trailing(&text[start..end], emphasis_open);
        if looks_like_link(trimmed)
            && let Ok(link) = parse_link(trimmed)
        {
            links.push((start..start + trimmed.len(), link));
        }
    }
    links
}

/// How many runs of `*` (each `*`, `**` or `***` counted once) `text` holds.
fn star_runs(text: &str) -> usize {
    // On bytes: `*` is ASCII, and no other byte of UTF-8 equals it.
    text.as_bytes()
        .split(|&b| b != b'*')
        .filter(|run| !run.is_empty())
        .count()
}

const LEADING: &[char] = &['(', '[', '«', '"', '\'', '*', '\u{a0}', '\u{202f}'];
const TRAILING: &[char] = &[
    '.', ',', ';', ':', '!', '?', ']', '»', '"', '\'', '’', '\u{a0}', '\u{202f}',
];

/// Strips sentence punctuation from the end of an address; a `)` only when
/// it has no `(` to close inside the address, a `*` only when it closes
/// emphasis. (`_` is not emphasis here, and ends many addresses.)
fn trim_trailing(mut word: &str, emphasis_open: bool) -> &str {
    // Counted once: only a stripped `)` changes the balance.
    let opening = word.bytes().filter(|&b| b == b'(').count();
    let mut closing = word.bytes().filter(|&b| b == b')').count();
    loop {
        if let Some(stripped) = word.strip_suffix(TRAILING) {
            word = stripped;
        } else if emphasis_open && word.ends_with('*') {
            word = word.trim_end_matches('*');
        } else if word.ends_with(')') && opening < closing {
            word = &word[..word.len() - 1];
            closing -= 1;
        } else {
            return word;
        }
    }
}

/// Splits `range` of `text` into runs of one style. Link ranges are opaque:
/// a `*` inside a URL is never a delimiter. Each delimiter's closer is
/// looked up in `stars` ([`Stars::closer`]), never scanned for.
fn parse_emphasis(
    text: &str,
    range: Range<usize>,
    style: Style,
    links: &[(Range<usize>, Link)],
    stars: &Stars,
    runs: &mut Vec<(Range<usize>, Style)>,
) {
    let mut plain_start = range.start;
    let mut i = range.start;
    while i < range.end {
        if let Some(end) = link_starting_at(links, i) {
            i = end;
            continue;
        }
        let rest = &text.as_bytes()[i..range.end];
        // `***both***` first; else the outer delimiter of `***a** b*` or
        // `***a* b**`, the one that does not close first (the recursion
        // finds the inner one).
        let candidates: &[&str] = if rest.starts_with(b"***") {
            let after = i + 3..range.end;
            let single = stars.closer(after.clone(), Delimiter::Single);
            let double = stars.closer(after, Delimiter::Double);
            match (single, double) {
                (Some(single), Some(double)) if double < single => &["***", "*"],
                (Some(_), _) => &["***", "**"],
                _ => &["***", "*"],
            }
        } else if rest.starts_with(b"**") {
            &["**"]
        } else {
            &["*"]
        };
        let opened = rest.starts_with(b"*").then(|| {
            candidates.iter().find_map(|&delimiter| {
                let after = i + delimiter.len();
                if !opens(text, stars.skip(after, range.end), range.end) {
                    return None;
                }
                let close = stars.closer(after..range.end, Delimiter::of(delimiter))?;
                Some((delimiter, close))
            })
        });
        if let Some(Some((delimiter, close))) = opened {
            if plain_start < i {
                runs.push((plain_start..i, style));
            }
            let inner_style = Style {
                bold: style.bold || delimiter.len() >= 2,
                italic: style.italic || delimiter.len() != 2,
            };
            let inner = i + delimiter.len()..close;
            parse_emphasis(text, inner, inner_style, links, stars, runs);
            i = close + delimiter.len();
            plain_start = i;
            continue;
        }
        i = next_stop(i + 1..range.end, links, stars);
    }
    if plain_start < range.end {
        runs.push((plain_start..range.end, style));
    }
}

/// Where the link that starts at `offset` ends, if one does: scanning for
/// delimiters jumps over it.
fn link_starting_at(links: &[(Range<usize>, Link)], offset: usize) -> Option<usize> {
    // Links are found left to right: sorted by start.
    links
        .binary_search_by_key(&offset, |(link, _)| link.start)
        .ok()
        .map(|index| links[index].0.end)
}

/// A delimiter opens when text follows it, after the stars of an inner
/// delimiter if any: `after_stars` is where those end, `end` where the
/// range scanned ends.
fn opens(text: &str, after_stars: usize, end: usize) -> bool {
    text[after_stars..end]
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace())
}

/// The first offset of `range` where a `*` stands or a link starts, or the
/// end of `range`: the emphasis scanner has nothing to do anywhere else,
/// so it jumps from one to the next instead of walking every character.
fn next_stop(range: Range<usize>, links: &[(Range<usize>, Link)], stars: &Stars) -> usize {
    // From the index: a scan for the next `*` went to the paragraph's end
    // at every link of a paragraph without any.
    let star = stars.next_star(range.start).unwrap_or(range.end);
    // Links are sorted by start: the first one at or after the range's start.
    let next_link = links.partition_point(|(link, _)| link.start < range.start);
    let link = links
        .get(next_link)
        .map_or(range.end, |(link, _)| link.start);
    star.min(link).min(range.end)
}

/// Cuts one styled run at the links it contains.
fn split_links(
    text: &str,
    range: Range<usize>,
    style: Style,
    links: &[(Range<usize>, Link)],
    inlines: &mut Vec<Inline>,
) {
    let mut start = range.start;
    // Only the links inside the run: found by binary search, links being
    // sorted, rather than by a walk over all of them for every run.
    let first = links.partition_point(|(link, _)| link.start < range.start);
    for (link_range, link) in &links[first..] {
        if link_range.start >= range.end {
            break;
        }
        if link_range.end <= range.end {
            push_text(inlines, &text[start..link_range.start], style);
            inlines.push(Inline::Link {
                link: link.clone(),
                style,
            });
            start = link_range.end;
        }
    }
    push_text(inlines, &text[start..range.end], style);
}

fn push_text(inlines: &mut Vec<Inline>, text: &str, style: Style) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text {
        text: previous,
        style: previous_style,
    }) = inlines.last_mut()
        && *previous_style == style
    {
        previous.push_str(text);
        return;
    }
    inlines.push(Inline::Text {
        text: text.to_owned(),
        style,
    });
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LinkKind;
    use proptest::prelude::*;

    const PLAIN: Style = Style {
        bold: false,
        italic: false,
    };
    const BOLD: Style = Style {
        bold: true,
        italic: false,
    };
    const ITALIC: Style = Style {
        bold: false,
        italic: true,
    };

    fn text(text: &str, style: Style) -> Inline {
        Inline::Text {
            text: text.into(),
            style,
        }
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_line_breaks_fold() {
        let paragraphs = parse_paragraphs("Un\ndeux  trois\n\n  \nQuatre\tcinq\n");
        assert_eq!(
            paragraphs,
            vec![
                Paragraph(vec![text("Un deux trois", PLAIN)]),
                Paragraph(vec![text("Quatre cinq", PLAIN)]),
            ]
        );
    }

    #[test]
    fn no_break_spaces_are_kept() {
        let paragraph = parse_inline("50\u{202f}000 litres\u{a0}: oui");
        assert_eq!(paragraph.plain_text(), "50\u{202f}000 litres\u{a0}: oui");
    }

    #[test]
    fn bold_and_italic() {
        let paragraph = parse_inline("un **gras** et *emphase* fin");
        assert_eq!(
            paragraph.0,
            vec![
                text("un ", PLAIN),
                text("gras", BOLD),
                text(" et ", PLAIN),
                text("emphase", ITALIC),
                text(" fin", PLAIN),
            ]
        );
    }

    #[test]
    fn italic_inside_bold() {
        let paragraph = parse_inline("**a *b* c**");
        assert_eq!(
            paragraph.0,
            vec![
                text("a ", BOLD),
                text(
                    "b",
                    Style {
                        bold: true,
                        italic: true
                    }
                ),
                text(" c", BOLD),
            ]
        );
    }

    #[test]
    fn three_stars_are_bold_and_italic() {
        let both = Style {
            bold: true,
            italic: true,
        };
        let bold = Style {
            bold: true,
            italic: false,
        };
        let italic = Style {
            bold: false,
            italic: true,
        };
        let plain = Style::default();
        let cases = [
            (
                "un ***gras italique*** fin",
                vec![
                    text("un ", plain),
                    text("gras italique", both),
                    text(" fin", plain),
                ],
            ),
            (
                "***tout** deux*",
                vec![text("tout", both), text(" deux", italic)],
            ),
            (
                "***tout* deux**",
                vec![text("tout", both), text(" deux", bold)],
            ),
            // Three stars closing two emphases.
            ("**a *b***", vec![text("a ", bold), text("b", both)]),
            ("*a **b***", vec![text("a ", italic), text("b", both)]),
            // Not two emphases: the third star stays a star.
            ("**a***", vec![text("a", bold), text("*", plain)]),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_inline(input).0, expected, "{input:?}");
        }
    }

    #[test]
    fn unmatched_or_spaced_stars_stay_literal() {
        for input in [
            "3 * 4 = 12",
            "*seul",
            "fin*",
            "** pas gras **",
            "a*",
            "*** rien ***",
            "***seul",
        ] {
            assert_eq!(parse_inline(input).0, vec![text(input, PLAIN)], "{input}");
        }
    }

    #[test]
    fn bare_addresses_become_links_without_their_punctuation() {
        let paragraph = parse_inline("Voir www.x.fr, (https://y.fr/a_(b)) ou a@b.fr.");
        let links: Vec<&Link> = paragraph
            .0
            .iter()
            .filter_map(|inline| match inline {
                Inline::Link { link, .. } => Some(link),
                Inline::Text { .. } => None,
            })
            .collect();
        assert_eq!(links.len(), 3);
        assert_eq!(links[0].href, "https://www.x.fr");
        assert_eq!(links[1].href, "https://y.fr/a_(b)");
        assert_eq!(links[2].kind, LinkKind::Email);
        assert_eq!(
            paragraph.plain_text(),
            "Voir www.x.fr, (https://y.fr/a_(b)) ou a@b.fr."
        );
    }

    #[test]
    fn stars_inside_urls_are_not_emphasis() {
        let paragraph = parse_inline("https://x.fr/*a*b et *c*");
        assert_eq!(paragraph.plain_text(), "https://x.fr/*a*b et c");
        assert!(
            matches!(&paragraph.0[0], Inline::Link { link, .. } if link.text == "https://x.fr/*a*b")
        );
    }

    #[test]
    fn underscores_and_stars_that_belong_to_the_address_stay_in_it() {
        let hrefs = |text: &str| -> Vec<String> {
            parse_inline(text)
                .0
                .iter()
                .filter_map(|inline| match inline {
                    Inline::Link { link, .. } => Some(link.href.clone()),
                    Inline::Text { .. } => None,
                })
                .collect()
        };
        assert_eq!(
            hrefs("voir http://www.x.fr/a_b_ ici"),
            ["http://www.x.fr/a_b_"]
        );
        assert_eq!(
            hrefs("voir https://x.fr/*gras* ici"),
            ["https://x.fr/*gras*"]
        );
        assert_eq!(hrefs("*voir https://x.fr/a*"), ["https://x.fr/a"]);
    }

    #[test]
    fn a_link_can_be_emphasised() {
        let paragraph = parse_inline("**www.x.fr**");
        assert!(matches!(&paragraph.0[..], [Inline::Link { style, .. }] if *style == BOLD));
    }

    #[test]
    fn dangerous_schemes_in_text_stay_text() {
        let paragraph = parse_inline("javascript:alert(1) et http://");
        assert_eq!(
            paragraph.0,
            vec![text("javascript:alert(1) et http://", PLAIN)]
        );
    }

    /// Texts made of what the parser reacts to: stars, spaces, letters,
    /// addresses and the punctuation around them.
    fn markup() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "*",
            "**",
            "***",
            "****",
            " ",
            "a",
            "b",
            "é",
            "(",
            ")",
            ".",
            ",",
            "www.x.fr",
            "https://y.fr/a",
            "a@b.fr",
            "\u{a0}",
            "_",
            "«",
            "»",
            "\t",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// The star index finds exactly the closers the scans found.
        #[test]
        fn the_star_index_parses_as_the_scans_did(text in markup()) {
            let folded = fold_spaces(&text);
            prop_assert_eq!(parse_folded(&folded), reference::parse_folded(&folded));
        }
    }

    #[test]
    fn regression_long_runs_of_unmatched_delimiters_parse_as_before() {
        for text in [
            "***a ".repeat(300),
            "**a *b ".repeat(200),
            "*a a* **b ".repeat(200),
            "a**** b*** c** d* ".repeat(100),
            "x".to_owned() + &"*".repeat(500) + "y",
            "(https://x.fr/a)))))) *b)* ".repeat(50),
        ] {
            assert_eq!(parse_folded(&text), reference::parse_folded(&text));
        }
    }
}
