//! Data augmentation: every epoch, each training image is rotated, scaled
//! and shifted a little, at random (bilinear sampling), so the network
//! sees a slightly different digit each time and learns the shape rather
//! than the pixels. Deterministic: an image's change depends only on the
//! run's seed, the epoch and the image's place, never on threads or order.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use crate::data::{Images, PIXELS, Split};

const SIDE: usize = 28;

/// One image's change: rotation (radians, counter-clockwise as seen on
/// screen), scale, and shift (pixels, right and down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Affine {
    pub angle: f32,
    pub scale: f32,
    pub dx: f32,
    pub dy: f32,
}

/// The ranges changes are drawn from, uniformly: ±`rotation` degrees,
/// 1 ± `scale`, ±`shift` pixels each way.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranges {
    pub rotation: f32,
    pub scale: f32,
    pub shift: f32,
}

impl Ranges {
    fn draw(&self, rng: &mut ChaCha8Rng) -> Affine {
        let mut uniform = |half: f32| {
            if half > 0.0 {
                rng.random_range(-half..=half)
            } else {
                0.0
            }
        };
        Affine {
            angle: uniform(self.rotation).to_radians(),
            scale: 1.0 + uniform(self.scale),
            dx: uniform(self.shift),
            dy: uniform(self.shift),
        }
    }
}

