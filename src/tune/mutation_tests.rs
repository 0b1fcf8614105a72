//! trials.csv against seeded byte-level mutations: reading never panics or
//! hangs, a refusal names the file, and whatever is accepted is sane.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

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

const ODD_BYTES: &[u8] = b",\n\r-.e#0 \xff\x00";
const ODD_VALUES: &[&str] = &[
    "1e400",
    "-1e400",
    "99999999999999999999999999",
    "18446744073709551616",
    "340282366920938463463374607431768211456",
    "NaN",
    "-inf",
    "-0",
    "1e-400",
    "0x10",
    "",
    "1.5",
    "-1",
];

fn line_spans(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            spans.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        spans.push((start, bytes.len()));
    }
    spans
}

/// One random change of `bytes`.
fn mutate(bytes: &mut Vec<u8>, rng: &mut ChaCha8Rng) {
    let len = bytes.len().max(1);
    let at = rng.random_range(0..len).min(bytes.len());
    let odd = |rng: &mut ChaCha8Rng| {
        if rng.random_bool(0.5) {
            ODD_BYTES[rng.random_range(0..ODD_BYTES.len())]
        } else {
            rng.random()
        }
    };
    match rng.random_range(0..9) {
        0 if at < bytes.len() => bytes[at] ^= 1 << rng.random_range(0..8),
        1 => {
            let b = odd(rng);
            bytes.insert(at, b);
        }
        2 if at < bytes.len() => {
            bytes.remove(at);
        }
        3 if at < bytes.len() => bytes[at] = odd(rng),
        4 => bytes.truncate(at),
        5..=7 => {
            let spans = line_spans(bytes);
            if spans.is_empty() {
                return;
            }
            let (s, e) = spans[rng.random_range(0..spans.len())];
            let line = bytes[s..e].to_vec();
            match rng.random_range(0..3) {
                // Duplicate the line.
                0 => {
                    bytes.splice(e..e, line);
                }
                // Delete it.
                1 => {
                    bytes.drain(s..e);
                }
                // A huge or odd number in one of its fields.
                _ => {
                    let text = String::from_utf8_lossy(&line).into_owned();
                    let mut fields: Vec<&str> = text.trim_end_matches('\n').split(',').collect();
                    let i = rng.random_range(0..fields.len());
                    fields[i] = ODD_VALUES[rng.random_range(0..ODD_VALUES.len())];
                    let new = format!("{}\n", fields.join(","));
                    bytes.splice(s..e, new.into_bytes());
                }
            }
        }
        _ => bytes.truncate(at.max(bytes.len() / 2)),
    }
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
    let rows = |r: &[TrialResult]| r.iter().map(files::format_row).collect::<Vec<_>>();
    assert_eq!(
        rows(&back.results),
        rows(&expected),
        "the unmutated file reads back"
    );
    let path = dir.path().join(TRIALS);
    let shown = path.display().to_string();
    let mut rng = ChaCha8Rng::seed_from_u64(0x7472_6961_6c73);
    let mut tally = Tally::default();
    let started = Instant::now();
    for case in 0..CASES {
        let mut bytes = clean.clone();
        for _ in 0..rng.random_range(1..=3) {
            mutate(&mut bytes, &mut rng);
        }
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
