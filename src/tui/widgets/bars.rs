//! The network's ten probabilities as horizontal bars.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::network::{OUTPUTS, argmax};
use crate::tui::theme;

/// One bar per digit, `width` wide; the most likely is bold, `highlight`
/// is marked as the network's answer and `truth` in green.
pub fn bars(
    probabilities: &[f32; OUTPUTS],
    width: usize,
    highlight: Option<u8>,
    truth: Option<u8>,
) -> Vec<Line<'static>> {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let best = argmax(probabilities);
    (0..OUTPUTS)
        .map(|d| {
            let p = probabilities[d];
            let p = if p.is_finite() {
                p.clamp(0.0, 1.0)
            } else {
                0.0
            };
            let eighths = (p * (width * 8) as f32).round() as usize;
            let bar = format!("{}{}", "█".repeat(eighths / 8), EIGHTHS[eighths % 8]);
            let style = if d == best {
                theme::train().add_modifier(Modifier::BOLD)
            } else {
                theme::dim()
            };
            let mut spans = vec![
                Span::styled(
                    format!("{d} "),
                    if Some(d as u8) == truth {
                        theme::ok()
                    } else {
                        Style::new()
                    },
                ),
                Span::styled(format!("{bar:<width$}"), style),
                Span::styled(format!(" {:>5.1}%", p * 100.0), style),
            ];
            if Some(d as u8) == highlight {
                spans.push(Span::styled(" ◀ network", theme::train()));
            }
            Line::from(spans)
        })
        .collect()
}
