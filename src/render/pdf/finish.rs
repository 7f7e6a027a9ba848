//! Finishing touches printpdf cannot make, done on its lopdf document.
//!
//! - the catalog gets `/Lang (fr-FR)`, `/ViewerPreferences` with
//!   `/DisplayDocTitle true` (viewers show the title, not the file name), and
//!   a `/PageMode` *name* (printpdf writes a string, which readers ignore);
//! - the outline is written here, in reading order with a destination at each
//!   heading: printpdf's bookmarks point at a page only and are sorted by
//!   page, then by name;
//! - the Info dictionary is rewritten with only what we know (printpdf adds
//!   empty `/GTS_PDFXVersion`, `/Identifier`, `/Trapped` keys, which make
//!   `pdfinfo` call the file PDF/X), dated from `SOURCE_DATE_EPOCH` or the
//!   issue date at UTC midnight, never from the clock; the catalog's
//!   `/Metadata` says the same as an uncompressed XMP packet, which also
//!   identifies the file as PDF/A-2a and PDF/UA-1 ([`metadata`]: both
//!   forms from one description, identifiers derived from the content);
//! - the catalog's `/OutputIntents` gives the sRGB profile the pages' RGB
//!   colours mean, as PDF/A asks ([`output_intent`]);
//! - link annotations are objects of their own, and get their URI action
//!   here: an address cut into several lines has one action object that
//!   its annotations share (one URI, however long, written once), and one
//!   description (`/Contents`, « Lien vers … »);
//! - the structure tree is written ([`tags`](super::tags)), and the catalog
//!   marked as tagged;
//! - the file `/ID` is derived from the content, so the same release always
//!   gives the same bytes and another release other ones.

mod metadata;
mod output_intent;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use libdeflater::{CompressionLvl, Compressor};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::layout::{Bookmark, Document};
use super::serialize::serialize;
use super::tags::{Annotation, Mark, write_structure};
use crate::render::{RenderError, digest_hex};

/// Stands for the file identifier until the bytes it is computed from exist.
/// Exactly 32 characters, the length of the hexadecimal digest.
const ID_PLACEHOLDER: &str = "solidaire-document-id-0123456789";

fn failed(error: lopdf::Error) -> RenderError {
    RenderError::Pdf(error.to_string())
}

/// Applies the finishing touches and serializes the document. `marks` are
/// what each page's marked content stands for.
pub fn finish(
    mut pdf: lopdf::Document,
    marks: &[Vec<Mark>],
    document: &Document,
    timestamp: NaiveDateTime,
) -> Result<Vec<u8>, RenderError> {
    // /Lang and a UTF-16 outline need PDF 1.4 or later.
    pdf.version = "1.7".to_string();
    let outline = write_outline(&mut pdf, &document.outline)?;
    let catalog = pdf.catalog_mut().map_err(failed)?;
    catalog.set("Lang", Object::string_literal("fr-FR"));
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    match outline {
        Some(outline) => {
            catalog.set("Outlines", Object::Reference(outline));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }

    let annotations = link_annotations(&mut pdf, document);
    write_structure(&mut pdf, &document.structure, marks, &annotations)?;
    let metadata = metadata::Metadata::new(&document.info, timestamp);
    let xmp = pdf.add_object(metadata.xmp_stream(&pdf));
    let output_intents = output_intent::srgb_output_intents(&mut pdf);
    let catalog = pdf.catalog_mut().map_err(failed)?;
    catalog.set("Metadata", Object::Reference(xmp));
    catalog.set("OutputIntents", output_intents);
    let info_id = pdf.add_object(metadata.info_dictionary());
    pdf.trailer.set("Info", Object::Reference(info_id));
    let placeholder = Object::string_literal(ID_PLACEHOLDER);
    pdf.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));

    prune_and_renumber(&mut pdf);
    let mut compressor = compressor()?;
    compress_streams(&mut pdf, &mut compressor)?;
    let mut bytes = serialize(&pdf, &mut compressor)?;
    stamp_id(&mut bytes)?;
    Ok(bytes)
}

