//! The text of a PDF as a reader's extraction starts from it, decoded with
//! lopdf through each font's ToUnicode map: nothing outside Rust needed.

use lopdf::{Document, Object};

/// The characters of one page's text objects, in stream order, with one
/// line break per text object (one per baseline). lopdf's own
/// `extract_text` adds a space after every `TJ` array, which would hide a
/// doubled space or invent one inside a word.
pub fn page_text(document: &Document, page: lopdf::ObjectId) -> String {
    let fonts = document.get_page_fonts(page).expect("page fonts");
    let encodings: std::collections::BTreeMap<Vec<u8>, lopdf::Encoding> = fonts
        .into_iter()
        .map(|(name, font)| (name, font.get_font_encoding(document).expect("an encoding")))
        .collect();
    let content = document
        .get_and_decode_page_content(page)
        .expect("page content");
    let mut text = String::new();
    let mut encoding = None;
    for operation in &content.operations {
        match operation.operator.as_str() {
            "Tf" => {
                let name = operation.operands[0].as_name().expect("a font name");
                encoding = encodings.get(name);
            }
            "Tj" | "TJ" => {
                let encoding = encoding.expect("a font is set before text");
                let strings: Vec<&Object> = match &operation.operands[0] {
                    Object::Array(items) => items.iter().collect(),
                    single => vec![single],
                };
                for item in strings {
                    if let Object::String(bytes, _) = item {
                        text.push_str(&encoding.bytes_to_string(bytes).expect("decodes"));
                    }
                }
            }
            "ET" => text.push('\n'),
            _ => {}
        }
    }
    text
}

/// The text of every page, lines joined, words hyphenated at a line end put
/// back together. (The breaker never breaks after a hyphen of the text, so a
/// hyphen at a line end is always one it added.)
pub fn extracted_text(document: &Document) -> String {
    let mut text = String::new();
    for page in document.get_pages().into_values() {
        text.push_str(&page_text(document, page));
    }
    text.replace("-\n", "")
}

/// The text of a PDF file's bytes.
pub fn pdf_text(bytes: &[u8]) -> String {
    extracted_text(&Document::load_mem(bytes).expect("the PDF parses"))
}
