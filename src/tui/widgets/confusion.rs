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
    // A count as wide as a cell would run into its left neighbour: then
    // each cell keeps its space on the right, where the wide one can
    // take it.
    let tight = m.iter().flatten().any(|n| n.to_string().len() >= w);
    let cell = |text: &str| {
        if tight && text.chars().count() < w {
            format!("{text:>a$} ", a = w.saturating_sub(1))
        } else {
            format!("{text:>w$}")
        }
    };
    let mut lines = vec![
        Line::from(format!(
            "   {}",
            (0..OUTPUTS)
                .map(|d| cell(&d.to_string()))
                .collect::<String>()
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
            spans.push(Span::styled(cell(&text), (look.style)(truth == answer, n)));
        }
        lines.push(Line::from(spans));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn wide_counts_keep_a_space_from_their_neighbours() {
        let mut m = [[0u32; OUTPUTS]; OUTPUTS];
        for (i, row) in m.iter_mut().enumerate() {
            row[i] = 1125;
        }
        let look = Look {
            cell: 4,
            dot_for_zero: true,
            style: |_, _| Style::new(),
        };
        let lines = confusion_lines(&m, &look);
        for line in &lines[1..] {
            let t = text(line);
            assert!(!t.contains("·1125") && !t.contains("11251125"), "{t:?}");
            assert_eq!(t.chars().count(), 3 + 10 * 4, "{t:?}");
        }
        // Small counts: right-aligned in the whole cell, as before.
        let lines = confusion_lines(&[[7; OUTPUTS]; OUTPUTS], &look);
        assert!(text(&lines[1]).ends_with("   7"), "{:?}", text(&lines[1]));
    }
}
