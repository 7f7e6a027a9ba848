use chrono::NaiveDate;

use super::*;
use crate::diagnostic::{Code, FileDiagnostics, Severity, SourceFile};

#[test]
fn every_key_has_a_description_and_every_value_an_example() {
    fn walk(table: &Table) {
        for key in &table.keys {
            assert!(
                !key.description.is_empty(),
                "`{}` in `{}` has no doc comment",
                key.name,
                table.path
            );
            match &key.kind {
                KeyKind::Value => assert!(
                    key.example.is_some(),
                    "`{}` in `{}` has no example",
                    key.name,
                    table.path
                ),
                KeyKind::Table(inner) | KeyKind::Tables(inner) => walk(inner),
            }
        }
    }
    walk(shape(FileKind::Issue));
    walk(shape(FileKind::Series));
}

#[test]
fn keys_come_in_the_mirror_order() {
    assert_eq!(
        keys(FileKind::Issue, ""),
        [
            "number", "date", "title", "place", "issuer", "label", "site", "contact", "preamble",
            "sections", "closing"
        ]
    );
    assert_eq!(
        keys(FileKind::Series, ""),
        [
            "title",
            "place",
            "issuer",
            "label",
            "site",
            "contact",
            "typography",
            "mail"
        ]
    );
    assert_eq!(
        keys(FileKind::Issue, "sections.initiatives"),
        ["place", "text", "links"]
    );
    assert_eq!(
        keys(FileKind::Series, "mail"),
        ["from", "reply_to", "to", "bcc"]
    );
}

#[test]
fn dates_are_strings_of_format_date_and_nothing_is_null() {
    let schema = schema(FileKind::Issue);
    let date = &schema.as_value()["properties"]["date"];
    assert_eq!(date["type"], "string");
    assert_eq!(date["format"], "date");
    let text = serde_json::to_string(&schema).unwrap();
    assert!(!text.contains("null"), "{text}");
}

#[test]
fn descriptions_in_the_schema_end_with_the_example() {
    let schema = schema(FileKind::Issue);
    assert_eq!(
        schema.as_value()["properties"]["number"]["description"],
        "The issue's number, 1 or more, printed after the title (« n°2 »). Example: `2`."
    );
}

/// A file of `kind` that gives every key of the mirror its example value,
/// but `poisoned` (a dotted path) `true` or `"x"`, a value of the wrong
/// type, and with `unknown` (a table's dotted path) given a key the mirror
/// lacks.
fn every_key(kind: FileKind, poisoned: &str, unknown: Option<&str>) -> String {
    every_key_but(kind, poisoned, unknown, &[])
}

/// [`every_key`], leaving out the keys at the dotted paths `removed`.
fn every_key_but(
    kind: FileKind,
    poisoned: &str,
    unknown: Option<&str>,
    removed: &[&str],
) -> String {
    fn write(
        table: &Table,
        poisoned: &str,
        unknown: Option<&str>,
        removed: &[&str],
        out: &mut String,
    ) {
        for key in &table.keys {
            let path = if table.path.is_empty() {
                key.name.clone()
            } else {
                format!("{}.{}", table.path, key.name)
            };
            if removed.contains(&path.as_str()) {
                continue;
            }
            let example = key.example.as_deref();
            let value = if path == poisoned {
                if matches!(example, Some("true" | "false")) {
                    "\"x\""
                } else {
                    "true"
                }
            } else {
                match &key.kind {
                    KeyKind::Value => example.unwrap(),
                    _ => continue,
                }
            };
            out.push_str(&format!("{} = {value}\n", key.name));
        }
        if unknown == Some(table.path.as_str()) {
            out.push_str("not_in_the_mirror = 1\n");
        }
        for key in &table.keys {
            let (inner, header) = match &key.kind {
                KeyKind::Value => continue,
                KeyKind::Table(inner) => (inner, format!("[{}]", inner.path)),
                KeyKind::Tables(inner) => (inner, format!("[[{}]]", inner.path)),
            };
            if inner.path == poisoned || removed.contains(&inner.path.as_str()) {
                continue;
            }
            out.push_str(&format!("\n{header}\n"));
            write(inner, poisoned, unknown, removed, out);
        }
    }
    let mut out = String::new();
    write(shape(kind), poisoned, unknown, removed, &mut out);
    out
}

/// Every diagnostic of both files when `issue` is merged over `series`.
fn diagnostics(issue: &str, series: &str) -> Vec<(Severity, Code, String)> {
    let today = NaiveDate::from_ymd_opt(2020, 4, 8).unwrap();
    let files = match crate::load::validate(
        SourceFile::new("releases/n2.toml", issue),
        Some(SourceFile::new("releases/series.toml", series)),
        today,
    ) {
        Ok(loaded) => loaded.warnings,
        Err(files) => files,
    };
    files
        .iter()
        .flat_map(|file: &FileDiagnostics| &file.diagnostics)
        .map(|diagnostic| {
            (
                diagnostic.severity,
                diagnostic.code,
                diagnostic.message.clone(),
            )
        })
        .collect()
}

/// Every dotted path of a key, tables included.
fn paths(table: &Table) -> Vec<String> {
    let mut found = Vec::new();
    for key in &table.keys {
        let path = if table.path.is_empty() {
            key.name.clone()
        } else {
            format!("{}.{}", table.path, key.name)
        };
        found.push(path);
        if let KeyKind::Table(inner) | KeyKind::Tables(inner) = &key.kind {
            found.extend(paths(inner));
        }
    }
    found
}

