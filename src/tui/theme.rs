//! Colours in one place, so every screen speaks the same visual language:
//! training series cyan, validation yellow, good news green, errors red;
//! positive weights blue and negative red, as in 3Blue1Brown's video;
//! activations from dark to white.
//!
//! Three colour modes: true colour where the terminal says it has it
//! (`COLORTERM=truecolor` or `24bit`), the 256-colour palette otherwise, and
//! none at all under `NO_COLOR` (then pictures fall back to glyph density
//! and meaning to bold, dim and reverse).

use std::sync::atomic::{AtomicU8, Ordering};

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorMode {
    TrueColor,
    Indexed,
    Monochrome,
}

/// The mode in use; true colour until `set_mode` says otherwise (tests).
static MODE: AtomicU8 = AtomicU8::new(0);

impl ColorMode {
    /// What the environment asks for: `NO_COLOR` (any value but empty)
    /// wins, then `COLORTERM`.
    pub fn from_env(no_color: Option<&str>, colorterm: Option<&str>) -> ColorMode {
        if no_color.is_some_and(|v| !v.is_empty()) {
            ColorMode::Monochrome
        } else if colorterm
            .is_some_and(|v| v.eq_ignore_ascii_case("truecolor") || v.eq_ignore_ascii_case("24bit"))
        {
            ColorMode::TrueColor
        } else {
            ColorMode::Indexed
        }
    }

    pub fn detect() -> ColorMode {
        let var = |name| std::env::var(name).ok();
        ColorMode::from_env(var("NO_COLOR").as_deref(), var("COLORTERM").as_deref())
    }
}

pub fn set_mode(mode: ColorMode) {
    MODE.store(mode as u8, Ordering::Relaxed);
}

// A test's own mode, so it can draw without colour while the tests
// beside it (other threads) keep theirs.
#[cfg(test)]
thread_local! {
    static TEST_MODE: std::cell::Cell<Option<ColorMode>> = const { std::cell::Cell::new(None) };
}

/// Sets (or with None clears) the mode for this test's thread only.
#[cfg(test)]
pub fn set_test_mode(mode: Option<ColorMode>) {
    TEST_MODE.with(|m| m.set(mode));
}

pub fn mode() -> ColorMode {
    #[cfg(test)]
    if let Some(m) = TEST_MODE.with(|m| m.get()) {
        return m;
    }
    match MODE.load(Ordering::Relaxed) {
        1 => ColorMode::Indexed,
        2 => ColorMode::Monochrome,
        _ => ColorMode::TrueColor,
    }
}

/// Whether pictures can use colour at all.
pub fn colour() -> bool {
    mode() != ColorMode::Monochrome
}

/// `(r, g, b)` as the mode can show it.
pub fn rgb(r: u8, g: u8, b: u8) -> Color {
    rgb_in(mode(), r, g, b)
}

pub fn rgb_in(mode: ColorMode, r: u8, g: u8, b: u8) -> Color {
    match mode {
        ColorMode::TrueColor => Color::Rgb(r, g, b),
        ColorMode::Indexed => Color::Indexed(nearest_256(r, g, b)),
        ColorMode::Monochrome => Color::Reset,
    }
}

/// The xterm 256-colour index closest to `(r, g, b)`: the 6x6x6 cube or
/// the 24-step gray ramp, whichever is nearer.
pub fn nearest_256(r: u8, g: u8, b: u8) -> u8 {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let step = |v: u8| {
        (0..6)
            .min_by_key(|&i| (LEVELS[i] as i32 - v as i32).abs())
            .unwrap_or(0)
    };
    let (ri, gi, bi) = (step(r), step(g), step(b));
    let cube = (LEVELS[ri], LEVELS[gi], LEVELS[bi]);
    let mean = (r as u32 + g as u32 + b as u32) / 3;
    let gray_i = ((mean as i32 - 8) / 10).clamp(0, 23) as u8;
    let gray_v = 8 + 10 * gray_i;
    let dist = |(a, b2, c): (u8, u8, u8)| {
        let d = |x: u8, y: u8| (x as i32 - y as i32).pow(2);
        d(a, r) + d(b2, g) + d(c, b)
    };
    if dist((gray_v, gray_v, gray_v)) < dist(cube) {
        232 + gray_i
    } else {
        16 + 36 * ri as u8 + 6 * gi as u8 + bi as u8
    }
}

