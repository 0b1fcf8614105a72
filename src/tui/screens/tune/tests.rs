//! The Tune screen's tests, all in one place: the screen on its own
//! (keys in, messages out) and the app driving it through `update`, with
//! snapshots.

use super::*;
use crate::config::Config;
use crate::tui::app::App;
use crate::tui::command::Command;
use crate::tui::event::Event;
use crate::tui::screens::tune::Phase;
use crate::tui::test_support::*;
use crate::tui::test_support::{bare_ctx, press, ready_ctx};
use crate::tune::{Sweep, SweepEvent, TrialKey, TrialResult, TrialStatus};
use ratatui::crossterm::event::KeyCode;
use std::time::Duration;

#[test]
fn s_asks_the_app_to_start_and_start_makes_the_command() {
    let mut t = TuneScreen::default();
    let msgs = t.handle_key(&press(KeyCode::Char('s')), &bare_ctx());
    assert!(matches!(msgs.as_slice(), [Msg::Warn(_)]), "no data yet");
    let ctx = ready_ctx();
    let msgs = t.handle_key(&press(KeyCode::Char('s')), &ctx);
    assert!(matches!(msgs.as_slice(), [Msg::StartSweep]));
    assert_eq!(t.phase, Phase::Idle, "nothing starts until the app says so");
    let msgs = t.start(&ctx);
    assert!(matches!(
        msgs.as_slice(),
        [Msg::Run(Command::StartSweep { run: 1, .. })]
    ));
    assert!(t.running());
    assert!(matches!(
        t.handle_key(&press(KeyCode::Char('s')), &ctx).as_slice(),
        [Msg::Run(Command::StopSweep)]
    ));
}

#[test]
fn apply_without_results_says_so() {
    let mut t = TuneScreen::default();
    let msgs = t.handle_key(&press(KeyCode::Char('a')), &ready_ctx());
    assert!(matches!(msgs.as_slice(), [Msg::Warn(w)] if w.contains("no configuration")));
}

/// A result for grid point `i` (of the default grid) and `seed`, with a
/// cost that varies smoothly over the grid.
fn result(sweep: &Sweep, i: usize, seed: u64) -> TrialResult {
    let hyper = sweep.configs()[i];
    let cost = 0.15
        + (hyper.learning_rate as f64 - 0.0007).abs() * 60.0
        + (hyper.beta1 as f64 - 0.91).abs() * 0.5
        + (hyper.beta2 as f64 - 0.995).abs() * 8.0
        + seed as f64 * 0.001;
    TrialResult {
        key: TrialKey { hyper, seed },
        best_epoch: 5,
        epochs_run: 6,
        val_cost: cost,
        val_accuracy: 1.0 - cost / 4.0,
        test_cost: cost,
        test_accuracy: 1.0 - cost / 4.0,
        seconds: 0.5,
        status: TrialStatus::Ok,
    }
}

fn tune_event(run: u64, secs: u64, event: SweepEvent) -> Event {
    Event::Tune {
        run,
        elapsed: Duration::from_secs(secs),
        event,
    }
}

/// On the Tune screen, sweep started, `n` trials done.
fn mid_sweep(n: usize) -> App {
    let mut a = ready_app();
    feed(&mut a, [key(KeyCode::F(3))]);
    let cmds = feed(&mut a, [ch('s')]);
    assert!(matches!(
        cmds.as_slice(),
        [Command::StartSweep { run: 1, .. }]
    ));
    let sweep = Sweep::from_config(&Config::default());
    feed(
        &mut a,
        [tune_event(
            1,
            0,
            SweepEvent::Started {
                total: 1500,
                done: 0,
                workers: 2,
                message: None,
            },
        )],
    );
    let trials = sweep.trials();
    for (k, t) in trials.iter().take(n).enumerate() {
        let i = sweep
            .configs()
            .iter()
            .position(|h| h.bits() == t.hyper.bits())
            .unwrap();
        feed(
            &mut a,
            [
                tune_event(
                    1,
                    k as u64 / 4,
                    SweepEvent::TrialStarted {
                        key: *t,
                        worker: k % 2,
                    },
                ),
                tune_event(
                    1,
                    k as u64 / 4,
                    SweepEvent::TrialDone(result(&sweep, i, t.seed)),
                ),
            ],
        );
    }
    let next = trials[n];
    feed(
        &mut a,
        [tune_event(
            1,
            n as u64 / 4,
            SweepEvent::TrialStarted {
                key: next,
                worker: 0,
            },
        )],
    );
    a.ctx.notice = None;
    a
}

