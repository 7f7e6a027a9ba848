//! A whole folder replaced at once: the site `build` writes.
//!
//! The new site is written into a temporary folder beside the old one
//! (`.solidaire-site-XXXXXX.tmp`), every file and the folder flushed to
//! disk (`fsync`: a power cut after the swap cannot leave empty files),
//! then the two are swapped in one step (Linux `renameat2` with
//! `RENAME_EXCHANGE`; elsewhere, or on a file system without it, the old
//! one renamed aside and the new one renamed into place), the old one
//! deleted and the parent folder flushed. A reader sees the old site or the
//! new one, never a mix; a failure or an interrupt (SIGINT, SIGTERM,
//! SIGHUP, deferred as for documents: [`super::interrupt`]) before the swap
//! leaves the old site as it was and removes the temporary folder.
//!
//! The parent folder is locked for the run (`flock`, as
//! [`super::write_all_atomically`] locks its folders), so two builds never
//! swap at once; under the lock, the temporary folders a killed run left
//! are removed first.
//!
//! A folder is only ever replaced when a previous build wrote it (it holds
//! [`MARKER`]) or it is empty: replacing a folder deletes what was in it.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::folder::Folders;
use super::interrupt::Deferral;
use crate::error::{Error, shown};

/// The file every build writes at the top of the site, by which the next
/// one knows that the folder is a site it may replace.
pub const MARKER: &str = ".solidaire-site";
const MARKER_TEXT: &str =
    "This folder is written by `solidaire build`, and replaced whole by the next build.\n";
/// Our temporary folders: `.solidaire-site-` + six letters or digits + `.tmp`.
const PREFIX: &str = ".solidaire-site-";
const SUFFIX: &str = ".tmp";

/// The new site being written, until [`Staging::commit`] swaps it in.
pub struct Staging {
    /// The site's folder (its real path when it exists through a link).
    target: PathBuf,
    /// The folder that holds it, locked.
    parent: PathBuf,
    /// Where the new site is written; removed if the run fails (dropped
    /// first: before the lock is released).
    temporary: tempfile::TempDir,
    _folders: Folders,
    deferral: Deferral,
    /// Every file written, to flush at the end.
    written: Mutex<Vec<PathBuf>>,
}

impl Staging {
    /// Prepares to replace `out_dir`: refuses a folder that holds any of
    /// `inputs` (exit 73: replacing it would delete them), a file in the
    /// way, or a folder that is neither empty nor a previous build's; locks
    /// the parent folder (created if missing), removes a killed run's
    /// temporary folders, and creates the temporary folder, the marker in
    /// it. From here until the swap, stopping signals are deferred.
    pub fn begin(
        out_dir: &Path,
        inputs: &[&Path],
        notify: &dyn Fn(&str),
    ) -> Result<Staging, Error> {
        // A link to a folder: the folder is replaced, the link kept.
        let target = fs::canonicalize(out_dir).unwrap_or_else(|_| out_dir.to_owned());
        let name_error = || {
            Error::Usage(format!(
                "`{}` cannot be the site's folder: give a folder's name",
                shown(out_dir)
            ))
        };
        let parent = match target.parent() {
            Some(parent) if parent.as_os_str().is_empty() => PathBuf::from("."),
            Some(parent) => parent.to_owned(),
            None => return Err(name_error()),
        };
        if target.file_name().is_none() {
            return Err(name_error());
        }
        refuse_inputs_inside(out_dir, &target, &parent, inputs)?;
        let folders = Folders::lock(&[&parent], notify)?;
        remove_stale(&parent);
        replaceable(out_dir, &target)?;

        let deferral = Deferral::begin();
        let created = |error| Error::Folder {
            path: out_dir.to_owned(),
            error,
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(PREFIX).suffix(SUFFIX);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // A folder for others to read, as `mkdir` makes it (less the
            // umask), or as the old site was.
            let mode = fs::metadata(&target)
                .map(|old| old.permissions().mode() & 0o7777)
                .unwrap_or(0o777);
            builder.permissions(fs::Permissions::from_mode(mode));
        }
        let temporary = builder.tempdir_in(&parent).map_err(created)?;
        let staging = Staging {
            target,
            parent,
            temporary,
            _folders: folders,
            deferral,
            written: Mutex::default(),
        };
        staging.write(MARKER, MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// Writes `bytes` as the file `name` of the new site, and starts
    /// writing it to disk ([`Staging::commit`] waits for it). Safe to call
    /// from several threads at once. A stopping signal
    /// received since [`Staging::begin`] ends the run here, with nothing
    /// changed.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        self.check_interrupt(false)?;
        let path = self.temporary.path().join(name);
        let shown_path = self.target.join(name);
        File::options()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|error| Error::Output {
                path: shown_path.clone(),
                error,
            })
            .and_then(|mut file| {
                file.write_all(bytes)
                    .map(|()| start_writeback(&file))
                    .map_err(|error| Error::Io {
                        what: format!("cannot write `{}`", shown(&shown_path)),
                        error,
                    })
            })?;
        if let Ok(mut written) = self.written.lock() {
            written.push(path);
        }
        Ok(())
    }

