//! The Train screen: the settings, a run's live progress, its cost and
//! accuracy history, and getting MNIST when it is missing.

mod chart;
mod keys;
mod live;
mod missing_data;
mod run_panel;
mod state;
#[cfg(test)]
mod tests;
mod update;
mod view;

#[cfg(test)]
pub use state::{Pace, WATCH_EPOCHS};
pub use state::{Phase, SLOW_EPOCH_MS, TrainScreen};

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::Screen;
use crate::tui::ctx::{Ctx, DataState};
use crate::tui::event::{Event, Worker};
use crate::tui::keys::{Row, row_as, rows};
use crate::tui::screens::msg::Msg;
use keys::Action;

/// `action`'s key, with `short` as its footer name.
fn row(action: Action, short: &'static str) -> Option<Row> {
    row_as(keys::KEYS, action, short)
}

impl Screen for TrainScreen {
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        self.on_key(key, ctx)
    }

    fn on_event(&mut self, event: &Event, ctx: &Ctx) -> Vec<Msg> {
        match event {
            Event::Train { run, event } => self.on_train_event(*run, event.clone(), &ctx.config),
            Event::Saved(outcome) => self.on_saved(outcome.clone()),
            Event::WorkerFailed {
                worker: Worker::Training,
                message,
            } => {
                self.worker_failed(message);
                Vec::new()
            }
            Event::ConfigChanged { old } => {
                self.config_changed(old);
                Vec::new()
            }
            Event::Model { .. } => {
                self.model_loaded(ctx);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn keys(&self) -> Vec<Row> {
        rows(keys::KEYS)
    }

    /// The keys that do something now, named for what they will do.
    fn footer(&self, ctx: &Ctx) -> Vec<Row> {
        let missing = matches!(ctx.data, DataState::Missing(_) | DataState::Failed(_));
        if ctx.data.ready().is_none() {
            // Without MNIST, training keys do nothing: show how to get it.
            let mut shown = Vec::new();
            if missing {
                shown.push(row(Action::Download, "download"));
            }
            shown.push(row(Action::ReloadConfig, "config"));
            return shown.into_iter().flatten().collect();
        }
        let running = self.running();
        let start = match (running, &self.network) {
            (true, _) => "stop",
            (false, Some(_)) => "continue",
            (false, None) => "start",
        };
        let mut shown = vec![row(Action::StartStop, start)];
        match self.phase {
            Phase::Running => shown.push(row(Action::Pause, "pause")),
            Phase::Paused => shown.push(row(Action::Pause, "resume")),
            _ => {}
        }
        if self.has_best_model() {
            shown.push(row(Action::Save, "save"));
        }
        if !running && (self.network.is_some() || !self.history.is_empty()) {
            shown.push(row(Action::Reset, "reset"));
        }
        shown.push(row(Action::ReloadConfig, "config"));
        if self.history.len() > view::RECENT_EPOCHS {
            shown.push(row(
                Action::ToggleChart,
                if self.chart_recent {
                    "all epochs"
                } else {
                    "last 20"
                },
            ));
        }
        shown.push(row(
            Action::SlowMotion,
            if self.slow_now() {
                keys::SKIP_SLOW
            } else {
                keys::SLOW_MOTION
            },
        ));
        shown.into_iter().flatten().collect()
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::draw(self, frame, area, ctx);
    }
}
