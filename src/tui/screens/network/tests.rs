//! The Network screen on its own: keys in, messages out, against a bare context.

use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::tui::ctx::Live;
use crate::tui::subject::Digit;
use crate::tui::test_support::{press, ready_ctx};

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
        Some("saved model saves/model.ron".into())
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
        Some("training now: epoch 2, batch 400 (t: saved model)".into())
    );
    ctx.live = Some(live(false));
    assert!(
        n.shown(&ctx)
            .is_some_and(|s| s.1.starts_with("last run's weights at epoch 2, batch 400"))
    );
    n.handle_key(&press(KeyCode::Char('t')), &ctx);
    assert_eq!(
        n.shown(&ctx).map(|s| s.1),
        Some("saved model saves/model.ron (t: training's)".into())
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
fn weight_tiles_fill_big_terminals_and_page_on_small_ones() {
    use super::weights_view::grid;
    let g = grid(169, 56);
    assert_eq!((g.per_page(), g.side), (16, 28), "{g:?}");
    // 120x40: all sixteen, shrunk a little.
    let g = grid(103, 35);
    assert_eq!(g.per_page(), 16, "{g:?}");
    assert!(g.side >= 16, "{g:?}");
    // 80x24: more than a few, but not all.
    let small = grid(63, 19);
    assert!((6..16).contains(&small.per_page()), "{small:?}");
    assert!(grid(0, 0).per_page() >= 1);
    let huge = grid(400, 130);
    assert_eq!((huge.per_page(), huge.side), (16, 56), "{huge:?}");
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

#[test]
fn neuron_headings_never_overlap() {
    use super::neurons_view::{headings, plan};
    use crate::tui::test_support::SIZES;
    use ratatui::layout::Rect;
    let mut n = NetworkScreen::default();
    for (w, h) in SIZES {
        let body = crate::tui::layout::body_area(Rect::new(0, 0, w, h));
        // The view's own first row is its title.
        let area = Rect::new(body.x, body.y + 1, body.width, body.height - 1);
        for values in [false, true] {
            n.values = values;
            for dead in [[0, 0], [1, 3], [16, 16]] {
                let hs = headings(&plan(&n, area), area, dead);
                let at = format!("{w}x{h}, values {values}, dead {dead:?}: {hs:?}");
                assert_eq!(hs.len(), 4, "{at}");
                for (r, text) in &hs {
                    assert_eq!(r.width as usize, text.chars().count(), "whole: {at}");
                    assert!(r.x >= area.x && r.right() <= area.right(), "{at}");
                }
                for pair in hs.windows(2) {
                    assert!(pair[1].0.x > pair[0].0.right(), "a space between: {at}");
                }
            }
        }
    }
}
