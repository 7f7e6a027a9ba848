//! Checks by external validators: poppler's `pdftotext`, `qpdf --check`,
//! the PDF/UA-1 and PDF/A-2a rules (`page`, from PyPI), Python's `email`
//! package on the e-mail format, the W3C Nu HTML checker, and the page and
//! the e-mail's HTML part in Debian's Chromium (axe-core, no sideways
//! scroll, no overlapping text). A fresh machine has only Rust, so these
//! are ignored by a plain `cargo test`; `.ci/run` installs the tools and
//! runs them with `--ignored`, and there a missing tool is a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{fidelity, fixture, resized_n2, root, words};

/// Composes n2 into a scratch folder and returns that folder.
fn compose_n2() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    compose(&root().join("releases/n2.toml"), &["--out-dir"], dir.path());
    dir
}

/// Builds the site of the bundled releases and two more issues (a n°1 and
/// a n°3, so that a page has both neighbours) into a scratch folder, and
/// returns that folder; the site is its `site/`.
fn build_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let releases = dir.path().join("releases");
    std::fs::create_dir(&releases).unwrap();
    std::fs::copy(
        root().join("releases/series.toml"),
        releases.join("series.toml"),
    )
    .unwrap();
    let n2 = std::fs::read_to_string(root().join("releases/n2.toml")).unwrap();
    for (number, date, place) in [
        (1, "2020-04-01", "Étaples"),
        (2, "2020-04-08", "Harnes"),
        (3, "2020-04-15", "Zutkerque"),
    ] {
        let text = n2
            .replace("number = 2\n", &format!("number = {number}\n"))
            .replace("date = 2020-04-08\n", &format!("date = {date}\n"))
            .replacen("place = \"Harnes\"", &format!("place = \"{place}\""), 1);
        std::fs::write(releases.join(format!("n{number}.toml")), text).unwrap();
    }
    let output = Command::new(env!("CARGO_BIN_EXE_solidaire"))
        .arg("build")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "build: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir
}

