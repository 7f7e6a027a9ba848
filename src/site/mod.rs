//! The archive site that `build` writes: every issue in its three formats
//! (each page with the links to the issues around it), the archive page
//! (`index.html`), the Atom feed (`feed.xml`) and the sitemap
//! (`sitemap.xml`).
//!
//! This module only makes bytes; the command hands them to
//! [`crate::output::site`], which puts the whole site in place at once.

pub mod address;
pub mod collate;
mod feed;
mod index;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic, FileDiagnostics, SourceFile, display_path};
use crate::error::Error;
use crate::load::folder::Folder;
use crate::load::{LoadError, SERIES_FILE};
use crate::model::Release;
use crate::pipeline;
use crate::render::{Format, Navigation, NavigationLink, RenderOptions, html};
pub use address::{SiteAddress, french_size, page_name};

/// The archive page's file name.
pub const INDEX: &str = "index.html";
/// The Atom feed's file name.
pub const FEED: &str = "feed.xml";
/// The sitemap's file name.
pub const SITEMAP: &str = "sitemap.xml";
/// Stems an issue file may not have: its page would be a page the site
/// writes itself (`index.toml` → `index.html`).
const RESERVED_STEMS: [&str; 1] = ["index"];

/// The issues of a valid folder, ready to publish.
#[derive(Debug)]
pub struct Site {
    /// Every issue, by number (the lowest first).
    pub releases: Vec<Release>,
    /// Where the site is published.
    pub address: SiteAddress,
    /// The series' title and issuer for the archive and the feed: those
    /// of series.toml, else the newest issue's (an issue that gives its
    /// own does not rename the series).
    pub title: String,
    pub issuer: Option<String>,
}

/// Where [`Site::build`] hands each file it makes: its name in the site,
/// its bytes.
pub type WriteFile<'a> = dyn Fn(&str, Vec<u8>) -> Result<(), Error> + Sync + 'a;

/// One issue as the archive, the feed and the sitemap list it.
#[derive(Debug)]
struct Entry<'a> {
    release: &'a Release,
    /// The size in bytes of each document, in [`Format::DOCUMENTS`]'s order.
    sizes: [u64; 3],
    /// The communiqué as HTML, for the feed.
    communique: String,
}

impl Site {
    /// The issues of `folder`, which [`Folder::has_errors`] found valid,
    /// and the site's address: series.toml's `site`, else the newest
    /// issue's (the loader has checked both). Without one, or with
    /// an issue whose page would be one of the site's own, every such
    /// problem as a diagnostic (exit 65).
    pub fn from_folder(folder: Folder) -> Result<Site, Error> {
        let mut problems = Vec::new();
        let mut issues = Vec::with_capacity(folder.issues.len());
        for issue in folder.issues {
            let checked = match issue.outcome {
                Ok(checked) => checked,
                Err(LoadError::Io { path, error }) => return Err(Error::Input { path, error }),
                Err(LoadError::Invalid(files)) => return Err(Error::Invalid(files)),
            };
            let loaded = checked.result.map_err(Error::Invalid)?;
            let stem = loaded.release.stem.as_str();
            if RESERVED_STEMS.contains(&stem) {
                problems.push(FileDiagnostics {
                    source: checked.source,
                    diagnostics: vec![
                        Diagnostic::file_error(
                            Code::ReservedName,
                            format!(
                                "an issue named `{stem}` would replace the site's own `{stem}.html`"
                            ),
                        )
                        .with_help("rename the file after its number, such as `n2.toml`"),
                    ],
                });
            }
            issues.push((loaded.release, issue.path));
        }
        issues.sort_by_key(|(release, _)| release.number);
        let newest = issues.last();
        // The series' address, as its title: an issue that gives its own
        // does not move every entry of the feed (their ids are addresses).
        let address = folder
            .series
            .site()
            .or_else(|| newest.and_then(|(release, _)| release.site.as_deref()))
            .map(SiteAddress::new);
        if let (None, Some((_, newest_path))) = (&address, newest) {
            // Where `site` is best added: the file every issue shares, or
            // the only one there is.
            let series_path = folder.path.join(SERIES_FILE);
            let path = if series_path.is_file() {
                series_path
            } else {
                newest_path.clone()
            };
            let message = format!(
                "`site` is required by build: add `site = \"https://…/\"` to {}",
                display_path(&path)
            );
            problems.insert(
                0,
                FileDiagnostics {
                    // Named only: the diagnostic has no position to show.
                    source: SourceFile::new(path, String::new()),
                    diagnostics: vec![Diagnostic::file_error(Code::MissingKey, message).with_help(
                        "the address the site is published at: the feed and the sitemap give \
                         absolute addresses",
                    )],
                },
            );
        }
        let title = folder
            .series
            .typeset_title()
            .or_else(|| newest.map(|(release, _)| release.title.clone()))
            .unwrap_or_default();
        let issuer = folder
            .series
            .typeset_issuer()
            .or_else(|| newest.and_then(|(release, _)| release.issuer.clone()))
            .map(|issuer| issuer.trim().to_owned())
            .filter(|issuer| !issuer.is_empty());
        match address {
            Some(address) if problems.is_empty() => Ok(Site {
                releases: issues.into_iter().map(|(release, _)| release).collect(),
                address,
                title,
                issuer,
            }),
            _ => Err(Error::Invalid(problems)),
        }
    }

