//! A 28x28 drawing surface. The screen shows it at one terminal cell per
//! pixel column and two pixel rows (braille at 2x, or half blocks), so a
//! cell is the finest unit a mouse or the cursor can address.

use super::SIDE;

pub const CELL_COLS: usize = SIDE;
pub const CELL_ROWS: usize = SIDE / 2;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Canvas {
    pixels: Vec<u8>,
}

impl Default for Canvas {
    fn default() -> Self {
        Canvas {
            pixels: vec![0; SIDE * SIDE],
        }
    }
}

impl Canvas {
    pub fn pixels(&self) -> &[u8] {
        &self.pixels
    }

    pub fn is_empty(&self) -> bool {
        self.pixels.iter().all(|&p| p == 0)
    }

    pub fn clear(&mut self) {
        self.pixels.fill(0);
    }

    /// Inks (or erases) the brush at cell (col, row): the cell's two pixels
    /// and the two to their right, a stroke about as wide as MNIST's.
    /// Returns whether anything changed.
    pub fn paint(&mut self, col: usize, row: usize, ink: bool) -> bool {
        if col >= CELL_COLS || row >= CELL_ROWS {
            return false;
        }
        let value = if ink { 255 } else { 0 };
        let mut changed = false;
        for y in [2 * row, 2 * row + 1] {
            for x in col..(col + 2).min(SIDE) {
                let p = &mut self.pixels[y * SIDE + x];
                changed |= *p != value;
                *p = value;
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brush_covers_two_by_two_and_stays_inside() {
        let mut c = Canvas::default();
        assert!(c.paint(27, 13, true));
        let lit: Vec<usize> = (0..784).filter(|&i| c.pixels()[i] > 0).collect();
        assert_eq!(lit, vec![26 * 28 + 27, 27 * 28 + 27]);
        assert!(!c.paint(28, 0, true), "outside the canvas");
        assert!(c.paint(27, 13, false));
        assert!(c.is_empty());
    }
}
