//! The Network screen's tests, all in one place: the screen on its own
//! (keys in, messages out) and the app driving it through `update`, with
//! snapshots.

use super::*;
use crate::model_file::SavedModel;
use crate::network::Network;
use crate::study::Study;
use crate::train::TrainEvent;
use crate::tui::app::{App, update};
use crate::tui::command::Command;
use crate::tui::ctx::Live;
use crate::tui::event::Event;
use crate::tui::screens::Tab;
use crate::tui::screens::network::View;
use crate::tui::subject::Digit;
use crate::tui::test_support::*;
use crate::tui::test_support::{press, ready_ctx};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use ratatui::crossterm::event::KeyCode;

#[test]
fn p_asks_the_app_for_plays_digit_and_show_takes_it() {
    let mut n = NetworkScreen::default();
    let ctx = ready_ctx();
    assert!(matches!(
        n.handle_key(&press(KeyCode::Char('p')), &ctx).as_slice(),
        [Msg::TakePlayDigit]
    ));
    n.show(Digit::Test(7));
    assert_eq!(n.digit, Digit::Test(7));
}

#[test]
fn the_label_says_whose_weights_are_shown() {
    let mut n = NetworkScreen::default();
    let mut ctx = ready_ctx();
    assert_eq!(
        n.shown(&ctx).map(|s| s.1),
        Some("the saved model saves/model.ron".into())
    );
    let live = |training| Live {
        epoch: 2,
        batch: 400,
        network: crate::network::Network::zeros(),
        kept_best: false,
        training,
    };
    ctx.live = Some(live(true));
    assert_eq!(
        n.shown(&ctx).map(|s| s.1),
        Some("the weights training now: epoch 2, batch 400 · t: saved model".into())
    );
    ctx.live = Some(live(false));
    assert!(n.shown(&ctx).is_some_and(|s| {
        s.1.starts_with("the last run's weights at epoch 2, batch 400")
    }));
    n.handle_key(&press(KeyCode::Char('t')), &ctx);
    assert_eq!(
        n.shown(&ctx).map(|s| s.1),
        Some("the saved model saves/model.ron · t: training's weights".into())
    );
}

#[test]
fn the_footer_offers_the_keys_of_the_view() {
    let mut n = NetworkScreen::default();
    let ctx = ready_ctx();
    let labels =
        |n: &NetworkScreen| -> Vec<&str> { n.footer(&ctx).iter().map(|r| r.label).collect() };
    assert!(labels(&n).contains(&"e") && !labels(&n).contains(&"o"));
    n.view = View::Mistakes;
    assert!(labels(&n).contains(&"o") && !labels(&n).contains(&"e"));
    assert!(!labels(&n).contains(&"t"), "t needs training weights");
}

#[test]
fn dead_units_are_those_that_never_fire() {
    use crate::study::ModelFacts;
    let ctx = ready_ctx();
    let mut net = crate::network::Network::zeros();
    // Hidden 1 unit 3 always fires (bias 1), the others never (bias 0).
    net.params[crate::network::B1.start + 3] = 1.0;
    net.params[crate::network::B2.start + 5] = -1.0;
    let data = ctx.data.ready().unwrap();
    let f = ModelFacts::compute(&net, data.train.all());
    assert_eq!(f.sample, 600, "all 600 (fewer than 2000)");
    assert!(!f.dead[0][3]);
    assert_eq!(f.dead[0].iter().filter(|&&d| d).count(), 15);
    assert!(f.dead[1].iter().all(|&d| d));
    assert!(f.scale[0] > 0.99 && f.scale[0] < 1.01, "{:?}", f.scale);
    assert_eq!(f.brightness(0, 0.5), 0.5);
    assert_eq!(f.scale[1], 1.0, "a layer that never fires: as is");
    assert_eq!(f.brightness(1, 3.0), 1.0);
}

