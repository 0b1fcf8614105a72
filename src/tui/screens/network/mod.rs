//! The Network screen: inside the 784-16-16-10 network, as 3Blue1Brown's
//! video shows it. Three views: the neurons lit by one digit, the first
//! layer's weights as pictures, and where the model goes wrong.

mod keys;
mod state;
#[cfg(test)]
mod tests;
mod update;
mod view;

pub use state::{Insight, NetworkScreen, Source, View};

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::Screen;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Row, row_as, rows};
use crate::tui::msg::Msg;

impl Screen for NetworkScreen {
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg> {
        self.on_key(key, ctx)
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
                row(Action::FromPlay, "from Play"),
                row(Action::Edges, "edges"),
                row(Action::Values, "numbers"),
            ]),
            View::Weights => shown.extend([
                row(Action::Previous, "digit"),
                row(Action::FromPlay, "from Play"),
            ]),
            View::Mistakes => shown.extend([
                row(Action::Previous, "mistake"),
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
}
