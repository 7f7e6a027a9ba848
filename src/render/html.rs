//! HTML output: one self-contained page (inline CSS, no external request)
//! that reads like the prefecture's printed communiqué, on a screen, a phone
//! or paper.
//!
//! The layout is `templates/release.html` with its stylesheet
//! `templates/release.css`; [`inline`] holds the one place that turns text
//! into HTML.

mod inline;
#[cfg(test)]
mod tests;

use askama::Template;

use super::RenderError;
use super::view::ReleaseView;
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
}

/// Renders `release` as a complete HTML5 document.
pub fn render(release: &Release) -> Result<Vec<u8>, RenderError> {
    let view = ReleaseView::new(release, &HtmlInline);
    let template = HtmlRelease {
        view: &view,
        issuer_lines: view.issuer.as_deref().map(issuer_lines).unwrap_or_default(),
        more_information: MORE_INFORMATION,
        press_contact: PRESS_CONTACT,
        phone_label: PHONE,
        email_label: EMAIL,
    };
    let mut page = template.render()?;
    page.push('\n');
    Ok(page.into_bytes())
}

/// « Préfet du Pas-de-Calais » → [« Préfet », « du Pas-de-Calais »].
fn issuer_lines(issuer: &str) -> Vec<&str> {
    match issuer.split_once(char::is_whitespace) {
        Some((first, rest)) if !rest.trim().is_empty() => vec![first, rest.trim()],
        _ => vec![issuer],
    }
}
