//! Mean validation cost against learning rate, on a log axis: every
//! configuration as a bright dot, the mean of each learning rate as a line.
//! It shows at a glance that the learning rate matters most. Before any
//! result, the axis of the learning rates to be tried.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use crate::tui::theme;
use crate::tui::widgets::plot::{Axis, Mark, Plot, Series, Stroke, decimals, nice_range, ticks};
use crate::tune::Sweep;
use crate::tune::stats::ConfigStats;

/// A learning rate as the sweep writes it (0.0003 rather than 3e-4).
fn lr_label(lr: f64) -> String {
    // Through f32, as config.ron has it: 0.0001, not 0.00009999999747.
    let s = format!("{}", lr as f32);
    if s.len() <= 8 { s } else { format!("{lr:.1e}") }
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    sweep: &Sweep,
    ranked: &[ConfigStats],
    map_lr: Option<f32>,
) {
    let title = if area.width < 60 {
        Line::from(vec![
            Span::raw(" val cost vs "),
            Span::styled("lr", theme::val()),
            Span::styled(" (log) ", theme::dim()),
        ])
    } else if area.width < 90 {
        Line::from(vec![
            Span::raw(" mean val cost vs "),
            Span::styled("lr", theme::val()),
            Span::styled(" (log): line mean, dots configs ", theme::dim()),
        ])
    } else {
        Line::from(vec![
            Span::raw(" mean val cost by learning rate "),
            Span::styled("(log scale; ", theme::dim()),
            Span::styled("line: mean", theme::val()),
            Span::styled(", dots: configurations) ", theme::dim()),
        ])
    };
    let block = Block::bordered().title(title).border_style(theme::border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let dots: Vec<(f64, f64)> = ranked
        .iter()
        .filter(|c| c.mean_cost.is_finite() && c.hyper.learning_rate > 0.0)
        .map(|c| ((c.hyper.learning_rate as f64).log10(), c.mean_cost))
        .collect();
    let mut lrs: Vec<f64> = sweep
        .learning_rate
        .iter()
        .filter(|lr| **lr > 0.0)
        .map(|lr| *lr as f64)
        .collect();
    lrs.sort_by(f64::total_cmp);
    lrs.dedup();
    let means: Vec<(f64, f64)> = lrs
        .iter()
        .filter_map(|lr| {
            let x = lr.log10();
            let at: Vec<f64> = dots
                .iter()
                .filter(|d| (d.0 - x).abs() < 1e-9)
                .map(|d| d.1)
                .collect();
            (!at.is_empty()).then(|| (x, at.iter().sum::<f64>() / at.len() as f64))
        })
        .collect();
    let best = means
        .iter()
        .filter(|m| m.1.is_finite())
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|m| m.0);
    let (xlo, xhi) = match (lrs.first(), lrs.last()) {
        (Some(a), Some(b)) => (a.log10(), b.log10()),
        _ => (-4.0, -3.0),
    };
    let pad = ((xhi - xlo) * 0.06).max(0.1);
    let (ylo, yhi) = dots
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), d| {
            (a.min(d.1), b.max(d.1))
        });
    let y_ticks = (inner.height.saturating_sub(2) / 2).clamp(2, 8) as usize;
    let (y0, y1, ystep) = if dots.is_empty() {
        (0.0, 1.0, f64::NAN)
    } else {
        nice_range(ylo, yhi, y_ticks, 0.0)
    };
    let dec = decimals(ystep);
    let mut marks = Vec::new();
    let map = map_lr.filter(|lr| *lr > 0.0).map(|lr| (lr as f64).log10());
    if let Some(b) = best {
        let with_map = map.is_some_and(|m| (m - b).abs() < 1e-9);
        marks.push(Mark {
            x: b,
            label: if with_map { "best, map" } else { "best" }.into(),
            style: theme::ok(),
        });
    }
    if let Some(m) = map.filter(|m| best.is_none_or(|b| (m - b).abs() >= 1e-9)) {
        marks.push(Mark {
            x: m,
            label: "map".into(),
            style: theme::dim(),
        });
    }
    let note: Vec<(String, ratatui::style::Style)> = match (dots.is_empty(), inner.width >= 56) {
        (false, _) => Vec::new(),
        (true, true) => vec![
            "no results yet",
            "a dot per configuration, a line through the means",
        ],
        (true, false) => vec!["no results yet", "dots: configurations", "line: their mean"],
    }
    .into_iter()
    .map(|l| (l.to_string(), theme::dim()))
    .collect();
    let plot = Plot {
        // The dots over the line: most configurations sit near the mean,
        // and under it they would take the line's colour and vanish.
        series: vec![
            Series {
                points: &means,
                color: theme::val().fg.unwrap_or(Color::Reset),
                stroke: Stroke::Line,
            },
            Series {
                points: &dots,
                color: theme::gray(235),
                stroke: Stroke::Points,
            },
        ],
        x: Axis {
            bounds: [xlo - pad, xhi + pad],
            ticks: lr_ticks(&lrs, best),
        },
        y: Axis {
            bounds: [y0.max(0.0), y1],
            ticks: ticks(y0.max(0.0), y1, ystep, |v| format!("{v:.dec$}")),
        },
        marks,
        axis_style: theme::dim(),
        x_title: String::new(),
        note,
    };
    frame.render_widget(plot, inner);
}

/// A tick at every learning rate; labelled, as room allows, the best
/// first (it must not be the one left out), then the ends, then the rest.
fn lr_ticks(lrs: &[f64], best: Option<f64>) -> Vec<(f64, String)> {
    let is_best = |x: f64| best.is_some_and(|b| (b - x).abs() < 1e-9);
    let n = lrs.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| {
        let x = lrs[i].log10();
        match () {
            _ if is_best(x) => 0,
            _ if i == 0 || i + 1 == n => 1,
            _ => 2,
        }
    });
    order
        .into_iter()
        .map(|i| (lrs[i].log10(), lr_label(lrs[i])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_learning_rate_is_labelled_first() {
        let lrs = [0.0001, 0.0003, 0.0005, 0.0007, 0.0009];
        let labels: Vec<String> = lr_ticks(&lrs, Some(0.0007f64.log10()))
            .into_iter()
            .map(|t| t.1)
            .collect();
        assert_eq!(labels, ["0.0007", "0.0001", "0.0009", "0.0003", "0.0005"]);
    }
}
