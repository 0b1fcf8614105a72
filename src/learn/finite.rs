//! The derivative estimated the other way, without calculus: nudge one
//! parameter a little up and down and see how the cost moves. In f64, so
//! the estimate checks the chain rule rather than rounding.

use crate::network::{B1, B2, B3, HIDDEN1, HIDDEN2, INPUTS, Network, OUTPUTS, W1, W2, W3};

/// How far each parameter is moved either way.
pub const H: f64 = 1e-4;

/// One example's network in f64, with its first weighted sums kept: a
/// first-layer parameter only moves one of them, so each estimate costs a
/// few hundred operations rather than a whole forward pass.
pub struct Probe {
    params: Vec<f64>,
    x: Vec<f64>,
    label: usize,
    z1: [f64; HIDDEN1],
}

impl Probe {
    pub fn new(net: &Network, pixels: &[u8], label: usize) -> Probe {
        let params: Vec<f64> = net.params.iter().map(|&v| v as f64).collect();
        let x: Vec<f64> = pixels
            .iter()
            .map(|&v| v as f64 * net.input_scale as f64)
            .collect();
        let z1 = std::array::from_fn(|u| {
            (0..INPUTS)
                .map(|i| x[i] * params[W1.start + i * HIDDEN1 + u])
                .sum::<f64>()
                + params[B1.start + u]
        });
        Probe {
            params,
            x,
            label,
            z1,
        }
    }

    /// The cross-entropy with first weighted sums `z1` and parameter `i`
    /// moved by `d` (unless it is a first-layer one, already in `z1`).
    fn cost_from(&self, z1: &[f64; HIDDEN1], i: usize, d: f64) -> f64 {
        let p = |k: usize| self.params[k] + if k == i { d } else { 0.0 };
        let a1 = z1.map(|z| z.max(0.0));
        let a2: [f64; HIDDEN2] = std::array::from_fn(|u| {
            let z = (0..HIDDEN1)
                .map(|k| a1[k] * p(W2.start + k * HIDDEN2 + u))
                .sum::<f64>()
                + p(B2.start + u);
            z.max(0.0)
        });
        let z3: [f64; OUTPUTS] = std::array::from_fn(|u| {
            (0..HIDDEN2)
                .map(|k| a2[k] * p(W3.start + k * OUTPUTS + u))
                .sum::<f64>()
                + p(B3.start + u)
        });
        let max = z3.iter().copied().fold(f64::MIN, f64::max);
        let lse = z3.iter().map(|v| (v - max).exp()).sum::<f64>().ln() + max;
        lse - z3[self.label]
    }

    /// The cost with parameter `i` moved by `d`.
    fn cost(&self, i: usize, d: f64) -> f64 {
        let mut z1 = self.z1;
        if W1.contains(&i) {
            let k = i - W1.start;
            z1[k % HIDDEN1] += d * self.x[k / HIDDEN1];
        } else if B1.contains(&i) {
            z1[i - B1.start] += d;
        }
        self.cost_from(&z1, i, d)
    }

    /// (C(θ + h) − C(θ − h)) / 2h for parameter `i`.
    pub fn estimate(&self, i: usize) -> f64 {
        (self.cost(i, H) - self.cost(i, -H)) / (2.0 * H)
    }

    /// Whether moving parameter `i` by ±h would switch a neuron on or off:
    /// there the cost has a corner and no estimate can agree.
    pub fn at_a_corner(&self, i: usize) -> bool {
        let near = |z: f64, dz: f64| z.abs() <= dz.abs();
        if W1.contains(&i) {
            let k = i - W1.start;
            return near(self.z1[k % HIDDEN1], H * self.x[k / HIDDEN1]);
        }
        if B1.contains(&i) {
            return near(self.z1[i - B1.start], H);
        }
        // Later parameters move the second weighted sums by at most h x a1.
        let a1 = self.z1.map(|z| z.max(0.0));
        let reach = H * a1.iter().fold(1.0f64, |m, v| m.max(*v));
        (0..HIDDEN2).any(|u| {
            let z2 = (0..HIDDEN1)
                .map(|k| a1[k] * self.params[W2.start + k * HIDDEN2 + u])
                .sum::<f64>()
                + self.params[B2.start + u];
            near(z2, reach)
        })
    }
}
