//! Bars that grow with the terminal: each bar drawn over several rows,
//! its words on the middle one.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::tui::theme;
use crate::tui::widgets::bars::bar;

/// Rows for each of `items` bars in `height` rows of which `reserved` are
/// taken by other things: at least 1, at most `max`.
pub fn rows_each(height: u16, items: usize, reserved: u16, max: u16) -> u16 {
    (height.saturating_sub(reserved) / items.max(1) as u16).clamp(1, max)
}

/// `line` over `rows` rows: the spans `bar(i)` picks on every row, the
/// others (words, numbers) on the middle one only. From 3 rows up the
/// last is left empty, so that bars stand apart.
pub fn tall(line: Line<'static>, rows: u16, bar: &dyn Fn(usize) -> bool) -> Vec<Line<'static>> {
    let spans: Vec<Span<'static>> = line
        .spans
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if bar(i) {
                s.clone()
            } else {
                Span::raw(" ".repeat(s.width()))
            }
        })
        .collect();
    stack(line, Line::from(spans), rows)
}

/// `middle` on the middle of `rows` rows, `other` on the rest; from 3
/// rows up the last is left empty.
pub fn stack(middle: Line<'static>, other: Line<'static>, rows: u16) -> Vec<Line<'static>> {
    let drawn = if rows >= 3 { rows - 1 } else { rows.max(1) };
    let mid = (drawn - 1) / 2;
    let mut out: Vec<Line<'static>> = (0..drawn)
        .map(|r| {
            if r == mid {
                middle.clone()
            } else {
                other.clone()
            }
        })
        .collect();
    if rows >= 3 {
        out.push(Line::from(""));
    }
    out
}

/// A signed bar from `weight_bars::tracked_bar` (name, bar spans, value),
/// with `marks` after its value on the middle row, over `rows` rows.
pub fn signed_rows(
    mut line: Line<'static>,
    marks: Vec<Span<'static>>,
    rows: u16,
) -> Vec<Line<'static>> {
    let n = line.spans.len();
    line.spans.extend(marks);
    tall(line, rows, &|i| i > 0 && i + 1 < n)
}

/// A 0..1 bar `width` cells long in `style`, its empty length a track.
pub fn unit_bar(p: f32, width: usize, style: Style) -> [Span<'static>; 2] {
    let track = theme::track();
    let (_, filled) = bar(p, width);
    let used = Span::raw(filled.as_str()).width().min(width);
    let style = match track.bg {
        Some(bg) => style.bg(bg),
        None => style,
    };
    [
        Span::styled(filled, style),
        Span::styled(" ".repeat(width - used), track),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(l: &Line) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn words_sit_on_the_middle_row_and_bars_on_every_row() {
        let line = Line::from(vec![Span::raw("7 "), Span::raw("███"), Span::raw(" 0.5")]);
        let rows = tall(line, 4, &|i| i == 1);
        let texts: Vec<String> = rows.iter().map(text).collect();
        assert_eq!(texts, ["  ███    ", "7 ███ 0.5", "  ███    ", ""]);
        let one = tall(Line::from("x"), 1, &|_| true);
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn rows_grow_with_the_height_within_bounds() {
        assert_eq!(rows_each(10, 10, 4, 4), 1);
        assert_eq!(rows_each(54, 10, 10, 4), 4);
        assert_eq!(rows_each(200, 10, 10, 4), 4);
    }
}
