//! The Network screen on its own: keys in, messages out, against a bare context.

use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::tui::ctx::Live;
use crate::tui::msg::Digit;
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
