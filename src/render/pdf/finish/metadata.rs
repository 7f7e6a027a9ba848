//! What the file says about itself, written twice from one description:
//! the Info dictionary, and the XMP packet PDF/A and PDF/UA read.
//!
//! PDF/A-2 (ISO 19005-2, 6.6.3) wants each Info entry to have its XMP
//! equivalent with the same value: each text is cleaned once, each date
//! made from one instant, here, and both forms are written from them. The
//! XMP also identifies the file as PDF/A-2a and PDF/UA-1; PDF/A only admits
//! properties of schemas it knows or that the packet declares, so it
//! declares the PDF/UA identification schema.

use chrono::NaiveDateTime;
use lopdf::{Dictionary, Object, Stream};

use super::{digest_hex, text_string};
use crate::render::pdf::layout::Info;

/// The program that made the document (Info `/Creator`, XMP
/// `xmp:CreatorTool`).
const CREATOR: &str = "solidaire";
/// What wrote the PDF (Info `/Producer`, XMP `pdf:Producer`).
const PRODUCER: &str = "solidaire (printpdf 0.12, lopdf 0.44)";

/// The document's metadata, ready to be written in either form.
pub struct Metadata {
    title: String,
    author: Option<String>,
    subject: String,
    /// Creation, modification and metadata date alike, in UTC.
    date: NaiveDateTime,
}

impl Metadata {
    /// The metadata of a document described by `info`, dated `date` (UTC).
    pub fn new(info: &Info, date: NaiveDateTime) -> Metadata {
        Metadata {
            title: xml_representable(&info.title),
            author: info.author.as_deref().map(xml_representable),
            subject: xml_representable(&info.subject),
            date,
        }
    }

    /// The Info dictionary: only what we know (printpdf's empty
    /// `/GTS_PDFXVersion`, `/Identifier` and `/Trapped` make `pdfinfo` call
    /// the file PDF/X).
    pub fn info_dictionary(&self) -> Dictionary {
        let date = text_string(&self.info_date());
        let mut dictionary = Dictionary::new();
        dictionary.set("Title", text_string(&self.title));
        if let Some(author) = &self.author {
            dictionary.set("Author", text_string(author));
        }
        dictionary.set("Subject", text_string(&self.subject));
        dictionary.set("Creator", text_string(CREATOR));
        dictionary.set("Producer", text_string(PRODUCER));
        dictionary.set("CreationDate", date.clone());
        dictionary.set("ModDate", date);
        dictionary
    }

