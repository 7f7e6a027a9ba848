//! The PDF as a reader gets it: the text extracted back, the links, the
//! metadata and the outline, read with lopdf (which decodes our Identity-H
//! fonts through their ToUnicode maps). Nothing outside Rust is needed.

mod common;

use common::pdf_text::extracted_text;
use common::{n2, release_words, text_words as words};
use lopdf::{Dictionary, Document, Object};
use solidaire::load::inline::parse_inline;
use solidaire::load::link::parse_link;
use solidaire::model::{Inline, Paragraph, Release, Style};
use solidaire::render::RenderError;

/// The PDF of `release`, dated from its issue date.
fn render(release: &Release) -> Result<Vec<u8>, RenderError> {
    solidaire::render::pdf::render(release, None)
}

fn load(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).expect("the PDF parses")
}

/// Whether `needles` all appear in `haystack`, in order.
fn in_order(haystack: &[String], needles: &[String]) -> Result<(), String> {
    let mut position = 0;
    for needle in needles {
        match haystack[position..].iter().position(|word| word == needle) {
            Some(found) => position += found + 1,
            None => return Err(format!("`{needle}` missing after word {position}")),
        }
    }
    Ok(())
}

#[test]
fn every_word_comes_back_in_order_with_its_accents_and_spaces() {
    let release = n2();
    let document = load(&render(&release).expect("n2 renders"));
    let extracted = extracted_text(&document);
    let got = words(&extracted);
    in_order(&got, &release_words(&release)).unwrap();
    // The no-break spaces are characters of their own in the PDF.
    assert!(
        extracted.contains("50\u{202f}000\u{a0}litres"),
        "{extracted}"
    );
    assert!(extracted.contains("«\u{202f}le Pas-de-Calais solidaire\u{202f}»"));
    assert!(extracted.contains("Pour plus d’informations\u{a0}:"));
    assert!(extracted.contains("Covid-19\u{a0}: le Pas-de-Calais solidaire n°2"));
    assert!(extracted.contains("PRÉFET"));
    assert!(extracted.contains("Arras, le\u{a0}8\u{a0}avril\u{a0}2020"));
    assert!(extracted.contains("tablettes…)"));
    assert!(!extracted.contains("  "), "a doubled space");
}

#[test]
fn pages_are_numbered_out_of_the_total() {
    let document = load(&render(&n2()).expect("n2 renders"));
    let total = document.get_pages().len();
    assert!(total >= 2);
    for page in 1..=total {
        let text = document
            .extract_text(&[page as u32])
            .expect("text extracts");
        assert!(
            text.contains(&format!("{page}/{total}")),
            "page {page}: {text}"
        );
        assert!(text.contains("Préfet du Pas-de-Calais"));
    }
}

fn link_uris(document: &Document) -> Vec<String> {
    let mut uris = Vec::new();
    for (_, page) in document.get_pages() {
        for annotation in document.get_page_annotations(page).expect("annotations") {
            assert_eq!(
                annotation.get(b"Subtype").and_then(Object::as_name).ok(),
                Some(&b"Link"[..])
            );
            let border = annotation
                .get(b"Border")
                .and_then(Object::as_array)
                .expect("a border");
            assert!(
                border
                    .iter()
                    .all(|width| width.as_float().ok() == Some(0.0)),
                "a visible border"
            );
            let action = annotation
                .get(b"A")
                .and_then(|action| document.dereference(action))
                .and_then(|(_, action)| action.as_dict())
                .expect("an action");
            let uri = action.get(b"URI").and_then(Object::as_str).expect("a URI");
            uris.push(String::from_utf8_lossy(uri).into_owned());
        }
    }
    uris
}

#[test]
fn every_link_is_clickable_and_leads_where_it_says() {
    let release = n2();
    let document = load(&render(&release).expect("n2 renders"));
    let uris = link_uris(&document);
    let expected: Vec<String> = release
        .links()
        .into_iter()
        .map(|link| link.href.clone())
        .collect();
    assert_eq!(uris, expected);
    assert!(uris.contains(&"mailto:fdelfour@durandproduction.com".to_string()));
    assert!(uris.contains(&"https://www.second-depart.fr".to_string()));
}

