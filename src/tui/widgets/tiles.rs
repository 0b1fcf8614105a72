//! A grid of small square pictures (first-layer weights, one tile per
//! neuron), arranged in 1, 2 or 4 rows at the clearest size that fits.
//! Always half blocks (one solid colour per pixel, like the video's
//! pictures): all tiles at full resolution, else at half (2x2 means); if
//! not all fit, as many as do at half, then all or some at a quarter.
//! Braille is never used: a dithered tile's one colour per cell hides the
//! pattern. Rows of tiles may be half a cell apart (a gap of one pixel),
//! which is what lets four rows of 28x28 tiles fit a 200x60 window.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Widget;

use super::picture::Shade;
use crate::tui::theme;

pub struct Tiles<'a> {
    /// Tiles of `side` x `side` values, one after the other.
    pub values: &'a [f32],
    pub side: usize,
    pub shade: Shade,
}

/// How the tiles are laid out: how many are shown, tiles per row, pixels
/// per side, and the gaps (columns between tiles, pixels between rows:
/// two pixels make a cell).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrangement {
    /// The first `shown` tiles are drawn (all, when they fit).
    pub shown: usize,
    pub per_row: usize,
    pub rows: usize,
    pub res: usize,
    pub gap: (u16, u16),
}

impl Arrangement {
    /// Pixels (columns, rows) the whole grid takes.
    fn pixels(&self) -> (usize, usize) {
        let n = |count: usize, gap: u16| count * self.res + count.saturating_sub(1) * gap as usize;
        (n(self.per_row, self.gap.0), n(self.rows, self.gap.1))
    }

    /// Cells (columns, rows) the whole grid takes.
    pub fn size(&self) -> (u16, u16) {
        let (w, h) = self.pixels();
        (
            w.min(u16::MAX as usize) as u16,
            h.div_ceil(2).min(u16::MAX as usize) as u16,
        )
    }

    /// Where tile `i` starts, in pixels from the grid's corner.
    fn origin(&self, i: usize) -> (usize, usize) {
        let (col, row) = (i % self.per_row, i / self.per_row);
        (
            col * (self.res + self.gap.0 as usize),
            row * (self.res + self.gap.1 as usize),
        )
    }
}

/// The clearest arrangement of `count` tiles of `side` pixels in `width` x
/// `height` cells (see the module's note); None if not even one fits.
pub fn arrange(count: usize, side: usize, width: u16, height: u16) -> Option<Arrangement> {
    if count == 0 || side == 0 {
        return None;
    }
    let (full, half, quarter) = (side, side / 2, side / 4);
    let all = |res| arrange_as(res, count, width, height);
    let some = |res| {
        (1..count)
            .rev()
            .find_map(|n| arrange_as(res, n, width, height))
    };
    all(full)
        .or_else(|| all(half))
        .or_else(|| some(half))
        .or_else(|| all(quarter))
        .or_else(|| some(quarter))
}

/// `count` tiles of `res` pixels a side in 1, 2 or 4 rows, with the
/// widest gaps that fit (rows apart before columns wider apart).
fn arrange_as(res: usize, count: usize, width: u16, height: u16) -> Option<Arrangement> {
    if res == 0 {
        return None;
    }
    let mut per_rows: Vec<usize> = [1, 2, 4].iter().map(|r| count.div_ceil(*r)).collect();
    per_rows.dedup();
    for gap in [(2, 2), (1, 2), (2, 1), (1, 1), (1, 0), (0, 0)] {
        for &per_row in &per_rows {
            let a = Arrangement {
                shown: count,
                per_row,
                rows: count.div_ceil(per_row),
                res,
                gap,
            };
            let (w, h) = a.size();
            if w <= width && h <= height {
                return Some(a);
            }
        }
    }
    None
}

/// 2x2 means of a `side` x `side` image.
fn halve(values: &[f32], side: usize) -> Vec<f32> {
    let half = side / 2;
    let mut out = vec![0.0; half * half];
    for y in 0..half {
        for x in 0..half {
            let at = |dx: usize, dy: usize| values[(2 * y + dy) * side + 2 * x + dx];
            out[y * half + x] = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4.0;
        }
    }
    out
}

