//! Drawing laid-out pages with printpdf: the only code that touches it.
//!
//! printpdf writes the document: pages, their content streams, rules,
//! colours and text positions (the link annotations are added by
//! [`finish`](super::finish)). The fonts and the glyph
//! codes of the text are ours ([`embed`](super::embed)): each face in use is
//! subset once, its text shown as a literal string of two-byte codes through
//! a raw `TJ`/`Tj` operation, and its objects are added to printpdf's
//! document afterwards, in the font dictionary every page's resources name.
//! printpdf's own font path walked the text of every page again and wrote
//! each glyph byte through `core::fmt`: on the n°2 that was 12 million of
//! the 31 million instructions of a `compose --format pdf`.
//!
//! Each baseline is one text object (`BT … ET`): its first run is placed
//! with `Td`, the next ones with `Td` relative to the previous run, so every
//! run lands exactly where the layout put it. Justification is written as
//! `TJ` offsets after each space glyph (the `Tw` operator does not apply to
//! two-byte CID fonts), so the spaces stay in the text stream for
//! extraction.

use std::collections::BTreeMap;

use lopdf::Object;
use printpdf::{
    Color, DictItem, FontId, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, Rect,
};

use super::design::{PAGE_HEIGHT, PAGE_WIDTH, Rgb};
use super::embed::{EmbeddedFont, subset_fonts};
use super::fonts::{Face, FontMetrics};
use super::layout::{Document, Page, TextRun};
use crate::render::RenderError;

/// Draws `document` and returns printpdf's output as a lopdf document, with
/// the fonts added, for the finishing touches printpdf cannot do.
pub fn write_document(
    document: &Document,
    metrics: &FontMetrics,
) -> Result<lopdf::Document, RenderError> {
    let fonts = subset_fonts(document, metrics)?;
    let mut pdf = PdfDocument::new(&document.info.title);
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
        // Compression and pruning happen at the very end, after lopdf has
        // mended the document; printpdf is handed no font to subset.
        optimize: false,
        subset_fonts: false,
        // `secure` drops raw operations: the text is shown through them.
        // Every operation here is built by this module, none from input.
        secure: false,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lopdf = pdf.to_lopdf_document(&options, &mut warnings);
    if let Some(error) = warnings
        .iter()
        .find(|warning| warning.severity == PdfParseErrorSeverity::Error)
    {
        return Err(RenderError::Pdf(error.msg.clone()));
    }
    add_fonts(&mut lopdf, fonts)?;
    Ok(lopdf)
}

