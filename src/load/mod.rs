//! Issue file → validated [`Release`].
//!
//! The issue file is read ([`source`]), parsed as far as possible
//! ([`syntax`]), its fields read and checked ([`fields`]), merged over the
//! `series.toml` of the same folder, and its text split into paragraphs and
//! inline runs ([`inline`]). Every problem of every file is collected before
//! anything is returned.

mod characters;
pub mod fields;
pub mod folder;
pub mod inline;
pub mod link;
mod literal;
mod misplaced;
pub mod placeholder;
mod series;
pub mod source;
pub mod syntax;

pub(crate) use characters::invisible;
pub use series::Series;

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic, FileDiagnostics, SourceFile, shorten};
use crate::input::{FileKind, shape};
use crate::model::{Closing, Contact, Initiative, Link, Mail, Paragraph, Release, Section};
use crate::typography;
use fields::{Checker, Fields, Located, Text};
use inline::{parse_inline, parse_paragraphs};
use source::{ReadError, read_source};
use syntax::parse_toml;

/// The name of the file that holds what every issue of a folder shares.
pub const SERIES_FILE: &str = "series.toml";

/// The longest title and other header fields (issuer, label, place): the
/// header of page 1 has room for a few lines of each, not a paragraph.
const MAX_TITLE: usize = 160;
const MAX_HEADER_FIELD: usize = 80;
/// The most links an issue may hold, addresses in its texts and entries of
/// its `links` together. A communiqué links a few dozen; each link is a
/// clickable area of the PDF, which the PDF library holds as a dictionary
/// of about 3 KB until the file is written: 100,000 links took 570 MiB.
pub const MAX_LINKS: usize = 20_000;
/// The most bytes of addresses in one issue, all links together. The PDF
/// draws an address cut into lines as one clickable area a line, each a
/// dictionary of about 4 KB until the file is written: a 3.9 MB address
/// took 260 MiB. Browsers refuse addresses past 2 MB; a communiqué's are a
/// few dozen characters.
pub const MAX_ADDRESS_BYTES: usize = 1024 * 1024;
/// The longest address, in bytes. The PDF is PDF/A, which holds no string
/// over 32,767 bytes: an address percent-encoded for its link (at most
/// three bytes a byte) and described in words (« Lien vers … », in UTF-16
/// when not ASCII) stays under that. HTTP asks servers for 8,000 bytes at
/// least; a communiqué's addresses are a few dozen characters.
pub const MAX_ADDRESS: usize = 10_000;
/// The most passages in bold or italic in one issue. Each is a run of its
/// own through the model, the layout and the PDF (about 400 bytes in all):
/// 900,000 of them took 350 MiB; a communiqué has a few dozen.
pub const MAX_EMPHASIS: usize = 100_000;
/// The most words in one issue: about 130 bytes each through the layout
/// and the PDF (1.9 million took 250 MiB). 3.9 MiB of French prose is
/// about 650,000 words.
pub const MAX_WORDS: usize = 800_000;
/// The most paragraphs in one issue: about 1 KB each (200,000 took 205 MiB).
pub const MAX_PARAGRAPHS: usize = 50_000;
/// The most sections in one issue: about 4 KB each with their heading and
/// outline entry (60,000 took 270 MiB).
pub const MAX_SECTIONS: usize = 5_000;

/// A valid release and the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    pub release: Release,
    /// Only files with at least one warning.
    pub warnings: Vec<FileDiagnostics>,
}

#[derive(Debug)]
pub enum LoadError {
    /// A file could not be read at all (exit code 66).
    Io { path: PathBuf, error: io::Error },
    /// The files were read but are not valid; every diagnostic of every file,
    /// warnings included (exit code 65).
    Invalid(Vec<FileDiagnostics>),
}

/// Loads and validates the issue at `path`, merged over the `series.toml`
/// beside it. `today` decides which dates are suspiciously far away. The
/// diagnostics of both files come back together, as `compose` reports
/// them.
pub fn load_release(path: &Path, today: NaiveDate) -> Result<Loaded, LoadError> {
    if is_series_file(path) {
        return Err(LoadError::Invalid(vec![not_an_issue(path)]));
    }
    let series = Series::load(path.parent().unwrap_or(Path::new("")))?;
    with_series(load_issue(path, &series, today), series)
}

