//! The headless commands (`train`, `eval`, ...) and what they share: finding
//! the config, the data and the model from flags, environment and config.

mod bench;
mod eval;
pub mod interop;
mod train;
pub mod tune;

pub use bench::{BenchArgs, bench};
pub use eval::eval;
pub use train::{TrainArgs, train};
pub use tune::{TuneArgs, merge as tune_merge, tune};

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crate::Error;
use crate::config::{self, Config, Source};
use crate::data::download::{DownloadEvent, ensure_data};
use crate::data::{Mnist, locate};
pub use crate::fmt::{percent, plural};
use crate::model_file::{self, SavedModel};

/// Options every command accepts.
#[derive(Clone, Debug, Default)]
pub struct Globals {
    pub config: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub model: Option<PathBuf>,
}

impl Globals {
    pub fn config_path(&self) -> PathBuf {
        self.config
            .clone()
            .unwrap_or_else(|| PathBuf::from(config::DEFAULT_PATH))
    }

    /// Loads config.ron (or --config); says on `log` when defaults are used.
    pub fn load_config(&self, log: &mut dyn Write) -> Result<Config, Error> {
        let (config, source) = config::load(&self.config_path(), self.config.is_some())?;
        if let Source::Defaults(path) = source {
            writeln!(
                log,
                "note: {} not found; using built-in defaults",
                path.display()
            )?;
        }
        Ok(config)
    }

    pub fn model_path(&self, config: &Config) -> PathBuf {
        self.model.clone().unwrap_or_else(|| config.model.clone())
    }

    pub fn data_candidates(&self, config: &Config) -> Vec<locate::Candidate> {
        locate::candidates_from_env(self.data_dir.as_deref(), config.data_dir.as_deref())
    }

    /// Finds (downloading if needed, with progress on `log`) and loads MNIST.
    pub fn load_data(&self, config: &Config, log: &mut dyn Write) -> Result<Mnist, Error> {
        let candidates = self.data_candidates(config);
        let tty = std::io::stderr().is_terminal();
        let stop = AtomicBool::new(false);
        let dir = ensure_data(&candidates, &config.mirrors, &stop, &mut |e| {
            print_download(log, &e, tty);
        })?;
        // Say so when a folder the user named was passed over.
        if let Some(first) = candidates
            .first()
            .filter(|c| c.dir != dir && c.origin != locate::Origin::Default)
        {
            let used = candidates
                .iter()
                .find(|c| c.dir == dir)
                .map_or(String::new(), |c| format!(" ({})", c.origin));
            writeln!(
                log,
                "note: {} ({}) has no MNIST; using {}{used}",
                first.dir.display(),
                first.origin,
                dir.display()
            )?;
        }
        Ok(Mnist::load(&dir)?)
    }
}

pub fn load_model(path: &Path) -> Result<SavedModel, Error> {
    Ok(model_file::load(path)?)
}

/// One line per download step; a live byte count when `tty`.
fn print_download(log: &mut dyn Write, e: &DownloadEvent, tty: bool) {
    let _ = match e {
        DownloadEvent::Started { url, .. } => writeln!(log, "downloading {url}"),
        DownloadEvent::Progress { file, bytes, total } if tty => {
            let mb = |b: u64| b as f64 / 1e6;
            match total {
                Some(t) => write!(log, "\r  {file}: {:.1} / {:.1} MB ", mb(*bytes), mb(*t)),
                None => write!(log, "\r  {file}: {:.1} MB ", mb(*bytes)),
            }
        }
        DownloadEvent::Progress { .. } => Ok(()),
        DownloadEvent::Failed(a) => {
            writeln!(log, "{}  failed: {}", if tty { "\n" } else { "" }, a.error)
        }
        DownloadEvent::Saved { path, .. } => {
            writeln!(
                log,
                "{}  saved {}",
                if tty { "\n" } else { "" },
                path.display()
            )
        }
    };
}
