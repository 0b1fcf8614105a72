//! The `tuner` section of config.ron: the grid swept by `mnist-tui tune`
//! and the Tune screen, and how each trial is trained.

use serde::{Deserialize, Serialize};

use super::Problem;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TunerConfig {
    /// Adam's beta1 ("momentum") values to try.
    pub beta1: Vec<f32>,
    /// Adam's beta2 ("variance") values to try.
    pub beta2: Vec<f32>,
    pub learning_rate: Vec<f32>,
    /// Seeds per configuration (seeds 1, 2, ... n).
    pub seeds: usize,
    /// Per trial: epochs at most, and early-stopping patience.
    pub max_epochs: usize,
    pub patience: usize,
    /// Learning-rate decay per epoch in trials (1.0: constant, as the
    /// original project's sweep).
    pub lr_decay: f32,
    /// Trials run at once; 0 = one per core.
    pub workers: usize,
}

impl Default for TunerConfig {
    fn default() -> Self {
        TunerConfig {
            beta1: vec![0.85, 0.87, 0.89, 0.91, 0.93, 0.95],
            beta2: vec![0.991, 0.993, 0.995, 0.997, 0.999],
            learning_rate: vec![0.0001, 0.0003, 0.0005, 0.0007, 0.0009],
            seeds: 10,
            max_epochs: 6,
            patience: 2,
            lr_decay: 1.0,
            workers: 0,
        }
    }
}

impl TunerConfig {
    pub fn problems(&self, out: &mut Vec<Problem>) {
        let mut bad = |field: &'static str, ok: bool, message: String| {
            if !ok {
                out.push(Problem { field, message });
            }
        };
        for (field, values) in [("tuner.beta1", &self.beta1), ("tuner.beta2", &self.beta2)] {
            bad(
                field,
                !values.is_empty() && values.iter().all(|v| *v > 0.0 && *v < 1.0),
                format!("must list values strictly between 0 and 1 (got {values:?})"),
            );
        }
        bad(
            "tuner.learning_rate",
            !self.learning_rate.is_empty()
                && self.learning_rate.iter().all(|v| *v > 0.0 && v.is_finite()),
            format!(
                "must list values greater than 0 (got {:?})",
                self.learning_rate
            ),
        );
        bad(
            "tuner.seeds",
            self.seeds >= 1,
            "must be at least 1 (got 0)".into(),
        );
        bad(
            "tuner.max_epochs",
            self.max_epochs >= 1,
            "must be at least 1 (got 0)".into(),
        );
        bad(
            "tuner.patience",
            self.patience >= 1,
            "must be at least 1 (got 0)".into(),
        );
        bad(
            "tuner.lr_decay",
            self.lr_decay > 0.0 && self.lr_decay <= 1.0,
            format!(
                "must be in (0, 1]; 1 means no decay (got {})",
                self.lr_decay
            ),
        );
    }
}
