//! The command line, declared with clap's derive.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::render::Format;
use crate::report::MessageFormat;

/// Composes the press release « Covid-19 : le Pas-de-Calais solidaire »
/// from one TOML file per issue, as Markdown, HTML and PDF; checks the
/// series and publishes it as a site with its feed.
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
            Command::Check(args) => args.message_format,
            Command::Compose(_)
            | Command::Build(_)
            | Command::New(_)
            | Command::Schema(_)
            | Command::Completions(_)
            | Command::Man => MessageFormat::Human,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write an issue as Markdown, HTML and PDF (into out/ by default), or
    /// as an e-mail ready to send to the press (--format eml).
    Compose(ComposeArgs),
    /// Publish a folder of issues as a site: every issue in the three
    /// formats, an archive page, an Atom feed and a sitemap (into site/).
    Build(BuildArgs),
    /// Check issue files and folders, and the series they make; writes
    /// nothing.
    Check(CheckArgs),
    /// Write the next issue's skeleton (releases/nN.toml, N = highest + 1)
    /// and print its path.
    New(NewArgs),
    /// Print the JSON Schema of the issue file, for completion and checks
    /// in TOML editors (Taplo, Even Better TOML).
    Schema(SchemaArgs),
    /// Print the completion script for a shell.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `solidaire man | man -l -`.
    Man,
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
pub struct NewArgs {
    /// The folder of the issues.
    #[arg(long, value_name = "DIR", default_value = "releases")]
    pub dir: PathBuf,

    /// The date (YYYY-MM-DD); today by default.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<chrono::NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The schema of series.toml instead of the issue file's.
    #[arg(long)]
    pub series: bool,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    pub shell: clap_complete::aot::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ComposeArgs {
    /// The issue file, e.g. releases/n2.toml.
    pub file: PathBuf,

    /// Only these formats (comma-separated): md, html and pdf by default;
    /// eml, the message to send to the press, on request.
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

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Issue files and folders of issues (a folder: each *.toml in it but
    /// series.toml, and the checks across the series); a series.toml is
    /// checked as the series file.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// How to write the diagnostics: human (rustc style), short (one line
    /// each: file:line:column: error[code]: message) or json (one object a
    /// line).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,

    /// `-D warnings`: make warnings fail the run (exit 65), as errors do.
    #[arg(short = 'D', value_name = "LINTS", value_parser = ["warnings"])]
    pub deny: Vec<String>,

    /// Make warnings fail the run (exit 65): the same as -D warnings.
    #[arg(long)]
    pub deny_warnings: bool,
}

impl CheckArgs {
    /// Whether warnings fail the run.
    pub fn deny_warnings(&self) -> bool {
        self.deny_warnings || !self.deny.is_empty()
    }
}
