//! What the Learn screen remembers: the scene, the training example taken
//! apart, and the chosen neuron.

use std::sync::Arc;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use crate::data::Split;
use crate::learn::{Backprop, Stepping, WholeSet};
use crate::network::{HIDDEN1, Network};
use crate::tui::ctx::Ctx;
use crate::tui::widgets::number_input::NumberInput;

/// The scenes, in the video's order: (title, the video's idea in one line).
pub const SCENES: [(&str, &str); 8] = [
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
    (
        "average over a mini-batch",
        "Chapter 3: average the nudges of a small batch: a rough way downhill, much quicker than the whole set's (scene 7 steps).",
    ),
    (
        "the step",
        "Chapter 2: gradient descent: move every weight a little against its gradient, and the cost falls, step after step.",
    ),
    (
        "probes",
        "Chapter 2: what has it really learned? Noise gets a confident answer, and a dreamed digit looks like no digit.",
    ),
];

/// The scene of probes.
pub const PROBE_SCENE: usize = 7;

/// Steps of gradient descent on the input a dream takes (one a tick).
pub const DREAM_STEPS: usize = 60;

/// The scene that takes steps.
pub const STEP_SCENE: usize = 6;

/// The scene that averages a mini-batch.
pub const BATCH_SCENE: usize = 5;

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
    /// Scene 6: how many of the batch's examples are averaged so far.
    pub added: usize,
    /// Counts the model and data changes: a whole-set answer for an older
    /// one is dropped.
    pub generation: u64,
    /// The whole training set's cost and gradient for this generation.
    pub whole: Option<Arc<WholeSet>>,
    /// Asked for it (or it failed): not asked again until a change.
    pub asked: bool,
    /// Scene 7: the run being stepped from the model, once a step is taken.
    pub stepping: Option<Stepping>,
    /// Scene 7: plain gradient descent rather than Adam.
    pub plain: bool,
    /// Scene 7: from the untrained network a new run starts from, rather
    /// than from the model.
    pub fresh: bool,
    /// Scene 7, per step: this example's cost after it, and the batch's
    /// cost before it.
    pub costs: Vec<(f32, f64)>,
    /// Scene 8: the digit dreamed of, the dream's step while it grows, and
    /// the noise it starts from (and the network is shown).
    pub dream_target: usize,
    pub dream_step: Option<usize>,
    pub noise_seed: u64,
    /// A digit taken from Play (`p`), shown instead of a training example:
    /// its pixels, the digit it is meant to be, and where it came from.
    pub from_play: Option<FromPlay>,
    /// `g`: a training example's number being typed.
    pub goto: NumberInput,
    /// `t`: training's weights as they were when taken, and what they are,
    /// shown instead of the saved model.
    pub taken: Option<(Network, String)>,
    rng: ChaCha8Rng,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FromPlay {
    pub pixels: Vec<u8>,
    pub label: usize,
    /// A drawing (its label is the learner's to choose) or a test digit.
    pub drawn: bool,
    pub what: String,
}

impl Default for LearnScreen {
    fn default() -> LearnScreen {
        LearnScreen {
            scene: 0,
            example: 0,
            unit: 0,
            sweep: None,
            added: 1,
            generation: 0,
            whole: None,
            asked: false,
            stepping: None,
            plain: false,
            // Adam's first steps from a trained model, with no running
            // averages yet, can raise its cost: from scratch the fall is
            // plain.
            fresh: true,
            costs: Vec::new(),
            dream_target: 3,
            dream_step: None,
            noise_seed: 1,
            from_play: None,
            goto: NumberInput::default(),
            taken: None,
            rng: ChaCha8Rng::seed_from_u64(23),
        }
    }
}

impl LearnScreen {
    pub fn go_to(&mut self, scene: usize) {
        self.scene = scene.min(SCENES.len() - 1);
        self.sweep = (self.scene == 3).then_some(0);
        self.dream_step = (self.scene == PROBE_SCENE).then_some(0);
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

    /// A new model or new data: the whole-set numbers are out of date.
    pub fn changed(&mut self) {
        self.generation += 1;
        self.whole = None;
        self.asked = false;
        self.restart();
    }

    /// Scene 7 from its start again (begun at the first step).
    pub fn restart(&mut self) {
        self.stepping = None;
        self.costs.clear();
    }

    /// The training examples: MNIST's training images less validation's.
    pub fn train_split<'a>(&self, ctx: &'a Ctx) -> Option<Split<'a>> {
        let data = ctx.data.ready()?;
        Some(
            data.splits(ctx.config.validation_size)
                .map_or(data.train.all(), |s| s.train),
        )
    }

    /// The network being taught: training's weights when taken with `t`,
    /// else the loaded model.
    pub fn network<'a>(&'a self, ctx: &'a Ctx) -> Option<&'a Network> {
        match &self.taken {
            Some((net, _)) => Some(net),
            None => ctx.network(),
        }
    }

    /// Whose weights [`Self::network`] is, in words.
    pub fn source(&self, ctx: &Ctx) -> String {
        match &self.taken {
            Some((_, what)) => what.clone(),
            None if ctx.model.shipped => "the shipped model".to_string(),
            None => format!("the saved model {}", ctx.model.name()),
        }
    }

    /// The digit taken apart: its pixels and the digit it should be read
    /// as (a training example, or a digit from Play).
    pub fn subject(&self, ctx: &Ctx) -> Option<(Vec<u8>, usize)> {
        if let Some(p) = &self.from_play {
            return Some((p.pixels.clone(), p.label));
        }
        let train = self.train_split(ctx)?;
        let i = self.example.min(train.len().checked_sub(1)?);
        Some((train.image(i).to_vec(), train.label(i) as usize))
    }

    /// The example taken apart by the network on show, with its pixels.
    pub fn taken_apart(&self, ctx: &Ctx) -> Option<(Backprop, Vec<u8>)> {
        let net = self.network(ctx)?;
        let (pixels, label) = self.subject(ctx)?;
        Some((Backprop::of(net, &pixels, label), pixels))
    }
}
