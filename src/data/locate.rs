//! Where MNIST lives: --data-dir, then MNIST_DIR, then config.ron's data_dir,
//! then assets/mnist. The first folder holding all four files wins; if none
//! does, downloads go to the highest-priority folder the user named.

use std::fmt;
use std::path::{Path, PathBuf};

use super::{FILES, idx};

pub const DEFAULT_DIR: &str = "assets/mnist";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Env,
    Config,
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::Flag => "from --data-dir",
            Origin::Env => "from MNIST_DIR",
            Origin::Config => "from data_dir in config.ron",
            Origin::Default => "default",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub dir: PathBuf,
    pub origin: Origin,
}

/// The folders to search, in priority order. Empty values count as unset.
pub fn candidates(
    flag: Option<&Path>,
    env: Option<&std::ffi::OsStr>,
    config: Option<&Path>,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut push = |dir: Option<PathBuf>, origin| {
        if let Some(dir) = dir.filter(|d| !d.as_os_str().is_empty())
            && !out.iter().any(|c: &Candidate| c.dir == dir)
        {
            out.push(Candidate { dir, origin });
        }
    };
    push(flag.map(Path::to_path_buf), Origin::Flag);
    push(env.map(PathBuf::from), Origin::Env);
    push(config.map(Path::to_path_buf), Origin::Config);
    push(Some(PathBuf::from(DEFAULT_DIR)), Origin::Default);
    out
}

/// Candidates from the process: --data-dir, the MNIST_DIR variable, config.
pub fn candidates_from_env(flag: Option<&Path>, config: Option<&Path>) -> Vec<Candidate> {
    let env = std::env::var_os("MNIST_DIR");
    candidates(flag, env.as_deref(), config)
}

/// Names of the files missing from `dir`.
pub fn missing_files(dir: &Path) -> Vec<&'static str> {
    FILES
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| idx::find_file(dir, name).is_none())
        .collect()
}

/// The first candidate holding all four files.
pub fn find_complete(candidates: &[Candidate]) -> Option<&Candidate> {
    candidates.iter().find(|c| missing_files(&c.dir).is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_order_and_dedup() {
        let c = candidates(
            Some(Path::new("/flag")),
            Some(std::ffi::OsStr::new("/env")),
            Some(Path::new("/flag")),
        );
        let dirs: Vec<_> = c
            .iter()
            .map(|c| (c.dir.to_str().unwrap(), c.origin))
            .collect();
        assert_eq!(
            dirs,
            vec![
                ("/flag", Origin::Flag),
                ("/env", Origin::Env),
                (DEFAULT_DIR, Origin::Default)
            ]
        );
        let c = candidates(None, Some(std::ffi::OsStr::new("")), None);
        assert_eq!(c.len(), 1, "an empty MNIST_DIR counts as unset");
    }

    #[test]
    fn first_complete_folder_wins() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        for (name, _) in FILES {
            std::fs::write(b.path().join(format!("{name}.gz")), b"").unwrap();
        }
        std::fs::write(a.path().join(FILES[0].0), b"").unwrap();
        let c = candidates(Some(a.path()), Some(b.path().as_os_str()), None);
        assert_eq!(missing_files(a.path()).len(), 3);
        assert_eq!(find_complete(&c).unwrap().dir, b.path());
    }
}
