//! TOML syntax errors as diagnostics, with plainer words for impossible
//! dates than the parser's.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;
use toml::de::DeTable;

use crate::diagnostic::{Code, Diagnostic, SourceFile, shorten};

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// How many syntax errors of a file are looked into (an unclosed construct
/// before them, a duplicate's first definition), each a scan of the file.
const MAX_EXAMINED: usize = 80;

/// What the parser made of a file.
pub struct Parsed<'i> {
    pub table: Spanned<DeTable<'i>>,
    /// One diagnostic per syntax mistake.
    pub errors: Vec<Diagnostic>,
    /// Whether the parser may have lost keys: an impossible date keeps its
    /// key, a broken line does not.
    pub lost_keys: bool,
    /// Whether the parser found nothing wrong at all. An error it found is
    /// never forgotten, even one not reported as a consequence of another.
    pub clean: bool,
    /// Where a string, array or table header opens that is never closed:
    /// what the parser read after it is its guess, and other errors found
    /// there are consequences of the first one.
    pub suspect_from: Option<usize>,
    /// Byte ranges whose content the parser misread because of a mistake
    /// before them (the lines after a key without a value): what is found
    /// wrong there is a consequence of that mistake.
    pub consequences: Vec<Range<usize>>,
}

/// Parses `source` as far as possible. Each mistake is reported once: the
/// errors the parser's recovery invents after an unclosed string, array or
/// table header are dropped, and the one left points where it opens; a
/// control character is one error naming it, without parsing.
pub fn parse_toml(source: &SourceFile) -> Parsed<'_> {
    let text = source.text.as_str();
    if let Some(errors) = control_characters(text) {
        return Parsed {
            table: Spanned::new(0..0, DeTable::default()),
            errors,
            lost_keys: true,
            clean: false,
            suspect_from: Some(0),
            consequences: Vec::new(),
        };
    }
    if let Some(at) = too_many_values(text) {
        return Parsed {
            table: Spanned::new(0..0, DeTable::default()),
            errors: vec![
                Diagnostic::error(Code::Limit,
                    format!(
                        "the file holds too many values: more than {MAX_VALUES} keys, array items and tables"
                    ),
                    at..at + 1,
                )
                .with_label("this one is past the limit")
                .with_help("an issue holds a few hundred: is this the right file?"),
            ],
            lost_keys: true,
            clean: false,
            suspect_from: Some(0),
            consequences: Vec::new(),
        };
    }
    let (table, raw_errors) = DeTable::parse_recoverable(text);
    let mut lost_keys = false;
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut suspect_from = None;
    // Where each line starts, to tell the line of an error at once.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    let mut lines_reported: HashSet<usize> = HashSet::new();
    let mut complaints: Vec<(&str, &str)> = Vec::new();
    let mut examined = 0;
    // A key without a value: the parser complains about it and about each
    // line after it that held the value (`preamble =` then the text), in
    // as many ways as those lines differ. One error, said plainly.
    let no_value = if raw_errors.is_empty() {
        Vec::new()
    } else {
        keys_without_value(text)
    };
    let consequences: Vec<Range<usize>> = no_value
        .iter()
        .map(|key| key.line_start..key.orphans_end)
        .collect();
    // Every line the parser found a mistake on, in whatever order it tells.
    let raw_lines: HashSet<usize> = raw_errors
        .iter()
        .map(|error| {
            let start = error.span().map_or(0, |span| span.start);
            line_starts.partition_point(|&line_start| line_start <= start)
        })
        .collect();
    let in_consequence = |at: usize| consequences.iter().any(|range| range.contains(&at));
    for error in &raw_errors {
        let span = error.span().unwrap_or(0..0);
        if let Some(message) = impossible_date(text, &span) {
            errors.push(Diagnostic::error(Code::InvalidDate, message, span));
            continue;
        }
        lost_keys = true;
        if in_consequence(span.start) {
            continue;
        }
        // One error a line: the rest of a broken line is noise.
        let line = line_starts.partition_point(|&start| start <= span.start);
        if !lines_reported.insert(line) {
            continue;
        }
        // Each error examined below costs a scan of the file: past a bounded
        // number of them, the others are reported as the parser words them,
        // and a file of errors stays linear (the first ones are shown).
        examined += 1;
        if examined > MAX_EXAMINED {
            errors.push(Diagnostic::error(
                Code::Syntax,
                format!("invalid TOML: {}", error.message().trim()),
                span,
            ));
            continue;
        }
        if let Some((start, construct)) = unclosed(text, span.start) {
            // Everything after the opening is the parser's guess.
            errors.retain(|kept| kept.span.as_ref().is_none_or(|kept| kept.start < start));
            suspect_from = Some(start);
            // A string opened by the orphaned lines of a key without a
            // value (its text ending in `"""`) is that mistake again; so
            // is one opened by a line of text after an error, its key
            // line gone (`preamble = """` deleted): the `"""` that closed
            // the text then opens a string at the end of a line that
            // assigns nothing.
            let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
            let before = text[line_start..start].trim_end();
            let assigns = before.is_empty() || before.ends_with(['=', '[', ',']);
            if in_consequence(start) || (!errors.is_empty() && !assigns) {
                break;
            }
            errors.push(
                Diagnostic::error(
                    Code::Syntax,
                    construct.message(),
                    start..start + construct.opening_len(),
                )
                .with_label("opened here")
                .with_help(construct.help()),
            );
            break;
        }
        let message = error.message().trim();
        // A `]` alone on its line just below an error and the array's items:
        // the end of an array whose opening line (`links = [` deleted) is
        // the mistake already said.
        let line_text = text[line_starts[line - 1]..]
            .lines()
            .next()
            .unwrap_or_default()
            .trim();
        if matches!(line_text, "]" | "],") && closes_broken_array(text, &line_starts, &errors, line)
        {
            continue;
        }
        // `[\"a\", x` then `\"b\"` on the next line: the comma the parser
        // misses there is the one after the word it already refused.
        if message.starts_with("missing comma")
            && (1..line)
                .rev()
                .find(|&earlier| {
                    let start = line_starts[earlier - 1];
                    !text[start..line_starts[earlier]].trim().is_empty()
                })
                .is_some_and(|earlier| raw_lines.contains(&earlier))
        {
            continue;
        }
        // The same complaint about the same name again (`[[sections.x]]`
        // after a `sections = []`, for each table): one mistake.
        // A stray `]` names nothing: each is a mistake of its own.
        let said = (message, text.get(span.clone()).unwrap_or_default());
        if !matches!(line_text, "]" | "],") && complaints.contains(&said) {
            continue;
        }
        complaints.push(said);
        let diagnostic = if message.starts_with("duplicate key") {
            match duplicate(text, &span) {
                // Defined first on a line the parser rejected
                // (`[sections]]` for `[[sections]]`): that line is the one
                // mistake, the next `[[sections]]` is right.
                Some(diagnostic)
                    if diagnostic.note.as_ref().is_some_and(|(first, _)| {
                        let first = line_starts.partition_point(|&start| start <= first.start);
                        first != line && lines_reported.contains(&first)
                    }) || broken_header_defines(text, &line_starts, &lines_reported, line) =>
                {
                    continue;
                }
                Some(diagnostic) => diagnostic,
                // A key of a table that is itself defined twice.
                None => continue,
            }
        } else {
            Diagnostic::error(
                Code::Syntax,
                format!("invalid TOML: {message}"),
                span.clone(),
            )
        };
        errors.push(diagnostic);
    }
    for key in &no_value {
        let key_name = shorten(&key.key);
        errors.push(if key.empty_string {
            let quotes = key.equals + 1 + text[key.equals + 1..].find(['"', '\'']).unwrap_or(0);
            Diagnostic::error(
                Code::Syntax,
                format!("`{key_name}` is an empty string, and the lines after it are not TOML"),
                quotes..quotes + 2,
            )
            .with_label("the string ends here")
            .with_help("a text of several lines opens with `\"\"\"` and closes with `\"\"\"`")
        } else {
            Diagnostic::error(
                Code::Syntax,
                format!("`{key_name}` has no value"),
                key.equals..key.equals + 1,
            )
            .with_label("a value is expected after `=`, on the same line")
            .with_help(
                "TOML wants a value on the line of its key: `key = \"…\"`, \
                 or `key = \"\"\"` to open a text of several lines",
            )
        });
    }
    errors.sort_by_key(|error| error.span.as_ref().map(|span| span.start));
    // Every error the parser found was taken for a consequence of another:
    // the first is reported as it is worded, never left out.
    if errors.is_empty()
        && let Some(first) = raw_errors.first()
    {
        errors.push(Diagnostic::error(
            Code::Syntax,
            format!("invalid TOML: {}", first.message().trim()),
            first.span().unwrap_or(0..0),
        ));
    }
    Parsed {
        table,
        errors,
        lost_keys,
        clean: raw_errors.is_empty(),
        suspect_from,
        consequences,
    }
}

