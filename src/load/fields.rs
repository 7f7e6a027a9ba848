//! Reading typed fields out of a parsed TOML table, collecting a diagnostic
//! for every problem instead of stopping at the first (which is all serde's
//! derive could do).

use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::characters::is_bidi_control;
use super::link::{LinkError, parse_link};
use crate::diagnostic::{Code, Diagnostic, shorten};
use crate::input::Table;
use crate::model::Link;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// Collects diagnostics while fields are read.
#[derive(Debug, Default)]
pub struct Checker {
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the file has syntax errors: a key may then look missing only
    /// because the parser could not read its line.
    pub skip_missing: bool,
    /// Every string value read, for the checks on single characters
    /// (control characters, glyphs, the typography lint).
    pub texts: Vec<Text>,
    /// The known keys that an unknown key was taken for (`sections` for
    /// `sectons`), by their path, with where that unknown key is: such a
    /// key is not also reported missing.
    suggested: Vec<(String, Range<usize>)>,
    /// Each value of the wrong type, as reported: for the errors that a
    /// header written wrong causes besides (see `load::check_document`).
    pub wrong_types: Vec<WrongType>,
}

/// A value of the wrong type: its key's path (`sections[1].initiatives`)
/// and where it is written.
#[derive(Debug, Clone)]
pub struct WrongType {
    pub path: String,
    pub span: Range<usize>,
    /// A table where an array of tables is expected: a `[header]` written
    /// with one pair of brackets.
    pub table_for_tables: bool,
}

/// A string value as read, and where it was written.
#[derive(Debug, Clone)]
pub struct Text {
    pub value: String,
    pub span: Range<usize>,
    /// Whether the value is one address (`links`, `url`, `email`), which
    /// the link check judges whole, rather than text that may hold some.
    pub is_address: bool,
    /// Its key in messages: `sections[1].intro`.
    pub key: String,
}

/// One table of the document and the keys it may hold.
pub struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    /// Where to point when a key is missing: the table's header.
    pub span: Range<usize>,
    /// The table's name in messages: `sections[2]`, or empty at top level.
    path: String,
    /// What the input mirror declares of this table: the keys it accepts,
    /// and which of them it requires.
    shape: &'static Table,
}

impl<'a, 'i> Fields<'a, 'i> {
    /// The document's top-level table, of the shape `shape`.
    pub fn new(table: &'a DeTable<'i>, shape: &'static Table) -> Self {
        Fields {
            table,
            span: 0..0,
            path: String::new(),
            shape,
        }
    }

    /// The table `table`, written at `span`, under `key` of `self`.
    fn child(
        &self,
        table: &'a DeTable<'i>,
        span: Range<usize>,
        key: &str,
        path: String,
    ) -> Fields<'a, 'i> {
        Fields {
            table,
            span,
            path,
            shape: self
                .shape
                .table(key)
                .unwrap_or_else(|| panic!("`{}` is no table in the mirror", self.name(key))),
        }
    }

    /// Whether the mirror requires `key` in this table. The loader reads
    /// only keys the mirror declares: any other is a bug.
    fn requires(&self, key: &str) -> bool {
        self.shape
            .key(key)
            .unwrap_or_else(|| panic!("the mirror has no key `{}`", self.name(key)))
            .required
    }

