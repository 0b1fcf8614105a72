//! Where MNIST lives. An explicit --data-dir is the only folder used;
//! without it: MNIST_DIR, then config.ron's data_dir, then the default
//! folder (assets/mnist in a checkout, see `places`). The first folder
//! holding all four files wins; if none does, downloads go to the
//! highest-priority folder.
//!
//! A file that is there but cannot be read (a directory, a FIFO, a dangling
//! symbolic link) is not "missing": it is reported, never downloaded over.

use std::fmt;
use std::path::{Path, PathBuf};

use super::FILES;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Env,
    /// config.ron's `data_dir`; `at` is where it is set (`config.ron:63:5`),
    /// when known.
    Config {
        at: String,
    },
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::Flag => "from --data-dir",
            Origin::Env => "from MNIST_DIR",
            Origin::Config { at } if !at.is_empty() => return write!(f, "from data_dir at {at}"),
            Origin::Config { .. } => "from data_dir in config.ron",
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
/// A --data-dir is used alone: it overrides the others, so MNIST is never
/// silently taken from somewhere the user did not ask for.
pub fn candidates(
    flag: Option<&Path>,
    env: Option<&std::ffi::OsStr>,
    config: Option<&Path>,
    default: &Path,
) -> Vec<Candidate> {
    if let Some(dir) = flag.filter(|d| !d.as_os_str().is_empty()) {
        return vec![Candidate {
            dir: dir.to_path_buf(),
            origin: Origin::Flag,
        }];
    }
    let mut out = Vec::new();
    let mut push = |dir: Option<PathBuf>, origin| {
        if let Some(dir) = dir.filter(|d| !d.as_os_str().is_empty())
            && !out.iter().any(|c: &Candidate| c.dir == dir)
        {
            out.push(Candidate { dir, origin });
        }
    };
    push(env.map(PathBuf::from), Origin::Env);
    push(
        config.map(Path::to_path_buf),
        Origin::Config { at: String::new() },
    );
    push(Some(default.to_path_buf()), Origin::Default);
    out
}

/// Something that is there but cannot be used as a data file or folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    /// e.g. "is a directory, not a regular file".
    pub what: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", crate::fmt::shown(&self.path), self.what)
    }
}

/// One of the four files in a folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A regular file (raw, or `.gz`), to be read.
    File(PathBuf),
    /// Neither name exists.
    Missing,
    /// Something is there but cannot be read as a file.
    Unusable(Problem),
}

/// What a path is, without reading it.
enum Probe {
    Absent,
    File,
    Dir,
    /// A FIFO, socket or device.
    Special(&'static str),
    /// A symbolic link that leads nowhere, or a path that cannot be looked at.
    Broken(String),
}

fn probe(path: &Path) -> Probe {
    let link = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Probe::Absent,
        Err(e) => return Probe::Broken(format!("cannot be looked at: {e}")),
        Ok(meta) => meta,
    };
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Probe::File,
        Ok(m) if m.is_dir() => Probe::Dir,
        Ok(m) => Probe::Special(crate::files::kind_of(&m)),
        Err(e) if link.is_symlink() && e.kind() == std::io::ErrorKind::NotFound => {
            let target = std::fs::read_link(path).unwrap_or_default();
            Probe::Broken(format!(
                "is a symbolic link to {}, which does not exist",
                crate::fmt::shown(&target)
            ))
        }
        Err(e) if link.is_symlink() => {
            Probe::Broken(format!("is a symbolic link that cannot be followed ({e})"))
        }
        Err(e) => Probe::Broken(format!("cannot be looked at: {e}")),
    }
}

/// `name` in `dir`: the raw file if it is a regular file, else `name.gz`.
pub fn entry(dir: &Path, name: &str) -> Entry {
    let raw = dir.join(name);
    let gz = dir.join(format!("{name}.gz"));
    let (raw_probe, gz_probe) = (probe(&raw), probe(&gz));
    let problem = |path: &Path, probe: Probe| {
        let what = match probe {
            Probe::Absent | Probe::File => return None,
            Probe::Dir => "is a directory, not a regular file".to_string(),
            Probe::Special(kind) => format!("is {kind}, not a regular file"),
            Probe::Broken(what) => what,
        };
        Some(Problem {
            path: path.to_path_buf(),
            what,
        })
    };
    match (raw_probe, gz_probe) {
        (Probe::File, _) => Entry::File(raw),
        (_, Probe::File) => Entry::File(gz),
        (r, g) => problem(&raw, r)
            .or_else(|| problem(&gz, g))
            .map_or(Entry::Missing, Entry::Unusable),
    }
}

/// What is wrong with `dir` as a data folder, if anything. A folder that
/// does not exist yet is fine: a download creates it.
pub fn folder_problem(dir: &Path) -> Option<Problem> {
    let what = match probe(dir) {
        Probe::Absent | Probe::Dir => return None,
        Probe::File => "is a file, not a folder".to_string(),
        Probe::Special(kind) => format!("is {kind}, not a folder"),
        Probe::Broken(what) => what,
    };
    Some(Problem {
        path: dir.to_path_buf(),
        what,
    })
}

