//! The renderers. Each reads a finished [`Release`] (validated, with
//! typography applied) and returns the document's bytes, or for [`text`]
//! and [`mail_html`] (the e-mail's parts) its text; none does I/O. The
//! e-mail format ([`eml`]) is a message made of them: the text and HTML
//! parts, and the PDF attached.

pub mod eml;
pub mod html;
pub mod mail_html;
pub mod markdown;
pub mod pdf;
#[cfg(test)]
mod sample;
pub mod text;
mod view;

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDateTime;

use crate::model::{Link, LinkKind, Release};

/// An output format of `compose`; its `--format` name is its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    #[value(name = "md")]
    Markdown,
    Html,
    Pdf,
    /// The message to send to the press: written on request only.
    Eml,
}

/// What a rendering may vary besides the release itself; the default is
/// the standalone document `compose` writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// The time a document carries (`SOURCE_DATE_EPOCH`) instead of the
    /// issue date at midnight UTC (the PDF's creation and modification
    /// dates).
    pub timestamp: Option<NaiveDateTime>,
    /// The links between issues that a page of the site carries (`build`);
    /// `None` for the standalone page of `compose`. Only the HTML shows it.
    pub navigation: Option<Navigation>,
}

/// The small navigation at the top of an issue's page on the site:
/// the previous issue, the archive, the next issue (by number).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Navigation {
    /// The issue numbered just below, if any.
    pub previous: Option<NavigationLink>,
    /// The issue numbered just above, if any.
    pub next: Option<NavigationLink>,
    /// The archive page, relative to the page (`index.html`).
    pub archive: String,
}

/// A link to another page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavigationLink {
    /// Relative to the page that links, already percent-encoded
    /// (`n3.html`): placed in an attribute by the template's escaper.
    pub href: String,
    /// What the link says, plain text (« n°3 »).
    pub label: String,
}

impl Format {
    /// Every format, in the order they are written.
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Html, Format::Pdf, Format::Eml];

    /// The documents: what `compose` writes unless told otherwise, and
    /// what the site publishes of each issue. The message is made of them.
    pub const DOCUMENTS: [Format; 3] = [Format::Markdown, Format::Html, Format::Pdf];

    /// The file extension, which is also the name used by `--format`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Eml => "eml",
        }
    }

    /// The format named by a file extension or a `--format` value.
    pub fn from_extension(extension: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|format| format.extension().eq_ignore_ascii_case(extension))
    }

    /// Renders `release` in this format. The message renders the PDF it
    /// attaches: [`crate::pipeline::render`] renders it once for both.
    pub fn render(
        self,
        release: &Release,
        options: &RenderOptions,
    ) -> Result<Vec<u8>, RenderError> {
        match self {
            Format::Markdown => markdown::render(release),
            Format::Html => html::render(release, options.navigation.as_ref()),
            Format::Pdf => pdf::render(release, options.timestamp),
            Format::Eml => {
                let pdf = pdf::render(release, options.timestamp)?;
                eml::render(release, &pdf, options)
            }
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// Why a document could not be rendered from a valid release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// A template failed (a bug, since templates only place values).
    Template(String),
    /// The embedded font has no glyph for a character of the text.
    MissingGlyph { character: char, font: &'static str },
    /// The PDF library refused the document.
    Pdf(String),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Template(message) => write!(f, "template error: {message}"),
            RenderError::MissingGlyph { character, font } => write!(
                f,
                "the font `{font}` has no glyph for `{character}` (U+{:04X})",
                *character as u32
            ),
            RenderError::Pdf(message) => write!(f, "cannot write the PDF: {message}"),
        }
    }
}

impl std::error::Error for RenderError {}

/// The address a link may be emitted with: `http:`, `https:` or, for an
/// e-mail, `mailto:`; `None` for anything else.
///
/// The loader already refuses every other scheme; renderers check again
/// because a `javascript:` href that slipped through would run in a reader's
/// browser, while a link printed as plain text costs nothing. Characters a
/// URL may not hold as such (spaces, quotes, angle brackets, a stray `%` …)
/// are percent-encoded, as a browser would do when following the link, so
/// the address is a valid URL in HTML and needs no quoting in Markdown.
/// The scheme is written in lowercase (`HTTPS://x.fr` → `https://x.fr`):
/// schemes are case-insensitive, but a reader's filter that allows only
/// `http:`, `https:` and `mailto:` as written must not drop (or, worse,
/// let through unchecked) an address the loader accepted.
///
/// Public so that checks outside the crate (the fuzz target, tests) can
/// compare what a renderer links with what the release declares.
pub fn emittable_href(link: &Link) -> Option<Cow<'_, str>> {
    let href = link.href.as_str();
    let (scheme, _) = href.split_once(':')?;
    let allowed = match link.kind {
        LinkKind::Email => scheme.eq_ignore_ascii_case("mailto"),
        LinkKind::Web => {
            scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")
        }
    };
    if !allowed {
        return None;
    }
    let scheme_length = scheme.len();
    let href = percent_encode_invalid(href);
    if !href[..scheme_length]
        .bytes()
        .any(|b| b.is_ascii_uppercase())
    {
        return Some(href);
    }
    let mut href = href.into_owned();
    href[..scheme_length].make_ascii_lowercase();
    Some(Cow::Owned(href))
}

