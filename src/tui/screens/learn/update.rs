//! The Learn screen's keys and time.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::keys::{Action, KEYS};
use super::state::{BATCH_SCENE, DREAM_STEPS, LearnScreen, PROBE_SCENE, SCENES, SWEEP_STEP};
use crate::hyper::TrainSettings;
use crate::learn::{Backprop, Stepping, first_batch};
use crate::tui::command::Command;
use crate::tui::ctx::Ctx;
use crate::tui::keys::lookup;
use crate::tui::screens::msg::Msg;

impl LearnScreen {
    pub fn on_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        // Any key ends the backwards sweep at once.
        let swept = self.sweep.take().is_some();
        let Some(action) = lookup(KEYS, key) else {
            return Vec::new();
        };
        let count = self.train_split(ctx).map_or(0, |s| s.len());
        match action {
            Action::Next if swept => {}
            Action::Next if self.scene == BATCH_SCENE && self.added < ctx.config.batch_size => {
                self.added += 1
            }
            Action::AddAll => self.added = ctx.config.batch_size,
            Action::Step => return self.step(ctx),
            Action::Optimizer => {
                self.plain = !self.plain;
                self.restart();
            }
            Action::Restart => self.restart(),
            Action::Next => self.go_to((self.scene + 1) % SCENES.len()),
            Action::Back => self.go_to((self.scene + SCENES.len() - 1) % SCENES.len()),
            Action::Jump => {
                if let KeyCode::Char(c) = key.code
                    && let Some(n) = c.to_digit(10)
                {
                    self.go_to(n as usize - 1);
                }
            }
            Action::NextExample => self.example = (self.example + 1) % count.max(1),
            Action::Random if self.scene == PROBE_SCENE => {
                self.noise_seed += 1;
                self.dream_step = Some(0);
            }
            Action::Random => self.random_example(count),
            Action::Up | Action::Down if self.scene == PROBE_SCENE => {
                let step = if action == Action::Down { 1 } else { 9 };
                self.dream_target = (self.dream_target + step) % 10;
                self.dream_step = Some(0);
            }
            Action::Up | Action::Down => self.step_unit(action == Action::Down),
        }
        Vec::new()
    }

    /// The whole training set's cost and gradient, once per model.
    pub fn request(&mut self, ctx: &Ctx) -> Vec<Msg> {
        if self.asked || ctx.data.ready().is_none() {
            return Vec::new();
        }
        let Some(net) = ctx.network() else {
            return Vec::new();
        };
        self.asked = true;
        vec![Msg::Run(Command::WholeSet {
            generation: self.generation,
            network: Box::new(net.clone()),
            validation_size: ctx.config.validation_size,
        })]
    }

    /// The batch scene 6 averages: the first a run from this model would
    /// take with the configured seed (0 when none is set).
    pub fn batch(&self, ctx: &Ctx) -> Vec<u32> {
        let len = self.train_split(ctx).map_or(0, |s| s.len());
        first_batch(ctx.config.seed.unwrap_or(0), len, ctx.config.batch_size)
    }

    /// Scene 7: one step on the next batch, by the trainer's own stepper.
    fn step(&mut self, ctx: &Ctx) -> Vec<Msg> {
        let (Some(split), Some(net)) = (self.train_split(ctx), ctx.network()) else {
            return Vec::new();
        };
        if self.stepping.is_none() {
            let seed = ctx.config.seed.unwrap_or(0);
            match TrainSettings::from_config(&ctx.config, seed).check(split.len()) {
                Ok(settings) => {
                    let mut s = Stepping::new(net.clone(), &settings, split.len());
                    s.plain = self.plain;
                    self.stepping = Some(s);
                }
                Err(e) => {
                    return vec![Msg::warn(format!("config.ron: {}: {}", e.field, e.message))];
                }
            }
        }
        let Some(stepping) = &mut self.stepping else {
            return Vec::new();
        };
        let batch_cost = stepping.step(split);
        let i = self.example.min(split.len().saturating_sub(1));
        let after = Backprop::of(&stepping.net, split.image(i), split.label(i) as usize).cost;
        self.costs.push((after, batch_cost));
        Vec::new()
    }

    pub fn on_tick(&mut self) {
        if let Some(s) = self.dream_step {
            self.dream_step = (s + 1 < DREAM_STEPS).then_some(s + 1);
        }
        if let Some(t) = self.sweep {
            self.sweep = (t < 3 * SWEEP_STEP).then_some(t + 1);
        }
    }
}
