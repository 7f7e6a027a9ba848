//! Breaking a paragraph into lines.
//!
//! # How lines are broken
//!
//! A paragraph arrives as styled [`Span`]s. It is cut into *words* at ordinary
//! spaces (U+0020) only: the no-break spaces the typography pass put before
//! `:` `;` `!` `?`, inside guillemets and between digit groups (U+00A0,
//! U+202F) are characters *inside* a word, so a line can never break there.
//! A word may mix styles (`l’*État*`) or be a link followed by punctuation.
//!
//! Justified paragraphs are set *total-fit*, after Knuth and Plass: every
//! place a line may end (a space, a French hyphenation point from `hypher`)
//! is a candidate, and the breaks chosen are those that minimise the
//! demerits of the whole paragraph (see [`best_breaks`]): uneven spaces cost
//! by the cube of how far they stretch or shrink, a hyphen costs, two
//! hyphens in a row or a hyphen before the last line cost more, and a loose
//! line next to a tight one too. So a word is hyphenated only where that
//! evens the spacing, and a loose line is avoided by taking a little from
//! the lines before it. Links are never hyphenated, nor is a word cut right
//! after a hyphen it already has (« Pas-de-Calais » stays whole: `pdftotext`
//! would drop a real hyphen at a line end).
//!
//! A paragraph of more than [`TOTAL_FIT_WORDS`] words (no paragraph, but a
//! file of pathological size) is set first-fit, in memory proportional to
//! a line rather than to the paragraph.
//!
//! When no setting keeps every space within bounds (a long address that
//! cannot be cut comes next), the best setting is taken anyway, its loosest
//! lines capped and left a little short. When there is no setting at all (a
//! word wider than the measure), and for lines that are not justified, lines
//! are filled *first-fit*, one word at a time. When the next word does
//! not fit:
//!
//! 1. if the line as it stands would be justified with tight enough spaces,
//!    it ends before the word;
//! 2. otherwise, if hyphenation is on, the word is split at the last
//!    hyphenation point whose head, with a hyphen, still fits — spaces may
//!    shrink to [`MIN_SPACE_SHRINK`] of their width for that;
//! 3. otherwise the line ends before the word, and is justified loose.
//!
//! A word wider than the whole measure (a long URL) is cut where it must,
//! preferably after a `/` or a `.`, without a hyphen.
//!
//! Justified lines share their slack equally among their word spaces, up to
//! [`MAX_SPACE_STRETCH`] times a space's width; a line that would need more is
//! left short rather than gappy. The last line of a paragraph is set ragged.
//! The extra space per word space is returned with each line
//! ([`Line::word_spacing`]): the PDF writer turns it into `TJ` offsets after
//! each space glyph, so the space characters stay in the text and `pdftotext`
//! gives them back exactly once.
//!
//! [`best_breaks`]: total_fit::best_breaks
//! [`TOTAL_FIT_WORDS`]: total_fit::TOTAL_FIT_WORDS
//! [`MIN_SPACE_SHRINK`]: crate::render::pdf::design::MIN_SPACE_SHRINK
//! [`MAX_SPACE_STRETCH`]: crate::render::pdf::design::MAX_SPACE_STRETCH

mod first_fit;
mod line;
#[cfg(test)]
mod tests;
mod total_fit;
mod words;

use std::sync::Arc;

use crate::fonts::{Face, FontMetrics};
use crate::render::RenderError;
use crate::render::pdf::design::Rgb;
pub use words::is_invisible_format;
use words::split_words;

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub face: Face,
    pub size: f32,
    pub color: Rgb,
    pub underline: bool,
}

/// A styled run of a paragraph, optionally a link.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub look: Look,
    /// Where the run leads, for a link: shared by every piece of every
    /// line the link is cut into, never copied (a 200 KB address on 2,500
    /// lines was 2,500 copies).
    pub href: Option<Arc<str>>,
}

impl Span {
    /// A run of text that is not a link and not underlined.
    pub fn plain(text: &str, face: Face, size: f32, color: Rgb) -> Span {
        Span {
            text: text.to_string(),
            look: Look {
                face,
                size,
                color,
                underline: false,
            },
            href: None,
        }
    }
}

/// How lines are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    /// Flush on both sides, the last line left.
    Justify,
}

/// What the breaker needs to know besides the text.
#[derive(Debug, Clone, Copy)]
pub struct BreakOptions {
    /// The line width, in points.
    pub measure: f32,
    pub align: Align,
    pub hyphenate: bool,
}

/// A part of a line in one look: text, with its position from the line start.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub text: String,
    /// The index of the span it draws a part of.
    pub span: usize,
    pub look: Look,
    pub href: Option<Arc<str>>,
    /// From the start of the line, in points, justification included.
    pub x: f32,
    /// Drawn width, justification included.
    pub width: f32,
}

/// One line of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub pieces: Vec<Piece>,
    /// Extra space added after each word space, in points (0 unless justified).
    pub word_spacing: f32,
    /// The width the line occupies, justification included.
    pub width: f32,
    /// Whether the line ends with a hyphen the breaker added.
    pub hyphenated: bool,
}

/// Breaks a paragraph into lines.
pub fn break_lines(
    spans: &[Span],
    options: BreakOptions,
    metrics: &FontMetrics,
) -> Result<Vec<Line>, RenderError> {
    Breaker {
        spans,
        options,
        metrics,
        lines: Vec::new(),
        previous_hyphenated: false,
        uncapped: false,
    }
    .run()
}

struct Breaker<'a> {
    spans: &'a [Span],
    options: BreakOptions,
    metrics: &'a FontMetrics,
    lines: Vec<Line>,
    previous_hyphenated: bool,
    /// Justify lines whatever the stretch (a paragraph no setting within the
    /// cap fits).
    uncapped: bool,
}

impl Breaker<'_> {
    fn run(mut self) -> Result<Vec<Line>, RenderError> {
        let words = split_words(self.spans);
        if self.options.align == Align::Justify && self.total_fit(&words)? {
            return Ok(self.lines);
        }
        self.first_fit(words)
    }
}