/// Loads and validates the issue at `path` merged over `series`, already
/// loaded. Only the issue's own diagnostics come back; an issue over a
/// series with errors is not valid, and its error names no series problem.
pub fn load_issue(path: &Path, series: &Series, today: NaiveDate) -> Result<Loaded, LoadError> {
    if is_series_file(path) {
        return Err(LoadError::Invalid(vec![not_an_issue(path)]));
    }
    let issue = read(path)?;
    validate_issue(issue, series, today).map_err(LoadError::Invalid)
}

fn not_an_issue(path: &Path) -> FileDiagnostics {
    let diagnostic = Diagnostic::file_error(
        Code::NotAnIssue,
        format!("`{SERIES_FILE}` holds what every issue shares; it is not an issue"),
    )
    .with_help("give an issue file, such as releases/n2.toml");
    FileDiagnostics {
        source: SourceFile::new(path, String::new()),
        diagnostics: vec![diagnostic],
    }
}

/// The series file's diagnostics put before the issue's: a result as if
/// both had been validated together.
fn with_series(result: Result<Loaded, LoadError>, series: Series) -> Result<Loaded, LoadError> {
    let Some(diagnostics) = series.diagnostics else {
        return result;
    };
    match result {
        Ok(mut loaded) => {
            loaded.warnings.insert(0, diagnostics);
            Ok(loaded)
        }
        Err(LoadError::Invalid(mut files)) => {
            files.insert(0, diagnostics);
            Err(LoadError::Invalid(files))
        }
        Err(error) => Err(error),
    }
}

/// Validates an issue file's text merged over its series file's text. All
/// the diagnostics of both files come back, warnings included.
pub fn validate(
    issue: SourceFile,
    series: Option<SourceFile>,
    today: NaiveDate,
) -> Result<Loaded, Vec<FileDiagnostics>> {
    let series = series.map_or_else(Series::none, Series::validate);
    let result = validate_issue(issue, &series, today).map_err(LoadError::Invalid);
    match with_series(result, series) {
        Ok(loaded) => Ok(loaded),
        Err(LoadError::Invalid(files)) => Err(files),
        Err(LoadError::Io { .. }) => unreachable!("nothing is read"),
    }
}

/// Validates an issue file's text merged over `series`. Only the issue's
/// diagnostics come back, warnings included.
fn validate_issue(
    issue: SourceFile,
    series: &Series,
    today: NaiveDate,
) -> Result<Loaded, Vec<FileDiagnostics>> {
    check_issue(issue, series, today).result
}

/// An issue file checked: its outcome, and what the checks across a
/// folder need of it (its number and date where they could be read, even
/// when the file is invalid otherwise, and its text to point into).
#[derive(Debug)]
pub struct Checked {
    pub source: SourceFile,
    pub number: Option<Located<u32>>,
    pub date: Option<Located<NaiveDate>>,
    /// Every string value read, as written (before typography), with its
    /// key as messages name it (`sections[2].title`); `None` when the
    /// file has syntax errors, whose recovery may have made values up.
    pub texts: Option<Vec<Text>>,
    pub result: Result<Loaded, Vec<FileDiagnostics>>,
}

