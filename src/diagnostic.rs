//! Problems found in an input file, and their rustc-style rendering.
//!
//! A [`Diagnostic`] points into a [`SourceFile`] by byte range; rendering
//! turns that into `path:line:column` and the offending line with a caret
//! under the span (through `annotate-snippets`).

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// An input file kept in memory so that diagnostics can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Declares [`Code`]: each kind of problem, its stable name and what it
/// means, in one list.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $name:literal,)+) => {
        /// What kind of problem a diagnostic reports: a stable, kebab-case
        /// name that scripts filter on (`--message-format json`), listed
        /// with its meaning in `docs/issue-file.md#diagnostic-codes`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code, in the order of the list.
            pub const ALL: &[Code] = &[$(Code::$variant,)+];

            /// The stable name: `unknown-key`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }

            /// What the code means, one sentence.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!($($doc),+).trim_ascii(),)+
                }
            }
        }
    };
}

codes! {
    /// A file or folder that cannot be read at all: missing, no permission, not a file (exit 66).
    Unreadable = "unreadable",
    /// The file is larger than the tool reads (4 MiB).
    FileTooLarge = "file-too-large",
    /// The file is not UTF-8 text.
    NotUtf8 = "not-utf8",
    /// The file is not TOML: an unclosed string, table or array, a stray character.
    Syntax = "toml-syntax",
    /// A key or table is defined twice.
    DuplicateKey = "duplicate-key",
    /// A control character TOML does not allow, or a lone carriage return.
    ControlCharacter = "control-character",
    /// A character that would change the order in which text is displayed.
    BidiControl = "bidi-control",
    /// A character the PDF cannot print: a control, an invisible character, one the font lacks.
    UnprintableCharacter = "unprintable-character",
    /// An invisible character inside an address, which would lead elsewhere than it reads.
    InvisibleInAddress = "invisible-in-address",
    /// A key the file format does not have.
    UnknownKey = "unknown-key",
    /// A required key is absent.
    MissingKey = "missing-key",
    /// A value of the wrong type (a string where a table is expected…).
    WrongType = "wrong-type",
    /// A text, a title or a list that is empty.
    Empty = "empty-value",
    /// An issue number below 1 or too large.
    InvalidNumber = "invalid-number",
    /// A date that does not exist or is not a plain date.
    InvalidDate = "invalid-date",
    /// An address that is neither an e-mail nor an http(s) URL.
    InvalidLink = "invalid-link",
    /// A header field (title, place, issuer, label) too long for page 1.
    TooLong = "too-long",
    /// More of something (values, links, words, sections…) than an issue may hold.
    Limit = "limit",
    /// A section with neither an intro nor initiatives.
    EmptySection = "empty-section",
    /// `series.toml` given where an issue file is expected.
    NotAnIssue = "not-an-issue",
    /// Placeholder text from `solidaire new` left in the file.
    Placeholder = "placeholder",
    /// Two issues of a folder with the same number.
    DuplicateNumber = "duplicate-number",
    /// Two issue files of a folder whose documents would have the same name (`n2.toml`, `n2.TOML`).
    DuplicateName = "duplicate-name",
    /// A number missing between two issues of a folder (warning).
    NumberGap = "number-gap",
    /// An issue dated before one with a lower number (warning).
    DateOrder = "date-order",
    /// A file whose name disagrees with its number, `n3.toml` holding `number = 4` (warning).
    NameMismatch = "name-mismatch",
    /// A date more than a year away from today (warning).
    DistantDate = "distant-date",
    /// The same address linked twice (warning).
    DuplicateLink = "duplicate-link",
    /// A sentence starting with « A » and a capitalised word, for « À » (warning).
    CapitalA = "capital-a",
    /// An issue file named like a page the site writes itself (`index.toml`).
    ReservedName = "reserved-name",
    /// A file refused for a reason the tool failed to name: a bug.
    Internal = "internal",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What kind of problem, for scripts.
    pub code: Code,
    /// What is wrong, lowercase, names in backticks.
    pub message: String,
    /// Where, as a byte range of the file; `None` for the file as a whole.
    pub span: Option<Range<usize>>,
    /// A short label under the caret.
    pub label: Option<String>,
    /// What to do about it (« did you mean … »).
    pub help: Option<String>,
    /// A second place that explains the first (« first defined here »).
    pub note: Option<(Range<usize>, String)>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>, span: Range<usize>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: Some(span),
            label: None,
            help: None,
            note: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>, span: Range<usize>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, span)
        }
    }

    /// An error about the whole file (too large, unreadable as text).
    pub fn file_error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span: None,
            ..Diagnostic::error(code, message, 0..0)
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Shows a second place, `span`, with `label` (in the same file).
    pub fn with_note(mut self, span: Range<usize>, label: impl Into<String>) -> Diagnostic {
        self.note = Some((span, label.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic against its source, rustc style, in colour
    /// when `color` is set.
    pub fn render(&self, source: &SourceFile, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = display_path(&source.path);
        let title = level.primary_title(self.message.as_str());
        let mut group = match &self.span {
            Some(span) => {
                let span = clamp_span(&source.text, span.clone());
                let note = self
                    .note
                    .as_ref()
                    .map(|(note, label)| (clamp_span(&source.text, note.clone()), label));
                let text = source.text.as_str();
                // Only the lines the spans cover go to annotate-snippets,
                // which otherwise splits the whole file into lines for each
                // message (about a million instructions a warning in a long
                // issue) — where that draws the very same thing.
                let covered = match &note {
                    Some((note, _)) => span.start.min(note.start)..span.end.max(note.end),
                    None => span.clone(),
                };
                let (excerpt, offset, line) = match excerpt(text, &covered) {
                    Some((lines, line)) => (Cow::Borrowed(&text[lines.clone()]), lines.start, line),
                    None => (Cow::Borrowed(text), 0, 1),
                };
                // A very long line is cut around the span: annotate-snippets
                // measures the whole of it for each message, and shows only
                // a terminal's width of it anyway.
                let (excerpt, offset, cropped) = match crop(text, &excerpt, offset, &covered) {
                    Some(crop) => (Cow::Owned(crop.excerpt), crop.offset, Some(crop.columns)),
                    None => (excerpt, offset, None),
                };
                let mut annotation =
                    AnnotationKind::Primary.span(span.start - offset..span.end - offset);
                if let Some(label) = &self.label {
                    annotation = annotation.label(label.as_str());
                }
                let mut snippet = Snippet::source(excerpt.as_ref())
                    .line_start(line)
                    .path(path.as_str())
                    .annotation(annotation);
                if let Some((note, label)) = note {
                    snippet = snippet.annotation(
                        AnnotationKind::Context
                            .span(note.start - offset..note.end - offset)
                            .label(label.as_str()),
                    );
                }
                let group = Group::with_title(title).element(snippet);
                let group = match &self.help {
                    Some(help) => group.element(Level::HELP.message(help.as_str())),
                    None => group,
                };
                let rendered = renderer.render(&[group]);
                return match cropped {
                    // The column counted from the cut, made the line's again.
                    Some(removed) => {
                        let column = text[offset..span.start].chars().count() + 1;
                        let wrong = format!("{path}:{line}:{column}");
                        let right = format!("{path}:{line}:{}", column + removed);
                        rendered.replacen(&wrong, &right, 1)
                    }
                    None => rendered,
                };
            }
            None => Group::with_title(title).element(Origin::path(path)),
        };
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        renderer.render(&[group])
    }
}

/// Lines longer than this (in bytes) are shown cut around the span.
const LONG_LINE: usize = 4096;
/// How much of a long line is kept on either side of the span, in bytes:
/// far more than the 140 columns annotate-snippets shows of it.
const LONG_LINE_CONTEXT: usize = 1024;

/// A long line's excerpt, cut around the span.
struct Crop {
    excerpt: String,
    /// Where the cut excerpt starts in the text.
    offset: usize,
    /// How many characters of the line come before the cut.
    columns: usize,
}

/// The excerpt of one line longer than [`LONG_LINE`] that `span` lies in,
/// cut to [`LONG_LINE_CONTEXT`] bytes either side of it (on character
/// boundaries, starting with a character that is not white space);
/// `None` for anything else, shown whole.
fn crop(text: &str, excerpt: &str, offset: usize, span: &Range<usize>) -> Option<Crop> {
    let line = excerpt.strip_suffix('\n').unwrap_or(excerpt);
    if line.len() <= LONG_LINE || line.contains('\n') || offset + line.len() < span.end {
        return None;
    }
    let line_end = offset + line.len();
    let mut start = ceil_char_boundary(
        text,
        span.start.saturating_sub(LONG_LINE_CONTEXT).max(offset),
    );
    while start < span.start
        && let Some(c) = text[start..].chars().next()
        && c.is_whitespace()
    {
        start += c.len_utf8();
    }
    let end = floor_char_boundary(text, (span.end + LONG_LINE_CONTEXT).min(line_end)).max(span.end);
    if start == offset && end == line_end {
        return None;
    }
    let mut cut = text[start..end].to_owned();
    if excerpt.ends_with('\n') {
        cut.push('\n');
    }
    Some(Crop {
        excerpt: cut,
        offset: start,
        columns: text[offset..start].chars().count(),
    })
}

fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// The whole lines that `span` covers, newline included, and the number of
/// the first; `None` where the excerpt would not be drawn exactly as the
/// whole text is (a span at the very end, one that ends just after a line
/// break, a file with `\r\n` line ends): the whole text is used then.
fn excerpt(text: &str, span: &Range<usize>) -> Option<(Range<usize>, usize)> {
    let ends_a_line = span.end > span.start && text[..span.end].ends_with('\n');
    if span.start >= text.len() || ends_a_line || text.contains('\r') {
        return None;
    }
    let first = text[..span.start].rfind('\n').map_or(0, |at| at + 1);
    let last = text[span.end..]
        .find('\n')
        .map_or(text.len(), |at| span.end + at + 1);
    let line = text[..first].matches('\n').count() + 1;
    Some((first..last, line))
}

/// A span that annotate-snippets can draw: inside the text, on character
/// boundaries, and at least one character wide where the text allows it.
pub(crate) fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let mut end = floor_char_boundary(text, span.end.min(text.len())).max(start);
    if end == start
        && let Some(next) = text[start..].chars().next()
        && next != '\n'
    {
        end = start + next.len_utf8();
    }
    start..end
}

/// Paths are shown as the user gave them.
pub fn display_path(path: &Path) -> String {
    path.display().to_string()
}

/// A value quoted in a message, cut to about 60 characters: its start and
/// its end, joined by `…` (a 200 KB address is not printed whole).
pub fn shorten(text: &str) -> std::borrow::Cow<'_, str> {
    const HEAD: usize = 40;
    const TAIL: usize = 19;
    let mut ends = text.char_indices().map(|(at, _)| at);
    let (Some(head_end), true) = (ends.nth(HEAD), text.chars().count() > HEAD + TAIL + 1) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let tail_start = text
        .char_indices()
        .rev()
        .nth(TAIL - 1)
        .map_or(text.len(), |(at, _)| at);
    std::borrow::Cow::Owned(format!("{}…{}", &text[..head_end], &text[tail_start..]))
}

