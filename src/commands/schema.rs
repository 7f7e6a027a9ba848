//! `solidaire schema`: the JSON Schema of the issue file (`--series`: of
//! `series.toml`), generated from the input mirror, on standard output.

use crate::cli::SchemaArgs;
use crate::error::Error;
use crate::input::{FileKind, schema};
use crate::output::write_stdout;

pub fn run(args: &SchemaArgs) -> Result<(), Error> {
    let kind = if args.series {
        FileKind::Series
    } else {
        FileKind::Issue
    };
    let mut text = serde_json::to_string_pretty(&schema(kind))
        .expect("a schema of JSON values always serializes");
    text.push('\n');
    write_stdout(text.as_bytes())
}
