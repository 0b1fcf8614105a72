//! Chapter 2's probes: what the network says to noise, and what it
//! "imagines" a digit looks like when the input itself is moved downhill
//! to make one output fire.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::Backprop;
use crate::network::{INPUTS, Network};

/// Random pixels (0..=1, on the network's input scale of 0-255 pixels
/// scaled to 0..1), drawn from `seed`.
pub fn noise(seed: u64) -> Vec<f32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..INPUTS).map(|_| rng.random::<f32>()).collect()
}

/// Step size of a dream's gradient steps on the pixels.
pub const DREAM_RATE: f32 = 0.5;

/// A dream of `target`: from `start`, `steps` steps of gradient descent on
/// the input (the network fixed) lowering −ln p(target), pixels kept in
/// 0..=1. Returns every frame, the start first.
pub fn dream(net: &Network, target: usize, start: Vec<f32>, steps: usize) -> Vec<Vec<f32>> {
    let mut frames = vec![start];
    for _ in 0..steps {
        let x = frames[frames.len() - 1].clone();
        let bp = Backprop::of_input(net, x.clone(), target);
        let g = bp.input_gradient(net);
        // Scaled by the gradient's size: steady steps even where the
        // slope is tiny (a confident answer).
        let size = g.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
        let next = x
            .iter()
            .zip(&g)
            .map(|(v, d)| (v - DREAM_RATE * d / size).clamp(0.0, 1.0))
            .collect();
        frames.push(next);
    }
    frames
}
