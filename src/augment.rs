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

/// `src` (28x28) moved by `a` about the image's centre into `out`. Each
/// output pixel samples the source bilinearly; outside the source is 0.
pub fn transform(src: &[u8], a: &Affine, out: &mut [u8]) {
    let c = SIDE as f32 / 2.0;
    let (sin, cos) = (-a.angle).sin_cos();
    let inv = 1.0 / a.scale;
    let sample = |x: isize, y: isize| -> f32 {
        if (0..SIDE as isize).contains(&x) && (0..SIDE as isize).contains(&y) {
            src[y as usize * SIDE + x as usize] as f32
        } else {
            0.0
        }
    };
    for y in 0..SIDE {
        for x in 0..SIDE {
            // The output pixel's centre, taken back to the source.
            let (px, py) = (x as f32 + 0.5 - c - a.dx, y as f32 + 0.5 - c - a.dy);
            let (qx, qy) = (
                c + inv * (cos * px + sin * py),
                c + inv * (-sin * px + cos * py),
            );
            let (u, v) = (qx - 0.5, qy - 0.5);
            let (x0, y0) = (u.floor(), v.floor());
            let (fx, fy) = (u - x0, v - y0);
            let (x0, y0) = (x0 as isize, y0 as isize);
            let top = sample(x0, y0) * (1.0 - fx) + sample(x0 + 1, y0) * fx;
            let bottom = sample(x0, y0 + 1) * (1.0 - fx) + sample(x0 + 1, y0 + 1) * fx;
            let value = top * (1.0 - fy) + bottom * fy;
            out[y * SIDE + x] = value.round().clamp(0.0, 255.0) as u8;
        }
    }
}

/// The training images of `epoch`, each changed at random within `ranges`.
pub fn epoch_images(split: Split, ranges: &Ranges, seed: u64, epoch: usize) -> Images {
    let n = split.len();
    let mut pixels = vec![0u8; n * PIXELS];
    for (i, out) in pixels.chunks_exact_mut(PIXELS).enumerate() {
        let a = ranges.draw(&mut stream(seed, epoch, i));
        transform(split.image(i), &a, out);
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
