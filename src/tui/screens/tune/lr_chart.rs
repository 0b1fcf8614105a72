//! Mean validation cost against learning rate, on a log axis: every
//! configuration as a bright dot, the mean of each learning rate as a line.
//! It shows at a glance that the learning rate matters most.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::tui::theme;
use crate::tui::widgets::plot::{Axis, Mark, Plot, Series, decimals, nice_range, ticks};
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
    if dots.is_empty() {
        frame.render_widget(Paragraph::new("no results yet").style(theme::dim()), inner);
        return;
    }
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
    let (y0, y1, ystep) = nice_range(ylo, yhi, y_ticks, 0.0);
    let dec = decimals(ystep);
    // Label every learning rate that has room, the ends first.
    let room = (inner.width as usize / 8).max(2);
    let every = lrs.len().div_ceil(room).max(1);
    let x_ticks = lrs
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0 || *i + 1 == lrs.len())
        .map(|(_, lr)| (lr.log10(), lr_label(*lr)))
        .collect();
    let marks = map_lr
        .filter(|lr| *lr > 0.0)
        .map(|lr| Mark {
            x: (lr as f64).log10(),
            label: "map".into(),
            style: theme::dim(),
        })
        .into_iter()
        .collect();
    let plot = Plot {
        // The dots over the line: most configurations sit near the mean,
        // and under it they would take the line's colour and vanish.
        series: vec![
            Series {
                points: &means,
                color: theme::val().fg.unwrap_or(Color::Reset),
                dots: false,
            },
            Series {
                points: &dots,
                color: theme::gray(235),
                dots: true,
            },
        ],
        x: Axis {
            bounds: [xlo - pad, xhi + pad],
            ticks: x_ticks,
        },
        y: Axis {
            bounds: [y0.max(0.0), y1],
            ticks: ticks(y0.max(0.0), y1, ystep, |v| format!("{v:.dec$}")),
        },
        marks,
        axis_style: theme::dim(),
        x_title: String::new(),
    };
    frame.render_widget(plot, inner);
}
