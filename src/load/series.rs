//! `series.toml`: what every issue of a folder shares, read and validated
//! once for the folder.

use std::io;
use std::path::Path;

use super::fields::{Checker, Located};
use super::{
    LoadError, SERIES_FILE, Shared, check_document, lint_typography, read, read_mail, read_shared,
    sort,
};
use crate::diagnostic::{FileDiagnostics, SourceFile};
use crate::input::FileKind;
use crate::model::Mail;
use crate::typography;

/// A folder's `series.toml`, read and validated once, whatever number of
/// issues are then merged over it.
#[derive(Debug, Default, Clone)]
pub struct Series {
    /// What its keys give, valid ones only.
    pub(super) shared: Shared,
    /// Whether the French typography rules apply (`typography = false`
    /// turns them off).
    pub(super) typography: bool,
    /// The e-mail format's headers (`[mail]`), valid addresses only.
    mail: Option<Mail>,
    /// The keys it gives a text for, as messages name them (`title`,
    /// `contact.name`).
    given: Vec<String>,
    /// The file's errors and warnings, when it has any: reported once for
    /// the folder, not with each issue.
    pub diagnostics: Option<FileDiagnostics>,
}

impl Series {
    /// No `series.toml`: every issue gives all its keys.
    pub fn none() -> Series {
        Series {
            typography: true,
            ..Series::default()
        }
    }

    /// Reads the `series.toml` of `folder`, or [`Series::none`] when there
    /// is none. A file that is there but cannot be read (a folder, a link
    /// to nothing, a named pipe, no permission) is an error, never silently
    /// left out.
    pub fn load(folder: &Path) -> Result<Series, LoadError> {
        let path = folder.join(SERIES_FILE);
        // A named pipe would wait for a writer.
        if std::fs::metadata(&path).is_ok_and(|found| !found.is_file() && !found.is_dir()) {
            return Err(LoadError::Io {
                path,
                error: io::Error::new(io::ErrorKind::InvalidInput, "it is not a regular file"),
            });
        }
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(Series::none());
        }
        Ok(Series::validate(read(&path)?))
    }

    /// Validates a series file's text.
    pub fn validate(source: SourceFile) -> Series {
        let mut checker = Checker::default();
        // What a series file with syntax errors still gives is kept: its
        // other keys are not reported missing from the issues.
        let ((shared, typography, mail), _) = check_document(
            &source,
            &mut checker,
            FileKind::Series,
            |checker, fields| {
                let typography = checker
                    .boolean(fields, "typography")
                    .is_none_or(|flag| flag.value);
                let mail = read_mail(checker, fields);
                (read_shared(checker, fields), typography, mail)
            },
        );
        if typography {
            lint_typography(&mut checker, &source);
        }
        sort(&mut checker.diagnostics);
        Series {
            shared,
            typography,
            mail,
            given: checker.texts.iter().map(|text| text.key.clone()).collect(),
            diagnostics: (!checker.diagnostics.is_empty()).then_some(FileDiagnostics {
                source,
                diagnostics: checker.diagnostics,
            }),
        }
    }

    /// Whether the file has errors: no issue merged over it is valid.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .as_ref()
            .is_some_and(FileDiagnostics::has_errors)
    }

    /// Whether the file gives a text for `key` (`title`, `contact.name`).
    pub fn gives(&self, key: &str) -> bool {
        self.given.iter().any(|given| given == key)
    }

    /// The e-mail format's headers (`[mail]`), when it gives them.
    pub fn mail(&self) -> Option<&Mail> {
        self.mail.as_ref()
    }

    /// The series' title as every issue that does not override it prints
    /// it (French typography applied, unless the series turns it off).
    pub fn typeset_title(&self) -> Option<String> {
        self.typeset(self.shared.title.as_ref())
    }

    /// Who issues the series' communiqués, as [`Series::typeset_title`].
    pub fn typeset_issuer(&self) -> Option<String> {
        self.typeset(self.shared.issuer.as_ref())
    }

    fn typeset(&self, text: Option<&Located<String>>) -> Option<String> {
        let text = &text?.value;
        Some(if self.typography {
            typography::french_text(text)
        } else {
            text.clone()
        })
    }

    /// The base address of the published series (`site`), when it gives
    /// one.
    pub fn site(&self) -> Option<&str> {
        self.shared
            .site
            .as_ref()
            .map(|site| site.value.href.as_str())
    }
}
