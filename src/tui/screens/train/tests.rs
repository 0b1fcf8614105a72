//! The Train screen's tests, all in one place: the screen on its own (keys
//! in, messages out), the app driving it through `update` (runs, saving,
//! config changes, the missing-data panel), and snapshots.

use std::path::Path;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::model_file::SaveOutcome;
use crate::network::Network;
use crate::train::{Status, TrainEvent};
use crate::tui::app::App;
use crate::tui::command::Command;
use crate::tui::ctx::{DataHelp, DataState};
use crate::tui::event::{DataEvent, Event};
use crate::tui::keys::Row;
use crate::tui::test_support::*;

fn labels(rows: Vec<Row>) -> Vec<&'static str> {
    rows.into_iter().map(|r| r.label).collect()
}

#[test]
fn start_asks_for_a_run_only_with_data() {
    let mut t = TrainScreen::default();
    let msgs = t.handle_key(&press(KeyCode::Char('s')), &bare_ctx());
    assert!(matches!(msgs.as_slice(), [Msg::Warn(w)] if w.contains("not loaded")));
    assert_eq!(t.phase, Phase::Idle);
    let msgs = t.handle_key(&press(KeyCode::Char('s')), &ready_ctx());
    assert!(matches!(
        msgs.as_slice(),
        [Msg::Run(Command::StartTraining {
            run: 1,
            start: None,
            ..
        })]
    ));
    assert_eq!(t.phase, Phase::Starting);
}

#[test]
fn download_asks_the_app_and_the_footer_offers_it_only_without_data() {
    let mut t = TrainScreen::default();
    let mut ctx = bare_ctx();
    assert!(
        t.handle_key(&press(KeyCode::Char('d')), &ctx).is_empty(),
        "loading: nothing to do"
    );
    ctx.data = DataState::Missing(Default::default());
    assert!(matches!(
        t.handle_key(&press(KeyCode::Char('d')), &ctx).as_slice(),
        [Msg::StartDownload]
    ));
    assert_eq!(labels(t.footer(&ctx)), ["d", "c"]);
    let ready = labels(t.footer(&ready_ctx()));
    assert!(!ready.contains(&"d") && ready.contains(&"s"), "{ready:?}");
    assert!(labels(t.keys()).contains(&"d"), "help lists every key");
}

#[test]
fn weight_tiles_regroup_w1_by_neuron_and_scale_each_tile() {
    use crate::network::{HIDDEN1, INPUTS, W1};
    let mut net = crate::network::Network::zeros();
    // Neuron 3 sees input 5 strongly positive, input 6 negative.
    net.params[W1.start + 5 * HIDDEN1 + 3] = 2.0;
    net.params[W1.start + 6 * HIDDEN1 + 3] = -1.0;
    let tiles = state::weight_tiles(&net);
    assert_eq!(tiles.len(), HIDDEN1 * INPUTS);
    let tile = &tiles[3 * INPUTS..4 * INPUTS];
    // Scaled to 2 standard deviations, so sparse outliers clip at the ends.
    assert_eq!((tile[5], tile[6]), (1.0, -1.0));
    assert!(tiles[..3 * INPUTS].iter().all(|v| *v == 0.0));
}

#[test]
fn config_changes_name_the_fields_that_differ() {
    let old = crate::config::Config::default();
    let new = crate::config::parse(
        std::path::Path::new("config.ron"),
        "(learning_rate: 0.01, seed: Some(3))",
    )
    .expect("config");
    let changes = crate::hyper::changes(&old, &new);
    let names: Vec<&str> = changes.iter().map(|c| c.0).collect();
    assert_eq!(names, ["learning_rate", "seed"]);
    assert_eq!(changes[0].2, "0.01");
    assert!(crate::hyper::changes(&old, &old).is_empty());
}

