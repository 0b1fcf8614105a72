//! The Play screen on its own: keys in, messages out, against a bare context.

use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::tui::msg::{Digit, Tab};
use crate::tui::test_support::{press, ready_ctx};

#[test]
fn t_asks_the_app_to_go_and_train() {
    let mut p = PlayScreen::new(1);
    let msgs = p.handle_key(&press(KeyCode::Char('t')), &ready_ctx());
    assert!(matches!(
        msgs.as_slice(),
        [Msg::GoTo(Tab::Train), Msg::StartTraining]
    ));
}

#[test]
fn the_digit_on_screen_is_the_round_or_the_drawing() {
    let ctx = ready_ctx();
    let mut p = PlayScreen::new(1);
    assert_eq!(p.digit(), None);
    p.ensure_round(&ctx);
    let index = p
        .round
        .as_ref()
        .expect("a round with data and a model")
        .index;
    assert_eq!(p.digit(), Some(Digit::Test(index)));
    for code in [
        KeyCode::Char('d'),
        KeyCode::Char(' '),
        KeyCode::Down,
        KeyCode::Down,
    ] {
        p.handle_key(&press(code), &ctx);
    }
    assert!(matches!(p.digit(), Some(Digit::Drawn(_))));
}

#[test]
fn typing_a_number_takes_every_key_until_enter() {
    let ctx = ready_ctx();
    let mut p = PlayScreen::new(1);
    p.handle_key(&press(KeyCode::Char('g')), &ctx);
    assert!(Screen::typing(&p));
    // 't' while typing cancels the prompt instead of going to train.
    assert!(p.handle_key(&press(KeyCode::Char('t')), &ctx).is_empty());
    assert!(!Screen::typing(&p));
    for code in [
        KeyCode::Char('g'),
        KeyCode::Char('4'),
        KeyCode::Char('2'),
        KeyCode::Enter,
    ] {
        p.handle_key(&press(code), &ctx);
    }
    assert_eq!(p.round.as_ref().map(|r| r.index), Some(42));
}

#[test]
fn the_footer_follows_the_round() {
    let ctx = ready_ctx();
    let mut p = PlayScreen::new(1);
    p.ensure_round(&ctx);
    let labels = |p: &PlayScreen| -> Vec<&str> { p.footer(&ctx).iter().map(|r| r.label).collect() };
    assert!(
        labels(&p).contains(&"n") && !labels(&p).contains(&"Enter"),
        "{:?}",
        labels(&p)
    );
    p.handle_key(&press(KeyCode::Char('1')), &ctx);
    assert!(
        labels(&p).contains(&"Enter") && labels(&p).contains(&"m"),
        "{:?}",
        labels(&p)
    );
}
