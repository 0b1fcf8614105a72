//! What the views draw, computed once when the model or the digit changes
//! (never per frame): the model's facts (dead units, activation scales, the
//! first layer's weight pictures) and its test-set results, computed by a
//! worker ([`Study`]), and the digit's (activations, the strongest
//! connections, weights x pixels), cheap enough for the UI thread.

use crate::data::{Mnist, Split};
use crate::eval::{Evaluation, evaluate_full};
use crate::network::{
    Activations, B1, B2, B3, HIDDEN1, HIDDEN2, INPUTS, Network, OUTPUTS, W1, W2, W3,
};

use super::state::Source;
use crate::tui::msg::Digit;

/// How many training digits decide whether a unit is dead.
pub const SAMPLE: usize = 2000;
/// How many connections are drawn between two columns.
pub const EDGES: [usize; 3] = [36, 40, 30];

/// The layers of the picture, left to right.
pub const LAYER_NAMES: [&str; 4] = [
    "input layer",
    "hidden layer 1",
    "hidden layer 2",
    "output layer",
];

/// Neurons per drawn column (hidden 1, hidden 2, output).
pub const COLUMN_SIZES: [usize; 3] = [HIDDEN1, HIDDEN2, OUTPUTS];

/// One connection: from unit `from` (a pixel for the first layer) to unit
/// `to` of the next layer, `strength` in -1..=1 (its share of the
/// strongest, signed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub strength: f32,
}

/// Facts about one model.
#[derive(Clone, Debug)]
pub struct Facts {
    pub source: Source,
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
}

/// Facts about one digit seen by one model.
#[derive(Clone, Debug)]
pub struct Seen {
    pub source: Source,
    pub digit: Digit,
    pub pixels: Vec<u8>,
    pub label: Option<u8>,
    pub name: String,
    /// The pixels as 0..=1.
    pub unit: Vec<f32>,
    pub act: Activations,
    /// Input->hidden 1, hidden 1->hidden 2, hidden 2->output.
    pub edges: [Vec<Edge>; 3],
    /// Each first-layer neuron's weights times this digit's pixels, over
    /// `product_range` (-1..=1).
    pub products: Vec<Vec<f32>>,
    pub product_range: f32,
}

/// Facts about the digit shown, refreshed when it or the model changes.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    pub seen: Option<Seen>,
}

/// Everything the screen learns about one model from the data: too slow
/// for the UI thread (tens of milliseconds, more while training shares the
/// cores), so a worker computes it.
#[derive(Clone, Debug)]
pub struct Study {
    pub facts: Facts,
    /// On the whole test set, for the mistakes view.
    pub evaluation: Evaluation,
}

impl Study {
    pub fn compute(net: &Network, source: Source, data: &Mnist) -> Study {
        Study {
            facts: Facts::compute(net, source, data.train.all()),
            evaluation: evaluate_full(net, data.test.all()),
        }
    }
}

/// Column `j` of an input-major weight matrix with `outputs` columns.
fn column(w: &[f32], outputs: usize, j: usize) -> Vec<f32> {
    w.iter().skip(j).step_by(outputs).copied().collect()
}

/// The `q` quantile of |v| (0 if empty), at least `floor`.
fn quantile_abs(v: impl Iterator<Item = f32>, q: f64, floor: f32) -> f32 {
    let mut a: Vec<f32> = v.filter(|x| x.is_finite()).map(f32::abs).collect();
    if a.is_empty() {
        return floor;
    }
    let k = ((a.len() - 1) as f64 * q).round() as usize;
    let (_, x, _) = a.select_nth_unstable_by(k, f32::total_cmp);
    x.max(floor)
}

/// The incoming weights of unit `unit` of `layer` (0: hidden 1, 1: hidden
/// 2, 2: output) and its bias.
pub fn incoming(net: &Network, layer: usize, unit: usize) -> (Vec<f32>, f32) {
    let p = &net.params;
    match layer {
        0 => (column(&p[W1], HIDDEN1, unit), p[B1][unit]),
        1 => (column(&p[W2], HIDDEN2, unit), p[B2][unit]),
        _ => (column(&p[W3], OUTPUTS, unit), p[B3][unit]),
    }
}

impl Facts {
    pub fn compute(net: &Network, source: Source, sample: Split) -> Facts {
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
        Facts {
            source,
            dead,
            sample: n,
            scale,
            w1_range,
            tiles,
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

/// The `keep` strongest of `(from, to, contribution)`, scaled to -1..=1.
fn strongest(mut all: Vec<(usize, usize, f32)>, keep: usize) -> Vec<Edge> {
    all.retain(|e| e.2 != 0.0 && e.2.is_finite());
    all.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()));
    all.truncate(keep);
    let top = all.first().map_or(1.0, |e| e.2.abs());
    // Weakest first, so the strongest are drawn over them.
    all.iter()
        .rev()
        .map(|&(from, to, c)| Edge {
            from,
            to,
            strength: c / top,
        })
        .collect()
}

impl Seen {
    pub fn compute(
        net: &Network,
        source: Source,
        digit: Digit,
        (pixels, label, name): (Vec<u8>, Option<u8>, String),
    ) -> Seen {
        let act = net.activations(&pixels);
        let unit = crate::tui::widgets::picture::unit(&pixels);
        let p = &net.params;
        let x: Vec<f32> = pixels.iter().map(|&v| v as f32 * net.input_scale).collect();
        let w1 = &p[W1];
        let mut first = Vec::new();
        for (i, &xi) in x.iter().enumerate() {
            if xi != 0.0 {
                for j in 0..HIDDEN1 {
                    first.push((i, j, xi * w1[i * HIDDEN1 + j]));
                }
            }
        }
        let upper = |from: &[f32], w: &[f32], outputs: usize| {
            let mut all = Vec::new();
            for (i, &a) in from.iter().enumerate() {
                for j in 0..outputs {
                    all.push((i, j, a * w[i * outputs + j]));
                }
            }
            all
        };
        let edges = [
            strongest(first, EDGES[0]),
            strongest(upper(&act.hidden1, &p[W2], HIDDEN2), EDGES[1]),
            strongest(upper(&act.hidden2, &p[W3], OUTPUTS), EDGES[2]),
        ];
        let raw: Vec<Vec<f32>> = (0..HIDDEN1)
            .map(|j| (0..INPUTS).map(|i| x[i] * w1[i * HIDDEN1 + j]).collect())
            .collect();
        let product_range = quantile_abs(
            raw.iter().flatten().copied().filter(|v| *v != 0.0),
            0.99,
            1e-6,
        );
        let products = raw
            .into_iter()
            .map(|t| t.into_iter().map(|v| v / product_range).collect())
            .collect();
        Seen {
            source,
            digit,
            pixels,
            label,
            name,
            unit,
            act,
            edges,
            products,
            product_range,
        }
    }

    /// The activations of drawn column `layer` (0: hidden 1, 1: hidden 2,
    /// 2: output probabilities).
    pub fn column(&self, layer: usize) -> &[f32] {
        match layer {
            0 => &self.act.hidden1,
            1 => &self.act.hidden2,
            _ => &self.act.probabilities,
        }
    }
}
