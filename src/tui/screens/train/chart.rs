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

/// The epoch axis both charts share: from the first epoch shown (1, not
/// 0: there is no epoch 0) to the last, ticked at the first epoch and
/// every round step after it, the same on both charts whatever their
/// widths (`width`: the narrower chart's).
pub fn epoch_axis((first, last): (usize, usize), width: u16) -> Axis {
    let max_ticks = (width / 7).clamp(2, 12) as usize;
    let (_, _, step) = nice_range(first as f64, last as f64, max_ticks, 1.0);
    let (x0, x1) = (first as f64, last as f64);
    let mut ticks = vec![(x0, format!("{first}"))];
    // Round epochs after the first, none crowding it.
    let mut v = (x0 / step).floor() * step + step;
    while v <= x1 + 1e-9 {
        if v - x0 >= step / 2.0 {
            ticks.push((v, format!("{v:.0}")));
        }
        v += step;
    }
    Axis {
        bounds: [x0, x1],
        ticks,
    }
}

/// One of the two charts: its title (legend and latest value), a note
/// for the bottom border, its curves over the faded earlier runs', and
/// whether its y axis is in percent.
struct Panel<'a> {
    title: Vec<Span<'static>>,
    note: Option<Line<'static>>,
    past: Vec<Vec<(f64, f64)>>,
    curves: Vec<(&'a [(f64, f64)], Style)>,
    percent_axis: bool,
}

/// Keeps the points of `p` on the x axis.
fn visible(p: &[(f64, f64)], first: usize) -> Vec<(f64, f64)> {
    p.iter()
        .copied()
        .filter(|(x, _)| *x >= first as f64)
        .collect()
}

/// The earlier runs' labels, newest first while they fit in `width`,
/// each in its faded colour; "+N" for those left out.
fn earlier_runs(t: &TrainScreen, width: usize) -> Option<Line<'static>> {
    if t.past.is_empty() {
        return None;
    }
    let head = " earlier: ";
    let mut room = width.saturating_sub(head.chars().count() + 5);
    let mut shown = Vec::new();
    for (i, p) in t.past.iter().enumerate().rev() {
        let w = p.label.chars().count() + 2;
        if w > room {
            break;
        }
        room -= w;
        shown.push(i);
    }
    shown.reverse();
    let mut spans = vec![Span::styled(head, theme::dim())];
    let left_out = t.past.len() - shown.len();
    if left_out > 0 {
        spans.push(Span::styled(format!("+{left_out}"), theme::dim()));
    }
    for (k, &i) in shown.iter().enumerate() {
        let sep = if k > 0 || left_out > 0 { ", " } else { "" };
        spans.push(Span::styled(
            format!("{sep}{}", t.past[i].label),
            Style::new().fg(faded(i, t.past.len())),
        ));
    }
    spans.push(Span::raw(" "));
    Some(Line::from(spans))
}

pub fn draw_history(frame: &mut Frame, area: Rect, t: &TrainScreen) {
    let [cost, accuracy] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
    let span = epoch_span(t);
    let at = |f: &dyn Fn(&crate::train::EpochStats) -> f64| -> Vec<(f64, f64)> {
        let all: Vec<(f64, f64)> = t.history.iter().map(|e| (e.epoch as f64, f(e))).collect();
        visible(&all, span.0)
    };
    let train = at(&|e| e.train_cost);
    let val = at(&|e| e.validation.cost);
    let acc = at(&|e| e.validation.accuracy * 100.0);
    let last = |v: &[(f64, f64)]| v.last().map(|p| p.1).filter(|v| v.is_finite());

    let mut title = vec![
        Span::raw(" cost: "),
        Span::styled("train", theme::train()),
        Span::raw(" · "),
        Span::styled("validation", theme::val()),
    ];
    if let Some(v) = last(&val) {
        title.push(Span::raw(format!(" {v:.4}")));
    }
    title.push(Span::raw(" "));
    let cost_panel = Panel {
        title,
        note: earlier_runs(t, cost.width.saturating_sub(2) as usize),
        past: t.past.iter().map(|p| visible(&p.cost, span.0)).collect(),
        curves: vec![(&train, theme::train()), (&val, theme::val())],
        percent_axis: false,
    };

    let mut title = vec![Span::raw(" validation accuracy")];
    if let Some(v) = last(&acc) {
        title.push(Span::raw(format!(" {}", percent(v / 100.0))));
    }
    title.push(Span::raw(" "));
    let recent = !(t.chart_full || t.history.len() <= RECENT);
    let acc_panel = Panel {
        title,
        note: recent
            .then(|| Line::from(format!(" last {RECENT} epochs · v: all ")).style(theme::dim())),
        past: t
            .past
            .iter()
            .map(|p| visible(&p.accuracy, span.0))
            .collect(),
        curves: vec![(&acc, theme::ok())],
        percent_axis: true,
    };

    // Both plots share one epoch axis, ticked for the narrower one.
    let axis = epoch_axis(span, accuracy.width.min(cost.width).saturating_sub(2));
    draw_panel(frame, cost, t, cost_panel, &axis);
    draw_panel(frame, accuracy, t, acc_panel, &axis);
    if t.history.is_empty() && t.past.is_empty() && cost.height > 4 {
        let middle = Rect::new(cost.x + 1, cost.y + cost.height / 2, cost.width - 2, 2);
        frame.render_widget(
            Paragraph::new(vec![
                Line::from("no epochs yet: s starts training"),
                Line::from("earlier runs stay here, faded, to compare"),
            ])
            .style(theme::dim())
            .centered(),
            middle,
        );
    }
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

fn draw_panel(frame: &mut Frame, area: Rect, t: &TrainScreen, panel: Panel, x: &Axis) {
    let percent_axis = panel.percent_axis;
    let mut block = Block::bordered()
        .title(Line::from(panel.title))
        .border_style(theme::border());
    if let Some(note) = panel.note {
        block = block.title_bottom(note.right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut series: Vec<Series> = panel
        .past
        .iter()
        .enumerate()
        .map(|(i, p)| Series {
            points: p,
            color: faded(i, panel.past.len()),
            dots: false,
        })
        .collect();
    series.extend(panel.curves.iter().map(|(points, style)| Series {
        points,
        color: color(*style),
        dots: false,
    }));
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
        x: x.clone(),
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
