//! The values of config.ron's fields that are more than numbers.

use serde::{Deserialize, Serialize};

use super::Show;

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

/// Which labels the training images carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Labels {
    /// MNIST's own.
    #[default]
    True,
    /// The same labels dealt out at random among the training images (a
    /// fixed shuffle per seed): nothing is left to learn but each image's
    /// arbitrary answer. Validation and test keep their true labels.
    Shuffled,
}

impl Show for Labels {
    fn show(&self) -> String {
        format!("{self:?}")
    }
}

impl Show for LrSchedule {
    fn show(&self) -> String {
        format!("{self:?}")
    }
}

impl Show for Augment {
    /// Short enough for the settings panel: `±10° ±0.1 ±1px`, or `Off`.
    fn show(&self) -> String {
        match self {
            Augment::Off => "Off".to_string(),
            Augment::Affine {
                rotation,
                scale,
                shift,
            } => format!("±{rotation}° ±{scale} ±{shift}px"),
        }
    }
}
