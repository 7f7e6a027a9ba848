//! A folder of issues: its `series.toml` loaded once, every issue file
//! merged over it, and the checks that only the series as a whole can make
//! (two issues with one number, a gap, dates going backwards, a file named
//! after another number).

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use super::fields::Located;
use super::{Checked, LoadError, SERIES_FILE, Series, check_issue, read};
use crate::diagnostic::{Code, Diagnostic, FileDiagnostics, display_path};

/// A folder's issues, checked.
#[derive(Debug)]
pub struct Folder {
    pub path: PathBuf,
    pub series: Series,
    /// Every issue file, in the order of their names (`n2` before `n10`).
    pub issues: Vec<IssueFile>,
}

/// One issue file of a folder and what became of it.
#[derive(Debug)]
pub struct IssueFile {
    pub path: PathBuf,
    /// The file checked, or why it could not be read at all (missing,
    /// unreadable, too large, not UTF-8: as [`LoadError`] says).
    pub outcome: Result<Checked, LoadError>,
}

/// Every issue file of `folder`: each `*.toml` in it (`*.TOML` too) but
/// `series.toml` and hidden files, not looking into sub-folders, in the
/// order of their names.
pub fn issue_files(folder: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let io_error = |error| LoadError::Io {
        path: folder.to_owned(),
        error,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(io_error)? {
        let entry = entry.map_err(io_error)?;
        let path = entry.path();
        let is_toml = path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("toml"));
        let name = entry.file_name();
        if !is_toml || name == SERIES_FILE || name.to_string_lossy().starts_with('.') {
            continue;
        }
        // A folder named `x.toml` is not an issue; a link to a file is.
        if std::fs::metadata(&path).is_ok_and(|found| found.is_dir()) {
            continue;
        }
        files.push(path);
    }
    files.sort_by(|a, b| natural_order(&a.to_string_lossy(), &b.to_string_lossy()));
    Ok(files)
}

/// Loads the `series.toml` of `folder` once, then every issue file over
/// it, on all cores.
pub fn load_folder(folder: &Path, today: NaiveDate) -> Result<Folder, LoadError> {
    let files = issue_files(folder)?;
    let series = Series::load(folder)?;
    Ok(load_files(folder, files, series, today))
}

/// Like [`load_folder`], over a series already loaded (and reported).
pub fn load_folder_with(
    folder: &Path,
    series: Series,
    today: NaiveDate,
) -> Result<Folder, LoadError> {
    let files = issue_files(folder)?;
    Ok(load_files(folder, files, series, today))
}

fn load_files(folder: &Path, files: Vec<PathBuf>, series: Series, today: NaiveDate) -> Folder {
    let issues = files
        .into_par_iter()
        .map(|path| {
            let outcome = read(&path).map(|source| check_issue(source, &series, today));
            IssueFile { path, outcome }
        })
        .collect();
    Folder {
        path: folder.to_owned(),
        series,
        issues,
    }
}

impl Folder {
    /// Every diagnostic of the folder, a file at a time: the series file's,
    /// then [`Folder::issue_diagnostics`].
    pub fn diagnostics(&self) -> Vec<FileDiagnostics> {
        let mut files: Vec<FileDiagnostics> = self.series.diagnostics.iter().cloned().collect();
        files.extend(self.issue_diagnostics());
        files
    }

