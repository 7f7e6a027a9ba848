//! French typography, applied once to the validated model before any
//! renderer, so that the Markdown, the HTML and the PDF carry exactly the
//! same characters. The rules themselves are in [`french`]; dates written
//! by the tool in [`dates`].

mod dates;
pub mod french;

pub use dates::{dateline, french_date, french_weekday_date};
pub use french::capital_a_without_accent;

use crate::model::{Inline, Paragraph, Release, TextMut};
use french::{Cell, LINK, apply_rules, has_title, may_change};

/// Applies the rules to every text of `release`. Links, phone numbers and
/// dates are left as they are.
pub fn apply(release: &mut Release) {
    for text in release.texts_mut() {
        match text {
            TextMut::Paragraph(paragraph) => french_paragraph(paragraph),
            TextMut::Plain(text) => *text = french_text(text),
        }
    }
}

/// The rules applied to a plain string.
pub fn french_text(text: &str) -> String {
    let mut cells: Vec<Cell> = text.chars().map(|ch| Cell { ch, run: 0 }).collect();
    apply_rules(&mut cells);
    cells.into_iter().map(|cell| cell.ch).collect()
}

/// Whether a title (« M. », « Dr »…) is cut by a change of style, which no
/// single run shows to [`may_change`].
fn title_across_runs(paragraph: &Paragraph) -> bool {
    let texts = paragraph
        .0
        .iter()
        .filter(|inline| matches!(inline, Inline::Text { .. }));
    if texts.count() < 2 {
        return false;
    }
    let joined: String = paragraph
        .0
        .iter()
        .filter_map(|inline| match inline {
            Inline::Text { text, .. } => Some(text.as_str()),
            Inline::Link { .. } => None,
        })
        .collect();
    has_title(&joined)
}

/// The rules applied across the runs of a paragraph, links left whole.
pub fn french_paragraph(paragraph: &mut Paragraph) {
    // Nothing for a rule to act on: the paragraph stays as it is. (An empty
    // run still goes through, for the rewrite below drops it.)
    let runs_may_change = paragraph.0.iter().any(
        |inline| matches!(inline, Inline::Text { text, .. } if text.is_empty() || may_change(text)),
    );
    if !runs_may_change && !title_across_runs(paragraph) {
        return;
    }
    // No more cells than bytes: one allocation.
    let capacity = paragraph
        .0
        .iter()
        .map(|inline| match inline {
            Inline::Text { text, .. } => text.len(),
            Inline::Link { .. } => 1,
        })
        .sum();
    let mut cells = Vec::with_capacity(capacity);
    for (run, inline) in paragraph.0.iter().enumerate() {
        match inline {
            Inline::Text { text, .. } => cells.extend(text.chars().map(|ch| Cell { ch, run })),
            Inline::Link { .. } => cells.push(Cell { ch: LINK, run }),
        }
    }
    apply_rules(&mut cells);
    // Each text run is rewritten in its own buffer, which already has about
    // the right capacity; a link's cell stands for the link, left whole.
    for inline in &mut paragraph.0 {
        if let Inline::Text { text, .. } = inline {
            text.clear();
        }
    }
    for cell in cells {
        if let Inline::Text { text, .. } = &mut paragraph.0[cell.run] {
            text.push(cell.ch);
        }
    }
    paragraph
        .0
        .retain(|inline| !matches!(inline, Inline::Text { text, .. } if text.is_empty()));
}

#[cfg(test)]
mod tests;