impl Tiles<'_> {
    fn color(&self, v: f32) -> Color {
        let v = if v.is_finite() { v } else { 0.0 };
        match self.shade {
            Shade::Gray => theme::gray((v.clamp(0.0, 1.0) * 255.0).round() as u8),
            Shade::Diverging => theme::diverging(v),
        }
    }

    /// A cell from its upper and lower pixel (None: a gap).
    fn cell(&self, up: Option<f32>, down: Option<f32>) -> (&'static str, Style) {
        if !theme::colour() {
            // Without colour, a cell's ink is its glyph's density.
            let ink = (up.unwrap_or(0.0).abs() + down.unwrap_or(0.0).abs()) / 2.0;
            let glyph = match (ink * 5.0) as u32 {
                0 => " ",
                1 => "░",
                2 => "▒",
                3 => "▓",
                _ => "█",
            };
            return (glyph, Style::new());
        }
        match (up, down) {
            (Some(u), Some(d)) => ("▀", Style::new().fg(self.color(u)).bg(self.color(d))),
            (Some(u), None) => ("▀", Style::new().fg(self.color(u))),
            (None, Some(d)) => ("▄", Style::new().fg(self.color(d))),
            (None, None) => (" ", Style::new()),
        }
    }
}

impl Widget for Tiles<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let per_tile = self.side * self.side;
        if per_tile == 0 {
            return;
        }
        let count = self.values.len() / per_tile;
        let area = area.intersection(buf.area);
        let Some(a) = arrange(count, self.side, area.width, area.height) else {
            return;
        };
        // The grid as pixels (None between tiles), then two to a cell.
        let (pw, ph) = a.pixels();
        let mut canvas: Vec<Option<f32>> = vec![None; pw * ph];
        for i in 0..a.shown {
            let mut pixels = self.values[i * per_tile..(i + 1) * per_tile].to_vec();
            let mut res = self.side;
            while res > a.res && res.is_multiple_of(2) {
                pixels = halve(&pixels, res);
                res /= 2;
            }
            let (x0, y0) = a.origin(i);
            for y in 0..res {
                for x in 0..res {
                    canvas[(y0 + y) * pw + x0 + x] = Some(pixels[y * res + x]);
                }
            }
        }
        let (w, h) = a.size();
        // Centred in the area.
        let left = area.x + (area.width - w) / 2;
        let top = area.y + (area.height - h) / 2;
        for cy in 0..h as usize {
            for cx in 0..w as usize {
                let at = |py: usize| (py < ph).then(|| canvas[py * pw + cx]).flatten();
                let (up, down) = (at(cy * 2), at(cy * 2 + 1));
                if up.is_none() && down.is_none() {
                    continue;
                }
                let (glyph, style) = self.cell(up, down);
                if let Some(cell) = buf.cell_mut((left + cx as u16, top + cy as u16)) {
                    cell.set_symbol(glyph).set_style(style);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_tiles_take_the_clearest_size_that_fits() {
        let shape = |a: Arrangement| (a.shown, a.per_row, a.res, a.size());
        // A 200x60 window's column: four rows of four at 28x28, the rows
        // a pixel (half a cell) apart.
        let a = arrange(16, 28, 118, 58).expect("fits");
        assert_eq!(shape(a), (16, 4, 28, (118, 58)));
        assert_eq!(a.gap, (2, 1));
        // A 120x40 window's strip: two rows of eight at 14x14, apart.
        let a = arrange(16, 28, 120, 15).expect("fits");
        assert_eq!(shape(a), (16, 8, 14, (119, 15)));
        assert_eq!(a.gap, (1, 2));
        // An 80x24 window's side panel: two at 14x14 beat 16 smudges.
        let a = arrange(16, 28, 30, 8).expect("fits");
        assert_eq!(shape(a), (2, 2, 14, (30, 7)));
        // A thin strip: all sixteen at a quarter.
        let a = arrange(16, 28, 118, 4).expect("fits");
        assert_eq!(shape(a).0, 16);
        assert_eq!(a.res, 7);
        assert_eq!(arrange(16, 28, 6, 3), None);
        assert_eq!(arrange(0, 28, 200, 60), None);
    }

    #[test]
    fn tiles_are_half_blocks_never_braille() {
        let values: Vec<f32> = (0..16 * 784)
            .map(|i| ((i % 7) as f32 - 3.0) / 3.0)
            .collect();
        for (w, h) in [(118, 58), (120, 15), (30, 8), (118, 4)] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            Tiles {
                values: &values,
                side: 28,
                shade: Shade::Diverging,
            }
            .render(area, &mut buf);
            let symbols: Vec<&str> = buf.content().iter().map(|c| c.symbol()).collect();
            assert!(symbols.contains(&"▀"), "{w}x{h}: half blocks");
            assert!(
                !symbols
                    .iter()
                    .any(|s| s.chars().any(|c| ('\u{2800}'..='\u{28ff}').contains(&c))),
                "{w}x{h}: no braille"
            );
        }
    }

    #[test]
    fn tiles_draw_without_panicking_at_any_size() {
        let values = vec![0.5f32; 16 * 784];
        for (w, h) in [(1, 1), (3, 200), (200, 3), (120, 6), (200, 60)] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            Tiles {
                values: &values,
                side: 28,
                shade: Shade::Diverging,
            }
            .render(area, &mut buf);
        }
    }
}
