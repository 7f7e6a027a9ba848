//! The one rule for what counts as a link: an e-mail address, an `http` or
//! `https` URL, or a web address written without its scheme (`www.…`,
//! `facebook.com/…`). Used for the `links` lists, `closing.url`,
//! `contact.email` and the bare addresses found in text.

use std::fmt;

use super::characters::invisible;
use crate::diagnostic::shorten;
use crate::model::{Link, LinkKind};

/// Why a string is not a link we accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    Empty,
    Whitespace,
    /// `javascript:`, `data:`, `file:`, `ftp:` …
    Scheme(String),
    /// A character that has no place in an address (`<`, `"`, …).
    Character(char),
    /// A character that draws nothing (a zero-width space, a soft hyphen, a
    /// direction control …): the address would not be the one it reads as.
    Invisible(char),
    /// `https://` with no host after it.
    MissingHost,
    /// `https://x.fr:abc/`: a port that is not a number.
    Port(String),
    /// `https://shown@host/`: a user name before the host, which makes the
    /// address read as another site than the one it leads to.
    UserInfo {
        shown: String,
        host: String,
    },
    /// `x@y` with no dot in the domain, and the like.
    Email,
    /// Neither an address nor a domain name.
    NotAnAddress,
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::Empty => f.write_str("the link is empty"),
            LinkError::Whitespace => f.write_str("a link cannot contain spaces"),
            LinkError::Scheme(scheme) => write!(
                f,
                "the scheme `{}:` is not allowed: only `http`, `https` and e-mail addresses",
                shorten(scheme)
            ),
            LinkError::Character(c) => write!(f, "a link cannot contain `{c}`"),
            LinkError::Invisible(c) => write!(
                f,
                "the address holds an invisible character, U+{:04X} ({})",
                *c as u32,
                invisible(*c).unwrap_or("invisible")
            ),
            LinkError::MissingHost => f.write_str("the URL has no host name"),
            LinkError::Port(port) => {
                write!(f, "the port `{}` is not a number", shorten(port))
            }
            LinkError::UserInfo { shown, host } => write!(
                f,
                "`{}@` before the host makes the address read as another site: it leads to `{}`",
                shorten(shown),
                shorten(host)
            ),
            LinkError::Email => f.write_str("not a valid e-mail address"),
            LinkError::NotAnAddress => f.write_str("neither an e-mail address nor an http(s) URL"),
        }
    }
}

/// Characters that never appear in an address we print and link. Refusing
/// them keeps every output safe without relying on each renderer's escaping.
const FORBIDDEN: &[char] = &['<', '>', '"', '`', '\\', '{', '}', '|', '^'];

/// Parses `text` as one link, kept as written for display.
pub fn parse_link(text: &str) -> Result<Link, LinkError> {
    if text.is_empty() {
        return Err(LinkError::Empty);
    }
    if let Some(c) = text.chars().find(|&c| invisible(c).is_some()) {
        return Err(LinkError::Invisible(c));
    }
    if text.chars().any(char::is_whitespace) {
        return Err(LinkError::Whitespace);
    }
    if let Some(c) = text
        .chars()
        .find(|c| FORBIDDEN.contains(c) || c.is_control())
    {
        return Err(LinkError::Character(c));
    }
    if let Some(scheme) = scheme(text) {
        let lower = scheme.to_ascii_lowercase();
        return match lower.as_str() {
            "http" | "https" => {
                let rest = &text[scheme.len() + 1..];
                let rest = rest.strip_prefix("//").ok_or(LinkError::MissingHost)?;
                let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
                // `https://www.interieur.gouv.fr@evil.example/` reads as the
                // first and leads to the second.
                if let Some((user, host)) = authority.rsplit_once('@') {
                    return Err(LinkError::UserInfo {
                        shown: user.to_owned(),
                        host: host.to_owned(),
                    });
                }
                let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
                if !is_host(host, false) {
                    return Err(LinkError::MissingHost);
                }
                if !port.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(LinkError::Port(port.to_owned()));
                }
                Ok(web(text, text.to_owned()))
            }
            "mailto" => {
                let address = &text[scheme.len() + 1..];
                if !is_email(address) {
                    return Err(LinkError::Email);
                }
                Ok(email(text, address))
            }
            _ => Err(LinkError::Scheme(scheme.to_owned())),
        };
    }
    // An `@` after the address's first `/` (`www.ville.fr/contact@mairie.fr`)
    // is part of a web address's path: linked as an e-mail, it would lead
    // elsewhere than it reads.
    let before_path = text.split('/').next().unwrap_or(text);
    if before_path.contains('@') {
        return if is_email(text) {
            Ok(email(text, text))
        } else {
            Err(LinkError::Email)
        };
    }
    let authority = text.split(['/', '?', '#']).next().unwrap_or("");
    let (host, port) = authority.split_once(':').unwrap_or((authority, "0"));
    if is_host(host, true) && !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
        Ok(web(text, format!("https://{text}")))
    } else {
        Err(LinkError::NotAnAddress)
    }
}