/// Whether the table header on line `line` (1-based) names a table that a
/// header on a line the parser rejected, before it, also names
/// (`[sections.initiatives]]` then `[[sections.initiatives]]`).
fn broken_header_defines(
    text: &str,
    line_starts: &[usize],
    broken: &HashSet<usize>,
    line: usize,
) -> bool {
    let line_text = |line: usize| {
        let start = line_starts[line - 1];
        let end = line_starts.get(line).copied().unwrap_or(text.len());
        &text[start..end]
    };
    let Some(name) = header(line_text(line)) else {
        return false;
    };
    broken
        .iter()
        .any(|&other| other < line && header(line_text(other)).as_ref() == Some(&name))
}

/// A line `key =` with nothing after the `=` but spaces and a comment.
struct KeyWithoutValue {
    key: String,
    line_start: usize,
    /// Where its `=` stands.
    equals: usize,
    /// The end of the lines after it that are neither a table header nor
    /// another `key = …` line: its value, written on the lines below.
    orphans_end: usize,
    /// `key = ""` followed by such lines, rather than `key =`.
    empty_string: bool,
}

/// Every key of `text` written without a value, outside strings.
fn keys_without_value(text: &str) -> Vec<KeyWithoutValue> {
    let mut found = Vec::new();
    for (line_start, line) in lines_outside_strings(text, text.len()) {
        // A line outside strings holds no quote but in a comment: a line
        // that opens a string has a value.
        let code = line.split('#').next().unwrap_or_default();
        let Some((key, rest)) = code.split_once('=') else {
            continue;
        };
        let empty_string = matches!(rest.trim(), "\"\"" | "''");
        if !(rest.trim().is_empty() || empty_string) || !is_key(key) {
            continue;
        }
        let equals = line_start + key.len();
        let mut orphans_end = line_start + line.len();
        for orphan in text[orphans_end..].split_inclusive('\n') {
            let trimmed = orphan.trim();
            let starts_anew = header(trimmed).is_some_and(|name| is_key(&name))
                || trimmed.split_once('=').is_some_and(|(key, _)| is_key(key));
            if starts_anew {
                break;
            }
            orphans_end += orphan.len();
        }
        // `text = ""` then lines of text: the quotes of a `"""` lost
        // one. An empty string followed by TOML is no mistake of this kind.
        let orphans = &text[line_start + line.len()..orphans_end];
        if empty_string
            && orphans
                .lines()
                .all(|orphan| orphan.trim().is_empty() || orphan.trim().starts_with('#'))
        {
            continue;
        }
        found.push(KeyWithoutValue {
            key: key.trim().to_owned(),
            line_start,
            equals,
            orphans_end,
            empty_string,
        });
    }
    found
}

