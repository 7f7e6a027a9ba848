//! Writing documents: atomically to files, or to standard output.

mod folder;
pub mod interrupt;
pub mod site;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use tempfile::NamedTempFile;

use crate::error::Error;
use folder::{Folders, TEMPORARY_PREFIX, TEMPORARY_SUFFIX};
use interrupt::Deferral;

/// Writes documents to their paths, all or none: each goes first to a
/// temporary file in its folder; only when every one is written are they
/// renamed into place. Readers only ever see an old file or a whole new one,
/// and a failure (a full disk, a folder that cannot be created) or an
/// interrupt replaces nothing, dates included; the temporary files are
/// removed, and so are the folders the run created.
///
/// The folders are locked for the run (`folder::Folders`): a second run writing
/// into one waits, so two runs never mix their sets. SIGINT, SIGTERM and
/// SIGHUP are deferred from the first temporary file to the last rename
/// (`interrupt::Deferral`): the run then stops with every document old, or every one
/// new, and no temporary file left. A run killed outright (SIGKILL) may
/// leave temporary files, which the next run into that folder removes.
///
/// The files are not `fsync`ed: the README
/// (`README.md#security-and-guarantees`) promises atomicity against
/// failures and interrupts, which the rename gives, not durability across a
/// power cut. A sync cost about 0.9 ms per document here (a third of the
/// whole `compose` of the n°2), and ext4, the usual Linux file system, already
/// flushes a file renamed over another (`auto_da_alloc`).
///
/// A file that already holds exactly the document is left in place and
/// only given a new modification time (`holds`): the same outcome as a
/// rewrite for anyone who reads it or compares dates, without the rename,
/// which on ext4 costs a synchronous block allocation for the new file
/// (`auto_da_alloc` again: 0.7 ms per document here, a tenth of a
/// `compose` of the n°2, for a weekly run that mostly recomposes unchanged
/// issues). Returns, for each document, whether it was kept so.
///
/// A path that names something other than a file — `/dev/null`, a named
/// pipe, a terminal — is written to directly, before any file is staged:
/// a rename would put a regular file in its place (`-o /dev/null` once
/// replaced the machine's `/dev/null`). A symbolic link is followed, and the
/// file it points to replaced.
///
/// `notify` is told when the run waits for another.
pub fn write_all_atomically(
    documents: &[(PathBuf, Vec<u8>)],
    notify: &dyn Fn(&str),
) -> Result<Vec<bool>, Error> {
    let targets = documents
        .iter()
        .map(|(path, _)| target(path))
        .collect::<Result<Vec<_>, Error>>()?;
    let folders: Vec<&Path> = targets
        .iter()
        .filter_map(|target| match target {
            Target::File { file, .. } => Some(folder_of(file)),
            Target::Special => None,
        })
        .collect();
    let mut locked = Folders::lock(&folders, notify)?;

    for ((path, bytes), target) in documents.iter().zip(&targets) {
        if let Target::Special = target {
            std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut device| device.write_all(bytes))
                .map_err(|error| Error::Io {
                    what: format!("cannot write `{}`", crate::error::shown(path)),
                    error,
                })?;
        }
    }

    let deferral = Deferral::begin();
    let interrupted = |deferral: &Deferral, written: bool| match deferral.received() {
        Some(signal) => Err(Error::Interrupted { signal, written }),
        None => Ok(()),
    };
    let mut staged = Vec::new();
    let mut kept: Vec<Option<&Path>> = Vec::with_capacity(documents.len());
    for ((path, bytes), target) in documents.iter().zip(&targets) {
        interrupted(&deferral, false)?;
        kept.push(match target {
            Target::File { file, existing } if holds(file, existing, bytes) => Some(file),
            Target::File { file, .. } => {
                staged.push((path, stage(file, path, bytes)?, file));
                None
            }
            Target::Special => None,
        });
    }
    interrupted(&deferral, false)?;

    // From here on the set is put in place whatever arrives.
    for (path, temporary, file) in staged {
        temporary.persist(file).map_err(|error| Error::Output {
            path: path.to_owned(),
            error: error.error,
        })?;
    }
    locked.commit();
    let now = std::time::SystemTime::now();
    let kept = kept
        .into_iter()
        .map(|file| {
            file.is_some_and(|file| {
                std::fs::File::open(file).is_ok_and(|held| held.set_modified(now).is_ok())
            })
        })
        .collect();
    interrupted(&deferral, true)?;
    Ok(kept)
}