#[test]
fn a_sweep_runs_ranks_and_stops() {
    let mut a = mid_sweep(240);
    assert_eq!(a.screens.tune.phase, Phase::Running);
    assert!(a.busy(), "quitting asks first while tuning");
    let ranked = a.screens.tune.ranked();
    assert_eq!(ranked.len(), 24);
    assert!(ranked.windows(2).all(|w| w[0].mean_cost <= w[1].mean_cost));
    assert_eq!(ranked[0].done, 10);
    // Selection and sorting.
    feed(&mut a, [key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(a.screens.tune.selected, Some(ranked[2].hyper));
    feed(&mut a, [ch('o')]);
    let by_acc = a.screens.tune.ranked();
    assert!(
        by_acc
            .windows(2)
            .all(|w| w[0].mean_accuracy >= w[1].mean_accuracy)
    );
    assert_eq!(
        a.screens.tune.selected,
        Some(ranked[2].hyper),
        "kept across orders"
    );
    // Stop: the worker reports back.
    assert!(matches!(
        feed(&mut a, [ch('s')]).as_slice(),
        [Command::StopSweep]
    ));
    feed(
        &mut a,
        [tune_event(1, 70, SweepEvent::Finished { stopped: true })],
    );
    assert_eq!(a.screens.tune.phase, Phase::Finished);
    assert!(!a.busy());
}

#[test]
fn quitting_during_training_and_a_sweep_names_both() {
    let mut a = mid_sweep(10);
    feed(&mut a, [key(KeyCode::F(1)), ch('s'), started(1), ch('q')]);
    let text = render(&a, 80, 24);
    assert!(
        text.contains("Training and the sweep are running"),
        "{text}"
    );
    let cmds = feed(&mut a, [ch('y')]);
    assert!(cmds.iter().any(|c| matches!(c, Command::StopTraining)));
    assert!(cmds.iter().any(|c| matches!(c, Command::StopSweep)));
}

#[test]
fn apply_writes_the_selected_configuration() {
    let mut a = mid_sweep(40);
    let top = a.screens.tune.ranked()[0].clone();
    let cmds = feed(&mut a, [ch('a')]);
    let [Command::ApplyHyper { hyper, seed }] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    assert_eq!((*hyper, *seed), (top.hyper, top.best_seed));
}

/// A result for `hyper` (any point of the default grid) with cost `cost`.
fn costing(hyper: crate::tune::Hyper, seed: u64, cost: f64) -> TrialResult {
    TrialResult {
        key: TrialKey { hyper, seed },
        val_cost: cost,
        test_cost: cost,
        ..result(&Sweep::from_config(&Config::default()), 0, seed)
    }
}

/// Regression: the selection was a row number, so results arriving while
/// the sweep ran moved another configuration under it and `a` wrote that one.
#[test]
fn apply_writes_the_selected_configuration_after_the_ranking_changed() {
    let mut a = mid_sweep(40);
    feed(&mut a, [key(KeyCode::Down)]);
    let chosen = a.screens.tune.ranked()[1].clone();
    // Two configurations not yet tried finish better than everything.
    let sweep = Sweep::from_config(&Config::default());
    let fresh: Vec<_> = sweep.configs()[100..102].to_vec();
    for (k, h) in fresh.iter().enumerate() {
        let r = costing(*h, 1, 0.01 + k as f64 * 0.001);
        feed(&mut a, [tune_event(1, 30, SweepEvent::TrialDone(r))]);
    }
    let ranked = a.screens.tune.ranked();
    assert_eq!(ranked[0].hyper, fresh[0]);
    assert_ne!(ranked[1].hyper, chosen.hyper, "the row now holds another");
    let cmds = feed(&mut a, [ch('a')]);
    let [Command::ApplyHyper { hyper, seed }] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    assert_eq!((*hyper, *seed), (chosen.hyper, chosen.best_seed));
    // Moving goes from where the configuration is now (row 3).
    assert_eq!(ranked[3].hyper, chosen.hyper);
    feed(&mut a, [key(KeyCode::Up)]);
    assert_eq!(a.screens.tune.selected, Some(ranked[2].hyper));
    feed(&mut a, [key(KeyCode::End)]);
    assert_eq!(a.screens.tune.selected, Some(ranked.last().unwrap().hyper));
    feed(&mut a, [key(KeyCode::Home)]);
    assert_eq!(a.screens.tune.selected, Some(fresh[0]));
}

/// Regression: "s resumes" was shown after config.ron changed under a
/// running sweep, but `s` then started over and set the trials aside.
#[test]
fn a_settings_change_during_a_sweep_says_what_s_will_do() {
    let mut a = mid_sweep(60);
    let changed = crate::config::RawConfig {
        batch_size: 64,
        ..Default::default()
    }
    .check()
    .unwrap();
    let cmds = feed(&mut a, [Event::Config(Ok(changed))]);
    assert!(cmds.is_empty(), "the running sweep keeps its settings");
    let running = render(&a, 100, 34);
    assert!(
        running.contains("config.ron: batch_size 32 → 64; this sweep keeps its grid, the next s"),
        "{running}"
    );
    feed(
        &mut a,
        [tune_event(1, 20, SweepEvent::Finished { stopped: true })],
    );
    let stopped = render(&a, 120, 34);
    assert!(!stopped.contains("resumes"), "{stopped}");
    assert!(
        stopped.contains(
            "settings changed: s starts a new sweep; the 60 earlier trials are set aside as trials-<time>.csv"
        ),
        "{stopped}"
    );
    // And so it does: `s` starts the new grid with an empty table.
    let cmds = feed(&mut a, [ch('s')]);
    assert!(matches!(
        cmds.as_slice(),
        [Command::StartSweep { run: 2, .. }]
    ));
    assert!(a.screens.tune.results.is_empty());
    assert_eq!(
        a.screens.tune.sweep,
        Some(Sweep::from_config(&a.ctx.config))
    );
}

/// Regression: by spread, a configuration with one seed (spread 0) ranked first.
#[test]
fn by_spread_one_seed_configurations_come_last_and_show_no_spread() {
    let mut a = mid_sweep(41);
    feed(&mut a, [ch('o'), ch('o')]);
    let ranked = a.screens.tune.ranked();
    assert_eq!(ranked.len(), 5);
    let last = ranked.last().unwrap();
    assert_eq!((last.done, last.std_cost), (1, None));
    assert!(ranked[..4].iter().all(|c| c.std_cost.is_some()));
    let text = render(&a, 100, 34);
    let cost = format!("{:.4}±-", last.mean_cost);
    assert!(text.contains(&cost), "{text}");
}

#[test]
fn a_failed_sweep_stops_and_says_why() {
    let mut a = mid_sweep(10);
    let why =
        "saves/tuner/trials.csv:7:25: val_cost: must be a finite number of 0 or more (got NaN)";
    feed(
        &mut a,
        [Event::WorkerFailed {
            worker: crate::tui::event::Worker::Tuner,
            message: why.into(),
        }],
    );
    assert_eq!(a.screens.tune.phase, Phase::Finished);
    assert!(!a.busy(), "quitting no longer asks");
    let text = render(&a, 120, 34);
    assert!(
        text.contains("sweep failed: saves/tuner/trials.csv:7:25"),
        "{text}"
    );
}

#[test]
fn starting_a_sweep_needs_data_and_no_training() {
    let mut a = app();
    feed(&mut a, [key(KeyCode::F(3))]);
    assert!(feed(&mut a, [ch('s')]).is_empty());
    let mut b = ready_app();
    feed(&mut b, [ch('s'), started(1), key(KeyCode::F(3))]);
    assert!(feed(&mut b, [ch('s')]).is_empty(), "training is running");
    assert!(b.ctx.notice.as_ref().is_some_and(|n| n.error));
}

#[test]
fn a_config_change_shows_the_new_grid_and_its_earlier_results() {
    let mut a = mid_sweep(60);
    feed(
        &mut a,
        [tune_event(1, 20, SweepEvent::Finished { stopped: true })],
    );
    let old = Sweep::from_config(&a.ctx.config);
    let mut raw = crate::config::RawConfig::default();
    raw.tuner.seeds = 3;
    let changed = raw.check().unwrap();
    let new = Sweep::from_config(&changed);
    let cmds = feed(&mut a, [Event::Config(Ok(changed))]);
    assert!(matches!(cmds.as_slice(), [Command::LoadSweep]), "{cmds:?}");
    assert!(a.screens.tune.results.is_empty() && a.screens.tune.sweep.is_none());
    let idle = render(&a, 80, 24);
    assert!(idle.contains("x 3 seeds = 450 trials"), "{idle}");
    // A late answer for the old grid is ignored; the new grid's is shown.
    feed(
        &mut a,
        [Event::TuneLoaded {
            sweep: old.clone(),
            results: vec![result(&old, 0, 0)],
            note: None,
        }],
    );
    assert!(a.screens.tune.results.is_empty());
    feed(
        &mut a,
        [Event::TuneLoaded {
            sweep: new.clone(),
            results: Vec::new(),
            note: Some("saves/tuner/trials.csv holds another grid or settings; s sets it aside and starts this one".into()),
        }],
    );
    assert_eq!(a.screens.tune.sweep.as_ref(), Some(&new));
    let shown = render(&a, 80, 24);
    assert!(shown.contains("holds another grid"), "{shown}");
    assert!(
        shown.contains("s sets it aside"),
        "wrapped, not cut: {shown}"
    );
    // The same grid again: nothing to reload.
    let same = a.ctx.config.clone();
    assert!(feed(&mut a, [Event::Config(Ok(same))]).is_empty());
}

#[test]
fn heatmap_steps_through_learning_rates() {
    let mut a = mid_sweep(300);
    let start = a.screens.tune.heatmap_lr();
    let top = a.screens.tune.ranked()[0].hyper.learning_rate;
    assert_eq!(
        Sweep::from_config(&Config::default()).learning_rate[start],
        top,
        "follows the selection"
    );
    feed(&mut a, [key(KeyCode::Right)]);
    assert_eq!(a.screens.tune.heatmap_lr(), (start + 1) % 5);
    feed(&mut a, [key(KeyCode::Left), key(KeyCode::Left)]);
    assert_eq!(a.screens.tune.heatmap_lr(), (start + 4) % 5);
    feed(&mut a, [key(KeyCode::Down)]);
    assert_eq!(a.screens.tune.map_lr, None);
}

#[test]
fn snapshot_tune_idle() {
    let mut a = ready_app();
    feed(&mut a, [key(KeyCode::F(3))]);
    a.ctx.notice = None;
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn snapshot_tune_mid_sweep() {
    let a = mid_sweep(240);
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn snapshot_tune_with_heatmap() {
    let mut a = mid_sweep(1500 - 1);
    feed(&mut a, [key(KeyCode::Right)]);
    a.ctx.notice = None;
    insta::assert_snapshot!(render(&a, 100, 34));
}

// ---- the redesign: every view at three sizes, the heatmap's range ----

/// Every trial of the default grid done, the sweep finished.
fn finished_sweep() -> App {
    let mut a = mid_sweep(1499);
    let sweep = Sweep::from_config(&Config::default());
    let last = *sweep.trials().last().expect("trials");
    let i = sweep
        .configs()
        .iter()
        .position(|h| h.bits() == last.hyper.bits())
        .expect("config");
    feed(
        &mut a,
        [
            tune_event(1, 400, SweepEvent::TrialDone(result(&sweep, i, last.seed))),
            tune_event(1, 400, SweepEvent::Finished { stopped: false }),
        ],
    );
    a.ctx.notice = None;
    a
}

#[test]
fn snapshot_tune_views_at_three_sizes() {
    let mut idle = ready_app();
    feed(&mut idle, [key(KeyCode::F(3))]);
    idle.ctx.notice = None;
    snapshot_sizes("tune_empty", &idle);
    snapshot_sizes("tune_running", &mid_sweep(240));
    let done = finished_sweep();
    assert_eq!(done.screens.tune.phase, Phase::Finished);
    snapshot_sizes("tune_finished", &done);
    for (w, h) in [(1, 1), (3, 200), (200, 3), (79, 24)] {
        render(&done, w, h);
    }
}

#[test]
fn the_heatmap_spans_the_values_it_shows_and_has_a_legend() {
    let a = finished_sweep();
    let text = render(&a, 120, 40);
    assert!(
        text.contains("within the seed spread ±0.0029 of 0.1555"),
        "{text}"
    );
    assert!(text.contains("spreads worse (up to 0.2175)"), "{text}");
    // The lowest shown cost gets the scale's low end, the highest its top.
    let buf = buffer(&a, 120, 40);
    let lo = crate::tui::theme::heat(0.0);
    let hi = crate::tui::theme::heat(1.0);
    let bgs: Vec<_> = buf.content().iter().map(|c| c.bg).collect();
    assert!(bgs.contains(&lo) && bgs.contains(&hi));
    assert!(text.contains("val cost vs lr"), "{text}");
    assert!(text.contains("0.0001") && text.contains("0.0009"), "{text}");
}

#[test]
fn rows_missing_seeds_are_dimmed_and_the_wide_table_has_more_columns() {
    let a = mid_sweep(240);
    let narrow = render(&a, 80, 24);
    let wide = render(&a, 200, 60);
    assert!(!narrow.contains("test acc"), "{narrow}");
    assert!(wide.contains("test acc"), "{wide}");
    // One configuration, half its seeds done: its row is dim.
    let a = mid_sweep(5);
    let ranked = a.screens.tune.ranked();
    assert!(ranked.iter().all(|c| c.done < c.seeds));
    let buf = buffer(&a, 120, 40);
    let dim = crate::tui::theme::dim().fg;
    assert!(
        buf.content()
            .iter()
            .any(|c| c.symbol() == "±" && Some(c.fg) == dim),
        "a partial row is dim"
    );
}

#[test]
fn a_grid_with_extra_axes_shows_them_in_the_table() {
    let mut a = ready_app();
    let mut raw = crate::config::RawConfig::default();
    raw.tuner.beta1 = vec![0.9];
    raw.tuner.beta2 = vec![0.999];
    raw.tuner.learning_rate = vec![0.001];
    raw.tuner.seeds = 1;
    raw.tuner.weight_decay = vec![0.0, 0.05];
    raw.tuner.augment = vec![false, true];
    let config = raw.check().unwrap();
    let sweep = Sweep::from_config(&config);
    feed(&mut a, [Event::Config(Ok(config)), key(KeyCode::F(3))]);
    let results = (0..4).map(|i| result(&sweep, i, 1)).collect();
    feed(
        &mut a,
        [Event::TuneLoaded {
            sweep: sweep.clone(),
            results,
            note: None,
        }],
    );
    let text = render(&a, 120, 40);
    assert!(text.contains("wd aug"), "{text}");
    for cell in ["0 off", "0 on", "0.05 off", "0.05 on"] {
        assert!(text.contains(cell), "{cell}: {text}");
    }
    // The original grid has no such column.
    assert!(!render(&finished_sweep(), 120, 40).contains("wd aug"));
}

#[test]
fn the_table_title_and_legend_are_whole_at_80x24_in_every_order() {
    let mut a = mid_sweep(240);
    for by in ["mean val cost", "mean val accuracy", "cost spread"] {
        let text = render(&a, 80, 24);
        let title = format!("┌ configurations, best first by {by} (o: change) ─");
        assert!(text.contains(&title), "{title}\n{text}");
        assert!(
            text.contains("└ best run: seed with the lowest val cost"),
            "{text}"
        );
        assert!(text.contains("dim: seeds to come ─"), "{text}");
        feed(&mut a, [ch('o')]);
    }
}

// ---- issue 22: what the tour found ----

#[test]
fn before_any_result_the_screen_shows_the_grid_to_sweep_its_size_and_time() {
    let mut a = ready_app();
    feed(&mut a, [key(KeyCode::F(3))]);
    a.ctx.notice = None;
    for (w, h) in SIZES {
        let text = render(&a, w, h);
        for want in [
            "the grid s sweeps",
            "learning rate  0.0001 0.0003 0.0005 0.0007 0.0009  (5)",
            "β1             0.85 0.87 0.89 0.91 0.93 0.95  (6)",
            "= 150 configurations x 10 seeds = 1500 trials, each ≤6 epochs",
            "about 3 to 7 min with 2 workers",
        ] {
            assert!(text.contains(want), "{w}x{h}: {want}\n{text}");
        }
        if h >= 40 {
            // The rest of the room lists the configurations to run.
            assert!(text.contains("  1 β1 0.85 β2 0.991 lr 0.0001"), "{text}");
            let all = text.contains("150 β1 0.95 β2 0.999 lr 0.0009");
            assert!(all || text.contains("more"), "{text}");
        }
        // Not the empty black of before (about 10% of cells in use).
        let f = fill(&a, w, h);
        eprintln!("{w}x{h}: {f:.2} filled");
        assert!(f > 0.35, "{w}x{h}: {f}");
    }
}

#[test]
fn the_colour_scale_leaves_differences_within_the_seed_spread_uncoloured() {
    use super::heatmap::Scale;
    let scale = Scale {
        lo: 0.15,
        hi: 0.25,
        noise: 0.01,
    };
    // Within the spread of the lowest: the same colour as the lowest.
    assert_eq!(scale.ratio(0.15), Some(0.0));
    assert_eq!(scale.ratio(0.159), Some(0.0));
    // Beyond it: a step per further whole spread, red from 4 spreads on.
    let step = |c: f64| scale.ratio(c).expect("coloured");
    assert_eq!(step(0.165), 0.5);
    assert!((step(0.175) - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(step(0.25), 1.0);
    // Closer than a spread: one colour, however far up the range.
    assert_eq!(step(0.171), step(0.179));
    assert_eq!(step(0.21), step(0.24));
    // Every difference within the spread: no colour at all.
    let noise = Scale {
        noise: 0.2,
        ..scale
    };
    assert!(noise.all_noise());
    assert_eq!(noise.ratio(0.25), None);
    // One seed each: no spread known, the whole scale.
    let one = Scale {
        noise: 0.0,
        ..scale
    };
    assert!((one.ratio(0.2).expect("coloured") - 0.5).abs() < 1e-9);
}

/// Every trial done, the configurations' costs apart by less than the
/// spread over seeds.
fn noisy_sweep() -> App {
    let mut a = ready_app();
    feed(&mut a, [key(KeyCode::F(3)), ch('s')]);
    let sweep = Sweep::from_config(&Config::default());
    let configs = sweep.configs();
    let started = SweepEvent::Started {
        total: 1500,
        done: 0,
        workers: 2,
        message: None,
    };
    feed(&mut a, [tune_event(1, 0, started)]);
    let events = sweep.trials().into_iter().map(|t| {
        let i = configs.iter().position(|h| h.bits() == t.hyper.bits());
        let cost = 0.15 + 0.0001 * (i.unwrap_or(0) % 5) as f64 + 0.003 * t.seed as f64;
        tune_event(1, 1, SweepEvent::TrialDone(costing(t.hyper, t.seed, cost)))
    });
    feed(&mut a, events.collect::<Vec<_>>());
    feed(
        &mut a,
        [tune_event(1, 2, SweepEvent::Finished { stopped: false })],
    );
    a.ctx.notice = None;
    a
}

#[test]
fn a_heatmap_of_noise_says_so_and_paints_no_winner() {
    let a = noisy_sweep();
    let text = render(&a, 120, 40);
    assert!(text.contains(": noise"), "{text}");
    let heat: std::collections::HashSet<_> = (0..=10)
        .map(|i| crate::tui::theme::heat(i as f64 / 10.0))
        .collect();
    let buf = buffer(&a, 120, 40);
    let painted = buf
        .content()
        .iter()
        .filter(|c| heat.contains(&c.bg))
        .count();
    assert_eq!(painted, 0, "{text}");
}

#[test]
fn the_selected_row_keeps_its_bar_visible() {
    let a = finished_sweep();
    let buf = buffer(&a, 120, 40);
    let row = (0..40)
        .find(|&y| {
            let line: String = (0..20).map(|x| buf[(x, y)].symbol().to_string()).collect();
            line.starts_with("│1   0.91")
        })
        .expect("the first row");
    let selected = crate::tui::theme::selected();
    assert_eq!(buf[(2, row)].bg, selected.bg.expect("a background"));
    let bar: Vec<_> = (0..120u16)
        .map(|x| &buf[(x, row)])
        .filter(|c| c.symbol() == "▆")
        .collect();
    assert!(!bar.is_empty());
    for cell in bar {
        assert_ne!(cell.bg, selected.bg.expect("a background"));
        assert_eq!(cell.fg, crate::tui::theme::heat(0.0), "the best: green");
    }
    // Wide, the highlight ends where the bar starts: no stub after it.
    let buf = buffer(&a, 200, 60);
    let row = (0..60)
        .find(|&y| {
            let line: String = (0..20).map(|x| buf[(x, y)].symbol().to_string()).collect();
            line.starts_with("│1   0.91")
        })
        .expect("the first row");
    let lit: Vec<u16> = (0..200u16)
        .filter(|&x| buf[(x, row)].bg == selected.bg.expect("a background"))
        .collect();
    let bar_at = (0..200u16)
        .find(|&x| buf[(x, row)].symbol() == "▆")
        .expect("a bar");
    assert!(lit.iter().all(|&x| x < bar_at), "{lit:?} vs {bar_at}");
}

#[test]
fn the_learning_rate_axis_labels_the_best_rate_and_the_grid_has_one_name() {
    let a = finished_sweep();
    for (w, h) in SIZES {
        let text = render(&a, w, h);
        let chart_labels: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("0.0001") && !l.contains("learning rate"))
            .collect();
        assert!(
            chart_labels.iter().any(|l| l.contains("0.0007")),
            "{w}x{h}: the best lr is labelled:\n{text}"
        );
        // One name for the grid's axes, in the title and the corner.
        assert!(text.matches("β1 x β2").count() >= 2, "{w}x{h}:\n{text}");
        assert!(!text.contains("b1") && !text.contains("β1\\β2"), "{text}");
    }
}
