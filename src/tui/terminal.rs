//! Taking over the terminal and always giving it back: on quit, on error,
//! on a panic of the UI thread, and on SIGINT/SIGTERM (via the run loop).

use std::cell::Cell;
use std::io::{self, Stdout, stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

/// True while the app owns the terminal (raw mode, alternate screen).
static ACTIVE: AtomicBool = AtomicBool::new(false);

thread_local! {
    static UI_THREAD: Cell<bool> = const { Cell::new(false) };
}

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped (normal return, `?` errors, unwinding).
pub struct Guard(());

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Raw mode, alternate screen, mouse capture; marks this thread as the UI thread.
pub fn enter() -> io::Result<(Tui, Guard)> {
    UI_THREAD.with(|t| t.set(true));
    ACTIVE.store(true, Ordering::SeqCst);
    let guard = Guard(());
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    let terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    Ok((terminal, guard))
}

/// Gives the terminal back; harmless if it was never taken or already given back.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let _ = execute!(stdout(), DisableMouseCapture, LeaveAlternateScreen, Show);
    }
}

/// Whether a panic on the current thread should be printed. A worker's panic
/// while the app owns the terminal is not: the worker's catch reports it on
/// screen, and printing would scribble over the app.
pub fn panic_should_print() -> bool {
    !ACTIVE.load(Ordering::SeqCst) || UI_THREAD.with(|t| t.get())
}

/// Whether an error means the terminal itself is gone (its window closed).
pub fn gone(e: &io::Error) -> bool {
    use io::ErrorKind::{BrokenPipe, NotConnected};
    matches!(e.kind(), BrokenPipe | NotConnected) || e.raw_os_error() == Some(5) // EIO
}
