//! The Play screen's tests, all in one place: the screen on its own
//! (keys in, messages out) and the app driving it through `update`, with
//! snapshots.

use super::*;
use crate::game::Verdict;
use crate::tui::app::update;
use crate::tui::command::Command;
use crate::tui::event::Event;
use crate::tui::screens::Tab;
use crate::tui::screens::play::{self, Mode};
use crate::tui::subject::Digit;
use crate::tui::test_support::*;
use crate::tui::test_support::{press, ready_ctx};
use ratatui::crossterm::event::{
    Event as Input, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

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

// The brush.

use super::brush::{CORE, EDGE, Sketch, falloff};

use crate::digit::SIDE;

fn at(s: &Sketch, x: usize, y: usize) -> u8 {
    s.pixels()[y * SIDE + x]
}

#[test]
fn a_dot_has_a_full_core_and_soft_gray_edges() {
    let mut s = Sketch::default();
    // Centred on pixel (10, 10).
    assert!(s.stroke((10.5, 10.5), (10.5, 10.5), true));
    assert_eq!(at(&s, 10, 10), 255, "centre");
    // Neighbours at distance 1 and sqrt 2 are gray, not white or black.
    let side = at(&s, 11, 10);
    let corner = at(&s, 11, 11);
    assert!(side > 200 && side < 255, "side {side}");
    assert!(corner > 20 && corner < side, "corner {corner}");
    // Two pixels away: nothing.
    assert_eq!(at(&s, 12, 10), 0);
    assert_eq!(at(&s, 8, 10), 0);
    // Exact values of the falloff.
    assert_eq!(falloff(0.0), 1.0);
    assert_eq!(falloff(CORE), 1.0);
    assert_eq!(falloff(EDGE), 0.0);
    assert!((falloff((CORE + EDGE) / 2.0) - 0.5).abs() < 1e-6);
}

#[test]
fn a_stroke_is_two_to_three_pixels_wide_like_mnist() {
    let mut s = Sketch::default();
    s.stroke((14.0, 4.0), (14.0, 24.0), true);
    // Across the middle row: how many pixels carry ink, and how many
    // are full.
    let row: Vec<u8> = (0..SIDE).map(|x| at(&s, x, 14)).collect();
    let inked = row.iter().filter(|&&p| p > 0).count();
    let full = row.iter().filter(|&&p| p == 255).count();
    assert_eq!(full, 2, "{row:?}");
    assert!((2..=4).contains(&inked), "{row:?}");
}

#[test]
fn a_fast_stroke_leaves_no_gaps() {
    let mut s = Sketch::default();
    // One long diagonal jump, as a fast mouse drag reports it.
    s.stroke((2.5, 3.5), (25.5, 24.5), true);
    // Every pixel on the line between the two ends is fully inked.
    for i in 0..=40 {
        let t = i as f32 / 40.0;
        let (x, y) = (2.5 + t * 23.0, 3.5 + t * 21.0);
        assert_eq!(at(&s, x as usize, y as usize), 255, "gap at ({x}, {y})");
    }
}

#[test]
fn ink_never_dims_and_the_eraser_removes_it() {
    let mut s = Sketch::default();
    s.stroke((10.5, 10.5), (10.5, 10.5), true);
    let centre = at(&s, 10, 10);
    // A second dot nearby only adds ink.
    s.stroke((12.5, 10.5), (12.5, 10.5), true);
    assert_eq!(at(&s, 10, 10), centre);
    assert!(!s.stroke((10.5, 10.5), (10.5, 10.5), true), "nothing new");
    assert!(s.stroke((10.5, 10.5), (12.5, 10.5), false));
    assert_eq!(at(&s, 10, 10), 0);
    assert_eq!(at(&s, 11, 10), 0);
    s.clear();
    assert!(s.is_empty());
}

#[test]
fn strokes_off_the_canvas_are_clipped_and_nan_ignored() {
    let mut s = Sketch::default();
    assert!(s.stroke((-5.0, -5.0), (0.5, 0.5), true));
    assert_eq!(at(&s, 0, 0), 255);
    assert!(!s.stroke((100.0, 100.0), (200.0, 100.0), true));
    assert!(!s.stroke((f32::NAN, 1.0), (1.0, 1.0), true));
    assert!(s.stroke((27.5, 27.5), (40.0, 40.0), true));
}

// The strip of last rounds.

use ratatui::layout::Rect;

use super::state::Past;

use super::strip::{entry, label, slots};

fn past(label: u8, guess: u8, prediction: u8) -> Past {
    Past {
        index: 0,
        label,
        guess,
        prediction,
        hard: false,
        picture: vec![0.0; 784],
    }
}

#[test]
fn the_strip_fits_whole_thumbnails_or_falls_back_to_text() {
    // A thumbnail is 14 columns and 8 rows (picture and label), 2 apart.
    assert_eq!(slots(Rect::new(0, 0, 14, 8)), (1, 1));
    assert_eq!(slots(Rect::new(0, 0, 30, 16)), (2, 2));
    assert_eq!(slots(Rect::new(0, 0, 29, 15)), (1, 1));
    assert_eq!(slots(Rect::new(0, 0, 82, 27)), (5, 3));
    assert_eq!(slots(Rect::new(0, 0, 80, 7)), (0, 0), "too short: text");
    assert_eq!(slots(Rect::new(0, 0, 13, 40)), (0, 0), "too narrow: text");
    assert_eq!(slots(Rect::new(0, 0, 0, 0)), (0, 0));
}

#[test]
fn strip_entries_name_the_digit_and_both_answers() {
    let text = |spans: Vec<ratatui::text::Span>| -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    };
    let p = past(7, 7, 1);
    assert_eq!(text(label(&p).spans), "you 7✓ net 1✗");
    assert!(
        text(label(&p).spans).chars().count() <= 14,
        "fits a thumbnail"
    );
    assert_eq!(text(entry(&p)), "7: 7✓ 1✗  ");
    assert_eq!(text(entry(&past(3, 5, 3))), "3: 5✗ 3✓  ");
}

