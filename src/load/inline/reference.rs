//! The emphasis and address parser as it was before the star index
//! ([`super::stars`]): a scan to the paragraph's end for every delimiter,
//! quadratic, but the plain statement of the rules. Kept for the tests
//! only, which check that both give the same runs on every text.

use std::ops::Range;

use crate::load::link::{looks_like_link, may_begin_link, parse_link};
use crate::model::{Inline, Link, Paragraph, Style};

/// Parses a paragraph whose spaces are already folded.
pub fn parse_folded(text: &str) -> Paragraph {
    let links = find_links(text);
    let mut runs = Vec::new();
    parse_emphasis(text, 0..text.len(), Style::default(), &links, &mut runs);
    let mut inlines: Vec<Inline> = Vec::new();
    for (range, style) in runs {
        split_links(text, range, style, &links, &mut inlines);
    }
    Paragraph(inlines)
}

/// The byte ranges of the addresses in `text`, with the punctuation that
/// surrounds them in a sentence left out.
fn find_links(text: &str) -> Vec<(Range<usize>, Link)> {
    let mut links = Vec::new();
    let mut offset = 0;
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
        let emphasis_open = star_runs(&text[..start]) % 2 == 1;
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
    loop {
        if let Some(stripped) = word.strip_suffix(TRAILING) {
            word = stripped;
        } else if emphasis_open && word.ends_with('*') {
            word = word.trim_end_matches('*');
        } else if word.ends_with(')') && word.matches('(').count() < word.matches(')').count() {
            word = &word[..word.len() - 1];
        } else {
            return word;
        }
    }
}

/// Splits `range` of `text` into runs of one style. Link ranges are opaque:
/// a `*` inside a URL is never a delimiter.
fn parse_emphasis(
    text: &str,
    range: Range<usize>,
    style: Style,
    links: &[(Range<usize>, Link)],
    runs: &mut Vec<(Range<usize>, Style)>,
) {
    let mut plain_start = range.start;
    let mut i = range.start;
    while i < range.end {
        if let Some(end) = link_starting_at(links, i) {
            i = end;
            continue;
        }
        let rest = &text[i..range.end];
        // `***both***` first; else the outer delimiter of `***a** b*` or
        // `***a* b**`, the one that does not close first (the recursion
        // finds the inner one).
        let candidates: &[&str] = if rest.starts_with("***") {
            let after = i + 3..range.end;
            let single = find_closer(text, after.clone(), "*", links);
            let double = find_closer(text, after, "**", links);
            match (single, double) {
                (Some(single), Some(double)) if double < single => &["***", "*"],
                (Some(_), _) => &["***", "**"],
                _ => &["***", "*"],
            }
        } else if rest.starts_with("**") {
            &["**"]
        } else {
            &["*"]
        };
        let opened = rest.starts_with('*').then(|| {
            candidates.iter().find_map(|&delimiter| {
                if !opens(&rest[delimiter.len()..]) {
                    return None;
                }
                let close = find_closer(text, i + delimiter.len()..range.end, delimiter, links)?;
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
            parse_emphasis(text, i + delimiter.len()..close, inner_style, links, runs);
            i = close + delimiter.len();
            plain_start = i;
            continue;
        }
        i = next_stop(text, i + 1..range.end, links);
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
/// delimiter if any.
fn opens(after: &str) -> bool {
    after
        .trim_start_matches('*')
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace())
}

/// The offset of the delimiter closing one opened just before `range`: the
/// first one preceded by a non-space (and, for `*`, not part of `**`).
fn find_closer(
    text: &str,
    range: Range<usize>,
    delimiter: &str,
    links: &[(Range<usize>, Link)],
) -> Option<usize> {
    let mut i = range.start;
    while i < range.end {
        if let Some(end) = link_starting_at(links, i) {
            i = end;
            continue;
        }
        let rest = &text[i..range.end];
        let preceded_by_text = || {
            text[..i]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace() && c != '*')
        };
        if i > range.start && rest.starts_with(delimiter) && preceded_by_text() {
            // `***` closing two emphases at once (`*a **b***`, `**a *b***`):
            // the inner one, still open, takes the first stars.
            if rest.starts_with("***") && delimiter != "***" {
                let inner = &text[range.start..i];
                let doubles = inner.matches("**").count();
                let singles = inner.matches('*').count() - 2 * doubles;
                match delimiter {
                    "*" if doubles % 2 == 1 => return Some(i + 2),
                    "**" if singles % 2 == 1 => return Some(i + 1),
                    _ => {}
                }
            }
            let double = rest.starts_with("**");
            if delimiter != "*" || !double {
                return Some(i);
            }
            // A `**` inside single emphasis: skip both stars.
            i += 2;
            continue;
        }
        i = next_stop(text, i + 1..range.end, links);
    }
    None
}

/// The first offset of `range` where a `*` stands or a link starts, or the
/// end of `range`: the emphasis scanners have nothing to do anywhere else,
/// so they jump from one to the next instead of walking every character.
fn next_stop(text: &str, range: Range<usize>, links: &[(Range<usize>, Link)]) -> usize {
    let star = text.as_bytes()[range.clone()]
        .iter()
        .position(|&b| b == b'*')
        .map_or(range.end, |position| range.start + position);
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
    for (link_range, link) in links {
        if link_range.start >= range.start && link_range.end <= range.end {
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
