//! The structure tree of the tagged PDF (ISO 32000-1, 14.7 and 14.8),
//! written from the layout's [`Structure`] and what the writer marked.
//!
//! Each element that has content becomes a structure element whose kids
//! are, in reading order, its child elements and its marked content: an
//! identifier of its own page (a plain number), of another page (a marked
//! content reference: a paragraph split across pages stays one element),
//! and for a link, an object reference to each of its annotations. A
//! hyphen the line breaker added is a `Span` whose `/ActualText` is the
//! soft hyphen U+00AD: a reader of the tree knows the word goes on at the
//! next line (14.8.2.5), while `pdftotext`, which reads the glyph's plain
//! hyphen, keeps rejoining the word as it always did. A link cut across
//! lines has its whole text as `/ActualText`, so that it is read as one
//! address, not as pieces separated by a line end.
//!
//! The parent tree answers the other way round: each page (its
//! `/StructParents`) maps its identifiers to their elements, each link
//! annotation (its `/StructParent`) to its `Link` element. Elements never
//! drawn are left out of the tree, and so is everything marked as an
//! artifact.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::finish::text_string;
use super::layout::structure::{ElementId, Structure};
use crate::render::RenderError;

/// What a marked-content identifier of a page stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// The element whose text it is.
    pub element: ElementId,
    /// A hyphen the line breaker added at the end of a line, inside the
    /// element's text.
    pub soft_hyphen: bool,
}

/// A link annotation: the page it is on (from 0), its object, its element.
#[derive(Debug, Clone, Copy)]
pub struct Annotation {
    pub page: usize,
    pub id: ObjectId,
    pub element: ElementId,
}

/// A kid of a structure element.
#[derive(Debug, Clone, Copy)]
enum Kid {
    Element(ElementId),
    Content {
        page: usize,
        mcid: usize,
    },
    /// A hyphen's `Span`, already written.
    Span(ObjectId),
    Annotation(Annotation),
}

