//! How the Network screen changes: keys, and a new model or new data.

use ratatui::crossterm::event::KeyEvent;

use super::derived::COLUMN_SIZES;
use super::keys::{Action, KEYS};
use super::state::{NetworkScreen, TestResults, View};
use crate::eval::Evaluation;
use crate::network::OUTPUTS;
use crate::study::Study;
use crate::tui::command::Command;
use crate::tui::ctx::Ctx;
use crate::tui::keys::lookup;
use crate::tui::screens::msg::Msg;
use crate::tui::subject::{Digit, Source};
use crate::tui::widgets::number_input::Typed;

impl NetworkScreen {
    pub fn typing(&self) -> bool {
        self.goto.is_open()
    }

    /// The model, the data or training's weights changed: results computed
    /// from them are stale. The new ones are asked for with [`Self::request`].
    pub fn model_changed(&mut self) {
        self.forget();
        self.mistake_probabilities = None;
        // A model loaded again under the same name is a new model too.
        self.generation += 1;
    }

    /// Asks for the shown model's study (dead units, test-set results)
    /// unless it is in, on its way, or failed: the run loop computes it on
    /// a worker and [`Self::studied`] takes the result.
    pub fn request(&mut self, ctx: &Ctx) -> Vec<Msg> {
        let generation = self.generation;
        if !self.evaluating() || self.asked.is_some() || self.failed == Some(generation) {
            return Vec::new();
        }
        let Some((net, _, source)) = self.shown(ctx) else {
            return Vec::new();
        };
        if ctx.data.ready().is_none() {
            return Vec::new();
        }
        self.asked = Some(generation);
        vec![Msg::Run(Command::StudyModel {
            generation,
            source,
            network: Box::new(net.clone()),
        })]
    }

    /// A study is in: taken if it is of the model shown now (of the same
    /// generation), else dropped (the caller asks again).
    pub fn studied(&mut self, generation: u64, source: Source, study: Study, ctx: &Ctx) {
        if self.asked == Some(generation) {
            self.asked = None;
        }
        if generation != self.generation {
            return;
        }
        let Some(data) = ctx.data.ready() else {
            return;
        };
        let Study { facts, evaluation } = study;
        let test = data.test.all();
        let mut mistakes: Vec<usize> = (0..test.len().min(evaluation.predictions.len()))
            .filter(|&i| evaluation.predictions[i].0 != test.label(i))
            .collect();
        sort_mistakes(&mut mistakes, &evaluation, self.least_confident_first);
        self.insight = Some(TestResults {
            source,
            evaluation,
            mistakes,
            labels: test.labels().to_vec(),
        });
        self.facts = Some(facts);
        self.studied = Some(generation);
        // Start again from the most confident mistake (of the cell chosen).
        self.set_filter(self.filter);
        self.mistake_probabilities = None;
        self.refresh_mistake(ctx);
    }

    /// The study of `generation` failed (a worker's panic): not asked
    /// for again until the model changes.
    pub fn study_failed(&mut self) {
        if let Some(generation) = self.asked.take() {
            self.failed = Some(generation);
        }
    }

    /// Shows `digit` (e.g. Play's) on the neurons view: how the network
    /// reads it.
    pub fn show(&mut self, digit: Digit) {
        self.view = View::Neurons;
        self.set_digit(digit);
    }

    /// One step of the forward-pass sweep.
    pub fn step(&mut self, ctx: &Ctx) {
        self.refresh(ctx);
        self.sweep = match self.sweep {
            Some(t) if t + 1 < super::state::SWEEP_TICKS => Some(t + 1),
            _ => None,
        };
    }

    pub fn on_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        // Any key ends the sweep at once.
        self.sweep = None;
        let count = ctx.test_count();
        if self.typing() {
            return match self.goto.key(key, count) {
                Typed::Chosen(i) => {
                    self.set_digit(Digit::Test(i));
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
            }
            Action::Previous | Action::Next => {
                let forward = action == Action::Next;
                if self.view == View::Mistakes {
                    if self.matrix_focus {
                        self.move_cursor(0, if forward { 1 } else { -1 });
                    } else {
                        self.step_mistake(if forward { 1 } else { -1 });
                    }
                } else if count > 0 {
                    let i = match self.digit {
                        Digit::Test(i) if forward => (i + 1) % count,
                        Digit::Test(i) => (i + count - 1) % count,
                        Digit::Drawn(_) => 0,
                    };
                    self.set_digit(Digit::Test(i));
                }
            }
            Action::Up | Action::Down => {
                let down = action == Action::Down;
                match self.view {
                    View::Mistakes if self.matrix_focus => {
                        self.move_cursor(if down { 1 } else { -1 }, 0)
                    }
                    View::Mistakes => {
                        let row = self.gallery_columns.get().max(1) as isize;
                        self.step_mistake(if down { row } else { -row });
                    }
                    View::Weights => {
                        let layer = self.tiles_layer();
                        let count = COLUMN_SIZES[layer];
                        let unit = self.selected_in(layer);
                        let step = if down { 1 } else { count - 1 };
                        self.selected = Some((layer, (unit + step) % count));
                    }
                    View::Neurons => self.step_neuron(down),
                }
            }
            Action::LayerBack | Action::LayerOn => {
                let on = action == Action::LayerOn;
                // The tiles view shows the first layer when none is picked.
                if self.view == View::Weights && self.selected.is_none() {
                    self.selected = Some((0, 0));
                }
                self.selected = Some(match self.selected {
                    None if on => (0, 0),
                    None => (2, 0),
                    Some((layer, unit)) => {
                        let to = if on { (layer + 1) % 3 } else { (layer + 2) % 3 };
                        // Keep the place in the column.
                        let size = |l: usize| COLUMN_SIZES[l.min(2)];
                        let unit = ((unit.min(size(layer) - 1) as f32 + 0.5) * size(to) as f32
                            / size(layer) as f32) as usize;
                        (to, unit.min(size(to) - 1))
                    }
                });
            }
            Action::Deselect => self.selected = None,
            Action::GoTo => self.goto.open(),
            Action::FromPlay => return vec![Msg::TakePlayDigit],
            Action::Edges => self.hide_edges = !self.hide_edges,
            Action::Values => self.values = !self.values,
            Action::Products => self.products = !self.products,
            Action::Matrix => {
                if self.view == View::Mistakes {
                    self.matrix_focus = !self.matrix_focus;
                    if self.matrix_focus {
                        self.set_filter(Some(self.cursor));
                    }
                }
            }
            Action::All => {
                self.matrix_focus = false;
                self.set_filter(None);
            }
            Action::Source => {
                if ctx.live.is_some() {
                    self.prefer_model = !self.prefer_model;
                    self.model_changed();
                    return self.request(ctx);
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
                    let TestResults {
                        evaluation,
                        mistakes,
                        ..
                    } = insight;
                    sort_mistakes(mistakes, evaluation, least);
                }
                self.set_filter(self.filter);
            }
            Action::Page if self.view == View::Weights => {
                let layer = self.tiles_layer();
                let count = COLUMN_SIZES[layer];
                let per_page = self.per_page.get().clamp(1, count);
                let unit = self.selected_in(layer);
                self.selected = Some((layer, (unit / per_page + 1) * per_page % count));
                self.page += 1;
            }
            Action::Page => self.page += 1,
        }
        self.refresh_mistake(ctx);
        Vec::new()
    }

