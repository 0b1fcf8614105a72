//! What the second hidden layer and the output layer look for, as 28x28
//! pictures: the test digits that light each neuron most, and its weights
//! traced back to the pixels through the layers before it.
//!
//! The video hopes layer 2 finds edges and layer 3 loops; these pictures
//! let a learner see whether this network does.

use crate::data::Split;
use crate::network::{HIDDEN1, HIDDEN2, INPUTS, Network, OUTPUTS, W1, W2, W3};

use super::quantile_abs;

/// How many top digits each neuron's mosaic shows (a 3x3 grid).
pub const TOP: usize = 9;

/// The mosaic's side in pixels: three digits across.
pub const MOSAIC: usize = 3 * 28;

/// Pictures for one layer's neurons (hidden layer 2, or the output).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayerPictures {
    /// Per neuron: the test digits that light it most (indices), most
    /// first; for an output neuron, those with the largest sum z.
    pub top: Vec<Vec<usize>>,
    /// Per neuron: those digits as a 3x3 mosaic, MOSAIC x MOSAIC, 0..=1.
    pub mosaics: Vec<Vec<f32>>,
    /// Per neuron: its weights traced back to the pixels, over `range`
    /// (-1..=1).
    pub traced: Vec<Vec<f32>>,
    /// Per neuron: |traced value| drawn at full colour.
    pub range: Vec<f32>,
}

/// Hidden layer 2's pictures and the output layer's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pictures {
    pub layers: [LayerPictures; 2],
    /// The live units each trace went through (hidden 1, hidden 2).
    pub live: [usize; 2],
}

/// Each input-major matrix `a` (rows x inner) times `b` (inner x cols),
/// keeping only the inner units in `keep`.
fn product(
    a: &[f32],
    b: &[f32],
    rows: usize,
    inner: usize,
    cols: usize,
    keep: &[bool],
) -> Vec<f32> {
    let mut out = vec![0.0f32; rows * cols];
    for r in 0..rows {
        for k in (0..inner).filter(|&k| keep[k]) {
            let av = a[r * inner + k];
            if av != 0.0 {
                for c in 0..cols {
                    out[r * cols + c] += av * b[k * cols + c];
                }
            }
        }
    }
    out
}

impl Pictures {
    /// From the network, its dead units (hidden 1, hidden 2) and the test
    /// set. A forward pass over every test digit: tens of milliseconds,
    /// so it runs on a worker with the rest of the study.
    pub fn compute(net: &Network, dead: &[[bool; HIDDEN1]; 2], test: Split) -> Pictures {
        let p = &net.params;
        let live1: Vec<bool> = dead[0].iter().map(|d| !d).collect();
        let live2: Vec<bool> = dead[1].iter().map(|d| !d).collect();
        // Pixels to hidden 2 through the live hidden-1 units, then to the
        // outputs through the live hidden-2 units: as if ReLU let every
        // live unit through.
        let to_h2 = product(&p[W1], &p[W2], INPUTS, HIDDEN1, HIDDEN2, &live1);
        let to_out = product(&to_h2, &p[W3], INPUTS, HIDDEN2, OUTPUTS, &live2);
        let table = net.input_table();
        let n = test.len();
        let mut h2: Vec<Vec<f32>> = (0..HIDDEN2).map(|_| Vec::with_capacity(n)).collect();
        let mut z: Vec<Vec<f32>> = (0..OUTPUTS).map(|_| Vec::with_capacity(n)).collect();
        for i in 0..n {
            let a = crate::network::kernel::forward_one(net, &table, test.nonzeros(i));
            for (k, v) in a.hidden2.iter().enumerate() {
                h2[k].push(*v);
            }
            for (d, v) in a.logits.iter().enumerate() {
                z[d].push(*v);
            }
        }
        let layer = |traced: &[f32], cols: usize, values: &[Vec<f32>]| {
            let mut out = LayerPictures::default();
            for (unit, vals) in values.iter().enumerate().take(cols) {
                let pic: Vec<f32> = (0..INPUTS).map(|px| traced[px * cols + unit]).collect();
                let range = quantile_abs(pic.iter().copied(), 0.99, 1e-6);
                out.traced
                    .push(pic.iter().map(|v| (v / range).clamp(-1.0, 1.0)).collect());
                out.range.push(range);
                let top = top_indices(vals, TOP);
                out.mosaics.push(mosaic(test, &top));
                out.top.push(top);
            }
            out
        };
        Pictures {
            layers: [layer(&to_h2, HIDDEN2, &h2), layer(&to_out, OUTPUTS, &z)],
            live: [
                live1.iter().filter(|&&l| l).count(),
                live2.iter().filter(|&&l| l).count(),
            ],
        }
    }
}