/// Everything in `dir` that stands in the way of using it: the folder
/// itself, or files that are there but unusable.
pub fn problems(dir: &Path) -> Vec<Problem> {
    if let Some(p) = folder_problem(dir) {
        return vec![p];
    }
    FILES
        .iter()
        .filter_map(|(name, _)| match entry(dir, name) {
            Entry::Unusable(p) => Some(p),
            _ => None,
        })
        .collect()
}

/// Names of the files missing from `dir` (an unusable file is not
/// missing: it is there, and reported when read).
pub fn missing_files(dir: &Path) -> Vec<&'static str> {
    if folder_problem(dir).is_some() {
        return FILES.iter().map(|(name, _)| *name).collect();
    }
    FILES
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| entry(dir, name) == Entry::Missing)
        .collect()
}

/// The first candidate holding all four files. A file there that cannot be
/// read still counts, so that loading says what is wrong with it rather
/// than passing the folder over.
pub fn find_complete(candidates: &[Candidate]) -> Option<&Candidate> {
    candidates.iter().find(|c| missing_files(&c.dir).is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT_DIR: &str = "assets/mnist";

    #[test]
    fn priority_order_and_dedup() {
        let c = candidates(
            None,
            Some(std::ffi::OsStr::new("/env")),
            Some(Path::new("/env")),
            Path::new(DEFAULT_DIR),
        );
        let dirs: Vec<_> = c
            .iter()
            .map(|c| (c.dir.to_str().unwrap(), c.origin.clone()))
            .collect();
        assert_eq!(
            dirs,
            vec![("/env", Origin::Env), (DEFAULT_DIR, Origin::Default)]
        );
        let c = candidates(
            None,
            Some(std::ffi::OsStr::new("")),
            None,
            Path::new(DEFAULT_DIR),
        );
        assert_eq!(c.len(), 1, "an empty MNIST_DIR counts as unset");
    }

    #[test]
    fn an_explicit_data_dir_is_used_alone() {
        let c = candidates(
            Some(Path::new("/flag")),
            Some(std::ffi::OsStr::new("/env")),
            Some(Path::new("/config")),
            Path::new(DEFAULT_DIR),
        );
        assert_eq!(
            c,
            vec![Candidate {
                dir: PathBuf::from("/flag"),
                origin: Origin::Flag
            }]
        );
        let c = candidates(
            Some(Path::new("")),
            None,
            Some(Path::new("/config")),
            Path::new(DEFAULT_DIR),
        );
        assert_eq!(
            c[0].origin,
            Origin::Config { at: String::new() },
            "an empty flag counts as unset"
        );
    }

    #[test]
    fn first_complete_folder_wins() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        for (name, _) in FILES {
            std::fs::write(b.path().join(format!("{name}.gz")), b"").unwrap();
        }
        std::fs::write(a.path().join(FILES[0].0), b"").unwrap();
        let c = candidates(
            None,
            Some(a.path().as_os_str()),
            Some(b.path()),
            Path::new(DEFAULT_DIR),
        );
        assert_eq!(missing_files(a.path()).len(), 3);
        assert_eq!(find_complete(&c).unwrap().dir, b.path());
    }

    #[test]
    fn unusable_files_are_described_not_missing() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let [a, b, c, e] = FILES.map(|(name, _)| name);
        std::fs::create_dir(d.join(a)).unwrap();
        std::os::unix::fs::symlink(d.join("nowhere"), d.join(b)).unwrap();
        std::os::unix::fs::symlink(d.join(format!("{c}.gz")), d.join(format!("{c}.gz"))).unwrap();
        let what = |name: &str| match entry(d, name) {
            Entry::Unusable(p) => p.to_string(),
            other => panic!("{name}: {other:?}"),
        };
        assert!(what(a).ends_with(&format!("{a}: is a directory, not a regular file")));
        assert!(
            what(b).contains("is a symbolic link to")
                && what(b).contains("nowhere, which does not exist")
        );
        assert!(
            what(c).contains("symbolic link that cannot be followed"),
            "{}",
            what(c)
        );
        assert_eq!(entry(d, e), Entry::Missing);
        assert_eq!(missing_files(d), vec![e]);
        assert_eq!(problems(d).len(), 3);
        // A usable .gz beside an unusable raw name is used.
        std::fs::write(d.join(format!("{a}.gz")), b"").unwrap();
        assert_eq!(entry(d, a), Entry::File(d.join(format!("{a}.gz"))));
    }

    #[test]
    fn a_file_given_as_folder_is_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, b"x").unwrap();
        let p = folder_problem(&file).unwrap();
        assert_eq!(p.what, "is a file, not a folder");
        assert_eq!(problems(&file), vec![p]);
        assert_eq!(missing_files(&file).len(), 4);
        assert!(folder_problem(&dir.path().join("not yet")).is_none());
    }
}
