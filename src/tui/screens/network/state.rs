//! The Network screen's state: the view, the digit looked at, and the
//! model's results on the test set for the mistakes view.

use std::cell::{Cell, Ref, RefCell};

use super::derived::{Derived, DigitFacts};
use crate::eval::Evaluation;
use crate::network::Network;
use crate::study::ModelFacts;
use crate::tui::ctx::Ctx;
use crate::tui::subject::{Digit, Source};
use crate::tui::widgets::number_input::NumberInput;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Neurons,
    Weights,
    Mistakes,
}

/// The shown model's results on the test set, for the mistakes view.
#[derive(Clone, Debug)]
pub struct TestResults {
    pub source: Source,
    pub evaluation: Evaluation,
    /// Test indices of the mistakes, in the chosen order.
    pub mistakes: Vec<usize>,
    /// The test set's labels (to filter mistakes by matrix cell).
    pub labels: Vec<u8>,
}

/// Ticks (about 50 ms each) of the forward pass sweeping through the layers.
pub const SWEEP_TICKS: u8 = 10;

#[derive(Debug, Default)]
pub struct NetworkScreen {
    pub view: View,
    pub digit: Digit,
    /// Connections are drawn unless hidden with `e`.
    pub hide_edges: bool,
    pub values: bool,
    /// The selected neuron, if any: column (0 hidden 1, 1 hidden 2, 2
    /// output) and unit. Hidden layer 1's is also the weights view's.
    pub selected: Option<(usize, usize)>,
    /// Weights view: each weight times this digit's pixel.
    pub products: bool,
    /// Ticks into the forward-pass sweep, while it runs.
    pub sweep: Option<u8>,
    /// Mistakes view: the arrow keys move the confusion matrix's cursor.
    pub matrix_focus: bool,
    /// Mistakes view: the matrix cell (true, answer) under the cursor.
    pub cursor: (usize, usize),
    /// Mistakes view: only mistakes of this cell (true, answer); a cell on
    /// the diagonal means every mistake on that digit.
    pub filter: Option<(usize, usize)>,
    /// Mistakes view: the test indices the gallery shows (filtered).
    pub gallery: Vec<usize>,
    /// The selected mistake (test index) and its probabilities.
    pub mistake_probabilities: Option<(usize, [f32; crate::network::OUTPUTS])>,
    /// Thumbnails per gallery row as last drawn (for ↑ ↓).
    pub gallery_columns: Cell<usize>,
    /// Weight tiles per page as last drawn (for PgDn).
    pub per_page: Cell<usize>,
    /// Derived from the model and the digit; refreshed when they change.
    derived: RefCell<Derived>,
    pub goto: NumberInput,
    /// Show the model file's weights even when training sent newer ones.
    pub prefer_model: bool,
    pub page: usize,
    /// The shown model's facts (dead units, scales, weight pictures).
    pub facts: Option<ModelFacts>,
    pub insight: Option<TestResults>,
    pub mistake: usize,
    pub least_confident_first: bool,
    /// Counts model changes: a study asked for before the last change is
    /// of another model.
    pub generation: u64,
    /// The generation `facts` and `insight` are of.
    pub studied: Option<u64>,
    /// The generation of the study being computed (one at a time).
    pub asked: Option<u64>,
    /// A generation whose study failed: not asked for again.
    pub failed: Option<u64>,
}

