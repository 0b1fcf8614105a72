//! The Network screen: inside the 784-16-16-10 network, as 3Blue1Brown's
//! video shows it. Three views: the neurons lit by one digit, the first
//! layer's weights as pictures, and where the model goes wrong.

mod keys;
mod state;
#[cfg(test)]
mod tests;
mod update;
mod view;

pub use state::{Insight, NetworkScreen, Source, View};

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::Screen;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Row, rows};
use crate::tui::msg::Msg;

impl Screen for NetworkScreen {
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        self.on_key(key, ctx)
    }

    fn typing(&self) -> bool {
        NetworkScreen::typing(self)
    }

    fn keys(&self) -> Vec<Row> {
        rows(keys::KEYS)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::draw(self, frame, area, ctx);
    }
}
