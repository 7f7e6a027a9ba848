//! `solidaire man`: the manual page, in roff, on standard output.
//!
//! One page for the whole tool: clap_mangen's page of `solidaire`, then a
//! section per command with its synopsis and options (clap_mangen would
//! make one page per command, which `solidaire man` could not print at
//! once).

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::Error;
use crate::output::write_stdout;

pub fn run() -> Result<(), Error> {
    write_stdout(page().as_bytes())
}

/// The whole manual page.
pub fn page() -> String {
    let mut command = Cli::command();
    command.build();
    // The list of commands points below, not to pages of their own.
    let page = render(|out| clap_mangen::Man::new(command.clone()).render(out));
    let mut page: String = page
        .lines()
        .map(|line| match line.strip_prefix("solidaire\\-") {
            Some(rest) if rest.ends_with("(1)") => {
                format!("\\fBsolidaire {}\\fR\n", rest.trim_end_matches("(1)"))
            }
            _ => format!("{line}\n"),
        })
        .collect();
    for sub in command
        .get_subcommands()
        .filter(|sub| sub.get_name() != "help")
    {
        let name = format!("solidaire {}", sub.get_name());
        let man = clap_mangen::Man::new(sub.clone());
        page.push_str(&format!(".SH \"{}\"\n", name.to_uppercase()));
        let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
        page.push_str(&format!("{}\n", roff_text(&about)));
        let mut rest = render(|out| man.render_synopsis_section(out));
        // A positional argument that takes several values says so.
        for arg in sub.get_positionals() {
            if arg
                .get_num_args()
                .is_some_and(|range| range.max_values() > 1)
            {
                let name = arg
                    .get_value_names()
                    .and_then(|names| names.first().cloned());
                let name = name
                    .map(|name| name.to_string())
                    .unwrap_or_else(|| arg.get_id().to_string().to_uppercase());
                let shown = format!("<\\fI{name}\\fR>");
                rest = rest.replacen(&shown, &format!("{shown}..."), 1);
            }
        }
        if sub.get_arguments().any(|arg| !arg.is_hide_set()) {
            rest.push_str(&render(|out| man.render_options_section(out)));
        }
        page.push_str(
            &without_preamble(&rest)
                .replace(".SH SYNOPSIS", ".SS Synopsis")
                .replace(".SH OPTIONS", ".SS Options"),
        );
    }
    page
}

fn render(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).expect("writing into memory cannot fail");
    String::from_utf8(out).expect("clap_mangen writes UTF-8")
}

/// Roff output without the apostrophe definitions it starts with (once per
/// page is enough).
fn without_preamble(roff: &str) -> String {
    roff.lines()
        .filter(|line| !line.starts_with(".ie \\n(.g") && !line.starts_with(".el .ds Aq"))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Plain text as a roff text line: a leading dot or quote escaped, hyphens
/// and backslashes as roff wants them.
fn roff_text(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}