/// The folder a file goes into (`.` for a bare name).
fn folder_of(file: &Path) -> &Path {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Refuses to write any of `outputs` that is one of `inputs`: the same file
/// through another path, `..`, a symbolic link or a hard link, or, for an
/// input that does not exist (a series file yet to be written), the same
/// name in the same folder. Checked before anything is written.
pub fn refuse_inputs(outputs: &[&Path], inputs: &[&Path]) -> Result<(), Error> {
    for output in outputs {
        if let Some(input) = inputs.iter().find(|input| same_file(output, input)) {
            return Err(Error::WouldReplaceInput {
                output: output.to_path_buf(),
                input: input.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Refuses to write to standard output when it is one of `inputs`
/// (`-o - >> releases/n2.toml` would append the document to the issue).
pub fn refuse_stdout_input(inputs: &[&Path]) -> Result<(), Error> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let Ok(stdout) = io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .and_then(|fd| std::fs::File::from(fd).metadata())
        else {
            return Ok(());
        };
        if let Some(input) = inputs
            .iter()
            .find(|input| std::fs::metadata(input).is_ok_and(|input| same_inode(&input, &stdout)))
        {
            return Err(Error::WouldReplaceInput {
                output: PathBuf::from("-"),
                input: input.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Whether two files found are one: the same device and inode.
#[cfg(unix)]
fn same_inode(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(found_a), Ok(found_b)) => same_inode(&found_a, &found_b),
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok(),
        // Where one does not exist yet: the same name in the same folder.
        _ => {
            let place = |path: &Path| {
                let folder = std::fs::canonicalize(folder_of(path)).ok()?;
                Some(folder.join(path.file_name()?))
            };
            place(a).is_some_and(|a| Some(a) == place(b))
        }
    }
}

/// Whether the existing `file` already holds exactly `bytes` and could be
/// given a new modification date: then it is kept, and only given that date
/// once every other document is in place. Otherwise (other bytes, a date
/// only its owner may set, a file that other names share through hard
/// links, which a backup made of links must not see change) it is replaced
/// as any other. A kept file keeps its owner and permissions.
fn holds(file: &Path, existing: &Option<std::fs::Metadata>, bytes: &[u8]) -> bool {
    let Some(metadata) = existing else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if metadata.nlink() > 1 {
            return false;
        }
        // Only the owner (or root) may set a file's date.
        // SAFETY: geteuid has no preconditions and cannot fail.
        let user = unsafe { libc::geteuid() };
        if metadata.uid() != user && user != 0 {
            return false;
        }
    }
    metadata.len() == bytes.len() as u64
        && std::fs::File::open(file).is_ok_and(|mut held| same_bytes(&mut held, bytes))
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

/// `bytes` in a temporary file beside `file`, the file `path` names.
fn stage(file: &Path, path: &Path, bytes: &[u8]) -> Result<NamedTempFile, Error> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY_PREFIX).suffix(TEMPORARY_SUFFIX);
    // A document is for others to read: the usual 0666 less the umask,
    // not tempfile's private 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temporary = builder
        .tempfile_in(folder_of(file))
        .map_err(|error| Error::Output {
            path: path.to_owned(),
            error,
        })?;
    let io_error = |error| Error::Io {
        what: format!("cannot write `{}`", crate::error::shown(path)),
        error,
    };
    temporary.write_all(bytes).map_err(io_error)?;
    Ok(temporary)
}

/// Writes a document to standard output. A closed pipe (`| head`) is not
/// an error: the reader has what it wanted. A closed standard output
/// (`>&-`), or one open for reading only (`1</dev/null`), is one: the
/// document goes through a duplicate of the descriptor, as Rust's own
/// handle would swallow « bad file descriptor » without a word.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let io_error = |error| Error::Io {
        what: "cannot write to standard output".to_owned(),
        error,
    };
    if STDOUT_CLOSED_AT_START.load(Ordering::Relaxed) {
        return Err(io_error(io::Error::from_raw_os_error(libc::EBADF)));
    }
    #[cfg(unix)]
    let mut stdout = {
        use std::os::fd::AsFd;
        std::fs::File::from(
            io::stdout()
                .as_fd()
                .try_clone_to_owned()
                .map_err(io_error)?,
        )
    };
    #[cfg(not(unix))]
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => Err(io_error(error)),
        _ => Ok(()),
    }
}

/// Set before `main` when the process started with standard output closed
/// (see `main.rs`): Rust's runtime then opens `/dev/null` in its place, and
/// writes would vanish without an error.
pub static STDOUT_CLOSED_AT_START: AtomicBool = AtomicBool::new(false);

/// Whether `path` names standard output itself (`/dev/stdout`,
/// `/dev/fd/1`, `/proc/self/fd/1`): written as `-o -` is.
pub fn is_stdout_path(path: &Path) -> bool {
    ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
        .iter()
        .any(|name| path == Path::new(name))
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
