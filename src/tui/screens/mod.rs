//! One folder per screen. Each screen owns its state (`state.rs`), has one
//! key table (`keys.rs`), changes through its key handler and the worker
//! events meant for it (`update.rs`), and draws from `&self` and the shared
//! [`Ctx`] (`view.rs`). A screen never sees the app or another screen: what
//! it needs from outside it asks for with a [`Msg`].

pub mod network;
pub mod play;
pub mod train;
pub mod tune;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::ctx::Ctx;
use super::keys::Row;
use super::msg::Msg;

pub trait Screen {
    /// A key for this screen (global keys never arrive here).
    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Vec<Msg>;

    /// True while typed characters are text: every key comes here first.
    fn typing(&self) -> bool {
        false
    }

    /// Every key of the screen as it is now, for the help overlay.
    fn keys(&self) -> Vec<Row>;

    /// The keys worth showing in the footer now.
    fn footer(&self, _ctx: &Ctx) -> Vec<Row> {
        self.keys()
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx);

    /// True while something moves on its own (an animation): the app then
    /// sends [`Screen::tick`] about 20 times a second.
    fn animating(&self) -> bool {
        false
    }

    /// One step of time for an animation (about 50 ms).
    fn tick(&mut self, _ctx: &Ctx) {}
}
