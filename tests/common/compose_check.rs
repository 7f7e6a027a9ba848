//! The properties of the whole path, bytes → load → typography → every
//! renderer, checked on one input: shared by the fuzz target
//! (`fuzz/fuzz_targets/compose.rs`) and the regression tests of its
//! findings (`tests/fuzz_regressions.rs`), so that a finding is replayed by
//! the very check that found it.
//!
//! - Whatever the bytes, no panic; an input that does not load gives at
//!   least one error, and its diagnostics render.
//! - A valid release renders in every format without error.
//! - Markdown (issue 9, item 1): neither pulldown-cmark nor markdown-rs
//!   finds raw HTML (block or inline), an image, code, or a link to an
//!   address the release does not declare (its links as
//!   [`emittable_href`] emits them).
//! - HTML: only the expected elements in the body, only `http:`, `https:`
//!   and `mailto:` hrefs.
//! - The e-mail's HTML part (`render::mail_html`, issue 12): only the
//!   template's elements and attributes, Outlook's conditional comments
//!   holding only its layout table, every href one of the release's
//!   addresses, nothing fetched.
//! - PDF: every link annotation goes to one of the release's addresses
//!   (7-bit, as [`ascii_href`] writes them), all `http:`, `https:` or
//!   `mailto:`.
//! - The e-mail's plain-text part (issue 12): lines a client shows as they
//!   are (at most [`WIDTH`] characters but for a word too long for a line,
//!   stuffed where a reader would misread them, never a signature
//!   separator), and every address of the release written out, whole.
//! - No bidirectional control (U+202A–U+202E, U+2066–U+2069) in any
//!   output (item 5): not as a character, not as a character reference,
//!   not in the PDF's strings nor in its text.
//! - Time (item 2): loading and rendering take less than a fixed cost plus
//!   a cost per byte of input ([`Budget`]).
//!
//! Built in two crates (this file is included by `#[path]`): it uses only
//! `solidaire`'s public API, `pulldown_cmark`, `markdown`, `lopdf`,
//! `chrono`, and the `pdf_text` helper beside it (`crate::pdf_text`).

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};
use solidaire::diagnostic::{FileDiagnostics, SourceFile};
use solidaire::load::source::{ReadError, source_from_bytes};
use solidaire::load::validate;
use solidaire::model::Release;
use solidaire::render::text::{self, WIDTH};
use solidaire::render::{Format, RenderOptions, ascii_href, emittable_href, mail_html};

/// The series every input is merged over, unless its first byte picks
/// another ([`split`]).
pub const SERIES: &str = include_str!("../../releases/series.toml");
/// Every shared field one word too long for a phone's line.
pub const LONG_WORDS_SERIES: &str = include_str!("../browser/long-words/series.toml");
/// The bundled series with typography turned off. (Prepended: the file ends
/// inside its `[contact]` table.)
pub const NO_TYPOGRAPHY_SERIES: &str = concat!(
    "typography = false\n",
    include_str!("../../releases/series.toml")
);

/// The date the fuzzed issues are loaded on, as if today.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 4, 8).unwrap()
}

/// The series file an input is merged over, and the issue file's bytes.
/// A first byte 0 means no series file, 1 the long-words series, 2 the
/// bundled series without typography; any other first byte is the issue's
/// own and the bundled `releases/series.toml` is used, so that an issue
/// file is an input as it is.
pub fn split(data: &[u8]) -> (Option<&'static str>, &[u8]) {
    match data.first() {
        Some(0) => (None, &data[1..]),
        Some(1) => (Some(LONG_WORDS_SERIES), &data[1..]),
        Some(2) => (Some(NO_TYPOGRAPHY_SERIES), &data[1..]),
        _ => (Some(SERIES), data),
    }
}

/// How long loading and rendering an input of `n` bytes may take:
/// `base + per_byte · n`.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub base: Duration,
    pub per_byte: Duration,
}

impl Budget {
    pub fn for_bytes(self, bytes: usize) -> Duration {
        self.base + self.per_byte * u32::try_from(bytes).unwrap_or(u32::MAX)
    }
}

/// What one input gave, when every property holds.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A valid release, rendered in every format.
    Rendered,
    /// Refused with at least one error.
    Refused,
}