/// The indices of the `k` largest values, largest first (ties: the
/// earlier index first). A unit that never fires still gets `k` digits,
/// so its mosaic is never empty.
fn top_indices(values: &[f32], k: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..values.len())
        .filter(|&i| values[i].is_finite())
        .collect();
    idx.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    idx.truncate(k);
    idx
}

/// Test digits `indices` in a 3x3 grid, MOSAIC x MOSAIC, 0..=1.
fn mosaic(test: Split, indices: &[usize]) -> Vec<f32> {
    let mut out = vec![0.0f32; MOSAIC * MOSAIC];
    for (slot, &i) in indices.iter().enumerate().take(TOP) {
        let (gy, gx) = (slot / 3 * 28, slot % 3 * 28);
        for (px, &v) in test.image(i).iter().enumerate() {
            out[(gy + px / 28) * MOSAIC + gx + px % 28] = v as f32 / 255.0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Images;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    #[test]
    fn the_top_digits_are_those_that_light_a_neuron_most() {
        let mut net = Network::he_init(&mut ChaCha8Rng::seed_from_u64(5));
        net.set_hidden_biases(0.05);
        // Digits of one bright row each, at different heights.
        let n = 40;
        let mut pixels = vec![0u8; n * 784];
        for d in 0..n {
            for x in 0..28 {
                pixels[d * 784 + (d % 28) * 28 + x] = 255;
            }
        }
        let images = Images::new(pixels, vec![0; n]);
        let test = images.all();
        let dead = [[false; HIDDEN1]; 2];
        let pics = Pictures::compute(&net, &dead, test);
        for (l, layer) in pics.layers.iter().enumerate() {
            let units = [HIDDEN2, OUTPUTS][l];
            assert_eq!(layer.top.len(), units);
            for unit in 0..units {
                let value = |i: usize| {
                    let a = net.activations(test.image(i));
                    if l == 0 {
                        a.hidden2[unit]
                    } else {
                        a.logits[unit]
                    }
                };
                let top = &layer.top[unit];
                assert_eq!(top.len(), TOP);
                let least = value(top[TOP - 1]);
                assert!(top.windows(2).all(|w| value(w[0]) >= value(w[1])));
                assert!(
                    (0..n)
                        .filter(|i| !top.contains(i))
                        .all(|i| value(i) <= least)
                );
                // The mosaic's first tile is the top digit.
                let m = &layer.mosaics[unit];
                let first = test.image(top[0]);
                assert!(
                    (0..784).all(|px| m[(px / 28) * MOSAIC + px % 28] == first[px] as f32 / 255.0)
                );
                assert!(layer.traced[unit].iter().all(|v| v.abs() <= 1.0));
            }
        }
        assert_eq!(pics.live, [16, 16]);
    }

    #[test]
    fn tracing_through_live_units_is_the_product_of_the_weights() {
        let net = Network::he_init(&mut ChaCha8Rng::seed_from_u64(2));
        let mut dead = [[false; HIDDEN1]; 2];
        dead[0][3] = true;
        let images = Images::new(vec![0; 784], vec![0]);
        let pics = Pictures::compute(&net, &dead, images.all());
        let p = &net.params;
        // Pixel 300 to hidden-2 unit 5, by hand, without unit 3.
        let want: f32 = (0..HIDDEN1)
            .filter(|&j| j != 3)
            .map(|j| p[W1][300 * HIDDEN1 + j] * p[W2][j * HIDDEN2 + 5])
            .sum();
        let got = pics.layers[0].traced[5][300] * pics.layers[0].range[5];
        assert!((got - want.clamp(-pics.layers[0].range[5], pics.layers[0].range[5])).abs() < 1e-5);
        assert_eq!(pics.live, [15, 16]);
    }
}