/// Runs `solidaire compose ISSUE ARGS… TARGET`, failing on any error.
fn compose(issue: &Path, args: &[&str], target: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_solidaire"))
        .arg("compose")
        .arg(issue)
        .args(args)
        .arg(target)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}: {}",
        issue.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Writes the HTML part of the e-mail of `issue` (loaded as `compose`
/// loads it, over the `series.toml` beside it) into `target`.
fn write_mail_html(issue: &Path, target: &Path) {
    let today = chrono::NaiveDate::from_ymd_opt(2020, 4, 8).unwrap();
    let release = solidaire::load::load_release(issue, today)
        .unwrap_or_else(|_| panic!("{} is valid", issue.display()))
        .release;
    let html = solidaire::render::mail_html::render(&release).unwrap();
    std::fs::write(target, html).unwrap();
}

/// What a tool printed, standard output then standard error.
fn report(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs the repository's Python `script` with `python` on `files`: whether
/// it succeeded, and what it printed.
fn run_python(python: &std::ffi::OsStr, script: &str, files: &[PathBuf]) -> (bool, String) {
    let output = Command::new(python)
        .arg(root().join(script))
        .args(files)
        .output()
        .unwrap_or_else(|error| panic!("`{python:?}` is needed for this test ({error})"));
    (output.status.success(), report(&output))
}

/// Runs an external tool, failing the test if it is not installed.
fn run_tool(program: &str, args: &[&str], file: &Path) -> std::process::Output {
    Command::new(program)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|error| {
            panic!("`{program}` is needed for this test ({error}): run .ci/run or install it")
        })
}

#[test]
#[ignore = "needs poppler-utils (pdftotext); run by .ci/run"]
fn pdftotext_gives_back_the_reference_words() {
    let dir = compose_n2();
    let output = run_tool("pdftotext", &["-enc", "UTF-8"], &dir.path().join("n2.pdf"));
    assert!(output.status.success());
    let text = std::fs::read_to_string(dir.path().join("n2.txt")).unwrap();
    let reference = words(&std::fs::read_to_string(fixture("n2-communique.txt")).unwrap());
    let (score, missing) = fidelity(&reference, &words(&text));
    assert!(
        score >= 0.99,
        "pdftotext: {:.2}%, missing {missing:?}",
        score * 100.0
    );
    // Accents, apostrophes and guillemets come back as themselves.
    for expected in [
        "préfet du Pas-de-Calais",
        "C’est un motif",
        "« le Pas-de-Calais solidaire »",
        "fdelfour@durandproduction.com",
    ] {
        let normalised = text
            .replace(['\u{a0}', '\u{202f}'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            normalised.contains(expected),
            "`{expected}` not in the extracted text"
        );
    }
}

#[test]
#[ignore = "needs qpdf; run by .ci/run"]
fn qpdf_finds_no_problem() {
    let dir = compose_n2();
    let output = run_tool("qpdf", &["--check"], &dir.path().join("n2.pdf"));
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains("No syntax or stream encoding errors found"),
        "{report}"
    );
}

fn vnu_jar() -> PathBuf {
    let jar = std::env::var_os("SOLIDAIRE_VNU_JAR")
        .map(PathBuf::from)
        .expect("SOLIDAIRE_VNU_JAR must name vnu.jar (the W3C Nu HTML checker): run .ci/run");
    assert!(jar.is_file(), "{} does not exist", jar.display());
    jar
}

#[test]
#[ignore = "needs java and the W3C Nu checker (SOLIDAIRE_VNU_JAR); run by .ci/run"]
fn the_html_is_valid_for_the_w3c_checker() {
    let dir = compose_n2();
    let site = build_site();
    let jar = vnu_jar();
    // The HTML part of the e-mail of the n°2 and of the hostile fixture.
    let n2_mail = dir.path().join("n2-mail.html");
    write_mail_html(&root().join("releases/n2.toml"), &n2_mail);
    let hostile_mail = dir.path().join("hostile-mail.html");
    write_mail_html(&fixture("hostile.toml"), &hostile_mail);
    // The standalone page, the site's archive and an issue's page with its
    // navigation, and the e-mail's HTML parts.
    for page in [
        dir.path().join("n2.html"),
        site.path().join("site/index.html"),
        site.path().join("site/n2.html"),
        n2_mail,
        hostile_mail,
    ] {
        let output = run_tool(
            "java",
            &[
                "-jar",
                jar.to_str().unwrap(),
                "--errors-only",
                "--format",
                "text",
            ],
            &page,
        );
        let report = report(&output);
        assert!(
            output.status.success(),
            "the Nu checker found errors in {}:\n{report}",
            page.display()
        );
    }
}

#[test]
#[ignore = "needs node, Debian's chromium, playwright-core and axe-core \
            (SOLIDAIRE_BROWSER_MODULES); run by .ci/run"]
fn the_page_passes_the_browser_checks() {
    let modules = std::env::var_os("SOLIDAIRE_BROWSER_MODULES").expect(
        "SOLIDAIRE_BROWSER_MODULES must name the node_modules folder holding \
         playwright-core and axe-core: run .ci/run",
    );
    let dir = tempfile::tempdir().unwrap();
    let page = |name: &str| dir.path().join(format!("{name}.html"));
    // The real n°2; the hostile fixture alone, as tests/hostile.rs loads it,
    // and beside the bundled series (issuer block and contact too); an
    // issue with a word too long for a phone's line in every field.
    compose(&root().join("releases/n2.toml"), &["-o"], &page("n2"));
    compose(&fixture("hostile.toml"), &["-o"], &page("hostile"));
    let series = dir.path().join("series");
    std::fs::create_dir(&series).unwrap();
    std::fs::copy(
        root().join("releases/series.toml"),
        series.join("series.toml"),
    )
    .unwrap();
    std::fs::copy(fixture("hostile.toml"), series.join("hostile.toml")).unwrap();
    compose(
        &series.join("hostile.toml"),
        &["-o"],
        &page("hostile-with-series"),
    );
    let long_words = root().join("tests/browser/long-words/issue.toml");
    compose(&long_words, &["-o"], &page("long-words"));

    // The site's archive and an issue's page with its navigation.
    let site = build_site();
    for name in ["index", "n2"] {
        std::fs::copy(
            site.path().join(format!("site/{name}.html")),
            page(&format!("site-{name}")),
        )
        .unwrap();
    }

    // The HTML part of the e-mail of the n°2, of the hostile fixture with
    // the series, and of the long words: checked as messages (`--message`:
    // no page landmarks asked of them).
    for (issue, name) in [
        (root().join("releases/n2.toml"), "n2-mail"),
        (series.join("hostile.toml"), "hostile-mail"),
        (long_words.clone(), "long-words-mail"),
    ] {
        write_mail_html(&issue, &page(name));
    }

    let pages = [
        "n2",
        "hostile",
        "hostile-with-series",
        "long-words",
        "site-index",
        "site-n2",
    ]
    .map(page);
    let messages = ["n2-mail", "hostile-mail", "long-words-mail"].map(page);
    let output = Command::new("node")
        .arg(root().join("tests/browser/page-check.mjs"))
        .args(&pages)
        .arg("--message")
        .args(&messages)
        .env("SOLIDAIRE_BROWSER_MODULES", modules)
        .output()
        .unwrap_or_else(|error| {
            panic!("`node` is needed for this test ({error}): run .ci/run or install it")
        });
    let report = report(&output);
    assert!(
        output.status.success(),
        "the browser checks failed:\n{report}"
    );
    // Every page and message in its three views (375 px, 1280 px, print)
    // was checked, none skipped.
    assert_eq!(
        report.matches("ok   ").count(),
        3 * (pages.len() + messages.len()),
        "{report}"
    );
}

#[test]
#[ignore = "needs python3 with feedparser (SOLIDAIRE_PYTHON); run by .ci/run"]
fn the_feed_reads_in_a_feed_reader() {
    let python = std::env::var_os("SOLIDAIRE_PYTHON")
        .expect("SOLIDAIRE_PYTHON must name a Python 3 that has feedparser installed: run .ci/run");
    let site = build_site();
    let output = Command::new(&python)
        .arg(root().join("tests/feed/check-feed.py"))
        .arg(site.path().join("site"))
        .output()
        .unwrap_or_else(|error| panic!("`{python:?}` is needed for this test ({error})"));
    let report = report(&output);
    assert!(
        output.status.success(),
        "feedparser found problems:\n{report}"
    );
    assert!(
        report.starts_with("feed.xml: 3 entries read by feedparser"),
        "{report}"
    );
}

#[test]
#[ignore = "needs python3 with page-validation (SOLIDAIRE_PYTHON); run by .ci/run"]
fn the_pdf_is_pdf_ua_1_and_pdf_a_2a_for_the_validator() {
    let python = std::env::var_os("SOLIDAIRE_PYTHON").expect(
        "SOLIDAIRE_PYTHON must name a Python 3 that has page-validation installed: run .ci/run",
    );
    // The n°2 as `compose` writes it, and issues of one to forty pages.
    let dir = compose_n2();
    let mut files = vec![dir.path().join("n2.pdf")];
    for copies in [0, 1, 6, 24] {
        let path = dir.path().join(format!("resized-{copies}.pdf"));
        let bytes = solidaire::render::pdf::render(&resized_n2(copies), None).unwrap();
        std::fs::write(&path, bytes).unwrap();
        files.push(path);
    }
    let (success, report) = run_python(&python, "tests/pdfua/validate.py", &files);
    assert!(success, "the validator found problems:\n{report}");
    // Every file was checked against both profiles.
    assert_eq!(
        report.matches(": 0 failures, compliant: True").count(),
        2 * files.len(),
        "{report}"
    );
}

#[test]
#[ignore = "needs python3 (SOLIDAIRE_PYTHON); run by .ci/run"]
fn the_message_has_no_defect_for_python_s_email_package() {
    let python = std::env::var_os("SOLIDAIRE_PYTHON")
        .expect("SOLIDAIRE_PYTHON must name a Python 3: run .ci/run");
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (issue, name) in [
        (root().join("releases/n2.toml"), "n2.eml"),
        (fixture("hostile.toml"), "hostile.eml"),
    ] {
        let path = dir.path().join(name);
        compose(&issue, &["--format", "eml", "-o"], &path);
        files.push(path);
    }
    let (success, report) = run_python(&python, "tests/eml/check-eml.py", &files);
    assert!(success, "Python's email package found defects:\n{report}");
    assert!(report.trim_end().ends_with("no defect"), "{report}");
    assert_eq!(
        report.matches("application/pdf").count(),
        files.len(),
        "{report}"
    );
}
