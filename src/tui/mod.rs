//! The interactive app: one channel of [`Event`]s into the UI thread (from
//! an input thread and from workers), `update` to change state and decide
//! commands, this run loop to carry them out, and drawing from `&App`.

pub mod app;
pub mod event;
mod goto;
pub mod keys;
#[cfg(test)]
mod network_tests;
#[cfg(test)]
mod play_tests;
pub mod screens;
pub mod terminal;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
pub mod theme;
#[cfg(test)]
mod tune_tests;
pub mod ui;

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use rand::RngExt;

use crate::Error;
use crate::cli::{self, Globals};
use crate::config::{self, Config};
use crate::data::download::ensure_data;
use crate::data::{self, Mnist, locate};
use crate::model_file::{self, SaveOutcome, save_unless_worse};
use crate::network::Network;
use crate::train::{RunControl, RunOptions, TrainSettings, train};
use crate::tune::{self, Hyper, Sweep};
use app::{App, Command, update};
use event::{DataEvent, Event};
use screens::train::SLOW_EPOCH_MS;

/// At most this often is the screen redrawn (~20 per second).
const FRAME: Duration = Duration::from_millis(50);

/// Opens the app; returns when the user quits.
pub fn run(globals: &Globals) -> Result<(), Error> {
    let config_path = globals.config_path();
    // A config that does not parse does not keep the app from opening: it
    // starts with the defaults and shows the error.
    let (config, config_error) = match config::load(&config_path, globals.config.is_some()) {
        Ok((c, _)) => (c, None),
        Err(e) => (
            Config::default(),
            Some(format!("{e}\n(using the built-in defaults until then)")),
        ),
    };
    let model_path = globals.model_path(&config);
    let mut app = App::new(config, config_path, model_path, rand::rng().random());
    app.train.config_error = config_error;

    let (tx, rx) = mpsc::channel();
    let mut runner = Runner {
        tx: tx.clone(),
        globals: globals.clone(),
        training: None,
        sweep_stop: Arc::new(AtomicBool::new(false)),
        download_stop: Arc::new(AtomicBool::new(false)),
    };
    runner.load_data(&app.config);
    runner.load_model(&app.model_path);
    runner.load_sweep(&app.config);
    {
        let tx = tx.clone();
        // SIGINT/SIGTERM from outside: quit through the normal path.
        let _ = ctrlc::set_handler(move || {
            let _ = tx.send(Event::Interrupt);
        });
    }
    let (mut terminal, _guard) = terminal::enter()?;
    spawn_input(tx);
    let result = run_loop(&mut terminal, &mut app, &mut runner, &rx);
    runner.stop_all();
    result
}

/// Reads terminal input and forwards it; ends when the app stops listening.
fn spawn_input(tx: Sender<Event>) {
    let _ = std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                match ratatui::crossterm::event::read() {
                    Ok(ev) => {
                        if tx.send(Event::Input(ev)).is_err() {
                            return;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Event::WorkerFailed {
                            worker: "input",
                            message: e.to_string(),
                        });
                        return;
                    }
                }
            }
        });
}

