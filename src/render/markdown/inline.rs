//! Text and inline runs written as CommonMark that parses back to the same
//! characters.
//!
//! Two tools: [`MarkdownEscaper`], which askama applies to every plain value
//! of a `.md` template (registered in `askama.toml`), and [`MarkdownInline`],
//! which writes a paragraph's runs and links with `*`, `**`, `[text](url)`
//! and `<url>` around escaped text.

use std::fmt::{self, Write};

use askama::filters::Escaper;

use crate::model::{Inline, Link, LinkKind, Paragraph, Style};
use crate::render::emittable_href;
use crate::render::view::InlineMarkup;

/// Escapes text so that CommonMark reads it as text only.
///
/// Inline markup characters are backslash-escaped wherever they are (a
/// backslash before ASCII punctuation is always a literal in CommonMark).
/// Characters that only open a block at the start of a line (`-`, `+`, `=`,
/// `1.`, `1)`) are escaped at the start of the value, because a value may
/// start a line and an escape there is harmless mid-line. Line breaks become
/// spaces: one paragraph is one line.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownEscaper;

impl Escaper for MarkdownEscaper {
    fn write_escaped_str<W: Write>(&self, dest: W, string: &str) -> fmt::Result {
        write_escaped(dest, string)
    }
}

/// Writes `text` escaped for CommonMark; see [`MarkdownEscaper`].
fn write_escaped<W: Write>(mut dest: W, text: &str) -> fmt::Result {
    let ordered_list_marker = ordered_list_marker_at(text);
    for (index, c) in text.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '#' | '~' | '|' | '$' | '!' => {
                dest.write_char('\\')?;
                dest.write_char(c)?;
            }
            '-' | '+' | '=' if index == 0 => {
                dest.write_char('\\')?;
                dest.write_char(c)?;
            }
            _ if Some(index) == ordered_list_marker => {
                dest.write_char('\\')?;
                dest.write_char(c)?;
            }
            '\n' | '\r' | '\t' => dest.write_char(' ')?,
            _ => dest.write_char(c)?,
        }
    }
    Ok(())
}

/// The byte index of the `.` or `)` in a leading `12.` / `3)`, which would
/// start an ordered list.
fn ordered_list_marker_at(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let after = text.as_bytes().get(digits)?;
    (digits > 0 && matches!(after, b'.' | b')')).then_some(digits)
}

/// `text` escaped for CommonMark.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 8);
    // Writing into a `String` cannot fail.
    let _ = write_escaped(&mut escaped, text);
    escaped
}

/// Writes paragraphs and links as CommonMark.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct MarkdownInline;

impl InlineMarkup for MarkdownInline {
    fn paragraph(&self, paragraph: &Paragraph) -> String {
        let pieces = pieces(paragraph);
        let mut out = String::new();
        // The last character of text written (delimiters aside), and the
        // closing delimiters of a styled piece that follow it, if any.
        let mut last_char: Option<char> = None;
        let mut after_delimiters: Option<&str> = None;
        for (index, piece) in pieces.iter().enumerate() {
            let Some(marks) = delimiters(piece.style) else {
                out.push_str(&piece.body);
                last_char = piece.body.chars().next_back().or(last_char);
                after_delimiters = None;
                continue;
            };
            let next = pieces.get(index + 1);
            let edges = Edges {
                marks,
                before: last_char,
                touches_before: after_delimiters,
                after: next.and_then(|next| next.body.chars().next()),
                touches_after: next.and_then(|next| delimiters(next.style)),
            };
            let body = piece.body.as_str();
            // Where CommonMark's flanking rules would leave the `*` as text
            // (`l*« mot »*s`), the punctuation at the run's edges is moved
            // outside the delimiters (`l«*mot*»s`); where even that cannot
            // parse (a run of punctuation only, a styled link between
            // letters), the run is written without its style: the words
            // matter more than their slant, and raw HTML (`<em>`) is never
            // written, as a Markdown reader may not sanitise it.
            let (lead, core, trail) = if !piece.is_text || edges.allow(body) {
                ("", body, "")
            } else {
                narrowed(body)
            };
            let inner = Edges {
                marks,
                before: lead.chars().next_back().or(edges.before),
                touches_before: edges.touches_before.filter(|_| lead.is_empty()),
                after: trail.chars().next().or(edges.after),
                touches_after: edges.touches_after.filter(|_| trail.is_empty()),
            };
            out.push_str(lead);
            let styled = !core.is_empty() && inner.allow(core);
            if styled {
                out.push_str(marks);
                out.push_str(core);
                out.push_str(marks);
            } else {
                out.push_str(core);
            }
            out.push_str(trail);
            after_delimiters = Some(marks).filter(|_| styled && trail.is_empty());
            last_char = [trail, core, lead]
                .iter()
                .find_map(|part| part.chars().next_back())
                .or(last_char);
        }
        out
    }

