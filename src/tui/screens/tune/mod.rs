//! The Tune screen: the sweep over Adam's settings, its progress, a live
//! ranking of configurations, and a heatmap of the grid.

mod grid;
mod heatmap;
mod keys;
mod lr_chart;
mod state;
#[cfg(test)]
mod tests;
mod update;
mod view;

#[cfg(test)]
pub use state::Phase;
pub use state::TuneScreen;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::Screen;
use crate::tui::ctx::Ctx;
use crate::tui::event::{Event, Worker};
use crate::tui::keys::{Row, rows};
use crate::tui::screens::msg::Msg;
use crate::tune::Sweep;

impl Screen for TuneScreen {
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        self.on_key(key, ctx)
    }

    fn on_event(&mut self, event: &Event, ctx: &Ctx) -> Vec<Msg> {
        match event {
            Event::Tune {
                run,
                elapsed,
                event,
            } => self.on_sweep_event(*run, *elapsed, event.clone()),
            // A late answer for a grid no longer configured is dropped.
            Event::TuneLoaded {
                sweep,
                results,
                note,
            } if *sweep == Sweep::from_config(&ctx.config) => {
                self.loaded(sweep.clone(), results.clone(), note.clone());
            }
            Event::WorkerFailed {
                worker: Worker::Tuner,
                message,
            } => self.worker_failed(message),
            Event::ConfigChanged { old } => return self.config_replaced(old, ctx),
            _ => {}
        }
        Vec::new()
    }

    fn keys(&self) -> Vec<Row> {
        rows(keys::KEYS)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::draw(self, frame, area, ctx);
    }
}
