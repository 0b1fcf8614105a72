//! The Network screen's state: the view, the digit looked at, and the
//! model's results on the test set for the mistakes view.

use crate::eval::Evaluation;
use crate::network::Network;
use crate::tui::ctx::Ctx;
use crate::tui::msg::Digit;
use crate::tui::widgets::number_input::NumberInput;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Neurons,
    Weights,
    Mistakes,
}

/// Which weights are shown, to tell when results computed from them are
/// stale.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    File(std::path::PathBuf),
    /// Training's weights after `batch` batches of `epoch` (batch 0: the
    /// best epoch's, kept when the run ended).
    Live {
        epoch: usize,
        batch: usize,
    },
}

/// The shown model's results on the test set, for the mistakes view.
#[derive(Clone, Debug)]
pub struct Insight {
    pub source: Source,
    pub evaluation: Evaluation,
    /// Test indices of the mistakes, in the chosen order.
    pub mistakes: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct NetworkScreen {
    pub view: View,
    pub digit: Digit,
    pub edges: bool,
    pub values: bool,
    pub goto: NumberInput,
    /// Show the model file's weights even when training sent newer ones.
    pub prefer_model: bool,
    pub page: usize,
    pub insight: Option<Insight>,
    pub mistake: usize,
    pub least_confident_first: bool,
}

impl NetworkScreen {
    /// The network every view shows, what it is in plain words, and its
    /// source: training's latest weights while there are any (unless `t`
    /// chose the saved model), else the saved model.
    pub fn shown<'a>(&self, ctx: &'a Ctx) -> Option<(&'a Network, String, Source)> {
        let model = ctx.model.model.as_ref().ok();
        let file = || {
            (
                format!("saved model {}", ctx.model.path.display()),
                Source::File(ctx.model.path.clone()),
            )
        };
        match (&ctx.live, model) {
            (Some(_), Some(m)) if self.prefer_model => {
                let (label, source) = file();
                Some((&m.network, format!("{label} (t: training's)"), source))
            }
            (Some(live), _) => {
                let what = if live.kept_best {
                    format!("last run's best weights, epoch {}", live.epoch)
                } else if live.training {
                    format!("training now: epoch {}, batch {}", live.epoch, live.batch)
                } else {
                    format!(
                        "last run's weights at epoch {}, batch {}",
                        live.epoch, live.batch
                    )
                };
                let switch = if model.is_some() {
                    " (t: saved model)"
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
}
