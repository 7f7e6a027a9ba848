//! One module per command; each returns what `main` turns into an exit code.

pub mod compose;

use std::io::IsTerminal;

/// Whether to colour what goes to standard error.
pub fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
        && std::io::stderr().is_terminal()
}
