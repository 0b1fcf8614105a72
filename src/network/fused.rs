//! Several networks trained on the same images at once.
//!
//! The sweep's configurations that share a seed start from the same weights
//! and see the same batches, so their steps can share the work that depends
//! only on the images: each image's non-zero pixels are read once for up to
//! [`LANES`] networks, and the first layer's gradient is summed pixel by
//! pixel from an index of which images of the batch light that pixel, with
//! the networks' sums held in registers instead of read and written back per
//! image. Every network's sums keep the order of [`super::kernel`] (each one
//! ascending from zero: pixels in position order, images in batch order), so
//! each network ends bit-identical to one trained alone.

use super::kernel::{self, RowState, Weights, axpy, row_state, upper_layers};
use super::{HIDDEN1, INPUTS, Network, OUTPUTS, PARAM_COUNT, Params, W1, softmax_cost};
use crate::adam::{self, Adam};
use crate::data::{Split, nz_position, nz_value};
use crate::simd::{Isa, multiversion};

/// Networks per pass over an image: four sums of 16 lanes each fill half the
/// AVX2 registers, leaving room for the weights being loaded.
pub const LANES: usize = 4;
/// Networks per call of the per-image kernels (sums kept on the stack).
const MAX_LANES: usize = 16;

/// First-layer sums (before bias) of one image for `N` networks.
#[inline(always)]
fn first_layer<const N: usize>(
    w1: [&[[f32; HIDDEN1]]; N],
    table: &[f32; 256],
    entries: &[u32],
) -> [[f32; HIDDEN1]; N] {
    let mut acc = [[0.0f32; HIDDEN1]; N];
    for &e in entries {
        let (x, p) = (table[nz_value(e)], nz_position(e));
        for q in 0..N {
            axpy(&mut acc[q], x, &w1[q][p]);
        }
    }
    acc
}

/// First-layer sums of one image for every network of `ws`, into `out`.
#[inline(always)]
fn first_layer_all(
    ws: &[Weights],
    table: &[f32; 256],
    entries: &[u32],
    out: &mut [[f32; HIDDEN1]],
) {
    for (ws, out) in ws.chunks(LANES).zip(out.chunks_mut(LANES)) {
        let out = &mut out[..ws.len()];
        match ws {
            [a, b, c, d] => {
                out.copy_from_slice(&first_layer([a.w1, b.w1, c.w1, d.w1], table, entries))
            }
            [a, b, c] => out.copy_from_slice(&first_layer([a.w1, b.w1, c.w1], table, entries)),
            [a, b] => out.copy_from_slice(&first_layer([a.w1, b.w1], table, entries)),
            [a] => out.copy_from_slice(&first_layer([a.w1], table, entries)),
            _ => unreachable!("chunks hold 1 to LANES networks"),
        }
    }
}

/// Which images of a batch light each pixel: for pixel p, the pairs
/// (image's place in the batch, input value) `items[starts[p]..starts[p+1]]`,
/// in batch order.
pub struct PixelIndex {
    starts: Vec<u32>,
    cursor: Vec<u32>,
    items: Vec<(u32, f32)>,
}

impl PixelIndex {
    fn new() -> PixelIndex {
        PixelIndex {
            starts: vec![0; INPUTS + 1],
            cursor: vec![0; INPUTS],
            items: Vec::new(),
        }
    }

    /// A counting sort of the batch's non-zero pixels by position.
    fn build(&mut self, table: &[f32; 256], split: Split, batch: &[u32]) {
        self.starts.fill(0);
        for &row in batch {
            for &e in split.nonzeros(row as usize) {
                self.starts[nz_position(e) + 1] += 1;
            }
        }
        for p in 0..INPUTS {
            self.starts[p + 1] += self.starts[p];
        }
        self.cursor.copy_from_slice(&self.starts[..INPUTS]);
        self.items.clear();
        self.items.resize(self.starts[INPUTS] as usize, (0, 0.0));
        for (i, &row) in batch.iter().enumerate() {
            for &e in split.nonzeros(row as usize) {
                let slot = &mut self.cursor[nz_position(e)];
                self.items[*slot as usize] = (i as u32, table[nz_value(e)]);
                *slot += 1;
            }
        }
    }

