//! The findings of the fuzz target `compose` (`fuzz/`, issue 9, item 7),
//! each replayed by the very check that found it
//! (`tests/common/compose_check.rs`) on its minimised input, kept byte for
//! byte in `tests/fixtures/fuzz/` (the first byte may choose the series
//! file: see `compose_check::split`). The seeds of the fuzzer pass the same
//! check.

mod common;

#[path = "common/compose_check.rs"]
mod compose_check;

use std::time::Duration;

// What compose_check reads the PDF's text and checks its tags with
// (`crate::pdf_text`, `crate::tagged`).
use common::{pdf_text, tagged};
use compose_check::{Budget, Outcome, check};

/// The fuzz target's budget is 50 ms + 20 µs per byte in its optimised
/// build; a test build is unoptimised and shares the machine with the other
/// tests running at the same time: ten times that, as a margin.
const BUDGET: Budget = Budget {
    base: Duration::from_millis(500),
    per_byte: Duration::from_micros(200),
};

fn input(name: &str) -> Vec<u8> {
    std::fs::read(common::root().join(name)).unwrap()
}

fn finding(name: &str) -> Vec<u8> {
    input(&format!("tests/fixtures/fuzz/{name}"))
}

/// With a first byte for each series choice, as `fuzz/seed.sh` seeds them.
#[test]
fn the_seeds_pass() {
    for (name, valid) in [
        ("releases/n2.toml", true),
        ("tests/fixtures/hostile.toml", true),
        ("tests/browser/long-words/issue.toml", true),
    ] {
        let issue = input(name);
        assert_eq!(
            check(&issue, BUDGET),
            Ok(if valid {
                Outcome::Rendered
            } else {
                Outcome::Refused
            }),
            "{name}"
        );
        for byte in [0, 1, 2] {
            let mut data = vec![byte];
            data.extend_from_slice(&issue);
            // Without a series file the n°2 has no title nor place.
            let outcome = check(&data, BUDGET);
            assert!(
                matches!(outcome, Ok(Outcome::Rendered | Outcome::Refused)),
                "{name} with series choice {byte}: {outcome:?}"
            );
        }
    }
}

#[test]
fn the_checks_catch_what_they_look_for() {
    // A bidirectional control is refused at load: with an error.
    assert_eq!(
        check("number = 3\ntitle = \"\u{202e}x\"".as_bytes(), BUDGET),
        Ok(Outcome::Refused)
    );
    // Not UTF-8: refused too.
    assert_eq!(check(b"\xff\xfe", BUDGET), Ok(Outcome::Refused));
    // A budget nobody meets.
    let none = Budget {
        base: Duration::ZERO,
        per_byte: Duration::ZERO,
    };
    let slow = check(&input("releases/n2.toml"), none).unwrap_err();
    assert!(slow.starts_with("too slow"), "{slow}");
}

/// `&#x202E` written in an address of the text (`http://w/&#x202E`): the
/// Markdown escapes it (`\&#x202E`) in the link's text and destination, so
/// that no reader decodes a right-to-left override. The fuzz target's first
/// check took the escaped reference in the raw Markdown for a decoded one;
/// it now checks what both readers decode.
#[test]
fn a_bidi_character_reference_in_an_address_stays_text() {
    let data = finding("bidi-reference-in-an-address.bin");
    assert_eq!(check(&data, BUDGET), Ok(Outcome::Rendered));
}

/// An address whose scheme mixes cases (`url = "httPs://x.fr"`; found as
/// `hTtps://`, `htTps://` in mutated links of the long-words issue, this
/// input reduced by hand from them), which the
/// loader accepts: the HTML linked it as written, and a filter that allows
/// `https:` as written (the check's) refused it. Every renderer now writes
/// the scheme in lowercase (`render::emittable_href`).
#[test]
fn a_scheme_in_mixed_case_is_linked_in_lowercase() {
    let data = finding("mixed-case-scheme.bin");
    assert_eq!(check(&data, BUDGET), Ok(Outcome::Rendered));
}

/// `preamble = "]"` then `[[preamble]]`: a key defined again as an array
/// of tables. The parser's duplicate key was dropped by
/// `load::syntax::duplicate` (it looked for an earlier *header* of the same
/// name, found none, and took it for a consequence of a table defined
/// twice), and the parser's error marked keys as lost, so no « missing
/// key » error came either: the file was refused with no diagnostic at all
/// (`compose` printed « aborting, 0 errors », exit 65). Fixed on main in
/// 1affc98 (a duplicate table with its first definition).
#[test]
fn a_key_then_an_array_of_tables_of_the_same_name_is_refused_with_an_error() {
    let data = finding("key-then-array-of-tables-refused-without-error.bin");
    assert_eq!(check(&data, BUDGET), Ok(Outcome::Refused));
}

// Findings whose fix belongs to a file another change is editing go in a
// module `pending`, `#[ignore = "fuzz finding: …, fix pending"]` (and
// skipped by `.ci/run`'s run of the ignored tests, `--skip pending::`),
// their input named `pending-*.bin` (which keeps it out of the fuzzer's
// seeds, where it would fail the CI's run at once), until the fix lands.
// None is pending now.
