//! The first-fit breaker: for lines that are not justified, and the
//! fallback for a paragraph the total-fit breaker cannot set.

use super::line::Pending;
use super::words::{Cuts, Part, Word, address_points, advance, rest_of, slice_word, word_chars};
use super::{Align, Breaker, Line};
use crate::render::RenderError;
use crate::render::pdf::design::MIN_SPACE_SHRINK;

impl Breaker<'_> {
    /// Fills lines first-fit: used for lines that are not justified, and for
    /// a paragraph the total-fit breaker cannot set within bounds.
    pub(super) fn first_fit(mut self, words: Vec<Word>) -> Result<Vec<Line>, RenderError> {
        let measure = self.options.measure;
        let mut pending = Pending::default();
        for word in words {
            let mut word = word;
            loop {
                let word_width = self.word_width(&word)?;
                if pending.words.is_empty() {
                    word.space_before = None;
                    if word_width <= measure {
                        pending.words_width = word_width;
                        pending.words.push(word);
                        break;
                    }
                    // Wider than a whole line: cut it, hyphenated if possible.
                    word = self.set_overlong(&word)?;
                    continue;
                }
                let space = self.space_width(&word)?;
                let natural = pending.words_width + pending.spaces_width + space + word_width;
                let shrunk = pending.words_width
                    + (pending.spaces_width + space) * self.shrink_factor()
                    + word_width;
                if natural <= measure || shrunk <= measure {
                    pending.words_width += word_width;
                    pending.spaces_width += space;
                    pending.spaces += 1;
                    pending.words.push(word);
                    break;
                }
                if self.wants_hyphen(&pending)
                    && let Some((head, tail)) = self.hyphenate_into(&pending, &word, space)?
                {
                    pending.words_width += self.word_width(&head)?;
                    pending.spaces_width += space;
                    pending.spaces += 1;
                    pending.words.push(head);
                    self.finish(std::mem::take(&mut pending), false, true)?;
                    word = tail;
                    continue;
                }
                self.finish(std::mem::take(&mut pending), false, false)?;
            }
        }
        if !pending.words.is_empty() {
            self.finish(pending, true, false)?;
        }
        Ok(self.lines)
    }

    fn shrink_factor(&self) -> f32 {
        if self.options.align == Align::Justify {
            MIN_SPACE_SHRINK
        } else {
            1.0
        }
    }

    /// Whether ending the line before the next word would leave it too loose,
    /// so that hyphenating that word is worth a hyphen.
    fn wants_hyphen(&self, pending: &Pending) -> bool {
        if !self.options.hyphenate {
            return false;
        }
        let slack = self.options.measure - pending.words_width - pending.spaces_width;
        if pending.spaces == 0 {
            return slack > 0.0;
        }
        // How much each space would grow, relative to its width. Two
        // hyphenated lines in a row need a looser line to be worth it.
        let growth = slack / pending.spaces_width;
        let threshold = if self.previous_hyphenated { 1.0 } else { 0.5 };
        growth > threshold
    }

    /// Sets the full lines of `word`, wider than the measure, at the start
    /// of a line: each cut where [`Breaker::cut_overlong`] says, until what
    /// is left fits on a line; returns that rest.
    ///
    /// Each cut looks at a window of the word a little longer than a line
    /// ([`Breaker::window`]), and the rest is copied only once, at the end:
    /// cutting a copy of the whole rest, measured whole, for every line made
    /// a 1 MB word take minutes and gigabytes.
    fn set_overlong(&mut self, word: &Word) -> Result<Word, RenderError> {
        let mut from = (0, 0);
        loop {
            let (window, whole) = self.window(word, from)?;
            if whole && self.word_width(&window)? <= self.options.measure {
                return Ok(window);
            }
            let ((head, hyphenated), tail) = self.cut_overlong(&window)?;
            let taken = word_chars(&window) - word_chars(&tail);
            from = advance(word, from, taken);
            let pending = Pending {
                words_width: self.word_width(&head)?,
                words: vec![head],
                ..Pending::default()
            };
            self.finish(pending, false, hyphenated)?;
        }
    }

    /// The characters of `word` from `from` (part, byte offset) on, as a
    /// word without a space before it, and whether that is all of them:
    /// all when they are at most [`WINDOW`] bytes, else as many as fill a
    /// line and [`WINDOW_MARGIN`] more, all that a cut of the next line
    /// looks at (a hyphenation pattern or an address rule looks a few
    /// characters ahead, never a line).
    fn window(&self, word: &Word, from: (usize, usize)) -> Result<(Word, bool), RenderError> {
        let rest = || {
            word.parts
                .iter()
                .enumerate()
                .skip(from.0)
                .map(|(index, part)| {
                    let start = if index == from.0 { from.1 } else { 0 };
                    (part.span, &part.text[start..])
                })
        };
        // Each part holds a byte at least: this stops after WINDOW parts.
        let mut length = 0;
        let short = rest().all(|(_, text)| {
            length += text.len();
            length <= WINDOW
        });
        if short {
            return Ok((rest_of(word, from), true));
        }
        let mut parts: Vec<Part> = Vec::new();
        let mut width = 0.0;
        let mut margin = WINDOW_MARGIN;
        for (span, text) in rest() {
            let look = self.spans[span].look;
            let mut end = text.len();
            for (offset, character) in text.char_indices() {
                if width <= self.options.measure {
                    width += self.metrics.advance(look.face, character)? * look.size / 1000.0;
                } else if margin == 0 {
                    end = offset;
                    break;
                } else {
                    margin -= 1;
                }
            }
            if end > 0 {
                parts.push(Part {
                    span,
                    text: text[..end].to_string(),
                });
            }
            if end < text.len() {
                let window = Word {
                    parts,
                    space_before: None,
                };
                return Ok((window, false));
            }
        }
        let window = Word {
            parts,
            space_before: None,
        };
        Ok((window, true))
    }

    /// Splits `word` at the hyphenation point giving the longest head that
    /// still fits on the pending line, or `None`.
    fn hyphenate_into(
        &self,
        pending: &Pending,
        word: &Word,
        space: f32,
    ) -> Result<Option<(Word, Word)>, RenderError> {
        let room = |head_width: f32| {
            let natural = pending.words_width + pending.spaces_width + space + head_width;
            let shrunk = pending.words_width
                + (pending.spaces_width + space) * self.shrink_factor()
                + head_width;
            natural.min(shrunk) <= self.options.measure
        };
        // A head that fits is shorter than a line: only a window of a long
        // word is hyphenated ([`Breaker::window`]).
        let (window, whole) = self.window(word, (0, 0))?;
        for (mut head, tail) in self.hyphenations(&window).into_iter().rev() {
            let head_width = self.word_width(&head)?;
            if room(head_width) {
                // The window starts the word without its space; the head
                // takes it back (the line counted it).
                head.space_before = word.space_before;
                if whole {
                    return Ok(Some((head, tail)));
                }
                let taken = word_chars(&window) - word_chars(&tail);
                let rest = rest_of(word, advance(word, (0, 0), taken));
                return Ok(Some((head, rest)));
            }
        }
        Ok(None)
    }

    /// Every way to hyphenate `word`: (head with its hyphen, tail), from the
    /// shortest head to the longest.
    fn hyphenations(&self, word: &Word) -> Vec<(Word, Word)> {
        let points = self.split_points(word, Cuts::Hyphens);
        (0..points.len())
            .map(|split| {
                (
                    slice_word(word, &points, None, Some(split)),
                    slice_word(word, &points, Some(split), None),
                )
            })
            .collect()
    }

    /// Cuts a word wider than the measure: at a hyphenation point if one fits,
    /// else at the last place the address rule allows ([`address_points`]),
    /// else anywhere.
    /// Returns ((head, hyphenated), tail).
    fn cut_overlong(&self, word: &Word) -> Result<((Word, bool), Word), RenderError> {
        for (head, tail) in self.hyphenations(word).into_iter().rev() {
            if self.word_width(&head)? <= self.options.measure {
                return Ok(((head, true), tail));
            }
        }
        // Flatten to characters with their span, and find the longest prefix
        // that fits.
        let characters: Vec<(usize, char)> = word
            .parts
            .iter()
            .flat_map(|part| part.text.chars().map(move |c| (part.span, c)))
            .collect();
        let mut width = 0.0;
        let mut fitting = 0;
        for &(span, character) in &characters {
            let look = self.spans[span].look;
            width += self.metrics.advance(look.face, character)? * look.size / 1000.0;
            if width > self.options.measure {
                break;
            }
            fitting += 1;
        }
        // At least one character per line, so that the loop always advances.
        let fitting = fitting
            .max(1)
            .min(characters.len().saturating_sub(1))
            .max(1);
        // The last place the address rule allows, unless it would leave the
        // line less than half full.
        let text: String = characters.iter().map(|&(_, c)| c).collect();
        let cut = address_points(&text)
            .into_iter()
            .map(|offset| text[..offset].chars().count())
            .rfind(|&position| position <= fitting && position * 2 >= fitting)
            .unwrap_or(fitting);
        let rebuild = |slice: &[(usize, char)], space_before| {
            let mut parts: Vec<Part> = Vec::new();
            for &(span, character) in slice {
                match parts.last_mut() {
                    Some(part) if part.span == span => part.text.push(character),
                    _ => parts.push(Part {
                        span,
                        text: character.to_string(),
                    }),
                }
            }
            Word {
                parts,
                space_before,
            }
        };
        Ok((
            (rebuild(&characters[..cut], None), false),
            rebuild(&characters[cut..], None),
        ))
    }
}

/// A word longer than this, in bytes, is looked at a window at a time when
/// it is cut ([`Breaker::window`]); a shorter one, whole.
pub(super) const WINDOW: usize = 1024;
/// How many characters past a full line the window of a long word holds.
const WINDOW_MARGIN: usize = 64;