/// Like [`validate_issue`], keeping what [`Checked`] holds.
pub fn check_issue(issue: SourceFile, series: &Series, today: NaiveDate) -> Checked {
    let source = issue.clone();
    let typography = series.typography;
    let mut checker = Checker::default();
    let (own, parsed) = check_document(&issue, &mut checker, FileKind::Issue, read_issue);
    // Read before the merge takes them; a value the syntax errors make
    // suspect is not used across files.
    let (number, date) = if parsed {
        (own.number.clone(), own.date.clone())
    } else {
        (None, None)
    };
    if typography {
        lint_typography(&mut checker, &issue);
    }
    // The documents are named after the file: its name must be text.
    let stem = issue.path.file_stem().unwrap_or_default().to_str();
    if stem.is_none() {
        checker.report(
            Diagnostic::file_error(
                Code::NotUtf8,
                format!(
                    "the file's name, `{}`, is not UTF-8: the documents made from it could not be named",
                    shorten(&issue.path.to_string_lossy())
                ),
            )
            .with_help("rename the file, such as n3.toml"),
        );
    }
    let stem = stem.map(str::to_owned);
    let release = merge(own, &series.shared, &mut checker, today)
        .filter(|_| parsed && !series.has_errors())
        .zip(stem)
        .map(|(release, stem)| Release {
            stem,
            mail: series.mail().cloned().unwrap_or_default(),
            ..release
        })
        .map(|mut release| {
            // Typography comes last, on the valid release: every renderer
            // then gets the same characters.
            if typography {
                typography::apply(&mut release);
            }
            release
        });
    // An issue refused must say why: should a rule above ever refuse one
    // in silence (a bug), this one says so rather than print nothing.
    if release.is_none()
        && !checker.diagnostics.iter().any(Diagnostic::is_error)
        && !series.has_errors()
    {
        checker.report(Diagnostic::file_error(
            Code::Internal,
            "this file could not be read as an issue, for a reason the tool failed to name \
             (a bug: please report it with the file)",
        ));
    }
    let texts = parsed.then(|| std::mem::take(&mut checker.texts));
    sort(&mut checker.diagnostics);
    let file = FileDiagnostics {
        source: issue,
        diagnostics: checker.diagnostics,
    };
    let files: Vec<FileDiagnostics> = (!file.diagnostics.is_empty())
        .then_some(file)
        .into_iter()
        .collect();
    let result = match release {
        Some(release) if !files.iter().any(FileDiagnostics::has_errors) => Ok(Loaded {
            release,
            warnings: files,
        }),
        _ => Err(files),
    };
    Checked {
        source,
        number,
        date,
        texts,
        result,
    }
}

/// The `series.toml` that the issue at `path` is merged over, if it exists.
pub fn series_path(path: &Path) -> PathBuf {
    path.parent().unwrap_or(Path::new("")).join(SERIES_FILE)
}

/// Is this the series file itself rather than an issue?
pub fn is_series_file(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == SERIES_FILE)
}

fn read(path: &Path) -> Result<SourceFile, LoadError> {
    read_source(path).map_err(|error| match error {
        ReadError::Io(error) => LoadError::Io {
            path: path.to_owned(),
            error,
        },
        ReadError::Invalid(diagnostics) => LoadError::Invalid(vec![*diagnostics]),
    })
}