/// Times `run` against `budget`; over it, runs it twice more and keeps the
/// fastest, so that a moment when the machine is busy elsewhere is not
/// taken for a slow input.
fn within_budget<T>(bytes: usize, budget: Budget, mut run: impl FnMut() -> T) -> Result<T, String> {
    let allowed = budget.for_bytes(bytes);
    let start = Instant::now();
    let value = run();
    let mut fastest = start.elapsed();
    for _ in 0..2 {
        if fastest <= allowed {
            break;
        }
        let start = Instant::now();
        run();
        fastest = fastest.min(start.elapsed());
    }
    if fastest > allowed {
        return Err(format!(
            "too slow: {fastest:?} for {bytes} bytes (budget {allowed:?}: {:?} + {:?} per byte)",
            budget.base, budget.per_byte
        ));
    }
    Ok(value)
}

/// The whole path on one input (as [`split`] reads it), every property
/// checked; the error says which broke and how.
pub fn check(data: &[u8], budget: Budget) -> Result<Outcome, String> {
    let (series, issue) = split(data);
    let path = Path::new("releases/n.toml");
    let compose = || -> Result<Composed, String> {
        let source = match source_from_bytes(path, issue.to_vec()) {
            Ok(source) => source,
            Err(ReadError::Invalid(file)) => {
                return Ok(Composed::Refused(vec![*file]));
            }
            Err(ReadError::Io(error)) => return Err(format!("I/O error from bytes: {error}")),
        };
        let series = series.map(|text| SourceFile::new("releases/series.toml", text));
        match validate(source, series, today()) {
            Ok(loaded) => {
                // Every format, the message attaching the PDF made for it,
                // and the message's two parts on their own.
                let documents = solidaire::pipeline::render(
                    &loaded.release,
                    &Format::ALL,
                    &RenderOptions::default(),
                )
                .map_err(|error| format!("rendering: {error}"))?
                .into_iter()
                .map(|(_, bytes)| bytes)
                .collect();
                let mail_html = mail_html::render(&loaded.release)
                    .map_err(|error| format!("mail html: {error}"))?;
                let text = text::render(&loaded.release);
                // The warnings are printed too.
                for file in &loaded.warnings {
                    std::hint::black_box(file.render(false));
                }
                Ok(Composed::Rendered(
                    Box::new(loaded.release),
                    documents,
                    mail_html,
                    text,
                ))
            }
            Err(files) => {
                for file in &files {
                    std::hint::black_box(file.render(false));
                }
                Ok(Composed::Refused(files))
            }
        }
    };
    match within_budget(issue.len(), budget, compose)?? {
        Composed::Refused(files) => {
            if !files.iter().any(FileDiagnostics::has_errors) {
                return Err(format!("refused without an error: {files:?}"));
            }
            for file in &files {
                // With colours too: another code path of annotate-snippets.
                let _ = file.render(true);
            }
            Ok(Outcome::Refused)
        }
        Composed::Rendered(release, documents, mail_html, text) => {
            let [markdown, html, pdf, message] = <[Vec<u8>; 4]>::try_from(documents).unwrap();
            check_markdown(&release, &markdown)?;
            check_html(&html)?;
            check_pdf(&release, &pdf)?;
            check_message(&message)?;
            check_mail_html(&release, &mail_html)?;
            check_text(&release, &text)?;
            Ok(Outcome::Rendered)
        }
    }
}

enum Composed {
    /// The release, its documents in [`Format::ALL`]'s order, and the
    /// e-mail's HTML and plain-text parts.
    Rendered(Box<Release>, Vec<Vec<u8>>, String, String),
    /// The diagnostics (already rendered once, within the time).
    Refused(Vec<FileDiagnostics>),
}

/// U+202A–U+202E and U+2066–U+2069: the controls that reorder text.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn no_bidi(what: &str, text: &str) -> Result<(), String> {
    match text.char_indices().find(|&(_, c)| is_bidi_control(c)) {
        Some((at, c)) => Err(format!(
            "{what}: bidirectional control U+{:04X} at byte {at}",
            c as u32
        )),
        None => Ok(()),
    }
}

/// The characters written as numeric character references (`&#8238;`,
/// `&#x202E;`, and without the `;`, which a browser still decodes).
fn referenced_characters(text: &str) -> String {
    let mut found = String::new();
    for (at, _) in text.match_indices("&#") {
        let rest = &text[at + 2..];
        let (digits, radix) = match rest.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (rest, 10),
        };
        let end = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        if let Some(c) = u32::from_str_radix(&digits[..end], radix)
            .ok()
            .and_then(char::from_u32)
        {
            found.push(c);
        }
    }
    found
}

