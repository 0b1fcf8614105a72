//! One training example taken apart: the forward pass with every weighted
//! sum kept, the cost, the nudges each layer wants (the derivative of the
//! cost by its weighted sums), and the gradient of every parameter, built
//! from those by the chain rule exactly as chapter 3 of the video does.
//!
//! With softmax and cross-entropy the output nudges are p − y; a hidden
//! neuron's wish is the weighted sum of the nudges after it, passed on only
//! if it fired (ReLU's slope is 1 above 0, else 0).

use crate::network::{
    B1, B2, B3, COST_CAP, HIDDEN1, HIDDEN2, INPUTS, Network, OUTPUTS, PARAM_COUNT, W1, W2, W3,
};

/// Everything about one example that the Learn screen shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Backprop {
    /// The input, 0..=1 per pixel (the network's own input scale).
    pub x: Vec<f32>,
    pub label: usize,
    /// Weighted sums z and activations a, layer by layer.
    pub z1: [f32; HIDDEN1],
    pub a1: [f32; HIDDEN1],
    pub z2: [f32; HIDDEN2],
    pub a2: [f32; HIDDEN2],
    pub z3: [f32; OUTPUTS],
    /// Softmax of z3.
    pub p: [f32; OUTPUTS],
    /// Cross-entropy: −ln p[label], capped as training reports it.
    pub cost: f32,
    /// The video's cost for comparison: Σ (p − y)².
    pub squared: f32,
    /// How the cost changes with each output's weighted sum: p − y.
    pub nudge3: [f32; OUTPUTS],
    /// How it changes with each hidden-2 activation: Σ_j W3[k][j] nudge3[j].
    pub wish2: [f32; HIDDEN2],
    /// ... and with each hidden-2 weighted sum: wish2 where the neuron fired.
    pub nudge2: [f32; HIDDEN2],
    pub wish1: [f32; HIDDEN1],
    pub nudge1: [f32; HIDDEN1],
}

/// A ReLU neuron passes a wish back only if it fired.
fn slope(z: f32) -> f32 {
    if z > 0.0 { 1.0 } else { 0.0 }
}

impl Backprop {
    /// The example `pixels` (0-255) with true digit `label`.
    pub fn of(net: &Network, pixels: &[u8], label: usize) -> Backprop {
        let x: Vec<f32> = pixels.iter().map(|&v| v as f32 * net.input_scale).collect();
        Backprop::of_input(net, x, label)
    }

    /// The same for an input already on the network's scale (a dream, or
    /// noise, need not be whole 0-255 pixels).
    pub fn of_input(net: &Network, x: Vec<f32>, label: usize) -> Backprop {
        let p = &net.params;
        let z1: [f32; HIDDEN1] = std::array::from_fn(|u| {
            let mut s = 0.0f32;
            for (i, &xv) in x.iter().enumerate().take(INPUTS) {
                s += xv * p[W1.start + i * HIDDEN1 + u];
            }
            s + p[B1.start + u]
        });
        let a1 = z1.map(|z| z.max(0.0));
        let z2: [f32; HIDDEN2] = std::array::from_fn(|u| {
            let mut s = 0.0f32;
            for (i, &av) in a1.iter().enumerate() {
                s += av * p[W2.start + i * HIDDEN2 + u];
            }
            s + p[B2.start + u]
        });
        let a2 = z2.map(|z| z.max(0.0));
        let z3: [f32; OUTPUTS] = std::array::from_fn(|u| {
            let mut s = 0.0f32;
            for (i, &av) in a2.iter().enumerate() {
                s += av * p[W3.start + i * OUTPUTS + u];
            }
            s + p[B3.start + u]
        });
        let max = z3.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let e = z3.map(|z| (z - max).exp());
        let sum: f32 = e.iter().sum();
        let probs = e.map(|v| v / sum);
        let y = |j: usize| if j == label { 1.0 } else { 0.0 };
        let cost = (-(probs[label].max(1e-16)).ln()).min(COST_CAP);
        let squared = (0..OUTPUTS).map(|j| (probs[j] - y(j)).powi(2)).sum();
        let nudge3: [f32; OUTPUTS] = std::array::from_fn(|j| probs[j] - y(j));
        let wish2: [f32; HIDDEN2] = std::array::from_fn(|k| {
            (0..OUTPUTS)
                .map(|j| p[W3.start + k * OUTPUTS + j] * nudge3[j])
                .sum()
        });
        let nudge2: [f32; HIDDEN2] = std::array::from_fn(|k| wish2[k] * slope(z2[k]));
        let wish1: [f32; HIDDEN1] = std::array::from_fn(|i| {
            (0..HIDDEN2)
                .map(|k| p[W2.start + i * HIDDEN2 + k] * nudge2[k])
                .sum()
        });
        let nudge1: [f32; HIDDEN1] = std::array::from_fn(|i| wish1[i] * slope(z1[i]));
        Backprop {
            x,
            label,
            z1,
            a1,
            z2,
            a2,
            z3,
            p: probs,
            cost,
            squared,
            nudge3,
            wish2,
            nudge2,
            wish1,
            nudge1,
        }
    }

