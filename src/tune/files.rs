//! The sweep's files: trials.csv (every trial, one line each, appended as it
//! finishes) and cost_by_hyperparameter.csv (the original project's result
//! file: each configuration's best seed).
//!
//! trials.csv begins with a comment line recording the [`Sweep`] it belongs
//! to, so a resumed sweep never mixes in results of different settings.
//! It holds one row per finished trial (status ok or diverged); rows of
//! trials cut short are never written, and older files' `stopped` rows are
//! ignored and rewritten away on resume.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::rows::{EPOCHS_RUN, column_of};
pub use super::rows::{FIELDS, Line, RowError, format_row, parse_line};
use super::{Sweep, TrialResult, TrialStatus, TuneError};
use crate::files::{InputError, read_input_text, utc_timestamp, write_atomically};

pub const TRIALS: &str = "trials.csv";
pub const BEST: &str = "cost_by_hyperparameter.csv";
const SWEEP_PREFIX: &str = "# mnist-tui sweep (results below belong to these settings): ";
pub const TRIALS_HEADER: &str = "beta1,beta2,learning_rate,seed,best_epoch,epochs_run,val_cost,val_accuracy,test_cost,test_accuracy,seconds,status";
/// A million trials take about 100 MB; the cap leaves room for old rows.
pub const TRIALS_CAP: u64 = 512 << 20;
/// cost_by_hyperparameter.csv is rewritten at most this often while a
/// sweep runs (a big grid's file is tens of MB), and at its end.
pub const BEST_EVERY: Duration = Duration::from_secs(5);

type Key = super::KeyBits;

pub(super) fn file_error(path: &Path, detail: impl std::fmt::Display) -> TuneError {
    TuneError::File {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    }
}

/// The header row: the original's, plus the extra axes' columns when the
/// sweep has them.
pub fn trials_header(sweep: &Sweep) -> String {
    if sweep.has_extras() {
        format!("{TRIALS_HEADER},weight_decay,augment")
    } else {
        TRIALS_HEADER.to_string()
    }
}

fn is_header(line: &str) -> bool {
    line.strip_prefix(TRIALS_HEADER)
        .is_some_and(|rest| rest.is_empty() || rest == ",weight_decay,augment")
}

fn sweep_line(sweep: &Sweep) -> String {
    let ron = ron::to_string(sweep).expect("a sweep always serialises");
    format!("{SWEEP_PREFIX}{ron}")
}

/// The sweep a file's first line records, if it is a sweep line at all.
fn recorded_sweep(text: &str) -> Option<Sweep> {
    let first = text.lines().next()?;
    ron::from_str(first.strip_prefix(SWEEP_PREFIX)?).ok()
}

/// A whole trials.csv in the same layout as appended.
pub(super) fn trials_text(sweep: &Sweep, results: &[TrialResult]) -> String {
    let mut text = format!("{}\n{}\n", sweep_line(sweep), trials_header(sweep));
    for r in results {
        text.push_str(&format_row(r, sweep.has_extras()));
        text.push('\n');
    }
    text
}

/// Lines of a trials.csv that are not results, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dropped {
    /// Lines cut off by a crash while being written.
    pub cut_off: usize,
    /// Rows of trials cut short (older versions wrote them).
    pub stopped: usize,
    /// Rows replaced by a later row of the same trial.
    pub replaced: usize,
    /// Rows of trials that are not in the sweep's grid.
    pub outside: usize,
}

impl Dropped {
    pub fn any(&self) -> bool {
        *self != Dropped::default()
    }

    pub fn add(&mut self, other: Dropped) {
        self.cut_off += other.cut_off;
        self.stopped += other.stopped;
        self.replaced += other.replaced;
        self.outside += other.outside;
    }

    /// "2 rows not in the sweep's grid, 1 line cut off by a crash"; None if nothing.
    pub fn describe(&self) -> Option<String> {
        let plural = crate::fmt::plural;
        let parts: Vec<String> = [
            (self.outside, "row", "not in the sweep's grid"),
            (self.stopped, "stopped row", "(not results)"),
            (self.replaced, "row", "repeating a trial"),
            (self.cut_off, "line", "cut off by a crash"),
        ]
        .into_iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, what, why)| format!("{} {why}", plural(n, what)))
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// A trials.csv file read whole: its sweep and results, one per trial of
/// the sweep's grid (a later row of a trial replaces an earlier one).
pub struct TrialsFile {
    /// None: the first line is not a sweep line (then no row is read).
    pub sweep: Option<Sweep>,
    pub results: Vec<TrialResult>,
    pub dropped: Dropped,
    ends_with_newline: bool,
}

