//! One module per command; each returns what `main` turns into an exit code.

pub mod build;
pub mod check;
pub mod completions;
pub mod compose;
pub mod man;
pub mod new;
pub mod schema;

use crate::error::Error;
use crate::render::RenderOptions;

use std::io::IsTerminal;

/// The options every command that renders starts from (`compose`,
/// `build`): the documents' timestamp from [`source_date_epoch`].
pub fn render_options() -> Result<RenderOptions, Error> {
    Ok(RenderOptions {
        timestamp: source_date_epoch()?,
        ..RenderOptions::default()
    })
}

/// The time `SOURCE_DATE_EPOCH` gives (seconds since 1970, UTC), for the
/// timestamps a document carries (the PDF's creation and modification
/// dates), or `None` when it is unset or empty. A value that is not a
/// number of seconds is an error, as reproducible-builds.org asks: a build
/// must not silently fall back to another date.
pub fn source_date_epoch() -> Result<Option<chrono::NaiveDateTime>, Error> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH").filter(|value| !value.is_empty())
    else {
        return Ok(None);
    };
    let invalid = || {
        Error::Usage(format!(
            "SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01, not `{}`",
            crate::diagnostic::shorten(&value.to_string_lossy())
        ))
    };
    // Digits only, up to the end of 9999: a PDF date has four-digit years.
    const LAST: i64 = 253_402_300_799;
    let digits = value
        .to_str()
        .filter(|text| text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(invalid)?;
    let seconds: i64 = match digits.parse() {
        Ok(seconds) if seconds <= LAST => seconds,
        _ => {
            return Err(Error::Usage(format!(
                "SOURCE_DATE_EPOCH is out of range: `{}` is after 9999-12-31 23:59:59 ({LAST})",
                crate::diagnostic::shorten(digits)
            )));
        }
    };
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|time| Some(time.naive_utc()))
        .ok_or_else(invalid)
}

/// Whether to colour what goes to standard error.
pub fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
        && std::io::stderr().is_terminal()
}
