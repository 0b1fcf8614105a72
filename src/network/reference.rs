//! The batch gradient written the plain way, with ndarray: a readable oracle
//! for the fast [`super::kernel`], checked against finite differences.
//!
//! Summation order is part of the contract shared with the kernel: every sum
//! runs over its index in ascending order from zero, biases are added after.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Axis};

use super::{B1, B2, B3, HIDDEN1, HIDDEN2, INPUTS, Network, OUTPUTS, W1, W2, W3, softmax_cost};
use crate::data::Split;

fn matrix(params: &[f32], rows: usize, cols: usize) -> ArrayView2<'_, f32> {
    ArrayView2::from_shape((rows, cols), params).expect("layer shape matches the parameter layout")
}

fn matrix_mut(params: &mut [f32], rows: usize, cols: usize) -> ArrayViewMut2<'_, f32> {
    ArrayViewMut2::from_shape((rows, cols), params)
        .expect("layer shape matches the parameter layout")
}

/// `x W + b`, optionally followed by ReLU, one row at a time.
fn dense(x: ArrayView2<f32>, w: ArrayView2<f32>, b: ArrayView1<f32>, relu: bool) -> Array2<f32> {
    let mut out = Array2::zeros((x.nrows(), w.ncols()));
    for (xr, mut row) in x.outer_iter().zip(out.outer_iter_mut()) {
        for (k, &xv) in xr.iter().enumerate() {
            row.scaled_add(xv, &w.row(k));
        }
        row += &b;
        if relu {
            row.mapv_inplace(|v| if v > 0.0 { v } else { 0.0 });
        }
    }
    out
}

/// `gW = a^T d` and `gb = sum of d's rows`, summed over rows in order.
fn weight_grads(
    a: ArrayView2<f32>,
    d: ArrayView2<f32>,
    mut gw: ArrayViewMut2<f32>,
    mut gb: ArrayViewMut1<f32>,
) {
    gw.fill(0.0);
    gb.fill(0.0);
    for (ar, dr) in a.outer_iter().zip(d.outer_iter()) {
        for (i, &av) in ar.iter().enumerate() {
            gw.row_mut(i).scaled_add(av, &dr);
        }
        gb += &dr;
    }
}

/// `d_prev = (d W^T) * relu'(a)`.
fn back(d: ArrayView2<f32>, w: ArrayView2<f32>, a: ArrayView2<f32>) -> Array2<f32> {
    let mut out = Array2::zeros(a.raw_dim());
    for ((dr, ar), mut row) in d.outer_iter().zip(a.outer_iter()).zip(out.outer_iter_mut()) {
        for (j, &dv) in dr.iter().enumerate() {
            row.scaled_add(dv, &w.column(j));
        }
        row.zip_mut_with(&ar, |g, &av| {
            if av <= 0.0 {
                *g = 0.0;
            }
        });
    }
    out
}

/// Mean cross-entropy of the batch; writes its gradient (averaged over the
/// batch) into `grad`, laid out like `net.params`.
pub fn loss_and_gradient(net: &Network, split: Split, batch: &[u32], grad: &mut [f32]) -> f64 {
    let n = batch.len();
    let table = net.input_table();
    let x = Array2::from_shape_fn((n, INPUTS), |(r, k)| {
        table[split.image(batch[r] as usize)[k] as usize]
    });
    let p = &net.params;
    let (w1, w2, w3) = (
        matrix(&p[W1], INPUTS, HIDDEN1),
        matrix(&p[W2], HIDDEN1, HIDDEN2),
        matrix(&p[W3], HIDDEN2, OUTPUTS),
    );
    let h1 = dense(x.view(), w1, ArrayView1::from(&p[B1]), true);
    let h2 = dense(h1.view(), w2, ArrayView1::from(&p[B2]), true);
    let mut probs = dense(h2.view(), w3, ArrayView1::from(&p[B3]), false);

    let inv_n = 1.0 / n as f32;
    let mut cost = 0.0f64;
    for (r, mut row) in probs.axis_iter_mut(Axis(0)).enumerate() {
        let label = split.label(batch[r] as usize) as usize;
        let z = row
            .as_slice_mut()
            .expect("rows of a fresh array are contiguous");
        cost += softmax_cost(z, label) as f64;
        z[label] -= 1.0;
        z.iter_mut().for_each(|v| *v *= inv_n);
    }
    let d3 = probs;

    let (gw1, rest) = grad.split_at_mut(W1.end);
    let (gb1, rest) = rest.split_at_mut(HIDDEN1);
    let (gw2, rest) = rest.split_at_mut(HIDDEN1 * HIDDEN2);
    let (gb2, rest) = rest.split_at_mut(HIDDEN2);
    let (gw3, gb3) = rest.split_at_mut(HIDDEN2 * OUTPUTS);
    weight_grads(
        h2.view(),
        d3.view(),
        matrix_mut(gw3, HIDDEN2, OUTPUTS),
        gb3.into(),
    );
    let d2 = back(d3.view(), w3, h2.view());
    weight_grads(
        h1.view(),
        d2.view(),
        matrix_mut(gw2, HIDDEN1, HIDDEN2),
        gb2.into(),
    );
    let d1 = back(d2.view(), w2, h1.view());
    weight_grads(
        x.view(),
        d1.view(),
        matrix_mut(gw1, INPUTS, HIDDEN1),
        gb1.into(),
    );
    cost / n as f64
}

