//! The Train screen's state: the run on screen (or the last one), its
//! history, and what the next start will do.

use crate::eval::Metrics;
use crate::model_file::{ModelInfo, SavedModel};
use crate::network::Network;
use crate::train::{BatchProgress, EpochStats, TrainSettings, TrainSummary};

/// Epoch length in slow motion, in milliseconds: long enough to watch
/// the cost fall batch by batch and the weights take shape.
pub const SLOW_EPOCH_MS: u64 = 30_000;

/// Epochs a run shows in slow motion before going full speed, at the
/// default pace: the first is where the network learns the most.
pub const WATCH_EPOCHS: usize = 1;

/// Earlier runs of this session kept faded on the charts.
pub const PAST_RUNS: usize = 4;

/// How fast runs go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pace {
    /// Slow motion for the first `WATCH_EPOCHS` epochs, then full speed.
    #[default]
    Watch,
    /// Slow motion throughout.
    Slow,
    /// Full speed from the start.
    Full,
}

/// A finished (or stopped) run of this session, for comparison.
#[derive(Clone, Debug, Default)]
pub struct PastRun {
    /// What set it apart, e.g. "lr 0.01".
    pub label: String,
    /// (epoch, validation cost) and (epoch, validation accuracy in %).
    pub cost: Vec<(f64, f64)>,
    pub accuracy: Vec<(f64, f64)>,
}

/// One test digit whose prediction is followed during a run.
#[derive(Clone, Debug, Default)]
pub struct Sample {
    pub pixels: Vec<u8>,
    pub label: u8,
    /// The latest weights' probabilities (None before any).
    pub probabilities: Option<[f32; 10]>,
}

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
    /// The same as (epochs trained, cost), e.g. 2.5 halfway through the
    /// third epoch, for the chart.
    pub tail: Vec<(f64, f64)>,
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
    /// Slow motion is on for the run now (or the next start).
    pub slow: bool,
    pub pace: Pace,
    /// The chart shows the last `RECENT` epochs rather than all (`v`).
    pub chart_recent: bool,
    /// Earlier runs of this session, oldest first.
    pub past: Vec<PastRun>,
    /// First-layer weights of the latest snapshot, 16 tiles of 784, each
    /// scaled to -1..=1 by its largest magnitude.
    pub tiles: Vec<f32>,
    /// The same of the model Play and Network use, shown before a run.
    pub model_tiles: Vec<f32>,
    pub sample: Option<Sample>,
    /// config.ron as it was before it changed, until the next start: the
    /// view lists what changed.
    pub reload_base: Option<crate::config::Config>,
    pub failure: Option<String>,
    /// `r` was pressed once with an unsaved model: the next `r` discards it.
    pub confirm_reset: bool,
}

/// First-layer weights as 16 tiles of 784 (input-major W1 regrouped by
/// neuron), each scaled by its own largest magnitude.
pub fn weight_tiles(network: &Network) -> Vec<f32> {
    use crate::network::{HIDDEN1, INPUTS, W1};
    let w1 = &network.params[W1];
    let mut out = vec![0.0f32; HIDDEN1 * INPUTS];
    for neuron in 0..HIDDEN1 {
        let tile = &mut out[neuron * INPUTS..(neuron + 1) * INPUTS];
        for (i, v) in tile.iter_mut().enumerate() {
            *v = w1[i * HIDDEN1 + neuron];
        }
        // Scaled to 2 standard deviations (or the largest weight, if
        // smaller): the pattern shows, not just one outlier.
        let finite = || tile.iter().filter(|v| v.is_finite());
        let max = finite().fold(0.0f32, |m, v| m.max(v.abs()));
        let rms = (finite().map(|v| v * v).sum::<f32>() / INPUTS as f32).sqrt();
        let scale = max.min(2.0 * rms);
        if scale > 0.0 {
            tile.iter_mut()
                .for_each(|v| *v = (*v / scale).clamp(-1.0, 1.0));
        }
    }
    out
}

impl TrainScreen {
    /// New weights arrived: refresh the tiles and the sample's prediction.
    pub fn show_weights(&mut self, network: &Network) {
        self.tiles = weight_tiles(network);
        if let Some(s) = &mut self.sample {
            s.probabilities = Some(network.predict(&s.pixels));
        }
    }

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

    /// The run and best epoch of [`TrainScreen::best_model`], without
    /// building the model (footers and questions ask every frame).
    fn best_marker(&self) -> Option<(u64, usize)> {
        if let Some(s) = self.summary.as_ref().filter(|s| s.best_epoch > 0) {
            return Some((self.run, s.best_epoch));
        }
        if let Some((epoch, _, _)) = &self.best {
            return Some((self.run, *epoch));
        }
        let (run, model) = self.earlier.as_ref()?;
        Some((*run, model.info.best_epoch.unwrap_or(0)))
    }

    /// Whether there is a best model to save.
    pub fn has_best_model(&self) -> bool {
        self.best_marker().is_some()
    }

    /// The best model's epoch, if it has not been saved (so resetting or
    /// quitting would lose it).
    pub fn unsaved_epoch(&self) -> Option<usize> {
        let marker = self.best_marker()?;
        (self.saved_marker != Some(marker)).then_some(marker.1)
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
