//! An independent check of a tagged PDF's structure, through lopdf: what
//! the PDF/UA validator does not look at (ISO 32000-1, 14.7 and 14.8).
//!
//! - every marked-content identifier of every page is referenced exactly
//!   once by the structure tree, and every reference in the tree exists in
//!   the content, tagged with its element's type;
//! - no text and no path is drawn outside marked content: real content is
//!   an element's, the rest an artifact;
//! - each page's `/StructParents` entry of the parent tree maps each
//!   identifier to the element that holds it;
//! - each link annotation has a `/StructParent` resolving to a `Link`
//!   element that holds an object reference to it, a description
//!   (`/Contents`), the print flag; its page has `/Tabs /S`;
//! - only standard structure types, each element's `/P` its parent;
//! - headings start at `H1` and never skip a level.
//!
//! It returns the text read by walking the tree: each identifier's text in
//! tree order, a space between two identifiers drawn on different lines, a
//! word whose hyphen is a soft hyphen (`/ActualText` U+00AD) joined.

use std::collections::{BTreeMap, HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

/// The standard structure types of ISO 32000-1 (14.8.4).
const STANDARD: &[&str] = &[
    "Document",
    "Part",
    "Art",
    "Sect",
    "Div",
    "BlockQuote",
    "Caption",
    "TOC",
    "TOCI",
    "Index",
    "NonStruct",
    "Private",
    "P",
    "H",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Table",
    "TR",
    "TH",
    "TD",
    "THead",
    "TBody",
    "TFoot",
    "Span",
    "Quote",
    "Note",
    "Reference",
    "BibEntry",
    "Code",
    "Link",
    "Annot",
    "Ruby",
    "RB",
    "RT",
    "RP",
    "Warichu",
    "WT",
    "WP",
    "Figure",
    "Formula",
    "Form",
];

/// What the check found.
#[derive(Debug, Default)]
pub struct Tagged {
    /// The text read through the structure tree.
    pub text: String,
    /// Each element's type, in tree order (pre-order).
    pub types: Vec<String>,
    /// How many marked-content identifiers the pages hold.
    pub identifiers: usize,
    pub link_annotations: usize,
}

/// One marked-content identifier of a page, as the content shows it.
struct Marked {
    tag: String,
    text: String,
    /// The text object (baseline) it was drawn in, counted on its page.
    text_object: usize,
}

fn name(dictionary: &Dictionary, key: &[u8]) -> Option<String> {
    dictionary
        .get(key)
        .ok()
        .and_then(|value| value.as_name().ok())
        .map(|name| String::from_utf8_lossy(name).into_owned())
}

fn reference(dictionary: &Dictionary, key: &[u8]) -> Option<ObjectId> {
    dictionary
        .get(key)
        .ok()
        .and_then(|value| value.as_reference().ok())
}

/// Checks the tagged structure of the PDF `bytes`.
pub fn check_tagged(bytes: &[u8]) -> Result<Tagged, String> {
    let document = Document::load_mem(bytes).map_err(|e| format!("does not parse: {e}"))?;
    let catalog = document.catalog().map_err(|e| format!("no catalog: {e}"))?;
    let marked = catalog
        .get(b"MarkInfo")
        .ok()
        .and_then(|info| document.dereference(info).ok())
        .and_then(|(_, info)| info.as_dict().ok())
        .and_then(|info| info.get(b"Marked").ok())
        .and_then(|marked| marked.as_bool().ok());
    if marked != Some(true) {
        return Err("the catalog is not /MarkInfo << /Marked true >>".into());
    }
    let root_id = reference(catalog, b"StructTreeRoot").ok_or("no /StructTreeRoot")?;
    let root = document
        .get_dictionary(root_id)
        .map_err(|e| format!("the structure tree root: {e}"))?;
    if root.get(b"RoleMap").is_ok() {
        return Err("a role map: only standard types are used".into());
    }

    // PDF/A (ISO 19005-2, 6.1.13): no string over 32,767 bytes.
    for (id, object) in &document.objects {
        longest_string(object).map_or(Ok(()), |length| {
            Err(format!("object {id:?} holds a string of {length} bytes"))
        })?;
    }

    let pages: Vec<ObjectId> = document.get_pages().into_values().collect();
    let page_index: HashMap<ObjectId, usize> = pages
        .iter()
        .enumerate()
        .map(|(index, &id)| (id, index))
        .collect();
    let mut content: Vec<BTreeMap<i64, Marked>> = Vec::with_capacity(pages.len());
    for &page in &pages {
        content.push(marked_content(&document, page)?);
    }
    let identifiers = content.iter().map(BTreeMap::len).sum();

    // The tree, walked in order.
    let mut walk = Walk {
        document: &document,
        page_index: &page_index,
        content: &content,
        referenced: HashSet::new(),
        holder: HashMap::new(),
        annotations: HashMap::new(),
        tagged: Tagged {
            identifiers,
            ..Tagged::default()
        },
        last_line: None,
        replacements: Vec::new(),
    };
    let kids = match root.get(b"K").map_err(|_| "the root has no /K")? {
        Object::Array(items) => items.clone(),
        single => vec![single.clone()],
    };
    for kid in &kids {
        let id = kid
            .as_reference()
            .map_err(|_| "a root kid is not an element")?;
        walk.element(id, root_id, 0)?;
    }

    // Every identifier of the content is referenced.
    for (page, identifiers) in content.iter().enumerate() {
        for mcid in identifiers.keys() {
            if !walk.referenced.contains(&(page, *mcid)) {
                return Err(format!("page {}: MCID {mcid} is not in the tree", page + 1));
            }
        }
    }

    // The parent tree, both ways.
    let parent_tree = reference(root, b"ParentTree")
        .and_then(|id| document.get_dictionary(id).ok())
        .ok_or("no /ParentTree")?;
    let numbers = match parent_tree.get(b"Nums") {
        Ok(Object::Array(items)) => items,
        _ => return Err("the parent tree has no flat /Nums".into()),
    };
    let mut entries: HashMap<i64, &Object> = HashMap::new();
    for pair in numbers.chunks(2) {
        let [key, value] = pair else {
            return Err("an odd /Nums".into());
        };
        let key = key.as_i64().map_err(|_| "a /Nums key is not a number")?;
        if entries.insert(key, value).is_some() {
            return Err(format!("parent tree key {key} twice"));
        }
    }
    let next_key = root
        .get(b"ParentTreeNextKey")
        .and_then(Object::as_i64)
        .map_err(|_| "no /ParentTreeNextKey")?;
    for (page, &page_id) in pages.iter().enumerate() {
        let dictionary = document
            .get_dictionary(page_id)
            .map_err(|e| e.to_string())?;
        let key = dictionary
            .get(b"StructParents")
            .and_then(Object::as_i64)
            .map_err(|_| format!("page {} has no /StructParents", page + 1))?;
        if key >= next_key {
            return Err(format!(
                "page {}: key {key} past /ParentTreeNextKey",
                page + 1
            ));
        }
        let parents = match entries.get(&key) {
            Some(Object::Array(items)) => items,
            _ => return Err(format!("page {}: no parent tree array", page + 1)),
        };
        for (mcid, parent) in parents.iter().enumerate() {
            let expected = walk.holder.get(&(page, mcid as i64));
            let actual = parent.as_reference().ok();
            if expected.is_none() && content[page].contains_key(&(mcid as i64)) {
                return Err(format!("page {}: MCID {mcid} has no holder", page + 1));
            }
            if expected.is_some() && actual != expected.copied() {
                return Err(format!(
                    "page {}: the parent tree gives MCID {mcid} to {actual:?}, the tree to {expected:?}",
                    page + 1
                ));
            }
        }
        if parents.len() < content[page].len() {
            return Err(format!(
                "page {}: the parent tree misses identifiers",
                page + 1
            ));
        }

        // The link annotations of the page.
        let annotations = match dictionary.get(b"Annots") {
            Ok(Object::Array(items)) => items.clone(),
            _ => Vec::new(),
        };
        if !annotations.is_empty() && name(dictionary, b"Tabs").as_deref() != Some("S") {
            return Err(format!("page {}: annotations without /Tabs /S", page + 1));
        }
        for annotation in annotations {
            let id = annotation
                .as_reference()
                .map_err(|_| "an inline annotation")?;
            let annotation = document.get_dictionary(id).map_err(|e| e.to_string())?;
            if name(annotation, b"Subtype").as_deref() != Some("Link") {
                continue;
            }
            walk.tagged.link_annotations += 1;
            let contents = annotation
                .get_deref(b"Contents", &document)
                .ok()
                .and_then(|contents| lopdf::decode_text_string(contents).ok())
                .unwrap_or_default();
            if contents.trim().is_empty() {
                return Err(format!("page {}: a link without /Contents", page + 1));
            }
            if annotation.get(b"F").and_then(Object::as_i64).ok() != Some(4) {
                return Err(format!("page {}: a link annotation without /F 4", page + 1));
            }
            let key = annotation
                .get(b"StructParent")
                .and_then(Object::as_i64)
                .map_err(|_| format!("page {}: a link without /StructParent", page + 1))?;
            let element = entries
                .get(&key)
                .and_then(|value| value.as_reference().ok())
                .ok_or(format!(
                    "page {}: /StructParent {key} resolves to nothing",
                    page + 1
                ))?;
            if walk.annotations.get(&id) != Some(&element) {
                return Err(format!(
                    "page {}: the annotation's /StructParent is not the Link holding its OBJR",
                    page + 1
                ));
            }
        }
    }
    if walk.annotations.len() != walk.tagged.link_annotations {
        return Err("an object reference to something else than a page's link".into());
    }

    // Heading levels.
    let mut previous = 0;
    for kind in &walk.tagged.types {
        if let Some(level) = kind
            .strip_prefix('H')
            .and_then(|level| level.parse::<u32>().ok())
        {
            if level > previous + 1 {
                return Err(format!("H{level} after H{previous}"));
            }
            previous = level;
        }
    }
    Ok(walk.tagged)
}

struct Walk<'a> {
    document: &'a Document,
    page_index: &'a HashMap<ObjectId, usize>,
    content: &'a [BTreeMap<i64, Marked>],
    referenced: HashSet<(usize, i64)>,
    /// The element holding each identifier.
    holder: HashMap<(usize, i64), ObjectId>,
    /// The element holding each annotation's object reference.
    annotations: HashMap<ObjectId, ObjectId>,
    tagged: Tagged,
    /// Where the last identifier's text was drawn: (page, text object).
    last_line: Option<(usize, usize)>,
    /// The `/ActualText` of the elements being walked that have one: read
    /// in place of their content, once (`None` once read).
    replacements: Vec<Option<String>>,
}

