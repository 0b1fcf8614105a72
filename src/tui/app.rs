//! The app's state and `update`: a plain function from (state, event) to
//! new state plus commands. No terminal, threads or files in here; the run
//! loop carries out the commands.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::crossterm::event::{Event as Input, KeyCode, KeyEvent, KeyEventKind};

use super::event::{DataEvent, Event};
use super::keys::{self, Global};
use super::screens::train::TrainState;
use crate::config::Config;
use crate::data::Mnist;
use crate::data::download::DownloadEvent;
use crate::model_file::SavedModel;
use crate::network::Network;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Train,
    Play,
    Tune,
    Network,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Train, Tab::Play, Tab::Tune, Tab::Network];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Train => "Train",
            Tab::Play => "Play",
            Tab::Tune => "Tune",
            Tab::Network => "Network",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    ConfirmQuit,
}

/// Where MNIST stands.
#[derive(Debug)]
pub enum DataState {
    Loading,
    /// Not found; the message says where we looked and what to do.
    Missing(String),
    Downloading {
        file: String,
        bytes: u64,
        total: Option<u64>,
        /// Failed attempts so far (mirror fallbacks).
        failures: Vec<String>,
    },
    Failed(String),
    Ready(Arc<Mnist>),
}

impl DataState {
    pub fn ready(&self) -> Option<&Arc<Mnist>> {
        match self {
            DataState::Ready(m) => Some(m),
            _ => None,
        }
    }
}

/// A short message in the top bar; errors are shown in red.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// What `update` asks the run loop to do.
#[derive(Debug)]
pub enum Command {
    /// Start training run `run` from `start` (None: fresh initialisation).
    StartTraining {
        run: u64,
        config: Box<Config>,
        seed: Option<u64>,
        start: Option<Box<Network>>,
    },
    StopTraining,
    SetPaused(bool),
    /// Save to the model path, never replacing a better model.
    SaveModel(Box<SavedModel>),
    ReloadConfig,
    StartDownload,
    Quit,
}

pub struct App {
    pub tab: Tab,
    pub overlay: Overlay,
    pub config: Config,
    pub config_path: PathBuf,
    pub model_path: PathBuf,
    pub data: DataState,
    /// The model file read at start (for Play), or why there is none.
    pub model: Result<Box<SavedModel>, String>,
    pub train: TrainState,
    pub notice: Option<Notice>,
    pub quitting: bool,
}

impl App {
    pub fn new(config: Config, config_path: PathBuf, model_path: PathBuf) -> App {
        App {
            tab: Tab::Train,
            overlay: Overlay::None,
            config,
            config_path,
            model_path,
            data: DataState::Loading,
            model: Err("loading".into()),
            train: TrainState::default(),
            notice: None,
            quitting: false,
        }
    }

    /// True while work runs that quitting would throw away.
    pub fn busy(&self) -> bool {
        self.train.running()
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            error: false,
        });
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            error: true,
        });
    }

    fn quit(&mut self) -> Vec<Command> {
        self.quitting = true;
        let mut cmds = Vec::new();
        if self.train.running() {
            cmds.push(Command::StopTraining);
        }
        cmds.push(Command::Quit);
        cmds
    }
}