    fn pixel(&self, p: usize) -> &[(u32, f32)] {
        &self.items[self.starts[p] as usize..self.starts[p + 1] as usize]
    }
}

/// W1's gradient for `N` networks whose per-image states are `states[q]`.
#[inline(always)]
#[allow(clippy::needless_range_loop)] // p picks a row of N arrays and the index
fn first_layer_grad<const N: usize>(
    index: &PixelIndex,
    states: [&[RowState]; N],
    gw1: [&mut [[f32; HIDDEN1]]; N],
) {
    for p in 0..INPUTS {
        let mut acc = [[0.0f32; HIDDEN1]; N];
        for &(i, x) in index.pixel(p) {
            for q in 0..N {
                axpy(&mut acc[q], x, &states[q][i as usize].d1);
            }
        }
        for q in 0..N {
            gw1[q][p] = acc[q];
        }
    }
}

fn w1_rows(grad: &mut Params) -> &mut [[f32; HIDDEN1]] {
    grad[W1].as_chunks_mut().0
}

/// The batch gradient of every network: `states` holds each network's
/// per-image states one network after another, `grads` their gradients.
#[inline(always)]
fn gradients_body(index: &PixelIndex, n: usize, states: &[RowState], grads: &mut [Params]) {
    let per_net = |c: usize| &states[c * n..(c + 1) * n];
    for (chunk, grads) in grads.chunks_mut(LANES).enumerate() {
        let c = chunk * LANES;
        match grads {
            [a, b, e, d] => first_layer_grad(
                index,
                [per_net(c), per_net(c + 1), per_net(c + 2), per_net(c + 3)],
                [w1_rows(a), w1_rows(b), w1_rows(e), w1_rows(d)],
            ),
            [a, b, e] => first_layer_grad(
                index,
                [per_net(c), per_net(c + 1), per_net(c + 2)],
                [w1_rows(a), w1_rows(b), w1_rows(e)],
            ),
            [a, b] => first_layer_grad(
                index,
                [per_net(c), per_net(c + 1)],
                [w1_rows(a), w1_rows(b)],
            ),
            [a] => first_layer_grad(index, [per_net(c)], [w1_rows(a)]),
            _ => unreachable!("chunks hold 1 to LANES networks"),
        }
    }
}

multiversion! {
    fn gradients(index: &PixelIndex, n: usize, states: &[RowState], grads: &mut [Params]) -> () = gradients_body;
}

/// The per-image half of a step for every network of `ws`, network `c`'s
/// states going to `states[c * n..(c + 1) * n]`.
#[inline(always)]
fn rows_phase_body(
    ws: &[Weights],
    table: &[f32; 256],
    split: Split,
    batch: &[u32],
    states: &mut [RowState],
) {
    let n = batch.len();
    let inv_n = 1.0 / n as f32;
    let mut sums = [[0.0f32; HIDDEN1]; MAX_LANES];
    for (i, &row) in batch.iter().enumerate() {
        let label = split.label(row as usize) as usize;
        for (ws, states) in ws.chunks(MAX_LANES).zip(states.chunks_mut(MAX_LANES * n)) {
            first_layer_all(ws, table, split.nonzeros(row as usize), &mut sums);
            for (c, (w, sum1)) in ws.iter().zip(&sums).enumerate() {
                states[c * n + i] = row_state(w, sum1, label, inv_n);
            }
        }
    }
}

multiversion! {
    fn rows_phase(
        ws: &[Weights],
        table: &[f32; 256],
        split: Split,
        batch: &[u32],
        states: &mut [RowState],
    ) -> () = rows_phase_body;
}

/// One network's share of a fused step.
pub struct Lane<'a> {
    pub net: &'a mut Network,
    pub adam: &'a mut Adam,
}

/// Buffers for fused steps over batches of up to `batch_size` images.
pub struct FusedStep {
    isa: Isa,
    index: PixelIndex,
    states: Vec<RowState>,
    /// One per lane; every value is rewritten each step.
    grads: Vec<Params>,
}

impl FusedStep {
    pub fn new() -> FusedStep {
        FusedStep {
            isa: Isa::detect(),
            index: PixelIndex::new(),
            states: Vec::new(),
            grads: Vec::new(),
        }
    }