impl Walk<'_> {
    fn element(&mut self, id: ObjectId, parent: ObjectId, depth: usize) -> Result<(), String> {
        if depth > 64 {
            return Err("the tree is deeper than 64".into());
        }
        let element = self
            .document
            .get_dictionary(id)
            .map_err(|e| e.to_string())?;
        let kind = name(element, b"S").ok_or("an element without /S")?;
        if !STANDARD.contains(&kind.as_str()) {
            return Err(format!("non-standard structure type {kind}"));
        }
        if reference(element, b"P") != Some(parent) {
            return Err(format!("a {kind} whose /P is not its parent"));
        }
        self.tagged.types.push(kind.clone());
        let page = reference(element, b"Pg").and_then(|page| self.page_index.get(&page).copied());
        let actual_text = element
            .get(b"ActualText")
            .ok()
            .and_then(|text| lopdf::decode_text_string(text).ok());
        let kids = match element.get(b"K") {
            Ok(Object::Array(items)) => items.clone(),
            Ok(single) => vec![single.clone()],
            Err(_) => Vec::new(),
        };
        if actual_text.is_some() {
            self.replacements.push(actual_text);
        }
        for kid in &kids {
            match kid {
                Object::Integer(mcid) => {
                    let page = page.ok_or(format!("a {kind} with an MCID but no /Pg"))?;
                    self.content_kid(id, &kind, page, *mcid)?;
                }
                Object::Reference(child) => self.element(*child, id, depth + 1)?,
                Object::Dictionary(reference_dictionary) => {
                    match name(reference_dictionary, b"Type").as_deref() {
                        Some("MCR") => {
                            let page = reference(reference_dictionary, b"Pg")
                                .and_then(|page| self.page_index.get(&page).copied())
                                .or(page)
                                .ok_or("an MCR without a page")?;
                            let mcid = reference_dictionary
                                .get(b"MCID")
                                .and_then(Object::as_i64)
                                .map_err(|_| "an MCR without /MCID")?;
                            self.content_kid(id, &kind, page, mcid)?;
                        }
                        Some("OBJR") => {
                            if kind != "Link" {
                                return Err(format!("an object reference in a {kind}"));
                            }
                            let object = reference(reference_dictionary, b"Obj")
                                .ok_or("an OBJR without /Obj")?;
                            if self.annotations.insert(object, id).is_some() {
                                return Err("an annotation referenced twice".into());
                            }
                        }
                        other => return Err(format!("a kid of type {other:?} in a {kind}")),
                    }
                }
                other => return Err(format!("a kid {other:?} in a {kind}")),
            }
        }
        if element.get(b"ActualText").is_ok() {
            self.replacements.pop();
        }
        Ok(())
    }

    /// Reads an identifier of `element`: its text, or the `/ActualText` of
    /// the element it is in, the first time.
    fn content_kid(
        &mut self,
        element: ObjectId,
        kind: &str,
        page: usize,
        mcid: i64,
    ) -> Result<(), String> {
        if !self.referenced.insert((page, mcid)) {
            return Err(format!("page {}: MCID {mcid} referenced twice", page + 1));
        }
        self.holder.insert((page, mcid), element);
        let marked = self.content[page].get(&mcid).ok_or(format!(
            "page {}: MCID {mcid} of a {kind} is not in the content",
            page + 1
        ))?;
        if marked.tag != kind {
            return Err(format!(
                "page {}: MCID {mcid} is tagged {} in the content, {kind} in the tree",
                page + 1,
                marked.tag
            ));
        }
        let line = (page, marked.text_object);
        let read = match self.replacements.last_mut() {
            Some(replacement) => replacement.take(),
            None => Some(marked.text.clone()),
        };
        let Some(read) = read else {
            // The rest of an element already read as its actual text.
            self.last_line = Some(line);
            return Ok(());
        };
        let text = &mut self.tagged.text;
        if self.last_line.is_some_and(|last| last != line) {
            if text.ends_with('\u{ad}') {
                text.pop();
            } else {
                text.push(' ');
            }
        }
        text.push_str(&read);
        self.last_line = Some(line);
        Ok(())
    }
}

