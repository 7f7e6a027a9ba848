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
use crate::render::{Format, RenderOptions, eml};

/// Renders `release` in each of `formats`. Everything is rendered before
/// anything is written: a failure in one format leaves no partial set.
/// The message attaches the very PDF rendered beside it, rendered once.
pub fn render(
    release: &Release,
    formats: &[Format],
    options: &RenderOptions,
) -> Result<Vec<(Format, Vec<u8>)>, Error> {
    let mut rendered: Vec<(Format, Vec<u8>)> = Vec::with_capacity(formats.len());
    for &format in formats {
        let bytes = match format {
            Format::Eml => {
                let written = rendered
                    .iter()
                    .find(|(format, _)| *format == Format::Pdf)
                    .map(|(_, pdf)| pdf);
                let pdf = match written {
                    Some(pdf) => std::borrow::Cow::Borrowed(pdf.as_slice()),
                    None => Format::Pdf
                        .render(release, options)
                        .map_err(Error::Render)?
                        .into(),
                };
                eml::render(release, &pdf, options)
            }
            _ => format.render(release, options),
        }
        .map_err(Error::Render)?;
        rendered.push((format, bytes));
    }
    Ok(rendered)
}
