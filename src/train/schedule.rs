//! The learning rate of each epoch.

/// How the learning rate changes from epoch to epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Schedule {
    /// `start`, multiplied by `decay` after every epoch (1.0: constant).
    Exponential { start: f32, decay: f32 },
}

impl Schedule {
    /// The learning rate of `epoch` (1-based).
    pub fn rate(&self, epoch: usize) -> f32 {
        match *self {
            Schedule::Exponential { start, decay } => start * decay.powi(epoch as i32 - 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_decay_by_hand() {
        let s = Schedule::Exponential {
            start: 0.01,
            decay: 0.5,
        };
        assert_eq!(
            [1, 2, 3].map(|e| s.rate(e)),
            [0.01, 0.01 * 0.5, 0.01 * 0.25]
        );
        let constant = Schedule::Exponential {
            start: 0.003,
            decay: 1.0,
        };
        assert_eq!(constant.rate(40), 0.003);
    }
}
