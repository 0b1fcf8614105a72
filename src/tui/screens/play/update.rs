//! How the Play screen changes: keys, the mouse on the canvas, and a new
//! model or new data.

use rand::RngExt;
use rand::seq::SliceRandom;
use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use super::draw_view::canvas_geometry;
use super::keys::{Action, DRAW_KEYS, GUESS_KEYS};
use super::state::{HISTORY, Mode, Past, Pen, PlayScreen, Round};
use crate::digit::SIDE;
use crate::digit::preprocess;
use crate::game::{Score, hard_digits};
use crate::tui::command::Command;
use crate::tui::ctx::Ctx;
use crate::tui::keys::lookup;
use crate::tui::screens::{Tab, msg::Msg};
use crate::tui::subject::Digit;
use crate::tui::widgets::number_input::Typed;
use crate::tui::widgets::picture::unit;

impl PlayScreen {
    /// True while typed characters are text (a test digit's number).
    pub fn typing(&self) -> bool {
        self.goto.is_open()
    }

    /// The model or data changed: what was derived from them is stale.
    /// A different network: rounds, hard digits and the score belong to the
    /// old one. Returns whether a score was reset.
    pub fn model_changed(&mut self) -> bool {
        self.hard_pool = None;
        self.hard_queue.clear();
        self.round = None;
        self.seen = None;
        self.seen_picture.clear();
        self.history.clear();
        self.browsed = None;
        let had_score = self.rounds() > 0;
        self.score = Score::default();
        self.hard_score = Score::default();
        had_score
    }

    /// The digit on screen: the test digit being played, or the drawing.
    pub fn digit(&self) -> Option<Digit> {
        match self.mode {
            Mode::Draw => self.seen.as_ref().map(|(px, _)| Digit::Drawn(px.clone())),
            Mode::Guess => self.round.as_ref().map(|r| Digit::Test(r.index)),
        }
    }

    /// Starts a round if there is none and both data and a model are ready.
    pub fn ensure_round(&mut self, ctx: &Ctx) -> Vec<Msg> {
        if self.round.is_none() {
            return self.next_round(ctx, None);
        }
        Vec::new()
    }

    /// A new round on test digit `index`, or a random one (from the hard
    /// ones in hard mode).
    fn next_round(&mut self, ctx: &Ctx, index: Option<usize>) -> Vec<Msg> {
        let (Some(data), Some(net)) = (ctx.data.ready(), ctx.network()) else {
            return Vec::new();
        };
        let test = data.test.all();
        if test.is_empty() {
            return Vec::new();
        }
        if self.hard {
            if self.hard_pool.is_none() {
                // The model's test results come from a worker; the round
                // starts when they do.
                let Some(e) = &ctx.model_eval else {
                    self.round = None;
                    return Vec::new();
                };
                self.hard_pool = Some(hard_digits(&e.predictions, test.labels()));
            }
            let pool = self.hard_pool.as_deref().unwrap_or_default();
            if pool.is_empty() {
                self.hard = false;
                let mut msgs = vec![Msg::warn("no hard digits for this model")];
                msgs.extend(self.next_round(ctx, None));
                return msgs;
            }
        }
        let pool = self.hard_pool.as_deref().filter(|_| self.hard);
        let (index, hard) = match (index, pool) {
            // A digit chosen by number counts as hard only if it is one.
            (Some(i), pool) => {
                let i = i.min(test.len() - 1);
                (i, pool.is_some_and(|p| p.contains(&(i as u32))))
            }
            (None, Some(_)) => (self.next_hard(), true),
            (None, None) => (self.rng.random_range(0..test.len()), false),
        };
        self.round = Some(Round {
            index,
            label: test.label(index),
            probabilities: net.predict(test.image(index)),
            guess: None,
            verdict: None,
            hard,
            picture: unit(test.image(index)),
        });
        Vec::new()
    }