/// How many errors, and how many warnings, of one file are drawn: a
/// reader fixes the first ones and runs the tool again; drawing 100,000
/// of them took as long as reading the file 100,000 times.
pub const MAX_SHOWN: usize = 50;

/// All the diagnostics of one file.
#[derive(Debug, Clone)]
pub struct FileDiagnostics {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileDiagnostics {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics drawn one after the other: at most [`MAX_SHOWN`]
    /// errors and as many warnings, in the order of the file, then how
    /// many more there are.
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        let (mut errors, mut warnings) = (0, 0);
        for diagnostic in &self.diagnostics {
            let shown = match diagnostic.severity {
                Severity::Error => &mut errors,
                Severity::Warning => &mut warnings,
            };
            *shown += 1;
            if *shown > MAX_SHOWN {
                continue;
            }
            out.push_str(&diagnostic.render(&self.source, color));
            out.push_str("\n\n");
        }
        let more = |count: usize, what: &str| match count.saturating_sub(MAX_SHOWN) {
            0 => None,
            1 => Some(format!("1 more {what}")),
            more => Some(format!("{more} more {what}s")),
        };
        let hidden: Vec<String> = [more(errors, "error"), more(warnings, "warning")]
            .into_iter()
            .flatten()
            .collect();
        if !hidden.is_empty() {
            let title = format!(
                "{} in {} not shown",
                hidden.join(" and "),
                display_path(&self.source.path)
            );
            let renderer = if color {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            out.push_str(&renderer.render(&[Group::with_title(Level::NOTE.primary_title(title))]));
            out.push_str("\n\n");
        }
        out
    }
}

impl fmt::Display for FileDiagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message drawn from the whole text, as before excerpts.
    fn whole(diagnostic: &Diagnostic, source: &SourceFile) -> String {
        let span = clamp_span(&source.text, diagnostic.span.clone().unwrap());
        let mut annotation = AnnotationKind::Primary.span(span);
        if let Some(label) = &diagnostic.label {
            annotation = annotation.label(label.as_str());
        }
        let group = Group::with_title(Level::WARNING.primary_title(diagnostic.message.as_str()))
            .element(
                Snippet::source(source.text.as_str())
                    .path(display_path(&source.path))
                    .annotation(annotation),
            );
        Renderer::plain().render(&[group])
    }