/// Parses `source`, checks its keys against those of `kind`'s file in the
/// input mirror ([`crate::input`]), reads it with `read`
/// and checks the characters of every text read. Syntax errors and field
/// errors end up together in `checker`; the flag says whether the file
/// parsed without syntax errors.
fn check_document<T>(
    source: &SourceFile,
    checker: &mut Checker,
    kind: FileKind,
    read: impl FnOnce(&mut Checker, &Fields) -> T,
) -> (T, bool) {
    let parsed = parse_toml(source);
    let syntax_errors = parsed.errors;
    let suspect_from = parsed.suspect_from;
    let consequences = parsed.consequences;
    let lost_keys = parsed.lost_keys;
    checker.skip_missing = lost_keys;
    let parsed_cleanly = parsed.clean;
    let fields = Fields::new(parsed.table.get_ref(), shape(kind));
    checker.unknown_keys(&fields);
    let value = read(checker, &fields);
    characters::check_characters(checker, source);
    placeholder::check_placeholders(checker, source);
    // A field error on a line the parser already rejected says the same
    // thing twice.
    // After an unclosed string or array, what the parser read is its guess:
    // what is wrong there follows from the syntax error. So is what is
    // wrong on a line the parser rejected (`number = = 1` is not also « must
    // be 1 or more »), and a value it could only place at the file's start.
    if !syntax_errors.is_empty() {
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(source.text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let line = |offset: usize| line_starts.partition_point(|&start| start <= offset);
        let broken: Vec<usize> = syntax_errors
            .iter()
            .filter_map(|syntax| syntax.span.as_ref().map(|span| line(span.start)))
            .collect();
        checker.diagnostics.retain(|diagnostic| {
            let Some(span) = &diagnostic.span else {
                return true;
            };
            !syntax_errors
                .iter()
                .any(|syntax| overlaps(&syntax.span, &diagnostic.span))
                && suspect_from.is_none_or(|from| span.start < from)
                && !broken.contains(&line(span.start))
                // Only a parser that lost keys places a value at the
                // file's start; past an impossible date alone, a key
                // missing from the file is missing.
                && (span.start > 0 || !lost_keys)
                && !consequences.iter().any(|range| range.contains(&span.start))
                // A value the parser's recovery made up, where it found
                // none (`place =`), has no extent in the file.
                && (!lost_keys || !span.is_empty())
        });
    }
    checker.diagnostics.extend(syntax_errors);
    let missing_headers =
        misplaced::report_missing_headers(&mut checker.diagnostics, source, shape(kind));
    wrong_type_consequences(checker, source, &missing_headers);
    (value, parsed_cleanly)
}

/// A table header written wrong makes more than one complaint; only the
/// one that names the mistake is kept. `[sections.initiatives]` with one
/// pair of brackets is a table where an array of tables is expected: its
/// next `[[sections.initiatives]]` is then « defined again », which says
/// nothing more. A misspelled `[[section]]` leaves the `sections` that a
/// later `[[sections.initiatives]]` creates a table: the unknown key,
/// with its suggestion, is the mistake.
fn wrong_type_consequences(checker: &mut Checker, source: &SourceFile, missing_headers: &[String]) {
    let text = source.text.as_str();
    let line = |offset: usize| text[..offset.min(text.len())].matches('\n').count();
    let wrong_lines: Vec<usize> = checker
        .wrong_types
        .iter()
        .map(|wrong| line(wrong.span.start))
        .collect();
    // A wrong type on a key an unknown key suggests, or on a table whose
    // header is said to be missing (a deleted `[[sections]]`: the
    // `sections` that the next `[[sections.initiatives]]` creates is then
    // a table), follows from that mistake.
    let consequences: Vec<std::ops::Range<usize>> = checker
        .wrong_types
        .iter()
        .filter(|wrong| checker.was_suggested(&wrong.path) || missing_headers.contains(&wrong.path))
        .map(|wrong| wrong.span.clone())
        .collect();
    let is_wrong_type = |diagnostic: &Diagnostic, spans: &[std::ops::Range<usize>]| {
        diagnostic.code == Code::WrongType
            && spans
                .iter()
                .any(|span| diagnostic.span.as_ref() == Some(span))
    };
    checker
        .diagnostics
        .retain(|diagnostic| match diagnostic.code {
            Code::DuplicateKey => !diagnostic
                .note
                .as_ref()
                .is_some_and(|(first, _)| wrong_lines.contains(&line(first.start))),
            Code::WrongType => !is_wrong_type(diagnostic, &consequences),
            _ => true,
        });
    let one_bracket: Vec<std::ops::Range<usize>> = checker
        .wrong_types
        .iter()
        .filter(|wrong| wrong.table_for_tables)
        .map(|wrong| wrong.span.clone())
        .collect();
    for diagnostic in &mut checker.diagnostics {
        if !is_wrong_type(diagnostic, &one_bracket) {
            continue;
        }
        let written = diagnostic
            .span
            .as_ref()
            .and_then(|span| text.get(span.clone()))
            .unwrap_or_default();
        if written.starts_with('[') && !written.starts_with("[[") {
            diagnostic.help = Some(format!(
                "write the header with two pairs of brackets: `[{written}]`"
            ));
        }
    }
}

fn overlaps(a: &Option<std::ops::Range<usize>>, b: &Option<std::ops::Range<usize>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.start < b.end.max(b.start + 1) && b.start < a.end.max(a.start + 1),
        _ => false,
    }
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.span.as_ref().map(|span| (span.start, span.end)));
}

/// What `series.toml` gives, and what an issue may override.
#[derive(Debug, Default, Clone)]
struct Shared {
    /// Whether the file writes `title` and `place` at all, valid or not:
    /// an invalid one is already reported, and is not also « missing ».
    declares_title: bool,
    declares_place: bool,
    title: Option<Located<String>>,
    place: Option<Located<String>>,
    issuer: Option<Located<String>>,
    label: Option<Located<String>>,
    site: Option<Located<Link>>,
    contact: Option<Contact>,
}

