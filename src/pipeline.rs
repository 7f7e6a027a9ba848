//! The one road from issue files to documents, shared by every command:
//! load (the series once, then each issue over it), render the formats
//! asked for, and hand the bytes to [`crate::output`] to write.
//!
//! Nothing here writes to a terminal: diagnostics come back as values for
//! the command's [`crate::report::Reporter`].

use std::path::Path;

use chrono::NaiveDate;

use crate::diagnostic::FileDiagnostics;
use crate::error::Error;
use crate::load::{LoadError, Loaded, Series, load_issue};
use crate::model::Release;
use crate::render::{Format, RenderOptions};

/// One issue loaded and rendered.
#[derive(Debug)]
pub struct Composed {
    pub release: Release,
    /// The issue file's warnings (not the series file's: those are
    /// reported once for the folder).
    pub warnings: Vec<FileDiagnostics>,
    /// The documents, in the order of the formats asked for.
    pub documents: Vec<(Format, Vec<u8>)>,
}

/// Renders `release` in each of `formats`. Everything is rendered before
/// anything is written: a failure in one format leaves no partial set.
pub fn render(
    release: &Release,
    formats: &[Format],
    options: &RenderOptions,
) -> Result<Vec<(Format, Vec<u8>)>, Error> {
    formats
        .iter()
        .map(|&format| {
            let bytes = format.render(release, options).map_err(Error::Render)?;
            Ok((format, bytes))
        })
        .collect()
}

/// Loads the issue at `path` over `series` (already loaded) and renders it
/// in `formats`. An invalid issue is [`Error::Invalid`] with the issue
/// file's diagnostics only.
pub fn compose(
    path: &Path,
    series: &Series,
    today: NaiveDate,
    formats: &[Format],
    options: &RenderOptions,
) -> Result<Composed, Error> {
    let Loaded { release, warnings } = load_issue(path, series, today)?;
    let documents = render(&release, formats, options)?;
    Ok(Composed {
        release,
        warnings,
        documents,
    })
}

impl From<LoadError> for Error {
    fn from(error: LoadError) -> Error {
        match error {
            LoadError::Io { path, error } => Error::Input { path, error },
            LoadError::Invalid(files) => Error::Invalid(files),
        }
    }
}
