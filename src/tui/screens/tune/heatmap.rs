//! The Tune screen's heatmap: one learning rate's β1 x β2 grid of mean
//! validation costs, coloured only as far as the differences exceed the
//! spread over seeds (what a rerun with other seeds could undo is noise).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::state::TuneScreen;
use crate::tui::theme;
use crate::tune::stats::ConfigStats;
use crate::tune::{Hyper, Sweep};

/// The grid's axes, rows by columns, in the same words in its title and
/// its corner (and the Tune screen's other words about it).
pub const AXES: &str = "β1 x β2";

/// How costs map to colours, given the seed spread (`noise`, the mean
/// standard deviation over seeds): green for costs within one spread of
/// the lowest (a rerun with other seeds could swap them), then a step
/// towards red for each further whole spread (yellow: 1 to 2 spreads
/// worse, .., red: 4 or more), so two costs closer than a spread never
/// stand out from each other; no colour at all if every difference is
/// within one spread.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    /// 0 when unknown (one seed each).
    pub noise: f64,
}

impl Scale {
    pub fn of<'a>(configs: impl Iterator<Item = &'a ConfigStats> + Clone) -> Scale {
        let finite = configs.clone().filter(|c| c.mean_cost.is_finite());
        let (lo, hi) = finite
            .clone()
            .map(|c| c.mean_cost)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
        let stds: Vec<f64> = finite
            .filter_map(|c| c.std_cost)
            .filter(|s| s.is_finite())
            .collect();
        let noise = if stds.is_empty() {
            0.0
        } else {
            stds.iter().sum::<f64>() / stds.len() as f64
        };
        Scale { lo, hi, noise }
    }

    /// All the differences are within the seed spread.
    pub fn all_noise(&self) -> bool {
        self.noise > 0.0 && self.hi - self.lo <= self.noise
    }

    /// Where `cost` is on the colour scale (0 best .. 1 worst: with the
    /// noise known, 0 or one of the steps 0.5 to 1); None when it should
    /// not be coloured (all is noise, or it is no number).
    pub fn ratio(&self, cost: f64) -> Option<f64> {
        if !cost.is_finite() || !self.lo.is_finite() || self.all_noise() {
            return None;
        }
        if self.noise > 0.0 {
            let spreads = ((cost - self.lo) / self.noise).floor().max(0.0);
            return Some(match spreads {
                0.0 => 0.0,
                k => 0.5 + 0.5 * ((k - 1.0).min(STEPS - 1.0) / (STEPS - 1.0)),
            });
        }
        Some(if self.hi > self.lo {
            (cost - self.lo) / (self.hi - self.lo)
        } else {
            0.0
        })
    }
}

/// Colour steps for costs worse than the best by 1, 2, 3 and 4 or more
/// seed spreads.
const STEPS: f64 = 4.0;

/// A heatmap cell's style: its colour, dark text on it; without colour
/// (or for noise), plain text (the glyph beside the value carries the rank).
fn cell_style(r: Option<f64>) -> Style {
    match r {
        Some(r) if theme::colour() => Style::new().bg(theme::heat(r)).fg(theme::gray(0)),
        _ => Style::new(),
    }
}

/// Without colour, a density glyph for `r` (dense = low cost = good).
fn density(r: Option<f64>) -> &'static str {
    let Some(r) = r.filter(|_| !theme::colour()) else {
        return "";
    };
    match (r.clamp(0.0, 1.0) * 3.0).round() as u32 {
        0 => "█",
        1 => "▓",
        2 => "▒",
        _ => "░",
    }
}

