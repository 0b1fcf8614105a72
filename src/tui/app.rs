//! The app's state and `update`: a plain function from (state, event) to
//! new state plus commands. No terminal, threads or files in here; the run
//! loop carries out the commands.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::crossterm::event::{Event as Input, KeyCode, KeyEvent, KeyEventKind};
use ratatui::layout::Rect;

use super::event::{DataEvent, Event};
use super::keys::{self, Global};
use super::screens::network::{Live, NetworkState};
use super::screens::play::PlayState;
use super::screens::train::TrainState;
use super::screens::tune::TuneState;
use crate::config::Config;
use crate::data::Mnist;
use crate::data::download::DownloadEvent;
use crate::model_file::{SaveOutcome, SavedModel};
use crate::network::Network;
use crate::train::TrainEvent;
use crate::tune::{Hyper, Sweep};

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

/// The model Play uses.
#[derive(Debug)]
pub struct ModelSlot {
    pub path: PathBuf,
    pub model: Result<Box<SavedModel>, String>,
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
        slow: bool,
    },
    StopTraining,
    SetPaused(bool),
    /// Slow motion on or off.
    SetSlow(bool),
    /// Save to the model path, never replacing a better model; if the one
    /// there is better, save `beside` it or not at all.
    SaveModel {
        model: Box<SavedModel>,
        beside: bool,
    },
    ReloadConfig,
    /// Look for earlier results of the configured sweep.
    LoadSweep,
    StartDownload,
    /// Read a model file for Play.
    LoadModel(PathBuf),
    /// Read the model file after `after` (by name) in the same folder.
    LoadNextModel {
        after: PathBuf,
    },
    /// Run (or resume) the sweep of `config`'s tuner grid as sweep `run`.
    StartSweep {
        run: u64,
        config: Box<Config>,
    },
    StopSweep,
    /// Write these settings into config.ron (keeping the rest of the file).
    ApplyHyper {
        hyper: Hyper,
        seed: u64,
    },
    Quit,
}

pub struct App {
    pub tab: Tab,
    pub overlay: Overlay,
    pub config: Config,
    pub config_path: PathBuf,
    pub model_path: PathBuf,
    pub data: DataState,
    /// The model Play uses: its file, and the model or why there is none.
    pub model: ModelSlot,
    pub train: TrainState,
    pub play: PlayState,
    pub tune: TuneState,
    pub network: NetworkState,
    /// The terminal's size, to map mouse clicks onto the screen's layout.
    pub size: Rect,
    pub notice: Option<Notice>,
    pub quitting: bool,
}

impl App {
    /// `play_seed` seeds the choice of test digits on the Play screen.
    pub fn new(config: Config, config_path: PathBuf, model_path: PathBuf, play_seed: u64) -> App {
        App {
            tab: Tab::Train,
            overlay: Overlay::None,
            config,
            config_path,
            model_path: model_path.clone(),
            data: DataState::Loading,
            model: ModelSlot {
                path: model_path.clone(),
                model: Err("loading…".into()),
            },
            train: TrainState::default(),
            play: PlayState::new(play_seed),
            tune: TuneState::default(),
            network: NetworkState::default(),
            size: Rect::new(0, 0, 80, 24),
            notice: None,
            quitting: false,
        }
    }

    /// True while work runs that quitting would throw away.
    pub fn busy(&self) -> bool {
        self.train.running() || self.tune.running()
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
        if self.tune.running() {
            cmds.push(Command::StopSweep);
        }
        cmds.push(Command::Quit);
        cmds
    }
}

