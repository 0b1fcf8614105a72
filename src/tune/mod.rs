//! The hyperparameter sweep: every (beta1, beta2, learning rate) of a grid,
//! each trained with several seeds, in parallel, resumable, and shardable
//! across machines.
//!
//! A trial's result depends only on its configuration and seed, so the
//! worker count and the order trials finish in change nothing but the wall
//! time. Each worker takes a group of trials that share a seed and trains
//! them together ([`crate::train::train_together`]), each ending exactly as
//! a training run of its own would.

pub mod files;
pub mod merge;
pub mod rows;
pub mod stats;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::config::Config;
use crate::data::Splits;
use crate::hyper::MAX_WORKERS;
use crate::train::{
    RunControl, RunOptions, Settings, SettingsError, Status, TrainSettings, train, train_together,
};

/// One point of the grid.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hyper {
    pub beta1: f32,
    pub beta2: f32,
    pub learning_rate: f32,
    /// The extra axes (0 and false in the original's grid).
    #[serde(default)]
    pub weight_decay: f32,
    #[serde(default)]
    pub augment: bool,
}

/// A grid point's bit pattern, for use as a map key.
pub type HyperBits = [u32; 5];
/// A trial's: its grid point's and its seed.
pub type KeyBits = (HyperBits, u64);

impl Hyper {
    /// A point of the original's grid (no weight decay, no augmentation).
    pub fn adam(beta1: f32, beta2: f32, learning_rate: f32) -> Hyper {
        Hyper {
            beta1,
            beta2,
            learning_rate,
            weight_decay: 0.0,
            augment: false,
        }
    }

    /// Bit pattern, for use as a map key (the values come from one grid).
    pub fn bits(&self) -> HyperBits {
        [
            self.beta1.to_bits(),
            self.beta2.to_bits(),
            self.learning_rate.to_bits(),
            self.weight_decay.to_bits(),
            self.augment as u32,
        ]
    }

    /// The extra axes in words ("wd 0.05, augmented"); empty for the
    /// original's grid.
    pub fn extras(&self) -> String {
        let mut parts = Vec::new();
        if self.weight_decay != 0.0 {
            parts.push(format!("wd {}", self.weight_decay));
        }
        if self.augment {
            parts.push("augmented".to_string());
        }
        parts.join(", ")
    }
}

/// One trial: a grid point and a seed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrialKey {
    pub hyper: Hyper,
    pub seed: u64,
}

impl TrialKey {
    pub fn bits(&self) -> KeyBits {
        (self.hyper.bits(), self.seed)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrialStatus {
    Ok,
    Diverged,
    /// Interrupted by stopping the sweep: not a result, never written to
    /// trials.csv, run again on resume. (Older versions wrote such rows;
    /// reading ignores them.)
    Stopped,
}

impl TrialStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TrialStatus::Ok => "ok",
            TrialStatus::Diverged => "diverged",
            TrialStatus::Stopped => "stopped",
        }
    }

    pub fn parse(s: &str) -> Option<TrialStatus> {
        match s {
            "ok" => Some(TrialStatus::Ok),
            "diverged" => Some(TrialStatus::Diverged),
            "stopped" => Some(TrialStatus::Stopped),
            _ => None,
        }
    }

    /// Whether a resumed sweep can skip this trial.
    pub fn is_final(self) -> bool {
        self != TrialStatus::Stopped
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrialResult {
    pub key: TrialKey,
    pub best_epoch: usize,
    pub epochs_run: usize,
    pub val_cost: f64,
    pub val_accuracy: f64,
    pub test_cost: f64,
    pub test_accuracy: f64,
    pub seconds: f64,
    pub status: TrialStatus,
}

impl TrialResult {
    /// Equal apart from the time taken.
    pub fn same_outcome(&self, other: &TrialResult) -> bool {
        TrialResult {
            seconds: 0.0,
            ..self.clone()
        } == TrialResult {
            seconds: 0.0,
            ..other.clone()
        }
    }
}

/// Everything that decides a sweep's trials and their results. Two runs
/// with the same `Sweep` produce the same results, so it is recorded with
/// them (see [`files`]) and a resumed sweep only reuses matching results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    pub beta1: Vec<f32>,
    pub beta2: Vec<f32>,
    pub learning_rate: Vec<f32>,
    pub seeds: usize,
    pub batch_size: usize,
    pub epsilon: f32,
    pub lr_decay: f32,
    pub patience: usize,
    pub patience_buffer: f32,
    pub max_epochs: usize,
    pub validation_size: usize,
    /// Extra axes; left out of the recorded sweep line when they are the
    /// original's (so its trials.csv files still match).
    #[serde(default = "no_decay", skip_serializing_if = "is_no_decay")]
    pub weight_decay: Vec<f32>,
    #[serde(default = "no_augment", skip_serializing_if = "is_no_augment")]
    pub augment: Vec<bool>,
}

