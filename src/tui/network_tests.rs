//! The Network screen through `update`, and its snapshots.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use ratatui::crossterm::event::KeyCode;

use super::app::{App, update};
use super::event::Event;
use super::msg::Digit;
use super::screens::network::View;
use super::test_support::*;
use crate::model_file::SavedModel;
use crate::network::Network;
use crate::train::TrainEvent;

/// Ready data, a random (He-initialised) model, on the Network screen.
fn network_app() -> App {
    let mut a = ready_app();
    let mut model: Box<SavedModel> = always(3);
    model.network = Network::he_init(&mut ChaCha8Rng::seed_from_u64(5));
    update(
        &mut a,
        Event::Model {
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
    assert_eq!(a.network.digit, Digit::Test(0));
    feed(&mut a, [key(KeyCode::Left)]);
    assert_eq!(a.network.digit, Digit::Test(9999), "wraps around");
    feed(&mut a, [key(KeyCode::Right), key(KeyCode::Right)]);
    assert_eq!(a.network.digit, Digit::Test(1));
    feed(&mut a, [ch('g'), ch('4'), ch('2'), key(KeyCode::Enter)]);
    assert_eq!(a.network.digit, Digit::Test(42));
    // From Play: its current test digit, then its drawing.
    feed(&mut a, [key(KeyCode::F(2))]);
    let index = a.play.round.as_ref().unwrap().index;
    feed(&mut a, [key(KeyCode::F(4)), ch('p')]);
    assert_eq!(a.network.digit, Digit::Test(index));
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
    assert!(matches!(a.network.digit, Digit::Drawn(_)));
}

#[test]
fn training_snapshots_show_live_and_t_switches_back() {
    let mut a = network_app();
    let (_, label, _) = a.network.shown(&a.ctx).unwrap();
    assert_eq!(label, "saved model saves/model.ron");
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
    let (net, label, _) = a.network.shown(&a.ctx).unwrap();
    assert_eq!(net, &live);
    assert_eq!(label, "training now: epoch 2, batch 400 (t: saved model)");
    feed(&mut a, [key(KeyCode::F(4)), ch('t')]);
    assert_eq!(
        a.network.shown(&a.ctx).unwrap().1,
        "saved model saves/model.ron (t: training's)"
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
    let (net, label, _) = a.network.shown(&a.ctx).unwrap();
    assert_eq!(
        (net, label.as_str()),
        (&live, "training now: epoch 2, batch 400 (t: saved model)")
    );
    let of_live = a.network.insight.as_ref().unwrap().evaluation.metrics;
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
    let insight = a.network.insight.as_ref().unwrap();
    assert_eq!(
        insight.source,
        super::screens::network::Source::Live {
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
    let (net, label, _) = a.network.shown(&a.ctx).unwrap();
    assert_eq!(net, &best);
    assert_eq!(label, "last run's best weights, epoch 3 (t: saved model)");
}

#[test]
fn mistakes_view_counts_every_test_digit() {
    let mut a = network_app();
    feed(&mut a, [ch('v'), ch('v')]);
    assert_eq!(a.network.view, View::Mistakes);
    let insight = a
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
    let insight = a.network.insight.as_ref().unwrap();
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
    assert_eq!(a.network.mistake, 1);
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
