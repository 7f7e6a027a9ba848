//! Reading an input file: size limit, UTF-8, kept whole for error excerpts.

use std::io::{self, Read};
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, FileDiagnostics, SourceFile};

/// Issue files are a few kilobytes; anything above this is a mistake.
pub const MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    /// Missing, unreadable, a directory… (exit code 66)
    Io(io::Error),
    /// Read, but not acceptable as an issue file (exit code 65).
    Invalid(Box<FileDiagnostics>),
}

/// Reads `path` as UTF-8 text of at most [`MAX_FILE_SIZE`] bytes.
pub fn read_source(path: &Path) -> Result<SourceFile, ReadError> {
    // Opened without waiting: a named pipe given as an input (or one that
    // has a `*.toml` name in a folder) would otherwise block until some
    // other process writes into it. It is then refused below.
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(|error| {
        let dangling = error.kind() == io::ErrorKind::NotFound
            && std::fs::symlink_metadata(path).is_ok_and(|link| link.file_type().is_symlink());
        ReadError::Io(if dangling {
            io::Error::new(
                io::ErrorKind::NotFound,
                "it is a symbolic link to a file that does not exist",
            )
        } else {
            error
        })
    })?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if metadata.is_dir() {
        return Err(ReadError::Io(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        )));
    }
    // A named pipe, a socket, a terminal or a device is no issue file.
    if !metadata.is_file() {
        return Err(ReadError::Io(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file",
        )));
    }
    let mut bytes = Vec::new();
    // `take` guards against files that grow while we read, and special
    // files whose metadata says nothing of their length.
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    source_from_bytes(path, bytes)
}

/// The bytes of an input file read from `path`, as [`read_source`] takes
/// them: at most [`MAX_FILE_SIZE`] bytes of UTF-8, or one diagnostic that
/// says why not (the fuzz target starts here).
pub fn source_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<SourceFile, ReadError> {
    if bytes.len() as u64 > MAX_FILE_SIZE {
        let source = SourceFile::new(path, String::new());
        return Err(invalid(
            source,
            Diagnostic::file_error(
                Code::FileTooLarge,
                format!(
                    "the file is larger than {} MiB",
                    MAX_FILE_SIZE / 1024 / 1024
                ),
            ),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let bad = error.as_bytes()[offset];
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            // In the lossy text, everything before `offset` is unchanged, so
            // the offset still points at the replacement character.
            let source = SourceFile::new(path, text);
            Err(invalid(
                source,
                Diagnostic::error(
                    Code::NotUtf8,
                    format!("the file is not valid UTF-8 (byte 0x{bad:02X})"),
                    offset..offset + '\u{FFFD}'.len_utf8(),
                )
                .with_help("save the file as UTF-8"),
            ))
        }
    }
}

fn invalid(source: SourceFile, diagnostic: Diagnostic) -> ReadError {
    ReadError::Invalid(Box::new(FileDiagnostics {
        source,
        diagnostics: vec![diagnostic],
    }))
}
