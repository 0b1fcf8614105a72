//! The Tune screen: the sweep over Adam's settings, its progress, a live
//! ranking of configurations, and a heatmap of the grid.

mod keys;
mod lr_chart;
mod state;
#[cfg(test)]
mod tests;
mod update;
mod view;

pub use state::{Phase, SortByCell, TuneScreen};

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::Screen;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Row, rows};
use crate::tui::msg::Msg;

impl Screen for TuneScreen {
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        self.on_key(key, ctx)
    }

    fn keys(&self) -> Vec<Row> {
        rows(keys::KEYS)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::draw(self, frame, area, ctx);
    }
}