    /// The selected mistake's ten probabilities, computed when it changes.
    pub fn refresh_mistake(&mut self, ctx: &Ctx) {
        let index = self
            .gallery
            .get(self.mistake.min(self.gallery.len().saturating_sub(1)))
            .copied();
        let (Some(index), Some((net, _, _)), Some(data)) =
            (index, self.shown(ctx), ctx.data.ready())
        else {
            self.mistake_probabilities = None;
            return;
        };
        if self.mistake_probabilities.is_some_and(|(i, _)| i == index) {
            return;
        }
        let test = data.test.all();
        if index < test.len() {
            self.mistake_probabilities = Some((index, net.predict(test.image(index))));
        }
    }

    /// Shows another digit; on the neurons view its activation sweeps in.
    fn set_digit(&mut self, digit: Digit) {
        if digit != self.digit {
            self.digit = digit;
            self.sweep = (self.view == View::Neurons).then_some(0);
        }
    }

    /// The selected unit if `layer` is selected, else 0.
    /// The layer the tiles view shows: the selected neuron's, else the
    /// first.
    pub fn tiles_layer(&self) -> usize {
        self.selected.map_or(0, |s| s.0.min(2))
    }

    pub fn selected_in(&self, layer: usize) -> usize {
        match self.selected {
            Some((l, u)) if l == layer => u,
            _ => 0,
        }
    }

    /// ↓ / ↑ on the neurons view: down a column and on into the next
    /// (from no selection: the first neuron, or the last).
    fn step_neuron(&mut self, down: bool) {
        let Some((layer, unit)) = self.selected else {
            self.selected = Some(if down {
                (0, 0)
            } else {
                (2, COLUMN_SIZES[2] - 1)
            });
            return;
        };
        let layer = layer.min(2);
        let unit = unit.min(COLUMN_SIZES[layer] - 1);
        self.selected = Some(if down {
            if unit + 1 < COLUMN_SIZES[layer] {
                (layer, unit + 1)
            } else {
                ((layer + 1) % 3, 0)
            }
        } else if unit > 0 {
            (layer, unit - 1)
        } else {
            let l = (layer + 2) % 3;
            (l, COLUMN_SIZES[l] - 1)
        });
    }

    fn step_mistake(&mut self, by: isize) {
        let len = self.gallery.len() as isize;
        if len > 0 {
            self.mistake = (self.mistake as isize + by).rem_euclid(len) as usize;
        }
    }

    fn move_cursor(&mut self, rows: isize, cols: isize) {
        let m = |v: usize, d: isize| (v as isize + d).rem_euclid(OUTPUTS as isize) as usize;
        self.cursor = (m(self.cursor.0, rows), m(self.cursor.1, cols));
        self.set_filter(Some(self.cursor));
    }

    /// Shows only the mistakes of `cell` (all for `None`) in the gallery.
    pub fn set_filter(&mut self, cell: Option<(usize, usize)>) {
        self.filter = cell;
        self.mistake = 0;
        self.gallery = match &self.insight {
            None => Vec::new(),
            Some(insight) => {
                let e = &insight.evaluation;
                insight
                    .mistakes
                    .iter()
                    .copied()
                    .filter(|&i| match cell {
                        None => true,
                        Some((t, a)) => {
                            let (answer, truth) = (e.predictions[i].0 as usize, insight.labels[i]);
                            truth as usize == t && (t == a || answer == a)
                        }
                    })
                    .collect()
            }
        };
    }
}

fn sort_mistakes(mistakes: &mut [usize], e: &Evaluation, least_first: bool) {
    mistakes.sort_by(|&a, &b| {
        let (ca, cb) = (e.predictions[a].1, e.predictions[b].1);
        let order = cb.total_cmp(&ca);
        if least_first { order.reverse() } else { order }.then(a.cmp(&b))
    });
}
