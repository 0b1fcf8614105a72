//! A run's hyperparameters checked: [`TrainSettings`] (declared in
//! `hyper`) as written down, and [`Settings`], the same values after
//! [`TrainSettings::check`]. `train` takes only the checked kind, so a bad value is
//! refused with its name before a run starts, never clamped.

use std::ops::Deref;

use thiserror::Error;

use super::schedule::Schedule;
use crate::adam::AdamSettings;
use crate::hyper::{LrSchedule, TrainSettings, rules};

/// A value `train` cannot use, named by its field.
#[derive(Clone, Debug, PartialEq, Error)]
#[error("{field}: {message}")]
pub struct SettingsError {
    pub field: &'static str,
    pub message: String,
}

/// Checks every value (each field's rule from the table in `hyper`, and
/// warmup within the run), and the batch size against the `train_len`
/// training images the run will see.
impl TrainSettings {
    pub fn check(self, train_len: usize) -> Result<Settings, SettingsError> {
        let mut problems = self.field_problems();
        if let Err(e) = rules::warmup(self.warmup_epochs, self.max_epochs) {
            problems.push(("warmup_epochs", e));
        }
        if let Some((field, message)) = problems.into_iter().next() {
            return Err(SettingsError { field, message });
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
        TrainSettings::from_config(&crate::config::Config::default(), 1)
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