/// The length of a string in `object` over PDF/A's 32,767 bytes, if any.
fn longest_string(object: &Object) -> Option<usize> {
    match object {
        Object::String(bytes, _) => (bytes.len() > 32_767).then_some(bytes.len()),
        Object::Array(items) => items.iter().find_map(longest_string),
        Object::Dictionary(dictionary) => dictionary.iter().find_map(|(_, v)| longest_string(v)),
        Object::Stream(stream) => stream.dict.iter().find_map(|(_, v)| longest_string(v)),
        _ => None,
    }
}

/// The identifiers of a page's content with their tag and text; an error
/// for text or paths drawn outside marked content.
fn marked_content(document: &Document, page: ObjectId) -> Result<BTreeMap<i64, Marked>, String> {
    let fonts = document.get_page_fonts(page).map_err(|e| e.to_string())?;
    let encodings: BTreeMap<Vec<u8>, lopdf::Encoding> = fonts
        .into_iter()
        .map(|(name, font)| (name, font.get_font_encoding(document).expect("an encoding")))
        .collect();
    let operations = document
        .get_and_decode_page_content(page)
        .map_err(|e| e.to_string())?
        .operations;
    let mut found: BTreeMap<i64, Marked> = BTreeMap::new();
    // The open sequences: Some(mcid) for an element's, None otherwise
    // (artifacts, spans without identifier).
    let mut stack: Vec<(Option<i64>, bool)> = Vec::new();
    let mut encoding = None;
    let mut text_object = 0;
    for operation in &operations {
        let in_artifact = stack.iter().any(|&(_, artifact)| artifact);
        let current = stack.iter().rev().find_map(|&(mcid, _)| mcid);
        match operation.operator.as_str() {
            "BMC" | "BDC" => {
                let tag = operation.operands[0]
                    .as_name()
                    .map(|name| String::from_utf8_lossy(name).into_owned())
                    .map_err(|_| "a marked sequence without a tag")?;
                let properties = operation.operands.get(1).and_then(|p| p.as_dict().ok());
                let mcid = properties
                    .and_then(|p| p.get(b"MCID").ok())
                    .and_then(|mcid| mcid.as_i64().ok());
                if let Some(mcid) = mcid {
                    if current.is_some() || in_artifact {
                        return Err(format!("MCID {mcid} nested in another sequence"));
                    }
                    let previous = found.insert(
                        mcid,
                        Marked {
                            tag: tag.clone(),
                            text: String::new(),
                            text_object,
                        },
                    );
                    if previous.is_some() {
                        return Err(format!("MCID {mcid} twice on a page"));
                    }
                }
                stack.push((mcid, tag == "Artifact"));
            }
            "EMC" => {
                stack.pop().ok_or("EMC without a sequence")?;
            }
            "ET" => text_object += 1,
            "Tf" => {
                let name = operation.operands[0]
                    .as_name()
                    .map_err(|_| "Tf without a font")?;
                encoding = encodings.get(name);
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if in_artifact {
                    continue;
                }
                let mcid = current.ok_or("text drawn outside marked content")?;
                let encoding = encoding.ok_or("text before a font")?;
                let strings: Vec<&Object> = match operation.operands.last() {
                    Some(Object::Array(items)) => items.iter().collect(),
                    Some(single) => vec![single],
                    None => Vec::new(),
                };
                let marked = found.get_mut(&mcid).expect("opened above");
                for item in strings {
                    if let Object::String(bytes, _) = item {
                        let text = encoding.bytes_to_string(bytes).map_err(|e| e.to_string())?;
                        marked.text.push_str(&text);
                    }
                }
            }
            "f" | "F" | "f*" | "S" | "s" | "B" | "B*" | "b" | "b*" | "Do" | "sh"
                if !in_artifact && current.is_none() =>
            {
                return Err(format!(
                    "`{}` painted outside marked content",
                    operation.operator
                ));
            }
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("a marked sequence left open".into());
    }
    Ok(found)
}
