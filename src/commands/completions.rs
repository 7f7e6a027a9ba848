//! `solidaire completions SHELL`: the shell's completion script, from the
//! command line clap knows, on standard output.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Error;
use crate::output::write_stdout;

pub fn run(args: &CompletionsArgs) -> Result<(), Error> {
    let mut script = Vec::new();
    clap_complete::aot::generate(args.shell, &mut Cli::command(), "solidaire", &mut script);
    write_stdout(&script)
}
