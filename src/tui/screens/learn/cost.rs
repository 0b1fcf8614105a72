//! Scene 1: the cost of one example. What the network answered beside
//! what it should have, each output's share of the video's squared error,
//! and the cross-entropy this network is really trained on.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::learn::{Backprop, WholeSet};
use crate::network::OUTPUTS;
use crate::tui::theme;

pub fn draw(frame: &mut Frame, area: Rect, bp: &Backprop, whole: Option<&WholeSet>) {
    let bar_w = (area.width as usize).saturating_sub(38).clamp(4, 40);
    let mut lines = vec![Line::styled(
        format!("digit  output {:bar_w$}  wanted  (p − y)²", ""),
        theme::dim(),
    )];
    for j in 0..OUTPUTS {
        let want = if j == bp.label { 1.0 } else { 0.0 };
        let p = bp.p[j];
        let filled = (p * bar_w as f32).round() as usize;
        let style = if j == bp.label {
            theme::ok()
        } else {
            theme::key()
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {j}    ")),
            Span::raw(format!("{p:>6.3} ")),
            Span::styled("█".repeat(filled), style),
            Span::raw(" ".repeat(bar_w - filled.min(bar_w))),
            Span::raw(format!("  {want:>6.0}  {:>8.4}", (p - want).powi(2))),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::raw("the video's cost, squared error: Σ (p − y)² = "),
        Span::styled(format!("{:.4}", bp.squared), theme::key()),
    ]));
    lines.push(Line::from(vec![
        Span::raw(format!(
            "this network's cost, cross-entropy: −ln(output {}) = ",
            bp.label
        )),
        Span::styled(format!("{:.4}", bp.cost), theme::key()),
    ]));
    lines.push(Line::from(""));
    lines.push(match whole {
        Some(w) => Line::from(vec![
            Span::raw(format!(
                "The cost function: this cost averaged over all {} training examples = ",
                w.examples
            )),
            Span::styled(format!("{:.4}", w.cost), theme::key()),
            Span::raw(". Training makes it smaller."),
        ]),
        None => Line::styled(
            "The cost function: this cost averaged over every training example (computing…)",
            theme::warn(),
        ),
    });
    lines.push(Line::from(""));
    lines.push(Line::styled(
        "This network is trained on cross-entropy, not the video's squared error: it only looks at \
         the right digit's output, and punishes a confident wrong answer far more (−ln 0.01 = 4.6).",
        theme::dim(),
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
