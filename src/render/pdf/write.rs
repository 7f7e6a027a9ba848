//! Drawing laid-out pages with printpdf: the only code that touches it.
//!
//! Each face in use is subset and added once. Each baseline is one text
//! object (`BT … ET`): its first run is placed with `Td`, the next ones with
//! `Td` relative to the previous run, so every run lands exactly where the
//! layout put it. Justification is written as `TJ` offsets after each space
//! glyph (the `Tw` operator does not apply to two-byte CID fonts), so the
//! spaces stay in the text stream for extraction.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Actions, BorderArray, Color, ColorArray, FontId, FontType, HighlightingMode, LinkAnnotation,
    Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfFontMetricsStub,
    PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, Rect, TextItem,
};

use super::design::{PAGE_HEIGHT, PAGE_WIDTH, Rgb};
use super::fonts::{Face, FontMetrics};
use super::layout::{Document, Page, TextRun};
use super::subset::subset_face;
use crate::render::RenderError;

/// Draws `document` and returns printpdf's output as a lopdf document, for
/// the finishing touches printpdf cannot do.
pub fn write_document(
    document: &Document,
    metrics: &FontMetrics,
) -> Result<lopdf::Document, RenderError> {
    let mut pdf = PdfDocument::new(&document.info.title);
    let fonts = add_fonts(&mut pdf, document, metrics)?;
    let pages = document
        .pages
        .iter()
        .map(|page| {
            Ok(PdfPage::new(
                Mm::from(Pt(PAGE_WIDTH)),
                Mm::from(Pt(PAGE_HEIGHT)),
                page_ops(page, &fonts)?,
            ))
        })
        .collect::<Result<Vec<_>, RenderError>>()?;
    pdf.with_pages(pages);

    let options = PdfSaveOptions {
        // The fonts are subset already; compression and pruning happen at the
        // very end, after lopdf has mended the document.
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lopdf = pdf.to_lopdf_document(&options, &mut warnings);
    if let Some(error) = warnings
        .iter()
        .find(|warning| warning.severity == PdfParseErrorSeverity::Error)
    {
        return Err(RenderError::Pdf(error.msg.clone()));
    }
    Ok(lopdf)
}

/// Subsets and adds every face the document uses. The subset is handed to
/// printpdf already described (character map, widths, metrics), so printpdf
/// does not parse it again.
fn add_fonts(
    pdf: &mut PdfDocument,
    document: &Document,
    metrics: &FontMetrics,
) -> Result<BTreeMap<Face, FontId>, RenderError> {
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for run in document.pages.iter().flat_map(|page| &page.texts) {
        used.entry(run.face).or_default().extend(run.text.chars());
    }
    let mut fonts = BTreeMap::new();
    for (face, characters) in used {
        let subset = subset_face(face, &characters, metrics)?;
        let font = ParsedFont {
            original_bytes: subset.program,
            font_index: 0,
            font_name: Some(format!(
                "{}+{}",
                subset_tag(&characters),
                face.postscript_name()
            )),
            codepoint_to_glyph: subset
                .characters
                .iter()
                .map(|&(character, glyph)| (u32::from(character), glyph))
                .collect(),
            glyph_widths: (0..).zip(subset.advances.iter().copied()).collect(),
            units_per_em: subset.units_per_em,
            font_metrics: printpdf::font::FontMetrics {
                ascent: subset.ascender,
                descent: subset.descender,
            },
            font_type: FontType::TrueType,
            pdf_font_metrics: PdfFontMetricsStub {
                units_per_em: subset.units_per_em,
                x_min: subset.bounding_box[0],
                y_min: subset.bounding_box[1],
                x_max: subset.bounding_box[2],
                y_max: subset.bounding_box[3],
                caret_slope_rise: subset.caret_slope.0,
                caret_slope_run: subset.caret_slope.1,
                us_weight_class: subset.weight_class,
            },
        };
        // Our own resource names: printpdf's `add_font` draws them from a
        // process-wide counter, so a second document rendered by the same
        // process (`build`) would differ from the first.
        let id = FontId(format!("F{}", fonts.len() + 1));
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(font));
        fonts.insert(face, id);
    }
    Ok(fonts)
}

