//! Whole sweeps on synthetic data: workers, resuming, other grids, shards.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use super::files::{self, BEST, TRIALS};
use super::{Shard, Sweep, SweepEvent, TrialResult, TrialStatus, run_sweep};
use crate::data::{Images, Splits};
use crate::test_data::synthetic;

fn sweep() -> Sweep {
    Sweep {
        beta1: vec![0.9, 0.93],
        beta2: vec![0.999],
        learning_rate: vec![0.001, 0.003],
        seeds: 2,
        batch_size: 16,
        epsilon: 1e-8,
        lr_decay: 1.0,
        patience: 2,
        patience_buffer: 0.0,
        max_epochs: 2,
        validation_size: 100,
        weight_decay: vec![0.0],
        augment: vec![false],
    }
}

fn splits(images: &Images) -> Splits<'_> {
    Splits {
        train: images.range(0, 200),
        validation: images.range(200, 300),
        test: images.range(300, 400),
    }
}

/// Runs `sweep` in `dir`; returns its results sorted in trial order and the
/// number of trials it trained.
fn run(
    images: &Images,
    sweep: &Sweep,
    dir: &Path,
    shard: Option<Shard>,
    workers: usize,
) -> (Vec<TrialResult>, usize) {
    let mut trained = 0;
    let results = run_sweep(
        splits(images),
        sweep,
        dir,
        shard,
        workers,
        &AtomicBool::new(false),
        &mut |e| {
            trained += matches!(e, SweepEvent::TrialDone(_)) as usize;
            true
        },
    )
    .unwrap();
    (sorted(sweep, results), trained)
}

fn sorted(sweep: &Sweep, mut results: Vec<TrialResult>) -> Vec<TrialResult> {
    let order: Vec<_> = sweep.trials().iter().map(|t| t.bits()).collect();
    results.sort_by_key(|r| order.iter().position(|k| *k == r.key.bits()));
    results
}

fn same(a: &[TrialResult], b: &[TrialResult]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_outcome(y))
}

#[test]
fn one_or_two_workers_give_identical_results() {
    let images = synthetic(400, 1);
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (one, _) = run(&images, &sweep(), d1.path(), None, 1);
    let (two, _) = run(&images, &sweep(), d2.path(), None, 2);
    assert_eq!(one.len(), 8);
    assert!(one.iter().all(|r| r.status == TrialStatus::Ok));
    assert!(same(&one, &two));
    let best = |d: &Path| std::fs::read_to_string(d.join(BEST)).unwrap();
    assert_eq!(best(d1.path()), best(d2.path()));
    assert_eq!(best(d1.path()).lines().count(), 1 + 4);
}

#[test]
fn resume_skips_exactly_the_recorded_trials() {
    let images = synthetic(400, 2);
    let full = tempfile::tempdir().unwrap();
    let (uninterrupted, _) = run(&images, &sweep(), full.path(), None, 1);
    // As if killed (kill -9) while writing the fourth result: the sweep
    // line, the header, three results and a torn line.
    let text = std::fs::read_to_string(full.path().join(TRIALS)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let killed = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        lines[0],
        lines[1],
        lines[2],
        lines[3],
        lines[4],
        &lines[5][..10]
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(TRIALS), killed).unwrap();
    let mut resumed_with = 0;
    let mut trained = 0;
    let mut message = None;
    let results = run_sweep(
        splits(&images),
        &sweep(),
        dir.path(),
        None,
        2,
        &AtomicBool::new(false),
        &mut |e| {
            match e {
                SweepEvent::Started {
                    done, message: m, ..
                } => {
                    resumed_with = done;
                    message = m;
                }
                SweepEvent::TrialDone(_) => trained += 1,
                _ => {}
            }
            true
        },
    )
    .unwrap();
    assert_eq!(
        (resumed_with, trained),
        (3, 5),
        "only the missing trials run again"
    );
    assert!(same(&sorted(&sweep(), results), &uninterrupted));
    let message = message.expect("the user is told");
    assert!(message.contains("1 line cut off by a crash"), "{message}");
    // The torn line was rewritten away: one row per trial.
    let reread = files::read_trials(&dir.path().join(TRIALS)).unwrap();
    assert_eq!(
        (reread.results.len(), reread.dropped),
        (8, Default::default())
    );
    let text = std::fs::read_to_string(dir.path().join(TRIALS)).unwrap();
    assert_eq!(text.lines().count(), 2 + 8);
}