fn declared_hrefs(release: &Release) -> BTreeSet<String> {
    release
        .links()
        .into_iter()
        .filter_map(|link| emittable_href(link).map(|href| href.into_owned()))
        .collect()
}

fn safe_href(href: &str) -> bool {
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| href.starts_with(scheme))
}

fn check_markdown(release: &Release, bytes: &[u8]) -> Result<(), String> {
    let markdown = std::str::from_utf8(bytes).map_err(|e| format!("md: not UTF-8: {e}"))?;
    // Raw, and as the readers decode it (character references included:
    // the renderer escapes them, `\&#x202E;`, so that none is decoded).
    no_bidi("md", markdown)?;
    let declared = declared_hrefs(release);
    let fail = |reader: &str, what: String| Err(format!("md, {reader}: {what}\n{markdown}"));

    for event in Parser::new_ext(markdown, Options::empty()) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                return fail("pulldown-cmark", format!("raw HTML {html:?}"));
            }
            Event::Code(code) => return fail("pulldown-cmark", format!("code {code:?}")),
            Event::Start(tag @ (Tag::Image { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock)) => {
                return fail("pulldown-cmark", format!("{tag:?}"));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let href = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.into_string(),
                };
                if !declared.contains(&href) {
                    return fail("pulldown-cmark", format!("undeclared link {href:?}"));
                }
                if let Err(problem) = no_bidi("md link", &href) {
                    return fail("pulldown-cmark", problem);
                }
            }
            Event::Text(text) => {
                if let Err(problem) = no_bidi("md text", &text) {
                    return fail("pulldown-cmark", problem);
                }
            }
            _ => {}
        }
    }

    let tree = markdown::to_mdast(markdown, &markdown::ParseOptions::default())
        .map_err(|e| format!("md, markdown-rs: {e}"))?;
    let mut problems = Vec::new();
    markdown_rs_problems(&tree, &declared, &mut problems);
    if let Some(problem) = problems.into_iter().next() {
        return fail("markdown-rs", problem);
    }
    Ok(())
}

fn markdown_rs_problems(
    node: &markdown::mdast::Node,
    declared: &BTreeSet<String>,
    problems: &mut Vec<String>,
) {
    use markdown::mdast::Node;
    match node {
        Node::Html(_)
        | Node::Image(_)
        | Node::ImageReference(_)
        | Node::LinkReference(_)
        | Node::Definition(_)
        | Node::Code(_)
        | Node::InlineCode(_) => problems.push(format!("{node:?}")),
        Node::Link(link) if !declared.contains(&link.url) => {
            problems.push(format!("undeclared link {:?}", link.url));
        }
        Node::Link(link) => {
            if let Err(problem) = no_bidi("md link", &link.url) {
                problems.push(problem);
            }
        }
        Node::Text(text) => {
            if let Err(problem) = no_bidi("md text", &text.value) {
                problems.push(problem);
            }
        }
        _ => {}
    }
    for child in node.children().into_iter().flatten() {
        markdown_rs_problems(child, declared, problems);
    }
}

/// The elements the HTML page's body may hold (as `tests/hostile.rs`).
const HTML_ELEMENTS: &[&str] = &[
    "html", "body", "div", "header", "main", "section", "footer", "address", "p", "h1", "h2",
    "time", "ul", "li", "a", "strong", "em", "br", "span", "hr",
];

pub fn check_html(bytes: &[u8]) -> Result<(), String> {
    let html = std::str::from_utf8(bytes).map_err(|e| format!("html: not UTF-8: {e}"))?;
    no_bidi("html", html)?;
    no_bidi("html (references)", &referenced_characters(html))?;
    let body = &html[html.find("<body").ok_or("html: no <body>")?..];
    for tag in body.split('<').skip(1) {
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !HTML_ELEMENTS.contains(&name.as_str()) {
            let shown: String = tag.chars().take(60).collect();
            return Err(format!("html: unexpected element <{name}> in {shown:?}"));
        }
    }
    // Text escapes its quotes (`&#34;`): every `href="` is an attribute.
    for (index, _) in html.match_indices("href=\"") {
        let href = &html[index + 6..];
        if !safe_href(href) {
            let shown: String = href.chars().take(60).collect();
            return Err(format!("html: unsafe href {shown:?}"));
        }
    }
    Ok(())
}

/// The message's lines: each ended by CRLF, none over 998 octets
/// (RFC 5322, 2.1.1), whatever the input.
fn check_message(bytes: &[u8]) -> Result<(), String> {
    for line in bytes.split(|&byte| byte == b'\n') {
        if line.len() > 999 {
            return Err(format!("eml: a line of {} octets", line.len()));
        }
    }
    if bytes
        .windows(2)
        .any(|pair| pair[1] == b'\n' && pair[0] != b'\r')
    {
        return Err("eml: a line ended by a bare LF".into());
    }
    Ok(())
}

