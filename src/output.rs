//! Writing documents: atomically to files, or to standard output.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::Error;

/// Writes documents to their paths, all or none: each goes first to a
/// temporary file in its folder; only when every one is written are they
/// renamed into place. Readers only ever see an old file or a whole new one,
/// and a failure (a full disk, a folder that cannot be created) or an
/// interrupt replaces nothing; the temporary files are removed.
///
/// The files are not `fsync`ed: SPEC §2 asks for atomicity against failures
/// and interrupts, which the rename gives, not for durability across a power
/// cut. A sync cost about 0.9 ms per document here (a third of the whole
/// `compose` of the n°2), and ext4, the usual Linux file system, already
/// flushes a file renamed over another (`auto_da_alloc`).
///
/// A file that already holds exactly the document is left in place and
/// only given a new modification time ([`keep`]): the same outcome as a
/// rewrite for anyone who reads it or compares dates, without the rename,
/// which on ext4 costs a synchronous block allocation for the new file
/// (`auto_da_alloc` again: 0.7 ms per document here, a tenth of a
/// `compose` of the n°2, for a weekly run that mostly recomposes unchanged
/// issues). Returns, for each document, whether it was kept so. (A failure
/// with a later document leaves such a file as it was, but for its date.)
///
/// A path that names something other than a file — `/dev/null`, a named
/// pipe, a terminal — is written to directly, after every file is staged
/// and before any is renamed: a rename would put a regular file in its
/// place (`-o /dev/null` once replaced the machine's `/dev/null`). A
/// symbolic link is followed, and the file it points to replaced.
pub fn write_all_atomically(documents: &[(PathBuf, Vec<u8>)]) -> Result<Vec<bool>, Error> {
    let mut staged = Vec::new();
    let mut special = Vec::new();
    let mut kept = Vec::with_capacity(documents.len());
    for (path, bytes) in documents {
        kept.push(match target(path)? {
            Target::Special => {
                special.push((path, bytes));
                false
            }
            Target::File { file, existing } if keep(&file, &existing, bytes) => true,
            Target::File { file, .. } => {
                staged.push((path.clone(), stage(&file, bytes)?, file));
                false
            }
        });
    }
    for (path, bytes) in special {
        std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut device| device.write_all(bytes))
            .map_err(|error| Error::Io {
                what: format!("cannot write `{}`", path.display()),
                error,
            })?;
    }
    for (path, temporary, file) in staged {
        temporary.persist(&file).map_err(|error| Error::Output {
            path: path.to_owned(),
            error: error.error,
        })?;
    }
    Ok(kept)
}

/// Whether the existing `file` already holds exactly `bytes` and could be
/// given the current time as its modification date: then it is kept, with
/// that date. Otherwise (other bytes, a date only its owner may set, a file
/// that other names share through hard links, which a backup made of links
/// must not see change) it is replaced as any other. A kept file keeps its
/// owner and permissions.
fn keep(file: &Path, existing: &Option<std::fs::Metadata>, bytes: &[u8]) -> bool {
    let Some(metadata) = existing else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if metadata.nlink() > 1 {
            return false;
        }
    }
    metadata.len() == bytes.len() as u64
        && std::fs::File::open(file).is_ok_and(|mut held| {
            same_bytes(&mut held, bytes) && held.set_modified(std::time::SystemTime::now()).is_ok()
        })
}

/// Whether `reader` holds exactly `bytes`, read a block at a time (no copy
/// of the whole file in memory).
fn same_bytes(reader: &mut impl io::Read, mut bytes: &[u8]) -> bool {
    let mut block = [0; 8192];
    loop {
        match reader.read(&mut block) {
            Ok(0) => return bytes.is_empty(),
            Ok(read) => match bytes.strip_prefix(&block[..read]) {
                Some(rest) => bytes = rest,
                None => return false,
            },
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// What a document's path names.
enum Target {
    /// A file to replace (the path itself, or what its link points to),
    /// with what is known of it; or a new one.
    File {
        file: PathBuf,
        existing: Option<std::fs::Metadata>,
    },
    /// Something that is not a file: written to, never replaced.
    Special,
}

fn target(path: &Path) -> Result<Target, Error> {
    match std::fs::metadata(path) {
        // A link to a file: the file is replaced and the link kept.
        Ok(metadata) if metadata.is_file() => Ok(Target::File {
            file: std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()),
            existing: Some(metadata),
        }),
        // A rename onto a folder would fail only after the other documents
        // were renamed into place: refuse it now, while nothing is replaced.
        Ok(metadata) if metadata.is_dir() => Err(Error::Output {
            path: path.to_owned(),
            error: io::Error::new(
                io::ErrorKind::IsADirectory,
                "a folder of that name is in the way",
            ),
        }),
        Ok(_) => Ok(Target::Special),
        // Nothing yet (or a dangling link): a new file.
        Err(_) => Ok(Target::File {
            file: path.to_owned(),
            existing: None,
        }),
    }
}

/// `bytes` in a temporary file beside `path`.
fn stage(path: &Path, bytes: &[u8]) -> Result<NamedTempFile, Error> {
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
    let mut temporary = builder.tempfile_in(folder).map_err(|error| Error::Output {
        path: path.to_owned(),
        error,
    })?;
    let io_error = |error| Error::Io {
        what: format!("cannot write `{}`", path.display()),
        error,
    };
    temporary.write_all(bytes).map_err(io_error)?;
    Ok(temporary)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_compares_block_by_block() {
        let long: Vec<u8> = (0..20_000_u32).map(|n| (n % 251) as u8).collect();
        assert!(same_bytes(&mut &long[..], &long));
        assert!(same_bytes(&mut &b""[..], b""));
        let mut other = long.clone();
        other[19_999] ^= 1;
        assert!(!same_bytes(&mut &other[..], &long));
        assert!(!same_bytes(&mut &long[..19_999], &long));
        assert!(!same_bytes(&mut &long[..], &long[..19_999]));
    }
}
