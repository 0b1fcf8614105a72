//! The `tuner` section of config.ron: the grid swept by `mnist-tui tune`
//! and the Tune screen, and how each trial is trained.

use serde::{Deserialize, Serialize};

use super::Problem;

/// Most trials run at once: each is an OS thread.
pub const MAX_WORKERS: usize = 256;
/// Most seeds per configuration.
pub const MAX_SEEDS: usize = 1000;
/// Most trials in a grid: the trial list and trials.csv stay a few hundred MB.
pub const MAX_TRIALS: usize = 1_000_000;

/// Trials of a grid: the product of its list lengths and the seed count
/// (saturating, so absurd lists cannot overflow).
pub fn grid_trials(lengths: &[usize]) -> usize {
    lengths.iter().fold(1usize, |n, &l| n.saturating_mul(l))
}

/// The first value a list holds twice (a grid point would be trained twice).
pub fn repeated(values: &[f32]) -> Option<f32> {
    let mut seen = std::collections::HashSet::new();
    values.iter().copied().find(|v| !seen.insert(v.to_bits()))
}

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
    /// Extra axes, beyond the original's grid: AdamW weight decay values,
    /// and augmentation off (false) and/or on (true, the default recipe's).
    pub weight_decay: Vec<f32>,
    pub augment: Vec<bool>,
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
            weight_decay: vec![0.0],
            augment: vec![false],
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
                && self
                    .learning_rate
                    .iter()
                    .all(|v| crate::train::rules::learning_rate(*v).is_ok()),
            format!(
                "must list values greater than 0 and at most 1 (got {:?})",
                self.learning_rate
            ),
        );
        for (field, values) in [
            ("tuner.beta1", &self.beta1),
            ("tuner.beta2", &self.beta2),
            ("tuner.learning_rate", &self.learning_rate),
        ] {
            if let Some(v) = repeated(values) {
                bad(
                    field,
                    false,
                    format!("lists {v} twice; each value may appear once"),
                );
            }
        }
        bad(
            "tuner.seeds",
            (1..=MAX_SEEDS).contains(&self.seeds),
            format!("must be between 1 and {MAX_SEEDS} (got {})", self.seeds),
        );
        bad(
            "tuner.weight_decay",
            !self.weight_decay.is_empty()
                && self
                    .weight_decay
                    .iter()
                    .all(|v| crate::train::rules::weight_decay(*v).is_ok()),
            format!(
                "must list values from 0 to 1; [0.0] sweeps none (got {:?})",
                self.weight_decay
            ),
        );
        if let Some(v) = repeated(&self.weight_decay) {
            bad(
                "tuner.weight_decay",
                false,
                format!("lists {v} twice; each value may appear once"),
            );
        }
        bad(
            "tuner.augment",
            matches!(
                self.augment.as_slice(),
                [false] | [true] | [false, true] | [true, false]
            ),
            format!(
                "must be [false], [true] or [false, true] (got {:?})",
                self.augment
            ),
        );
        let lengths = [
            self.beta1.len(),
            self.beta2.len(),
            self.learning_rate.len(),
            self.weight_decay.len(),
            self.augment.len(),
            self.seeds,
        ];
        let trials = grid_trials(&lengths);
        bad(
            "tuner",
            trials <= MAX_TRIALS,
            format!(
                "beta1, beta2, learning_rate, weight_decay, augment and seeds make {} = {trials} trials; at most {MAX_TRIALS}",
                lengths.map(|l| l.to_string()).join(" x "),
            ),
        );
        bad(
            "tuner.workers",
            self.workers <= MAX_WORKERS,
            format!(
                "must be at most {MAX_WORKERS} (0 = one per core) (got {})",
                self.workers
            ),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(t: &TunerConfig) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        t.problems(&mut p);
        p.into_iter().map(|p| (p.field, p.message)).collect()
    }

    #[test]
    fn defaults_pass_and_limits_are_inclusive() {
        assert!(fields(&TunerConfig::default()).is_empty());
        let edge = TunerConfig {
            seeds: MAX_SEEDS,
            workers: MAX_WORKERS,
            learning_rate: vec![0.001],
            ..TunerConfig::default()
        };
        assert!(fields(&edge).is_empty(), "{:?}", fields(&edge));
    }

    #[test]
    fn extra_axes_are_checked() {
        let t = TunerConfig {
            weight_decay: vec![0.0, 2.0],
            augment: vec![true, true],
            ..TunerConfig::default()
        };
        let f = fields(&t);
        assert_eq!(f[0].0, "tuner.weight_decay");
        assert!(f[0].1.contains("from 0 to 1"), "{f:?}");
        assert_eq!(f[1].0, "tuner.augment");
        assert!(f[1].1.contains("[false, true]"), "{f:?}");
        let ok = TunerConfig {
            weight_decay: vec![0.0, 0.05],
            augment: vec![false, true],
            ..TunerConfig::default()
        };
        assert!(fields(&ok).is_empty());
    }

    #[test]
    fn workers_seeds_and_grid_size_are_capped() {
        let t = TunerConfig {
            workers: 1_000_000,
            ..TunerConfig::default()
        };
        assert_eq!(
            fields(&t),
            [(
                "tuner.workers",
                "must be at most 256 (0 = one per core) (got 1000000)".to_string()
            )]
        );
        let t = TunerConfig {
            seeds: 100_000_000,
            ..TunerConfig::default()
        };
        let f = fields(&t);
        assert_eq!(f[0].0, "tuner.seeds");
        assert!(f[0].1.contains("between 1 and 1000"), "{f:?}");
        let t = TunerConfig {
            seeds: 10,
            learning_rate: (1..=20_000).map(|i| i as f32 * 1e-6).collect(),
            ..TunerConfig::default()
        };
        assert_eq!(
            fields(&t),
            [(
                "tuner",
                "beta1, beta2, learning_rate, weight_decay, augment and seeds make 6 x 5 x 20000 x 1 x 1 x 10 = 6000000 trials; at most 1000000"
                    .to_string()
            )]
        );
    }

    #[test]
    fn a_value_listed_twice_is_refused() {
        let t = TunerConfig {
            beta2: vec![0.99, 0.999, 0.99],
            ..TunerConfig::default()
        };
        assert_eq!(
            fields(&t),
            [(
                "tuner.beta2",
                "lists 0.99 twice; each value may appear once".to_string()
            )]
        );
    }
}
