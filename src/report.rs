//! Where diagnostics and messages go: standard error, as a person reads
//! them (`human`, rustc style), one line each for editors' problem matchers
//! (`short`), or one JSON object a line for scripts (`json`).
//!
//! Every command reports through one [`Reporter`], so the three forms say
//! the same thing, and nothing else writes to standard error while a
//! progress bar is drawn: the bar ([`Reporter::progress`]) is the
//! reporter's own, and every message clears it, is written, and lets it be
//! drawn again (`ProgressBar::suspend`).

use std::io::IsTerminal;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, FileDiagnostics, Severity, clamp_span, display_path};
use crate::error::Error;

/// How diagnostics are written (`--message-format`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    /// rustc style: the message, `file:line:column`, the line with a caret.
    #[default]
    Human,
    /// One line each: `file:line:column: error[code]: message`.
    Short,
    /// One JSON object a line: file, line, column, end_line, end_column,
    /// severity, code, message, label, help.
    Json,
}

/// Writes diagnostics and messages to standard error in one form.
#[derive(Debug, Clone, Default)]
pub struct Reporter {
    pub format: MessageFormat,
    /// Colours for `human` (a terminal, `NO_COLOR` unset).
    pub color: bool,
    /// The progress bar being drawn, if any.
    bar: Arc<Mutex<Option<ProgressBar>>>,
}

/// A run's progress, drawn on standard error while it lasts; cleared when
/// finished or dropped.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    slot: Arc<Mutex<Option<ProgressBar>>>,
}

impl Progress {
    /// One more step done.
    pub fn step(&self) {
        self.bar.inc(1);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
        if let Ok(mut slot) = self.slot.lock() {
            *slot = None;
        }
    }
}

/// One diagnostic as `--message-format json` writes it. Lines and columns
/// count from 1, columns in characters; the end is exclusive. A problem of
/// the whole file has no position (`null`).
#[derive(Debug, Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    label: Option<&'a str>,
    help: Option<&'a str>,
}

impl Reporter {
    pub fn new(format: MessageFormat, color: bool) -> Reporter {
        Reporter {
            format,
            color,
            bar: Arc::default(),
        }
    }

