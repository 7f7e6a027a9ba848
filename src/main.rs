//! The `solidaire` binary: parse the command line, run the command, turn
//! the outcome into an exit code. Everything else lives in the library.

use std::process::ExitCode;

use clap::Parser;
use solidaire::cli::{Cli, Command};
use solidaire::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let today = chrono::Local::now().date_naive();
    let result = match &cli.command {
        Command::Compose(args) => commands::compose::run(args, today),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            solidaire::output::say(&error.report(commands::stderr_color()));
            if let solidaire::error::Error::Interrupted { signal, .. } = error {
                solidaire::output::interrupt::die_of(signal);
            }
            ExitCode::from(error.exit_code())
        }
    }
}