#[test]
fn a_round_reveals_the_answer_only_after_the_guess() {
    let mut a = play_app();
    let r = a
        .screens
        .play
        .round
        .clone()
        .expect("a round starts when Play opens");
    assert!(r.guess.is_none());
    assert_eq!(r.prediction(), 3);
    assert_eq!(r.label, (r.index % 10) as u8);
    let right = char::from(b'0' + r.label);
    feed(&mut a, [ch(right)]);
    let r2 = a.screens.play.round.clone().unwrap();
    assert_eq!(r2.guess, Some(r.label));
    let expected = if r.label == 3 {
        Verdict::BothRight
    } else {
        Verdict::HumanWon
    };
    assert_eq!(r2.verdict, Some(expected));
    assert_eq!(
        (
            a.screens.play.score.rounds,
            a.screens.play.score.human_correct
        ),
        (1, 1)
    );
    // A second digit key does not guess again.
    feed(&mut a, [ch('1')]);
    assert_eq!(a.screens.play.score.rounds, 1);
    feed(&mut a, [key(KeyCode::Enter)]);
    assert!(
        a.screens
            .play
            .round
            .as_ref()
            .is_some_and(|r| r.guess.is_none())
    );
}

#[test]
fn go_to_a_digit_by_number_and_score_streaks() {
    let mut a = play_app();
    play_digit(&mut a, 13, Some('3'));
    let r = a.screens.play.round.clone().unwrap();
    assert_eq!(
        (r.index, r.label, r.verdict),
        (13, 3, Some(Verdict::BothRight))
    );
    play_digit(&mut a, 24, Some('4'));
    assert_eq!(
        a.screens.play.round.as_ref().unwrap().verdict,
        Some(Verdict::HumanWon)
    );
    play_digit(&mut a, 5, Some('9'));
    assert_eq!(
        a.screens.play.round.as_ref().unwrap().verdict,
        Some(Verdict::BothWrong)
    );
    let s = &a.screens.play.score;
    assert_eq!(
        (
            s.rounds,
            s.human_correct,
            s.model_correct,
            s.streak,
            s.best_streak
        ),
        (3, 2, 1, 0, 2)
    );
    assert_eq!(s.human_confusion[5][9], 1);
    // r asks first; any other key keeps the score; r twice resets it.
    feed(&mut a, [ch('r')]);
    assert_eq!(a.screens.play.score.rounds, 3, "one r only asks");
    assert!(
        a.ctx
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("r again resets the score"))
    );
    feed(&mut a, [ch('b'), ch('r')]);
    assert_eq!(a.screens.play.score.rounds, 3, "a key in between keeps it");
    feed(&mut a, [ch('r')]);
    assert_eq!(a.screens.play.score.rounds, 0);
    // A number out of range is refused with a message.
    feed(
        &mut a,
        [
            ch('g'),
            ch('9'),
            ch('9'),
            ch('9'),
            ch('9'),
            ch('9'),
            key(KeyCode::Enter),
        ],
    );
    assert!(
        a.ctx
            .notice
            .as_ref()
            .is_some_and(|n| n.error && n.text.contains("0 to 9999"))
    );
}

