//! Drawing laid-out pages with printpdf: the only code that touches it.
//!
//! printpdf writes the document's frame: pages, resources, metadata. The
//! content streams are encoded here, page by page, with the operators
//! printpdf writes for the same drawing (rules, colours, text positions),
//! and put in the streams printpdf leaves empty; the link annotations are
//! added by [`finish`](super::finish). The fonts and the glyph
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

use lopdf::content::{Content, Operation};
use lopdf::{Object, StringFormat};
use printpdf::{Mm, PdfDocument, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Pt};

use super::design::{PAGE_HEIGHT, PAGE_WIDTH, Rgb};
use super::embed::{EmbeddedFont, subset_fonts};
use super::layout::{Document, Page, TextRun};
use crate::fonts::{Face, FontMetrics};
use crate::render::RenderError;

/// Draws `document` and returns printpdf's output as a lopdf document, with
/// the fonts added, for the finishing touches printpdf cannot do.
pub fn write_document(
    document: &Document,
    metrics: &FontMetrics,
) -> Result<lopdf::Document, RenderError> {
    let fonts = subset_fonts(document, metrics)?;
    // Each page's content stream, encoded as printpdf would encode the same
    // operations: printpdf's own operations are an enum of 128 bytes plus
    // their allocations, held for every page at once until the document is
    // written (900,000 styled runs, 900 MB); these bytes are what is left
    // of them.
    let contents = document
        .pages
        .iter()
        .map(|page| page_content(page, &fonts))
        .collect::<Result<Vec<_>, RenderError>>()?;
    let mut pdf = PdfDocument::new(&document.info.title);
    let pages = document
        .pages
        .iter()
        .map(|_| {
            PdfPage::new(
                Mm::from(Pt(PAGE_WIDTH)),
                Mm::from(Pt(PAGE_HEIGHT)),
                Vec::new(),
            )
        })
        .collect();
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
    add_contents(&mut lopdf, contents)?;
    add_fonts(&mut lopdf, fonts)?;
    Ok(lopdf)
}

/// Puts each page's content in the (empty) content stream printpdf wrote
/// for it.
fn add_contents(pdf: &mut lopdf::Document, contents: Vec<Vec<u8>>) -> Result<(), RenderError> {
    let pages = pdf.get_pages();
    if pages.len() != contents.len() {
        return Err(RenderError::Pdf(format!(
            "{} pages written for {} laid out",
            pages.len(),
            contents.len()
        )));
    }
    for (page, content) in pages.into_values().zip(contents) {
        let stream = pdf
            .get_dictionary(page)
            .and_then(|page| page.get(b"Contents"))
            .and_then(Object::as_reference)
            .and_then(|id| pdf.get_object_mut(id))
            .and_then(Object::as_stream_mut)
            .map_err(|_| RenderError::Pdf("a page has no content stream".to_string()))?;
        stream.set_content(content);
    }
    Ok(())
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

/// The content stream of one page: rules, then text. The operations and
/// their operands are the ones printpdf writes for `Op::DrawRectangle`,
/// `Op::SetFillColor`, `Op::StartTextSection`, `Op::SetTextCursor`,
/// `Op::SetFont` and raw operations, encoded by lopdf as printpdf encodes
/// them (the bytes of every document are unchanged).
fn page_content(page: &Page, fonts: &BTreeMap<Face, EmbeddedFont>) -> Result<Vec<u8>, RenderError> {
    let mut ops = Vec::with_capacity(3 * page.rules.len() + 4 * page.texts.len());
    for rule in &page.rules {
        ops.push(fill_color(rule.color));
        ops.push(Operation::new(
            "re",
            vec![
                Object::Real(rule.x),
                Object::Real(rule.y),
                Object::Real(rule.width),
                Object::Real(rule.height),
            ],
        ));
        ops.push(Operation::new("f", vec![]));
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
    Content { operations: ops }
        .encode()
        .map_err(|error| RenderError::Pdf(format!("cannot encode a page: {error}")))
}

fn fill_color(rgb: Rgb) -> Operation {
    Operation::new(
        "rg",
        vec![
            Object::Real(rgb.0),
            Object::Real(rgb.1),
            Object::Real(rgb.2),
        ],
    )
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
    ops: &mut Vec<Operation>,
) -> Result<(), RenderError> {
    ops.push(Operation::new("BT", vec![]));
    let TextState { font, fill } = state;
    let mut origin = (0.0, 0.0);
    for run in runs {
        ops.push(Operation::new(
            "Td",
            vec![
                Object::Real(run.x - origin.0),
                Object::Real(run.y - origin.1),
            ],
        ));
        origin = (run.x, run.y);
        let embedded = fonts.get(&run.face).ok_or_else(|| {
            RenderError::Pdf(format!("the font `{}` was not embedded", run.face.name()))
        })?;
        if *font != Some((run.face, run.size)) {
            ops.push(Operation::new(
                "Tf",
                vec![
                    Object::Name(embedded.resource.as_bytes().to_vec()),
                    Object::Real(run.size),
                ],
            ));
            *font = Some((run.face, run.size));
        }
        if *fill != Some(run.color) {
            ops.push(fill_color(run.color));
            *fill = Some(run.color);
        }
        ops.push(show_text(run, embedded)?);
    }
    ops.push(Operation::new("ET", vec![]));
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
fn show_text(run: &TextRun, font: &EmbeddedFont) -> Result<Operation, RenderError> {
    let shown = |text: &str| -> Result<Object, RenderError> {
        let mut codes = Vec::with_capacity(2 * text.len());
        font.push_codes(text, &mut codes)?;
        Ok(Object::String(codes, StringFormat::Literal))
    };
    if run.word_spacing == 0.0 {
        return Ok(Operation::new("Tj", vec![shown(&run.text)?]));
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
            items.push(Object::Integer(step));
        }
    }
    Ok(Operation::new("TJ", vec![Object::Array(items)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::metrics;
    use crate::render::pdf::design::TEXT;
    use crate::render::pdf::layout::Info;
    use crate::render::pdf::layout::structure::{Structure, Tag};

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
                    hyphenated: false,
                    tag: Tag::Element(Structure::default().root()),
                }],
                ..Page::default()
            }],
            outline: Vec::new(),
            info: Info {
                title: String::new(),
                author: None,
                subject: String::new(),
            },
            structure: Structure::default(),
        };
        let fonts = subset_fonts(&document, metrics().unwrap()).unwrap();
        let run = &document.pages[0].texts[0];
        let Operation { operator, operands } = show_text(run, &fonts[&Face::Regular]).unwrap();
        assert_eq!(operator, "TJ");
        let [Object::Array(items)] = &operands[..] else {
            panic!("{operands:?}");
        };
        let exact = -0.7777 * 1000.0 / 10.0;
        let mut sum = 0;
        let mut spaces = 0_u32;
        for item in items {
            if let Object::Integer(step) = item {
                sum += step;
                spaces += 1;
                let drift = (f64::from(sum as i32) - exact * f64::from(spaces)).abs();
                assert!(drift <= 0.5, "{drift} after {spaces} spaces");
            }
        }
        assert_eq!(spaces as usize, text.matches(' ').count());
    }
}
