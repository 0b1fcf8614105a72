//! A run in progress: each epoch's batches paced, stepped and checked for
//! divergence, progress reports and weight snapshots at the chosen cadence,
//! and the summary at the end.

use std::time::{Duration, Instant};

use super::events::Reporter;
use super::pacing::{Mark, Pacer};
use super::schedule::Schedule;
use super::{
    BatchProgress, EarlyStopping, EpochStats, RunControl, RunOptions, Settings, Status, TrainEvent,
    TrainSummary,
};
use crate::adam::Adam;
use crate::data::{Split, Splits};
use crate::eval::{Metrics, evaluate};
use crate::network::{Network, step};

/// A run in progress: its data, settings, pace and listener.
pub(super) struct Run<'a> {
    splits: Splits<'a>,
    settings: &'a Settings,
    options: RunOptions,
    pacer: Pacer<'a>,
    pub report: Reporter<'a>,
    batches: usize,
    /// Batches between progress reports.
    report_every: usize,
    schedule: Schedule,
}

/// One epoch's training, before validation.
pub(super) struct Trained {
    epoch: usize,
    cost_sum: f64,
    examples: usize,
    /// The batches', plus making the epoch's augmented images.
    time: Duration,
    /// At the epoch's last step.
    learning_rate: f32,
}

impl Trained {
    /// Counts time spent preparing the epoch (augmenting) as training time.
    pub fn add_time(&mut self, seconds: f64) {
        self.time += Duration::from_secs_f64(seconds);
    }
}

impl<'a> Run<'a> {
    /// Sends `Started` and returns the run.
    pub fn start(
        splits: Splits<'a>,
        settings: &'a Settings,
        control: &'a RunControl,
        options: RunOptions,
        on_event: &'a mut dyn FnMut(TrainEvent) -> bool,
    ) -> Run<'a> {
        let batches = splits.train.len().div_ceil(settings.batch_size);
        let mut run = Run {
            splits,
            settings,
            options,
            pacer: Pacer::new(control),
            report: Reporter::new(on_event),
            batches,
            report_every: match options.progress_per_epoch {
                0 => usize::MAX,
                per => (batches / per).max(1),
            },
            schedule: settings.schedule(batches),
        };
        run.report.send(TrainEvent::Started {
            seed: settings.seed,
            train: splits.train.len(),
            validation: splits.validation.len(),
            test: splits.test.len(),
            batches_per_epoch: batches,
        });
        run
    }

    pub fn threads(&self) -> usize {
        match self.options.threads {
            0 => step::default_threads(),
            t => t,
        }
    }

    /// Trains on the batches of `order` (indices into `images`); Err with
    /// the status if the run stops or diverges on the way.
    pub fn batches(
        &mut self,
        epoch: usize,
        images: Split,
        order: &[u32],
        net: &mut Network,
        adam: &mut Adam,
    ) -> Result<Trained, Status> {
        let (threads, scale, batch_size) =
            (self.threads(), net.input_scale, self.settings.batch_size);
        step::with_stepper(threads, images, scale, batch_size, |stepper| {
            self.batches_on(stepper, epoch, order, net, adam)
        })
    }

    fn batches_on(
        &mut self,
        stepper: &mut step::Stepper,
        epoch: usize,
        order: &[u32],
        net: &mut Network,
        adam: &mut Adam,
    ) -> Result<Trained, Status> {
        let start = self.pacer.mark();
        let first_step = (epoch - 1) * self.batches;
        let batch_list: Vec<&[u32]> = order.chunks(self.settings.batch_size).collect();
        let mut cost_sum = 0.0f64;
        let mut window = (0.0f64, 0usize);
        for (b, &batch) in batch_list.iter().enumerate() {
            if !self.pacer.before_batch(self.batches) || !self.report.listening {
                return Err(Status::Stopped);
            }
            let next = batch_list.get(b + 1).copied().unwrap_or_default();
            adam.settings.learning_rate = self.schedule.rate(first_step + b);
            let cost = stepper.step(net, adam, batch, next);
            if !cost.is_finite() {
                return Err(Status::Diverged);
            }
            cost_sum += cost * batch.len() as f64;
            window = (window.0 + cost, window.1 + 1);
            let done = b + 1;
            if done % self.report_every == 0 || done == self.batches {
                self.progress(epoch, done, start, window);
                window = (0.0, 0);
            }
            if self.options.snapshot_every > 0 && done % self.options.snapshot_every == 0 {
                self.report.send(TrainEvent::Snapshot {
                    epoch,
                    batch: done,
                    network: Box::new(net.clone()),
                });
            }
        }
        Ok(Trained {
            epoch,
            cost_sum,
            examples: order.len(),
            time: self.pacer.since(start),
            learning_rate: adam.settings.learning_rate,
        })
    }

    /// Hidden units that never fire on the first training images (none
    /// counted when the options ask for no sample).
    pub fn dead_units(&self, net: &Network) -> [usize; 2] {
        match self.options.dead_sample {
            0 => [0; 2],
            n => crate::eval::dead_units(net, self.splits.train.head(n)),
        }
    }

    fn progress(&mut self, epoch: usize, done: usize, start: Mark, (sum, count): (f64, usize)) {
        let elapsed = self.pacer.since(start);
        let examples = (done * self.settings.batch_size).min(self.splits.train.len());
        self.report.send(TrainEvent::Progress(BatchProgress {
            epoch,
            batches_done: done,
            batches: self.batches,
            cost: sum / count as f64,
            examples_per_s: examples as f64 / elapsed.as_secs_f64().max(1e-9),
            elapsed,
        }));
    }

    /// Runs `f`, returning its result and the seconds it took.
    pub fn timed<T>(&self, f: impl FnOnce() -> T) -> (T, f64) {
        let t = Instant::now();
        let value = f();
        (value, t.elapsed().as_secs_f64())
    }

    pub fn improved(&mut self, epoch: usize, validation: Metrics, net: &Network) {
        self.report.send(TrainEvent::Improved {
            epoch,
            validation,
            network: Box::new(net.clone()),
        });
    }

    /// Evaluates the kept `network` and sends the summary.
    pub fn finish(
        mut self,
        status: Status,
        best_epoch: usize,
        network: Network,
        history: Vec<EpochStats>,
    ) -> TrainSummary {
        let summary = TrainSummary {
            status,
            settings: self.settings.unchecked().clone(),
            best_epoch,
            epochs_run: history.len(),
            validation: evaluate(&network, self.splits.validation),
            test: evaluate(&network, self.splits.test),
            network,
            seconds: self.pacer.total().as_secs_f64(),
            wall_seconds: self.pacer.wall().as_secs_f64(),
            history,
        };
        self.report
            .send(TrainEvent::Finished(Box::new(summary.clone())));
        summary
    }
}

impl Trained {
    /// The epoch's figures once validated.
    pub fn stats(
        &self,
        validation: Metrics,
        validation_seconds: f64,
        dead_units: [usize; 2],
        stopping: &EarlyStopping,
    ) -> EpochStats {
        EpochStats {
            epoch: self.epoch,
            train_cost: self.cost_sum / self.examples as f64,
            validation,
            train_seconds: self.time.as_secs_f64(),
            validation_seconds,
            examples_per_s: self.examples as f64 / self.time.as_secs_f64().max(1e-9),
            learning_rate: self.learning_rate,
            dead_units,
            best_epoch: stopping.best_epoch(),
            best_validation_cost: stopping.best_cost(),
            epochs_without_improvement: stopping.since_improvement(),
        }
    }
}
