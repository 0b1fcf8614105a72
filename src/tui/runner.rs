//! Carries out the app's commands: the worker threads (data, model files,
//! training, the sweep, downloads) and the few file writes, each reporting
//! back through the one event channel.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Instant;

use rand::RngExt;

use super::command::Command;
use super::ctx::{Ctx, DataHelp};
use super::event::{DataEvent, Event, Worker};
use super::screens::train::SLOW_EPOCH_MS;
use crate::config::{self, Config};
use crate::data::download::{Attempt, ensure_data};
use crate::data::{DataError, Mnist, locate};
use crate::model_file::{ModelPath, SaveOutcome, SavedModel, save_unless_worse};
use crate::network::Network;
use crate::places::{Layout, Places};
use crate::study::Study;
use crate::train::{RunControl, RunOptions, SettingsError, TrainSettings, check_split, train};
use crate::tune::{self, Hyper, Sweep};

/// Carries out commands: owns the workers.
pub struct Runner {
    tx: Sender<Event>,
    places: Places,
    training: Option<RunControl>,
    download_stop: Arc<AtomicBool>,
    /// Downloads started so far.
    downloads: u32,
    sweep_stop: Arc<AtomicBool>,
    /// The sweep's thread: waited for at exit, so its result files are
    /// whole and agree with each other however the app is left.
    sweep_thread: Option<std::thread::JoinHandle<()>>,
}

impl Runner {
    pub fn new(tx: Sender<Event>, places: Places) -> Runner {
        Runner {
            tx,
            places,
            training: None,
            sweep_stop: Arc::new(AtomicBool::new(false)),
            download_stop: Arc::new(AtomicBool::new(false)),
            downloads: 0,
            sweep_thread: None,
        }
    }
}

/// Runs `work` on a named thread, reporting a panic as a failed worker.
pub fn spawn_worker(
    tx: &Sender<Event>,
    name: Worker,
    work: impl FnOnce(&Sender<Event>) + Send + 'static,
) -> Option<std::thread::JoinHandle<()>> {
    let worker_tx = tx.clone();
    let spawned = std::thread::Builder::new()
        .name(name.name().into())
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
    match spawned {
        Ok(handle) => Some(handle),
        Err(e) => {
            let _ = tx.send(Event::WorkerFailed {
                worker: name,
                message: format!("could not start a thread: {e}"),
            });
            None
        }
    }
}

/// MNIST for a worker that needs it, or why that worker cannot start.
fn needs_data(ctx: &Ctx, worker: Worker) -> Result<Arc<Mnist>, Box<Event>> {
    ctx.data.ready().map(Arc::clone).ok_or_else(|| {
        Box::new(Event::WorkerFailed {
            worker,
            message: "MNIST is not loaded".into(),
        })
    })
}

/// Everything the missing-data panel says, read from disk (off the UI
/// thread): each folder searched and what it holds, the mirrors, and how
/// the last download failed.
fn data_help(places: &Places, config: &Config, attempts: u32, tried: &[Attempt]) -> DataHelp {
    let searched = places
        .data_candidates(config)
        .iter()
        .map(|c| {
            let state = match locate::problems(&c.dir).first() {
                Some(p) => p.to_string(),
                None => format!(
                    "{}: {} of the 4 files",
                    c.origin,
                    4 - locate::missing_files(&c.dir).len()
                ),
            };
            (crate::fmt::tilde(&c.dir), state)
        })
        .collect::<Vec<_>>();
    let download_dir = searched.first().map_or(String::new(), |(d, _)| d.clone());
    DataHelp {
        searched,
        mirrors: places
            .mirrors(config)
            .into_iter()
            .map(|m| {
                let origin = places.mirror_origin(&m);
                (m, origin)
            })
            .collect(),
        attempts,
        failures: tried
            .iter()
            .map(|a| (a.url.clone(), a.error.clone()))
            .collect(),
        download_dir,
        command: match places.layout {
            Layout::Checkout => "cargo run --release --",
            Layout::User => "mnist-tui",
        },
    }
}

