//! The sweep's files: trials.csv (every trial, one line each, appended as it
//! finishes) and cost_by_hyperparameter.csv (the original project's result
//! file: each configuration's best seed).
//!
//! trials.csv begins with a comment line recording the [`Sweep`] it belongs
//! to, so a resumed sweep never mixes in results of different settings.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{Hyper, Sweep, TrialKey, TrialResult, TrialStatus, TuneError};
use crate::files::{utc_timestamp, write_atomically};

pub const TRIALS: &str = "trials.csv";
pub const BEST: &str = "cost_by_hyperparameter.csv";
const SWEEP_PREFIX: &str = "# mnist-tui sweep (results below belong to these settings): ";
pub const TRIALS_HEADER: &str = "beta1,beta2,learning_rate,seed,best_epoch,epochs_run,val_cost,val_accuracy,test_cost,test_accuracy,seconds,status";

fn file_error(path: &Path, detail: impl std::fmt::Display) -> TuneError {
    TuneError::File {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    }
}

fn sweep_line(sweep: &Sweep) -> String {
    let ron = ron::to_string(sweep).expect("a sweep always serialises");
    format!("{SWEEP_PREFIX}{ron}")
}

pub fn format_row(r: &TrialResult) -> String {
    let h = r.key.hyper;
    format!(
        "{},{},{},{},{},{},{},{},{},{},{:.3},{}",
        h.beta1,
        h.beta2,
        h.learning_rate,
        r.key.seed,
        r.best_epoch,
        r.epochs_run,
        r.val_cost,
        r.val_accuracy,
        r.test_cost,
        r.test_accuracy,
        r.seconds,
        r.status.as_str()
    )
}

pub fn parse_row(line: &str) -> Result<TrialResult, String> {
    let f: Vec<&str> = line.trim_end().split(',').collect();
    if f.len() != 12 {
        return Err(format!("{} fields, expected 12", f.len()));
    }
    fn num<T: std::str::FromStr>(s: &str, name: &str) -> Result<T, String> {
        s.parse()
            .map_err(|_| format!("{name} `{s}` is not a number"))
    }
    Ok(TrialResult {
        key: TrialKey {
            hyper: Hyper {
                beta1: num(f[0], "beta1")?,
                beta2: num(f[1], "beta2")?,
                learning_rate: num(f[2], "learning_rate")?,
            },
            seed: num(f[3], "seed")?,
        },
        best_epoch: num(f[4], "best_epoch")?,
        epochs_run: num(f[5], "epochs_run")?,
        val_cost: num(f[6], "val_cost")?,
        val_accuracy: num(f[7], "val_accuracy")?,
        test_cost: num(f[8], "test_cost")?,
        test_accuracy: num(f[9], "test_accuracy")?,
        seconds: num(f[10], "seconds")?,
        status: TrialStatus::parse(f[11])
            .ok_or_else(|| format!("status `{}` is not ok/diverged/stopped", f[11]))?,
    })
}

/// A trials.csv file read whole: its sweep and results (a later line for
/// the same trial replaces an earlier one). A line cut off by a crash, or
/// otherwise unreadable, is skipped and counted.
pub struct TrialsFile {
    pub sweep: Option<Sweep>,
    pub results: Vec<TrialResult>,
    pub skipped: usize,
}

pub fn read_trials(path: &Path) -> Result<TrialsFile, TuneError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| file_error(path, format!("cannot read: {e}")))?;
    let mut lines = text.lines();
    let sweep = lines
        .next()
        .and_then(|l| l.strip_prefix(SWEEP_PREFIX))
        .and_then(|ron| ron::from_str::<Sweep>(ron).ok());
    let mut by_key: HashMap<(u32, u32, u32, u64), usize> = HashMap::new();
    let mut results: Vec<TrialResult> = Vec::new();
    let mut skipped = 0;
    for line in lines {
        if line.starts_with('#') || line.trim().is_empty() || line == TRIALS_HEADER {
            continue;
        }
        match parse_row(line) {
            Ok(r) => match by_key.get(&r.key.bits()) {
                // A stopped trial never replaces a finished one.
                Some(&i) if !r.status.is_final() && results[i].status.is_final() => {}
                Some(&i) => results[i] = r,
                None => {
                    by_key.insert(r.key.bits(), results.len());
                    results.push(r);
                }
            },
            Err(_) => skipped += 1,
        }
    }
    Ok(TrialsFile {
        sweep,
        results,
        skipped,
    })
}

