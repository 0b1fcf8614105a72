//! Beyond one example: the mini-batch a run would take first, and the
//! whole training set's cost and gradient (chapter 2's cost function, and
//! the direction a careful step would go).

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

use crate::data::Split;
use crate::network::kernel::{Workspace, loss_and_gradient};
use crate::network::{Network, PARAM_COUNT};

/// The training order of a run from a model with `seed`: the examples
/// shuffled by the seed's generator, as training's first epoch does.
pub fn shuffled_order(seed: u64, train_len: usize) -> Vec<u32> {
    let mut order: Vec<u32> = (0..train_len as u32).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    order
}

/// The first mini-batch such a run would train on.
pub fn first_batch(seed: u64, train_len: usize, batch_size: usize) -> Vec<u32> {
    let mut order = shuffled_order(seed, train_len);
    order.truncate(batch_size);
    order
}

/// The mean cost over a whole split and its gradient.
#[derive(Clone, Debug, PartialEq)]
pub struct WholeSet {
    pub cost: f64,
    pub gradient: Vec<f32>,
    pub examples: usize,
}

/// Computed by the trainer's own kernel, a thousand examples at a time,
/// weighted by their number.
pub fn whole_set(net: &Network, split: Split) -> WholeSet {
    const CHUNK: usize = 1000;
    let n = split.len();
    let table = net.input_table();
    let mut ws = Workspace::new(CHUNK);
    let mut gradient = vec![0.0f64; PARAM_COUNT];
    let mut cost = 0.0f64;
    let indices: Vec<u32> = (0..n as u32).collect();
    for chunk in indices.chunks(CHUNK) {
        let share = chunk.len() as f64 / n as f64;
        cost += share * loss_and_gradient(net, &table, split, chunk, &mut ws);
        for (g, &c) in gradient.iter_mut().zip(ws.grad.iter()) {
            *g += share * c as f64;
        }
    }
    WholeSet {
        cost,
        gradient: gradient.into_iter().map(|g| g as f32).collect(),
        examples: n,
    }
}

/// The mean cost of `batch` and its gradient, by the trainer's kernel.
pub fn batch_gradient(net: &Network, split: Split, batch: &[u32]) -> (f64, Vec<f32>) {
    let table = net.input_table();
    let mut ws = Workspace::new(batch.len().max(1));
    let cost = loss_and_gradient(net, &table, split, batch, &mut ws);
    (cost, ws.grad.to_vec())
}

/// How alike two directions are: 1 the same, 0 unrelated, −1 opposite.
pub fn cosine(a: &[f32], b: &[f32]) -> f64 {
    let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    for (&x, &y) in a.iter().zip(b) {
        ab += x as f64 * y as f64;
        aa += x as f64 * x as f64;
        bb += y as f64 * y as f64;
    }
    if aa > 0.0 && bb > 0.0 {
        ab / (aa.sqrt() * bb.sqrt())
    } else {
        0.0
    }
}
