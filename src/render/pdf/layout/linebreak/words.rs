//! A paragraph's words: cut at spaces, measured, and where each may be
//! broken (hyphenation points, places in an address).

use super::first_fit::WINDOW;
use super::{Breaker, Span};
use crate::render::RenderError;
use crate::render::pdf::layout::hyphenate::hyphenation_points;

/// A word: parts in one or more spans, not separated by a space.
#[derive(Debug, Clone)]
pub(super) struct Word {
    pub(super) parts: Vec<Part>,
    /// The span whose look draws the space before the word, if any.
    pub(super) space_before: Option<usize>,
}

#[derive(Debug, Clone)]
pub(super) struct Part {
    pub(super) span: usize,
    pub(super) text: String,
}

/// Which words the total-fit breaker may break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cuts {
    /// None: lines end at spaces.
    None,
    /// French words at their hyphenation points.
    Hyphens,
    /// Those, and addresses after a `/`, a `.` and the like.
    HyphensAndAddresses,
}

/// A place inside a word where a line may end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Split {
    /// The part of the word, and the byte offset in its text.
    pub(super) part: usize,
    pub(super) offset: usize,
    /// Whether the line gets a hyphen (a French word), or not (an address).
    pub(super) hyphen: bool,
}

/// Where an address may be cut, as the Chicago Manual of Style has it: the
/// next line starts *with* the `/`, `.`, `-`, `_`, `?`, `#`, `&`, `=`, `~`
/// or `%`, so that a reader sees the address go on (a line ending with a
/// `.` reads as the end of a sentence, one ending with a `-` as a
/// hyphenated word). Never in the `//` after the scheme, never leaving
/// fewer than three characters on either side. Byte offsets in `text`.
pub(super) fn address_points(text: &str) -> Vec<usize> {
    let characters: Vec<(usize, char)> = text.char_indices().collect();
    let scheme_end = text.find("://").map_or(0, |at| at + 3);
    characters
        .iter()
        .enumerate()
        .filter(|&(index, &(offset, character))| {
            matches!(
                character,
                '/' | '.' | '-' | '_' | '?' | '#' | '&' | '=' | '~' | '%'
            ) && index >= 3
                && index + 3 <= characters.len()
                && offset > scheme_end
        })
        .map(|(_, &(offset, _))| offset)
        .collect()
}

/// A paragraph's words, each with its natural width.
pub(super) struct Measured<'w> {
    pub(super) words: &'w [Word],
    pub(super) widths: Vec<f32>,
}

impl Breaker<'_> {
    /// Each whole word measured once, for all the passes.
    pub(super) fn measure<'w>(&self, words: &'w [Word]) -> Result<Measured<'w>, RenderError> {
        let widths = words
            .iter()
            .map(|word| self.word_width(word))
            .collect::<Result<Vec<f32>, RenderError>>()?;
        Ok(Measured { words, widths })
    }

    /// The natural width of `word` from the point `from` (part, byte offset)
    /// to the point `to` (its end if `None`), without a hyphen.
    pub(super) fn fragment_width(
        &self,
        word: &Word,
        from: (usize, usize),
        to: Option<(usize, usize)>,
    ) -> Result<f32, RenderError> {
        let mut width = 0.0;
        for (part, range) in part_ranges(word, from, to) {
            let look = self.spans[part.span].look;
            width += self
                .metrics
                .width(look.face, look.size, &part.text[range])?;
        }
        Ok(width)
    }

    /// Where `word` may be broken, in order: at its hyphenation points
    /// when `cuts` allows and the breaker hyphenates (links are never
    /// hyphenated), and in its web addresses ([`address_points`]) when
    /// `cuts` allows.
    ///
    /// A word longer than [`WINDOW`] bytes is no word: the total-fit
    /// breaker, which never sets three hyphenated lines in a row, cannot
    /// set it with hyphens, and would only spend its time on its hundreds
    /// of thousands of points before the first-fit breaker cuts it.
    pub(super) fn split_points(&self, word: &Word, cuts: Cuts) -> Vec<Split> {
        let mut points = Vec::new();
        let hyphenate = cuts != Cuts::None
            && self.options.hyphenate
            && word.parts.iter().map(|part| part.text.len()).sum::<usize>() <= WINDOW;
        for (index, part) in word.parts.iter().enumerate() {
            let is_link = self.spans[part.span].href.is_some();
            if !is_link && hyphenate {
                points.extend(
                    hyphenation_points(&part.text)
                        .into_iter()
                        .map(|offset| Split {
                            part: index,
                            offset,
                            hyphen: true,
                        }),
                );
            }
            // An e-mail address is read, and copied, whole: never cut.
            let is_email = self.spans[part.span]
                .href
                .as_deref()
                .is_some_and(|href| href.starts_with("mailto:"));
            if is_link && !is_email && cuts == Cuts::HyphensAndAddresses {
                points.extend(address_points(&part.text).into_iter().map(|offset| Split {
                    part: index,
                    offset,
                    hyphen: false,
                }));
            }
        }
        points
    }

    /// The width of the hyphen added at `point` of `word`.
    pub(super) fn hyphen_width(&self, word: &Word, point: &Split) -> Result<f32, RenderError> {
        let look = self.spans[word.parts[point.part].span].look;
        self.metrics.width(look.face, look.size, "-")
    }

    pub(super) fn word_width(&self, word: &Word) -> Result<f32, RenderError> {
        self.fragment_width(word, (0, 0), None)
    }

    pub(super) fn space_width(&self, word: &Word) -> Result<f32, RenderError> {
        match word.space_before {
            Some(span) => {
                let look = self.spans[span].look;
                self.metrics.width(look.face, look.size, " ")
            }
            None => Ok(0.0),
        }
    }
}

