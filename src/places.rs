//! Where mnist-tui's files live, and the command line's say over it.
//!
//! In a checkout (a `config.ron` in the current folder) everything is where
//! the repository has it: `config.ron`, `saves/`, `assets/mnist/`. Anywhere
//! else the config lives in the user's config folder and MNIST and saves in
//! the user's data folder, so an installed binary never writes into the
//! folder it was started from. `--config`, `--data-dir`, `--model`,
//! `--mirror`, `MNIST_DIR` and `MNIST_MIRROR` win over both.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::data::locate::{self, Candidate};
use crate::model_file::ModelPath;

/// The config file's name, in a checkout and in the user's config folder.
pub const CONFIG_FILE: &str = "config.ron";
/// The commented defaults: the user's config.ron starts as this.
pub const DEFAULT_CONFIG: &str = include_str!("../assets/default-config.ron");
/// MNIST's folder in a checkout (git-ignored).
pub const CHECKOUT_MNIST: &str = "assets/mnist";
/// Extra download mirrors, tried before config.ron's.
pub const MIRROR_VAR: &str = "MNIST_MIRROR";

/// What the command line asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    pub config: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub model: Option<PathBuf>,
    /// `--mirror`, in the order given.
    pub mirrors: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// A `config.ron` in the current folder: paths as in the repository.
    Checkout,
    /// Anywhere else: the user's config and data folders.
    User,
}

/// Why this config file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigOrigin {
    Flag,
    Checkout,
    UserFolder,
}

impl fmt::Display for ConfigOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConfigOrigin::Flag => "from --config",
            ConfigOrigin::Checkout => "config.ron in the current folder",
            ConfigOrigin::UserFolder => {
                "the user config folder (no config.ron in the current folder)"
            }
        })
    }
}

/// The environment variables that decide anything, read once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Env {
    pub mnist_dir: Option<OsString>,
    pub mirror: Option<String>,
}

impl Env {
    pub fn read() -> Env {
        Env {
            mnist_dir: std::env::var_os("MNIST_DIR"),
            mirror: std::env::var(MIRROR_VAR).ok(),
        }
    }
}

/// The user's folders (XDG on Linux, Application Support on macOS).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserDirs {
    pub config: PathBuf,
    pub data: PathBuf,
}

impl UserDirs {
    /// None without a home folder.
    pub fn find() -> Option<UserDirs> {
        let dirs = directories::ProjectDirs::from("", "", "mnist-tui")?;
        Some(UserDirs {
            config: dirs.config_dir().to_path_buf(),
            data: dirs.data_dir().to_path_buf(),
        })
    }
}

/// Every path the app reads or writes, decided once at start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Places {
    pub flags: Flags,
    pub env: Env,
    pub layout: Layout,
    /// The config file to read (it may not exist yet).
    pub config: PathBuf,
    pub config_origin: ConfigOrigin,
    /// Relative paths in config.ron (`model`, `data_dir`) and `saves/` are
    /// under this. Empty in a checkout, so paths stay as written.
    pub base: PathBuf,
}

impl Default for Places {
    /// A checkout in the current folder, with nothing from the environment.
    fn default() -> Places {
        Places::new(Flags::default(), Env::default(), true, None)
    }
}

impl Places {
    /// From the flags, the current folder and the environment.
    pub fn detect(flags: Flags) -> Places {
        let checkout = Path::new(CONFIG_FILE).is_file();
        let user = if checkout { None } else { UserDirs::find() };
        Places::new(flags, Env::read(), checkout, user)
    }

    /// `checkout`: the current folder holds a config.ron. Without one and
    /// without user folders (no home), the current folder is used as before.
    pub fn new(flags: Flags, env: Env, checkout: bool, user: Option<UserDirs>) -> Places {
        let (layout, user_config, base) = match user.filter(|_| !checkout) {
            Some(dirs) => (Layout::User, dirs.config.join(CONFIG_FILE), dirs.data),
            None => (Layout::Checkout, PathBuf::from(CONFIG_FILE), PathBuf::new()),
        };
        let (config, config_origin) = match (&flags.config, layout) {
            (Some(path), _) => (path.clone(), ConfigOrigin::Flag),
            (None, Layout::Checkout) => (user_config, ConfigOrigin::Checkout),
            (None, Layout::User) => (user_config, ConfigOrigin::UserFolder),
        };
        Places {
            flags,
            env,
            layout,
            config,
            config_origin,
            base,
        }
    }