    /// Renders every issue in its three formats on all cores, handing each
    /// document to `write` (its file name, its bytes) as soon as it is made
    /// and calling `done` after each issue; then the archive, the feed and
    /// the sitemap. The first error stops the run.
    pub fn build(
        &self,
        options: &RenderOptions,
        write: &WriteFile<'_>,
        done: &(dyn Fn() + Sync),
    ) -> Result<(), Error> {
        let entries: Vec<Entry> = (0..self.releases.len())
            .into_par_iter()
            .map(|at| {
                let release = &self.releases[at];
                let options = RenderOptions {
                    navigation: Some(self.navigation(at)),
                    ..options.clone()
                };
                let documents = pipeline::render(release, &Format::DOCUMENTS, &options)?;
                let mut sizes = [0; 3];
                let mut communique = String::new();
                for (slot, (format, bytes)) in documents.into_iter().enumerate() {
                    sizes[slot] = bytes.len() as u64;
                    if format == Format::Html {
                        communique = html::communique(&String::from_utf8_lossy(&bytes)).to_owned();
                    }
                    write(&file_name(&release.stem, format), bytes)?;
                }
                done();
                Ok(Entry {
                    release,
                    sizes,
                    communique,
                })
            })
            .collect::<Result<_, Error>>()?;
        write(INDEX, index::render(self, &entries).map_err(Error::Render)?)?;
        write(FEED, feed::feed(self, &entries).map_err(Error::Render)?)?;
        write(
            SITEMAP,
            feed::sitemap(&entries, &self.address).map_err(Error::Render)?,
        )?;
        Ok(())
    }

    /// The links of the issue at `at` to the issues numbered just below
    /// and just above it, and to the archive.
    fn navigation(&self, at: usize) -> Navigation {
        let link = |release: &Release| NavigationLink {
            href: page_name(&release.stem, Format::Html),
            label: format!("n°{}", release.number),
        };
        Navigation {
            previous: at.checked_sub(1).map(|before| link(&self.releases[before])),
            next: self.releases.get(at + 1).map(link),
            archive: INDEX.to_owned(),
        }
    }
}

/// The file an issue's document is written to: `n2.pdf`.
pub fn file_name(stem: &str, format: Format) -> String {
    format!("{stem}.{}", format.extension())
}

/// The issue date as a moment, for the feed: midnight UTC, as the PDF's
/// dates (`2020-04-08T00:00:00Z`, RFC 3339).
fn moment(date: NaiveDate) -> String {
    date.format("%Y-%m-%dT00:00:00Z").to_string()
}