impl Runner {
    pub fn load_data(&mut self, config: &Config) {
        let places = self.places.clone();
        let config = config.clone();
        let attempts = self.downloads;
        spawn_worker(&self.tx, Worker::DataLoader, move |tx| {
            let candidates = places.data_candidates(&config);
            let event = match locate::find_complete(&candidates) {
                Some(found) => match Mnist::load(&found.dir) {
                    Ok(m) => DataEvent::Loaded(Arc::new(m)),
                    Err(e) => DataEvent::Failed(e.to_string()),
                },
                None => DataEvent::Missing(data_help(&places, &config, attempts, &[])),
            };
            let _ = tx.send(Event::Data(event));
        });
    }

    pub fn load_model(&mut self, at: &ModelPath) {
        let at = at.clone();
        spawn_worker(&self.tx, Worker::ModelLoader, move |tx| {
            let shipped = at.uses_shipped();
            let result = at.load().map(Box::new).map_err(|e| e.to_string());
            let _ = tx.send(Event::Model {
                path: at.path,
                shipped,
                result,
            });
        });
    }

    fn download(&mut self, config: &Config) {
        self.downloads += 1;
        let attempts = self.downloads;
        let places = self.places.clone();
        let config = config.clone();
        self.download_stop = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&self.download_stop);
        spawn_worker(&self.tx, Worker::Download, move |tx| {
            let candidates = places.data_candidates(&config);
            let mirrors = places.mirrors(&config);
            let result = ensure_data(&candidates, &mirrors, &stop, &mut |e| {
                let _ = tx.send(Event::Data(DataEvent::Download(e)));
            });
            let event = match result {
                Err(DataError::Missing {
                    attempts: tried, ..
                }) => DataEvent::Missing(data_help(&places, &config, attempts, &tried)),
                other => match other.and_then(|dir| Mnist::load(&dir)) {
                    Ok(m) => DataEvent::Loaded(Arc::new(m)),
                    Err(e) => DataEvent::Failed(e.to_string()),
                },
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
        let config_path = self.places.config.clone();
        spawn_worker(&self.tx, Worker::Training, move |tx| {
            let blame = |e: SettingsError| {
                format!("{}: {}", config::blame(&config_path, e.field), e.message)
            };
            let checked = check_split(data.train.len(), config.validation_size, config.batch_size)
                .map_err(blame)
                .and_then(|()| {
                    data.splits(config.validation_size)
                        .map_err(|e| e.to_string())
                })
                .and_then(|splits| {
                    TrainSettings::from_config(&config, seed)
                        .check(splits.train.len())
                        .map(|s| (splits, s))
                        .map_err(blame)
                })
                .and_then(|(splits, s)| match &start {
                    Some(net) => crate::train::check_start(net, &splits)
                        .map(|()| (splits, s))
                        .map_err(|why| format!("the weights to continue from: {why}")),
                    None => Ok((splits, s)),
                });
            let (splits, settings) = match checked {
                Ok(ok) => ok,
                Err(message) => {
                    let _ = tx.send(Event::WorkerFailed {
                        worker: Worker::Training,
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
    pub fn execute(&mut self, cmd: Command, ctx: &Ctx) -> Option<Event> {
        match cmd {
            Command::StartTraining {
                run,
                config,
                seed,
                start,
                slow,
            } => match needs_data(ctx, Worker::Training) {
                Ok(data) => self.start_training(run, *config, seed, start.map(|n| *n), data, slow),
                Err(failed) => return Some(*failed),
            },
            Command::StopTraining => self.control(|c| {
                c.pause.store(false, Ordering::Relaxed);
                c.stop.store(true, Ordering::Relaxed);
            }),
            Command::SetPaused(p) => self.control(|c| c.pause.store(p, Ordering::Relaxed)),
            Command::SetSlow(slow) => self.control(|c| {
                let ms = if slow { SLOW_EPOCH_MS } else { 0 };
                c.slow_epoch_ms.store(ms, Ordering::Relaxed);
            }),
            Command::SaveModel { model, beside } => return Some(self.save(ctx, model, beside)),
            Command::LoadModel(path) => self.load_model(&ModelPath::file(path)),
            Command::LoadNextModel { after } => return self.load_next_model(&after),
            Command::LoadSweep => self.load_sweep(&ctx.config),
            Command::ReloadConfig => return Some(Event::Config(read_config(ctx))),
            Command::EvaluateModel => self.evaluate_model(ctx),
            Command::ReadEditedConfig => match read_config(ctx) {
                // Saved without a change to any setting (a comment, or the
                // app's own write): nothing to say.
                Ok(c) if c == ctx.config && ctx.config_error.is_none() => {}
                result => return Some(Event::Config(result)),
            },
            Command::LoadConfiguredModel => {
                let at = self.places.model(&ctx.config);
                self.load_model(&at);
                return Some(Event::ModelPath(at));
            }
            Command::StartDownload => self.download(&ctx.config),
            Command::StartSweep { run, config } => match needs_data(ctx, Worker::Tuner) {
                Ok(data) => self.start_sweep(run, *config, data),
                Err(failed) => return Some(*failed),
            },
            Command::StopSweep => self.sweep_stop.store(true, Ordering::Relaxed),
            Command::ApplyHyper { hyper, seed } => {
                let (reloaded, written) = apply_hyper(&ctx.config_path, hyper, seed);
                if let Some(what) = written {
                    let _ = self.tx.send(Event::Applied(what));
                }
                return Some(reloaded);
            }
            Command::StudyModel {
                generation,
                source,
                network,
            } => match needs_data(ctx, Worker::NetworkStudy) {
                Ok(data) => {
                    spawn_worker(&self.tx, Worker::NetworkStudy, move |tx| {
                        let study = Study::compute(&network, &data);
                        let _ = tx.send(Event::Studied {
                            generation,
                            source,
                            study: Box::new(study),
                        });
                    });
                }
                Err(failed) => return Some(*failed),
            },
            Command::WholeSet {
                generation,
                network,
                validation_size,
            } => match needs_data(ctx, Worker::WholeSet) {
                Ok(data) => {
                    spawn_worker(&self.tx, Worker::WholeSet, move |tx| {
                        let train = data
                            .splits(validation_size)
                            .map_or(data.train.all(), |s| s.train);
                        let whole = crate::learn::whole_set(&network, train);
                        let _ = tx.send(Event::WholeSet {
                            generation,
                            whole: Arc::new(whole),
                        });
                    });
                }
                Err(failed) => return Some(*failed),
            },
            Command::MarkWelcomed => {
                // Not being able to write it only means the card shows again.
                let _ = crate::files::write_atomically(
                    &self.places.welcomed(),
                    b"the welcome card was shown\n",
                );
            }
            Command::Quit => self.stop_all(),
        }
        None
    }

    /// Acts on the training run's flags, if one runs.
    fn control(&self, act: impl FnOnce(&RunControl)) {
        if let Some(c) = &self.training {
            act(c);
        }
    }

    /// Saves `model` unless a better one is there; Play and Network pick up
    /// the model that now sits in the model file.
    fn save(&self, ctx: &Ctx, model: Box<SavedModel>, beside: bool) -> Event {
        let outcome = save_unless_worse(&ctx.model_path, &model, beside);
        if let Ok(SaveOutcome::Saved(path)) = &outcome {
            let _ = self.tx.send(Event::Model {
                shipped: false,
                path: path.clone(),
                result: Ok(model),
            });
        }
        Event::Saved(outcome.map_err(|e| e.to_string()))
    }

    fn load_next_model(&mut self, after: &Path) -> Option<Event> {
        if let Some(path) = next_model_file(after) {
            self.load_model(&ModelPath::file(path));
            return None;
        }
        let folder = after.parent().filter(|d| !d.as_os_str().is_empty());
        Some(Event::Model {
            shipped: false,
            path: after.to_path_buf(),
            result: Err(format!(
                "no other model file in {}",
                crate::fmt::path(folder.unwrap_or(Path::new(".")))
            )),
        })
    }

    /// The model Play uses, on the whole test set, on a worker.
    fn evaluate_model(&self, ctx: &Ctx) {
        let (Some(data), Some(net)) = (ctx.data.ready(), ctx.network()) else {
            return;
        };
        let (data, net) = (Arc::clone(data), net.clone());
        let path = ctx.model.path.clone();
        spawn_worker(&self.tx, Worker::ModelLoader, move |tx| {
            let evaluation = crate::eval::evaluate_full(&net, data.test.all());
            let _ = tx.send(Event::ModelEvaluated {
                path,
                evaluation: Arc::new(evaluation),
            });
        });
    }

    /// Stops every worker and waits (at most `patience`) for the sweep to
    /// write its result files.
    pub fn finish(&mut self, patience: std::time::Duration) {
        self.stop_all();
        let Some(sweep) = self.sweep_thread.take() else {
            return;
        };
        let deadline = Instant::now() + patience;
        while !sweep.is_finished() && Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        if sweep.is_finished() {
            let _ = sweep.join();
        }
    }

    pub fn stop_all(&mut self) {
        if let Some(c) = &self.training {
            c.stop.store(true, Ordering::Relaxed);
            c.pause.store(false, Ordering::Relaxed);
        }
        self.download_stop.store(true, Ordering::Relaxed);
        self.sweep_stop.store(true, Ordering::Relaxed);
    }

    /// Shows the results of an earlier sweep of the configured grid, if any.
    pub fn load_sweep(&mut self, config: &Config) {
        let sweep = Sweep::from_config(config);
        let dir = self.places.tuner_dir();
        spawn_worker(&self.tx, Worker::SweepLoader, move |tx| {
            let (results, note) = tune::files::load_shown(&dir, &sweep);
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
        let dir = self.places.tuner_dir();
        let config_path = self.places.config.clone();
        self.sweep_thread = spawn_worker(&self.tx, Worker::Tuner, move |tx| {
            let sweep = Sweep::from_config(&config);
            let began = Instant::now();
            let outcome = check_split(data.train.len(), config.validation_size, config.batch_size)
                .map_err(|e| format!("{}: {}", config::blame(&config_path, e.field), e.message))
                .and_then(|()| {
                    data.splits(config.validation_size)
                        .map_err(|e| e.to_string())
                })
                .and_then(|splits| {
                    tune::run_sweep(
                        splits,
                        &sweep,
                        &dir,
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
                    worker: Worker::Tuner,
                    message,
                });
            }
        });
    }
}

/// config.ron as it is on disk now, checked.
fn read_config(ctx: &Ctx) -> Result<Config, String> {
    config::load(&ctx.config_path, true)
        .map(|(c, _)| c)
        .map_err(|e| e.to_string())
}

/// Writes `hyper` and `seed` into config.ron, keeping its comments: the
/// file as read again (or why it cannot be used), and what was written, if
/// anything was. A file that would not load afterwards is left alone.
fn apply_hyper(path: &Path, hyper: Hyper, seed: u64) -> (Event, Option<String>) {
    let src = match crate::files::read_input_text(path, "a config file", config::MAX_BYTES) {
        Ok(s) => s,
        Err(crate::files::InputError::NotFound { .. }) => String::new(),
        Err(e) => return (Event::Config(Err(e.to_string())), None),
    };
    let mut values = vec![
        ("beta1", hyper.beta1.to_string()),
        ("beta2", hyper.beta2.to_string()),
        ("learning_rate", hyper.learning_rate.to_string()),
        ("seed", format!("Some({seed})")),
    ];
    // A sweep with extra axes chose those too; the original grid leaves
    // the training recipe's weight decay and augmentation alone.
    let extras =
        config::parse(path, &src).is_ok_and(|c| crate::tune::Sweep::from_config(&c).has_extras());
    if extras {
        values.push(("weight_decay", hyper.weight_decay.to_string()));
        let augment = if hyper.augment {
            config::Augment::RECIPE
        } else {
            config::Augment::Off
        };
        values.push(("augment", augment.ron()));
    }
    let edited = config::fields::set_values(&src, &values);
    let checked = match config::parse(path, &edited) {
        Ok(c) => c,
        Err(e) => return (Event::Config(Err(e.to_string())), None),
    };
    if let Err(e) = crate::files::write_atomically(path, edited.as_bytes()) {
        let why = format!("{}: cannot write: {e}", crate::fmt::shown(path));
        return (Event::Config(Err(why)), None);
    }
    let mut written = format!(
        "{} updated: beta1 {}, beta2 {}, lr {}, seed {seed}",
        crate::fmt::shown(path),
        hyper.beta1,
        hyper.beta2,
        hyper.learning_rate
    );
    if extras {
        written += &format!(
            ", weight decay {}, augmentation {}",
            hyper.weight_decay,
            if hyper.augment { "on" } else { "off" }
        );
    }
    (Event::Config(Ok(checked)), Some(written))
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
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_panicking_worker_is_reported_not_fatal() {
        let (tx, rx) = mpsc::channel();
        spawn_worker(&tx, Worker::Training, |_| panic!("deliberate test panic"));
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Event::WorkerFailed { worker, message }) => {
                assert_eq!(worker, Worker::Training);
                assert!(message.contains("deliberate test panic"), "{message}");
            }
            other => panic!("expected WorkerFailed, got {other:?}"),
        }
    }

    fn hyper() -> Hyper {
        Hyper::adam(0.91, 0.993, 0.0009)
    }

    #[test]
    fn apply_says_updated_only_when_it_wrote() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.ron");
        // A mistake elsewhere in the file: the edit would not load either.
        let broken = "(\n    patience: 0,\n    beta1: 0.9,\n)\n";
        std::fs::write(&path, broken).expect("write");
        let (event, written) = apply_hyper(&path, hyper(), 3);
        assert!(
            matches!(event, Event::Config(Err(ref e)) if e.contains("patience")),
            "{event:?}"
        );
        assert_eq!(
            written, None,
            "nothing was written, so nothing is announced"
        );
        assert_eq!(std::fs::read_to_string(&path).expect("read"), broken);

        std::fs::write(&path, "(\n    // kept\n    beta1: 0.9,\n)\n").expect("write");
        let (event, written) = apply_hyper(&path, hyper(), 3);
        assert!(matches!(event, Event::Config(Ok(ref c)) if c.beta1 == 0.91 && c.seed == Some(3)));
        assert!(written.is_some_and(|w| w.contains("updated: beta1 0.91")));
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains("// kept") && text.contains("0.993"), "{text}");
    }

    #[test]
    fn apply_writes_the_extra_axes_only_for_a_sweep_that_has_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.ron");
        let chosen = Hyper {
            weight_decay: 0.0,
            augment: true,
            ..hyper()
        };
        // The original grid: the recipe's weight decay stays.
        std::fs::write(&path, "(\n    weight_decay: 0.05,\n)\n").expect("write");
        let (event, _) = apply_hyper(&path, chosen, 1);
        assert!(
            matches!(event, Event::Config(Ok(ref c)) if c.weight_decay == 0.05),
            "{event:?}"
        );
        // A grid with extra axes: the chosen values are written.
        let src = "(\n    weight_decay: 0.05,\n    augment: Off,\n    tuner: (weight_decay: [0.0, 0.05], augment: [false, true]),\n)\n";
        std::fs::write(&path, src).expect("write");
        let (event, written) = apply_hyper(&path, chosen, 1);
        assert!(
            matches!(event, Event::Config(Ok(ref c)) if c.weight_decay == 0.0 && c.augment == config::Augment::RECIPE),
            "{event:?}"
        );
        assert!(written.is_some_and(|w| w.ends_with("weight decay 0, augmentation on")));
    }
}