#[test]
fn the_epoch_axis_starts_at_the_first_epoch_on_both_charts() {
    let labels = |a: &crate::tui::widgets::plot::Axis| -> Vec<String> {
        a.ticks.iter().map(|t| t.1.clone()).collect()
    };
    let a = chart::epoch_axis((1, 12), 40);
    assert_eq!(a.bounds, [1.0, 12.0]);
    assert_eq!(labels(&a), ["1", "5", "10"]);
    // Wider: finer steps, same origin.
    let a = chart::epoch_axis((1, 12), 120);
    assert_eq!(a.bounds[0], 1.0);
    assert_eq!(labels(&a)[..3], ["1", "2", "3"]);
    // The last 20 epochs: from the first shown, round ones after it.
    let a = chart::epoch_axis((31, 50), 40);
    assert_eq!(a.bounds, [31.0, 50.0]);
    assert_eq!(labels(&a), ["31", "35", "40", "45", "50"]);
}

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
    let notice = &a.ctx.notice.as_ref().expect("said").text;
    assert!(notice.contains("on the Train screen, z:"), "{notice}");
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
    let text = render(&a, 120, 40);
    assert!(
        text.contains("what each first-layer neuron looks for (live"),
        "{text}"
    );
    // At 200x60 the title is on the run panel's border, pointing at them.
    let text = render(&a, 200, 60);
    assert!(text.contains("weights (live; blue + / red −) →"), "{text}");
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

#[test]
fn start_needs_data() {
    let mut a = app();
    assert!(feed(&mut a, [ch('s')]).is_empty());
    assert!(a.ctx.notice.as_ref().is_some_and(|n| n.error));
    assert_eq!(a.screens.train.phase, Phase::Idle);
}

#[test]
fn a_run_from_start_to_saved() {
    let mut a = ready_app();
    let cmds = feed(&mut a, [ch('s')]);
    let [
        Command::StartTraining {
            run,
            seed,
            start,
            config,
            ..
        },
    ] = cmds.as_slice()
    else {
        panic!("{cmds:?}")
    };
    assert_eq!((*run, *seed, start.is_none()), (1, None, true));
    assert_eq!(config.batch_size, 32);
    assert_eq!(a.screens.train.phase, Phase::Starting);
    feed(
        &mut a,
        [
            started(1),
            progress(1, 1, 500, 0.9),
            progress(1, 1, 1000, 0.5),
        ],
    );
    assert_eq!(a.screens.train.phase, Phase::Running);
    assert_eq!(a.screens.train.seed, Some(26));
    assert_eq!(a.screens.train.batch_costs, vec![0.9, 0.5]);
    let h = history(3);
    let cmds = feed(
        &mut a,
        h.iter().cloned().map(|e| train(1, TrainEvent::Epoch(e))),
    );
    // The default pace: slow motion ends after the first epochs.
    assert!(
        matches!(cmds.as_slice(), [Command::SetSlow(false)]),
        "{cmds:?}"
    );
    assert_eq!(a.screens.train.history.len(), 3);
    feed(&mut a, [progress(1, 4, 10, 0.2)]);
    assert_eq!(
        a.screens.train.batch_costs,
        vec![0.2],
        "a new epoch starts a new batch sparkline"
    );
    // Pause and resume.
    assert!(matches!(
        feed(&mut a, [ch('p')]).as_slice(),
        [Command::SetPaused(true)]
    ));
    assert_eq!(a.screens.train.phase, Phase::Paused);
    assert!(matches!(
        feed(&mut a, [ch(' ')]).as_slice(),
        [Command::SetPaused(false)]
    ));
    // Stop; the worker answers with its summary, which is saved.
    assert!(matches!(
        feed(&mut a, [ch('s')]).as_slice(),
        [Command::StopTraining]
    ));
    assert_eq!(a.screens.train.phase, Phase::Stopping);
    let cmds = feed(
        &mut a,
        [train(
            1,
            TrainEvent::Finished(Box::new(summary(Status::Stopped, h))),
        )],
    );
    let [
        Command::SaveModel {
            model,
            beside: false,
        },
    ] = cmds.as_slice()
    else {
        panic!("{cmds:?}")
    };
    assert_eq!(model.info.best_epoch, Some(6));
    assert_eq!(a.screens.train.phase, Phase::Finished);
    assert!(
        a.screens.train.network.is_some(),
        "the next start continues from the best weights"
    );
    feed(&mut a, [Event::Saved(Ok(saved_to("saves/model.ron")))]);
    assert_eq!(
        a.screens.train.saved.as_deref(),
        Some("saved to saves/model.ron")
    );
    // Start again: continues from those weights, as run 2.
    let cmds = feed(&mut a, [ch('s')]);
    assert!(matches!(
        cmds.as_slice(),
        [Command::StartTraining {
            run: 2,
            start: Some(_),
            ..
        }]
    ));
}