fn read_shared(checker: &mut Checker, fields: &Fields) -> Shared {
    let site = site(checker, fields);
    let mut header_line = |key: &str, max: usize| {
        let text = line(checker.string(fields, key))?;
        let length = text.value.chars().count();
        if length > max {
            checker.report(
                Diagnostic::error(
                    Code::TooLong,
                    format!("`{key}` is too long: {length} characters, at most {max}"),
                    text.span.clone(),
                )
                .with_label("set in the header of page 1, it must stay short"),
            );
            return None;
        }
        Some(text)
    };
    Shared {
        declares_title: fields.has("title"),
        declares_place: fields.has("place"),
        title: header_line("title", MAX_TITLE),
        place: header_line("place", MAX_HEADER_FIELD),
        issuer: header_line("issuer", MAX_HEADER_FIELD),
        label: header_line("label", MAX_HEADER_FIELD),
        site,
        contact: checker.table(fields, "contact").map(|contact| {
            checker.unknown_keys(&contact);
            let email = email(checker, &contact, "email");
            Contact {
                name: line(checker.string(&contact, "name")).map(|s| s.value),
                phone: line(checker.string(&contact, "phone")).map(|s| s.value),
                email,
            }
        }),
    }
}

/// `site`, the base address of the archive that `build` writes: a web
/// address that a page's name can follow (`…/solidaire/` + `n2.html`), so
/// without a query (`?`) or a fragment (`#`). The communiqué itself does
/// not print it, but a bad one is reported now, at its value, in the file
/// that gives it; `None` with an error otherwise.
fn site(checker: &mut Checker, fields: &Fields) -> Option<Located<Link>> {
    let site = checker.link(fields, "site")?;
    let problem = if site.value.kind != crate::model::LinkKind::Web {
        Diagnostic::error(
            Code::InvalidLink,
            "invalid link: `site` must be a web address (https://…)",
            site.span.clone(),
        )
    } else if site.value.href.contains(['?', '#']) {
        Diagnostic::error(
            Code::InvalidLink,
            "invalid link: `site` cannot have a query (`?`) or a fragment (`#`)",
            site.span.clone(),
        )
        .with_help(
            "`site` is the address of the folder the site is published at, such as \
             `https://prefecture.example/solidaire/`: each page's name follows it",
        )
    } else {
        return Some(site);
    };
    checker.report(problem);
    None
}

/// An e-mail address (a link that is one), or `None` with an error.
fn email(checker: &mut Checker, fields: &Fields, key: &str) -> Option<Link> {
    let link = checker.link(fields, key)?;
    only_email(checker, fields, key, link)
}

fn only_email(
    checker: &mut Checker,
    fields: &Fields,
    key: &str,
    link: Located<Link>,
) -> Option<Link> {
    if link.value.kind == crate::model::LinkKind::Email {
        return Some(link.value);
    }
    checker.report(Diagnostic::error(
        Code::InvalidLink,
        format!(
            "invalid link: `{}` must be an e-mail address",
            fields.name(key)
        ),
        link.span,
    ));
    None
}

/// The `[mail]` table of `series.toml`: the e-mail format's headers, every
/// one an e-mail address.
fn read_mail(checker: &mut Checker, fields: &Fields) -> Option<Mail> {
    let mail = checker.table(fields, "mail")?;
    checker.unknown_keys(&mail);
    let mut emails = |key: &str| -> Vec<Link> {
        let links = checker.links(&mail, key);
        links
            .into_iter()
            .filter_map(|link| only_email(checker, &mail, key, link))
            .collect()
    };
    let to = emails("to");
    let bcc = emails("bcc");
    Some(Mail {
        from: email(checker, &mail, "from"),
        reply_to: email(checker, &mail, "reply_to"),
        to,
        bcc,
    })
}

/// A one-line field (title, place…): line breaks and runs of spaces fold
/// into one space, as in paragraphs.
fn line(text: Option<Located<String>>) -> Option<Located<String>> {
    text.map(|text| Located {
        value: inline::fold_spaces(&text.value),
        span: text.span,
    })
}

/// An issue file's own fields, before the merge with the series.
struct Issue {
    shared: Shared,
    number: Option<Located<u32>>,
    date: Option<Located<NaiveDate>>,
    preamble: Option<Vec<Paragraph>>,
    sections: Vec<Section>,
    closing: Option<Closing>,
    /// Every link, in reading order, to warn about duplicates.
    links: Vec<Located<Link>>,
}

