//! What the Learn screen remembers: the scene, the training example taken
//! apart, and the chosen neuron.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use crate::learn::Backprop;
use crate::network::HIDDEN1;
use crate::tui::ctx::Ctx;

/// The scenes, in the video's order: (title, the video's idea in one line).
pub const SCENES: [(&str, &str); 5] = [
    (
        "the cost of one example",
        "Chapter 2: the cost says how wrong the network is on this example: small when it is sure and right.",
    ),
    (
        "nudges",
        "Chapter 3: each output wants its weighted sum moved: up for the right digit, down for the rest, more the more wrong (p − y).",
    ),
    (
        "three ways to raise the right answer",
        "Chapter 3: change the bias, the weights (most from neurons that fired: fire together, wire together), or what lit up before.",
    ),
    (
        "backwards",
        "Chapter 3: backpropagation: every output's wish, weighted, is added up into what each earlier neuron should do.",
    ),
    (
        "the gradient of one example",
        "Chapter 3: how each of the 13,002 parameters wants to move for this example: the chain rule, checked by nudging it.",
    ),
];

/// How many ticks (about 50 ms) each layer of the backwards sweep waits.
pub const SWEEP_STEP: u8 = 12;

#[derive(Debug)]
pub struct LearnScreen {
    pub scene: usize,
    /// The training example shown.
    pub example: usize,
    /// Scene 5's hidden-layer-1 neuron.
    pub unit: usize,
    /// Scene 4's animation: ticks since it began, None once done.
    pub sweep: Option<u8>,
    rng: ChaCha8Rng,
}

impl Default for LearnScreen {
    fn default() -> LearnScreen {
        LearnScreen {
            scene: 0,
            example: 0,
            unit: 0,
            sweep: None,
            rng: ChaCha8Rng::seed_from_u64(23),
        }
    }
}

impl LearnScreen {
    pub fn go_to(&mut self, scene: usize) {
        self.scene = scene.min(SCENES.len() - 1);
        self.sweep = (self.scene == 3).then_some(0);
    }

    pub fn random_example(&mut self, count: usize) {
        if count > 0 {
            self.example = self.rng.random_range(0..count);
        }
    }

    pub fn step_unit(&mut self, down: bool) {
        self.unit = (self.unit + if down { 1 } else { HIDDEN1 - 1 }) % HIDDEN1;
    }

    /// How many layers of the backwards sweep are drawn (1: the outputs).
    pub fn layers_shown(&self) -> usize {
        match self.sweep {
            Some(t) => 1 + (t / SWEEP_STEP) as usize,
            None => 3,
        }
    }

    /// The example taken apart by the network on show, with its pixels.
    pub fn taken_apart(&self, ctx: &Ctx) -> Option<(Backprop, Vec<u8>)> {
        let (data, net) = (ctx.data.ready()?, ctx.network()?);
        let train = data.train.all();
        let i = self.example.min(train.len().checked_sub(1)?);
        let pixels = train.image(i).to_vec();
        let label = train.label(i) as usize;
        Some((Backprop::of(net, &pixels, label), pixels))
    }
}
