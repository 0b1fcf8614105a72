//! Where the tiles view puts its pictures: as many as fit, as large as
//! fit, each with its label on the row under it and a gap to the next,
//! so sixteen tiles never run together into strips.

use crate::tui::widgets::picture::{Render, cells};

/// Tile sides (pixels, one a cell across, two a cell down) to choose
/// from: 28x28 shrunk to fit more tiles, as it is, or enlarged.
const SIDES: [usize; 11] = [14, 16, 18, 20, 22, 24, 26, 28, 56, 84, 112];

/// Columns between tiles, so neighbours never touch.
const GAP: u16 = 2;

/// How the tiles are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grid {
    /// A tile's side in pixels (28: one pixel per weight).
    pub side: usize,
    pub per_row: u16,
    pub rows: u16,
    /// How many tiles there are in all.
    pub count: usize,
}

impl Grid {
    pub fn per_page(&self) -> usize {
        (self.per_row as usize * self.rows as usize).clamp(1, self.count.max(1))
    }

    /// A tile's cells.
    pub fn tile(&self) -> (u16, u16) {
        cells(Render::Blocks, self.side, self.side, 1)
    }

    /// A tile's cells with its label row and the gaps to the next.
    pub fn cell(&self) -> (u16, u16) {
        let (w, h) = self.tile();
        (w + GAP, h + 2)
    }
}

/// The layout showing the most of `count` tiles (all if they fit), the
/// largest of those.
pub fn grid(width: u16, height: u16, count: usize) -> Grid {
    let mut best = Grid {
        side: SIDES[0],
        per_row: 1,
        rows: 1,
        count,
    };
    let mut best_key = (0, 0);
    for side in SIDES {
        let mut g = Grid {
            side,
            per_row: 0,
            rows: 0,
            count,
        };
        let (cw, ch) = g.cell();
        // The last column needs no gap after it.
        g.per_row = (width + GAP) / cw;
        // Nor the last row a blank one.
        g.rows = (height + 1) / ch;
        let shown = (g.per_row as usize * g.rows as usize).min(count);
        let key = (shown, side);
        if shown > 0 && key > best_key {
            best_key = key;
            best = g;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_fill_big_terminals_and_page_on_small_ones() {
        // 200x60: all sixteen, nearly full size.
        let g = grid(169, 58, 16);
        assert_eq!(g.per_page(), 16, "{g:?}");
        assert!(g.side >= 24, "{g:?}");
        // The output layer's ten at full size or more.
        assert!(grid(169, 58, 10).side >= 28);
        // 120x40: all sixteen.
        let g = grid(103, 38, 16);
        assert_eq!(g.per_page(), 16, "{g:?}");
        // 80x24: more than a few, but not all.
        let small = grid(63, 22, 16);
        assert!((4..16).contains(&small.per_page()), "{small:?}");
        assert!(grid(0, 0, 16).per_page() >= 1);
        let huge = grid(400, 130, 16);
        assert_eq!((huge.per_page(), huge.side), (16, 56), "{huge:?}");
    }

    #[test]
    fn tiles_and_labels_never_touch() {
        for (w, h) in [(63, 22), (103, 38), (169, 58), (400, 130)] {
            let g = grid(w, h, 16);
            let (tw, th) = g.tile();
            let (cw, ch) = g.cell();
            assert!(cw >= tw + 2 && ch >= th + 2, "{g:?}");
            // Everything shown fits the area.
            assert!(
                g.per_row * cw - 2 <= w && g.rows * ch - 1 <= h,
                "{g:?} in {w}x{h}"
            );
            // "#15 ● 0.00" fits under the smallest tile.
            assert!(tw >= 10);
        }
    }
}
