//! The Learn screen: one training step taken apart, in the order of
//! 3Blue1Brown's chapters 2 and 3: the cost of one example, the nudges it
//! wants, three ways to get them, backpropagation, and the gradient with
//! one derivative written out by the chain rule. Every number comes from
//! `crate::learn`, checked against the trainer's own gradient.

mod backwards;
mod batch;
mod cost;
mod gradient;
mod keys;
mod nudges;
mod probes;
mod state;
mod step;
mod tall;
#[cfg(test)]
mod tests;
mod three_ways;
mod tiles;
mod update;
mod view;

pub use state::LearnScreen;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::Screen;
use crate::train::TrainEvent;
use crate::tui::ctx::Ctx;
use crate::tui::event::{DataEvent, Event, Worker};
use crate::tui::keys::{Row, row_as, rows};
use crate::tui::screens::msg::Msg;
use crate::tui::subject::Digit;

impl Screen for LearnScreen {
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        self.on_key(key, ctx)
    }

    fn typing(&self) -> bool {
        self.goto.is_open()
    }

    fn take_digit(&mut self, digit: Digit, ctx: &Ctx) -> Vec<Msg> {
        self.take(digit, ctx)
    }

    fn on_event(&mut self, event: &Event, ctx: &Ctx) -> Vec<Msg> {
        match event {
            Event::WholeSet { generation, whole } if *generation == self.generation => {
                self.whole = Some(whole.clone())
            }
            Event::WorkerFailed {
                worker: Worker::WholeSet,
                message,
            } => {
                return vec![Msg::warn(format!(
                    "the whole training set's cost could not be computed: {message}"
                ))];
            }
            Event::Model { result, .. } if result.is_ok() || ctx.model.model.is_err() => {
                self.changed()
            }
            Event::Data(DataEvent::Loaded(_))
            | Event::Train {
                event: TrainEvent::Finished(_),
                ..
            } => self.changed(),
            _ => {}
        }
        Vec::new()
    }

    /// Asked only while the screen is on show.
    fn wanted(&mut self, ctx: &Ctx) -> Vec<Msg> {
        self.request(ctx)
    }

    fn keys(&self) -> Vec<Row> {
        rows(keys::KEYS)
    }

    /// The keys that do something in this scene.
    fn footer(&self, ctx: &Ctx) -> Vec<Row> {
        use keys::{Action, KEYS};
        let row = |a, short| row_as(KEYS, a, short);
        // In the batch scene → adds an example until all are in.
        let adding = self.scene == state::BATCH_SCENE && self.added < ctx.config.batch_size;
        let mut shown = vec![
            row(Action::Next, if adding { "add one" } else { "next" }),
            row(Action::Back, "back"),
        ];
        match self.scene {
            4 => shown.push(row(Action::Up, "neuron")),
            state::BATCH_SCENE => shown.push(row(Action::AddAll, "whole batch")),
            state::PROBE_SCENE => shown.push(row(Action::Up, "dream of")),
            state::STEP_SCENE => shown.extend([
                row(Action::Step, "step"),
                row(
                    Action::Optimizer,
                    if self.plain { "Adam" } else { "plain descent" },
                ),
                row(
                    Action::Fresh,
                    if self.fresh {
                        "from model"
                    } else {
                        "from scratch"
                    },
                ),
                row(Action::Restart, "restart"),
            ]),
            _ => {}
        }
        if self.from_play.as_ref().is_some_and(|p| p.drawn) {
            shown.push(row(Action::Label, "meant as"));
        }
        if ctx.live.is_some() || self.taken.is_some() {
            shown.push(row(
                Action::Source,
                if self.taken.is_some() {
                    "saved model"
                } else {
                    "training's"
                },
            ));
        }
        shown.push(row(Action::Jump, "scene"));
        // The probes and the batch take no chosen digit apart.
        if self.scene == state::PROBE_SCENE {
            shown.push(row(Action::Random, "other noise"));
        } else if self.scene != state::BATCH_SCENE {
            shown.extend([
                row(Action::NextExample, "next digit"),
                row(Action::Random, "random"),
                row(Action::GoTo, "go to #"),
                row(Action::FromPlay, "from Play"),
            ]);
        }
        shown.into_iter().flatten().collect()
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::draw(self, frame, area, ctx);
    }

    fn animating(&self) -> bool {
        self.sweep.is_some() || self.dream_step.is_some()
    }

    fn tick(&mut self, _ctx: &Ctx) {
        self.on_tick();
    }
}
