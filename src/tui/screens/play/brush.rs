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