/// Reads `path` (a regular file of at most [`TRIALS_CAP`] bytes). A bad
/// row is an error naming the file, line, column and field; a line cut off
/// by a crash, a `stopped` row and a row outside the grid are counted in
/// [`TrialsFile::dropped`].
pub fn read_trials(path: &Path) -> Result<TrialsFile, TuneError> {
    let text = read_input_text(path, "trials.csv", TRIALS_CAP)?;
    parse_trials(path, &text)
}

fn parse_trials(path: &Path, text: &str) -> Result<TrialsFile, TuneError> {
    let mut file = TrialsFile {
        sweep: recorded_sweep(text),
        results: Vec::new(),
        dropped: Dropped::default(),
        ends_with_newline: text.is_empty() || text.ends_with('\n'),
    };
    let Some(sweep) = &file.sweep else {
        return Ok(file);
    };
    if let Some(problem) = sweep.problem() {
        return Err(TuneError::Row {
            path: path.to_path_buf(),
            line: 1,
            column: SWEEP_PREFIX.len() + 1,
            field: "sweep",
            message: problem,
        });
    }
    let grid: HashSet<super::HyperBits> = sweep.configs().iter().map(|h| h.bits()).collect();
    let mut index: HashMap<Key, usize> = HashMap::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.starts_with('#') || line.trim().is_empty() || is_header(line) {
            continue;
        }
        let row_error = |e: RowError| TuneError::Row {
            path: path.to_path_buf(),
            line: i + 1,
            column: e.column,
            field: e.field,
            message: e.message,
        };
        let r = match parse_line(line, sweep.has_extras()).map_err(row_error)? {
            Line::CutOff => {
                file.dropped.cut_off += 1;
                continue;
            }
            Line::Result(r) => r,
        };
        if r.epochs_run > sweep.max_epochs {
            return Err(row_error(RowError {
                column: column_of(line, EPOCHS_RUN),
                field: FIELDS[EPOCHS_RUN],
                message: format!(
                    "{} is more than the sweep's max_epochs ({})",
                    r.epochs_run, sweep.max_epochs
                ),
            }));
        }
        if !grid.contains(&r.key.hyper.bits()) || !(1..=sweep.seeds as u64).contains(&r.key.seed) {
            file.dropped.outside += 1;
        } else if !r.status.is_final() {
            file.dropped.stopped += 1;
        } else if let Some(&at) = index.get(&r.key.bits()) {
            file.results[at] = r;
            file.dropped.replaced += 1;
        } else {
            index.insert(r.key.bits(), file.results.len());
            file.results.push(r);
        }
    }
    Ok(file)
}

/// What a sweep finds at `path` before it starts.
enum Existing {
    Nothing,
    /// Of this sweep: its results to resume.
    Same(Box<TrialsFile>),
    /// Of another grid or settings, or no trials.csv of ours; `rows` lines.
    Other {
        rows: usize,
    },
}

fn existing(path: &Path, sweep: &Sweep) -> Result<Existing, TuneError> {
    let text = match read_input_text(path, "trials.csv", TRIALS_CAP) {
        Err(InputError::NotFound { .. }) => return Ok(Existing::Nothing),
        Err(e) => return Err(e.into()),
        Ok(text) => text,
    };
    if recorded_sweep(&text).as_ref() == Some(sweep) {
        return parse_trials(path, &text).map(|f| Existing::Same(Box::new(f)));
    }
    let rows = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty() && !is_header(l))
        .count();
    Ok(Existing::Other { rows })
}

