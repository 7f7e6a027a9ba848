//! PDF output: the communiqué typeset on A4 pages.
//!
//! Three stages, each in its own module:
//!
//! 1. [`layout`] turns the release into pages of positioned text runs, rules
//!    and link areas, using the metrics of the embedded fonts ([`crate::fonts`]);
//!    it knows nothing of PDF;
//! 2. [`write`] draws those pages with printpdf; the fonts are subset
//!    ([`subset`]) and embedded, with the glyph codes of the text, by
//!    [`embed`];
//! 3. [`finish`] mends through lopdf what printpdf cannot write (language,
//!    outline, metadata and its XMP packet, sRGB output intent, file
//!    identifier, the structure tree of [`tags`]) and serializes.
//!
//! The same release always gives the same bytes: nothing reads the clock,
//! and every identifier is derived from the content.

pub mod design;
pub mod layout;

mod embed;
mod finish;
mod serialize;
mod subset;
mod tags;
mod write;

use chrono::{NaiveDateTime, NaiveTime};

use super::RenderError;
use crate::model::Release;

/// Typesets `release` as a PDF file, dated `timestamp` (`SOURCE_DATE_EPOCH`)
/// or else the issue date at midnight UTC.
pub fn render(release: &Release, timestamp: Option<NaiveDateTime>) -> Result<Vec<u8>, RenderError> {
    let metrics = crate::fonts::metrics()?;
    let document = layout::layout_document(release, metrics)?;
    let (pdf, marks) = write::write_document(&document, metrics)?;
    let timestamp = timestamp.unwrap_or_else(|| release.date.and_time(NaiveTime::MIN));
    finish::finish(pdf, &marks, &document, timestamp)
}
