//! Writing documents: atomically to files, or to standard output.

use std::io::{self, Write};
use std::path::Path;

use crate::error::Error;

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so that readers only ever see the old file or the whole new
/// one; an interrupted run leaves no truncated document behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let output_error = |error| Error::Output {
        path: path.to_owned(),
        error,
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(folder).map_err(|error| {
        let error = if folder.exists() && !folder.is_dir() {
            io::Error::new(
                io::ErrorKind::NotADirectory,
                "a file of that name is in the way",
            )
        } else {
            error
        };
        Error::Folder {
            path: folder.to_owned(),
            error,
        }
    })?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".solidaire-").suffix(".tmp");
    // A document is for others to read: the usual 0666 less the umask,
    // not tempfile's private 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temporary = builder.tempfile_in(folder).map_err(output_error)?;
    let io_error = |error| Error::Io {
        what: format!("cannot write `{}`", path.display()),
        error,
    };
    temporary.write_all(bytes).map_err(io_error)?;
    temporary.as_file().sync_all().map_err(io_error)?;
    temporary
        .persist(path)
        .map_err(|error| output_error(error.error))?;
    Ok(())
}

/// Writes a document to standard output. A closed pipe (`| head`) is not
/// an error: the reader has what it wanted.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => Err(Error::Io {
            what: "cannot write to standard output".to_owned(),
            error,
        }),
        _ => Ok(()),
    }
}