/// What the Tune screen shows before a sweep starts: the results of this
/// sweep in `dir`, and a note on anything the user should know.
pub fn load_shown(dir: &Path, sweep: &Sweep) -> (Vec<TrialResult>, Option<String>) {
    let path = dir.join(TRIALS);
    match existing(&path, sweep) {
        Ok(Existing::Nothing) => (Vec::new(), None),
        Ok(Existing::Same(f)) => {
            let note = f.dropped.describe().map(|d| {
                format!(
                    "{}: {d}; s rewrites it with one row per trial",
                    crate::fmt::shown(&path)
                )
            });
            (f.results, note)
        }
        Ok(Existing::Other { rows }) => (
            Vec::new(),
            Some(format!(
                "{} holds another grid or settings ({}); s sets it aside as trials-<time>.csv and starts this one",
                crate::fmt::shown(&path),
                crate::fmt::plural(rows, "row")
            )),
        ),
        Err(e) => (
            Vec::new(),
            Some(format!("{e} (s cannot start until this is fixed)")),
        ),
    }
}

/// The running sweep's trials.csv, open for appending.
pub struct TrialLog {
    dir: PathBuf,
    file: File,
    pub results: Vec<TrialResult>,
    index: HashMap<Key, usize>,
    /// Something the user should know (an old file set aside, lines dropped).
    pub message: Option<String>,
    best_written: Instant,
    best_stale: bool,
}

impl TrialLog {
    /// Opens `dir`/trials.csv for `sweep`, resuming it if it belongs to the
    /// same sweep (rewritten first if it holds lines that are not results);
    /// otherwise renames it aside and starts a new one.
    pub fn open(dir: &Path, sweep: &Sweep) -> Result<TrialLog, TuneError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| file_error(dir, format!("cannot create folder: {e}")))?;
        let path = dir.join(TRIALS);
        let mut results = Vec::new();
        let mut message = None;
        let mut torn_end = false;
        match existing(&path, sweep)? {
            Existing::Nothing => {}
            Existing::Other { .. } => {
                let aside = set_aside(dir, &path)?;
                message = Some(format!(
                    "{} was from a different grid or settings: kept as {}; starting a new one",
                    crate::fmt::shown(&path),
                    crate::fmt::shown(&aside)
                ));
            }
            Existing::Same(old) => {
                if old.dropped.any() {
                    message = Some(compact(dir, &path, sweep, &old)?);
                } else {
                    torn_end = !old.ends_with_newline;
                }
                results = old.results;
            }
        }
        let fresh = !path.exists();
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| file_error(&path, format!("cannot open: {e}")))?;
        let start = if fresh {
            format!("{}\n{}\n", sweep_line(sweep), trials_header(sweep))
        } else if torn_end {
            // The last row lacks its newline: the next one starts on its own line.
            "\n".to_string()
        } else {
            String::new()
        };
        file.write_all(start.as_bytes())
            .and_then(|()| file.flush())
            .map_err(|e| file_error(&path, e))?;
        let index = results
            .iter()
            .enumerate()
            .map(|(i, r)| (r.key.bits(), i))
            .collect();
        let mut log = TrialLog {
            dir: dir.to_path_buf(),
            file,
            results,
            index,
            message,
            best_written: Instant::now(),
            best_stale: false,
        };
        log.write_best(sweep)?;
        Ok(log)
    }

    /// Records one finished trial: a line in trials.csv at once, and
    /// cost_by_hyperparameter.csv if it was last written [`BEST_EVERY`]
    /// ago. A trial cut short is not a result and is not recorded.
    pub fn append(&mut self, sweep: &Sweep, r: &TrialResult) -> Result<(), TuneError> {
        if !r.status.is_final() {
            return Ok(());
        }
        let path = self.dir.join(TRIALS);
        // One write per line, so a crash loses at most the line being written.
        self.file
            .write_all(format!("{}\n", format_row(r, sweep.has_extras())).as_bytes())
            .and_then(|()| self.file.flush())
            .map_err(|e| file_error(&path, format!("cannot append: {e}")))?;
        match self.index.get(&r.key.bits()) {
            Some(&i) => self.results[i] = r.clone(),
            None => {
                self.index.insert(r.key.bits(), self.results.len());
                self.results.push(r.clone());
            }
        }
        self.best_stale = true;
        if self.best_written.elapsed() >= BEST_EVERY {
            self.write_best(sweep)?;
        }
        Ok(())
    }

    /// Brings cost_by_hyperparameter.csv up to date.
    pub fn finish(&mut self, sweep: &Sweep) -> Result<(), TuneError> {
        if self.best_stale {
            self.write_best(sweep)?;
        }
        Ok(())
    }

    fn write_best(&mut self, sweep: &Sweep) -> Result<(), TuneError> {
        write_best_csv(&self.dir.join(BEST), sweep, &self.results)?;
        self.best_written = Instant::now();
        self.best_stale = false;
        Ok(())
    }
}