    /// Puts the new site in place of the old one, in one step, and deletes
    /// the old one. A stopping signal received until then ends the run
    /// after it: with the old site intact when it came before the swap, the
    /// new one in place after.
    pub fn commit(self) -> Result<(), Error> {
        self.check_interrupt(false)?;
        let io_error = |what: String| move |error| Error::Io { what, error };
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        sync_files(&written).map_err(|(path, error)| Error::Io {
            what: format!(
                "cannot flush `{}`",
                shown(&self.target.join(path.file_name().unwrap_or_default()))
            ),
            error,
        })?;
        sync_folder(self.temporary.path())
            .map_err(io_error(format!("cannot flush `{}`", shown(&self.target))))?;
        let exists = fs::symlink_metadata(&self.target).is_ok();
        if exists {
            swap(self.temporary.path(), &self.target).map_err(|error| Error::Output {
                path: self.target.clone(),
                error,
            })?;
        } else {
            fs::rename(self.temporary.path(), &self.target).map_err(|error| Error::Output {
                path: self.target.clone(),
                error,
            })?;
        }
        // The temporary folder's name now holds the old site (or nothing).
        let Staging {
            parent,
            temporary,
            deferral,
            _folders,
            ..
        } = self;
        let old = temporary.keep();
        if exists {
            let _ = fs::remove_dir_all(&old);
        }
        let _ = sync_folder(&parent);
        match deferral.received() {
            Some(signal) => Err(Error::Interrupted {
                signal,
                written: true,
            }),
            None => Ok(()),
        }
    }

    fn check_interrupt(&self, written: bool) -> Result<(), Error> {
        match self.deferral.received() {
            Some(signal) => Err(Error::Interrupted { signal, written }),
            None => Ok(()),
        }
    }
}