#[test]
fn edges_are_the_strongest_contributions_strongest_last() {
    use super::derived::{DigitFacts, EDGES};
    let net = crate::network::Network::he_init(
        &mut <rand::rngs::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(1),
    );
    let pixels = vec![200u8; 784];
    let s = DigitFacts::compute(
        &net,
        crate::tui::subject::Source::File("m".into()),
        Digit::Test(0),
        (pixels, Some(1), "x".into()),
    );
    for (layer, edges) in s.edges.iter().enumerate() {
        assert!(edges.len() <= EDGES[layer]);
        assert!(
            edges
                .windows(2)
                .all(|w| w[0].strength.abs() <= w[1].strength.abs())
        );
        if let Some(last) = edges.last() {
            assert_eq!(last.strength.abs(), 1.0);
        }
    }
    assert_eq!(s.edges[0].len(), EDGES[0], "every pixel is lit");
    assert_eq!(s.products.len(), 16);
    assert!(s.products.iter().flatten().all(|v| v.is_finite()));
}

#[test]
fn sweep_lights_layers_in_order() {
    let mut n = NetworkScreen::default();
    let ctx = ready_ctx();
    n.show(Digit::Test(3));
    assert!(n.animating());
    n.tick(&ctx);
    assert!(n.lit(1) > 0.0 && n.lit(3) == 0.0);
    for _ in 0..20 {
        n.tick(&ctx);
    }
    assert!(!n.animating());
    assert_eq!(n.lit(3), 1.0);
}

#[test]
fn switching_weights_asks_for_a_study_rather_than_computing_it() {
    use crate::tui::command::Command;
    let mut n = NetworkScreen::default();
    let mut ctx = ready_ctx();
    ctx.live = Some(Live {
        epoch: 1,
        batch: 200,
        network: crate::network::Network::zeros(),
        kept_best: false,
        training: true,
    });
    let msgs = n.handle_key(&press(KeyCode::Char('t')), &ctx);
    let [Msg::Run(Command::StudyModel { generation, .. })] = msgs.as_slice() else {
        panic!("{msgs:?}");
    };
    assert_eq!(*generation, n.generation);
    assert!(n.evaluating() && n.facts.is_none() && n.insight.is_none());
    // Asked once: the answer is awaited.
    assert!(n.request(&ctx).is_empty());
}

/// What the runner's worker sends back for a `Command::StudyModel`.
fn studied(app: &App, cmd: &Command) -> Option<Event> {
    let Command::StudyModel {
        generation,
        source,
        network,
    } = cmd
    else {
        return None;
    };
    let data = app.ctx.data.ready()?;
    let study = Study::compute(network, data);
    Some(Event::Studied {
        generation: *generation,
        source: source.clone(),
        study: Box::new(study),
    })
}

/// Feeds `events` in order, the Network screen's studies done at once (as
/// if the worker were instant); returns all commands produced.
fn feed(app: &mut App, events: impl IntoIterator<Item = Event>) -> Vec<Command> {
    let mut all = Vec::new();
    for event in events {
        let mut queue = vec![event];
        while let Some(event) = queue.pop() {
            for cmd in update(app, event) {
                queue.extend(studied(app, &cmd));
                match evaluated(app, &cmd) {
                    Some(done) => queue.push(done),
                    None => all.push(cmd),
                }
            }
        }
    }
    all
}

/// Ready data, a random (He-initialised) model, on the Network screen.
fn network_app() -> App {
    let mut a = ready_app();
    let mut model: Box<SavedModel> = always(3);
    model.network = Network::he_init(&mut ChaCha8Rng::seed_from_u64(5));
    update(
        &mut a,
        Event::Model {
            shipped: false,
            path: "saves/model.ron".into(),
            result: Ok(model),
        },
    );
    feed(&mut a, [key(KeyCode::F(4))]);
    a.ctx.notice = None;
    a
}