    /// Each issue's own diagnostics, with the checks across files added to
    /// the file they point into, in the order of the file.
    pub fn issue_diagnostics(&self) -> Vec<FileDiagnostics> {
        let mut across: Vec<Vec<Diagnostic>> = vec![Vec::new(); self.issues.len()];
        for (index, diagnostic) in self.series_checks() {
            across[index].push(diagnostic);
        }
        // A folder is an archive: its past issues are far from today by
        // nature, and only the newest one, the issue being written, is
        // told that its date is.
        let newest = self
            .issues
            .iter()
            .enumerate()
            .filter_map(|(index, issue)| {
                let number = issue.outcome.as_ref().ok()?.number.as_ref()?.value;
                Some((number, index))
            })
            .max()
            .map(|(_, index)| index);
        let mut files = Vec::new();
        for (index, issue) in self.issues.iter().enumerate() {
            let mut own = match &issue.outcome {
                Ok(checked) => match &checked.result {
                    Ok(loaded) => loaded.warnings.clone(),
                    Err(invalid) => invalid.clone(),
                },
                Err(LoadError::Invalid(invalid)) => invalid.clone(),
                Err(LoadError::Io { .. }) => Vec::new(),
            };
            if Some(index) != newest {
                for file in &mut own {
                    file.diagnostics
                        .retain(|diagnostic| diagnostic.code != Code::DistantDate);
                }
                own.retain(|file| !file.diagnostics.is_empty());
            }
            let extra = std::mem::take(&mut across[index]);
            if !extra.is_empty()
                && let Ok(checked) = &issue.outcome
            {
                match own.first_mut() {
                    Some(file) => file.diagnostics.extend(extra),
                    None => own.push(FileDiagnostics {
                        source: checked.source.clone(),
                        diagnostics: extra,
                    }),
                }
                if let Some(file) = own.first_mut() {
                    file.diagnostics
                        .sort_by_key(|d| d.span.as_ref().map(|span| (span.start, span.end)));
                }
            }
            files.extend(own);
        }
        files
    }

    /// The checks across the folder's issues, each with the index of the
    /// issue it points into: two issues with one number (an error), a gap
    /// in the numbers, a date before the one of a lower number, a file
    /// named `nN.toml` holding another number (warnings).
    fn series_checks(&self) -> Vec<(usize, Diagnostic)> {
        let mut found = Vec::new();
        // The documents are named after the file (`n2.toml` → n2.*): two
        // names that differ only by case would write the same pages, or
        // pages that a case-insensitive disk or web host takes for one.
        let mut stems: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (index, issue) in self.issues.iter().enumerate() {
            let Some(stem) = issue.path.file_stem() else {
                continue;
            };
            let key = stem.to_string_lossy().to_lowercase();
            if let Some(&first) = stems.get(&key) {
                let first = &self.issues[first].path;
                let case = if first.file_stem() == Some(stem) {
                    ""
                } else {
                    " (but for case)"
                };
                found.push((
                    index,
                    Diagnostic::file_error(
                        Code::DuplicateName,
                        format!(
                            "`{}` makes documents of the same name{case}, {}.*: rename one of the two",
                            display_path(first),
                            stem.to_string_lossy()
                        ),
                    ),
                ));
            } else {
                stems.insert(key, index);
            }
        }
        // Each issue whose number could be read, by number then name.
        let mut numbered: Vec<(usize, &Checked, &Located<u32>)> = self
            .issues
            .iter()
            .enumerate()
            .filter_map(|(index, issue)| {
                let checked = issue.outcome.as_ref().ok()?;
                Some((index, checked, checked.number.as_ref()?))
            })
            .collect();
        numbered.sort_by_key(|(index, _, number)| (number.value, *index));

        for &(index, checked, number) in &numbered {
            if let Some(expected) = named_number(&checked.source.path)
                && expected != u64::from(number.value)
            {
                found.push((
                    index,
                    Diagnostic::warning(
                        Code::NameMismatch,
                        format!(
                            "the file is named after n°{expected} but holds the issue n°{}",
                            number.value
                        ),
                        number.span.clone(),
                    )
                    .with_label(format!("n°{}", number.value))
                    .with_help(format!(
                        "rename the file `n{}.toml`, or correct the number",
                        number.value
                    )),
                ));
            }
        }

        for pair in numbered.windows(2) {
            let [(_, first, first_number), (index, second, second_number)] = pair else {
                continue;
            };
            let (first_number, second_number) = (first_number.value, second_number.value);
            let first_path = display_path(&first.source.path);
            if first_number == second_number {
                let (line, column) = first
                    .number
                    .as_ref()
                    .map(|number| first.source.line_column(number.span.start))
                    .unwrap_or((1, 1));
                found.push((
                    *index,
                    Diagnostic::error(
                        Code::DuplicateNumber,
                        format!(
                            "two issues are numbered {second_number}: this one and \
                             `{first_path}:{line}:{column}`"
                        ),
                        second.number.as_ref().map_or(0..0, |n| n.span.clone()),
                    )
                    .with_label("the same number as another issue")
                    .with_help("give each issue its own number"),
                ));
                continue;
            }
            if second_number > first_number + 1 {
                let missing = if second_number == first_number + 2 {
                    format!("n°{}", first_number + 1)
                } else {
                    format!("n°{} to n°{}", first_number + 1, second_number - 1)
                };
                found.push((
                    *index,
                    Diagnostic::warning(
                        Code::NumberGap,
                        format!("no issue {missing} between n°{first_number} (`{first_path}`) and this one"),
                        second.number.as_ref().map_or(0..0, |n| n.span.clone()),
                    )
                    .with_label(format!("n°{second_number}"))
                    .with_help("is an issue file missing from the folder?"),
                ));
            }
            if let (Some(first_date), Some(second_date)) = (&first.date, &second.date)
                && second_date.value < first_date.value
            {
                found.push((
                    *index,
                    Diagnostic::warning(
                        Code::DateOrder,
                        format!(
                            "n°{second_number} is dated {}, before n°{first_number} ({}, `{first_path}`)",
                            second_date.value, first_date.value
                        ),
                        second_date.span.clone(),
                    )
                    .with_label("earlier than the issue before it")
                    .with_help("issues are numbered in the order of their dates: check the date and the number"),
                ));
            }
        }
        found
    }

