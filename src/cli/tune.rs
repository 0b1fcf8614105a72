//! `mnist-tui tune`: the sweep without the screen, and `tune merge`.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::interrupt::Interrupt;
use super::{Places, percent, plural};
use crate::Error;
use crate::fmt::duration;
use crate::hyper::MAX_WORKERS;
use crate::tune::stats::{self, ConfigStats, SortBy};
use crate::tune::{Shard, Sweep, SweepEvent, TrialResult, TuneError, files, run_sweep};

#[derive(Clone, Debug, Default, clap::Args)]
pub struct TuneArgs {
    /// Trials at once (0 = one per core); overrides tuner.workers.
    #[arg(long)]
    pub workers: Option<usize>,
    /// Run only the K-th of N slices of the trials, e.g. 2/4 (for job arrays).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Folder for trials.csv and cost_by_hyperparameter.csv [default: saves/tuner
    /// in the saves folder, see `mnist-tui paths`].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

impl From<TuneError> for Error {
    fn from(e: TuneError) -> Error {
        Error::Usage(e.to_string())
    }
}

fn describe(c: &ConfigStats) -> String {
    format!(
        "beta1 {} beta2 {} lr {}: mean val cost {:.4} ({}/{} seeds)",
        c.hyper.beta1, c.hyper.beta2, c.hyper.learning_rate, c.mean_cost, c.done, c.seeds
    )
}

/// "0.1696 ± 0.0086"; "-" for the spread of fewer than two seeds.
fn cost_cell(c: &ConfigStats) -> String {
    if !c.mean_cost.is_finite() {
        return "diverged".into();
    }
    match c.std_cost {
        Some(std) => format!("{:.4} ± {std:.4}", c.mean_cost),
        None => format!("{:.4} ± -", c.mean_cost),
    }
}

fn percent_or_dash(v: f64) -> String {
    if v.is_finite() {
        percent(v)
    } else {
        "-".into()
    }
}

pub fn top_table(sweep: &Sweep, results: &[TrialResult], n: usize) -> String {
    let mut s = stats::by_config(sweep, results);
    stats::rank(&mut s, SortBy::Cost);
    let mut out = String::from(
        "rank  beta1  beta2  learning_rate  val cost (mean ± std)  val acc (mean)  test acc (mean)  seeds\n",
    );
    for (i, c) in s.iter().take(n).enumerate() {
        out.push_str(&format!(
            "{:>4}  {:<5}  {:<5}  {:<13}  {:<21}  {:>14}  {:>15}  {}/{}\n",
            i + 1,
            c.hyper.beta1,
            c.hyper.beta2,
            c.hyper.learning_rate,
            cost_cell(c),
            percent_or_dash(c.mean_accuracy),
            percent_or_dash(c.mean_test_accuracy),
            c.done,
            c.seeds
        ));
    }
    out
}

/// The sweep's progress as lines of text: where it starts, every 2% (or
/// 10 s) the rate, ETA and best so far, and how it ended. The first write
/// that fails stops the sweep.
struct Progress<'a> {
    out: &'a mut dyn Write,
    sweep: &'a Sweep,
    dir: &'a Path,
    shard: Option<Shard>,
    started: Instant,
    last_line: Instant,
    total: usize,
    done_before: usize,
    done: usize,
    results: Vec<TrialResult>,
    index: HashMap<crate::tune::KeyBits, usize>,
    error: Option<std::io::Error>,
}

impl<'a> Progress<'a> {
    fn new(out: &'a mut dyn Write, sweep: &'a Sweep, dir: &'a Path, shard: Option<Shard>) -> Self {
        Progress {
            out,
            sweep,
            dir,
            shard,
            started: Instant::now(),
            last_line: Instant::now(),
            total: 0,
            done_before: 0,
            done: 0,
            results: Vec::new(),
            index: HashMap::new(),
            error: None,
        }
    }

    fn say(&mut self, text: String) {
        if let Err(e) = writeln!(self.out, "{text}").and_then(|()| self.out.flush()) {
            self.error = Some(e);
        }
    }