/// Mean cost of the batch without the gradient (for finite differences).
pub fn loss(net: &Network, split: Split, batch: &[u32]) -> f64 {
    let mut grad = Array1::zeros(super::PARAM_COUNT);
    loss_and_gradient(net, split, batch, grad.as_slice_mut().expect("contiguous"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Images;
    use crate::network::PARAM_COUNT;
    use rand::rngs::ChaCha8Rng;
    use rand::{RngExt, SeedableRng};

    /// The cost computed independently, in f64, straight from the formula.
    fn loss_f64(params: &[f64], split: crate::data::Split, batch: &[u32]) -> f64 {
        let layer = |x: &[f64], w: &[f64], b: &[f64], relu: bool| -> Vec<f64> {
            let outputs = b.len();
            (0..outputs)
                .map(|j| {
                    let z: f64 = x
                        .iter()
                        .enumerate()
                        .map(|(i, xv)| xv * w[i * outputs + j])
                        .sum::<f64>()
                        + b[j];
                    if relu { z.max(0.0) } else { z }
                })
                .collect()
        };
        let mut total = 0.0;
        for &r in batch {
            let x: Vec<f64> = split
                .image(r as usize)
                .iter()
                .map(|&v| v as f64 / 255.0)
                .collect();
            let h1 = layer(&x, &params[W1], &params[B1], true);
            let h2 = layer(&h1, &params[W2], &params[B2], true);
            let z = layer(&h2, &params[W3], &params[B3], false);
            let max = z.iter().cloned().fold(f64::MIN, f64::max);
            let lse = z.iter().map(|v| (v - max).exp()).sum::<f64>().ln() + max;
            total += lse - z[split.label(r as usize) as usize];
        }
        total / batch.len() as f64
    }

    /// A finite-difference check of every parameter tensor, in f64.
    #[test]
    fn gradient_matches_finite_differences() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let n = 12;
        let pixels: Vec<u8> = (0..n * INPUTS)
            .map(|_| {
                if rng.random::<f32>() < 0.4 {
                    rng.random()
                } else {
                    0
                }
            })
            .collect();
        let labels: Vec<u8> = (0..n).map(|i| (i % 10) as u8).collect();
        let images = Images::new(pixels, labels);
        let split = images.all();
        let mut net = Network::he_init(&mut rng);
        // Non-zero biases so every bias gradient is exercised.
        for b in [B1, B2, B3] {
            for v in &mut net.params[b] {
                *v = rng.random_range(-0.1..0.1);
            }
        }
        let batch: Vec<u32> = (0..n as u32).collect();
        let mut grad = vec![0.0; PARAM_COUNT];
        loss_and_gradient(&net, split, &batch, &mut grad);
        let base: Vec<f64> = net.params.iter().map(|&p| p as f64).collect();
        assert!((loss_f64(&base, split, &batch) - loss(&net, split, &batch)).abs() < 1e-5);

        let h = 1e-5;
        for (name, range) in [
            ("W1", W1),
            ("b1", B1),
            ("W2", W2),
            ("b2", B2),
            ("W3", W3),
            ("b3", B3),
        ] {
            let mut checked = 0;
            let mut tries = 0;
            while checked < 12 && tries < 5000 {
                tries += 1;
                let i = rng.random_range(range.clone());
                // Zero inputs give zero W1 gradients; test informative ones.
                if name == "W1" && grad[i] == 0.0 {
                    continue;
                }
                let mut plus = base.clone();
                plus[i] += h;
                let mut minus = base.clone();
                minus[i] -= h;
                let numeric =
                    (loss_f64(&plus, split, &batch) - loss_f64(&minus, split, &batch)) / (2.0 * h);
                let analytic = grad[i] as f64;
                let tol = 1e-3 * numeric.abs().max(analytic.abs()) + 1e-6;
                assert!(
                    (numeric - analytic).abs() <= tol,
                    "{name}[{}]: numeric {numeric} vs analytic {analytic}",
                    i - range.start
                );
                checked += 1;
            }
            assert_eq!(checked, 12, "{name}: too few informative parameters");
        }
    }
}
