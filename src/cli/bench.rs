//! `mnist-tui bench`: epoch timing in the same form as
//! scripts/numpy_reference.py, for side-by-side comparison.
//!
//! Same protocol as the reference: train on the first 50,000 training
//! images, validate on the last 10,000, fixed epochs (no early stopping),
//! lr 1e-3, betas 0.9/0.999, data already in memory; only the batch loop is
//! timed.

use std::io::Write;

use super::Places;
use crate::Error;
use crate::train::{RunControl, RunOptions, SettingsError, TrainEvent, TrainSettings, train};

#[derive(Clone, Debug, clap::Args)]
pub struct BenchArgs {
    /// Examples per batch.
    #[arg(long, default_value_t = 32)]
    pub batch: usize,
    /// Epochs to train (all are timed; the median is reported).
    #[arg(long, default_value_t = 5)]
    pub epochs: usize,
    /// Threads for the training run (1 or 2; 0 = both cores if there are two).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Seed for initialisation and shuffling.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Time epochs with the default recipe's augmentation (new rotated,
    /// scaled, shifted images each epoch) instead of the reference's
    /// plain images.
    #[arg(long)]
    pub augment: bool,
    /// Time the first TRIALS trials of config.ron's tuner grid instead
    /// of training epochs (prints trials per second).
    #[arg(long, value_name = "TRIALS")]
    pub sweep: Option<usize>,
    /// With --sweep: trials trained together per worker (1: one at a
    /// time; 0: the tuner's default).
    #[arg(long, default_value_t = 0)]
    pub group: usize,
    /// With --sweep: worker threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    pub workers: usize,
}

pub fn bench(
    places: &Places,
    args: &BenchArgs,
    out: &mut dyn Write,
    log: &mut dyn Write,
) -> Result<(), Error> {
    if args.threads > 2 {
        return Err(Error::Usage(format!(
            "--threads {}: a run uses at most 2 threads (0 = both cores if there are two)",
            args.threads
        )));
    }
    let config = super::load_config(places, log)?;
    let data = super::load_data(places, &config, log)?;
    if let Some(trials) = args.sweep {
        return bench_sweep(&config, &data, trials, args, out);
    }
    let splits = data.splits(10_000)?;
    let settings = bench_settings(args)
        .check(splits.train.len())
        .map_err(flag_error)?;
    let threads = match args.threads {
        0 => crate::network::step::default_threads(),
        t => t,
    };
    writeln!(
        out,
        "bench: {} train / {} validation images, batch {}, {}, {}, {}{}",
        splits.train.len(),
        splits.validation.len(),
        args.batch,
        super::plural(args.epochs, "epoch"),
        super::plural(threads, "thread"),
        crate::simd::Isa::detect().name(),
        if args.augment { ", augmented" } else { "" }
    )?;
    let mut times = Vec::new();
    let mut write_err = None;
    let control = RunControl::default();
    let options = RunOptions {
        progress_per_epoch: 0,
        snapshot_every: 0,
        threads,
        dead_sample: 0,
    };
    // The summary's metrics are the best epoch's; the reference reports the last.
    let mut last_val = 0.0;
    let summary = train(splits, &settings, None, &control, options, &mut |e| {
        if let TrainEvent::Epoch(s) = e {
            times.push(s.train_seconds);
            last_val = s.validation.accuracy;
            if let Err(e) = writeln!(
                out,
                "epoch {} {:.4}s val_acc={:.4} val_cost={:.4}",
                s.epoch, s.train_seconds, s.validation.accuracy, s.validation.cost
            ) {
                write_err = Some(e);
                return false;
            }
        }
        true
    });
    if let Some(e) = write_err {
        return Err(e.into());
    }
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    // test_* are for the kept (lowest validation cost) epoch's weights, what
    // training would save; the reference reports its last epoch's.
    writeln!(
        out,
        "RESULT epoch_s_median={median:.4} examples_per_s={:.0} val_acc={last_val:.4} test_acc={:.4} test_cost={:.4}",
        splits.train.len() as f64 / median,
        summary.test.accuracy,
        summary.test.cost
    )?;
    Ok(())
}

/// Runs the first `trials` trials of the tuner's grid in a scratch folder
/// and prints the rate: the sweep's speed, apart from reading and writing
/// its files.
fn bench_sweep(
    config: &crate::config::Config,
    data: &crate::data::Mnist,
    trials: usize,
    args: &BenchArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    use crate::tune::{GROUP, Plan, Sweep, TrialStatus, run_planned};
    let splits = data.splits(config.validation_size)?;
    let sweep = Sweep::from_config(config);
    let plan = Plan {
        shard: None,
        workers: args.workers,
        group: if args.group == 0 { GROUP } else { args.group },
        first: Some(trials.max(1)),
    };
    let dir = std::env::temp_dir().join(format!("mnist-tui-bench-{}", std::process::id()));
    writeln!(
        out,
        "bench: the first {} trials of the tuner grid, {} at a time per worker, {}",
        trials.max(1),
        plan.group,
        super::plural(crate::tune::worker_count(args.workers), "worker"),
    )?;
    let stop = std::sync::atomic::AtomicBool::new(false);
    let started = std::time::Instant::now();
    let results = run_planned(splits, &sweep, &dir, &plan, &stop, &mut |_| true);
    let seconds = started.elapsed().as_secs_f64();
    // The scratch folder goes whatever happened; an error removing it is not the result.
    let _ = std::fs::remove_dir_all(&dir);
    let results = results?;
    let done = results
        .iter()
        .filter(|r| r.status == TrialStatus::Ok)
        .count();
    writeln!(
        out,
        "RESULT trials={done} seconds={seconds:.2} trials_per_s={:.2}",
        done as f64 / seconds
    )?;
    Ok(())
}

/// The reference's protocol: lr 1e-3, betas 0.9/0.999, no decay, no early
/// stopping.
fn bench_settings(args: &BenchArgs) -> TrainSettings {
    TrainSettings {
        batch_size: args.batch,
        learning_rate: 1e-3,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-8,
        lr_decay: 1.0,
        patience: usize::MAX,
        patience_buffer: 0.0,
        max_epochs: args.epochs,
        validation_size: 10_000,
        seed: args.seed,
        lr_schedule: crate::train::LrSchedule::Constant,
        augment: if args.augment {
            crate::train::Augment::RECIPE
        } else {
            crate::train::Augment::Off
        },
        // Anything else as the original trained (plain Adam).
        ..TrainSettings::legacy()
    }
}

/// A settings error in terms of bench's flags.
fn flag_error(e: SettingsError) -> Error {
    let flag = match e.field {
        "batch_size" => "--batch",
        "max_epochs" => "--epochs",
        other => other,
    };
    Error::Usage(format!("{flag}: {}", e.message))
}
