//! How the Train screen changes: keys, the training worker's events, saves
//! and config reloads.

use ratatui::crossterm::event::KeyEvent;

use super::keys::{Action, KEYS};
use super::state::{
    PAST_RUNS, Pace, PastRun, Phase, Sample, TrainScreen, WATCH_EPOCHS, weight_tiles,
};
use crate::config::Config;
use crate::model_file::{SaveOutcome, SavedModel};
use crate::train::{Status, TrainEvent, TrainSettings};
use crate::tui::command::Command;
use crate::tui::ctx::{Ctx, DataState};
use crate::tui::keys::lookup;
use crate::tui::screens::msg::Msg;

impl TrainScreen {
    pub fn on_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        let confirming_reset = std::mem::take(&mut self.confirm_reset);
        let Some(action) = lookup(KEYS, key) else {
            return Vec::new();
        };
        match action {
            Action::StartStop if self.running() => {
                if self.phase != Phase::Stopping {
                    self.phase = Phase::Stopping;
                    return vec![Msg::Run(Command::StopTraining)];
                }
                Vec::new()
            }
            Action::StartStop => self.start(ctx),
            Action::Pause => match self.phase {
                Phase::Running => {
                    self.phase = Phase::Paused;
                    vec![Msg::Run(Command::SetPaused(true))]
                }
                Phase::Paused => {
                    self.phase = Phase::Running;
                    vec![Msg::Run(Command::SetPaused(false))]
                }
                _ => vec![Msg::warn("not training: s starts")],
            },
            Action::Save => self.save(),
            Action::Reset if self.running() => {
                vec![Msg::warn("stop training (s) before resetting")]
            }
            Action::Reset if !confirming_reset && self.unsaved_epoch().is_some() => {
                self.confirm_reset = true;
                vec![Msg::warn(
                    "the best model is not saved: r again discards it, w saves it",
                )]
            }
            Action::Reset => {
                self.keep_for_comparison();
                *self = TrainScreen {
                    run: self.run,
                    chart_recent: self.chart_recent,
                    slow: self.pace != Pace::Full,
                    pace: self.pace,
                    past: std::mem::take(&mut self.past),
                    reload_base: self.reload_base.take(),
                    ..TrainScreen::default()
                };
                vec![Msg::say("reset: next start is fresh")]
            }
            Action::ReloadConfig => vec![Msg::Run(Command::ReloadConfig)],
            Action::ToggleChart => {
                self.chart_recent = !self.chart_recent;
                Vec::new()
            }
            Action::SlowMotion => {
                // Slowed now (or at the next start): full speed at once;
                // otherwise slow motion throughout.
                if self.slow_now() {
                    self.pace = Pace::Full;
                    self.slow = false;
                } else {
                    self.pace = Pace::Slow;
                    self.slow = true;
                }
                vec![
                    Msg::say(super::keys::switched(self.slow)),
                    Msg::Run(Command::SetSlow(self.slow)),
                ]
            }
            Action::Download => match ctx.data {
                DataState::Missing(_) | DataState::Failed(_) => vec![Msg::StartDownload],
                _ => Vec::new(),
            },
        }
    }

    /// Starts a run: from the last run's weights, the model file (with
    /// load_model) or a fresh initialisation.
    pub fn start(&mut self, ctx: &Ctx) -> Vec<Msg> {
        if ctx.data.ready().is_none() {
            return vec![Msg::warn("MNIST is not loaded yet")];
        }
        let from_file = match (&ctx.model.model, ctx.model.path == ctx.model_path.path) {
            (Ok(m), true) => Some(m.network.clone()),
            _ => None,
        };
        let start = self.network.clone().or(if ctx.config.load_model {
            from_file
        } else {
            None
        });
        if ctx.config.load_model && start.is_none() {
            let why = ctx.model.model.as_ref().err().cloned().unwrap_or_default();
            self.failure = Some(format!(
                "load_model is true but {} could not be loaded: {why}",
                crate::fmt::path(&ctx.model_path.path)
            ));
            return vec![Msg::warn("load_model: no model to start from")];
        }
        let config = &ctx.config;
        self.keep_for_comparison();
        self.slow = self.pace != Pace::Full;
        self.reload_base = None;
        self.tiles.clear();
        self.sample = ctx.data.ready().and_then(|m| {
            let test = m.test.all();
            (!test.is_empty()).then(|| Sample {
                pixels: test.image(0).to_vec(),
                label: test.label(0),
                probabilities: None,
            })
        });
        if let Some(net) = &start {
            self.show_weights(net);
        }
        self.earlier = self.best_model();
        self.run += 1;
        self.phase = Phase::Starting;
        self.continued = start.is_some();
        self.history.clear();
        self.batch_costs.clear();
        self.tail.clear();
        self.progress = None;
        self.best = None;
        self.summary = None;
        self.saved = None;
        self.failure = None;
        self.seed = config.seed;
        self.settings = Some(TrainSettings::from_config(config, config.seed.unwrap_or(0)));
        vec![Msg::Run(Command::StartTraining {
            run: self.run,
            config: Box::new(config.clone()),
            seed: config.seed,
            start: start.map(Box::new),
            slow: self.slow,
        })]
    }

    fn save(&mut self) -> Vec<Msg> {
        match self.best_model() {
            Some((run, model))
                if self.saved_marker == Some((run, model.info.best_epoch.unwrap_or(0))) =>
            {
                vec![Msg::say("this model is already saved")]
            }
            Some((run, model)) => {
                self.saved = Some("saving…".into());
                self.saved_marker = Some((run, model.info.best_epoch.unwrap_or(0)));
                vec![Msg::Run(Command::SaveModel {
                    model: Box::new(model),
                    beside: true,
                })]
            }
            None => vec![Msg::warn("nothing to save: no epoch yet")],
        }
    }

    /// An event of training run `run`; events of other runs are ignored.
    pub fn on_train_event(&mut self, run: u64, event: TrainEvent, config: &Config) -> Vec<Msg> {
        if run != self.run {
            return Vec::new();
        }
        match event {
            TrainEvent::Started {
                seed,
                train,
                validation,
                test,
                ..
            } => {
                self.seed = Some(seed);
                self.sizes = Some((train, validation, test));
                if self.phase == Phase::Starting {
                    self.phase = Phase::Running;
                }
            }
            TrainEvent::Progress(p) => {
                if self
                    .progress
                    .as_ref()
                    .is_some_and(|old| old.epoch != p.epoch)
                {
                    self.batch_costs.clear();
                    self.tail.clear();
                }
                self.batch_costs.push(p.cost);
                let done = p.batches_done as f64 / p.batches.max(1) as f64;
                self.tail.push((p.epoch as f64 - 1.0 + done, p.cost));
                self.progress = Some(p);
            }
            TrainEvent::Snapshot { network, .. } => self.show_weights(&network),
            TrainEvent::Improved {
                epoch,
                validation,
                network,
            } => self.best = Some((epoch, validation, *network)),
            TrainEvent::Epoch(stats) => {
                let epoch = stats.epoch;
                self.history.push(stats);
                if self.pace == Pace::Watch && self.slow && epoch >= WATCH_EPOCHS {
                    // The first epochs were watched: the rest at full speed.
                    self.slow = false;
                    return vec![
                        Msg::Run(Command::SetSlow(false)),
                        Msg::say(super::keys::went_full_speed()),
                    ];
                }
            }
            TrainEvent::Finished(summary) => {
                self.phase = Phase::Finished;
                let mut msgs = Vec::new();
                if summary.best_epoch == 0 {
                    // Nothing new to keep: the weights this run started
                    // from (and the earlier best model) stay, since its
                    // latest weights are unfinished or NaN.
                    self.saved = Some(match &self.earlier {
                        Some((_, m)) => format!(
                            "no epoch completed: the earlier best (epoch {}) is kept; w saves it",
                            m.info.best_epoch.unwrap_or(0)
                        ),
                        None => "not saved: no epoch completed".into(),
                    });
                    self.summary = Some(summary);
                    return msgs;
                }
                self.network = Some(summary.network.clone());
                self.show_weights(&summary.network);
                self.earlier = None;
                if summary.status == Status::Diverged {
                    self.saved =
                        Some("not saved automatically (diverged); w saves the best epoch".into());
                } else if config.save_model {
                    self.saved = Some("saving…".into());
                    self.saved_marker = Some((run, summary.best_epoch));
                    msgs.push(Msg::Run(Command::SaveModel {
                        model: Box::new(SavedModel::from_training(&summary)),
                        beside: false,
                    }));
                } else {
                    self.saved = Some("not saved (save_model is false); w saves it".into());
                }
                self.summary = Some(summary);
                return msgs;
            }
        }
        Vec::new()
    }

    /// The outcome of saving this screen's model.
    pub fn on_saved(&mut self, outcome: Result<SaveOutcome, String>) -> Vec<Msg> {
        let outcome = match outcome {
            Ok(o) => o,
            Err(message) => {
                self.saved = Some(format!("not saved: {message}"));
                return vec![Msg::warn(format!("save failed: {message}"))];
            }
        };
        let (short, long) = match &outcome {
            SaveOutcome::Identical(p) => (
                "already saved".to_string(),
                format!("{} already holds these weights", p),
            ),
            SaveOutcome::Saved(p) => (
                "model saved".to_string(),
                format!("saved to {}", crate::fmt::shown(p)),
            ),
            SaveOutcome::KeptExisting {
                existing,
                saved: Some(saved),
                reason,
            } => (
                "saved beside the better model".to_string(),
                format!(
                    "saved as {}; {} kept ({reason})",
                    crate::fmt::shown(saved),
                    existing
                ),
            ),
            SaveOutcome::KeptExisting {
                existing,
                saved: None,
                reason,
            } => {
                // w may still save this one beside the better model.
                self.saved_marker = None;
                (
                    "not saved: a better one exists".to_string(),
                    format!(
                        "not saved: {} is better ({reason}); w saves beside it",
                        existing
                    ),
                )
            }
        };
        self.saved = Some(long);
        vec![Msg::Say(short)]
    }

    /// Slow motion is on for the run now, or will be at the next start.
    pub fn slow_now(&self) -> bool {
        if self.running() {
            self.slow
        } else {
            self.pace != Pace::Full
        }
    }

    /// Keeps the run on screen, if it has epochs, as a faded comparison.
    fn keep_for_comparison(&mut self) {
        if self.history.is_empty() {
            return;
        }
        let label = match &self.settings {
            Some(s) => format!("lr {}", s.learning_rate),
            None => format!("run {}", self.run),
        };
        let at = |f: &dyn Fn(&crate::train::EpochStats) -> f64| -> Vec<(f64, f64)> {
            self.history
                .iter()
                .map(|e| (e.epoch as f64, f(e)))
                .collect()
        };
        let run = PastRun {
            label,
            cost: at(&|e| e.validation.cost),
            accuracy: at(&|e| e.validation.accuracy * 100.0),
        };
        self.past.push(run);
        if self.past.len() > PAST_RUNS {
            self.past.remove(0);
        }
    }

    pub fn worker_failed(&mut self, message: &str) {
        self.failure = Some(message.to_string());
        self.phase = Phase::Finished;
    }

    /// config.ron changed from `old`: the view lists what changed since
    /// the last start.
    pub fn config_changed(&mut self, old: &crate::config::Config) {
        if self.reload_base.is_none() {
            self.reload_base = Some(old.clone());
        }
    }

    /// A model file was read: with load_model, the next start continues
    /// from it (unless a run's weights are already waiting).
    pub fn model_loaded(&mut self, ctx: &Ctx) {
        // Drawn until a run sends its own (computed once, not per frame).
        self.model_tiles = ctx.network().map(weight_tiles).unwrap_or_default();
        if let (Ok(m), true) = (&ctx.model.model, ctx.config.load_model)
            && ctx.model.path == ctx.model_path.path
            && self.network.is_none()
            && !self.running()
        {
            self.network = Some(m.network.clone());
        }
    }
}
