//! The Network screen's keys.

use ratatui::crossterm::event::KeyCode;

use crate::tui::keys::{Binding, Key};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    View,
    Previous,
    Next,
    Up,
    Down,
    LayerBack,
    LayerOn,
    Deselect,
    GoTo,
    FromPlay,
    Edges,
    Values,
    Products,
    Matrix,
    All,
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
        keys: &[Key::plain(KeyCode::Left)],
        label: "← →",
        short: "digit",
        help: "previous / next test digit (mistakes view: previous / next mistake; \
               with m: move the matrix cursor)",
        action: Action::Previous,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Right)],
        label: "",
        short: "",
        help: "",
        action: Action::Next,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Up)],
        label: "↑ ↓",
        short: "neuron",
        help: "neurons and weights views: select a neuron (down a column, on into the next); \
               mistakes view: the row above / below",
        action: Action::Up,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Down)],
        label: "",
        short: "",
        help: "",
        action: Action::Down,
    },
    Binding {
        keys: &[Key::char('[')],
        label: "[ ]",
        short: "layer",
        help: "neurons view: select in the layer before / after",
        action: Action::LayerBack,
    },
    Binding {
        keys: &[Key::char(']')],
        label: "",
        short: "",
        help: "",
        action: Action::LayerOn,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Esc)],
        label: "Esc",
        short: "whole",
        help: "neurons view: no neuron selected (the whole network, how to read it)",
        action: Action::Deselect,
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
        help: "edges: show or hide the strongest connections (blue +, red −)",
        action: Action::Edges,
    },
    Binding {
        keys: &[Key::char('n')],
        label: "n",
        short: "numbers",
        help: "numbers on the neurons: each one's brightness, its activation over its layer's typical largest (0 to 1; pick a neuron for the raw sum)",
        action: Action::Values,
    },
    Binding {
        keys: &[Key::char('x')],
        label: "x",
        short: "other tiles",
        help: "tiles view: hidden layer 1, each weight times this digit's pixel (what the neuron sees in it); \
               later layers, the test digits that light each neuron most",
        action: Action::Products,
    },
    Binding {
        keys: &[Key::char('m')],
        label: "m",
        short: "matrix",
        help: "mistakes view: arrows move a cursor in the confusion matrix; \
               the gallery shows that cell (m or Enter: back to the gallery)",
        action: Action::Matrix,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Enter)],
        label: "",
        short: "",
        help: "",
        action: Action::Matrix,
    },
    Binding {
        keys: &[Key::char('a')],
        label: "a",
        short: "all",
        help: "mistakes view: every mistake again (no matrix cell)",
        action: Action::All,
    },
    Binding {
        keys: &[Key::char('t')],
        label: "t",
        short: "",
        help: "switch between the training run's latest weights and the saved model file's (while or after training)",
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
