//! Dates written the French way: « 8 avril 2020 », « 1er mai 2020 »,
//! « mercredi 8 avril 2020 ».
//!
//! A table of our own rather than chrono's `unstable-locales`: it is smaller,
//! and chrono never writes « 1er ».

use chrono::{Datelike, NaiveDate, Weekday};

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// « 8 avril 2020 », « 1er avril 2020 ».
pub fn french_date(date: NaiveDate) -> String {
    let day = match date.day() {
        1 => "1er".to_owned(),
        day => day.to_string(),
    };
    let month = MONTHS[date.month0() as usize];
    format!("{day} {month} {}", date.year())
}

/// « mercredi 8 avril 2020 ».
pub fn french_weekday_date(date: NaiveDate) -> String {
    let weekday = match date.weekday() {
        Weekday::Mon => "lundi",
        Weekday::Tue => "mardi",
        Weekday::Wed => "mercredi",
        Weekday::Thu => "jeudi",
        Weekday::Fri => "vendredi",
        Weekday::Sat => "samedi",
        Weekday::Sun => "dimanche",
    };
    format!("{weekday} {}", french_date(date))
}

/// The dateline of the header: « Arras, le 8 avril 2020 », the date never
/// cut at a line end (no-break spaces from « le » to the year): a long
/// place name goes on a line of its own instead.
pub fn dateline(place: &str, date: NaiveDate) -> String {
    let date = french_date(date).replace(' ', "\u{a0}");
    format!("{place}, le\u{a0}{date}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn day_of_month_without_leading_zero() {
        assert_eq!(french_date(date(2020, 4, 8)), "8 avril 2020");
    }

    #[test]
    fn first_of_month_is_premier() {
        assert_eq!(french_date(date(2020, 5, 1)), "1er mai 2020");
    }

    #[test]
    fn accented_months() {
        assert_eq!(french_date(date(2020, 2, 29)), "29 février 2020");
        assert_eq!(french_date(date(2020, 8, 15)), "15 août 2020");
        assert_eq!(french_date(date(2020, 12, 31)), "31 décembre 2020");
    }

    #[test]
    fn weekday_names() {
        assert_eq!(
            french_weekday_date(date(2020, 4, 8)),
            "mercredi 8 avril 2020"
        );
        assert_eq!(
            french_weekday_date(date(2020, 3, 1)),
            "dimanche 1er mars 2020"
        );
    }

    #[test]
    fn dateline_with_place() {
        assert_eq!(
            dateline("Arras", date(2020, 4, 8)),
            "Arras, le\u{a0}8\u{a0}avril\u{a0}2020"
        );
        assert_eq!(
            dateline("Saint-Laurent-Blangy", date(2021, 11, 1)),
            "Saint-Laurent-Blangy, le\u{a0}1er\u{a0}novembre\u{a0}2021"
        );
    }
}
