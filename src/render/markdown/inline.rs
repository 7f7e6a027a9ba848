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
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '#' | '~' | '|' | '$' => {
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
        for (index, piece) in pieces.iter().enumerate() {
            let Some(delimiters) = delimiters(piece.style) else {
                out.push_str(&piece.body);
                continue;
            };
            // What will stand right after this piece: a following styled
            // piece is counted as a delimiter `*` whatever it turns out to be.
            let next = pieces.get(index + 1).and_then(|next| match next.style {
                Style {
                    bold: false,
                    italic: false,
                } => next.body.chars().next(),
                _ => Some('*'),
            });
            if emphasis_parses(out.chars().next_back(), &piece.body, next) {
                out.push_str(delimiters);
                out.push_str(&piece.body);
                out.push_str(delimiters);
            } else {
                // CommonMark's flanking rules would leave the `*` as text
                // here (`a*« b »*`); inline HTML is emphasis in any context.
                let (open, close) = html_tags(piece.style);
                out.push_str(open);
                out.push_str(&piece.body);
                out.push_str(close);
            }
        }
        out
    }

    fn link(&self, link: &Link) -> String {
        let Some(href) = emittable_href(link) else {
            return escape(&link.text);
        };
        // `emittable_href` leaves no space, control character, `<` or `>`,
        // so the address fits an autolink as it is.
        if link.kind == LinkKind::Web && link.text == href {
            return format!("<{href}>");
        }
        if link.kind == LinkKind::Email
            && href.get("mailto:".len()..) == Some(link.text.as_str())
            && is_autolink_email(&link.text)
        {
            return format!("<{}>", link.text);
        }
        format!("[{}]({})", escape(&link.text), destination(&href))
    }
}

/// A run of the paragraph with one style, its body already markup.
struct Piece {
    style: Style,
    body: String,
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
    if let Some((_, RunBody::Text(first))) = runs.first_mut() {
        *first = first.trim_start().to_owned();
    }
    if let Some((_, RunBody::Text(last))) = runs.last_mut() {
        *last = last.trim_end().to_owned();
    }

    let mut pieces = Vec::with_capacity(runs.len());
    for (style, body) in runs {
        match body {
            RunBody::Link(link) => pieces.push(Piece {
                style,
                body: MarkdownInline.link(link),
            }),
            RunBody::Text(text) if text.is_empty() => {}
            RunBody::Text(text) if style == Style::default() => pieces.push(Piece {
                style,
                body: escape(&text),
            }),
            RunBody::Text(text) => {
                let core = text.trim();
                let start = text.len() - text.trim_start().len();
                let plain = |s: &str| Piece {
                    style: Style::default(),
                    body: escape(s),
                };
                if start > 0 {
                    pieces.push(plain(&text[..start]));
                }
                if !core.is_empty() {
                    pieces.push(Piece {
                        style,
                        body: escape(core),
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

fn html_tags(style: Style) -> (&'static str, &'static str) {
    match (style.bold, style.italic) {
        (true, true) => ("<strong><em>", "</em></strong>"),
        (true, false) => ("<strong>", "</strong>"),
        _ => ("<em>", "</em>"),
    }
}

/// Whether `*body*` between `before` and `after` is emphasis for CommonMark:
/// the opening run must be left-flanking and the closing run right-flanking
/// (CommonMark 0.31, § 6.2), and neither may touch another `*`.
fn emphasis_parses(before: Option<char>, body: &str, after: Option<char>) -> bool {
    let (Some(first), Some(last)) = (body.chars().next(), body.chars().next_back()) else {
        return false;
    };
    let is_space_or_edge = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let is_punct_space_or_edge =
        |c: Option<char>| is_space_or_edge(c) || c.is_some_and(is_punctuation);
    if before == Some('*') || after == Some('*') || first.is_whitespace() || last.is_whitespace() {
        return false;
    }
    let opens = !is_punctuation(first) || is_punct_space_or_edge(before);
    let closes = !is_punctuation(last) || is_punct_space_or_edge(after);
    opens && closes
}

/// CommonMark's « Unicode punctuation character » (categories P and S),
/// approximated without a Unicode table: anything that is neither a letter,
/// a digit, a space nor a control character.
fn is_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace() && !c.is_control()
}

/// Whether `<address>` is a CommonMark e-mail autolink (§ 6.6).
fn is_autolink_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
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
/// unbalanced one would end it.
fn destination(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        if matches!(c, '(' | ')') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