impl NetworkScreen {
    /// The network every view shows, what it is in plain words, and its
    /// source: training's latest weights while there are any (unless `t`
    /// chose the saved model), else the saved model.
    pub fn shown<'a>(&self, ctx: &'a Ctx) -> Option<(&'a Network, String, Source)> {
        let model = ctx.model.model.as_ref().ok();
        let file = || {
            (
                if ctx.model.shipped {
                    "the shipped model".to_string()
                } else {
                    format!("the saved model {}", ctx.model.name())
                },
                Source::File(ctx.model.path.clone()),
            )
        };
        match (&ctx.live, model) {
            (Some(_), Some(m)) if self.prefer_model => {
                let (label, source) = file();
                Some((
                    &m.network,
                    format!("{label} · t: training's weights"),
                    source,
                ))
            }
            (Some(live), _) => {
                let what = if live.kept_best {
                    format!("the last run's best weights, epoch {}", live.epoch)
                } else if live.training {
                    format!(
                        "the weights training now: epoch {}, batch {}",
                        live.epoch, live.batch
                    )
                } else {
                    format!(
                        "the last run's weights at epoch {}, batch {}",
                        live.epoch, live.batch
                    )
                };
                let switch = if model.is_some() {
                    " · t: saved model"
                } else {
                    ""
                };
                let source = Source::Live {
                    epoch: live.epoch,
                    batch: if live.kept_best { 0 } else { live.batch },
                };
                Some((&live.network, format!("{what}{switch}"), source))
            }
            (None, Some(m)) => {
                let (label, source) = file();
                Some((&m.network, label, source))
            }
            (None, None) => None,
        }
    }

    /// The shown digit's pixels, its label (for a test digit) and its name.
    pub fn digit_pixels(&self, ctx: &Ctx) -> Option<(Vec<u8>, Option<u8>, String)> {
        match &self.digit {
            Digit::Test(i) => {
                let test = ctx.data.ready()?.test.all();
                let i = (*i).min(test.len().checked_sub(1)?);
                Some((
                    test.image(i).to_vec(),
                    Some(test.label(i)),
                    format!("test digit #{i}"),
                ))
            }
            Digit::Drawn(px) => Some((px.clone(), None, "your drawing".into())),
        }
    }

    /// What the views draw for the shown model and digit, computed when
    /// either changed since last time (not per frame).
    pub fn derived(&self, ctx: &Ctx) -> Ref<'_, Derived> {
        self.refresh(ctx);
        self.derived.borrow()
    }

    pub fn refresh(&self, ctx: &Ctx) {
        let Some((net, _, source)) = self.shown(ctx) else {
            return;
        };
        let Ok(mut d) = self.derived.try_borrow_mut() else {
            return;
        };
        if d.seen
            .as_ref()
            .is_none_or(|s| s.source != source || s.digit != self.digit)
        {
            d.seen = self
                .digit_pixels(ctx)
                .map(|px| DigitFacts::compute(net, source.clone(), self.digit.clone(), px));
        }
    }

    /// True until the shown model's study is in.
    pub fn evaluating(&self) -> bool {
        self.studied != Some(self.generation)
    }

    /// Whether results of `of` may be drawn for the model shown now: they
    /// are its own, or, while training's next weights are studied, those
    /// of training's weights a moment ago (so the view does not blink).
    fn usable(&self, of: &Source, ctx: &Ctx) -> bool {
        !self.evaluating()
            || matches!(
                (of, self.shown(ctx).map(|s| s.2)),
                (Source::Live { .. }, Some(Source::Live { .. }))
            )
    }

    /// The facts to draw, if there are any for the model shown.
    pub fn facts_for(&self, ctx: &Ctx) -> Option<&ModelFacts> {
        // Studied together with the insight, of the same weights.
        self.facts.as_ref().filter(|_| {
            self.insight
                .as_ref()
                .is_some_and(|i| self.usable(&i.source, ctx))
        })
    }

    /// The test-set results to draw, if there are any for the model shown.
    pub fn insight_for(&self, ctx: &Ctx) -> Option<&TestResults> {
        self.insight
            .as_ref()
            .filter(|i| self.usable(&i.source, ctx))
    }

    /// Forgets what was derived (the model changed, maybe under the same
    /// name).
    pub fn forget(&mut self) {
        *self.derived.get_mut() = Derived::default();
    }

    /// How far the sweep has reached layer `layer` (0 input .. 3 output):
    /// 0 unlit .. 1 fully lit.
    pub fn lit(&self, layer: usize) -> f32 {
        match self.sweep {
            None => 1.0,
            Some(t) => {
                let t = t as f32 / SWEEP_TICKS as f32;
                (t * 3.0 + 1.0 - layer as f32).clamp(0.0, 1.0)
            }
        }
    }
}
