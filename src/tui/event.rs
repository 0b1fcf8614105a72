//! Everything that reaches the UI thread, through one channel: input from
//! the input thread, and messages from workers.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::Event as Input;

use crate::config::Config;
use crate::data::Mnist;
use crate::data::download::DownloadEvent;
use crate::model_file::{SaveOutcome, SavedModel};
use crate::study::Study;
use crate::train::TrainEvent;
use crate::tui::subject::Source;
use crate::tune::{Sweep, SweepEvent, TrialResult};

#[derive(Debug)]
pub enum Event {
    Input(Input),
    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT from outside (Ctrl-C in the app
    /// arrives as a key).
    Interrupt,
    /// About 50 ms have passed while the current screen animates.
    Tick,
    Data(DataEvent),
    /// A training run's event; `run` tells runs apart so a stopped run's
    /// last words are not taken for the next one's.
    Train {
        run: u64,
        event: TrainEvent,
    },
    /// config.ron (re)read: the config, or the error to show.
    Config(Result<Config, String>),
    /// config.ron changed on disk (the file watch).
    ConfigEdited,
    /// The model at `path` on the test set (see `Command::EvaluateModel`).
    ModelEvaluated {
        path: PathBuf,
        evaluation: Arc<crate::eval::Evaluation>,
    },
    /// Where training saves from now on (config.ron's `model` changed).
    ModelPath(crate::model_file::ModelPath),
    /// A model file read for Play: the model, or why there is none.
    Model {
        path: PathBuf,
        /// Nothing is saved at `path` yet: the model is the shipped one.
        shipped: bool,
        result: Result<Box<SavedModel>, String>,
    },
    /// A sweep's event; `run` tells sweeps apart, `elapsed` is the time
    /// since it started.
    Tune {
        run: u64,
        elapsed: Duration,
        event: SweepEvent,
    },
    /// Settings written into config.ron (what, for a message).
    Applied(String),
    /// Results of an earlier sweep of the configured grid (found at start
    /// or after a config change), or why there are none to show.
    TuneLoaded {
        sweep: Sweep,
        results: Vec<TrialResult>,
        note: Option<String>,
    },
    /// Outcome of saving a model.
    Saved(Result<SaveOutcome, String>),
    /// The Network screen's study of a model (see `Command::StudyModel`).
    Studied {
        generation: u64,
        /// Whose weights were studied.
        source: Source,
        study: Box<Study>,
    },
    /// The Learn screen's whole-training-set cost and gradient (see
    /// `Command::WholeSet`).
    WholeSet {
        generation: u64,
        whole: std::sync::Arc<crate::learn::WholeSet>,
    },
    /// A worker panicked or failed unexpectedly.
    WorkerFailed {
        worker: Worker,
        message: String,
    },
    /// config.ron's settings changed (the app's own event, after a
    /// `Config`): `old` are the settings it replaced.
    ConfigChanged {
        old: Box<Config>,
    },
}

/// The threads that work for the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Worker {
    Input,
    DataLoader,
    Download,
    ModelLoader,
    Training,
    SweepLoader,
    Tuner,
    NetworkStudy,
    WholeSet,
}

impl Worker {
    /// Its thread's name, as messages say it.
    pub fn name(self) -> &'static str {
        match self {
            Worker::Input => "input",
            Worker::DataLoader => "data loader",
            Worker::Download => "download",
            Worker::ModelLoader => "model loader",
            Worker::Training => "training",
            Worker::SweepLoader => "sweep loader",
            Worker::Tuner => "tuner",
            Worker::NetworkStudy => "network study",
            Worker::WholeSet => "whole training set",
        }
    }
}

impl std::fmt::Display for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug)]
pub enum DataEvent {
    Loaded(Arc<Mnist>),
    /// No folder holds MNIST (and a download, if one ran, failed).
    Missing(crate::tui::ctx::DataHelp),
    Download(DownloadEvent),
    /// Download or load failed; the message says why.
    Failed(String),
}
