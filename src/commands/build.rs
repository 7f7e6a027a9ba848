//! `solidaire build [DIR]`: a folder of issues → the archive site (every
//! issue in three formats, `index.html`, `feed.xml`, `sitemap.xml`),
//! replacing `site/` whole. What is built is [`crate::site`]'s; how it is
//! put in place, [`crate::output::site`]'s.

use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::render_options;
use crate::cli::BuildArgs;
use crate::error::Error;
use crate::load::folder::load_folder;
use crate::load::{LoadError, SERIES_FILE};
use crate::output::site::Staging;
use crate::report::Reporter;
use crate::site::Site;

pub fn run(args: &BuildArgs, today: NaiveDate, reporter: &Reporter) -> Result<(), Error> {
    let options = render_options()?;
    let folder = load_folder(&args.dir, today)?;
    if folder.issues.is_empty() {
        return Err(Error::Input {
            path: args.dir.clone(),
            error: io::Error::new(
                io::ErrorKind::NotFound,
                "the folder holds no issue file (`*.toml` but series.toml)",
            ),
        });
    }
    // Every file's problems, before anything is written: one invalid file
    // and nothing is. The warnings are said whatever follows, the series
    // file's once.
    let diagnostics = folder.diagnostics();
    if folder.has_errors() {
        let mut unreadable: Vec<(PathBuf, io::Error)> = folder
            .issues
            .into_iter()
            .filter_map(|issue| match issue.outcome {
                Err(LoadError::Io { path, error }) => Some((path, error)),
                _ => None,
            })
            .collect();
        // The other files' problems first, then every file that could not
        // be read, the last one as the error that stops the run (exit 66).
        let Some((path, error)) = unreadable.pop() else {
            return Err(Error::Invalid(diagnostics));
        };
        for file in &diagnostics {
            reporter.file(file);
        }
        for (path, error) in &unreadable {
            reporter.unreadable(path, error);
        }
        return Err(Error::Input { path, error });
    }
    for file in &diagnostics {
        reporter.file(file);
    }
    // Each holds a copy of its file's text: not kept through the build.
    drop(diagnostics);
    let mut inputs: Vec<PathBuf> = folder
        .issues
        .iter()
        .map(|issue| issue.path.clone())
        .collect();
    inputs.push(args.dir.join(SERIES_FILE));
    inputs.push(args.dir.clone());
    let site = Site::from_folder(folder)?;

    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let staging = Staging::begin(&args.out_dir, &inputs, &|message| reporter.note(message))?;
    {
        let progress = reporter.progress(site.releases.len(), "issues");
        site.build(
            &options,
            &|name, bytes| staging.write(name, &bytes),
            &|| progress.step(),
        )?;
    }
    staging.commit()?;

    let count = site.releases.len();
    let plural = if count == 1 { "" } else { "s" };
    let mut shown = args.out_dir.display().to_string();
    if !shown.ends_with('/') {
        shown.push('/');
    }
    reporter.note(&format!("built {count} issue{plural} into {shown}"));
    Ok(())
}