#[test]
fn l_steps_past_a_model_file_that_fails_and_a_new_model_resets_the_score() {
    let mut a = play_app();
    play_digit(&mut a, 13, Some('3'));
    assert_eq!(a.screens.play.score.rounds, 1);
    assert!(
        feed(&mut a, [ch('l')]).is_empty(),
        "with a score, l asks first"
    );
    let first = feed(&mut a, [ch('l')]);
    assert!(
        matches!(first.as_slice(), [Command::LoadNextModel { after }] if after.ends_with("model.ron"))
    );
    // The next file is broken: the current model stays, and the next `l`
    // starts from the broken file instead of trying it again.
    update(
        &mut a,
        Event::Model {
            shipped: false,
            path: "saves/broken.ron".into(),
            result: Err("saves/broken.ron: 1:1: expected a model".into()),
        },
    );
    assert!(a.ctx.model.path.ends_with("model.ron") && a.ctx.model.model.is_ok());
    assert_eq!(
        a.screens.play.score.rounds, 1,
        "a failed load keeps the score"
    );
    let again = feed(&mut a, [ch('l'), ch('l')]);
    assert!(
        matches!(again.as_slice(), [Command::LoadNextModel { after }] if after.ends_with("broken.ron")),
        "{again:?}"
    );
    update(
        &mut a,
        Event::Model {
            shipped: false,
            path: "saves/other.ron".into(),
            result: Ok(always(7)),
        },
    );
    assert_eq!(
        a.screens.play.score.rounds, 0,
        "the score was the old model's"
    );
    assert!(
        a.ctx
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("score reset"))
    );
    let next = feed(&mut a, [ch('l')]);
    assert!(
        matches!(next.as_slice(), [Command::LoadNextModel { after }] if after.ends_with("other.ron"))
    );
}

#[test]
fn hard_mode_serves_only_digits_the_network_gets_wrong() {
    let mut a = play_app();
    feed(&mut a, [ch('h')]);
    assert!(a.screens.play.hard);
    for _ in 0..50 {
        let r = a.screens.play.round.clone().unwrap();
        assert_ne!(r.label, 3, "the network is right (and sure) about every 3");
        feed(&mut a, [ch('n')]);
    }
}

#[test]
fn without_a_model_t_goes_to_train_and_starts() {
    let mut a = ready_app();
    update(
        &mut a,
        Event::Model {
            shipped: false,
            path: "saves/model.ron".into(),
            result: Err("saves/model.ron: cannot read: No such file".into()),
        },
    );
    feed(&mut a, [key(KeyCode::F(2))]);
    assert!(a.screens.play.round.is_none());
    let text = render(&a, 80, 24);
    assert!(text.contains("No model to play against"), "{text}");
    let cmds = feed(&mut a, [ch('t')]);
    assert_eq!(a.tab, Tab::Train);
    assert!(matches!(cmds.as_slice(), [Command::StartTraining { .. }]));
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
    Event::Input(Input::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }))
}

/// Draws a "1": a vertical stroke with the mouse, then a foot with the keys.
fn draw_a_one(a: &mut crate::tui::app::App) {
    feed(a, [ch('d')]);
    assert_eq!(a.screens.play.mode, Mode::Draw);
    let c = play::canvas_geometry(
        crate::tui::layout::body_area(a.ctx.size),
        a.screens.play.render,
    )
    .area;
    feed(
        a,
        [mouse(
            MouseEventKind::Down(MouseButton::Left),
            c.x + 14,
            c.y + 2,
        )],
    );
    for row in 3..12 {
        feed(
            a,
            [mouse(
                MouseEventKind::Drag(MouseButton::Left),
                c.x + 14,
                c.y + row,
            )],
        );
    }
    feed(
        a,
        [mouse(
            MouseEventKind::Up(MouseButton::Left),
            c.x + 14,
            c.y + 12,
        )],
    );
}

