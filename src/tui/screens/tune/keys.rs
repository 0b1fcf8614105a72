//! The Tune screen's keys.

use ratatui::crossterm::event::KeyCode;

use crate::tui::keys::{Binding, Key};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    StartStop,
    Up,
    Down,
    PageUp,
    PageDown,
    Sort,
    LearningRate,
    Apply,
}

pub const KEYS: &[Binding<Action>] = &[
    Binding {
        keys: &[Key::char('s')],
        label: "s",
        short: "start/stop",
        help: "start the sweep, or stop it (finished trials are kept and s resumes; after config.ron's grid or settings change, s sets them aside and starts anew)",
        action: Action::StartStop,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Up), Key::char('k')],
        label: "↑ ↓",
        short: "select",
        help: "select a configuration (also k/j; PgUp/PgDn a page, Home/End the ends); it stays selected as the ranking changes",
        action: Action::Up,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Down), Key::char('j')],
        label: "",
        short: "",
        help: "",
        action: Action::Down,
    },
    Binding {
        keys: &[Key::plain(KeyCode::PageUp), Key::plain(KeyCode::Home)],
        label: "",
        short: "",
        help: "",
        action: Action::PageUp,
    },
    Binding {
        keys: &[Key::plain(KeyCode::PageDown), Key::plain(KeyCode::End)],
        label: "",
        short: "",
        help: "",
        action: Action::PageDown,
    },
    Binding {
        keys: &[Key::char('o')],
        label: "o",
        short: "order",
        help: "order by mean val cost, mean val accuracy, or cost spread over seeds",
        action: Action::Sort,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Left), Key::plain(KeyCode::Right)],
        label: "← →",
        short: "map lr",
        help: "heatmap: previous / next learning rate",
        action: Action::LearningRate,
    },
    Binding {
        keys: &[Key::char('a')],
        label: "a",
        short: "apply",
        help: "write the selected beta1, beta2, learning rate and best seed into config.ron (ranked on short runs set by config.ron's tuner section; full training may favour another)",
        action: Action::Apply,
    },
];
