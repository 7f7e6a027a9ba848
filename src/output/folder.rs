//! The folders documents are written into: created when missing (and
//! removed again when the run fails), locked for the run, and cleared of
//! the temporary files a killed run left behind.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The prefix and suffix of our temporary files: `.solidaire-XXXXXX.tmp`.
pub(crate) const TEMPORARY_PREFIX: &str = ".solidaire-";
pub(crate) const TEMPORARY_SUFFIX: &str = ".tmp";
/// tempfile's random part: six letters or digits.
const TEMPORARY_RANDOM: usize = 6;

/// The folders of one run, locked until dropped.
pub(crate) struct Folders {
    /// Each folder's open handle, which holds its lock.
    locks: Vec<File>,
    /// The folders this run created, deepest first: removed if the run
    /// fails, so that a failed run leaves the disk as it found it.
    created: Vec<PathBuf>,
    committed: bool,
}

impl Folders {
    /// Creates and locks `folders`, in a fixed order (two runs never wait
    /// on each other), waiting for a run that holds one; then removes the
    /// temporary files a killed run left in them.
    ///
    /// The lock is `flock` on the folder itself: nothing is created for it,
    /// and the system releases it when the process ends, however it ends.
    /// A folder another run holds is waited for, after `notify` is told
    /// (« waiting for another run writing into … »).
    pub(crate) fn lock(folders: &[&Path], notify: &dyn Fn(&str)) -> Result<Folders, Error> {
        let mut held = Folders {
            locks: Vec::with_capacity(folders.len()),
            created: Vec::new(),
            committed: false,
        };
        // One folder may be named several ways (`out` and `/tmp/x/out`, a
        // link to it): each is locked once, by its real path, or a run
        // would wait for its own lock.
        let mut real: Vec<(PathBuf, &Path)> = Vec::with_capacity(folders.len());
        for &folder in folders {
            create(folder, &mut held.created)?;
            let canonical = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_owned());
            real.push((canonical, folder));
        }
        real.sort();
        real.dedup_by(|a, b| a.0 == b.0);
        for (_, folder) in real {
            let handle = File::open(folder).map_err(|error| Error::Io {
                what: format!(
                    "cannot open the folder `{}` to lock it",
                    crate::error::shown(folder)
                ),
                error,
            })?;
            if handle.try_lock().is_err() {
                notify(&format!(
                    "waiting for another run writing into `{}`…",
                    crate::error::shown(folder)
                ));
                handle.lock().map_err(|error| Error::Io {
                    what: format!("cannot lock the folder `{}`", crate::error::shown(folder)),
                    error,
                })?;
            }
            held.locks.push(handle);
            remove_stale_temporaries(folder);
        }
        Ok(held)
    }

    /// The documents are in place: the folders stay.
    pub(crate) fn commit(&mut self) {
        self.committed = true;
    }
}

impl Drop for Folders {
    fn drop(&mut self) {
        if !self.committed {
            for folder in &self.created {
                // Only if empty: never anything but our own folder.
                let _ = std::fs::remove_dir(folder);
            }
        }
    }
}

/// Creates `folder` and its missing parents, recording each one created.
fn create(folder: &Path, created: &mut Vec<PathBuf>) -> Result<(), Error> {
    let mut missing = Vec::new();
    let mut ancestor = Some(folder);
    while let Some(path) = ancestor.filter(|path| !path.as_os_str().is_empty()) {
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => break,
            // The message names the file (`crate::error`'s one rule).
            Ok(_) => {
                return Err(Error::Folder {
                    path: folder.to_owned(),
                    error: io::Error::from(io::ErrorKind::NotADirectory),
                });
            }
            Err(_) => missing.push(path.to_owned()),
        }
        ancestor = path.parent();
    }
    for path in missing.into_iter().rev() {
        match std::fs::create_dir(&path) {
            Ok(()) => created.insert(0, path),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && path.is_dir() => {}
            Err(error) => {
                return Err(Error::Folder {
                    path: folder.to_owned(),
                    error,
                });
            }
        }
    }
    Ok(())
}

/// Removes the files of `folder` named as our temporary files are. Called
/// with the folder locked: no run is writing into it, so every one is
/// left over from a run that was killed (SIGKILL, a power cut).
fn remove_stale_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_ours = name.to_str().is_some_and(is_temporary_name);
        if is_ours && entry.file_type().is_ok_and(|kind| kind.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `.solidaire-` + six letters or digits + `.tmp`, as tempfile names ours.
pub(crate) fn is_temporary_name(name: &str) -> bool {
    name.strip_prefix(TEMPORARY_PREFIX)
        .and_then(|rest| rest.strip_suffix(TEMPORARY_SUFFIX))
        .is_some_and(|random| {
            random.len() == TEMPORARY_RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_temporary_names_are_recognised() {
        assert!(is_temporary_name(".solidaire-a1B2c3.tmp"));
        for name in [
            ".solidaire-a1B2c.tmp",
            ".solidaire-a1B2c3d.tmp",
            ".solidaire-a1B2c-.tmp",
            "solidaire-a1B2c3.tmp",
            ".solidaire-a1B2c3.tmp.md",
            "n2.md",
        ] {
            assert!(!is_temporary_name(name), "{name}");
        }
    }

    #[test]
    fn created_folders_are_removed_when_the_run_fails() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c");
        std::fs::create_dir(dir.path().join("a")).unwrap();
        {
            let _folders = Folders::lock(&[&deep], &|_| {}).unwrap();
            assert!(deep.is_dir());
        }
        assert!(!dir.path().join("a/b").exists());
        assert!(
            dir.path().join("a").is_dir(),
            "a folder that was there stays"
        );
        {
            let mut folders = Folders::lock(&[&deep], &|_| {}).unwrap();
            folders.commit();
        }
        assert!(deep.is_dir());
    }

    #[test]
    fn a_killed_run_s_temporary_files_are_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".solidaire-x7Yz01.tmp");
        let other = dir.path().join(".solidaire-notes.txt");
        std::fs::write(&stale, "half").unwrap();
        std::fs::write(&other, "mine").unwrap();
        drop(Folders::lock(&[dir.path()], &|_| {}).unwrap());
        assert!(!stale.exists());
        assert!(other.exists());
    }
}