#[test]
fn choosing_the_digit() {
    let mut a = network_app();
    assert_eq!(a.screens.network.digit, Digit::Test(0));
    feed(&mut a, [key(KeyCode::Left)]);
    assert_eq!(a.screens.network.digit, Digit::Test(9999), "wraps around");
    feed(&mut a, [key(KeyCode::Right), key(KeyCode::Right)]);
    assert_eq!(a.screens.network.digit, Digit::Test(1));
    feed(&mut a, [ch('g'), ch('4'), ch('2'), key(KeyCode::Enter)]);
    assert_eq!(a.screens.network.digit, Digit::Test(42));
    // From Play: its current test digit, then its drawing.
    feed(&mut a, [key(KeyCode::F(2))]);
    let index = a.screens.play.round.as_ref().unwrap().index;
    feed(&mut a, [key(KeyCode::F(4)), ch('p')]);
    assert_eq!(a.screens.network.digit, Digit::Test(index));
    feed(
        &mut a,
        [
            key(KeyCode::F(2)),
            ch('d'),
            ch(' '),
            key(KeyCode::Down),
            key(KeyCode::Down),
        ],
    );
    feed(&mut a, [key(KeyCode::F(4)), ch('p')]);
    assert!(matches!(a.screens.network.digit, Digit::Drawn(_)));
}

#[test]
fn training_snapshots_show_live_and_t_switches_back() {
    let mut a = network_app();
    let (_, label, _) = a.screens.network.shown(&a.ctx).unwrap();
    assert_eq!(label, "the saved model saves/model.ron");
    // A run on the Train screen sends its weights.
    feed(&mut a, [key(KeyCode::F(1)), ch('s'), started(1)]);
    let live = Network::he_init(&mut ChaCha8Rng::seed_from_u64(9));
    feed(
        &mut a,
        [train(
            1,
            TrainEvent::Snapshot {
                epoch: 2,
                batch: 400,
                network: Box::new(live.clone()),
            },
        )],
    );
    let (net, label, _) = a.screens.network.shown(&a.ctx).unwrap();
    assert_eq!(net, &live);
    assert_eq!(
        label,
        "the weights training now: epoch 2, batch 400 · t: saved model"
    );
    feed(&mut a, [key(KeyCode::F(4)), ch('t')]);
    assert_eq!(
        a.screens.network.shown(&a.ctx).unwrap().1,
        "the saved model saves/model.ron · t: training's weights"
    );
    feed(&mut a, [ch('t')]);
    // Snapshots of an older run are not taken.
    feed(
        &mut a,
        [train(
            0,
            TrainEvent::Snapshot {
                epoch: 9,
                batch: 1,
                network: Box::new(Network::zeros()),
            },
        )],
    );
    assert_eq!(a.ctx.live.as_ref().unwrap().epoch, 2);
    // Every view shows the same model, the mistakes view too: its results
    // are training's, and follow its next weights.
    feed(&mut a, [ch('v'), ch('v')]);
    let (net, label, _) = a.screens.network.shown(&a.ctx).unwrap();
    assert_eq!(
        (net, label.as_str()),
        (
            &live,
            "the weights training now: epoch 2, batch 400 · t: saved model"
        )
    );
    let of_live = a
        .screens
        .network
        .insight
        .as_ref()
        .unwrap()
        .evaluation
        .metrics;
    assert_eq!(
        of_live,
        crate::eval::evaluate(&live, a.ctx.data.ready().unwrap().test.all())
    );
    feed(
        &mut a,
        [train(
            1,
            TrainEvent::Snapshot {
                epoch: 2,
                batch: 600,
                network: Box::new(Network::zeros()),
            },
        )],
    );
    let insight = a.screens.network.insight.as_ref().unwrap();
    assert_eq!(
        insight.source,
        crate::tui::subject::Source::Live {
            epoch: 2,
            batch: 600
        }
    );
    feed(&mut a, [ch('v')]);
    // When the run ends, the weights it kept are shown, not its last batch.
    let best = Network::he_init(&mut ChaCha8Rng::seed_from_u64(11));
    let mut end = summary(crate::train::Status::Converged, history(4));
    end.best_epoch = 3;
    end.network = best.clone();
    feed(&mut a, [train(1, TrainEvent::Finished(Box::new(end)))]);
    let (net, label, _) = a.screens.network.shown(&a.ctx).unwrap();
    assert_eq!(net, &best);
    assert_eq!(
        label,
        "the last run's best weights, epoch 3 · t: saved model"
    );
}

