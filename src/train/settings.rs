//! A run's hyperparameters: [`TrainSettings`] as written down (in a config,
//! a sweep's grid, a saved model), and [`Settings`], the same values after
//! [`TrainSettings::check`]. `train` takes only the checked kind, so a bad
//! value is refused with its name before a run starts, never clamped.

use std::ops::Deref;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::schedule::Schedule;
use crate::adam::AdamSettings;
use crate::config::Config;

/// The hyperparameters of one run; recorded in saved models. (Fields added
/// since the first models default to how those were trained.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainSettings {
    pub batch_size: usize,
    pub learning_rate: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub epsilon: f32,
    pub lr_decay: f32,
    pub patience: usize,
    pub patience_buffer: f32,
    pub max_epochs: usize,
    pub validation_size: usize,
    pub seed: u64,
    #[serde(default)]
    pub lr_schedule: LrSchedule,
    /// Epochs over which the learning rate first climbs from 0 (cosine).
    #[serde(default)]
    pub warmup_epochs: usize,
    /// AdamW's decoupled weight decay (0: plain Adam).
    #[serde(default)]
    pub weight_decay: f32,
    /// What the hidden layers' biases start at.
    #[serde(default)]
    pub hidden_bias: f32,
    #[serde(default)]
    pub augment: Augment,
}

/// How the learning rate moves during a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LrSchedule {
    /// The same all run.
    Constant,
    /// Multiplied by `lr_decay` after each epoch.
    #[default]
    Exponential,
    /// Half a cosine from the peak down to 0 at `max_epochs`, after a
    /// linear warmup of `warmup_epochs`.
    Cosine,
}

/// Random changes to each training image, new every epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Augment {
    /// The images as they are.
    #[default]
    Off,
    /// Rotate by up to ±`rotation` degrees, scale by 1 ± up to `scale`,
    /// shift by up to ±`shift` pixels each way (bilinear sampling).
    Affine {
        rotation: f32,
        scale: f32,
        shift: f32,
    },
}

impl Augment {
    /// The default recipe's: ±10°, scale ±0.1, shift ±1 pixel.
    pub const RECIPE: Augment = Augment::Affine {
        rotation: 10.0,
        scale: 0.1,
        shift: 1.0,
    };

    /// As config.ron writes it.
    pub fn ron(&self) -> String {
        match self {
            Augment::Off => "Off".to_string(),
            Augment::Affine {
                rotation,
                scale,
                shift,
            } => format!("Affine(rotation: {rotation:?}, scale: {scale:?}, shift: {shift:?})"),
        }
    }
}

/// A value `train` cannot use, named by its field.
#[derive(Clone, Debug, PartialEq, Error)]
#[error("{field}: {message}")]
pub struct SettingsError {
    pub field: &'static str,
    pub message: String,
}

/// The range rules, shared with config.ron's checks so both say the same.
pub mod rules {
    pub fn positive(v: f32) -> Result<(), String> {
        if v > 0.0 && v.is_finite() {
            Ok(())
        } else {
            Err(format!("must be greater than 0 (got {v})"))
        }
    }

    /// Adam's step size: above 1 no run learns (1e23 diverges at once).
    pub fn learning_rate(v: f32) -> Result<(), String> {
        if v > 0.0 && v <= 1.0 {
            Ok(())
        } else {
            Err(format!("must be greater than 0 and at most 1 (got {v})"))
        }
    }

    pub fn beta(v: f32) -> Result<(), String> {
        if v > 0.0 && v < 1.0 {
            Ok(())
        } else {
            Err(format!("must be strictly between 0 and 1 (got {v})"))
        }
    }

    pub fn decay(v: f32) -> Result<(), String> {
        if v > 0.0 && v <= 1.0 {
            Ok(())
        } else {
            Err(format!("must be in (0, 1]; 1 means no decay (got {v})"))
        }
    }

    pub fn at_least_one(v: usize) -> Result<(), String> {
        if v >= 1 {
            Ok(())
        } else {
            Err(format!("must be at least 1 (got {v})"))
        }
    }

    pub fn weight_decay(v: f32) -> Result<(), String> {
        if (0.0..=1.0).contains(&v) {
            Ok(())
        } else {
            Err(format!("must be between 0 and 1; 0 means none (got {v})"))
        }
    }

    pub fn hidden_bias(v: f32) -> Result<(), String> {
        if (-1.0..=1.0).contains(&v) {
            Ok(())
        } else {
            Err(format!("must be between -1 and 1 (got {v})"))
        }
    }

    pub fn augment(a: &super::Augment) -> Result<(), String> {
        let super::Augment::Affine {
            rotation,
            scale,
            shift,
        } = *a
        else {
            return Ok(());
        };
        let ok = |v: f32, max: f32| (0.0..=max).contains(&v);
        if !ok(rotation, 45.0) {
            Err(format!("rotation must be 0 to 45 degrees (got {rotation})"))
        } else if !ok(scale, 0.5) {
            Err(format!("scale must be 0 to 0.5, a fraction (got {scale})"))
        } else if !ok(shift, 4.0) {
            Err(format!("shift must be 0 to 4 pixels (got {shift})"))
        } else {
            Ok(())
        }
    }

    pub fn non_negative(v: f32) -> Result<(), String> {
        if v >= 0.0 && v.is_finite() {
            Ok(())
        } else {
            Err(format!("must be 0 or more (got {v})"))
        }
    }
}

