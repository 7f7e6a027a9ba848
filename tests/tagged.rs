//! The tagged PDF, checked through lopdf for what the PDF/UA validator
//! does not look at (`common::tagged`): marked content and the structure
//! tree referencing each other exactly, the parent tree, links, heading
//! levels; and the text a screen reader gets by walking the tree.

mod common;

use common::tagged::check_tagged;
use common::{fidelity, fixture, n2, release_words, resized_n2, text_words, words};
use solidaire::model::Release;

fn render(release: &Release) -> Vec<u8> {
    solidaire::render::pdf::render(release, None).expect("renders")
}

fn count(types: &[String], kind: &str) -> usize {
    types.iter().filter(|t| *t == kind).count()
}

/// The links printed under the initiatives.
fn initiative_links(release: &Release) -> usize {
    release
        .sections
        .iter()
        .flat_map(|section| &section.initiatives)
        .map(|initiative| initiative.links.len())
        .sum()
}

/// The clickable links of `release`: initiatives', the closing address, the
/// contact's e-mail (n°2's are all clickable).
fn links(release: &Release) -> usize {
    let initiatives = initiative_links(release);
    let contact = release
        .contact
        .as_ref()
        .and_then(|contact| contact.email.as_ref())
        .is_some();
    initiatives + usize::from(release.closing.url.is_some()) + usize::from(contact)
}

#[test]
fn the_n2_tree_reads_back_the_reference_in_order() {
    let release = n2();
    let tagged = check_tagged(&render(&release)).unwrap();
    let reference = words(&std::fs::read_to_string(fixture("n2-communique.txt")).unwrap());
    let (score, missing) = fidelity(&reference, &words(&tagged.text));
    assert!(
        score >= 0.99,
        "{:.2}%, missing {:?}",
        score * 100.0,
        &missing[..missing.len().min(20)]
    );
    assert_eq!(tagged.types[0], "Document");
    assert_eq!(count(&tagged.types, "H1"), 1);
    assert_eq!(count(&tagged.types, "H2"), release.sections.len());
    assert_eq!(count(&tagged.types, "Sect"), release.sections.len());
    assert_eq!(count(&tagged.types, "Link"), links(&release));
    assert!(tagged.link_annotations >= links(&release));
    // Each initiative's links are a list, an item each.
    let listed: usize = release
        .sections
        .iter()
        .flat_map(|section| &section.initiatives)
        .filter(|initiative| !initiative.links.is_empty())
        .count();
    assert_eq!(count(&tagged.types, "L"), listed);
    assert_eq!(count(&tagged.types, "LI"), initiative_links(&release));
    assert_eq!(count(&tagged.types, "Lbl"), listed);
}

/// Issues of one to about forty pages: every check holds, and the text read
/// through the tree is exactly the issue's text, every word hyphenated at a
/// line end read back whole, in the document's order.
#[test]
fn issues_of_one_to_forty_pages_read_back_word_for_word() {
    let mut hyphens = 0;
    let mut pages = Vec::new();
    for copies in [0, 1, 4, 12, 24] {
        let release = resized_n2(copies);
        let bytes = render(&release);
        let document = lopdf::Document::load_mem(&bytes).unwrap();
        pages.push(document.get_pages().len());
        let tagged = check_tagged(&bytes).unwrap_or_else(|error| panic!("{copies}: {error}"));
        hyphens += count(&tagged.types, "Span");
        let read = text_words(&tagged.text);
        let expected = release_words(&release);
        assert!(read.len() > expected.len(), "the header is read too");
        assert_eq!(
            read[read.len() - expected.len()..],
            expected[..],
            "{copies} copies"
        );
    }
    assert_eq!(pages[0], 1, "{pages:?}");
    assert!(pages.last().is_some_and(|&last| last >= 38), "{pages:?}");
    assert!(hyphens > 100, "only {hyphens} hyphenated line ends");
}