/// Writes the link areas of `document` as link annotations, each an
/// object of its own pointing back at its page (`/P`; several readers and
/// checkers, lopdf among them, do not look into annotations written inline
/// in `/Annots`), with the very keys printpdf gives them. printpdf writes
/// an empty `/Annots` on every page; a page without links loses it.
///
/// An area's URI action is inline when no other area has that URI, else a
/// reference to one action object the areas of that URI share: an address
/// cut into many lines is written once. So is its description, the
/// `/Contents` a reader says for the annotation, shared by the areas of its
/// link when there are several. Every annotation is printed with the page
/// (`/F 4`, PDF/A). Returns the annotations, in order.
fn link_annotations(pdf: &mut lopdf::Document, document: &Document) -> Vec<Annotation> {
    // The areas of one address cut into lines share one `Arc`: they are
    // told apart by its pointer, and each address's text is hashed once,
    // not once per area (a 4 MB address cut into 80,000 lines hashed 4 MB
    // 80,000 times).
    let pointer = |href: &std::sync::Arc<str>| std::sync::Arc::as_ptr(href) as *const u8 as usize;
    let mut same_text: HashMap<&str, usize> = HashMap::new();
    let mut canonical: HashMap<usize, usize> = HashMap::new();
    let mut uses: HashMap<usize, usize> = HashMap::new();
    for link in document.pages.iter().flat_map(|page| &page.links) {
        let own = pointer(&link.href);
        let first = *canonical
            .entry(own)
            .or_insert_with(|| *same_text.entry(&link.href).or_insert(own));
        *uses.entry(first).or_default() += 1;
    }
    let mut shared: HashMap<usize, ObjectId> = HashMap::new();
    let structure = &document.structure;
    let mut areas_of = vec![0_u32; structure.len()];
    for link in document.pages.iter().flat_map(|page| &page.links) {
        areas_of[link.element.index()] += 1;
    }
    let mut descriptions: HashMap<usize, ObjectId> = HashMap::new();
    let mut annotations = Vec::new();
    let action = |href: &str| {
        Dictionary::from_iter(vec![
            ("S", Object::Name(b"URI".to_vec())),
            ("URI", byte_string(href.as_bytes())),
        ])
    };
    for (index, page) in pdf.get_pages().into_values().enumerate() {
        if let Ok(dictionary) = pdf.get_dictionary_mut(page) {
            dictionary.remove(b"Annots");
        }
        let areas = document
            .pages
            .get(index)
            .map(|page| page.links.as_slice())
            .unwrap_or_default();
        let mut references = Vec::with_capacity(areas.len());
        for area in areas {
            let href: &str = &area.href;
            let first = canonical[&pointer(&area.href)];
            let uri = if uses.get(&first).is_some_and(|&count| count > 1) {
                let id = *shared
                    .entry(first)
                    .or_insert_with(|| pdf.add_object(action(href)));
                Object::Reference(id)
            } else {
                Object::Dictionary(action(href))
            };
            let element = area.element;
            let description = text_string(
                structure
                    .get(element)
                    .description
                    .as_deref()
                    .unwrap_or(href),
            );
            let contents = if areas_of[element.index()] > 1 {
                let id = *descriptions
                    .entry(element.index())
                    .or_insert_with(|| pdf.add_object(description));
                Object::Reference(id)
            } else {
                description
            };
            let real =
                |values: &[f32]| Object::Array(values.iter().copied().map(Object::Real).collect());
            let annotation = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Link".to_vec())),
                (
                    "Rect",
                    real(&[area.x, area.y, area.x + area.width, area.y + area.height]),
                ),
                ("A", uri),
                // No border: the link is shown by its colour and underline.
                ("Border", real(&[0.0, 0.0, 0.0])),
                ("C", Object::Array(Vec::new())),
                ("H", Object::Name(b"I".to_vec())),
                ("P", Object::Reference(page)),
                ("Contents", contents),
                ("F", Object::Integer(4)),
            ]);
            let id = pdf.add_object(annotation);
            references.push(Object::Reference(id));
            annotations.push(Annotation {
                page: index,
                id,
                element,
            });
        }
        if let Ok(dictionary) = pdf.get_dictionary_mut(page)
            && !references.is_empty()
        {
            dictionary.set("Annots", Object::Array(references));
        }
    }
    annotations
}

/// Drops the objects nothing refers to and numbers the others 1, 2, 3 … in
/// the order of their numbers: what lopdf's `prune_objects` then
/// `renumber_objects` do, to the same numbers, but with each reference
/// looked up in a hash set or map. lopdf's look it up in the list of every
/// reference seen so far, and traverse the document twice so: quadratic in
/// the number of objects (10,000 initiatives' link annotations, seconds).
fn prune_and_renumber(pdf: &mut lopdf::Document) {
    let mut reachable = HashSet::new();
    let mut queue = Vec::new();
    for (_, value) in pdf.trailer.iter() {
        references(value, &mut queue);
    }
    while let Some(id) = queue.pop() {
        if reachable.insert(id)
            && let Some(object) = pdf.objects.get(&id)
        {
            references(object, &mut queue);
        }
    }
    pdf.objects.retain(|id, _| reachable.contains(id));
    // lopdf first gives the pages numbers in reading order when they are
    // not; printpdf numbers them so, and that rare case is left to lopdf.
    let pages: Vec<ObjectId> = pdf.page_iter().collect();
    if pages.windows(2).any(|pair| pair[0] > pair[1]) {
        pdf.renumber_objects();
        return;
    }
    let numbers: HashMap<ObjectId, ObjectId> = pdf
        .objects
        .keys()
        .enumerate()
        .map(|(index, &(number, generation))| {
            let new = u32::try_from(index + 1).unwrap_or(u32::MAX);
            ((number, generation), (new, generation))
        })
        .collect();
    let objects = std::mem::take(&mut pdf.objects);
    pdf.objects = objects
        .into_iter()
        .map(|(id, mut object)| {
            renumber(&mut object, &numbers);
            (numbers[&id], object)
        })
        .collect();
    for (_, value) in pdf.trailer.iter_mut() {
        renumber(value, &numbers);
    }
    pdf.max_id = u32::try_from(numbers.len()).unwrap_or(u32::MAX);
}

