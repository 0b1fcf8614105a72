//! The fast batch gradient and forward pass that training and evaluation use.
//!
//! Same mathematics and the same summation order as [`super::reference`]
//! (every sum ascending from zero, bias added after), so results are
//! bit-identical; the speed comes from layout, not from different arithmetic:
//! - the first layer visits only an image's non-zero pixels: adding `0 * w`
//!   to a sum never changes it, so skipping those terms is exact;
//! - rows of 16 weights are fixed-size arrays that fit one AVX-512 register,
//!   and the loops are compiled for AVX-512, AVX2 and the baseline;
//! - the first layer runs four images in lockstep (images of similar pixel
//!   counts together), so four independent sums hide the latency of each
//!   addition; the per-image order of terms is unchanged;
//! - nothing is allocated per batch.

use super::{
    Activations, B1, B2, B3, HIDDEN1, HIDDEN2, Network, OUTPUTS, PARAM_COUNT, W1, W2, W3,
    softmax_cost,
};
use crate::data::{Split, nz_position, nz_value};
use crate::simd::{Isa, multiversion};

/// The parameters as fixed-size rows, plus copies of the two small layers
/// arranged so that every inner loop runs over 16 contiguous values (a
/// 10-wide row tempts the compiler into slow gathers and scatters).
pub struct Weights<'a> {
    pub w1: &'a [[f32; HIDDEN1]],
    pub b1: &'a [f32; HIDDEN1],
    pub w2: &'a [[f32; HIDDEN2]],
    pub b2: &'a [f32; HIDDEN2],
    pub b3: &'a [f32; OUTPUTS],
    /// `w2t[j][i] = W2[i][j]`.
    w2t: [[f32; HIDDEN1]; HIDDEN2],
    /// W3's rows padded with zeros to 16.
    w3pad: [[f32; PAD]; HIDDEN2],
    /// `w3t[j][i] = W3[i][j]`.
    w3t: [[f32; HIDDEN2]; OUTPUTS],
}

/// Output layer rows padded to the hidden width.
const PAD: usize = HIDDEN2;

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
        let w2: &[[f32; HIDDEN2]] = rows(&params[W2]);
        let w3: &[[f32; OUTPUTS]] = rows(&params[W3]);
        let mut w2t = [[0.0; HIDDEN1]; HIDDEN2];
        let mut w3pad = [[0.0; PAD]; HIDDEN2];
        let mut w3t = [[0.0; HIDDEN2]; OUTPUTS];
        for i in 0..HIDDEN1 {
            for j in 0..HIDDEN2 {
                w2t[j][i] = w2[i][j];
            }
        }
        for i in 0..HIDDEN2 {
            for j in 0..OUTPUTS {
                w3pad[i][j] = w3[i][j];
                w3t[j][i] = w3[i][j];
            }
        }
        Weights {
            w1: rows(&params[W1]),
            b1: array(&params[B1]),
            w2,
            b2: array(&params[B2]),
            b3: array(&params[B3]),
            w2t,
            w3pad,
            w3t,
        }
    }
}