/// The elements of the e-mail's HTML part (`templates/mail.html`), and the
/// attributes any of them may carry.
const MAIL_ELEMENTS: &[&str] = &[
    "html", "head", "meta", "title", "body", "div", "table", "tr", "td", "p", "h1", "h2", "ul",
    "li", "a", "strong", "em", "br", "span", "address",
];
const MAIL_ATTRIBUTES: &[&str] = &[
    "lang",
    "charset",
    "name",
    "content",
    "role",
    "aria-roledescription",
    "aria-label",
    "style",
    "href",
];
/// What Outlook's conditional comments may hold: its fixed-width layout
/// table, with the attributes Word reads.
const MSO_ELEMENTS: &[&str] = &["table", "tr", "td"];
const MSO_ATTRIBUTES: &[&str] = &[
    "role",
    "align",
    "valign",
    "width",
    "cellpadding",
    "cellspacing",
    "border",
];

/// The e-mail's HTML part: only the template's elements and attributes
/// (so no stylesheet, class, image or other fetched resource), each
/// attribute once, every href one of the release's own addresses, and no
/// direction control. Every
/// `<` from the input is escaped, so each one left is the template's, and
/// so is every `<!--`: a comment may only be one of Outlook's conditional
/// ones (`<!--[if mso]>…<![endif]-->`) holding its layout table.
pub fn check_mail_html(release: &Release, html: &str) -> Result<(), String> {
    no_bidi("mail html", html)?;
    no_bidi("mail html (references)", &referenced_characters(html))?;
    let fail = |what: String| Err(format!("mail html: {what}"));
    let Some(mut rest) = html.strip_prefix("<!DOCTYPE html>\n") else {
        return fail("does not start with <!DOCTYPE html>".to_owned());
    };
    let declared = declared_hrefs(release);
    let mut outside = String::new();
    while let Some(open) = rest.find("<!--") {
        outside.push_str(&rest[..open]);
        let comment = &rest[open + 4..];
        let Some(close) = comment.find("-->") else {
            return fail("an unclosed comment".to_owned());
        };
        let inside = comment[..close]
            .strip_prefix("[if mso]>")
            .and_then(|inside| inside.strip_suffix("<![endif]"));
        let Some(inside) = inside else {
            return fail(format!(
                "a comment that is not Outlook's: {:?}",
                &comment[..close]
            ));
        };
        check_tags(inside, MSO_ELEMENTS, MSO_ATTRIBUTES, &declared)
            .or_else(|problem| fail(format!("in Outlook's comment: {problem}")))?;
        rest = &comment[close + 3..];
    }
    outside.push_str(rest);
    check_tags(&outside, MAIL_ELEMENTS, MAIL_ATTRIBUTES, &declared).or_else(fail)
}

/// Every tag of `html` (text and tags, no comment) is one of `elements`
/// with attributes among `attributes`, each once, every `href` is
/// declared, and no style fetches anything (`url(`, `@import`).
fn check_tags(
    html: &str,
    elements: &[&str],
    attributes: &[&str],
    declared: &BTreeSet<String>,
) -> Result<(), String> {
    for tag in html.split('<').skip(1) {
        let shown: String = tag.chars().take(60).collect();
        let Some(end) = tag.find('>') else {
            return Err(format!("a tag without its end: {shown:?}"));
        };
        let tag = &tag[..end];
        if let Some(name) = tag.strip_prefix('/') {
            if !elements.contains(&name) {
                return Err(format!("unexpected end tag </{name}>"));
            }
            continue;
        }
        let (name, mut rest) = tag.split_at(tag.find(' ').unwrap_or(tag.len()));
        if !elements.contains(&name) {
            return Err(format!("unexpected element <{name}> in {shown:?}"));
        }
        let mut seen = Vec::new();
        while let Some(attribute) = rest.strip_prefix(' ') {
            let Some((key, value)) = attribute.split_once("=\"") else {
                return Err(format!("an attribute that is not key=\"value\": {shown:?}"));
            };
            let Some((value, after)) = value.split_once('"') else {
                return Err(format!("an unclosed attribute value: {shown:?}"));
            };
            if !attributes.contains(&key) || seen.contains(&key) {
                return Err(format!("unexpected attribute `{key}` in {shown:?}"));
            }
            // The escaper writes `&` as `&#38;` and `'` as `&#39;`; the other
            // characters it escapes are percent-encoded in an address.
            let href = || {
                let parts: Vec<String> = value
                    .split("&#38;")
                    .map(|part| part.replace("&#39;", "'"))
                    .collect();
                parts.join("&")
            };
            if key == "href" && !(safe_href(value) && declared.contains(&href())) {
                return Err(format!("undeclared href {value:?}"));
            }
            if key == "style" && (value.contains("url(") || value.contains("@import")) {
                return Err(format!("a style that fetches: {value:?}"));
            }
            seen.push(key);
            rest = after;
        }
        if !rest.is_empty() {
            return Err(format!("unexpected {rest:?} in {shown:?}"));
        }
    }
    Ok(())
}

