//! Watches config.ron, so that editing it is enough: the app reads it again
//! when it changes, with no key to press.
//!
//! The folder is watched rather than the file, because many editors save
//! by writing a new file and renaming it over the old one. Events of one
//! save (write, close, rename) are coalesced into one.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use super::event::Event;

/// A save's events arrive within this of each other.
const SETTLE: Duration = Duration::from_millis(150);

/// Keeps the watch alive; dropping it stops it.
pub struct ConfigWatch {
    _watcher: RecommendedWatcher,
}

/// Sends [`Event::ConfigEdited`] whenever the file at `config` changes (or
/// appears, or goes). None if the platform cannot watch it: the `c` key
/// still reloads.
pub fn watch_config(config: &Path, tx: Sender<Event>) -> Option<ConfigWatch> {
    let name = config.file_name()?.to_os_string();
    let folder = match config.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (raw_tx, raw_rx) = mpsc::channel::<()>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let ours = res.is_ok_and(|e| {
            !e.kind.is_access() && e.paths.iter().any(|p| p.file_name() == Some(&name))
        });
        if ours {
            let _ = raw_tx.send(());
        }
    })
    .ok()?;
    watcher.watch(&folder, RecursiveMode::NonRecursive).ok()?;
    std::thread::Builder::new()
        .name("config watch".into())
        .spawn(move || {
            while raw_rx.recv().is_ok() {
                // Let the save finish, then say so once.
                std::thread::sleep(SETTLE);
                while raw_rx.try_recv().is_ok() {}
                if tx.send(Event::ConfigEdited).is_err() {
                    return;
                }
            }
        })
        .ok()?;
    Some(ConfigWatch { _watcher: watcher })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_is_reported_once_and_other_files_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.ron");
        std::fs::write(&config, "()").unwrap();
        let (tx, rx) = mpsc::channel();
        let _watch = watch_config(&config, tx).expect("inotify");
        std::fs::write(dir.path().join("other.ron"), "x").unwrap();
        assert!(rx.recv_timeout(Duration::from_millis(500)).is_err());
        // An editor's save: a new file renamed over the old one.
        let tmp = dir.path().join(".config.ron.swp");
        std::fs::write(&tmp, "(seed: 3)").unwrap();
        std::fs::rename(&tmp, &config).unwrap();
        assert!(matches!(
            rx.recv_timeout(Duration::from_secs(5)),
            Ok(Event::ConfigEdited)
        ));
        assert!(rx.recv_timeout(Duration::from_millis(500)).is_err(), "once");
        std::fs::write(&config, "(seed: 4)").unwrap();
        assert!(matches!(
            rx.recv_timeout(Duration::from_secs(5)),
            Ok(Event::ConfigEdited)
        ));
    }
}
