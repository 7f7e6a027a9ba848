//! The flow: the communiqué below the title, as blocks of broken lines.
//!
//! A block is what pagination moves as a whole or splits between lines: a
//! paragraph, a heading, the contact block. An initiative's links are added
//! to the block of its last paragraph so that they never end up alone at the
//! top of a page.
//!
//! The elements of the structure are opened here as the parts come, each
//! line knowing the element of each of its spans: a section is a `Sect`
//! opened by its `H2`, an initiative a `Div` of paragraphs and a list of
//! links, the contact block a `Div` of paragraphs.

use std::sync::Arc;

use super::linebreak::{Align, BreakOptions, Line, Look, Piece, Span, break_lines};
use super::structure::{ElementId, Kind, Structure};
use crate::fonts::{Face, FontMetrics};
use crate::model::{
    Contact, EMAIL, Inline, Link, MORE_INFORMATION, PHONE, PRESS_CONTACT, Paragraph, ParagraphKind,
    Part, Release,
};
use crate::render::pdf::design::*;
use crate::render::{RenderError, ascii_href, emittable_href};

/// A line of a block, with the leading and indent it is set with.
#[derive(Debug, Clone)]
pub struct BlockLine {
    pub line: Line,
    /// A page may not end after this line (« Pour plus d’informations : »
    /// alone on its line belongs with the links below it).
    pub keep_with_next: bool,
    /// From the left margin.
    pub indent: f32,
    pub leading: f32,
    /// The size and face that place the baseline in the line box.
    pub size: f32,
    pub face: Face,
    /// The element of each span of the line's paragraph, by span index
    /// (shared by the paragraph's lines).
    pub elements: Arc<[ElementId]>,
}

/// A unit of the flow.
#[derive(Debug, Clone)]
pub struct Block {
    pub lines: Vec<BlockLine>,
    /// Space above the block, dropped at the top of a page.
    pub gap_before: f32,
    /// A heading: never the last thing on a page.
    pub keep_with_next: bool,
    /// Never split between two pages.
    pub keep_together: bool,
    /// The outline entry this block starts, for section headings.
    pub bookmark: Option<String>,
    /// A short rule drawn in the gap above the block (the contact block).
    pub rule_above: bool,
}

impl Block {
    fn body(lines: Vec<BlockLine>) -> Block {
        Block {
            lines,
            gap_before: PARAGRAPH_GAP,
            keep_with_next: false,
            keep_together: false,
            bookmark: None,
            rule_above: false,
        }
    }

    /// The height of the block's lines, gap excluded.
    pub fn height(&self) -> f32 {
        self.lines.iter().map(|line| line.leading).sum()
    }
}

