//! The learning rate of each step (batch) of a run.

use std::f64::consts::PI;

/// How the learning rate changes from step to step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Schedule {
    Constant(f32),
    /// `start`, multiplied by `decay` after every epoch of `batches` steps.
    Exponential {
        start: f32,
        decay: f32,
        batches: usize,
    },
    /// Linear warmup from 0 over `warmup` steps, then half a cosine from
    /// `peak` down to 0 at step `total`.
    Cosine {
        peak: f32,
        warmup: usize,
        total: usize,
    },
}

impl Schedule {
    /// The learning rate of step `step` (0-based, counted over the run).
    pub fn rate(&self, step: usize) -> f32 {
        match *self {
            Schedule::Constant(lr) => lr,
            Schedule::Exponential {
                start,
                decay,
                batches,
            } => {
                let epoch = step / batches.max(1) + 1;
                start * decay.powi(epoch as i32 - 1)
            }
            Schedule::Cosine {
                peak,
                warmup,
                total,
            } => {
                if step < warmup {
                    return peak * (step + 1) as f32 / warmup as f32;
                }
                let span = total.saturating_sub(warmup).max(1) as f64;
                let progress = ((step - warmup) as f64 / span).min(1.0);
                (peak as f64 * 0.5 * (1.0 + (PI * progress).cos())) as f32
            }
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
            batches: 10,
        };
        assert_eq!(
            [0, 9, 10, 25].map(|t| s.rate(t)),
            [0.01, 0.01, 0.01 * 0.5, 0.01 * 0.25]
        );
        assert_eq!(Schedule::Constant(0.003).rate(4000), 0.003);
    }

    #[test]
    fn cosine_with_warmup_by_hand() {
        // 2 warmup steps, then 4 steps of cosine from 0.1 down to 0.
        let s = Schedule::Cosine {
            peak: 0.1,
            warmup: 2,
            total: 6,
        };
        let want = [
            0.05,                                 // warmup 1/2
            0.1,                                  // warmup 2/2
            0.1,                                  // cos(0)
            0.1 * 0.5 * (1.0 + (PI / 4.0).cos()), // cos(pi/4)
            0.05,                                 // cos(pi/2)
            0.1 * 0.5 * (1.0 + (3.0 * PI / 4.0).cos()),
            0.0, // the end
            0.0, // past the end stays 0
        ];
        for (t, w) in want.iter().enumerate() {
            assert!(
                (s.rate(t) as f64 - w).abs() < 1e-7,
                "step {t}: {} vs {w}",
                s.rate(t)
            );
        }
    }
}
