//! The step itself: the network moved by one mini-batch's gradient with
//! the configured optimiser, by the trainer's own stepper, so the weights
//! after a step here are the weights training would have. Plain gradient
//! descent beside it, for comparison.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

use crate::adam::Adam;
use crate::data::Split;
use crate::network::kernel::{Workspace, loss_and_gradient};
use crate::network::step::with_stepper;
use crate::network::{Network, PARAM_COUNT};
use crate::train::{Schedule, Settings};

/// Plain gradient descent's learning rate.
pub const PLAIN_RATE: f32 = 0.1;

/// A run from a model, one step at a time, at the configured learning
/// rate (as a run with `lr_schedule: Constant` and no warm-up takes it).
#[derive(Clone, Debug)]
pub struct Stepping {
    /// Where the steps began.
    pub start: Network,
    pub net: Network,
    adam: Adam,
    schedule: Schedule,
    order: Vec<u32>,
    batch_size: usize,
    /// Steps taken so far.
    pub steps: usize,
    /// Plain gradient descent (weights − rate x gradient) instead of Adam.
    pub plain: bool,
}

impl Stepping {
    /// From `net`, training on a split of `train_len` examples with
    /// `settings`: the examples in the order the seed shuffles them, as
    /// a run continued from this model would take them.
    pub fn new(net: Network, settings: &Settings, train_len: usize) -> Stepping {
        let order = super::shuffled_order(settings.seed, train_len);
        // The configured rate, constant: a continued run's warm-up (which
        // starts near 0) and decay would hide what one step does.
        Stepping {
            start: net.clone(),
            net,
            adam: Adam::new(settings.adam(), PARAM_COUNT),
            schedule: Schedule::Constant(settings.learning_rate),
            order,
            batch_size: settings.batch_size.max(1),
            steps: 0,
            plain: false,
        }
    }

    /// A run from scratch with `settings`: the network training would
    /// start from (He init with the seed's generator), and the examples in
    /// the order that same generator then shuffles them.
    pub fn from_scratch(settings: &Settings, train_len: usize) -> Stepping {
        let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
        let net = crate::train::fresh(&mut rng, settings.hidden_bias);
        let mut stepping = Stepping::new(net, settings, train_len);
        stepping.order = (0..train_len as u32).collect();
        stepping.order.shuffle(&mut rng);
        stepping
    }

    /// The batch the next step trains on.
    pub fn batch(&self) -> &[u32] {
        let batches = self.order.len().div_ceil(self.batch_size).max(1);
        let b = self.steps % batches;
        let end = ((b + 1) * self.batch_size).min(self.order.len());
        &self.order[b * self.batch_size..end]
    }

    /// The learning rate of the next step: plain descent has its own, as
    /// Adam's (a step of about the rate for every weight) would barely move
    /// it.
    pub fn rate(&self) -> f32 {
        if self.plain {
            PLAIN_RATE
        } else {
            self.schedule.rate(self.steps)
        }
    }

    /// One step on the next batch of `split`; returns the batch's cost
    /// before it.
    pub fn step(&mut self, split: Split) -> f64 {
        let batch = self.batch().to_vec();
        let rate = self.rate();
        let cost = if self.plain {
            let mut ws = Workspace::new(batch.len());
            let table = self.net.input_table();
            let cost = loss_and_gradient(&self.net, &table, split, &batch, &mut ws);
            for (p, g) in self.net.params.iter_mut().zip(ws.grad.iter()) {
                *p -= rate * g;
            }
            cost
        } else {
            self.adam.settings.learning_rate = rate;
            let (net, adam) = (&mut self.net, &mut self.adam);
            with_stepper(1, split, net.input_scale, self.batch_size, |s| {
                s.step(net, adam, &batch, &[])
            })
        };
        self.steps += 1;
        cost
    }
}