/// What a text field (or a section) holds that the issue as a whole
/// limits.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    /// Addresses, written in the text or listed.
    links: usize,
    /// Their length, in bytes.
    address_bytes: usize,
    /// The longest of them, in bytes.
    longest_address: usize,
    /// Passages in bold or italic.
    emphasis: usize,
    /// Words, addresses included.
    words: usize,
    paragraphs: usize,
    sections: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.links += other.links;
        self.address_bytes += other.address_bytes;
        self.longest_address = self.longest_address.max(other.longest_address);
        self.emphasis += other.emphasis;
        self.words += other.words;
        self.paragraphs += other.paragraphs;
        self.sections += other.sections;
    }
}

/// Parses a text field's paragraphs, counting what the issue limits.
fn paragraphs(text: &Located<String>, counts: &mut Vec<Located<Counts>>) -> Vec<Paragraph> {
    let paragraphs = parse_paragraphs(&text.value);
    let mut total = Counts::default();
    for paragraph in &paragraphs {
        total.add(count(paragraph));
    }
    counts.push(Located {
        value: total,
        span: text.span.clone(),
    });
    paragraphs
}

/// Parses a one-paragraph text field, counting what the issue limits.
fn paragraph(text: &Located<String>, counts: &mut Vec<Located<Counts>>) -> Paragraph {
    let paragraph = parse_inline(&text.value);
    counts.push(Located {
        value: count(&paragraph),
        span: text.span.clone(),
    });
    paragraph
}

fn count(paragraph: &Paragraph) -> Counts {
    use crate::model::Inline;
    let mut counts = Counts {
        paragraphs: 1,
        ..Counts::default()
    };
    for inline in &paragraph.0 {
        match inline {
            Inline::Link { link, .. } => {
                counts.links += 1;
                counts.address_bytes += link.text.len();
                counts.longest_address = counts.longest_address.max(link.text.len());
                counts.words += 1;
            }
            Inline::Text { text, style } => {
                counts.words += text.split_whitespace().count();
                if *style != crate::model::Style::default() {
                    counts.emphasis += 1;
                }
            }
        }
    }
    counts
}

/// One limit on the whole issue: past it, an error where the count passes.
/// `{max}` and `{next}` in the message and label stand for the limit and
/// the first count past it.
struct Limit {
    count: fn(&Counts) -> usize,
    max: usize,
    message: &'static str,
    label: &'static str,
    help: &'static str,
}

impl Limit {
    fn fill(&self, text: &str) -> String {
        text.replace("{max}", &self.max.to_string())
            .replace("{next}", &(self.max + 1).to_string())
    }
}

/// What an issue may hold at most. Each item costs memory through the
/// model, the layout and the PDF, and a communiqué holds a few hundred
/// times less; together they keep any issue under 200 MiB.
const LIMITS: [Limit; 7] = [
    Limit {
        count: |counts| counts.links,
        max: MAX_LINKS,
        message: "too many links: more than {max} in one issue",
        label: "the link number {next} is here",
        help: "a communiqué links a few dozen addresses: split it into several issues",
    },
    Limit {
        count: |counts| counts.longest_address,
        max: MAX_ADDRESS,
        message: "too long an address: more than {max} bytes",
        label: "the address is in this text",
        help: "an address of a communiqué is a few dozen characters long; \
               a PDF/A file holds no string over 32,767 bytes",
    },
    Limit {
        count: |counts| counts.address_bytes,
        max: MAX_ADDRESS_BYTES,
        message: "too long addresses: more than {max} bytes of addresses in one issue",
        label: "the addresses pass the limit here",
        help: "an address of a communiqué is a few dozen characters long",
    },
    Limit {
        count: |counts| counts.emphasis,
        max: MAX_EMPHASIS,
        message: "too much emphasis: more than {max} passages in bold or italic in one issue",
        label: "the passage number {next} is here",
        help: "a communiqué sets a few words in bold or italic: split it into several issues",
    },
    Limit {
        count: |counts| counts.words,
        max: MAX_WORDS,
        message: "too long: more than {max} words in one issue",
        label: "the word number {next} is in this text",
        help: "a communiqué has a few thousand words: split it into several issues",
    },
    Limit {
        count: |counts| counts.paragraphs,
        max: MAX_PARAGRAPHS,
        message: "too many paragraphs: more than {max} in one issue",
        label: "the paragraph number {next} is in this text",
        help: "a communiqué has a few dozen paragraphs: split it into several issues",
    },
    Limit {
        count: |counts| counts.sections,
        max: MAX_SECTIONS,
        message: "too many sections: more than {max} in one issue",
        label: "the section number {next}",
        help: "a communiqué has a few sections: split it into several issues",
    },
];