fn run_loop(
    terminal: &mut terminal::Tui,
    app: &mut App,
    runner: &mut Runner,
    rx: &Receiver<Event>,
) -> Result<(), Error> {
    let mut dirty = true;
    let mut last_draw = Instant::now() - FRAME;
    loop {
        if dirty && last_draw.elapsed() >= FRAME {
            terminal.draw(|f| ui::draw(f, app))?;
            last_draw = Instant::now();
            dirty = false;
        }
        let wait = if dirty {
            FRAME.saturating_sub(last_draw.elapsed())
        } else {
            Duration::from_secs(1)
        };
        let first = match rx.recv_timeout(wait) {
            Ok(ev) => ev,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        // Take everything already queued before drawing again, so a burst of
        // progress events never makes the screen lag behind.
        let mut pending = vec![first];
        pending.extend(rx.try_iter().take(10_000));
        for ev in pending {
            let mut queue = vec![ev];
            while let Some(ev) = queue.pop() {
                for cmd in update(app, ev) {
                    if let Some(follow_up) = runner.execute(cmd, app) {
                        queue.push(follow_up);
                    }
                }
            }
            dirty = true;
        }
        if app.quitting {
            return Ok(());
        }
    }
}

/// Carries out commands: owns the workers.
struct Runner {
    tx: Sender<Event>,
    globals: Globals,
    training: Option<RunControl>,
    download_stop: Arc<AtomicBool>,
    sweep_stop: Arc<AtomicBool>,
}

/// Runs `work` on a named thread, reporting a panic as a failed worker.
fn spawn_worker(
    tx: &Sender<Event>,
    name: &'static str,
    work: impl FnOnce(&Sender<Event>) + Send + 'static,
) {
    let worker_tx = tx.clone();
    let spawned = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            let tx = worker_tx;
            if let Err(panic) = std::panic::catch_unwind(AssertUnwindSafe(|| work(&tx))) {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                let _ = tx.send(Event::WorkerFailed {
                    worker: name,
                    message,
                });
            }
        });
    if let Err(e) = spawned {
        let _ = tx.send(Event::WorkerFailed {
            worker: name,
            message: format!("could not start a thread: {e}"),
        });
    }
}

impl Runner {
    fn candidates(&self, config: &Config) -> Vec<locate::Candidate> {
        self.globals.data_candidates(config)
    }

    fn load_data(&mut self, config: &Config) {
        let candidates = self.candidates(config);
        spawn_worker(&self.tx, "data loader", move |tx| {
            let event = match locate::find_complete(&candidates) {
                Some(found) => match Mnist::load(&found.dir) {
                    Ok(m) => DataEvent::Loaded(Arc::new(m)),
                    Err(e) => DataEvent::Failed(e.to_string()),
                },
                None => DataEvent::Missing(data::missing_message(&candidates, &[])),
            };
            let _ = tx.send(Event::Data(event));
        });
    }

    fn load_model(&mut self, path: &Path) {
        let path = path.to_path_buf();
        spawn_worker(&self.tx, "model loader", move |tx| {
            let result = model_file::load(&path)
                .map(Box::new)
                .map_err(|e| e.to_string());
            let _ = tx.send(Event::Model { path, result });
        });
    }

    fn download(&mut self, config: &Config) {
        let candidates = self.candidates(config);
        let mirrors = config.mirrors.clone();
        let stop = Arc::clone(&self.download_stop);
        spawn_worker(&self.tx, "download", move |tx| {
            let result = ensure_data(&candidates, &mirrors, &stop, &mut |e| {
                let _ = tx.send(Event::Data(DataEvent::Download(e)));
            });
            let event = match result.and_then(|dir| Mnist::load(&dir)) {
                Ok(m) => DataEvent::Loaded(Arc::new(m)),
                Err(e) => DataEvent::Failed(e.to_string()),
            };
            let _ = tx.send(Event::Data(event));
        });
    }

    fn start_training(
        &mut self,
        run: u64,
        config: Config,
        seed: Option<u64>,
        start: Option<Network>,
        data: Arc<Mnist>,
        slow: bool,
    ) {
        let control = RunControl::default();
        control
            .slow_epoch_ms
            .store(if slow { SLOW_EPOCH_MS } else { 0 }, Ordering::Relaxed);
        self.training = Some(control.clone());
        let seed = seed.unwrap_or_else(|| rand::rng().random::<u32>() as u64);
        spawn_worker(&self.tx, "training", move |tx| {
            let checked = data
                .splits(config.validation_size)
                .map_err(|e| e.to_string())
                .and_then(|splits| {
                    TrainSettings::from_config(&config, seed)
                        .check(splits.train.len())
                        .map(|s| (splits, s))
                        .map_err(|e| e.to_string())
                });
            let (splits, settings) = match checked {
                Ok(ok) => ok,
                Err(message) => {
                    let _ = tx.send(Event::WorkerFailed {
                        worker: "training",
                        message,
                    });
                    return;
                }
            };
            let options = RunOptions {
                snapshot_every: 200,
                ..RunOptions::default()
            };
            train(splits, &settings, start, &control, options, &mut |event| {
                tx.send(Event::Train { run, event }).is_ok()
            });
        });
    }

