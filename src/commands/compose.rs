//! `solidaire compose FILE.toml`: one issue → Markdown, HTML and PDF.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::render_options;
use crate::cli::ComposeArgs;
use crate::error::Error;
use crate::load::{Loaded, load_release, series_path};
use crate::output::{
    is_stdout_path, refuse_inputs, refuse_stdout_input, write_all_atomically, write_stdout,
};
use crate::pipeline;
use crate::render::Format;
use crate::report::Reporter;

/// Where one rendered document goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Destination {
    File(PathBuf),
    Stdout,
}

pub fn run(args: &ComposeArgs, today: NaiveDate, reporter: &Reporter) -> Result<(), Error> {
    // Decide the outputs before reading anything, so that a bad command
    // line is reported as such (exit 2) whatever the input.
    let plan = plan_outputs(args)?;
    let options = render_options()?;
    let formats: Vec<Format> = plan.iter().map(|(format, _)| *format).collect();
    // The series file's warnings come first, with the issue's.
    let Loaded { release, warnings } = load_release(&args.file, today)?;
    for file in &warnings {
        reporter.file(file);
    }
    let rendered = pipeline::render(&release, &formats, &options)?;

    let documents: Vec<(Destination, Vec<u8>)> = plan
        .into_iter()
        .zip(rendered)
        .map(|((_, destination), (_, bytes))| (destination, bytes))
        .collect();
    let outputs: Vec<&Path> = documents
        .iter()
        .filter_map(|(destination, _)| match destination {
            Destination::File(path) => Some(path.as_path()),
            Destination::Stdout => None,
        })
        .collect();
    let inputs = [args.file.as_path(), &series_path(&args.file)];
    refuse_inputs(&outputs, &inputs)?;
    if outputs.len() < documents.len() {
        refuse_stdout_input(&inputs)?;
    }

    let mut files = Vec::new();
    for (destination, bytes) in documents {
        match destination {
            Destination::Stdout => write_stdout(&bytes)?,
            Destination::File(path) => files.push((path, bytes)),
        }
    }
    let kept = write_all_atomically(&files, &|message| reporter.note(message))?;
    for ((path, _), kept) in files.iter().zip(kept) {
        reporter.wrote(path, kept);
    }
    Ok(())
}

/// The format and destination of each document to write.
fn plan_outputs(args: &ComposeArgs) -> Result<Vec<(Format, Destination)>, Error> {
    let mut formats: Vec<Format> = args.format.clone();
    formats.sort();
    formats.dedup();

    let Some(output) = &args.output else {
        if formats.is_empty() {
            formats = Format::DOCUMENTS.to_vec();
        }
        let stem = args.file.file_stem().ok_or_else(|| {
            Error::Usage(format!(
                "`{}` is not a file name",
                crate::error::shown(&args.file)
            ))
        })?;
        return Ok(formats
            .into_iter()
            .map(|format| {
                let mut name = stem.to_owned();
                name.push(".");
                name.push(format.extension());
                (format, Destination::File(args.out_dir.join(name)))
            })
            .collect());
    };

    let to_stdout = output == Path::new("-") || is_stdout_path(output);
    let named = output
        .extension()
        .and_then(|extension| extension.to_str())
        .and_then(Format::from_extension);
    let format = match formats.as_slice() {
        [format] if !to_stdout && named.is_some_and(|named| named != *format) => {
            return Err(Error::Usage(format!(
                "`{}` names another format than --format {format}",
                crate::error::shown(output)
            )));
        }
        [format] => *format,
        [] if !to_stdout => named.ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the format of `{}` from its extension: add --format md, html, pdf or eml",
                crate::error::shown(output)
            ))
        })?,
        [] => {
            return Err(Error::Usage(
                "`-o -` writes one document to standard output: choose it with --format md, html, pdf or eml"
                    .to_owned(),
            ));
        }
        _ => {
            return Err(Error::Usage(
                "-o writes one document: give a single --format".to_owned(),
            ));
        }
    };
    let destination = if to_stdout {
        Destination::Stdout
    } else {
        Destination::File(output.clone())
    };
    Ok(vec![(format, destination)])
}
