//! Plain-text output: the communiqué as the `text/plain` part of the e-mail
//! (`compose --format eml`), for the mail clients and readers that do not
//! show HTML, and for the journalist who copies the text into an article.
//!
//! It lays out the same `ReleaseView` as the Markdown and the HTML, in
//! the same order: the issuer and the label, the dateline, the title with
//! its number, the preamble, each section, the closing, the call to action
//! and its address, the press contact. What is plain text's own:
//!
//! - **Lines of at most 72 characters, `format=flowed`**
//!   (`text/flowed.rs`): a client that knows RFC 3676 re-flows each
//!   paragraph to its window (a phone's too), any other shows short lines.
//!   Paragraphs are separated by an empty line. The French no-break spaces
//!   are kept, and no line is cut at one.
//! - **Headings underlined**, `=` under the title and `-` under a section's
//!   title, as long as the heading's widest line; two empty lines above a
//!   section, the closing and the contact (one between paragraphs). The
//!   underline is what plain-text mail has used for headings for decades
//!   (Markdown took it from there), it sets a heading apart in any font
//!   and any client, and it leaves the title's words as they are: capitals
//!   would lose the proper nouns' case and the accents people type, and a
//!   journalist copying the title would have to retype it.
//! - **Every address written out in full**, between angle brackets
//!   (`<https://…>`, `<contact@mairie.fr>`), as RFC 3986 (appendix C)
//!   recommends for addresses in running text: every client links them,
//!   and the brackets tell it, and the reader, where the address ends when
//!   a `.` `,` `)` or `:` follows. A link whose text is its address (a bare
//!   address, a `links` entry, the closing address) is written once, as its
//!   address: `www.x.fr` as `<https://www.x.fr>`, an e-mail as the address
//!   itself; a link with other words is written `words <address>`. Only
//!   what [`emittable_href`] allows is written as an address; anything
//!   else stays its plain text.
//! - **Emphasis is left out**: `*…*` or `_…_` around a run would be
//!   characters the communiqué does not hold, which a journalist would
//!   have to take out again, and which would be confused with a `*` or
//!   `_` the text holds itself. The HTML part carries the emphasis.
//!
//! The text ends with one line end; lines end with `\n` alone (the MIME
//! writer puts the message in its CRLF form), and the part must be sent
//! with [`FORMAT_PARAMETERS`] in its `Content-Type`, in an encoding that
//! keeps the spaces at the ends of lines (quoted-printable or base64).

mod flowed;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use super::emittable_href;
use super::view::{InitiativeView, InlineMarkup, ReleaseView};
use crate::model::{
    EMAIL, Inline, Link, LinkKind, MORE_INFORMATION, PHONE, PRESS_CONTACT, Paragraph, Release,
};

pub use flowed::WIDTH;

/// The parameters of the part's `Content-Type` besides `charset=utf-8`:
/// `format=flowed` (RFC 3676) with `delsp=no`, the default, said anyway:
/// a soft break's space is part of the text and stays when lines are
/// joined.
pub const FORMAT_PARAMETERS: [(&str, &str); 2] = [("format", "flowed"), ("delsp", "no")];

/// Renders `release` as plain text, `format=flowed` (see the module's
/// documentation), ending with a newline. Deterministic and linear in the
/// release's size; it never fails.
pub fn render(release: &Release) -> String {
    let view = ReleaseView::new(release, &PlainInline);
    let mut body = Body::default();
    body.block(
        [view.issuer.as_deref(), view.label.as_deref()]
            .into_iter()
            .flatten(),
    );
    body.block([view.dateline.as_str()]);
    body.heading(1, &view.full_title, '=');
    for paragraph in &view.preamble {
        body.block([paragraph.as_str()]);
    }
    for section in &view.sections {
        body.heading(SECTION_GAP, &section.title, '-');
        for paragraph in &section.intro {
            body.block([paragraph.as_str()]);
        }
        for initiative in &section.initiatives {
            initiative_blocks(&mut body, initiative);
        }
    }
    // The closing belongs to no section: set apart from the last one.
    let mut gap = SECTION_GAP;
    for paragraph in &view.closing {
        body.block_after(gap, [paragraph.as_str()]);
        gap = 1;
    }
    // The address right under the call to action that leads to it
    // (« rendez-vous sur le site : »).
    body.block_after(
        gap,
        [view.call_to_action.as_deref(), view.url.as_deref()]
            .into_iter()
            .flatten(),
    );
    if let Some(contact) = &view.contact {
        let phone = contact
            .phone
            .as_ref()
            .map(|phone| format!("{PHONE} {phone}"));
        let email = contact
            .email
            .as_ref()
            .map(|email| format!("{EMAIL} {email}"));
        body.block_after(
            SECTION_GAP,
            [Some(PRESS_CONTACT), contact.name.as_deref()]
                .into_iter()
                .chain([phone.as_deref(), email.as_deref()])
                .flatten(),
        );
    }
    body.text
}

