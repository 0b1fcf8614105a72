//! The Network screen: inside the 784-16-16-10 network, as 3Blue1Brown's
//! video shows it. Three views: the neurons lit by one digit, the first
//! layer's weights as pictures, and where the model goes wrong.

mod derived;
mod keys;
mod mistakes_view;
mod neurons_view;
mod state;
#[cfg(test)]
mod tests;
mod tiles_layout;
mod tiles_view;
mod update;
mod view;

pub use state::{NetworkScreen, View};

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::Screen;
use crate::train::TrainEvent;
use crate::tui::ctx::Ctx;
use crate::tui::event::{DataEvent, Event, Worker};
use crate::tui::keys::{Row, row_as, rows};
use crate::tui::screens::msg::Msg;
use crate::tui::subject::Digit;

impl Screen for NetworkScreen {
    fn take_digit(&mut self, digit: Digit, _ctx: &Ctx) -> Vec<Msg> {
        self.show(digit);
        Vec::new()
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        self.on_key(key, ctx)
    }

    fn on_event(&mut self, event: &Event, ctx: &Ctx) -> Vec<Msg> {
        match event {
            Event::Studied {
                generation,
                source,
                study,
            } => self.studied(*generation, source.clone(), (**study).clone(), ctx),
            Event::WorkerFailed {
                worker: Worker::NetworkStudy,
                ..
            } => self.study_failed(),
            // New weights to show: the loaded model (unless the app kept
            // the one it had), MNIST, or training's.
            Event::Model { result, .. } if result.is_ok() || ctx.model.model.is_err() => {
                self.model_changed()
            }
            Event::Data(DataEvent::Loaded(_))
            | Event::Train {
                event: TrainEvent::Snapshot { .. } | TrainEvent::Finished(_),
                ..
            } => self.model_changed(),
            _ => {}
        }
        Vec::new()
    }

    fn wanted(&mut self, ctx: &Ctx) -> Vec<Msg> {
        self.request(ctx)
    }

    fn typing(&self) -> bool {
        NetworkScreen::typing(self)
    }

    fn keys(&self) -> Vec<Row> {
        rows(keys::KEYS)
    }

    /// The keys that do something in this view.
    fn footer(&self, ctx: &Ctx) -> Vec<Row> {
        use keys::{Action, KEYS};
        let row = |a, short| row_as(KEYS, a, short);
        let mut shown = vec![row(Action::View, "view")];
        match self.view {
            View::Neurons => shown.extend([
                row(Action::Previous, "digit"),
                row(Action::Up, "neuron"),
                row(Action::LayerBack, "layer"),
                row(Action::FromPlay, "from Play"),
                row(Action::Edges, "edges"),
            ]),
            View::Weights => shown.extend([
                row(Action::Previous, "digit"),
                row(Action::Up, "neuron"),
                row(Action::Products, "other tiles"),
                row(Action::FromPlay, "from Play"),
            ]),
            View::Mistakes if self.matrix_focus => shown.extend([
                row(Action::Previous, "answer"),
                row(Action::Up, "true digit"),
                row(Action::Matrix, "gallery"),
                row(Action::All, "all"),
            ]),
            View::Mistakes => shown.extend([
                row(Action::Previous, "mistake"),
                row(Action::Up, "row"),
                row(Action::Matrix, "matrix"),
                row(Action::All, "all"),
                row(Action::Order, "order"),
            ]),
        }
        if ctx.live.is_some() {
            let other = if self.prefer_model {
                "training's"
            } else {
                "saved model"
            };
            shown.push(row(Action::Source, other));
        }
        shown.into_iter().flatten().collect()
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::draw(self, frame, area, ctx);
    }

    fn animating(&self) -> bool {
        self.sweep.is_some() && self.view == View::Neurons
    }

    fn tick(&mut self, ctx: &Ctx) {
        self.step(ctx);
    }
}