/// Reports the first place where the issue passes one of [`LIMITS`].
fn check_counts(checker: &mut Checker, mut counts: Vec<Located<Counts>>) {
    counts.sort_by_key(|count| count.span.start);
    let mut total = Counts::default();
    for count in counts {
        total.add(count.value);
        if let Some(limit) = LIMITS
            .iter()
            .find(|limit| (limit.count)(&total) > limit.max)
        {
            checker.report(
                Diagnostic::error(Code::Limit, limit.fill(limit.message), count.span)
                    .with_label(limit.fill(limit.label))
                    .with_help(limit.help),
            );
            return;
        }
    }
}

fn read_issue(checker: &mut Checker, fields: &Fields) -> Issue {
    let mut links = Vec::new();
    let mut counts = Vec::new();
    let preamble = checker
        .string(fields, "preamble")
        .map(|text| paragraphs(&text, &mut counts));
    let sections = checker
        .tables(fields, "sections")
        .iter()
        .filter_map(|section| {
            counts.push(Located {
                value: Counts {
                    sections: 1,
                    ..Counts::default()
                },
                span: section.span.clone(),
            });
            read_section(checker, section, &mut links, &mut counts)
        })
        .collect();
    let closing = checker.table(fields, "closing").and_then(|closing| {
        checker.unknown_keys(&closing);
        let text = checker.string(&closing, "text");
        let call_to_action = checker.string(&closing, "call_to_action");
        let url = checker.link(&closing, "url");
        links.extend(url.clone());
        Some(Closing {
            text: paragraphs(&text?, &mut counts),
            call_to_action: call_to_action.map(|text| paragraph(&text, &mut counts)),
            url: url.map(|url| url.value),
        })
    });
    counts.extend(links.iter().map(|link| Located {
        value: Counts {
            links: 1,
            address_bytes: link.value.text.len(),
            longest_address: link.value.text.len(),
            words: 1,
            ..Counts::default()
        },
        span: link.span.clone(),
    }));
    check_counts(checker, counts);
    Issue {
        shared: read_shared(checker, fields),
        number: checker.positive_integer(fields, "number"),
        date: checker.date(fields, "date"),
        preamble,
        sections,
        closing,
        links,
    }
}

fn read_section(
    checker: &mut Checker,
    section: &Fields,
    all_links: &mut Vec<Located<Link>>,
    counts: &mut Vec<Located<Counts>>,
) -> Option<Section> {
    checker.unknown_keys(section);
    let title = checker.string(section, "title");
    let intro = checker.string(section, "intro");
    let initiative_tables = checker.tables(section, "initiatives");
    let initiatives: Vec<Initiative> = initiative_tables
        .iter()
        .filter_map(|initiative| {
            checker.unknown_keys(initiative);
            let place = checker.string(initiative, "place");
            let text = checker.string(initiative, "text");
            let links = checker.links(initiative, "links");
            all_links.extend(links.iter().cloned());
            Some(Initiative {
                place: line(place).map(|place| place.value),
                text: paragraphs(&text?, counts),
                links: links.into_iter().map(|link| link.value).collect(),
            })
        })
        .collect();
    // An absence claimed only where every key was read: the parser may
    // have lost the `intro` of a broken line.
    if !section.has("intro")
        && initiative_tables.is_empty()
        && !checker.skip_missing
        && !checker.was_suggested(&section.name("intro"))
        && !checker.was_suggested(&section.name("initiatives"))
    {
        checker.report(
            Diagnostic::error(
                Code::EmptySection,
                format!("`{}` has neither `intro` nor `initiatives`", section.path()),
                section.span.clone(),
            )
            .with_label("an empty section"),
        );
    }
    Some(Section {
        title: paragraph(&title?, counts),
        intro: intro.map_or_else(Vec::new, |intro| paragraphs(&intro, counts)),
        initiatives,
    })
}

