//! One folder per screen. Each screen owns its state (`state.rs`), has one
//! key table (`keys.rs`), changes through its key handler and the worker
//! events meant for it (`update.rs`), and draws from `&self` and the shared
//! [`Ctx`] (`view.rs`). A screen never sees the app or another screen: what
//! it needs from outside it asks for with a [`Msg`].

pub mod learn;
pub mod msg;
pub mod network;
pub mod play;
pub mod train;
pub mod tune;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::ctx::Ctx;
use super::event::Event;
use super::keys::Row;
use super::subject::Digit;
use msg::Msg;

/// The screens, in the tabs' order: each is a tab, an F-key, a line of the
/// welcome card and of the help. Adding a screen is its folder and one
/// line here: `Name(field: Type) = constructor, "what it is for";`.
macro_rules! screens {
    ($( $tab:ident($field:ident: $ty:ty) = $new:expr, $blurb:literal; )*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Tab {
            $( $tab, )*
        }

        impl Tab {
            pub const ALL: &'static [Tab] = &[$( Tab::$tab, )*];

            pub fn title(self) -> &'static str {
                match self {
                    $( Tab::$tab => stringify!($tab), )*
                }
            }

            /// What the screen is for, in a few words (the welcome card).
            pub fn blurb(self) -> &'static str {
                match self {
                    $( Tab::$tab => $blurb, )*
                }
            }

            pub fn index(self) -> usize {
                Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
            }
        }

        /// Every screen's state.
        pub struct Screens {
            $( pub $field: $ty, )*
        }

        impl Screens {
            /// `play_seed` seeds the choice of Play's test digits.
            pub fn new(play_seed: u64) -> Screens {
                Screens { $( $field: ($new)(play_seed), )* }
            }

            pub fn get(&self, tab: Tab) -> &dyn Screen {
                match tab {
                    $( Tab::$tab => &self.$field, )*
                }
            }

            pub fn get_mut(&mut self, tab: Tab) -> &mut dyn Screen {
                match tab {
                    $( Tab::$tab => &mut self.$field, )*
                }
            }

            /// All of them, to tell each about an event.
            pub fn all_mut(&mut self) -> [&mut dyn Screen; Tab::ALL.len()] {
                [$( &mut self.$field as &mut dyn Screen, )*]
            }
        }
    };
}

screens! {
    Train(train: train::TrainScreen) = |_| Default::default(),
        "watch it learn: cost falling, accuracy rising";
    Play(play: play::PlayScreen) = play::PlayScreen::new,
        "guess test digits against the network";
    Tune(tune: tune::TuneScreen) = |_| Default::default(),
        "search Adam's settings over 1,500 short runs";
    Network(network: network::NetworkScreen) = |_| Default::default(),
        "look inside: neurons, weights, mistakes";
    Learn(learn: learn::LearnScreen) = |_| Default::default(),
        "how it learns: one training step taken apart";
}

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

    /// Play's digit, asked for with `p` on a screen that takes digits.
    fn take_digit(&mut self, _digit: Digit, _ctx: &Ctx) -> Vec<Msg> {
        Vec::new()
    }

    /// An event from a worker, or the app's own: every screen hears every
    /// event, after the shared context took its part, and takes what
    /// concerns it.
    fn on_event(&mut self, _event: &Event, _ctx: &Ctx) -> Vec<Msg> {
        Vec::new()
    }

    /// The screen comes into view (by a message; keys change tabs without
    /// asking).
    fn shown(&mut self, _ctx: &Ctx) -> Vec<Msg> {
        Vec::new()
    }

    /// Work the screen wants done off the UI thread while it is on show
    /// (asked after every update).
    fn wanted(&mut self, _ctx: &Ctx) -> Vec<Msg> {
        Vec::new()
    }
}
