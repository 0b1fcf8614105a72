//! `tune merge`: the trials.csv files of a sharded sweep combined into the
//! two files one machine would have written. Linear in rows: trials are
//! matched by key in a hash map.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::files::{
    BEST, Dropped, TRIALS, file_error, read_trials, set_aside, trials_text, write_best_csv,
};
use super::{Sweep, TrialResult, TuneError};
use crate::files::write_atomically;

/// What `merge` did.
#[derive(Debug)]
pub struct Merged {
    pub sweep: Sweep,
    /// One per trial, in the sweep's trial order.
    pub results: Vec<TrialResult>,
    /// What happened to a trials.csv already in the output folder.
    pub note: Option<String>,
    /// Lines of the inputs that are not results of the sweep, left out.
    pub dropped: Dropped,
}

/// Merges the trials of `files` (all of one sweep) into `out`/trials.csv
/// and `out`/cost_by_hyperparameter.csv. A trials.csv already in `out`
/// that is not one of the inputs is merged too when it is of the same
/// sweep, and otherwise set aside, never lost. Where files share a trial,
/// the later file's row wins (a trial's result is deterministic anyway).
pub fn merge(files: &[PathBuf], out: &Path) -> Result<Merged, TuneError> {
    let first = files
        .first()
        .ok_or_else(|| TuneError::Merge("no files to merge".into()))?;
    let mut sweep: Option<Sweep> = None;
    let mut inputs = Vec::new();
    let mut dropped = Dropped::default();
    for path in files {
        let f = read_trials(path)?;
        let s = f.sweep.ok_or_else(|| {
            TuneError::Merge(format!(
                "{}: not a trials.csv written by `mnist-tui tune` (no sweep line)",
                crate::fmt::shown(path)
            ))
        })?;
        if sweep.as_ref().is_some_and(|s0| *s0 != s) {
            return Err(TuneError::Merge(format!(
                "{} belongs to a different sweep (grid or settings) than {}",
                crate::fmt::shown(path),
                crate::fmt::shown(first)
            )));
        }
        sweep.get_or_insert(s);
        dropped.add(f.dropped);
        inputs.push(f.results);
    }
    let sweep = sweep.expect("at least one file was read");
    let (existing, note) = already_there(files, out, &sweep)?;
    if let Some((results, d)) = existing {
        // First, so the named files win where both hold a trial.
        inputs.insert(0, results);
        dropped.add(d);
    }
    let merged = by_trial(&sweep, inputs);
    std::fs::create_dir_all(out)
        .map_err(|e| file_error(out, format!("cannot create folder: {e}")))?;
    let target = out.join(TRIALS);
    write_atomically(&target, trials_text(&sweep, &merged).as_bytes())
        .map_err(|e| file_error(&target, format!("cannot write: {e}")))?;
    write_best_csv(&out.join(BEST), &sweep, &merged)?;
    Ok(Merged {
        sweep,
        results: merged,
        note,
        dropped,
    })
}

type Existing = Option<(Vec<TrialResult>, Dropped)>;

/// A trials.csv in `out` that is not an input: its results if of this
/// sweep; otherwise it is set aside. Also says what happened.
fn already_there(
    files: &[PathBuf],
    out: &Path,
    sweep: &Sweep,
) -> Result<(Existing, Option<String>), TuneError> {
    let target = out.join(TRIALS);
    let same_file = |p: &Path| match (p.canonicalize(), target.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if std::fs::symlink_metadata(&target).is_err() || files.iter().any(|p| same_file(p)) {
        return Ok((None, None));
    }
    match read_trials(&target) {
        Ok(f) if f.sweep.as_ref() == Some(sweep) => {
            let note = format!(
                "{} already held {} of this sweep: merged in",
                crate::fmt::shown(&target),
                crate::fmt::plural(f.results.len(), "trial")
            );
            Ok((Some((f.results, f.dropped)), Some(note)))
        }
        other => {
            let why = match other {
                Err(e) => format!("could not be read ({e})"),
                Ok(_) => "held another sweep".into(),
            };
            let aside = set_aside(out, &target)?;
            let note = format!(
                "{} {why}: kept as {}",
                crate::fmt::shown(&target),
                crate::fmt::shown(&aside)
            );
            Ok((None, Some(note)))
        }
    }
}

/// One result per trial (later inputs win), in the sweep's trial order.
fn by_trial(sweep: &Sweep, inputs: Vec<Vec<TrialResult>>) -> Vec<TrialResult> {
    let mut by_key: HashMap<super::KeyBits, TrialResult> = HashMap::new();
    for r in inputs.into_iter().flatten() {
        by_key.insert(r.key.bits(), r);
    }
    // Every result is in the grid (reading dropped the rest).
    sweep
        .trials()
        .iter()
        .filter_map(|t| by_key.remove(&t.bits()))
        .collect()
}