#[test]
fn drawing_works_before_mnist_is_loaded() {
    let mut a = app();
    update(
        &mut a,
        Event::Model {
            shipped: false,
            path: "saves/model.ron".into(),
            result: Ok(always(3)),
        },
    );
    feed(&mut a, [key(KeyCode::F(2))]);
    let waiting = render(&a, 80, 24);
    assert!(waiting.contains("MNIST is not loaded yet"), "{waiting}");
    assert!(waiting.contains("draw a digit"), "{waiting}");
    draw_a_one(&mut a);
    assert!(
        a.screens.play.seen.is_some(),
        "the network reads the drawing"
    );
    let drawing = render(&a, 80, 24);
    assert!(!drawing.contains("not loaded"), "{drawing}");
}

#[test]
fn drawing_with_mouse_and_keys_updates_the_prediction() {
    let mut a = play_app();
    draw_a_one(&mut a);
    let (seen, _) = a
        .screens
        .play
        .seen
        .clone()
        .expect("a prediction after drawing");
    let (cx, cy) = crate::digit::preprocess::centre_of_mass(&seen);
    assert!((cx - 14.0).abs() <= 1.0 && (cy - 14.0).abs() <= 1.0);
    // Right button erases.
    let c = play::canvas_geometry(
        crate::tui::layout::body_area(a.ctx.size),
        a.screens.play.render,
    )
    .area;
    let before = a
        .screens
        .play
        .canvas
        .pixels()
        .iter()
        .filter(|&&p| p > 0)
        .count();
    feed(
        &mut a,
        [mouse(
            MouseEventKind::Down(MouseButton::Right),
            c.x + 14,
            c.y + 5,
        )],
    );
    assert!(
        a.screens
            .play
            .canvas
            .pixels()
            .iter()
            .filter(|&&p| p > 0)
            .count()
            < before
    );
    // Keys: pen down, move, pen up.
    feed(
        &mut a,
        [
            ch(' '),
            key(KeyCode::Left),
            key(KeyCode::Left),
            ch(' '),
            key(KeyCode::Left),
        ],
    );
    // The cursor is a pixel: the mouse left it at (14, 11), under cell
    // row 5 (two pixels a row at this size).
    let (col, row) = a.screens.play.cursor;
    assert_eq!((col, row), (11, 11));
    assert!(
        a.screens.play.canvas.pixels()[11 * 28 + 12] == 255,
        "the pen drew where the cursor went"
    );
    assert!(
        a.screens.play.canvas.pixels()[11 * 28 + 10] == 0,
        "and not after it was lifted"
    );
    feed(&mut a, [ch('c')]);
    assert!(a.screens.play.canvas.is_empty() && a.screens.play.seen.is_none());
    feed(&mut a, [ch('d')]);
    assert_eq!(a.screens.play.mode, Mode::Guess);
}

#[test]
fn summary_opens_and_closes() {
    let mut a = play_app();
    feed(&mut a, [ch('m')]);
    assert!(a.screens.play.show_summary);
    feed(&mut a, [ch('7')]);
    assert!(
        !a.screens.play.show_summary,
        "a key closes the summary without guessing"
    );
    assert_eq!(a.screens.play.score.rounds, 0);
}

/// Lets the answer's bars finish growing.
fn settle(a: &mut crate::tui::app::App) {
    feed(a, (0..10).map(|_| Event::Tick));
}

/// Plays a few rounds, some won and some lost, for the strip.
fn some_rounds(a: &mut crate::tui::app::App) {
    for (i, g) in [
        (13, '3'),
        (27, '1'),
        (5, '5'),
        (8, '3'),
        (19, '9'),
        (44, '4'),
        (31, '7'),
    ] {
        play_digit(a, i, Some(g));
    }
}

#[test]
fn snapshot_play_before_guess() {
    let mut a = play_app();
    play_digit(&mut a, 13, None);
    snapshot_sizes("play_before_guess", &a);
}

#[test]
fn snapshot_play_after_correct_guess() {
    let mut a = play_app();
    some_rounds(&mut a);
    play_digit(&mut a, 13, Some('3'));
    settle(&mut a);
    snapshot_sizes("play_after_correct_guess", &a);
}

#[test]
fn snapshot_play_after_wrong_guess() {
    let mut a = play_app();
    play_digit(&mut a, 13, Some('3'));
    play_digit(&mut a, 27, Some('1'));
    settle(&mut a);
    snapshot_sizes("play_after_wrong_guess", &a);
}

