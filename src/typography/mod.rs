//! French typography, applied once to the validated model before any renderer.

mod dates;

pub use dates::{dateline, french_date, french_weekday_date};
