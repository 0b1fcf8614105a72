//! The Play screen's state: the round being played, the score, and the
//! drawing canvas.

use std::collections::VecDeque;
use std::path::PathBuf;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use super::brush::Sketch;
use crate::digit::SIDE;
use crate::game::{Score, Verdict};
use crate::network::{OUTPUTS, argmax};
use crate::tui::widgets::number_input::NumberInput;
use crate::tui::widgets::picture::Render;

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
    /// Drawn from the hard digits (in hard mode), so it counts there.
    pub hard: bool,
    /// The digit as picture values (0..=1), made once when the round starts.
    pub picture: Vec<f32>,
}

/// A round already played, for the strip of recent rounds.
#[derive(Clone, Debug, PartialEq)]
pub struct Past {
    pub index: usize,
    pub label: u8,
    pub guess: u8,
    pub prediction: u8,
    pub hard: bool,
    pub picture: Vec<f32>,
}

/// How many played rounds the strip remembers (more than ever fit).
pub const HISTORY: usize = 60;

/// Ticks (about 50 ms each) the bars take to grow to the network's answer
/// after your guess.
pub const REVEAL: u8 = 8;

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
    /// The hard digits not yet served in this pass over the pool, so none
    /// comes back before all the others have been shown.
    pub(super) hard_queue: Vec<u32>,
    pub round: Option<Round>,
    /// Rounds on any test digit.
    pub score: Score,
    /// Rounds on hard digits, kept apart so a 96% network is not shown at 70%.
    pub hard_score: Score,
    /// A key that discards the score was pressed once: pressing it again
    /// goes ahead, any other key keeps the score.
    pub(super) confirm: Option<super::keys::Action>,
    pub show_summary: bool,
    /// The number typed after `g`, while choosing a test digit.
    pub goto: NumberInput,
    pub canvas: Sketch,
    /// The drawing as picture values, updated with every stroke.
    pub(super) canvas_picture: Vec<f32>,
    /// The keyboard cursor, a pixel of the canvas (column, row).
    pub cursor: (usize, usize),
    /// Where the last mouse drag event was (pixels), to join it to the next.
    pub(super) drag: Option<(f32, f32)>,
    pub pen: Pen,
    /// The drawing as the network sees it, and its answer.
    pub seen: Option<(Vec<u8>, [f32; OUTPUTS])>,
    /// `seen`'s picture values.
    pub(super) seen_picture: Vec<f32>,
    /// The rounds played, newest first (at most `HISTORY`).
    pub history: VecDeque<Past>,
    /// How far the answer's bars have grown since the guess (`REVEAL`: all).
    pub reveal: u8,
    /// The model file `l` last tried, so a file that fails to load is
    /// stepped past rather than retried.
    pub browsed: Option<PathBuf>,
}

impl PlayScreen {
    /// The score of the mode being played.
    pub fn current_score(&self) -> &Score {
        if self.hard {
            &self.hard_score
        } else {
            &self.score
        }
    }

    /// The share of the answer's bars shown: growing fast, then slowing.
    pub fn revealed(&self) -> f32 {
        let t = (self.reveal.min(REVEAL) as f32) / REVEAL as f32;
        1.0 - (1.0 - t).powi(3)
    }

    /// Rounds played in both modes.
    pub fn rounds(&self) -> u32 {
        self.score.rounds + self.hard_score.rounds
    }

    /// `seed` seeds the choice of test digits.
    pub fn new(seed: u64) -> PlayScreen {
        PlayScreen {
            rng: ChaCha8Rng::seed_from_u64(seed),
            mode: Mode::Guess,
            render: Render::Braille,
            hard: false,
            hard_pool: None,
            hard_queue: Vec::new(),
            round: None,
            score: Score::default(),
            hard_score: Score::default(),
            confirm: None,
            show_summary: false,
            goto: NumberInput::default(),
            canvas: Sketch::default(),
            canvas_picture: vec![0.0; SIDE * SIDE],
            cursor: (SIDE / 2, SIDE / 2),
            drag: None,
            pen: Pen::Up,
            seen: None,
            seen_picture: Vec::new(),
            history: VecDeque::new(),
            reveal: REVEAL,
            browsed: None,
        }
    }
}