#[test]
fn snapshot_play_summary() {
    let mut a = play_app();
    for (i, g) in [(13, '3'), (27, '1'), (5, '5'), (8, '3'), (19, '9')] {
        play_digit(&mut a, i, Some(g));
    }
    feed(&mut a, [ch('m')]);
    settle(&mut a);
    snapshot_sizes("play_summary", &a);
}

#[test]
fn snapshot_draw_mode_with_a_stroke() {
    let mut a = play_app();
    draw_a_one(&mut a);
    snapshot_sizes("play_draw_mode", &a);
}

#[test]
fn snapshot_play_hard_mode() {
    let mut a = play_app();
    feed(&mut a, [ch('h')]);
    for _ in 0..3 {
        feed(&mut a, [ch('2'), key(KeyCode::Enter)]);
    }
    feed(&mut a, [ch('1')]);
    settle(&mut a);
    snapshot_sizes("play_hard_mode", &a);
}

#[test]
fn snapshot_play_half_blocks() {
    let mut a = play_app();
    some_rounds(&mut a);
    play_digit(&mut a, 13, None);
    feed(&mut a, [ch('b')]);
    snapshot_sizes("play_half_blocks", &a);
}

#[test]
fn snapshot_draw_mode_half_blocks() {
    let mut a = play_app();
    feed(&mut a, [ch('b')]);
    draw_a_one(&mut a);
    snapshot_sizes("play_draw_mode_half_blocks", &a);
}

/// The share of body cells with a visible glyph (not counting painted
/// backgrounds such as a digit's black square).
fn glyphs(a: &crate::tui::app::App, w: u16, h: u16) -> f64 {
    let buf = buffer(a, w, h);
    let body = crate::tui::layout::body_area(ratatui::layout::Rect::new(0, 0, w, h));
    let n = body
        .positions()
        .filter(|&p| {
            buf[p]
                .symbol()
                .chars()
                .any(|c| !c.is_whitespace() && c != '\u{2800}')
        })
        .count();
    n as f64 / body.area() as f64
}

#[test]
fn the_big_screen_is_filled_by_the_digit_and_the_strip() {
    let mut a = play_app();
    some_rounds(&mut a);
    play_digit(&mut a, 13, Some('3'));
    settle(&mut a);
    let f = fill(&a, 200, 60);
    eprintln!(
        "fill of the guess view at 200x60: {f:.3} (glyphs alone {:.3})",
        glyphs(&a, 200, 60)
    );
    assert!(f >= 0.25, "fill at 200x60: {f:.3}");
    let mut d = play_app();
    draw_a_one(&mut d);
    let f = fill(&d, 200, 60);
    eprintln!(
        "fill of draw mode at 200x60: {f:.3} (glyphs alone {:.3})",
        glyphs(&d, 200, 60)
    );
    assert!(f >= 0.25, "fill of draw mode at 200x60: {f:.3}");
}

#[test]
fn every_view_draws_at_any_size() {
    let mut a = play_app();
    some_rounds(&mut a);
    let views: Vec<crate::tui::app::App> = {
        let mut v = Vec::new();
        let mut b = play_app();
        play_digit(&mut b, 13, None);
        v.push(b);
        v.push(a);
        let mut c = play_app();
        draw_a_one(&mut c);
        feed(&mut c, [ch('b')]);
        v.push(c);
        v
    };
    for app in &views {
        for (w, h) in [
            (1, 1),
            (3, 200),
            (200, 3),
            (80, 24),
            (81, 25),
            (100, 30),
            (300, 100),
        ] {
            let _ = render(app, w, h);
        }
        // The screen itself, below the app's too-small notice.
        for (w, h) in [(1, 1), (3, 200), (200, 3), (20, 10), (47, 17), (60, 20)] {
            let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
            t.draw(|f| {
                use crate::tui::screens::Screen;
                app.screens.play.draw(f, f.area(), &app.ctx)
            })
            .unwrap();
        }
    }
}