/// Refuses a site's folder that is, or holds, one of `inputs` (through a
/// link too: each is compared by its real path).
fn refuse_inputs_inside(
    out_dir: &Path,
    target: &Path,
    parent: &Path,
    inputs: &[&Path],
) -> Result<(), Error> {
    // The folder may not exist yet: its real place is its parent's.
    let real = match fs::canonicalize(target) {
        Ok(real) => real,
        Err(_) => match (fs::canonicalize(parent), target.file_name()) {
            (Ok(parent), Some(name)) => parent.join(name),
            _ => return Ok(()),
        },
    };
    for input in inputs {
        if let Ok(input_real) = fs::canonicalize(input)
            && input_real.starts_with(&real)
        {
            return Err(Error::OutputHoldsInput {
                output: out_dir.to_owned(),
                input: input.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Whether `target` may be replaced: missing, an empty folder, or a
/// previous build's (it holds [`MARKER`]).
fn replaceable(out_dir: &Path, target: &Path) -> Result<(), Error> {
    let refused = |reason: &str| Error::Output {
        path: out_dir.to_owned(),
        error: io::Error::other(reason.to_owned()),
    };
    match fs::symlink_metadata(target) {
        Err(_) => Ok(()),
        Ok(found) if !found.is_dir() => Err(Error::Output {
            path: out_dir.to_owned(),
            error: io::Error::from(io::ErrorKind::NotADirectory),
        }),
        Ok(_) if target.join(MARKER).is_file() => Ok(()),
        Ok(_) => match fs::read_dir(target).map(|mut entries| entries.next().is_none()) {
            Ok(true) => Ok(()),
            Ok(false) => Err(refused(
                "the folder holds files that `solidaire build` did not write \
                 (it has no `.solidaire-site`), and building replaces the whole folder: \
                 choose another --out-dir, or empty it",
            )),
            Err(error) => Err(Error::Output {
                path: out_dir.to_owned(),
                error,
            }),
        },
    }
}

/// Removes the temporary folders of `parent` that a killed run left
/// (named as ours are). Called with `parent` locked: no build is writing.
fn remove_stale(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let ours = name.to_str().is_some_and(|name| {
            name.strip_prefix(PREFIX)
                .and_then(|rest| rest.strip_suffix(SUFFIX))
                .is_some_and(|random| {
                    random.len() == 6 && random.bytes().all(|b| b.is_ascii_alphanumeric())
                })
        });
        if ours && entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Asks the system to start writing `file` to disk now, without waiting:
/// by the time [`sync_files`] waits for it, most of it is written, while
/// the other issues were being composed. (Measured on 100 issues: an
/// `fsync` after each file made the build take 365 ± 114 ms, waiting on
/// the disk between compositions; this, then the `fsync`s at the end, 286
/// ± 16 ms, against 275 ± 12 ms without any flush.)
fn start_writeback(file: &File) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: a valid descriptor; the call only starts writeback of
        // its pages and may fail harmlessly (the fsync later still waits).
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
}

/// Flushes every file of `paths` to disk (`fsync`), from several threads:
/// the file system commits concurrent flushes together.
fn sync_files(paths: &[PathBuf]) -> Result<(), (PathBuf, io::Error)> {
    const THREADS: usize = 8;
    let chunk = paths.len().div_ceil(THREADS).max(1);
    std::thread::scope(|scope| {
        let flushers: Vec<_> = paths
            .chunks(chunk)
            .map(|chunk| {
                scope.spawn(move || {
                    for path in chunk {
                        File::open(path)
                            .and_then(|file| file.sync_all())
                            .map_err(|error| (path.clone(), error))?;
                    }
                    Ok(())
                })
            })
            .collect();
        flushers
            .into_iter()
            .try_for_each(|flusher| flusher.join().unwrap_or(Ok(())))
    })
}

/// Flushes a folder's entries to disk.
fn sync_folder(folder: &Path) -> io::Result<()> {
    File::open(folder)?.sync_all()
}

/// Swaps the folders `new` and `old` (both exist): after it, `old`'s name
/// holds the new site and `new`'s name the old one. One atomic step where
/// the system has one; else two renames, the old site put back if the
/// second fails.
fn swap(new: &Path, old: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        match exchange(new, old) {
            Ok(()) => return Ok(()),
            // No RENAME_EXCHANGE here (an older kernel, a file system
            // without it): two renames instead.
            Err(error)
                if matches!(
                    error.raw_os_error(),
                    Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP)
                ) => {}
            Err(error) => return Err(error),
        }
    }
    swap_by_renames(new, old)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let path = |path: &Path| {
        CString::new(path.as_os_str().as_bytes())
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
    };
    let (a, b) = (path(a)?, path(b)?);
    // SAFETY: both are NUL-terminated paths that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// [`swap`] in three renames: the old site to a name of its own, the new
/// one into place, then the old one to `new`'s name, to be deleted there.
/// Between the first two, the site's name holds nothing for an instant.
fn swap_by_renames(new: &Path, old: &Path) -> io::Result<()> {
    let parent = new.parent().unwrap_or(Path::new("."));
    let aside = tempfile::Builder::new()
        .prefix(PREFIX)
        .suffix(SUFFIX)
        .tempdir_in(parent)?
        .keep();
    // A folder renamed onto an empty one replaces it.
    fs::rename(old, &aside)?;
    if let Err(error) = fs::rename(new, old) {
        let _ = fs::rename(&aside, old);
        let _ = fs::remove_dir(&aside);
        return Err(error);
    }
    fs::rename(&aside, new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
        let site = dir.join("site");
        let staging = Staging::begin(&site, &[], &|_| {}).unwrap();
        for (name, text) in files {
            staging.write(name, text.as_bytes()).unwrap();
        }
        staging.commit().unwrap();
        site
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_site_replaces_the_previous_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let site = site(dir.path(), &[("a.html", "un"), ("b.html", "deux")]);
        assert_eq!(names(&site), [MARKER, "a.html", "b.html"]);
        site_again(dir.path());
        assert_eq!(names(&site), [MARKER, "c.html"]);
        assert_eq!(fs::read_to_string(site.join("c.html")).unwrap(), "trois");
        assert_eq!(names(dir.path()), ["site"], "no temporary folder left");
    }

    fn site_again(dir: &Path) {
        site(dir, &[("c.html", "trois")]);
    }

    #[test]
    fn a_run_that_fails_leaves_the_old_site_and_no_temporary_folder() {
        let dir = tempfile::tempdir().unwrap();
        let site = site(dir.path(), &[("a.html", "un")]);
        {
            let staging = Staging::begin(&site, &[], &|_| {}).unwrap();
            staging.write("b.html", b"deux").unwrap();
            // Dropped without commit: a failure.
        }
        assert_eq!(names(&site), [MARKER, "a.html"]);
        assert_eq!(names(dir.path()), ["site"]);
    }

    #[test]
    fn the_two_renames_swap_as_the_exchange_does() {
        let dir = tempfile::tempdir().unwrap();
        let (new, old) = (dir.path().join("new"), dir.path().join("old"));
        fs::create_dir(&new).unwrap();
        fs::write(new.join("n"), "new").unwrap();
        fs::create_dir(&old).unwrap();
        fs::write(old.join("o"), "old").unwrap();
        swap_by_renames(&new, &old).unwrap();
        assert_eq!(names(&old), ["n"]);
        assert_eq!(names(&new), ["o"]);
        assert_eq!(names(dir.path()), ["new", "old"]);
    }

    #[test]
    fn a_folder_of_other_files_is_never_replaced_but_an_empty_one_is() {
        let dir = tempfile::tempdir().unwrap();
        let mine = dir.path().join("site");
        fs::create_dir(&mine).unwrap();
        fs::write(mine.join("thesis.odt"), "years of work").unwrap();
        assert!(matches!(
            Staging::begin(&mine, &[], &|_| {}),
            Err(Error::Output { .. })
        ));
        assert_eq!(names(&mine), ["thesis.odt"]);
        fs::remove_file(mine.join("thesis.odt")).unwrap();
        site(dir.path(), &[("a.html", "un")]);
        assert_eq!(names(&mine), [MARKER, "a.html"]);
    }

    #[test]
    fn a_killed_run_s_temporary_folder_is_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".solidaire-site-a1B2c3.tmp");
        fs::create_dir(&stale).unwrap();
        fs::write(stale.join("n2.html"), "half").unwrap();
        let other = dir.path().join(".solidaire-site-notes");
        fs::create_dir(&other).unwrap();
        site(dir.path(), &[("a.html", "un")]);
        assert_eq!(names(dir.path()), [".solidaire-site-notes", "site"]);
    }
}
