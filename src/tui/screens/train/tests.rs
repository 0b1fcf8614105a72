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
    ctx.data = DataState::Missing("not found".into());
    assert!(matches!(
        t.handle_key(&press(KeyCode::Char('d')), &ctx).as_slice(),
        [Msg::StartDownload]
    ));
    assert_eq!(labels(t.footer(&ctx)), ["d", "c"]);
    let ready = labels(t.footer(&ready_ctx()));
    assert!(!ready.contains(&"d") && ready.contains(&"s"), "{ready:?}");
    assert!(labels(t.keys()).contains(&"d"), "help lists every key");
}
