//! Pictures more than one screen draws: digits, probability bars, confusion
//! matrices, and the number prompt for choosing a test digit.

pub mod bars;
pub mod confusion;
pub mod diagram;
pub mod neurons;
pub mod number_input;
pub mod picture;
pub mod plot;
pub mod resize;
pub mod tiles;
pub mod weight_bars;
pub mod weighted_sum;

use ratatui::text::{Line, Span};

/// Rows `lines` take when word-wrapped to `width` as `Wrap { trim: true }`
/// does: whole words, a line broken where the next word does not fit.
pub fn wrapped_rows(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows_of = |line: &Line| {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let (mut rows, mut used) = (1usize, 0usize);
        // A no-break space is part of a word, as for the wrap.
        let words = text.split(|c: char| c.is_whitespace() && c != '\u{a0}');
        for word in words.filter(|w| !w.is_empty()) {
            let w = Span::raw(word).width();
            if used > 0 && used + 1 + w <= width {
                used += 1 + w;
            } else {
                rows += usize::from(used > 0) + w.saturating_sub(1) / width;
                used = (w - 1) % width + 1;
            }
        }
        rows
    };
    lines
        .iter()
        .map(rows_of)
        .sum::<usize>()
        .min(usize::from(u16::MAX)) as u16
}

/// A ratio safe for `Gauge` (which asserts 0..=1): NaN becomes 0.
pub fn clamp_ratio(r: f64) -> f64 {
    if r.is_nan() { 0.0 } else { r.clamp(0.0, 1.0) }
}
