//! A 10x10 confusion matrix as lines: rows are the true digit, columns the
//! answer.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::network::OUTPUTS;
use crate::tui::theme;

/// How a matrix is written: cell width, whether zeros show as "·", and the
/// style of a cell given (on the diagonal, count).
pub struct Look {
    pub cell: usize,
    pub dot_for_zero: bool,
    pub style: fn(bool, u32) -> Style,
}

pub fn confusion_lines(m: &[[u32; OUTPUTS]; OUTPUTS], look: &Look) -> Vec<Line<'static>> {
    let w = look.cell;
    let mut lines = vec![
        Line::from(format!(
            "   {}",
            (0..OUTPUTS).map(|d| format!("{d:>w$}")).collect::<String>()
        ))
        .style(theme::dim()),
    ];
    for (truth, row) in m.iter().enumerate() {
        let mut spans = vec![Span::styled(format!("{truth:>2} "), theme::dim())];
        for (answer, &n) in row.iter().enumerate() {
            let text = if n == 0 && look.dot_for_zero {
                "·".to_string()
            } else {
                n.to_string()
            };
            spans.push(Span::styled(
                format!("{text:>w$}"),
                (look.style)(truth == answer, n),
            ));
        }
        lines.push(Line::from(spans));
    }
    lines
}
