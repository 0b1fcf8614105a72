//! The redesigned Train screen through `update`: pacing, earlier runs,
//! live weights, config changes, and snapshots at three sizes.

use std::path::Path;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use super::app::App;
use super::command::Command;
use super::event::Event;
use super::screens::train::{Pace, Phase, WATCH_EPOCHS};
use super::test_support::*;
use crate::network::Network;
use crate::train::{Status, TrainEvent};

fn he() -> Box<Network> {
    Box::new(Network::he_init(&mut ChaCha8Rng::seed_from_u64(5)))
}

fn snapshot(run: u64, epoch: usize) -> Event {
    train(
        run,
        TrainEvent::Snapshot {
            epoch,
            batch: 800,
            network: he(),
        },
    )
}

fn config(src: &str) -> crate::config::Config {
    crate::config::parse(Path::new("config.ron"), src).expect("config")
}

/// Run `run` started, `epochs` epochs of `history`, a snapshot, and
/// progress into the next epoch.
fn running(a: &mut App, run: u64, epochs: usize) {
    feed(a, [ch('s'), started(run)]);
    for e in history(epochs) {
        feed(a, [train(run, TrainEvent::Epoch(e))]);
    }
    let best = epochs.min(6);
    if best > 0 {
        let m = history(epochs)[best - 1].validation;
        feed(
            a,
            [train(
                run,
                TrainEvent::Improved {
                    epoch: best,
                    validation: m,
                    network: he(),
                },
            )],
        );
    }
    feed(a, [snapshot(run, epochs + 1)]);
    for i in 1..=40 {
        let cost = 0.09 + 0.03 * ((i * 7 % 11) as f64 / 11.0);
        feed(a, [progress(run, epochs + 1, i * 25, cost)]);
    }
}

fn finish(a: &mut App, run: u64, epochs: usize) {
    feed(a, [ch('s')]);
    feed(
        a,
        [train(
            run,
            TrainEvent::Finished(Box::new(summary(Status::Converged, history(epochs)))),
        )],
    );
    feed(
        a,
        [Event::Saved(Ok(crate::model_file::SaveOutcome::Saved(
            "saves/model.ron".into(),
        )))],
    );
}

fn mid_training() -> App {
    let mut a = ready_app();
    running(&mut a, 1, 12);
    a.ctx.notice = None;
    a
}

fn with_earlier_runs() -> App {
    let mut a = ready_app();
    running(&mut a, 1, 12);
    finish(&mut a, 1, 12);
    feed(&mut a, [ch('r'), ch('r'), ch('c')]);
    feed(&mut a, [Event::Config(Ok(config("(learning_rate: 0.01)")))]);
    running(&mut a, 2, 5);
    a.ctx.notice = None;
    a
}

#[test]
fn snapshot_train_views_at_three_sizes() {
    let mut idle = ready_app();
    idle.ctx.notice = None;
    snapshot_sizes("train_idle", &idle);
    let mid = mid_training();
    snapshot_sizes("train_mid_training", &mid);
    let mut done = mid_training();
    finish(&mut done, 1, 12);
    done.ctx.notice = None;
    assert_eq!(done.screens.train.phase, Phase::Finished);
    snapshot_sizes("train_finished", &done);
    let earlier = with_earlier_runs();
    snapshot_sizes("train_with_earlier_runs", &earlier);
    for (name, app) in [("mid", &mid), ("finished", &done), ("earlier", &earlier)] {
        let f = fill(app, 200, 60);
        eprintln!("fill at 200x60, {name}: {f:.2}");
        assert!(f > 0.3, "{name}: {f}");
    }
    for (w, h) in [(1, 1), (3, 200), (200, 3), (79, 24), (100, 31), (160, 40)] {
        render(&earlier, w, h);
    }
}

#[test]
fn the_default_pace_watches_the_first_epochs_then_goes_full_speed() {
    let mut a = ready_app();
    let cmds = feed(&mut a, [ch('s'), started(1)]);
    assert!(matches!(
        cmds.as_slice(),
        [Command::StartTraining { slow: true, .. }]
    ));
    assert_eq!(a.screens.train.pace, Pace::Watch);
    let h = history(WATCH_EPOCHS + 1);
    for e in &h[..WATCH_EPOCHS - 1] {
        let cmds = feed(&mut a, [train(1, TrainEvent::Epoch(e.clone()))]);
        assert!(cmds.is_empty(), "{cmds:?}");
    }
    let cmds = feed(
        &mut a,
        [train(1, TrainEvent::Epoch(h[WATCH_EPOCHS - 1].clone()))],
    );
    assert!(
        matches!(cmds.as_slice(), [Command::SetSlow(false)]),
        "{cmds:?}"
    );
    assert!(!a.screens.train.slow);
    let cmds = feed(
        &mut a,
        [train(1, TrainEvent::Epoch(h[WATCH_EPOCHS].clone()))],
    );
    assert!(cmds.is_empty(), "once is enough: {cmds:?}");
}

