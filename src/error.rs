//! The errors a command ends with, and the exit code of each
//! (sysexits-style, as the README's table fixes them:
//! `README.md#exit-codes`).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::FileDiagnostics;
use crate::load::LoadError;
use crate::render::RenderError;

#[derive(Debug)]
pub enum Error {
    /// A command line that clap accepted but that makes no sense (exit 2).
    Usage(String),
    /// Invalid input data, with every diagnostic (exit 65).
    Invalid(Vec<FileDiagnostics>),
    /// An input file missing or unreadable (exit 66).
    Input { path: PathBuf, error: io::Error },
    /// A valid release that cannot be rendered (exit 65 when the input is
    /// to blame, 70 for our own bugs).
    Render(RenderError),
    /// An output that cannot be created (exit 73).
    Output { path: PathBuf, error: io::Error },
    /// A folder for the outputs that cannot be created (exit 73).
    Folder { path: PathBuf, error: io::Error },
    /// Any other I/O failure (exit 74).
    Io { what: String, error: io::Error },
    /// An output that would replace an input file (exit 73).
    WouldReplaceInput { output: PathBuf, input: PathBuf },
    /// A folder to replace whole that holds an input file (exit 73).
    OutputHoldsInput { output: PathBuf, input: PathBuf },
    /// SIGINT, SIGTERM or SIGHUP arrived while documents were written,
    /// before they were put in place or once they all were (the process
    /// then dies of the signal, exit 128 + its number).
    Interrupted { signal: i32, written: bool },
    /// Problems the command has reported itself, as it found them
    /// (`check`); the exit code they make (65 or 66).
    Reported(u8),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Invalid(_) => 65,
            Error::Render(RenderError::MissingGlyph { .. }) => 65,
            Error::Render(_) => 70,
            Error::Input { .. } => 66,
            Error::Output { .. }
            | Error::Folder { .. }
            | Error::WouldReplaceInput { .. }
            | Error::OutputHoldsInput { .. } => 73,
            Error::Io { .. } => 74,
            Error::Interrupted { signal, .. } => 128u8.saturating_add(*signal as u8),
            Error::Reported(code) => *code,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) => f.write_str(message),
            Error::Invalid(files) => {
                for file in files {
                    write!(f, "{file}")?;
                }
                Ok(())
            }
            // A folder to read that is a file (`build releases/n2.toml`).
            Error::Input { path, error }
                if error.kind() == io::ErrorKind::NotADirectory
                    && std::fs::metadata(path).is_ok_and(|found| found.is_file()) =>
            {
                write!(
                    f,
                    "cannot read `{}`: it is a file, not a folder",
                    shown(path)
                )
            }
            Error::Input { path, error } => {
                write!(
                    f,
                    "cannot read `{}`: {}",
                    shown(path),
                    io_reason_at(path, error)
                )
            }
            Error::Render(error) => write!(f, "{error}"),
            Error::Output { path, error } => {
                write!(
                    f,
                    "cannot write `{}`: {}",
                    shown(path),
                    io_reason_at(path, error)
                )
            }
            Error::Folder { path, error } => write!(
                f,
                "cannot create the folder `{}`: {}",
                shown(path),
                io_reason_at(path, error)
            ),
            Error::Io { what, error } => write!(f, "{what}: {}", io_reason(error)),
            Error::WouldReplaceInput { output, input } if output.as_os_str() == "-" => write!(
                f,
                "refusing to write to standard output: it is the input file `{}`",
                shown(input)
            ),
            Error::WouldReplaceInput { output, input } => write!(
                f,
                "refusing to write `{}`: it is the input file `{}`",
                shown(output),
                shown(input)
            ),
            Error::OutputHoldsInput { output, input } => write!(
                f,
                "refusing to build into `{}`: the site replaces that folder whole, \
                 and it holds the input `{}`",
                shown(output),
                shown(input)
            ),
            Error::Reported(_) => f.write_str("problems found, reported above"),
            Error::Interrupted { signal, written } => {
                let signal = crate::output::interrupt::signal_name(*signal);
                if *written {
                    write!(
                        f,
                        "interrupted by {signal}, once every document was written"
                    )
                } else {
                    write!(f, "interrupted by {signal}: no document was changed")
                }
            }
        }
    }
}

/// A path as the user gave it, cut to about 60 characters.
pub(crate) fn shown(path: &Path) -> String {
    crate::diagnostic::shorten(&path.display().to_string()).into_owned()
}

/// The reason `error` gives about `path`, naming the component that is a
/// file where a folder is needed (`afile/n2.toml`: « `afile` is a file »),
/// or saying that `path` itself is one.
fn io_reason_at(path: &Path, error: &io::Error) -> String {
    if error.kind() == io::ErrorKind::NotADirectory
        && let Some(file) = path
            .ancestors()
            .filter(|ancestor| !ancestor.as_os_str().is_empty())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .find(|ancestor| std::fs::metadata(ancestor).is_ok_and(|m| !m.is_dir()))
    {
        return if file == path {
            "a file of that name is in the way".to_owned()
        } else {
            format!("`{}` is a file, not a folder", shown(file))
        };
    }
    io_reason(error)
}

/// The OS message without Rust's « (os error 2) » suffix, lowercased like
/// the rest of our messages.
fn io_reason(error: &io::Error) -> String {
    let text = error.to_string();
    let text = match text.find(" (os error") {
        Some(index) => &text[..index],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl std::error::Error for Error {}

impl From<LoadError> for Error {
    fn from(error: LoadError) -> Error {
        match error {
            LoadError::Io { path, error } => Error::Input { path, error },
            LoadError::Invalid(files) => Error::Invalid(files),
        }
    }
}
