//! A grid of small square pictures (first-layer weights, one tile per
//! neuron), arranged in 1, 2 or 4 rows at the clearest size that fits:
//! half blocks (one solid colour per pixel, like the video's pictures) at
//! full or half resolution (2x2 means) when there is room, braille when not.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::picture::{Picture, Render, Shade, cells, largest_scale};

pub struct Tiles<'a> {
    /// `count` tiles of `side` x `side` values, one after the other.
    pub values: &'a [f32],
    pub side: usize,
    pub shade: Shade,
}

/// How the tiles are laid out: tiles per row, pixels per side (full or
/// halved), braille scale, tile size in cells, and gaps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrangement {
    pub per_row: usize,
    pub rows: usize,
    pub render: Render,
    pub res: usize,
    pub scale: usize,
    pub cell: (u16, u16),
    pub gap: (u16, u16),
}

impl Arrangement {
    /// Cells (columns, rows) the whole grid takes.
    pub fn size(&self) -> (u16, u16) {
        let n = |count: usize, cell: u16, gap: u16| {
            count as u16 * cell + (count as u16).saturating_sub(1) * gap
        };
        (
            n(self.per_row, self.cell.0, self.gap.0),
            n(self.rows, self.cell.1, self.gap.1),
        )
    }
}

/// The arrangement of `count` tiles of `side` pixels with the biggest
/// tiles that fit `width` x `height` cells; None if none does.
pub fn arrange(count: usize, side: usize, width: u16, height: u16) -> Option<Arrangement> {
    if count == 0 || side == 0 {
        return None;
    }
    // Clearest first: solid pixels at 14x14 or more beat dithered dots.
    let kinds = [
        (Render::Blocks, side),
        (Render::Blocks, side / 2),
        (Render::Braille, side),
        (Render::Braille, side / 2),
    ];
    kinds
        .into_iter()
        .find_map(|(render, res)| arrange_as(render, res, count, width, height))
}

fn arrange_as(
    render: Render,
    res: usize,
    count: usize,
    width: u16,
    height: u16,
) -> Option<Arrangement> {
    let mut best: Option<Arrangement> = None;
    for per_row in [count, count.div_ceil(2), count.div_ceil(4)] {
        let rows = count.div_ceil(per_row);
        {
            if res == 0 {
                continue;
            }
            let scale = largest_scale(render, res, res, width, height);
            for scale in (1..=scale).rev() {
                let cell = cells(render, res, res, scale);
                for gap in [(1, 1), (1, 0), (0, 0)] {
                    let a = Arrangement {
                        per_row,
                        rows,
                        render,
                        res,
                        scale,
                        cell,
                        gap,
                    };
                    let (w, h) = a.size();
                    if w > width || h > height {
                        continue;
                    }
                    let area = cell.0 as u32 * cell.1 as u32;
                    let better = best.is_none_or(|b| {
                        let ba = b.cell.0 as u32 * b.cell.1 as u32;
                        area > ba || (area == ba && a.gap > b.gap)
                    });
                    if better {
                        best = Some(a);
                    }
                    break;
                }
            }
        }
    }
    best
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
        let (w, h) = a.size();
        // Centred in the area.
        let x0 = area.x + (area.width - w) / 2;
        let y0 = area.y + (area.height - h) / 2;
        for i in 0..count {
            let tile = &self.values[i * per_tile..(i + 1) * per_tile];
            let halved;
            let pixels = if a.res == self.side {
                tile
            } else {
                halved = halve(tile, self.side);
                &halved
            };
            let (col, row) = ((i % a.per_row) as u16, (i / a.per_row) as u16);
            let rect = Rect::new(
                x0 + col * (a.cell.0 + a.gap.0),
                y0 + row * (a.cell.1 + a.gap.1),
                a.cell.0,
                a.cell.1,
            )
            .intersection(area);
            let picture = Picture::new(pixels, a.res, a.res, self.shade)
                .render(a.render)
                .scale(a.scale);
            Widget::render(picture, rect, buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_tiles_take_the_biggest_size_that_fits() {
        // 200-wide top panel: two rows of eight full-size tiles.
        let a = arrange(16, 28, 126, 16).expect("fits");
        assert_eq!(
            (a.per_row, a.render, a.res, a.cell),
            (8, Render::Blocks, 14, (14, 7))
        );
        // A 118 x 4 strip: one row of halved braille tiles.
        let a = arrange(16, 28, 118, 4).expect("fits");
        assert_eq!(
            (a.per_row, a.render, a.res, a.cell),
            (16, Render::Braille, 14, (7, 4))
        );
        assert_eq!(arrange(16, 28, 20, 2), None);
        assert_eq!(arrange(0, 28, 200, 60), None);
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