    fn link(&self, link: &Link) -> String {
        let Some(href) = emittable_href(link) else {
            return escape(&link.text);
        };
        // An autolink shows its address as written; it is used only where
        // every CommonMark reader takes it as one and shows it as written:
        // plain ASCII without `&` (cmark decodes entities inside autolinks,
        // pulldown-cmark does not) or `%` (markdown-it shows `%3C` as `<`),
        // and for an e-mail a plain local part that starts with a letter or
        // digit (a line starting `<!x@y.fr>` or `<?x@y.fr>` opens a raw HTML
        // block).
        let plain = href
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-._~:/?#[]@!$'()*+,;=".contains(&byte));
        if plain && link.kind == LinkKind::Web && link.text == href {
            return format!("<{href}>");
        }
        if plain
            && link.kind == LinkKind::Email
            && href.get("mailto:".len()..) == Some(link.text.as_str())
            && is_autolink_email(&link.text)
        {
            return format!("<{}>", link.text);
        }
        format!("[{}]({})", escape(&link.text), destination(&href))
    }
}

/// `body` (escaped Markdown) cut into the punctuation and spaces at its
/// start, what lies between, and those at its end. An escape (`\*`) is
/// never cut in two.
fn narrowed(body: &str) -> (&str, &str, &str) {
    // The units of escaped text: `\` and the character it escapes, or one
    // character.
    let mut units = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let last = match (c, chars.peek()) {
            ('\\', Some(&(_, escaped))) => {
                chars.next();
                escaped
            }
            _ => c,
        };
        let end = chars.peek().map_or(body.len(), |&(next, _)| next);
        units.push((start..end, last));
    }
    let edge = |&(_, c): &(std::ops::Range<usize>, char)| is_punctuation(c) || c.is_whitespace();
    let first = units.iter().position(|unit| !edge(unit));
    let last = units.iter().rposition(|unit| !edge(unit));
    match (first, last) {
        (Some(first), Some(last)) => {
            let start = units[first].0.start;
            let end = units[last].0.end;
            (&body[..start], &body[start..end], &body[end..])
        }
        _ => (body, "", ""),
    }
}

/// A run of the paragraph with one style, its body already markup.
struct Piece {
    style: Style,
    body: String,
    /// Text, which may be cut at its edges; a link is whole.
    is_text: bool,
}

/// The paragraph as pieces: neighbouring text runs of one style merged (so
/// that `*` delimiters surround whole runs), the paragraph's outer spaces
/// dropped, and the spaces at the edges of a styled run moved outside it
/// (`* mot *` is not emphasis in CommonMark).
fn pieces(paragraph: &Paragraph) -> Vec<Piece> {
    let mut runs: Vec<(Style, RunBody)> = Vec::new();
    for inline in &paragraph.0 {
        match inline {
            Inline::Text { text, style } => match runs.last_mut() {
                Some((last_style, RunBody::Text(last))) if last_style == style => {
                    last.push_str(text)
                }
                _ => runs.push((*style, RunBody::Text(text.clone()))),
            },
            Inline::Link { link, style } => runs.push((*style, RunBody::Link(link))),
        }
    }
    // Spaces that start a line make it a code block (four of them), so the
    // paragraph's outer spaces go, through any run that holds nothing else.
    while let Some((_, RunBody::Text(first))) = runs.first_mut() {
        *first = first.trim_start().to_owned();
        if !first.is_empty() {
            break;
        }
        runs.remove(0);
    }
    while let Some((_, RunBody::Text(last))) = runs.last_mut() {
        *last = last.trim_end().to_owned();
        if !last.is_empty() {
            break;
        }
        runs.pop();
    }

    let mut pieces = Vec::with_capacity(runs.len());
    for (style, body) in runs {
        match body {
            RunBody::Link(link) => pieces.push(Piece {
                style,
                body: MarkdownInline.link(link),
                is_text: false,
            }),
            RunBody::Text(text) if text.is_empty() => {}
            RunBody::Text(text) if style == Style::default() => pieces.push(Piece {
                style,
                body: escape(&text),
                is_text: true,
            }),
            RunBody::Text(text) => {
                let core = text.trim();
                let start = text.len() - text.trim_start().len();
                let plain = |s: &str| Piece {
                    style: Style::default(),
                    body: escape(s),
                    is_text: true,
                };
                if start > 0 {
                    pieces.push(plain(&text[..start]));
                }
                if !core.is_empty() {
                    pieces.push(Piece {
                        style,
                        body: escape(core),
                        is_text: true,
                    });
                }
                let end = start + core.len();
                if end < text.len() && !core.is_empty() {
                    pieces.push(plain(&text[end..]));
                }
            }
        }
    }
    pieces
}

