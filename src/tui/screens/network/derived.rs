//! What the views draw, computed once when the model or the digit changes
//! (never per frame): the model's facts (dead units, activation scales, the
//! first layer's weight pictures) and its test-set results, computed by a
//! worker ([`Study`]), and the digit's (activations, the strongest
//! connections, weights x pixels), cheap enough for the UI thread.

use crate::network::Activations;
use crate::network::{HIDDEN1, HIDDEN2, INPUTS, LAYERS, Network, OUTPUTS, W1, W2, W3};
use crate::neuron::NeuronSum;
use crate::study::quantile_abs;
use crate::tui::subject::{Digit, Source};
pub use crate::tui::widgets::diagram::{COLUMN_SIZES, Edge};

/// How many connections are drawn between two columns.
pub const EDGES: [usize; 3] = [36, 40, 30];

/// How many of its pixels' connections a selected first-layer neuron
/// draws (the strongest).
pub const FOCUS_PIXELS: usize = 40;

/// The selected neuron's sum and connections for the digit shown.
#[derive(Clone, Debug)]
pub struct FocusEdges {
    pub sum: NeuronSum,
    /// Into it: input x weight, over the largest (all nonzero ones, or
    /// the strongest pixels).
    pub incoming: Vec<Edge>,
    /// Out of it into the next layer: what it sends (activation x
    /// weight), or, when it does not fire, its weights faintly.
    pub outgoing: Vec<Edge>,
}

/// ModelFacts about one digit seen by one model.
#[derive(Clone, Debug)]
pub struct DigitFacts {
    pub source: Source,
    pub digit: Digit,
    pub pixels: Vec<u8>,
    /// The network's input: the pixels times its input scale.
    pub x: Vec<f32>,
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

/// ModelFacts about the digit shown, refreshed when it or the model changes.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    pub seen: Option<DigitFacts>,
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

impl DigitFacts {
    pub fn compute(
        net: &Network,
        source: Source,
        digit: Digit,
        (pixels, label, name): (Vec<u8>, Option<u8>, String),
    ) -> DigitFacts {
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
        DigitFacts {
            source,
            digit,
            pixels,
            x,
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

/// The selected neuron's weighted sum for the digit and the connections
/// that make it: in (all that add something; for hidden layer 1 its
/// strongest pixels) and out.
pub fn focus_edges(net: &Network, seen: &DigitFacts, layer: usize, unit: usize) -> FocusEdges {
    let sum = NeuronSum::of(net, &seen.x, &seen.act, layer, unit);
    let keep = if layer == 0 {
        FOCUS_PIXELS
    } else {
        sum.contributions.len()
    };
    let incoming = strongest(
        sum.contributions
            .iter()
            .map(|c| (c.from, unit, c.value()))
            .collect(),
        keep,
    );
    let mut outgoing = Vec::new();
    if layer < 2 {
        let (w, _, _, outputs) = LAYERS[layer + 1].clone();
        let weights = &net.params[w][unit * outputs..(unit + 1) * outputs];
        let a = seen.column(layer)[unit];
        let sends: Vec<(usize, usize, f32)> = weights
            .iter()
            .enumerate()
            .map(|(k, &w)| (unit, k, if a > 0.0 { a * w } else { w }))
            .collect();
        outgoing = strongest(sends, outputs);
        if a <= 0.0 {
            // It sends nothing: its weights, faint.
            outgoing.iter_mut().for_each(|e| e.strength *= 0.3);
        }
    }
    FocusEdges {
        sum,
        incoming,
        outgoing,
    }
}