/// The running sweep's trials.csv, open for appending.
pub struct TrialLog {
    dir: PathBuf,
    file: File,
    pub results: Vec<TrialResult>,
    /// Something the user should know (an old file set aside, lines skipped).
    pub message: Option<String>,
}

impl TrialLog {
    /// Opens `dir`/trials.csv for `sweep`, resuming it if it belongs to the
    /// same sweep; otherwise renames it aside and starts a new one.
    pub fn open(dir: &Path, sweep: &Sweep) -> Result<TrialLog, TuneError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| file_error(dir, format!("cannot create folder: {e}")))?;
        let path = dir.join(TRIALS);
        let mut results = Vec::new();
        let mut message = None;
        if path.exists() {
            let old = read_trials(&path)?;
            if old.sweep.as_ref() == Some(sweep) {
                results = old.results;
                if old.skipped > 0 {
                    message = Some(format!(
                        "{}: skipped {} unreadable line(s)",
                        path.display(),
                        old.skipped
                    ));
                }
            } else {
                let aside = set_aside(dir, &path)?;
                message = Some(format!(
                    "{} was from a different grid or settings: kept as {}; starting a new one",
                    path.display(),
                    aside.display()
                ));
            }
        }
        let fresh = !path.exists();
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| file_error(&path, format!("cannot open: {e}")))?;
        if fresh {
            writeln!(file, "{}\n{TRIALS_HEADER}", sweep_line(sweep))
                .map_err(|e| file_error(&path, e))?;
            file.flush().map_err(|e| file_error(&path, e))?;
        } else if !std::fs::read(&path)
            .map_err(|e| file_error(&path, e))?
            .ends_with(b"\n")
        {
            // A crash cut the last line short: start the next one on its own line.
            file.write_all(b"\n").map_err(|e| file_error(&path, e))?;
        }
        let log = TrialLog {
            dir: dir.to_path_buf(),
            file,
            results,
            message,
        };
        log.write_best(sweep)?;
        Ok(log)
    }

    /// Records one finished trial: a line in trials.csv at once, and the
    /// refreshed cost_by_hyperparameter.csv.
    pub fn append(&mut self, sweep: &Sweep, r: &TrialResult) -> Result<(), TuneError> {
        let path = self.dir.join(TRIALS);
        // One write per line, so a crash loses at most the line being written.
        self.file
            .write_all(format!("{}\n", format_row(r)).as_bytes())
            .and_then(|()| self.file.flush())
            .map_err(|e| file_error(&path, format!("cannot append: {e}")))?;
        match self
            .results
            .iter_mut()
            .find(|x| x.key.bits() == r.key.bits())
        {
            Some(x) if x.status.is_final() && !r.status.is_final() => {}
            Some(x) => *x = r.clone(),
            None => self.results.push(r.clone()),
        }
        self.write_best(sweep)
    }

    fn write_best(&self, sweep: &Sweep) -> Result<(), TuneError> {
        write_best_csv(&self.dir.join(BEST), sweep, &self.results)
    }
}

