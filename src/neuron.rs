//! One neuron's weighted sum for one digit, written out as the video writes
//! it: every input times its weight, plus the bias, gives `z`; ReLU (or, on
//! the output layer, softmax) turns `z` into what the neuron passes on.
//!
//! Computed from the same parameters and activations the network uses, so
//! the sum shown is the sum the network took (up to float rounding order).

use crate::network::{Activations, LAYERS, Network};

/// What one input adds to the sum: its activation times its weight.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Contribution {
    /// The input's index: a pixel (0..784) or a unit of the layer before.
    pub from: usize,
    pub input: f32,
    pub weight: f32,
}

impl Contribution {
    pub fn value(&self) -> f32 {
        self.input * self.weight
    }
}

/// A neuron's weighted sum for one digit.
#[derive(Clone, Debug, PartialEq)]
pub struct NeuronSum {
    /// 0: hidden layer 1, 1: hidden layer 2, 2: output layer.
    pub layer: usize,
    pub unit: usize,
    /// Every input that is not zero, largest |input x weight| first.
    pub contributions: Vec<Contribution>,
    /// Inputs that are zero (they add nothing, whatever their weight).
    pub silent: usize,
    pub bias: f32,
    /// The sum of the contributions plus the bias.
    pub z: f32,
    /// What the neuron passes on: ReLU(z) for a hidden unit, the softmax
    /// probability for an output.
    pub output: f32,
}

impl NeuronSum {
    /// Unit `unit` of `layer` (0 hidden 1, 1 hidden 2, 2 output) for the
    /// image whose network inputs are `x` (pixels times the input scale)
    /// and whose activations are `act`.
    pub fn of(net: &Network, x: &[f32], act: &Activations, layer: usize, unit: usize) -> NeuronSum {
        let layer = layer.min(2);
        let (w, b, _, outputs) = LAYERS[layer].clone();
        let unit = unit.min(outputs - 1);
        let inputs: &[f32] = match layer {
            0 => x,
            1 => &act.hidden1,
            _ => &act.hidden2,
        };
        let weights = &net.params[w];
        let mut contributions = Vec::new();
        let mut silent = 0;
        let mut sum = 0.0f64;
        for (from, &input) in inputs.iter().enumerate() {
            let weight = weights[from * outputs + unit];
            if input == 0.0 {
                silent += 1;
                continue;
            }
            sum += (input * weight) as f64;
            contributions.push(Contribution {
                from,
                input,
                weight,
            });
        }
        contributions.sort_by(|a, b| b.value().abs().total_cmp(&a.value().abs()));
        let bias = net.params[b][unit];
        let z = (sum + bias as f64) as f32;
        let output = match layer {
            0 => act.hidden1[unit],
            1 => act.hidden2[unit],
            _ => act.probabilities[unit],
        };
        NeuronSum {
            layer,
            unit,
            contributions,
            silent,
            bias,
            z,
            output,
        }
    }

    /// The sum of the positive contributions and of the negative ones.
    pub fn pushes(&self) -> (f32, f32) {
        self.contributions
            .iter()
            .map(Contribution::value)
            .fold((0.0, 0.0), |(up, down), v| {
                if v > 0.0 {
                    (up + v, down)
                } else {
                    (up, down + v)
                }
            })
    }

    /// Whether ReLU let it through (hidden units; outputs always pass).
    pub fn fires(&self) -> bool {
        self.layer == 2 || self.z > 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    fn digit() -> Vec<u8> {
        (0..784)
            .map(|i| if (i / 28 + i % 28) % 5 == 0 { 200 } else { 0 })
            .collect()
    }

    #[test]
    fn the_sum_written_out_is_the_one_the_network_takes() {
        let mut net = Network::he_init(&mut ChaCha8Rng::seed_from_u64(3));
        net.set_hidden_biases(0.1);
        let pixels = digit();
        let act = net.activations(&pixels);
        let x: Vec<f32> = pixels.iter().map(|&p| p as f32 * net.input_scale).collect();
        let mut fired = 0;
        for layer in 0..3 {
            for unit in 0..[16, 16, 10][layer] {
                let s = NeuronSum::of(&net, &x, &act, layer, unit);
                let total: f32 = s.contributions.iter().map(Contribution::value).sum();
                assert!((total + s.bias - s.z).abs() < 1e-4);
                let (up, down) = s.pushes();
                assert!((up + down - total).abs() < 1e-4);
                if layer < 2 {
                    // ReLU of the sum is the activation the network computed.
                    assert!((s.z.max(0.0) - s.output).abs() < 1e-4, "{layer} {unit}");
                    fired += usize::from(s.fires());
                } else {
                    assert!((s.z - act.logits[unit]).abs() < 1e-4);
                }
                let sizes: Vec<f32> = s.contributions.iter().map(|c| c.value().abs()).collect();
                assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "largest first");
                assert_eq!(s.contributions.len() + s.silent, [784, 16, 16][layer]);
            }
        }
        assert!(fired > 0 && fired < 32, "some fire, some do not: {fired}");
    }
}