/// Applies `event` to `app`; returns what the run loop should do.
pub fn update(app: &mut App, event: Event) -> Vec<Command> {
    match event {
        Event::Input(Input::Key(key)) if key.kind != KeyEventKind::Release => on_key(app, key),
        Event::Input(_) => Vec::new(),
        Event::Interrupt => app.quit(),
        Event::Data(e) => on_data(app, e),
        Event::Train { run, event } => {
            let config = app.config.clone();
            app.train.on_event(run, event, &config)
        }
        Event::Config(Ok(config)) => {
            app.config = config;
            app.train.config_error = None;
            app.say(format!("{} reloaded", app.config_path.display()));
            Vec::new()
        }
        Event::Config(Err(message)) => {
            app.train.config_error = Some(message);
            app.warn("config not reloaded: see the Train screen");
            Vec::new()
        }
        Event::Model(model) => {
            if let (Ok(m), true) = (&model, app.config.load_model)
                && app.train.network.is_none()
                && !app.train.running()
            {
                app.train.network = Some(m.network.clone());
            }
            app.model = model;
            Vec::new()
        }
        Event::Saved(Ok(outcome)) => {
            let short = if outcome.starts_with("kept") {
                "a better model was kept; this one was saved beside it"
            } else {
                "model saved"
            };
            app.say(short);
            app.train.saved = Some(outcome);
            Vec::new()
        }
        Event::Saved(Err(message)) => {
            app.train.saved = Some(format!("not saved: {message}"));
            app.warn(format!("save failed: {message}"));
            Vec::new()
        }
        Event::WorkerFailed { worker, message } => {
            if worker == "training" {
                app.train.worker_failed(&message);
            }
            app.warn(format!("{worker} failed: {message}"));
            Vec::new()
        }
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Command> {
    match app.overlay {
        Overlay::ConfirmQuit => {
            return match key.code {
                KeyCode::Char('y' | 'Y') => app.quit(),
                _ if keys::lookup(keys::GLOBAL, &key) == Some(Global::Interrupt) => app.quit(),
                _ => {
                    app.overlay = Overlay::None;
                    Vec::new()
                }
            };
        }
        Overlay::Help => {
            if keys::lookup(keys::GLOBAL, &key) == Some(Global::Interrupt) {
                return app.quit();
            }
            app.overlay = Overlay::None;
            return Vec::new();
        }
        Overlay::None => {}
    }
    if let Some(action) = keys::lookup(keys::GLOBAL, &key) {
        return match action {
            Global::Cycle => {
                let step = if key.code == KeyCode::BackTab {
                    Tab::ALL.len() - 1
                } else {
                    1
                };
                app.tab = Tab::ALL[(app.tab.index() + step) % Tab::ALL.len()];
                Vec::new()
            }
            Global::Jump => {
                if let KeyCode::F(n @ 1..=4) = key.code {
                    app.tab = Tab::ALL[n as usize - 1];
                }
                Vec::new()
            }
            Global::Help => {
                app.overlay = Overlay::Help;
                Vec::new()
            }
            Global::Quit if app.busy() => {
                app.overlay = Overlay::ConfirmQuit;
                Vec::new()
            }
            Global::Quit | Global::Interrupt => app.quit(),
        };
    }
    match app.tab {
        Tab::Train => super::screens::train::handle_key(app, &key),
        Tab::Play | Tab::Tune | Tab::Network => Vec::new(),
    }
}

fn on_data(app: &mut App, e: DataEvent) -> Vec<Command> {
    match e {
        DataEvent::Loaded(m) => {
            app.say("MNIST loaded");
            app.data = DataState::Ready(m);
        }
        DataEvent::Missing(message) => app.data = DataState::Missing(message),
        DataEvent::Failed(message) => app.data = DataState::Failed(message),
        DataEvent::Download(d) => {
            let failures = match &mut app.data {
                DataState::Downloading { failures, .. } => std::mem::take(failures),
                _ => Vec::new(),
            };
            app.data = match d {
                DownloadEvent::Started { file, .. } => DataState::Downloading {
                    file,
                    bytes: 0,
                    total: None,
                    failures,
                },
                DownloadEvent::Progress { file, bytes, total } => DataState::Downloading {
                    file,
                    bytes,
                    total,
                    failures,
                },
                DownloadEvent::Failed(a) => {
                    let mut failures = failures;
                    failures.push(format!("{}: {}", a.url, a.error));
                    DataState::Downloading {
                        file: String::new(),
                        bytes: 0,
                        total: None,
                        failures,
                    }
                }
                DownloadEvent::Saved { file, .. } => DataState::Downloading {
                    file: format!("{file} saved"),
                    bytes: 0,
                    total: None,
                    failures,
                },
            };
        }
    }
    Vec::new()
}
