//! French typography, applied once to the validated model before any
//! renderer, so that the Markdown, the HTML and the PDF carry exactly the
//! same characters. The rules themselves are in [`french`]; dates written
//! by the tool in [`dates`].

mod dates;
pub mod french;

pub use dates::{dateline, french_date, french_weekday_date};
pub use french::capital_a_without_accent;

use crate::model::{Inline, Paragraph, Release};
use french::{Cell, LINK, apply_rules, has_title, may_change};

/// Applies the rules to every text of `release`. Links, phone numbers and
/// dates are left as they are.
pub fn apply(release: &mut Release) {
    release.title = french_text(&release.title);
    release.place = french_text(&release.place);
    for text in [&mut release.issuer, &mut release.label]
        .into_iter()
        .flatten()
    {
        *text = french_text(text);
    }
    if let Some(name) = release
        .contact
        .as_mut()
        .and_then(|contact| contact.name.as_mut())
    {
        *name = french_text(name);
    }
    let closing = &mut release.closing;
    let paragraphs = release
        .preamble
        .iter_mut()
        .chain(release.sections.iter_mut().flat_map(|section| {
            std::iter::once(&mut section.title)
                .chain(section.intro.iter_mut())
                .chain(
                    section
                        .initiatives
                        .iter_mut()
                        .flat_map(|initiative| initiative.text.iter_mut()),
                )
        }))
        .chain(closing.text.iter_mut())
        .chain(closing.call_to_action.iter_mut());
    for paragraph in paragraphs {
        french_paragraph(paragraph);
    }
    for initiative in release
        .sections
        .iter_mut()
        .flat_map(|s| s.initiatives.iter_mut())
    {
        if let Some(place) = &mut initiative.place {
            *place = french_text(place);
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