#[test]
fn the_answer_grows_after_the_guess_then_stops() {
    use crate::tui::screens::Screen;
    let mut a = play_app();
    play_digit(&mut a, 13, None);
    assert!(
        !a.screens.play.animating(),
        "nothing moves before the guess"
    );
    feed(&mut a, [ch('3')]);
    assert!(a.screens.play.animating());
    assert_eq!(a.screens.play.revealed(), 0.0);
    feed(&mut a, [Event::Tick]);
    let first = a.screens.play.revealed();
    assert!(first > 0.0 && first < 1.0);
    settle(&mut a);
    assert!(!a.screens.play.animating());
    assert_eq!(a.screens.play.revealed(), 1.0);
    assert!(render(&a, 80, 24).contains("88.1%"));
}

#[test]
fn w_shows_the_digit_inside_the_network_only_after_the_guess() {
    let mut a = play_app();
    play_digit(&mut a, 13, None);
    feed(&mut a, [ch('w')]);
    assert_eq!(a.tab, Tab::Play, "not before the guess");
    assert!(
        a.ctx
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("guess first"))
    );
    feed(&mut a, [ch('3'), ch('w')]);
    assert_eq!(a.tab, Tab::Network);
}

#[test]
fn the_strip_keeps_the_rounds_newest_first() {
    let mut a = play_app();
    some_rounds(&mut a);
    let h = &a.screens.play.history;
    assert_eq!(h.len(), 7);
    assert_eq!(
        (h[0].index, h[0].label, h[0].guess, h[0].prediction),
        (31, 1, 7, 3)
    );
    assert_eq!((h[6].index, h[6].guess), (13, 3));
    // Skipped digits are not rounds.
    feed(&mut a, [ch('n'), ch('n')]);
    assert_eq!(a.screens.play.history.len(), 7);
    // 80x24 has no room for thumbnails: the strip is text.
    let small = render(&a, 80, 24);
    assert!(small.contains("1: 7✗ 3✗"), "{small}");
    // 200x60 shows thumbnails with both answers under each.
    let big = render(&a, 200, 60);
    assert!(big.contains("you 7✗ net 3✗"), "{big}");
    // A new model: the rounds were the old one's.
    update(
        &mut a,
        Event::Model {
            shipped: false,
            path: "saves/other.ron".into(),
            result: Ok(always(7)),
        },
    );
    assert!(a.screens.play.history.is_empty());
}

#[test]
fn fast_mouse_drags_draw_without_gaps_and_diagonal_keys_move() {
    let mut a = play_app();
    feed(&mut a, [ch('d')]);
    let c = play::canvas_geometry(
        crate::tui::layout::body_area(a.ctx.size),
        a.screens.play.render,
    )
    .area;
    // Two drag events far apart: the stroke joins them.
    feed(
        &mut a,
        [
            mouse(MouseEventKind::Down(MouseButton::Left), c.x + 4, c.y + 2),
            mouse(MouseEventKind::Drag(MouseButton::Left), c.x + 24, c.y + 12),
            mouse(MouseEventKind::Up(MouseButton::Left), c.x + 24, c.y + 12),
        ],
    );
    let px = a.screens.play.canvas.pixels();
    let g = play::canvas_geometry(
        crate::tui::layout::body_area(a.ctx.size),
        a.screens.play.render,
    );
    let (x0, y0) = g.pixel_at(c.x + 4, c.y + 2);
    let (x1, y1) = g.pixel_at(c.x + 24, c.y + 12);
    for i in 0..=20 {
        let t = i as f32 / 20.0;
        let (x, y) = (x0 + t * (x1 - x0), y0 + t * (y1 - y0));
        assert_eq!(px[y as usize * 28 + x as usize], 255, "gap at ({x}, {y})");
    }
    // Soft edges: gray pixels beside the stroke.
    assert!(px.iter().any(|&p| p > 0 && p < 255));
    assert!(a.screens.play.seen.is_some());
    // A new press starts a new stroke, not joined to the last.
    feed(&mut a, [ch('c')]);
    feed(
        &mut a,
        [
            mouse(MouseEventKind::Down(MouseButton::Left), c.x + 2, c.y + 12),
            mouse(MouseEventKind::Up(MouseButton::Left), c.x + 2, c.y + 12),
            mouse(MouseEventKind::Down(MouseButton::Left), c.x + 26, c.y + 12),
        ],
    );
    assert_eq!(
        a.screens.play.canvas.pixels()[25 * 28 + 14],
        0,
        "no line between presses"
    );
    // Diagonal keys move a pixel each way.
    a.screens.play.cursor = (10, 10);
    for (code, want) in [
        (KeyCode::Home, (9, 9)),
        (KeyCode::PageUp, (10, 8)),
        (KeyCode::PageDown, (11, 9)),
        (KeyCode::End, (10, 10)),
    ] {
        feed(&mut a, [key(code)]);
        assert_eq!(a.screens.play.cursor, want, "{code:?}");
    }
    // w looks inside the network at the drawing.
    feed(&mut a, [ch('w')]);
    assert_eq!(a.tab, Tab::Network);
}

