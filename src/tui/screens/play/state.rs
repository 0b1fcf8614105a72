//! The Play screen's state: the round being played, the score, and the
//! drawing canvas.

use std::path::PathBuf;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use crate::digit::canvas::{CELL_COLS, CELL_ROWS, Canvas};
use crate::game::{Score, Verdict};
use crate::network::{OUTPUTS, argmax};
use crate::tui::widgets::digit::Render;
use crate::tui::widgets::number_input::NumberInput;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Guess,
    Draw,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pen {
    Up,
    Ink,
    Erase,
}

/// One test digit being played.
#[derive(Clone, Debug, PartialEq)]
pub struct Round {
    /// Its number in the test set.
    pub index: usize,
    pub label: u8,
    /// The network's answer, decided when the digit appears, shown only
    /// after your guess.
    pub probabilities: [f32; OUTPUTS],
    pub guess: Option<u8>,
    pub verdict: Option<Verdict>,
}

impl Round {
    pub fn prediction(&self) -> u8 {
        argmax(&self.probabilities) as u8
    }
}

pub struct PlayScreen {
    pub(super) rng: ChaCha8Rng,
    pub mode: Mode,
    pub render: Render,
    pub hard: bool,
    /// Test digits the current model finds hard (computed on first use).
    pub(super) hard_pool: Option<Vec<u32>>,
    pub round: Option<Round>,
    pub score: Score,
    pub show_summary: bool,
    /// The number typed after `g`, while choosing a test digit.
    pub goto: NumberInput,
    pub canvas: Canvas,
    pub cursor: (usize, usize),
    pub pen: Pen,
    /// The drawing as the network sees it, and its answer.
    pub seen: Option<(Vec<u8>, [f32; OUTPUTS])>,
    /// The model file `l` last tried, so a file that fails to load is
    /// stepped past rather than retried.
    pub browsed: Option<PathBuf>,
}

impl PlayScreen {
    /// `seed` seeds the choice of test digits.
    pub fn new(seed: u64) -> PlayScreen {
        PlayScreen {
            rng: ChaCha8Rng::seed_from_u64(seed),
            mode: Mode::Guess,
            render: Render::Braille,
            hard: false,
            hard_pool: None,
            round: None,
            score: Score::default(),
            show_summary: false,
            goto: NumberInput::default(),
            canvas: Canvas::default(),
            cursor: (CELL_COLS / 2, CELL_ROWS / 2),
            pen: Pen::Up,
            seen: None,
            browsed: None,
        }
    }
}
