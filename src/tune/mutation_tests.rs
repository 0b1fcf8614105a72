//! trials.csv against seeded byte-level mutations: reading never panics or
//! hangs, a refusal names the file, and whatever is accepted is sane.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use super::files::{self, TRIALS, TrialLog};
use super::stats;
use super::{Hyper, Sweep, TrialResult, TrialStatus};

const CASES: usize = 5000;

fn sweep() -> Sweep {
    Sweep {
        beta1: vec![0.9, 0.93],
        beta2: vec![0.99, 0.999],
        learning_rate: vec![0.001, 0.003],
        seeds: 3,
        batch_size: 16,
        epsilon: 1e-8,
        lr_decay: 1.0,
        patience: 2,
        patience_buffer: 0.0,
        max_epochs: 6,
        validation_size: 100,
        weight_decay: vec![0.0],
        augment: vec![false],
    }
}

/// Every trial of the grid, a few diverged, as the sweep would record them.
fn results(sweep: &Sweep) -> Vec<TrialResult> {
    sweep
        .trials()
        .iter()
        .enumerate()
        .map(|(i, &key)| {
            let diverged = i % 7 == 3;
            let cost = if diverged {
                f64::NAN
            } else {
                0.1 + i as f64 * 0.013_7
            };
            TrialResult {
                key,
                best_epoch: if diverged { 0 } else { 1 + i % 6 },
                epochs_run: 6,
                val_cost: cost,
                val_accuracy: 0.9 + (i % 10) as f64 * 0.005,
                test_cost: cost,
                test_accuracy: 0.91,
                seconds: 0.25 + i as f64,
                status: if diverged {
                    TrialStatus::Diverged
                } else {
                    TrialStatus::Ok
                },
            }
        })
        .collect()
}

/// A real trials.csv, written by the code's own writer.
fn original(dir: &Path, sweep: &Sweep) -> Vec<u8> {
    let mut log = TrialLog::open(dir, sweep).unwrap();
    for r in results(sweep) {
        log.append(sweep, &r).unwrap();
    }
    log.finish(sweep).unwrap();
    drop(log);
    std::fs::read(dir.join(TRIALS)).unwrap()
}

/// What an accepted file may hold: results of the grid, one per trial,
/// finished, with values in range.
fn check_accepted(f: &files::TrialsFile) {
    let Some(s) = &f.sweep else {
        assert!(f.results.is_empty(), "no sweep line: no rows read");
        return;
    };
    let grid: HashSet<_> = s.configs().iter().map(Hyper::bits).collect();
    let mut keys = HashSet::new();
    for r in &f.results {
        assert!(grid.contains(&r.key.hyper.bits()), "{r:?}");
        assert!((1..=s.seeds as u64).contains(&r.key.seed), "{r:?}");
        assert!(keys.insert(r.key.bits()), "one row per trial: {r:?}");
        assert!(r.status.is_final(), "{r:?}");
        assert!((0.0..=1.0).contains(&r.val_accuracy), "{r:?}");
        assert!((0.0..=1.0).contains(&r.test_accuracy), "{r:?}");
        assert!(r.epochs_run <= s.max_epochs && r.best_epoch <= r.epochs_run);
        if r.status == TrialStatus::Ok {
            assert!(r.val_cost.is_finite() && r.val_cost >= 0.0, "{r:?}");
        }
    }
    // What the rest of the tuner does with them must not panic either.
    let _ = files::best_csv(s, &f.results);
    let mut ranked = stats::by_config(s, &f.results);
    stats::rank(&mut ranked, stats::SortBy::Spread);
}

/// Replaces the file's bytes in place: `fs::write` truncates to zero
/// first, which makes ext4 flush on close (3 ms a case instead of 20 us).
fn overwrite(path: &Path, bytes: &[u8]) {
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    std::io::Write::write_all(&mut file, bytes).unwrap();
    file.set_len(bytes.len() as u64).unwrap();
}

#[derive(Debug, Default)]
struct Tally {
    errors: usize,
    accepted: usize,
    accepted_without_sweep: usize,
    panics: usize,
    hangs: usize,
}

#[test]
fn mutated_trials_csv_never_panics_hangs_or_errs_without_the_file() {
    let sweep = sweep();
    let dir = tempfile::tempdir().unwrap();
    let clean = original(dir.path(), &sweep);
    let expected = results(&sweep);
    let back = files::read_trials(&dir.path().join(TRIALS)).unwrap();
    let rows = |r: &[TrialResult]| {
        r.iter()
            .map(|r| files::format_row(r, false))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rows(&back.results),
        rows(&expected),
        "the unmutated file reads back"
    );
    let path = dir.path().join(TRIALS);
    let shown = path.display().to_string();
    let mut tally = Tally::default();
    let started = Instant::now();
    // Half the cases keep the sweep line whole, so the rows get read.
    let header = clean.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
    let (first, rows) = clean.split_at(header);
    let whole = crate::mutation_tests::mutations(0x7472_6961_6c73, &clean, CASES / 2);
    let body = crate::mutation_tests::mutations(0x726f_7773, rows, CASES - CASES / 2)
        .map(|b| [first, &b].concat());
    for (case, bytes) in whole.chain(body).enumerate() {
        overwrite(&path, &bytes);
        let t = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            files::read_trials(&path).map(|f| {
                check_accepted(&f);
                f.sweep.is_some()
            })
        }));
        if t.elapsed() > Duration::from_secs(1) {
            tally.hangs += 1;
        }
        match outcome {
            Err(_) => {
                tally.panics += 1;
                eprintln!("case {case} panicked:\n{}", String::from_utf8_lossy(&bytes));
            }
            Ok(Err(e)) => {
                let message = e.to_string();
                assert!(message.contains(&shown), "case {case}: {message}");
                tally.errors += 1;
            }
            Ok(Ok(true)) => tally.accepted += 1,
            Ok(Ok(false)) => tally.accepted_without_sweep += 1,
        }
    }
    eprintln!(
        "trials.csv mutations: {CASES} cases in {:.2}s: {} clean errors, {} accepted (+{} without a sweep line, so no rows read), {} panics, {} hangs",
        started.elapsed().as_secs_f64(),
        tally.errors,
        tally.accepted,
        tally.accepted_without_sweep,
        tally.panics,
        tally.hangs
    );
    assert_eq!((tally.panics, tally.hangs), (0, 0), "{tally:?}");
    assert!(tally.errors > CASES / 10, "mutations are caught: {tally:?}");
}