    /// Whether the sweep should go on.
    fn on(&mut self, e: SweepEvent) -> bool {
        match e {
            SweepEvent::Started {
                total,
                done,
                workers,
                message,
            } => {
                (self.total, self.done_before) = (total, done);
                if let Some(m) = message {
                    self.say(format!("note: {m}"));
                }
                let shard = self.shard.map_or(String::new(), |s| {
                    format!(" (shard {}/{})", s.index, s.count)
                });
                let text = format!(
                    "sweep{shard}: {} of {} configurations x {}; {done} already done; {} on {}; results in {}",
                    plural(total, "trial"),
                    self.sweep.configs().len(),
                    plural(self.sweep.seeds, "seed"),
                    plural(total - done, "trial"),
                    plural(workers, "worker"),
                    crate::fmt::shown(self.dir)
                );
                self.say(text);
            }
            SweepEvent::Resumed(r) => {
                self.index = r
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (x.key.bits(), i))
                    .collect();
                self.results = r;
            }
            SweepEvent::TrialStarted { .. } => {}
            // Cut short by the stop: not a result, not counted.
            SweepEvent::TrialDone(r) if !r.status.is_final() => {}
            SweepEvent::TrialDone(r) => self.trial_done(r),
            SweepEvent::Finished { stopped } => {
                let verb = if stopped { "stopped" } else { "finished" };
                let text = format!(
                    "{verb} after {} in {} ({} this run)",
                    plural(self.done_before + self.done, "trial"),
                    duration(self.started.elapsed().as_secs_f64()),
                    plural(self.done, "trial")
                );
                self.say(text);
            }
        }
        self.error.is_none()
    }

    fn trial_done(&mut self, r: TrialResult) {
        self.done += 1;
        match self.index.get(&r.key.bits()) {
            Some(&i) => self.results[i] = r,
            None => {
                self.index.insert(r.key.bits(), self.results.len());
                self.results.push(r);
            }
        }
        let (total, finished) = (self.total, self.done_before + self.done);
        let every = (total / 50).max(1);
        if finished != total
            && !self.done.is_multiple_of(every)
            && self.last_line.elapsed() <= Duration::from_secs(10)
        {
            return;
        }
        self.last_line = Instant::now();
        let elapsed = self.started.elapsed();
        let rate = self.done as f64 / elapsed.as_secs_f64().max(1e-9);
        let eta = (total - finished) as f64 / rate.max(1e-9);
        let mut ranked = stats::by_config(self.sweep, &self.results);
        stats::rank(&mut ranked, SortBy::Cost);
        let best = ranked.first().map_or("none yet".to_string(), describe);
        self.say(format!(
            "[{finished:>5}/{total}] {rate:.2} trials/s, elapsed {}, ETA {}; best {best}",
            duration(elapsed.as_secs_f64()),
            duration(eta)
        ));
    }
}

pub fn tune(
    places: &Places,
    args: &TuneArgs,
    out: &mut dyn Write,
    log: &mut dyn Write,
) -> Result<(), Error> {
    if let Some(w) = args.workers
        && w > MAX_WORKERS
    {
        // Each worker is a thread: a huge count would start one per trial.
        return Err(Error::Usage(format!(
            "--workers: at most {MAX_WORKERS} (0 = one per core) (got {w})"
        )));
    }
    // First, so that a Ctrl-C during set-up stops cleanly too.
    let interrupt = Interrupt::listen("the sweep stops; finished trials are kept")?;
    let config = super::load_config(places, log)?;
    let out_dir = args.out.clone().unwrap_or_else(|| places.tuner_dir());
    let sweep = Sweep::from_config(&config);
    let data = match super::load_data_until(places, &config, log, &interrupt.stop) {
        Err(_) if interrupt.happened() => {
            return Err(Error::Interrupted(
                "interrupted while getting MNIST: nothing was trained".into(),
            ));
        }
        data => data?,
    };
    // Trials train in batches of batch_size on what validation leaves.
    crate::train::check_split(data.train.len(), config.validation_size, config.batch_size)
        .map_err(|e| {
            Error::Usage(format!(
                "{}: {}",
                crate::config::blame(&places.config, e.field),
                e.message
            ))
        })?;
    let splits = data.splits(config.validation_size)?;
    let workers = args.workers.unwrap_or(config.tuner.workers);

    // Ctrl-C (or TERM, HUP, QUIT): stop; the trials in flight are not
    // recorded and run again on resume.
    let stop = Arc::clone(&interrupt.stop);
    let mut progress = Progress::new(out, &sweep, &out_dir, args.shard);
    let final_results = run_sweep(
        splits,
        &sweep,
        &out_dir,
        args.shard,
        workers,
        &stop,
        &mut |e| progress.on(e),
    )?;
    if let Some(e) = progress.error {
        return Err(e.into());
    }
    writeln!(
        out,
        "\ntop 5 configurations by mean validation cost (test accuracy is reported, never used to rank):"
    )?;
    write!(out, "{}", top_table(&sweep, &final_results, 5))?;
    writeln!(
        out,
        "files: {} and {}",
        crate::fmt::shown(&out_dir.join(files::TRIALS)),
        crate::fmt::shown(&out_dir.join(files::BEST))
    )?;
    if interrupt.happened() {
        return Err(Error::Interrupted(
            "interrupted: run `mnist-tui tune` again to resume".into(),
        ));
    }
    Ok(())
}

pub fn merge(inputs: &[PathBuf], out_dir: &Path, out: &mut dyn Write) -> Result<(), Error> {
    if inputs.is_empty() {
        return Err(Error::Usage(
            "tune merge: give the trials.csv files to merge".into(),
        ));
    }
    let crate::tune::merge::Merged {
        sweep,
        results: merged,
        note,
        dropped,
    } = crate::tune::merge::merge(inputs, out_dir)?;
    if let Some(note) = note {
        writeln!(out, "{note}")?;
    }
    let total = sweep.trials().len();
    writeln!(
        out,
        "merged {} from {} into {} ({} of {} trials of the sweep)",
        plural(merged.len(), "trial"),
        plural(inputs.len(), "file"),
        crate::fmt::shown(out_dir),
        merged.len(),
        total
    )?;
    if let Some(d) = dropped.describe() {
        writeln!(out, "left out: {d}")?;
    }
    write!(out, "{}", top_table(&sweep, &merged, 5))?;
    Ok(())
}
