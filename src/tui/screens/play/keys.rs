//! The Play screen's keys: one table while guessing, one while drawing.

use ratatui::crossterm::event::KeyCode;

use crate::tui::keys::{Binding, Key};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Guess,
    Next,
    Skip,
    Hard,
    Render,
    Summary,
    ResetScore,
    DrawMode,
    GoTo,
    NextModel,
    TrainOne,
    Why,
    // Draw mode.
    Move,
    Pen,
    Eraser,
    Clear,
}

const DIGIT_KEYS: &[Key] = &[
    Key::char('0'),
    Key::char('1'),
    Key::char('2'),
    Key::char('3'),
    Key::char('4'),
    Key::char('5'),
    Key::char('6'),
    Key::char('7'),
    Key::char('8'),
    Key::char('9'),
];

pub const GUESS_KEYS: &[Binding<Action>] = &[
    Binding {
        keys: DIGIT_KEYS,
        label: "0-9",
        short: "guess",
        help: "your guess; then the network's answer is shown",
        action: Action::Guess,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Enter), Key::char(' ')],
        label: "Enter",
        short: "next",
        help: "next digit, after your guess (also Space)",
        action: Action::Next,
    },
    Binding {
        keys: &[Key::char('w')],
        label: "w",
        short: "why?",
        help: "why?: after your guess, look inside the network at this digit (Network screen)",
        action: Action::Why,
    },
    Binding {
        keys: &[Key::char('n')],
        label: "n",
        short: "skip",
        help: "skip this digit without guessing",
        action: Action::Skip,
    },
    Binding {
        keys: &[Key::char('h')],
        label: "h",
        short: "hard",
        help: "hard mode: digits the network gets wrong or is unsure of",
        action: Action::Hard,
    },
    Binding {
        keys: &[Key::char('b')],
        label: "b",
        short: "blocks",
        help: "draw digits in braille or in gray half blocks",
        action: Action::Render,
    },
    Binding {
        keys: &[Key::char('m')],
        label: "m",
        short: "summary",
        help: "summary: your and the network's confusion matrices",
        action: Action::Summary,
    },
    Binding {
        keys: &[Key::char('d')],
        label: "d",
        short: "draw",
        help: "draw your own digit",
        action: Action::DrawMode,
    },
    Binding {
        keys: &[Key::char('r')],
        label: "r",
        short: "",
        help: "reset the score",
        action: Action::ResetScore,
    },
    Binding {
        keys: &[Key::char('g')],
        label: "g",
        short: "",
        help: "go to a test digit by number (type it, then Enter)",
        action: Action::GoTo,
    },
    Binding {
        keys: &[Key::char('l')],
        label: "l",
        short: "",
        help: "load the next model file from the model's folder",
        action: Action::NextModel,
    },
    Binding {
        keys: &[Key::char('t')],
        label: "t",
        short: "",
        help: "train a model now (goes to the Train screen)",
        action: Action::TrainOne,
    },
];

pub const DRAW_KEYS: &[Binding<Action>] = &[
    Binding {
        keys: &[
            Key::plain(KeyCode::Left),
            Key::plain(KeyCode::Right),
            Key::plain(KeyCode::Up),
            Key::plain(KeyCode::Down),
        ],
        label: "arrows",
        short: "move",
        help: "move the cursor a pixel (draws while the pen is down)",
        action: Action::Move,
    },
    Binding {
        keys: &[
            Key::plain(KeyCode::Home),
            Key::plain(KeyCode::PageUp),
            Key::plain(KeyCode::End),
            Key::plain(KeyCode::PageDown),
        ],
        label: "Home PgUp End PgDn",
        short: "",
        help: "move diagonally: up-left, up-right, down-left, down-right (as on a keypad)",
        action: Action::Move,
    },
    Binding {
        keys: &[Key::char(' ')],
        label: "Space",
        short: "pen",
        help: "pen down (draws as you move) or up; or draw with the mouse",
        action: Action::Pen,
    },
    Binding {
        keys: &[Key::char('e')],
        label: "e",
        short: "eraser",
        help: "eraser down or up",
        action: Action::Eraser,
    },
    Binding {
        keys: &[Key::char('c')],
        label: "c",
        short: "clear",
        help: "clear the canvas",
        action: Action::Clear,
    },
    Binding {
        keys: &[Key::char('w')],
        label: "w",
        short: "why?",
        help: "why?: look inside the network at your drawing (Network screen)",
        action: Action::Why,
    },
    Binding {
        keys: &[Key::char('b')],
        label: "b",
        short: "blocks",
        help: "show in braille or in gray half blocks",
        action: Action::Render,
    },
    Binding {
        keys: &[Key::char('d'), Key::plain(KeyCode::Esc)],
        label: "d",
        short: "back",
        help: "back to guessing test digits (also Esc)",
        action: Action::DrawMode,
    },
];