fn no_decay() -> Vec<f32> {
    vec![0.0]
}

fn is_no_decay(v: &[f32]) -> bool {
    v == [0.0]
}

fn no_augment() -> Vec<bool> {
    vec![false]
}

fn is_no_augment(v: &[bool]) -> bool {
    v == [false]
}

impl Sweep {
    /// Whether the grid has axes beyond the original's (trials.csv then
    /// records them in two more columns).
    pub fn has_extras(&self) -> bool {
        !is_no_decay(&self.weight_decay) || !is_no_augment(&self.augment)
    }

    pub fn from_config(c: &Config) -> Sweep {
        let t = &c.tuner;
        Sweep {
            beta1: t.beta1.clone(),
            beta2: t.beta2.clone(),
            learning_rate: t.learning_rate.clone(),
            seeds: t.seeds,
            batch_size: c.batch_size,
            epsilon: c.epsilon,
            lr_decay: t.lr_decay,
            patience: t.patience,
            patience_buffer: c.patience_buffer,
            max_epochs: t.max_epochs,
            validation_size: c.validation_size,
            weight_decay: t.weight_decay.clone(),
            augment: t.augment.clone(),
        }
    }

    /// Grid points in order: weight decay, augmentation, then beta1, beta2
    /// and learning rate (the original's order when there are no extras).
    pub fn configs(&self) -> Vec<Hyper> {
        let mut out = Vec::new();
        for &weight_decay in &self.weight_decay {
            for &augment in &self.augment {
                for &beta1 in &self.beta1 {
                    for &beta2 in &self.beta2 {
                        for &learning_rate in &self.learning_rate {
                            out.push(Hyper {
                                beta1,
                                beta2,
                                learning_rate,
                                weight_decay,
                                augment,
                            });
                        }
                    }
                }
            }
        }
        out
    }

    /// What is wrong with a sweep read from a file, by config.ron's rules
    /// for its tuner section (so its trial list is of a sane size).
    pub fn problem(&self) -> Option<String> {
        let tuner = crate::config::TunerConfig {
            beta1: self.beta1.clone(),
            beta2: self.beta2.clone(),
            learning_rate: self.learning_rate.clone(),
            seeds: self.seeds,
            max_epochs: self.max_epochs,
            patience: self.patience,
            lr_decay: self.lr_decay,
            weight_decay: self.weight_decay.clone(),
            augment: self.augment.clone(),
            workers: 0,
        };
        let mut problems = tuner.field_problems();
        problems.extend(tuner.grid_problem().map(|e| ("tuner", e)));
        problems
            .first()
            .map(|(field, message)| format!("{field}: {message}"))
    }

    /// Every trial, configuration by configuration, seeds 1..=seeds.
    pub fn trials(&self) -> Vec<TrialKey> {
        self.configs()
            .into_iter()
            .flat_map(|hyper| (1..=self.seeds as u64).map(move |seed| TrialKey { hyper, seed }))
            .collect()
    }