pub fn draw(frame: &mut Frame, area: Rect, t: &TuneScreen, sweep: &Sweep, ranked: &[ConfigStats]) {
    let map_lr = t.heatmap_lr();
    let lr = sweep.learning_rate.get(map_lr).copied().unwrap_or(0.0);
    // The extra axes (weight decay, augmentation) of the selected row.
    let extras = ranked
        .get(t.selected_row(ranked))
        .map_or(Hyper::adam(0.0, 0.0, 0.0), |c| c.hyper);
    let point = |b1: f32, b2: f32| Hyper {
        beta1: b1,
        beta2: b2,
        learning_rate: lr,
        ..extras
    };
    // This learning rate's configurations (with the selected extras).
    let here: Vec<&ConfigStats> = ranked
        .iter()
        .filter(|c| c.hyper.bits() == point(c.hyper.beta1, c.hyper.beta2).bits())
        .collect();
    let find = |b1: f32, b2: f32| {
        let want = point(b1, b2).bits();
        here.iter().find(|c| c.hyper.bits() == want)
    };
    // The colours span what is shown, not the whole sweep.
    let scale = Scale::of(here.iter().copied());
    let selected = ranked.get(t.selected_row(ranked)).map(|c| c.hyper.bits());
    let mut lines = vec![Line::from(
        std::iter::once(Span::styled(format!("{:>7} ", AXES), theme::dim()))
            .chain(
                sweep
                    .beta2
                    .iter()
                    .map(|b2| Span::styled(format!("{b2:^8}"), theme::dim())),
            )
            .collect::<Vec<_>>(),
    )];
    for &b1 in &sweep.beta1 {
        let mut spans = vec![Span::styled(format!("{b1:>7} "), theme::dim())];
        for &b2 in &sweep.beta2 {
            let hyper = point(b1, b2);
            let span = match find(b1, b2) {
                Some(c) if c.mean_cost.is_finite() => {
                    let r = scale.ratio(c.mean_cost);
                    let mut style = cell_style(r);
                    if Some(hyper.bits()) == selected {
                        style = style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
                    }
                    if c.done < c.seeds {
                        style = style.add_modifier(Modifier::DIM | Modifier::ITALIC);
                    }
                    let text = format!("{}{:.4}", density(r), c.mean_cost);
                    Span::styled(format!("{text:^8}"), style)
                }
                Some(_) => Span::styled(format!("{:^8}", "✖"), theme::error()),
                None => Span::styled(format!("{:^8}", "·"), theme::dim()),
            };
            spans.push(span);
        }
        lines.push(Line::from(spans));
    }
    let room = area.width.saturating_sub(2) as usize;
    let (scale_line, note) = legend(&scale, room);
    lines.push(scale_line);
    // Rows left inside the border under the header, grid and scale.
    let mut spare = (area.height as usize).saturating_sub(sweep.beta1.len() + 4);
    if let Some(note) = note.filter(|_| spare > 0) {
        lines.push(note);
        spare -= 1;
    }
    if spare > 0 {
        lines.push(Line::from("  italic: seeds missing · ✖ diverged").style(theme::dim()));
    }
    let title = format!(
        " val cost, {AXES}, lr {lr} ←→ {}/{} ",
        map_lr + 1,
        sweep.learning_rate.len()
    );
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title).border_style(theme::border())),
        area,
    );
}

/// A swatch of the colours from `from` to 1 on the scale (density
/// glyphs without colour).
fn swatch(from: f64, cells: usize) -> Vec<Span<'static>> {
    (0..cells)
        .map(|i| {
            let r = Some(from + (1.0 - from) * i as f64 / (cells - 1).max(1) as f64);
            if theme::colour() {
                Span::styled(" ", cell_style(r))
            } else {
                Span::raw(density(r))
            }
        })
        .collect()
}

/// What the colours say: which costs are as good as the lowest given the
/// seed spread, and (on a second line, if there is room for it) the rest;
/// or that it is all noise.
fn legend(scale: &Scale, room: usize) -> (Line<'static>, Option<Line<'static>>) {
    if !scale.lo.is_finite() {
        return (Line::from("  low - high").style(theme::dim()), None);
    }
    let (lo, hi, noise) = (scale.lo, scale.hi, scale.noise);
    if scale.all_noise() {
        let text = format!("  all within the seed spread ±{noise:.4}: noise");
        return (Line::from(text).style(theme::warn()), None);
    }
    if noise <= 0.0 {
        let mut spans = vec![
            Span::styled("  low ", theme::dim()),
            Span::raw(format!("{lo:.4} ")),
        ];
        spans.extend(swatch(0.0, 6));
        spans.push(Span::raw(format!(" {hi:.4}")));
        spans.push(Span::styled(" high", theme::dim()));
        let note = Line::from("  one seed each: no spread to tell noise by").style(theme::dim());
        return (Line::from(spans), Some(note));
    }
    let mut best = swatch(0.0, 1);
    let long = format!(" within the seed spread ±{noise:.4} of {lo:.4}");
    let short = format!(" within ±{noise:.4} of the best");
    let words = if long.chars().count() + 3 <= room {
        long
    } else {
        short
    };
    best.insert(0, Span::raw("  "));
    best.push(Span::styled(words, theme::dim()));
    let mut worse = vec![Span::raw("  ")];
    worse.extend(swatch(0.5, STEPS as usize));
    let words = format!(" 1, 2, 3, 4+ spreads worse (up to {hi:.4})");
    worse.push(Span::styled(words, theme::dim()));
    (Line::from(best), Some(Line::from(worse)))
}