    /// Does `cmd`; returns an event to feed back into `update`, if any.
    fn execute(&mut self, cmd: Command, app: &App) -> Option<Event> {
        match cmd {
            Command::StartTraining {
                run,
                config,
                seed,
                start,
                slow,
            } => match app.data.ready() {
                Some(data) => {
                    self.start_training(
                        run,
                        *config,
                        seed,
                        start.map(|n| *n),
                        Arc::clone(data),
                        slow,
                    );
                    None
                }
                None => Some(Event::WorkerFailed {
                    worker: "training",
                    message: "MNIST is not loaded".into(),
                }),
            },
            Command::StopTraining => {
                if let Some(c) = &self.training {
                    c.pause.store(false, Ordering::Relaxed);
                    c.stop.store(true, Ordering::Relaxed);
                }
                None
            }
            Command::SetPaused(p) => {
                if let Some(c) = &self.training {
                    c.pause.store(p, Ordering::Relaxed);
                }
                None
            }
            Command::SetSlow(slow) => {
                if let Some(c) = &self.training {
                    c.slow_epoch_ms
                        .store(if slow { SLOW_EPOCH_MS } else { 0 }, Ordering::Relaxed);
                }
                None
            }
            Command::SaveModel { model, beside } => {
                let outcome = save_unless_worse(&app.model_path, &model, beside);
                if let Ok(SaveOutcome::Saved(path)) = &outcome {
                    // Play picks up the model that now sits in the model file.
                    let _ = self.tx.send(Event::Model {
                        path: path.clone(),
                        result: Ok(model.clone()),
                    });
                }
                Some(Event::Saved(outcome.map_err(|e| e.to_string())))
            }
            Command::LoadModel(path) => {
                self.load_model(&path);
                None
            }
            Command::LoadNextModel { after } => match next_model_file(&after) {
                Some(path) => {
                    self.load_model(&path);
                    None
                }
                None => Some(Event::Model {
                    path: after.clone(),
                    result: Err(format!(
                        "no other model file in {}",
                        after
                            .parent()
                            .filter(|d| !d.as_os_str().is_empty())
                            .unwrap_or(Path::new("."))
                            .display()
                    )),
                }),
            },
            Command::LoadSweep => {
                self.load_sweep(&app.config);
                None
            }
            Command::ReloadConfig => Some(Event::Config(
                config::load(&app.config_path, true)
                    .map(|(c, _)| c)
                    .map_err(|e| e.to_string()),
            )),
            Command::StartDownload => {
                self.download(&app.config);
                None
            }
            Command::StartSweep { run, config } => match app.data.ready() {
                Some(data) => {
                    self.start_sweep(run, *config, Arc::clone(data));
                    None
                }
                None => Some(Event::WorkerFailed {
                    worker: "tuner",
                    message: "MNIST is not loaded".into(),
                }),
            },
            Command::StopSweep => {
                self.sweep_stop.store(true, Ordering::Relaxed);
                None
            }
            Command::ApplyHyper { hyper, seed } => {
                Some(self.apply_hyper(&app.config_path, hyper, seed))
            }
            Command::Quit => {
                self.stop_all();
                None
            }
        }
    }

    fn stop_all(&mut self) {
        if let Some(c) = &self.training {
            c.stop.store(true, Ordering::Relaxed);
            c.pause.store(false, Ordering::Relaxed);
        }
        self.download_stop.store(true, Ordering::Relaxed);
        self.sweep_stop.store(true, Ordering::Relaxed);
    }