#[inline(always)]
pub(super) fn axpy<const N: usize>(acc: &mut [f32; N], a: f32, x: &[f32; N]) {
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
fn bias_relu<const N: usize>(acc: &[f32; N], b: &[f32; N]) -> [f32; N] {
    let mut out = [0.0f32; N];
    for j in 0..N {
        let v = acc[j] + b[j];
        out[j] = if v > 0.0 { v } else { 0.0 };
    }
    out
}

/// First-layer sums (before bias) of four sparse images at once.
#[inline(always)]
fn first_layer_x4(
    w1: &[[f32; HIDDEN1]],
    table: &[f32; 256],
    images: [&[u32]; 4],
) -> [[f32; HIDDEN1]; 4] {
    let mut acc = [[0.0f32; HIDDEN1]; 4];
    let common = images.iter().map(|e| e.len()).min().unwrap_or(0);
    let [a, b, c, d] = images.map(|e| &e[..common]);
    for (((&ea, &eb), &ec), &ed) in a.iter().zip(b).zip(c).zip(d) {
        axpy(&mut acc[0], table[nz_value(ea)], &w1[nz_position(ea)]);
        axpy(&mut acc[1], table[nz_value(eb)], &w1[nz_position(eb)]);
        axpy(&mut acc[2], table[nz_value(ec)], &w1[nz_position(ec)]);
        axpy(&mut acc[3], table[nz_value(ed)], &w1[nz_position(ed)]);
    }
    for (q, entries) in images.iter().enumerate() {
        for &e in &entries[common..] {
            axpy(&mut acc[q], table[nz_value(e)], &w1[nz_position(e)]);
        }
    }
    acc
}

#[inline(always)]
fn first_layer(w1: &[[f32; HIDDEN1]], table: &[f32; 256], entries: &[u32]) -> [f32; HIDDEN1] {
    let mut acc = [0.0f32; HIDDEN1];
    for &e in entries {
        axpy(&mut acc, table[nz_value(e)], &w1[nz_position(e)]);
    }
    acc
}

/// Hidden layers and logits from the first layer's sums.
#[inline(always)]
pub(super) fn upper_layers(
    w: &Weights,
    sum1: &[f32; HIDDEN1],
) -> ([f32; HIDDEN1], [f32; HIDDEN2], [f32; OUTPUTS]) {
    let h1 = bias_relu(sum1, w.b1);
    let mut acc = [0.0f32; HIDDEN2];
    for (hv, row) in h1.iter().zip(w.w2) {
        axpy(&mut acc, *hv, row);
    }
    let h2 = bias_relu(&acc, w.b2);
    let mut wide = [0.0f32; PAD];
    for (hv, row) in h2.iter().zip(&w.w3pad) {
        axpy(&mut wide, *hv, row);
    }
    let mut z = [0.0f32; OUTPUTS];
    for j in 0..OUTPUTS {
        z[j] = wide[j] + w.b3[j];
    }
    (h1, h2, z)
}

/// What the per-image half of a step leaves for the per-parameter half.
#[derive(Clone, Copy, Debug, Default)]
pub struct RowState {
    pub h1: [f32; HIDDEN1],
    pub h2: [f32; HIDDEN2],
    /// d cost / d logits (already divided by the batch size).
    pub d3: [f32; OUTPUTS],
    pub d2: [f32; HIDDEN2],
    pub d1: [f32; HIDDEN1],
    pub cost: f32,
}

/// Scratch for a forward pass over up to `capacity` images.
pub struct ForwardScratch {
    sum1: Vec<[f32; HIDDEN1]>,
    order: Vec<u32>,
}

impl ForwardScratch {
    pub fn new(capacity: usize) -> ForwardScratch {
        ForwardScratch {
            sum1: vec![[0.0; HIDDEN1]; capacity],
            order: Vec::with_capacity(capacity),
        }
    }
}

/// First-layer sums (before bias) of images `rows` of `split` into `scratch.sum1`.
#[inline(always)]
fn first_layer_rows(
    w: &Weights,
    table: &[f32; 256],
    split: Split,
    rows: &[u32],
    scratch: &mut ForwardScratch,
) {
    assert!(
        rows.len() <= scratch.sum1.len(),
        "more images than the scratch holds"
    );
    assert!(rows.len() <= 1 << 16, "positions are packed in 16 bits");
    // Group images with similar pixel counts so lockstep runs stay full:
    // sort (count, position) pairs packed in one integer.
    let order = &mut scratch.order;
    order.clear();
    order.extend(
        rows.iter()
            .enumerate()
            .map(|(i, &r)| (split.nonzeros(r as usize).len() as u32) << 16 | i as u32),
    );
    order.sort_unstable();
    let mut groups = order.chunks_exact(4);
    for g in groups.by_ref() {
        let at = [0, 1, 2, 3].map(|q| (g[q] & 0xffff) as usize);
        let sums = first_layer_x4(w.w1, table, at.map(|i| split.nonzeros(rows[i] as usize)));
        for q in 0..4 {
            scratch.sum1[at[q]] = sums[q];
        }
    }
    for &g in groups.remainder() {
        let i = (g & 0xffff) as usize;
        scratch.sum1[i] = first_layer(w.w1, table, split.nonzeros(rows[i] as usize));
    }
}

/// The error signal of a ReLU layer with outputs `h`, from the next layer's
/// `d_next` through that layer's transposed weights `wt`.
#[inline(always)]
fn relu_backprop<const N: usize>(d_next: &[f32], wt: &[[f32; N]], h: &[f32; N]) -> [f32; N] {
    let mut d = [0.0f32; N];
    for (dv, col) in d_next.iter().zip(wt) {
        axpy(&mut d, *dv, col);
    }
    for i in 0..N {
        d[i] = if h[i] > 0.0 { d[i] } else { 0.0 };
    }
    d
}

/// The per-image half of a training step for images `rows` of `split`:
/// forward pass, cost, and the error signals of every layer, into `out`.
#[inline(always)]
fn rows_phase_body(
    w: &Weights,
    table: &[f32; 256],
    split: Split,
    rows: &[u32],
    inv_n: f32,
    out: &mut [RowState],
    scratch: &mut ForwardScratch,
) {
    first_layer_rows(w, table, split, rows, scratch);
    for ((&row, sum1), state) in rows.iter().zip(&scratch.sum1).zip(out.iter_mut()) {
        *state = row_state(w, sum1, split.label(row as usize) as usize, inv_n);
    }
}

/// Everything after the first layer's sums for one image: the forward pass,
/// cost and error signals.
#[inline(always)]
pub(super) fn row_state(w: &Weights, sum1: &[f32; HIDDEN1], label: usize, inv_n: f32) -> RowState {
    let (h1, h2, mut z) = upper_layers(w, sum1);
    let cost = softmax_cost(&mut z, label);
    z[label] -= 1.0;
    for v in z.iter_mut() {
        *v *= inv_n;
    }
    let d3 = z;
    let d2 = relu_backprop(&d3, &w.w3t, &h2);
    let d1 = relu_backprop(&d2, &w.w2t, &h1);
    RowState {
        h1,
        h2,
        d3,
        d2,
        d1,
        cost,
    }
}

multiversion! {
    pub fn rows_phase(
        w: &Weights,
        table: &[f32; 256],
        split: Split,
        rows: &[u32],
        inv_n: f32,
        out: &mut [RowState],
        scratch: &mut ForwardScratch,
    ) -> () = rows_phase_body;
}

/// W1's gradient rows `first..first + gw1.len()`: sums over the batch, in
/// batch order, of pixel value times the first layer's error signal.
#[inline(always)]
fn first_layer_grad_body(
    table: &[f32; 256],
    split: Split,
    batch: &[u32],
    states: &[RowState],
    first: usize,
    gw1: &mut [[f32; HIDDEN1]],
) {
    gw1.fill([0.0; HIDDEN1]);
    let end = first + gw1.len();
    for (&row, state) in batch.iter().zip(states) {
        let entries = split.nonzeros(row as usize);
        // Positions are ascending: keep those in first..end.
        let lo = entries.partition_point(|&e| nz_position(e) < first);
        let hi = lo + entries[lo..].partition_point(|&e| nz_position(e) < end);
        let d1 = state.d1;
        for &e in &entries[lo..hi] {
            axpy(&mut gw1[nz_position(e) - first], table[nz_value(e)], &d1);
        }
    }
}

multiversion! {
    pub fn first_layer_grad(
        table: &[f32; 256],
        split: Split,
        batch: &[u32],
        states: &[RowState],
        first: usize,
        gw1: &mut [[f32; HIDDEN1]],
    ) -> () = first_layer_grad_body;
}

/// Gradients of everything but W1 (`grad` is the slice from b1 to the end).
#[inline(always)]
fn small_grads_body(states: &[RowState], grad: &mut [f32]) {
    grad.fill(0.0);
    let (gb1, rest) = grad.split_at_mut(HIDDEN1);
    let (gw2, rest) = rest.split_at_mut(HIDDEN1 * HIDDEN2);
    let (gb2, rest) = rest.split_at_mut(HIDDEN2);
    let (gw3, gb3) = rest.split_at_mut(HIDDEN2 * OUTPUTS);
    let gw2 = rows_mut::<HIDDEN2>(gw2);
    let gb1: &mut [f32; HIDDEN1] = gb1.try_into().expect("layout");
    let gb2: &mut [f32; HIDDEN2] = gb2.try_into().expect("layout");
    let gb3: &mut [f32; OUTPUTS] = gb3.try_into().expect("layout");
    // W3's gradient transposed (16-wide rows); copied into place at the end.
    let mut gw3t = [[0.0f32; HIDDEN2]; OUTPUTS];
    for s in states {
        for (j, g) in gw3t.iter_mut().enumerate() {
            axpy(g, s.d3[j], &s.h2);
        }
        add_assign(gb3, &s.d3);
        for (i, g) in gw2.iter_mut().enumerate() {
            axpy(g, s.h1[i], &s.d2);
        }
        add_assign(gb2, &s.d2);
        add_assign(gb1, &s.d1);
    }
    for (i, g) in gw3.chunks_exact_mut(OUTPUTS).enumerate() {
        for j in 0..OUTPUTS {
            g[j] = gw3t[j][i];
        }
    }
}

multiversion! {
    pub fn small_grads(states: &[RowState], grad: &mut [f32]) -> () = small_grads_body;
}

/// The batch's mean cost from the per-image costs, summed in batch order.
pub fn mean_cost(states: &[RowState]) -> f64 {
    states.iter().map(|s| s.cost as f64).sum::<f64>() / states.len() as f64
}

/// Buffers for one batch on one thread, allocated once per training run.
pub struct Workspace {
    states: Vec<RowState>,
    scratch: ForwardScratch,
    pub grad: super::Params,
}

impl Workspace {
    pub fn new(batch_size: usize) -> Workspace {
        Workspace {
            states: vec![RowState::default(); batch_size],
            scratch: ForwardScratch::new(batch_size),
            grad: super::Params::zeros(PARAM_COUNT),
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
    loss_and_gradient_with(Isa::detect(), net, table, split, batch, ws)
}

/// As [`loss_and_gradient`], on a chosen instruction set (for tests).
pub fn loss_and_gradient_with(
    isa: Isa,
    net: &Network,
    table: &[f32; 256],
    split: Split,
    batch: &[u32],
    ws: &mut Workspace,
) -> f64 {
    let n = batch.len();
    assert!(n <= ws.states.len(), "batch larger than the workspace");
    let w = Weights::new(&net.params);
    let states = &mut ws.states[..n];
    rows_phase(
        isa,
        &w,
        table,
        split,
        batch,
        1.0 / n as f32,
        states,
        &mut ws.scratch,
    );
    let (gw1, rest) = ws.grad.split_at_mut(W1.end);
    first_layer_grad(isa, table, split, batch, states, 0, rows_mut(gw1));
    small_grads(isa, states, rest);
    mean_cost(states)
}

/// Images per forward chunk during evaluation.
const CHUNK: usize = 256;

#[inline(always)]
fn forward_range_body(
    net: &Network,
    split: Split,
    start: usize,
    probabilities: &mut [[f32; OUTPUTS]],
    costs: &mut [f32],
) {
    let w = Weights::new(&net.params);
    let table = net.input_table();
    let mut scratch = ForwardScratch::new(CHUNK);
    let mut rows = Vec::with_capacity(CHUNK);
    for (c, (probs, costs)) in probabilities
        .chunks_mut(CHUNK)
        .zip(costs.chunks_mut(CHUNK))
        .enumerate()
    {
        let first = start + c * CHUNK;
        rows.clear();
        rows.extend((first..first + probs.len()).map(|r| r as u32));
        first_layer_rows(&w, &table, split, &rows, &mut scratch);
        for (i, (p, cost)) in probs.iter_mut().zip(costs.iter_mut()).enumerate() {
            *p = upper_layers(&w, &scratch.sum1[i]).2;
            *cost = softmax_cost(p, split.label(rows[i] as usize) as usize);
        }
    }
}

multiversion! {
    fn forward_range_on(
        net: &Network,
        split: Split,
        start: usize,
        probabilities: &mut [[f32; OUTPUTS]],
        costs: &mut [f32],
    ) -> () = forward_range_body;
}

/// Class probabilities and cost of images `start..start + probabilities.len()` of `split`.
pub fn forward_range(
    net: &Network,
    split: Split,
    start: usize,
    probabilities: &mut [[f32; OUTPUTS]],
    costs: &mut [f32],
) {
    assert_eq!(probabilities.len(), costs.len());
    forward_range_on(Isa::detect(), net, split, start, probabilities, costs);
}

/// Every layer's output for one image given as its packed non-zero pixels.
pub fn forward_one(net: &Network, table: &[f32; 256], entries: &[u32]) -> Activations {
    let w = Weights::new(&net.params);
    let sum1 = first_layer(w.w1, table, entries);
    let (hidden1, hidden2, logits) = upper_layers(&w, &sum1);
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

    fn fixture(n: usize, seed: u64) -> Images {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
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
        Images::new(pixels, labels)
    }

    #[test]
    fn gradient_is_bit_identical_to_reference_on_every_isa() {
        let images = fixture(40, 3);
        let net = Network::he_init(&mut ChaCha8Rng::seed_from_u64(4));
        // Repeats, and more than four images so lockstep groups and the remainder both run.
        let batch: Vec<u32> = vec![5, 0, 39, 17, 17, 2, 33, 8, 9, 10, 11];
        let mut want = vec![0.0; PARAM_COUNT];
        let want_cost = reference::loss_and_gradient(&net, images.all(), &batch, &mut want);
        for isa in Isa::available() {
            let mut ws = Workspace::new(16);
            let cost = loss_and_gradient_with(
                isa,
                &net,
                &net.input_table(),
                images.all(),
                &batch,
                &mut ws,
            );
            assert_eq!(cost, want_cost, "{isa:?}");
            let differing = want
                .iter()
                .zip(ws.grad.iter())
                .filter(|(a, b)| a.to_bits() != b.to_bits())
                .count();
            assert_eq!(
                differing, 0,
                "{isa:?}: gradients differ in {differing} places"
            );
            assert!(ws.grad.iter().any(|&g| g != 0.0));
        }
    }

    #[test]
    fn forward_range_matches_single_image_inference() {
        let images = fixture(300, 5);
        let net = Network::he_init(&mut ChaCha8Rng::seed_from_u64(6));
        let split = images.all();
        let mut probs = vec![[0.0; OUTPUTS]; 290];
        let mut costs = vec![0.0; 290];
        for isa in Isa::available() {
            forward_range_on(isa, &net, split, 10, &mut probs, &mut costs);
            for (i, p) in probs.iter().enumerate() {
                assert_eq!(
                    *p,
                    net.predict(split.image(10 + i)),
                    "{isa:?} image {}",
                    10 + i
                );
            }
        }
    }
}
