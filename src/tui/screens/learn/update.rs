//! The Learn screen's keys and time.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::keys::{Action, KEYS};
use super::state::{LearnScreen, SCENES, SWEEP_STEP};
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
        let count = ctx.data.ready().map_or(0, |d| d.train.len());
        match action {
            Action::Next if swept => {}
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
            Action::Random => self.random_example(count),
            Action::Up | Action::Down => self.step_unit(action == Action::Down),
        }
        Vec::new()
    }

    pub fn on_tick(&mut self) {
        if let Some(t) = self.sweep {
            self.sweep = (t < 3 * SWEEP_STEP).then_some(t + 1);
        }
    }
}