#[test]
fn a_link_inside_a_paragraph_is_clickable_too() {
    let mut release = n2();
    release.preamble.push(Paragraph(vec![
        Inline::Text {
            text: "Voir ".to_string(),
            style: Style::default(),
        },
        Inline::Link {
            link: parse_link("https://example.org/page").unwrap(),
            style: Style::default(),
        },
        Inline::Text {
            text: " pour le détail.".to_string(),
            style: Style::default(),
        },
    ]));
    let document = load(&render(&release).expect("renders"));
    assert_eq!(
        link_uris(&document).first().map(String::as_str),
        Some("https://example.org/page")
    );
}

/// The page of `release` with one paragraph holding a web address of
/// `length` characters, and the URI actions of its PDF: (annotations,
/// distinct action objects, the file's size).
fn long_address(length: usize) -> (usize, usize, usize) {
    let mut release = n2();
    let url = format!("https://example.org/{}", "chemin/".repeat(length / 7));
    release.preamble.push(Paragraph(vec![
        Inline::Text {
            text: "Voir ".to_string(),
            style: Style::default(),
        },
        Inline::Link {
            link: parse_link(&url).unwrap(),
            style: Style::default(),
        },
    ]));
    let bytes = render(&release).expect("renders");
    let document = load(&bytes);
    let mut annotations = 0;
    let mut actions = std::collections::BTreeSet::new();
    for (_, page) in document.get_pages() {
        for annotation in document.get_page_annotations(page).expect("annotations") {
            let action = annotation.get(b"A").expect("an action");
            let (id, action) = document.dereference(action).expect("an action");
            let uri = action.as_dict().and_then(|action| action.get(b"URI"));
            if uri.and_then(Object::as_str).ok() == Some(url.as_bytes()) {
                annotations += 1;
                actions.insert(id.expect("a shared action object"));
            }
        }
    }
    (annotations, actions.len(), bytes.len())
}

#[test]
fn regression_an_address_cut_into_lines_has_one_action_written_once() {
    // Each line of a long address carried its own copy of it: a 16 KB
    // address gave a 2.5 MB PDF, a 200 KB one 1.25 GB.
    let (annotations, actions, small) = long_address(8_000);
    assert!(annotations > 50, "{annotations} areas");
    assert_eq!(actions, 1, "one action for the {annotations} areas");
    let (annotations, actions, large) = long_address(32_000);
    assert!(annotations > 200, "{annotations} areas");
    assert_eq!(actions, 1);
    // Four times the address, at most four times the growth, plus the
    // areas' own small dictionaries: linear, not quadratic.
    let base = render(&n2()).unwrap().len();
    assert!(
        large - base < 5 * (small - base),
        "{base} → {small} → {large} bytes"
    );
}

fn catalog(document: &Document) -> &Dictionary {
    document.catalog().expect("a catalog")
}

fn info(document: &Document) -> &Dictionary {
    let reference = document
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .expect("an Info");
    document
        .get_dictionary(reference)
        .expect("an Info dictionary")
}

