//! The fast batch gradient and forward pass that training and evaluation use.
//!
//! Same mathematics and the same summation order as [`super::reference`]
//! (every sum ascending from zero, bias added after), so results are
//! bit-identical; the speed comes from layout, not from different arithmetic:
//! - the first layer visits only an image's non-zero pixels: adding `0 * w`
//!   to a sum never changes it, so skipping those terms is exact;
//! - rows of 16 weights are fixed-size arrays the compiler keeps in vector
//!   registers; nothing is allocated per batch.

use super::{
    Activations, B1, B2, B3, HIDDEN1, HIDDEN2, Network, OUTPUTS, PARAM_COUNT, W1, W2, W3,
    softmax_cost,
};
use crate::data::Split;

/// The parameters as fixed-size rows.
pub struct Weights<'a> {
    pub w1: &'a [[f32; HIDDEN1]],
    pub b1: &'a [f32; HIDDEN1],
    pub w2: &'a [[f32; HIDDEN2]],
    pub b2: &'a [f32; HIDDEN2],
    pub w3: &'a [[f32; OUTPUTS]],
    pub b3: &'a [f32; OUTPUTS],
}

fn rows<const N: usize>(s: &[f32]) -> &[[f32; N]] {
    s.as_chunks::<N>().0
}

fn rows_mut<const N: usize>(s: &mut [f32]) -> &mut [[f32; N]] {
    s.as_chunks_mut::<N>().0
}

fn array<const N: usize>(s: &[f32]) -> &[f32; N] {
    s.try_into().expect("bias length matches the layout")
}

