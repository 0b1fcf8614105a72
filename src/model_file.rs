//! Saved models (saves/model.ron): weights plus where they came from.
//!
//! Weights are stored one input per line (`weights[i][j]` connects input i
//! to output j), so the file diffs and reads reasonably. Loading checks every
//! shape and value before anything uses the model.
//!
//! The shipped model (97.37%, `assets/model.ron`) is built into the binary:
//! while nothing is saved at the default model path, it stands in there, so
//! a fresh install opens with it and a worse model never replaces it.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::eval::Metrics;
use crate::files::{InputError, read_input_text, utc_timestamp, write_atomically};
use crate::network::{LAYER_SIZES, LAYERS, Network, PARAM_COUNT};
use crate::train::{TrainSettings, TrainSummary};

pub const FORMAT: u32 = 1;

/// The model this project ships (`train --seed 2` reproduces it).
pub const SHIPPED_RON: &str = include_str!("../assets/model.ron");
/// How messages name it.
pub const SHIPPED_NAME: &str = "the built-in shipped model";

/// The shipped model, parsed.
pub fn shipped() -> SavedModel {
    parse(Path::new("assets/model.ron"), SHIPPED_RON).expect("the shipped model is valid")
}

/// Where a model is read from and saved to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelPath {
    pub path: PathBuf,
    /// The default path: while no file is there, the shipped model stands in.
    pub shipped_fallback: bool,
    /// Where the path comes from, for messages: `config.ron:70:5: model`
    /// or `--model`.
    pub set_by: Option<String>,
}

impl From<PathBuf> for ModelPath {
    fn from(path: PathBuf) -> ModelPath {
        ModelPath::file(path)
    }
}

impl ModelPath {
    /// A file the user named: it must exist to be read.
    pub fn file(path: PathBuf) -> ModelPath {
        ModelPath {
            path,
            shipped_fallback: false,
            set_by: None,
        }
    }

    /// Whether reading gives the shipped model (nothing saved here yet).
    pub fn uses_shipped(&self) -> bool {
        // symlink_metadata: a dangling link is "there", and reported.
        self.shipped_fallback && std::fs::symlink_metadata(&self.path).is_err()
    }

    /// The model here: the file, or the shipped model standing in.
    pub fn load(&self) -> Result<SavedModel, ModelError> {
        if self.uses_shipped() {
            return Ok(shipped());
        }
        load(&self.path).map_err(|e| match (&self.set_by, e) {
            (Some(by), ModelError::Read(InputError::NotFound { path })) => ModelError::Named {
                set_by: by.clone(),
                path,
            },
            (_, e) => e,
        })
    }

    /// For messages: the file, or what stands in for it.
    pub fn describe(&self) -> String {
        if self.uses_shipped() {
            SHIPPED_NAME.to_string()
        } else {
            crate::fmt::shown(&self.path).to_string()
        }
    }
}

/// A model file is about 200 KB of text; one far larger is not a model.
pub const MAX_MODEL_BYTES: u64 = 64 << 20;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerFile {
    pub weights: Vec<Vec<f32>>,
    pub biases: Vec<f32>,
}

/// What is known about a model besides its weights.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelInfo {
    /// e.g. "trained by mnist-tui 0.1.0" or "imported from ...".
    pub origin: String,
    pub trained_at: String,
    pub seed: Option<u64>,
    pub best_epoch: Option<usize>,
    pub epochs_run: Option<usize>,
    pub validation: Option<Metrics>,
    pub test: Option<Metrics>,
    pub settings: Option<TrainSettings>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    format: u32,
    layer_sizes: Vec<usize>,
    /// Pixels (0-255) are multiplied by this on the way in.
    input_scale: f32,
    info: ModelInfo,
    layers: Vec<LayerFile>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SavedModel {
    pub network: Network,
    pub info: ModelInfo,
}

#[derive(Debug, Error)]
pub enum ModelError {
    /// Missing, not a regular file, too large or not text.
    #[error(transparent)]
    Read(#[from] InputError),
    #[error("{}: cannot write: {source}", crate::fmt::shown(path))]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{}:{line}:{col}: not a valid model file: {message}",
        crate::fmt::shown(path)
    )]
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("{}: {message}", crate::fmt::shown(path))]
    Invalid { path: PathBuf, message: String },
    /// A model file that is not there, named with where it was asked for.
    #[error("{set_by}: {} does not exist", crate::fmt::shown(path))]
    Named { set_by: String, path: PathBuf },
}

impl SavedModel {
    pub fn from_training(summary: &TrainSummary) -> SavedModel {
        SavedModel {
            network: summary.network.clone(),
            info: ModelInfo {
                origin: format!("trained by mnist-tui {}", env!("CARGO_PKG_VERSION")),
                trained_at: utc_timestamp(SystemTime::now()),
                seed: Some(summary.settings.seed),
                best_epoch: Some(summary.best_epoch),
                epochs_run: Some(summary.epochs_run),
                validation: Some(summary.validation),
                test: Some(summary.test),
                settings: Some(summary.settings.clone()),
            },
        }
    }

