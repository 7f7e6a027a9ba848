//! Keys that land in the wrong table because a header is missing above
//! them (`[closing]` forgotten: its `text` repeats the last initiative's,
//! its `url` is unknown there). One error names the missing header instead
//! of one per key.

use crate::diagnostic::{Code, Diagnostic, SourceFile, shorten};
use crate::input::{KeyKind, Table};

use super::syntax::{header, lines_outside_strings};

/// A run of lines under one header: its table's path, and its lines.
struct Block<'t> {
    path: String,
    lines: Vec<(usize, &'t str)>,
}

/// Replaces the unknown and duplicate keys of each table that all belong
/// to another table of `shape`, from the first of them to the table's end,
/// by one error saying which header is missing above them. Returns the
/// paths of the tables whose header is said to be missing.
pub fn report_missing_headers(
    diagnostics: &mut Vec<Diagnostic>,
    source: &SourceFile,
    shape: &Table,
) -> Vec<String> {
    let mut missing_headers = Vec::new();
    let text = source.text.as_str();
    let lines = lines_outside_strings(text, text.len());
    let mut blocks = vec![Block {
        path: String::new(),
        lines: Vec::new(),
    }];
    for (start, line) in lines.iter().copied() {
        match header(line) {
            Some(path) => blocks.push(Block {
                path,
                lines: vec![(start, line)],
            }),
            None => blocks
                .last_mut()
                .expect("one block")
                .lines
                .push((start, line)),
        }
    }
    let tables = tables_with_headers(shape);
    for block in &blocks {
        let Some(&(block_start, _)) = block.lines.first() else {
            continue;
        };
        let block_end = block
            .lines
            .last()
            .map_or(block_start, |(start, line)| start + line.len());
        let misplaced = |diagnostic: &Diagnostic| {
            diagnostic.span.as_ref().is_some_and(|span| {
                (block_start..block_end).contains(&span.start)
                    && match diagnostic.code {
                        Code::UnknownKey => !diagnostic.message.contains(", did you mean"),
                        Code::DuplicateKey => diagnostic.message.starts_with("duplicate key"),
                        _ => false,
                    }
            })
        };
        let Some(first) = diagnostics
            .iter()
            .filter(|d| misplaced(d))
            .min_by_key(|d| d.span.as_ref().map(|span| span.start))
        else {
            continue;
        };
        let first = first.clone();
        let run_start = first.span.as_ref().map_or(0, |span| span.start);
        let keys: Vec<String> = block
            .lines
            .iter()
            .filter(|&&(start, _)| start + 1 > run_start || (start..start + 1).contains(&run_start))
            .filter(|&&(start, line)| start + line.len() > run_start)
            .filter_map(|(_, line)| key_of(line))
            .collect();
        let Some(first_key) = keys.first() else {
            continue;
        };
        // Every key from the first misplaced one on is misplaced: a key
        // that is right where it stands belongs to this table.
        // A key written twice, alone, is that mistake and no other.
        if diagnostics.iter().filter(|d| misplaced(d)).count() != keys.len()
            || (first.code == Code::DuplicateKey && keys.len() < 2)
        {
            continue;
        }
        let Some((table, written)) = tables.iter().find(|(table, written)| {
            // Keys twice in an element of an array of tables: the header
            // of the next element may be the one missing.
            (table.path != block.path
                || (written.starts_with("[[") && first.code == Code::DuplicateKey))
                && keys.iter().all(|key| table.names.contains(key))
                // A table, unlike an array of tables, is written once.
                && (written.starts_with("[[")
                    || !blocks.iter().any(|other| other.path == table.path))
        }) else {
            continue;
        };
        let (line, _) = source.line_column(run_start);
        let within = if block.path.is_empty() {
            "the top level".to_owned()
        } else {
            format!("`{}`", element_path(&blocks, block, &tables))
        };
        let message = if first.code == Code::DuplicateKey {
            format!(
                "`{}` is defined twice in {within}: is a `{written}` header missing above line {line}?",
                shorten(first_key)
            )
        } else {
            format!(
                "`{}` is not a key of {within}: is a `{written}` header missing above line {line}?",
                shorten(first_key)
            )
        };
        let missing = format!("missing required key `{}`", table.path);
        diagnostics.retain(|d| !misplaced(d) && d.message != missing);
        diagnostics.push(
            Diagnostic::error(first.code, message, first.span.clone().unwrap_or(0..0))
                .with_label(format!("a key of `{written}`"))
                .with_help(format!("write `{written}` on the line above")),
        );
        missing_headers.push(table.path.clone());
    }
    missing_headers
}

/// Every table of `shape` but the top level, with its header as written.
fn tables_with_headers(shape: &Table) -> Vec<(&Table, String)> {
    let mut found = Vec::new();
    for key in &shape.keys {
        match &key.kind {
            KeyKind::Table(table) => {
                found.push((table, format!("[{}]", table.path)));
                found.extend(tables_with_headers(table));
            }
            KeyKind::Tables(table) => {
                found.push((table, format!("[[{}]]", table.path)));
                found.extend(tables_with_headers(table));
            }
            KeyKind::Value => {}
        }
    }
    found
}

/// `sections[4].initiatives[2]` for the block of the second
/// `[[sections.initiatives]]` of the fourth `[[sections]]`.
fn element_path(blocks: &[Block], block: &Block, tables: &[(&Table, String)]) -> String {
    let before = &blocks[..blocks
        .iter()
        .position(|b| std::ptr::eq(b, block))
        .unwrap_or(0)
        + 1];
    let mut path = String::new();
    let mut since = 0;
    for part in block.path.split('.') {
        let prefix = if path.is_empty() {
            part.to_owned()
        } else {
            format!("{}.{part}", strip_indices(&path))
        };
        path = if path.is_empty() {
            part.to_owned()
        } else {
            format!("{path}.{part}")
        };
        let is_array = tables
            .iter()
            .any(|(table, written)| table.path == prefix && written.starts_with("[["));
        if is_array {
            let elements: Vec<usize> = before
                .iter()
                .enumerate()
                .skip(since)
                .filter(|(_, b)| {
                    b.path == prefix
                        && b.lines
                            .first()
                            .is_some_and(|(_, line)| line.trim_start().starts_with("[["))
                })
                .map(|(at, _)| at)
                .collect();
            if let Some(&last) = elements.last() {
                path = format!("{path}[{}]", elements.len());
                since = last;
            }
        }
    }
    path
}

fn strip_indices(path: &str) -> String {
    path.split('.')
        .map(|part| part.split('[').next().unwrap_or(part))
        .collect::<Vec<_>>()
        .join(".")
}

/// The bare key a `key = …` line gives.
fn key_of(line: &str) -> Option<String> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && !key.starts_with('#') && !key.contains('.'))
        .then(|| key.trim_matches(['"', '\'']).to_owned())
}
