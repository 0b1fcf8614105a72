//! The Train screen's history: validation and training cost, and validation
//! accuracy, per epoch on real axes, with the best epoch and the last one
//! marked, the epoch in progress as its batches' costs, and this
//! session's earlier runs faded behind for comparison.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use super::state::{Phase, TrainScreen};
use crate::fmt::percent;
use crate::tui::theme;
use crate::tui::widgets::plot::{Axis, Mark, Plot, Series, Stroke, decimals, nice_range, ticks};

/// Epochs shown by the chart in "recent" mode (`v`).
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

/// The batch costs of the epoch in progress, while a run is on in slow
/// motion or in its first epoch (at full speed later epochs pass too
/// fast to watch: their dots would only flicker).
fn tail(t: &TrainScreen) -> &[(f64, f64)] {
    if t.running() && (t.slow || t.history.is_empty()) {
        &t.tail
    } else {
        &[]
    }
}

/// The epochs on the x axis: (first shown, last). During the first
/// epoch, 0 to 1: its batches, as they come.
fn epoch_span(t: &TrainScreen) -> (usize, usize) {
    let n = t.history.len();
    let tail = tail(t);
    if n == 0 && !tail.is_empty() {
        return (0, 1);
    }
    let longest = t.past.iter().map(|p| p.cost.len()).max().unwrap_or(0);
    let going = if tail.is_empty() { n } else { n + 1 };
    let last = going.max(longest).max(2);
    let first = if t.chart_recent && n > RECENT {
        n + 1 - RECENT
    } else {
        1
    };
    (first, last.max(first + 1))
}

/// The epoch axis both charts share: from the first epoch shown (1, not
/// 0: there is no epoch 0, except as the start of the first) to the
/// last, ticked at the first epoch and every round step after it, the
/// same on both charts whatever their widths (`width`: the narrower
/// chart's). The first epoch alone is ticked in quarters.
pub fn epoch_axis((first, last): (usize, usize), width: u16) -> Axis {
    if (first, last) == (0, 1) {
        let ticks: Vec<(f64, String)> = if width >= 40 {
            ["0", "¼", "½", "¾", "1"]
                .iter()
                .enumerate()
                .map(|(i, l)| (i as f64 / 4.0, l.to_string()))
                .collect()
        } else {
            vec![(0.0, "0".into()), (0.5, "½".into()), (1.0, "1".into())]
        };
        return Axis {
            bounds: [0.0, 1.0],
            ticks,
        };
    }
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

/// A curve's points, colour and stroke.
type Curve<'a> = (&'a [(f64, f64)], Style, Stroke);

/// One of the two charts: its title (legend and latest value), a note
/// for the bottom border, its curves over the faded earlier runs', what
/// to say while it is empty, and whether its y axis is in percent.
struct Panel<'a> {
    title: Vec<Span<'static>>,
    note: Option<Line<'static>>,
    past: Vec<Vec<(f64, f64)>>,
    curves: Vec<Curve<'a>>,
    empty: Vec<&'static str>,
    percent_axis: bool,
}

/// Keeps the points of `p` on the x axis.
fn visible(p: &[(f64, f64)], (first, last): (usize, usize)) -> Vec<(f64, f64)> {
    p.iter()
        .copied()
        .filter(|(x, _)| *x >= first as f64 && *x <= last as f64)
        .collect()
}

/// How the validation curve and the earlier runs are drawn: without
/// colour, dotted and sparse, so they differ from the solid train curve.
fn strokes() -> (Stroke, Stroke) {
    if theme::colour() {
        (Stroke::Line, Stroke::Line)
    } else {
        (Stroke::Dotted, Stroke::Sparse)
    }
}

