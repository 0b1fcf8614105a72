//! The 784-16-16-10 network: parameters, initialisation and inference.
//!
//! All parameters live in one flat `Vec<f32>` (W1, b1, W2, b2, W3, b3, weights
//! stored input-major, `W[i * outputs + j]`) so Adam, copying and saving each
//! run over a single slice.
//!
//! Two implementations of the batch gradient exist: [`reference`], written
//! plainly with ndarray, and [`kernel`], the fast one training uses. They sum
//! in the same order and are tested to give bit-identical weights.

pub mod fused;
pub mod kernel;
pub mod reference;
pub mod step;

pub use crate::aligned::Params;

use rand::RngExt;
use rand_distr::StandardNormal;

pub use crate::layout::*;

/// Pixels are multiplied by this before entering the network: our models
/// take [0,1]; the original Python project's took raw 0-255 (scale 1).
pub const UNIT_SCALE: f32 = 1.0 / 255.0;

/// Reported costs clip probabilities at 1e-16, as the original project did,
/// so one hopeless example cannot dominate the mean.
pub const COST_CAP: f32 = 36.841_36; // -ln(1e-16)

#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    pub params: Params,
    pub input_scale: f32,
}

impl Network {
    /// He-normal weights (std = sqrt(2 / fan_in)), zero biases, drawn in
    /// layer order from `rng`.
    pub fn he_init<R: rand::Rng + ?Sized>(rng: &mut R) -> Network {
        let mut params = Params::zeros(PARAM_COUNT);
        for (w, _, fan_in, _) in LAYERS {
            let std = (2.0 / fan_in as f64).sqrt();
            for p in &mut params[w] {
                let z: f64 = rng.sample(StandardNormal);
                *p = (z * std) as f32;
            }
        }
        Network {
            params,
            input_scale: UNIT_SCALE,
        }
    }

    /// Sets both hidden layers' biases to `value` (a small positive start
    /// keeps ReLU units from dying before they learn).
    pub fn set_hidden_biases(&mut self, value: f32) {
        self.params[B1].fill(value);
        self.params[B2].fill(value);
    }

    pub fn zeros() -> Network {
        Network {
            params: Params::zeros(PARAM_COUNT),
            input_scale: UNIT_SCALE,
        }
    }

    /// Pixel value -> network input, as a lookup table.
    pub fn input_table(&self) -> [f32; 256] {
        input_table(self.input_scale)
    }

    /// Class probabilities for one 28x28 image.
    pub fn predict(&self, pixels: &[u8]) -> [f32; OUTPUTS] {
        self.activations(pixels).probabilities
    }

    /// Every layer's output for one image, for showing the network at work.
    pub fn activations(&self, pixels: &[u8]) -> Activations {
        let mut nz = Vec::with_capacity(pixels.len());
        crate::data::pack_nonzeros(pixels, &mut nz);
        kernel::forward_one(self, &self.input_table(), &nz)
    }
}

pub fn input_table(scale: f32) -> [f32; 256] {
    std::array::from_fn(|v| v as f32 * scale)
}

#[derive(Clone, Debug, PartialEq)]
pub struct Activations {
    pub hidden1: [f32; HIDDEN1],
    pub hidden2: [f32; HIDDEN2],
    pub logits: [f32; OUTPUTS],
    pub probabilities: [f32; OUTPUTS],
}

/// Index of the largest value (the first one on ties).
pub fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = i;
        }
    }
    best
}

/// Softmax of `z` in place (max subtracted for stability); returns the
/// cross-entropy for `label`, capped at [`COST_CAP`], NaN if `z` is.
#[inline(always)]
pub fn softmax_cost(z: &mut [f32], label: usize) -> f32 {
    let mut max = z[0];
    for &v in z.iter() {
        if v > max || v.is_nan() {
            max = v;
        }
    }
    let shifted_label = z[label] - max;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
    }
    let mut sum = 0.0f32;
    for &v in z.iter() {
        sum += v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
    let cost = sum.ln() - shifted_label;
    if cost > COST_CAP { COST_CAP } else { cost }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    #[test]
    fn layout_is_contiguous() {
        assert_eq!(PARAM_COUNT, 784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10);
    }

    #[test]
    fn he_init_has_the_right_spread() {
        let net = Network::he_init(&mut ChaCha8Rng::seed_from_u64(1));
        let w = &net.params[W1];
        let mean = w.iter().map(|&x| x as f64).sum::<f64>() / w.len() as f64;
        let var = w.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / w.len() as f64;
        let expected = 2.0 / 784.0;
        assert!(mean.abs() < 0.003, "mean {mean}");
        assert!(
            (var / expected - 1.0).abs() < 0.05,
            "var {var} vs {expected}"
        );
        assert!(net.params[B1].iter().all(|&b| b == 0.0));
        let w3 = &net.params[W3];
        let var3 = w3.iter().map(|&x| (x as f64).powi(2)).sum::<f64>() / w3.len() as f64;
        assert!((var3 / (2.0 / 16.0) - 1.0).abs() < 0.3, "var3 {var3}");
    }

    #[test]
    fn softmax_is_stable_and_costs_are_capped() {
        let mut z = [1000.0, 0.0, -1000.0];
        let cost = softmax_cost(&mut z, 0);
        assert!(cost.abs() < 1e-6);
        assert!((z.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        let mut z = [1000.0, 0.0, -1000.0];
        assert_eq!(softmax_cost(&mut z, 2), COST_CAP);
        let mut z = [f32::NAN, 0.0, 1.0];
        assert!(softmax_cost(&mut z, 1).is_nan());
        let mut z = [0.0, 0.0];
        assert!((softmax_cost(&mut z, 1) - std::f32::consts::LN_2).abs() < 1e-6);
    }

    #[test]
    fn argmax_picks_first_largest() {
        assert_eq!(argmax(&[0.1, 0.5, 0.5, 0.2]), 1);
    }
}