enum RunBody<'a> {
    Text(String),
    Link(&'a Link),
}

fn delimiters(style: Style) -> Option<&'static str> {
    match (style.bold, style.italic) {
        (false, false) => None,
        (false, true) => Some("*"),
        (true, false) => Some("**"),
        (true, true) => Some("***"),
    }
}

/// What stands around a styled piece's delimiters `marks`: the characters
/// before and after them, and the delimiters of a neighbouring styled piece
/// that touch them, if any (`*a***b**`: one run of three stars between `a`
/// and `b`).
struct Edges {
    marks: &'static str,
    before: Option<char>,
    touches_before: Option<&'static str>,
    after: Option<char>,
    touches_after: Option<&'static str>,
}

impl Edges {
    /// Whether `*body*` here is emphasis for CommonMark: the opening run
    /// must be left-flanking and the closing run right-flanking
    /// (CommonMark 0.31, § 6.2). A run shared with a neighbour's delimiters
    /// is accepted only between two letters or digits and only as `*` and
    /// `**` (three stars in all): longer shared runs are read differently by
    /// different readers (`***a****b*`: markdown-rs leaves two stars).
    fn allow(&self, body: &str) -> bool {
        let (Some(first), Some(last)) = (body.chars().next(), body.chars().next_back()) else {
            return false;
        };
        let is_word = |c: Option<char>| c.is_some_and(|c| !is_punctuation(c) && !c.is_whitespace());
        let is_space_or_edge = |c: Option<char>| c.is_none_or(char::is_whitespace);
        let is_punct_space_or_edge =
            |c: Option<char>| is_space_or_edge(c) || c.is_some_and(is_punctuation);
        if first.is_whitespace() || last.is_whitespace() {
            return false;
        }
        let shared_run_ok = |neighbour: &str, outer: Option<char>, inner: char| {
            neighbour.len() + self.marks.len() == 3 && is_word(outer) && is_word(Some(inner))
        };
        if let Some(neighbour) = self.touches_before
            && !shared_run_ok(neighbour, self.before, first)
        {
            return false;
        }
        if let Some(neighbour) = self.touches_after
            && !shared_run_ok(neighbour, self.after, last)
        {
            return false;
        }
        let opens = !is_punctuation(first) || is_punct_space_or_edge(self.before);
        let closes = !is_punctuation(last) || is_punct_space_or_edge(self.after);
        opens && closes
    }
}

/// CommonMark's « Unicode punctuation character » (categories P and S),
/// approximated without a Unicode table: anything that is neither a letter,
/// a digit, a space nor a control character.
fn is_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace() && !c.is_control()
}

/// Whether `<address>` is a CommonMark e-mail autolink (§ 6.6) that no
/// reader can take for anything else: CommonMark allows a local part such
/// as `!x` or `?x`, but `<!x` and `<?x` at the start of a line open a raw
/// HTML block, so only a local part of letters, digits, `.`, `_`, `+` and
/// `-` that starts with a letter or digit is written so.
fn is_autolink_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let local_ok = local.starts_with(|c: char| c.is_ascii_alphanumeric())
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-'));
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    local_ok && domain.split('.').all(label_ok)
}

/// `href` (from [`emittable_href`]: no space, control character or angle
/// bracket left) as a link destination: parentheses escaped, as an
/// unbalanced one would end it, and `&`, which would otherwise start an
/// entity (`&lt;`, `&#58;`) that a reader decodes into another address.
fn destination(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        if matches!(c, '(' | ')' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
