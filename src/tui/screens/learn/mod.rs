//! The Learn screen: one training step taken apart, in the order of
//! 3Blue1Brown's chapters 2 and 3: the cost of one example, the nudges it
//! wants, three ways to get them, backpropagation, and the gradient with
//! one derivative written out by the chain rule. Every number comes from
//! `crate::learn`, checked against the trainer's own gradient.

mod backwards;
mod cost;
mod gradient;
mod keys;
mod nudges;
mod state;
#[cfg(test)]
mod tests;
mod three_ways;
mod update;
mod view;

pub use state::LearnScreen;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::Screen;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Row, rows};
use crate::tui::screens::msg::Msg;

impl Screen for LearnScreen {
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        self.on_key(key, ctx)
    }

    fn keys(&self) -> Vec<Row> {
        rows(keys::KEYS)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::draw(self, frame, area, ctx);
    }

    fn animating(&self) -> bool {
        self.sweep.is_some()
    }

    fn tick(&mut self, _ctx: &Ctx) {
        self.on_tick();
    }
}
