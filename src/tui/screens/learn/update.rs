//! The Learn screen's keys and time.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::keys::{Action, KEYS};
use super::state::{
    BATCH_SCENE, DREAM_STEPS, FromPlay, LearnScreen, PROBE_SCENE, SCENES, SWEEP_STEP,
};
use crate::hyper::TrainSettings;
use crate::learn::{Backprop, Stepping, first_batch};
use crate::tui::command::Command;
use crate::tui::ctx::Ctx;
use crate::tui::keys::lookup;
use crate::tui::screens::msg::Msg;
use crate::tui::subject::Digit;
use crate::tui::widgets::number_input::Typed;

impl LearnScreen {
    pub fn on_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        // Any key ends the backwards sweep at once.
        let swept = self.sweep.take().is_some();
        let count = self.train_split(ctx).map_or(0, |s| s.len());
        if self.goto.is_open() {
            return match self.goto.key_among(key, count, "training examples") {
                Typed::Chosen(i) => {
                    self.show_example(i);
                    Vec::new()
                }
                Typed::Refused(why) => vec![Msg::Warn(why)],
                Typed::Pending => Vec::new(),
            };
        }
        let Some(action) = lookup(KEYS, key) else {
            return Vec::new();
        };
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
            Action::Fresh => {
                self.fresh = !self.fresh;
                self.stepping = None;
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
            Action::NextExample => self.show_example((self.example + 1) % count.max(1)),
            Action::GoTo => self.goto.open(),
            Action::FromPlay => return vec![Msg::TakePlayDigit],
            Action::Label => match &mut self.from_play {
                Some(p) if p.drawn => {
                    p.label = (p.label + 1) % 10;
                    self.restart();
                }
                _ => {
                    return vec![Msg::warn(
                        "l chooses what a drawing from Play is meant to be: take one with p",
                    )];
                }
            },
            Action::Source => return self.switch_source(ctx),
            Action::Random if self.scene == PROBE_SCENE => {
                self.noise_seed += 1;
                self.dream_step = Some(0);
            }
            Action::Random => {
                self.random_example(count);
                self.show_example(self.example);
            }
            Action::Up | Action::Down if self.scene == PROBE_SCENE => {
                let step = if action == Action::Up { 1 } else { 9 };
                self.dream_target = (self.dream_target + step) % 10;
                self.dream_step = Some(0);
            }
            Action::Up | Action::Down => self.step_unit(action == Action::Down),
        }
        Vec::new()
    }

    /// A training example rather than a digit from Play.
    fn show_example(&mut self, i: usize) {
        self.example = i;
        self.from_play = None;
        self.restart();
    }

    /// Play's digit: a test digit keeps its label; a drawing is first
    /// meant as what the network reads it as (`l` changes that).
    pub fn take(&mut self, digit: Digit, ctx: &Ctx) -> Vec<Msg> {
        let (pixels, label, drawn, what) = match digit {
            Digit::Test(i) => {
                let Some(test) = ctx.data.ready().map(|d| d.test.all()) else {
                    return Vec::new();
                };
                if i >= test.len() {
                    return Vec::new();
                }
                let what = format!("test digit #{i} from Play");
                (test.image(i).to_vec(), test.label(i) as usize, false, what)
            }
            Digit::Drawn(pixels) => {
                let read = self
                    .network(ctx)
                    .map_or(0, |net| Backprop::of(net, &pixels, 0).answer());
                (pixels, read, true, "your drawing from Play".to_string())
            }
        };
        self.from_play = Some(FromPlay {
            pixels,
            label,
            drawn,
            what,
        });
        self.restart();
        Vec::new()
    }

    /// `t`: training's weights as they are now, or back to the model.
    fn switch_source(&mut self, ctx: &Ctx) -> Vec<Msg> {
        if self.taken.take().is_none() {
            let Some(live) = &ctx.live else {
                return vec![Msg::warn(
                    "no training weights yet: train on the Train screen (F1), then t takes them",
                )];
            };
            let what = if live.kept_best {
                format!("training's best weights (epoch {})", live.epoch)
            } else {
                format!(
                    "training's weights at epoch {}, batch {}",
                    live.epoch, live.batch
                )
            };
            self.taken = Some((live.network.clone(), what));
        }
        self.changed();
        Vec::new()
    }

    /// The whole training set's cost and gradient, once per model.
    pub fn request(&mut self, ctx: &Ctx) -> Vec<Msg> {
        if self.asked || ctx.data.ready().is_none() {
            return Vec::new();
        }
        let Some(net) = self.network(ctx).cloned() else {
            return Vec::new();
        };
        self.asked = true;
        vec![Msg::Run(Command::WholeSet {
            generation: self.generation,
            network: Box::new(net),
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
        if self.stepping.is_none() {
            let refused = self.begin(ctx);
            if !refused.is_empty() {
                return refused;
            }
        }
        let (Some(split), Some((pixels, label))) = (self.train_split(ctx), self.subject(ctx))
        else {
            return Vec::new();
        };
        let Some(stepping) = &mut self.stepping else {
            return Vec::new();
        };
        let batch_cost = stepping.step(split);
        let after = Backprop::of(&stepping.net, &pixels, label).cost;
        self.costs.push((after, batch_cost));
        Vec::new()
    }

    /// Scene 7's run as it would begin now, not stepped yet: from scratch
    /// or from the model; None without data or a model.
    pub fn new_stepping(&self, ctx: &Ctx) -> Result<Option<Stepping>, String> {
        let (Some(split), Some(net)) = (self.train_split(ctx), self.network(ctx)) else {
            return Ok(None);
        };
        let seed = ctx.config.seed.unwrap_or(0);
        let settings = TrainSettings::from_config(&ctx.config, seed)
            .check(split.len())
            .map_err(|e| format!("config.ron: {}: {}", e.field, e.message))?;
        let mut s = if self.fresh {
            Stepping::from_scratch(&settings, split.len())
        } else {
            Stepping::new(net.clone(), &settings, split.len())
        };
        s.plain = self.plain;
        Ok(Some(s))
    }

    fn begin(&mut self, ctx: &Ctx) -> Vec<Msg> {
        match self.new_stepping(ctx) {
            Ok(s) => {
                self.stepping = s;
                Vec::new()
            }
            Err(why) => vec![Msg::warn(why)],
        }
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
