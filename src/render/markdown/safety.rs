//! The Markdown safety property, for any release: read back by two
//! CommonMark implementations (pulldown-cmark and markdown-rs), the output
//! holds no raw HTML (block or inline), no image, no code, no link that the
//! release does not declare, and gives back the release's words in order.
//!
//! The releases are generated from the pieces CommonMark gives meaning to
//! (`<`, `<!`, `<?`, `<![CDATA[`, autolinks, `!`, `[`, `]`, `` ` ``, `*`,
//! `_`, `#`, `>`, `-`, `+`, `=`, `|`, `\`, `1.`, `2)`, entities …), at the
//! start of lines and in their middle, in every field, in every style, and
//! with links whose addresses carry them too.

use std::collections::BTreeSet;

use markdown::mdast::Node;
use proptest::prelude::*;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::render;
use crate::load::link::parse_link;
use crate::model::{
    Closing, Contact, EMAIL, Initiative, Inline, Link, MORE_INFORMATION, PHONE, PRESS_CONTACT,
    Paragraph, Part, Release, Section, Style,
};
use crate::render::emittable_href;
use crate::render::sample::minimal;
use crate::typography::dateline;

/// Pieces of text that open or close something in CommonMark, or in HTML.
const PIECES: &[&str] = &[
    "<",
    "<!",
    "<?",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "?>",
    "</p>",
    "<div>",
    "<em>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:x\">",
    "<https://x.fr>",
    "<a@b.fr>",
    "<!x@y.fr>",
    "<?x@y.fr>",
    "!",
    "![",
    "[",
    "]",
    "](",
    "(",
    ")",
    "[x]: https://y.fr",
    "`",
    "```",
    "~~~",
    "*",
    "**",
    "***",
    "_",
    "__",
    "#",
    "## ",
    ">",
    "-",
    "- ",
    "+ ",
    "=",
    "===",
    "---",
    "|",
    "\\",
    "1.",
    "2)",
    "10. ",
    "&lt;",
    "&#58;",
    "&amp;",
    "&#x3C;",
    "&",
    ";",
    ":",
    "$",
    "$$",
    "~~",
    "    ",
    "\t",
    " ",
    "  ",
    "\n",
    "\n\n",
    "a",
    "mot",
    "Éléphant",
    "«",
    "»",
    "’",
    "\u{a0}",
    "\u{202f}",
    "4",
    "x@y.fr",
    "www.x.fr",
    "https://x.fr/a",
    "javascript:alert(1)",
    "data:text/html,x",
];

/// Addresses, some of which `parse_link` accepts with markup inside.
const ADDRESSES: &[&str] = &[
    "a@b.fr",
    "!x@y.fr",
    "x&y@b.fr",
    "a_b*c@d.fr",
    "$x~y@b.fr",
    "https://x.fr/&lt;img&gt;",
    "https://x.fr/a&#58;b",
    "https://x.fr/(a)b)",
    "https://x.fr/[x](y)",
    "https://x.fr/!x",
    "https://x.fr/a*b*_c_",
    "www.x.fr/_a_*b*",
    "http://x.fr/%3Cscript%3E",
    "www.x.fr/a&amp;b",
    "mailto:m@x.fr",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..10).prop_map(|pieces| pieces.concat())
}

fn style() -> impl Strategy<Value = Style> {
    (any::<bool>(), any::<bool>()).prop_map(|(bold, italic)| Style { bold, italic })
}

fn link() -> impl Strategy<Value = Link> {
    (prop::sample::select(ADDRESSES), prop::option::of(text())).prop_map(|(address, shown)| {
        let mut link = parse_link(address).expect("the addresses above are links");
        // A link may be shown as other text than its address.
        if let Some(shown) = shown.filter(|shown| !shown.trim().is_empty()) {
            link.text = shown;
        }
        link
    })
}

fn paragraph() -> impl Strategy<Value = Paragraph> {
    let inline = prop_oneof![
        3 => (text(), style()).prop_map(|(text, style)| Inline::Text { text, style }),
        1 => (link(), style()).prop_map(|(link, style)| Inline::Link { link, style }),
    ];
    prop::collection::vec(inline, 1..6).prop_map(Paragraph)
}

