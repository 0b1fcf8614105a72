//! The Network screen's keys.

use ratatui::crossterm::event::KeyCode;

use crate::tui::keys::{Binding, Key};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    View,
    Previous,
    Next,
    GoTo,
    FromPlay,
    Edges,
    Values,
    Source,
    Order,
    Page,
}

pub const KEYS: &[Binding<Action>] = &[
    Binding {
        keys: &[Key::char('v')],
        label: "v",
        short: "view",
        help: "view: neurons, first-layer weights, or the model's mistakes",
        action: Action::View,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Left), Key::plain(KeyCode::Up)],
        label: "← →",
        short: "digit",
        help: "previous / next test digit (mistakes view: previous / next mistake)",
        action: Action::Previous,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Right), Key::plain(KeyCode::Down)],
        label: "",
        short: "",
        help: "",
        action: Action::Next,
    },
    Binding {
        keys: &[Key::char('g')],
        label: "g",
        short: "",
        help: "go to a test digit by number (type it, then Enter)",
        action: Action::GoTo,
    },
    Binding {
        keys: &[Key::char('p')],
        label: "p",
        short: "from Play",
        help: "take the digit from Play (its test digit, or your drawing in draw mode)",
        action: Action::FromPlay,
    },
    Binding {
        keys: &[Key::char('e')],
        label: "e",
        short: "edges",
        help: "edges: the strongest connections between layers (blue +, red −)",
        action: Action::Edges,
    },
    Binding {
        keys: &[Key::char('n')],
        label: "n",
        short: "numbers",
        help: "show the activation values",
        action: Action::Values,
    },
    Binding {
        keys: &[Key::char('t')],
        label: "t",
        short: "",
        help: "while or after training: its latest weights, or the model file's",
        action: Action::Source,
    },
    Binding {
        keys: &[Key::char('o')],
        label: "o",
        short: "",
        help: "mistakes view: most confident mistakes first, or least",
        action: Action::Order,
    },
    Binding {
        keys: &[Key::plain(KeyCode::PageDown), Key::plain(KeyCode::PageUp)],
        label: "PgDn",
        short: "",
        help: "weights view: next page of neurons (when they do not all fit)",
        action: Action::Page,
    },
];