    fn to_file(&self) -> ModelFile {
        let layers = LAYERS
            .iter()
            .map(|(w, b, _, outputs)| LayerFile {
                weights: self.network.params[w.clone()]
                    .chunks(*outputs)
                    .map(<[f32]>::to_vec)
                    .collect(),
                biases: self.network.params[b.clone()].to_vec(),
            })
            .collect();
        ModelFile {
            format: FORMAT,
            layer_sizes: LAYER_SIZES.to_vec(),
            input_scale: self.network.input_scale,
            info: self.info.clone(),
            layers,
        }
    }

    pub fn to_ron(&self) -> String {
        let pretty = ron::ser::PrettyConfig::new()
            .depth_limit(4)
            .struct_names(false);
        ron::ser::to_string_pretty(&self.to_file(), pretty).expect("a model always serialises")
    }
}

fn check(file: ModelFile) -> Result<SavedModel, String> {
    if file.format != FORMAT {
        return Err(format!(
            "format {} is not supported (expected {FORMAT})",
            file.format
        ));
    }
    if file.layer_sizes != LAYER_SIZES {
        return Err(format!(
            "layer_sizes {:?} do not match this app's network {:?}",
            file.layer_sizes, LAYER_SIZES
        ));
    }
    if !(file.input_scale.is_finite() && file.input_scale > 0.0) {
        return Err(format!(
            "input_scale must be a positive number (got {})",
            file.input_scale
        ));
    }
    if file.layers.len() != LAYERS.len() {
        return Err(format!(
            "{} layers, expected {}",
            file.layers.len(),
            LAYERS.len()
        ));
    }
    let mut params = Vec::with_capacity(PARAM_COUNT);
    for (l, (layer, (_, _, inputs, outputs))) in file.layers.iter().zip(LAYERS).enumerate() {
        let name = format!("layers[{l}]");
        if layer.weights.len() != inputs {
            return Err(format!(
                "{name}.weights has {} rows, expected {inputs}",
                layer.weights.len()
            ));
        }
        for (i, row) in layer.weights.iter().enumerate() {
            if row.len() != outputs {
                return Err(format!(
                    "{name}.weights[{i}] has {} values, expected {outputs}",
                    row.len()
                ));
            }
            if let Some(j) = row.iter().position(|v| !v.is_finite()) {
                return Err(format!(
                    "{name}.weights[{i}][{j}] is {}, not a finite number",
                    row[j]
                ));
            }
        }
        if layer.biases.len() != outputs {
            return Err(format!(
                "{name}.biases has {} values, expected {outputs}",
                layer.biases.len()
            ));
        }
        if let Some(j) = layer.biases.iter().position(|v| !v.is_finite()) {
            return Err(format!(
                "{name}.biases[{j}] is {}, not a finite number",
                layer.biases[j]
            ));
        }
        params.extend(layer.weights.iter().flatten());
        params.extend(&layer.biases);
    }
    Ok(SavedModel {
        network: Network {
            params: params.into(),
            input_scale: file.input_scale,
        },
        info: file.info,
    })
}

pub fn parse(path: &Path, src: &str) -> Result<SavedModel, ModelError> {
    let file: ModelFile = ron::from_str(src).map_err(|e| ModelError::Parse {
        path: path.to_path_buf(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    })?;
    check(file).map_err(|message| ModelError::Invalid {
        path: path.to_path_buf(),
        message,
    })
}

/// Reads a model file: a regular file (a FIFO would block, /dev/zero
/// never end) of at most [`MAX_MODEL_BYTES`].
pub fn load(path: &Path) -> Result<SavedModel, ModelError> {
    let src = read_input_text(path, "a model file", MAX_MODEL_BYTES)?;
    parse(path, &src)
}

pub fn save(path: &Path, model: &SavedModel) -> Result<(), ModelError> {
    write_atomically(path, model.to_ron().as_bytes()).map_err(|source| ModelError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// What [`save_unless_worse`] did.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveOutcome {
    /// Written to the requested path.
    Saved(PathBuf),
    /// The model already at the path (or the shipped model standing in for
    /// it) is at least as good on validation, or could not be compared, so
    /// it was kept; this one was written to `saved` if asked to save beside
    /// it. `existing` names the kept model.
    KeptExisting {
        existing: String,
        saved: Option<PathBuf>,
        reason: String,
    },
    /// The model at the path has exactly these weights already (named).
    Identical(String),
}

impl std::fmt::Display for SaveOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveOutcome::Saved(p) => write!(f, "saved to {}", crate::fmt::shown(p)),
            SaveOutcome::Identical(p) => write!(f, "not saved: {p} holds these very weights"),
            SaveOutcome::KeptExisting {
                existing,
                saved: Some(saved),
                reason,
            } => write!(
                f,
                "kept {existing} ({reason}); this model saved as {}",
                crate::fmt::shown(saved)
            ),
            SaveOutcome::KeptExisting {
                existing,
                saved: None,
                reason,
            } => write!(f, "not saved: {existing} is kept ({reason})"),
        }
    }
}

