//! config.ron's fields, each declared once: its type, default, what it
//! takes (for messages), its rule and, for a training hyperparameter, what
//! runs that predate it did. From this list come [`RawConfig`] (the file),
//! [`TrainSettings`] (a run's record), both checks, the field table behind
//! error messages, the settings panel and the reload diff.
//!
//! Adding an option: one line here, its commented line in
//! `assets/default-config.ron` (and the checkout's `config.ron`), and the
//! code that uses it.
//!
//! Below both `config` (reading the file) and `train` (using the values).

mod declare;
mod kinds;
pub mod rules;

pub use declare::{FieldInfo, Show};
pub use kinds::{Augment, Labels, LrSchedule};

use std::path::PathBuf;

use declare::{config, section};

/// The default model file; the shipped model stands in until one is saved.
pub const DEFAULT_MODEL_PATH: &str = "saves/model.ron";
/// Where MNIST is downloaded from unless told otherwise.
pub const DEFAULT_MIRRORS: [&str; 2] = [
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
];
/// Most trials run at once: each is an OS thread.
pub const MAX_WORKERS: usize = 256;
/// Most seeds per configuration.
pub const MAX_SEEDS: usize = 1000;
/// Most trials in a grid: the trial list and trials.csv stay a few hundred MB.
pub const MAX_TRIALS: usize = 1_000_000;

config! {
    // Most telling first: the settings panel lists them in this order.
    training {
        /// Adam's step size at its peak (the schedule moves it).
        learning_rate: f32 = 0.0025, legacy 0.0025,
            expects "a number, e.g. 0.5", rule rules::learning_rate;
        lr_schedule: LrSchedule = LrSchedule::Cosine, legacy LrSchedule::Exponential,
            expects "Constant, Exponential or Cosine", rule rules::any;
        /// Epochs over which the learning rate first climbs from 0.
        warmup_epochs: usize = 1, legacy 0,
            expects "a whole number", rule rules::any;
        /// Adam's first-moment decay (the original's "momentum").
        beta1: f32 = 0.9, legacy 0.9,
            expects "a number, e.g. 0.5", rule rules::beta;
        /// Adam's second-moment decay (the original's "variance").
        beta2: f32 = 0.999, legacy 0.999,
            expects "a number, e.g. 0.5", rule rules::beta;
        /// AdamW's decoupled weight decay (0: plain Adam).
        weight_decay: f32 = 0.05, legacy 0.0,
            expects "a number, e.g. 0.5", rule rules::weight_decay;
        /// What the hidden layers' biases start at.
        hidden_bias: f32 = 0.1, legacy 0.0,
            expects "a number, e.g. 0.5", rule rules::hidden_bias;
        augment: Augment = Augment::RECIPE, legacy Augment::Off,
            expects "Off, or Affine(rotation: 10.0, scale: 0.1, shift: 1.0)", rule rules::augment;
        batch_size: usize = 32, legacy 32,
            expects "a whole number, e.g. 32", rule rules::batch_size;
        max_epochs: usize = 120, legacy 120,
            expects "a whole number", rule rules::at_least_one;
        /// Early stopping: epochs without improvement before stopping.
        /// (Cosine runs to the end: 120 epochs without a gain never happen.)
        patience: usize = 120, legacy 120,
            expects "a whole number", rule rules::at_least_one;
        /// An improvement must lower the validation cost by more than this.
        patience_buffer: f32 = 0.0001, legacy 0.0001,
            expects "a number, e.g. 0.5", rule rules::non_negative;
        epsilon: f32 = 1e-8, legacy 1e-8,
            expects "a number, e.g. 0.5", rule rules::positive;
        /// Used by Exponential: the factor per epoch.
        lr_decay: f32 = 0.85, legacy 0.85,
            expects "a number, e.g. 0.5", rule rules::decay;
        validation_size: usize = 10_000, legacy 10_000,
            expects "a whole number", rule rules::validation_size;
        /// Shuffled: random labels, to watch a network memorise.
        labels: Labels = Labels::True, legacy Labels::True,
            expects "True, or Shuffled", rule rules::any;
    }
    other {
        seed: Option<u64> = None,
            expects "None, or Some(n) with n a whole number of 0 or more", rule rules::any;
        load_model: bool = false,
            expects "true or false", rule rules::any;
        save_model: bool = true,
            expects "true or false", rule rules::any;
        model: PathBuf = PathBuf::from(DEFAULT_MODEL_PATH),
            expects "a file path in quotes", rule rules::model;
        data_dir: Option<PathBuf> = None,
            expects "None, or a folder path in quotes", rule rules::data_dir;
        mirrors: Vec<String> = DEFAULT_MIRRORS.iter().map(|m| m.to_string()).collect(),
            expects "a list of URLs in quotes, e.g. [\"https://…/\"]", rule rules::mirrors;
        tuner: TunerConfig = TunerConfig::default(),
            expects "( ... ) with the tuner's fields, see README.md", rule rules::any;
    }
}

