//! `update` driven by key sequences and fake worker events (no terminal, no
//! threads), and snapshots of what the screens draw.

use ratatui::crossterm::event::KeyCode;

use super::app::{Overlay, update};
use super::command::Command;
use super::ctx::{DataHelp, DataState};
use super::event::{DataEvent, Event};
use super::screens::Tab;
use super::screens::train::Phase;
use super::test_support::*;
use crate::model_file::SaveOutcome;
use crate::train::{Status, TrainEvent};

fn saved_to(path: &str) -> SaveOutcome {
    SaveOutcome::Saved(path.into())
}

#[test]
fn tabs_cycle_and_jump_and_digits_are_not_global() {
    let mut a = app();
    feed(&mut a, [key(KeyCode::Tab)]);
    assert_eq!(a.tab, Tab::Play);
    feed(&mut a, [key(KeyCode::BackTab), key(KeyCode::BackTab)]);
    assert_eq!(a.tab, Tab::Network);
    feed(&mut a, [key(KeyCode::F(3))]);
    assert_eq!(a.tab, Tab::Tune);
    feed(&mut a, [key(KeyCode::F(1))]);
    for d in '0'..='9' {
        assert!(feed(&mut a, [ch(d)]).is_empty());
        assert_eq!((a.tab, a.overlay), (Tab::Train, Overlay::None));
    }
}

#[test]
fn help_opens_and_any_key_closes_it() {
    let mut a = app();
    feed(&mut a, [ch('?')]);
    assert_eq!(a.overlay, Overlay::Help);
    let cmds = feed(&mut a, [ch('q')]);
    assert!(cmds.is_empty(), "q closes the help rather than quitting");
    assert_eq!(a.overlay, Overlay::None);
}

#[test]
fn quit_when_idle_is_immediate() {
    let mut a = app();
    let cmds = feed(&mut a, [ch('q')]);
    assert!(matches!(cmds.as_slice(), [Command::Quit]));
    assert!(a.quitting);
}

#[test]
fn quit_while_training_asks_first() {
    let mut a = ready_app();
    let cmds = feed(&mut a, [ch('s'), started(1)]);
    assert!(matches!(
        cmds.as_slice(),
        [Command::StartTraining { run: 1, .. }]
    ));
    assert!(feed(&mut a, [ch('q')]).is_empty());
    assert_eq!(a.overlay, Overlay::ConfirmQuit);
    assert!(feed(&mut a, [ch('n')]).is_empty(), "any other key stays");
    assert_eq!(a.overlay, Overlay::None);
    assert!(!a.quitting);
    let cmds = feed(&mut a, [ch('q'), ch('y')]);
    assert!(matches!(
        cmds.as_slice(),
        [Command::StopTraining, Command::Quit]
    ));
    assert!(a.quitting);
}

