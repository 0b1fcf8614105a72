//! Turning a drawing into what MNIST's digits look like before the network
//! sees it: crop to the ink, scale to fit 20x20 keeping the aspect ratio
//! with anti-aliasing (gray edges), and place it in 28x28 so the centre of
//! mass sits at (14, 14) (pixel indices), as in MNIST (its test set
//! averages 14.01, 13.99).

use super::SIDE;

const BOX: usize = 20;
const CENTRE: f64 = 14.0;

/// Area-averaging resample of one axis: `src` samples to `n` outputs,
/// each output the mean of the source it covers.
fn resample_weights(src: usize, n: usize) -> Vec<Vec<(usize, f64)>> {
    let scale = n as f64 / src as f64;
    (0..n)
        .map(|i| {
            let (a, b) = (i as f64 / scale, (i + 1) as f64 / scale);
            (a.floor() as usize..(b.ceil() as usize).min(src))
                .filter_map(|k| {
                    let overlap = (b.min((k + 1) as f64) - a.max(k as f64)).max(0.0);
                    (overlap > 0.0).then_some((k, overlap * scale))
                })
                .collect()
        })
        .collect()
}

/// The MNIST-style 28x28 image of `pixels` (28x28, 0-255), or None if the
/// drawing is empty.
pub fn mnist_style(pixels: &[u8]) -> Option<Vec<u8>> {
    assert_eq!(pixels.len(), SIDE * SIDE);
    let ink = |x: usize, y: usize| pixels[y * SIDE + x] > 0;
    let xs: Vec<usize> = (0..SIDE)
        .filter(|&x| (0..SIDE).any(|y| ink(x, y)))
        .collect();
    let ys: Vec<usize> = (0..SIDE)
        .filter(|&y| (0..SIDE).any(|x| ink(x, y)))
        .collect();
    let (&x0, &x1, &y0, &y1) = (xs.first()?, xs.last()?, ys.first()?, ys.last()?);
    let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
    let s = BOX as f64 / bw.max(bh) as f64;
    let nw = ((bw as f64 * s).round() as usize).clamp(1, BOX);
    let nh = ((bh as f64 * s).round() as usize).clamp(1, BOX);

    // Separable box filter: columns, then rows.
    let (wx, wy) = (resample_weights(bw, nw), resample_weights(bh, nh));
    let mut tmp = vec![0.0f64; nw * bh];
    for y in 0..bh {
        for (i, ws) in wx.iter().enumerate() {
            tmp[y * nw + i] = ws
                .iter()
                .map(|&(k, w)| w * pixels[(y0 + y) * SIDE + x0 + k] as f64)
                .sum();
        }
    }
    let mut scaled = vec![0.0f64; nw * nh];
    for (j, ws) in wy.iter().enumerate() {
        for x in 0..nw {
            scaled[j * nw + x] = ws.iter().map(|&(k, w)| w * tmp[k * nw + x]).sum();
        }
    }

    let mass: f64 = scaled.iter().sum();
    let cx = scaled
        .iter()
        .enumerate()
        .map(|(i, v)| (i % nw) as f64 * v)
        .sum::<f64>()
        / mass;
    let cy = scaled
        .iter()
        .enumerate()
        .map(|(i, v)| (i / nw) as f64 * v)
        .sum::<f64>()
        / mass;
    let ox = ((CENTRE - cx).round() as isize).clamp(0, (SIDE - nw) as isize) as usize;
    let oy = ((CENTRE - cy).round() as isize).clamp(0, (SIDE - nh) as isize) as usize;
    let mut out = vec![0u8; SIDE * SIDE];
    for y in 0..nh {
        for x in 0..nw {
            out[(oy + y) * SIDE + ox + x] = scaled[y * nw + x].round().clamp(0.0, 255.0) as u8;
        }
    }
    Some(out)
}

/// Centre of mass (x, y) of an image, in pixel indices.
#[cfg(test)]
pub fn centre_of_mass(pixels: &[u8]) -> (f64, f64) {
    let mass: f64 = pixels.iter().map(|&v| v as f64).sum();
    let cx = pixels
        .iter()
        .enumerate()
        .map(|(i, &v)| (i % SIDE) as f64 * v as f64)
        .sum::<f64>()
        / mass;
    let cy = pixels
        .iter()
        .enumerate()
        .map(|(i, &v)| (i / SIDE) as f64 * v as f64)
        .sum::<f64>()
        / mass;
    (cx, cy)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A "7": a bar and a diagonal, drawn at `(x, y)` with size `size`.
    fn seven(x: usize, y: usize, size: usize) -> Vec<u8> {
        let mut px = vec![0u8; SIDE * SIDE];
        for i in 0..size {
            px[y * SIDE + x + i] = 255;
            px[(y + 1) * SIDE + x + i] = 255;
            let (dx, dy) = (x + size - 1 - i / 2, y + i);
            px[dy * SIDE + dx] = 255;
            px[dy * SIDE + dx - 1] = 255;
        }
        px
    }

    #[test]
    fn corner_and_centre_drawings_end_up_centred() {
        for (x, y, size) in [(0, 0, 9), (10, 8, 12), (17, 16, 10), (2, 14, 13)] {
            let out = mnist_style(&seven(x, y, size)).unwrap();
            let (cx, cy) = centre_of_mass(&out);
            assert!(
                (cx - 14.0).abs() <= 1.0 && (cy - 14.0).abs() <= 1.0,
                "({x},{y}): COM ({cx:.2}, {cy:.2})"
            );
            // Scaled to fit 20x20: the ink's larger side is 20 pixels.
            let rows = (0..SIDE)
                .filter(|r| out[r * SIDE..(r + 1) * SIDE].iter().any(|&v| v > 0))
                .count();
            assert!((19..=21).contains(&rows), "{rows} rows of ink");
        }
    }

    #[test]
    fn anti_aliasing_gives_gray_levels() {
        let out = mnist_style(&seven(3, 3, 9)).unwrap();
        let grays = out.iter().filter(|&&v| v > 0 && v < 255).count();
        assert!(grays > 10, "only {grays} intermediate values");
        assert!(out.contains(&255));
    }

    #[test]
    fn keeps_the_aspect_ratio() {
        // A tall thin bar stays tall and thin.
        let mut px = vec![0u8; SIDE * SIDE];
        for y in 2..12 {
            px[y * SIDE + 5] = 255;
            px[y * SIDE + 6] = 255;
        }
        let out = mnist_style(&px).unwrap();
        let cols = (0..SIDE)
            .filter(|&c| (0..SIDE).any(|r| out[r * SIDE + c] > 0))
            .count();
        assert!(cols <= 5, "{cols} columns wide");
    }

    #[test]
    fn empty_drawing_is_none() {
        assert!(mnist_style(&[0; 784]).is_none());
    }
}
