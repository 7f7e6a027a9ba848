//! `solidaire new`: the next issue's skeleton, and every command refusing
//! it until its placeholders are replaced.

use std::fs;
use std::path::Path;

use tempfile::TempDir;

mod common;

use common::cli::{solidaire, stderr, stdout};

/// A scratch folder with an empty `releases/`.
fn empty() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("releases")).unwrap();
    dir
}

/// A scratch folder holding a copy of the bundled releases.
fn bundled() -> TempDir {
    let dir = empty();
    let releases = Path::new(env!("CARGO_MANIFEST_DIR")).join("releases");
    for entry in fs::read_dir(releases).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(
            &path,
            dir.path().join("releases").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    dir
}

/// The skeleton with every placeholder replaced by a sentence.
fn filled(skeleton: &str) -> String {
    let mut text = skeleton.to_owned();
    while let Some(start) = text.find("[À COMPLÉTER") {
        let end = start + text[start..].find(']').unwrap() + 1;
        text.replace_range(start..end, "Texte de l’équipe.");
    }
    text
}

#[test]
fn new_in_an_empty_folder_writes_n1_and_prints_its_path() {
    let dir = empty();
    let output = solidaire(dir.path(), &["new", "--date", "2026-12-07"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "releases/n1.toml\n");
    assert_eq!(stderr(&output), "");
    let skeleton = fs::read_to_string(dir.path().join("releases/n1.toml")).unwrap();
    assert!(skeleton.contains("\nnumber = 1\n"), "{skeleton}");
    assert!(skeleton.contains("\ndate = 2026-12-07\n"), "{skeleton}");
    // No series.toml: title and place are the issue's to give.
    assert!(
        skeleton.contains("\ntitle = \"[À COMPLÉTER : title]\"\n"),
        "{skeleton}"
    );
    assert!(
        skeleton.contains("\nplace = \"[À COMPLÉTER : place]\"\n"),
        "{skeleton}"
    );
}

#[test]
fn new_twice_writes_n1_then_n2() {
    let dir = empty();
    for expected in ["releases/n1.toml\n", "releases/n2.toml\n"] {
        let output = solidaire(dir.path(), &["new"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(stdout(&output), expected);
    }
    let second = fs::read_to_string(dir.path().join("releases/n2.toml")).unwrap();
    assert!(second.contains("\nnumber = 2\n"));
}

#[test]
fn new_never_replaces_a_file() {
    let dir = empty();
    // n2.toml holds the number 1: the next issue, n2, is taken.
    let taken = "number = 1\n# the office's draft\n";
    fs::write(dir.path().join("releases/n2.toml"), taken).unwrap();
    let output = solidaire(dir.path(), &["new"]);
    assert_eq!(output.status.code(), Some(73));
    assert_eq!(
        stderr(&output),
        "error: cannot write `releases/n2.toml`: it already exists, and `new` never replaces a file\n"
    );
    assert_eq!(stdout(&output), "");
    assert_eq!(
        fs::read_to_string(dir.path().join("releases/n2.toml")).unwrap(),
        taken
    );
    let names: Vec<_> = fs::read_dir(dir.path().join("releases")).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file left");
}

#[test]
fn new_in_a_missing_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = solidaire(dir.path(), &["new", "--dir", "nowhere"]);
    assert_eq!(output.status.code(), Some(66));
    assert_eq!(
        stderr(&output),
        "error: cannot read `nowhere`: no such file or directory\n"
    );
    assert!(!dir.path().join("nowhere").exists());
}

#[test]
fn new_carries_the_section_titles_of_the_latest_issue() {
    let dir = bundled();
    let output = solidaire(dir.path(), &["new"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "releases/n3.toml\n");
    let skeleton = fs::read_to_string(dir.path().join("releases/n3.toml")).unwrap();
    let n2: toml::Table =
        toml::from_str(&fs::read_to_string(dir.path().join("releases/n2.toml")).unwrap()).unwrap();
    let titles: Vec<&str> = n2["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|section| section["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 4);
    let new: toml::Table = toml::from_str(&skeleton).unwrap();
    let carried: Vec<&str> = new["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|section| section["title"].as_str().unwrap())
        .collect();
    assert_eq!(carried, titles);
    // series.toml gives the place: the skeleton shows it as an example.
    assert!(skeleton.contains("\n# place = \"Arras\"\n"), "{skeleton}");

    // Filled in, it composes, with the series' place.
    fs::write(dir.path().join("releases/n3.toml"), filled(&skeleton)).unwrap();
    let output = solidaire(
        dir.path(),
        &["compose", "releases/n3.toml", "--format", "md", "-o", "-"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let markdown = stdout(&output);
    assert!(markdown.contains("Arras, le"), "{markdown}");
    assert!(
        markdown.contains(&format!("## {}", titles[1])),
        "{markdown}"
    );
}

#[test]
fn a_fresh_skeleton_is_refused_with_exactly_its_placeholders() {
    let dir = empty();
    let output = solidaire(dir.path(), &["new"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for command in ["compose", "check"] {
        let output = solidaire(dir.path(), &[command, "releases/n1.toml"]);
        assert_eq!(output.status.code(), Some(65), "{command}");
        if command == "compose" {
            insta::assert_snapshot!("fresh_skeleton_compose_stderr", stderr(&output));
        }
        let messages: Vec<String> = stderr(&output)
            .lines()
            .filter(|line| {
                line.starts_with("error")
                    || line.starts_with("warning")
                    || line.starts_with("checked ")
            })
            .map(str::to_owned)
            .collect();
        let placeholders = [
            "title",
            "place",
            "preamble",
            "sections[1].title",
            "sections[1].intro",
            "sections[1].initiatives[1].text",
            "closing.text",
        ];
        for key in placeholders {
            let message = format!("error: placeholder text left in `{key}`");
            assert!(messages.contains(&message), "{command}: {messages:?}");
        }
        assert_eq!(
            messages.len(),
            placeholders.len() + 1,
            "{command}: only the placeholders, then the summary: {messages:?}"
        );
    }
    assert!(!dir.path().join("out").exists(), "nothing written");

    let skeleton = fs::read_to_string(dir.path().join("releases/n1.toml")).unwrap();
    fs::write(dir.path().join("releases/n1.toml"), filled(&skeleton)).unwrap();
    let output = solidaire(dir.path(), &["compose", "releases/n1.toml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
}

#[test]
fn the_skeleton_shows_every_key_of_the_mirror_under_its_own_table() {
    let dir = empty();
    assert_eq!(solidaire(dir.path(), &["new"]).status.code(), Some(0));
    let skeleton = fs::read_to_string(dir.path().join("releases/n1.toml")).unwrap();
    let schema: serde_json::Value =
        serde_json::from_slice(&solidaire(dir.path(), &["schema"]).stdout).unwrap();
    // Every key of the schema, at every level, by its full path
    // (`sections.initiatives.text`).
    fn keys(
        schema: &serde_json::Value,
        root: &serde_json::Value,
        table: &str,
        found: &mut Vec<String>,
    ) {
        let resolved = match schema.get("$ref").and_then(|r| r.as_str()) {
            Some(reference) => root.pointer(reference.trim_start_matches('#')).unwrap(),
            None => schema,
        };
        if let Some(items) = resolved.get("items") {
            keys(items, root, table, found);
        }
        if let Some(properties) = resolved.get("properties").and_then(|p| p.as_object()) {
            for (name, property) in properties {
                let path = if table.is_empty() {
                    name.clone()
                } else {
                    format!("{table}.{name}")
                };
                found.push(path.clone());
                keys(property, root, &path, found);
            }
        }
    }
    let mut expected = Vec::new();
    keys(&schema, &schema, "", &mut expected);
    assert!(expected.len() > 15);
    // Every key the skeleton writes (filled in, a placeholder or a
    // commented example), by the table header it stands under.
    let mut written = Vec::new();
    let mut table = String::new();
    for line in skeleton.lines() {
        let line = line.trim_start_matches("# ");
        let header = line
            .strip_prefix("[[")
            .and_then(|rest| rest.strip_suffix("]]"))
            .or_else(|| {
                line.strip_prefix('[')
                    .and_then(|rest| rest.strip_suffix(']'))
            });
        if let Some(header) = header.filter(|header| !header.contains(' ')) {
            table = header.to_owned();
            written.push(header.to_owned());
        } else if let Some((key, _)) = line.split_once(" = ")
            && !key.is_empty()
            && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        {
            written.push(if table.is_empty() {
                key.to_owned()
            } else {
                format!("{table}.{key}")
            });
        }
    }
    for key in &expected {
        assert!(
            written.contains(key),
            "`{key}` is not in the skeleton:\n{skeleton}"
        );
    }
    for key in &written {
        assert!(
            expected.contains(key),
            "`{key}` is in the skeleton, not in the schema:\n{skeleton}"
        );
    }
}

#[test]
fn new_reads_the_latest_issue_through_the_loader() {
    // A blank title is no title: the loader refuses it, and `new` does not
    // carry it (read as raw TOML, it was carried).
    let dir = bundled();
    let n2 = fs::read_to_string(dir.path().join("releases/n2.toml")).unwrap();
    let first = n2.find("\ntitle = ").expect("n2 has a section title");
    let end = first + 1 + n2[first + 1..].find('\n').unwrap();
    let mut blank = n2.clone();
    blank.replace_range(first + 1..end, "title = \"   \"");
    fs::write(dir.path().join("releases/n2.toml"), &blank).unwrap();
    let output = solidaire(dir.path(), &["new"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let skeleton = fs::read_to_string(dir.path().join("releases/n3.toml")).unwrap();
    assert!(!skeleton.contains("\"   \""), "{skeleton}");
    let new: toml::Table = toml::from_str(&skeleton).unwrap();
    let titles: Vec<&str> = new["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|section| section["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 4, "{skeleton}");
    assert_eq!(titles[0], "[À COMPLÉTER : sections.title]", "{skeleton}");
}

#[test]
fn new_reads_a_file_name_number_as_check_does() {
    // `n+3.toml` is not named after a number (`check` does not read one in
    // it either): the folder has no issue, the next one is n1.
    let dir = empty();
    fs::write(dir.path().join("releases/n+3.toml"), "number = = 3\n").unwrap();
    let output = solidaire(dir.path(), &["new"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "releases/n1.toml\n");
}

#[test]
fn new_after_the_highest_possible_number_is_an_error_of_the_input() {
    let dir = empty();
    fs::write(
        dir.path().join("releases/n9.toml"),
        "number = 4294967295\ndate = 2020-04-08\n",
    )
    .unwrap();
    let output = solidaire(dir.path(), &["new"]);
    assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "error: the highest issue number is 4294967295: there is no next one\n \
         --> releases/n9.toml:1:10\n  |\n1 | number = 4294967295\n  |          ^^^^^^^^^^\n\n\
         error: aborting, 1 error: nothing written\n"
    );
    assert_eq!(
        fs::read_dir(dir.path().join("releases")).unwrap().count(),
        1
    );
}