/// Whether `written` reads as a bare or dotted key (`text`, `closing.url`).
fn is_key(written: &str) -> bool {
    written.split('.').all(|part| {
        let part = part.trim();
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
    })
}

/// The most keys, array items and table headers a file may hold: the TOML
/// parser keeps about 150 bytes for each (1.9 million items in a 4 MB
/// array took 290 MiB), and an issue holds a few hundred.
pub const MAX_VALUES: usize = 200_000;

/// Where the file passes [`MAX_VALUES`]: its `=`, `,`, `[`, `{` and `.`
/// outside strings and comments, counted before parsing (a little more
/// than the values, never less).
fn too_many_values(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'#' => at = comment_end(bytes, at),
            b'"' | b'\'' => at = string_end(bytes, at).end,
            // A dotted key's parts and an inline table's braces are values
            // to the parser too.
            b'=' | b',' | b'[' | b'{' | b'.' => {
                count += 1;
                if count > MAX_VALUES {
                    return Some(at);
                }
                at += 1;
            }
            _ => at += 1,
        }
    }
    None
}

/// Where the comment starting at `at` ends (its line's end).
fn comment_end(bytes: &[u8], at: usize) -> usize {
    bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |length| at + length)
}

/// A string scanned from its opening quotes.
struct StringEnd {
    /// Just past its closing quotes, or where the scan stopped.
    end: usize,
    closed: bool,
    /// `"""` or `\'\'\'`.
    triple: bool,
}