#[test]
fn events_of_an_old_run_are_ignored() {
    let mut a = ready_app();
    feed(&mut a, [ch('s'), started(1), ch('s')]);
    feed(
        &mut a,
        [train(
            1,
            TrainEvent::Finished(Box::new(summary(Status::Stopped, history(2)))),
        )],
    );
    feed(&mut a, [ch('s')]);
    assert_eq!(a.screens.train.run, 2);
    feed(
        &mut a,
        [train(1, TrainEvent::Epoch(epoch(7, 0.1, 0.1, 0.9, 7, 0)))],
    );
    assert!(a.screens.train.history.is_empty());
}

#[test]
fn divergence_is_not_saved() {
    let mut a = ready_app();
    feed(&mut a, [ch('s'), started(1)]);
    let cmds = feed(
        &mut a,
        [train(
            1,
            TrainEvent::Finished(Box::new(summary(Status::Diverged, vec![]))),
        )],
    );
    assert!(cmds.is_empty());
    assert!(
        a.screens
            .train
            .summary
            .as_ref()
            .is_some_and(|s| s.status == Status::Diverged)
    );
}

#[test]
fn save_key_needs_a_best_epoch_and_reset_waits_for_stop() {
    let mut a = ready_app();
    assert!(feed(&mut a, [ch('w')]).is_empty());
    feed(&mut a, [ch('s'), started(1)]);
    feed(
        &mut a,
        [train(
            1,
            TrainEvent::Improved {
                epoch: 1,
                validation: crate::eval::Metrics {
                    accuracy: 0.9,
                    cost: 0.3,
                },
                network: Box::new(crate::network::Network::zeros()),
            },
        )],
    );
    let cmds = feed(&mut a, [ch('w')]);
    let [
        Command::SaveModel {
            model: m,
            beside: true,
        },
    ] = cmds.as_slice()
    else {
        panic!("{cmds:?}")
    };
    assert_eq!((m.info.best_epoch, m.info.seed), (Some(1), Some(26)));
    assert!(feed(&mut a, [ch('r')]).is_empty());
    assert!(
        a.ctx.notice.as_ref().is_some_and(|n| n.error),
        "reset refused while training"
    );
    feed(
        &mut a,
        [
            ch('s'),
            train(
                1,
                TrainEvent::Finished(Box::new(summary(Status::Stopped, history(1)))),
            ),
        ],
    );
    let _ = feed(&mut a, [Event::Saved(Ok(saved_to("saves/model.ron")))]);
    feed(&mut a, [ch('r')]);
    assert!(a.screens.train.network.is_none() && a.screens.train.history.is_empty());
    assert_eq!(a.screens.train.run, 1, "run ids keep counting");
}

#[test]
fn bad_config_reload_keeps_the_old_config() {
    let mut a = app();
    assert!(matches!(
        feed(&mut a, [ch('c')]).as_slice(),
        [Command::ReloadConfig]
    ));
    let before = a.ctx.config.clone();
    feed(
        &mut a,
        [Event::Config(Err(
            "config.ron:3:5: beta1: must be strictly between 0 and 1".into(),
        ))],
    );
    assert_eq!(a.ctx.config, before);
    assert!(
        a.ctx
            .config_error
            .as_deref()
            .is_some_and(|e| e.contains("3:5"))
    );
    let changed = crate::config::RawConfig {
        batch_size: 64,
        ..Default::default()
    };
    feed(&mut a, [Event::Config(Ok(changed.check().unwrap()))]);
    assert_eq!(a.ctx.config.batch_size, 64);
    assert!(a.ctx.config_error.is_none());
}

/// What the runner reports after `attempts` downloads failed offline.
fn offline_help(attempts: u32) -> DataHelp {
    let lookup = "io: failed to lookup address information: Temporary failure in name resolution";
    DataHelp {
        searched: vec![("assets/mnist".into(), "default: 0 of the 4 files".into())],
        mirrors: vec![
            (
                "https://ossci-datasets.s3.amazonaws.com/mnist/".into(),
                "config.ron",
            ),
            (
                "https://storage.googleapis.com/cvdf-datasets/mnist/".into(),
                "config.ron",
            ),
        ],
        attempts,
        failures: vec![
            (
                "https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz".into(),
                lookup.into(),
            ),
            (
                "https://storage.googleapis.com/cvdf-datasets/mnist/train-images-idx3-ubyte.gz"
                    .into(),
                lookup.into(),
            ),
        ],
        download_dir: "assets/mnist".into(),
        command: "cargo run --release --",
    }
}