fn web(text: &str, href: String) -> Link {
    Link {
        text: text.to_owned(),
        href,
        kind: LinkKind::Web,
    }
}

fn email(text: &str, address: &str) -> Link {
    Link {
        text: text.to_owned(),
        href: format!("mailto:{address}"),
        kind: LinkKind::Email,
    }
}

/// The scheme of `text` (`https` in `https://…`), if it starts with one.
/// `localhost:8080` reads as a scheme too, and is refused as one.
fn scheme(text: &str) -> Option<&str> {
    let colon = text.find(':')?;
    let candidate = &text[..colon];
    // `www.x.fr:8080/a` is a host and a port, not a scheme.
    if candidate.contains('.') {
        return None;
    }
    let mut chars = candidate.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(candidate)
}

/// A domain name: dot-separated labels of letters, digits and hyphens.
/// Without a scheme we also want a dot and an alphabetic top-level domain,
/// so that « 14.30 » or « n°2 » never read as addresses.
fn is_host(host: &str, need_tld: bool) -> bool {
    if host.is_empty() || host.starts_with('.') || host.ends_with('.') {
        return false;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let labels_ok = labels.iter().all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    if !labels_ok {
        return false;
    }
    if !need_tld {
        return true;
    }
    let tld = labels[labels.len() - 1];
    labels.len() >= 2 && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic)
}

/// An e-mail address as a message's headers and a `mailto:` link carry it
/// without encoding: ASCII letters, digits and `!$&*+-/=_.~` before the
/// `@` (at most 64), an ASCII host name after it (labels of at most 63,
/// 253 in all: RFC 5321, 4.5.3.1). Not `%`, `?` or `#`, which a `mailto:`
/// reads as an escape, its headers or a fragment; not `=?`, which some mail
/// readers decode as an encoded word into other text; not an accented
/// address, which a message's headers cannot hold as it is.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("=?")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!$&*+-/=_.~".contains(c))
        && domain.len() <= 253
        && domain.is_ascii()
        && domain.split('.').all(|label| label.len() <= 63)
        && is_host(domain, true)
}

/// Does this word look like it was meant as an address? Decides which words
/// of a text become links; `parse_link` then decides whether they are valid.
pub fn looks_like_link(word: &str) -> bool {
    has_link_prefix(word) || (word.contains('@') && is_email(word))
}

/// Could `word` or any of its beginnings look like a link? A cheaper test
/// than [`looks_like_link`], true whenever that one is true of a beginning:
/// the search for addresses in text skips the other words at once.
pub fn may_begin_link(word: &str) -> bool {
    has_link_prefix(word) || word.contains('@')
}

