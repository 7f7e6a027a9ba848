//! TOML syntax errors as diagnostics, with plainer words for impossible
//! dates than the parser's.

use std::ops::Range;

use toml::Spanned;
use toml::de::DeTable;

use crate::diagnostic::{Diagnostic, SourceFile};

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

/// What the parser made of a file.
pub struct Parsed<'i> {
    pub table: Spanned<DeTable<'i>>,
    /// One diagnostic per syntax error.
    pub errors: Vec<Diagnostic>,
    /// Whether the parser may have lost keys: an impossible date keeps its
    /// key, a broken line does not.
    pub lost_keys: bool,
}

/// Parses `source` as far as possible.
pub fn parse_toml(source: &SourceFile) -> Parsed<'_> {
    let (table, errors) = DeTable::parse_recoverable(&source.text);
    let mut lost_keys = false;
    let errors = errors
        .iter()
        .map(|error| {
            let span = error.span().unwrap_or(0..0);
            let message = impossible_date(&source.text, &span).unwrap_or_else(|| {
                lost_keys = true;
                format!("invalid TOML: {}", error.message().trim())
            });
            Diagnostic::error(message, span)
        })
        .collect();
    Parsed {
        table,
        errors,
        lost_keys,
    }
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
    fn syntax_errors_are_all_reported() {
        let found = messages("a = \nb = \"x\nc = 1\n");
        assert!(found.len() >= 2, "{found:?}");
        assert!(
            found.iter().all(|m| m.starts_with("invalid TOML: ")),
            "{found:?}"
        );
    }
}