/// Builds the flow of `release`, from the preamble to the contact block,
/// and its elements in `structure`.
pub fn flow_blocks(
    release: &Release,
    metrics: &FontMetrics,
    structure: &mut Structure,
) -> Result<Vec<Block>, RenderError> {
    let parts = release.parts();
    let mut blocks: Vec<Block> = Vec::new();
    // The open section and initiative: what a paragraph belongs to.
    let mut section: Option<ElementId> = None;
    let mut initiative: Option<ElementId> = None;
    for (index, &part) in parts.iter().enumerate() {
        let previous = index.checked_sub(1).map(|previous| parts[previous]);
        let next = parts.get(index + 1);
        let root = structure.root();
        let parent = match part {
            Part::Paragraph(ParagraphKind::SectionTitle, _) => {
                initiative = None;
                let opened = structure.add(Kind::Sect, root);
                section = Some(opened);
                opened
            }
            Part::Paragraph(ParagraphKind::Intro, _) => section.unwrap_or(root),
            Part::InitiativeStart => {
                initiative = Some(structure.add(Kind::Div, section.unwrap_or(root)));
                continue;
            }
            Part::Paragraph(ParagraphKind::Initiative, _) | Part::MoreInformation { .. } => {
                initiative.or(section).unwrap_or(root)
            }
            // The preamble comes before any section, the closing parts after
            // all of them.
            _ => {
                (section, initiative) = (None, None);
                root
            }
        };
        let block = match part {
            Part::Paragraph(
                ParagraphKind::Preamble | ParagraphKind::Intro | ParagraphKind::Initiative,
                paragraph,
            ) => Block::body(body_lines(paragraph, parent, metrics, structure)?),
            Part::Paragraph(ParagraphKind::SectionTitle, title) => {
                heading(title, parent, metrics, structure)?
            }
            Part::InitiativeStart => continue,
            Part::MoreInformation { links, after_text } => {
                let mut links = link_lines(links, parent, metrics, structure)?;
                // The links stay together, below at least the last two lines
                // of their paragraph: no page ends inside them, between them
                // and the paragraph, or leaves one line of it alone above
                // them (a widow the paragraph's own rule would not see).
                let count = links.len();
                for line in &mut links[..count - 1] {
                    line.keep_with_next = true;
                }
                if after_text {
                    let paragraph = blocks.last_mut().expect("the initiative's text");
                    let count = paragraph.lines.len();
                    for line in &mut paragraph.lines[count.saturating_sub(2)..] {
                        line.keep_with_next = true;
                    }
                    paragraph.lines.extend(links);
                    continue;
                }
                Block::body(links)
            }
            Part::Paragraph(ParagraphKind::Closing, paragraph) => {
                let mut block = Block::body(body_lines(paragraph, parent, metrics, structure)?);
                // The closing words stand apart from the last initiative.
                if !matches!(previous, Some(Part::Paragraph(ParagraphKind::Closing, _))) {
                    block.gap_before = HEADING_GAP_BEFORE;
                }
                block
            }
            Part::Paragraph(ParagraphKind::CallToAction, call) => {
                let mut block = Block::body(body_lines(call, parent, metrics, structure)?);
                // The call and its address belong together.
                block.keep_with_next = matches!(next, Some(Part::ClosingUrl(_)));
                block
            }
            Part::ClosingUrl(url) => {
                let mut block = url_block(url, parent, metrics, structure)?;
                // The contact block, when there is one, is not left alone on
                // the last page: the call and its address come along.
                block.keep_with_next = matches!(next, Some(Part::Contact(_)));
                block
            }
            Part::Contact(contact) => contact_block(contact, parent, metrics, structure)?,
        };
        blocks.push(block);
    }
    Ok(blocks)
}

/// The spans of a paragraph in a base look, the text of `element`; links
/// are blue and underlined, each the text of a `Link` element inside it.
/// Returns the spans and the element of each.
fn spans(
    paragraph: &Paragraph,
    size: f32,
    color: Rgb,
    bold: bool,
    element: ElementId,
    structure: &mut Structure,
) -> (Vec<Span>, Arc<[ElementId]>) {
    let mut elements = Vec::with_capacity(paragraph.0.len());
    let spans = paragraph
        .0
        .iter()
        .map(|inline| {
            let (text, style, href) = match inline {
                Inline::Text { text, style } => (text.clone(), *style, None),
                Inline::Link { link, style } => (link.text.clone(), *style, pdf_href(link)),
            };
            elements.push(match inline {
                Inline::Link { link, .. } if href.is_some() => structure.add_link(link, element),
                _ => element,
            });
            let face = Face::for_style(style);
            let face = if bold { face.bolder() } else { face };
            let is_link = href.is_some();
            Span {
                text,
                look: Look {
                    face,
                    size,
                    color: if is_link { BLUE } else { color },
                    underline: is_link,
                },
                href,
            }
        })
        .collect();
    (spans, elements.into())
}

fn block_lines(
    lines: Vec<Line>,
    elements: &Arc<[ElementId]>,
    indent: f32,
    leading: f32,
    size: f32,
    face: Face,
) -> Vec<BlockLine> {
    lines
        .into_iter()
        .map(|line| BlockLine {
            line,
            keep_with_next: false,
            indent,
            leading,
            size,
            face,
            elements: elements.clone(),
        })
        .collect()
}

