//! The one road from issue files to documents, shared by every command:
//! [`crate::load`] gives the releases (`load_release` for one file and
//! the series beside it, `load::folder::load_folder` for a folder), each
//! is rendered here in the formats asked for, and [`crate::output`] writes
//! the bytes (`write_all_atomically` for `compose`, `output::site` for the
//! site `build` swaps in whole).
//!
//! Nothing here writes to a terminal: diagnostics come back as values for
//! the command's [`crate::report::Reporter`].

use crate::error::Error;
use crate::model::Release;
use crate::render::{Format, RenderOptions};

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