fn text_string(object: &Object) -> String {
    let bytes = object.as_str().expect("a string");
    match bytes {
        [0xFE, 0xFF, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

#[test]
fn metadata_says_title_author_language_and_issue_date() {
    let document = load(&render(&n2()).expect("n2 renders"));
    let info = info(&document);
    assert_eq!(
        text_string(info.get(b"Title").unwrap()),
        "Covid-19\u{a0}: le Pas-de-Calais solidaire n°2"
    );
    assert_eq!(
        text_string(info.get(b"Author").unwrap()),
        "Préfet du Pas-de-Calais"
    );
    assert_eq!(
        text_string(info.get(b"Subject").unwrap()),
        "Communiqué de presse, Arras, le\u{a0}8\u{a0}avril\u{a0}2020"
    );
    assert_eq!(
        text_string(info.get(b"CreationDate").unwrap()),
        "D:20200408000000Z"
    );
    assert_eq!(
        text_string(info.get(b"ModDate").unwrap()),
        "D:20200408000000Z"
    );
    for empty in [
        &b"GTS_PDFXVersion"[..],
        b"Identifier",
        b"Trapped",
        b"Keywords",
    ] {
        assert!(
            info.get(empty).is_err(),
            "{}",
            String::from_utf8_lossy(empty)
        );
    }
    let catalog = catalog(&document);
    assert_eq!(text_string(catalog.get(b"Lang").unwrap()), "fr-FR");
    assert_eq!(
        catalog.get(b"PageMode").and_then(Object::as_name).ok(),
        Some(&b"UseOutlines"[..])
    );
    let preferences = catalog
        .get(b"ViewerPreferences")
        .and_then(Object::as_dict)
        .unwrap();
    assert_eq!(
        preferences
            .get(b"DisplayDocTitle")
            .and_then(Object::as_bool)
            .ok(),
        Some(true)
    );
}

/// The catalog's XMP packet, checked to be a metadata stream in clear.
fn xmp_packet(document: &Document) -> String {
    let reference = catalog(document)
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .expect("a /Metadata reference");
    let stream = document
        .get_object(reference)
        .and_then(Object::as_stream)
        .expect("a metadata stream");
    let name = |key: &[u8]| stream.dict.get(key).and_then(Object::as_name).ok();
    assert_eq!(name(b"Type"), Some(&b"Metadata"[..]));
    assert_eq!(name(b"Subtype"), Some(&b"XML"[..]));
    assert!(
        stream.dict.get(b"Filter").is_err(),
        "a compressed XMP packet"
    );
    String::from_utf8(stream.content.clone()).expect("UTF-8")
}

const DC: &str = "http://purl.org/dc/elements/1.1/";
const XMP: &str = "http://ns.adobe.com/xap/1.0/";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// The value of the XMP property `namespace`:`name`: its text, or that of
/// its one array item (the `x-default` one of a language alternative).
fn xmp_text(xmp: &roxmltree::Document, namespace: &str, name: &str) -> Option<String> {
    let property = xmp
        .descendants()
        .find(|node| node.has_tag_name((namespace, name)))?;
    let items: Vec<_> = property
        .descendants()
        .filter(|node| node.has_tag_name((RDF, "li")))
        .collect();
    let value = match items[..] {
        [] => property,
        [item] => {
            if property
                .descendants()
                .any(|node| node.has_tag_name((RDF, "Alt")))
            {
                assert_eq!(
                    item.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
                    Some("x-default")
                );
            }
            item
        }
        _ => panic!("{name} has {} items", items.len()),
    };
    Some(value.text().unwrap_or_default().to_string())
}

/// `D:20200408000000Z` as XMP writes it: `2020-04-08T00:00:00Z`.
fn xmp_date(info_date: &str) -> String {
    let digits = info_date
        .strip_prefix("D:")
        .and_then(|date| date.strip_suffix('Z'))
        .expect("a UTC date");
    let part = |range: std::ops::Range<usize>| &digits[range];
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        part(0..4),
        part(4..6),
        part(6..8),
        part(8..10),
        part(10..12),
        part(12..14)
    )
}

/// Checks that the XMP packet of `document` says what its Info dictionary
/// says, as PDF/A asks, and returns the packet.
fn xmp_mirrors_info(document: &Document) -> String {
    let packet = xmp_packet(document);
    let xmp = roxmltree::Document::parse(&packet).expect("the XMP parses");
    let info = info(document);
    let info_text = |key: &[u8]| info.get(key).ok().map(text_string);
    let pairs = [
        (b"Title".as_slice(), DC, "title"),
        (b"Author", DC, "creator"),
        (b"Subject", DC, "description"),
        (b"Creator", XMP, "CreatorTool"),
        (b"Producer", "http://ns.adobe.com/pdf/1.3/", "Producer"),
    ];
    for (key, namespace, name) in pairs {
        assert_eq!(
            xmp_text(&xmp, namespace, name),
            info_text(key),
            "{}",
            String::from_utf8_lossy(key)
        );
    }
    let created = info_text(b"CreationDate").expect("a creation date");
    assert_eq!(xmp_text(&xmp, XMP, "CreateDate"), Some(xmp_date(&created)));
    let modified = info_text(b"ModDate").expect("a modification date");
    assert_eq!(xmp_text(&xmp, XMP, "ModifyDate"), Some(xmp_date(&modified)));
    assert_eq!(
        xmp_text(&xmp, XMP, "MetadataDate"),
        Some(xmp_date(&modified))
    );
    packet
}

#[test]
fn the_xmp_packet_says_what_the_info_dictionary_says_and_names_the_standards() {
    let document = load(&render(&n2()).expect("n2 renders"));
    let packet = xmp_mirrors_info(&document);
    let xmp = roxmltree::Document::parse(&packet).expect("the XMP parses");
    assert_eq!(
        xmp_text(&xmp, DC, "title").as_deref(),
        Some("Covid-19\u{a0}: le Pas-de-Calais solidaire n°2")
    );
    assert_eq!(
        xmp_text(&xmp, XMP, "CreateDate").as_deref(),
        Some("2020-04-08T00:00:00Z")
    );
    let pdfaid = "http://www.aiim.org/pdfa/ns/id/";
    let pdfuaid = "http://www.aiim.org/pdfua/ns/id/";
    assert_eq!(xmp_text(&xmp, pdfaid, "part").as_deref(), Some("2"));
    assert_eq!(xmp_text(&xmp, pdfaid, "conformance").as_deref(), Some("A"));
    assert_eq!(xmp_text(&xmp, pdfuaid, "part").as_deref(), Some("1"));
    // PDF/A admits pdfuaid:part only if the packet declares its schema.
    let schema = "http://www.aiim.org/pdfa/ns/schema#";
    let property = "http://www.aiim.org/pdfa/ns/property#";
    assert_eq!(
        xmp_text(&xmp, schema, "namespaceURI").as_deref(),
        Some(pdfuaid)
    );
    assert_eq!(xmp_text(&xmp, schema, "prefix").as_deref(), Some("pdfuaid"));
    assert_eq!(xmp_text(&xmp, property, "name").as_deref(), Some("part"));
    assert_eq!(
        xmp_text(&xmp, property, "valueType").as_deref(),
        Some("Integer")
    );
    assert_eq!(
        xmp_text(&xmp, property, "category").as_deref(),
        Some("internal")
    );
}

#[test]
fn the_xmp_identifiers_come_from_the_content() {
    let ids = |release: &Release| {
        let document = load(&render(release).expect("renders"));
        let packet = xmp_packet(&document);
        let xmp = roxmltree::Document::parse(&packet).expect("the XMP parses");
        let mm = "http://ns.adobe.com/xap/1.0/mm/";
        let id = |name| xmp_text(&xmp, mm, name).expect("an identifier");
        (id("DocumentID"), id("InstanceID"))
    };
    let (document, instance) = ids(&n2());
    assert!(
        document.starts_with("uuid:") && document.len() == 41,
        "{document}"
    );
    assert_eq!((document.clone(), instance.clone()), ids(&n2()));
    let mut changed = n2();
    changed.sections.truncate(1);
    let (same_document, other_instance) = ids(&changed);
    assert_eq!(same_document, document);
    assert_ne!(other_instance, instance);
    changed.number = 3;
    assert_ne!(ids(&changed).0, document);
}

#[test]
fn regression_a_title_with_markup_characters_round_trips_through_the_xmp() {
    let mut release = n2();
    release.title = "Crise <sanitaire> & \"solidarité\" ]]> l'été".to_string();
    release.issuer = Some("Préfet & <Cie>".to_string());
    let document = load(&render(&release).expect("renders"));
    let packet = xmp_mirrors_info(&document);
    assert!(!packet.contains("]]>"), "{packet}");
    let xmp = roxmltree::Document::parse(&packet).expect("the XMP parses");
    assert_eq!(xmp_text(&xmp, DC, "title"), Some(release.full_title()));
    assert_eq!(xmp_text(&xmp, DC, "creator"), release.issuer);
}

#[test]
fn the_output_intent_is_srgb_with_a_three_component_profile() {
    let document = load(&render(&n2()).expect("n2 renders"));
    let intents = catalog(&document)
        .get(b"OutputIntents")
        .and_then(Object::as_array)
        .expect("/OutputIntents");
    let [intent] = &intents[..] else {
        panic!("{} output intents", intents.len());
    };
    let intent = document
        .dereference(intent)
        .and_then(|(_, intent)| intent.as_dict())
        .expect("an output intent");
    let name = |key: &[u8]| intent.get(key).and_then(Object::as_name).ok();
    assert_eq!(name(b"Type"), Some(&b"OutputIntent"[..]));
    assert_eq!(name(b"S"), Some(&b"GTS_PDFA1"[..]));
    assert_eq!(
        text_string(intent.get(b"OutputConditionIdentifier").unwrap()),
        "sRGB IEC61966-2.1"
    );
    let profile = intent
        .get(b"DestOutputProfile")
        .and_then(Object::as_reference)
        .and_then(|id| document.get_object(id))
        .and_then(Object::as_stream)
        .expect("an ICC profile stream");
    assert_eq!(
        profile.dict.get(b"N").and_then(Object::as_i64).ok(),
        Some(3)
    );
    let icc = profile
        .decompressed_content()
        .expect("the profile inflates");
    // An ICC header: the size, then the RGB colour space and the signature.
    assert_eq!(
        icc.len(),
        u32::from_be_bytes([icc[0], icc[1], icc[2], icc[3]]) as usize
    );
    assert_eq!(&icc[16..20], b"RGB ");
    assert_eq!(&icc[36..40], b"acsp");
}

#[test]
fn one_bookmark_per_section_in_reading_order() {
    let release = n2();
    let document = load(&render(&release).expect("n2 renders"));
    let toc = document.get_toc().expect("an outline");
    let titles: Vec<String> = toc.toc.iter().map(|entry| entry.title.clone()).collect();
    let expected: Vec<String> = release
        .sections
        .iter()
        .map(|s| s.title.plain_text())
        .collect();
    assert_eq!(titles, expected);
    let pages: Vec<usize> = toc.toc.iter().map(|entry| entry.page).collect();
    assert!(pages.windows(2).all(|pair| pair[0] <= pair[1]), "{pages:?}");
}

#[test]
fn the_same_release_gives_the_same_bytes_and_another_other_bytes() {
    let first = render(&n2()).expect("renders");
    assert_eq!(first, render(&n2()).expect("renders"));
    let mut other = n2();
    other.number = 3;
    let second = render(&other).expect("renders");
    assert_ne!(first, second);
    let id = |bytes: &[u8]| load(bytes).trailer.get(b"ID").cloned().expect("an ID");
    assert_ne!(id(&first), id(&second));
}

#[test]
fn fonts_are_embedded_as_subsets() {
    let bytes = render(&n2()).expect("renders");
    // Four full faces weigh 1.6 MB; subsets a few dozen kB.
    assert!(bytes.len() < 120_000, "{} bytes", bytes.len());
}

#[test]
fn every_stream_is_deflated_and_every_font_a_tagged_identity_subset() {
    let bytes = render(&n2()).expect("renders");
    let document = load(&bytes);
    let name = |dictionary: &Dictionary, key: &[u8]| {
        dictionary
            .get(key)
            .and_then(Object::as_name)
            .map(<[u8]>::to_vec)
            .unwrap_or_default()
    };
    let mut fonts = Vec::new();
    for object in document.objects.values() {
        match object {
            // lopdf keeps the object streams it unpacked: they are checked
            // in the file's bytes below.
            Object::Stream(stream) if name(&stream.dict, b"Type") == b"ObjStm" => {}
            // The XMP packet stays in clear, for PDF/A.
            Object::Stream(stream) if name(&stream.dict, b"Type") == b"Metadata" => {
                assert!(stream.dict.get(b"Filter").is_err(), "{:?}", stream.dict);
            }
            Object::Stream(stream) => {
                assert_eq!(
                    name(&stream.dict, b"Filter"),
                    b"FlateDecode",
                    "{:?}",
                    stream.dict
                );
            }
            Object::Dictionary(font) if name(font, b"Subtype") == b"Type0" => {
                assert_eq!(name(font, b"Encoding"), b"Identity-H");
                assert!(font.get(b"ToUnicode").is_ok(), "no ToUnicode map");
                let base = String::from_utf8(name(font, b"BaseFont")).unwrap();
                let (tag, face) = base.split_once('+').expect("a subset tag");
                assert!(
                    tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()),
                    "{base}"
                );
                fonts.push(face.to_string());
            }
            _ => {}
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    let packs: Vec<&str> = text
        .split("/Type/ObjStm")
        .skip(1)
        .map(|after| &after[..after.find(">>").expect("the dictionary's end")])
        .collect();
    assert!(
        !packs.is_empty(),
        "the objects are packed in object streams"
    );
    for pack in packs {
        assert!(pack.contains("/Filter/FlateDecode"), "{pack}");
    }
    fonts.sort();
    assert_eq!(
        fonts,
        [
            "LiberationSans",
            "LiberationSans-Bold",
            "LiberationSans-Italic"
        ]
    );
}

#[test]
fn every_page_finds_the_fonts_its_text_is_set_in() {
    let document = load(&render(&n2()).expect("renders"));
    let pages = document.get_pages();
    assert_eq!(pages.len(), 3);
    for (number, page) in pages {
        let fonts = document.get_page_fonts(page).expect("the page's fonts");
        let content = lopdf::content::Content::decode(&document.get_page_content(page))
            .expect("the content stream parses");
        let mut used = 0;
        for operation in content.operations.iter().filter(|op| op.operator == "Tf") {
            let name = operation.operands[0].as_name().expect("a font name");
            assert!(
                fonts.contains_key(name),
                "page {number}: /{} is not in its resources",
                String::from_utf8_lossy(name)
            );
            used += 1;
        }
        assert!(used > 0, "page {number} sets no font");
    }
}

#[test]
fn a_character_without_a_glyph_is_an_error() {
    let mut release = n2();
    release.preamble.push(parse_inline("Un idéogramme : 漢."));
    assert_eq!(
        render(&release),
        Err(RenderError::MissingGlyph {
            character: '漢',
            font: "Liberation Sans"
        })
    );
}

#[test]
fn a_release_without_issuer_contact_or_closing_extras_renders() {
    let mut release = n2();
    release.issuer = None;
    release.label = None;
    release.contact = None;
    release.closing.call_to_action = None;
    release.closing.url = None;
    release.sections.truncate(1);
    let document = load(&render(&release).expect("renders"));
    let info = info(&document);
    assert!(info.get(b"Author").is_err());
    let xmp = xmp_packet(&document);
    let xmp = roxmltree::Document::parse(&xmp).expect("the XMP parses");
    assert_eq!(xmp_text(&xmp, DC, "creator"), None);
    let text = extracted_text(&document);
    assert!(!text.contains("PRÉFET"));
}

#[test]
fn regression_a_section_titled_like_the_id_placeholder_renders() {
    let mut release = n2();
    release.sections[0].title = parse_inline("solidaire-document-id-0123456789");
    let document = load(&render(&release).expect("renders"));
    let toc = document.get_toc().expect("an outline");
    assert_eq!(toc.toc[0].title, "solidaire-document-id-0123456789");
}
