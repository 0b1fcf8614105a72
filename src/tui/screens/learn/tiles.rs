//! Sixteen pictures of how each hidden-layer-1 neuron's 784 weights want
//! to move, shared by the gradient of one example and a batch's average.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::network::{HIDDEN1, INPUTS, W1};
use crate::tui::theme;
use crate::tui::widgets::picture::{Picture, Render, Shade};
use crate::tui::widgets::resize::resample;

/// `values` over their largest size, negated: the way each wants to move.
pub fn wanted(values: &[f32]) -> Vec<f32> {
    let r = values.iter().fold(1e-12f32, |m, v| m.max(v.abs()));
    values.iter().map(|v| -v / r).collect()
}

/// The first layer's part of `gradient` as sixteen tiles on one scale, as
/// large as fit `area` with a row under them; `off[u]` marks a neuron
/// that wants nothing. Returns the rows used.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    gradient: &[f32],
    selected: Option<usize>,
    off: &dyn Fn(usize) -> bool,
) -> u16 {
    let all = wanted(&gradient[W1]);
    let fits = |side: u16| {
        let per_row = (area.width / (side + 2)).clamp(1, 16);
        HIDDEN1.div_ceil(per_row as usize) as u16 * (side / 2 + 1) + 2 <= area.height
    };
    let side: u16 = [28, 24, 20, 16, 14, 12]
        .into_iter()
        .find(|&s| fits(s))
        .unwrap_or(10);
    let per_row = (area.width / (side + 2)).clamp(1, 16);
    let (cw, ch) = (side + 2, side / 2 + 1);
    // Whole tiles only; when not all fit, a row says which are left out.
    let all_rows = HIDDEN1.div_ceil(per_row as usize) as u16;
    let tile_rows = if all_rows * ch <= area.height {
        all_rows
    } else {
        (area.height.saturating_sub(1) / ch).max(1)
    };
    let shown = (tile_rows * per_row).min(HIDDEN1 as u16) as usize;
    // The rows that hold the selected tile, when not all fit.
    let first = match selected {
        Some(s) if s >= shown => (s / per_row as usize + 1 - tile_rows as usize) * per_row as usize,
        _ => 0,
    };
    let last = (first + shown).min(HIDDEN1);
    for u in first..last {
        let (r, c) = ((u - first) as u16 / per_row, u as u16 % per_row);
        let (x, y) = (area.x + c * cw, area.y + r * ch);
        let tile: Vec<f32> = (0..INPUTS).map(|i| all[i * HIDDEN1 + u]).collect();
        let px = resample(&tile, 28, side as usize);
        frame.render_widget(
            Picture::new(&px, side as usize, side as usize, Shade::Diverging)
                .render(Render::Blocks),
            Rect::new(x, y, side, side / 2).intersection(area),
        );
        let style = if selected == Some(u) {
            theme::selected()
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("#{u}"), style),
                Span::styled(if off(u) { " off" } else { "" }, theme::dim()),
            ])),
            Rect::new(x, y + side / 2, side, 1).intersection(area),
        );
    }
    let mut used = tile_rows * ch;
    if shown < HIDDEN1 {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "#{first}–#{} of #0–#{} (a larger terminal shows all)",
                    last - 1,
                    HIDDEN1 - 1
                ),
                theme::dim(),
            )),
            Rect::new(area.x, area.y + used, area.width, 1).intersection(area),
        );
        used += 1;
    }
    used.min(area.height)
}