fn paragraphs() -> impl Strategy<Value = Vec<Paragraph>> {
    prop::collection::vec(paragraph(), 1..3)
}

fn release() -> impl Strategy<Value = Release> {
    let header = (
        text(),
        text(),
        prop::option::of(text()),
        prop::option::of(text()),
    );
    let section = (
        paragraph(),
        prop::collection::vec(paragraph(), 0..2),
        paragraphs(),
    )
        .prop_flat_map(|(title, intro, text)| {
            prop::collection::vec(link(), 0..3).prop_map(move |links| Section {
                title: title.clone(),
                intro: intro.clone(),
                initiatives: vec![Initiative {
                    place: None,
                    text: text.clone(),
                    links,
                }],
            })
        });
    let closing = (
        paragraphs(),
        prop::option::of(paragraph()),
        prop::option::of(link()),
    )
        .prop_map(|(text, call_to_action, url)| Closing {
            text,
            call_to_action,
            url,
        });
    let contact = prop::option::of((
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(link()),
    ));
    (
        header,
        paragraphs(),
        prop::collection::vec(section, 0..3),
        closing,
        contact,
    )
        .prop_map(
            |((title, place, issuer, label), preamble, sections, closing, contact)| {
                let mut release = minimal();
                release.title = title;
                release.place = place;
                release.issuer = issuer;
                release.label = label;
                release.preamble = preamble;
                release.sections = sections;
                release.closing = closing;
                release.contact =
                    contact.map(|(name, phone, email)| Contact { name, phone, email });
                release
            },
        )
}

/// The release's words in reading order, as the template places them.
fn expected_words(release: &Release) -> Vec<String> {
    let mut out = String::new();
    let mut add = |text: &str| {
        out.push(' ');
        out.push_str(text);
    };
    let issuer = release.issuer.as_deref().filter(|s| !s.trim().is_empty());
    let label = release.label.as_deref().filter(|s| !s.trim().is_empty());
    if let Some(issuer) = issuer {
        add(issuer);
        if let Some(label) = label {
            add("—");
            add(label);
        }
    } else if let Some(label) = label {
        add(label);
    }
    add(&dateline(release.place.trim(), release.date));
    add(&release.full_title());
    for part in release.parts() {
        match part {
            Part::Paragraph(_, paragraph) => add(&paragraph.plain_text()),
            Part::MoreInformation { links, .. } => {
                add(MORE_INFORMATION);
                for link in links {
                    add(&link.text);
                }
            }
            Part::InitiativeStart => {}
            Part::ClosingUrl(url) => add(&url.text),
            Part::Contact(contact) => {
                add(PRESS_CONTACT);
                // The text formats leave out a blank name or phone.
                let non_blank =
                    |text: &Option<String>| text.clone().filter(|s| !s.trim().is_empty());
                if let Some(name) = non_blank(&contact.name) {
                    add(&name);
                }
                if let Some(phone) = non_blank(&contact.phone) {
                    add(PHONE);
                    add(&phone);
                }
                if let Some(email) = &contact.email {
                    add(EMAIL);
                    add(&email.text);
                }
            }
        }
    }
    words(&out)
}

fn words(text: &str) -> Vec<String> {
    text.split(char::is_whitespace)
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What a reader of the Markdown gets: its text, and the addresses it links.
#[derive(Debug, Default)]
struct Reading {
    text: String,
    links: Vec<String>,
    /// Raw HTML, images, code: what must never be there.
    foreign: Vec<String>,
}

fn read_with_pulldown(markdown: &str) -> Reading {
    let mut reading = Reading::default();
    for event in Parser::new_ext(markdown, Options::empty()) {
        match event {
            Event::Text(text) => {
                reading.text.push_str(&text);
            }
            Event::SoftBreak | Event::HardBreak => reading.text.push(' '),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => reading.links.push(match link_type {
                LinkType::Email => format!("mailto:{dest_url}"),
                _ => dest_url.into_string(),
            }),
            // Words end with a block, not with an inline element.
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::List(_)) => {
                reading.text.push(' ')
            }
            Event::End(_) => {}
            Event::Start(
                tag @ (Tag::Image { .. }
                | Tag::HtmlBlock
                | Tag::CodeBlock(_)
                | Tag::BlockQuote(_)
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_)),
            ) => reading.foreign.push(format!("{tag:?}")),
            Event::Html(html) | Event::InlineHtml(html) => reading.foreign.push(html.into_string()),
            Event::Code(code) => reading.foreign.push(format!("code {code}")),
            Event::Start(_) | Event::Rule => {}
            other => reading.foreign.push(format!("{other:?}")),
        }
    }
    reading
}