#[test]
fn z_goes_full_speed_at_once_and_again_slows_throughout() {
    let mut a = ready_app();
    feed(&mut a, [ch('s'), started(1)]);
    let cmds = feed(&mut a, [ch('z')]);
    assert!(
        matches!(cmds.as_slice(), [Command::SetSlow(false)]),
        "{cmds:?}"
    );
    assert_eq!(
        (a.screens.train.pace, a.screens.train.slow),
        (Pace::Full, false)
    );
    let cmds = feed(&mut a, [ch('z')]);
    assert!(
        matches!(cmds.as_slice(), [Command::SetSlow(true)]),
        "{cmds:?}"
    );
    assert_eq!(a.screens.train.pace, Pace::Slow);
    // Slow throughout: epochs do not end it.
    for e in history(4) {
        assert!(feed(&mut a, [train(1, TrainEvent::Epoch(e))]).is_empty());
    }
    assert!(a.screens.train.slow);
    // Chosen full speed: the next run starts at full speed.
    feed(&mut a, [ch('z'), ch('s')]);
    finish(&mut a, 1, 4);
    let cmds = feed(&mut a, [ch('s')]);
    assert!(
        matches!(
            cmds.as_slice(),
            [Command::StartTraining { slow: false, .. }]
        ),
        "{cmds:?}"
    );
}

#[test]
fn snapshots_refresh_the_weight_tiles_and_the_sample_digit() {
    let mut a = ready_app();
    feed(&mut a, [ch('s'), started(1)]);
    assert!(a.screens.train.tiles.is_empty());
    let sample = a
        .screens
        .train
        .sample
        .clone()
        .expect("a test digit to follow");
    assert_eq!(sample.label, 0, "test digit 0 of the fake data");
    assert!(sample.probabilities.is_none());
    feed(&mut a, [snapshot(1, 1)]);
    assert_eq!(a.screens.train.tiles.len(), 16 * 784);
    assert!(
        a.screens
            .train
            .tiles
            .iter()
            .all(|v| (-1.0..=1.0).contains(v))
    );
    assert!(a.screens.train.tiles.iter().any(|v| v.abs() > 0.5));
    let p = a
        .screens
        .train
        .sample
        .as_ref()
        .and_then(|s| s.probabilities)
        .expect("guess");
    assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-3);
    let text = render(&a, 80, 24);
    assert!(text.contains("test digit 0: says"), "{text}");
    let text = render(&a, 200, 60);
    assert!(
        text.contains("what each first-layer neuron looks for"),
        "{text}"
    );
}

#[test]
fn dead_units_are_shown_with_the_live_stats() {
    let mut a = ready_app();
    feed(&mut a, [ch('s'), started(1)]);
    let mut e = history(1).remove(0);
    e.dead_units = [1, 0];
    feed(&mut a, [train(1, TrainEvent::Epoch(e))]);
    let text = render(&a, 80, 24);
    assert!(text.contains("dead units 1/16, 0/16"), "{text}");
}

#[test]
fn earlier_runs_stay_on_the_chart_faded_and_labelled() {
    let a = with_earlier_runs();
    assert_eq!(a.screens.train.past.len(), 1);
    assert_eq!(a.screens.train.past[0].label, "lr 0.0025");
    assert_eq!(a.screens.train.past[0].cost.len(), 12);
    let text = render(&a, 120, 40);
    assert!(text.contains("earlier: lr 0.0025"), "{text}");
    // Whole at the smallest size too, on the chart's bottom border.
    let text = render(&a, 80, 24);
    assert!(text.contains("earlier: lr 0.0025 "), "{text}");
    assert!(text.contains("best 5"), "{text}");
    // At most PAST_RUNS are kept, the oldest dropped.
    let mut a = ready_app();
    for run in 1..=6u64 {
        running(&mut a, run, 3);
        finish(&mut a, run, 3);
    }
    feed(&mut a, [ch('s')]);
    assert_eq!(a.screens.train.past.len(), 4);
}

#[test]
fn reloading_the_config_lists_what_changed() {
    let mut a = ready_app();
    let cmds = feed(&mut a, [ch('c')]);
    assert!(matches!(cmds.as_slice(), [Command::ReloadConfig]));
    feed(
        &mut a,
        [Event::Config(Ok(config(
            "(learning_rate: 0.01, patience: 3)",
        )))],
    );
    let text = render(&a, 80, 24);
    assert!(text.contains("learning_rate 0.0025 → 0.01"), "{text}");
    assert!(text.contains("patience 120 → 3"), "{text}");
    assert!(text.contains("2 changes"), "{text}");
    // Starting a run takes the changes in: the list goes.
    feed(&mut a, [ch('s'), started(1)]);
    assert!(!render(&a, 80, 24).contains("→ 0.01"));
    // Reloading an unchanged file says so, and lists nothing.
    feed(&mut a, [ch('c')]);
    let same = a.ctx.config.clone();
    feed(&mut a, [Event::Config(Ok(same))]);
    let text = render(&a, 80, 24);
    assert!(text.contains("config.ron unchanged"), "{text}");
    assert!(text.contains("┌ this run ─"), "{text}");
    // A change while it runs is for the next start.
    let next = "(learning_rate: 0.02, patience: 3)";
    feed(&mut a, [Event::Config(Ok(config(next)))]);
    let text = render(&a, 80, 24);
    assert!(
        text.contains("config.ron: learning_rate 0.01 → 0.02"),
        "{text}"
    );
    assert!(text.contains("┌ this run 1 change ─"), "{text}");
    assert!(text.contains("changed for the next start:"), "{text}");
}
