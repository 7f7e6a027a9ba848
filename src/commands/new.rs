//! `solidaire new`: the next issue's skeleton, `releases/nN.toml`.
//!
//! N is the highest number among the folder's issues plus one (1 in an
//! empty folder). The latest issue (the highest number) gives the values
//! of the keys the mirror marks `carried` (its own `title` and `place`, its
//! section titles), as the loader read them: valid or not, so that an
//! issue still being written gives what it has, and as written, before
//! typography. One with syntax errors or that cannot be read gives
//! nothing, and the skeleton has placeholders there too. A missing folder
//! is an error (exit 66): `new` does not guess where the series lives.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cli::NewArgs;
use crate::diagnostic::{Code, Diagnostic, FileDiagnostics, SourceFile};
use crate::error::Error;
use crate::input::{FileKind, shape};
use crate::load::LoadError;
use crate::load::folder::{Folder, load_folder, named_number};
use crate::output::write_stdout;
use crate::report::Reporter;
use crate::skeleton::{Plan, skeleton};

pub fn run(args: &NewArgs, today: NaiveDate, reporter: &Reporter) -> Result<(), Error> {
    let folder = load_folder(&args.dir, today)?;
    let latest = latest(&folder);
    let number = match latest {
        None => 1,
        Some((number, path)) => number
            .checked_add(1)
            .ok_or_else(|| no_next_number(&folder, path, number))?,
    };
    let mut plan = Plan {
        number,
        date: Some(args.date.unwrap_or(today)),
        in_series: shape(FileKind::Issue)
            .keys
            .iter()
            .map(|key| key.name.clone())
            .filter(|key| folder.series.gives(key))
            .collect(),
        ..Plan::default()
    };
    if let Some((_, path)) = latest {
        carry(&mut plan, &folder, path, reporter);
    }
    let path = args.dir.join(format!("n{number}.toml"));
    create_new(&path, skeleton(&plan).as_bytes())?;
    write_stdout(format!("{}\n", path.display()).as_bytes())
}

/// The highest issue number of the folder and the file that gives it: its
/// `number` where it can be read, else the number in its name (`n7.toml`).
/// The highest number taken: an error of the input (exit 65) at the
/// number of the file that holds it.
fn no_next_number(folder: &Folder, path: &Path, number: u32) -> Error {
    let message = format!("the highest issue number is {number}: there is no next one");
    let checked = folder
        .issues
        .iter()
        .find(|issue| issue.path == path)
        .and_then(|issue| issue.outcome.as_ref().ok());
    let (source, diagnostic) = match checked {
        Some(checked) => (
            checked.source.clone(),
            match &checked.number {
                Some(written) => {
                    Diagnostic::error(Code::InvalidNumber, message, written.span.clone())
                }
                None => Diagnostic::file_error(Code::InvalidNumber, message),
            },
        ),
        None => (
            SourceFile::new(path, String::new()),
            Diagnostic::file_error(Code::InvalidNumber, message),
        ),
    };
    Error::Invalid(vec![FileDiagnostics {
        source,
        diagnostics: vec![diagnostic],
    }])
}

fn latest(folder: &Folder) -> Option<(u32, &Path)> {
    folder
        .issues
        .iter()
        .filter_map(|issue| {
            let written = issue
                .outcome
                .as_ref()
                .ok()
                .and_then(|checked| checked.number.as_ref())
                .map(|number| number.value);
            let named = || u32::try_from(named_number(&issue.path)?).ok();
            Some((written.or_else(named)?, issue.path.as_path()))
        })
        .max_by_key(|(number, _)| *number)
}

/// Fills `plan` with what the latest issue gives: the texts the loader
/// read of it, which the skeleton takes for the keys the mirror marks
/// `carried`.
fn carry(plan: &mut Plan, folder: &Folder, path: &Path, reporter: &Reporter) {
    let Some(issue) = folder.issues.iter().find(|issue| issue.path == path) else {
        return;
    };
    let texts = match &issue.outcome {
        Ok(checked) if checked.texts.is_some() => checked.texts.iter().flatten(),
        Ok(_) => {
            reporter.note(&format!(
                "note: `{}` is not valid TOML: the section titles are placeholders",
                path.display()
            ));
            return;
        }
        Err(LoadError::Io { .. } | LoadError::Invalid(_)) => {
            reporter.note(&format!(
                "note: `{}` cannot be read: the section titles are placeholders",
                path.display()
            ));
            return;
        }
    };
    for text in texts {
        plan.carried
            .entry(text.key.clone())
            .or_insert_with(|| text.value.clone());
    }
}

/// Writes `bytes` to a new file at `path`, never replacing one: a
/// temporary file beside it, then a link that fails if the name is taken
/// (so a file created meanwhile is not replaced either).
fn create_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let output_error = |error| Error::Output {
        path: path.to_owned(),
        error,
    };
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(output_error(exists()));
    }
    let folder: PathBuf = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".solidaire-new-")
        .tempfile_in(&folder)
        .map_err(output_error)?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .map_err(output_error)?;
    file.persist_noclobber(path).map_err(|error| {
        if error.error.kind() == std::io::ErrorKind::AlreadyExists {
            output_error(exists())
        } else {
            output_error(error.error)
        }
    })?;
    Ok(())
}

fn exists() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "it already exists, and `new` never replaces a file",
    )
}
