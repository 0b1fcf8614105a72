//! The Train screen's history: validation and training cost, and validation
//! accuracy, per epoch on real axes, with the best epoch and the last one
//! marked and this session's earlier runs faded behind for comparison.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::state::{Phase, TrainScreen};
use crate::fmt::percent;
use crate::tui::theme;
use crate::tui::widgets::plot::{Axis, Mark, Plot, Series, decimals, nice_range, ticks};

/// Epochs shown by the chart in "recent" mode.
pub const RECENT: usize = 20;

/// Floats to sparkline bars 1..=100 over their own range; NaN/inf are gaps.
pub fn scale(values: &[f64], from_zero: bool) -> Vec<Option<u64>> {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let lo = if from_zero {
        0.0
    } else {
        finite.clone().fold(f64::INFINITY, f64::min)
    };
    let hi = finite.fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|&v| {
            if !v.is_finite() {
                return None;
            }
            let r = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
            Some(1 + (r * 99.0).round() as u64)
        })
        .collect()
}

fn color(style: Style) -> Color {
    style.fg.unwrap_or(Color::Reset)
}

/// Faded grays for earlier runs, the oldest darkest.
fn faded(i: usize, of: usize) -> Color {
    let step = 70 / of.max(1) as u8;
    theme::gray(70 + step * (i as u8 + 1))
}

/// The epochs on the x axis: (first epoch shown, last).
fn epoch_span(t: &TrainScreen) -> (usize, usize) {
    let n = t.history.len();
    let longest = t.past.iter().map(|p| p.cost.len()).max().unwrap_or(0);
    let last = n.max(longest).max(2);
    let first = if t.chart_full || n <= RECENT {
        1
    } else {
        n + 1 - RECENT
    };
    (first, last.max(first + 1))
}

pub fn draw_history(frame: &mut Frame, area: Rect, t: &TrainScreen) {
    let [cost, accuracy] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
    let span = epoch_span(t);
    let visible = |p: &[(f64, f64)]| -> Vec<(f64, f64)> {
        p.iter()
            .copied()
            .filter(|(x, _)| *x >= span.0 as f64)
            .collect()
    };
    let at = |f: &dyn Fn(&crate::train::EpochStats) -> f64| -> Vec<(f64, f64)> {
        visible(
            &t.history
                .iter()
                .map(|e| (e.epoch as f64, f(e)))
                .collect::<Vec<_>>(),
        )
    };
    let train = at(&|e| e.train_cost);
    let val = at(&|e| e.validation.cost);
    let acc = at(&|e| e.validation.accuracy * 100.0);
    let past_cost: Vec<Vec<(f64, f64)>> = t.past.iter().map(|p| visible(&p.cost)).collect();
    let past_acc: Vec<Vec<(f64, f64)>> = t.past.iter().map(|p| visible(&p.accuracy)).collect();

    let last = |v: &[(f64, f64)]| v.last().map(|p| p.1);
    let mut title = vec![
        Span::raw(" cost: "),
        Span::styled("train", theme::train()),
        Span::raw(" · "),
        Span::styled("validation", theme::val()),
    ];
    // The last value, unless the earlier runs' labels need the room.
    if let Some(v) = last(&val).filter(|v| v.is_finite() && t.past.is_empty()) {
        title.push(Span::raw(format!(" {v:.4}")));
    }
    if !t.past.is_empty() {
        title.push(Span::styled(" · before: ", theme::dim()));
        for (i, p) in t.past.iter().enumerate() {
            let sep = if i > 0 { ", " } else { "" };
            title.push(Span::styled(
                format!("{sep}{}", p.label),
                Style::new().fg(faded(i, t.past.len())),
            ));
        }
    }
    title.push(Span::raw(" "));
    let mut series: Vec<Series> = past_cost
        .iter()
        .enumerate()
        .map(|(i, p)| Series {
            points: p,
            color: faded(i, t.past.len()),
            dots: false,
        })
        .collect();
    series.push(Series {
        points: &train,
        color: color(theme::train()),
        dots: false,
    });
    series.push(Series {
        points: &val,
        color: color(theme::val()),
        dots: false,
    });
    draw_plot(frame, cost, t, Line::from(title), series, span, false);
    if t.history.is_empty() && t.past.is_empty() && cost.height > 4 {
        let middle = Rect::new(cost.x + 1, cost.y + cost.height / 2, cost.width - 2, 2);
        frame.render_widget(
            Paragraph::new(vec![
                Line::from("no epochs yet: s starts training"),
                Line::from("each run's curves stay here, faded, to compare"),
            ])
            .style(theme::dim())
            .centered(),
            middle,
        );
    }

    let mut title = vec![Span::raw(" validation accuracy")];
    if let Some(v) = last(&acc).filter(|v| v.is_finite()) {
        title.push(Span::raw(format!(" {}", percent(v / 100.0))));
    }
    title.push(Span::styled(
        if t.chart_full || t.history.len() <= RECENT {
            " "
        } else {
            " · last 20 epochs (v: all) "
        },
        theme::dim(),
    ));
    let mut series: Vec<Series> = past_acc
        .iter()
        .enumerate()
        .map(|(i, p)| Series {
            points: p,
            color: faded(i, t.past.len()),
            dots: false,
        })
        .collect();
    series.push(Series {
        points: &acc,
        color: color(theme::ok()),
        dots: false,
    });
    draw_plot(frame, accuracy, t, Line::from(title), series, span, true);
}