fn check_pdf(release: &Release, bytes: &[u8]) -> Result<(), String> {
    use lopdf::{Document, Object};
    let document = Document::load_mem(bytes).map_err(|e| format!("pdf: does not parse: {e}"))?;
    let declared: BTreeSet<String> = declared_hrefs(release)
        .iter()
        .map(|href| ascii_href(href).into_owned())
        .collect();
    for (_, page) in document.get_pages() {
        let annotations = document
            .get_page_annotations(page)
            .map_err(|e| format!("pdf: annotations: {e}"))?;
        for annotation in annotations {
            // The action may be shared by the areas of one address, as a
            // reference.
            let uri = annotation
                .get_deref(b"A", &document)
                .and_then(Object::as_dict)
                .and_then(|action| action.get(b"URI"))
                .and_then(Object::as_str)
                .map_err(|e| format!("pdf: an annotation without a URI action: {e}"))?;
            let uri = String::from_utf8_lossy(uri);
            if !safe_href(&uri) || !declared.contains(uri.as_ref()) {
                return Err(format!("pdf: link annotation to {uri:?}"));
            }
        }
    }
    // Every string of the file (the Info dictionary, the outline, the
    // annotations), decoded as PDF text strings.
    fn strings(object: &Object, found: &mut Vec<String>) {
        match object {
            Object::String(..) => {
                if let Ok(text) = lopdf::decode_text_string(object) {
                    found.push(text);
                }
            }
            Object::Array(items) => items.iter().for_each(|item| strings(item, found)),
            Object::Dictionary(dictionary) => {
                dictionary.iter().for_each(|(_, item)| strings(item, found))
            }
            Object::Stream(stream) => stream
                .dict
                .iter()
                .for_each(|(_, item)| strings(item, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    for object in document.objects.values() {
        strings(object, &mut found);
    }
    for text in &found {
        no_bidi("pdf string", text)?;
    }
    // And the text of the pages, through the fonts' ToUnicode maps.
    no_bidi("pdf text", &crate::pdf_text::extracted_text(&document))?;
    // The tags hold whatever the text: every identifier in the tree once,
    // the parent tree, the links (`tests/common/tagged.rs`).
    crate::tagged::check_tagged(bytes).map_err(|problem| format!("pdf tags: {problem}"))?;
    Ok(())
}

/// The plain-text part, as a client shows it: see the module's list.
pub fn check_text(release: &Release, text: &str) -> Result<(), String> {
    no_bidi("text", text)?;
    if text.starts_with('\n') || !text.ends_with('\n') {
        return Err(format!(
            "text: an empty line first, or no line end last: {text:?}"
        ));
    }
    for line in text.lines() {
        let unstuffed = line.strip_prefix(' ').unwrap_or(line);
        // A word too long for a line stays whole; `-- ` joins it rather
        // than standing alone as a signature separator.
        let word = unstuffed.strip_prefix("-- ").unwrap_or(unstuffed);
        if line.chars().count() > WIDTH && word.trim_end_matches(' ').contains(' ') {
            let shown: String = line.chars().take(80).collect();
            return Err(format!(
                "text: a line of several words over {WIDTH}: {shown:?}"
            ));
        }
        if unstuffed == "-- " || line.starts_with('>') || line.starts_with("From ") {
            return Err(format!("text: a line read as something else: {line:?}"));
        }
    }
    for href in declared_hrefs(release) {
        let address = href.strip_prefix("mailto:").unwrap_or(&href);
        if !text.contains(&format!("<{address}>")) {
            let shown: String = address.chars().take(60).collect();
            return Err(format!("text: the address {shown:?} is not written out"));
        }
    }
    Ok(())
}
