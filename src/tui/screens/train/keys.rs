//! The Train screen's keys: one table for dispatch, footer and help.

use crate::tui::keys::{Binding, Key};

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
        short: "slow",
        help: "slow motion, about 3 s per epoch, to watch it learn",
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