#[test]
fn a_failed_download_says_so_and_d_retries_visibly() {
    let mut a = app();
    feed(&mut a, [Event::Data(DataEvent::Missing(offline_help(1)))]);
    let screen = render(&a, 100, 30);
    assert!(screen.contains("The download failed:"), "{screen}");
    assert!(
        screen.contains("--mirror URL") && screen.contains("MNIST_MIRROR"),
        "{screen}"
    );
    assert!(
        screen.contains("MNIST_DIR=") && screen.contains("--data-dir"),
        "{screen}"
    );
    assert!(!screen.contains("No download was tried"), "{screen}");
    let cmds = feed(&mut a, [ch('d')]);
    assert!(matches!(cmds.as_slice(), [Command::StartDownload]));
    let screen = render(&a, 100, 30);
    assert!(screen.contains("try 2: downloading connecting"), "{screen}");
    feed(&mut a, [Event::Data(DataEvent::Missing(offline_help(2)))]);
    let screen = render(&a, 100, 30);
    assert!(screen.contains("Download try 2 failed:"), "{screen}");
    // A second failure starts nothing by itself.
    assert!(feed(&mut a, [Event::Data(DataEvent::Missing(offline_help(3)))]).is_empty());
}

#[test]
fn new_mirrors_in_config_are_tried_at_once_when_mnist_is_missing() {
    let mut a = app();
    feed(&mut a, [Event::Data(DataEvent::Missing(offline_help(1)))]);
    let mirrored = crate::config::RawConfig {
        mirrors: vec!["http://127.0.0.1:8000/".into()],
        ..Default::default()
    };
    let cmds = feed(&mut a, [Event::Config(Ok(mirrored.check().unwrap()))]);
    assert!(
        matches!(cmds.as_slice(), [Command::StartDownload]),
        "{cmds:?}"
    );
    // The reload says what changed rather than "unchanged".
    a.screens.train.reload_base = Some(crate::config::Config::default());
    let screen = render(&a, 120, 30);
    assert!(!screen.contains("unchanged"), "{screen}");
}

#[test]
fn missing_data_is_downloaded_at_once_and_d_retries() {
    let mut a = app();
    let cmds = feed(
        &mut a,
        [Event::Data(DataEvent::Missing(DataHelp::default()))],
    );
    assert!(matches!(cmds.as_slice(), [Command::StartDownload]));
    assert!(matches!(a.ctx.data, DataState::Downloading { .. }));
    assert!(feed(&mut a, [ch('d')]).is_empty(), "already downloading");
    feed(
        &mut a,
        [Event::Data(DataEvent::Failed("no network".into()))],
    );
    let cmds = feed(&mut a, [ch('d')]);
    assert!(matches!(cmds.as_slice(), [Command::StartDownload]));
    assert!(matches!(a.ctx.data, DataState::Downloading { .. }));
    feed(
        &mut a,
        [Event::Data(DataEvent::Loaded(fake_mnist(100, 10)))],
    );
    assert!(a.ctx.data.ready().is_some());
    assert!(
        feed(&mut a, [ch('d')]).is_empty(),
        "nothing to download any more"
    );
}

// ---- snapshots ----

fn mid_training_snapshot() -> App {
    let mut a = ready_app();
    feed(&mut a, [ch('s'), started(1)]);
    for e in history(12) {
        feed(&mut a, [train(1, TrainEvent::Epoch(e))]);
    }
    a.screens.train.best = Some((
        6,
        crate::eval::Metrics {
            accuracy: 0.9587,
            cost: 0.1502,
        },
        crate::network::Network::zeros(),
    ));
    for i in 1..=40 {
        let cost = 0.09 + 0.03 * ((i * 7 % 11) as f64 / 11.0);
        feed(&mut a, [progress(1, 13, i * 25, cost)]);
    }
    a
}

