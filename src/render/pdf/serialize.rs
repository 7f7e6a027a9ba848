//! The finished document as bytes: a PDF 1.7 file whose dictionaries and
//! arrays travel in compressed object streams, with a cross-reference
//! stream (ISO 32000-1, 7.5.7 and 7.5.8).
//!
//! A tagged communiqué is mostly small dictionaries (structure elements,
//! annotations): written one by one they doubled the objects' bytes of the
//! n°2. Packed into object streams and deflated with the content streams'
//! compressor they cost less than the untagged file did. lopdf can write
//! object streams too, but formats every object through `dyn Write` and
//! compresses at zlib's level 6: 10 of the 33 million instructions of a
//! `compose --format pdf` of the n°2. Here each object is pushed onto a
//! byte vector, and libdeflate's fastest level packs it.
//!
//! Streams are written as they are, each object of its own (a stream cannot
//! be packed), the XMP metadata among them, uncompressed as PDF/A wants it.
//! The trailer's entries (`/Root`, `/Info`, `/ID`) go into the
//! cross-reference stream's dictionary, uncompressed, where the file
//! identifier is stamped afterwards.
//!
//! The pages' content streams are written with the same functions
//! ([`push_real`], [`write_name`], [`write_literal`]): one writer of PDF
//! syntax for the whole file.

use std::io::Write;

use libdeflater::Compressor;
use lopdf::{Dictionary, Object, StringFormat};

use crate::render::RenderError;

/// Objects per object stream: enough to compress well, few enough that a
/// reader looking for one object does not inflate a whole large document.
const PER_STREAM: usize = 200;

/// Writes `pdf`, whose objects are numbered 1, 2, 3 … with generation 0
/// (as `prune_and_renumber` leaves them), compressing the object streams
/// with `compressor`.
pub fn serialize(
    pdf: &lopdf::Document,
    compressor: &mut Compressor,
) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::with_capacity(64 * 1024);
    // The binary comment tells transfer programs the file is not text
    // (PDF/A: four bytes above 127).
    out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");

    let count = pdf.max_id as usize;
    // What the cross-reference stream says of each object: (type, field 2,
    // field 3); object 0 is the head of the free list.
    let mut entries: Vec<(u8, u64, u16)> = vec![(0, 0, 0xFFFF); count + 1];
    let mut packed: Vec<(u32, &Object)> = Vec::new();
    for (&(number, generation), object) in &pdf.objects {
        if generation != 0 || number as usize > count {
            return Err(RenderError::Pdf(format!(
                "object {number} {generation} is out of the numbering"
            )));
        }
        match object {
            Object::Stream(_) => {
                entries[number as usize] = (1, out.len() as u64, 0);
                write_indirect(&mut out, number, object);
            }
            _ => packed.push((number, object)),
        }
    }

    let mut next_number = count as u32 + 1;
    let mut header = Vec::new();
    let mut body = Vec::new();
    for chunk in packed.chunks(PER_STREAM) {
        let stream_number = next_number;
        next_number += 1;
        header.clear();
        body.clear();
        for (index, &(number, object)) in chunk.iter().enumerate() {
            push_integer(&mut header, i64::from(number));
            header.push(b' ');
            push_integer(&mut header, body.len() as i64);
            header.push(b' ');
            write_object(&mut body, object);
            body.push(b'\n');
            entries[number as usize] = (2, u64::from(stream_number), index as u16);
        }
        let mut content = Vec::with_capacity(header.len() + body.len());
        content.extend_from_slice(&header);
        content.extend_from_slice(&body);
        let dictionary = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"ObjStm".to_vec())),
            ("N", Object::Integer(chunk.len() as i64)),
            ("First", Object::Integer(header.len() as i64)),
            ("Filter", Object::Name(b"FlateDecode".to_vec())),
        ]);
        let content = deflate(compressor, &content)?;
        entries.push((1, out.len() as u64, 0));
        write_stream_object(&mut out, stream_number, &dictionary, &content);
    }

    // The cross-reference stream itself is the last object.
    let xref_number = next_number;
    let xref_offset = out.len() as u64;
    entries.push((1, xref_offset, 0));
    let mut table = Vec::with_capacity(7 * entries.len());
    for &(kind, field, index) in &entries {
        table.push(kind);
        table.extend_from_slice(&(field as u32).to_be_bytes());
        table.extend_from_slice(&index.to_be_bytes());
    }
    let mut dictionary = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"XRef".to_vec())),
        ("Size", Object::Integer(entries.len() as i64)),
        (
            "W",
            Object::Array(vec![
                Object::Integer(1),
                Object::Integer(4),
                Object::Integer(2),
            ]),
        ),
        ("Filter", Object::Name(b"FlateDecode".to_vec())),
    ]);
    for key in [b"Root".as_slice(), b"Info", b"ID"] {
        if let Ok(value) = pdf.trailer.get(key) {
            dictionary.set(key, value.clone());
        }
    }
    let table = deflate(compressor, &table)?;
    write_stream_object(&mut out, xref_number, &dictionary, &table);
    let _ = write!(out, "startxref\n{xref_offset}\n%%EOF\n");
    if xref_offset > u64::from(u32::MAX) {
        return Err(RenderError::Pdf("the file is larger than 4 GB".to_string()));
    }
    Ok(out)
}

fn deflate(compressor: &mut Compressor, data: &[u8]) -> Result<Vec<u8>, RenderError> {
    let mut compressed = vec![0; compressor.zlib_compress_bound(data.len())];
    let length = compressor
        .zlib_compress(data, &mut compressed)
        .map_err(|error| RenderError::Pdf(format!("cannot compress a stream: {error}")))?;
    compressed.truncate(length);
    Ok(compressed)
}