/// Rewrites `path` with one row per trial; returns what was dropped. Rows
/// outside the grid may be someone's data: the original is then kept aside.
fn compact(dir: &Path, path: &Path, sweep: &Sweep, old: &TrialsFile) -> Result<String, TuneError> {
    let dropped = old.dropped.describe().unwrap_or_default();
    let kept = if old.dropped.outside > 0 {
        let aside = set_aside(dir, path)?;
        format!("; the original is kept as {}", crate::fmt::shown(&aside))
    } else {
        String::new()
    };
    write_atomically(path, trials_text(sweep, &old.results).as_bytes())
        .map_err(|e| file_error(path, format!("cannot write: {e}")))?;
    Ok(format!(
        "{}: rewritten with one row per trial, dropping {dropped}{kept}",
        crate::fmt::shown(path)
    ))
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
    let header = format!(
        "\"Momentum ({})\",\"Variance ({})\",\"Learning Rate ({})\",Seed,Lowest cost,Highest Accuracy",
        axis(&sweep.beta1),
        axis(&sweep.beta2),
        axis(&sweep.learning_rate)
    );
    if sweep.has_extras() {
        format!("{header},Weight decay,Augment")
    } else {
        header
    }
}

/// One row per configuration with a finished trial: the seed with the
/// lowest validation cost, that cost, and that trial's validation accuracy.
pub fn best_csv(sweep: &Sweep, results: &[TrialResult]) -> String {
    let mut best: HashMap<super::HyperBits, &TrialResult> = HashMap::new();
    let ok = results
        .iter()
        .filter(|r| r.status == TrialStatus::Ok && r.val_cost.is_finite());
    for r in ok {
        let slot = best.entry(r.key.hyper.bits()).or_insert(r);
        let better = r
            .val_cost
            .total_cmp(&slot.val_cost)
            .then(r.key.seed.cmp(&slot.key.seed))
            .is_lt();
        if better {
            *slot = r;
        }
    }
    let mut out = best_header(sweep);
    out.push('\n');
    for hyper in sweep.configs() {
        if let Some(b) = best.get(&hyper.bits()) {
            out.push_str(&format!(
                "{},{},{},{},{},{}",
                hyper.beta1,
                hyper.beta2,
                hyper.learning_rate,
                b.key.seed,
                b.val_cost,
                b.val_accuracy
            ));
            if sweep.has_extras() {
                let augment = if hyper.augment { "on" } else { "off" };
                out.push_str(&format!(",{},{augment}", hyper.weight_decay));
            }
            out.push('\n');
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

/// Renames `path` (a trials.csv in `dir`) to a timestamped name beside it,
/// never over an earlier one set aside in the same second.
pub(super) fn set_aside(dir: &Path, path: &Path) -> Result<PathBuf, TuneError> {
    let stamp = utc_timestamp(SystemTime::now()).replace([':', '-'], "");
    let free = (1..)
        .map(|n| match n {
            1 => dir.join(format!("trials-{stamp}.csv")),
            n => dir.join(format!("trials-{stamp}-{n}.csv")),
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .expect("some numbered name is free");
    std::fs::rename(path, &free).map_err(|e| file_error(path, format!("cannot rename: {e}")))?;
    Ok(free)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::tune::sample_result as result;

    fn default_sweep() -> Sweep {
        Sweep::from_config(&Config::default())
    }

    fn data_lines(path: &Path) -> Vec<String> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .skip(2)
            .map(String::from)
            .collect()
    }

    #[test]
    fn original_header_is_byte_exact() {
        assert_eq!(
            best_header(&default_sweep()),
            "\"Momentum (0.85 - 0.95, 0.02)\",\"Variance (0.991 - 0.999, 0.002)\",\"Learning Rate (0.0001 - 0.0009, 0.0002)\",Seed,Lowest cost,Highest Accuracy"
        );
    }

    #[test]
    fn stopped_trials_are_not_written_and_a_torn_line_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let sweep = default_sweep();
        {
            let mut log = TrialLog::open(dir.path(), &sweep).unwrap();
            log.append(&sweep, &result(1, 0.2, TrialStatus::Ok))
                .unwrap();
            log.append(&sweep, &result(1, 0.9, TrialStatus::Stopped))
                .unwrap();
            log.append(&sweep, &result(2, 0.3, TrialStatus::Stopped))
                .unwrap();
            log.finish(&sweep).unwrap();
        }
        let path = dir.path().join(TRIALS);
        assert_eq!(data_lines(&path).len(), 1, "only the finished trial");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("0.93,0.997,0.0003,3,5,6,0.1");
        std::fs::write(&path, text).unwrap();
        let f = read_trials(&path).unwrap();
        assert_eq!(f.sweep.as_ref(), Some(&sweep));
        assert_eq!(f.dropped.cut_off, 1);
        assert_eq!(f.results.len(), 1);
        assert_eq!(
            (f.results[0].status, f.results[0].val_cost),
            (TrialStatus::Ok, 0.2)
        );
        let best = std::fs::read_to_string(dir.path().join(BEST)).unwrap();
        assert_eq!(best.lines().nth(1), Some("0.93,0.997,0.0003,1,0.2,0.9511"));
    }

    /// What an older version left after two clean stops: `stopped` rows
    /// beside the `ok` rows of the same trials.
    #[test]
    fn resuming_rewrites_old_stopped_rows_away() {
        let dir = tempfile::tempdir().unwrap();
        let sweep = default_sweep();
        let path = dir.path().join(TRIALS);
        let rows = [
            result(1, 0.5, TrialStatus::Stopped),
            result(2, 0.3, TrialStatus::Ok),
            result(1, 0.2, TrialStatus::Ok),
            result(3, 0.4, TrialStatus::Stopped),
        ];
        std::fs::write(&path, trials_text(&sweep, &rows)).unwrap();
        let log = TrialLog::open(dir.path(), &sweep).unwrap();
        let message = log.message.clone().unwrap();
        assert!(message.contains("2 stopped rows"), "{message}");
        let lines = data_lines(&path);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines.iter().all(|l| l.ends_with(",ok")), "{lines:?}");
        assert_eq!(log.results.len(), 2);
        let names = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(
            names, 2,
            "trials.csv and the result file, nothing set aside"
        );
    }

    #[test]
    fn rows_outside_the_grid_are_dropped_and_the_original_kept() {
        let dir = tempfile::tempdir().unwrap();
        let sweep = default_sweep();
        let path = dir.path().join(TRIALS);
        let mut stranger = result(11, 0.1, TrialStatus::Ok);
        let mut off_grid = result(1, 0.1, TrialStatus::Ok);
        off_grid.key.hyper.beta1 = 0.5;
        stranger.key.seed = 11;
        let rows = [result(1, 0.2, TrialStatus::Ok), stranger, off_grid];
        std::fs::write(&path, trials_text(&sweep, &rows)).unwrap();
        let f = read_trials(&path).unwrap();
        assert_eq!((f.results.len(), f.dropped.outside), (1, 2));
        let (shown, note) = load_shown(dir.path(), &sweep);
        assert_eq!(shown.len(), 1, "not counted as done");
        assert!(note.unwrap().contains("2 rows not in the sweep's grid"));
        let log = TrialLog::open(dir.path(), &sweep).unwrap();
        assert!(log.message.unwrap().contains("the original is kept as"));
        assert_eq!(data_lines(&path).len(), 1);
    }

    #[test]
    fn bad_rows_are_refused_with_file_line_column_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let sweep = default_sweep();
        let path = dir.path().join(TRIALS);
        for (cost, acc, says) in [
            ("NaN", "0.95", "val_cost: must be a finite number"),
            ("-inf", "0.95", "val_cost: must be a finite number"),
            ("-0.2", "0.95", "val_cost: must be a finite number"),
            ("0.2", "1.5", "val_accuracy: must be between 0 and 1"),
            ("0.2", "-0.1", "val_accuracy: must be between 0 and 1"),
        ] {
            let good = format_row(&result(2, 0.3, TrialStatus::Ok), false);
            let bad = format!("0.93,0.997,0.0003,1,5,6,{cost},{acc},0.224,0.9481,1.250,ok");
            std::fs::write(
                &path,
                format!("{}\n{TRIALS_HEADER}\n{good}\n{bad}\n", sweep_line(&sweep)),
            )
            .unwrap();
            let expect = format!("{}:4:25: {says}", path.display());
            let shift = if acc == "0.95" { 0 } else { cost.len() + 1 };
            let expect = expect.replace(":4:25:", &format!(":4:{}:", 25 + shift));
            for err in [
                read_trials(&path).err().map(|e| e.to_string()),
                TrialLog::open(dir.path(), &sweep)
                    .err()
                    .map(|e| e.to_string()),
                load_shown(dir.path(), &sweep).1,
            ] {
                let err = err.expect("refused");
                assert!(err.starts_with(&expect), "{err}\nexpected {expect}");
            }
            let best = dir.path().join(BEST);
            assert!(!best.exists(), "nothing written from a bad file");
        }
        // A row that ran more epochs than the sweep allows is not its row.
        let mut long = result(1, 0.2, TrialStatus::Ok);
        long.epochs_run = 7;
        std::fs::write(&path, trials_text(&sweep, &[long])).unwrap();
        let err = read_trials(&path).err().unwrap().to_string();
        assert!(err.contains(":3:23: epochs_run: 7 is more than"), "{err}");
    }

    #[test]
    fn a_fifo_or_oversized_sweep_line_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(TRIALS);
        let status = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success());
        // Would block forever if opened.
        let err = read_trials(&path).err().unwrap().to_string();
        assert!(err.contains("named pipe"), "{err}");
        let err = TrialLog::open(dir.path(), &default_sweep())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("named pipe") && err.contains(TRIALS), "{err}");
        std::fs::remove_file(&path).unwrap();
        let mut huge = default_sweep();
        huge.seeds = 100_000_000;
        std::fs::write(&path, trials_text(&huge, &[])).unwrap();
        let err = read_trials(&path).err().unwrap().to_string();
        assert!(
            err.contains(":1:") && err.contains("sweep: tuner.seeds: must be between 1 and 1000"),
            "{err}"
        );
    }

    #[test]
    fn the_result_file_is_rewritten_every_few_seconds_and_at_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let sweep = default_sweep();
        let best = dir.path().join(BEST);
        let mut log = TrialLog::open(dir.path(), &sweep).unwrap();
        let empty = std::fs::read_to_string(&best).unwrap();
        for seed in 1..=5 {
            log.append(&sweep, &result(seed, 0.2 + seed as f64, TrialStatus::Ok))
                .unwrap();
        }
        assert_eq!(std::fs::read_to_string(&best).unwrap(), empty, "not yet");
        log.finish(&sweep).unwrap();
        let now = std::fs::read_to_string(&best).unwrap();
        assert_eq!(now.lines().nth(1), Some("0.93,0.997,0.0003,1,1.2,0.9511"));
        // A while later the next result rewrites it.
        log.best_written -= BEST_EVERY;
        log.append(&sweep, &result(6, 0.1, TrialStatus::Ok))
            .unwrap();
        let later = std::fs::read_to_string(&best).unwrap();
        assert_eq!(later.lines().nth(1), Some("0.93,0.997,0.0003,6,0.1,0.9511"));
    }

    #[test]
    fn setting_aside_twice_in_one_second_keeps_both() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(TRIALS);
        std::fs::write(&path, "first").unwrap();
        let a = set_aside(dir.path(), &path).unwrap();
        std::fs::write(&path, "second").unwrap();
        let b = set_aside(dir.path(), &path).unwrap();
        assert_ne!(a, b);
        assert_eq!(std::fs::read_to_string(a).unwrap(), "first");
        assert_eq!(std::fs::read_to_string(b).unwrap(), "second");
    }

    #[test]
    fn best_csv_picks_each_configurations_lowest_cost() {
        let sweep = default_sweep();
        let mut other = result(2, 0.1, TrialStatus::Ok);
        other.key.hyper.beta1 = 0.85;
        let rows = [
            result(3, 0.3, TrialStatus::Ok),
            result(1, 0.2, TrialStatus::Ok),
            result(2, 0.2, TrialStatus::Ok),
            result(4, 0.05, TrialStatus::Diverged),
            other,
        ];
        let csv = best_csv(&sweep, &rows);
        let lines: Vec<&str> = csv.lines().skip(1).collect();
        assert_eq!(
            lines,
            [
                "0.85,0.997,0.0003,2,0.1,0.9511",
                "0.93,0.997,0.0003,1,0.2,0.9511"
            ]
        );
    }
}