/// Scans the string whose quotes open at `at`: a basic string ends at its
/// first unescaped `"`, a literal one at its first `'`, both on their line;
/// a multi-line one at its closing triple quotes (with the quotes its text
/// may end with, as in `""""`).
fn string_end(bytes: &[u8], at: usize) -> StringEnd {
    let quote = bytes[at];
    let triple = bytes[at..].starts_with(&[quote; 3]);
    let closing = if triple { 3 } else { 1 };
    let mut end = at + closing;
    while end < bytes.len() {
        if quote == b'"' && bytes[end] == b'\\' {
            end += 2;
            continue;
        }
        if !triple && bytes[end] == b'\n' {
            break;
        }
        if bytes[end..].starts_with(&[quote; 3][..closing]) {
            end += closing;
            while triple && bytes.get(end) == Some(&quote) {
                end += 1;
            }
            return StringEnd {
                end,
                closed: true,
                triple,
            };
        }
        end += 1;
    }
    StringEnd {
        end: end.min(bytes.len()),
        closed: false,
        triple,
    }
}

/// One error for each control character TOML refuses in a file (all but
/// tab, line feed, and carriage return before a line feed), at its first
/// place: the parser would report each occurrence, and each line after a
/// carriage return used alone as a line end, many times over.
fn control_characters(text: &str) -> Option<Vec<Diagnostic>> {
    let bytes = text.as_bytes();
    let refused = |at: usize| match bytes[at] {
        b'\t' | b'\n' => false,
        b'\r' => bytes.get(at + 1) != Some(&b'\n'),
        byte => byte < 0x20 || byte == 0x7f,
    };
    let mut counts = [0_usize; 0x80];
    let mut first = [usize::MAX; 0x80];
    for at in (0..bytes.len()).filter(|&at| refused(at)) {
        let byte = usize::from(bytes[at]);
        counts[byte] += 1;
        first[byte] = first[byte].min(at);
    }
    let mut found: Vec<(usize, u8, usize)> = (0..0x80_u8)
        .filter(|&byte| counts[usize::from(byte)] > 0)
        .map(|byte| (first[usize::from(byte)], byte, counts[usize::from(byte)]))
        .collect();
    found.sort();
    let errors: Vec<Diagnostic> = found
        .into_iter()
        .map(|(at, byte, count)| {
            let times = if count > 1 {
                format!(" ({count} times)")
            } else {
                String::new()
            };
            if byte == b'\r' {
                Diagnostic::error(
                    Code::ControlCharacter,
                    format!("the file ends its lines with a carriage return alone (U+000D){times}"),
                    at..at + 1,
                )
                .with_help("save the file with LF (or CRLF) line endings")
            } else {
                let name = control_name(byte)
                    .map(|name| format!(" ({name})"))
                    .unwrap_or_default();
                Diagnostic::error(
                    Code::ControlCharacter,
                    format!("the file holds the control character U+{byte:04X}{name}{times}"),
                    at..at + 1,
                )
                .with_help("remove it: TOML allows no control character but tab and line ends")
            }
        })
        .collect();
    (!errors.is_empty()).then_some(errors)
}

