//! `solidaire check`: runs the real binary on folders and files of issues,
//! and asserts the exit code and the exact messages.

use std::fs;
use std::path::Path;

use chrono::{Duration, Local, NaiveDate};
use tempfile::TempDir;

mod common;

use common::cli::{solidaire, stderr};

/// `days` after today (before, when negative): dates near today draw no
/// « more than a year away » warning.
fn day(days: i64) -> NaiveDate {
    Local::now().date_naive() + Duration::days(days)
}

fn issue(number: u32, date: NaiveDate) -> String {
    format!(
        "number = {number}\ndate = {date}\npreamble = \"Le chapeau.\"\n\n[[sections]]\n\
         title = \"Une section\"\nintro = \"Une introduction.\"\n\n[closing]\ntext = \"Merci.\"\n"
    )
}

const SERIES: &str = "title = \"Covid-19 : le Pas-de-Calais solidaire\"\nplace = \"Arras\"\n";

/// A folder `releases/` holding `series.toml` and `files`.
fn releases(files: &[(&str, String)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let releases = dir.path().join("releases");
    fs::create_dir(&releases).unwrap();
    fs::write(releases.join("series.toml"), SERIES).unwrap();
    for (name, text) in files {
        fs::write(releases.join(name), text).unwrap();
    }
    dir
}

/// A series with a number twice, a gap, a date going backwards and a file
/// named after another number.
fn troubled() -> TempDir {
    releases(&[
        ("n1.toml", issue(1, day(-28))),
        ("n2.toml", issue(2, day(-21))),
        ("n2-bis.toml", issue(2, day(-20))),
        ("n5.toml", issue(5, day(-30))),
        ("n6.toml", issue(7, day(-7))),
    ])
}

/// What `--message-format short` says of [`troubled`], in the order of the
/// files (`n2` before `n10`), each file's problems in its order.
fn troubled_short() -> String {
    [
        "releases/n2.toml:1:10: error[duplicate-number]: two issues are numbered 2: \
         this one and `releases/n2-bis.toml:1:10`"
            .to_owned(),
        "releases/n5.toml:1:10: warning[number-gap]: no issue n°3 to n°4 between n°2 \
         (`releases/n2.toml`) and this one"
            .to_owned(),
        format!(
            "releases/n5.toml:2:8: warning[date-order]: n°5 is dated {}, before n°2 ({}, \
             `releases/n2.toml`)",
            day(-30),
            day(-21)
        ),
        "releases/n6.toml:1:10: warning[name-mismatch]: the file is named after n°6 but \
         holds the issue n°7"
            .to_owned(),
        "releases/n6.toml:1:10: warning[number-gap]: no issue n°6 between n°5 \
         (`releases/n5.toml`) and this one"
            .to_owned(),
    ]
    .map(|line| line + "\n")
    .concat()
}

#[test]
fn a_folder_with_a_number_twice_a_gap_and_a_misnamed_file() {
    let dir = troubled();
    let output = solidaire(
        dir.path(),
        &["check", "releases", "--message-format", "short"],
    );
    assert_eq!(output.status.code(), Some(65));
    assert_eq!(stderr(&output), troubled_short());
    assert!(output.stdout.is_empty());
}

#[test]
fn human_output_draws_each_problem_and_ends_with_a_summary() {
    let dir = troubled();
    let output = solidaire(dir.path(), &["check", "releases/"]);
    assert_eq!(output.status.code(), Some(65));
    let messages = stderr(&output);
    assert!(
        messages.starts_with(
            "error: two issues are numbered 2: this one and `releases/n2-bis.toml:1:10`\n \
             --> releases/n2.toml:1:10\n  |\n1 | number = 2\n  \
             |          ^ the same number as another issue\n  |\n  = help: give each issue \
             its own number\n"
        ),
        "{messages}"
    );
    assert!(
        messages.ends_with("\nchecked 6 files: 1 error, 4 warnings\n"),
        "{messages}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn json_output_is_one_object_a_line_with_every_field() {
    let dir = troubled();
    let output = solidaire(
        dir.path(),
        &["check", "releases", "--message-format", "json"],
    );
    assert_eq!(output.status.code(), Some(65));
    let lines: Vec<serde_json::Value> = stderr(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON object"))
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines[0],
        serde_json::json!({
            "file": "releases/n2.toml",
            "line": 1,
            "column": 10,
            "end_line": 1,
            "end_column": 11,
            "severity": "error",
            "code": "duplicate-number",
            "message": "two issues are numbered 2: this one and `releases/n2-bis.toml:1:10`",
            "label": "the same number as another issue",
            "help": "give each issue its own number",
        })
    );
    let codes: Vec<&str> = lines
        .iter()
        .map(|line| line["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "duplicate-number",
            "number-gap",
            "date-order",
            "name-mismatch",
            "number-gap"
        ]
    );
    assert_eq!(lines[2]["line"], 2);
    assert_eq!(lines[2]["column"], 8);
    assert_eq!(lines[2]["end_column"], 18);
    assert_eq!(lines[2]["severity"], "warning");
}

#[test]
fn deny_warnings_fails_a_folder_with_warnings_only() {
    let dir = releases(&[
        ("n1.toml", issue(1, day(-14))),
        ("n3.toml", issue(3, day(-7))),
    ]);
    let gap = "releases/n3.toml:1:10: warning[number-gap]: no issue n°2 between n°1 \
               (`releases/n1.toml`) and this one\n";

    let output = solidaire(dir.path(), &["check", "releases", "--message-format=short"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), gap);

    for deny in [
        &["-D", "warnings"][..],
        &["-Dwarnings"],
        &["--deny-warnings"],
    ] {
        let mut args = vec!["check", "releases", "--message-format=short"];
        args.extend(deny);
        let output = solidaire(dir.path(), &args);
        assert_eq!(output.status.code(), Some(65), "{deny:?}");
        assert_eq!(stderr(&output), gap);
    }

    let output = solidaire(dir.path(), &["check", "-D", "warnings", "releases"]);
    assert!(
        stderr(&output)
            .ends_with("checked 3 files: no errors, 1 warning (denied by -D warnings)\n"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn deny_takes_only_warnings() {
    let dir = releases(&[("n1.toml", issue(1, day(-14)))]);
    let output = solidaire(dir.path(), &["check", "-D", "errors", "releases"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: invalid value 'errors' for '-D <LINTS>'\n  [possible values: warnings]\n\n\
         For more information, try '--help'.\n"
    );
    let output = solidaire(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_missing_path_exits_66_once_every_other_file_is_checked() {
    let dir = releases(&[
        ("n1.toml", issue(1, day(-14))),
        ("n2.toml", issue(0, day(-7))),
    ]);
    let output = solidaire(
        dir.path(),
        &[
            "check",
            "releases/n9.toml",
            "releases/n1.toml",
            "releases/n2.toml",
            "--message-format",
            "short",
        ],
    );
    assert_eq!(output.status.code(), Some(66));
    assert_eq!(
        stderr(&output),
        "releases/n9.toml: error[unreadable]: cannot read `releases/n9.toml`: no such file or directory\n\
         releases/n2.toml:1:10: error[invalid-number]: `number` must be 1 or more\n"
    );

    let output = solidaire(dir.path(), &["check", "releases", "nowhere"]);
    assert_eq!(output.status.code(), Some(66));
    let messages = stderr(&output);
    assert!(
        messages.contains("error: `number` must be 1 or more\n --> releases/n2.toml:1:10\n"),
        "{messages}"
    );
    assert!(
        messages.ends_with(
            "error: cannot read `nowhere`: no such file or directory\n\
             checked 3 files: 1 error, no warnings; 1 path could not be read\n"
        ),
        "{messages}"
    );
}

#[test]
fn files_of_one_folder_share_its_series_read_once() {
    let dir = releases(&[
        ("n1.toml", issue(1, day(-14))),
        ("n3.toml", issue(3, day(-7))),
    ]);
    fs::write(
        dir.path().join("releases/series.toml"),
        format!("{SERIES}labl = \"Communiqué\"\n"),
    )
    .unwrap();
    let series_error = "releases/series.toml:3:1: error[unknown-key]: unknown key `labl`, \
                        did you mean `label`?\n";

    // Files given one by one: each checked alone, no gap between them.
    let output = solidaire(
        dir.path(),
        &[
            "check",
            "releases/n1.toml",
            "releases/n3.toml",
            "releases/series.toml",
            "--message-format=short",
        ],
    );
    assert_eq!(output.status.code(), Some(65));
    assert_eq!(stderr(&output), series_error);

    // The folder after one of its files: the file once, the series once,
    // the checks across the folder added.
    let output = solidaire(
        dir.path(),
        &[
            "check",
            "releases/n3.toml",
            "releases",
            "--message-format=short",
        ],
    );
    assert_eq!(
        stderr(&output),
        format!(
            "{series_error}releases/n3.toml:1:10: warning[number-gap]: no issue n°2 between \
             n°1 (`releases/n1.toml`) and this one\n"
        )
    );
    let output = solidaire(dir.path(), &["check", "releases/n3.toml", "./releases"]);
    assert!(
        stderr(&output).ends_with("checked 3 files: 1 error, 1 warning\n"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_series_file_given_is_checked_as_the_series_file() {
    let dir = releases(&[]);
    fs::write(
        dir.path().join("releases/series.toml"),
        "title = \"T\"\nsite = \"javascript:alert(1)\"\n",
    )
    .unwrap();
    let output = solidaire(
        dir.path(),
        &["check", "releases/series.toml", "--message-format=short"],
    );
    assert_eq!(output.status.code(), Some(65));
    assert_eq!(
        stderr(&output),
        "releases/series.toml:2:8: error[invalid-link]: invalid link: the scheme `javascript:` \
         is not allowed: only `http`, `https` and e-mail addresses\n"
    );
}

#[test]
fn check_writes_nothing() {
    let dir = troubled();
    let before = fs::read_dir(dir.path().join("releases")).unwrap().count();
    solidaire(dir.path(), &["check", "releases"]);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "only releases/"
    );
    assert_eq!(
        fs::read_dir(dir.path().join("releases")).unwrap().count(),
        before
    );
}

/// The folder shipped with the project.
fn shipped() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("releases")
}

#[test]
fn the_shipped_releases_pass_check() {
    let dir = tempfile::tempdir().unwrap();
    let releases = shipped();
    let output = solidaire(
        dir.path(),
        &[
            "check",
            releases.to_str().unwrap(),
            "--message-format=short",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // n°2 is dated 2020: warned about, as expected, and nothing is an
    // error.
    let messages = stderr(&output);
    assert!(messages.contains("warning[distant-date]"), "{messages}");
    assert!(!messages.contains("error"), "{messages}");
}

#[test]
fn every_shipped_issue_validates_and_composes() {
    let mut issues = 0;
    for entry in fs::read_dir(shipped()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|extension| extension != "toml")
            || path.file_name().is_some_and(|name| name == "series.toml")
        {
            continue;
        }
        issues += 1;
        let out = tempfile::tempdir().unwrap();
        let file = path.to_str().unwrap();
        let output = solidaire(out.path(), &["check", file]);
        assert_eq!(output.status.code(), Some(0), "{file}: {}", stderr(&output));
        let output = solidaire(out.path(), &["compose", file, "--out-dir", "out"]);
        assert_eq!(output.status.code(), Some(0), "{file}: {}", stderr(&output));
        let stem = path.file_stem().unwrap().to_str().unwrap();
        for extension in ["md", "html", "pdf"] {
            let written = out.path().join("out").join(format!("{stem}.{extension}"));
            assert!(
                fs::metadata(&written).is_ok_and(|found| found.len() > 0),
                "{}",
                written.display()
            );
        }
    }
    assert!(issues > 0, "no issue in releases/");
}

#[test]
fn json_gives_a_problem_at_a_point_the_character_it_points_at() {
    // A missing key is reported at the start of the file, an empty span:
    // its range is the one character the caret of `human` marks.
    let text = issue(1, day(0)).replace("preamble = \"Le chapeau.\"\n", "");
    let dir = releases(&[("n1.toml", text)]);
    let output = solidaire(
        dir.path(),
        &["check", "releases/n1.toml", "--message-format=json"],
    );
    let line: serde_json::Value = serde_json::from_str(stderr(&output).trim()).unwrap();
    assert_eq!(line["code"], "missing-key", "{line}");
    assert_eq!(
        [
            &line["line"],
            &line["column"],
            &line["end_line"],
            &line["end_column"]
        ],
        [1, 1, 1, 2]
    );
}
