//! Scene 1: the cost of one example. What the network answered beside
//! what it should have, each output's share of the video's squared error,
//! and the cross-entropy this network is really trained on.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::tall::{rows_each, tall, unit_bar};
use crate::learn::{Backprop, WholeSet};
use crate::network::OUTPUTS;
use crate::tui::theme;
use crate::tui::widgets::wrapped_rows;

pub fn draw(frame: &mut Frame, area: Rect, bp: &Backprop, whole: Option<&WholeSet>) {
    let mut text = vec![
        Line::from(vec![
            Span::raw("the video's cost, squared error: Σ (p − y)² = "),
            Span::styled(format!("{:.4}", bp.squared), theme::key()),
        ]),
        Line::from(vec![
            Span::raw(format!(
                "this network's cost, cross-entropy: −ln(output {}) = ",
                bp.label
            )),
            Span::styled(format!("{:.4}", bp.cost), theme::key()),
        ]),
        match whole {
            Some(w) => Line::from(vec![
                Span::raw(format!(
                    "The cost function: this cross-entropy averaged over all {} training examples = ",
                    w.examples
                )),
                Span::styled(format!("{:.4}", w.cost), theme::key()),
                Span::raw(". Training makes it smaller."),
            ]),
            None => Line::styled(
                "The cost function: this cost averaged over every training example (computing…)",
                theme::warn(),
            ),
        },
        Line::styled(
            "This network is trained on cross-entropy, not the video's squared error: it only \
             looks at the right digit's output, and punishes a confident wrong answer far more \
             (−ln 0.01 = 4.6).",
            theme::dim(),
        ),
    ];
    let text_rows = wrapped_rows(&text, area.width);
    // Blank lines between the parts where there is room for them.
    let roomy = area.height >= 11 + text_rows + 3;
    if roomy {
        text.insert(3, Line::from(""));
        text.insert(2, Line::from(""));
        text.insert(0, Line::from(""));
    }
    let rows = rows_each(
        area.height,
        OUTPUTS,
        1 + text_rows + if roomy { 3 } else { 0 },
        4,
    );
    let bar_w = ((area.width as usize).saturating_sub(34) / 3).clamp(4, 48);
    let mut lines = vec![Line::styled(
        format!(
            "digit  {:<bar_w$}{:10}{:<bar_w$}  {}",
            "output p",
            "",
            "wanted y",
            if area.width < 100 {
                "share of Σ(p − y)²"
            } else {
                "share of the squared error (p − y)²"
            }
        ),
        theme::dim(),
    )];
    for j in 0..OUTPUTS {
        let want = if j == bp.label { 1.0 } else { 0.0 };
        let p = bp.p[j];
        let share = (p - want).powi(2);
        let style = if j == bp.label {
            theme::ok()
        } else {
            theme::key()
        };
        let [p_bar, p_track] = unit_bar(p, bar_w, style);
        let [y_bar, y_track] = unit_bar(want, bar_w, theme::ok());
        let [s_bar, s_track] = unit_bar(share / bp.squared.max(1e-12), bar_w, theme::warn());
        let line = Line::from(vec![
            Span::raw(format!("  {j}    ")),
            p_bar,
            p_track,
            Span::raw(format!(" {p:>5.3}  ")),
            Span::raw(format!("{want:>1.0} ")),
            y_bar,
            y_track,
            Span::raw("  "),
            s_bar,
            s_track,
            Span::raw(format!(" {share:>7.4}")),
        ]);
        lines.extend(tall(line, rows, &|i| matches!(i, 1 | 2 | 5 | 6 | 8 | 9)));
    }
    lines.extend(text);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