    /// A path from config.ron or a default, placed under [`Places::base`].
    pub fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() || self.base.as_os_str().is_empty() {
            path.to_path_buf()
        } else {
            self.base.join(path)
        }
    }

    /// Whether a missing config file is an error (the user named it).
    pub fn config_named(&self) -> bool {
        self.config_origin == ConfigOrigin::Flag
    }

    pub fn saves_dir(&self) -> PathBuf {
        self.resolve(Path::new("saves"))
    }

    /// Where the sweep keeps trials.csv and cost_by_hyperparameter.csv.
    pub fn tuner_dir(&self) -> PathBuf {
        self.resolve(Path::new("saves/tuner"))
    }

    /// The marker of a first launch done.
    pub fn welcomed(&self) -> PathBuf {
        self.resolve(Path::new("saves/.welcomed"))
    }

    /// Where MNIST is downloaded when nothing else is set.
    pub fn default_mnist_dir(&self) -> PathBuf {
        match self.layout {
            Layout::Checkout => PathBuf::from(CHECKOUT_MNIST),
            Layout::User => self.base.join("mnist"),
        }
    }

    /// The model file: --model, else config.ron's `model`. The default
    /// path falls back to the shipped model while nothing is saved there.
    pub fn model(&self, config: &Config) -> ModelPath {
        match &self.flags.model {
            Some(path) => ModelPath {
                set_by: Some("--model".into()),
                ..ModelPath::file(path.clone())
            },
            None => ModelPath {
                path: self.resolve(&config.model),
                shipped_fallback: config.model == Path::new(config::DEFAULT_MODEL_PATH),
                set_by: config::field_at(&self.config, "model").map(|at| format!("{at}: model")),
            },
        }
    }

    /// The folders to search for MNIST, in priority order.
    pub fn data_candidates(&self, config: &Config) -> Vec<Candidate> {
        let mut candidates = locate::candidates(
            self.flags.data_dir.as_deref(),
            self.env.mnist_dir.as_deref(),
            config
                .data_dir
                .as_deref()
                .map(|d| self.resolve(d))
                .as_deref(),
            &self.default_mnist_dir(),
        );
        // Messages about data_dir's folder give the line that sets it.
        for c in &mut candidates {
            if let locate::Origin::Config { at } = &mut c.origin {
                *at = config::field_at(&self.config, "data_dir").unwrap_or_default();
            }
        }
        candidates
    }

    /// Download mirrors: --mirror, then MNIST_MIRROR (space- or
    /// comma-separated), then config.ron's; each once.
    pub fn mirrors(&self, config: &Config) -> Vec<String> {
        let from_env = self
            .env
            .mirror
            .iter()
            .flat_map(|m| m.split([',', ' ', '\n', '\t']))
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_string);
        let mut out: Vec<String> = Vec::new();
        let all = self.flags.mirrors.iter().cloned().chain(from_env);
        for m in all.chain(config.mirrors.iter().cloned()) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
        out
    }

    /// The mirrors that did not come from config.ron, with where they came
    /// from, for messages.
    pub fn mirror_origin(&self, mirror: &str) -> &'static str {
        if self.flags.mirrors.iter().any(|m| m == mirror) {
            "--mirror"
        } else if self
            .env
            .mirror
            .as_deref()
            .is_some_and(|e| e.split([',', ' ', '\n', '\t']).any(|m| m.trim() == mirror))
        {
            MIRROR_VAR
        } else {
            "config.ron"
        }
    }

    /// Reads the config, first writing the commented defaults on a first
    /// run outside a checkout. A note for the user comes back beside it
    /// (the file written, or that the built-in defaults are in use).
    pub fn load_config(&self) -> Result<(Config, Option<String>), config::ConfigError> {
        let wrote = match self.write_first_config() {
            Ok(Some(path)) => Some(format!(
                "wrote the default settings to {} (edit it to change them)",
                crate::fmt::tilde(&path)
            )),
            Ok(None) => None,
            Err(e) => Some(format!(
                "cannot write {}: {e}",
                crate::fmt::path(&self.config)
            )),
        };
        let (config, source) = config::load(&self.config, self.config_named())?;
        self.remove_stale_temps(&config);
        let note = match source {
            config::Source::Defaults(path) => Some(format!(
                "{} not found; using built-in defaults",
                crate::fmt::path(&path)
            )),
            config::Source::File(_) => wrote,
        };
        Ok((config, note))
    }

    /// Temporary files of writers that died mid-write (a kill -9) in the
    /// folders the app writes to: they go at start, not only when the same
    /// file is saved again.
    pub fn remove_stale_temps(&self, config: &Config) {
        let model = self.model(config).path;
        let folders = [
            self.saves_dir(),
            self.tuner_dir(),
            self.default_mnist_dir(),
            model.parent().map_or_else(PathBuf::new, Path::to_path_buf),
        ];
        for dir in folders {
            let dir = if dir.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                dir
            };
            crate::files::remove_stale_temps(&dir);
        }
    }

    /// Outside a checkout, the first run writes the commented defaults into
    /// the user's config folder, so there is a file to edit. Returns the
    /// path written, if it wrote one.
    pub fn write_first_config(&self) -> std::io::Result<Option<PathBuf>> {
        if self.config_origin != ConfigOrigin::UserFolder || self.config.exists() {
            return Ok(None);
        }
        if let Some(dir) = self.config.parent() {
            std::fs::create_dir_all(dir)?;
        }
        crate::files::write_atomically(&self.config, DEFAULT_CONFIG.as_bytes())?;
        Ok(Some(self.config.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> Option<UserDirs> {
        Some(UserDirs {
            config: PathBuf::from("/home/u/.config/mnist-tui"),
            data: PathBuf::from("/home/u/.local/share/mnist-tui"),
        })
    }

    #[test]
    fn a_checkout_keeps_the_repository_layout() {
        let p = Places::new(Flags::default(), Env::default(), true, user());
        assert_eq!(p.layout, Layout::Checkout);
        assert_eq!(p.config, Path::new("config.ron"));
        assert_eq!(p.tuner_dir(), Path::new("saves/tuner"));
        let config = Config::default();
        assert_eq!(p.model(&config).path, Path::new("saves/model.ron"));
        assert!(p.model(&config).shipped_fallback);
        let dirs: Vec<_> = p
            .data_candidates(&config)
            .into_iter()
            .map(|c| c.dir)
            .collect();
        assert_eq!(dirs, vec![PathBuf::from("assets/mnist")]);
    }

    #[test]
    fn elsewhere_the_user_folders_hold_everything() {
        let p = Places::new(Flags::default(), Env::default(), false, user());
        assert_eq!(p.layout, Layout::User);
        assert_eq!(p.config, Path::new("/home/u/.config/mnist-tui/config.ron"));
        assert_eq!(p.config_origin, ConfigOrigin::UserFolder);
        let config = Config::default();
        assert_eq!(
            p.model(&config).path,
            Path::new("/home/u/.local/share/mnist-tui/saves/model.ron")
        );
        assert_eq!(
            p.welcomed(),
            Path::new("/home/u/.local/share/mnist-tui/saves/.welcomed")
        );
        assert_eq!(
            p.default_mnist_dir(),
            Path::new("/home/u/.local/share/mnist-tui/mnist")
        );
        // Without a home folder, the current folder as before.
        let p = Places::new(Flags::default(), Env::default(), false, None);
        assert_eq!(p.layout, Layout::Checkout);
        assert_eq!(p.tuner_dir(), Path::new("saves/tuner"));
    }

    #[test]
    fn flags_and_environment_win() {
        let flags = Flags {
            config: Some("my.ron".into()),
            data_dir: None,
            model: Some("m.ron".into()),
            mirrors: vec!["http://flag/".into()],
        };
        let env = Env {
            mnist_dir: Some("/env/mnist".into()),
            mirror: Some("http://env/a, http://env/b http://flag/".into()),
        };
        let p = Places::new(flags, env, false, user());
        assert_eq!(p.config, Path::new("my.ron"));
        assert!(p.config_named());
        let config = Config::default();
        let model = p.model(&config);
        assert_eq!(
            model.path,
            Path::new("m.ron"),
            "flags are the user's own paths"
        );
        assert!(!model.shipped_fallback, "a named model file must exist");
        let candidates = p.data_candidates(&config);
        assert_eq!(candidates[0].dir, Path::new("/env/mnist"));
        assert_eq!(candidates[0].origin, locate::Origin::Env);
        let mirrors = p.mirrors(&config);
        assert_eq!(
            &mirrors[..3],
            ["http://flag/", "http://env/a", "http://env/b"],
            "{mirrors:?}"
        );
        assert_eq!(mirrors.len(), 3 + config.mirrors.len());
        assert_eq!(p.mirror_origin("http://env/b"), MIRROR_VAR);
        assert_eq!(p.mirror_origin("http://flag/"), "--mirror");
    }

    #[test]
    fn relative_config_paths_live_under_the_data_folder() {
        let p = Places::new(Flags::default(), Env::default(), false, user());
        let config = config::parse(
            Path::new("c.ron"),
            "(model: \"mine.ron\", data_dir: \"digits\")",
        )
        .unwrap();
        let model = p.model(&config);
        assert_eq!(
            model.path,
            Path::new("/home/u/.local/share/mnist-tui/mine.ron")
        );
        assert!(!model.shipped_fallback);
        assert_eq!(
            p.data_candidates(&config)[0].dir,
            Path::new("/home/u/.local/share/mnist-tui/digits")
        );
    }

    #[test]
    fn the_first_run_writes_the_commented_defaults_once() {
        let home = tempfile::tempdir().unwrap();
        let dirs = UserDirs {
            config: home.path().join("config"),
            data: home.path().join("data"),
        };
        let p = Places::new(Flags::default(), Env::default(), false, Some(dirs));
        let written = p.write_first_config().unwrap();
        assert_eq!(written.as_deref(), Some(p.config.as_path()));
        assert_eq!(std::fs::read_to_string(&p.config).unwrap(), DEFAULT_CONFIG);
        std::fs::write(&p.config, "(seed: 3)").unwrap();
        assert_eq!(
            p.write_first_config().unwrap(),
            None,
            "never over the user's"
        );
        assert_eq!(std::fs::read_to_string(&p.config).unwrap(), "(seed: 3)");
    }

    #[test]
    fn the_commented_defaults_are_the_defaults_in_code() {
        let c = config::parse(Path::new(CONFIG_FILE), DEFAULT_CONFIG).unwrap();
        assert_eq!(c, Config::default());
    }
}