/// Saves `model` at `path` unless that would replace a model with a lower
/// validation cost. Then the better model stays, and this one is written
/// beside it (named by time) if `beside`, or not at all.
fn bits(n: &Network) -> (u32, Vec<u32>) {
    (
        n.input_scale.to_bits(),
        n.params.iter().map(|p| p.to_bits()).collect(),
    )
}

pub fn save_unless_worse(
    at: &ModelPath,
    model: &SavedModel,
    beside: bool,
) -> Result<SaveOutcome, ModelError> {
    let path = &at.path;
    let new_cost = model.info.validation.map(|m| m.cost);
    let existing = at.describe();
    let old = if at.uses_shipped() {
        Some(Ok(shipped()))
    } else if path.exists() {
        Some(load(path))
    } else {
        None
    };
    let keep_reason = match old {
        None => None,
        Some(Err(e)) => Some(format!("it could not be read to compare: {e}")),
        // Bit for bit the same (a seed's run reproduced): nothing to add.
        Some(Ok(old)) if bits(&old.network) == bits(&model.network) => {
            return Ok(SaveOutcome::Identical(existing));
        }
        Some(Ok(old)) => match (old.info.validation.map(|m| m.cost), new_cost) {
            (Some(old_cost), Some(new_cost)) if old_cost <= new_cost => Some(format!(
                "it has the lower validation cost: {old_cost:.4} vs {new_cost:.4}"
            )),
            (Some(_), Some(_)) => None,
            _ => Some("the two models' validation costs cannot be compared".to_string()),
        },
    };
    let Some(reason) = keep_reason else {
        return save(path, model).map(|()| SaveOutcome::Saved(path.to_path_buf()));
    };
    let saved = if beside {
        let stamp = model.info.trained_at.replace([':', '-'], "");
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("model");
        let saved = path.with_file_name(format!("{stem}-{stamp}.ron"));
        save(&saved, model)?;
        Some(saved)
    } else {
        None
    };
    Ok(SaveOutcome::KeptExisting {
        existing,
        saved,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    fn model(seed: u64, val_cost: f64) -> SavedModel {
        let network = Network::he_init(&mut ChaCha8Rng::seed_from_u64(seed));
        SavedModel {
            network,
            info: ModelInfo {
                origin: "test".into(),
                trained_at: format!("2026-11-26T10:00:0{seed}Z"),
                seed: Some(seed),
                best_epoch: Some(3),
                epochs_run: Some(8),
                validation: Some(Metrics {
                    accuracy: 0.9,
                    cost: val_cost,
                }),
                test: None,
                settings: None,
            },
        }
    }

    #[test]
    fn round_trips_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.ron");
        let m = model(1, 0.3);
        save(&path, &m).unwrap();
        let back = load(&path).unwrap();
        assert_eq!(back, m);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.lines().count() > 784, "one line per input row");
    }

    #[test]
    fn bad_files_are_explained() {
        let p = Path::new("m.ron");
        let good = model(1, 0.3).to_ron();
        let err = parse(p, &good.replacen("layer_sizes: [", "layer_sizes: [1, ", 1)).unwrap_err();
        assert!(
            err.to_string().contains("layer_sizes [1, 784, 16, 16, 10]"),
            "{err}"
        );
        // Drop one value from the first weight row.
        let start = good.find("weights: [").unwrap();
        let row_start = good[start..].find("[").unwrap() + start + 1;
        let row_start = good[row_start..].find("[").unwrap() + row_start + 1;
        let comma = good[row_start..].find(", ").unwrap() + row_start;
        let shorter = format!("{}{}", &good[..row_start], &good[comma + 2..]);
        let err = parse(p, &shorter).unwrap_err();
        assert!(
            err.to_string()
                .contains("layers[0].weights[0] has 15 values, expected 16"),
            "{err}"
        );
        let err = parse(p, &good.replacen("biases: [", "biases: [NaN, ", 1)).unwrap_err();
        assert!(
            err.to_string().contains("layers[0].biases has 17 values"),
            "{err}"
        );
        let mut m = model(1, 0.3);
        m.network.params[3] = f32::INFINITY;
        let err = parse(p, &m.to_ron()).unwrap_err();
        assert!(
            err.to_string().contains("layers[0].weights[0][3] is inf"),
            "{err}"
        );
        let err = parse(p, "(format: 1,").unwrap_err();
        assert!(matches!(err, ModelError::Parse { line: 1, .. }), "{err}");
        let err = load(Path::new("/nonexistent/model.ron")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("/nonexistent/model.ron: not found"),
            "{err}"
        );
    }

    #[test]
    fn a_fifo_or_device_is_refused_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("model.ron");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let err = load(&fifo).unwrap_err().to_string();
        assert!(err.contains("model.ron: is a named pipe (FIFO)"), "{err}");
        let err = load(Path::new("/dev/urandom")).unwrap_err().to_string();
        assert!(err.contains("/dev/urandom: is a device"), "{err}");
        // Saving beside a FIFO does not block on it either.
        let outcome =
            save_unless_worse(&ModelPath::file(fifo.clone()), &model(1, 0.3), true).unwrap();
        assert!(
            outcome.to_string().contains("could not be read"),
            "{outcome}"
        );
    }

    #[test]
    fn never_replaces_a_better_model() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.ron");
        assert_eq!(
            save_unless_worse(&ModelPath::file(path.clone()), &model(1, 0.3), true).unwrap(),
            SaveOutcome::Saved(path.clone())
        );
        let worse = model(2, 0.4);
        let outcome = save_unless_worse(&ModelPath::file(path.clone()), &worse, true).unwrap();
        let SaveOutcome::KeptExisting {
            saved: Some(saved), ..
        } = &outcome
        else {
            panic!("{outcome:?}")
        };
        assert_eq!(load(&path).unwrap(), model(1, 0.3));
        assert_eq!(load(saved).unwrap(), worse);
        assert!(
            outcome
                .to_string()
                .contains("lower validation cost: 0.3000 vs 0.4000"),
            "{outcome}"
        );
        // Not beside: nothing new on disk.
        let files = || std::fs::read_dir(dir.path()).unwrap().count();
        let before = files();
        let outcome =
            save_unless_worse(&ModelPath::file(path.clone()), &model(4, 0.5), false).unwrap();
        assert!(
            matches!(outcome, SaveOutcome::KeptExisting { saved: None, .. }),
            "{outcome:?}"
        );
        assert!(outcome.to_string().starts_with("not saved:"), "{outcome}");
        assert_eq!(files(), before);
        let better = model(3, 0.2);
        assert_eq!(
            save_unless_worse(&ModelPath::file(path.clone()), &better, false).unwrap(),
            SaveOutcome::Saved(path.clone())
        );
        assert_eq!(load(&path).unwrap(), better);
    }

    #[test]
    fn the_same_weights_again_are_not_saved_twice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.ron");
        save(&path, &model(1, 0.3)).unwrap();
        // A seed's run reproduced: same weights, a later time stamp.
        let mut again = model(1, 0.3);
        again.info.trained_at = "2030-01-01T00:00:00Z".into();
        let outcome = save_unless_worse(&ModelPath::file(path.clone()), &again, true).unwrap();
        assert_eq!(outcome, SaveOutcome::Identical(path.display().to_string()));
        assert!(
            outcome.to_string().contains("holds these very weights"),
            "{outcome}"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no file beside it"
        );
    }

    #[test]
    fn the_shipped_model_stands_in_at_the_default_path_until_a_better_one_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let at = ModelPath {
            path: dir.path().join("saves/model.ron"),
            shipped_fallback: true,
            set_by: None,
        };
        assert!(at.uses_shipped());
        assert_eq!(at.load().unwrap(), shipped());
        assert_eq!(at.describe(), SHIPPED_NAME);
        let shipped_cost = shipped().info.validation.unwrap().cost;
        // The shipped model's own weights again: nothing to save.
        let outcome = save_unless_worse(&at, &shipped(), true).unwrap();
        assert_eq!(outcome, SaveOutcome::Identical(SHIPPED_NAME.into()));
        // A worse model goes beside it; the default path stays empty.
        let outcome = save_unless_worse(&at, &model(1, shipped_cost + 0.1), true).unwrap();
        assert!(
            outcome
                .to_string()
                .starts_with("kept the built-in shipped model (it has the lower validation cost"),
            "{outcome}"
        );
        assert!(at.uses_shipped());
        // A better one takes the default path, and is what loads from then on.
        let better = model(2, shipped_cost / 2.0);
        let outcome = save_unless_worse(&at, &better, false).unwrap();
        assert_eq!(outcome, SaveOutcome::Saved(at.path.clone()));
        assert!(!at.uses_shipped());
        assert_eq!(at.load().unwrap(), better);
        // A path the user named is never filled in by the shipped model.
        let named = ModelPath::file(dir.path().join("other.ron"));
        assert!(
            named
                .load()
                .unwrap_err()
                .to_string()
                .contains("other.ron: not found")
        );
    }
}
