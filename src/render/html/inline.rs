//! The one place where text becomes HTML: inline runs as `<strong>`/`<em>`,
//! links as `<a href>`, everything from the input escaped with askama's own
//! HTML escaper, the one the template uses for plain values. The page and
//! the e-mail's HTML part write the same markup; only the attributes that
//! style it differ (a class for the page's stylesheet, inline styles for
//! mail clients, which drop stylesheets).

use askama::filters::{Escaper, Html};

use crate::model::{Inline, Link, Paragraph, Style};
use crate::render::emittable_href;
use crate::render::view::InlineMarkup;

/// Writes paragraphs and links as HTML, with the attributes that style them
/// in one kind of document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HtmlInline {
    /// The attribute of the `<span>` that keeps a hyphenated word whole.
    nowrap: &'static str,
    /// Attributes written after every link's `href` (with their leading
    /// space), or nothing.
    link: &'static str,
}

impl HtmlInline {
    /// For the page, whose stylesheet styles links and `.nowrap`.
    pub(crate) const PAGE: HtmlInline = HtmlInline {
        nowrap: "class=\"nowrap\"",
        link: "",
    };

    /// For a document styled element by element: `nowrap` is the whole
    /// attribute of a hyphenated word's `<span>`, `link` what follows a
    /// link's `href` (` style="…"`). Both are the caller's constants, written
    /// as they are: never input.
    pub(crate) const fn styled(nowrap: &'static str, link: &'static str) -> HtmlInline {
        HtmlInline { nowrap, link }
    }
}

impl InlineMarkup for HtmlInline {
    fn paragraph(&self, paragraph: &Paragraph) -> String {
        let mut out = String::new();
        for inline in &paragraph.0 {
            let style = match inline {
                Inline::Text { style, .. } | Inline::Link { style, .. } => *style,
            };
            open(&mut out, style);
            match inline {
                Inline::Text { text, .. } => push_text(&mut out, text, self.nowrap),
                Inline::Link { link, .. } => out.push_str(&self.link(link)),
            }
            close(&mut out, style);
        }
        out
    }

    fn link(&self, link: &Link) -> String {
        let mut out = String::new();
        match emittable_href(link) {
            Some(href) => {
                out.push_str("<a href=\"");
                push_escaped(&mut out, &href);
                out.push('"');
                out.push_str(self.link);
                out.push('>');
                push_escaped(&mut out, &link.text);
                out.push_str("</a>");
            }
            // Never reached with a validated release; the text is kept.
            None => push_escaped(&mut out, &link.text),
        }
        out
    }
}

fn open(out: &mut String, style: Style) {
    if style.bold {
        out.push_str("<strong>");
    }
    if style.italic {
        out.push_str("<em>");
    }
}

fn close(out: &mut String, style: Style) {
    if style.italic {
        out.push_str("</em>");
    }
    if style.bold {
        out.push_str("</strong>");
    }
}

/// Appends prose: escaped, with each hyphenated word (« Pas-de-Calais »,
/// « Covid-19 ») kept whole on its line. Browsers break after any hyphen,
/// and « Pas-de- / Calais » reads as a mistake; the PDF never breaks there
/// either. `nowrap` is the attribute that styles the word's `<span>`.
fn push_text(out: &mut String, text: &str, nowrap: &str) {
    for (index, word) in text.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        if is_hyphenated(word) {
            out.push_str("<span ");
            out.push_str(nowrap);
            out.push('>');
            push_escaped(out, word);
            out.push_str("</span>");
        } else {
            push_escaped(out, word);
        }
    }
}

/// A hyphen with a letter or digit on each side, in a word short enough to
/// fit a phone's line whole (a longer one must stay free to wrap).
fn is_hyphenated(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars.len() <= 24
        && chars
            .windows(3)
            .any(|w| w[1] == '-' && w[0].is_alphanumeric() && w[2].is_alphanumeric())
}

/// Appends `text` escaped for HTML text and attribute values.
fn push_escaped(out: &mut String, text: &str) {
    // Writing into a `String` cannot fail.
    let _ = Html.write_escaped_str(&mut *out, text);
}

/// `text` escaped for HTML, for tests that build expected markup.
#[cfg(test)]
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::new();
    push_escaped(&mut out, text);
    out
}