fn write_indirect(out: &mut Vec<u8>, number: u32, object: &Object) {
    push_integer(out, i64::from(number));
    out.extend_from_slice(b" 0 obj\n");
    write_object(out, object);
    out.extend_from_slice(b"\nendobj\n");
}

fn write_stream_object(out: &mut Vec<u8>, number: u32, dictionary: &Dictionary, content: &[u8]) {
    push_integer(out, i64::from(number));
    out.extend_from_slice(b" 0 obj\n");
    write_stream(out, dictionary, content);
    out.extend_from_slice(b"\nendobj\n");
}

/// A stream: its dictionary with the true `/Length`, then its bytes.
fn write_stream(out: &mut Vec<u8>, dictionary: &Dictionary, content: &[u8]) {
    out.extend_from_slice(b"<<");
    for (key, value) in dictionary {
        if key != b"Length" {
            write_entry(out, key, value);
        }
    }
    write_entry(out, b"Length", &Object::Integer(content.len() as i64));
    out.extend_from_slice(b">>stream\n");
    out.extend_from_slice(content);
    // The line end before `endstream` is not part of the data. After data
    // ending with a carriage return, a lone line feed would make the two a
    // CRLF line end, and the data one byte shorter than `/Length` says
    // (one compressed stream in 256 ends so): the line end is then CRLF.
    if content.ends_with(b"\r") {
        out.extend_from_slice(b"\r\nendstream");
    } else {
        out.extend_from_slice(b"\nendstream");
    }
}

fn write_entry(out: &mut Vec<u8>, key: &[u8], value: &Object) {
    write_name(out, key);
    if starts_with_regular(value) {
        out.push(b' ');
    }
    write_object(out, value);
}

/// Whether `object` starts with a regular character, which must be kept
/// apart from a name before it.
fn starts_with_regular(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(value) => push_integer(out, *value),
        Object::Real(value) => push_real(out, *value),
        Object::Name(name) => write_name(out, name),
        Object::String(bytes, StringFormat::Literal) => write_literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => write_hexadecimal(out, bytes),
        Object::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dictionary) => {
            out.extend_from_slice(b"<<");
            for (key, value) in dictionary {
                write_entry(out, key, value);
            }
            out.extend_from_slice(b">>");
        }
        Object::Stream(stream) => write_stream(out, &stream.dict, &stream.content),
        Object::Reference((number, generation)) => {
            push_integer(out, i64::from(*number));
            out.push(b' ');
            push_integer(out, i64::from(*generation));
            out.extend_from_slice(b" R");
        }
    }
}

pub fn push_integer(out: &mut Vec<u8>, value: i64) {
    let mut buffer = itoa::Buffer::new();
    out.extend_from_slice(buffer.format(value).as_bytes());
}

/// A real number as PDF wants it: digits and a point, never an exponent.
pub fn push_real(out: &mut Vec<u8>, value: f32) {
    if !value.is_finite() {
        out.push(b'0');
        return;
    }
    // `Display` for floats gives the shortest decimal that reads back the
    // same, without an exponent.
    let _ = write!(out, "{value}");
}

/// A name, with white space, delimiters, `#` and bytes outside `!`…`~`
/// written as `#XX`.
pub fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        let delimiter = matches!(
            byte,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%' | b'#'
        );
        if delimiter || !(33..=126).contains(&byte) {
            out.push(b'#');
            push_hex_byte(out, byte);
        } else {
            out.push(byte);
        }
    }
}

/// A literal string: every parenthesis and backslash escaped (balanced or
/// not: one rule, one pass), and carriage returns, which a reader would
/// otherwise take for line ends.
pub fn write_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &byte in bytes {
        match byte {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(byte);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(byte),
        }
    }
    out.push(b')');
}

fn write_hexadecimal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'<');
    for &byte in bytes {
        push_hex_byte(out, byte);
    }
    out.push(b'>');
}

fn push_hex_byte(out: &mut Vec<u8>, byte: u8) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.push(DIGITS[usize::from(byte >> 4)]);
    out.push(DIGITS[usize::from(byte & 0xF)]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(object: &Object) -> String {
        let mut out = Vec::new();
        write_object(&mut out, object);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn objects_are_written_as_pdf_syntax() {
        assert_eq!(written(&Object::Real(12.5)), "12.5");
        assert_eq!(written(&Object::Real(-0.25)), "-0.25");
        assert_eq!(written(&Object::Real(1e-7)), "0.0000001");
        assert_eq!(written(&Object::Name(b"A B#".to_vec())), "/A#20B#23");
        assert_eq!(
            written(&Object::string_literal("a(b)\\c\r")),
            "(a\\(b\\)\\\\c\\r)"
        );
        assert_eq!(
            written(&Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Annot".to_vec())),
                ("P", Object::Reference((3, 0))),
                ("K", Object::Array(vec![Object::Integer(1), Object::Null])),
            ]))),
            "<</Type/Annot/P 3 0 R/K[1 null]>>"
        );
    }

    #[test]
    fn data_ending_with_a_carriage_return_keeps_its_length() {
        let mut out = Vec::new();
        write_stream(&mut out, &Dictionary::new(), b"ab\r");
        assert!(out.ends_with(b"stream\nab\r\r\nendstream"), "{out:?}");
        out.clear();
        write_stream(&mut out, &Dictionary::new(), b"ab");
        assert!(
            out.ends_with(b"/Length 2>>stream\nab\nendstream"),
            "{out:?}"
        );
    }
}