fn read_with_markdown_rs(markdown: &str) -> Reading {
    fn walk(node: &Node, reading: &mut Reading) {
        match node {
            Node::Text(text) => reading.text.push_str(&text.value),
            Node::Break(_) => reading.text.push(' '),
            Node::Link(link) => reading.links.push(link.url.clone()),
            Node::Html(html) => reading.foreign.push(html.value.clone()),
            Node::Image(_)
            | Node::ImageReference(_)
            | Node::LinkReference(_)
            | Node::Definition(_)
            | Node::Code(_)
            | Node::InlineCode(_)
            | Node::Blockquote(_) => reading.foreign.push(format!("{node:?}")),
            _ => {}
        }
        for child in node.children().into_iter().flatten() {
            walk(child, reading);
        }
        // Words end with a block, not with an inline element.
        if matches!(
            node,
            Node::Paragraph(_) | Node::Heading(_) | Node::ListItem(_) | Node::List(_)
        ) {
            reading.text.push(' ');
        }
    }
    let tree = markdown::to_mdast(markdown, &markdown::ParseOptions::default())
        .expect("CommonMark has no syntax errors");
    let mut reading = Reading::default();
    walk(&tree, &mut reading);
    reading
}

/// Checks the property on one release; the error says what broke.
fn check(release: &Release) -> Result<(), String> {
    let markdown = String::from_utf8(render(release).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let declared: BTreeSet<String> = release
        .links()
        .into_iter()
        .filter_map(|link| emittable_href(link).map(|href| href.into_owned()))
        .collect();
    let expected = expected_words(release);
    for (reader, reading) in [
        ("pulldown-cmark", read_with_pulldown(&markdown)),
        ("markdown-rs", read_with_markdown_rs(&markdown)),
    ] {
        if !reading.foreign.is_empty() {
            return Err(format!("{reader}: {:?}\n{markdown}", reading.foreign));
        }
        if let Some(link) = reading.links.iter().find(|link| !declared.contains(*link)) {
            return Err(format!("{reader}: undeclared link {link:?}\n{markdown}"));
        }
        if words(&reading.text) != expected {
            return Err(format!(
                "{reader}: words differ\n read: {:?}\n want: {expected:?}\n{markdown}",
                words(&reading.text)
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn no_reader_finds_markup_the_release_did_not_declare(release in release()) {
        if let Err(problem) = check(&release) {
            prop_assert!(false, "{}", problem);
        }
    }
}

/// The cases the adversarial review found, and their neighbours.
#[test]
fn e_mail_addresses_that_open_raw_html_stay_links() {
    // (`?x@y.fr` and `#x@y.fr` were among them: the loader now refuses
    // `?` and `#` in an e-mail address, which a `mailto:` misreads.)
    for address in ["!x@y.fr", "x&y@b.fr", "$x~y@b.fr"] {
        let link = parse_link(address).unwrap();
        let mut release = minimal();
        release.preamble = vec![Paragraph(vec![
            Inline::Link {
                link: link.clone(),
                style: Style::default(),
            },
            Inline::Text {
                text: " <img src=x onerror=alert(1)>".to_owned(),
                style: Style::default(),
            },
        ])];
        release.sections = vec![Section {
            title: Paragraph(vec![Inline::Text {
                text: "Section".to_owned(),
                style: Style::default(),
            }]),
            intro: Vec::new(),
            initiatives: vec![Initiative {
                place: None,
                text: release.preamble.clone(),
                links: vec![link.clone(), link],
            }],
        }];
        assert_eq!(check(&release), Ok(()), "{address}");
    }
}
