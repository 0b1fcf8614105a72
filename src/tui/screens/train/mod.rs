//! The Train screen: the settings, a run's live progress, its cost and
//! accuracy history, and getting MNIST when it is missing.

mod chart;
mod data;
mod keys;
mod state;
#[cfg(test)]
mod tests;
mod update;
mod view;

pub use state::{Phase, SLOW_EPOCH_MS, TrainScreen};

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::Screen;
use crate::tui::ctx::{Ctx, DataState};
use crate::tui::keys::{Row, rows, rows_where};
use crate::tui::msg::Msg;
use keys::Action;

impl Screen for TrainScreen {
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        self.on_key(key, ctx)
    }

    fn keys(&self) -> Vec<Row> {
        rows(keys::KEYS)
    }

    /// Without MNIST, training keys do nothing: show how to get it instead.
    fn footer(&self, ctx: &Ctx) -> Vec<Row> {
        if matches!(ctx.data, DataState::Missing(_) | DataState::Failed(_)) {
            let mut shown = rows_where(keys::KEYS, |a| a == Action::Download);
            shown.extend(rows_where(keys::KEYS, |a| a == Action::ReloadConfig));
            return shown;
        }
        rows_where(keys::KEYS, |a| a != Action::Download)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::draw(self, frame, area, ctx);
    }
}
