//! The key tables of `docs/issue-file.md` are the input mirror's tables
//! (`solidaire::input`): every key of every table, by its path, with the
//! same « required », and no other. A key added to the mirror, removed
//! from it or made required fails here until the documentation says so
//! too.

use solidaire::input::{FileKind, shape};

/// The heading of the documentation's section for the table `path` of
/// `kind`'s file: `### Sections` for `sections`, `### Initiatives` for
/// `sections.initiatives`.
fn heading(kind: FileKind, path: &str) -> String {
    match (kind, path) {
        (FileKind::Issue, "") => "### Top-level keys".to_owned(),
        (FileKind::Series, "") => "## Series file".to_owned(),
        (_, path) => {
            let last = path.rsplit('.').next().unwrap();
            let mut letters = last.chars();
            let first = letters.next().unwrap().to_uppercase();
            format!("### {first}{}", letters.as_str())
        }
    }
}

/// The rows of the key table under `heading`: (key, required) for each.
fn documented(doc: &str, heading: &str) -> Vec<(String, String)> {
    let start = doc
        .lines()
        .position(|line| line == heading)
        .unwrap_or_else(|| panic!("docs/issue-file.md has no « {heading} »"));
    doc.lines()
        .skip(start + 1)
        .take_while(|line| !line.starts_with('#'))
        .filter(|line| line.starts_with("| `"))
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split(" | ").collect();
            (
                cells[0].trim().trim_matches('`').to_owned(),
                cells[2].trim().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_documented_keys_are_the_mirror_keys() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/issue-file.md"))
        .unwrap();
    let mut wrong = Vec::new();
    for kind in [FileKind::Issue, FileKind::Series] {
        for table in shape(kind).tables() {
            let heading = heading(kind, &table.path);
            let rows = documented(&doc, &heading);
            let place = |name: &str| {
                let path = if table.path.is_empty() {
                    name.to_owned()
                } else {
                    format!("{}.{name}", table.path)
                };
                format!("{kind:?} `{path}` (« {heading} »)")
            };
            for key in &table.keys {
                let Some((_, required)) = rows.iter().find(|(name, _)| *name == key.name) else {
                    wrong.push(format!("{}: not documented", place(&key.name)));
                    continue;
                };
                let fits = if key.required {
                    required == "yes"
                } else if key.required_after_merge {
                    required.starts_with("yes, unless")
                } else {
                    required == "no"
                };
                if !fits {
                    wrong.push(format!(
                        "{}: documented required « {required} », the mirror says required {}, \
                         after the merge {}",
                        place(&key.name),
                        key.required,
                        key.required_after_merge
                    ));
                }
            }
            for (name, _) in &rows {
                if table.key(name).is_none() {
                    wrong.push(format!("{}: documented, not in the mirror", place(name)));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
