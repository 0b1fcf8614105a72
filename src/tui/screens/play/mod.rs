//! The Play screen: you against the network on MNIST test digits, and a
//! canvas to draw your own digit and watch the network read it.

mod brush;
mod draw_view;
mod keys;
mod panel;
mod state;
mod strip;
#[cfg(test)]
mod tests;
mod update;
mod view;

#[cfg(test)]
pub use draw_view::canvas_geometry;
pub use state::{Mode, PlayScreen};

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::Screen;
use crate::tui::ctx::Ctx;
use crate::tui::event::{DataEvent, Event};
use crate::tui::keys::{Row, row_as, rows};
use crate::tui::screens::msg::Msg;
use crate::tui::widgets::picture::Render;

impl Screen for PlayScreen {
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        self.on_key(key, ctx)
    }

    fn on_event(&mut self, event: &Event, ctx: &Ctx) -> Vec<Msg> {
        match event {
            // The app kept the model it had: `l` moves on from this file.
            Event::Model { path, result, .. } if result.is_err() && ctx.model.model.is_ok() => {
                self.browsed = Some(path.clone());
                Vec::new()
            }
            Event::Model { result, .. } => {
                let mut msgs = Vec::new();
                if self.model_changed() && result.is_ok() {
                    msgs.push(Msg::say("new model: Play score reset"));
                }
                msgs.extend(self.ensure_round(ctx));
                msgs
            }
            Event::Data(DataEvent::Loaded(_)) => {
                self.model_changed();
                self.ensure_round(ctx)
            }
            // Hard mode waits for the model's test results.
            Event::ModelEvaluated { .. } => self.ensure_round(ctx),
            _ => Vec::new(),
        }
    }

    fn shown(&mut self, ctx: &Ctx) -> Vec<Msg> {
        self.ensure_round(ctx)
    }

    fn typing(&self) -> bool {
        PlayScreen::typing(self)
    }

    fn keys(&self) -> Vec<Row> {
        match self.mode {
            Mode::Guess => rows(keys::GUESS_KEYS),
            Mode::Draw => rows(keys::DRAW_KEYS),
        }
    }

    /// The keys that do something now, named for what they will do.
    fn footer(&self, ctx: &Ctx) -> Vec<Row> {
        use keys::{Action, DRAW_KEYS, GUESS_KEYS};
        let other = match self.render {
            Render::Braille => "blocks",
            Render::Blocks => "braille",
        };
        if self.mode == Mode::Draw {
            // Every draw key works at once; `b` is named for what it switches to.
            return DRAW_KEYS
                .iter()
                .filter(|b| !b.label.is_empty())
                .filter_map(|b| {
                    let short = if b.action == Action::Render {
                        other
                    } else {
                        b.short
                    };
                    row_as(DRAW_KEYS, b.action, short)
                })
                .collect();
        }
        let row = |a, short| row_as(GUESS_KEYS, a, short);
        let mut shown = Vec::new();
        if ctx.network().is_none() {
            shown.extend([
                row(Action::TrainOne, "train one"),
                row(Action::NextModel, "next model"),
            ]);
        }
        match &self.round {
            Some(r) if r.guess.is_none() => {
                shown.extend([row(Action::Guess, "guess"), row(Action::Skip, "skip")]);
            }
            Some(_) => shown.extend([row(Action::Next, "next"), row(Action::Why, "why?")]),
            None => {}
        }
        if self.round.is_some() {
            shown.push(row(Action::Hard, if self.hard { "normal" } else { "hard" }));
            shown.push(row(Action::Render, other));
        }
        if self.rounds() > 0 {
            shown.push(row(Action::Summary, "summary"));
        }
        shown.push(row(Action::DrawMode, "draw"));
        shown.into_iter().flatten().collect()
    }

    /// The answer's bars grow for a moment after your guess.
    fn animating(&self) -> bool {
        self.mode == Mode::Guess && self.reveal < state::REVEAL
    }

    fn tick(&mut self, _ctx: &Ctx) {
        self.reveal = (self.reveal + 1).min(state::REVEAL);
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::draw(self, frame, area, ctx);
    }
}
