//! HTML output: one self-contained page (inline CSS, no external request)
//! that reads like the prefecture's printed communiqué, on a screen, a phone
//! or paper.
//!
//! The layout is `templates/release.html` with its stylesheet
//! `templates/release.css`; [`inline`] holds the one place that turns text
//! into HTML.

pub(super) mod inline;
#[cfg(test)]
mod tests;

use askama::Template;

use super::view::ReleaseView;
use super::{Navigation, RenderError};
use crate::model::{EMAIL, PHONE, PRESS_CONTACT};
use crate::model::{MORE_INFORMATION, Release};
use inline::HtmlInline;

/// What `templates/release.html` places.
#[derive(Template)]
#[template(path = "release.html")]
struct HtmlRelease<'a> {
    view: &'a ReleaseView,
    /// The issuer split for the « bloc-marque »: its first word, then the
    /// rest (« Préfet » / « du Pas-de-Calais »), as the State's blocks are set.
    issuer_lines: Vec<&'a str>,
    more_information: &'static str,
    press_contact: &'static str,
    phone_label: &'static str,
    email_label: &'static str,
    /// The links to the other issues, on a page of the site only.
    navigation: Option<&'a Navigation>,
}

/// Renders `release` as a complete HTML5 document, with the links to the
/// other issues when `navigation` is given (a page of the site).
pub fn render(release: &Release, navigation: Option<&Navigation>) -> Result<Vec<u8>, RenderError> {
    let view = ReleaseView::new(release, &HtmlInline::PAGE);
    let template = HtmlRelease {
        view: &view,
        issuer_lines: view.issuer.as_deref().map(issuer_lines).unwrap_or_default(),
        more_information: MORE_INFORMATION,
        press_contact: PRESS_CONTACT,
        phone_label: PHONE,
        email_label: EMAIL,
        navigation,
    };
    let mut page = template.render()?;
    page.push('\n');
    Ok(page.into_bytes())
}

/// The communiqué's own content in a page that [`render`] made: from
/// `<main>` to the end of the contact block, without the page's head,
/// header or navigation (the feed's `content`). Every value in it was
/// escaped when the page was made; a `<main>` or `</footer>` written in the
/// input is escaped too, so the markers found are the template's.
pub fn communique(page: &str) -> &str {
    let start = page.find("<main>").unwrap_or(0);
    let end = page
        .rfind("</footer>")
        .map(|at| at + "</footer>".len())
        .or_else(|| page.rfind("</main>").map(|at| at + "</main>".len()))
        .unwrap_or(page.len());
    page.get(start..end.max(start)).unwrap_or_default()
}

/// « Préfet du Pas-de-Calais » → [« Préfet », « du Pas-de-Calais »].
pub(crate) fn issuer_lines(issuer: &str) -> Vec<&str> {
    match issuer.split_once(char::is_whitespace) {
        Some((first, rest)) if !rest.trim().is_empty() => vec![first, rest.trim()],
        _ => vec![issuer],
    }
}
