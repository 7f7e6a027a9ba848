//! Markdown output: the communiqué as CommonMark, one paragraph per line.
//!
//! The layout is `templates/release.md`; [`inline`] holds the one place that
//! turns text into Markdown (escaping, emphasis, links).

mod inline;
#[cfg(test)]
mod safety;
#[cfg(test)]
mod tests;

use askama::Template;

pub use inline::MarkdownEscaper;

use super::RenderError;
use super::view::ReleaseView;
use crate::model::{EMAIL, PHONE, PRESS_CONTACT};
use crate::model::{MORE_INFORMATION, Release};
use inline::MarkdownInline;

/// What `templates/release.md` places.
#[derive(Template)]
#[template(path = "release.md")]
struct MarkdownRelease<'a> {
    view: &'a ReleaseView,
    more_information: &'static str,
    press_contact: &'static str,
    phone_label: &'static str,
    email_label: &'static str,
}

/// Renders `release` as CommonMark, ending with a newline.
pub fn render(release: &Release) -> Result<Vec<u8>, RenderError> {
    let view = ReleaseView::new(release, &MarkdownInline);
    let template = MarkdownRelease {
        view: &view,
        more_information: MORE_INFORMATION,
        press_contact: PRESS_CONTACT,
        phone_label: PHONE,
        email_label: EMAIL,
    };
    let mut text = template.render()?;
    // Askama drops the template's final newline; a text file ends with one.
    text.truncate(text.trim_end().len());
    text.push('\n');
    Ok(text.into_bytes())
}