/// Adds the fonts' objects to every page's font dictionary (empty until
/// now: printpdf was handed no font). printpdf 0.12 gives all pages one
/// shared dictionary; each distinct one is filled, whatever it does.
fn add_fonts(
    pdf: &mut lopdf::Document,
    fonts: BTreeMap<Face, EmbeddedFont>,
) -> Result<(), RenderError> {
    let missing = || RenderError::Pdf("a page has no font dictionary".to_string());
    let mut dictionaries = Vec::new();
    for page in pdf.get_pages().into_values() {
        let dictionary = pdf
            .get_dictionary(page)
            .and_then(|page| page.get(b"Resources"))
            .and_then(|resources| pdf.dereference(resources))
            .and_then(|(_, resources)| resources.as_dict())
            .and_then(|resources| resources.get(b"Font"))
            .and_then(|fonts| fonts.as_reference())
            .map_err(|_| missing())?;
        if !dictionaries.contains(&dictionary) {
            dictionaries.push(dictionary);
        }
    }
    let mut entries = Vec::with_capacity(fonts.len());
    for font in fonts.into_values() {
        let resource = font.resource.clone();
        entries.push((resource, Object::Reference(font.embed(pdf))));
    }
    for id in dictionaries {
        let dictionary = pdf.get_dictionary_mut(id).map_err(|_| missing())?;
        for (resource, font) in &entries {
            dictionary.set(resource.as_str(), font.clone());
        }
    }
    Ok(())
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
fn page_ops(page: &Page, fonts: &BTreeMap<Face, EmbeddedFont>) -> Result<Vec<Op>, RenderError> {
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

    // The link areas are written by `finish`, straight into the lopdf
    // document: as printpdf operations, with printpdf's dictionaries then
    // copied, each cost kilobytes while the whole document was in memory.
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
    fonts: &BTreeMap<Face, EmbeddedFont>,
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
        let embedded = fonts.get(&run.face).ok_or_else(|| {
            RenderError::Pdf(format!("the font `{}` was not embedded", run.face.name()))
        })?;
        if *font != Some((run.face, run.size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(embedded.resource.clone())),
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
        ops.push(show_text(run, embedded)?);
    }
    ops.push(Op::EndTextSection);
    Ok(())
}

/// The run's text as one `Tj`, or as a `TJ` with the justification offset
/// after each space. Glyph codes go in literal strings, which lopdf writes
/// byte for byte (escaping what must be); a hexadecimal string costs a
/// formatted write per byte.
///
/// Offsets are whole thousandths of an em, as TeX writes them (a
/// thousandth of 10 pt is 0.01 pt), rounded so that each word lands within
/// half a thousandth of its exact place: the rounding errors never add up
/// along the line.
fn show_text(run: &TextRun, font: &EmbeddedFont) -> Result<Op, RenderError> {
    let shown = |text: &str| -> Result<DictItem, RenderError> {
        let mut codes = Vec::with_capacity(2 * text.len());
        font.push_codes(text, &mut codes)?;
        Ok(DictItem::String {
            data: codes,
            literal: true,
        })
    };
    if run.word_spacing == 0.0 {
        return Ok(Op::Unknown {
            key: "Tj".to_string(),
            value: vec![shown(&run.text)?],
        });
    }
    // TJ numbers are thousandths of an em, negative to move right.
    let offset = -f64::from(run.word_spacing) * 1000.0 / f64::from(run.size);
    let mut items = Vec::with_capacity(2 * run.text.matches(' ').count() + 1);
    let (mut exact, mut written) = (0.0, 0);
    for chunk in run.text.split_inclusive(' ') {
        items.push(shown(chunk)?);
        if chunk.ends_with(' ') {
            exact += offset;
            let step = exact.round() as i64 - written;
            written += step;
            items.push(DictItem::Int(step));
        }
    }
    Ok(Op::Unknown {
        key: "TJ".to_string(),
        value: vec![DictItem::Array(items)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::design::TEXT;
    use crate::render::pdf::fonts::metrics;
    use crate::render::pdf::layout::{Info, Role};

    #[test]
    fn rounded_offsets_keep_every_word_within_half_a_thousandth_of_its_place() {
        let text = "un deux trois quatre cinq six sept huit neuf dix onze douze";
        let document = Document {
            pages: vec![Page {
                texts: vec![TextRun {
                    face: Face::Regular,
                    size: 10.0,
                    color: TEXT,
                    x: 0.0,
                    y: 0.0,
                    text: text.to_string(),
                    word_spacing: 0.7777,
                    width: 0.0,
                    role: Role::Body,
                }],
                ..Page::default()
            }],
            outline: Vec::new(),
            info: Info {
                title: String::new(),
                author: None,
                subject: String::new(),
            },
        };
        let fonts = subset_fonts(&document, metrics().unwrap()).unwrap();
        let run = &document.pages[0].texts[0];
        let Op::Unknown { key, value } = show_text(run, &fonts[&Face::Regular]).unwrap() else {
            panic!("not a raw operation");
        };
        assert_eq!(key, "TJ");
        let [DictItem::Array(items)] = &value[..] else {
            panic!("{value:?}");
        };
        let exact = -0.7777 * 1000.0 / 10.0;
        let mut sum = 0;
        let mut spaces = 0_u32;
        for item in items {
            if let DictItem::Int(step) = item {
                sum += step;
                spaces += 1;
                let drift = (f64::from(sum as i32) - exact * f64::from(spaces)).abs();
                assert!(drift <= 0.5, "{drift} after {spaces} spaces");
            }
        }
        assert_eq!(spaces as usize, text.matches(' ').count());
    }
}