#[test]
fn a_different_grid_is_not_mixed_in() {
    let images = synthetic(400, 3);
    let dir = tempfile::tempdir().unwrap();
    run(&images, &sweep(), dir.path(), None, 2);
    let mut other = sweep();
    other.learning_rate = vec![0.002];
    let mut message = None;
    run_sweep(
        splits(&images),
        &other,
        dir.path(),
        None,
        2,
        &AtomicBool::new(false),
        &mut |e| {
            if let SweepEvent::Started { message: m, .. } = e {
                message = m;
            }
            true
        },
    )
    .unwrap();
    let message = message.expect("the user is told");
    assert!(message.contains("different grid"), "{message}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("trials-") && n.ends_with(".csv")),
        "{names:?}"
    );
    let now = files::read_trials(&dir.path().join(TRIALS)).unwrap();
    assert_eq!(now.sweep, Some(other.clone()));
    assert_eq!(now.results.len(), 4);
    assert!(
        now.results
            .iter()
            .all(|r| r.key.hyper.learning_rate == 0.002)
    );
}

#[test]
fn three_shards_merged_equal_one_run() {
    let images = synthetic(400, 4);
    let single = tempfile::tempdir().unwrap();
    let (whole, _) = run(&images, &sweep(), single.path(), None, 2);
    let shards: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let mut total = 0;
    for (k, dir) in shards.iter().enumerate() {
        let shard = format!("{}/3", k + 1).parse().unwrap();
        let (part, trained) = run(&images, &sweep(), dir.path(), Some(shard), 1);
        assert_eq!(part.len(), trained);
        total += trained;
    }
    assert_eq!(total, 8);
    let out = tempfile::tempdir().unwrap();
    let paths: Vec<_> = shards.iter().map(|d| d.path().join(TRIALS)).collect();
    let m = super::merge::merge(&paths, out.path()).unwrap();
    assert_eq!(m.sweep, sweep());
    assert!(same(&m.results, &whole));
    assert!(m.note.is_none());
    let best = |d: &Path| std::fs::read_to_string(d.join(BEST)).unwrap();
    assert_eq!(best(out.path()), best(single.path()));
    // Merging shard by shard into one folder keeps what it already holds.
    let step = tempfile::tempdir().unwrap();
    super::merge::merge(&paths[..1], step.path()).unwrap();
    let m = super::merge::merge(&paths[1..], step.path()).unwrap();
    assert!(same(&m.results, &whole));
    assert!(m.note.is_some_and(|n| n.contains("merged in")));
    // A file from another sweep is refused.
    let mut other = sweep();
    other.seeds = 3;
    let stranger = tempfile::tempdir().unwrap();
    run(
        &images,
        &other,
        stranger.path(),
        Some("1/8".parse().unwrap()),
        1,
    );
    let err = super::merge::merge(
        &[paths[0].clone(), stranger.path().join(TRIALS)],
        out.path(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("different sweep"), "{err}");
    // A trials.csv of another sweep in the output folder is set aside.
    let m = super::merge::merge(&paths, stranger.path()).unwrap();
    assert!(same(&m.results, &whole));
    assert!(m.note.is_some_and(|n| n.contains("kept as")));
    let kept = std::fs::read_dir(stranger.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("trials-"))
        .expect("the other sweep's file is kept");
    let kept = files::read_trials(&kept.path()).unwrap();
    assert_eq!(kept.sweep, Some(other));
}

/// Two trials long enough (a thousand epochs, ~0.3 s) that a stop set as
/// one starts reaches it mid-training.
fn long_sweep() -> Sweep {
    Sweep {
        beta1: vec![0.9],
        learning_rate: vec![0.001, 0.002],
        seeds: 1,
        max_epochs: 1000,
        patience: 1000,
        ..sweep()
    }
}

/// Runs `long_sweep` in `dir` with one worker training one trial at a
/// time, setting the stop flag as the `nth` trial starts (as Ctrl-C, `s` or
/// quitting would); returns the statuses of the trials reported done.
fn stop_at(images: &Images, dir: &Path, nth: usize) -> Vec<TrialStatus> {
    let stop = AtomicBool::new(false);
    let (mut started, mut statuses) = (0, Vec::new());
    let plan = super::Plan {
        shard: None,
        workers: 1,
        group: 1,
        first: None,
    };
    super::run_planned(splits(images), &long_sweep(), dir, &plan, &stop, &mut |e| {
        match e {
            SweepEvent::TrialStarted { .. } => {
                started += 1;
                if started == nth {
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
            SweepEvent::TrialDone(r) => statuses.push(r.status),
            _ => {}
        }
        true
    })
    .unwrap();
    statuses
}

/// Regression: a clean stop wrote a `stopped` row and the rerun an `ok`
/// row for the same trial, so trials.csv held two rows per trial.
#[test]
fn a_clean_stop_leaves_one_row_per_trial() {
    let images = synthetic(400, 5);
    let dir = tempfile::tempdir().unwrap();
    let rows = || {
        let text = std::fs::read_to_string(dir.path().join(TRIALS)).unwrap();
        text.lines().skip(2).map(String::from).collect::<Vec<_>>()
    };
    assert_eq!(stop_at(&images, dir.path(), 1), [TrialStatus::Stopped]);
    assert_eq!(
        rows(),
        Vec::<String>::new(),
        "a trial cut short is no result"
    );
    let again = stop_at(&images, dir.path(), 2);
    assert_eq!(again, [TrialStatus::Ok, TrialStatus::Stopped]);
    let kept = rows();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].starts_with("0.9,0.999,0.001,1,") && kept[0].ends_with(",ok"));
    // The rerun trains only the missing trial and adds its one row.
    let (results, trained) = run(&images, &long_sweep(), dir.path(), None, 1);
    assert_eq!((results.len(), trained), (2, 1));
    let all = rows();
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(all[1].starts_with("0.9,0.999,0.002,1,") && all[1].ends_with(",ok"));
}

#[test]
fn never_more_threads_than_trials_and_none_when_nobody_listens() {
    let images = synthetic(400, 6);
    let dir = tempfile::tempdir().unwrap();
    let mut workers = None;
    run_sweep(
        splits(&images),
        &sweep(),
        dir.path(),
        None,
        1_000_000,
        &AtomicBool::new(false),
        &mut |e| {
            if let SweepEvent::Started { workers: w, .. } = e {
                workers = Some(w);
            }
            true
        },
    )
    .unwrap();
    // 8 trials of 2 seeds: two groups to train.
    assert_eq!(workers, Some(2), "one per group to run, not a million");
    assert_eq!(super::worker_count(1_000_000), super::MAX_WORKERS);
    // A listener gone at the start (e.g. output closed) stops the sweep.
    let quiet = tempfile::tempdir().unwrap();
    run_sweep(
        splits(&images),
        &sweep(),
        quiet.path(),
        None,
        2,
        &AtomicBool::new(false),
        &mut |_| false,
    )
    .unwrap();
    let kept = files::read_trials(&quiet.path().join(TRIALS)).unwrap();
    assert_eq!(kept.results.len(), 0, "nothing trained unheard");
}

/// Regression: merge kept rows of trials outside the sweep's grid.
#[test]
fn merge_drops_and_counts_rows_outside_the_grid() {
    let images = synthetic(400, 7);
    let dir = tempfile::tempdir().unwrap();
    let (results, _) = run(&images, &sweep(), dir.path(), None, 2);
    let path = dir.path().join(TRIALS);
    let mut text = std::fs::read_to_string(&path).unwrap();
    let mut stranger = results[0].clone();
    stranger.key.seed = 3;
    text.push_str(&files::format_row(&stranger, false));
    text.push('\n');
    let mut off_grid = results[1].clone();
    off_grid.key.hyper.learning_rate = 0.5;
    text.push_str(&files::format_row(&off_grid, false));
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let m = super::merge::merge(&[path], out.path()).unwrap();
    assert!(same(&m.results, &results));
    assert_eq!(m.dropped.outside, 2);
    let merged = files::read_trials(&out.path().join(TRIALS)).unwrap();
    assert_eq!((merged.results.len(), merged.dropped.outside), (8, 0));
}

#[test]
fn extra_axes_are_swept_recorded_and_read_back_while_the_original_layout_stays() {
    // The original grid: no extra columns, no extra fields in the sweep line.
    let plain = files::trials_text(&sweep(), &[]);
    assert!(
        !plain.contains("weight_decay") && !plain.contains("augment"),
        "{plain}"
    );
    assert!(
        plain.ends_with(&format!("{}\n", files::TRIALS_HEADER)),
        "{plain}"
    );

    let images = synthetic(400, 2);
    let extra = Sweep {
        beta1: vec![0.9],
        learning_rate: vec![0.003],
        seeds: 1,
        weight_decay: vec![0.0, 0.05],
        augment: vec![false, true],
        ..sweep()
    };
    assert_eq!(extra.trials().len(), 4);
    let dir = tempfile::tempdir().unwrap();
    let (results, trained) = run(&images, &extra, dir.path(), None, 2);
    assert_eq!(trained, 4);
    let text = std::fs::read_to_string(dir.path().join(files::TRIALS)).unwrap();
    let mut lines = text.lines();
    assert!(
        lines.next().unwrap().contains("weight_decay:[0.0,0.05]"),
        "{text}"
    );
    assert_eq!(lines.next().unwrap(), files::trials_header(&extra));
    assert!(files::trials_header(&extra).ends_with(",weight_decay,augment"));
    for line in lines {
        assert_eq!(line.split(',').count(), 14, "{line}");
    }
    // Each setting changes the outcome: four different validation costs.
    let costs: std::collections::HashSet<u64> =
        results.iter().map(|r| r.val_cost.to_bits()).collect();
    assert_eq!(costs.len(), 4, "{results:?}");
    // Read back exactly, and a second run has nothing left to train.
    let back = files::read_trials(&dir.path().join(files::TRIALS)).unwrap();
    assert!(same(&sorted(&extra, back.results), &results));
    let (_, again) = run(&images, &extra, dir.path(), None, 2);
    assert_eq!(again, 0);
    let best = std::fs::read_to_string(dir.path().join(files::BEST)).unwrap();
    assert!(
        best.lines()
            .next()
            .unwrap()
            .ends_with(",Weight decay,Augment"),
        "{best}"
    );
    assert!(best.contains(",0.05,on\n"), "{best}");
}

/// trials.csv with each row's seconds blanked, rows sorted (trials trained
/// together finish in another order than trials trained one by one).
fn trials_without_seconds(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(TRIALS)).unwrap();
    let mut lines: Vec<String> = text
        .lines()
        .map(|line| {
            let mut fields: Vec<&str> = line.split(',').collect();
            if fields.len() >= 12 && !line.starts_with('#') && fields[10] != "seconds" {
                fields[10] = "-";
            }
            fields.join(",")
        })
        .collect();
    lines[2..].sort();
    lines
}