    /// Shows the results of an earlier sweep of the configured grid, if any.
    fn load_sweep(&mut self, config: &Config) {
        let sweep = Sweep::from_config(config);
        spawn_worker(&self.tx, "sweep loader", move |tx| {
            let path = Path::new(cli::tune::DEFAULT_DIR).join(tune::files::TRIALS);
            let (results, note) = match tune::files::read_trials(&path) {
                Ok(f) if f.sweep.as_ref() == Some(&sweep) => (f.results, None),
                Ok(_) => (
                    Vec::new(),
                    Some(format!(
                        "{} holds another grid or settings; s sets it aside and starts this one",
                        path.display()
                    )),
                ),
                Err(_) => (Vec::new(), None),
            };
            let _ = tx.send(Event::TuneLoaded {
                sweep,
                results,
                note,
            });
        });
    }

    fn start_sweep(&mut self, run: u64, config: Config, data: Arc<Mnist>) {
        self.sweep_stop = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&self.sweep_stop);
        spawn_worker(&self.tx, "tuner", move |tx| {
            let sweep = Sweep::from_config(&config);
            let began = Instant::now();
            let outcome = data
                .splits(config.validation_size)
                .map_err(|e| e.to_string())
                .and_then(|splits| {
                    tune::run_sweep(
                        splits,
                        &sweep,
                        Path::new(cli::tune::DEFAULT_DIR),
                        None,
                        config.tuner.workers,
                        &stop,
                        &mut |event| {
                            tx.send(Event::Tune {
                                run,
                                elapsed: began.elapsed(),
                                event,
                            })
                            .is_ok()
                        },
                    )
                    .map_err(|e| e.to_string())
                });
            if let Err(message) = outcome {
                let _ = tx.send(Event::WorkerFailed {
                    worker: "tuner",
                    message,
                });
            }
        });
    }

    /// Writes `hyper` and `seed` into config.ron, keeping its comments.
    fn apply_hyper(&mut self, path: &Path, hyper: Hyper, seed: u64) -> Event {
        let src = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Event::Config(Err(format!("{}: cannot read: {e}", path.display()))),
        };
        let edited = config::fields::set_values(
            &src,
            &[
                ("beta1", hyper.beta1.to_string()),
                ("beta2", hyper.beta2.to_string()),
                ("learning_rate", hyper.learning_rate.to_string()),
                ("seed", format!("Some({seed})")),
            ],
        );
        // Never write a file that would not load.
        let checked = config::parse(path, &edited).map_err(|e| e.to_string());
        if checked.is_ok()
            && let Err(e) = crate::files::write_atomically(path, edited.as_bytes())
        {
            return Event::Config(Err(format!("{}: cannot write: {e}", path.display())));
        }
        let _ = self.tx.send(Event::Applied(format!(
            "{} updated: beta1 {}, beta2 {}, lr {}, seed {seed}",
            path.display(),
            hyper.beta1,
            hyper.beta2,
            hyper.learning_rate
        )));
        Event::Config(checked)
    }
}

/// The .ron file after `current` (by name, wrapping) in its folder.
fn next_model_file(current: &Path) -> Option<PathBuf> {
    let dir = current
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    let name = current.file_name();
    let at = files.iter().position(|p| p.file_name() == name);
    let next = match at {
        Some(i) => files.get(i + 1).or(files.first()),
        None => files.first(),
    }?;
    (next.file_name() != name).then(|| next.clone())
}

#[cfg(test)]
mod worker_tests {
    use super::*;

    #[test]
    fn a_panicking_worker_is_reported_not_fatal() {
        let (tx, rx) = mpsc::channel();
        spawn_worker(&tx, "training", |_| panic!("deliberate test panic"));
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Event::WorkerFailed { worker, message }) => {
                assert_eq!(worker, "training");
                assert!(message.contains("deliberate test panic"), "{message}");
            }
            other => panic!("expected WorkerFailed, got {other:?}"),
        }
    }
}
