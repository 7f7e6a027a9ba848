//! The skeleton of the next issue (`solidaire new`): written from the input
//! mirror ([`crate::input`]), so that every key of the issue file appears
//! in it with its description, either filled in, as a placeholder to
//! replace, or as a commented example.

use chrono::NaiveDate;

use crate::input::{FileKind, Key, KeyKind, Table, shape, toml_string};
use crate::load::placeholder::placeholder;

/// What the skeleton is made of, besides the mirror.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub number: u32,
    pub date: Option<NaiveDate>,
    /// The issue's own `title` and `place`: carried from the latest issue,
    /// or `None` (a commented example when `series.toml` gives the key, a
    /// placeholder when nothing does).
    pub title: Option<String>,
    pub place: Option<String>,
    /// Whether `series.toml` gives `title`, `place`.
    pub series_title: bool,
    pub series_place: bool,
    /// The section titles carried from the latest issue; none gives one
    /// section whose title is a placeholder.
    pub section_titles: Vec<String>,
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
    write_table(&mut out, plan, shape(FileKind::Issue), 0, false, true);
    out
}

fn fill(plan: &Plan, path: &str, key: &Key) -> Fill {
    let carried = |value: &Option<String>, in_series: bool| match value {
        Some(value) => Fill::Value(toml_string(value)),
        None if in_series => Fill::Example,
        None => Fill::Placeholder,
    };
    match path {
        "number" => Fill::Value(plan.number.to_string()),
        "date" => match plan.date {
            Some(date) => Fill::Value(date.format("%Y-%m-%d").to_string()),
            None => Fill::Placeholder,
        },
        "title" => carried(&plan.title, plan.series_title),
        "place" => carried(&plan.place, plan.series_place),
        _ if key.required => Fill::Placeholder,
        // A section's intro and its initiative: one of them is needed, and
        // the office may delete either.
        "sections.intro" | "sections.initiatives" => Fill::Placeholder,
        _ => Fill::Example,
    }
}

/// Writes the keys of `table`: values first, then tables, as TOML wants.
/// `index` is the rank of the table in its array (the section whose title
/// to carry); `commented` puts the whole table in comments; `describe`
/// writes the keys' descriptions (once for an array of tables).
fn write_table(
    out: &mut String,
    plan: &Plan,
    table: &Table,
    index: usize,
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
        let fill = match (path.as_str(), fill(plan, &path, key)) {
            ("sections.title", _) => match plan.section_titles.get(index) {
                Some(title) => Fill::Value(toml_string(title)),
                None => Fill::Placeholder,
            },
            (_, fill) => fill,
        };
        let line = match fill {
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
            let example = matches!(fill(plan, &path(key), key), Fill::Example);
            (key, commented || example)
        })
        .collect();
    tables.sort_by_key(|(_, commented)| *commented);
    for (key, commented) in tables {
        let (inner, header) = match &key.kind {
            KeyKind::Value => continue,
            KeyKind::Table(inner) => (inner, format!("[{}]", inner.path)),
            KeyKind::Tables(inner) => (inner, format!("[[{}]]", inner.path)),
        };
        let count = if inner.path == "sections" {
            plan.section_titles.len().max(1)
        } else {
            1
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
            write_table(out, plan, inner, index, commented, first);
        }
    }
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
