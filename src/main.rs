//! The `solidaire` binary: parse the command line, run the command, turn
//! the outcome into an exit code. Everything else lives in the library.

use std::process::ExitCode;

use clap::Parser;
use solidaire::cli::{Cli, Command};
use solidaire::commands;
use solidaire::report::Reporter;

/// Notes, before Rust's runtime starts, whether standard output is closed:
/// the runtime then opens `/dev/null` in its place, after which nothing
/// tells the two apart, and `-o -` would write into nothing with success.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static NOTE_CLOSED_STDOUT: extern "C" fn() = note_closed_stdout;

#[cfg(target_os = "linux")]
extern "C" fn note_closed_stdout() {
    // SAFETY: F_GETFD only reads the flags of descriptor 1, if it exists.
    if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
        solidaire::output::STDOUT_CLOSED_AT_START.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

fn main() -> ExitCode {
    // A file-size limit (`ulimit -f`) then fails the write with an error the
    // run cleans up after, instead of killing it among its temporary files.
    #[cfg(unix)]
    // SAFETY: sets the standard « ignore » disposition, no handler code.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let cli = Cli::parse();
    let today = chrono::Local::now().date_naive();
    let reporter = Reporter::new(cli.message_format(), commands::stderr_color());
    let result = match &cli.command {
        Command::Compose(args) => commands::compose::run(args, today, &reporter),
        Command::Build(args) => commands::build::run(args, today, &reporter),
        Command::Check(args) => commands::check::run(args, today, &reporter),
        Command::New(args) => commands::new::run(args, today, &reporter),
        Command::Schema(args) => commands::schema::run(args),
        Command::Completions(args) => commands::completions::run(args),
        Command::Man => commands::man::run(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            reporter.error(&error);
            if let solidaire::error::Error::Interrupted { signal, .. } = error {
                solidaire::output::interrupt::die_of(signal);
            }
            ExitCode::from(error.exit_code())
        }
    }
}