#[test]
fn hard_rounds_have_their_own_score_and_never_repeat_within_a_pass() {
    let mut a = play_app();
    play_digit(&mut a, 13, Some('3'));
    feed(&mut a, [ch('h')]);
    let mut seen = std::collections::HashSet::new();
    // The network (always 3) gets every non-3 wrong: 9,000 hard digits.
    for _ in 0..200 {
        let r = a.screens.play.round.clone().unwrap();
        assert!(r.hard);
        assert!(seen.insert(r.index), "#{} came back within a pass", r.index);
        feed(&mut a, [ch('1'), key(KeyCode::Enter)]);
    }
    assert_eq!(a.screens.play.score.rounds, 1, "normal rounds kept apart");
    assert_eq!(a.screens.play.hard_score.rounds, 200);
    assert!(render(&a, 80, 24).contains("score, hard digits"));
    // A digit chosen by number is hard only if it is one: #13 is a 3.
    play_digit(&mut a, 13, None);
    let title = render(&a, 80, 24);
    assert!(
        title.contains("test digit #13 ") && !title.contains("#13 (hard)"),
        "{title}"
    );
}

#[test]
fn enter_before_a_guess_asks_for_one_and_n_skips() {
    let mut a = play_app();
    play_digit(&mut a, 13, None);
    feed(&mut a, [key(KeyCode::Enter)]);
    assert_eq!(
        a.screens.play.round.as_ref().unwrap().index,
        13,
        "Enter does not skip"
    );
    assert!(
        a.ctx
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("n skips"))
    );
    feed(&mut a, [ch('n')]);
    assert_ne!(a.screens.play.round.as_ref().unwrap().index, 13);
    assert_eq!(a.screens.play.score.rounds, 0);
}

#[test]
fn hard_mode_waits_for_the_models_test_results_from_a_worker() {
    let mut a = ready_app();
    // The model arrives; its evaluation is a worker's, not done here.
    let cmds = update(
        &mut a,
        Event::Model {
            shipped: false,
            path: std::path::PathBuf::from("saves/model.ron"),
            result: Ok(always(3)),
        },
    );
    assert!(cmds.iter().any(|c| matches!(c, Command::EvaluateModel)));
    update(&mut a, key(KeyCode::F(2)));
    update(&mut a, ch('h'));
    assert!(
        a.screens.play.round.is_none(),
        "nothing computed on the UI thread"
    );
    assert!(render(&a, 80, 24).contains("Finding the hard digits"));
    let done = crate::tui::test_support::evaluated(&a, &Command::EvaluateModel).unwrap();
    feed(&mut a, [done]);
    assert!(a.screens.play.round.as_ref().is_some_and(|r| r.hard));
}

#[test]
fn the_empty_strip_says_what_will_appear_in_it() {
    let mut a = play_app();
    play_digit(&mut a, 13, None);
    for (w, h) in [(120, 40), (200, 60)] {
        let screen = render(&a, w, h);
        assert!(
            screen.contains("Each round you play lands here"),
            "{screen}"
        );
        assert!(screen.contains("you 7✓ net 1✗"), "a sample label: {screen}");
    }
    // Too short for thumbnails: a sample text entry.
    let small = render(&a, 80, 24);
    assert!(small.contains("Rounds you play line up"), "{small}");
    assert!(small.contains("7: 7✓ 1✗"), "{small}");
}

#[test]
fn in_blocks_mode_the_thumbnails_are_blocks_too() {
    let braille = |s: &str| s.chars().any(|c| ('\u{2801}'..='\u{28FF}').contains(&c));
    let mut a = play_app();
    some_rounds(&mut a);
    play_digit(&mut a, 13, None);
    assert!(braille(&render(&a, 200, 60)), "braille first");
    feed(&mut a, [ch('b')]);
    for (w, h) in [(120, 40), (200, 60)] {
        let screen = render(&a, w, h);
        assert!(!braille(&screen), "no braille left at {w}x{h}:\n{screen}");
        assert!(screen.contains("you 7✗ net 3✗"), "{screen}");
    }
}

