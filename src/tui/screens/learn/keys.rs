//! The Learn screen's keys.

use ratatui::crossterm::event::KeyCode;

use crate::tui::keys::{Binding, Key};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Next,
    Back,
    Jump,
    NextExample,
    Random,
    AddAll,
    Step,
    Optimizer,
    Fresh,
    Restart,
    Up,
    Down,
    GoTo,
    FromPlay,
    Label,
    Source,
}

pub const KEYS: &[Binding<Action>] = &[
    Binding {
        keys: &[Key::plain(KeyCode::Right), Key::char(' ')],
        label: "→",
        short: "next scene",
        help: "the next scene (Space too); in scene 6, the batch's next example first",
        action: Action::Next,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Left)],
        label: "←",
        short: "back",
        help: "the scene before",
        action: Action::Back,
    },
    Binding {
        keys: &[
            Key::char('1'),
            Key::char('2'),
            Key::char('3'),
            Key::char('4'),
            Key::char('5'),
            Key::char('6'),
            Key::char('7'),
            Key::char('8'),
        ],
        label: "1-8",
        short: "scene",
        help: "jump to a scene: 1 cost, 2 nudges, 3 three ways, 4 backwards, 5 the gradient, 6 a mini-batch, 7 the step, 8 probes (noise, a dream)",
        action: Action::Jump,
    },
    Binding {
        keys: &[Key::char('a')],
        label: "a",
        short: "",
        help: "scene 6: add the whole batch at once (→ adds one example)",
        action: Action::AddAll,
    },
    Binding {
        keys: &[Key::char('s')],
        label: "s",
        short: "",
        help: "scene 7: take a step on the next batch (hold it to keep stepping)",
        action: Action::Step,
    },
    Binding {
        keys: &[Key::char('o')],
        label: "o",
        short: "",
        help: "scene 7: Adam (as training does) or plain gradient descent; starts again from the model",
        action: Action::Optimizer,
    },
    Binding {
        keys: &[Key::char('f')],
        label: "f",
        short: "",
        help: "scene 7: from scratch (the untrained network a new run with the seed starts from) or from the model",
        action: Action::Fresh,
    },
    Binding {
        keys: &[Key::char('z')],
        label: "z",
        short: "",
        help: "scene 7: back to the model, no steps taken",
        action: Action::Restart,
    },
    Binding {
        keys: &[Key::char('n')],
        label: "n",
        short: "next digit",
        help: "the next training example",
        action: Action::NextExample,
    },
    Binding {
        keys: &[Key::char('g')],
        label: "g",
        short: "go to #",
        help: "go to a training example by number (type it, then Enter)",
        action: Action::GoTo,
    },
    Binding {
        keys: &[Key::char('p')],
        label: "p",
        short: "from Play",
        help: "take the digit from Play (its test digit, or your drawing in draw mode) instead of a training example",
        action: Action::FromPlay,
    },
    Binding {
        keys: &[Key::char('l')],
        label: "l",
        short: "meant as",
        help: "a drawing from Play: the digit you meant it to be (the cost and nudges depend on it)",
        action: Action::Label,
    },
    Binding {
        keys: &[Key::char('t')],
        label: "t",
        short: "training's",
        help: "take training's weights as they are now (while or after training), or back to the saved model",
        action: Action::Source,
    },
    Binding {
        keys: &[Key::char('r')],
        label: "r",
        short: "random",
        help: "a random training example (scene 8: other noise)",
        action: Action::Random,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Up)],
        label: "↑ ↓",
        short: "neuron",
        help: "scene 5: the hidden-layer-1 neuron whose weights' gradient is written out; scene 8: the digit to dream of",
        action: Action::Up,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Down)],
        label: "",
        short: "",
        help: "",
        action: Action::Down,
    },
];