    /// The XMP packet as a metadata stream, uncompressed: PDF/A readers and
    /// tools that look for the packet without parsing the PDF expect it in
    /// clear. Its instance identifier is a digest of `pdf`'s streams (the
    /// pages and fonts) and of the metadata: another content, another
    /// identifier; the same, the same bytes.
    pub fn xmp_stream(&self, pdf: &lopdf::Document) -> Stream {
        let dictionary = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]);
        let packet = self.xmp(&self.document_id(), &self.instance_id(pdf));
        Stream::new(dictionary, packet.into_bytes()).with_compression(false)
    }

    /// `D:20200408000000Z`: PDF's date format, in UTC.
    fn info_date(&self) -> String {
        format!("D:{}Z", self.date.format("%Y%m%d%H%M%S"))
    }

    /// `2020-04-08T00:00:00Z`: the same instant as [`Self::info_date`], in
    /// XMP's format (ISO 8601). PDF/A compares the two as instants, so both
    /// carry the same seconds and the same time zone.
    fn xmp_date(&self) -> String {
        format!("{}Z", self.date.format("%Y-%m-%dT%H:%M:%S"))
    }

    /// The communiqué's identity, from its title (with its number) and its
    /// author: a corrected reissue is the same document.
    fn document_id(&self) -> String {
        let mut identity = self.title.clone().into_bytes();
        identity.push(0);
        identity.extend(self.author.as_deref().unwrap_or_default().bytes());
        uuid(&digest_hex(&identity))
    }

    /// This rendition's identity: every stream of `pdf` and the metadata.
    /// Each stream is digested where it lies, and the digests with the
    /// metadata: copying the streams end to end first cost as much again.
    fn instance_id(&self, pdf: &lopdf::Document) -> String {
        let mut content = String::new();
        for object in pdf.objects.values() {
            if let Object::Stream(stream) = object {
                content.push_str(&digest_hex(&stream.content));
            }
        }
        for text in [&self.title, &self.subject] {
            content.push_str(text);
            content.push('\0');
        }
        content.push_str(self.author.as_deref().unwrap_or_default());
        content.push('\0');
        content.push_str(&self.xmp_date());
        uuid(&digest_hex(content.as_bytes()))
    }

    /// The XMP packet. Written by hand, property by property, in a fixed
    /// order: the same metadata always gives the same bytes.
    fn xmp(&self, document_id: &str, instance_id: &str) -> String {
        let date = self.xmp_date();
        let mut xml = String::with_capacity(3000);
        // The byte-order mark in `begin` says the packet is UTF-8.
        xml.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
        xml.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
        xml.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
        xml.push_str("<rdf:Description rdf:about=\"\"");
        for (prefix, namespace) in NAMESPACES {
            xml.push_str("\n xmlns:");
            xml.push_str(prefix);
            xml.push_str("=\"");
            xml.push_str(namespace);
            xml.push('"');
        }
        xml.push_str(">\n");

        element(&mut xml, "dc:format", "application/pdf");
        xml.push_str("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        push_escaped(&mut xml, &self.title);
        xml.push_str("</rdf:li></rdf:Alt></dc:title>\n");
        if let Some(author) = &self.author {
            xml.push_str("<dc:creator><rdf:Seq><rdf:li>");
            push_escaped(&mut xml, author);
            xml.push_str("</rdf:li></rdf:Seq></dc:creator>\n");
        }
        xml.push_str("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        push_escaped(&mut xml, &self.subject);
        xml.push_str("</rdf:li></rdf:Alt></dc:description>\n");
        element(&mut xml, "xmp:CreatorTool", CREATOR);
        element(&mut xml, "xmp:CreateDate", &date);
        element(&mut xml, "xmp:ModifyDate", &date);
        element(&mut xml, "xmp:MetadataDate", &date);
        element(&mut xml, "pdf:Producer", PRODUCER);
        element(&mut xml, "xmpMM:DocumentID", document_id);
        element(&mut xml, "xmpMM:InstanceID", instance_id);
        element(&mut xml, "pdfaid:part", "2");
        element(&mut xml, "pdfaid:conformance", "A");
        element(&mut xml, "pdfuaid:part", "1");
        xml.push_str(PDFUA_EXTENSION_SCHEMA);

        xml.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n");
        xml.push_str("<?xpacket end=\"r\"?>");
        xml
    }
}

/// The namespaces of the packet's properties, declared on its one
/// description.
const NAMESPACES: [(&str, &str); 9] = [
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("xmp", "http://ns.adobe.com/xap/1.0/"),
    ("pdf", "http://ns.adobe.com/pdf/1.3/"),
    ("xmpMM", "http://ns.adobe.com/xap/1.0/mm/"),
    ("pdfaid", "http://www.aiim.org/pdfa/ns/id/"),
    ("pdfuaid", "http://www.aiim.org/pdfua/ns/id/"),
    ("pdfaExtension", "http://www.aiim.org/pdfa/ns/extension/"),
    ("pdfaSchema", "http://www.aiim.org/pdfa/ns/schema#"),
    ("pdfaProperty", "http://www.aiim.org/pdfa/ns/property#"),
];

/// The PDF/A extension schema declaring `pdfuaid:part`, which PDF/A-2
/// does not know otherwise (ISO 14289-1, 5.4, gives this very schema).
const PDFUA_EXTENSION_SCHEMA: &str = "\
<pdfaExtension:schemas><rdf:Bag>
<rdf:li rdf:parseType=\"Resource\">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq>
<rdf:li rdf:parseType=\"Resource\">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li>
</rdf:Seq></pdfaSchema:property>
</rdf:li>
</rdf:Bag></pdfaExtension:schemas>
";

/// Writes `<name>value</name>` and a line break, `value` escaped.
fn element(xml: &mut String, name: &str, value: &str) {
    xml.push('<');
    xml.push_str(name);
    xml.push('>');
    push_escaped(xml, value);
    xml.push_str("</");
    xml.push_str(name);
    xml.push_str(">\n");
}

/// Appends `text` as XML character data. `>` is escaped too, so that `]]>`
/// cannot appear; tabs and line breaks as references, which an XML reader
/// keeps as they are (a raw carriage return would be read as a line feed).
/// `text` holds only characters XML can carry ([`xml_representable`]).
fn push_escaped(xml: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => xml.push_str("&amp;"),
            '<' => xml.push_str("&lt;"),
            '>' => xml.push_str("&gt;"),
            '"' => xml.push_str("&quot;"),
            '\'' => xml.push_str("&apos;"),
            '\t' => xml.push_str("&#x9;"),
            '\n' => xml.push_str("&#xA;"),
            '\r' => xml.push_str("&#xD;"),
            c => xml.push(c),
        }
    }
}