    /// The next hard digit: each pass serves the whole pool in a random
    /// order, never the digit just shown first.
    fn next_hard(&mut self) -> usize {
        if self.hard_queue.is_empty() {
            let mut queue = self.hard_pool.clone().unwrap_or_default();
            queue.shuffle(&mut self.rng);
            let now = self.round.as_ref().map(|r| r.index as u32);
            let last = queue.len().saturating_sub(1);
            if last > 0 && queue.last().copied() == now {
                queue.swap(0, last);
            }
            self.hard_queue = queue;
        }
        self.hard_queue.pop().map_or(0, |i| i as usize)
    }

    /// The drawing changed: its picture, what the network sees and its answer.
    fn redraw_prediction(&mut self, ctx: &Ctx) {
        self.canvas_picture = unit(self.canvas.pixels());
        let seen = preprocess::mnist_style(self.canvas.pixels());
        self.seen = match (seen, ctx.network()) {
            (Some(px), Some(net)) => {
                let p = net.predict(&px);
                Some((px, p))
            }
            _ => None,
        };
        self.seen_picture = self.seen.as_ref().map_or_else(Vec::new, |(px, _)| unit(px));
    }

    pub fn on_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        if self.typing() {
            return match self.goto.key(key, ctx.test_count()) {
                Typed::Chosen(i) => self.next_round(ctx, Some(i)),
                Typed::Refused(why) => vec![Msg::Warn(why)],
                Typed::Pending => Vec::new(),
            };
        }
        if self.show_summary {
            self.show_summary = false;
            return Vec::new();
        }
        let table = match self.mode {
            Mode::Guess => GUESS_KEYS,
            Mode::Draw => DRAW_KEYS,
        };
        let confirming = self.confirm.take();
        let Some(action) = lookup(table, key) else {
            return Vec::new();
        };
        let rounds = self.rounds();
        match action {
            Action::Guess => {
                if let KeyCode::Char(c) = key.code {
                    self.guess(c as u8 - b'0');
                }
            }
            Action::Next if self.round.as_ref().is_some_and(|r| r.guess.is_none()) => {
                return vec![Msg::warn("guess first: 0-9 (n skips it)")];
            }
            Action::Next | Action::Skip => return self.next_round(ctx, None),
            Action::ResetScore | Action::NextModel if rounds > 0 && confirming != Some(action) => {
                // Short, so the tab bar keeps every tab at 80 columns; the
                // score panel spells the question out.
                self.confirm = Some(action);
                return vec![Msg::warn(if action == Action::ResetScore {
                    "r again resets the score"
                } else {
                    "l again loads the next model"
                })];
            }
            Action::Hard => {
                self.hard = !self.hard;
                let message = if self.hard {
                    "hard mode: digits it finds hard"
                } else {
                    "hard mode off"
                };
                let mut msgs = vec![Msg::say(message)];
                msgs.extend(self.next_round(ctx, None));
                return msgs;
            }
            Action::Render => self.render = self.render.toggled(),
            Action::Summary => self.show_summary = true,
            Action::ResetScore => {
                self.score = Score::default();
                self.hard_score = Score::default();
                self.history.clear();
                return vec![Msg::say("score reset")];
            }
            Action::DrawMode => {
                self.mode = match self.mode {
                    Mode::Guess => Mode::Draw,
                    Mode::Draw => Mode::Guess,
                };
                self.pen = Pen::Up;
            }
            Action::GoTo => self.goto.open(),
            Action::NextModel => {
                let after = self.browsed.clone().unwrap_or(ctx.model.path.clone());
                return vec![Msg::Run(Command::LoadNextModel { after })];
            }
            Action::TrainOne => return vec![Msg::GoTo(Tab::Train), Msg::StartTraining],
            Action::Why => return self.why(),
            Action::Move => {
                let (dx, dy): (isize, isize) = match key.code {
                    KeyCode::Left => (-1, 0),
                    KeyCode::Right => (1, 0),
                    KeyCode::Up => (0, -1),
                    KeyCode::Down => (0, 1),
                    KeyCode::Home => (-1, -1),
                    KeyCode::PageUp => (1, -1),
                    KeyCode::End => (-1, 1),
                    _ => (1, 1),
                };
                let from = self.cursor;
                let step = |v: usize, d: isize| v.saturating_add_signed(d).min(SIDE - 1);
                self.cursor = (step(from.0, dx), step(from.1, dy));
                self.pen_stroke(from, ctx);
            }
            Action::Pen | Action::Eraser => {
                let wanted = if action == Action::Pen {
                    Pen::Ink
                } else {
                    Pen::Erase
                };
                self.pen = if self.pen == wanted { Pen::Up } else { wanted };
                self.pen_stroke(self.cursor, ctx);
            }
            Action::Clear => {
                self.canvas.clear();
                self.redraw_prediction(ctx);
            }
        }
        Vec::new()
    }

    /// Your answer for the current round (only the first counts).
    fn guess(&mut self, digit: u8) {
        if let Some(round) = self.round.as_mut().filter(|r| r.guess.is_none()) {
            round.guess = Some(digit);
            self.reveal = 0;
            let score = if round.hard {
                &mut self.hard_score
            } else {
                &mut self.score
            };
            round.verdict = Some(score.record(round.label, digit, round.prediction()));
            self.history.push_front(Past {
                index: round.index,
                label: round.label,
                guess: digit,
                prediction: round.prediction(),
                hard: round.hard,
                picture: round.picture.clone(),
            });
            self.history.truncate(HISTORY);
        }
    }

    /// "Why?": the digit on screen, inside the network. Not before your
    /// guess, which would give the network's answer away.
    fn why(&self) -> Vec<Msg> {
        match (self.mode, &self.round) {
            (Mode::Guess, Some(r)) if r.guess.is_none() => {
                vec![Msg::warn("guess first, then w shows why")]
            }
            _ => match self.digit() {
                Some(d) => vec![Msg::ShowDigit(d)],
                None => vec![Msg::warn("nothing to look at: draw first")],
            },
        }
    }

    /// With the pen or eraser down, paints from `from` to the cursor.
    fn pen_stroke(&mut self, from: (usize, usize), ctx: &Ctx) {
        if self.pen != Pen::Up {
            let centre = |(c, r): (usize, usize)| (c as f32 + 0.5, r as f32 + 0.5);
            if self
                .canvas
                .stroke(centre(from), centre(self.cursor), self.pen == Pen::Ink)
            {
                self.redraw_prediction(ctx);
            }
        }
    }

    /// A mouse event over the screen's `body`: draws (left) or erases
    /// (right) on the canvas in draw mode.
    pub fn on_mouse(&mut self, m: MouseEvent, body: Rect, ctx: &Ctx) {
        if self.mode != Mode::Draw {
            return;
        }
        let (ink, drag) = match m.kind {
            MouseEventKind::Down(MouseButton::Left) => (true, false),
            MouseEventKind::Drag(MouseButton::Left) => (true, true),
            MouseEventKind::Down(MouseButton::Right) => (false, false),
            MouseEventKind::Drag(MouseButton::Right) => (false, true),
            _ => {
                self.drag = None;
                return;
            }
        };
        let geometry = canvas_geometry(body, self.render);
        let here = geometry.pixel_at(m.column, m.row);
        // A stroke starts on the canvas; once started it follows the mouse
        // off the edge and back (the part outside is clipped).
        let from = match (drag, self.drag) {
            (true, Some(last)) => last,
            _ if geometry.contains(m.column, m.row) => here,
            _ => {
                self.drag = None;
                return;
            }
        };
        self.drag = Some(here);
        if geometry.contains(m.column, m.row) {
            let clamp = |v: f32| (v.max(0.0) as usize).min(SIDE - 1);
            self.cursor = (clamp(here.0), clamp(here.1));
        }
        if self.canvas.stroke(from, here, ink) {
            self.redraw_prediction(ctx);
        }
    }
}
