//! How the Network screen changes: keys, and a new model or new data.

use ratatui::crossterm::event::KeyEvent;

use super::keys::{Action, KEYS};
use super::state::{Insight, NetworkScreen, View};
use crate::eval::{Evaluation, evaluate_full};
use crate::tui::ctx::Ctx;
use crate::tui::keys::lookup;
use crate::tui::msg::{Digit, Msg};
use crate::tui::widgets::number_input::Typed;

impl NetworkScreen {
    pub fn typing(&self) -> bool {
        self.goto.is_open()
    }

    /// The model, the data or training's weights changed: results computed
    /// from them are stale.
    pub fn model_changed(&mut self, ctx: &Ctx) {
        if self.view == View::Mistakes {
            self.ensure_insight(ctx);
        } else {
            self.insight = None;
        }
    }

    /// Shows `digit` (e.g. Play's).
    pub fn show(&mut self, digit: Digit) {
        self.digit = digit;
    }

    /// Computes the shown model's test-set results unless they are there.
    pub fn ensure_insight(&mut self, ctx: &Ctx) {
        let Some((net, _, source)) = self.shown(ctx) else {
            self.insight = None;
            return;
        };
        if self.insight.as_ref().is_some_and(|i| i.source == source) {
            return;
        }
        let Some(data) = ctx.data.ready() else {
            self.insight = None;
            return;
        };
        // A different model: start again from its most confident mistake.
        self.mistake = 0;
        let test = data.test.all();
        let evaluation = evaluate_full(net, test);
        let mut mistakes: Vec<usize> = (0..test.len())
            .filter(|&i| evaluation.predictions[i].0 != test.label(i))
            .collect();
        sort_mistakes(&mut mistakes, &evaluation, self.least_confident_first);
        self.insight = Some(Insight {
            source,
            evaluation,
            mistakes,
        });
    }

    pub fn on_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        let count = ctx.test_count();
        if self.typing() {
            return match self.goto.key(key, count) {
                Typed::Chosen(i) => {
                    self.digit = Digit::Test(i);
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
            Action::View => {
                self.view = match self.view {
                    View::Neurons => View::Weights,
                    View::Weights => View::Mistakes,
                    View::Mistakes => View::Neurons,
                };
                if self.view == View::Mistakes {
                    self.ensure_insight(ctx);
                }
            }
            Action::Previous | Action::Next => {
                let step = |i: usize, len: usize| match action {
                    Action::Previous => (i + len - 1) % len,
                    _ => (i + 1) % len,
                };
                if self.view == View::Mistakes {
                    let len = self.insight.as_ref().map_or(0, |i| i.mistakes.len());
                    if len > 0 {
                        self.mistake = step(self.mistake, len);
                    }
                } else if count > 0 {
                    let i = match self.digit {
                        Digit::Test(i) => step(i, count),
                        Digit::Drawn(_) => 0,
                    };
                    self.digit = Digit::Test(i);
                }
            }
            Action::GoTo => self.goto.open(),
            Action::FromPlay => return vec![Msg::TakePlayDigit],
            Action::Edges => self.edges = !self.edges,
            Action::Values => self.values = !self.values,
            Action::Source => {
                if ctx.live.is_some() {
                    self.prefer_model = !self.prefer_model;
                    self.model_changed(ctx);
                } else {
                    return vec![Msg::warn(
                        "no training weights yet: train on the Train screen",
                    )];
                }
            }
            Action::Order => {
                self.least_confident_first = !self.least_confident_first;
                let least = self.least_confident_first;
                if let Some(insight) = &mut self.insight {
                    let Insight {
                        evaluation,
                        mistakes,
                        ..
                    } = insight;
                    sort_mistakes(mistakes, evaluation, least);
                }
                self.mistake = 0;
            }
            Action::Page => self.page += 1,
        }
        Vec::new()
    }
}

fn sort_mistakes(mistakes: &mut [usize], e: &Evaluation, least_first: bool) {
    mistakes.sort_by(|&a, &b| {
        let (ca, cb) = (e.predictions[a].1, e.predictions[b].1);
        let order = cb.total_cmp(&ca);
        if least_first { order.reverse() } else { order }.then(a.cmp(&b))
    });
}