/// Pushes the objects `object` refers to (a stream's dictionary only, as
/// lopdf does).
fn references(object: &Object, found: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => found.push(*id),
        Object::Array(items) => items.iter().for_each(|item| references(item, found)),
        Object::Dictionary(dictionary) => dictionary
            .iter()
            .for_each(|(_, value)| references(value, found)),
        Object::Stream(stream) => stream
            .dict
            .iter()
            .for_each(|(_, value)| references(value, found)),
        _ => {}
    }
}

/// Rewrites the references in `object` with their new numbers.
fn renumber(object: &mut Object, numbers: &HashMap<ObjectId, ObjectId>) {
    match object {
        Object::Reference(id) => {
            if let Some(new) = numbers.get(id) {
                *id = *new;
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|item| renumber(item, numbers)),
        Object::Dictionary(dictionary) => dictionary
            .iter_mut()
            .for_each(|(_, value)| renumber(value, numbers)),
        Object::Stream(stream) => stream
            .dict
            .iter_mut()
            .for_each(|(_, value)| renumber(value, numbers)),
        _ => {}
    }
}

/// The compressor of every stream: libdeflate at its fastest level.
/// Measured on the n°2's nine streams (79 KB), each in a fresh process as a
/// `compose` runs it: zlib-rs at level 1 (flate2, used before) took 1.0 ms
/// for 49 KB, miniz_oxide 1.1 ms for 44 KB, libdeflate 0.7 ms for 40 KB;
/// lopdf's own `compress` (level 9) about 6 ms. libdeflate compresses a
/// whole buffer at once, which is all a PDF stream needs.
fn compressor() -> Result<Compressor, RenderError> {
    // Level 1: libdeflate's level 0 stores the data uncompressed.
    let level = CompressionLvl::new(1)
        .map_err(|error| RenderError::Pdf(format!("no deflate level 1: {error:?}")))?;
    Ok(Compressor::new(level))
}

/// Deflates every stream not yet compressed that may be: all but the XMP
/// packet (made without `allows_compression`), which PDF/A wants in clear.
fn compress_streams(
    pdf: &mut lopdf::Document,
    compressor: &mut Compressor,
) -> Result<(), RenderError> {
    for object in pdf.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.has(b"Filter") {
            continue;
        }
        let mut compressed = vec![0; compressor.zlib_compress_bound(stream.content.len())];
        let length = compressor
            .zlib_compress(&stream.content, &mut compressed)
            .map_err(|error| RenderError::Pdf(format!("cannot compress a stream: {error}")))?;
        compressed.truncate(length);
        if compressed.len() + 19 < stream.content.len() {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(compressed);
        }
    }
    Ok(())
}

/// A PDF text string: ASCII as is, anything else as UTF-16BE with a BOM.
pub(super) fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return byte_string(text.as_bytes());
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// A string of bytes: literal, written byte for byte, unless it has more
/// than a few bytes to escape: then hexadecimal, no longer (two characters
/// a byte) and with nothing to escape. (lopdf's writer, used before, looked
/// each byte up in the list of those to escape: an address of 500,000 `(`
/// took 29 s; [`serialize`](super::serialize) escapes in one pass.)
fn byte_string(bytes: &[u8]) -> Object {
    const FEW: usize = 16;
    let to_escape = bytes
        .iter()
        .filter(|&&byte| matches!(byte, b'(' | b')' | b'\\' | b'\r'))
        .take(FEW + 1)
        .count();
    let format = if to_escape > FEW {
        StringFormat::Hexadecimal
    } else {
        StringFormat::Literal
    };
    Object::String(bytes.to_vec(), format)
}

