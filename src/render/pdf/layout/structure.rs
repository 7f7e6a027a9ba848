//! The communiqué's logical structure: what each piece of text *is*, for
//! the tagged PDF a screen reader navigates.
//!
//! The layout builds it as it sets the text, in reading order: a
//! [`Document`](Kind::Document) holding the issuer block, the label and the
//! dateline as paragraphs, the title as [`H1`](Kind::H1), each section as a
//! [`Sect`](Kind::Sect) opened by its [`H2`](Kind::H2), each initiative as
//! a [`Div`](Kind::Div) of paragraphs and its list of links, then the
//! closing paragraphs and the contact block. Every text run of a page
//! points at the element it belongs to, or is an artifact (the footer);
//! the writer turns that into marked content and the finishing step into
//! the structure tree. Only standard PDF 1.7 structure types are used, so
//! the tree needs no role map.

use super::linebreak::{Line, Span};
use crate::model::{Link, LinkKind};

/// An element of the structure: an index into [`Structure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ElementId(u32);

impl ElementId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A standard structure type (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Document,
    /// A section: its heading and what follows it.
    Sect,
    /// A group with no meaning of its own: an initiative, the contact block.
    Div,
    P,
    H1,
    H2,
    /// A list, its items, an item's label and body.
    L,
    LI,
    Lbl,
    LBody,
    Link,
}

impl Kind {
    /// The structure type's name, as the PDF writes it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Document => "Document",
            Kind::Sect => "Sect",
            Kind::Div => "Div",
            Kind::P => "P",
            Kind::H1 => "H1",
            Kind::H2 => "H2",
            Kind::L => "L",
            Kind::LI => "LI",
            Kind::Lbl => "Lbl",
            Kind::LBody => "LBody",
            Kind::Link => "Link",
        }
    }
}

/// One element of the structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub kind: Kind,
    /// `None` for the document only.
    pub parent: Option<ElementId>,
    /// What a link does, in words (« Lien vers www.example.org »): the
    /// `/Contents` of its annotations.
    pub description: Option<String>,
    /// The element's text as one piece, for a link cut across lines: read
    /// in place of its lines, which a reader would join with a space.
    pub actual_text: Option<String>,
}

/// The elements, in the order they were opened: reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    elements: Vec<Element>,
}

impl Default for Structure {
    fn default() -> Self {
        Structure {
            elements: vec![Element {
                kind: Kind::Document,
                parent: None,
                description: None,
                actual_text: None,
            }],
        }
    }
}

impl Structure {
    /// The document element, which holds every other.
    pub fn root(&self) -> ElementId {
        ElementId(0)
    }

    /// Opens an element of `kind` inside `parent`.
    pub fn add(&mut self, kind: Kind, parent: ElementId) -> ElementId {
        self.push(Element {
            kind,
            parent: Some(parent),
            description: None,
            actual_text: None,
        })
    }

    /// Opens the element of `link` inside `parent`, described for the
    /// annotations that make it clickable.
    pub fn add_link(&mut self, link: &Link, parent: ElementId) -> ElementId {
        self.push(Element {
            kind: Kind::Link,
            parent: Some(parent),
            description: Some(describe(link)),
            actual_text: None,
        })
    }

    /// Gives the `Link` elements of `spans` cut across several of `lines`
    /// their text as one piece. `elements` are those of the spans, by index.
    pub fn join_cut_links(&mut self, spans: &[Span], elements: &[ElementId], lines: &[Line]) {
        let mut lines_of = vec![0_usize; spans.len()];
        for line in lines {
            let mut seen = None;
            for piece in &line.pieces {
                if seen != Some(piece.span)
                    && let Some(count) = lines_of.get_mut(piece.span)
                {
                    *count += 1;
                    seen = Some(piece.span);
                }
            }
        }
        for (index, span) in spans.iter().enumerate() {
            let element = &mut self.elements[elements[index].index()];
            if lines_of[index] > 1 && element.kind == Kind::Link {
                element.actual_text = Some(span.text.clone());
            }
        }
    }

    fn push(&mut self, element: Element) -> ElementId {
        let id = ElementId(u32::try_from(self.elements.len()).unwrap_or(u32::MAX));
        self.elements.push(element);
        id
    }

    pub fn get(&self, id: ElementId) -> &Element {
        &self.elements[id.index()]
    }

    pub fn len(&self) -> usize {
        self.elements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }

    /// Every element with its id, in the order they were opened.
    pub fn iter(&self) -> impl Iterator<Item = (ElementId, &Element)> {
        (0..).map(ElementId).zip(self.elements.iter())
    }
}

/// What a piece of drawn text is to the structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Real content of this element.
    Element(ElementId),
    /// A running footer: the issuer and the page number, repeated on every
    /// page, which a reader skips.
    Footer,
}

/// « Écrire à presse@… » for an e-mail address, « Lien vers … » with the
/// address otherwise (without its scheme, as people say it).
fn describe(link: &Link) -> String {
    match link.kind {
        LinkKind::Email => format!("Écrire à {}", without_scheme(&link.href, &["mailto:"])),
        LinkKind::Web => format!(
            "Lien vers {}",
            without_scheme(&link.href, &["https://", "http://"])
        ),
    }
}

/// `href` without the first of `schemes` it starts with, in any case.
fn without_scheme<'a>(href: &'a str, schemes: &[&str]) -> &'a str {
    schemes
        .iter()
        .find_map(|scheme| {
            let head = href.get(..scheme.len())?;
            head.eq_ignore_ascii_case(scheme)
                .then(|| &href[scheme.len()..])
        })
        .unwrap_or(href)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::link::parse_link;

    #[test]
    fn links_are_described_without_their_scheme() {
        let described = |text: &str| describe(&parse_link(text).unwrap());
        assert_eq!(described("www.x.fr/a"), "Lien vers www.x.fr/a");
        assert_eq!(described("HTTPS://WWW.X.FR/A"), "Lien vers WWW.X.FR/A");
        assert_eq!(described("Http://é.fr"), "Lien vers é.fr");
        assert_eq!(described("presse@x.fr"), "Écrire à presse@x.fr");
    }
}