    /// One Adam step of every lane on `batch` (indices into `split`), each
    /// bit-identical to [`super::step::Stepper::step`] on its own. Returns
    /// each lane's mean cost on the batch (before the step). `next`, the
    /// batch after this one if known, is fetched into cache meanwhile.
    pub fn step(
        &mut self,
        split: Split,
        batch: &[u32],
        next: &[u32],
        lanes: &mut [Lane],
    ) -> Vec<f64> {
        let n = batch.len();
        let Some(first) = lanes.first() else {
            return Vec::new();
        };
        let table = first.net.input_table();
        assert!(
            lanes
                .iter()
                .all(|l| l.net.input_scale == first.net.input_scale),
            "fused networks share their input scale"
        );
        self.states.resize(n * lanes.len(), RowState::default());
        while self.grads.len() < lanes.len() {
            self.grads.push(Params::zeros(PARAM_COUNT));
        }
        let grads = &mut self.grads[..lanes.len()];
        {
            let ws: Vec<Weights> = lanes.iter().map(|l| Weights::new(&l.net.params)).collect();
            self.index.build(&table, split, batch);
            // The next batch's images load while this one computes.
            split.prefetch(next);
            rows_phase(self.isa, &ws, &table, split, batch, &mut self.states);
            gradients(self.isa, &self.index, n, &self.states, grads);
        }
        let mut costs = Vec::with_capacity(lanes.len());
        for (c, (lane, grad)) in lanes.iter_mut().zip(grads.iter_mut()).enumerate() {
            let states = &self.states[c * n..(c + 1) * n];
            kernel::small_grads(self.isa, states, &mut grad[W1.end..]);
            let k = lane.adam.begin_step();
            let (m, v) = lane.adam.moments_mut();
            adam::update_part(self.isa, &mut lane.net.params, grad, m, v, k, 0);
            costs.push(kernel::mean_cost(states));
        }
        costs
    }
}

impl Default for FusedStep {
    fn default() -> FusedStep {
        FusedStep::new()
    }
}

#[inline(always)]
fn forward_range_body(
    ws: &[Weights],
    table: &[f32; 256],
    split: Split,
    start: usize,
    probabilities: &mut [Vec<[f32; OUTPUTS]>],
    costs: &mut [Vec<f32>],
) {
    let mut sums = vec![[0.0f32; HIDDEN1]; ws.len()];
    let len = probabilities.first().map_or(0, Vec::len);
    for i in 0..len {
        let row = start + i;
        first_layer_all(ws, table, split.nonzeros(row), &mut sums);
        let label = split.label(row) as usize;
        for (c, (w, sum1)) in ws.iter().zip(&sums).enumerate() {
            let mut p = upper_layers(w, sum1).2;
            costs[c][i] = softmax_cost(&mut p, label);
            probabilities[c][i] = p;
        }
    }
}

multiversion! {
    fn forward_range_on(
        ws: &[Weights],
        table: &[f32; 256],
        split: Split,
        start: usize,
        probabilities: &mut [Vec<[f32; OUTPUTS]>],
        costs: &mut [Vec<f32>],
    ) -> () = forward_range_body;
}

/// [`kernel::forward_range`] for several networks at once: network `c`'s
/// results for images `start..start + len` go to `probabilities[c]` and
/// `costs[c]`, each vector resized to `len`.
pub fn forward_range(
    nets: &[&Network],
    split: Split,
    start: usize,
    len: usize,
    probabilities: &mut [Vec<[f32; OUTPUTS]>],
    costs: &mut [Vec<f32>],
) {
    let Some(first) = nets.first() else { return };
    assert!(nets.iter().all(|n| n.input_scale == first.input_scale));
    assert!(probabilities.len() == nets.len() && costs.len() == nets.len());
    for (p, c) in probabilities.iter_mut().zip(costs.iter_mut()) {
        p.resize(len, [0.0; OUTPUTS]);
        c.resize(len, 0.0);
    }
    let ws: Vec<Weights> = nets.iter().map(|n| Weights::new(&n.params)).collect();
    forward_range_on(
        Isa::detect(),
        &ws,
        &first.input_table(),
        split,
        start,
        probabilities,
        costs,
    );
}

#[cfg(test)]
mod tests;