    /// Whether the folder may be published: every file read and valid,
    /// the series file too, and no two issues with one number.
    pub fn has_errors(&self) -> bool {
        self.series.has_errors()
            || self.issues.iter().any(|issue| match &issue.outcome {
                Ok(checked) => checked.result.is_err(),
                Err(_) => true,
            })
            || self
                .series_checks()
                .iter()
                .any(|(_, diagnostic)| diagnostic.is_error())
    }
}

/// Names compared with their runs of digits as numbers: `n2` < `n10`
/// (and `n02` < `n2`, as written, when the numbers are equal).
pub fn natural_order(a: &str, b: &str) -> Ordering {
    by_numbers(a, b).then_with(|| a.cmp(b))
}

fn by_numbers(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.chars().next(), b.chars().next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let digits = |text: &str| {
                    text.find(|c: char| !c.is_ascii_digit())
                        .unwrap_or(text.len())
                };
                let (da, db) = (digits(a), digits(b));
                let (na, nb) = (
                    a[..da].trim_start_matches('0'),
                    b[..db].trim_start_matches('0'),
                );
                let order = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if order != Ordering::Equal {
                    return order;
                }
                (a, b) = (&a[da..], &b[db..]);
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(&y);
                }
                (a, b) = (&a[x.len_utf8()..], &b[y.len_utf8()..]);
            }
        }
    }
}