/// A justified paragraph, a `P` inside `parent`.
fn body_lines(
    paragraph: &Paragraph,
    parent: ElementId,
    metrics: &FontMetrics,
    structure: &mut Structure,
) -> Result<Vec<BlockLine>, RenderError> {
    let options = BreakOptions {
        measure: MEASURE,
        align: Align::Justify,
        hyphenate: true,
    };
    let element = structure.add(Kind::P, parent);
    let (spans, elements) = spans(paragraph, BODY_SIZE, TEXT, false, element, structure);
    let lines = break_lines(&spans, options, metrics)?;
    structure.join_cut_links(&spans, &elements, &lines);
    Ok(block_lines(
        lines,
        &elements,
        0.0,
        BODY_LEADING,
        BODY_SIZE,
        Face::Regular,
    ))
}

/// A section heading, the `H2` opening its section `parent`.
fn heading(
    title: &Paragraph,
    parent: ElementId,
    metrics: &FontMetrics,
    structure: &mut Structure,
) -> Result<Block, RenderError> {
    let options = BreakOptions {
        measure: MEASURE,
        align: Align::Left,
        hyphenate: false,
    };
    let element = structure.add(Kind::H2, parent);
    let (spans, elements) = spans(title, HEADING_SIZE, BLUE, true, element, structure);
    let lines = break_lines(&spans, options, metrics)?;
    structure.join_cut_links(&spans, &elements, &lines);
    Ok(Block {
        lines: block_lines(
            lines,
            &elements,
            0.0,
            HEADING_LEADING,
            HEADING_SIZE,
            Face::Bold,
        ),
        gap_before: HEADING_GAP_BEFORE,
        keep_with_next: true,
        keep_together: true,
        bookmark: Some(title.plain_text()),
        rule_above: false,
    })
}

/// The text of `link` in `element`: a `Link` element inside it when the
/// link is clickable. Returns the span and its element.
fn link_span(
    link: &Link,
    face: Face,
    size: f32,
    element: ElementId,
    structure: &mut Structure,
) -> (Span, ElementId) {
    let span = Span {
        text: link.text.clone(),
        look: Look {
            face,
            size,
            color: BLUE,
            underline: true,
        },
        href: pdf_href(link),
    };
    let element = match span.href {
        Some(_) => structure.add_link(link, element),
        None => element,
    };
    (span, element)
}

/// Where a link leads, as a PDF URI action wants it: the one rule for
/// emitted links (`emittable_href`), then in 7-bit ASCII as the PDF format
/// requires. A link that may not be emitted stays text.
fn pdf_href(link: &Link) -> Option<Arc<str>> {
    emittable_href(link).map(|href| ascii_href(&href).into())
}

/// « Pour plus d’informations : » and the links, one per line, all aligned
/// after the label (a hanging indent). A link too long for the room left is
/// cut after a `/` or a `.` and goes on below, aligned the same.
///
/// The links are a list (`L`) inside `parent`, an item (`LI`) each, its
/// link in the item's body (`LBody`); the label is the first item's `Lbl`.
fn link_lines(
    links: &[Link],
    parent: ElementId,
    metrics: &FontMetrics,
    structure: &mut Structure,
) -> Result<Vec<BlockLine>, RenderError> {
    let label = format!("{MORE_INFORMATION} ");
    let label_width = metrics.width(Face::Regular, LINKS_SIZE, &label)?;
    let indent = LINKS_INDENT + label_width;
    let options = BreakOptions {
        measure: MEASURE - indent,
        align: Align::Left,
        hyphenate: false,
    };
    let list = structure.add(Kind::L, parent);
    let mut lines = Vec::new();
    for link in links {
        let item = structure.add(Kind::LI, list);
        let label_element = lines.is_empty().then(|| structure.add(Kind::Lbl, item));
        let body = structure.add(Kind::LBody, item);
        let (span, element) = link_span(link, Face::Regular, LINKS_SIZE, body, structure);
        let broken = break_lines(std::slice::from_ref(&span), options, metrics)?;
        structure.join_cut_links(&[span], &[element], &broken);
        // The link is span 0 of its lines, the label span 1.
        let elements: Arc<[ElementId]> = match label_element {
            Some(label_element) => [element, label_element].into(),
            None => [element].into(),
        };
        let mut broken = block_lines(
            broken,
            &elements,
            indent,
            LINKS_LEADING,
            LINKS_SIZE,
            Face::Regular,
        );
        if lines.is_empty()
            && let Some(first) = broken.first_mut()
        {
            // The label opens the first line, in the hanging indent.
            for piece in &mut first.line.pieces {
                piece.x += label_width;
            }
            first.line.pieces.insert(
                0,
                Piece {
                    text: label.clone(),
                    span: 1,
                    look: Look {
                        face: Face::Regular,
                        size: LINKS_SIZE,
                        color: TEXT,
                        underline: false,
                    },
                    href: None,
                    x: 0.0,
                    width: label_width,
                },
            );
            first.line.width += label_width;
            first.indent = LINKS_INDENT;
        }
        lines.extend(broken);
    }
    Ok(lines)
}

