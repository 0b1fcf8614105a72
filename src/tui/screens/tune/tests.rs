//! The Tune screen on its own: keys in, messages out, against a bare context.

use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::tui::command::Command;
use crate::tui::test_support::{bare_ctx, press, ready_ctx};

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