/// `text` with each character XML 1.0 cannot carry, not even as a
/// reference (the C0 controls but tab and line breaks, U+FFFE, U+FFFF),
/// replaced with U+FFFD. The loader refuses them already; done here for
/// both forms at once, the Info dictionary still says what the XMP says.
fn xml_representable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// A 32-digit hexadecimal digest as a UUID URN of version 8 (RFC 9562's
/// form for identifiers made otherwise than by its own methods).
fn uuid(digest: &str) -> String {
    let mut digits: Vec<char> = digest.chars().take(32).collect();
    digits[12] = '8';
    let variant = digits[16].to_digit(16).unwrap_or_default();
    digits[16] = char::from_digit(0x8 | (variant & 0x3), 16).unwrap_or('8');
    let group = |range: std::ops::Range<usize>| digits[range].iter().collect::<String>();
    format!(
        "uuid:{}-{}-{}-{}-{}",
        group(0..8),
        group(8..12),
        group(12..16),
        group(16..20),
        group(20..32)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(title: &str) -> Metadata {
        let info = Info {
            title: title.to_string(),
            author: Some("Préfet".to_string()),
            subject: "Communiqué".to_string(),
        };
        let date = chrono::NaiveDate::from_ymd_opt(2020, 4, 8)
            .unwrap()
            .and_hms_opt(13, 5, 9)
            .unwrap();
        Metadata::new(&info, date)
    }

    #[test]
    fn both_dates_are_the_same_utc_instant() {
        let metadata = metadata("n°2");
        assert_eq!(metadata.info_date(), "D:20200408130509Z");
        assert_eq!(metadata.xmp_date(), "2020-04-08T13:05:09Z");
    }

    #[test]
    fn texts_are_escaped_and_what_xml_cannot_carry_is_replaced_in_both_forms() {
        let metadata = metadata("<a> & \"b\" ]]> 'c'\u{1}\t\r\n");
        assert_eq!(metadata.title, "<a> & \"b\" ]]> 'c'\u{fffd}\t\r\n");
        assert_eq!(
            metadata.info_dictionary().get(b"Title").ok(),
            Some(&text_string(&metadata.title))
        );
        let xml = metadata.xmp("uuid:d", "uuid:i");
        assert!(
            xml.contains(
                "&lt;a&gt; &amp; &quot;b&quot; ]]&gt; &apos;c&apos;\u{fffd}&#x9;&#xD;&#xA;</rdf:li>"
            ),
            "{xml}"
        );
    }

    #[test]
    fn identifiers_are_version_8_uuids() {
        let id = uuid("0123456789abcdef0123456789abcdef");
        assert_eq!(id, "uuid:01234567-89ab-8def-8123-456789abcdef");
        assert_eq!(
            uuid(&"f".repeat(32)),
            "uuid:ffffffff-ffff-8fff-bfff-ffffffffffff"
        );
    }

    #[test]
    fn the_document_id_follows_the_title_not_the_date() {
        let first = metadata("n°2");
        let mut later = metadata("n°2");
        later.date += chrono::Duration::days(1);
        assert_eq!(first.document_id(), later.document_id());
        assert_ne!(first.document_id(), metadata("n°3").document_id());
    }
}