#[test]
fn trials_trained_together_write_the_same_files_as_trials_trained_alone() {
    use super::{Plan, run_planned};
    let images = synthetic(400, 21);
    // Every axis, early stopping (patience 1) and groups that are full,
    // partial (5 into 18 configurations per seed) and single.
    let grid = Sweep {
        beta1: vec![0.9, 0.95, 0.85],
        beta2: vec![0.99, 0.999],
        learning_rate: vec![0.001, 0.01, 0.03],
        seeds: 2,
        patience: 1,
        patience_buffer: 0.02,
        max_epochs: 4,
        weight_decay: vec![0.0, 0.01],
        augment: vec![false, true],
        ..sweep()
    };
    let mut files = Vec::new();
    for (group, workers) in [(1, 1), (5, 2), (super::GROUP, 2)] {
        let dir = tempfile::tempdir().unwrap();
        let plan = Plan {
            shard: None,
            workers,
            group,
            first: None,
        };
        let results = run_planned(
            splits(&images),
            &grid,
            dir.path(),
            &plan,
            &AtomicBool::new(false),
            &mut |_| true,
        )
        .unwrap();
        assert_eq!(results.len(), 144, "group {group}");
        let best = std::fs::read_to_string(dir.path().join(BEST)).unwrap();
        files.push((group, trials_without_seconds(dir.path()), best, results));
    }
    let (_, alone_trials, alone_best, alone) = &files[0];
    let epochs: std::collections::BTreeSet<usize> = alone.iter().map(|r| r.epochs_run).collect();
    assert!(epochs.len() > 1, "some trials stop early: {epochs:?}");
    for (group, trials, best, _) in &files[1..] {
        assert_eq!(trials.len(), 2 + 144);
        assert_eq!(trials, alone_trials, "trials.csv, {group} together");
        assert_eq!(best, alone_best, "{BEST}, {group} together");
    }
}