/// Image `index`'s own random stream for `epoch` of the run `seed`.
fn stream(seed: u64, epoch: usize, index: usize) -> ChaCha8Rng {
    // SplitMix64's finaliser spreads the three numbers over all bits.
    let mut z = seed
        ^ (epoch as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (index as u64)
            .wrapping_mul(0xBF58_476D_1CE4_E5B9)
            .rotate_left(31);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ChaCha8Rng::seed_from_u64(z ^ (z >> 31))
}

/// sin and cos of a small angle (|x| <= pi/4) from their Taylor series
/// in f64: plain arithmetic, so the same bits on every machine (a
/// platform's libm need not agree with another's in the last place).
fn sin_cos(x: f64) -> (f64, f64) {
    let x2 = x * x;
    let (mut sin, mut cos) = (0.0, 0.0);
    let (mut s_term, mut c_term) = (x, 1.0);
    for n in 0..12 {
        sin += s_term;
        cos += c_term;
        let k = 2.0 * n as f64;
        s_term *= -x2 / ((k + 2.0) * (k + 3.0));
        c_term *= -x2 / ((k + 1.0) * (k + 2.0));
    }
    (sin, cos)
}

/// Border of zeros around the padded source, so bilinear taps need no
/// bounds checks.
const PAD: usize = 2;
const PADDED: usize = SIDE + 2 * PAD;
/// Fixed-point coordinates: 8 fractional bits.
const ONE: i32 = 256;

/// `src` (28x28) moved by `a` about the image's centre into `out`. Each
/// output pixel samples the source bilinearly; outside the source is 0.
/// Coordinates and weights are fixed-point integers, so every machine
/// gets the same bytes.
pub fn transform(src: &[u8], a: &Affine, out: &mut [u8]) {
    let mut padded = [0i32; PADDED * PADDED];
    // The ink's bounding box: outside it (and its 1-pixel rim) every sample
    // is 0, which skips most of the work on MNIST's mostly empty images.
    let (mut x0, mut y0, mut x1, mut y1) = (SIDE, SIDE, 0, 0);
    for y in 0..SIDE {
        for x in 0..SIDE {
            let p = src[y * SIDE + x];
            padded[(y + PAD) * PADDED + x + PAD] = p as i32;
            if p != 0 {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
        }
    }
    if x0 > x1 {
        out.fill(0);
        return;
    }
    // Output pixel centre p maps back to source point c + M^T (p - c - t) / s,
    // an affine map: q = origin + x * step_x + y * step_y (source pixels,
    // measured from the source's pixel centres).
    let (sin, cos) = sin_cos(a.angle as f64);
    let inv = 1.0 / a.scale as f64;
    let c = SIDE as f64 / 2.0;
    let (px0, py0) = (0.5 - c - a.dx as f64, 0.5 - c - a.dy as f64);
    let fixed = |v: f64| (v * ONE as f64).round() as i32;
    let step_x = (fixed(inv * cos), fixed(inv * sin));
    let step_y = (fixed(-inv * sin), fixed(inv * cos));
    let origin = (
        fixed(c - 0.5 + inv * (cos * px0 - sin * py0)),
        fixed(c - 0.5 + inv * (sin * px0 + cos * py0)),
    );
    // A sample at u (fixed point) touches source columns u >> 8 and the
    // next one: it can be non-zero only for x0 - 1 < u / ONE < x1 + 1.
    let (lo_u, hi_u) = ((x0 as i32 - 1) * ONE, (x1 as i32 + 1) * ONE);
    let (lo_v, hi_v) = ((y0 as i32 - 1) * ONE, (y1 as i32 + 1) * ONE);
    for y in 0..SIDE as i32 {
        let (mut u, mut v) = (origin.0 + y * step_y.0, origin.1 + y * step_y.1);
        for x in 0..SIDE {
            out[y as usize * SIDE + x] = if u > lo_u && v > lo_v && u < hi_u && v < hi_v {
                let (ix, iy) = ((u >> 8) + PAD as i32, (v >> 8) + PAD as i32);
                let (fx, fy) = (u & (ONE - 1), v & (ONE - 1));
                let at = iy as usize * PADDED + ix as usize;
                let top = padded[at] * (ONE - fx) + padded[at + 1] * fx;
                let bottom = padded[at + PADDED] * (ONE - fx) + padded[at + PADDED + 1] * fx;
                ((top * (ONE - fy) + bottom * fy + ONE * ONE / 2) >> 16).clamp(0, 255) as u8
            } else {
                0
            };
            u += step_x.0;
            v += step_x.1;
        }
    }
}

/// The training images of `epoch`, each changed at random within `ranges`
/// (on two threads when the machine has them; an image's change does not
/// depend on which thread makes it).
pub fn epoch_images(split: Split, ranges: &Ranges, seed: u64, epoch: usize) -> Images {
    let n = split.len();
    let mut pixels = vec![0u8; n * PIXELS];
    let fill = |first: usize, part: &mut [u8]| {
        for (k, out) in part.chunks_exact_mut(PIXELS).enumerate() {
            let i = first + k;
            let a = ranges.draw(&mut stream(seed, epoch, i));
            transform(split.image(i), &a, out);
        }
    };
    let halves = std::thread::available_parallelism().map_or(1, |t| t.get().min(2));
    if halves == 2 && n >= 1000 {
        let (a, b) = pixels.split_at_mut(n / 2 * PIXELS);
        std::thread::scope(|s| {
            s.spawn(|| fill(0, a));
            fill(n / 2, b);
        });
    } else {
        fill(0, &mut pixels);
    }
    Images::new(pixels, split.labels().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dot(x: usize, y: usize) -> Vec<u8> {
        let mut img = vec![0u8; PIXELS];
        img[y * SIDE + x] = 255;
        img
    }

    fn lit(img: &[u8]) -> Vec<(usize, usize, u8)> {
        (0..PIXELS)
            .filter(|&i| img[i] > 0)
            .map(|i| (i % SIDE, i / SIDE, img[i]))
            .collect()
    }

    fn moved(src: &[u8], a: Affine) -> Vec<u8> {
        let mut out = vec![0u8; PIXELS];
        transform(src, &a, &mut out);
        out
    }

    const NONE: Affine = Affine {
        angle: 0.0,
        scale: 1.0,
        dx: 0.0,
        dy: 0.0,
    };

    #[test]
    fn sin_and_cos_are_right_to_the_last_digits() {
        for x in [-0.78, -0.2, 0.0, 0.1, 0.5, 0.785] {
            let (s, c) = sin_cos(x);
            assert!(
                (s - x.sin()).abs() < 1e-15 && (c - x.cos()).abs() < 1e-15,
                "{x}"
            );
        }
    }

    #[test]
    fn a_whole_pixel_shift_moves_a_dot_exactly() {
        let out = moved(
            &dot(10, 14),
            Affine {
                dx: 2.0,
                dy: -3.0,
                ..NONE
            },
        );
        assert_eq!(lit(&out), vec![(12, 11, 255)]);
        assert_eq!(moved(&dot(5, 6), NONE), dot(5, 6), "no change is no change");
    }

    #[test]
    fn a_quarter_turn_turns_a_dot_about_the_centre() {
        // Right of centre, turned counter-clockwise on screen (y down): up.
        let out = moved(
            &dot(20, 13),
            Affine {
                angle: std::f32::consts::FRAC_PI_2,
                ..NONE
            },
        );
        assert_eq!(lit(&out), vec![(13, 7, 255)]);
    }

    #[test]
    fn doubling_the_scale_spreads_a_dot_outwards() {
        // The dot's centre, (17.5, 14.5), is (3.5, 0.5) from the image's:
        // doubled, it lands at (21, 15), spread over its neighbours.
        let out = moved(&dot(17, 14), Affine { scale: 2.0, ..NONE });
        let pts = lit(&out);
        let mass: f64 = pts.iter().map(|p| p.2 as f64).sum();
        let mean = |f: fn(&(usize, usize, u8)) -> usize| {
            pts.iter()
                .map(|p| (f(p) as f64 + 0.5) * p.2 as f64)
                .sum::<f64>()
                / mass
        };
        assert!((mean(|p| p.0) - 21.0).abs() < 0.01, "{pts:?}");
        assert!((mean(|p| p.1) - 15.0).abs() < 0.01, "{pts:?}");
    }

    #[test]
    fn deterministic_for_a_seed_and_always_in_range() {
        let images = crate::test_data::synthetic(50, 3);
        let ranges = Ranges {
            rotation: 10.0,
            scale: 0.1,
            shift: 1.0,
        };
        let a = epoch_images(images.all(), &ranges, 7, 2);
        let b = epoch_images(images.all(), &ranges, 7, 2);
        let other_epoch = epoch_images(images.all(), &ranges, 7, 3);
        let px = |m: &Images| {
            (0..m.len())
                .flat_map(|i| m.all().image(i).to_vec())
                .collect::<Vec<_>>()
        };
        assert_eq!(px(&a), px(&b));
        assert_ne!(px(&a), px(&other_epoch));
        assert_eq!(a.all().labels(), images.all().labels());
        // Bytes are in 0..=255 by type, so [0,1] after scaling; and ink is kept.
        let ink = |m: &Images| px(m).iter().map(|&p| p as u64).sum::<u64>();
        let (before, after) = (ink(&images), ink(&a));
        assert!(
            after > before * 8 / 10 && after < before * 12 / 10,
            "{before} vs {after}"
        );
    }
}