/// "0.85 - 0.95, 0.02": a grid axis as the original project's header names it.
fn axis(values: &[f32]) -> String {
    let trim = |v: f64| {
        let s = format!("{:.6}", (v * 1e6).round() / 1e6);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let lo = values.iter().copied().fold(f32::INFINITY, f32::min);
    let hi = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let step = if values.len() > 1 {
        (hi as f64 - lo as f64) / (values.len() - 1) as f64
    } else {
        0.0
    };
    format!("{lo} - {hi}, {}", trim(step))
}

/// The original project's header; for the default grid, byte for byte:
/// `"Momentum (0.85 - 0.95, 0.02)","Variance (0.991 - 0.999, 0.002)",...`
pub fn best_header(sweep: &Sweep) -> String {
    format!(
        "\"Momentum ({})\",\"Variance ({})\",\"Learning Rate ({})\",Seed,Lowest cost,Highest Accuracy",
        axis(&sweep.beta1),
        axis(&sweep.beta2),
        axis(&sweep.learning_rate)
    )
}

/// One row per configuration with a finished trial: the seed with the
/// lowest validation cost, that cost, and that trial's validation accuracy.
pub fn best_csv(sweep: &Sweep, results: &[TrialResult]) -> String {
    let mut out = best_header(sweep);
    out.push('\n');
    for hyper in sweep.configs() {
        let best = results
            .iter()
            .filter(|r| {
                r.key.hyper.bits() == hyper.bits()
                    && r.status == TrialStatus::Ok
                    && r.val_cost.is_finite()
            })
            .min_by(|a, b| {
                a.val_cost
                    .total_cmp(&b.val_cost)
                    .then(a.key.seed.cmp(&b.key.seed))
            });
        if let Some(b) = best {
            out.push_str(&format!(
                "{},{},{},{},{},{}\n",
                hyper.beta1,
                hyper.beta2,
                hyper.learning_rate,
                b.key.seed,
                b.val_cost,
                b.val_accuracy
            ));
        }
    }
    out
}

pub fn write_best_csv(
    path: &Path,
    sweep: &Sweep,
    results: &[TrialResult],
) -> Result<(), TuneError> {
    write_atomically(path, best_csv(sweep, results).as_bytes())
        .map_err(|e| file_error(path, format!("cannot write: {e}")))
}

/// Combines the trials.csv files of a sharded sweep into `out`/trials.csv
/// and `out`/cost_by_hyperparameter.csv, as one machine would have written
/// them. All files must belong to the same sweep.
/// Renames `path` (a trials.csv in `dir`) to a timestamped name beside it.
fn set_aside(dir: &Path, path: &Path) -> Result<PathBuf, TuneError> {
    let stamp = utc_timestamp(SystemTime::now()).replace([':', '-'], "");
    let aside = dir.join(format!("trials-{stamp}.csv"));
    std::fs::rename(path, &aside).map_err(|e| file_error(path, format!("cannot rename: {e}")))?;
    Ok(aside)
}

/// What `merge` did.
#[derive(Debug)]
pub struct Merged {
    pub sweep: Sweep,
    pub results: Vec<TrialResult>,
    /// What happened to a trials.csv already in the output folder.
    pub note: Option<String>,
}

/// Merges the trials of `files` (all of one sweep) into `out`/trials.csv.
/// A trials.csv already in `out` that is not one of the inputs is merged
/// too when it is of the same sweep, and otherwise set aside, never lost.
pub fn merge(files: &[PathBuf], out: &Path) -> Result<Merged, TuneError> {
    let first = files
        .first()
        .ok_or_else(|| TuneError::Merge("no files to merge".into()))?;
    let mut inputs = Vec::new();
    for path in files {
        let f = read_trials(path)?;
        let s = f.sweep.clone().ok_or_else(|| {
            TuneError::Merge(format!(
                "{}: not a trials.csv written by `mnist-tui tune` (no sweep line)",
                path.display()
            ))
        })?;
        if inputs.first().is_some_and(|(s0, _)| *s0 != s) {
            return Err(TuneError::Merge(format!(
                "{} belongs to a different sweep (grid or settings) than {}",
                path.display(),
                first.display()
            )));
        }
        inputs.push((s, f.results));
    }
    let sweep = inputs[0].0.clone();
    let target = out.join(TRIALS);
    let same_file = |p: &Path| match (p.canonicalize(), target.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let mut note = None;
    if target.exists() && !files.iter().any(|p| same_file(p)) {
        match read_trials(&target) {
            Ok(existing) if existing.sweep.as_ref() == Some(&sweep) => {
                note = Some(format!(
                    "{} already held {} of this sweep: merged in",
                    target.display(),
                    existing.results.len()
                ));
                // First, so the named files win where both hold a trial.
                inputs.insert(0, (sweep.clone(), existing.results));
            }
            _ => {
                let aside = set_aside(out, &target)?;
                note = Some(format!(
                    "{} held another sweep (or was unreadable): kept as {}",
                    target.display(),
                    aside.display()
                ));
            }
        }
    }
    let mut merged: Vec<TrialResult> = Vec::new();
    for r in inputs.into_iter().flat_map(|(_, results)| results) {
        match merged.iter_mut().find(|x| x.key.bits() == r.key.bits()) {
            Some(x) if x.status.is_final() && !r.status.is_final() => {}
            Some(x) => *x = r,
            None => merged.push(r),
        }
    }
    // Trial order, as in the sweep's own list.
    let order: HashMap<_, usize> = sweep
        .trials()
        .iter()
        .enumerate()
        .map(|(i, t)| (t.bits(), i))
        .collect();
    merged.sort_by_key(|r| order.get(&r.key.bits()).copied().unwrap_or(usize::MAX));
    std::fs::create_dir_all(out)
        .map_err(|e| file_error(out, format!("cannot create folder: {e}")))?;
    let mut text = format!("{}\n{TRIALS_HEADER}\n", sweep_line(&sweep));
    for r in &merged {
        text.push_str(&format_row(r));
        text.push('\n');
    }
    write_atomically(&target, text.as_bytes())
        .map_err(|e| file_error(&target, format!("cannot write: {e}")))?;
    write_best_csv(&out.join(BEST), &sweep, &merged)?;
    Ok(Merged {
        sweep,
        results: merged,
        note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn result(seed: u64, cost: f64, status: TrialStatus) -> TrialResult {
        TrialResult {
            key: TrialKey {
                hyper: Hyper {
                    beta1: 0.93,
                    beta2: 0.997,
                    learning_rate: 0.0003,
                },
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

    #[test]
    fn original_header_is_byte_exact() {
        let sweep = Sweep::from_config(&Config::default());
        assert_eq!(
            best_header(&sweep),
            "\"Momentum (0.85 - 0.95, 0.02)\",\"Variance (0.991 - 0.999, 0.002)\",\"Learning Rate (0.0001 - 0.0009, 0.0002)\",Seed,Lowest cost,Highest Accuracy"
        );
    }

    #[test]
    fn rows_round_trip() {
        for r in [
            result(3, 0.123_456_789_012_345_67, TrialStatus::Ok),
            result(4, f64::NAN, TrialStatus::Diverged),
        ] {
            let back = parse_row(&format_row(&r)).unwrap();
            assert_eq!(format_row(&back), format_row(&r));
            assert_eq!(back.key, r.key);
            assert_eq!(back.status, r.status);
        }
        let r = result(3, 0.1234567890123, TrialStatus::Ok);
        assert_eq!(parse_row(&format_row(&r)).unwrap(), r);
        assert!(parse_row("0.9,0.99,0.001,1,2").is_err());
        assert!(
            parse_row("0.9,0.99,0.001,1,2,3,x,0.9,0.2,0.9,1.0,ok")
                .unwrap_err()
                .contains("val_cost")
        );
    }

    #[test]
    fn a_torn_last_line_is_skipped_and_stopped_never_replaces_finished() {
        let dir = tempfile::tempdir().unwrap();
        let sweep = Sweep::from_config(&Config::default());
        {
            let mut log = TrialLog::open(dir.path(), &sweep).unwrap();
            log.append(&sweep, &result(1, 0.2, TrialStatus::Ok))
                .unwrap();
            log.append(&sweep, &result(1, 0.9, TrialStatus::Stopped))
                .unwrap();
            log.append(&sweep, &result(2, 0.3, TrialStatus::Stopped))
                .unwrap();
        }
        let path = dir.path().join(TRIALS);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("0.93,0.997,0.0003,3,5,6,0.1");
        std::fs::write(&path, text).unwrap();
        let f = read_trials(&path).unwrap();
        assert_eq!(f.sweep.as_ref(), Some(&sweep));
        assert_eq!(f.skipped, 1);
        assert_eq!(f.results.len(), 2);
        assert_eq!(
            (f.results[0].status, f.results[0].val_cost),
            (TrialStatus::Ok, 0.2)
        );
        let best = std::fs::read_to_string(dir.path().join(BEST)).unwrap();
        assert_eq!(best.lines().nth(1), Some("0.93,0.997,0.0003,1,0.2,0.9511"));
    }
}
