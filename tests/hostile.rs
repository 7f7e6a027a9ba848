//! An issue file with markup in every field (`tests/fixtures/hostile.toml`):
//! none of it becomes live markup in any output, and only `http`, `https`
//! and `mailto` links are ever emitted.

mod common;
#[path = "common/compose_check.rs"]
#[allow(dead_code)]
mod compose_check;

// What compose_check reads the PDF's text and checks its tags with
// (`crate::pdf_text`, `crate::tagged`).
use common::{pdf_text, tagged};

use pulldown_cmark::{Event, LinkType, Parser, Tag};
use solidaire::load::load_release;
use solidaire::model::Release;
use solidaire::render::{Format, RenderOptions};

fn hostile() -> Release {
    let today = chrono::NaiveDate::from_ymd_opt(2020, 5, 20).unwrap();
    load_release(&common::fixture("hostile.toml"), today)
        .expect("the hostile fixture is valid")
        .release
}

fn render(format: Format) -> String {
    String::from_utf8(
        format
            .render(&hostile(), &RenderOptions::default())
            .unwrap(),
    )
    .unwrap()
}

fn safe_href(href: &str) -> bool {
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| href.starts_with(scheme))
}

#[test]
fn markdown_has_only_the_intended_structure() {
    let markdown = render(Format::Markdown);
    let mut headings = Vec::new();
    let mut list_items = 0;
    for event in Parser::new(&markdown) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                panic!("live HTML: {html:?}\n{markdown}")
            }
            Event::Code(code) => panic!("code span: {code:?}\n{markdown}"),
            Event::Start(Tag::Heading { level, .. }) => headings.push(level as usize),
            Event::Start(Tag::Item) => list_items += 1,
            Event::Start(Tag::Image { dest_url, .. }) => panic!("image: {dest_url}"),
            Event::Start(Tag::BlockQuote(_) | Tag::CodeBlock(_)) => {
                panic!("block: {event:?}\n{markdown}")
            }
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            }) => {
                assert!(
                    safe_href(&dest_url) || link_type == LinkType::Email,
                    "link to {dest_url}"
                );
            }
            _ => {}
        }
    }
    assert_eq!(headings, [1, 2], "{markdown}");
    assert_eq!(
        list_items, 2,
        "only the two links of the initiative form a list"
    );
}