#[test]
fn ctrl_c_and_interrupt_quit_at_once_even_while_training() {
    let mut a = ready_app();
    feed(&mut a, [ch('s'), started(1)]);
    let cmds = feed(&mut a, [ctrl('c')]);
    assert!(matches!(
        cmds.as_slice(),
        [Command::StopTraining, Command::Quit]
    ));
    let mut b = app();
    assert!(matches!(
        update(&mut b, Event::Interrupt).as_slice(),
        [Command::Quit]
    ));
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

#[test]
fn worker_failure_is_shown() {
    let mut a = ready_app();
    feed(&mut a, [ch('s'), started(1)]);
    feed(
        &mut a,
        [Event::WorkerFailed {
            worker: crate::tui::event::Worker::Training,
            message: "boom".into(),
        }],
    );
    assert_eq!(a.screens.train.phase, Phase::Finished);
    assert!(!a.busy());
    assert!(
        a.ctx
            .notice
            .as_ref()
            .is_some_and(|n| n.error && n.text.contains("boom"))
    );
}

// ---- snapshots ----

fn mid_training() -> super::app::App {
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
fn a_long_notice_is_shown_whole_beside_the_current_tab() {
    let mut a = ready_app();
    let long = "config.ron updated: beta1 0.91, beta2 0.993, lr 0.0009, seed 3";
    a.say(long);
    let top = render(&a, 80, 24)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(top.contains(long) && top.contains("F1 Train"), "{top}");
    // Longer than the whole bar: its start is shown, marked cut.
    let longer = format!("{long}; {long}");
    a.say(&longer);
    let top = render(&a, 80, 24)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        top.contains("F1 Train") && top.contains("config.ron updated") && top.contains('…'),
        "{top}"
    );
    a.say("short");
    let top = render(&a, 80, 24)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(top.contains("F1 Train") && top.contains("short"), "{top}");
}

#[test]
fn snapshot_train_idle() {
    let mut a = ready_app();
    a.ctx.notice = None;
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn snapshot_train_mid_training() {
    let mut a = mid_training();
    a.ctx.notice = None;
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn snapshot_train_finished() {
    let mut a = mid_training();
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
fn snapshot_help_overlay() {
    let mut a = ready_app();
    feed(&mut a, [ch('?')]);
    a.ctx.notice = None;
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn snapshot_too_small() {
    let a = ready_app();
    insta::assert_snapshot!(render(&a, 60, 15));
}

#[test]
fn snapshot_missing_data() {
    let mut a = app();
    // After the download at start failed (no network).
    feed(&mut a, [Event::Data(DataEvent::Missing(offline_help(1)))]);
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn drawing_survives_nan_and_empty_data_at_many_sizes() {
    let mut a = ready_app();
    feed(&mut a, [ch('s'), started(1), progress(1, 1, 0, f64::NAN)]);
    feed(
        &mut a,
        [train(
            1,
            TrainEvent::Epoch(epoch(1, f64::NAN, f64::INFINITY, f64::NAN, 0, 0)),
        )],
    );
    for (w, h) in [(80, 24), (81, 25), (200, 60), (79, 24), (1, 1), (3, 200)] {
        render(&a, w, h);
    }
    feed(&mut a, [ch('v'), ch('?')]);
    render(&a, 120, 40);
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
    let mut a = ready_app();
    let raw = crate::config::RawConfig {
        save_model: false,
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
            TrainEvent::Finished(Box::new(summary(Status::Converged, history(7)))),
        )],
    );
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
fn the_too_small_notice_says_how_to_quit_even_at_20x10() {
    let a = ready_app();
    for (w, h) in [(20, 10), (12, 8), (79, 23)] {
        let screen = render(&a, w, h);
        assert!(screen.contains("q quits"), "{w}x{h}:\n{screen}");
    }
}

#[test]
fn quitting_with_an_unsaved_model_asks_first() {
    let mut a = ready_app();
    let raw = crate::config::RawConfig {
        save_model: false,
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
            TrainEvent::Finished(Box::new(summary(Status::Converged, history(7)))),
        )],
    );
    assert!(feed(&mut a, [ch('q')]).is_empty());
    assert_eq!(a.overlay, Overlay::ConfirmQuit);
    assert!(render(&a, 80, 24).contains("epoch 6 is not saved"));
    feed(&mut a, [ch('n'), ch('w')]);
    feed(&mut a, [Event::Saved(Ok(saved_to("saves/model.ron")))]);
    let cmds = feed(&mut a, [ch('q')]);
    assert!(
        matches!(cmds.as_slice(), [Command::Quit]),
        "saved: quits at once"
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

#[test]
fn a_key_pressed_during_a_moment_too_small_acts_once_the_terminal_grows_back() {
    use ratatui::crossterm::event::Event as Input;
    let mut a = app();
    // tmux resizes a pane a moment after its window: the key comes between.
    feed(
        &mut a,
        [
            Event::Input(Input::Resize(147, 12)),
            ch('?'),
            Event::Input(Input::Resize(124, 39)),
        ],
    );
    assert_eq!(a.overlay, Overlay::Help, "the key was not lost");
    // Pressed long before the terminal grows: nothing happens unseen.
    let mut a = app();
    feed(&mut a, [Event::Input(Input::Resize(60, 15)), ch('?')]);
    let (key, _) = a.held_key.take().expect("held");
    a.held_key = Some((
        key,
        std::time::Instant::now() - std::time::Duration::from_secs(2),
    ));
    feed(&mut a, [Event::Input(Input::Resize(100, 30))]);
    assert_eq!(a.overlay, Overlay::None);
    assert!(a.held_key.is_none());
}
