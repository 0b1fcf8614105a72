//! What the app asks the run loop to do: everything with a thread, a file
//! or the network behind it. `runner.rs` carries these out.

use std::path::PathBuf;

use crate::config::Config;
use crate::model_file::SavedModel;
use crate::network::Network;
use crate::tui::subject::Source;
use crate::tune::Hyper;

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
    /// The model Play uses, on the whole test set.
    EvaluateModel,
    /// config.ron changed on disk: read it, and say so only if its
    /// settings differ from those in use (or it is broken, or fixed).
    ReadEditedConfig,
    /// config.ron's `model` changed: read the model it now names.
    LoadConfiguredModel,
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
    /// Study `network` (dead units, test-set results) for the Network
    /// screen on a worker; the answer names `generation`, the screen's
    /// count of model changes when it asked.
    StudyModel {
        generation: u64,
        source: Source,
        network: Box<Network>,
    },
    /// The whole training split's cost and gradient for the Learn screen,
    /// on a worker; the answer names `generation` as `StudyModel`'s does.
    WholeSet {
        generation: u64,
        network: Box<Network>,
        validation_size: usize,
    },
    /// The welcome card was seen: leave the marker so it is not shown again.
    MarkWelcomed,
    Quit,
}