    /// The trial's settings, checked against `train_len` training images.
    pub fn settings(&self, key: &TrialKey, train_len: usize) -> Result<Settings, SettingsError> {
        TrainSettings {
            batch_size: self.batch_size,
            learning_rate: key.hyper.learning_rate,
            beta1: key.hyper.beta1,
            beta2: key.hyper.beta2,
            epsilon: self.epsilon,
            lr_decay: self.lr_decay,
            patience: self.patience,
            patience_buffer: self.patience_buffer,
            max_epochs: self.max_epochs,
            validation_size: self.validation_size,
            seed: key.seed,
            weight_decay: key.hyper.weight_decay,
            augment: if key.hyper.augment {
                crate::train::Augment::RECIPE
            } else {
                crate::train::Augment::Off
            },
            // Everything else as the original trained: exponential decay,
            // no warmup, biases at 0, and any option added since at its
            // legacy value.
            ..TrainSettings::legacy()
        }
        .check(train_len)
    }
}

/// `K/N`: the K-th (1-based) of N disjoint slices of the trial list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("`{s}`: a shard is written K/N, e.g. 2/4"))?;
        let parse = |v: &str| {
            v.trim()
                .parse::<usize>()
                .map_err(|_| format!("`{s}`: K and N must be whole numbers"))
        };
        let (index, count) = (parse(k)?, parse(n)?);
        if count == 0 || index == 0 || index > count {
            return Err(format!("`{s}`: need 1 <= K <= N"));
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// This shard's trials: every N-th, starting at the K-th (interleaved,
    /// so shards get similar mixes of fast and slow trials).
    pub fn select(&self, trials: &[TrialKey]) -> Vec<TrialKey> {
        trials
            .iter()
            .enumerate()
            .filter(|(i, _)| i % self.count == self.index - 1)
            .map(|(_, t)| *t)
            .collect()
    }
}

/// Trains one trial on the calling thread.
fn run_trial(
    splits: Splits,
    settings: &Settings,
    key: &TrialKey,
    stop: &AtomicBool,
) -> TrialResult {
    let started = Instant::now();
    let control = RunControl::default();
    let options = RunOptions {
        progress_per_epoch: 0,
        snapshot_every: 0,
        threads: 1,
        dead_sample: 0,
    };
    let summary = train(splits, settings, None, &control, options, &mut |_| {
        !stop.load(Ordering::Relaxed)
    });
    let status = trial_status(summary.status);
    TrialResult {
        key: *key,
        best_epoch: summary.best_epoch,
        epochs_run: summary.epochs_run,
        val_cost: summary.validation.cost,
        val_accuracy: summary.validation.accuracy,
        test_cost: summary.test.cost,
        test_accuracy: summary.test.accuracy,
        seconds: started.elapsed().as_secs_f64(),
        status,
    }
}

/// Trials trained together per worker: configurations of one seed share
/// each batch's pass over the images. Measured on a 2-core machine with
/// `bench --sweep`: 16 ran the default grid at 9.0 trials/s, 8 at 8.4, 32 at
/// 8.7, and one at a time at 6.9.
pub const GROUP: usize = 16;

/// The pending trials in groups of at most `size` that can train together
/// (same seed and augmentation), ordered by their first trial, so that the
/// ranking fills in configuration by configuration as before.
pub fn groups(pending: &[TrialKey], size: usize) -> Vec<Vec<TrialKey>> {
    let mut open: HashMap<(u64, bool), usize> = HashMap::new();
    let mut groups: Vec<Vec<TrialKey>> = Vec::new();
    for key in pending {
        let slot = (key.seed, key.hyper.augment);
        match open.get(&slot) {
            Some(&g) if groups[g].len() < size.max(1) => groups[g].push(*key),
            _ => {
                open.insert(slot, groups.len());
                groups.push(vec![*key]);
            }
        }
    }
    groups
}

/// Trains a group on the calling thread: one trial alone, several together.
/// A trial's `seconds` is its share of the group's time.
fn run_group(
    splits: Splits,
    sweep: &Sweep,
    group: &[TrialKey],
    stop: &AtomicBool,
) -> Vec<TrialResult> {
    let settings: Vec<Settings> = group
        .iter()
        .map(|key| {
            sweep
                .settings(key, splits.train.len())
                .expect("every trial's settings were checked before the sweep began")
        })
        .collect();
    if let ([key], [settings]) = (group, &settings[..]) {
        return vec![run_trial(splits, settings, key, stop)];
    }
    let started = Instant::now();
    let ended = train_together(splits, &settings, stop);
    let seconds = started.elapsed().as_secs_f64() / group.len() as f64;
    group
        .iter()
        .zip(ended)
        .map(|(key, e)| TrialResult {
            key: *key,
            best_epoch: e.best_epoch,
            epochs_run: e.epochs_run,
            val_cost: e.validation.cost,
            val_accuracy: e.validation.accuracy,
            test_cost: e.test.cost,
            test_accuracy: e.test.accuracy,
            seconds,
            status: trial_status(e.status),
        })
        .collect()
}