/// The most characters of an outline entry: an outline is read in a side
/// panel. Section titles have no limit of their own, and PDF/A none over
/// 32,767 bytes in a string (2 a character here, 4 for the rarest).
const OUTLINE_TITLE: usize = 1_000;

/// `title` as an outline entry: cut with an ellipsis past
/// [`OUTLINE_TITLE`] characters.
fn outline_title(title: &str) -> std::borrow::Cow<'_, str> {
    match title.char_indices().nth(OUTLINE_TITLE) {
        Some((cut, _)) => format!("{}…", title[..cut].trim_end()).into(),
        None => title.into(),
    }
}

/// Writes one flat outline, entries in reading order, each opening its page
/// scrolled to the heading. Returns the outline root, if any entry.
fn write_outline(
    pdf: &mut lopdf::Document,
    bookmarks: &[Bookmark],
) -> Result<Option<ObjectId>, RenderError> {
    if bookmarks.is_empty() {
        return Ok(None);
    }
    let pages = pdf.get_pages();
    let root = pdf.new_object_id();
    let ids: Vec<ObjectId> = bookmarks.iter().map(|_| pdf.new_object_id()).collect();
    for (index, bookmark) in bookmarks.iter().enumerate() {
        let page_number = u32::try_from(bookmark.page + 1)
            .map_err(|_| RenderError::Pdf("too many pages".to_string()))?;
        let page = *pages.get(&page_number).ok_or_else(|| {
            RenderError::Pdf(format!(
                "the outline points at a missing page {page_number}"
            ))
        })?;
        let mut entry = Dictionary::new();
        entry.set("Title", text_string(&outline_title(&bookmark.title)));
        entry.set("Parent", Object::Reference(root));
        entry.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(bookmark.y + 12.0),
                Object::Null,
            ]),
        );
        if index > 0 {
            entry.set("Prev", Object::Reference(ids[index - 1]));
        }
        if let Some(next) = ids.get(index + 1) {
            entry.set("Next", Object::Reference(*next));
        }
        pdf.objects.insert(ids[index], Object::Dictionary(entry));
    }
    let mut outline = Dictionary::new();
    outline.set("Type", Object::Name(b"Outlines".to_vec()));
    outline.set("First", Object::Reference(ids[0]));
    outline.set("Last", Object::Reference(ids[ids.len() - 1]));
    outline.set("Count", Object::Integer(ids.len() as i64));
    pdf.objects.insert(root, Object::Dictionary(outline));
    Ok(Some(root))
}

/// Replaces the placeholder identifier with a digest of the whole file. The
/// digest has the placeholder's length, so no offset moves. The trailer's
/// `/ID` holds the last two occurrences: any earlier one is text of the
/// release (a section titled with the placeholder's words) and stays.
fn stamp_id(bytes: &mut [u8]) -> Result<(), RenderError> {
    let digest = digest_hex(bytes);
    let needle = ID_PLACEHOLDER.as_bytes();
    let mut positions = Vec::new();
    let mut from = 0;
    while let Some(position) = find(&bytes[from..], needle) {
        positions.push(from + position);
        from += position + needle.len();
    }
    let [.., first, second] = positions[..] else {
        return Err(RenderError::Pdf(format!(
            "the file identifier was written {} times instead of 2",
            positions.len()
        )));
    };
    for at in [first, second] {
        bytes[at..at + needle.len()].copy_from_slice(digest.as_bytes());
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(offset) = haystack.get(from..)?.iter().position(|&byte| byte == first) {
        let at = from + offset;
        if haystack.get(at + 1..at + needle.len()) == Some(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_placeholder_has_the_digest_length() {
        assert_eq!(ID_PLACEHOLDER.len(), digest_hex(b"x").len());
    }

    #[test]
    fn a_very_long_outline_entry_is_cut() {
        assert_eq!(outline_title("Solidaires"), "Solidaires");
        let long = "é".repeat(16_384);
        let cut = outline_title(&long);
        assert_eq!(cut.chars().count(), OUTLINE_TITLE + 1);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn text_strings_are_utf16_when_needed() {
        assert_eq!(text_string("abc"), Object::string_literal("abc"));
        // Many bytes to escape: hexadecimal, which lopdf writes in linear time.
        let parentheses = "(".repeat(17);
        assert_eq!(
            text_string(&parentheses),
            Object::String(parentheses.clone().into_bytes(), StringFormat::Hexadecimal)
        );
        assert_eq!(
            text_string(&parentheses[1..]),
            Object::string_literal(&parentheses[1..])
        );
        match text_string("é") {
            Object::String(bytes, _) => assert_eq!(bytes, vec![0xFE, 0xFF, 0x00, 0xE9]),
            other => panic!("{other:?}"),
        }
    }
}