#[test]
fn html_has_only_the_intended_elements() {
    let html = render(Format::Html);
    // The fuzzer's own check: only the page's elements, only http, https
    // and mailto addresses, no direction control.
    if let Err(problem) = compose_check::check_html(html.as_bytes()) {
        panic!("{problem}");
    }
    let body = &html[html.find("<body").unwrap()..];
    assert!(body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(!html.to_ascii_lowercase().contains("javascript:alert(1)\""));
}

#[test]
fn mail_html_has_only_the_template_s_elements_and_attributes() {
    let release = hostile();
    let html = solidaire::render::mail_html::render(&release).unwrap();
    // The fuzzer's own check, as for the page, with the release's links:
    // only the template's elements and attributes, each href declared.
    if let Err(problem) = compose_check::check_mail_html(&release, &html) {
        panic!("{problem}");
    }
    let body = &html[html.find("<body").unwrap()..];
    assert!(body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(body.contains("&#60;style&#62;body{display:none}&#60;/style&#62;"));
    assert!(!html.to_ascii_lowercase().contains("javascript:alert(1)\""));
    assert!(!html.contains("<style") && !html.contains("<img") && !html.contains("<iframe"));
    let links: Vec<String> = release
        .links()
        .iter()
        .map(|link| {
            solidaire::render::emittable_href(link)
                .unwrap()
                .replace('&', "&#38;")
        })
        .collect();
    let hrefs: Vec<&str> = html
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(hrefs, links);
    assert!(hrefs.iter().all(|href| safe_href(href)), "{hrefs:?}");
}

#[test]
fn the_mail_html_check_catches_what_it_looks_for() {
    let release = hostile();
    let html = solidaire::render::mail_html::render(&release).unwrap();
    let spoiled = |from: &str, to: &str| {
        assert!(html.contains(from), "{from}");
        compose_check::check_mail_html(&release, &html.replacen(from, to, 1))
    };
    let problems = [
        spoiled("<p style=", "<p class=\"x\" style="),
        spoiled("</p>", "<img src=\"https://x.invalid/i.png\"></p>"),
        spoiled("</body>", "<style>p{}</style></body>"),
        spoiled(
            "href=\"https://ok.example/#frag\"",
            "href=\"https://evil.example/\"",
        ),
        spoiled(
            "href=\"https://ok.example/#frag\"",
            "href=\"javascript:alert(1)\"",
        ),
        spoiled("<![endif]-->", "<![endif]--><!-- x -->"),
        spoiled("<tr><td><![endif]", "<tr><td><img><![endif]"),
        spoiled("margin:0;", "background:url(https://x.invalid/);"),
    ];
    for problem in problems {
        assert!(problem.is_err(), "{problem:?}");
    }
}

#[test]
fn pdf_prints_the_markup_as_text_and_links_only_safe_addresses() {
    let release = hostile();
    let pdf = Format::Pdf
        .render(&release, &RenderOptions::default())
        .unwrap();
    let text = common::pdf_text::pdf_text(&pdf);
    let flat = text.replace('\n', " ");
    assert!(flat.contains("<script>alert(1)</script>"), "{text}");
    assert!(flat.contains("[lien](javascript:alert(3))"), "{text}");
    let document = lopdf::Document::load_mem(&pdf).unwrap();
    let mut uris = Vec::new();
    for (_, page) in document.get_pages() {
        for annotation in document.get_page_annotations(page).unwrap() {
            let action = annotation
                .get(b"A")
                .and_then(lopdf::Object::as_dict)
                .unwrap();
            let uri = action.get(b"URI").and_then(lopdf::Object::as_str).unwrap();
            uris.push(String::from_utf8_lossy(uri).into_owned());
        }
    }
    let hrefs: Vec<String> = release
        .links()
        .iter()
        .map(|link| link.href.clone())
        .collect();
    assert_eq!(uris, hrefs);
    assert!(uris.iter().all(|uri| safe_href(uri)), "{uris:?}");
}

#[test]
fn text_part_writes_the_markup_as_text_and_only_the_declared_addresses() {
    let release = hostile();
    let text = solidaire::render::text::render(&release);
    if let Err(problem) = compose_check::check_text(&release, &text) {
        panic!("{problem}\n{text}");
    }
    // No series: no issuer or label, so the dateline comes first.
    assert!(text.starts_with("Arras <b>gras</b>, le\u{a0}20\u{a0}mai\u{a0}2020\n\n"));
    let flat = solidaire_text_flat(&text);
    assert!(flat.contains("<script>alert(1)</script>"), "{text}");
    assert!(flat.contains("[lien](javascript:alert(3))"), "{text}");
    assert!(flat.contains("[x](javascript:alert(1)) n°7"), "{text}");
    // The addresses written out are the release's, in its order; and the
    // preamble's own `<https://evil.example/?q=<script>>`, which the loader
    // did not take for an address, is its text, as written. (Plain text
    // cannot keep a client from linking what looks like an address; what
    // it would link is what the reader sees.)
    let written: Vec<&str> = text
        .split(['<', '>'])
        .filter(|piece| piece.starts_with("https://") || piece.contains('@'))
        .filter(|piece| !piece.contains(' '))
        .collect();
    assert!(
        flat.contains("<https://evil.example/?q=<script>> ___"),
        "{text}"
    );
    assert_eq!(
        written,
        [
            "https://evil.example/?q=",
            "https://ok.example/a?b=1&c=2",
            "contact@ok.example",
            "https://ok.example/#frag"
        ]
    );
}

/// The text as a re-flowing client shows it, but one paragraph a line:
/// the soft breaks' line ends removed.
fn solidaire_text_flat(text: &str) -> String {
    text.replace(" \n", " ")
}

/// Hostile text in every field of an issue file, through the loader (links
/// found in the text, emphasis, typography) to the Markdown: neither
/// CommonMark reader (pulldown-cmark, markdown-rs) finds raw HTML, an
/// image, code or a link the release does not declare.
mod markdown_from_any_issue_file {
    use super::*;
    use proptest::prelude::*;
    use solidaire::diagnostic::SourceFile;
    use solidaire::load::validate;

    const PIECES: &[&str] = &[
        "<",
        "<!",
        "<?",
        "<![CDATA[",
        "<!--",
        "?>",
        "<img src=x onerror=alert(1)>",
        "<div>",
        "!x@y.fr",
        "?x@y.fr",
        "a@b.fr",
        "x&y@b.fr",
        "<a@b.fr>",
        "<https://x.fr>",
        "!",
        "[",
        "]",
        "(",
        ")",
        "![x](https://y.fr)",
        "[x](javascript:y)",
        "`",
        "*",
        "**",
        "***",
        "_",
        "#",
        ">",
        "-",
        "+",
        "=",
        "|",
        "\\",
        "1.",
        "2)",
        "&lt;",
        "&#58;",
        "&",
        "www.x.fr/&lt;",
        "https://x.fr/a&#58;b",
        "https://x.fr/(a)",
        " ",
        "\n",
        "\n\n",
        "    ",
        "mot",
        "A Harnes",
        "\"",
        "'",
        ":",
        "...",
    ];

    fn field() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 1..12)
            .prop_map(|pieces| pieces.concat())
            .prop_filter("a field needs a word", |text| !text.trim().is_empty())
    }

    /// `text` as a TOML basic string.
    fn quoted(text: &str) -> String {
        let mut out = String::from("\"");
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    fn foreign_in_pulldown(markdown: &str) -> Vec<String> {
        Parser::new(markdown)
            .filter_map(|event| match event {
                Event::Html(html) | Event::InlineHtml(html) => Some(html.into_string()),
                Event::Code(code) => Some(code.into_string()),
                Event::Start(tag @ (Tag::Image { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock)) => {
                    Some(format!("{tag:?}"))
                }
                _ => None,
            })
            .collect()
    }

    fn links_in_pulldown(markdown: &str) -> Vec<String> {
        Parser::new(markdown)
            .filter_map(|event| match event {
                Event::Start(Tag::Link {
                    link_type: LinkType::Email,
                    dest_url,
                    ..
                }) => Some(format!("mailto:{dest_url}")),
                Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.into_string()),
                _ => None,
            })
            .collect()
    }

    fn foreign_in_markdown_rs(markdown: &str) -> Vec<String> {
        fn walk(node: &markdown::mdast::Node, found: &mut Vec<String>) {
            use markdown::mdast::Node;
            match node {
                Node::Html(_) | Node::Image(_) | Node::Code(_) | Node::InlineCode(_) => {
                    found.push(format!("{node:?}"))
                }
                Node::Link(link) if !safe_href(&link.url) => found.push(link.url.clone()),
                _ => {}
            }
            for child in node.children().into_iter().flatten() {
                walk(child, found);
            }
        }
        let tree = markdown::to_mdast(markdown, &markdown::ParseOptions::default()).unwrap();
        let mut found = Vec::new();
        walk(&tree, &mut found);
        found
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn no_reader_finds_live_markup(
            preamble in field(),
            title in field(),
            text in field(),
            call in field(),
            link in prop::sample::select(&["!x@y.fr", "?x@y.fr", "x&y@b.fr", "www.x.fr/&lt;", "https://x.fr/a&#58;b"][..]),
        ) {
            let issue = format!(
                "number = 3\ndate = 2020-04-08\ntitle = {}\npreamble = {}\n\
                 [[sections]]\ntitle = {}\n[[sections.initiatives]]\ntext = {}\nlinks = [{}]\n\
                 [closing]\ntext = {}\ncall_to_action = {}\n",
                quoted(&title), quoted(&preamble), quoted(&title), quoted(&text), quoted(link),
                quoted(&text), quoted(&call),
            );
            let series = "place = \"Arras\"\n";
            let today = chrono::NaiveDate::from_ymd_opt(2020, 4, 8).unwrap();
            let Ok(loaded) = validate(
                SourceFile::new("n3.toml", issue),
                Some(SourceFile::new("series.toml", series)),
                today,
            ) else {
                // Refused with diagnostics: nothing is written.
                return Ok(());
            };
            let markdown = String::from_utf8(Format::Markdown.render(&loaded.release, &RenderOptions::default()).unwrap()).unwrap();
            let declared: Vec<String> = loaded.release.links().iter().map(|link| link.href.clone()).collect();
            prop_assert_eq!(foreign_in_pulldown(&markdown), Vec::<String>::new(), "{}", markdown);
            prop_assert_eq!(foreign_in_markdown_rs(&markdown), Vec::<String>::new(), "{}", markdown);
            for href in links_in_pulldown(&markdown) {
                prop_assert!(declared.contains(&href), "undeclared link {}\n{}", href, markdown);
            }
        }
    }
}
