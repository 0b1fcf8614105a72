//! Ctrl-C for the headless commands, as Keras and Lightning have it: the
//! first INT, TERM, HUP or QUIT asks the work to stop after the current
//! batch (the command then reports, saves what it should and exits with
//! status 130); a second one quits at once.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::{Handle, Signals};

/// The exit status of a command stopped by a signal (128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Listens for the signals while alive; `stop` is set at the first.
pub struct Interrupt {
    pub stop: Arc<AtomicBool>,
    handle: Handle,
}

impl Interrupt {
    /// `what` names the work in the message the first signal prints, e.g.
    /// "training stops after this batch".
    pub fn listen(what: &'static str) -> std::io::Result<Interrupt> {
        let stop = Arc::new(AtomicBool::new(false));
        let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])?;
        let handle = signals.handle();
        let flag = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for _ in signals.forever() {
                    if flag.swap(true, Ordering::Relaxed) {
                        let _ = writeln!(std::io::stderr(), "\ninterrupted again: quitting now");
                        std::process::exit(EXIT_INTERRUPTED.into());
                    }
                    let _ = writeln!(
                        std::io::stderr(),
                        "\ninterrupted: {what} (Ctrl-C again to quit at once)"
                    );
                }
            })?;
        Ok(Interrupt { stop, handle })
    }

    /// Whether a signal came.
    pub fn happened(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

impl Drop for Interrupt {
    fn drop(&mut self) {
        self.handle.close();
    }
}