    /// The answer: the likeliest digit.
    pub fn answer(&self) -> usize {
        crate::network::argmax(&self.p)
    }

    /// The parameter at flat index `i`'s derivative, by the chain rule:
    /// (what feeds the weight, 1 for a bias) x (the nudge of the weighted
    /// sum it feeds).
    pub fn derivative(&self, i: usize) -> Chain {
        let weight = |range: std::ops::Range<usize>, outs: usize, input: &[f32], nudge: &[f32]| {
            let k = i - range.start;
            let (from, to) = (k / outs, k % outs);
            (input[from], nudge[to], Some(from), to)
        };
        let bias = |range: std::ops::Range<usize>, nudge: &[f32]| {
            let to = i - range.start;
            (1.0, nudge[to], None, to)
        };
        let (layer, (input, nudge, from, to)) = match i {
            _ if W1.contains(&i) => (0, weight(W1, HIDDEN1, &self.x, &self.nudge1)),
            _ if B1.contains(&i) => (0, bias(B1, &self.nudge1)),
            _ if W2.contains(&i) => (1, weight(W2, HIDDEN2, &self.a1, &self.nudge2)),
            _ if B2.contains(&i) => (1, bias(B2, &self.nudge2)),
            _ if W3.contains(&i) => (2, weight(W3, OUTPUTS, &self.a2, &self.nudge3)),
            _ => (2, bias(B3, &self.nudge3)),
        };
        let (wish, fired) = match layer {
            0 => (self.wish1[to], self.z1[to] > 0.0),
            1 => (self.wish2[to], self.z2[to] > 0.0),
            _ => (self.nudge3[to], true),
        };
        Chain {
            layer,
            from,
            to,
            input,
            wish,
            fired,
            nudge,
            value: input * nudge,
        }
    }

    /// How the cost changes with each input pixel: the first layer's
    /// nudges passed back through its weights.
    pub fn input_gradient(&self, net: &Network) -> Vec<f32> {
        (0..INPUTS)
            .map(|i| {
                (0..HIDDEN1)
                    .map(|u| net.params[W1.start + i * HIDDEN1 + u] * self.nudge1[u])
                    .sum()
            })
            .collect()
    }

    /// The gradient of this example's cost, laid out like `net.params`.
    pub fn gradient(&self) -> Vec<f32> {
        let mut g = vec![0.0f32; PARAM_COUNT];
        let mut layer =
            |w: std::ops::Range<usize>, b: std::ops::Range<usize>, input: &[f32], nudge: &[f32]| {
                let outs = nudge.len();
                for (i, &a) in input.iter().enumerate() {
                    for (j, &d) in nudge.iter().enumerate() {
                        g[w.start + i * outs + j] = a * d;
                    }
                }
                g[b].copy_from_slice(nudge);
            };
        layer(W1, B1, &self.x, &self.nudge1);
        layer(W2, B2, &self.a1, &self.nudge2);
        layer(W3, B3, &self.a2, &self.nudge3);
        g
    }
}

/// One parameter's derivative written out: input x slope x downstream.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Chain {
    /// 0: input to hidden 1, 1: hidden 1 to 2, 2: hidden 2 to output.
    pub layer: usize,
    /// The neuron (or pixel) feeding the weight; None for a bias.
    pub from: Option<usize>,
    /// The neuron whose weighted sum it feeds.
    pub to: usize,
    /// What feeds it: the previous activation (1 for a bias).
    pub input: f32,
    /// The cost's change with that neuron's activation (for an output, its
    /// nudge p − y).
    pub wish: f32,
    /// Whether that neuron fired (ReLU's slope 1, else 0).
    pub fired: bool,
    /// wish x slope: the cost's change with the weighted sum.
    pub nudge: f32,
    /// input x nudge.
    pub value: f32,
}
