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

/// The dateline of the header: « Arras, le 8 avril 2020 ».
pub fn dateline(place: &str, date: NaiveDate) -> String {
    format!("{place}, le {}", french_date(date))
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
            "Arras, le 8 avril 2020"
        );
    }
}