#[test]
fn snapshot_train_idle() {
    let mut a = ready_app();
    a.ctx.notice = None;
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn snapshot_train_mid_training() {
    let mut a = mid_training_snapshot();
    a.ctx.notice = None;
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn snapshot_train_finished() {
    let mut a = mid_training_snapshot();
    feed(&mut a, [ch('s')]);
    let cmds = feed(
        &mut a,
        [train(
            1,
            TrainEvent::Finished(Box::new(summary(Status::Converged, history(12)))),
        )],
    );
    assert_eq!(cmds.len(), 1);
    feed(&mut a, [Event::Saved(Ok(saved_to("saves/model.ron")))]);
    a.ctx.notice = None;
    insta::assert_snapshot!(render(&a, 100, 30));
}

#[test]
fn snapshot_train_diverged() {
    let mut a = ready_app();
    feed(&mut a, [ch('s'), started(1)]);
    let mut h = history(3);
    h[2].train_cost = f64::NAN;
    h[2].validation.cost = f64::NAN;
    for e in h.clone() {
        feed(&mut a, [train(1, TrainEvent::Epoch(e))]);
    }
    feed(&mut a, [progress(1, 4, 100, f64::NAN)]);
    feed(
        &mut a,
        [train(
            1,
            TrainEvent::Finished(Box::new(summary(Status::Diverged, h))),
        )],
    );
    a.ctx.notice = None;
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn snapshot_missing_data() {
    let mut a = app();
    // After the download at start failed (no network).
    feed(&mut a, [Event::Data(DataEvent::Missing(offline_help(1)))]);
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn a_continued_run_stopped_before_an_epoch_keeps_the_earlier_best() {
    let mut a = ready_app();
    feed(&mut a, [ch('s'), started(1)]);
    let mut first = summary(Status::Converged, history(8));
    first.network = crate::network::Network::he_init(
        &mut <rand::rngs::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(3),
    );
    feed(
        &mut a,
        [train(1, TrainEvent::Finished(Box::new(first.clone())))],
    );
    // A better model already sat in the model file: nothing was saved.
    feed(
        &mut a,
        [Event::Saved(Ok(SaveOutcome::KeptExisting {
            existing: "saves/model.ron".into(),
            saved: None,
            reason: "0.1200 vs 0.1341".into(),
        }))],
    );
    // Continue, and stop again before the first epoch completes.
    let cmds = feed(&mut a, [ch('s'), started(2)]);
    assert!(matches!(
        cmds.as_slice(),
        [Command::StartTraining { start: Some(_), .. }]
    ));
    feed(&mut a, [ch('s')]);
    let mut nothing = summary(Status::Stopped, Vec::new());
    nothing.best_epoch = 0;
    nothing.network = crate::network::Network::zeros();
    let cmds = feed(&mut a, [train(2, TrainEvent::Finished(Box::new(nothing)))]);
    assert!(cmds.is_empty(), "nothing new to save");
    assert_eq!(
        a.screens.train.network.as_ref(),
        Some(&first.network),
        "the next start still continues from the earlier best"
    );
    assert!(
        a.screens
            .train
            .saved
            .as_deref()
            .is_some_and(|s| s.contains("earlier best (epoch 6) is kept")),
        "{:?}",
        a.screens.train.saved
    );
    let cmds = feed(&mut a, [ch('w')]);
    let [
        Command::SaveModel {
            model,
            beside: true,
        },
    ] = cmds.as_slice()
    else {
        panic!("w saves the earlier best: {cmds:?}")
    };
    assert_eq!(model.info.best_epoch, Some(6));
    assert_eq!(model.network, first.network);
}

#[test]
fn reset_asks_before_discarding_an_unsaved_model() {
    let mut a = finished_unsaved();
    feed(&mut a, [ch('r')]);
    assert!(a.screens.train.network.is_some(), "the first r only asks");
    assert!(
        a.ctx
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("r again discards"))
    );
    // Any other key in between cancels the question.
    feed(&mut a, [ch('v'), ch('r')]);
    assert!(a.screens.train.network.is_some());
    feed(&mut a, [ch('r')]);
    assert!(a.screens.train.network.is_none() && a.screens.train.history.is_empty());
}

#[test]
fn large_patience_values_are_shown_whole_at_80x24() {
    let mut a = ready_app();
    let raw = crate::config::RawConfig {
        patience: 100_000,
        ..Default::default()
    };
    feed(
        &mut a,
        [Event::Config(Ok(raw.check().unwrap())), ch('s'), started(1)],
    );
    feed(
        &mut a,
        [train(
            1,
            TrainEvent::Epoch(epoch(200, 0.1, 0.2, 0.95, 44, 156)),
        )],
    );
    let screen = render(&a, 80, 24);
    assert!(screen.contains("100000 epochs"), "{screen}");
    assert!(
        screen.contains("156 of 100000 epochs with no gain > 0.0001"),
        "{screen}"
    );
}

#[test]
fn config_errors_show_one_problem_per_line() {
    let mut a = ready_app();
    feed(
        &mut a,
        [Event::Config(Err(
            "config.ron:3:5: beta1: must be strictly between 0 and 1 (got 2)\nconfig.ron:4:5: patience: must be at least 1 (got 0)".into(),
        ))],
    );
    let screen = render(&a, 120, 30);
    let starts = |text: &str| {
        screen
            .lines()
            .any(|l| l.trim_start_matches(['"', '│', ' ']).starts_with(text))
    };
    assert!(starts("config.ron:4:5: patience"), "{screen}");
    assert!(starts("Fix it and save"), "{screen}");
}

#[test]
fn a_download_shows_its_rate() {
    let mut a = app();
    feed(
        &mut a,
        [
            Event::Data(DataEvent::Missing(DataHelp::default())),
            Event::Data(DataEvent::Download(
                crate::data::download::DownloadEvent::Progress {
                    file: "train-images-idx3-ubyte.gz".into(),
                    bytes: 2_000_000,
                    total: Some(9_912_422),
                    bytes_per_sec: 350_000,
                },
            )),
        ],
    );
    let screen = render(&a, 80, 24);
    assert!(screen.contains("2.0 / 9.9 MB · 350 kB/s"), "{screen}");
}

// ---- issue 22: what the tour found ----

/// Cells drawn as half blocks (the weight tiles), and their distinct
/// colours (a picture, not a flat fill).
fn half_blocks(a: &App, w: u16, h: u16) -> (usize, usize) {
    let buf = buffer(a, w, h);
    let cells: Vec<_> = buf
        .content()
        .iter()
        .filter(|c| matches!(c.symbol(), "▀" | "▄"))
        .collect();
    let colours: std::collections::HashSet<String> = cells
        .iter()
        .map(|c| format!("{:?}{:?}", c.fg, c.bg))
        .collect();
    (cells.len(), colours.len())
}

#[test]
fn weight_tiles_are_half_blocks_at_every_size_and_full_size_when_they_fit() {
    let a = mid_training();
    // 80x24: two 14x14 tiles in the settings' place, and how many of 16.
    let (n, colours) = half_blocks(&a, 80, 24);
    assert!(n >= 2 * 14 * 7, "{n}");
    assert!(colours > 20, "{colours}");
    let text = render(&a, 80, 24);
    assert!(text.contains("2 of 16"), "{text}");
    // The settings they replace had the seed: it stays on screen.
    assert!(text.contains("seed 26 · 50000 train · 10000 val"), "{text}");
    // 120x40: all sixteen at 14x14.
    let (n, _) = half_blocks(&a, 120, 40);
    assert!(n >= 16 * 14 * 7, "{n}");
    // 200x60: all sixteen at the full 28x28, not downsampled.
    let (n, _) = half_blocks(&a, 200, 60);
    assert!(n >= 16 * 28 * 14, "{n}");
    // Before any weights, a line says where they will be.
    let mut idle = ready_app();
    idle.ctx.notice = None;
    assert!(render(&idle, 200, 60).contains("weights appear here once training starts"));
}

#[test]
fn a_finished_run_opens_on_all_its_epochs_and_v_zooms_in() {
    let mut a = ready_app();
    running(&mut a, 1, 30);
    finish(&mut a, 1, 30);
    a.ctx.notice = None;
    let text = render(&a, 120, 40);
    assert!(!text.contains("last 20 epochs"), "{text}");
    let axis_rows: Vec<&str> = text.lines().filter(|l| l.contains("30")).collect();
    assert!(
        axis_rows.iter().any(|l| l.contains("│    1 ")),
        "from epoch 1: {text}"
    );
    feed(&mut a, [ch('v')]);
    assert!(render(&a, 120, 40).contains("last 20 epochs · v: all"));
}

#[test]
fn the_first_epoch_is_drawn_batch_by_batch_as_it_runs() {
    let mut a = ready_app();
    feed(&mut a, [ch('s'), started(1)]);
    a.ctx.notice = None;
    let text = render(&a, 80, 24);
    assert!(
        text.contains("the first batches are on their way"),
        "{text}"
    );
    for i in 1..=30 {
        let cost = 2.3 - 1.8 * (i as f64 / 30.0);
        feed(&mut a, [progress(1, 1, i * 26, cost)]);
    }
    assert_eq!(a.screens.train.tail.len(), 30);
    let text = render(&a, 80, 24);
    // An axis of the first epoch, its batches' costs on it, said so.
    assert!(text.contains("dots: epoch 1's batches so far"), "{text}");
    assert!(text.contains(" ½ "), "{text}");
    let cost_chart: usize = text
        .lines()
        .skip(13)
        .map(|l| {
            l.chars()
                .take(44)
                .filter(|c| ('\u{2801}'..='\u{28ff}').contains(c))
                .count()
        })
        .sum();
    assert!(cost_chart >= 15, "{cost_chart} dots:\n{text}");
    assert!(
        !text.contains("the first batches are on their way"),
        "{text}"
    );
}

#[test]
fn slow_motion_is_slow_enough_to_watch_and_z_says_what_it_does() {
    // About 30 s for the first epoch (the computing counts towards it).
    assert_eq!(SLOW_EPOCH_MS, 30_000);
    assert_eq!(WATCH_EPOCHS, 1);
    let mut a = ready_app();
    a.ctx.notice = None;
    let idle = render(&a, 80, 24);
    assert!(
        idle.contains("slow motion: epoch 1 takes 30 s (z skips it)"),
        "{idle}"
    );
    feed(&mut a, [ch('s'), started(1), progress(1, 1, 100, 2.0)]);
    a.ctx.notice = None;
    let text = render(&a, 80, 24);
    // The footer names what z does now, not "slow" while already slow.
    let footer = text.lines().last().expect("footer");
    assert!(footer.contains("z skip slow motion"), "{footer}");
    feed(&mut a, [ch('z')]);
    a.ctx.notice = None;
    let footer = render(&a, 80, 24)
        .lines()
        .last()
        .expect("footer")
        .to_string();
    assert!(footer.contains("z slow motion"), "{footer}");
}

#[test]
fn the_progress_line_starts_with_its_words_and_has_its_bar_after_them() {
    let a = mid_training();
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let text = render(&a, w, h);
        let line = text
            .lines()
            .find(|l| l.contains("epoch 13 "))
            .expect("progress line");
        assert!(
            line.contains("││epoch 13 ") || line.contains("│epoch 13 "),
            "{line}"
        );
        assert!(line.contains("━") && !line.contains("█"), "{line}");
    }
}

#[test]
fn notes_and_labels_leave_the_axes_and_curves_alone_at_80x24() {
    let mut idle = ready_app();
    idle.ctx.notice = None;
    let text = render(&idle, 80, 24);
    // The empty chart's note keeps right of the y axis labels.
    for tick in ["│0.6┤", "│0.4┤", "│0.2┤", "│0.0┤"] {
        assert!(text.contains(tick), "{tick}:\n{text}");
    }
    assert!(text.contains("earlier runs stay here, faded"), "{text}");
    // The last epoch keeps its tick label beside the axis title.
    let done = {
        let mut a = mid_training();
        finish(&mut a, 1, 12);
        a.ctx.notice = None;
        a
    };
    let text = render(&done, 80, 24);
    let labels = text.lines().nth(21).expect("x labels");
    assert_eq!(labels.matches("10").count(), 2, "{labels}");
    assert!(
        text.contains("best 6") && text.contains("stop 12"),
        "{text}"
    );
}

#[test]
fn without_colour_train_and_validation_are_told_apart_by_stroke() {
    use crate::tui::theme::{ColorMode, set_test_mode};
    let mut a = mid_training();
    finish(&mut a, 1, 12);
    a.ctx.notice = None;
    set_test_mode(Some(ColorMode::Monochrome));
    let text = render(&a, 120, 40);
    set_test_mode(None);
    // The legend draws a sample of each stroke.
    assert!(text.contains("train ⠤⠤⠤ · validation ⠄⠄⠄"), "{text}");
    // With colour, the names alone (their colours tell them apart).
    let text = render(&a, 120, 40);
    assert!(text.contains("cost: train · validation"), "{text}");
}

#[test]
fn snapshot_train_running_without_colour() {
    use crate::tui::theme::{ColorMode, set_test_mode};
    let a = mid_training();
    set_test_mode(Some(ColorMode::Monochrome));
    let text = render(&a, 120, 40);
    set_test_mode(None);
    insta::assert_snapshot!(text);
}
