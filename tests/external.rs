//! Checks by external validators: poppler's `pdftotext`, `qpdf --check` and
//! the W3C Nu HTML checker. A fresh machine has only Rust, so these are
//! ignored by a plain `cargo test`; `.ci/run` installs the tools and runs
//! them with `--ignored`, and there a missing tool is a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{fidelity, fixture, root, words};

/// Composes n2 into a scratch folder and returns that folder.
fn compose_n2() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_solidaire"))
        .arg("compose")
        .arg(root().join("releases/n2.toml"))
        .arg("--out-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir
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
    let jar = vnu_jar();
    let output = run_tool(
        "java",
        &[
            "-jar",
            jar.to_str().unwrap(),
            "--errors-only",
            "--format",
            "text",
        ],
        &dir.path().join("n2.html"),
    );
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "the Nu checker found errors:\n{report}"
    );
}
