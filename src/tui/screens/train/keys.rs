//! The Train screen's keys: one table for dispatch, footer and help.

use super::state::{Pace, SLOW_EPOCH_MS};
use crate::tui::keys::{Binding, Key};

/// What `z` does, as the footer offers it: leave slow motion, or enter it.
pub const SKIP_SLOW: &str = "skip slow motion";
pub const SLOW_MOTION: &str = "slow motion";

/// The run panel's line about the pace: `slow` if slowed now (or at the
/// next start), and what `z` would do.
pub fn pace_note(pace: Pace, slow: bool) -> String {
    let secs = SLOW_EPOCH_MS / 1000;
    match (slow, pace) {
        (false, _) => format!("full speed (z: {SLOW_MOTION})"),
        (true, Pace::Slow) => format!("{SLOW_MOTION}, {secs} s an epoch (z: full speed)"),
        (true, _) => format!("{SLOW_MOTION}: epoch 1 takes {secs} s (z skips it)"),
    }
}

/// The notice when the watched first epochs are over: it can come while
/// another screen is on show, where `z` means something else.
pub fn went_full_speed() -> String {
    format!("training goes full speed now (on the Train screen, z: {SLOW_MOTION})")
}

/// What the status line says when `z` has switched.
pub fn switched(slow: bool) -> String {
    if slow {
        format!("{SLOW_MOTION}: {} s an epoch", SLOW_EPOCH_MS / 1000)
    } else {
        "full speed".into()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    StartStop,
    Pause,
    Save,
    Reset,
    ReloadConfig,
    ToggleChart,
    SlowMotion,
    Download,
}

pub const KEYS: &[Binding<Action>] = &[
    Binding {
        keys: &[Key::char('s')],
        label: "s",
        short: "start/stop",
        help: "start training, or stop it (the best epoch is kept)",
        action: Action::StartStop,
    },
    Binding {
        keys: &[Key::char('p'), Key::char(' ')],
        label: "p",
        short: "pause",
        help: "pause or resume training (also Space)",
        action: Action::Pause,
    },
    Binding {
        keys: &[Key::char('w')],
        label: "w",
        short: "save",
        help: "save the best model so far (a better one already saved is kept)",
        action: Action::Save,
    },
    Binding {
        keys: &[Key::char('r')],
        label: "r",
        short: "reset",
        help: "reset: the next start begins from a fresh random initialisation",
        action: Action::Reset,
    },
    Binding {
        keys: &[Key::char('c')],
        label: "c",
        short: "config",
        help: "reload config.ron after editing it (used from the next start)",
        action: Action::ReloadConfig,
    },
    Binding {
        keys: &[Key::char('v')],
        label: "v",
        short: "",
        help: "chart: toggle between the full history and the last 20 epochs",
        action: Action::ToggleChart,
    },
    Binding {
        keys: &[Key::char('z')],
        label: "z",
        short: SLOW_MOTION,
        help: "slow motion (30 s an epoch, to watch it learn) or full speed",
        action: Action::SlowMotion,
    },
    Binding {
        keys: &[Key::char('d')],
        label: "d",
        short: "download",
        help: "download MNIST (when it is missing)",
        action: Action::Download,
    },
];