/// Applies `event` to `app`; returns what the run loop should do.
pub fn update(app: &mut App, event: Event) -> Vec<Command> {
    match event {
        Event::Input(Input::Key(key)) if key.kind != KeyEventKind::Release => on_key(app, key),
        Event::Input(Input::Resize(w, h)) => {
            app.size = Rect::new(0, 0, w, h);
            Vec::new()
        }
        Event::Input(Input::Mouse(m)) if app.tab == Tab::Play && app.overlay == Overlay::None => {
            super::screens::play::handle_mouse(app, m)
        }
        Event::Input(_) => Vec::new(),
        Event::Interrupt => app.quit(),
        Event::Data(e) => on_data(app, e),
        Event::Train {
            run,
            event:
                TrainEvent::Snapshot {
                    epoch,
                    batch,
                    network,
                },
        } => {
            if run == app.train.run {
                app.network.live = Some(Live {
                    epoch,
                    batch,
                    network: *network,
                    kept_best: false,
                });
            }
            Vec::new()
        }
        Event::Train { run, event } => {
            if let TrainEvent::Finished(summary) = &event
                && run == app.train.run
                && summary.best_epoch > 0
            {
                // The run ends on the weights it keeps, not its last batch.
                app.network.live = Some(Live {
                    epoch: summary.best_epoch,
                    batch: 0,
                    network: summary.network.clone(),
                    kept_best: true,
                });
            }
            let config = app.config.clone();
            app.train.on_event(run, event, &config)
        }
        Event::Config(Ok(config)) => {
            let new_sweep = Sweep::from_config(&config) != Sweep::from_config(&app.config);
            app.config = config;
            app.train.config_error = None;
            app.say(format!("{} reloaded", app.config_path.display()));
            if new_sweep && !app.tune.running() {
                // The table showed another grid: show this one's results.
                app.tune.clear();
                return vec![Command::LoadSweep];
            }
            Vec::new()
        }
        Event::Config(Err(message)) => {
            app.train.config_error = Some(format!("{message}\n(the previous settings stay)"));
            app.warn("config has errors (Train screen)");
            Vec::new()
        }
        Event::Model { path, result } => {
            if let (Ok(m), true) = (&result, app.config.load_model)
                && path == app.model_path
                && app.train.network.is_none()
                && !app.train.running()
            {
                app.train.network = Some(m.network.clone());
            }
            if let Err(e) = &result
                && app.model.model.is_ok()
            {
                // Keep playing with the model we have; `l` moves on from here.
                app.warn(format!("model not loaded: {e}"));
                app.play.browsed = Some(path);
                return Vec::new();
            }
            let loaded = result.is_ok();
            app.model = ModelSlot {
                path,
                model: result,
            };
            if app.play.model_changed() && loaded {
                app.say("new model: Play score reset");
            }
            super::screens::play::ensure_round(app);
            model_changed(app);
            Vec::new()
        }
        Event::Tune {
            run,
            elapsed,
            event,
        } => {
            app.tune.on_event(run, elapsed, event);
            Vec::new()
        }
        Event::TuneLoaded {
            sweep,
            results,
            note,
        } => {
            if sweep == Sweep::from_config(&app.config) {
                app.tune.loaded(sweep, results, note);
            }
            Vec::new()
        }
        Event::Applied(what) => {
            app.say(what);
            Vec::new()
        }
        Event::Saved(Ok(outcome)) => {
            let (short, long) = match &outcome {
                SaveOutcome::Saved(p) => (
                    "model saved".to_string(),
                    format!("saved to {}", p.display()),
                ),
                SaveOutcome::KeptExisting {
                    existing,
                    saved: Some(saved),
                    reason,
                } => (
                    "saved beside the better model".to_string(),
                    format!(
                        "saved as {}; {} kept ({reason})",
                        saved.display(),
                        existing.display()
                    ),
                ),
                SaveOutcome::KeptExisting {
                    existing,
                    saved: None,
                    reason,
                } => (
                    "not saved: a better one exists".to_string(),
                    format!(
                        "not saved: {} is better ({reason}); w saves beside it",
                        existing.display()
                    ),
                ),
            };
            if let SaveOutcome::KeptExisting { saved: None, .. } = outcome {
                // w may still save this one beside the better model.
                app.train.saved_marker = None;
            }
            app.say(short);
            app.train.saved = Some(long);
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
    // A message stays until the next key.
    app.notice = None;
    // Too small to see: only quitting works, so nothing happens unseen.
    if app.size.width < super::ui::MIN_WIDTH || app.size.height < super::ui::MIN_HEIGHT {
        let quitting = matches!(
            keys::lookup(keys::GLOBAL, &key),
            Some(Global::Quit | Global::Interrupt)
        );
        let confirming = app.overlay == Overlay::ConfirmQuit;
        if !(quitting || confirming) {
            return Vec::new();
        }
    }
    // A screen that is reading typed text gets every key first.
    if app.overlay == Overlay::None && app.tab == Tab::Play && app.play.typing() {
        return super::screens::play::handle_key(app, &key);
    }
    if app.overlay == Overlay::None && app.tab == Tab::Network && app.network.typing() {
        return super::screens::network::handle_key(app, &key);
    }
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
        Tab::Play => super::screens::play::handle_key(app, &key),
        Tab::Tune => super::screens::tune::handle_key(app, &key),
        Tab::Network => super::screens::network::handle_key(app, &key),
    }
}

/// The model or data changed: the Network screen's results are stale.
fn model_changed(app: &mut App) {
    app.network.model_changed();
    if app.network.view == super::screens::network::View::Mistakes {
        super::screens::network::ensure_insight(app);
    }
}

pub fn switch_tab(app: &mut App, tab: Tab) {
    app.tab = tab;
    if tab == Tab::Play {
        super::screens::play::ensure_round(app);
    }
}

fn on_data(app: &mut App, e: DataEvent) -> Vec<Command> {
    match e {
        DataEvent::Loaded(m) => {
            app.say("MNIST loaded");
            app.data = DataState::Ready(m);
            app.play.model_changed();
            super::screens::play::ensure_round(app);
            model_changed(app);
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
