//! Requests a screen makes of the app: things outside its own state (a
//! notice, another screen, a worker). Screens return them from key handlers;
//! the app acts on them, so no screen needs to know another.

use super::Tab;
use crate::tui::command::Command;
use crate::tui::subject::Digit;

#[derive(Debug)]
pub enum Msg {
    /// Something for the run loop to carry out.
    Run(Command),
    /// A message in the top bar.
    Say(String),
    /// A message in the top bar, in red.
    Warn(String),
    GoTo(Tab),
    /// Start training on the Train screen (unless it already runs).
    StartTraining,
    /// Start the sweep on the Tune screen (unless training runs).
    StartSweep,
    /// Download MNIST (it is missing or failed).
    StartDownload,
    /// Show Play's current digit (or drawing) on the Network screen.
    TakePlayDigit,
    /// Show this digit on the Network screen (and go there).
    ShowDigit(Digit),
}

impl Msg {
    pub fn say(text: impl Into<String>) -> Msg {
        Msg::Say(text.into())
    }

    pub fn warn(text: impl Into<String>) -> Msg {
        Msg::Warn(text.into())
    }
}