/// A legend entry: the name in its colour, and without colour a sample
/// of its stroke (as a flat stretch of it looks in braille).
fn legend(name: &str, style: Style, stroke: Stroke) -> Vec<Span<'static>> {
    let mut spans = vec![Span::styled(name.to_string(), style)];
    if !theme::colour() {
        let sample = match stroke {
            Stroke::Line => " ⠤⠤⠤",
            Stroke::Dotted => " ⠄⠄⠄",
            Stroke::Sparse => " ⠄ ⠄",
            Stroke::Points => " ⠶",
        };
        spans.push(Span::raw(sample));
    }
    spans
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
    if !theme::colour() {
        spans.push(Span::raw("⠄ ⠄ "));
    }
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
    // Narrow and tall (beside the weights at 200x60): one over the other.
    let [cost, accuracy] = if area.width < 110 && area.height >= 24 {
        Layout::vertical([Constraint::Percentage(52), Constraint::Percentage(48)]).areas(area)
    } else {
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area)
    };
    let span = epoch_span(t);
    let at = |f: &dyn Fn(&crate::train::EpochStats) -> f64| -> Vec<(f64, f64)> {
        let all: Vec<(f64, f64)> = t.history.iter().map(|e| (e.epoch as f64, f(e))).collect();
        visible(&all, span)
    };
    let train = at(&|e| e.train_cost);
    let val = at(&|e| e.validation.cost);
    let acc = at(&|e| e.validation.accuracy * 100.0);
    let batches = visible(tail(t), span);
    let last = |v: &[(f64, f64)]| v.last().map(|p| p.1).filter(|v| v.is_finite());
    let (val_stroke, _) = strokes();

    let mut title = vec![Span::raw(" cost: ")];
    title.extend(legend("train", theme::train(), Stroke::Line));
    title.push(Span::raw(" · "));
    title.extend(legend("validation", theme::val(), val_stroke));
    if let Some(v) = last(&val) {
        title.push(Span::raw(format!(" {v:.4}")));
    }
    title.push(Span::raw(" "));
    let empty = match (t.running(), t.history.is_empty() && batches.is_empty()) {
        (_, false) => vec![],
        (true, true) => vec!["the first batches are on their way"],
        (false, true) if t.past.is_empty() => vec![
            "no epochs yet: s starts training",
            "earlier runs stay here, faded",
        ],
        (false, true) => vec![],
    };
    let cost_panel = Panel {
        title,
        note: cost_note(t, &batches, cost.width.saturating_sub(2) as usize),
        past: t.past.iter().map(|p| visible(&p.cost, span)).collect(),
        curves: vec![
            (&train, theme::train(), Stroke::Line),
            (&val, theme::val(), val_stroke),
            (&batches, theme::train(), Stroke::Points),
        ],
        empty,
        percent_axis: false,
    };

    let mut title = vec![Span::raw(" validation accuracy")];
    if let Some(v) = last(&acc) {
        title.push(Span::raw(format!(" {}", percent(v / 100.0))));
    }
    title.push(Span::raw(" "));
    let recent = span.0 > 1;
    let acc_panel = Panel {
        title,
        note: recent
            .then(|| Line::from(format!(" last {RECENT} epochs · v: all ")).style(theme::dim())),
        past: t.past.iter().map(|p| visible(&p.accuracy, span)).collect(),
        curves: vec![(&acc, theme::ok(), Stroke::Line)],
        empty: if t.running() && acc.is_empty() {
            vec!["first point after epoch 1"]
        } else {
            vec![]
        },
        percent_axis: true,
    };

    // Both plots share one epoch axis, ticked for the narrower one.
    let axis = epoch_axis(span, accuracy.width.min(cost.width).saturating_sub(2));
    draw_panel(frame, cost, t, cost_panel, &axis);
    draw_panel(frame, accuracy, t, acc_panel, &axis);
}

/// Under the cost chart: what the dots are while an epoch is under way,
/// then the earlier runs as they fit.
fn cost_note(t: &TrainScreen, batches: &[(f64, f64)], width: usize) -> Option<Line<'static>> {
    let mut spans = Vec::new();
    if !batches.is_empty() {
        let epoch = t.history.len() + 1;
        let what = format!(" dots: epoch {epoch}'s batches so far ");
        spans.push(Span::styled(what, theme::train()));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    if let Some(earlier) = earlier_runs(t, width.saturating_sub(used)) {
        spans.extend(earlier.spans);
    }
    (!spans.is_empty()).then(|| Line::from(spans))
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
            stroke: strokes().1,
        })
        .collect();
    series.extend(panel.curves.iter().map(|(points, style, stroke)| Series {
        points,
        color: color(*style),
        stroke: *stroke,
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
        note: panel
            .empty
            .iter()
            .map(|l| (l.to_string(), theme::dim()))
            .collect(),
    };
    frame.render_widget(plot, inner);
}