    /// A progress bar of `length` steps (`what` names them: « issues »),
    /// drawn only when standard error is a terminal and messages are for a
    /// person (`human`); otherwise nothing is drawn at all.
    pub fn progress(&self, length: usize, what: &str) -> Progress {
        let drawn = self.format == MessageFormat::Human && std::io::stderr().is_terminal();
        let bar = if drawn {
            let bar =
                ProgressBar::with_draw_target(Some(length as u64), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template(&format!("{{bar:30}} {{pos}}/{{len}} {what}"))
            {
                bar.set_style(style);
            }
            bar
        } else {
            ProgressBar::hidden()
        };
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar.clone());
        }
        Progress {
            bar,
            slot: Arc::clone(&self.bar),
        }
    }

    /// Writes a message to standard error, clearing the progress bar for
    /// it if one is drawn.
    fn say(&self, message: &str) {
        let bar = self.bar.lock().ok().and_then(|slot| slot.clone());
        match bar {
            Some(bar) => bar.suspend(|| say(message)),
            None => say(message),
        }
    }

    /// Writes every diagnostic of `file` (in `human`, at most
    /// [`crate::diagnostic::MAX_SHOWN`] of each severity, then how many
    /// more; in `short` and `json`, all of them).
    pub fn file(&self, file: &FileDiagnostics) {
        if file.diagnostics.is_empty() {
            return;
        }
        match self.format {
            MessageFormat::Human => self.say(&file.render(self.color)),
            MessageFormat::Short | MessageFormat::Json => {
                let mut out = String::new();
                for diagnostic in &file.diagnostics {
                    out.push_str(&self.line(file, diagnostic));
                    out.push('\n');
                }
                self.say(&out);
            }
        }
    }

    /// The one line of `diagnostic` in `short` or `json`.
    fn line(&self, file: &FileDiagnostics, diagnostic: &Diagnostic) -> String {
        let path = display_path(&file.source.path);
        let start = diagnostic
            .span
            .as_ref()
            .map(|span| file.source.line_column(span.start));
        let severity = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.format == MessageFormat::Short {
            let place = match start {
                Some((line, column)) => format!("{path}:{line}:{column}"),
                None => path,
            };
            let message = one_line(&diagnostic.message);
            return format!("{place}: {severity}[{}]: {message}", diagnostic.code);
        }
        // The range the caret of `human` covers: an empty span still
        // marks the character it points at.
        let end = diagnostic.span.as_ref().map(|span| {
            let drawn = clamp_span(&file.source.text, span.clone());
            file.source.line_column(drawn.end)
        });
        let json = JsonDiagnostic {
            file: path,
            line: start.map(|(line, _)| line),
            column: start.map(|(_, column)| column),
            end_line: end.map(|(line, _)| line),
            end_column: end.map(|(_, column)| column),
            severity,
            code: diagnostic.code.as_str(),
            message: &diagnostic.message,
            label: diagnostic.label.as_deref(),
            help: diagnostic.help.as_deref(),
        };
        serde_json::to_string(&json).unwrap_or_default()
    }

    /// The error a command ends with: every diagnostic of an invalid input
    /// then, in `human`, how many errors stopped the run; any other error
    /// as one `error: …` line.
    pub fn error(&self, error: &Error) {
        match error {
            Error::Invalid(files) => {
                for file in files {
                    self.file(file);
                }
                if self.format == MessageFormat::Human {
                    let errors: usize = files
                        .iter()
                        .map(|file| file.diagnostics.iter().filter(|d| d.is_error()).count())
                        .sum();
                    let plural = if errors == 1 { "" } else { "s" };
                    self.say(&format!(
                        "error: aborting, {errors} error{plural}: nothing written\n"
                    ));
                }
            }
            // Said already, as the command went.
            Error::Reported(_) => {}
            other => self.say(&format!("error: {other}\n")),
        }
    }

    /// A path that cannot be read at all (missing, no permission), in the
    /// form of the diagnostics around it: `error: cannot read …` for a
    /// person, a diagnostic with the code `unreadable` and no position in
    /// `short` and `json`.
    pub fn unreadable(&self, path: &Path, error: &std::io::Error) {
        let error = Error::Input {
            path: path.to_owned(),
            error: std::io::Error::new(error.kind(), error.to_string()),
        };
        match self.format {
            MessageFormat::Human => self.say(&format!("error: {error}\n")),
            MessageFormat::Short | MessageFormat::Json => self.file(&FileDiagnostics {
                source: crate::diagnostic::SourceFile::new(path, String::new()),
                diagnostics: vec![Diagnostic::file_error(
                    crate::diagnostic::Code::Unreadable,
                    error.to_string(),
                )],
            }),
        }
    }

    /// A message of the run itself (`wrote out/n2.pdf`), in `human` only:
    /// `short` and `json` carry diagnostics and nothing else.
    pub fn note(&self, message: &str) {
        if self.format == MessageFormat::Human {
            self.say(&format!("{message}\n"));
        }
    }

    /// `wrote PATH`, or `wrote PATH (unchanged)` for a file that already
    /// held the document.
    pub fn wrote(&self, path: &Path, unchanged: bool) {
        let unchanged = if unchanged { " (unchanged)" } else { "" };
        self.note(&format!("wrote {}{unchanged}", path.display()));
    }
}

/// A message on one line: a line break in a quoted value would split the
/// record a problem matcher reads.
fn one_line(message: &str) -> std::borrow::Cow<'_, str> {
    if message.contains(['\n', '\r']) {
        std::borrow::Cow::Owned(message.replace(['\n', '\r'], " "))
    } else {
        std::borrow::Cow::Borrowed(message)
    }
}

/// Writes a message to standard error. A standard error that cannot be
/// written (a reader gone, `2>&1 | head`) loses the message but never ends
/// the run, as `eprint!` would with a panic.
fn say(message: &str) {
    let _ = std::io::stderr().lock().write_all(message.as_bytes());
}