fn control_name(byte: u8) -> Option<&'static str> {
    Some(match byte {
        0x00 => "null",
        0x07 => "bell",
        0x08 => "backspace",
        0x0b => "vertical tab",
        0x0c => "form feed",
        0x1b => "escape",
        0x7f => "delete",
        _ => return None,
    })
}

/// Something that opens and must be closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Construct {
    String,
    MultiLineString,
    LiteralString,
    MultiLineLiteralString,
    Array,
    InlineTable,
    Header,
    ArrayHeader,
    /// A multi-line string closed only by the opening quotes of a later
    /// one, taking in the lines between.
    RunawayString,
}

impl Construct {
    /// What is wrong with it.
    fn message(self) -> String {
        match self {
            Construct::RunawayString => {
                "this multi-line string is not closed where its text ends".to_owned()
            }
            _ => format!("{} is never closed", self.name()),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Construct::RunawayString => "this multi-line string",
            Construct::String | Construct::LiteralString => "this string",
            Construct::MultiLineString | Construct::MultiLineLiteralString => {
                "this multi-line string"
            }
            Construct::Array => "this array",
            Construct::InlineTable => "this inline table",
            Construct::Header | Construct::ArrayHeader => "this table header",
        }
    }

    fn opening_len(self) -> usize {
        match self {
            Construct::MultiLineString
            | Construct::MultiLineLiteralString
            | Construct::RunawayString => 3,
            Construct::ArrayHeader => 2,
            _ => 1,
        }
    }

    fn help(self) -> &'static str {
        match self {
            Construct::String => {
                "close it with `\"` on the same line, or use `\"\"\"` for text on several lines"
            }
            Construct::LiteralString => "close it with `'` on the same line",
            Construct::MultiLineString => "close it with `\"\"\"`",
            Construct::MultiLineLiteralString => "close it with `'''`",
            Construct::Array => "close it with `]`",
            Construct::InlineTable => "close it with `}`",
            Construct::Header => "close it with `]` on the same line",
            Construct::ArrayHeader => "close it with `]]` on the same line",
            Construct::RunawayString => {
                "close it with `\"\"\"` after its last line: it now runs on over the lines that follow, up to the quotes that open another string"
            }
        }
    }
}