/// The six capital letters that mark a subset font's name (ISO 32000-1,
/// 9.6.4), derived from the characters it holds: two different subsets of a
/// face get different names, the same subset always the same.
fn subset_tag(characters: &BTreeSet<char>) -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    for &character in characters {
        for byte in u32::from(character).to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x100000001b3);
        }
    }
    (0..6)
        .map(|index| char::from(b'A' + ((hash >> (index * 8)) % 26) as u8))
        .collect()
}

fn color(rgb: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: rgb.0,
        g: rgb.1,
        b: rgb.2,
        icc_profile: None,
    })
}

/// The drawing operations of one page: rules, then text, then links.
fn page_ops(page: &Page, fonts: &BTreeMap<Face, FontId>) -> Result<Vec<Op>, RenderError> {
    let mut ops = Vec::new();
    for rule in &page.rules {
        ops.push(Op::SetFillColor {
            col: color(rule.color),
        });
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(rule.x),
                y: Pt(rule.y),
                width: Pt(rule.width),
                height: Pt(rule.height),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
    }

    // One text object per baseline, runs in reading order. The font and
    // the fill colour belong to the graphics state, which outlives a text
    // object: each is set only when it changes.
    let mut state = TextState::default();
    for line in page.texts.chunk_by(|a, b| a.y == b.y) {
        text_object(line, fonts, &mut state, &mut ops)?;
    }

    for link in &page.links {
        ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                Rect::from_xywh(Pt(link.x), Pt(link.y), Pt(link.width), Pt(link.height)),
                Actions::uri(link.href.clone()),
                // No border: the link is shown by its colour and underline.
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                Some(HighlightingMode::Invert),
            ),
        });
    }
    Ok(ops)
}

/// The font and fill colour last set on a page.
#[derive(Default)]
struct TextState {
    font: Option<(Face, f32)>,
    fill: Option<Rgb>,
}

/// The runs of one baseline as one text object. Each `Td` moves from the
/// previous run's start, so every run lands where the layout put it,
/// whatever the widths the viewer uses.
fn text_object(
    runs: &[TextRun],
    fonts: &BTreeMap<Face, FontId>,
    state: &mut TextState,
    ops: &mut Vec<Op>,
) -> Result<(), RenderError> {
    ops.push(Op::StartTextSection);
    let TextState { font, fill } = state;
    let mut origin = (0.0, 0.0);
    for run in runs {
        ops.push(Op::SetTextCursor {
            pos: Point {
                x: Pt(run.x - origin.0),
                y: Pt(run.y - origin.1),
            },
        });
        origin = (run.x, run.y);
        if *font != Some((run.face, run.size)) {
            let id = fonts.get(&run.face).ok_or_else(|| {
                RenderError::Pdf(format!("the font `{}` was not embedded", run.face.name()))
            })?;
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: Pt(run.size),
            });
            *font = Some((run.face, run.size));
        }
        if *fill != Some(run.color) {
            ops.push(Op::SetFillColor {
                col: color(run.color),
            });
            *fill = Some(run.color);
        }
        ops.push(Op::ShowText {
            items: text_items(run),
        });
    }
    ops.push(Op::EndTextSection);
    Ok(())
}

/// The run's text, with the justification offset after each space.
fn text_items(run: &TextRun) -> Vec<TextItem> {
    if run.word_spacing == 0.0 {
        return vec![TextItem::Text(run.text.clone())];
    }
    // TJ numbers are thousandths of an em, negative to move right.
    let offset = -run.word_spacing * 1000.0 / run.size;
    let mut items = Vec::new();
    for chunk in run.text.split_inclusive(' ') {
        items.push(TextItem::Text(chunk.to_string()));
        if chunk.ends_with(' ') {
            items.push(TextItem::Offset(offset));
        }
    }
    items
}
