//! Line assembly: a line's words justified and merged into positioned
//! pieces.

use super::words::Word;
use super::{Align, Breaker, Line, Piece};
use crate::render::RenderError;
use crate::render::pdf::design::MAX_SPACE_STRETCH;

/// What a line holds while it is being filled.
#[derive(Default)]
pub(super) struct Pending {
    pub(super) words: Vec<Word>,
    /// Natural width of the words, spaces excluded.
    pub(super) words_width: f32,
    /// Natural width of the spaces between the words.
    pub(super) spaces_width: f32,
    pub(super) spaces: usize,
}

impl Breaker<'_> {
    /// Turns the pending words into a positioned line.
    pub(super) fn finish(
        &mut self,
        pending: Pending,
        last: bool,
        hyphenated: bool,
    ) -> Result<(), RenderError> {
        let measure = self.options.measure;
        let natural = pending.words_width + pending.spaces_width;
        let word_spacing = if pending.spaces > 0 && natural > measure {
            // Filled with shrunk spaces: shrink them, even on a last line.
            (measure - natural) / pending.spaces as f32
        } else if self.options.align == Align::Justify && !last && pending.spaces > 0 {
            let extra = (measure - natural) / pending.spaces as f32;
            let average_space = pending.spaces_width / pending.spaces as f32;
            if self.uncapped {
                extra
            } else {
                extra.min(average_space * (MAX_SPACE_STRETCH - 1.0))
            }
        } else {
            0.0
        };
        let width = natural + word_spacing * pending.spaces as f32;
        let offset = match self.options.align {
            Align::Left | Align::Justify => 0.0,
            Align::Center => ((measure - width) / 2.0).max(0.0),
            Align::Right => (measure - width).max(0.0),
        };

        // Merge the words into pieces of one span each; a space joins the
        // piece of the span that draws it.
        let mut pieces: Vec<(usize, String)> = Vec::new();
        let mut push = |span: usize, text: &str| match pieces.last_mut() {
            Some((last_span, last_text)) if *last_span == span => last_text.push_str(text),
            _ => pieces.push((span, text.to_string())),
        };
        for word in &pending.words {
            if let Some(span) = word.space_before {
                push(span, " ");
            }
            for part in &word.parts {
                push(part.span, &part.text);
            }
        }

        let mut x = offset;
        let mut positioned = Vec::with_capacity(pieces.len());
        for (index, text) in pieces {
            let span = &self.spans[index];
            let spaces = text.matches(' ').count() as f32;
            let width =
                self.metrics.width(span.look.face, span.look.size, &text)? + spaces * word_spacing;
            positioned.push(Piece {
                text,
                span: index,
                look: span.look,
                href: span.href.clone(),
                x,
                width,
            });
            x += width;
        }
        self.previous_hyphenated = hyphenated;
        self.lines.push(Line {
            pieces: positioned,
            word_spacing,
            width,
            hyphenated,
        });
        Ok(())
    }
}