impl<'a> Weights<'a> {
    pub fn new(params: &'a [f32]) -> Weights<'a> {
        assert_eq!(params.len(), PARAM_COUNT);
        Weights {
            w1: rows(&params[W1]),
            b1: array(&params[B1]),
            w2: rows(&params[W2]),
            b2: array(&params[B2]),
            w3: rows(&params[W3]),
            b3: array(&params[B3]),
        }
    }
}

#[inline(always)]
fn axpy<const N: usize>(acc: &mut [f32; N], a: f32, x: &[f32; N]) {
    for j in 0..N {
        acc[j] += a * x[j];
    }
}

#[inline(always)]
fn add_assign<const N: usize>(acc: &mut [f32; N], x: &[f32; N]) {
    for j in 0..N {
        acc[j] += x[j];
    }
}

#[inline(always)]
fn dot<const N: usize>(a: &[f32; N], b: &[f32; N]) -> f32 {
    let mut s = 0.0f32;
    for j in 0..N {
        s += a[j] * b[j];
    }
    s
}

/// `relu(sum_i x_i w_i + b)` for a dense input.
#[inline(always)]
fn dense_relu<const I: usize, const O: usize>(
    x: &[f32; I],
    w: &[[f32; O]],
    b: &[f32; O],
) -> [f32; O] {
    let mut acc = [0.0f32; O];
    for (xv, row) in x.iter().zip(w) {
        axpy(&mut acc, *xv, row);
    }
    for j in 0..O {
        let v = acc[j] + b[j];
        acc[j] = if v > 0.0 { v } else { 0.0 };
    }
    acc
}

/// Hidden layers and logits for one sparse input row.
#[inline(always)]
fn forward_row(
    w: &Weights,
    table: &[f32; 256],
    idx: &[u16],
    val: &[u8],
) -> ([f32; HIDDEN1], [f32; HIDDEN2], [f32; OUTPUTS]) {
    let mut acc = [0.0f32; HIDDEN1];
    for (&k, &v) in idx.iter().zip(val) {
        axpy(&mut acc, table[v as usize], &w.w1[k as usize]);
    }
    let mut h1 = [0.0f32; HIDDEN1];
    for j in 0..HIDDEN1 {
        let v = acc[j] + w.b1[j];
        h1[j] = if v > 0.0 { v } else { 0.0 };
    }
    let h2 = dense_relu(&h1, w.w2, w.b2);
    let mut z = [0.0f32; OUTPUTS];
    for (hv, row) in h2.iter().zip(w.w3) {
        axpy(&mut z, *hv, row);
    }
    add_assign(&mut z, w.b3);
    (h1, h2, z)
}

/// Buffers for one batch, allocated once per training run.
pub struct Workspace {
    h1: Vec<[f32; HIDDEN1]>,
    h2: Vec<[f32; HIDDEN2]>,
    d3: Vec<[f32; OUTPUTS]>,
    pub grad: Vec<f32>,
}

impl Workspace {
    pub fn new(batch_size: usize) -> Workspace {
        Workspace {
            h1: vec![[0.0; HIDDEN1]; batch_size],
            h2: vec![[0.0; HIDDEN2]; batch_size],
            d3: vec![[0.0; OUTPUTS]; batch_size],
            grad: vec![0.0; PARAM_COUNT],
        }
    }
}

/// Mean cross-entropy of the batch (rows `batch` of `split`); the gradient,
/// averaged over the batch, is left in `ws.grad`.
pub fn loss_and_gradient(
    net: &Network,
    table: &[f32; 256],
    split: Split,
    batch: &[u32],
    ws: &mut Workspace,
) -> f64 {
    let n = batch.len();
    assert!(n <= ws.h1.len(), "batch larger than the workspace");
    let w = Weights::new(&net.params);
    let inv_n = 1.0 / n as f32;
    let mut cost = 0.0f64;
    for (r, &row) in batch.iter().enumerate() {
        let (idx, val) = split.nonzeros(row as usize);
        let (h1, h2, mut z) = forward_row(&w, table, idx, val);
        let label = split.label(row as usize) as usize;
        cost += softmax_cost(&mut z, label) as f64;
        z[label] -= 1.0;
        for v in &mut z {
            *v *= inv_n;
        }
        ws.h1[r] = h1;
        ws.h2[r] = h2;
        ws.d3[r] = z;
    }

    ws.grad.fill(0.0);
    let (gw1, rest) = ws.grad.split_at_mut(W1.end);
    let (gb1, rest) = rest.split_at_mut(HIDDEN1);
    let (gw2, rest) = rest.split_at_mut(HIDDEN1 * HIDDEN2);
    let (gb2, rest) = rest.split_at_mut(HIDDEN2);
    let (gw3, gb3) = rest.split_at_mut(HIDDEN2 * OUTPUTS);
    let (gw1, gw2, gw3) = (
        rows_mut::<HIDDEN1>(gw1),
        rows_mut::<HIDDEN2>(gw2),
        rows_mut::<OUTPUTS>(gw3),
    );
    let gb1: &mut [f32; HIDDEN1] = gb1.try_into().expect("layout");
    let gb2: &mut [f32; HIDDEN2] = gb2.try_into().expect("layout");
    let gb3: &mut [f32; OUTPUTS] = gb3.try_into().expect("layout");

    for (r, &row) in batch.iter().enumerate() {
        let (h1, h2, d3) = (&ws.h1[r], &ws.h2[r], &ws.d3[r]);
        for (i, g) in gw3.iter_mut().enumerate() {
            axpy(g, h2[i], d3);
        }
        add_assign(gb3, d3);
        let mut d2 = [0.0f32; HIDDEN2];
        for i in 0..HIDDEN2 {
            d2[i] = if h2[i] > 0.0 { dot(d3, &w.w3[i]) } else { 0.0 };
        }
        for (i, g) in gw2.iter_mut().enumerate() {
            axpy(g, h1[i], &d2);
        }
        add_assign(gb2, &d2);
        let mut d1 = [0.0f32; HIDDEN1];
        for i in 0..HIDDEN1 {
            d1[i] = if h1[i] > 0.0 { dot(&d2, &w.w2[i]) } else { 0.0 };
        }
        let (idx, val) = split.nonzeros(row as usize);
        for (&k, &v) in idx.iter().zip(val) {
            axpy(&mut gw1[k as usize], table[v as usize], &d1);
        }
        add_assign(gb1, &d1);
    }
    cost / n as f64
}

/// Forward pass over rows `start..end` of `split`: calls `each(row, probabilities, cost)`.
pub fn forward_rows(
    net: &Network,
    split: Split,
    start: usize,
    end: usize,
    mut each: impl FnMut(usize, &[f32; OUTPUTS], f32),
) {
    let w = Weights::new(&net.params);
    let table = net.input_table();
    for row in start..end {
        let (idx, val) = split.nonzeros(row);
        let (_, _, mut z) = forward_row(&w, &table, idx, val);
        let cost = softmax_cost(&mut z, split.label(row) as usize);
        each(row, &z, cost);
    }
}

/// Every layer's output for one image given as its non-zero pixels.
pub fn forward_one(net: &Network, table: &[f32; 256], idx: &[u16], val: &[u8]) -> Activations {
    let w = Weights::new(&net.params);
    let (hidden1, hidden2, logits) = forward_row(&w, table, idx, val);
    let mut probabilities = logits;
    softmax_cost(&mut probabilities, 0);
    Activations {
        hidden1,
        hidden2,
        logits,
        probabilities,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Images;
    use crate::network::{INPUTS, reference};
    use rand::rngs::ChaCha8Rng;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn gradient_is_bit_identical_to_reference() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let n = 40;
        let pixels: Vec<u8> = (0..n * INPUTS)
            .map(|_| {
                if rng.random::<f32>() < 0.2 {
                    rng.random()
                } else {
                    0
                }
            })
            .collect();
        let labels: Vec<u8> = (0..n).map(|_| rng.random_range(0..10)).collect();
        let images = Images::new(pixels, labels);
        let net = Network::he_init(&mut rng);
        let batch: Vec<u32> = vec![5, 0, 39, 17, 17, 2, 33];
        let mut want = vec![0.0; PARAM_COUNT];
        let want_cost = reference::loss_and_gradient(&net, images.all(), &batch, &mut want);
        let mut ws = Workspace::new(16);
        let cost = loss_and_gradient(&net, &net.input_table(), images.all(), &batch, &mut ws);
        assert_eq!(cost, want_cost);
        let differing = want
            .iter()
            .zip(&ws.grad)
            .filter(|(a, b)| a.to_bits() != b.to_bits())
            .count();
        assert_eq!(differing, 0, "gradients differ in {differing} places");
        assert!(ws.grad.iter().any(|&g| g != 0.0));
    }
}
