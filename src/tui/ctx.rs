//! What every screen may read: the config and its paths, where MNIST
//! stands, the model Play and Network use, the latest training weights, the
//! notice in the top bar and the terminal's size. Screens get it as `&Ctx`;
//! only the app changes it.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::config::Config;
use crate::data::Mnist;
use crate::model_file::{ModelPath, SavedModel};
use crate::network::Network;

/// Where MNIST stands.
#[derive(Debug)]
pub enum DataState {
    Loading,
    /// Not found, and not downloaded (yet): what to say about it.
    Missing(DataHelp),
    Downloading {
        /// Which download this is (1 for the one at start).
        attempt: u32,
        file: String,
        url: String,
        bytes: u64,
        total: Option<u64>,
        /// Mean transfer rate of this file so far.
        bytes_per_sec: u64,
        /// Failed attempts so far (mirror fallbacks).
        failures: Vec<String>,
    },
    Failed(String),
    Ready(Arc<Mnist>),
}

/// What the Train screen says without MNIST: where it looked, what the
/// downloads tried, and every way to get the files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataHelp {
    /// Each folder searched, and what it holds or what is wrong with it.
    pub searched: Vec<(String, String)>,
    /// The download mirrors in the order tried, and where each came from.
    pub mirrors: Vec<(String, &'static str)>,
    /// Downloads started so far (0: none yet).
    pub attempts: u32,
    /// How the last download failed: each URL tried and its error.
    pub failures: Vec<(String, String)>,
    /// Where downloads go, and where a copy of the files may be put.
    pub download_dir: String,
    /// How to run the app with a flag: `mnist-tui` or, in a checkout,
    /// `cargo run --release --`.
    pub command: &'static str,
}

impl DataState {
    pub fn ready(&self) -> Option<&Arc<Mnist>> {
        match self {
            DataState::Ready(m) => Some(m),
            _ => None,
        }
    }
}

/// The model Play and Network use: its file, and the model or why there is none.
#[derive(Debug)]
pub struct ModelSlot {
    /// The shipped model stands in at `path` (nothing is saved there yet).
    pub shipped: bool,
    pub path: PathBuf,
    pub model: Result<Box<SavedModel>, String>,
}

impl ModelSlot {
    /// How screens name it: its file, or "shipped model".
    pub fn name(&self) -> String {
        if self.shipped {
            "shipped model".to_string()
        } else {
            crate::fmt::path(&self.path)
        }
    }
}

/// The latest weights a training run sent; once it finished, the weights
/// it kept (those of its best epoch).
#[derive(Clone, Debug)]
pub struct Live {
    pub epoch: usize,
    pub batch: usize,
    pub network: Network,
    pub kept_best: bool,
    /// The run that sent them is still going.
    pub training: bool,
}

/// A short message in the top bar; errors are shown in red.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

#[derive(Debug)]
pub struct Ctx {
    pub config: Config,
    pub config_path: PathBuf,
    /// Where the sweep's files are, as the Tune screen names it.
    pub tuner_dir: String,
    /// config.ron as last read does not load: the message, with each
    /// problem's line. `config` keeps the last settings that did.
    pub config_error: Option<String>,
    /// The model file training saves to (config's `model`, or --model).
    pub model_path: ModelPath,
    pub data: DataState,
    pub model: ModelSlot,
    /// `model` on the test set (computed by a worker once both are in):
    /// Play's hard digits come from it.
    pub model_eval: Option<Arc<crate::eval::Evaluation>>,
    pub live: Option<Live>,
    pub notice: Option<Notice>,
    /// The terminal's size, to map mouse clicks onto the screen's layout
    /// and to refuse keys while it is too small to show their effect.
    pub size: Rect,
}

impl Ctx {
    pub fn new(
        config: Config,
        config_path: PathBuf,
        model_path: impl Into<ModelPath>,
        size: Rect,
    ) -> Ctx {
        let model_path = model_path.into();
        Ctx {
            config,
            config_path,
            config_error: None,
            tuner_dir: "saves/tuner/".to_string(),
            model: ModelSlot {
                shipped: false,
                path: model_path.path.clone(),
                model: Err("loading…".into()),
            },
            model_path,
            model_eval: None,
            data: DataState::Loading,
            live: None,
            notice: None,
            size,
        }
    }

    /// The loaded model's network, if any.
    pub fn network(&self) -> Option<&Network> {
        self.model.model.as_ref().ok().map(|m| &m.network)
    }

    /// How many test digits there are (0 before MNIST is loaded).
    pub fn test_count(&self) -> usize {
        self.data.ready().map_or(0, |d| d.test.len())
    }
}