/// The number in an issue file's name: `n12.toml` → 12; `None` for a
/// name that is not `n` then ASCII digits (`n+3.toml`, `n.toml`,
/// `notes.toml`). Numbers past `u32::MAX` are given, for the warning that
/// the file holds another number.
pub fn named_number(path: &Path) -> Option<u64> {
    path.file_stem()?
        .to_str()?
        .strip_prefix('n')
        .filter(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(number: u32, date: &str) -> String {
        format!(
            "number = {number}\ndate = {date}\nplace = \"Arras\"\ntitle = \"Le titre\"\n\
             preamble = \"Le chapeau.\"\n\n[[sections]]\ntitle = \"Une section\"\n\
             intro = \"Une introduction.\"\n\n[closing]\ntext = \"Merci.\"\n"
        )
    }

    fn folder(files: &[(&str, String)]) -> (tempfile::TempDir, Folder) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let today = NaiveDate::from_ymd_opt(2020, 4, 20).unwrap();
        let folder = load_folder(dir.path(), today).unwrap();
        (dir, folder)
    }

    /// Each diagnostic of the folder as `file: code: message`.
    fn said(folder: &Folder) -> Vec<String> {
        folder
            .diagnostics()
            .iter()
            .flat_map(|file| {
                let name = file
                    .source
                    .path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                file.diagnostics
                    .iter()
                    .map(move |d| format!("{name}: {}: {}", d.code, d.message))
            })
            .collect()
    }

    #[test]
    fn a_clean_series_says_nothing() {
        let (_dir, folder) = folder(&[
            ("n1.toml", issue(1, "2020-04-01")),
            ("n2.toml", issue(2, "2020-04-08")),
            ("n10.toml", issue(3, "2020-04-15")),
        ]);
        let names: Vec<String> = folder
            .issues
            .iter()
            .map(|issue| {
                issue
                    .path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["n1.toml", "n2.toml", "n10.toml"]);
        assert_eq!(
            said(&folder),
            ["n10.toml: name-mismatch: the file is named after n°10 but holds the issue n°3"]
        );
        assert!(!folder.has_errors());
    }

    #[test]
    fn a_number_twice_is_an_error_naming_both_files() {
        let (dir, folder) = folder(&[
            ("n1.toml", issue(1, "2020-04-01")),
            ("n2.toml", issue(2, "2020-04-08")),
            ("n2-bis.toml", issue(2, "2020-04-09")),
        ]);
        let first = dir.path().join("n2-bis.toml");
        assert_eq!(
            said(&folder),
            [format!(
                "n2.toml: duplicate-number: two issues are numbered 2: this one and `{}:1:10`",
                first.display()
            )]
        );
        assert!(folder.has_errors());
    }

    #[test]
    fn gaps_and_dates_backwards_are_warnings() {
        let (_dir, folder) = folder(&[
            ("n1.toml", issue(1, "2020-04-08")),
            ("n2.toml", issue(2, "2020-04-01")),
            ("n5.toml", issue(5, "2020-04-22")),
        ]);
        let said = said(&folder);
        assert_eq!(said.len(), 2, "{said:#?}");
        assert!(
            said[0].starts_with(
                "n2.toml: date-order: n°2 is dated 2020-04-01, before n°1 (2020-04-08, `"
            ),
            "{}",
            said[0]
        );
        assert!(
            said[1].starts_with("n5.toml: number-gap: no issue n°3 to n°4 between n°2 (`"),
            "{}",
            said[1]
        );
        assert!(!folder.has_errors());
    }

    #[test]
    fn only_the_newest_issue_is_told_its_date_is_far_from_today() {
        // load_folder's today is 2020-04-20.
        let (_dir, folder) = folder(&[
            ("n1.toml", issue(1, "2018-04-01")),
            ("n2.toml", issue(2, "2018-04-08")),
            ("n3.toml", issue(3, "2018-04-15")),
        ]);
        let said = said(&folder);
        assert_eq!(said.len(), 1, "{said:#?}");
        assert!(
            said[0].starts_with("n3.toml: distant-date: the date 2018-04-15"),
            "{said:#?}"
        );
    }

    #[test]
    fn an_invalid_issue_does_not_make_a_gap() {
        let (_dir, folder) = folder(&[
            ("n1.toml", issue(1, "2020-04-01")),
            ("n2.toml", issue(2, "2020-04-08").replace("Merci.", "")),
            ("n3.toml", issue(3, "2020-04-15")),
        ]);
        let said = said(&folder);
        assert_eq!(said, ["n2.toml: empty-value: empty `closing.text`"]);
        assert!(folder.has_errors());
    }

    #[test]
    fn names_sort_with_their_numbers_as_numbers() {
        let mut names = vec![
            "n10.toml",
            "n2.toml",
            "n1.toml",
            "a.toml",
            "n02.toml",
            "n100.toml",
        ];
        names.sort_by(|a, b| natural_order(a, b));
        assert_eq!(
            names,
            [
                "a.toml",
                "n1.toml",
                "n02.toml",
                "n2.toml",
                "n10.toml",
                "n100.toml"
            ]
        );
    }
}
