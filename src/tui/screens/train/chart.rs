//! The Train screen's history: sparklines of costs and accuracy per epoch,
//! and the chart of train and validation cost.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Sparkline};

use super::state::TrainScreen;
use crate::fmt::percent;
use crate::tui::theme;

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

pub fn draw_history(frame: &mut Frame, area: Rect, t: &TrainScreen) {
    let [sparks, chart] =
        Layout::horizontal([Constraint::Length(32), Constraint::Min(30)]).areas(area);
    let [a, b, c] = Layout::vertical([Constraint::Ratio(1, 3); 3]).areas(sparks);
    let train: Vec<f64> = t.history.iter().map(|e| e.train_cost).collect();
    let val: Vec<f64> = t.history.iter().map(|e| e.validation.cost).collect();
    let acc: Vec<f64> = t.history.iter().map(|e| e.validation.accuracy).collect();
    let spark = |title: String, data: &[f64], style: Style, area: Rect, frame: &mut Frame| {
        // Most recent epochs if there are more than fit.
        let width = area.width.saturating_sub(2) as usize;
        let data = &data[data.len().saturating_sub(width)..];
        frame.render_widget(
            Sparkline::default()
                .block(Block::bordered().title(title).border_style(theme::border()))
                .data(scale(data, false))
                .style(style),
            area,
        );
    };
    let last = |v: &[f64], f: &dyn Fn(f64) -> String| v.last().map_or(String::new(), |x| f(*x));
    spark(
        format!(
            " train cost, last {} ",
            last(&train, &|x| format!("{x:.4}"))
        ),
        &train,
        theme::train(),
        a,
        frame,
    );
    spark(
        format!(" val cost, last {} ", last(&val, &|x| format!("{x:.4}"))),
        &val,
        theme::val(),
        b,
        frame,
    );
    spark(
        format!(" val acc, last {} ", last(&acc, &percent)),
        &acc,
        theme::ok(),
        c,
        frame,
    );
    draw_chart(frame, chart, t, &train, &val);
}

fn draw_chart(frame: &mut Frame, area: Rect, t: &TrainScreen, train: &[f64], val: &[f64]) {
    let first = if t.chart_full {
        0
    } else {
        train.len().saturating_sub(RECENT)
    };
    let points = |v: &[f64]| -> Vec<(f64, f64)> {
        v.iter()
            .enumerate()
            .skip(first)
            .filter(|(_, y)| y.is_finite())
            .map(|(i, y)| ((i + 1) as f64, *y))
            .collect()
    };
    let (tp, vp) = (points(train), points(val));
    let ys = tp.iter().chain(&vp).map(|p| p.1);
    let (mut lo, mut hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    if !(lo.is_finite() && hi.is_finite()) {
        (lo, hi) = (0.0, 1.0);
    }
    if hi - lo < 1e-9 {
        hi = lo + 1.0;
    }
    let pad = (hi - lo) * 0.05;
    let (x0, x1) = ((first + 1) as f64, (train.len().max(first + 2)) as f64);
    let title = Line::from(vec![
        Span::raw(" "),
        Span::styled("train", theme::train()),
        Span::raw(" & "),
        Span::styled("validation", theme::val()),
        Span::raw(" cost"),
        Span::styled(
            if t.chart_full {
                ", all epochs "
            } else {
                ", last 20 epochs "
            },
            theme::dim(),
        ),
    ]);
    let chart = Chart::new(vec![
        Dataset::default()
            .name("train")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme::train())
            .data(&tp),
        Dataset::default()
            .name("validation")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme::val())
            .data(&vp),
    ])
    .block(Block::bordered().title(title).border_style(theme::border()))
    .legend_position(None)
    .x_axis(
        Axis::default()
            .bounds([x0, x1])
            .labels([format!("{x0:.0}"), format!("{x1:.0}")])
            .style(theme::dim()),
    )
    .y_axis(
        Axis::default()
            .bounds([lo - pad, hi + pad])
            .labels([format!("{lo:.3}"), format!("{hi:.3}")])
            .style(theme::dim()),
    );
    frame.render_widget(chart, area);
}
