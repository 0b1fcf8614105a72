//! The training loop: seeded shuffling, mini-batches with Adam, validation
//! each epoch, early stopping on validation cost, progress as events.
//!
//! Knows nothing about terminals: callers get [`TrainEvent`]s through a
//! callback (returning `false` stops the run, e.g. when a channel's receiver
//! is gone) and can stop or pause through [`RunControl`].

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::adam::{Adam, AdamSettings};
use crate::config::Config;
use crate::data::Splits;
use crate::eval::{Metrics, evaluate};
use crate::network::{Network, PARAM_COUNT, step};

/// The hyperparameters of one run; recorded in saved models.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainSettings {
    pub batch_size: usize,
    pub learning_rate: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub epsilon: f32,
    pub lr_decay: f32,
    pub patience: usize,
    pub patience_buffer: f32,
    pub max_epochs: usize,
    pub validation_size: usize,
    pub seed: u64,
}

impl TrainSettings {
    pub fn from_config(c: &Config, seed: u64) -> TrainSettings {
        TrainSettings {
            batch_size: c.batch_size,
            learning_rate: c.learning_rate,
            beta1: c.beta1,
            beta2: c.beta2,
            epsilon: c.epsilon,
            lr_decay: c.lr_decay,
            patience: c.patience,
            patience_buffer: c.patience_buffer,
            max_epochs: c.max_epochs,
            validation_size: c.validation_size,
            seed,
        }
    }

    fn adam(&self) -> AdamSettings {
        AdamSettings {
            learning_rate: self.learning_rate,
            beta1: self.beta1,
            beta2: self.beta2,
            epsilon: self.epsilon,
        }
    }
}

/// Flags a caller flips to stop, pause or slow down a run; checked between
/// batches.
#[derive(Clone, Debug, Default)]
pub struct RunControl {
    pub stop: Arc<AtomicBool>,
    pub pause: Arc<AtomicBool>,
    /// Slow motion: stretch each epoch to about this many milliseconds so
    /// people can watch (0: full speed). Like pauses, the wait is not counted
    /// in the run's timings.
    pub slow_epoch_ms: Arc<AtomicU64>,
}

impl RunControl {
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

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
    pub learning_rate: f32,
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
    pub seconds: f64,
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
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            progress_per_epoch: 100,
            snapshot_every: 0,
            threads: 0,
        }
    }
}

