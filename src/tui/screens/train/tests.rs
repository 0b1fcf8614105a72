//! The Train screen on its own: keys in, messages out, against a bare context.

use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::tui::command::Command;
use crate::tui::ctx::DataState;
use crate::tui::keys::Row;
use crate::tui::test_support::{bare_ctx, press, ready_ctx};

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
