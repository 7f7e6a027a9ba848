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
//!
//! Everything drawn is marked content: the text of each element of the
//! structure in a sequence tagged with its type and a marked-content
//! identifier (`/P <</MCID 3>> BDC … EMC`), one per element and baseline;
//! the footer as a pagination artifact; the rules, stripes and underlines as
//! artifacts. A hyphen the line breaker added is a sequence of its own, so
//! that the structure can say it is not part of the word. What each
//! identifier of each page stands for is returned ([`Mark`]), for the
//! structure tree that [`tags`](super::tags) writes.

use std::collections::BTreeMap;

use lopdf::Object;
use printpdf::{Mm, PdfDocument, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Pt};

use super::design::{PAGE_HEIGHT, PAGE_WIDTH, Rgb};
use super::embed::{EmbeddedFont, subset_fonts};
use super::layout::structure::{Structure, Tag};
use super::layout::{Document, Page, TextRun};
use super::serialize::{push_integer, push_real, write_literal, write_name};
use super::tags::Mark;
use crate::fonts::{Face, FontMetrics};
use crate::render::RenderError;

/// Draws `document` and returns printpdf's output as a lopdf document, with
/// the fonts added, for the finishing touches printpdf cannot do; and what
/// the marked content of each page stands for, by identifier.
pub fn write_document(
    document: &Document,
    metrics: &FontMetrics,
) -> Result<(lopdf::Document, Vec<Vec<Mark>>), RenderError> {
    let fonts = subset_fonts(document, metrics)?;
    // Each page's content stream, encoded as printpdf would encode the same
    // operations: printpdf's own operations are an enum of 128 bytes plus
    // their allocations, held for every page at once until the document is
    // written (900,000 styled runs, 900 MB); these bytes are what is left
    // of them.
    let (contents, marks): (Vec<_>, Vec<_>) = document
        .pages
        .iter()
        .map(|page| page_content(page, &document.structure, &fonts))
        .collect::<Result<Vec<_>, RenderError>>()?
        .into_iter()
        .unzip();
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
    Ok((lopdf, marks))
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

/// The content stream of one page: rules, then text, and what each of its
/// marked-content identifiers stands for. The drawing operations and their
/// operands are the ones printpdf writes for `Op::DrawRectangle`,
/// `Op::SetFillColor`, `Op::StartTextSection`, `Op::SetTextCursor` and
/// `Op::SetFont`, written straight as bytes by [`ContentStream`] with the
/// file's one writer of PDF syntax ([`serialize`](super::serialize)): an
/// operation built as lopdf objects (an operator string, a vector of
/// operands, a dictionary per marked sequence) cost more than writing it.
fn page_content(
    page: &Page,
    structure: &Structure,
    fonts: &BTreeMap<Face, EmbeddedFont>,
) -> Result<(Vec<u8>, Vec<Mark>), RenderError> {
    let mut content = ContentStream {
        bytes: Vec::with_capacity(40 * page.rules.len() + 120 * page.texts.len() + 32),
        marks: Vec::new(),
    };
    // Rules, stripes and underlines are decoration: the text says it all.
    content.line(b"/Artifact BMC");
    for rule in &page.rules {
        content.fill_color(rule.color);
        content.numbers(&[rule.x, rule.y, rule.width, rule.height]);
        content.line(b"re\nf");
    }
    content.line(b"EMC");

    // One text object per baseline, runs in reading order. The font and
    // the fill colour belong to the graphics state, which outlives a text
    // object: each is set only when it changes.
    let mut state = TextState::default();
    for line in page.texts.chunk_by(|a, b| a.y == b.y) {
        text_object(line, structure, fonts, &mut state, &mut content)?;
    }
    // The link areas are written by `finish`, straight into the lopdf
    // document: as printpdf operations, with printpdf's dictionaries then
    // copied, each cost kilobytes while the whole document was in memory.
    Ok((content.bytes, content.marks))
}

/// A page's content stream as it is written, one operation a line, and
/// what its marked-content identifiers stand for.
struct ContentStream {
    bytes: Vec<u8>,
    marks: Vec<Mark>,
}

impl ContentStream {
    /// Ends an operation: `operator` and a line end.
    fn line(&mut self, operator: &[u8]) {
        self.bytes.extend_from_slice(operator);
        self.bytes.push(b'\n');
    }

    /// Operands, each followed by a space.
    fn numbers(&mut self, values: &[f32]) {
        for &value in values {
            push_real(&mut self.bytes, value);
            self.bytes.push(b' ');
        }
    }

    fn fill_color(&mut self, rgb: Rgb) {
        self.numbers(&[rgb.0, rgb.1, rgb.2]);
        self.line(b"rg");
    }

    /// Opens a marked-content sequence for `tag`: for an element's text,
    /// tagged with its structure type and the page's next identifier
    /// (`/P <</MCID 3>> BDC`); for the footer, a pagination artifact.
    fn begin_marked(&mut self, tag: Tag, soft_hyphen: bool, structure: &Structure) {
        let element = match tag {
            Tag::Element(element) => element,
            Tag::Footer => {
                self.line(b"/Artifact <</Type/Pagination/Subtype/Footer>> BDC");
                return;
            }
        };
        let mcid = self.marks.len();
        self.marks.push(Mark {
            element,
            soft_hyphen,
        });
        let name = if soft_hyphen {
            "Span"
        } else {
            structure.get(element).kind.name()
        };
        write_name(&mut self.bytes, name.as_bytes());
        self.bytes.extend_from_slice(b" <</MCID ");
        push_integer(&mut self.bytes, mcid as i64);
        self.line(b">> BDC");
    }
}

/// The font and fill colour last set on a page.
#[derive(Default)]
struct TextState {
    font: Option<(Face, f32)>,
    fill: Option<Rgb>,
}

/// The runs of one baseline as one text object. Each `Td` moves from the
/// previous run's start, so every run lands where the layout put it,
/// whatever the widths the viewer uses. Consecutive runs of one element are
/// one marked-content sequence; a hyphen the breaker added is one of its
/// own, a `Span` inside the element's text.
fn text_object(
    runs: &[TextRun],
    structure: &Structure,
    fonts: &BTreeMap<Face, EmbeddedFont>,
    state: &mut TextState,
    content: &mut ContentStream,
) -> Result<(), RenderError> {
    content.line(b"BT");
    let TextState { font, fill } = state;
    let mut origin = (0.0, 0.0);
    let mut open: Option<Tag> = None;
    for run in runs {
        if open != Some(run.tag) {
            if open.is_some() {
                content.line(b"EMC");
            }
            content.begin_marked(run.tag, false, structure);
            open = Some(run.tag);
        }
        content.numbers(&[run.x - origin.0, run.y - origin.1]);
        content.line(b"Td");
        origin = (run.x, run.y);
        let embedded = fonts.get(&run.face).ok_or_else(|| {
            RenderError::Pdf(format!("the font `{}` was not embedded", run.face.name()))
        })?;
        if *font != Some((run.face, run.size)) {
            write_name(&mut content.bytes, embedded.resource.as_bytes());
            content.bytes.push(b' ');
            content.numbers(&[run.size]);
            content.line(b"Tf");
            *font = Some((run.face, run.size));
        }
        if *fill != Some(run.color) {
            content.fill_color(run.color);
            *fill = Some(run.color);
        }
        let head = match run.hyphenated {
            true => run.text.strip_suffix('-').unwrap_or(&run.text),
            false => &run.text,
        };
        show_text(run, head, embedded, &mut content.bytes)?;
        if head.len() < run.text.len() {
            // The added hyphen: drawn in the same text object, right after
            // the word's head, but marked apart.
            content.line(b"EMC");
            content.begin_marked(run.tag, true, structure);
            show_text(run, &run.text[head.len()..], embedded, &mut content.bytes)?;
            content.line(b"EMC");
            open = None;
        }
    }
    if open.is_some() {
        content.line(b"EMC");
    }
    content.line(b"ET");
    Ok(())
}

/// `text` (the run's, or part of it) as one `Tj`, or as a `TJ` with the
/// run's justification offset after each space. Glyph codes go in literal
/// strings, written byte for byte (escaping what must be): half the size of
/// a hexadecimal string.
///
/// Offsets are whole thousandths of an em, as TeX writes them (a
/// thousandth of 10 pt is 0.01 pt), rounded so that each word lands within
/// half a thousandth of its exact place: the rounding errors never add up
/// along the line.
fn show_text(
    run: &TextRun,
    text: &str,
    font: &EmbeddedFont,
    out: &mut Vec<u8>,
) -> Result<(), RenderError> {
    let mut codes = Vec::with_capacity(2 * text.len());
    if run.word_spacing == 0.0 {
        font.push_codes(text, &mut codes)?;
        write_literal(out, &codes);
        out.extend_from_slice(b" Tj\n");
        return Ok(());
    }
    // TJ numbers are thousandths of an em, negative to move right.
    let offset = -f64::from(run.word_spacing) * 1000.0 / f64::from(run.size);
    let (mut exact, mut written) = (0.0, 0);
    out.push(b'[');
    for (index, chunk) in text.split_inclusive(' ').enumerate() {
        if index > 0 {
            out.push(b' ');
        }
        codes.clear();
        font.push_codes(chunk, &mut codes)?;
        write_literal(out, &codes);
        if chunk.ends_with(' ') {
            exact += offset;
            let step = exact.round() as i64 - written;
            written += step;
            out.push(b' ');
            push_integer(out, step);
        }
    }
    out.extend_from_slice(b"] TJ\n");
    Ok(())
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
        let mut bytes = Vec::new();
        show_text(run, &run.text, &fonts[&Face::Regular], &mut bytes).unwrap();
        let content = lopdf::content::Content::decode(&bytes).unwrap();
        let [lopdf::content::Operation { operator, operands }] = &content.operations[..] else {
            panic!("{:?}", content.operations);
        };
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