/// Trains from `start` (or a fresh He initialisation drawn from the seed),
/// keeping the parameters of the lowest validation cost.
pub fn train(
    splits: Splits,
    settings: &TrainSettings,
    start: Option<Network>,
    control: &RunControl,
    options: RunOptions,
    on_event: &mut dyn FnMut(TrainEvent) -> bool,
) -> TrainSummary {
    let began = Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    let mut net = start.unwrap_or_else(|| Network::he_init(&mut rng));
    let n = splits.train.len();
    let batch_size = settings.batch_size.clamp(1, n.max(1));
    let batches = n.div_ceil(batch_size);
    let report_every = match options.progress_per_epoch {
        0 => usize::MAX,
        per => (batches / per).max(1),
    };
    let mut adam = Adam::new(settings.adam(), PARAM_COUNT);
    let mut order: Vec<u32> = (0..n as u32).collect();

    let mut listening = on_event(TrainEvent::Started {
        seed: settings.seed,
        train: n,
        validation: splits.validation.len(),
        test: splits.test.len(),
        batches_per_epoch: batches,
    });
    let mut history: Vec<EpochStats> = Vec::new();
    let mut best: Option<(usize, f64, crate::network::Params)> = None;
    let mut since_improvement = 0;
    let mut status = Status::MaxEpochs;
    let mut paused_total = Duration::ZERO;

    let threads = match options.threads {
        0 => step::default_threads(),
        t => t,
    };
    step::with_stepper(
        threads,
        splits.train,
        net.input_scale,
        batch_size,
        |stepper| {
            'epochs: for epoch in 1..=settings.max_epochs {
                adam.settings.learning_rate =
                    settings.learning_rate * settings.lr_decay.powi(epoch as i32 - 1);
                order.shuffle(&mut rng);
                let epoch_start = Instant::now();
                let paused_before = paused_total;
                let mut cost_sum = 0.0f64;
                let (mut window_sum, mut window_batches) = (0.0f64, 0usize);
                let batch_list: Vec<&[u32]> = order.chunks(batch_size).collect();
                for (b, &batch) in batch_list.iter().enumerate() {
                    if control.pause.load(Ordering::Relaxed) {
                        let t = Instant::now();
                        while control.pause.load(Ordering::Relaxed) && !control.stopped() {
                            std::thread::sleep(Duration::from_millis(20));
                        }
                        paused_total += t.elapsed();
                    }
                    let slow = control.slow_epoch_ms.load(Ordering::Relaxed);
                    if slow > 0 {
                        let t = Instant::now();
                        std::thread::sleep(Duration::from_micros(slow * 1000 / batches as u64));
                        paused_total += t.elapsed();
                    }
                    if !listening || control.stopped() {
                        status = Status::Stopped;
                        break 'epochs;
                    }
                    let next = batch_list.get(b + 1).copied().unwrap_or_default();
                    let cost = stepper.step(&mut net, &mut adam, batch, next);
                    if !cost.is_finite() {
                        status = Status::Diverged;
                        break 'epochs;
                    }
                    cost_sum += cost * batch.len() as f64;
                    window_sum += cost;
                    window_batches += 1;
                    let done = b + 1;
                    if done % report_every == 0 || done == batches {
                        let elapsed = epoch_start
                            .elapsed()
                            .saturating_sub(paused_total - paused_before);
                        let examples = (done * batch_size).min(n);
                        listening &= on_event(TrainEvent::Progress(BatchProgress {
                            epoch,
                            batches_done: done,
                            batches,
                            cost: window_sum / window_batches as f64,
                            examples_per_s: examples as f64 / elapsed.as_secs_f64().max(1e-9),
                            elapsed,
                        }));
                        (window_sum, window_batches) = (0.0, 0);
                    }
                    if options.snapshot_every > 0 && done % options.snapshot_every == 0 {
                        listening &= on_event(TrainEvent::Snapshot {
                            epoch,
                            batch: done,
                            network: Box::new(net.clone()),
                        });
                    }
                }
                let train_time = epoch_start
                    .elapsed()
                    .saturating_sub(paused_total - paused_before);
                let val_start = Instant::now();
                let validation = evaluate(&net, splits.validation);
                let validation_seconds = val_start.elapsed().as_secs_f64();
                if !validation.cost.is_finite() {
                    status = Status::Diverged;
                    break;
                }
                let best_cost = best.as_ref().map_or(f64::INFINITY, |b| b.1);
                if validation.cost < best_cost - settings.patience_buffer as f64 {
                    since_improvement = 0;
                } else {
                    since_improvement += 1;
                }
                if validation.cost < best_cost {
                    best = Some((epoch, validation.cost, net.params.clone()));
                    listening &= on_event(TrainEvent::Improved {
                        epoch,
                        validation,
                        network: Box::new(net.clone()),
                    });
                }
                let (best_epoch, best_validation_cost) =
                    best.as_ref().map_or((0, f64::INFINITY), |b| (b.0, b.1));
                let stats = EpochStats {
                    epoch,
                    train_cost: cost_sum / n as f64,
                    validation,
                    train_seconds: train_time.as_secs_f64(),
                    validation_seconds,
                    examples_per_s: n as f64 / train_time.as_secs_f64().max(1e-9),
                    learning_rate: adam.settings.learning_rate,
                    best_epoch,
                    best_validation_cost,
                    epochs_without_improvement: since_improvement,
                };
                history.push(stats.clone());
                listening &= on_event(TrainEvent::Epoch(stats));
                if since_improvement >= settings.patience {
                    status = Status::Converged;
                    break;
                }
            }
        },
    );

    let (best_epoch, network) = match best {
        Some((epoch, _, params)) => (
            epoch,
            Network {
                params,
                input_scale: net.input_scale,
            },
        ),
        None => (0, net),
    };
    let summary = TrainSummary {
        status,
        settings: settings.clone(),
        best_epoch,
        epochs_run: history.len(),
        validation: evaluate(&network, splits.validation),
        test: evaluate(&network, splits.test),
        network,
        seconds: began.elapsed().saturating_sub(paused_total).as_secs_f64(),
        history,
    };
    on_event(TrainEvent::Finished(Box::new(summary.clone())));
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Images, Mnist};

    use crate::test_data::synthetic;

    fn settings(seed: u64) -> TrainSettings {
        TrainSettings {
            batch_size: 16,
            learning_rate: 0.01,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            lr_decay: 1.0,
            patience: 100,
            patience_buffer: 0.0,
            max_epochs: 2,
            validation_size: 0,
            seed,
        }
    }

    fn splits(train: &Images) -> Splits<'_> {
        Splits {
            train: train.range(0, 200),
            validation: train.range(200, 300),
            test: train.range(300, 400),
        }
    }

    fn quiet(_: TrainEvent) -> bool {
        true
    }

    #[test]
    fn same_seed_gives_bit_identical_weights() {
        let images = synthetic(400, 1);
        let run = |seed| {
            train(
                splits(&images),
                &settings(seed),
                None,
                &RunControl::default(),
                RunOptions::default(),
                &mut quiet,
            )
        };
        let (a, b, c) = (run(11), run(11), run(12));
        assert_eq!(a.epochs_run, 2);
        let bits = |s: &TrainSummary| {
            s.network
                .params
                .iter()
                .map(|p| p.to_bits())
                .collect::<Vec<_>>()
        };
        assert_eq!(bits(&a), bits(&b));
        assert_ne!(bits(&a), bits(&c));
    }

    /// The straightforward path: the ndarray reference gradient and a plain
    /// Adam step per batch, with the same shuffling.
    fn straightforward_epoch(images: &Images, st: &TrainSettings) -> Vec<f32> {
        let s = splits(images);
        let mut rng = ChaCha8Rng::seed_from_u64(st.seed);
        let mut net = Network::he_init(&mut rng);
        let mut adam = Adam::new(st.adam(), PARAM_COUNT);
        let mut order: Vec<u32> = (0..s.train.len() as u32).collect();
        order.shuffle(&mut rng);
        let mut grad = vec![0.0; PARAM_COUNT];
        for batch in order.chunks(st.batch_size) {
            crate::network::reference::loss_and_gradient(&net, s.train, batch, &mut grad);
            adam.step(&mut net.params, &grad);
        }
        net.params.to_vec()
    }

    #[test]
    fn optimised_training_equals_straightforward_path_bit_for_bit() {
        let images = synthetic(400, 12);
        let mut st = settings(13);
        st.max_epochs = 1;
        st.batch_size = 7; // ragged last batch, odd halves for two threads
        let want = straightforward_epoch(&images, &st);
        for threads in [1, 2] {
            let options = RunOptions {
                threads,
                ..RunOptions::default()
            };
            let got = train(
                splits(&images),
                &st,
                None,
                &RunControl::default(),
                options,
                &mut quiet,
            );
            let differing = want
                .iter()
                .zip(got.network.params.iter())
                .filter(|(a, b)| a.to_bits() != b.to_bits())
                .count();
            assert_eq!(
                differing, 0,
                "{threads} threads: {differing} weights differ"
            );
        }
    }

    #[test]
    fn overfits_64_examples() {
        let images = synthetic(64, 2);
        assert_memorises(images.all(), 3, 200);
    }

    /// Trains on `split` alone (it is also the validation set) and checks
    /// that the network ends up right about every example.
    fn assert_memorises(split: crate::data::Split, seed: u64, max_epochs: usize) {
        let s = Splits {
            train: split,
            validation: split,
            test: split,
        };
        let mut st = settings(seed);
        st.max_epochs = max_epochs;
        st.batch_size = 8;
        st.learning_rate = 0.005;
        let summary = train(
            s,
            &st,
            None,
            &RunControl::default(),
            RunOptions::default(),
            &mut quiet,
        );
        assert_eq!(summary.validation.accuracy, 1.0, "{:?}", summary.validation);
    }

    #[test]
    #[ignore = "needs MNIST_DIR"]
    fn overfits_64_real_digits() {
        let dir = std::env::var("MNIST_DIR").expect("MNIST_DIR must point at MNIST for this test");
        let m = Mnist::load(std::path::Path::new(&dir)).unwrap();
        assert_memorises(m.train.range(0, 64), 4, 300);
    }

    #[test]
    fn early_stopping_keeps_the_best_epoch() {
        let images = synthetic(400, 4);
        let mut st = settings(5);
        st.max_epochs = 60;
        st.patience = 3;
        st.learning_rate = 0.05;
        let summary = train(
            splits(&images),
            &st,
            None,
            &RunControl::default(),
            RunOptions::default(),
            &mut quiet,
        );
        assert_eq!(
            summary.status,
            Status::Converged,
            "{:?}",
            summary.history.len()
        );
        let best = summary
            .history
            .iter()
            .min_by(|a, b| a.validation.cost.total_cmp(&b.validation.cost))
            .unwrap();
        assert_eq!(summary.best_epoch, best.epoch);
        assert_eq!(
            summary.validation, best.validation,
            "the kept parameters are the best epoch's"
        );
        let last = summary.history.last().unwrap();
        assert_eq!(last.epochs_without_improvement, 3);
        assert!(summary.epochs_run < 60);
    }

    #[test]
    fn huge_learning_rate_diverges_cleanly() {
        let images = synthetic(400, 6);
        let mut st = settings(7);
        st.learning_rate = 1e30;
        st.max_epochs = 5;
        let summary = train(
            splits(&images),
            &st,
            None,
            &RunControl::default(),
            RunOptions::default(),
            &mut quiet,
        );
        assert_eq!(summary.status, Status::Diverged);
    }

    #[test]
    fn stop_flag_and_closed_receiver_stop_the_run() {
        let images = synthetic(400, 8);
        let control = RunControl::default();
        let mut st = settings(9);
        st.max_epochs = 50;
        let mut epochs = 0;
        let summary = train(
            splits(&images),
            &st,
            None,
            &control,
            RunOptions::default(),
            &mut |e| {
                if let TrainEvent::Epoch(_) = e {
                    epochs += 1;
                    if epochs == 2 {
                        control.stop.store(true, Ordering::Relaxed);
                    }
                }
                true
            },
        );
        assert_eq!(summary.status, Status::Stopped);
        assert_eq!(summary.epochs_run, 2);
        let summary = train(
            splits(&images),
            &st,
            None,
            &RunControl::default(),
            RunOptions::default(),
            &mut |e| !matches!(e, TrainEvent::Epoch(_)),
        );
        assert_eq!((summary.status, summary.epochs_run), (Status::Stopped, 1));
    }

    #[test]
    fn events_arrive_in_order() {
        let images = synthetic(400, 10);
        let mut events = Vec::new();
        let reporting = RunOptions {
            progress_per_epoch: 4,
            snapshot_every: 5,
            threads: 1,
        };
        train(
            splits(&images),
            &settings(1),
            None,
            &RunControl::default(),
            reporting,
            &mut |e| {
                events.push(e);
                true
            },
        );
        assert!(matches!(
            events[0],
            TrainEvent::Started {
                batches_per_epoch: 13,
                train: 200,
                ..
            }
        ));
        let progress = events
            .iter()
            .filter(|e| matches!(e, TrainEvent::Progress(_)))
            .count();
        assert_eq!(progress, 2 * 5, "every 3 batches plus the last, twice");
        let snapshots = events
            .iter()
            .filter(|e| matches!(e, TrainEvent::Snapshot { .. }))
            .count();
        assert_eq!(snapshots, 4);
        assert!(matches!(events.last(), Some(TrainEvent::Finished(_))));
    }

    /// Real MNIST; run by .ci/run with MNIST_DIR set.
    #[test]
    #[ignore = "needs MNIST_DIR"]
    fn one_epoch_on_real_mnist_learns() {
        let dir = std::env::var("MNIST_DIR").expect("MNIST_DIR must point at MNIST for this test");
        let m = Mnist::load(std::path::Path::new(&dir)).unwrap();
        let s = m.splits(10_000).unwrap();
        let mut st = settings(1);
        st.batch_size = 32;
        st.learning_rate = 0.001;
        st.max_epochs = 1;
        let summary = train(
            s,
            &st,
            None,
            &RunControl::default(),
            RunOptions::default(),
            &mut quiet,
        );
        assert!(
            summary.validation.accuracy > 0.88,
            "{:?}",
            summary.validation
        );
    }
}
