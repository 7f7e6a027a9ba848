//! The skeleton of the next issue (`solidaire new`): written from the input
//! mirror ([`crate::input`]), so that every key of the issue file appears
//! in it with its description, either filled in, as a placeholder to
//! replace, or as a commented example.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::input::{FileKind, Key, KeyKind, Skeleton, Table, shape, toml_string};
use crate::load::placeholder::placeholder;

/// What the skeleton is made of, besides the mirror. Which key takes what
/// is the mirror's to say (`x-skeleton`): the plan names no key.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub number: u32,
    pub date: Option<NaiveDate>,
    /// The latest issue's texts, as written, by their key as messages name
    /// them (`title`, `sections[2].title`): the keys the mirror marks
    /// `carried` take theirs; an array of tables has as many tables as the
    /// latest issue had (one at least).
    pub carried: BTreeMap<String, String>,
    /// The keys `series.toml` gives (`title`): a `carried` key with no
    /// value to carry is then a commented example, not a placeholder.
    pub in_series: Vec<String>,
}

/// What to write for one key.
enum Fill {
    /// `key = value`.
    Value(String),
    /// `key = "[À COMPLÉTER : …]"`.
    Placeholder,
    /// `# key = example`.
    Example,
}

/// The skeleton's text.
pub fn skeleton(plan: &Plan) -> String {
    let mut out = format!(
        "# Issue n°{} of the series, written by `solidaire new`.\n\
         #\n\
         # Replace every « [À COMPLÉTER : …] » with the communiqué's text: until\n\
         # none is left, `solidaire check`, `compose` and `build` refuse this file.\n\
         # A section needs an `intro`, initiatives, or both: delete what it does\n\
         # not need. Lines starting with « # » are comments: remove the « # » of\n\
         # an example to use its key.\n",
        plan.number
    );
    write_table(&mut out, plan, shape(FileKind::Issue), "", false, true);
    out
}

/// How to fill `key`, named `name` in messages (`sections[1].title`).
fn fill(plan: &Plan, name: &str, key: &Key) -> Fill {
    match key.skeleton {
        Some(Skeleton::NextNumber) => Fill::Value(plan.number.to_string()),
        Some(Skeleton::Date) => match plan.date {
            Some(date) => Fill::Value(date.format("%Y-%m-%d").to_string()),
            None => Fill::Placeholder,
        },
        Some(Skeleton::Carried) => match plan.carried.get(name) {
            Some(value) => Fill::Value(toml_string(value)),
            None if key.required_after_merge && plan.in_series.iter().any(|key| key == name) => {
                Fill::Example
            }
            None => Fill::Placeholder,
        },
        Some(Skeleton::Placeholder) => Fill::Placeholder,
        None if key.required => Fill::Placeholder,
        None => Fill::Example,
    }
}

/// Writes the keys of `table`: values first, then tables, as TOML wants.
/// `prefix` is the table's name in messages (`sections[2]`, empty at the
/// top level); `commented` puts the whole table in comments; `describe`
/// writes the keys' descriptions (once for an array of tables).
fn write_table(
    out: &mut String,
    plan: &Plan,
    table: &Table,
    prefix: &str,
    commented: bool,
    describe: bool,
) {
    let path = |key: &Key| {
        if table.path.is_empty() {
            key.name.clone()
        } else {
            format!("{}.{}", table.path, key.name)
        }
    };
    let name = |key: &Key| {
        if prefix.is_empty() {
            key.name.clone()
        } else {
            format!("{prefix}.{}", key.name)
        }
    };
    for key in table
        .keys
        .iter()
        .filter(|key| matches!(key.kind, KeyKind::Value))
    {
        let path = path(key);
        if describe {
            out.push('\n');
            comment(out, &key.description);
        }
        let example = key.example.clone().unwrap_or_default();
        let line = match fill(plan, &name(key), key) {
            _ if commented => format!("# {} = {example}\n", key.name),
            Fill::Value(value) => format!("{} = {value}\n", key.name),
            Fill::Placeholder if key.paragraphs => {
                format!("{} = \"\"\"\n{}\"\"\"\n", key.name, placeholder(&path))
            }
            Fill::Placeholder => format!("{} = {}\n", key.name, toml_string(&placeholder(&path))),
            Fill::Example => format!("# {} = {example}\n", key.name),
        };
        out.push_str(&line);
    }
    // Tables to fill in first, examples after.
    let mut tables: Vec<(&Key, bool)> = table
        .keys
        .iter()
        .filter(|key| !matches!(key.kind, KeyKind::Value))
        .map(|key| {
            let example = matches!(fill(plan, &name(key), key), Fill::Example);
            (key, commented || example)
        })
        .collect();
    tables.sort_by_key(|(_, commented)| *commented);
    for (key, commented) in tables {
        let name = name(key);
        let (inner, header, count) = match &key.kind {
            KeyKind::Value => continue,
            KeyKind::Table(inner) => (inner, format!("[{}]", inner.path), 1),
            KeyKind::Tables(inner) => (
                inner,
                format!("[[{}]]", inner.path),
                carried_tables(plan, &name, inner).max(1),
            ),
        };
        for index in 0..count {
            out.push('\n');
            let first = index == 0 && describe;
            if first {
                out.push_str(
                    "# ---------------------------------------------------------------------\n",
                );
                comment(out, &key.description);
            }
            if commented {
                out.push_str("# ");
            }
            out.push_str(&header);
            out.push('\n');
            let prefix = match &key.kind {
                KeyKind::Tables(_) => format!("{name}[{}]", index + 1),
                _ => name.clone(),
            };
            write_table(out, plan, inner, &prefix, commented, first);
        }
    }
}

/// How many tables of the array `name` (`sections`) carry a text: the
/// highest rank among the names of the carried keys of `table`
/// (`sections[3].title`).
fn carried_tables(plan: &Plan, name: &str, table: &Table) -> usize {
    plan.carried
        .keys()
        .filter_map(|key| {
            let rest = key.strip_prefix(name)?.strip_prefix('[')?;
            let (rank, key) = rest.split_once("].")?;
            let carried = table
                .key(key)
                .is_some_and(|key| key.skeleton == Some(Skeleton::Carried));
            carried.then(|| rank.parse::<usize>().ok()).flatten()
        })
        .max()
        .unwrap_or(0)
}

/// `text` as comment lines of at most 76 columns.
fn comment(out: &mut String, text: &str) {
    // French punctuation stays with its word: a line never starts with
    // « » », « : » or « ; », nor ends with « « ».
    let mut words: Vec<String> = Vec::new();
    let mut glue_next = false;
    for word in text.split_whitespace() {
        let glue_previous = matches!(word, "»" | ":" | ";" | "!" | "?");
        match words.last_mut() {
            Some(last) if glue_next || glue_previous => {
                last.push(' ');
                last.push_str(word);
            }
            _ => words.push(word.to_owned()),
        }
        glue_next = word == "«";
    }
    let mut line = String::from("#");
    for word in &words {
        if line.chars().count() + 1 + word.chars().count() > 76 && line != "#" {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}
