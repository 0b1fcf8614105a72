//! What a run reports while it trains, and what it returns.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::TrainSettings;
use crate::eval::Metrics;
use crate::network::Network;

#[derive(Clone, Debug, PartialEq)]
pub struct BatchProgress {
    pub epoch: usize,
    pub batches_done: usize,
    pub batches: usize,
    /// Mean training cost of the batches since the previous report.
    pub cost: f64,
    pub examples_per_s: f64,
    /// Training time spent in this epoch so far.
    pub elapsed: Duration,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpochStats {
    pub epoch: usize,
    /// Mean cost of this epoch's batches, as they were trained.
    pub train_cost: f64,
    pub validation: Metrics,
    pub train_seconds: f64,
    pub validation_seconds: f64,
    pub examples_per_s: f64,
    /// The learning rate of the epoch's last step.
    pub learning_rate: f32,
    /// Hidden units (layer 1, layer 2) that never fired on a sample of the
    /// training images after this epoch.
    #[serde(default)]
    pub dead_units: [usize; 2],
    pub best_epoch: usize,
    pub best_validation_cost: f64,
    /// Epochs in a row without an improvement larger than patience_buffer.
    pub epochs_without_improvement: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Early stopping: validation cost stopped improving.
    Converged,
    /// max_epochs reached.
    MaxEpochs,
    /// Stopped by the caller.
    Stopped,
    /// The cost became NaN or infinite.
    Diverged,
}

impl Status {
    pub fn describe(self) -> &'static str {
        match self {
            Status::Converged => "early-stopped: validation cost stopped improving",
            Status::MaxEpochs => "reached max_epochs",
            Status::Stopped => "stopped",
            Status::Diverged => "diverged: the cost became NaN or infinite",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrainSummary {
    pub status: Status,
    pub settings: TrainSettings,
    /// The epoch whose parameters were kept (0: no epoch completed).
    pub best_epoch: usize,
    pub epochs_run: usize,
    /// The kept parameters: those of the best validation cost.
    pub network: Network,
    pub validation: Metrics,
    pub test: Metrics,
    /// Time spent computing (pauses and slow-motion waits left out).
    pub seconds: f64,
    /// Time from start to finish, as on a clock.
    pub wall_seconds: f64,
    pub history: Vec<EpochStats>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TrainEvent {
    Started {
        seed: u64,
        train: usize,
        validation: usize,
        test: usize,
        batches_per_epoch: usize,
    },
    Progress(BatchProgress),
    /// A copy of the current weights, every `snapshot_every` batches.
    Snapshot {
        epoch: usize,
        batch: usize,
        network: Box<Network>,
    },
    Epoch(EpochStats),
    /// A new lowest validation cost: the parameters now kept (sent before
    /// that epoch's `Epoch` event).
    Improved {
        epoch: usize,
        validation: Metrics,
        network: Box<Network>,
    },
    Finished(Box<TrainSummary>),
}

/// How a run reports and executes; none of this changes its results.
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    /// Progress reports per epoch (0: none).
    pub progress_per_epoch: usize,
    /// Send a weight snapshot every this many batches (0: never).
    pub snapshot_every: usize,
    /// Threads for this run (1 or 2; 0: both cores if there are two).
    pub threads: usize,
    /// Training images the dead-unit count looks at after each epoch (0:
    /// none, as in the sweep's trials).
    pub dead_sample: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            progress_per_epoch: 100,
            snapshot_every: 0,
            threads: 0,
            dead_sample: 2000,
        }
    }
}

/// Passes events to the caller until it stops listening.
pub(super) struct Reporter<'a> {
    on_event: &'a mut dyn FnMut(TrainEvent) -> bool,
    pub listening: bool,
}

impl<'a> Reporter<'a> {
    pub fn new(on_event: &'a mut dyn FnMut(TrainEvent) -> bool) -> Reporter<'a> {
        Reporter {
            on_event,
            listening: true,
        }
    }

    pub fn send(&mut self, event: TrainEvent) {
        self.listening &= (self.on_event)(event);
    }
}
