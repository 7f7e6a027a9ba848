//! Runs the real binary: exit codes, messages on standard error, files
//! written or not written.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::cli::{files_under, solidaire, stderr, workspace, write_issue};
use common::pdf_text::pdf_text;

/// Runs `script` in `sh` in `dir`, where `$SOLIDAIRE` is the binary: for
/// what only a shell sets up (closed or redirected descriptors, limits).
fn in_shell(dir: &Path, script: &str) -> Output {
    Command::new("sh")
        .args(["-c", script])
        .current_dir(dir)
        .env("SOLIDAIRE", env!("CARGO_BIN_EXE_solidaire"))
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs")
}

#[test]
fn compose_writes_the_three_formats_into_out() {
    let dir = workspace();
    let output = solidaire(dir.path(), &["compose", "releases/n2.toml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = dir.path().join("out");
    assert_eq!(
        files_under(&out),
        [
            Path::new("n2.html"),
            Path::new("n2.md"),
            Path::new("n2.pdf")
        ]
    );
    for name in ["n2.md", "n2.html", "n2.pdf"] {
        assert!(
            fs::metadata(out.join(name)).unwrap().len() > 1000,
            "{name} is too small"
        );
    }
    let messages = stderr(&output);
    assert!(
        messages.contains("wrote out/n2.md\nwrote out/n2.html\nwrote out/n2.pdf\n"),
        "{messages}"
    );
    assert!(
        output.stdout.is_empty(),
        "only documents go to standard output"
    );
}

#[test]
fn compose_is_byte_identical_run_after_run() {
    let dir = workspace();
    let first = dir.path().join("first");
    let second = dir.path().join("second");
    for out in [&first, &second] {
        let output = solidaire(
            dir.path(),
            &[
                "compose",
                "releases/n2.toml",
                "--out-dir",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    for name in ["n2.md", "n2.html", "n2.pdf"] {
        assert_eq!(
            fs::read(first.join(name)).unwrap(),
            fs::read(second.join(name)).unwrap(),
            "{name} differs between two runs"
        );
    }
}

#[test]
fn format_selects_the_outputs_and_out_dir_is_created() {
    let dir = workspace();
    let output = solidaire(
        dir.path(),
        &[
            "compose",
            "releases/n2.toml",
            "--format",
            "md,html",
            "--out-dir",
            "a/b",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        files_under(&dir.path().join("a/b")),
        [Path::new("n2.html"), Path::new("n2.md")]
    );
}

#[test]
fn output_path_takes_its_format_from_the_extension() {
    let dir = workspace();
    let output = solidaire(
        dir.path(),
        &["compose", "releases/n2.toml", "-o", "press/n2-final.pdf"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pdf = fs::read(dir.path().join("press/n2-final.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(!dir.path().join("out").exists());
    assert!(stderr(&output).contains("wrote press/n2-final.pdf\n"));
}

#[test]
fn output_dash_writes_the_document_to_standard_output() {
    let dir = workspace();
    let output = solidaire(
        dir.path(),
        &["compose", "releases/n2.toml", "-o", "-", "--format", "md"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let markdown = String::from_utf8(output.stdout.clone()).unwrap();
    assert!(
        markdown.contains("\n# Covid-19\u{a0}: le Pas-de-Calais solidaire n°2\n"),
        "{markdown}"
    );
    assert!(markdown.contains("Durand Production"));
    assert!(!dir.path().join("out").exists());
    assert!(!stderr(&output).contains("wrote"));
}

#[test]
fn output_dash_needs_a_format() {
    let dir = workspace();
    let output = solidaire(dir.path(), &["compose", "releases/n2.toml", "-o", "-"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: `-o -` writes one document to standard output: choose it with --format md, html, pdf or eml\n"
    );
}

#[test]
fn output_path_with_an_unknown_extension_is_a_usage_error() {
    let dir = workspace();
    let output = solidaire(dir.path(), &["compose", "releases/n2.toml", "-o", "n2.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot tell the format of `n2.txt`"));
    assert!(!dir.path().join("n2.txt").exists());
}

#[test]
fn wrong_command_lines_exit_2() {
    let dir = workspace();
    for args in [
        &["compose"][..],
        &["frobnicate"],
        &["compose", "releases/n2.toml", "--format", "docx"],
        &[
            "compose",
            "releases/n2.toml",
            "-o",
            "x.md",
            "--out-dir",
            "y",
        ],
    ] {
        let output = solidaire(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn a_missing_input_exits_66() {
    let dir = workspace();
    let output = solidaire(dir.path(), &["compose", "releases/n9.toml"]);
    assert_eq!(output.status.code(), Some(66));
    assert_eq!(
        stderr(&output),
        "error: cannot read `releases/n9.toml`: no such file or directory\n"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_invalid_input_exits_65_with_every_error_and_writes_nothing() {
    let dir = workspace();
    let n2 = fs::read_to_string(dir.path().join("releases/n2.toml")).unwrap();
    let broken = n2
        .replace("number = 2", "number = 0")
        .replace("date = 2020-04-08", "date = 2020-02-30")
        .replacen("[[sections]]\ntitle", "[[sections]]\ntitel", 1);
    write_issue(dir.path(), "n3.toml", &broken);
    let output = solidaire(dir.path(), &["compose", "releases/n3.toml"]);
    assert_eq!(output.status.code(), Some(65));
    let messages = stderr(&output);
    assert!(
        messages.contains(
            "error: invalid date: February 2020 has 29 days\n  --> releases/n3.toml:15:8\n   |\n15 | date = 2020-02-30\n   |        ^^^^^^^^^^\n"
        ),
        "{messages}"
    );
    assert!(
        messages.contains("error: `number` must be 1 or more\n  --> releases/n3.toml:14:10"),
        "{messages}"
    );
    assert!(
        messages.contains("error: unknown key `sections[1].titel`, did you mean `title`?"),
        "{messages}"
    );
    assert!(
        messages.ends_with("error: aborting, 3 errors: nothing written\n"),
        "{messages}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_invalid_input_never_replaces_an_existing_output() {
    let dir = workspace();
    fs::create_dir(dir.path().join("out")).unwrap();
    fs::write(dir.path().join("out/n3.md"), "earlier").unwrap();
    write_issue(dir.path(), "n3.toml", "number = 3\n");
    let output = solidaire(dir.path(), &["compose", "releases/n3.toml"]);
    assert_eq!(output.status.code(), Some(65));
    assert_eq!(
        fs::read_to_string(dir.path().join("out/n3.md")).unwrap(),
        "earlier"
    );
    assert_eq!(files_under(&dir.path().join("out")), [Path::new("n3.md")]);
}

#[test]
fn a_file_that_is_not_utf8_exits_65_with_its_position() {
    let dir = workspace();
    fs::write(
        dir.path().join("releases/n3.toml"),
        b"number = 3\ntitle = \"caf\xe9\"\n",
    )
    .unwrap();
    let output = solidaire(dir.path(), &["compose", "releases/n3.toml"]);
    assert_eq!(output.status.code(), Some(65));
    assert!(
        stderr(&output).starts_with(
            "error: the file is not valid UTF-8 (byte 0xE9)\n --> releases/n3.toml:2:13\n"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_file_over_4_mib_exits_65() {
    let dir = workspace();
    let huge = format!("preamble = \"\"\"{}\"\"\"\n", "a".repeat(4 * 1024 * 1024));
    write_issue(dir.path(), "n3.toml", &huge);
    let output = solidaire(dir.path(), &["compose", "releases/n3.toml"]);
    assert_eq!(output.status.code(), Some(65));
    assert!(
        stderr(&output).starts_with("error: the file is larger than 4 MiB\n--> releases/n3.toml\n")
    );
}

#[test]
fn an_output_that_cannot_be_created_exits_73() {
    let dir = workspace();
    fs::write(
        dir.path().join("blocked"),
        "a file where a folder should be",
    )
    .unwrap();
    let output = solidaire(
        dir.path(),
        &["compose", "releases/n2.toml", "--out-dir", "blocked/out"],
    );
    assert_eq!(output.status.code(), Some(73), "{}", stderr(&output));
    assert!(
        stderr(&output).ends_with(
            "error: cannot create the folder `blocked/out`: `blocked` is a file, not a folder\n"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_out_dir_that_is_a_file_says_so() {
    let dir = workspace();
    fs::write(dir.path().join("afile"), "").unwrap();
    let output = solidaire(
        dir.path(),
        &["compose", "releases/n2.toml", "--out-dir", "afile"],
    );
    assert_eq!(output.status.code(), Some(73));
    assert!(
        stderr(&output).ends_with(
            "error: cannot create the folder `afile`: a file of that name is in the way\n"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn warnings_are_printed_and_exit_0() {
    let dir = workspace();
    let output = solidaire(
        dir.path(),
        &["compose", "releases/n2.toml", "--format", "md"],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output)
            .starts_with("warning: the date 2020-04-08 is more than a year away from today")
    );
}

#[test]
fn an_output_path_whose_extension_contradicts_format_is_a_usage_error() {
    let dir = workspace();
    let output = solidaire(
        dir.path(),
        &[
            "compose",
            "releases/n2.toml",
            "-o",
            "n2.md",
            "--format",
            "pdf",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: `n2.md` names another format than --format pdf\n"
    );
    assert!(!dir.path().join("n2.md").exists());
}

#[test]
fn the_series_file_is_not_an_issue() {
    let dir = workspace();
    let output = solidaire(dir.path(), &["compose", "releases/series.toml"]);
    assert_eq!(output.status.code(), Some(65));
    assert!(
        stderr(&output).starts_with(
            "error: `series.toml` holds what every issue shares; it is not an issue\n"
        ),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_character_the_font_lacks_is_reported_at_its_place_and_nothing_is_written() {
    let dir = workspace();
    let n2 = fs::read_to_string(dir.path().join("releases/n2.toml")).unwrap();
    write_issue(
        dir.path(),
        "n3.toml",
        &n2.replace("number = 2", "number = 3")
            .replacen("Le 6 avril", "Le 😀 6 avril", 1),
    );
    let output = solidaire(dir.path(), &["compose", "releases/n3.toml"]);
    assert_eq!(output.status.code(), Some(65));
    assert!(
        stderr(&output).contains(
            "error: the PDF font has no glyph for `😀` (U+1F600)\n  --> releases/n3.toml:18:4\n"
        ),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn documents_are_replaced_all_or_none() {
    let dir = workspace();
    let out = dir.path().join("out");
    fs::create_dir_all(out.join("n2.pdf")).unwrap();
    fs::write(out.join("n2.md"), "earlier").unwrap();
    let output = solidaire(dir.path(), &["compose", "releases/n2.toml"]);
    assert_eq!(output.status.code(), Some(73));
    assert!(
        stderr(&output)
            .ends_with("error: cannot write `out/n2.pdf`: a folder of that name is in the way\n"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(out.join("n2.md")).unwrap(), "earlier");
    assert_eq!(
        files_under(&out),
        [Path::new("n2.md")],
        "no temporary file left"
    );
}

/// The Info dictionary's `key` in the PDF `bytes`.
fn info_entry(bytes: &[u8], key: &str) -> String {
    let document = lopdf::Document::load_mem(bytes).expect("a PDF");
    let info = document
        .trailer
        .get(b"Info")
        .and_then(|info| document.dereference(info))
        .and_then(|(_, info)| info.as_dict())
        .expect("an Info dictionary");
    let value = info.get(key.as_bytes()).and_then(|value| value.as_str());
    String::from_utf8_lossy(value.expect("the key")).into_owned()
}

#[test]
fn the_pdf_is_dated_from_source_date_epoch_or_the_issue_date() {
    let dir = workspace();
    let compose = |epoch: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_solidaire"));
        command
            .args(["compose", "releases/n2.toml", "--format", "pdf", "-o", "-"])
            .current_dir(dir.path())
            .env_remove("SOURCE_DATE_EPOCH");
        if let Some(epoch) = epoch {
            command.env("SOURCE_DATE_EPOCH", epoch);
        }
        command.output().expect("the binary runs")
    };
    let issue_date = compose(None);
    assert_eq!(issue_date.status.code(), Some(0), "{}", stderr(&issue_date));
    assert_eq!(
        info_entry(&issue_date.stdout, "CreationDate"),
        "D:20200408000000Z"
    );
    // 2020-04-08 10:00:00 UTC.
    let epoch = compose(Some("1586340000"));
    assert_eq!(epoch.status.code(), Some(0), "{}", stderr(&epoch));
    assert_eq!(
        info_entry(&epoch.stdout, "CreationDate"),
        "D:20200408100000Z"
    );
    assert_eq!(info_entry(&epoch.stdout, "ModDate"), "D:20200408100000Z");
    let empty = compose(Some(""));
    assert_eq!(issue_date.stdout, empty.stdout, "an empty value is unset");

    // Not digits, before 1970, or past 9999 (a PDF date has four-digit
    // years): refused, nothing written.
    for value in ["yesterday", "-86400", " 1586340000", "253402300800"] {
        let invalid = compose(Some(value));
        assert_eq!(invalid.status.code(), Some(2), "{value:?}");
        assert!(invalid.stdout.is_empty());
        assert!(
            stderr(&invalid).contains("SOURCE_DATE_EPOCH must be a number of seconds")
                || stderr(&invalid).contains("SOURCE_DATE_EPOCH is out of range"),
            "{}",
            stderr(&invalid)
        );
    }
}

#[test]
fn regression_output_into_a_named_pipe_writes_through_it_and_keeps_it() {
    // `-o /dev/null` once renamed a temporary file over the machine's
    // `/dev/null`. A named pipe stands for any such special file here.
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;

    let dir = workspace();
    let pipe = dir.path().join("pipe.md");
    let made = Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // Read and write ends held here, so that neither open blocks: the
    // document waits in the pipe's buffer.
    let mut reader = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&pipe)
        .unwrap();
    let output = solidaire(
        dir.path(),
        &["compose", "releases/n2.toml", "-o", "pipe.md"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let still_a_pipe = fs::symlink_metadata(&pipe).unwrap().file_type().is_fifo();
    assert!(still_a_pipe, "the pipe was replaced by a file");
    let expected = solidaire(
        dir.path(),
        &["compose", "releases/n2.toml", "--format", "md", "-o", "-"],
    )
    .stdout;
    let mut received = vec![0; expected.len()];
    reader.read_exact(&mut received).unwrap();
    assert_eq!(received, expected);
    assert!(
        files_under(dir.path())
            .iter()
            .all(|path| !path.to_string_lossy().contains(".solidaire-"))
    );
}

#[test]
fn output_through_a_symbolic_link_replaces_the_file_and_keeps_the_link() {
    let dir = workspace();
    fs::write(dir.path().join("real.md"), "old").unwrap();
    std::os::unix::fs::symlink("real.md", dir.path().join("link.md")).unwrap();
    let output = solidaire(
        dir.path(),
        &["compose", "releases/n2.toml", "-o", "link.md"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let link = fs::symlink_metadata(dir.path().join("link.md")).unwrap();
    assert!(link.file_type().is_symlink());
    let written = fs::read_to_string(dir.path().join("real.md")).unwrap();
    assert!(written.contains("Durand Production"), "{written}");
}

#[test]
fn an_output_that_already_holds_the_document_keeps_its_file_and_gets_a_new_date() {
    use std::os::unix::fs::MetadataExt;

    let dir = workspace();
    let pdf = dir.path().join("out/n2.pdf");
    let compose = |message: &str| {
        let output = solidaire(dir.path(), &["compose", "releases/n2.toml"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
    };
    compose("wrote out/n2.pdf\n");
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(86_400);
    fs::File::options()
        .write(true)
        .open(&pdf)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let before = fs::metadata(&pdf).unwrap();

    compose("wrote out/n2.pdf (unchanged)\n");
    let after = fs::metadata(&pdf).unwrap();
    assert_eq!(
        before.ino(),
        after.ino(),
        "an identical document was rewritten"
    );
    assert!(
        after.modified().unwrap() > old,
        "the date was not refreshed"
    );

    // Different content of the same length is replaced, not kept.
    let mut bytes = fs::read(&pdf).unwrap();
    let last = bytes.len() - 2;
    bytes[last] ^= 1;
    fs::write(&pdf, &bytes).unwrap();
    compose("wrote out/n2.pdf\n");
    assert_ne!(fs::read(&pdf).unwrap(), bytes);
    assert_ne!(fs::metadata(&pdf).unwrap().ino(), after.ino());
    assert_eq!(
        files_under(&dir.path().join("out")).len(),
        3,
        "temporary files left"
    );

    // A file other names share (a backup made of hard links) is replaced,
    // never touched: the other names keep their date.
    let backup = dir.path().join("backup.pdf");
    fs::hard_link(&pdf, &backup).unwrap();
    fs::File::options()
        .write(true)
        .open(&backup)
        .unwrap()
        .set_modified(old)
        .unwrap();
    compose("wrote out/n2.pdf\n");
    assert_eq!(fs::metadata(&backup).unwrap().modified().unwrap(), old);
    assert_ne!(
        fs::metadata(&pdf).unwrap().ino(),
        fs::metadata(&backup).unwrap().ino()
    );
}

#[test]
fn an_output_never_replaces_an_input() {
    let dir = workspace();
    let releases = dir.path().join("releases");
    std::os::unix::fs::symlink("releases/n2.toml", dir.path().join("link.md")).unwrap();
    fs::hard_link(releases.join("n2.toml"), dir.path().join("hard.md")).unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    let before = files_under(dir.path());
    let issue = fs::read(releases.join("n2.toml")).unwrap();
    let series = fs::read(releases.join("series.toml")).unwrap();
    for (output, input) in [
        ("releases/n2.toml", "releases/n2.toml"),
        ("sub/../releases/n2.toml", "releases/n2.toml"),
        ("./releases/series.toml", "releases/series.toml"),
        ("link.md", "releases/n2.toml"),
        ("hard.md", "releases/n2.toml"),
    ] {
        let output = solidaire(
            dir.path(),
            &[
                "compose",
                "releases/n2.toml",
                "--format",
                "md",
                "-o",
                output,
            ],
        );
        assert_eq!(output.status.code(), Some(73), "{}", stderr(&output));
        assert!(
            stderr(&output).contains(&format!("it is the input file `{input}`")),
            "{}",
            stderr(&output)
        );
    }
    // A series file that does not exist yet is not created either.
    let other = dir.path().join("other");
    fs::create_dir(&other).unwrap();
    let own = format!(
        "title = \"T\"\nplace = \"Arras\"\n{}",
        String::from_utf8_lossy(&issue)
    );
    fs::write(other.join("n2.toml"), own).unwrap();
    let output = solidaire(
        dir.path(),
        &[
            "compose",
            "other/n2.toml",
            "-o",
            "other/series.toml",
            "--format",
            "md",
        ],
    );
    assert_eq!(output.status.code(), Some(73), "{}", stderr(&output));
    assert!(!other.join("series.toml").exists());
    fs::remove_dir_all(&other).unwrap();
    // Nor does --out-dir, for an issue file whose name is a document's.
    fs::copy(releases.join("n2.toml"), releases.join("n5.md")).unwrap();
    let output = solidaire(
        dir.path(),
        &["compose", "releases/n5.md", "--out-dir", "releases"],
    );
    assert_eq!(output.status.code(), Some(73), "{}", stderr(&output));
    fs::remove_file(releases.join("n5.md")).unwrap();

    // Nor does standard output, appended to the issue file.
    let output = in_shell(
        dir.path(),
        "$SOLIDAIRE compose releases/n2.toml --format md -o - >> releases/n2.toml",
    );
    assert_eq!(output.status.code(), Some(73), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "refusing to write to standard output: it is the input file `releases/n2.toml`"
        )
    );

    assert_eq!(fs::read(releases.join("n2.toml")).unwrap(), issue);
    assert_eq!(fs::read(releases.join("series.toml")).unwrap(), series);
    assert_eq!(files_under(dir.path()), before, "nothing written");
}

#[test]
fn a_failed_run_changes_no_date() {
    let dir = workspace();
    let out = dir.path().join("out");
    let output = solidaire(dir.path(), &["compose", "releases/n2.toml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(86_400);
    fs::File::options()
        .write(true)
        .open(out.join("n2.md"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    // The Markdown is unchanged, the PDF cannot be written.
    fs::remove_file(out.join("n2.pdf")).unwrap();
    fs::create_dir(out.join("n2.pdf")).unwrap();
    let output = solidaire(dir.path(), &["compose", "releases/n2.toml"]);
    assert_eq!(output.status.code(), Some(73), "{}", stderr(&output));
    let date = fs::metadata(out.join("n2.md")).unwrap().modified().unwrap();
    assert_eq!(date, old, "a failed run gave a kept file a new date");
}

#[test]
fn a_killed_run_s_temporary_files_are_removed_by_the_next_run() {
    let dir = workspace();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join(".solidaire-Ab12Cd.tmp"), "half a document").unwrap();
    fs::write(out.join(".solidaire-notes"), "not ours").unwrap();
    let output = solidaire(dir.path(), &["compose", "releases/n2.toml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        files_under(&out),
        [
            Path::new(".solidaire-notes"),
            Path::new("n2.html"),
            Path::new("n2.md"),
            Path::new("n2.pdf")
        ]
    );
}

#[test]
fn a_run_waits_for_another_writing_into_the_same_folder() {
    use std::time::{Duration, Instant};

    let dir = workspace();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    // Another run holds the folder.
    let held = fs::File::open(&out).unwrap();
    held.lock().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_solidaire"))
        .args(["compose", "releases/n2.toml"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // It says it waits, and writes nothing while it does.
    let mut stderr_pipe = child.stderr.take().unwrap();
    let mut said = String::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !said.contains("waiting for another run") {
        assert!(Instant::now() < deadline, "no waiting message: {said}");
        let mut byte = [0; 1];
        use std::io::Read;
        if stderr_pipe.read(&mut byte).unwrap() == 0 {
            panic!("the run ended without waiting: {said}");
        }
        said.push(byte[0] as char);
    }
    assert_eq!(files_under(&out), Vec::<PathBuf>::new());
    assert!(child.try_wait().unwrap().is_none());
    drop(held);
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(files_under(&out).len(), 3);
}

#[test]
fn an_interrupted_run_leaves_every_document_old_or_every_one_new_and_no_temporary_file() {
    let dir = workspace();
    let out = dir.path().join("out");
    let started = std::time::Instant::now();
    let output = solidaire(dir.path(), &["compose", "releases/n2.toml"]);
    let whole_run = started.elapsed();
    assert!(output.status.success());
    let names = ["n2.md", "n2.html", "n2.pdf"];
    let new: Vec<Vec<u8>> = names
        .iter()
        .map(|name| fs::read(out.join(name)).unwrap())
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    // Signals sent at every moment of a run, from its start to its end.
    let attempts = 80_u32;
    for attempt in 0..attempts {
        for name in names {
            fs::write(out.join(name), "old").unwrap();
        }
        let child = Command::new(env!("CARGO_BIN_EXE_solidaire"))
            .args(["compose", "releases/n2.toml"])
            .current_dir(dir.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole_run * attempt / attempts);
        let signal = if attempt % 2 == 0 { "-INT" } else { "-TERM" };
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let status = child.wait_with_output().unwrap().status;
        let now: Vec<Vec<u8>> = names
            .iter()
            .map(|name| fs::read(out.join(name)).unwrap())
            .collect();
        let all_old = now.iter().all(|bytes| bytes == b"old");
        assert!(
            all_old || now == new,
            "attempt {attempt}: a mixed set ({status:?})"
        );
        assert_eq!(
            files_under(&out).len(),
            3,
            "attempt {attempt}: temporary files left"
        );
        seen.insert((status.success(), all_old));
    }
    // Both outcomes were seen: interrupted before the renames and not.
    assert!(seen.contains(&(false, true)), "{seen:?}");
}

#[test]
fn a_closed_standard_output_is_an_error() {
    let dir = workspace();
    let output = in_shell(
        dir.path(),
        "$SOLIDAIRE compose releases/n2.toml --format md -o - >&-",
    );
    assert_eq!(output.status.code(), Some(74), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("error: cannot write to standard output: bad file descriptor"),
        "{}",
        stderr(&output)
    );
    // Open for reading only, or closed and named /dev/stdout: an error too;
    // /dev/null open for reading and writing (systemd's « null ») is not.
    for (redirection, code) in [
        ("-o - 1</dev/null", 74),
        ("-o /dev/stdout >&-", 74),
        ("-o - 1<>/dev/null", 0),
    ] {
        let output = in_shell(
            dir.path(),
            &format!("$SOLIDAIRE compose releases/n2.toml --format md {redirection}"),
        );
        assert_eq!(
            output.status.code(),
            Some(code),
            "{redirection}: {}",
            stderr(&output)
        );
    }
    // A reader that stops early is not an error.
    let output = in_shell(
        dir.path(),
        "$SOLIDAIRE compose releases/n2.toml --format pdf -o - | head -c 10 >/dev/null",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stderr(&output).matches("error").count(),
        0,
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_series_file_that_cannot_be_read_exits_66_naming_it() {
    let dir = workspace();
    let series = dir.path().join("releases/series.toml");
    fs::remove_file(&series).unwrap();
    fs::create_dir(&series).unwrap();
    let output = solidaire(dir.path(), &["compose", "releases/n2.toml"]);
    assert_eq!(output.status.code(), Some(66), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "error: cannot read `releases/series.toml`: is a directory\n"
    );
    fs::remove_dir(&series).unwrap();
    std::os::unix::fs::symlink("nowhere.toml", &series).unwrap();
    let output = solidaire(dir.path(), &["compose", "releases/n2.toml"]);
    assert_eq!(output.status.code(), Some(66), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "error: cannot read `releases/series.toml`: it is a symbolic link to a file that does not exist\n"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_input_path_through_a_file_names_the_file() {
    let dir = workspace();
    fs::write(dir.path().join("afile"), "").unwrap();
    let output = solidaire(dir.path(), &["compose", "afile/n2.toml"]);
    assert_eq!(output.status.code(), Some(66), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "error: cannot read `afile/n2.toml`: `afile` is a file, not a folder\n"
    );
}

#[test]
fn source_date_epoch_out_of_range_says_so() {
    let dir = workspace();
    for (value, message) in [
        (
            "253402300800",
            "error: SOURCE_DATE_EPOCH is out of range: `253402300800` is after 9999-12-31 23:59:59 (253402300799)\n",
        ),
        (
            "99999999999999999999999999",
            "error: SOURCE_DATE_EPOCH is out of range: `99999999999999999999999999` is after 9999-12-31 23:59:59 (253402300799)\n",
        ),
        (
            "-1",
            "error: SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01, not `-1`\n",
        ),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_solidaire"))
            .args(["compose", "releases/n2.toml"])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", value)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{value}");
        assert_eq!(stderr(&output), message);
    }
}

#[test]
fn a_standard_error_nobody_reads_never_ends_the_run() {
    let dir = workspace();
    // Standard error into a pipe whose reader is gone before the first
    // message (the n°2 has warnings): they are lost, the documents are
    // still written, and nothing panics (`eprint!` would, exit 101).
    let mut child = Command::new(env!("CARGO_BIN_EXE_solidaire"))
        .args(["compose", "releases/n2.toml"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(files_under(&dir.path().join("out")).len(), 3);
}

#[test]
fn regression_a_run_never_waits_for_its_own_lock() {
    // `out/n2.md` exists (named through its real path) and `out/n2.html`
    // does not (named as given): one folder, two names. The run used to
    // lock it twice and wait for itself forever.
    let dir = workspace();
    let output = solidaire(
        dir.path(),
        &["compose", "releases/n2.toml", "--format", "md"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::os::unix::fs::symlink("out", dir.path().join("link")).unwrap();
    for out_dir in ["out", "link"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_solidaire"))
            .args(["compose", "releases/n2.toml", "--out-dir", out_dir])
            .current_dir(dir.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if std::time::Instant::now() > deadline {
                child.kill().unwrap();
                panic!("the run into `{out_dir}` waits for itself");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        assert!(status.success(), "{out_dir}");
    }
    assert_eq!(files_under(&dir.path().join("out")).len(), 3);
}

#[test]
fn a_file_size_limit_fails_cleanly() {
    // `ulimit -f` (in blocks of 1 KiB here) is below the PDF's size: the
    // write fails with an error, and the run leaves no temporary file and
    // not the folder it created (SIGXFSZ used to kill it among them).
    let dir = workspace();
    let output = in_shell(
        dir.path(),
        "ulimit -f 10; exec $SOLIDAIRE compose releases/n2.toml --out-dir fresh/out",
    );
    assert_eq!(output.status.code(), Some(74), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("file too large"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("fresh").exists());
}

#[test]
fn a_series_file_that_is_a_named_pipe_exits_66_without_waiting() {
    let dir = workspace();
    let series = dir.path().join("releases/series.toml");
    fs::remove_file(&series).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(&series)
            .status()
            .unwrap()
            .success()
    );
    let output = solidaire(dir.path(), &["compose", "releases/n2.toml"]);
    assert_eq!(output.status.code(), Some(66), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "error: cannot read `releases/series.toml`: it is not a regular file\n"
    );
}

#[test]
fn regression_an_empty_contact_table_prints_no_contact_block_in_any_format() {
    // The issue's empty `[contact]` replaces the series' own; the text
    // formats and the PDF must agree that there is nothing to print.
    let dir = workspace();
    let n2 = fs::read_to_string(dir.path().join("releases/n2.toml")).unwrap();
    write_issue(dir.path(), "n2.toml", &format!("{n2}\n[contact]\n"));
    let output = solidaire(dir.path(), &["compose", "releases/n2.toml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = dir.path().join("out");
    let texts = [
        ("n2.md", fs::read_to_string(out.join("n2.md")).unwrap()),
        ("n2.html", fs::read_to_string(out.join("n2.html")).unwrap()),
        ("n2.pdf", pdf_text(&fs::read(out.join("n2.pdf")).unwrap())),
    ];
    for (name, text) in texts {
        assert!(text.contains("jeveuxaider.gouv.fr"), "{name}: {text}");
        assert!(!text.contains("Contact presse"), "{name}: {text}");
        assert!(!text.contains("Bureau de la communication"), "{name}");
    }
}

/// Runs `solidaire ARGS…` in `dir`, killing it after ten seconds: for
/// inputs that once made it wait forever.
fn solidaire_or_kill(dir: &Path, args: &[&str]) -> Option<std::process::Output> {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_solidaire"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(10) {
            child.kill().unwrap();
            child.wait().unwrap();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Some(child.wait_with_output().unwrap())
}

#[test]
fn regression_a_named_pipe_with_an_issue_s_name_is_refused_at_once() {
    let dir = workspace();
    let pipe = dir.path().join("releases/n9.toml");
    let name = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
    for args in [
        &["compose", "releases/n9.toml"][..],
        &["check", "releases"],
        &["build"],
    ] {
        let output = solidaire_or_kill(dir.path(), args)
            .unwrap_or_else(|| panic!("{args:?} waited on the pipe"));
        assert_eq!(
            output.status.code(),
            Some(66),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("cannot read `releases/n9.toml`: it is not a regular file"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(!dir.path().join("site").exists() && !dir.path().join("out").exists());
    // `new` numbers after the pipe's name, with a note that it cannot be
    // read, rather than wait.
    let output = solidaire_or_kill(dir.path(), &["new"]).expect("new waited on the pipe");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.path().join("releases/n10.toml").exists());
}

#[test]
fn regression_an_issue_file_whose_name_is_not_utf8_is_refused_where_its_documents_are_named() {
    use std::os::unix::ffi::OsStrExt;
    let dir = workspace();
    let n2 = fs::read(dir.path().join("releases/n2.toml")).unwrap();
    fs::remove_file(dir.path().join("releases/n2.toml")).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"n\xff.toml");
    fs::write(dir.path().join("releases").join(name), n2).unwrap();
    for args in [&["build"][..], &["check", "releases"]] {
        let output = solidaire(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(65),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(
                "error: the file's name, `releases/n\u{fffd}.toml`, is not UTF-8: \
                 the documents made from it could not be named"
            ),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(!dir.path().join("site").exists());
}

#[test]
fn an_issue_file_named_in_capitals_is_an_issue_of_the_folder() {
    let dir = workspace();
    fs::rename(
        dir.path().join("releases/n2.toml"),
        dir.path().join("releases/N2.TOML"),
    )
    .unwrap();
    let output = solidaire(dir.path(), &["check", "releases"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).ends_with("checked 2 files: no errors, 4 warnings\n"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_folder_to_read_that_is_a_file_is_said_so() {
    let dir = workspace();
    for args in [
        &["build", "releases/n2.toml"][..],
        &["new", "--dir", "releases/n2.toml"],
    ] {
        let output = solidaire(dir.path(), args);
        assert_eq!(output.status.code(), Some(66), "{args:?}");
        assert_eq!(
            stderr(&output),
            "error: cannot read `releases/n2.toml`: it is a file, not a folder\n",
            "{args:?}"
        );
    }
}