impl TrainSettings {
    pub fn from_config(c: &Config, seed: u64) -> TrainSettings {
        TrainSettings {
            batch_size: c.batch_size,
            learning_rate: c.learning_rate,
            beta1: c.beta1,
            beta2: c.beta2,
            epsilon: c.epsilon,
            lr_decay: c.lr_decay,
            patience: c.patience,
            patience_buffer: c.patience_buffer,
            max_epochs: c.max_epochs,
            validation_size: c.validation_size,
            seed,
            lr_schedule: c.lr_schedule,
            warmup_epochs: c.warmup_epochs,
            weight_decay: c.weight_decay,
            hidden_bias: c.hidden_bias,
            augment: c.augment,
        }
    }

    /// Checks every value, and the batch size against the `train_len`
    /// training images the run will see.
    pub fn check(self, train_len: usize) -> Result<Settings, SettingsError> {
        let fields = [
            ("batch_size", rules::at_least_one(self.batch_size)),
            ("learning_rate", rules::learning_rate(self.learning_rate)),
            ("beta1", rules::beta(self.beta1)),
            ("beta2", rules::beta(self.beta2)),
            ("epsilon", rules::positive(self.epsilon)),
            ("lr_decay", rules::decay(self.lr_decay)),
            ("patience", rules::at_least_one(self.patience)),
            ("patience_buffer", rules::non_negative(self.patience_buffer)),
            ("max_epochs", rules::at_least_one(self.max_epochs)),
            ("weight_decay", rules::weight_decay(self.weight_decay)),
            ("hidden_bias", rules::hidden_bias(self.hidden_bias)),
            ("augment", rules::augment(&self.augment)),
        ];
        for (field, verdict) in fields {
            verdict.map_err(|message| SettingsError { field, message })?;
        }
        if train_len == 0 {
            return Err(SettingsError {
                field: "validation_size",
                message: "leaves no images to train on".into(),
            });
        }
        if self.batch_size > train_len {
            return Err(SettingsError {
                field: "batch_size",
                message: format!(
                    "{} is more than the {train_len} training images",
                    self.batch_size
                ),
            });
        }
        Ok(Settings(self))
    }
}

/// Whether holding out `validation_size` of the `total` training images
/// leaves enough to train on in batches of `batch_size`; the message does
/// the arithmetic.
pub fn check_split(
    total: usize,
    validation_size: usize,
    batch_size: usize,
) -> Result<(), SettingsError> {
    let left = total.saturating_sub(validation_size);
    if left >= batch_size.max(1) {
        return Ok(());
    }
    let fewer = if left == 0 {
        String::new()
    } else {
        format!(", fewer than batch_size ({batch_size})")
    };
    Err(SettingsError {
        field: "validation_size",
        message: format!(
            "{total} training images − {validation_size} for validation leaves {left} to train on{fewer}"
        ),
    })
}

/// Settings that passed [`TrainSettings::check`].
#[derive(Clone, Debug, PartialEq)]
pub struct Settings(TrainSettings);

impl Deref for Settings {
    type Target = TrainSettings;
    fn deref(&self) -> &TrainSettings {
        &self.0
    }
}

impl Settings {
    pub fn adam(&self) -> AdamSettings {
        AdamSettings {
            learning_rate: self.learning_rate,
            beta1: self.beta1,
            beta2: self.beta2,
            epsilon: self.epsilon,
            weight_decay: self.weight_decay,
        }
    }

    /// The learning rate of every step, for epochs of `batches` batches.
    pub fn schedule(&self, batches: usize) -> Schedule {
        let peak = self.learning_rate;
        match self.lr_schedule {
            LrSchedule::Constant => Schedule::Constant(peak),
            LrSchedule::Exponential => Schedule::Exponential {
                start: peak,
                decay: self.lr_decay,
                batches,
            },
            LrSchedule::Cosine => Schedule::Cosine {
                peak,
                warmup: self.warmup_epochs * batches,
                total: self.max_epochs * batches,
            },
        }
    }

    /// The values as written down (for saving with a model).
    pub fn unchecked(&self) -> &TrainSettings {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> TrainSettings {
        TrainSettings::from_config(&Config::default(), 1)
    }

    #[test]
    fn defaults_pass_and_each_bad_value_is_named() {
        assert!(good().check(50_000).is_ok());
        type Spoil = fn(&mut TrainSettings);
        let cases: [(Spoil, &str); 9] = [
            (|s| s.batch_size = 0, "batch_size"),
            (|s| s.learning_rate = 1e23, "learning_rate"),
            (|s| s.beta1 = 1.0, "beta1"),
            (|s| s.beta2 = 0.0, "beta2"),
            (|s| s.epsilon = -1.0, "epsilon"),
            (|s| s.lr_decay = 1.5, "lr_decay"),
            (|s| s.patience = 0, "patience"),
            (|s| s.patience_buffer = f32::INFINITY, "patience_buffer"),
            (|s| s.max_epochs = 0, "max_epochs"),
        ];
        for (spoil, field) in cases {
            let mut s = good();
            spoil(&mut s);
            assert_eq!(s.check(50_000).unwrap_err().field, field);
        }
    }

    #[test]
    fn a_batch_larger_than_the_training_set_is_refused_not_clamped() {
        let mut s = good();
        s.batch_size = 101;
        let e = s.clone().check(100).unwrap_err();
        assert_eq!(e.field, "batch_size");
        assert!(e.to_string().contains("101 is more than the 100"), "{e}");
        assert_eq!(s.check(101).map(|c| c.batch_size), Ok(101));
        assert_eq!(good().check(0).unwrap_err().field, "validation_size");
    }
}