#[test]
fn mistakes_view_counts_every_test_digit() {
    let mut a = network_app();
    feed(&mut a, [ch('v'), ch('v')]);
    assert_eq!(a.screens.network.view, View::Mistakes);
    let insight = a
        .screens
        .network
        .insight
        .as_ref()
        .expect("computed on entering the view");
    let e = &insight.evaluation;
    let total: u32 = e.confusion.iter().flatten().sum();
    assert_eq!(total, 10_000);
    let diagonal: u32 = (0..10).map(|i| e.confusion[i][i]).sum();
    assert_eq!(diagonal as f64, (e.metrics.accuracy * 10_000.0).round());
    assert_eq!(insight.mistakes.len() as u32, 10_000 - diagonal);
    let conf = |i: usize| e.predictions[i].1;
    assert!(
        insight
            .mistakes
            .windows(2)
            .all(|w| conf(w[0]) >= conf(w[1])),
        "most confident first"
    );
    feed(&mut a, [ch('o')]);
    let insight = a.screens.network.insight.as_ref().unwrap();
    let conf = |i: usize| insight.evaluation.predictions[i].1;
    assert!(
        insight
            .mistakes
            .windows(2)
            .all(|w| conf(w[0]) <= conf(w[1])),
        "least confident first"
    );
    feed(
        &mut a,
        [key(KeyCode::Right), key(KeyCode::Right), key(KeyCode::Left)],
    );
    assert_eq!(a.screens.network.mistake, 1);
}

#[test]
fn snapshot_network_view() {
    let mut a = network_app();
    feed(
        &mut a,
        [
            ch('g'),
            ch('1'),
            ch('3'),
            key(KeyCode::Enter),
            ch('e'),
            ch('n'),
        ],
    );
    insta::assert_snapshot!(render(&a, 100, 24));
}