/// A gray level (0 black .. 255 white).
pub fn gray(v: u8) -> Color {
    rgb(v, v, v)
}

/// A signed value in -1..=1 on the video's diverging scale: red for
/// negative, black at zero, blue for positive, brighter further out.
pub fn diverging(x: f32) -> Color {
    let (r, g, b) = diverging_rgb(x);
    rgb(r, g, b)
}

pub fn diverging_rgb(x: f32) -> (u8, u8, u8) {
    let x = if x.is_finite() {
        x.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    // A little gamma so that small weights still show.
    let t = x.abs().powf(0.7);
    let end = if x >= 0.0 {
        (60.0, 150.0, 255.0)
    } else {
        (255.0, 70.0, 55.0)
    };
    let c = |v: f32| (v * t).round() as u8;
    (c(end.0), c(end.1), c(end.2))
}

/// An activation in 0..=1 as a neuron's brightness: never quite black,
/// so an unlit neuron still shows as a dim disc.
pub fn activation(a: f32) -> Color {
    let a = if a.is_finite() {
        a.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let v = (38.0 + 217.0 * a).round() as u8;
    rgb(v, v, v)
}

/// Good (0) through middling (0.5) to bad (1): green, yellow, red.
pub fn heat(t: f64) -> Color {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        1.0
    };
    let (r, g) = if t < 0.5 {
        (60.0 + 390.0 * t, 200.0)
    } else {
        (255.0, 200.0 - 330.0 * (t - 0.5))
    };
    rgb(r.min(255.0) as u8, g.max(40.0) as u8, 60)
}

/// Named styles, each meaningful without colour too.
fn fg(color: Color) -> Style {
    if colour() {
        Style::new().fg(color)
    } else {
        Style::new()
    }
}

pub fn dim() -> Style {
    if colour() {
        Style::new().fg(Color::DarkGray)
    } else {
        Style::new().add_modifier(Modifier::DIM)
    }
}

pub fn border() -> Style {
    dim()
}

pub fn train() -> Style {
    fg(Color::Cyan)
}

pub fn val() -> Style {
    fg(Color::Yellow)
}

pub fn ok() -> Style {
    fg(Color::Green)
}

pub fn warn() -> Style {
    fg(Color::Yellow)
}

pub fn error() -> Style {
    fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn key() -> Style {
    fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    if colour() {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Cyan)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_picks_the_mode() {
        use ColorMode::*;
        assert_eq!(ColorMode::from_env(None, Some("truecolor")), TrueColor);
        assert_eq!(ColorMode::from_env(None, Some("24bit")), TrueColor);
        assert_eq!(ColorMode::from_env(None, None), Indexed);
        assert_eq!(ColorMode::from_env(None, Some("yes")), Indexed);
        assert_eq!(
            ColorMode::from_env(Some("1"), Some("truecolor")),
            Monochrome
        );
        assert_eq!(
            ColorMode::from_env(Some(""), Some("truecolor")),
            TrueColor,
            "an empty NO_COLOR does not count"
        );
    }

    #[test]
    fn the_256_palette_has_the_nearest_colour() {
        assert_eq!(nearest_256(0, 0, 0), 16);
        assert_eq!(nearest_256(255, 255, 255), 231);
        assert_eq!(nearest_256(128, 128, 128), 244, "mid gray on the ramp");
        assert_eq!(nearest_256(255, 0, 0), 196);
        assert_eq!(nearest_256(0, 0, 255), 21);
        assert_eq!(rgb_in(ColorMode::Monochrome, 9, 9, 9), Color::Reset);
    }

    #[test]
    fn the_diverging_scale_is_blue_black_red() {
        assert_eq!(diverging_rgb(0.0), (0, 0, 0));
        let (r, _, b) = diverging_rgb(1.0);
        assert!(b == 255 && r < 100);
        let (r, _, b) = diverging_rgb(-1.0);
        assert!(r == 255 && b < 100);
        let (_, _, half) = diverging_rgb(0.5);
        assert!(half > 100 && half < 255, "{half}");
        assert_eq!(diverging_rgb(f32::NAN), (0, 0, 0));
    }
}