#[test]
fn the_percentages_sit_beside_their_bars_on_a_wide_screen() {
    let mut a = play_app();
    play_digit(&mut a, 13, Some('3'));
    settle(&mut a);
    let screen = render(&a, 200, 60);
    assert!(screen.contains("0   1.3% ▊"), "{screen}");
    assert!(screen.contains("3  88.1% ████"), "{screen}");
    assert!(screen.contains("▊ ✓ ◀ you ◀ network"), "{screen}");
}

/// Cells of the body drawn bold that show a percentage.
fn bold_percentages(a: &crate::tui::app::App) -> usize {
    let buf = buffer(a, 120, 40);
    let body = crate::tui::layout::body_area(ratatui::layout::Rect::new(0, 0, 120, 40));
    body.positions()
        .filter(|&p| {
            buf[p].symbol() == "%" && buf[p].modifier.contains(ratatui::style::Modifier::BOLD)
        })
        .count()
}

#[test]
fn an_empty_canvas_lights_no_answer() {
    let mut a = play_app();
    feed(&mut a, [ch('d')]);
    assert!(a.screens.play.seen.is_none());
    assert_eq!(bold_percentages(&a), 0, "0 0.0% is no answer");
    feed(&mut a, [key(KeyCode::Esc)]);
    draw_a_one(&mut a);
    assert_eq!(bold_percentages(&a), 1, "the network's reading is lit");
    feed(&mut a, [ch('c')]);
    assert_eq!(bold_percentages(&a), 0, "cleared: nothing read");
}

#[test]
fn at_80x24_the_questions_and_notices_leave_every_tab_in_view() {
    let tabs_whole = |a: &crate::tui::app::App, what: &str| {
        let screen = render(a, 80, 24);
        let top = screen.lines().next().unwrap_or_default();
        for tab in ["F1 Train", "F2 Play", "F3 Tune", "F4 Network", "F5 Learn"] {
            assert!(top.contains(tab), "{what}: {tab} in {top}");
        }
        screen
    };
    let mut a = play_app();
    some_rounds(&mut a);
    feed(&mut a, [ch('r')]);
    let screen = tabs_whole(&a, "r");
    assert!(screen.contains("r again resets the score"), "{screen}");
    assert!(
        screen.contains("reset the score of 7 rounds? r again: yes"),
        "{screen}"
    );
    assert!(screen.contains("any other key keeps it"), "{screen}");
    feed(&mut a, [ch('l')]);
    let screen = tabs_whole(&a, "l");
    assert!(
        screen.contains("next model, reset 7 rounds? l again: yes"),
        "{screen}"
    );
    let wide = render(&a, 200, 60);
    assert!(
        wide.contains("load the next model and reset 7 rounds? l again: yes"),
        "the whole question where it fits: {wide}"
    );
    // A long count shortens the question, never cuts off its key.
    a.screens.play.score.rounds += 12_340;
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains("reset 12347 rounds? l again: yes"),
        "{screen}"
    );
    a.screens.play.score.rounds -= 12_340;
    // Any other key: no question left, the score kept.
    feed(&mut a, [ch('b')]);
    let screen = tabs_whole(&a, "b");
    assert!(!screen.contains("again: yes"), "{screen}");
    assert_eq!(a.screens.play.rounds(), 7);
    play_digit(&mut a, 13, None);
    for (keys, what) in [
        (vec![key(KeyCode::Enter)], "Enter before a guess"),
        (vec![ch('w')], "w before a guess"),
        (vec![ch('h')], "hard mode"),
    ] {
        feed(&mut a, keys);
        assert!(a.ctx.notice.is_some(), "{what} says something");
        tabs_whole(&a, what);
    }
    let mut d = play_app();
    feed(&mut d, [ch('d'), ch('w')]);
    assert!(d.ctx.notice.is_some());
    tabs_whole(&d, "w on an empty canvas");
}

#[test]
fn snapshot_play_confirm_reset() {
    let mut a = play_app();
    some_rounds(&mut a);
    settle(&mut a);
    feed(&mut a, [ch('r')]);
    snapshot_sizes("play_confirm_reset", &a);
}

#[test]
fn snapshot_draw_mode_empty() {
    let mut a = play_app();
    feed(&mut a, [ch('d')]);
    snapshot_sizes("play_draw_mode_empty", &a);
}
