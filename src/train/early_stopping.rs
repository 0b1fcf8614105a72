//! Early stopping on validation cost: stop after `patience` epochs in a row
//! without a real improvement, and keep the weights of the lowest cost.

/// Tracks the lowest validation cost and the epochs since a real improvement.
#[derive(Clone, Debug)]
pub struct EarlyStopping {
    patience: usize,
    /// An improvement must beat the best cost by more than this to reset
    /// the patience count (a smaller one still becomes the kept best).
    buffer: f64,
    best: Option<(usize, f64)>,
    since: usize,
}

/// What one epoch's validation cost means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The lowest cost so far: keep these weights.
    pub new_best: bool,
    /// Patience has run out.
    pub stop: bool,
}

impl EarlyStopping {
    pub fn new(patience: usize, buffer: f32) -> EarlyStopping {
        EarlyStopping {
            patience,
            buffer: buffer as f64,
            best: None,
            since: 0,
        }
    }

    pub fn observe(&mut self, epoch: usize, cost: f64) -> Verdict {
        let best = self.best_cost();
        if cost < best - self.buffer {
            self.since = 0;
        } else {
            self.since += 1;
        }
        let new_best = cost < best;
        if new_best {
            self.best = Some((epoch, cost));
        }
        Verdict {
            new_best,
            stop: self.since >= self.patience,
        }
    }

    /// The epoch of the lowest cost (0: none yet).
    pub fn best_epoch(&self) -> usize {
        self.best.map_or(0, |b| b.0)
    }

    pub fn best_cost(&self) -> f64 {
        self.best.map_or(f64::INFINITY, |b| b.1)
    }

    /// Epochs in a row without an improvement larger than the buffer.
    pub fn since_improvement(&self) -> usize {
        self.since
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (patience, buffer, costs, then per epoch: new best, since, stop).
    #[test]
    fn table() {
        type Row = (usize, f32, &'static [f64], &'static [(bool, usize, bool)]);
        let rows: &[Row] = &[
            // Steady improvement never stops.
            (
                2,
                0.0,
                &[0.5, 0.4, 0.3],
                &[(true, 0, false), (true, 0, false), (true, 0, false)],
            ),
            // Two flat epochs with patience 2 stop.
            (
                2,
                0.0,
                &[0.5, 0.5, 0.6],
                &[(true, 0, false), (false, 1, false), (false, 2, true)],
            ),
            // An improvement inside the buffer is kept but does not reset patience.
            (
                2,
                0.01,
                &[0.5, 0.495, 0.49],
                &[(true, 0, false), (true, 1, false), (true, 2, true)],
            ),
            // A real improvement resets the count.
            (
                3,
                0.01,
                &[0.5, 0.6, 0.7, 0.3, 0.31],
                &[
                    (true, 0, false),
                    (false, 1, false),
                    (false, 2, false),
                    (true, 0, false),
                    (false, 1, false),
                ],
            ),
            // Patience 1 stops at the first epoch that does not improve.
            (1, 0.0, &[0.2, 0.2], &[(true, 0, false), (false, 1, true)]),
        ];
        for (patience, buffer, costs, want) in rows {
            let mut s = EarlyStopping::new(*patience, *buffer);
            for (epoch, (cost, want)) in costs.iter().zip(want.iter()).enumerate() {
                let v = s.observe(epoch + 1, *cost);
                assert_eq!(
                    (v.new_best, s.since_improvement(), v.stop),
                    *want,
                    "patience {patience} buffer {buffer} costs {costs:?} epoch {}",
                    epoch + 1
                );
            }
        }
    }

    #[test]
    fn best_epoch_and_cost() {
        let mut s = EarlyStopping::new(5, 0.0);
        assert_eq!((s.best_epoch(), s.best_cost()), (0, f64::INFINITY));
        for (e, c) in [0.4, 0.3, 0.35].into_iter().enumerate() {
            s.observe(e + 1, c);
        }
        assert_eq!((s.best_epoch(), s.best_cost()), (2, 0.3));
    }
}
