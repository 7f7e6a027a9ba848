//! The command line, declared with clap's derive.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::render::Format;
use crate::report::MessageFormat;

/// Composes the press release « Covid-19 : le Pas-de-Calais solidaire »
/// from one TOML file per issue, as Markdown, HTML and PDF.
#[derive(Debug, Parser)]
#[command(name = "solidaire", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// How the command asks diagnostics to be written.
    pub fn message_format(&self) -> MessageFormat {
        match &self.command {
            Command::Compose(_) | Command::Build(_) => MessageFormat::Human,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write an issue as Markdown, HTML and PDF (into out/ by default).
    Compose(ComposeArgs),
    /// Publish a folder of issues as a site: every issue in the three
    /// formats, an archive page, an Atom feed and a sitemap (into site/).
    Build(BuildArgs),
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The folder of issue files (every *.toml but series.toml).
    #[arg(value_name = "DIR", default_value = "releases")]
    pub dir: PathBuf,

    /// The site's folder, replaced whole by the new site.
    #[arg(long, value_name = "DIR", default_value = "site")]
    pub out_dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ComposeArgs {
    /// The issue file, e.g. releases/n2.toml.
    pub file: PathBuf,

    /// Only these formats (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "FORMATS")]
    pub format: Vec<Format>,

    /// The folder to write into, created if missing.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "out",
        conflicts_with = "output"
    )]
    pub out_dir: PathBuf,

    /// Write one document to PATH (`-` for standard output); its format
    /// comes from the extension or from --format.
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
}