/// How many characters `word` holds.
pub(super) fn word_chars(word: &Word) -> usize {
    word.parts
        .iter()
        .map(|part| part.text.chars().count())
        .sum()
}

/// The point (part, byte offset) `count` characters after `from` in `word`.
pub(super) fn advance(word: &Word, mut from: (usize, usize), mut count: usize) -> (usize, usize) {
    while let Some(part) = word.parts.get(from.0) {
        let text = &part.text[from.1..];
        match text.char_indices().nth(count) {
            Some((offset, _)) => return (from.0, from.1 + offset),
            None => {
                count -= text.chars().count();
                from = (from.0 + 1, 0);
            }
        }
    }
    from
}

/// The characters of `word` from `from` (part, byte offset) on, as a word
/// without a space before it.
pub(super) fn rest_of(word: &Word, from: (usize, usize)) -> Word {
    Word {
        parts: part_ranges(word, from, None)
            .map(|(part, range)| Part {
                span: part.span,
                text: part.text[range].to_string(),
            })
            .collect(),
        space_before: None,
    }
}

/// The non-empty byte ranges of `word`'s parts between the point `from`
/// (part, byte offset) and the point `to` (the word's end if `None`).
fn part_ranges(
    word: &Word,
    from: (usize, usize),
    to: Option<(usize, usize)>,
) -> impl Iterator<Item = (&Part, std::ops::Range<usize>)> {
    word.parts
        .iter()
        .enumerate()
        .skip(from.0)
        .take_while(move |&(index, _)| to.is_none_or(|(at, _)| index <= at))
        .filter_map(move |(index, part)| {
            let first = if index == from.0 { from.1 } else { 0 };
            let last = match to {
                Some((at, offset)) if at == index => offset,
                _ => part.text.len(),
            };
            (first < last).then_some((part, first..last))
        })
}

/// The part of `word` from its split point `from` (its start if `None`) to
/// its split point `to` (its end if `None`), with a hyphen when it stops at
/// a hyphenation point. `points` are the word's split points
/// ([`Breaker::split_points`]).
pub(super) fn slice_word(
    word: &Word,
    points: &[Split],
    from: Option<usize>,
    to: Option<usize>,
) -> Word {
    let start = from.map_or((0, 0), |split| (points[split].part, points[split].offset));
    let end = to.map(|split| (points[split].part, points[split].offset));
    let hyphen = to.is_some_and(|split| points[split].hyphen);
    let mut parts: Vec<Part> = part_ranges(word, start, end)
        .map(|(part, range)| Part {
            span: part.span,
            text: part.text[range].to_string(),
        })
        .collect();
    if hyphen && let Some(part) = parts.last_mut() {
        part.text.push('-');
    }
    Word {
        parts,
        space_before: if from.is_none() {
            word.space_before
        } else {
            None
        },
    }
}

/// An invisible format character (soft hyphen, zero-width spaces and
/// joiners, BOM), which the PDF never draws: the font would show a hyphen
/// or a missing glyph.
pub fn is_invisible_format(character: char) -> bool {
    matches!(character, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{feff}')
}

/// Cuts the spans into words at ordinary spaces. Other ASCII white space
/// counts as a space; runs of spaces count as one; invisible format
/// characters are dropped.
pub(super) fn split_words(spans: &[Span]) -> Vec<Word> {
    let invisible = is_invisible_format;
    let mut words = Vec::with_capacity(spans.iter().map(|span| span.text.len() / 6 + 1).sum());
    let mut current: Option<Word> = None;
    let mut space_pending: Option<usize> = None;
    for (index, span) in spans.iter().enumerate() {
        // The part of the current word in this span: its first byte, and
        // whether invisible characters are to be taken out of it.
        let mut part: Option<(usize, bool)> = None;
        let close = |word: &mut Option<Word>, part: &mut Option<(usize, bool)>, end: usize| {
            if let (Some(word), Some((start, dirty))) = (word.as_mut(), part.take()) {
                let text = &span.text[start..end];
                word.parts.push(Part {
                    span: index,
                    text: if dirty {
                        text.chars()
                            .filter(|&character| !invisible(character))
                            .collect()
                    } else {
                        text.to_string()
                    },
                });
            }
        };
        for (offset, character) in span.text.char_indices() {
            if invisible(character) {
                if let Some((_, dirty)) = part.as_mut() {
                    *dirty = true;
                }
                continue;
            }
            if matches!(character, ' ' | '\t' | '\n' | '\r') {
                close(&mut current, &mut part, offset);
                if let Some(word) = current.take() {
                    words.push(word);
                }
                space_pending.get_or_insert(index);
                continue;
            }
            if part.is_none() {
                current.get_or_insert_with(|| Word {
                    parts: Vec::with_capacity(1),
                    space_before: space_pending.take(),
                });
                part = Some((offset, false));
            }
        }
        close(&mut current, &mut part, span.text.len());
    }
    words.extend(current);
    words
}
