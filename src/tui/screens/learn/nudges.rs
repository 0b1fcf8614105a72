//! Scene 2: the nudges. How much, and which way, this example wants each
//! output's weighted sum to move: −(p − y), the negative of the cost's
//! slope.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::tall::{rows_each, signed_rows};
use crate::learn::Backprop;
use crate::network::OUTPUTS;
use crate::tui::theme;
use crate::tui::widgets::weight_bars::tracked_bar;
use crate::tui::widgets::wrapped_rows;

pub fn draw(frame: &mut Frame, area: Rect, bp: &Backprop) {
    let text = vec![Line::styled(
        format!(
            "The right digit, {}, wants up by 1 − {:.3}; every other output wants down by its own \
             output. The outputs are a softmax (they add up to 1), so with cross-entropy the slope \
             by each z is simply p − y (output − wanted): the video's 2(a − y)σ′(z) becomes this.",
            bp.label, bp.p[bp.label]
        ),
        theme::dim(),
    )];
    let text_rows = wrapped_rows(&text, area.width);
    let rows = rows_each(area.height, OUTPUTS, 2 + text_rows, 4);
    let bar_w = (area.width as usize).saturating_sub(30).clamp(8, 120);
    let mut lines = vec![Line::styled(
        if area.width < 90 {
            "output  wanted change of its z: −(output − wanted)"
        } else {
            "output  wanted change of its weighted sum z: −(output − wanted), on the largest's scale"
        },
        theme::dim(),
    )];
    // On the largest nudge's scale: a sure answer's nudges are small.
    let range = bp.nudge3.iter().fold(1e-3f32, |m, v| m.max(v.abs()));
    for j in 0..OUTPUTS {
        let want = -bp.nudge3[j];
        let arrow = match want {
            w if w > 0.005 => "↑ up  ",
            w if w < -0.005 => "↓ down",
            _ => "· keep",
        };
        let style = if j == bp.label {
            theme::ok()
        } else {
            theme::dim()
        };
        lines.extend(signed_rows(
            tracked_bar(&format!("  {j}  "), want, range, bar_w),
            vec![Span::styled(format!("  {arrow}"), style)],
            rows,
        ));
    }
    lines.push(Line::from(""));
    lines.extend(text);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