/// Warns about each sentence that starts with « A » and a capitalised word
/// (« A Harnes »), pointing at the « A » in the source.
fn lint_typography(checker: &mut Checker, source: &SourceFile) {
    // Borrowed apart: the texts are read while diagnostics are added.
    let Checker {
        texts, diagnostics, ..
    } = checker;
    for text in texts.iter() {
        let found = typography::capital_a_without_accent(&text.value);
        if found.is_empty() {
            continue;
        }
        let mut positions = literal::Positions::new(&source.text, &text.value, text.span.clone());
        for offset in found {
            let word = text.value[offset..]
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .nth(1)
                .unwrap_or("");
            let span = positions.range(offset);
            diagnostics.push(
                Diagnostic::warning(
                    Code::CapitalA,
                    format!(
                        "`A {}` starts a sentence with a capital A without its accent",
                        shorten(word)
                    ),
                    span,
                )
                .with_label("did you mean `À`?")
                .with_help(format!("write « À {} »", shorten(word))),
            );
        }
    }
}

/// The issue's keys over the series' ones, and the checks that need both.
fn merge(
    issue: Issue,
    series: &Shared,
    checker: &mut Checker,
    today: NaiveDate,
) -> Option<Release> {
    // Whether the merge must have `key` is the mirror's to say
    // (`x-required-after-merge`), not this function's.
    let mut required = |own: Option<Located<String>>,
                        shared: Option<Located<String>>,
                        declared: bool,
                        key: &str| {
        let value = own.or(shared).map(|value| value.value);
        let needed = shape(FileKind::Issue)
            .key(key)
            .is_some_and(|key| key.required_after_merge);
        if value.is_none()
            && needed
            && !declared
            && !checker.skip_missing
            && !checker.misspelled(key)
        {
            checker.report(
                Diagnostic::error(
                    Code::MissingKey,
                    format!("missing required key `{key}`"),
                    0..0,
                )
                .with_label(format!("add `{key} = …` to this file"))
                .with_help(format!("or set it for every issue in {SERIES_FILE}")),
            );
        }
        value
    };
    let declares_title = issue.shared.declares_title || series.declares_title;
    let declares_place = issue.shared.declares_place || series.declares_place;
    let title = required(
        issue.shared.title,
        series.title.clone(),
        declares_title,
        "title",
    );
    let place = required(
        issue.shared.place,
        series.place.clone(),
        declares_place,
        "place",
    );

    if let Some(date) = &issue.date
        && (date.value - today).num_days().abs() > 366
    {
        checker.report(
            Diagnostic::warning(
                Code::DistantDate,
                format!(
                    "the date {} is more than a year away from today ({})",
                    date.value, today
                ),
                date.span.clone(),
            )
            .with_label("is this the right year?"),
        );
    }
    warn_duplicate_links(checker, &issue.links);

    Some(Release {
        number: issue.number?.value,
        date: issue.date?.value,
        place: place?,
        title: title?,
        issuer: issue
            .shared
            .issuer
            .or_else(|| series.issuer.clone())
            .map(|s| s.value),
        label: issue
            .shared
            .label
            .or_else(|| series.label.clone())
            .map(|s| s.value),
        contact: issue.shared.contact.or_else(|| series.contact.clone()),
        site: issue
            .shared
            .site
            .or_else(|| series.site.clone())
            .map(|site| site.value.href),
        stem: String::new(),
        mail: Mail::default(),
        preamble: issue.preamble?,
        sections: issue.sections,
        closing: issue.closing?,
    })
}

fn warn_duplicate_links(checker: &mut Checker, links: &[Located<Link>]) {
    // Each address seen so far, once: a look-up per link, not a comparison
    // with every earlier one (50,000 links took minutes).
    let mut seen = HashSet::with_capacity(links.len());
    for link in links {
        if !seen.insert(link.value.href.as_str()) {
            checker.report(
                Diagnostic::warning(
                    Code::DuplicateLink,
                    format!("duplicated link `{}`", shorten(&link.value.text)),
                    link.span.clone(),
                )
                .with_label("already given above"),
            );
        }
    }
}

#[cfg(test)]
mod tests;