#[test]
fn the_loader_accepts_every_key_of_the_mirror() {
    let issue = every_key(FileKind::Issue, "", None);
    let series = every_key(FileKind::Series, "", None);
    assert_eq!(
        diagnostics(&issue, &series),
        [],
        "issue:\n{issue}\nseries:\n{series}"
    );
    // The mirror deserializes the same files.
    toml::from_str::<IssueFile>(&issue).unwrap();
    toml::from_str::<SeriesFile>(&series).unwrap();
}

#[test]
fn the_loader_reads_every_key_of_the_mirror() {
    // A key the loader accepted but never read would take a wrong value in
    // silence: each one, given a value of the wrong type, is an error.
    let series = every_key(FileKind::Series, "", None);
    let issue = every_key(FileKind::Issue, "", None);
    for kind in [FileKind::Issue, FileKind::Series] {
        for path in paths(shape(kind)) {
            let poisoned = every_key(kind, &path, None);
            let found = match kind {
                FileKind::Issue => diagnostics(&poisoned, &series),
                FileKind::Series => diagnostics(&issue, &poisoned),
            };
            let name = path.rsplit('.').next().unwrap();
            assert!(
                found.iter().any(|(severity, code, message)| {
                    *severity == Severity::Error
                        && *code == Code::WrongType
                        && message.contains(&format!("{name}`"))
                }),
                "{kind:?} `{path}` given a wrong type: {found:?}\n{poisoned}"
            );
        }
    }
}

#[test]
fn a_key_the_mirror_lacks_is_unknown_in_every_table() {
    let series = every_key(FileKind::Series, "", None);
    let issue = every_key(FileKind::Issue, "", None);
    for kind in [FileKind::Issue, FileKind::Series] {
        for table in shape(kind).tables() {
            let with_unknown = every_key(kind, "", Some(&table.path));
            let found = match kind {
                FileKind::Issue => diagnostics(&with_unknown, &series),
                FileKind::Series => diagnostics(&issue, &with_unknown),
            };
            assert!(
                matches!(
                    found.as_slice(),
                    [(Severity::Error, Code::UnknownKey, message)]
                        if message.contains("not_in_the_mirror")
                ),
                "{kind:?} `{}`: {found:?}\n{with_unknown}",
                table.path
            );
        }
    }
}

#[test]
fn every_shipped_file_fits_the_mirror() {
    let releases = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("releases");
    for entry in std::fs::read_dir(releases).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|extension| extension != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let fits = if crate::load::is_series_file(&path) {
            toml::from_str::<SeriesFile>(&text).map(drop)
        } else {
            toml::from_str::<IssueFile>(&text).map(drop)
        };
        fits.unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    }
}

#[test]
fn a_key_left_out_is_missing_exactly_when_the_mirror_requires_it() {
    // The loader asks the mirror whether a key is required: each key left
    // out in turn is `missing-key` if and only if the mirror says so. The
    // issue gives no `title` or `place` of its own when the series key is
    // the one left out, so that what the merge requires shows too.
    let merged: Vec<&str> = shape(FileKind::Issue)
        .keys
        .iter()
        .filter(|key| key.required_after_merge)
        .map(|key| key.name.as_str())
        .collect();
    for kind in [FileKind::Issue, FileKind::Series] {
        for path in paths(shape(kind)) {
            let (table, name) = path.rsplit_once('.').unwrap_or(("", &path));
            let key = super::table(kind, table).key(name).unwrap();
            let (issue, series, required) = match kind {
                FileKind::Issue => (
                    every_key_but(kind, "", None, &[&path]),
                    String::new(),
                    key.required || key.required_after_merge,
                ),
                FileKind::Series => (
                    every_key_but(FileKind::Issue, "", None, &merged),
                    every_key_but(kind, "", None, &[&path]),
                    key.required || key.required_after_merge,
                ),
            };
            let found = diagnostics(&issue, &series);
            let missing = found.iter().any(|(severity, code, message)| {
                *severity == Severity::Error
                    && *code == Code::MissingKey
                    && message.ends_with(&format!("{name}`"))
            });
            assert_eq!(
                missing, required,
                "{kind:?} without `{path}`: {found:?}\nissue:\n{issue}\nseries:\n{series}"
            );
        }
    }
}

#[test]
fn title_and_place_are_required_of_the_merge_not_of_each_file() {
    for kind in [FileKind::Issue, FileKind::Series] {
        for name in ["title", "place"] {
            let key = shape(kind).key(name).unwrap();
            assert!(
                !key.required && key.required_after_merge,
                "{kind:?} `{name}`"
            );
            let schema = schema(kind);
            assert_eq!(
                schema.as_value()["properties"][name]["x-required-after-merge"],
                true
            );
        }
    }
}

#[test]
fn the_skeleton_reads_its_special_cases_off_the_mirror() {
    let issue = shape(FileKind::Issue);
    let sections = issue.table("sections").unwrap();
    let cases = [
        (issue.key("number"), Some(Skeleton::NextNumber)),
        (issue.key("date"), Some(Skeleton::Date)),
        (issue.key("title"), Some(Skeleton::Carried)),
        (issue.key("place"), Some(Skeleton::Carried)),
        (issue.key("preamble"), None),
        (sections.key("title"), Some(Skeleton::Carried)),
        (sections.key("intro"), Some(Skeleton::Placeholder)),
        (sections.key("initiatives"), Some(Skeleton::Placeholder)),
    ];
    for (key, skeleton) in cases {
        let key = key.unwrap();
        assert_eq!(key.skeleton, skeleton, "`{}`", key.name);
    }
}
