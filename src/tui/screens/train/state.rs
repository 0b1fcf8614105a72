//! The Train screen's state: the run on screen (or the last one), its
//! history, and what the next start will do.

use crate::eval::Metrics;
use crate::model_file::{ModelInfo, SavedModel};
use crate::network::Network;
use crate::train::{BatchProgress, EpochStats, TrainSettings, TrainSummary};

/// Epoch length in slow motion, in milliseconds.
pub const SLOW_EPOCH_MS: u64 = 3000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Phase {
    #[default]
    Idle,
    Starting,
    Running,
    Paused,
    Stopping,
    Finished,
}

#[derive(Debug, Default)]
pub struct TrainScreen {
    pub phase: Phase,
    /// Id of the current (or last) run; events of other runs are ignored.
    pub run: u64,
    pub seed: Option<u64>,
    pub sizes: Option<(usize, usize, usize)>,
    pub history: Vec<EpochStats>,
    /// Training cost of each progress report of the current epoch.
    pub batch_costs: Vec<f64>,
    pub progress: Option<BatchProgress>,
    pub best: Option<(usize, Metrics, Network)>,
    pub settings: Option<TrainSettings>,
    pub summary: Option<Box<TrainSummary>>,
    /// What happened to this run's model on saving, for the summary.
    pub saved: Option<String>,
    /// (run, best epoch) of the model last saved, so it is not saved twice.
    pub saved_marker: Option<(u64, usize)>,
    /// Weights the next start continues from (None: fresh initialisation).
    pub network: Option<Network>,
    /// The best model of the runs before this one, kept until this run
    /// completes an epoch (a run stopped before that must not lose it), and
    /// the run it came from.
    pub earlier: Option<(u64, SavedModel)>,
    /// Whether the current run continued from earlier weights.
    pub continued: bool,
    pub slow: bool,
    pub chart_full: bool,
    pub config_error: Option<String>,
    pub failure: Option<String>,
    /// `r` was pressed once with an unsaved model: the next `r` discards it.
    pub confirm_reset: bool,
}

impl TrainScreen {
    /// Starting, running, paused or stopping: a worker is alive.
    pub fn running(&self) -> bool {
        matches!(
            self.phase,
            Phase::Starting | Phase::Running | Phase::Paused | Phase::Stopping
        )
    }

    /// The best model so far, as a model file would hold it, and the run
    /// it came from: this run's, or (if it completed no epoch) the earlier one.
    pub fn best_model(&self) -> Option<(u64, SavedModel)> {
        self.this_runs_best()
            .map(|m| (self.run, m))
            .or_else(|| self.earlier.clone())
    }

    /// The best model, if it has not been saved (so resetting would lose it).
    pub fn unsaved_model(&self) -> Option<SavedModel> {
        let (run, model) = self.best_model()?;
        let marker = (run, model.info.best_epoch.unwrap_or(0));
        (self.saved_marker != Some(marker)).then_some(model)
    }

    fn this_runs_best(&self) -> Option<SavedModel> {
        if let Some(summary) = self.summary.as_ref().filter(|s| s.best_epoch > 0) {
            return Some(SavedModel::from_training(summary));
        }
        let (epoch, validation, network) = self.best.as_ref()?;
        Some(SavedModel {
            network: network.clone(),
            info: ModelInfo {
                origin: format!("trained by mnist-tui {}", env!("CARGO_PKG_VERSION")),
                trained_at: crate::files::utc_timestamp(std::time::SystemTime::now()),
                seed: self.seed,
                best_epoch: Some(*epoch),
                epochs_run: Some(self.history.len()),
                validation: Some(*validation),
                test: None,
                settings: self.settings.clone().map(|mut s| {
                    s.seed = self.seed.unwrap_or(s.seed);
                    s
                }),
            },
        })
    }
}