/// The string, array, inline table or table header that is open where the
/// parser's first error stands (`error`, the innermost one) and is never
/// closed, and where it opens; `None` when the error is another one. The
/// text before the error is valid TOML, so a small scanner reads it
/// reliably; after it, the scanner only looks for the closing.
fn unclosed(text: &str, error: usize) -> Option<(usize, Construct)> {
    let bytes = text.as_bytes();
    let error = error.min(bytes.len());
    let mut open: Vec<(usize, Construct)> = Vec::new();
    // The construct open at the error, once the scan gets there.
    let mut target: Option<(usize, Construct)> = None;
    // The first multi-line string that swallowed lines of TOML.
    let mut swallowed: Option<(usize, Construct)> = None;
    // Whether a value is expected: after `=`, up to the end of its line.
    let mut in_value = false;
    let mut at = 0;
    while at < bytes.len() {
        if target.is_none() && at >= error {
            target = Some(*open.last().or(swallowed.as_ref())?);
            if open.is_empty() {
                return swallowed;
            }
        }
        let rest = &bytes[at..];
        match bytes[at] {
            b'#' => {
                at = comment_end(bytes, at);
                continue;
            }
            quote @ (b'"' | b'\'') => {
                let start = at;
                let StringEnd {
                    end,
                    closed,
                    triple,
                } = string_end(bytes, at);
                at = end;
                let construct = match (quote, triple) {
                    (b'"', true) => Construct::MultiLineString,
                    (b'"', false) => Construct::String,
                    (_, true) => Construct::MultiLineLiteralString,
                    (_, false) => Construct::LiteralString,
                };
                let holds_error = start < error && (error < at || !closed);
                if holds_error {
                    return (!closed).then_some((start, construct));
                }
                // A multi-line string that holds a table header or a
                // `key = "…` line ran past where its writer meant to close
                // it, into the next string's opening quotes: the error after
                // it is the consequence.
                if triple && closed && swallowed.is_none() && ran_away(text, start, at) {
                    swallowed = Some((start, Construct::RunawayString));
                }
                if !closed && target.is_some() {
                    // Past the error, an unclosed string of its own.
                    break;
                }
                continue;
            }
            b'[' if open.is_empty() && !in_value => {
                let array = rest.starts_with(b"[[");
                let construct = if array {
                    Construct::ArrayHeader
                } else {
                    Construct::Header
                };
                open.push((at, construct));
                at += construct.opening_len();
                continue;
            }
            b'[' => open.push((at, Construct::Array)),
            b'{' => open.push((at, Construct::InlineTable)),
            b']' | b'}' => {
                if let Some(&(start, Construct::ArrayHeader)) = open.last() {
                    // `[[sections]`: one `]` does not close it.
                    if bytes.get(at + 1) != Some(&b']') {
                        return Some((start, Construct::ArrayHeader));
                    }
                    at += 1;
                }
                let closed = open.pop();
                if closed.is_some() && closed == target {
                    // The construct open at the error closes: the error is
                    // another one.
                    return None;
                }
            }
            b'=' => in_value = true,
            b'\n' => match open.last() {
                Some((_, Construct::Header | Construct::ArrayHeader)) => break,
                Some(_) => {}
                None => in_value = false,
            },
            _ => {}
        }
        at += 1;
    }
    target.or_else(|| open.last().copied())
}

/// Whether the multi-line string from `start` to `end` seems to have run on
/// past its text: its closing quotes are the opening ones of another value
/// (the line they close on reads `intro = """`), and it holds lines that
/// read as TOML. A string closed on a line of its own text is not blamed.
fn ran_away(text: &str, start: usize, end: usize) -> bool {
    let close = text[..end].trim_end_matches(['"', '\'']).len();
    let line = &text[text[..close].rfind('\n').map_or(0, |at| at + 1)..close];
    let opens_a_value = line.trim_end().strip_suffix('=').is_some_and(|key| {
        let key = key.trim();
        !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    });
    opens_a_value && holds_toml(&text[start..close])
}

/// Whether the text of a multi-line string holds a line that reads as TOML:
/// a table header, or a key given a string, a number, an array or a table.
fn holds_toml(string: &str) -> bool {
    string.lines().skip(1).any(|line| {
        let line = line.trim();
        if let Some(name) = header(line) {
            return !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
                && line.ends_with(']');
        }
        let Some((key, value)) = line.split_once('=') else {
            return false;
        };
        let key = key.trim();
        !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            && value
                .trim_start()
                .starts_with(|c: char| matches!(c, '"' | '\'' | '[' | '{') || c.is_ascii_digit())
    })
}

