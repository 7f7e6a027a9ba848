//! `solidaire check PATH…`: every error and warning of issue files and
//! folders, and of the series they make; writes nothing.
//!
//! A folder is checked whole: each issue file in it (as
//! [`load::folder::issue_files`] lists them) over its `series.toml`, and the
//! checks across the series (two issues with one number, a gap, dates
//! going backwards, a file named after another number). A file is checked
//! alone, over the `series.toml` of its folder: the checks across a series
//! need all of it, so files given one by one are not compared with each
//! other. A `series.toml` given is checked as the series file. Each
//! `series.toml` is read once, and its problems reported once, however
//! many of its issues are given.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cli::CheckArgs;
use crate::diagnostic::{Code, FileDiagnostics, Severity};
use crate::error::Error;
use crate::load::{self, LoadError, Series, is_series_file};
use crate::report::Reporter;

/// What the run found, for the summary and the exit code.
#[derive(Debug, Default)]
struct Tally {
    files: usize,
    errors: usize,
    warnings: usize,
    unreadable: usize,
}

/// The run: every path in the order given, each problem reported as it is
/// found; the outcome in the exit code (0, 65, or 66 once every other file
/// is checked).
struct Run<'a> {
    reporter: &'a Reporter,
    today: NaiveDate,
    tally: Tally,
    /// Each folder whose `series.toml` was read, with the series: loaded
    /// and reported once.
    series: Vec<(PathBuf, Series)>,
    /// Every series file and issue file already checked, so that a file
    /// given twice, or given with its folder, is reported once.
    seen: HashSet<PathBuf>,
}

pub fn run(args: &CheckArgs, today: NaiveDate, reporter: &Reporter) -> Result<(), Error> {
    let mut run = Run {
        reporter,
        today,
        tally: Tally::default(),
        series: Vec::new(),
        seen: HashSet::new(),
    };
    for path in &args.paths {
        match std::fs::metadata(path) {
            Ok(found) if found.is_dir() => run.folder(path),
            Ok(_) if is_series_file(path) => run.series_file(path),
            Ok(_) => run.issue(path),
            Err(error) => run.unreadable(path, &error),
        }
    }
    let deny = args.deny_warnings();
    reporter.note(&summary(&run.tally, deny));
    let Tally {
        errors,
        warnings,
        unreadable,
        ..
    } = run.tally;
    if unreadable > 0 {
        Err(Error::Reported(66))
    } else if errors > 0 || (deny && warnings > 0) {
        Err(Error::Reported(65))
    } else {
        Ok(())
    }
}