/// `href` with every character that is not valid in a URL as written
/// percent-encoded; borrowed when there is none (the usual case).
fn percent_encode_invalid(href: &str) -> Cow<'_, str> {
    let bytes = href.as_bytes();
    let invalid = |at: usize| {
        let byte = bytes[at];
        match byte {
            b'%' => !(bytes.get(at + 1..at + 3))
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)),
            b' ' | b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}' | 0x7f => true,
            byte => byte < 0x20,
        }
    };
    if !(0..bytes.len()).any(invalid) {
        return Cow::Borrowed(href);
    }
    let mut encoded = String::with_capacity(href.len() + 8);
    for (at, c) in href.char_indices() {
        if c.is_ascii() && invalid(at) {
            encoded.push_str(&format!("%{:02X}", c as u32));
        } else {
            encoded.push(c);
        }
    }
    Cow::Owned(encoded)
}

/// `href` with every non-ASCII character percent-encoded as UTF-8 bytes,
/// for formats that want addresses in 7-bit ASCII (a PDF's `/URI`).
pub fn ascii_href(href: &str) -> Cow<'_, str> {
    if href.is_ascii() {
        return Cow::Borrowed(href);
    }
    let mut encoded = String::with_capacity(href.len() + 16);
    for c in href.chars() {
        if c.is_ascii() {
            encoded.push(c);
        } else {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    Cow::Owned(encoded)
}

impl From<askama::Error> for RenderError {
    fn from(error: askama::Error) -> Self {
        RenderError::Template(error.to_string())
    }
}

/// A 128-bit digest as 32 hexadecimal digits: stable across Rust versions
/// and machines, unlike `DefaultHasher`. It identifies a file; it is not
/// meant to resist forgery. Two lanes of multiply-rotate rounds over 8-byte
/// words, then a murmur-style finish: a tenth of the time of the byte-wise
/// FNV-1a used before, for the same purpose.
pub(crate) fn digest_hex(bytes: &[u8]) -> String {
    const K1: u64 = 0x9E37_79B9_7F4A_7C15;
    const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;
    let mut a: u64 = 0x6c62_272e_07bb_0142;
    let mut b: u64 = 0x62b8_2175_6295_c58d;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let word = u64::from_le_bytes([
            word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
        ]);
        a = (a ^ word).wrapping_mul(K1).rotate_left(31);
        b = (b ^ word.rotate_left(23)).wrapping_mul(K2).rotate_left(27);
    }
    let mut tail = [0_u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    let tail = u64::from_le_bytes(tail) ^ (bytes.len() as u64);
    a = (a ^ tail).wrapping_mul(K1);
    b = (b ^ tail.rotate_left(23)).wrapping_mul(K2);
    let finish = |mut h: u64, other: u64| {
        h ^= other.rotate_left(32);
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    };
    let (high, low) = (finish(a, b), finish(b, a));
    format!("{high:016x}{low:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(href: &str, kind: LinkKind) -> Link {
        Link {
            text: href.to_owned(),
            href: href.to_owned(),
            kind,
        }
    }

    #[test]
    fn ascii_hrefs_percent_encode_utf8() {
        assert_eq!(ascii_href("https://x.fr/a?b=1"), "https://x.fr/a?b=1");
        assert_eq!(ascii_href("https://x.fr/été"), "https://x.fr/%C3%A9t%C3%A9");
    }

    #[test]
    fn web_links_may_be_http_or_https_only() {
        for href in ["https://exemple.fr", "http://jeveuxaider.gouv.fr"] {
            assert_eq!(
                emittable_href(&link(href, LinkKind::Web)).as_deref(),
                Some(href)
            );
        }
        // The scheme in lowercase, the rest as written (fuzz finding).
        for (href, emitted) in [
            ("HTTPS://EXEMPLE.FR", "https://EXEMPLE.FR"),
            ("httPs://x.fr/A B", "https://x.fr/A%20B"),
            ("Http://x.fr", "http://x.fr"),
        ] {
            assert_eq!(
                emittable_href(&link(href, LinkKind::Web)).as_deref(),
                Some(emitted)
            );
        }
        for href in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "mailto:a@b.fr",
            "vbscript:x",
            "//exemple.fr",
            "exemple.fr",
        ] {
            assert_eq!(emittable_href(&link(href, LinkKind::Web)), None, "{href}");
        }
    }

    #[test]
    fn email_links_may_be_mailto_only() {
        assert_eq!(
            emittable_href(&link("mailto:a@b.fr", LinkKind::Email)).as_deref(),
            Some("mailto:a@b.fr")
        );
        assert_eq!(
            emittable_href(&link("MailTo:a@b.fr", LinkKind::Email)).as_deref(),
            Some("mailto:a@b.fr")
        );
        assert_eq!(emittable_href(&link("https://b.fr", LinkKind::Email)), None);
        assert_eq!(emittable_href(&link("a@b.fr", LinkKind::Email)), None);
    }

    #[test]
    fn characters_invalid_in_a_url_are_percent_encoded() {
        let href = |href: &str| emittable_href(&link(href, LinkKind::Web)).map(Cow::into_owned);
        assert_eq!(
            href("https://exemple.fr/a b?q=\"x\"<y>&r=50%&s=%C3%A9"),
            Some("https://exemple.fr/a%20b?q=%22x%22%3Cy%3E&r=50%25&s=%C3%A9".to_owned())
        );
        assert_eq!(
            href("https://exemple.fr/é/{x}|\\^`"),
            Some("https://exemple.fr/é/%7Bx%7D%7C%5C%5E%60".to_owned())
        );
        assert!(matches!(
            emittable_href(&link("https://exemple.fr/(x)_y", LinkKind::Web)),
            Some(Cow::Borrowed(_))
        ));
    }
}