/// The closing address, centred and a little larger than the text: a
/// paragraph inside `parent`.
fn url_block(
    url: &Link,
    parent: ElementId,
    metrics: &FontMetrics,
    structure: &mut Structure,
) -> Result<Block, RenderError> {
    let options = BreakOptions {
        measure: MEASURE,
        align: Align::Center,
        hyphenate: false,
    };
    let paragraph = structure.add(Kind::P, parent);
    let (span, element) = link_span(url, Face::Bold, BODY_SIZE + 1.0, paragraph, structure);
    let lines = break_lines(std::slice::from_ref(&span), options, metrics)?;
    structure.join_cut_links(&[span], &[element], &lines);
    let mut block = Block::body(block_lines(
        lines,
        &[element].into(),
        0.0,
        BODY_LEADING + 2.0,
        BODY_SIZE + 1.0,
        Face::Bold,
    ));
    block.gap_before = PARAGRAPH_GAP + 2.0;
    block.keep_together = true;
    Ok(block)
}

/// « Contact presse », then the name, phone and e-mail that are given: a
/// `Div` inside `parent`, a paragraph each.
fn contact_block(
    contact: &Contact,
    parent: ElementId,
    metrics: &FontMetrics,
    structure: &mut Structure,
) -> Result<Block, RenderError> {
    let options = BreakOptions {
        measure: MEASURE,
        align: Align::Left,
        hyphenate: false,
    };
    let size = BODY_SIZE - 0.5;
    let mut paragraphs: Vec<Vec<Span>> =
        vec![vec![Span::plain(PRESS_CONTACT, Face::Bold, size, BLUE)]];
    if let Some(name) = &contact.name {
        paragraphs.push(vec![Span::plain(name, Face::Regular, size, TEXT)]);
    }
    if let Some(phone) = &contact.phone {
        paragraphs.push(vec![Span::plain(
            &format!("{PHONE} {phone}"),
            Face::Regular,
            size,
            TEXT,
        )]);
    }
    let block_element = structure.add(Kind::Div, parent);
    let mut tagged: Vec<(Vec<Span>, Arc<[ElementId]>)> = paragraphs
        .into_iter()
        .map(|spans| (spans, [structure.add(Kind::P, block_element)].into()))
        .collect();
    if let Some(email) = &contact.email {
        let paragraph = structure.add(Kind::P, block_element);
        let (link, element) = link_span(email, Face::Regular, size, paragraph, structure);
        tagged.push((
            vec![
                Span::plain(&format!("{EMAIL} "), Face::Regular, size, TEXT),
                link,
            ],
            [paragraph, element].into(),
        ));
    }
    let mut lines = Vec::new();
    for (spans, elements) in tagged {
        let broken = break_lines(&spans, options, metrics)?;
        structure.join_cut_links(&spans, &elements, &broken);
        lines.extend(block_lines(
            broken,
            &elements,
            0.0,
            BODY_LEADING - 1.0,
            size,
            Face::Regular,
        ));
    }
    let mut block = Block::body(lines);
    block.gap_before = 2.0 * HEADING_GAP_BEFORE;
    block.keep_together = true;
    block.rule_above = true;
    Ok(block)
}