/// « duplicate key `number` », pointing at the second definition, with the
/// first one shown; `None` for a key that repeats only because the table
/// holding it is defined twice (that table is the one mistake).
fn duplicate(text: &str, span: &Range<usize>) -> Option<Diagnostic> {
    let written = text.get(span.clone())?.trim();
    let line_start = text[..span.start].rfind('\n').map_or(0, |at| at + 1);
    // Every line before the duplicate, with its offset; the text of a
    // multi-line string belongs to the line it opens on (a line of it that
    // reads `[contact]` is no header).
    let lines = lines_outside_strings(text, line_start);
    let lines_before = || lines.iter().copied();
    let indent = |(start, line): (usize, &str)| start + line.len() - line.trim_start().len();
    // Keys and tables compared by their whole path: `closing.text = …` at
    // the top and `text = …` under `[closing]` are the same key, and
    // `x = …` and `[[x]]` the same name.
    let key_of = |line: &str| -> Option<String> {
        let (key, _) = line.split_once('=')?;
        let key = key.trim();
        (!key.starts_with('#') && !key.starts_with('[')).then(|| {
            key.split('.')
                .map(|part| part.trim().trim_matches(['"', '\'']))
                .collect::<Vec<_>>()
                .join(".")
        })
    };
    let path = |table: &str, key: &str| {
        if table.is_empty() {
            key.to_owned()
        } else {
            format!("{table}.{key}")
        }
    };
    // The first line that defines `wanted`, as a table or as a key, in the
    // same instance of every array of tables holding it: from the latest
    // `[[…]]` header that names one of its parents (a `place` twice in the
    // third initiative was first defined in the third, not the first).
    let first_definition = |wanted: &str| {
        let within = |parent: &str| {
            wanted
                .strip_prefix(parent)
                .is_some_and(|rest| rest.starts_with('.'))
        };
        let scope = lines_before()
            .rposition(|(_, earlier)| {
                earlier.trim_start().starts_with("[[")
                    && header(earlier).is_some_and(|name| within(&name))
            })
            .unwrap_or(0);
        let mut table = String::new();
        lines_before().skip(scope).find(|&(_, earlier)| {
            if let Some(name) = header(earlier) {
                // `[[sections.initiatives]]` defines `sections` too.
                let found = name == wanted
                    || name
                        .strip_prefix(wanted)
                        .is_some_and(|rest| rest.starts_with('.'));
                table = name;
                return found;
            }
            // `closing.text = …` defines `closing` too.
            key_of(earlier).is_some_and(|found| {
                let found = path(&table, &found);
                found == wanted
                    || found
                        .strip_prefix(wanted)
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        })
    };
    let (message, help, wanted) = match header(&text[line_start..]) {
        Some(name) => (
            format!("duplicate table `[{}]`", shorten(&name)),
            "merge the two into one",
            name,
        ),
        None => {
            let key = written.trim_matches(['"', '\'']);
            let section = lines_before()
                .rev()
                .find(|&(_, earlier)| header(earlier).is_some());
            // The key repeats because its table does: not a mistake of its
            // own. (A `[[table]]` repeats by design: its keys never do.)
            if let Some((start, line)) = section
                && !line.trim_start().starts_with("[[")
                && let Some(name) = header(line)
                && lines_before()
                    .take_while(|&(earlier, _)| earlier < start)
                    .any(|(_, earlier)| {
                        header(earlier) == Some(name.clone())
                            || key_of(earlier).is_some_and(|key| {
                                key.strip_prefix(name.as_str())
                                    .is_some_and(|rest| rest.starts_with('.'))
                            })
                    })
            {
                return None;
            }
            let table = section
                .and_then(|(_, line)| header(line))
                .unwrap_or_default();
            (
                format!("duplicate key `{}`", shorten(key)),
                "keep one of the two",
                path(&table, key),
            )
        }
    };
    let diagnostic = Diagnostic::error(Code::DuplicateKey, message, span.clone())
        .with_label("defined again here")
        .with_help(help);
    Some(match first_definition(&wanted) {
        Some(first) => {
            let first = indent(first);
            diagnostic.with_note(first..first + 1, "first defined here")
        }
        None => diagnostic,
    })
}

/// The lines of `text` that start before `until`, each with its offset,
/// where a string's text is part of the line it opens on: a line is split
/// at each line break outside strings and comments' ends.
pub(super) fn lines_outside_strings(text: &str, until: usize) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at < until.min(bytes.len()) {
        match bytes[at] {
            b'#' => at = comment_end(bytes, at),
            b'"' | b'\'' => at = string_end(bytes, at).end,
            b'\n' => {
                at += 1;
                lines.push((start, &text[start..at]));
                start = at;
            }
            _ => at += 1,
        }
    }
    if start < until.min(bytes.len()) {
        lines.push((start, &text[start..until.min(bytes.len())]));
    }
    lines
}

/// The name of the table a header line opens (`[a . b]` → `a.b`), if the
/// line is one.
pub(super) fn header(line: &str) -> Option<String> {
    let line = line.trim_start();
    let inner = line.strip_prefix("[[").or_else(|| line.strip_prefix('['))?;
    let end = inner.find(']')?;
    Some(
        inner[..end]
            .split('.')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("."),
    )
}

/// « invalid date: February 2020 has 29 days » when `span` covers a date
/// that does not exist.
fn impossible_date(text: &str, span: &Range<usize>) -> Option<String> {
    let written = text.get(span.clone())?;
    let date = written.get(..10)?;
    let bytes = date.as_bytes();
    let digits_at = |range: Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if !(digits_at(0..4)
        && bytes[4] == b'-'
        && digits_at(5..7)
        && bytes[7] == b'-'
        && digits_at(8..10))
    {
        return None;
    }
    let year: i32 = date[0..4].parse().ok()?;
    let month: u32 = date[5..7].parse().ok()?;
    let day: u32 = date[8..10].parse().ok()?;
    if !(1..=12).contains(&month) {
        return Some(format!("invalid date: there is no month {month}"));
    }
    let days = days_in_month(year, month);
    if day == 0 || day > days {
        let name = MONTH_NAMES[month as usize - 1];
        return Some(format!("invalid date: {name} {year} has {days} days"));
    }
    None
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether the line numbered `line` (1-based) closes an array whose
/// opening is the last error reported: only array items (quoted values)
/// or blank lines stand between that error's line and it.
fn closes_broken_array(
    text: &str,
    line_starts: &[usize],
    errors: &[Diagnostic],
    line: usize,
) -> bool {
    let Some(last) = errors.last().and_then(|error| error.span.as_ref()) else {
        return false;
    };
    let error_line = line_starts.partition_point(|&start| start <= last.start);
    error_line < line
        && (error_line + 1..line).all(|between| {
            let item = text[line_starts[between - 1]..]
                .lines()
                .next()
                .unwrap_or_default()
                .trim();
            item.is_empty() || item.starts_with(['"', '\''])
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        let source = SourceFile::new("x.toml", text);
        parse_toml(&source)
            .errors
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn impossible_dates_are_explained() {
        assert_eq!(
            messages("date = 2020-02-30\n"),
            ["invalid date: February 2020 has 29 days"]
        );
        assert_eq!(
            messages("date = 2021-02-29\n"),
            ["invalid date: February 2021 has 28 days"]
        );
        assert_eq!(
            messages("date = 2020-04-31\n"),
            ["invalid date: April 2020 has 30 days"]
        );
        assert_eq!(
            messages("date = 2020-13-01\n"),
            ["invalid date: there is no month 13"]
        );
    }

    #[test]
    fn syntax_errors_on_separate_lines_are_all_reported() {
        let found = messages("a = \nb = 1 2\nc = \"x\nd = 1\n");
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0], "`a` has no value");
        assert!(found[1].starts_with("invalid TOML: "), "{found:?}");
        assert_eq!(found[2], "this string is never closed");
    }
}