/// Writes the structure tree and the parent tree, gives each page its
/// `/StructParents` and `/Tabs /S` (annotations in structure order), each
/// annotation its `/StructParent`, and marks the catalog as tagged.
/// `marks` holds each page's identifiers in order.
pub fn write_structure(
    pdf: &mut lopdf::Document,
    structure: &Structure,
    marks: &[Vec<Mark>],
    annotations: &[Annotation],
) -> Result<(), RenderError> {
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    if pages.len() != marks.len() {
        return Err(RenderError::Pdf(format!(
            "{} pages marked for {} written",
            marks.len(),
            pages.len()
        )));
    }
    let root_id = pdf.new_object_id();
    let ids: Vec<ObjectId> = (0..structure.len()).map(|_| pdf.new_object_id()).collect();
    let mut tree = Tree {
        structure,
        kids: vec![Vec::new(); structure.len()],
        attached: vec![false; structure.len()],
    };
    tree.attached[structure.root().index()] = true;

    // Each page's identifiers, in order: their elements' kids, and the
    // page's entry in the parent tree.
    let mut numbers = Vec::with_capacity(2 * (pages.len() + annotations.len()));
    for (page, page_marks) in marks.iter().enumerate() {
        let mut parents = Vec::with_capacity(page_marks.len());
        for (mcid, mark) in page_marks.iter().enumerate() {
            let element = mark.element;
            tree.attach(element);
            let content = Kid::Content { page, mcid };
            if mark.soft_hyphen {
                let span = pdf.add_object(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"StructElem".to_vec())),
                    ("S", Object::Name(b"Span".to_vec())),
                    ("P", Object::Reference(ids[element.index()])),
                    ("Pg", Object::Reference(pages[page])),
                    ("K", Object::Integer(mcid as i64)),
                    (
                        "ActualText",
                        Object::String(vec![0xFE, 0xFF, 0x00, 0xAD], StringFormat::Hexadecimal),
                    ),
                ]));
                tree.kids[element.index()].push(Kid::Span(span));
                parents.push(Object::Reference(span));
            } else {
                tree.kids[element.index()].push(content);
                parents.push(Object::Reference(ids[element.index()]));
            }
        }
        numbers.push(Object::Integer(page as i64));
        numbers.push(Object::Array(parents));
        let dictionary = pdf
            .get_dictionary_mut(pages[page])
            .map_err(|error| RenderError::Pdf(error.to_string()))?;
        dictionary.set("StructParents", Object::Integer(page as i64));
        dictionary.set("Tabs", Object::Name(b"S".to_vec()));
    }

    // Each annotation: a kid of its link, and its own parent tree entry.
    for (index, annotation) in annotations.iter().enumerate() {
        let key = (pages.len() + index) as i64;
        tree.attach(annotation.element);
        tree.kids[annotation.element.index()].push(Kid::Annotation(*annotation));
        numbers.push(Object::Integer(key));
        numbers.push(Object::Reference(ids[annotation.element.index()]));
        pdf.get_dictionary_mut(annotation.id)
            .map_err(|error| RenderError::Pdf(error.to_string()))?
            .set("StructParent", Object::Integer(key));
    }
    let next_key = (pages.len() + annotations.len()) as i64;

    for (id, element) in structure.iter() {
        if !tree.attached[id.index()] {
            continue;
        }
        let kids = std::mem::take(&mut tree.kids[id.index()]);
        // The element's page: that of its first own content.
        let page = kids.iter().find_map(|kid| match kid {
            Kid::Content { page, .. } => Some(*page),
            _ => None,
        });
        let kid_objects = kids
            .iter()
            .map(|kid| match *kid {
                Kid::Element(child) => Object::Reference(ids[child.index()]),
                Kid::Span(span) => Object::Reference(span),
                Kid::Content { page: on, mcid } if Some(on) == page => Object::Integer(mcid as i64),
                Kid::Content { page: on, mcid } => Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"MCR".to_vec())),
                    ("Pg", Object::Reference(pages[on])),
                    ("MCID", Object::Integer(mcid as i64)),
                ])),
                Kid::Annotation(annotation) => Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"OBJR".to_vec())),
                    ("Obj", Object::Reference(annotation.id)),
                    ("Pg", Object::Reference(pages[annotation.page])),
                ])),
            })
            .collect();
        let parent = element.parent.map_or(root_id, |parent| ids[parent.index()]);
        let mut dictionary = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(element.kind.name().as_bytes().to_vec())),
            ("P", Object::Reference(parent)),
            ("K", Object::Array(kid_objects)),
        ]);
        if let Some(page) = page {
            dictionary.set("Pg", Object::Reference(pages[page]));
        }
        if let Some(text) = &element.actual_text {
            dictionary.set("ActualText", text_string(text));
        }
        pdf.objects
            .insert(ids[id.index()], Object::Dictionary(dictionary));
    }

    let parent_tree = pdf.add_object(Dictionary::from_iter(vec![(
        "Nums",
        Object::Array(numbers),
    )]));
    pdf.objects.insert(
        root_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            ("K", Object::Reference(ids[structure.root().index()])),
            ("ParentTree", Object::Reference(parent_tree)),
            ("ParentTreeNextKey", Object::Integer(next_key)),
        ])),
    );
    let catalog = pdf
        .catalog_mut()
        .map_err(|error| RenderError::Pdf(error.to_string()))?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
    );
    Ok(())
}

/// The kids of each element as the tree is built.
struct Tree<'a> {
    structure: &'a Structure,
    kids: Vec<Vec<Kid>>,
    /// Whether the element is already a kid of its parent.
    attached: Vec<bool>,
}

impl Tree<'_> {
    /// Makes `element` a kid of its parent, and that parent of its own, up
    /// to the first element already in the tree: an element takes its place
    /// among its siblings when its first content comes, in reading order.
    fn attach(&mut self, element: ElementId) {
        let mut chain = Vec::new();
        let mut current = element;
        while !self.attached[current.index()] {
            self.attached[current.index()] = true;
            chain.push(current);
            match self.structure.get(current).parent {
                Some(parent) => current = parent,
                None => break,
            }
        }
        for &child in chain.iter().rev() {
            if let Some(parent) = self.structure.get(child).parent {
                self.kids[parent.index()].push(Kid::Element(child));
            }
        }
    }
}
