//! Signed values as bars from a middle line: blue to the right for
//! positive, red to the left for negative (as the video colours weights),
//! longer and brighter for larger |value|.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::tui::theme;

/// One line: `name`, the bar `width` cells wide (half each side of the
/// middle line) for `value` out of `range`, then the value.
pub fn weight_bar(name: &str, value: f32, range: f32, width: usize) -> Line<'static> {
    signed_bar(name, value, range, width, Style::new())
}

/// As [`weight_bar`], the empty length drawn as a track so the bar's full
/// length shows the scale. Spans: the name, the bar's, then the value.
pub fn tracked_bar(name: &str, value: f32, range: f32, width: usize) -> Line<'static> {
    signed_bar(name, value, range, width, theme::track())
}

/// `value` to two places, without a sign when it rounds to zero ("-0.00"
/// reads as a mistake).
pub fn signed(value: f32) -> String {
    if value.is_finite() && value.abs() < 0.005 {
        format!("{:>6}", "0.00")
    } else {
        format!("{value:>+6.2}")
    }
}

fn signed_bar(name: &str, value: f32, range: f32, width: usize, track: Style) -> Line<'static> {
    let half = width / 2;
    let t = if range > 0.0 && value.is_finite() {
        (value / range).clamp(-1.0, 1.0)
    } else {
        0.0
    };
    // Half cells: ▌ and ▐ give twice the resolution.
    let halves = (t.abs() * (half * 2) as f32).round() as usize;
    let body = "█".repeat(halves / 2);
    let mut style = if theme::colour() {
        Style::new().fg(theme::diverging(t.signum() * (0.35 + 0.65 * t.abs())))
    } else {
        Style::new()
    };
    if let Some(bg) = track.bg {
        style = style.bg(bg);
    }
    let cells = halves.div_ceil(2).min(half);
    let pad = Span::styled(" ".repeat(half - cells), track);
    let empty = Span::styled(" ".repeat(half), track);
    let mut spans = vec![Span::styled(name.to_string(), theme::dim())];
    if t < 0.0 {
        let bar = format!("{}{body}", if halves % 2 == 1 { "▐" } else { "" });
        spans.extend([
            pad,
            Span::styled(bar, style),
            Span::styled("│", theme::dim()),
            empty,
        ]);
    } else {
        let bar = format!("{body}{}", if halves % 2 == 1 { "▌" } else { "" });
        spans.extend([
            empty,
            Span::styled("│", theme::dim()),
            Span::styled(bar, style),
            pad,
        ]);
    }
    spans.push(Span::raw(format!(" {}", signed(value))));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_goes_left_positive_right() {
        let text = |l: Line| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
        };
        assert_eq!(text(weight_bar("a ", 1.0, 1.0, 8)), "a     │████  +1.00");
        assert_eq!(text(weight_bar("a ", -0.5, 1.0, 8)), "a   ██│      -0.50");
        assert_eq!(text(weight_bar("a ", 0.0, 0.0, 4)), "a   │     0.00");
        assert_eq!(text(weight_bar("a ", -0.001, 1.0, 4)), "a   │     0.00");
        assert_eq!(text(weight_bar("a ", f32::NAN, 1.0, 4)), "a   │      NaN");
    }
}