    /// Is `key` present, whatever its value?
    pub fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// The table's name in messages: `sections[2]`.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn get(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    /// `key` as it should appear in messages: `sections[1].title`.
    pub fn name(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

impl Checker {
    /// Records a problem, error or warning.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Reports every key of `fields` that the mirror does not declare
    /// for its table, with a suggestion when a known key is close.
    pub fn unknown_keys(&mut self, fields: &Fields) {
        let known = fields.shape.names.as_slice();
        for (key, _) in fields.table.iter() {
            let name = key.get_ref().as_ref();
            if known.iter().any(|known| known == name) {
                continue;
            }
            // A key written with an escaped direction control (`"k\u202E"`):
            // the control is the mistake to show, the key is unknown anyway.
            if let Some(c) = name.chars().find(|&c| is_bidi_control(c)) {
                self.report(
                    Diagnostic::error(
                        Code::BidiControl,
                        format!(
                            "the key `{}` holds the bidirectional control U+{:04X} ({})",
                            shorten(&fields.name(&name.replace(is_bidi_control, ""))),
                            c as u32,
                            super::characters::invisible(c).unwrap_or("direction control")
                        ),
                        key.span(),
                    )
                    .with_help(
                        "remove it: it makes the text display in another order than it is written",
                    ),
                );
                continue;
            }
            let unknown = format!("unknown key `{}`", shorten(&fields.name(name)));
            let diagnostic = match closest(name, known) {
                Some(suggestion) => {
                    self.suggested.push((fields.name(suggestion), key.span()));
                    Diagnostic::error(
                        Code::UnknownKey,
                        format!("{unknown}, did you mean `{suggestion}`?"),
                        key.span(),
                    )
                }
                None => {
                    Diagnostic::error(Code::UnknownKey, unknown, key.span()).with_help(format!(
                        "expected one of {}",
                        known
                            .iter()
                            .map(|k| format!("`{}`", k))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                }
            };
            self.report(diagnostic);
        }
    }

    /// `key` is absent: an error if the mirror requires it; `what` is how
    /// to write it (`title = …`, `[closing]`).
    fn absent(&mut self, fields: &Fields, key: &str, what: &str) {
        if !fields.requires(key) || self.skip_missing || self.misspelled(&fields.name(key)) {
            return;
        }
        let diagnostic = Diagnostic::error(
            Code::MissingKey,
            format!("missing required key `{}`", fields.name(key)),
            fields.span.clone(),
        );
        self.report(if fields.path.is_empty() {
            diagnostic.with_label(format!("add `{what}` to this file"))
        } else {
            diagnostic.with_label(format!("this table needs `{key}`"))
        });
    }

    /// Whether the required key `path`, missing, was written misspelled:
    /// the unknown key that suggests it is then the one error, and says
    /// the key is required.
    pub fn misspelled(&mut self, path: &str) -> bool {
        let Some((_, span)) = self.suggested.iter().find(|(key, _)| key == path) else {
            return false;
        };
        if let Some(diagnostic) = self.diagnostics.iter_mut().find(|diagnostic| {
            diagnostic.code == Code::UnknownKey && diagnostic.span.as_ref() == Some(span)
        }) {
            diagnostic.help = Some(format!("`{path}` is required"));
        }
        true
    }

    /// Whether an unknown key was taken for the key `path` (`intor` for
    /// `sections[1].intro`): the key is then written, misspelled, and
    /// nothing is to be said of its absence.
    pub fn was_suggested(&self, path: &str) -> bool {
        self.suggested.iter().any(|(key, _)| key == path)
    }

    fn wrong_type(&mut self, fields: &Fields, key: &str, expected: &str, value: &Spanned<DeValue>) {
        self.wrong_types.push(WrongType {
            path: fields.name(key),
            span: value.span(),
            table_for_tables: expected == "an array of tables"
                && matches!(value.get_ref(), DeValue::Table(_)),
        });
        self.report(
            Diagnostic::error(
                Code::WrongType,
                format!(
                    "wrong type for `{}`: expected {expected}, found {}",
                    fields.name(key),
                    article(value.get_ref().type_str())
                ),
                value.span(),
            )
            .with_label(format!("expected {expected}")),
        );
    }

    /// A string, or `None` (with a diagnostic if it was required, of the
    /// wrong type, or blank).
    pub fn string(&mut self, fields: &Fields, key: &str) -> Option<Located<String>> {
        let Some(value) = fields.get(key) else {
            self.absent(fields, key, &format!("{key} = …"));
            return None;
        };
        let Some(text) = value.get_ref().as_str() else {
            self.wrong_type(fields, key, "a string", value);
            return None;
        };
        if is_blank(text) {
            self.report(Diagnostic::error(
                Code::Empty,
                format!("empty `{}`", fields.name(key)),
                value.span(),
            ));
            return None;
        }
        self.texts.push(Text {
            value: text.to_owned(),
            span: value.span(),
            is_address: false,
            key: fields.name(key),
        });
        Some(Located {
            value: text.to_owned(),
            span: value.span(),
        })
    }

    /// An integer of at least 1.
    pub fn positive_integer(&mut self, fields: &Fields, key: &str) -> Option<Located<u32>> {
        let Some(value) = fields.get(key) else {
            self.absent(fields, key, &format!("{key} = 1"));
            return None;
        };
        let Some(integer) = value.get_ref().as_integer() else {
            self.wrong_type(fields, key, "an integer", value);
            return None;
        };
        let written = integer.as_str().replace('_', "");
        let (negative, digits) = match written.strip_prefix('-') {
            Some(digits) => (true, digits),
            None => (false, written.strip_prefix('+').unwrap_or(&written)),
        };
        let digits = digits
            .strip_prefix("0x")
            .or_else(|| digits.strip_prefix("0o"))
            .or_else(|| digits.strip_prefix("0b"))
            .unwrap_or(digits);
        let parsed = u32::from_str_radix(digits, integer.radix());
        match parsed {
            Ok(number) if number >= 1 && !negative => Some(Located {
                value: number,
                span: value.span(),
            }),
            Err(error) if !negative && *error.kind() == std::num::IntErrorKind::PosOverflow => {
                self.report(
                    Diagnostic::error(
                        Code::InvalidNumber,
                        format!("`{}` is too large: at most {}", fields.name(key), u32::MAX),
                        value.span(),
                    )
                    .with_label("out of range"),
                );
                None
            }
            _ => {
                self.report(
                    Diagnostic::error(
                        Code::InvalidNumber,
                        format!("`{}` must be 1 or more", fields.name(key)),
                        value.span(),
                    )
                    .with_label("issues are numbered from 1"),
                );
                None
            }
        }
    }

    /// A TOML local date (`2020-04-08`), with no time or offset.
    pub fn date(&mut self, fields: &Fields, key: &str) -> Option<Located<NaiveDate>> {
        let Some(value) = fields.get(key) else {
            self.absent(fields, key, &format!("{key} = 2020-04-08"));
            return None;
        };
        let Some(datetime) = value.get_ref().as_datetime() else {
            self.wrong_type(fields, key, "a date such as 2020-04-08", value);
            return None;
        };
        let date = match (datetime.date, datetime.time, datetime.offset) {
            (Some(date), None, None) => {
                NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
            }
            (date, ..) => {
                let message = if date.is_some() {
                    format!(
                        "`{}` must be a date alone, without a time",
                        fields.name(key)
                    )
                } else {
                    format!("`{}` is a time of day, not a date", fields.name(key))
                };
                self.report(
                    Diagnostic::error(Code::InvalidDate, message, value.span())
                        .with_help("write it as 2020-04-08"),
                );
                return None;
            }
        };
        match date {
            // The year 0 exists in TOML, not in HTML's `datetime`.
            Some(date) if date.year() < 1 => {
                self.report(Diagnostic::error(
                    Code::InvalidDate,
                    "invalid date: the year must be 1 or later",
                    value.span(),
                ));
                None
            }
            Some(date) => Some(Located {
                value: date,
                span: value.span(),
            }),
            None => {
                self.report(Diagnostic::error(
                    Code::InvalidDate,
                    "invalid date",
                    value.span(),
                ));
                None
            }
        }
    }

    /// A link: an e-mail address or an http(s) URL.
    pub fn link(&mut self, fields: &Fields, key: &str) -> Option<Located<Link>> {
        let text = self.string(fields, key)?;
        if let Some(read) = self.texts.last_mut() {
            read.is_address = true;
        }
        self.parse_link(&text.value, text.span)
    }

    fn parse_link(&mut self, text: &str, span: Range<usize>) -> Option<Located<Link>> {
        match parse_link(text) {
            Ok(link) => Some(Located { value: link, span }),
            // Reported where it stands by the check on single characters,
            // which refuses it in every text.
            Err(LinkError::Invisible(c)) if is_bidi_control(c) => None,
            Err(error) => {
                self.report(Diagnostic::error(
                    Code::InvalidLink,
                    format!("invalid link: {error}"),
                    span,
                ));
                None
            }
        }
    }

    /// An array of links.
    pub fn links(&mut self, fields: &Fields, key: &str) -> Vec<Located<Link>> {
        let Some(value) = fields.get(key) else {
            self.absent(fields, key, &format!("{key} = […]"));
            return Vec::new();
        };
        let Some(array) = value.get_ref().as_array() else {
            self.wrong_type(fields, key, "an array of strings", value);
            return Vec::new();
        };
        let mut links = Vec::new();
        for item in array.iter() {
            match item.get_ref().as_str() {
                Some(text) => {
                    self.texts.push(Text {
                        value: text.to_owned(),
                        span: item.span(),
                        is_address: true,
                        key: fields.name(key),
                    });
                    links.extend(self.parse_link(text, item.span()));
                }
                None => self.report(Diagnostic::error(
                    Code::WrongType,
                    format!(
                        "wrong type in `{}`: expected a string, found {}",
                        fields.name(key),
                        article(item.get_ref().type_str())
                    ),
                    item.span(),
                )),
            }
        }
        links
    }

    /// A sub-table (`[closing]`), or `None`.
    pub fn table<'a, 'i>(&mut self, fields: &Fields<'a, 'i>, key: &str) -> Option<Fields<'a, 'i>> {
        let Some(value) = fields.get(key) else {
            self.absent(fields, key, &format!("[{}]", fields.name(key)));
            return None;
        };
        match value.get_ref() {
            DeValue::Table(table) => Some(fields.child(table, value.span(), key, fields.name(key))),
            _ => {
                self.wrong_type(fields, key, "a table", value);
                None
            }
        }
    }

    /// An array of tables (`[[sections]]`); one the mirror requires must
    /// hold at least one table.
    pub fn tables<'a, 'i>(&mut self, fields: &Fields<'a, 'i>, key: &str) -> Vec<Fields<'a, 'i>> {
        let required = fields.requires(key);
        let Some(value) = fields.get(key) else {
            self.absent(fields, key, &format!("[[{}]]", fields.name(key)));
            return Vec::new();
        };
        let Some(array) = value.get_ref().as_array() else {
            self.wrong_type(fields, key, "an array of tables", value);
            return Vec::new();
        };
        let mut tables = Vec::new();
        for (index, item) in array.iter().enumerate() {
            match item.get_ref() {
                DeValue::Table(table) => tables.push(fields.child(
                    table,
                    item.span(),
                    key,
                    format!("{}[{}]", fields.name(key), index + 1),
                )),
                other => self.report(Diagnostic::error(
                    Code::WrongType,
                    format!(
                        "wrong type in `{}`: expected a table, found {}",
                        fields.name(key),
                        article(other.type_str())
                    ),
                    item.span(),
                )),
            }
        }
        if required && tables.is_empty() && array.iter().next().is_none() {
            self.report(Diagnostic::error(
                Code::Empty,
                format!("`{}` is empty", fields.name(key)),
                value.span(),
            ));
        }
        tables
    }

    /// A boolean, or `None`.
    pub fn boolean(&mut self, fields: &Fields, key: &str) -> Option<Located<bool>> {
        let Some(value) = fields.get(key) else {
            self.absent(fields, key, &format!("{key} = true"));
            return None;
        };
        match value.get_ref().as_bool() {
            Some(flag) => Some(Located {
                value: flag,
                span: value.span(),
            }),
            None => {
                self.wrong_type(fields, key, "true or false", value);
                None
            }
        }
    }
}

/// Nothing a reader would see: spaces, and the invisible characters
/// (Unicode's default ignorables: soft hyphen, zero-width space and
/// joiners, word joiner, byte order mark …).
fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || super::characters::invisible(c).is_some())
}

fn article(type_name: &str) -> String {
    match type_name {
        "integer" | "array" => format!("an {type_name}"),
        "datetime" => "a date-time".to_owned(),
        _ => format!("a {type_name}"),
    }
}

/// The known key closest to `key`, if it is close enough to be a typo.
pub fn closest<'k>(key: &str, known: &'k [impl AsRef<str>]) -> Option<&'k str> {
    known
        .iter()
        .map(|candidate| candidate.as_ref())
        .map(|candidate| (strsim::damerau_levenshtein(key, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_keys_are_suggested() {
        let known = [
            "number",
            "date",
            "title",
            "preamble",
            "sections",
            "call_to_action",
        ];
        assert_eq!(closest("titel", &known), Some("title"));
        assert_eq!(closest("preambule", &known), Some("preamble"));
        assert_eq!(closest("section", &known), Some("sections"));
        assert_eq!(closest("call-to-action", &known), Some("call_to_action"));
        assert_eq!(closest("colour", &known), None);
    }
}
