//! The Tune screen's state: the sweep shown, its results as they arrive,
//! and the selected configuration.

use std::collections::HashMap;
use std::time::Duration;

use crate::tui::command::Command;
use crate::tui::ctx::Ctx;
use crate::tui::screens::msg::Msg;
use crate::tune::stats::{self, ConfigStats, SortBy};
use crate::tune::{Hyper, Sweep, TrialKey, TrialResult};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Phase {
    #[default]
    Idle,
    Running,
    Stopping,
    Finished,
}

#[derive(Debug, Default)]
pub struct TuneScreen {
    pub phase: Phase,
    pub run: u64,
    /// The sweep being run or shown (None: the config's, not started).
    pub sweep: Option<Sweep>,
    pub results: Vec<TrialResult>,
    pub total: usize,
    /// Trials already done when this run started, and done by it since.
    pub done_before: usize,
    pub done_now: usize,
    pub elapsed: Duration,
    pub workers: usize,
    /// What each worker is training.
    pub busy: Vec<Option<TrialKey>>,
    pub message: Option<String>,
    /// What changed in config.ron's sweep settings, until the next start.
    pub config_note: Option<String>,
    pub sort: SortByCell,
    /// The configuration chosen with the arrows; it keeps its place in the
    /// user's eye as the ranking changes. None: the top row, whichever it is.
    pub selected: Option<Hyper>,
    /// Where each trial is in `results`.
    index: HashMap<crate::tune::KeyBits, usize>,
    /// Learning rate (index into the sweep's) the heatmap shows when chosen
    /// with left/right; None: the selected row's.
    pub map_lr: Option<usize>,
}

/// `SortBy` with a default, so `TuneState` can derive `Default`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortByCell(pub SortBy);

impl Default for SortByCell {
    fn default() -> Self {
        SortByCell(SortBy::Cost)
    }
}

impl TuneScreen {
    pub fn running(&self) -> bool {
        matches!(self.phase, Phase::Running | Phase::Stopping)
    }

    /// Configurations ranked as chosen.
    pub fn ranked(&self) -> Vec<ConfigStats> {
        let Some(sweep) = &self.sweep else {
            return Vec::new();
        };
        let mut s = stats::by_config(sweep, &self.results);
        stats::rank(&mut s, self.sort.0);
        s
    }

    /// Keeps a finished trial's result; one cut short is not a result.
    pub(super) fn record(&mut self, r: TrialResult) {
        if !r.status.is_final() {
            return;
        }
        match self.index.get(&r.key.bits()) {
            Some(&i) => self.results[i] = r,
            None => {
                self.index.insert(r.key.bits(), self.results.len());
                self.results.push(r);
            }
        }
    }

    /// Replaces the results wholesale (a selection among others is dropped).
    pub(super) fn set_results(&mut self, results: Vec<TrialResult>) {
        self.results.clear();
        self.index.clear();
        self.selected = None;
        for r in results {
            self.record(r);
        }
    }

    /// Results of an earlier sweep of the same grid, found at start or after
    /// a config change; `note` says why there are none.
    pub fn loaded(&mut self, sweep: Sweep, results: Vec<TrialResult>, note: Option<String>) {
        if self.running() {
            return;
        }
        self.total = sweep.trials().len();
        self.done_before = results.iter().filter(|r| r.status.is_final()).count();
        self.done_now = 0;
        self.sweep = Some(sweep);
        self.set_results(results);
        self.message = note;
    }

    /// config.ron changed from `old`: if the sweep it describes changed,
    /// the table (unless a sweep runs) makes way for the new grid's earlier
    /// results, and the screen says what the next `s` runs.
    pub fn config_replaced(&mut self, old: &crate::config::Config, ctx: &Ctx) -> Vec<Msg> {
        let sweep = Sweep::from_config(&ctx.config);
        if sweep == Sweep::from_config(old) {
            return Vec::new();
        }
        let changes: Vec<String> = crate::hyper::changes(old, &ctx.config)
            .into_iter()
            .filter(|(f, _, _)| {
                // What trials take from the training section.
                f.starts_with("tuner.")
                    || [
                        "batch_size",
                        "epsilon",
                        "patience_buffer",
                        "validation_size",
                    ]
                    .contains(f)
            })
            .map(|(f, a, b)| format!("{f} {a} → {b}"))
            .collect();
        let mut msgs = Vec::new();
        if !self.running() {
            self.clear();
            msgs.push(Msg::Run(Command::LoadSweep));
        }
        self.config_changed(&changes, &sweep);
        msgs
    }

    /// config.ron's sweep settings changed (`changes`, field by field): say
    /// what the next `s` runs.
    pub fn config_changed(&mut self, changes: &[String], sweep: &Sweep) {
        let what = if changes.is_empty() {
            "the sweep settings changed".to_string()
        } else {
            changes.join(", ")
        };
        let trials = sweep.trials().len();
        self.config_note = Some(if self.running() {
            format!(
                "config.ron: {what}; this sweep keeps its grid, the next s runs the new one ({trials} trials)"
            )
        } else {
            format!("config.ron: {what} · s runs this grid ({trials} trials)")
        });
    }

    /// Forgets the shown sweep (its grid is no longer the configured one).
    pub fn clear(&mut self) {
        *self = TuneScreen {
            run: self.run,
            sort: self.sort,
            ..TuneScreen::default()
        };
    }

    /// The selected row of `ranked`: where the selected configuration is
    /// now, or the top row.
    pub fn selected_row(&self, ranked: &[ConfigStats]) -> usize {
        self.selected
            .and_then(|h| ranked.iter().position(|c| c.hyper.bits() == h.bits()))
            .unwrap_or(0)
    }

    /// The selected configuration and its best seed, as shown.
    pub fn selected_hyper(&self) -> Option<(Hyper, u64)> {
        let ranked = self.ranked();
        ranked
            .get(self.selected_row(&ranked))
            .map(|c| (c.hyper, c.best_seed))
    }

    /// Whether config.ron now describes another sweep than the one shown
    /// (reloaded while it ran): `s` then starts over rather than resuming.
    pub fn settings_changed(&self, configured: &Sweep) -> bool {
        self.sweep.as_ref().is_some_and(|s| s != configured)
    }

    /// The learning rate the heatmap shows (index into the sweep's).
    pub fn heatmap_lr(&self) -> usize {
        if let Some(i) = self.map_lr {
            return i;
        }
        match (self.selected_hyper(), &self.sweep) {
            (Some((h, _)), Some(sweep)) => sweep
                .learning_rate
                .iter()
                .position(|lr| lr.to_bits() == h.learning_rate.to_bits())
                .unwrap_or(0),
            _ => 0,
        }
    }
}
