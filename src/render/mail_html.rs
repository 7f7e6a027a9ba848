//! The HTML part of the e-mail format: the communiqué laid out for mail
//! clients rather than for a browser.
//!
//! The same view as the page ([`ReleaseView`]), in the same order and with
//! the same escaped markup, placed by `templates/mail.html`: a complete
//! document with inline styles only (clients drop `<style>` and classes),
//! one centred column of at most 640 px, explicit colours for clients that
//! recolour in dark mode, nothing fetched from elsewhere, and only the
//! release's own absolute links (`http`, `https`, `mailto`, from
//! [`emittable_href`](super::emittable_href)): the site's navigation between
//! issues has no place in a message.

#[cfg(test)]
mod tests;

use askama::Template;

use super::RenderError;
use super::html::inline::HtmlInline;
use super::html::issuer_lines;
use super::view::{InlineMarkup, ReleaseView};
use crate::model::{EMAIL, Inline, MORE_INFORMATION, PHONE, PRESS_CONTACT, Paragraph, Release};

/// How paragraphs and links are styled inside the message: each link in
/// the page's blue, underlined, and free to wrap anywhere (an address
/// longer than a phone's line must not widen it); a hyphenated word kept
/// whole as a box, as the page does with its `.nowrap` class, so that a
/// word wider than the line still wraps inside it. The colours are those of
/// `templates/mail.html`.
const MAIL_INLINE: HtmlInline = HtmlInline::styled(
    "style=\"display:inline-block;\"",
    " style=\"color:#000091;text-decoration:underline;overflow-wrap:anywhere;word-break:break-word;\"",
);

/// What `templates/mail.html` places.
#[derive(Template)]
#[template(path = "mail.html")]
struct MailHtml<'a> {
    view: &'a ReleaseView,
    /// The full title as markup, for the heading: escaped, its hyphenated
    /// words kept whole (« Pas-de-Calais » must not break at a hyphen on a
    /// phone, where the heading takes two lines).
    title: String,
    /// The issuer on its lines, as the page's « bloc-marque » sets it.
    issuer_lines: Vec<&'a str>,
    more_information: &'static str,
    press_contact: &'static str,
    phone_label: &'static str,
    email_label: &'static str,
}

/// Renders `release` as the HTML part of its e-mail: a complete HTML5
/// document, UTF-8, ending with a line break. A `String`, since a message
/// builder takes its text parts as text.
pub fn render(release: &Release) -> Result<String, RenderError> {
    let view = ReleaseView::new(release, &MAIL_INLINE);
    let title = Paragraph(vec![Inline::Text {
        text: view.full_title.clone(),
        style: Default::default(),
    }]);
    let template = MailHtml {
        view: &view,
        title: MAIL_INLINE.paragraph(&title),
        issuer_lines: view.issuer.as_deref().map(issuer_lines).unwrap_or_default(),
        more_information: MORE_INFORMATION,
        press_contact: PRESS_CONTACT,
        phone_label: PHONE,
        email_label: EMAIL,
    };
    let mut document = template.render()?;
    document.push('\n');
    Ok(document)
}
