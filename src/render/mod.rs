//! The three renderers. Each reads a finished [`Release`] (validated, with
//! typography applied) and returns the document's bytes; none does I/O.

pub mod html;
pub mod markdown;
pub mod pdf;

use std::fmt;

use crate::model::Release;

/// An output format of `compose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Markdown,
    Html,
    Pdf,
}

impl Format {
    /// Every format, in the order they are written.
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Html, Format::Pdf];

    /// The file extension, which is also the name used by `--format`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    /// The format named by a file extension or a `--format` value.
    pub fn from_extension(extension: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|format| format.extension().eq_ignore_ascii_case(extension))
    }

    /// Renders `release` in this format.
    pub fn render(self, release: &Release) -> Result<Vec<u8>, RenderError> {
        match self {
            Format::Markdown => markdown::render(release),
            Format::Html => html::render(release),
            Format::Pdf => pdf::render(release),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// Why a document could not be rendered from a valid release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// A template failed (a bug, since templates only place values).
    Template(String),
    /// The embedded font has no glyph for a character of the text.
    MissingGlyph { character: char, font: &'static str },
    /// The PDF library refused the document.
    Pdf(String),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Template(message) => write!(f, "template error: {message}"),
            RenderError::MissingGlyph { character, font } => write!(
                f,
                "the font `{font}` has no glyph for `{character}` (U+{:04X})",
                *character as u32
            ),
            RenderError::Pdf(message) => write!(f, "cannot write the PDF: {message}"),
        }
    }
}

impl std::error::Error for RenderError {}
