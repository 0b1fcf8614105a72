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

/// The model's results on the test set, for the mistakes view.
#[derive(Clone, Debug)]
pub struct Insight {
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
    /// The network shown, and what it is.
    pub fn shown<'a>(&self, ctx: &'a Ctx) -> Option<(&'a Network, String)> {
        let model = ctx.model.model.as_ref().ok();
        let file = || format!("{}", ctx.model.path.display());
        match (&ctx.live, model) {
            // The mistakes view is the model file's, computed once.
            (_, Some(m)) if self.view == View::Mistakes => Some((&m.network, file())),
            (Some(_), Some(m)) if self.prefer_model => {
                Some((&m.network, format!("{} · t: training", file())))
            }
            (Some(live), _) => {
                let what = if live.kept_best {
                    format!("last run's best, epoch {}", live.epoch)
                } else if live.training {
                    format!("training ep {} b {}", live.epoch, live.batch)
                } else {
                    format!("last run ep {} b {}", live.epoch, live.batch)
                };
                let switch = if model.is_some() { " · t: file" } else { "" };
                Some((&live.network, format!("{what}{switch}")))
            }
            (None, Some(m)) => Some((&m.network, file())),
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
