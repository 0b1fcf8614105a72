//! The app: the shared context, the four screens, which one is shown, and
//! the overlays. It is the one place that knows more than one screen: it
//! routes keys and worker events to the screen they are for, and acts on the
//! [`Msg`]s screens send (another screen, a notice, a worker to start).
//! No terminal, threads or files in here; the run loop carries out the
//! [`Command`]s `update` returns.

mod input;
mod update;

pub use update::update;

use std::path::PathBuf;

use ratatui::layout::Rect;

use super::command::Command;
use super::ctx::{Ctx, DataState, Notice};
use super::screens::{Screen, Screens};
use super::screens::{Tab, msg::Msg};
use crate::config::Config;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    ConfirmQuit,
    /// The first-launch card: what this is and where to start.
    Welcome,
}

pub struct App {
    pub ctx: Ctx,
    pub tab: Tab,
    pub overlay: Overlay,
    /// Rows the help overlay is scrolled down (clamped when drawn).
    pub help_scroll: u16,
    pub screens: Screens,
    pub quitting: bool,
    /// A key pressed while the terminal was too small, and when: a
    /// terminal that grows back at once (two resizes in a row) still gets
    /// it, so keys are not lost to a size that lasted a moment.
    pub held_key: Option<(ratatui::crossterm::event::KeyEvent, std::time::Instant)>,
}

impl App {
    /// `play_seed` seeds the choice of test digits on the Play screen;
    /// `size` is the terminal's.
    pub fn new(
        config: Config,
        config_path: PathBuf,
        model_path: impl Into<crate::model_file::ModelPath>,
        play_seed: u64,
        size: Rect,
    ) -> App {
        App {
            ctx: Ctx::new(config, config_path, model_path, size),
            tab: Tab::Train,
            overlay: Overlay::None,
            help_scroll: 0,
            screens: Screens::new(play_seed),
            quitting: false,
            held_key: None,
        }
    }

    /// True while work runs that quitting would throw away.
    pub fn busy(&self) -> bool {
        self.screens.train.running() || self.screens.tune.running()
    }

    /// Whether quitting now should ask first: work running, or a trained
    /// model that exists nowhere but here.
    pub fn quit_loses_something(&self) -> bool {
        self.busy() || self.screens.train.unsaved_epoch().is_some()
    }

    /// What quitting would interrupt or lose, for the question.
    pub fn running_work(&self) -> String {
        match (self.screens.train.running(), self.screens.tune.running()) {
            (true, true) => {
                "Training and the sweep are running (finished trials are kept). Quit?".into()
            }
            (true, false) => "Training is running. Quit anyway?".into(),
            (false, true) => "The sweep is running (finished trials are kept). Quit?".into(),
            (false, false) => match self.screens.train.unsaved_epoch() {
                Some(epoch) => {
                    format!("The model of epoch {epoch} is not saved (w saves it). Quit anyway?")
                }
                None => "Quit?".into(),
            },
        }
    }

    pub fn screen(&self) -> &dyn Screen {
        self.screens.get(self.tab)
    }

    /// Whether the screen on show is moving on its own.
    pub fn animating(&self) -> bool {
        self.overlay == Overlay::None && self.screen().animating()
    }

    /// The current screen, and the context it reads, borrowed together.
    fn screen_and_ctx(&mut self) -> (&mut dyn Screen, &super::ctx::Ctx) {
        (self.screens.get_mut(self.tab), &self.ctx)
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.ctx.notice = Some(Notice {
            text: text.into(),
            error: false,
        });
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.ctx.notice = Some(Notice {
            text: text.into(),
            error: true,
        });
    }

    fn quit(&mut self) -> Vec<Command> {
        self.quitting = true;
        let mut cmds = Vec::new();
        if self.screens.train.running() {
            cmds.push(Command::StopTraining);
        }
        if self.screens.tune.running() {
            cmds.push(Command::StopSweep);
        }
        cmds.push(Command::Quit);
        cmds
    }

    /// Acts on screens' requests; returns the commands among them and
    /// those they led to.
    fn act(&mut self, msgs: Vec<Msg>) -> Vec<Command> {
        let mut queue: std::collections::VecDeque<Msg> = msgs.into();
        let mut cmds = Vec::new();
        while let Some(msg) = queue.pop_front() {
            let more = match msg {
                Msg::Run(cmd) => {
                    cmds.push(cmd);
                    Vec::new()
                }
                Msg::Say(text) => {
                    self.say(text);
                    Vec::new()
                }
                Msg::Warn(text) => {
                    self.warn(text);
                    Vec::new()
                }
                Msg::GoTo(tab) => self.go_to(tab),
                Msg::StartTraining
                    if self.screens.train.running() || self.ctx.data.ready().is_none() =>
                {
                    Vec::new()
                }
                Msg::StartTraining => self.screens.train.start(&self.ctx),
                Msg::StartSweep if self.screens.train.running() => {
                    vec![Msg::warn("training is running: stop it first (F1, s)")]
                }
                Msg::StartSweep => self.screens.tune.start(&self.ctx),
                Msg::StartDownload => {
                    let attempt = match &self.ctx.data {
                        DataState::Missing(help) => help.attempts + 1,
                        _ => 1,
                    };
                    self.ctx.data = DataState::Downloading {
                        attempt,
                        url: String::new(),
                        file: String::new(),
                        bytes: 0,
                        total: None,
                        bytes_per_sec: 0,
                        failures: Vec::new(),
                    };
                    vec![Msg::Run(Command::StartDownload)]
                }
                Msg::ShowDigit(d) => {
                    self.screens.network.show(d);
                    self.go_to(Tab::Network)
                }
                Msg::TakePlayDigit => match self.screens.play.digit() {
                    Some(d) => {
                        let (screen, ctx) = self.screen_and_ctx();
                        screen.take_digit(d, ctx)
                    }
                    None => vec![Msg::warn("Play has no digit yet")],
                },
            };
            queue.extend(more);
        }
        cmds
    }

    fn go_to(&mut self, tab: Tab) -> Vec<Msg> {
        self.tab = tab;
        let (screen, ctx) = self.screen_and_ctx();
        screen.shown(ctx)
    }

    /// What the screen on show needs computed off the UI thread (the
    /// Network screen's study of its model: asked for only while it is on
    /// show, so training's weights are not studied unseen).
    fn wanted(&mut self) -> Vec<Command> {
        let (screen, ctx) = self.screen_and_ctx();
        let msgs = screen.wanted(ctx);
        self.act(msgs)
    }
}