/// The checker itself finds what it is meant to: a file whose tree misses
/// an identifier, or whose parent tree is wrong, fails.
#[test]
fn the_check_can_fail() {
    let bytes = render(&n2());
    let mut document = lopdf::Document::load_mem(&bytes).unwrap();
    // Drop the last kid of the first paragraph that has two: its
    // identifier is then in the content only.
    let dropped = document.objects.values_mut().find_map(|object| {
        let dictionary = object.as_dict_mut().ok()?;
        let is_paragraph = dictionary.get(b"S").ok()?.as_name().ok()? == b"P";
        let kids = dictionary.get_mut(b"K").ok()?.as_array_mut().ok()?;
        (is_paragraph && kids.len() > 1).then(|| kids.pop())
    });
    assert!(dropped.is_some());
    let mut broken = Vec::new();
    document.save_to(&mut broken).unwrap();
    let error = check_tagged(&broken).unwrap_err();
    assert!(error.contains("not in the tree"), "{error}");

    // A link annotation pointing at the wrong parent tree entry.
    let mut document = lopdf::Document::load_mem(&bytes).unwrap();
    for object in document.objects.values_mut() {
        if let Ok(dictionary) = object.as_dict_mut()
            && dictionary.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Link")
        {
            dictionary.set("StructParent", 0);
        }
    }
    let mut broken = Vec::new();
    document.save_to(&mut broken).unwrap();
    assert!(check_tagged(&broken).is_err());
}

/// An address too long for its line is cut: the tree gives its `Link` the
/// whole address as `/ActualText`, so that it reads as one word, in the
/// initiatives' lists, in the text and at the end.
#[test]
fn a_link_cut_across_lines_reads_back_whole() {
    use solidaire::load::inline::parse_inline;
    use solidaire::load::link::parse_link;
    let address = format!("www.example.org/{}fin/", "un-chemin-assez-long/".repeat(6));
    let mut release = resized_n2(0);
    release.sections[0].initiatives[0].links = vec![parse_link(&address).unwrap()];
    release.preamble.push(parse_inline(&format!(
        "Voir [la page de l’association des familles du Pas-de-Calais et de ses environs \
         immédiats](https://{address}) pour tout savoir, ou https://{address} directement."
    )));
    release.closing.url = Some(parse_link(&format!("https://{address}")).unwrap());
    let bytes = render(&release);
    let tagged = check_tagged(&bytes).unwrap();
    let read = text_words(&tagged.text);
    let whole = read.iter().filter(|word| word.contains(&address)).count();
    assert_eq!(whole, 3, "{read:?}");
    assert!(
        tagged
            .text
            .contains("la page de l’association des familles du Pas-de-Calais")
    );
    // Cut indeed: pdftotext, which reads lines, gives pieces.
    let extracted = common::pdf_text::pdf_text(&bytes);
    assert!(!extracted.contains(&address));
}

/// PDF/A holds no string over 32,767 bytes: the longest address the loader
/// takes, all accents (each percent-encoded in the link, UTF-16 in its
/// description), cut across lines, and a section title of 16,384 accented
/// letters (its outline entry) stay under it.
#[test]
fn the_longest_address_and_title_fit_pdf_a_strings() {
    use solidaire::load::MAX_ADDRESS;
    use solidaire::load::inline::parse_inline;
    use solidaire::load::link::parse_link;
    let scheme = "https://x.fr/";
    let address = format!("{scheme}{}", "é".repeat((MAX_ADDRESS - scheme.len()) / 2));
    assert!(address.len() <= MAX_ADDRESS && address.len() + 2 > MAX_ADDRESS);
    let mut release = resized_n2(0);
    release
        .preamble
        .push(parse_inline(&format!("Voir {address}.")));
    release.closing.url = Some(parse_link(&address).unwrap());
    release.sections[0].title = parse_inline(&"é".repeat(16_384));
    let tagged = check_tagged(&render(&release)).unwrap();
    assert!(tagged.text.contains(&address));
}
