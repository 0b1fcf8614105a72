//! The Play screen: you against the network on MNIST test digits, and a
//! canvas to draw your own digit and watch the network read it.

mod keys;
mod state;
#[cfg(test)]
mod tests;
mod update;
mod view;

pub use state::{Mode, Pen, PlayScreen, Round};
pub use view::canvas_area;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::Screen;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Row, rows};
use crate::tui::msg::Msg;

impl Screen for PlayScreen {
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        self.on_key(key, ctx)
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

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::draw(self, frame, area, ctx);
    }
}