/// The best epoch of the run on screen, if any.
fn best_epoch(t: &TrainScreen) -> Option<usize> {
    let e = match (&t.summary, &t.best, t.history.last()) {
        (Some(s), _, _) => s.best_epoch,
        (None, Some((e, _, _)), _) => *e,
        (None, None, Some(last)) => last.best_epoch,
        _ => 0,
    };
    (e > 0).then_some(e)
}

fn draw_plot(
    frame: &mut Frame,
    area: Rect,
    t: &TrainScreen,
    title: Line,
    series: Vec<Series>,
    span: (usize, usize),
    percent_axis: bool,
) {
    let block = Block::bordered().title(title).border_style(theme::border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let ys = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .filter(|v| v.is_finite());
    let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    let (lo, hi) = if lo.is_finite() {
        (lo, hi)
    } else if percent_axis {
        (90.0, 100.0)
    } else {
        (0.0, 0.5)
    };
    let y_ticks = (inner.height.saturating_sub(2) / 2).clamp(2, 8) as usize;
    let (y0, y1, ystep) = nice_range(lo, hi, y_ticks, 0.0);
    let (y0, y1) = if percent_axis {
        (y0.max(0.0), y1.min(100.0).max(y0.max(0.0) + ystep))
    } else {
        (y0.max(0.0), y1)
    };
    let dec = decimals(ystep);
    let x_ticks = (inner.width / 7).clamp(2, 12) as usize;
    let (x0, x1, xstep) = nice_range(span.0 as f64, span.1 as f64, x_ticks, 1.0);
    let mut marks = Vec::new();
    if let Some(b) = best_epoch(t) {
        marks.push(Mark {
            x: b as f64,
            label: format!("best {b}"),
            style: theme::ok(),
        });
    }
    if let Some(n) = t.history.last().map(|e| e.epoch) {
        let label = if t.phase == Phase::Finished {
            format!("stop {n}")
        } else {
            format!("last {n}")
        };
        if best_epoch(t) != Some(n) {
            marks.push(Mark {
                x: n as f64,
                label,
                style: theme::dim(),
            });
        }
    }
    let plot = Plot {
        series,
        x: Axis {
            bounds: [x0, x1],
            ticks: ticks(x0, x1, xstep, |v| format!("{v:.0}")),
        },
        y: Axis {
            bounds: [y0, y1],
            ticks: ticks(y0, y1, ystep, |v| {
                if percent_axis {
                    format!("{v:.dec$}%")
                } else {
                    format!("{v:.dec$}")
                }
            }),
        },
        marks,
        axis_style: theme::dim(),
        x_title: "epoch".into(),
    };
    frame.render_widget(plot, inner);
}
