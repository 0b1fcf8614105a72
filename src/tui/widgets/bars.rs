//! The network's ten probabilities as horizontal bars.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::network::{OUTPUTS, argmax};
use crate::tui::theme;

/// Probability `p` clamped to 0..=1 (0 if not finite), and its bar of up
/// to `width` cells in eighths of a cell.
pub fn bar(p: f32, width: usize) -> (f32, String) {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let p = if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let eighths = (p * (width * 8) as f32).round() as usize;
    (
        p,
        format!("{}{}", "█".repeat(eighths / 8), EIGHTHS[eighths % 8]),
    )
}

/// One bar per digit, `width` wide; the most likely is bold, `highlight`
/// is marked as the network's answer and `truth` in green.
pub fn bars(
    probabilities: &[f32; OUTPUTS],
    width: usize,
    highlight: Option<u8>,
    truth: Option<u8>,
) -> Vec<Line<'static>> {
    let best = argmax(probabilities);
    (0..OUTPUTS)
        .map(|d| {
            let (p, bar) = bar(probabilities[d], width);
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
            // Green says it where there is colour.
            if Some(d as u8) == truth && !theme::colour() {
                spans.push(Span::raw(" ◀ true"));
            }
            Line::from(spans)
        })
        .collect()
}

/// Who answered what, for [`marked_bars`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    pub you: Option<u8>,
    pub network: Option<u8>,
    pub truth: Option<u8>,
}

/// Columns a line of [`marked_bars`] takes besides the bar itself.
pub const MARKED_EXTRA: usize = 2 + 7 + 20;

/// One bar per digit, up to `width` wide, each lit like an output neuron
/// (the more likely, the brighter; the most likely in the network's
/// colour), with "◀ you" and "◀ network" beside the answers and a ✓ beside
/// the true digit. The percentage comes before its bar and the marks right
/// after it, so neither is left far from a short bar on a wide screen.
/// All zeros (nothing to read yet) light no digit. `gap` puts an empty
/// line between bars.
pub fn marked_bars(
    probabilities: &[f32; OUTPUTS],
    width: usize,
    marks: Marks,
    gap: bool,
) -> Vec<Line<'static>> {
    let best = probabilities
        .iter()
        .any(|&p| p > 0.0)
        .then(|| argmax(probabilities));
    let mut lines = Vec::with_capacity(2 * OUTPUTS);
    for (d, &p) in probabilities.iter().enumerate() {
        let (p, bar) = bar(p, width);
        let style = if Some(d) == best {
            theme::train().add_modifier(Modifier::BOLD)
        } else if theme::colour() {
            Style::new().fg(theme::activation(p.sqrt()))
        } else {
            theme::dim()
        };
        let is = |m: Option<u8>| m == Some(d as u8);
        let label = if is(marks.truth) {
            theme::ok().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let mut spans = vec![
            Span::styled(format!("{d} "), label),
            Span::styled(format!("{:>5.1}% ", p * 100.0), style),
            Span::styled(bar, style),
        ];
        if is(marks.truth) {
            spans.push(Span::styled(" ✓", theme::ok().add_modifier(Modifier::BOLD)));
        }
        if is(marks.you) {
            let right = marks.truth.is_none() || marks.you == marks.truth;
            let style = if right { theme::ok() } else { theme::error() };
            spans.push(Span::styled(" ◀ you", style));
        }
        if is(marks.network) {
            spans.push(Span::styled(" ◀ network", theme::train()));
        }
        if gap && d > 0 {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(spans));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(l: &Line) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn marks_name_you_the_network_and_the_truth() {
        let mut p = [0.0f32; OUTPUTS];
        p[5] = 0.75;
        p[3] = 0.25;
        let lines = marked_bars(
            &p,
            8,
            Marks {
                you: Some(3),
                network: Some(5),
                truth: Some(3),
            },
            false,
        );
        assert_eq!(lines.len(), 10);
        assert_eq!(text(&lines[5]), "5  75.0% ██████ ◀ network");
        assert_eq!(text(&lines[3]), "3  25.0% ██ ✓ ◀ you");
        assert_eq!(text(&lines[0]), "0   0.0% ");
        let spaced = marked_bars(&p, 8, Marks::default(), true);
        assert_eq!(spaced.len(), 19);
        assert!(text(&lines[3]).chars().count() <= 8 + MARKED_EXTRA);
        let all = marked_bars(
            &[1.0; OUTPUTS],
            8,
            Marks {
                you: Some(9),
                network: Some(9),
                truth: Some(9),
            },
            false,
        );
        assert!(text(&all[9]).chars().count() <= 8 + MARKED_EXTRA);
    }

    #[test]
    fn without_colour_the_truth_is_said_in_words() {
        use crate::tui::theme::{ColorMode, set_test_mode};
        let mut p = [0.0f32; OUTPUTS];
        p[5] = 0.75;
        set_test_mode(Some(ColorMode::Monochrome));
        let plain = bars(&p, 8, Some(5), Some(3));
        set_test_mode(None);
        assert!(text(&plain[3]).ends_with(" ◀ true"), "{}", text(&plain[3]));
        assert!(!text(&plain[5]).contains("true"));
        let coloured = bars(&p, 8, Some(5), Some(3));
        assert!(!text(&coloured[3]).contains("true"), "green says it");
    }

    #[test]
    fn the_percentage_sits_next_to_its_bar_however_wide() {
        let mut p = [0.0f32; OUTPUTS];
        p[1] = 0.013;
        p[3] = 0.881;
        let lines = marked_bars(&p, 56, Marks::default(), false);
        let one = text(&lines[1]);
        assert_eq!(one, "1   1.3% ▊", "no run of spaces between them");
        assert!(text(&lines[3]).starts_with("3  88.1% ████"));
    }

    #[test]
    fn nothing_read_yet_lights_no_digit() {
        let bold = |l: &Line| {
            l.spans
                .iter()
                .any(|s| s.style.add_modifier.contains(Modifier::BOLD))
        };
        let empty = marked_bars(&[0.0; OUTPUTS], 8, Marks::default(), false);
        assert!(!empty.iter().any(bold), "0 0.0% is not an answer");
        let mut p = [0.0f32; OUTPUTS];
        p[4] = 0.9;
        let read = marked_bars(&p, 8, Marks::default(), false);
        assert!(bold(&read[4]) && !bold(&read[0]));
    }
}
