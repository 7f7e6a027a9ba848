//! bytes → load → typography → every renderer, with the properties of
//! issue 9, items 1, 2 and 5 checked on every input
//! (`tests/common/compose_check.rs`, shared with the regression tests of
//! the findings in `tests/fuzz_regressions.rs`).
//!
//! The first byte may choose the series file (`compose_check::split`);
//! otherwise the input is an issue file as it is, over `releases/series.toml`.

#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/pdf_text.rs"]
#[allow(dead_code)]
mod pdf_text;

#[path = "../../tests/common/tagged.rs"]
#[allow(dead_code)]
mod tagged;

#[path = "../../tests/common/compose_check.rs"]
mod compose_check;

/// 50 ms + 20 µs per byte: see `BUDGET` in tests/fuzz_regressions.rs and
/// README.md.
const BUDGET: compose_check::Budget = compose_check::Budget {
    base: Duration::from_millis(50),
    per_byte: Duration::from_micros(20),
};

fuzz_target!(|data: &[u8]| {
    if let Err(problem) = compose_check::check(data, BUDGET) {
        panic!("{problem}");
    }
});