#[test]
fn snapshot_network_view_narrow_while_typing() {
    let mut a = network_app();
    feed(&mut a, [ch('e'), ch('n'), ch('g'), ch('4')]);
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn snapshot_weights_view_paged() {
    let mut a = network_app();
    feed(&mut a, [ch('v'), key(KeyCode::PageDown)]);
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn snapshot_weights_view() {
    let mut a = network_app();
    feed(&mut a, [ch('v')]);
    insta::assert_snapshot!(render(&a, 130, 30));
}

#[test]
fn snapshot_mistakes_view() {
    let mut a = network_app();
    feed(&mut a, [ch('v'), ch('v'), key(KeyCode::Right)]);
    insta::assert_snapshot!(render(&a, 80, 24));
}

/// Lets the forward-pass sweep run to its end.
fn settle(a: &mut App) {
    feed(a, (0..12).map(|_| Event::Tick));
}

#[test]
fn snapshot_neurons_at_every_size() {
    let mut a = network_app();
    settle(&mut a);
    // No neuron selected: how to read the picture.
    snapshot_sizes("network_neurons", &a);
    // One neuron of each layer in focus, its weighted sum written out.
    feed(&mut a, [ch(']'), key(KeyCode::Down), key(KeyCode::Down)]);
    snapshot_sizes("network_neurons_focus_h1", &a);
    feed(&mut a, [ch(']')]);
    snapshot_sizes("network_neurons_focus_h2", &a);
    feed(&mut a, [ch(']')]);
    snapshot_sizes("network_neurons_focus_output", &a);
}

#[test]
fn snapshot_weights_at_every_size() {
    let mut a = network_app();
    feed(&mut a, [ch('v')]);
    snapshot_sizes("network_weights", &a);
    feed(&mut a, [ch('x')]);
    snapshot_sizes("network_weights_times_digit", &a);
    // Hidden layer 2: the digits lighting each neuron most, then its
    // weights traced to the pixels; the output layer's traced weights.
    feed(&mut a, [ch(']')]);
    snapshot_sizes("network_tiles_h2_top_digits", &a);
    feed(&mut a, [ch('x')]);
    snapshot_sizes("network_tiles_h2_traced", &a);
    feed(&mut a, [ch(']')]);
    snapshot_sizes("network_tiles_output_traced", &a);
}

#[test]
fn snapshot_mistakes_at_every_size() {
    let mut a = network_app();
    feed(&mut a, [ch('v'), ch('v')]);
    snapshot_sizes("network_mistakes", &a);
    feed(&mut a, [ch('m'), key(KeyCode::Down), key(KeyCode::Right)]);
    snapshot_sizes("network_mistakes_cell", &a);
}

#[test]
fn big_terminals_get_big_pictures() {
    let mut a = network_app();
    settle(&mut a);
    let neurons = fill(&a, 200, 60);
    assert!(neurons >= 0.30, "neurons view fill {neurons:.2}");
    feed(&mut a, [ch('v')]);
    let weights = fill(&a, 200, 60);
    feed(&mut a, [ch('v')]);
    let mistakes = fill(&a, 200, 60);
    eprintln!("fill at 200x60: neurons {neurons:.3}, weights {weights:.3}, mistakes {mistakes:.3}");
    assert!(weights >= 0.40, "weights view fill {weights:.2}");
}

#[test]
fn the_sweep_runs_when_the_digit_changes_and_any_key_ends_it() {
    use crate::tui::screens::Screen;
    let mut a = network_app();
    settle(&mut a);
    assert!(!a.screens.network.animating());
    feed(&mut a, [key(KeyCode::Right)]);
    assert!(a.screens.network.animating(), "a new digit sweeps in");
    assert!(a.screens.network.lit(3) < 1.0 && a.screens.network.lit(0) == 1.0);
    feed(&mut a, [Event::Tick, Event::Tick, Event::Tick]);
    let mid = a.screens.network.lit(1);
    assert!(mid > 0.0, "{mid}");
    feed(&mut a, [ch('e')]);
    assert!(!a.screens.network.animating(), "any key skips it");
    assert_eq!(a.screens.network.lit(3), 1.0);
    feed(&mut a, [key(KeyCode::Right)]);
    settle(&mut a);
    assert!(!a.screens.network.animating(), "about half a second");
    // Not on the weights view: there is nothing to sweep.
    feed(&mut a, [ch('v'), key(KeyCode::Right)]);
    assert!(!a.screens.network.animating());
}

#[test]
fn arrows_select_neurons_and_brackets_change_layer() {
    let mut a = network_app();
    let selected = |a: &App| a.screens.network.selected;
    assert_eq!(selected(&a), None, "the whole network first");
    feed(&mut a, [key(KeyCode::Up)]);
    assert_eq!(selected(&a), Some((2, 9)), "up selects the last output");
    feed(&mut a, [key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(
        selected(&a),
        Some((0, 1)),
        "down the last column goes on into the first"
    );
    for _ in 0..15 {
        feed(&mut a, [key(KeyCode::Down)]);
    }
    assert_eq!(selected(&a), Some((1, 0)), "on into hidden layer 2");
    feed(&mut a, [ch(']')]);
    assert_eq!(selected(&a).map(|s| s.0), Some(2));
    feed(&mut a, [ch('['), ch('[')]);
    assert_eq!(selected(&a).map(|s| s.0), Some(0));
    feed(&mut a, [key(KeyCode::Esc)]);
    assert_eq!(selected(&a), None, "Esc: the whole network again");
    feed(&mut a, [ch(']')]);
    assert_eq!(selected(&a), Some((0, 0)));
    // ← → still choose the digit.
    feed(&mut a, [key(KeyCode::Right)]);
    assert_eq!(a.screens.network.digit, Digit::Test(1));
    // The weights view selects a tile of the same layer; PgDn pages on.
    feed(&mut a, [ch('v'), key(KeyCode::Down)]);
    let Some((0, unit)) = selected(&a) else {
        panic!("{:?}", selected(&a));
    };
    let _ = render(&a, 80, 24);
    let per_page = a.screens.network.per_page.get();
    assert!(per_page < 16, "not all fit at 80x24");
    feed(&mut a, [key(KeyCode::PageDown)]);
    assert_eq!(
        selected(&a),
        Some((0, (unit / per_page + 1) * per_page % 16))
    );
    feed(&mut a, [ch('x')]);
    assert!(a.screens.network.products);
}

#[test]
fn the_matrix_cursor_filters_the_gallery() {
    let mut a = network_app();
    feed(&mut a, [ch('v'), ch('v')]);
    let all = a.screens.network.gallery.len();
    assert_eq!(
        all,
        a.screens.network.insight.as_ref().unwrap().mistakes.len()
    );
    // Move the cursor to (true 1, answer 0): only 1s read as 0.
    feed(&mut a, [ch('m'), key(KeyCode::Down)]);
    assert!(a.screens.network.matrix_focus);
    assert_eq!(a.screens.network.cursor, (1, 0));
    assert_eq!(a.screens.network.filter, Some((1, 0)));
    let insight = a.screens.network.insight.clone().unwrap();
    let test = a.ctx.data.ready().unwrap().test.all();
    assert!(
        a.screens
            .network
            .gallery
            .iter()
            .all(|&i| test.label(i) == 1 && insight.evaluation.predictions[i].0 == 0)
    );
    assert_eq!(
        a.screens.network.gallery.len() as u32,
        insight.evaluation.confusion[1][0]
    );
    // On the diagonal: every mistake on that digit.
    let test_len = test.len();
    feed(&mut a, [key(KeyCode::Right)]);
    assert!(test_len > 0);
    let ones = a.screens.network.gallery.len() as u32;
    let row: u32 = insight.evaluation.confusion[1].iter().sum();
    assert_eq!(ones, row - insight.evaluation.confusion[1][1]);
    // Back to the gallery: arrows move through it, ↓ by a row.
    feed(&mut a, [ch('m'), ch('a')]);
    assert_eq!(a.screens.network.gallery.len(), all);
    let _ = render(&a, 200, 60);
    let per_row = a.screens.network.gallery_columns.get();
    assert!(per_row > 1);
    feed(&mut a, [key(KeyCode::Down)]);
    assert_eq!(a.screens.network.mistake, per_row % all);
    // The selected mistake's probabilities are computed when it changes.
    let (index, p) = a.screens.network.mistake_probabilities.unwrap();
    assert_eq!(index, a.screens.network.gallery[a.screens.network.mistake]);
    let net = a.screens.network.shown(&a.ctx).unwrap().0;
    assert_eq!(
        p,
        net.predict(a.ctx.data.ready().unwrap().test.all().image(index))
    );
}

#[test]
fn views_never_panic_at_any_size() {
    use crate::tui::screens::Screen;
    let mut a = network_app();
    settle(&mut a);
    for view in 0..3 {
        for (w, h) in [
            (1, 1),
            (3, 200),
            (200, 3),
            (20, 10),
            (40, 12),
            (79, 23),
            (300, 100),
        ] {
            let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
            t.draw(|f| a.screens.network.draw(f, f.area(), &a.ctx))
                .unwrap();
            // Through the app too (the too-small notice below 80x24).
            let _ = render(&a, w, h);
        }
        assert_eq!(a.screens.network.view as usize, view);
        feed(&mut a, [ch('v')]);
    }
}

#[test]
fn a_frame_takes_well_under_5_ms() {
    let mut a = network_app();
    settle(&mut a);
    for _ in 0..3 {
        let _ = render(&a, 200, 60); // derived results are computed once
        let start = std::time::Instant::now();
        for _ in 0..10 {
            let _ = buffer(&a, 200, 60);
        }
        let each = start.elapsed() / 10;
        // Generous: the bench (`cargo bench --bench draw`) measures it.
        assert!(each.as_millis() < 25, "{each:?}");
        feed(&mut a, [ch('v')]);
    }
}

/// The generations of the studies among `cmds`.
fn asked(cmds: &[Command]) -> Vec<u64> {
    cmds.iter()
        .filter_map(|c| match c {
            Command::StudyModel { generation, .. } => Some(*generation),
            _ => None,
        })
        .collect()
}

#[test]
fn the_screen_asks_for_its_study_and_keys_work_meanwhile() {
    let mut a = ready_app();
    let mut model: Box<SavedModel> = always(3);
    model.network = Network::he_init(&mut ChaCha8Rng::seed_from_u64(5));
    let load = Event::Model {
        shipped: false,
        path: "saves/model.ron".into(),
        result: Ok(model),
    };
    // Not on show: nothing is studied.
    assert_eq!(asked(&update(&mut a, load)), Vec::<u64>::new());
    // On show: asked for once, not computed here.
    let cmds = crate::tui::test_support::feed(&mut a, [key(KeyCode::F(4)), ch('v'), ch('v')]);
    let [generation] = asked(&cmds)[..] else {
        panic!("one study asked for: {cmds:?}");
    };
    assert!(a.screens.network.evaluating());
    assert!(a.screens.network.insight.is_none() && a.screens.network.facts.is_none());
    assert!(render(&a, 80, 24).contains("evaluating"));
    // Keys keep working, and the study is not asked for twice.
    let cmds = crate::tui::test_support::feed(&mut a, [ch('v'), key(KeyCode::Right)]);
    assert_eq!(asked(&cmds), Vec::<u64>::new());
    assert_eq!(a.screens.network.digit, Digit::Test(1));
    assert!(render(&a, 80, 24).contains("evaluating"));
    // The worker's answer is taken.
    let cmd = Command::StudyModel {
        generation,
        source: a.screens.network.shown(&a.ctx).unwrap().2,
        network: Box::new(a.screens.network.shown(&a.ctx).unwrap().0.clone()),
    };
    let answer = studied(&a, &cmd).unwrap();
    assert!(asked(&update(&mut a, answer)).is_empty());
    assert!(!a.screens.network.evaluating());
    assert!(a.screens.network.facts.is_some() && a.screens.network.insight.is_some());
    assert!(!render(&a, 80, 24).contains("evaluating"));
}

#[test]
fn an_outdated_study_is_ignored_and_the_current_one_asked_for() {
    let mut a = network_app();
    let old = a.screens.network.insight.clone().unwrap();
    // Training sends weights while the saved model is shown: `t` shows them.
    crate::tui::test_support::feed(&mut a, [key(KeyCode::F(1)), ch('s'), started(1)]);
    let live = Network::zeros();
    crate::tui::test_support::feed(
        &mut a,
        [train(
            1,
            TrainEvent::Snapshot {
                epoch: 1,
                batch: 200,
                network: Box::new(live.clone()),
            },
        )],
    );
    let cmds = crate::tui::test_support::feed(&mut a, [key(KeyCode::F(4))]);
    let [first] = asked(&cmds)[..] else {
        panic!("{cmds:?}");
    };
    let request = cmds
        .into_iter()
        .find(|c| asked(std::slice::from_ref(c)) == [first])
        .unwrap();
    let stale = studied(&a, &request).unwrap();
    // The model changes before the answer comes: `t` back to the saved one.
    let cmds = crate::tui::test_support::feed(&mut a, [ch('t')]);
    assert!(asked(&cmds).is_empty(), "one study at a time");
    let cmds = update(&mut a, stale);
    assert!(
        a.screens.network.evaluating(),
        "the answer was for another model"
    );
    let insight = a.screens.network.insight.as_ref().unwrap();
    assert_eq!(insight.evaluation, old.evaluation, "not replaced");
    // The current model's study is asked for now, and taken.
    let [second] = asked(&cmds)[..] else {
        panic!("{cmds:?}");
    };
    assert!(second > first);
    let answer = studied(&a, &cmds[0]).unwrap();
    update(&mut a, answer);
    assert!(!a.screens.network.evaluating());
    assert_eq!(
        a.screens.network.insight.as_ref().unwrap().evaluation,
        old.evaluation
    );
}

#[test]
fn training_weights_are_not_studied_while_the_screen_is_not_shown() {
    // Each of training's snapshots (many a second at full speed) used to
    // evaluate the test set on the UI thread when the mistakes view was
    // the Network screen's last view, starving keys like `q`.
    let mut a = network_app();
    feed(
        &mut a,
        [ch('v'), ch('v'), key(KeyCode::F(1)), ch('s'), started(1)],
    );
    let snapshot = |batch| {
        train(
            1,
            TrainEvent::Snapshot {
                epoch: 1,
                batch,
                network: Box::new(Network::zeros()),
            },
        )
    };
    for batch in [200, 400, 600] {
        let cmds = crate::tui::test_support::feed(&mut a, [snapshot(batch)]);
        assert!(asked(&cmds).is_empty(), "{cmds:?}");
    }
    assert!(a.screens.network.asked.is_none());
    // Shown again: the latest weights are asked for, once.
    let cmds = crate::tui::test_support::feed(&mut a, [key(KeyCode::F(4))]);
    assert_eq!(asked(&cmds), [a.screens.network.generation]);
}

#[test]
fn a_keeps_the_order_o_chose() {
    let mut a = network_app();
    feed(
        &mut a,
        [ch('v'), ch('v'), ch('o'), ch('m'), key(KeyCode::Down)],
    );
    feed(&mut a, [ch('a')]);
    assert!(a.screens.network.least_confident_first);
    let insight = a.screens.network.insight.as_ref().unwrap();
    let conf = |i: usize| insight.evaluation.predictions[i].1;
    assert_eq!(a.screens.network.gallery, insight.mistakes);
    assert!(
        a.screens
            .network
            .gallery
            .windows(2)
            .all(|w| conf(w[0]) <= conf(w[1])),
        "still least confident first"
    );
    assert!(render(&a, 80, 24).contains("least"), "and says so");
}

#[test]
fn why_after_a_play_round_opens_the_neurons_view_on_that_digit() {
    let mut a = play_app();
    // The Network screen was left on its mistakes view, at another digit.
    feed(&mut a, [key(KeyCode::F(4)), ch('v'), ch('v')]);
    assert_eq!(a.screens.network.view, View::Mistakes);
    feed(&mut a, [key(KeyCode::F(2))]);
    play_digit(&mut a, 13, Some('3'));
    feed(&mut a, [ch('w')]);
    assert_eq!(a.tab, Tab::Network);
    assert_eq!(a.screens.network.view, View::Neurons);
    assert_eq!(a.screens.network.digit, Digit::Test(13));
    let screen = render(&a, 120, 40);
    assert!(screen.contains("test digit #13"), "{screen}");
}

#[test]
fn the_weights_legend_shows_what_the_tiles_draw_in_each_colour_mode() {
    use crate::tui::theme::{ColorMode, index_rgb, sign_legend_in};
    use crate::tui::widgets::picture::{Picture, Shade};
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Color;
    use ratatui::widgets::Widget;
    let text = |spans: &[ratatui::text::Span]| {
        spans
            .iter()
            .map(|s| s.content.to_string())
            .collect::<String>()
    };
    // Without colour: the scale is the glyphs a tile draws from − to +.
    let values = [-1.0, -0.3, 0.0, 0.3, 1.0];
    let w: Vec<f32> = values.iter().chain(&values).copied().collect();
    let mut buf = Buffer::empty(Rect::new(0, 0, 5, 1));
    let tile = Picture::new(&w, 5, 2, Shade::Diverging).in_mode(ColorMode::Monochrome);
    Widget::render(tile, buf.area, &mut buf);
    let drawn: String = (0..5).map(|x| buf[(x, 0)].symbol().to_string()).collect();
    assert_eq!(
        text(&super::tiles_view::scale(ColorMode::Monochrome)),
        drawn
    );
    let words = text(&sign_legend_in(ColorMode::Monochrome));
    assert!(!words.contains("blue") && !words.contains("red"), "{words}");
    // In 256 colours: red, through the dark middle, to blue.
    let scale = super::tiles_view::scale(ColorMode::Indexed);
    let rgb = |s: &ratatui::text::Span| match s.style.fg {
        Some(Color::Indexed(i)) => index_rgb(i),
        other => panic!("{other:?}"),
    };
    let ((r, g, b), (r2, g2, b2)) = (rgb(&scale[0]), rgb(&scale[15]));
    assert!(r > g && r > b && b2 > r2 && b2 > g2);
    assert!(text(&sign_legend_in(ColorMode::Indexed)).contains("blue +"));
}
