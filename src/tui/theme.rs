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
use ratatui::text::Span;

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
    diverging_in(mode(), x)
}

pub fn diverging_in(mode: ColorMode, x: f32) -> Color {
    match mode {
        ColorMode::Indexed => Color::Indexed(diverging_256(x)),
        _ => {
            let (r, g, b) = diverging_rgb(x);
            rgb_in(mode, r, g, b)
        }
    }
}

/// Blue ramp of the 256 palette: black, the gray ramp's darkest, two
/// pure blues, then blues with a little green towards the true-colour end
/// (60, 150, 255), since pure blue looks dark on a terminal.
const BLUES: [u8; 8] = [16, 233, 17, 18, 25, 26, 27, 33];
/// Red ramp: black, darkest gray, the cube's pure reds, then a lighter
/// red like the true-colour end (255, 70, 55).
const REDS: [u8; 8] = [16, 233, 52, 88, 124, 160, 196, 203];

/// The diverging scale in the 256 palette. Not `nearest_256` of the
/// true colours: their mixes land on orange, teal and brown; these ramps
/// keep every step blue or red, with the gray ramp's darkest next to black.
pub fn diverging_256(x: f32) -> u8 {
    let x = if x.is_finite() {
        x.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let t = x.abs().powf(0.7);
    let ramp: &[u8] = if x >= 0.0 { &BLUES } else { &REDS };
    let i = (t * (ramp.len() - 1) as f32).round() as usize;
    ramp[i.min(ramp.len() - 1)]
}

/// The `(r, g, b)` an xterm shows for 256-palette index `i` (16..=255).
#[cfg(test)]
pub fn index_rgb(i: u8) -> (u8, u8, u8) {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match i {
        16..=231 => {
            let c = i - 16;
            (
                LEVELS[(c / 36) as usize],
                LEVELS[(c / 6 % 6) as usize],
                LEVELS[(c % 6) as usize],
            )
        }
        232..=255 => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
        // The 16 system colours are the terminal's own: not known here.
        _ => (0, 0, 0),
    }
}

/// The glyphs that carry a weight's sign where there is no colour: solid
/// for positive, hatched for negative (strong, then weak). Weak + is a
/// smaller solid, not a half block: half blocks read as stripes.
pub const PLUS_GLYPHS: [&str; 2] = ["█", "■"];
pub const MINUS_GLYPHS: [&str; 2] = ["▒", "░"];

/// The legend of a signed picture (weights): its colours, or without
/// colour the glyphs that stand for them.
pub fn sign_legend() -> Vec<Span<'static>> {
    sign_legend_in(mode())
}

pub fn sign_legend_in(mode: ColorMode) -> Vec<Span<'static>> {
    let sep = Span::styled(", ", dim_in(mode));
    if mode == ColorMode::Monochrome {
        return vec![
            Span::raw(format!("{} +", PLUS_GLYPHS[0])),
            sep,
            Span::raw(format!("{} −", MINUS_GLYPHS[0])),
        ];
    }
    vec![
        Span::styled("blue +", Style::new().fg(diverging_in(mode, 1.0))),
        sep,
        Span::styled("red −", Style::new().fg(diverging_in(mode, -1.0))),
    ]
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
    dim_in(mode())
}

fn dim_in(mode: ColorMode) -> Style {
    if mode != ColorMode::Monochrome {
        Style::new().fg(Color::DarkGray)
    } else {
        Style::new().add_modifier(Modifier::DIM)
    }
}

/// The empty length of a bar, so its full length shows the scale (no
/// colour: blank).
pub fn track() -> Style {
    if colour() {
        Style::new().bg(rgb(34, 34, 44))
    } else {
        Style::new()
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

    #[test]
    fn the_256_colour_scale_stays_blue_black_red() {
        let bright = |(r, g, b): (u8, u8, u8)| r.max(g).max(b);
        let (mut last_neg, mut last_pos) = (0, 0);
        for i in 0..=1000 {
            let x = i as f32 / 1000.0;
            for (v, last) in [(x, &mut last_pos), (-x, &mut last_neg)] {
                let c = index_rgb(diverging_256(v));
                let (r, g, b) = c;
                if v.abs() < 0.02 {
                    assert!(bright(c) <= 20, "{v}: {c:?} is dark near 0");
                } else if v.abs() >= 0.12 {
                    if v > 0.0 {
                        assert!(b > r && b > g, "{v}: {c:?} is bluish");
                    } else {
                        assert!(r > g && r > b, "{v}: {c:?} is reddish");
                    }
                } else {
                    // Between: dark, or already of its side's hue.
                    let hue = if v > 0.0 {
                        b > r && b > g
                    } else {
                        r > g && r > b
                    };
                    assert!(bright(c) <= 20 || hue, "{v}: {c:?}");
                }
                assert!(bright(c) >= *last, "{v}: brighter further out");
                *last = bright(c);
            }
        }
        assert_eq!(diverging_in(ColorMode::Indexed, 1.0), Color::Indexed(33));
        assert_eq!(diverging_in(ColorMode::Indexed, -1.0), Color::Indexed(203));
        assert_eq!(
            diverging_in(ColorMode::Indexed, f32::NAN),
            Color::Indexed(16)
        );
    }

    #[test]
    fn the_sign_legend_names_colours_or_glyphs() {
        let text = |spans: Vec<Span>| {
            spans
                .iter()
                .map(|s| s.content.to_string())
                .collect::<String>()
        };
        assert_eq!(text(sign_legend_in(ColorMode::TrueColor)), "blue +, red −");
        assert_eq!(text(sign_legend_in(ColorMode::Indexed)), "blue +, red −");
        assert_eq!(text(sign_legend_in(ColorMode::Monochrome)), "█ +, ▒ −");
        let blue = sign_legend_in(ColorMode::Indexed)[0].style.fg;
        assert_eq!(blue, Some(Color::Indexed(33)));
        assert!(
            sign_legend_in(ColorMode::Monochrome)
                .iter()
                .all(|s| s.style.fg.is_none())
        );
    }
}