section! {
    /// The `tuner` section: the grid swept by `mnist-tui tune` and the Tune
    /// screen, and how each trial is trained.
    pub struct TunerConfig, prefix "tuner." {
        /// Adam's beta1 ("momentum") values to try.
        beta1: Vec<f32> = vec![0.85, 0.87, 0.89, 0.91, 0.93, 0.95],
            expects "a list of numbers between 0 and 1, e.g. [0.9, 0.95]", rule rules::betas;
        /// Adam's beta2 ("variance") values to try.
        beta2: Vec<f32> = vec![0.991, 0.993, 0.995, 0.997, 0.999],
            expects "a list of numbers between 0 and 1, e.g. [0.9, 0.95]", rule rules::betas;
        learning_rate: Vec<f32> = vec![0.0001, 0.0003, 0.0005, 0.0007, 0.0009],
            expects "a list of numbers, e.g. [0.0001, 0.0003]", rule rules::learning_rates;
        /// Seeds per configuration (seeds 1, 2, ... n).
        seeds: usize = 10,
            expects "a whole number", rule rules::seeds;
        /// Per trial: epochs at most, and early-stopping patience.
        max_epochs: usize = 6,
            expects "a whole number", rule rules::at_least_one;
        patience: usize = 2,
            expects "a whole number", rule rules::at_least_one;
        /// Learning-rate decay per epoch in trials (1.0: constant, as the
        /// original project's sweep).
        lr_decay: f32 = 1.0,
            expects "a number, e.g. 1.0", rule rules::decay;
        /// Extra axes, beyond the original's grid: AdamW weight decay values,
        /// and augmentation off (false) and/or on (true, the default recipe's).
        weight_decay: Vec<f32> = vec![0.0],
            expects "a list of numbers from 0 to 1, e.g. [0.0, 0.05]", rule rules::weight_decays;
        augment: Vec<bool> = vec![false],
            expects "[false], [true] or [false, true]", rule rules::augments;
        /// Trials run at once; 0 = one per core.
        workers: usize = 0,
            expects "a whole number", rule rules::workers;
    }
}

impl Show for TunerConfig {
    /// Its fields are compared one by one (see [`changes`]).
    fn show(&self) -> String {
        "( … )".to_string()
    }
}

/// Every field (nested ones dotted), for messages.
pub fn all_fields() -> impl Iterator<Item = &'static FieldInfo> {
    RawConfig::FIELDS.iter().chain(TunerConfig::FIELDS)
}

/// What a field takes, for messages; None for names that are not fields.
pub fn expects(name: &str) -> Option<&'static str> {
    all_fields().find(|f| f.name == name).map(|f| f.expects)
}

/// One changed field: its name in config.ron, the old and the new value.
pub type Change = (&'static str, String, String);

/// The fields that differ between two configurations, in table order, the
/// tuner's one by one.
pub fn changes(old: &RawConfig, new: &RawConfig) -> Vec<Change> {
    let pairs = |a: Vec<(&'static str, String)>, b: Vec<(&'static str, String)>| {
        a.into_iter()
            .zip(b)
            .filter(|((_, x), (_, y))| x != y)
            .map(|((name, x), (_, y))| (name, x, y))
            .collect::<Vec<Change>>()
    };
    let mut out = pairs(old.values(), new.values());
    out.retain(|(name, _, _)| *name != "tuner");
    out.extend(pairs(old.tuner.values(), new.tuner.values()));
    out
}

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

impl TunerConfig {
    /// Trials in the grid.
    pub fn trials(&self) -> usize {
        grid_trials(&[
            self.beta1.len(),
            self.beta2.len(),
            self.learning_rate.len(),
            self.weight_decay.len(),
            self.augment.len(),
            self.seeds,
        ])
    }

    /// The rule between its fields: a grid of at most [`MAX_TRIALS`].
    pub fn grid_problem(&self) -> Option<String> {
        let trials = self.trials();
        (trials > MAX_TRIALS).then(|| {
            let lengths = [
                self.beta1.len(),
                self.beta2.len(),
                self.learning_rate.len(),
                self.weight_decay.len(),
                self.augment.len(),
                self.seeds,
            ];
            format!(
                "beta1, beta2, learning_rate, weight_decay, augment and seeds make {} = {trials} trials; at most {MAX_TRIALS}",
                lengths.map(|l| l.to_string()).join(" x "),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_in_the_table_once() {
        let names: Vec<&str> = all_fields().map(|f| f.name).collect();
        let unique: std::collections::HashSet<&&str> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        assert!(names.contains(&"tuner.seeds") && names.contains(&"learning_rate"));
        let training: Vec<&str> = RawConfig::FIELDS
            .iter()
            .filter(|f| f.training)
            .map(|f| f.name)
            .collect();
        let recorded: Vec<&str> = TrainSettings::legacy()
            .values()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(training, recorded, "a run records every training field");
        assert!(
            expects("beta1").is_some_and(|e| e.contains("number"))
                && RawConfig::FIELDS
                    .iter()
                    .any(|f| f.name == "beta1" && f.float)
        );
    }

    #[test]
    fn defaults_pass_their_own_rules_and_changes_name_fields() {
        assert!(RawConfig::default().field_problems().is_empty());
        assert!(TrainSettings::legacy().field_problems().is_empty());
        let mut new = RawConfig {
            learning_rate: 0.01,
            ..RawConfig::default()
        };
        new.tuner.seeds = 3;
        let got = changes(&RawConfig::default(), &new);
        assert_eq!(
            got,
            vec![
                ("learning_rate", "0.0025".into(), "0.01".into()),
                ("tuner.seeds", "10".into(), "3".into())
            ]
        );
    }
}