    #[test]
    fn an_excerpt_draws_exactly_what_the_whole_text_draws() {
        let texts = [
            "",
            "\n",
            "a",
            "a\n",
            "ab\ncd\n",
            "ab\ncd",
            "x = 1\r\ny = \"é\"\r\n",
            "\n\n\nz",
            "é\nà\n\n",
            "a\r\n\r\nb\r\n",
            "line one\n\tindent\nlast",
            "number = 2\ndate = 2020-04-08\npreamble = \"\"\"\nabc\n",
        ];
        let mut compared = 0;
        for text in texts {
            let source = SourceFile::new("f.toml", text);
            for start in 0..=text.len() + 1 {
                for end in start..=text.len() + 1 {
                    if !text.is_char_boundary(start.min(text.len()))
                        || !text.is_char_boundary(end.min(text.len()))
                    {
                        continue;
                    }
                    for label in [None, Some("ici")] {
                        let mut diagnostic =
                            Diagnostic::warning(Code::Internal, "message", start..end);
                        if let Some(label) = label {
                            diagnostic = diagnostic.with_label(label);
                        }
                        assert_eq!(
                            diagnostic.render(&source, false),
                            whole(&diagnostic, &source),
                            "{text:?} {start}..{end}"
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 500);
    }

    #[test]
    fn a_long_line_is_cut_around_the_span_and_drawn_as_whole() {
        let mut compared = 0;
        for (line, indent) in [("mot ".repeat(3000), ""), ("é\tà ".repeat(2000), "  ")] {
            let text = format!("a = 1\nb = \"{indent}{line}\"\nc = 2\n");
            let source = SourceFile::new("f.toml", text.as_str());
            let line_start = text.find("b =").unwrap();
            let line_end = text[line_start..].find('\n').unwrap() + line_start;
            for start in (line_start..line_end).step_by(397) {
                for width in [0, 1, 3, 40] {
                    let end = (start + width).min(line_end);
                    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                        continue;
                    }
                    let diagnostic = Diagnostic::warning(Code::Internal, "message", start..end)
                        .with_label("ici");
                    assert_eq!(
                        diagnostic.render(&source, false),
                        whole(&diagnostic, &source),
                        "{start}..{end}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 100, "{compared}");
    }

    #[test]
    fn at_most_fifty_errors_and_fifty_warnings_are_drawn() {
        let text = "x\n".repeat(200);
        let mut diagnostics: Vec<Diagnostic> = (0..120)
            .map(|line| Diagnostic::warning(Code::Internal, "w", 2 * line..2 * line + 1))
            .collect();
        diagnostics.push(Diagnostic::error(Code::Internal, "e", 398..399));
        let file = FileDiagnostics {
            source: SourceFile::new("f.toml", text),
            diagnostics,
        };
        let rendered = file.render(false);
        assert_eq!(rendered.matches("warning: w").count(), MAX_SHOWN);
        assert_eq!(
            rendered.matches("error: e").count(),
            1,
            "errors after the warnings still show"
        );
        assert!(
            rendered.ends_with("note: 70 more warnings in f.toml not shown\n\n"),
            "{rendered}"
        );
    }

    #[test]
    fn codes_are_distinct_kebab_case_names_with_a_meaning() {
        let mut names = std::collections::HashSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(names.insert(name), "`{name}` twice");
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !name.starts_with('-')
                    && !name.ends_with('-'),
                "`{name}`"
            );
            assert!(code.meaning().ends_with('.'), "{name}: {}", code.meaning());
        }
    }

    #[test]
    fn renders_path_line_column_and_caret() {
        let source = SourceFile::new("releases/n3.toml", "number = 3\ndate = 2020-02-30\n");
        let diagnostic = Diagnostic::error(
            Code::InvalidDate,
            "invalid date: February 2020 has 29 days",
            18..28,
        );
        assert_eq!(
            diagnostic.render(&source, false),
            "\
error: invalid date: February 2020 has 29 days
 --> releases/n3.toml:2:8
  |
2 | date = 2020-02-30
  |        ^^^^^^^^^^"
        );
    }

    #[test]
    fn line_and_column_count_characters() {
        let source = SourceFile::new("x.toml", "a = \"é\"\nbé = 1\n");
        assert_eq!(source.line_column(0), (1, 1));
        assert_eq!(source.line_column(9), (2, 1));
        assert_eq!(source.line_column(12), (2, 3));
    }

    #[test]
    fn help_is_rendered_below() {
        let source = SourceFile::new("x.toml", "titel = \"x\"\n");
        let diagnostic = Diagnostic::error(Code::UnknownKey, "unknown key `titel`", 0..5)
            .with_help("did you mean `title`?");
        assert!(
            diagnostic
                .render(&source, false)
                .ends_with("= help: did you mean `title`?")
        );
    }

    #[test]
    fn long_values_are_shortened_in_the_middle() {
        assert_eq!(shorten("court"), "court");
        let sixty: String = "é".repeat(60);
        assert_eq!(shorten(&sixty), sixty);
        let long = format!(
            "https://exemple.fr/{}/fin-du-chemin.pdf",
            "a".repeat(200_000)
        );
        let short = shorten(&long);
        assert_eq!(short.chars().count(), 60);
        assert!(short.starts_with("https://exemple.fr/aaa"), "{short}");
        assert!(short.ends_with("…a/fin-du-chemin.pdf"), "{short}");
    }

    #[test]
    fn file_level_errors_name_the_file() {
        let source = SourceFile::new("x.toml", "");
        let rendered = Diagnostic::file_error(Code::FileTooLarge, "the file is too large")
            .render(&source, false);
        assert_eq!(rendered, "error: the file is too large\n--> x.toml");
    }
}
