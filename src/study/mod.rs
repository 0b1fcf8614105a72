//! What the app learns about a model as a whole, once per model and on a
//! worker: which hidden units never fire (dead), how bright a typical
//! activation is, the first layer's weights as pictures, and its results on
//! the test set. The Network screen draws it; nothing here knows screens.

mod pictures;

pub use pictures::{MOSAIC, Pictures};

use crate::data::{Mnist, Split};
use crate::eval::{Evaluation, evaluate_full};
use crate::network::{HIDDEN1, Network, W1};

/// How many training digits decide whether a unit is dead.
pub const SAMPLE: usize = 2000;

/// ModelFacts about one model.
#[derive(Clone, Debug)]
pub struct ModelFacts {
    /// Units never active on the sample (hidden 1, hidden 2).
    pub dead: [[bool; HIDDEN1]; 2],
    pub sample: usize,
    /// A high activation of each hidden layer on the sample (its 98th
    /// percentile of those above 0): a neuron there or above is white.
    pub scale: [f32; 2],
    /// |w| of the first layer drawn at full colour (its 99th percentile).
    pub w1_range: f32,
    /// Each first-layer neuron's 784 weights over `w1_range` (-1..=1).
    pub tiles: Vec<Vec<f32>>,
    /// What hidden layer 2 and the output layer look for.
    pub pictures: Pictures,
}

/// Everything the app learns about one model from the data: too slow for
/// the UI thread (tens of milliseconds, more while training shares the
/// cores), so a worker computes it.
#[derive(Clone, Debug)]
pub struct Study {
    pub facts: ModelFacts,
    /// On the whole test set, for the mistakes view.
    pub evaluation: Evaluation,
}

impl Study {
    pub fn compute(net: &Network, data: &Mnist) -> Study {
        let mut facts = ModelFacts::compute(net, data.train.all());
        facts.pictures = Pictures::compute(net, &facts.dead, data.test.all());
        Study {
            facts,
            evaluation: evaluate_full(net, data.test.all()),
        }
    }
}

/// Column `j` of an input-major weight matrix with `outputs` columns.
pub fn column(w: &[f32], outputs: usize, j: usize) -> Vec<f32> {
    w.iter().skip(j).step_by(outputs).copied().collect()
}

/// The `q` quantile of |v| (0 if empty), at least `floor`.
pub fn quantile_abs(v: impl Iterator<Item = f32>, q: f64, floor: f32) -> f32 {
    let mut a: Vec<f32> = v.filter(|x| x.is_finite()).map(f32::abs).collect();
    if a.is_empty() {
        return floor;
    }
    let k = ((a.len() - 1) as f64 * q).round() as usize;
    let (_, x, _) = a.select_nth_unstable_by(k, f32::total_cmp);
    x.max(floor)
}

impl ModelFacts {
    pub fn compute(net: &Network, sample: Split) -> ModelFacts {
        let n = sample.len().min(SAMPLE);
        let sample = sample.head(n);
        let table = net.input_table();
        let mut fired = [[false; HIDDEN1]; 2];
        let mut seen: [Vec<f32>; 2] = [Vec::new(), Vec::new()];
        for i in 0..n {
            let a = crate::network::kernel::forward_one(net, &table, sample.nonzeros(i));
            for (l, layer) in [&a.hidden1[..], &a.hidden2[..]].into_iter().enumerate() {
                for (f, &v) in fired[l].iter_mut().zip(layer) {
                    *f |= v > 0.0;
                    if v > 0.0 {
                        seen[l].push(v);
                    }
                }
            }
        }
        let dead = fired.map(|f| f.map(|x| !x));
        let scale = seen.map(|v| {
            if v.is_empty() {
                1.0
            } else {
                quantile_abs(v.into_iter(), 0.98, 1e-6)
            }
        });
        let w1 = &net.params[W1];
        let w1_range = quantile_abs(w1.iter().copied(), 0.99, 1e-6);
        let tiles = (0..HIDDEN1)
            .map(|j| {
                column(w1, HIDDEN1, j)
                    .into_iter()
                    .map(|w| w / w1_range)
                    .collect()
            })
            .collect();
        ModelFacts {
            dead,
            sample: n,
            scale,
            w1_range,
            tiles,
            pictures: Pictures::default(),
        }
    }

    /// An activation of hidden layer `layer` as brightness 0..=1.
    pub fn brightness(&self, layer: usize, v: f32) -> f32 {
        let s = self.scale.get(layer).copied().unwrap_or(1.0);
        if s > 0.0 && v.is_finite() {
            (v / s).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}