impl Run<'_> {
    /// Every issue file of `folder`, its series file, and the checks
    /// across them.
    fn folder(&mut self, folder: &Path) {
        // The series file is read, and its problems said, once: here or
        // for a file of the folder given before.
        let Some(series) = self.series_of(folder) else {
            return;
        };
        let series = self.series[series].1.clone();
        let loaded = match load::folder::load_folder_with(folder, series, self.today) {
            Ok(loaded) => loaded,
            Err(error) => return self.load_error(folder, error),
        };
        // Issues given before as files: their own problems are said, only
        // the checks across the folder are new.
        let given_before: HashSet<PathBuf> = loaded
            .issues
            .iter()
            .map(|issue| identity(&issue.path))
            .filter(|path| self.seen.contains(path))
            .collect();
        for mut file in loaded.issue_diagnostics() {
            if given_before.contains(&identity(&file.source.path)) {
                file.diagnostics
                    .retain(|diagnostic| is_across(diagnostic.code));
            }
            self.report(&file);
        }
        for issue in &loaded.issues {
            if !self.seen.insert(identity(&issue.path)) {
                continue;
            }
            self.tally.files += 1;
            if let Err(LoadError::Io { path, error }) = &issue.outcome {
                self.unreadable(path, error);
            }
        }
    }

    /// A `series.toml` given by name: checked as the series file.
    fn series_file(&mut self, path: &Path) {
        let folder = path.parent().unwrap_or(Path::new(""));
        self.series_of(folder);
    }

    /// One issue file, over the series of its folder.
    fn issue(&mut self, path: &Path) {
        if !self.seen.insert(identity(path)) {
            return;
        }
        let folder = path.parent().unwrap_or(Path::new(""));
        let Some(series) = self.series_of(folder) else {
            return;
        };
        let outcome = load::load_issue(path, &self.series[series].1, self.today);
        self.tally.files += 1;
        let files = match outcome {
            Ok(loaded) => loaded.warnings,
            Err(LoadError::Invalid(files)) => files,
            Err(LoadError::Io { path, error }) => return self.unreadable(&path, &error),
        };
        for file in &files {
            self.report(file);
        }
    }

    /// The series of `folder`, read and reported the first time it is
    /// asked for, as its index in `self.series`; `None` when its file
    /// cannot be read (reported).
    fn series_of(&mut self, folder: &Path) -> Option<usize> {
        let key = identity(&folder.join(load::SERIES_FILE));
        if let Some(index) = self.series.iter().position(|(seen, _)| *seen == key) {
            return Some(index);
        }
        let first_time = self.seen.insert(key.clone());
        let series = match Series::load(folder) {
            Ok(series) => series,
            Err(error) => {
                if first_time {
                    self.load_error(folder, error);
                }
                return None;
            }
        };
        if first_time && folder.join(load::SERIES_FILE).is_file() {
            self.tally.files += 1;
            if let Some(diagnostics) = &series.diagnostics {
                self.report(diagnostics);
            }
        }
        self.series.push((key, series));
        Some(self.series.len() - 1)
    }

    fn report(&mut self, file: &FileDiagnostics) {
        for diagnostic in &file.diagnostics {
            match diagnostic.severity {
                Severity::Error => self.tally.errors += 1,
                Severity::Warning => self.tally.warnings += 1,
            }
        }
        self.reporter.file(file);
    }

    fn load_error(&mut self, folder: &Path, error: LoadError) {
        match error {
            LoadError::Io { path, error } => self.unreadable(&path, &error),
            LoadError::Invalid(files) => {
                // Not returned for a folder or a series, but said if it is.
                for file in &files {
                    self.report(file);
                }
                if files.is_empty() {
                    self.unreadable(
                        folder,
                        &io::Error::new(io::ErrorKind::InvalidData, "unreadable"),
                    );
                }
            }
        }
    }

    fn unreadable(&mut self, path: &Path, error: &io::Error) {
        self.tally.unreadable += 1;
        self.reporter.unreadable(path, error);
    }
}

/// Whether `code` is one of the checks across a folder's issues.
fn is_across(code: Code) -> bool {
    matches!(
        code,
        Code::DuplicateNumber | Code::NumberGap | Code::DateOrder | Code::NameMismatch
    )
}

/// A path as the file system knows it, to tell two spellings of one file
/// apart (`releases/n2.toml` and `./releases/n2.toml`).
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

/// `checked 3 files: 2 errors, 1 warning`, and what failed the run.
fn summary(tally: &Tally, deny: bool) -> String {
    let count = |n: usize, what: &str| match n {
        0 => format!("no {what}s"),
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    };
    let files = match tally.files {
        1 => "1 file".to_owned(),
        n => format!("{n} files"),
    };
    let mut line = format!(
        "checked {files}: {}, {}",
        count(tally.errors, "error"),
        count(tally.warnings, "warning")
    );
    if deny && tally.warnings > 0 {
        line.push_str(" (denied by -D warnings)");
    }
    match tally.unreadable {
        0 => {}
        1 => line.push_str("; 1 path could not be read"),
        n => line.push_str(&format!("; {n} paths could not be read")),
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_in_words() {
        let tally = |files, errors, warnings, unreadable| Tally {
            files,
            errors,
            warnings,
            unreadable,
        };
        assert_eq!(
            summary(&tally(3, 2, 1, 0), false),
            "checked 3 files: 2 errors, 1 warning"
        );
        assert_eq!(
            summary(&tally(1, 0, 0, 0), false),
            "checked 1 file: no errors, no warnings"
        );
        assert_eq!(
            summary(&tally(2, 0, 2, 1), true),
            "checked 2 files: no errors, 2 warnings (denied by -D warnings); 1 path could not be read"
        );
    }
}
