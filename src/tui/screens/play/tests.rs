//! The Play screen on its own: keys in, messages out, against a bare context.

use ratatui::crossterm::event::KeyCode;

use super::*;
use crate::tui::screens::Tab;
use crate::tui::subject::Digit;
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
