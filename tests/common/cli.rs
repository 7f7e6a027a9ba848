//! Running the binary as a user does, for the tests of each command.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

use super::root;

/// Runs `solidaire ARGS…` in `dir`, without colours and without a
/// `SOURCE_DATE_EPOCH` from the environment.
pub fn solidaire(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_solidaire"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A scratch folder holding `releases/` with a copy of the bundled n°2
/// and series.toml.
pub fn workspace() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let releases = dir.path().join("releases");
    fs::create_dir(&releases).unwrap();
    for name in ["n2.toml", "series.toml"] {
        fs::copy(root().join("releases").join(name), releases.join(name)).unwrap();
    }
    dir
}

/// Writes `releases/NAME` in `dir`.
pub fn write_issue(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join("releases").join(name), text).unwrap();
}

/// The bundled n°2 renumbered and redated, its first initiative set in
/// `place`.
pub fn renumbered_n2(number: u32, date: &str, place: &str) -> String {
    let n2 = fs::read_to_string(root().join("releases/n2.toml")).unwrap();
    n2.replace("number = 2\n", &format!("number = {number}\n"))
        .replace("date = 2020-04-08\n", &format!("date = {date}\n"))
        .replacen("place = \"Harnes\"", &format!("place = \"{place}\""), 1)
}

/// Every file under `dir`, relative to it, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().to_owned());
            }
        }
    }
    found.sort();
    found
}

/// The names of what is directly in `dir` (files and folders), sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
