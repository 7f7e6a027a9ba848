//! Interrupts while documents are put in place.
//!
//! SIGINT (Ctrl-C), SIGTERM and SIGHUP end the process at once, as by
//! default (or stay ignored, when they were ignored at start), except while a `Deferral` is held: from the first temporary
//! file to the last rename. A signal then only sets a flag; the writer
//! checks it between temporary files (and gives up, removing them) and
//! after the renames (which it finishes first), so that a set of documents
//! is never left half old and half new, and no temporary file stays behind.
//! Outside that stretch nothing needs cleaning up: the default action is
//! the right one, and it also ends a wait (for the folder's lock, for the
//! reader of a named pipe) that a flag could not.

use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

/// The signals a user or a supervisor sends to stop a run.
const STOPPING: [i32; 3] = [SIGINT, SIGTERM, SIGHUP];

/// The handlers' shared state, installed once per process.
struct Handlers {
    /// True outside a deferral: a signal then takes its default action.
    act_now: Arc<AtomicBool>,
    /// The last signal received during a deferral, or 0.
    received: Arc<AtomicUsize>,
}

static HANDLERS: OnceLock<Option<Handlers>> = OnceLock::new();

fn handlers() -> Option<&'static Handlers> {
    HANDLERS
        .get_or_init(|| {
            let handlers = Handlers {
                act_now: Arc::new(AtomicBool::new(true)),
                received: Arc::new(AtomicUsize::new(0)),
            };
            for signal in STOPPING.into_iter().filter(|&signal| !ignored(signal)) {
                let installed = signal_hook::flag::register_usize(
                    signal,
                    Arc::clone(&handlers.received),
                    signal as usize,
                )
                .and_then(|_| {
                    signal_hook::flag::register_conditional_default(
                        signal,
                        Arc::clone(&handlers.act_now),
                    )
                });
                // Without handlers the signals keep their default action:
                // a run can still be interrupted, only less cleanly.
                installed.ok()?;
            }
            Some(handlers)
        })
        .as_ref()
}

/// Whether `signal` was set to be ignored when the process started: by
/// `nohup` (SIGHUP), or by a shell for a job in the background (SIGINT).
/// It stays ignored: a handler would let it interrupt the run.
fn ignored(signal: i32) -> bool {
    // SAFETY: with a null new action, sigaction only reads the current one
    // into `current`, a plain C struct for which all zeroes is valid.
    unsafe {
        let mut current: libc::sigaction = std::mem::zeroed();
        libc::sigaction(signal, std::ptr::null(), &mut current) == 0
            && current.sa_sigaction == libc::SIG_IGN
    }
}

/// While held, the stopping signals are recorded instead of acted on.
pub(crate) struct Deferral {
    handlers: Option<&'static Handlers>,
}

impl Deferral {
    pub(crate) fn begin() -> Deferral {
        let handlers = handlers();
        if let Some(handlers) = handlers {
            handlers.received.store(0, Ordering::SeqCst);
            handlers.act_now.store(false, Ordering::SeqCst);
        }
        Deferral { handlers }
    }

    /// The signal received since the deferral began, if any.
    pub(crate) fn received(&self) -> Option<i32> {
        let signal = self.handlers?.received.load(Ordering::SeqCst);
        (signal != 0).then_some(signal as i32)
    }
}

impl Drop for Deferral {
    fn drop(&mut self) {
        if let Some(handlers) = self.handlers {
            handlers.act_now.store(true, Ordering::SeqCst);
        }
    }
}

/// Ends the process as the signal would have, once the interrupted run has
/// cleaned up: a shell or a supervisor then sees it killed by that signal.
pub fn die_of(signal: i32) {
    let _ = signal_hook::low_level::emulate_default_handler(signal);
}

/// The signal's name, for messages.
pub fn signal_name(signal: i32) -> &'static str {
    signal_hook::low_level::signal_name(signal).unwrap_or("a signal")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_ignored_at_start_is_told_apart() {
        // SIGUSR2: no test uses it, so changing it here disturbs nothing.
        let signal = libc::SIGUSR2;
        // SAFETY: installs the standard dispositions, no handler code.
        unsafe { libc::signal(signal, libc::SIG_IGN) };
        assert!(ignored(signal));
        unsafe { libc::signal(signal, libc::SIG_DFL) };
        assert!(!ignored(signal));
    }
}