fn trial_status(status: Status) -> TrialStatus {
    match status {
        Status::Converged | Status::MaxEpochs => TrialStatus::Ok,
        Status::Diverged => TrialStatus::Diverged,
        Status::Stopped => TrialStatus::Stopped,
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum SweepEvent {
    Started {
        /// Trials in this sweep (or shard).
        total: usize,
        /// Already in trials.csv from an earlier run.
        done: usize,
        workers: usize,
        /// E.g. that an old trials.csv from another sweep was set aside.
        message: Option<String>,
    },
    TrialStarted {
        key: TrialKey,
        worker: usize,
    },
    TrialDone(TrialResult),
    /// Results loaded from trials.csv at the start, for displays.
    Resumed(Vec<TrialResult>),
    Finished {
        stopped: bool,
    },
}

#[derive(Debug, Error)]
pub enum TuneError {
    #[error("{}: {detail}", crate::fmt::shown(path))]
    File {
        path: std::path::PathBuf,
        detail: String,
    },
    /// trials.csv unreadable: missing, not a regular file, too large, not text.
    #[error(transparent)]
    Input(#[from] crate::files::InputError),
    /// A bad line in trials.csv; `column` counts characters from 1.
    #[error("{}:{line}:{column}: {field}: {message}", crate::fmt::shown(path))]
    Row {
        path: std::path::PathBuf,
        line: usize,
        column: usize,
        field: &'static str,
        message: String,
    },
    #[error("{0}")]
    Merge(String),
    #[error("tuner: {0}")]
    Settings(#[from] SettingsError),
}

/// Worker threads for `workers` (0: one per core), at most
/// [`MAX_WORKERS`]: each is an OS thread.
pub fn worker_count(workers: usize) -> usize {
    match workers {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .min(MAX_WORKERS)
}

/// Runs the sweep's trials not yet in `dir`/trials.csv (only `shard`'s, if
/// given), appending each result as it finishes; cost_by_hyperparameter.csv
/// is rewritten every few seconds and at the end. Stops early when `stop`
/// is set or `on_event` returns false; trials cut short are not recorded
/// (they run again on resume).
pub fn run_sweep(
    splits: Splits,
    sweep: &Sweep,
    dir: &Path,
    shard: Option<Shard>,
    workers: usize,
    stop: &AtomicBool,
    on_event: &mut dyn FnMut(SweepEvent) -> bool,
) -> Result<Vec<TrialResult>, TuneError> {
    let plan = Plan {
        shard,
        workers,
        group: GROUP,
        first: None,
    };
    run_planned(splits, sweep, dir, &plan, stop, on_event)
}

/// How a sweep's trials are run; none of it changes a result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    pub shard: Option<Shard>,
    /// Worker threads (0: one per core).
    pub workers: usize,
    /// Trials trained together (1: each on its own, as `train` runs it).
    pub group: usize,
    /// Only the first this many trials of the grid (for benchmarks).
    pub first: Option<usize>,
}

/// [`run_sweep`] as `plan` says.
pub fn run_planned(
    splits: Splits,
    sweep: &Sweep,
    dir: &Path,
    plan: &Plan,
    stop: &AtomicBool,
    on_event: &mut dyn FnMut(SweepEvent) -> bool,
) -> Result<Vec<TrialResult>, TuneError> {
    let Plan {
        shard,
        workers,
        group,
        first,
    } = *plan;
    let mut all = sweep.trials();
    all.truncate(first.unwrap_or(usize::MAX));
    // Every trial's settings, checked before anything is written.
    for key in &all {
        sweep.settings(key, splits.train.len())?;
    }
    let mut log = files::TrialLog::open(dir, sweep)?;
    let mine = match shard {
        Some(s) => s.select(&all),
        None => all,
    };
    let finished: std::collections::HashSet<_> = log
        .results
        .iter()
        .filter(|r| r.status.is_final())
        .map(|r| r.key.bits())
        .collect();
    let pending: Vec<TrialKey> = mine
        .iter()
        .filter(|k| !finished.contains(&k.bits()))
        .copied()
        .collect();
    let groups = groups(&pending, group);
    // No more threads than groups to run.
    let workers = worker_count(workers).min(groups.len());
    let mut listening = on_event(SweepEvent::Started {
        total: mine.len(),
        done: mine.len() - pending.len(),
        workers,
        message: log.message.take(),
    });
    listening = listening && on_event(SweepEvent::Resumed(log.results.clone()));
    if !listening {
        // Nobody to report to (e.g. the output was closed): train nothing.
        stop.store(true, Ordering::Relaxed);
    }

    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<SweepEvent>();
    let outcome = std::thread::scope(|s| {
        for worker in 0..workers {
            let (tx, next, groups) = (tx.clone(), &next, &groups);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(group) = groups.get(i) else { return };
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    for key in group {
                        if tx
                            .send(SweepEvent::TrialStarted { key: *key, worker })
                            .is_err()
                        {
                            return;
                        }
                    }
                    for result in run_group(splits, sweep, group, stop) {
                        if tx.send(SweepEvent::TrialDone(result)).is_err() {
                            return;
                        }
                    }
                }
            });
        }
        drop(tx);
        let mut failure = None;
        for event in rx {
            if let SweepEvent::TrialDone(r) = &event
                && r.status.is_final()
                && failure.is_none()
                && let Err(e) = log.append(sweep, r)
            {
                // Keep going only if results can be kept.
                failure = Some(e);
                stop.store(true, Ordering::Relaxed);
            }
            if listening && !on_event(event) {
                listening = false;
                stop.store(true, Ordering::Relaxed);
            }
        }
        failure.map_or(Ok(()), Err)
    });
    // The result file is current even when appending failed.
    let finished = log.finish(sweep);
    outcome?;
    finished?;
    let stopped = stop.load(Ordering::Relaxed);
    on_event(SweepEvent::Finished { stopped });
    Ok(log.results)
}

#[cfg(test)]
mod mutation_tests;
#[cfg(test)]
mod sweep_tests;

/// A trial result of the original's optimum, for tests.
#[cfg(test)]
pub(crate) fn sample_result(seed: u64, cost: f64, status: TrialStatus) -> TrialResult {
    TrialResult {
        key: TrialKey {
            hyper: Hyper::adam(0.93, 0.997, 0.0003),
            seed,
        },
        best_epoch: 5,
        epochs_run: 6,
        val_cost: cost,
        val_accuracy: 0.9511,
        test_cost: 0.224,
        test_accuracy: 0.9481,
        seconds: 1.25,
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_grid_is_150_configurations_and_1500_trials() {
        let sweep = Sweep::from_config(&Config::default());
        assert_eq!(sweep.configs().len(), 150);
        let trials = sweep.trials();
        assert_eq!(trials.len(), 1500);
        let unique: std::collections::HashSet<_> = trials.iter().map(|t| t.bits()).collect();
        assert_eq!(unique.len(), 1500);
        assert_eq!(trials[0].hyper, Hyper::adam(0.85, 0.991, 0.0001));
        assert_eq!(
            (trials[0].seed, trials[9].seed, trials[10].seed),
            (1, 10, 1)
        );
    }

    #[test]
    fn shards_partition_the_trials() {
        let trials = Sweep::from_config(&Config::default()).trials();
        let n = 7;
        let mut seen = std::collections::HashMap::new();
        for k in 1..=n {
            let shard: Shard = format!("{k}/{n}").parse().unwrap();
            for t in shard.select(&trials) {
                *seen.entry(t.bits()).or_insert(0) += 1;
            }
        }
        assert_eq!(seen.len(), trials.len(), "complete");
        assert!(seen.values().all(|&c| c == 1), "disjoint");
        for bad in ["0/3", "4/3", "1/0", "x/2", "3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
