//! The drawing surface of draw mode: a 28x28 image painted with a soft,
//! round brush so a drawing looks like MNIST's pen strokes: one or two
//! white pixels across, with gray pixels either side (two to three pixels
//! in all, as MNIST's strokes are).
//!
//! Positions are in pixels as floats (pixel `i` spans `i..i+1`), so the
//! mouse can address a fraction of a pixel when the canvas is drawn large.
//! A stroke from one position to the next paints the whole capsule between
//! them, so a fast drag leaves no gaps.

use crate::digit::SIDE;

/// Distance from the stroke's centre line (pixels) within which ink is full.
pub const CORE: f32 = 0.7;
/// Distance at which ink fades to nothing.
pub const EDGE: f32 = 1.8;

/// How much ink a pixel whose centre is `d` from the stroke gets (0..=1).
pub fn falloff(d: f32) -> f32 {
    if d <= CORE {
        1.0
    } else if d >= EDGE {
        0.0
    } else {
        let t = (EDGE - d) / (EDGE - CORE);
        // Smoothstep: no visible ridge where the core ends.
        t * t * (3.0 - 2.0 * t)
    }
}

/// Distance from point `p` to the segment `a`-`b`.
fn distance(p: (f32, f32), a: (f32, f32), b: (f32, f32)) -> f32 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (a.0 + t * dx - p.0, a.1 + t * dy - p.1);
    (qx * qx + qy * qy).sqrt()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sketch {
    pixels: Vec<u8>,
}

impl Default for Sketch {
    fn default() -> Self {
        Sketch {
            pixels: vec![0; SIDE * SIDE],
        }
    }
}

impl Sketch {
    pub fn pixels(&self) -> &[u8] {
        &self.pixels
    }

    pub fn is_empty(&self) -> bool {
        self.pixels.iter().all(|&p| p == 0)
    }

    pub fn clear(&mut self) {
        self.pixels.fill(0);
    }

    /// Paints (or erases) a stroke from `a` to `b` (pixel coordinates;
    /// `a == b` is a dot). Ink only ever brightens a pixel and the eraser only
    /// dims it, so going over a stroke again keeps its soft edge.
    /// Returns whether any pixel changed.
    pub fn stroke(&mut self, a: (f32, f32), b: (f32, f32), ink: bool) -> bool {
        let finite = |p: (f32, f32)| p.0.is_finite() && p.1.is_finite();
        if !finite(a) || !finite(b) {
            return false;
        }
        let reach = EDGE + if ink { 0.0 } else { 0.6 };
        let lo = |u: f32, v: f32| ((u.min(v) - reach).floor().max(0.0)) as usize;
        let hi = |u: f32, v: f32| ((u.max(v) + reach).ceil().clamp(0.0, SIDE as f32)) as usize;
        let (x0, x1, y0, y1) = (lo(a.0, b.0), hi(a.0, b.0), lo(a.1, b.1), hi(a.1, b.1));
        let mut changed = false;
        for y in y0..y1 {
            for x in x0..x1 {
                let d = distance((x as f32 + 0.5, y as f32 + 0.5), a, b);
                let p = &mut self.pixels[y * SIDE + x];
                // The eraser is a little wider than the pen, so it cleans up
                // the soft edge it passes over.
                let level = if ink {
                    (falloff(d) * 255.0).round() as u8
                } else {
                    (falloff(d - 0.6) * 255.0).round() as u8
                };
                let new = if ink {
                    (*p).max(level)
                } else {
                    (*p).min(255 - level)
                };
                changed |= new != *p;
                *p = new;
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &Sketch, x: usize, y: usize) -> u8 {
        s.pixels()[y * SIDE + x]
    }

    #[test]
    fn a_dot_has_a_full_core_and_soft_gray_edges() {
        let mut s = Sketch::default();
        // Centred on pixel (10, 10).
        assert!(s.stroke((10.5, 10.5), (10.5, 10.5), true));
        assert_eq!(at(&s, 10, 10), 255, "centre");
        // Neighbours at distance 1 and sqrt 2 are gray, not white or black.
        let side = at(&s, 11, 10);
        let corner = at(&s, 11, 11);
        assert!(side > 200 && side < 255, "side {side}");
        assert!(corner > 20 && corner < side, "corner {corner}");
        // Two pixels away: nothing.
        assert_eq!(at(&s, 12, 10), 0);
        assert_eq!(at(&s, 8, 10), 0);
        // Exact values of the falloff.
        assert_eq!(falloff(0.0), 1.0);
        assert_eq!(falloff(CORE), 1.0);
        assert_eq!(falloff(EDGE), 0.0);
        assert!((falloff((CORE + EDGE) / 2.0) - 0.5).abs() < 1e-6);
    }

    #[test]
    fn a_stroke_is_two_to_three_pixels_wide_like_mnist() {
        let mut s = Sketch::default();
        s.stroke((14.0, 4.0), (14.0, 24.0), true);
        // Across the middle row: how many pixels carry ink, and how many
        // are full.
        let row: Vec<u8> = (0..SIDE).map(|x| at(&s, x, 14)).collect();
        let inked = row.iter().filter(|&&p| p > 0).count();
        let full = row.iter().filter(|&&p| p == 255).count();
        assert_eq!(full, 2, "{row:?}");
        assert!((2..=4).contains(&inked), "{row:?}");
    }

    #[test]
    fn a_fast_stroke_leaves_no_gaps() {
        let mut s = Sketch::default();
        // One long diagonal jump, as a fast mouse drag reports it.
        s.stroke((2.5, 3.5), (25.5, 24.5), true);
        // Every pixel on the line between the two ends is fully inked.
        for i in 0..=40 {
            let t = i as f32 / 40.0;
            let (x, y) = (2.5 + t * 23.0, 3.5 + t * 21.0);
            assert_eq!(at(&s, x as usize, y as usize), 255, "gap at ({x}, {y})");
        }
    }

    #[test]
    fn ink_never_dims_and_the_eraser_removes_it() {
        let mut s = Sketch::default();
        s.stroke((10.5, 10.5), (10.5, 10.5), true);
        let centre = at(&s, 10, 10);
        // A second dot nearby only adds ink.
        s.stroke((12.5, 10.5), (12.5, 10.5), true);
        assert_eq!(at(&s, 10, 10), centre);
        assert!(!s.stroke((10.5, 10.5), (10.5, 10.5), true), "nothing new");
        assert!(s.stroke((10.5, 10.5), (12.5, 10.5), false));
        assert_eq!(at(&s, 10, 10), 0);
        assert_eq!(at(&s, 11, 10), 0);
        s.clear();
        assert!(s.is_empty());
    }

    #[test]
    fn strokes_off_the_canvas_are_clipped_and_nan_ignored() {
        let mut s = Sketch::default();
        assert!(s.stroke((-5.0, -5.0), (0.5, 0.5), true));
        assert_eq!(at(&s, 0, 0), 255);
        assert!(!s.stroke((100.0, 100.0), (200.0, 100.0), true));
        assert!(!s.stroke((f32::NAN, 1.0), (1.0, 1.0), true));
        assert!(s.stroke((27.5, 27.5), (40.0, 40.0), true));
    }
}
