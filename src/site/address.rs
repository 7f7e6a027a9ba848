//! Addresses and names on the site: the site's base address, a page's
//! name in a URL, a document's size in French.

use std::borrow::Cow;
use std::fmt;

use crate::model::{Link, LinkKind};
use crate::render::{Format, emittable_href};

/// The address the site is published at (`site`), always ending with `/`,
/// so that a page's address is the base followed by its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteAddress(String);

impl SiteAddress {
    /// The base address from `site` as loaded, which the loader has
    /// checked (a web address, with no query and no fragment): its
    /// characters a URL may not hold percent-encoded, its scheme in
    /// lowercase, and a `/` added at the end when it has none
    /// (`https://x.fr/solidaire` is the folder `https://x.fr/solidaire/`).
    pub fn new(site: &str) -> SiteAddress {
        let link = Link {
            text: site.to_owned(),
            href: site.to_owned(),
            kind: LinkKind::Web,
        };
        let mut base = emittable_href(&link).map_or_else(|| site.to_owned(), Cow::into_owned);
        if !base.ends_with('/') {
            base.push('/');
        }
        SiteAddress(base)
    }

    /// The absolute address of `page`, a name from [`page_name`].
    pub fn join(&self, page: &str) -> String {
        format!("{}{page}", self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SiteAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name of an issue's document in a URL, for the links of the
/// archive, the feed, the sitemap and the navigation: [`file_name`]
/// (the stem and the format's extension), every byte of the stem but
/// letters, digits and `-._~` percent-encoded (`n2 bis` → `n2%20bis.html`),
/// so that a `#`, `?` or `%` in a file name never makes a link to another
/// place.
///
/// [`file_name`]: super::file_name
pub fn page_name(stem: &str, format: Format) -> String {
    let extension = format.extension();
    let mut name = String::with_capacity(stem.len() + extension.len() + 1);
    for byte in stem.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            name.push(byte as char);
        } else {
            name.push_str(&format!("%{byte:02X}"));
        }
    }
    name.push('.');
    name.push_str(extension);
    name
}

/// A document's size as the archive shows it: « 850 octets », « 49 Ko »,
/// « 1,2 Mo ». A kilo-octet is 1 024 octets and a méga-octet 1 024 Ko (as
/// file managers and the prefecture's sites count them); kilo-octets are
/// rounded to the nearest (at least 1 Ko), méga-octets to the nearest
/// tenth, with a decimal comma. A no-break space joins the number to its
/// unit.
pub fn french_size(bytes: u64) -> String {
    const KO: u64 = 1024;
    const MO: u64 = 1024 * 1024;
    if bytes < KO {
        let unit = if bytes < 2 { "octet" } else { "octets" };
        return format!("{bytes}\u{a0}{unit}");
    }
    // Rounded to the nearest Ko; 1 023.5 Ko and more are shown in Mo.
    let kilo = (bytes + KO / 2) / KO;
    if kilo < KO {
        return format!("{kilo}\u{a0}Ko");
    }
    let tenths = (bytes * 10 + MO / 2) / MO;
    match tenths % 10 {
        0 => format!("{}\u{a0}Mo", tenths / 10),
        decimal => format!("{},{decimal}\u{a0}Mo", tenths / 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_address_ends_with_a_slash() {
        let base = SiteAddress::new("https://prefecture.example/solidaire/");
        assert_eq!(
            base.join("n2.html"),
            "https://prefecture.example/solidaire/n2.html"
        );
        let base = SiteAddress::new("HTTPS://prefecture.example/solidaire");
        assert_eq!(base.as_str(), "https://prefecture.example/solidaire/");
        assert_eq!(
            SiteAddress::new("https://x.fr/a b").as_str(),
            "https://x.fr/a%20b/"
        );
    }

    #[test]
    fn page_names_are_percent_encoded() {
        assert_eq!(page_name("n2", Format::Html), "n2.html");
        assert_eq!(page_name("n2 bis#1?", Format::Pdf), "n2%20bis%231%3F.pdf");
        assert_eq!(page_name("été", Format::Markdown), "%C3%A9t%C3%A9.md");
        assert_eq!(page_name("a\"<b>&", Format::Html), "a%22%3Cb%3E%26.html");
    }

    #[test]
    fn sizes_are_written_the_french_way() {
        assert_eq!(french_size(0), "0\u{a0}octet");
        assert_eq!(french_size(850), "850\u{a0}octets");
        assert_eq!(french_size(1023), "1023\u{a0}octets");
        assert_eq!(french_size(1024), "1\u{a0}Ko");
        assert_eq!(french_size(49 * 1024 + 511), "49\u{a0}Ko");
        assert_eq!(french_size(49 * 1024 + 512), "50\u{a0}Ko");
        assert_eq!(french_size(1024 * 1024 - 1), "1\u{a0}Mo");
        assert_eq!(french_size(1024 * 1024 * 12 / 10), "1,2\u{a0}Mo");
        assert_eq!(french_size(3 * 1024 * 1024), "3\u{a0}Mo");
    }
}
