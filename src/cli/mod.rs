//! The headless commands (`train`, `eval`, ...) and what they share: finding
//! the config, the data and the model from flags, environment and config.

mod bench;
mod eval;
pub mod interop;
pub mod interrupt;
mod paths;
mod train;
pub mod tune;

pub use bench::{BenchArgs, bench};
pub use eval::eval;
pub use paths::paths;
pub use train::{TrainArgs, train};
pub use tune::{TuneArgs, merge as tune_merge, tune};

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use crate::Error;
use crate::config::Config;
use crate::data::download::{DownloadEvent, ensure_data};
use crate::data::{Mnist, locate};
pub use crate::fmt::{percent, plural};
use crate::model_file::{ModelPath, SavedModel};
pub use crate::places::{Flags, Places};

/// Loads the config, saying on `log` when the built-in defaults are used
/// or a first run wrote the user's config file.
pub fn load_config(places: &Places, log: &mut dyn Write) -> Result<Config, Error> {
    let (config, note) = places.load_config()?;
    if let Some(note) = note {
        writeln!(log, "note: {note}")?;
    }
    Ok(config)
}

/// Finds (downloading if needed, with progress on `log`) and loads MNIST.
pub fn load_data(places: &Places, config: &Config, log: &mut dyn Write) -> Result<Mnist, Error> {
    load_data_until(places, config, log, &AtomicBool::new(false))
}

/// [`load_data`], a download cancelled when `stop` is set (Ctrl-C).
pub fn load_data_until(
    places: &Places,
    config: &Config,
    log: &mut dyn Write,
    stop: &AtomicBool,
) -> Result<Mnist, Error> {
    Ok(Mnist::load(&find_data_until(places, config, log, stop)?)?)
}

/// The folder holding MNIST, found (or downloaded, with progress on `log`)
/// as every command finds it.
pub fn find_data(places: &Places, config: &Config, log: &mut dyn Write) -> Result<PathBuf, Error> {
    find_data_until(places, config, log, &AtomicBool::new(false))
}

fn find_data_until(
    places: &Places,
    config: &Config,
    log: &mut dyn Write,
    stop: &AtomicBool,
) -> Result<PathBuf, Error> {
    let candidates = places.data_candidates(config);
    let tty = std::io::stderr().is_terminal();
    let dir = ensure_data(&candidates, &places.mirrors(config), stop, &mut |e| {
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
        let why = locate::folder_problem(&first.dir).map_or_else(
            || {
                let n = locate::missing_files(&first.dir).len();
                format!("lacks {n} of the four MNIST files")
            },
            |p| p.what,
        );
        writeln!(
            log,
            "note: {} ({}) {why}; using {}{used}",
            crate::fmt::shown(&first.dir),
            first.origin,
            crate::fmt::shown(&dir)
        )?;
    }
    Ok(dir)
}

pub fn load_model(at: &ModelPath) -> Result<SavedModel, Error> {
    Ok(at.load()?)
}

/// One line per download step; a live byte count and rate when `tty`.
fn print_download(log: &mut dyn Write, e: &DownloadEvent, tty: bool) {
    let mb = |b: u64| b as f64 / 1e6;
    let _ = match e {
        DownloadEvent::Started { url, .. } => writeln!(log, "downloading {url}"),
        DownloadEvent::Progress {
            file,
            bytes,
            total,
            bytes_per_sec,
        } if tty => {
            let rate = crate::fmt::rate(*bytes_per_sec);
            match total {
                Some(t) => write!(
                    log,
                    "\r  {file}: {:.1} / {:.1} MB at {rate} ",
                    mb(*bytes),
                    mb(*t)
                ),
                None => write!(log, "\r  {file}: {:.1} MB at {rate} ", mb(*bytes)),
            }
        }
        DownloadEvent::Progress { .. } => Ok(()),
        DownloadEvent::Failed(a) => {
            writeln!(log, "{}  failed: {}", if tty { "\n" } else { "" }, a.error)
        }
        DownloadEvent::Saved {
            path,
            bytes,
            bytes_per_sec,
            ..
        } => {
            writeln!(
                log,
                "{}  saved {} ({} at {})",
                if tty { "\n" } else { "" },
                crate::fmt::path(path),
                crate::fmt::bytes(*bytes),
                crate::fmt::rate(*bytes_per_sec)
            )
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(e: &DownloadEvent, tty: bool) -> String {
        let mut out = Vec::new();
        print_download(&mut out, e, tty);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn download_lines_show_the_rate() {
        let progress = |bytes_per_sec| DownloadEvent::Progress {
            file: "f".into(),
            bytes: 2_500_000,
            total: Some(9_900_000),
            bytes_per_sec,
        };
        assert_eq!(
            printed(&progress(850), true),
            "\r  f: 2.5 / 9.9 MB at 850 B/s "
        );
        assert!(printed(&progress(12_400), true).ends_with("at 12 kB/s "));
        assert!(printed(&progress(3_400_000), true).ends_with("at 3.4 MB/s "));
        assert_eq!(printed(&progress(850), false), "", "no live line in a log");
        let saved = DownloadEvent::Saved {
            file: "f".into(),
            path: "d/f".into(),
            bytes: 9_900_000,
            bytes_per_sec: 5_100_000,
        };
        assert_eq!(printed(&saved, false), "  saved d/f (9.9 MB at 5.1 MB/s)\n");
        let small = DownloadEvent::Saved {
            file: "f".into(),
            path: "d/f".into(),
            bytes: 4_542,
            bytes_per_sec: 5_100_000,
        };
        assert_eq!(printed(&small, false), "  saved d/f (5 kB at 5.1 MB/s)\n");
    }
}
