//! `update` driven by key sequences and fake worker events (no terminal, no
//! threads), and snapshots of what the screens draw.

use ratatui::crossterm::event::KeyCode;

use super::app::{Overlay, update};
use super::command::Command;
use super::event::Event;
use super::screens::Tab;
use super::screens::train::Phase;
use super::test_support::*;
use crate::train::TrainEvent;

#[test]
fn tabs_cycle_and_jump_and_digits_are_not_global() {
    let mut a = app();
    feed(&mut a, [key(KeyCode::Tab)]);
    assert_eq!(a.tab, Tab::Play);
    feed(&mut a, [key(KeyCode::BackTab), key(KeyCode::BackTab)]);
    assert_eq!(
        Some(&a.tab),
        Tab::ALL.last(),
        "back from the first: the last"
    );
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
fn the_too_small_notice_says_how_to_quit_even_at_20x10() {
    let a = ready_app();
    for (w, h) in [(20, 10), (12, 8), (79, 23)] {
        let screen = render(&a, w, h);
        assert!(screen.contains("q quits"), "{w}x{h}:\n{screen}");
    }
}

#[test]
fn quitting_with_an_unsaved_model_asks_first() {
    let mut a = finished_unsaved();
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
