//! How the Tune screen changes: keys and the sweep worker's events.

use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::keys::{Action, KEYS};
use super::state::{Phase, SortByCell, TuneScreen};
use crate::tui::command::Command;
use crate::tui::ctx::Ctx;
use crate::tui::keys::lookup;
use crate::tui::screens::msg::Msg;
use crate::tune::{Sweep, SweepEvent};

/// Rows moved by PgUp/PgDn.
const PAGE: usize = 10;

impl TuneScreen {
    pub fn on_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        let Some(action) = lookup(KEYS, key) else {
            return Vec::new();
        };
        let mut msgs = Vec::new();
        match action {
            Action::StartStop if self.running() => {
                self.phase = Phase::Stopping;
                return vec![Msg::Run(Command::StopSweep)];
            }
            Action::StartStop if ctx.data.ready().is_none() => {
                return vec![Msg::warn("MNIST is not loaded yet")];
            }
            // The app checks that no training runs, then calls `start`.
            Action::StartStop => return vec![Msg::StartSweep],
            Action::Up => self.move_selection(|row, _| row.saturating_sub(1)),
            Action::Down => self.move_selection(|row, _| row + 1),
            Action::PageUp if key.code == KeyCode::Home => self.move_selection(|_, _| 0),
            Action::PageUp => self.move_selection(|row, _| row.saturating_sub(PAGE)),
            Action::PageDown if key.code == KeyCode::End => self.move_selection(|_, rows| rows),
            Action::PageDown => self.move_selection(|row, _| row + PAGE),
            Action::Sort => {
                // The selected configuration stays selected, wherever it lands.
                self.sort = SortByCell(self.sort.0.next());
                msgs.push(Msg::say(format!("ordered by {}", self.sort.0.name())));
            }
            Action::LearningRate => {
                let n = self
                    .sweep
                    .as_ref()
                    .map_or(1, |s| s.learning_rate.len())
                    .max(1);
                let now = self.heatmap_lr();
                self.map_lr = Some(if key.code == KeyCode::Left {
                    (now + n - 1) % n
                } else {
                    (now + 1) % n
                });
                return msgs;
            }
            Action::Apply => {
                return match self.selected_hyper() {
                    Some((hyper, seed)) => vec![Msg::Run(Command::ApplyHyper { hyper, seed })],
                    None => vec![Msg::warn("no configuration to apply yet")],
                };
            }
        }
        // Moving the selection makes the heatmap follow it again.
        self.map_lr = None;
        msgs
    }

    /// Selects the configuration at `to(row, rows)`, counted from where the
    /// selected one is now (clamped to the table).
    fn move_selection(&mut self, to: impl Fn(usize, usize) -> usize) {
        let ranked = self.ranked();
        let Some(last) = ranked.len().checked_sub(1) else {
            return;
        };
        let row = to(self.selected_row(&ranked), ranked.len()).min(last);
        self.selected = Some(ranked[row].hyper);
    }

    /// The sweep worker failed (e.g. trials.csv could not be read): the
    /// sweep is over; say why.
    pub fn worker_failed(&mut self, message: &str) {
        if self.running() {
            self.phase = Phase::Finished;
            self.busy.clear();
        }
        self.message = Some(format!("sweep failed: {message}"));
    }

    /// Starts (or resumes) the sweep of the configured grid.
    pub fn start(&mut self, ctx: &Ctx) -> Vec<Msg> {
        let sweep = Sweep::from_config(&ctx.config);
        if self.sweep.as_ref() != Some(&sweep) {
            // Another grid or other settings: the old table does not apply.
            self.set_results(Vec::new());
        }
        self.run += 1;
        self.phase = Phase::Running;
        self.done_now = 0;
        self.elapsed = Duration::ZERO;
        self.message = None;
        self.config_note = None;
        self.sweep = Some(sweep);
        vec![Msg::Run(Command::StartSweep {
            run: self.run,
            config: Box::new(ctx.config.clone()),
        })]
    }

    /// An event of sweep `run`; events of other sweeps are ignored.
    pub fn on_sweep_event(&mut self, run: u64, elapsed: Duration, event: SweepEvent) {
        if run != self.run {
            return;
        }
        self.elapsed = elapsed;
        match event {
            SweepEvent::Started {
                total,
                done,
                workers,
                message,
            } => {
                self.total = total;
                self.done_before = done;
                self.workers = workers;
                self.busy = vec![None; workers];
                self.message = message;
            }
            SweepEvent::Resumed(results) => {
                let selected = self.selected;
                self.set_results(results);
                // The same sweep's results reread: the selection still applies.
                self.selected = selected;
            }
            SweepEvent::TrialStarted { key, worker } => {
                if let Some(slot) = self.busy.get_mut(worker) {
                    *slot = Some(key);
                }
            }
            SweepEvent::TrialDone(r) => {
                for slot in &mut self.busy {
                    if slot.is_some_and(|k| k.bits() == r.key.bits()) {
                        *slot = None;
                    }
                }
                if r.status.is_final() {
                    self.done_now += 1;
                }
                self.record(r);
            }
            SweepEvent::Finished { .. } => {
                self.phase = Phase::Finished;
                self.busy.clear();
            }
        }
    }
}