/// `http://`, `https://`, `www.` or `mailto:`, in any case.
fn has_link_prefix(word: &str) -> bool {
    // Compared in place: a lowercased copy of every word of every text cost
    // an allocation each. Most words fail on their first letter.
    if !matches!(
        word.as_bytes().first(),
        Some(b'h' | b'H' | b'w' | b'W' | b'm' | b'M')
    ) {
        return false;
    }
    ["http://", "https://", "www.", "mailto:"]
        .iter()
        .any(|prefix| {
            word.as_bytes()
                .get(..prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn href(text: &str) -> String {
        parse_link(text).unwrap().href
    }

    #[test]
    fn emails_link_to_mailto() {
        let link = parse_link("fdelfour@durandproduction.com").unwrap();
        assert_eq!(link.href, "mailto:fdelfour@durandproduction.com");
        assert_eq!(link.kind, LinkKind::Email);
        assert_eq!(link.text, "fdelfour@durandproduction.com");
    }

    #[test]
    fn urls_keep_their_scheme() {
        assert_eq!(
            href("http://jeveuxaider.gouv.fr"),
            "http://jeveuxaider.gouv.fr"
        );
        assert_eq!(
            href("https://www.facebook.com/ConseilCitoyenLaFosse7/"),
            "https://www.facebook.com/ConseilCitoyenLaFosse7/"
        );
    }

    #[test]
    fn scheme_less_addresses_get_https() {
        assert_eq!(
            href("www.facebook.com/groups/entraide.imprimante.3d/"),
            "https://www.facebook.com/groups/entraide.imprimante.3d/"
        );
        assert_eq!(href("facebook.com/x"), "https://facebook.com/x");
        assert_eq!(href("www.second-depart.fr"), "https://www.second-depart.fr");
        assert_eq!(href("www.x.fr:8080/a"), "https://www.x.fr:8080/a");
        assert_eq!(href("https://x.fr/l'a"), "https://x.fr/l'a");
    }

    #[test]
    fn dangerous_schemes_are_refused() {
        for text in [
            "javascript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "ftp://x.fr",
        ] {
            assert!(
                matches!(parse_link(text), Err(LinkError::Scheme(_))),
                "{text}"
            );
        }
        assert_eq!(
            parse_link("JavaScript:alert(1)"),
            Err(LinkError::Scheme("JavaScript".into()))
        );
    }

    #[test]
    fn malformed_links_are_refused() {
        assert_eq!(parse_link(""), Err(LinkError::Empty));
        assert_eq!(parse_link("a b.fr"), Err(LinkError::Whitespace));
        assert_eq!(parse_link("https://"), Err(LinkError::MissingHost));
        assert_eq!(parse_link("https:x.fr"), Err(LinkError::MissingHost));
        assert_eq!(
            parse_link("https://x.fr:abc/"),
            Err(LinkError::Port("abc".to_owned()))
        );
        assert!(parse_link("https://x.fr:8080/a").is_ok());
        assert!(
            parse_link("https://x.fr:/a").is_ok(),
            "an empty port is the default"
        );
        assert_eq!(parse_link("x@y"), Err(LinkError::Email));
        assert_eq!(parse_link("bonjour"), Err(LinkError::NotAnAddress));
        assert_eq!(parse_link("14.30"), Err(LinkError::NotAnAddress));
        assert_eq!(
            parse_link("https://x.fr/\"onclick=\"x"),
            Err(LinkError::Character('"'))
        );
    }

    #[test]
    fn an_at_sign_in_a_web_address_s_path_keeps_it_a_web_address() {
        let link = parse_link("www.ville.fr/contact@mairie.fr").unwrap();
        assert_eq!(link.kind, LinkKind::Web);
        assert_eq!(link.href, "https://www.ville.fr/contact@mairie.fr");
        assert_eq!(
            href("www.x.fr/profil/@mairie"),
            "https://www.x.fr/profil/@mairie"
        );
        assert_eq!(parse_link("a@b.fr").unwrap().kind, LinkKind::Email);
    }

    #[test]
    fn a_user_name_before_the_host_is_refused() {
        assert_eq!(
            parse_link("https://www.interieur.gouv.fr@evil.example/attestation.pdf"),
            Err(LinkError::UserInfo {
                shown: "www.interieur.gouv.fr".to_owned(),
                host: "evil.example".to_owned()
            })
        );
        // An @ later in the address is no user name.
        assert!(parse_link("https://x.fr/contact@exemple").is_ok());
    }

    #[test]
    fn invisible_characters_are_named() {
        for (text, c) in [
            ("https://exem\u{200b}ple.fr", '\u{200b}'),
            ("www.exemple.fr/a\u{2060}b", '\u{2060}'),
            ("con\u{ad}tact@exemple.fr", '\u{ad}'),
            ("https://x.fr/\u{202e}fdp.exe", '\u{202e}'),
            ("https://x.fr/a\u{feff}", '\u{feff}'),
            ("https://x\u{34f}.fr/", '\u{34f}'),
            ("https://x.fr/a\u{206a}b", '\u{206a}'),
            ("a\u{e0041}b@x.fr", '\u{e0041}'),
            ("https://x.fr/\u{2800}", '\u{2800}'),
        ] {
            assert_eq!(parse_link(text), Err(LinkError::Invisible(c)), "{text:?}");
        }
        assert_eq!(
            LinkError::Invisible('\u{200b}').to_string(),
            "the address holds an invisible character, U+200B (zero-width space)"
        );
    }

    #[test]
    fn words_that_look_like_links() {
        assert!(looks_like_link("https://x.fr"));
        assert!(looks_like_link("www.x.fr"));
        assert!(looks_like_link("a@b.fr"));
        assert!(!looks_like_link("n°2"));
        assert!(!looks_like_link("@twitter"));
        assert!(!looks_like_link("Pas-de-Calais"));
    }
}
