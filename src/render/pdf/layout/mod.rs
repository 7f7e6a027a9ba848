//! The communiqué laid out as pages of positioned text, rules and link areas.
//!
//! This is pure: a [`Release`] and the font metrics in, a [`Document`] out,
//! no PDF library involved, so lines and pages can be tested as data. The
//! writer (`super::write`) only draws what is here.
//!
//! Coordinates are PDF points from the bottom-left corner of the page, `y`
//! upwards; a text run's `y` is its baseline.
//!
//! - [`blocks`] turns the model into blocks of broken lines (the flow);
//! - [`header`] sets the fixed top of page 1 (issuer, label, date, title);
//! - [`paginate`] pours the flow into pages, keeping headings with what
//!   follows and avoiding widows, orphans and a hyphen at a page foot, then
//!   adds the footers;
//! - [`linebreak`] and [`hyphenate`] break a paragraph into lines;
//! - [`structure`] is what each piece of text is (a heading, a paragraph, a
//!   link…), built as the text is set, for the tagged PDF.

mod blocks;
mod header;
pub mod hyphenate;
pub mod linebreak;
mod paginate;
pub mod structure;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use crate::fonts::{Face, FontMetrics};
use crate::model::Release;
use crate::render::RenderError;
use crate::render::pdf::design::{Rgb, UNDERLINE_DROP, UNDERLINE_THICKNESS};
use crate::typography::dateline;
use linebreak::Line;
use structure::{ElementId, Structure, Tag};

/// The laid-out communiqué.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub pages: Vec<Page>,
    /// One entry per section, in reading order.
    pub outline: Vec<Bookmark>,
    pub info: Info,
    /// What the text is: the elements its runs and link areas point at.
    pub structure: Structure,
}

/// What the document says about itself (PDF metadata).
#[derive(Debug, Clone, PartialEq)]
pub struct Info {
    /// The full title, with its number.
    pub title: String,
    /// The issuer, when known.
    pub author: Option<String>,
    /// The label and the dateline: « Communiqué de presse, Arras, le 8
    /// avril 2020 ».
    pub subject: String,
}

/// One page: what to draw on it and where its links are.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub texts: Vec<TextRun>,
    pub rules: Vec<Rule>,
    pub links: Vec<LinkArea>,
}

/// Text in one face, size and colour, on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub face: Face,
    pub size: f32,
    pub color: Rgb,
    pub x: f32,
    /// The baseline.
    pub y: f32,
    pub text: String,
    /// Extra space after each U+0020 space, in points (justification).
    pub word_spacing: f32,
    /// The drawn width, justification included.
    pub width: f32,
    /// Whether the text ends with a hyphen the line breaker added, which is
    /// not part of the word.
    pub hyphenated: bool,
    pub tag: Tag,
}

/// A filled rectangle: rules, underlines, the flag stripes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub color: Rgb,
}

/// A clickable rectangle and the URI it opens. The areas of one link cut
/// into several lines share their URI, and so one action in the PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArea {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub href: Arc<str>,
    /// The link's element: the areas of a link cut into lines share it.
    pub element: ElementId,
}

/// An outline entry: a section heading and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    pub title: String,
    /// Zero-based page index.
    pub page: usize,
    /// The top of the heading on its page.
    pub y: f32,
}

/// Lays `release` out into pages.
pub fn layout_document(release: &Release, metrics: &FontMetrics) -> Result<Document, RenderError> {
    let mut structure = Structure::default();
    let mut first_page = Page::default();
    let flow_top = header::set_header(release, metrics, &mut first_page, &mut structure)?;
    let flow = blocks::flow_blocks(release, metrics, &mut structure)?;
    let footer_text = release
        .issuer
        .clone()
        .unwrap_or_else(|| release.full_title());
    let (pages, outline) = paginate::paginate(flow, first_page, flow_top, &footer_text, metrics)?;
    Ok(Document {
        pages,
        outline,
        info: Info {
            title: release.full_title(),
            author: release.issuer.clone(),
            subject: match &release.label {
                Some(label) => format!("{label}, {}", dateline(&release.place, release.date)),
                None => dateline(&release.place, release.date),
            },
        },
        structure,
    })
}

/// Draws a broken line with its start at `x` and its baseline at `baseline`:
/// text runs, link areas and link underlines. `elements` are those of the
/// line's spans, by span index.
fn place_line(
    line: &Line,
    x: f32,
    baseline: f32,
    elements: &[ElementId],
    metrics: &FontMetrics,
    page: &mut Page,
) {
    let last = line.pieces.len().saturating_sub(1);
    for (index, piece) in line.pieces.iter().enumerate() {
        let look = piece.look;
        let element = elements[piece.span];
        let left = x + piece.x;
        page.texts.push(TextRun {
            face: look.face,
            size: look.size,
            color: look.color,
            x: left,
            y: baseline,
            text: piece.text.clone(),
            word_spacing: line.word_spacing,
            width: piece.width,
            hyphenated: line.hyphenated && index == last,
            tag: Tag::Element(element),
        });
        if look.underline {
            page.rules.push(Rule {
                x: left,
                y: baseline - UNDERLINE_DROP - UNDERLINE_THICKNESS / 2.0,
                width: piece.width,
                height: UNDERLINE_THICKNESS,
                color: look.color,
            });
        }
        if let Some(href) = &piece.href {
            let descent = metrics.descent(look.face) * look.size;
            let ascent = metrics.ascent(look.face) * look.size;
            page.links.push(LinkArea {
                x: left,
                y: baseline - descent,
                width: piece.width,
                height: ascent + descent,
                href: href.clone(),
                element,
            });
        }
    }
}

/// Where the baseline of a line sits below the top of its line box: the
/// half-leading, then the ascent.
fn baseline_drop(leading: f32, size: f32, face: Face, metrics: &FontMetrics) -> f32 {
    let ascent = metrics.ascent(face) * size;
    let descent = metrics.descent(face) * size;
    (leading - ascent - descent) / 2.0 + ascent
}