/// An initiative's paragraphs, its links right under the last one (one
/// block, so that they read as the initiative's), « Pour plus
/// d’informations : » on the same line as a single link, above several,
/// one a line.
fn initiative_blocks(body: &mut Body, initiative: &InitiativeView) {
    let (last, before) = match initiative.text.split_last() {
        Some((last, before)) => (Some(last.as_str()), before),
        None => (None, &[][..]),
    };
    for paragraph in before {
        body.block([paragraph.as_str()]);
    }
    let single_link;
    let links: Vec<&str> = match initiative.links.as_slice() {
        [] => Vec::new(),
        [link] => {
            single_link = format!("{MORE_INFORMATION} {link}");
            vec![single_link.as_str()]
        }
        links => std::iter::once(MORE_INFORMATION)
            .chain(links.iter().map(String::as_str))
            .collect(),
    };
    body.block(last.into_iter().chain(links));
}

/// The empty lines before a section's title, the closing and the contact
/// block: one more than between paragraphs, so that a heading reads with
/// the text it opens rather than halfway between two sections, the closing
/// is not read as the last section's, and the contact stands apart from
/// the communiqué, as the page sets them apart.
const SECTION_GAP: usize = 2;

/// The text being written, block by block.
#[derive(Debug, Default)]
struct Body {
    text: String,
}

impl Body {
    /// Writes `lines` as a block set apart from the one before by an empty
    /// line; see [`Body::block_after`].
    fn block<'a>(&mut self, lines: impl IntoIterator<Item = &'a str>) -> usize {
        self.block_after(1, lines)
    }

    /// Writes `lines`, each a paragraph or a line of its own (a hard break
    /// after it), as one block set apart from the one before by
    /// `empty_lines`; returns the width of its widest line. Nothing for no
    /// lines: the text never starts with an empty line.
    fn block_after<'a>(
        &mut self,
        empty_lines: usize,
        lines: impl IntoIterator<Item = &'a str>,
    ) -> usize {
        let mut widest = 0;
        for (index, line) in lines.into_iter().enumerate() {
            if index == 0 && !self.text.is_empty() {
                self.text.extend(std::iter::repeat_n('\n', empty_lines));
            }
            widest = widest.max(flowed::write_line(&mut self.text, line));
        }
        widest
    }

    /// A heading, `empty_lines` below what comes before, underlined with
    /// `rule` as wide as its widest line (three at least, and never more
    /// than [`WIDTH`]).
    fn heading(&mut self, empty_lines: usize, title: &str, rule: char) {
        let width = self.block_after(empty_lines, [title]);
        self.text
            .extend(std::iter::repeat_n(rule, width.clamp(3, WIDTH)));
        self.text.push('\n');
    }
}

/// Writes paragraphs and links as plain text: the text as it is, without
/// emphasis, each link followed by its address in full.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PlainInline;

impl InlineMarkup for PlainInline {
    fn paragraph(&self, paragraph: &Paragraph) -> String {
        paragraph
            .0
            .iter()
            .map(|inline| match inline {
                Inline::Text { text, .. } => Cow::Borrowed(text.as_str()),
                Inline::Link { link, .. } => Cow::Owned(self.link(link)),
            })
            .collect()
    }

    fn link(&self, link: &Link) -> String {
        let Some(address) = written_address(link) else {
            // Never reached with a validated release; the text is kept.
            return link.text.clone();
        };
        if names_its_address(link) {
            format!("<{address}>")
        } else {
            format!("{} <{address}>", link.text)
        }
    }
}

/// The address `link` leads to as a reader writes it: the URL that
/// [`emittable_href`] allows (its scheme in lowercase, characters a URL
/// may not hold percent-encoded, so that nothing in it ends the angle
/// brackets early), or the e-mail address of a `mailto:` link without its
/// scheme. `None` for a link that may not be emitted.
fn written_address(link: &Link) -> Option<Cow<'_, str>> {
    let href = emittable_href(link)?;
    match link.kind {
        LinkKind::Web => Some(href),
        LinkKind::Email => Some(match href {
            Cow::Borrowed(href) => Cow::Borrowed(without_scheme(href)),
            Cow::Owned(href) => Cow::Owned(without_scheme(&href).to_owned()),
        }),
    }
}

/// `href` after its scheme's `:`.
fn without_scheme(href: &str) -> &str {
    href.split_once(':').map_or(href, |(_, rest)| rest)
}

/// Whether the link's text is its address, as written in the issue file
/// (`https://x.fr`), without the scheme the loader added (`www.x.fr`,
/// `contact@mairie.fr`), or with `mailto:`: then the address alone says it
/// all. Letter case aside: the address written is where the link leads.
fn names_its_address(link: &Link) -> bool {
    let text = link.text.trim();
    let href = link.href.as_str();
    text.eq_ignore_ascii_case(href)
        || href
            .split_once(':')
            .is_some_and(|(_, rest)| text.eq_ignore_ascii_case(rest.trim_start_matches("//")))
}
