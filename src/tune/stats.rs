//! Per-configuration summaries of a sweep's trials, for rankings.

use super::{Hyper, Sweep, TrialResult, TrialStatus};

#[derive(Clone, Debug, PartialEq)]
pub struct ConfigStats {
    pub hyper: Hyper,
    /// Seeds finished (ok or diverged), of `seeds`.
    pub done: usize,
    pub seeds: usize,
    pub diverged: usize,
    /// Over the seeds that finished ok.
    pub mean_cost: f64,
    pub std_cost: f64,
    pub best_seed: u64,
    pub best_cost: f64,
    pub mean_accuracy: f64,
    pub worst_accuracy: f64,
    /// Mean test accuracy: reported, never used to rank.
    pub mean_test_accuracy: f64,
}

/// Every configuration with at least one finished trial, in grid order.
pub fn by_config(sweep: &Sweep, results: &[TrialResult]) -> Vec<ConfigStats> {
    sweep
        .configs()
        .into_iter()
        .filter_map(|hyper| {
            let mine: Vec<&TrialResult> = results
                .iter()
                .filter(|r| r.key.hyper.bits() == hyper.bits() && r.status.is_final())
                .collect();
            if mine.is_empty() {
                return None;
            }
            let ok: Vec<&&TrialResult> = mine
                .iter()
                .filter(|r| r.status == TrialStatus::Ok)
                .collect();
            let n = ok.len().max(1) as f64;
            let mean = |f: &dyn Fn(&TrialResult) -> f64| ok.iter().map(|r| f(r)).sum::<f64>() / n;
            let mean_cost = if ok.is_empty() {
                f64::INFINITY
            } else {
                mean(&|r| r.val_cost)
            };
            let var = ok
                .iter()
                .map(|r| (r.val_cost - mean_cost).powi(2))
                .sum::<f64>()
                / n;
            let best = ok.iter().min_by(|a, b| a.val_cost.total_cmp(&b.val_cost));
            Some(ConfigStats {
                hyper,
                done: mine.len(),
                seeds: sweep.seeds,
                diverged: mine.len() - ok.len(),
                mean_cost,
                std_cost: if ok.len() > 1 { var.sqrt() } else { 0.0 },
                best_seed: best.map_or(0, |b| b.key.seed),
                best_cost: best.map_or(f64::INFINITY, |b| b.val_cost),
                mean_accuracy: mean(&|r| r.val_accuracy),
                worst_accuracy: ok
                    .iter()
                    .map(|r| r.val_accuracy)
                    .fold(f64::INFINITY, f64::min),
                mean_test_accuracy: mean(&|r| r.test_accuracy),
            })
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    /// Mean validation cost, lowest first.
    Cost,
    /// Mean validation accuracy, highest first.
    Accuracy,
    /// Spread of validation cost over seeds, smallest first.
    Spread,
}

impl SortBy {
    pub fn next(self) -> SortBy {
        match self {
            SortBy::Cost => SortBy::Accuracy,
            SortBy::Accuracy => SortBy::Spread,
            SortBy::Spread => SortBy::Cost,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SortBy::Cost => "mean val cost",
            SortBy::Accuracy => "mean val accuracy",
            SortBy::Spread => "cost spread",
        }
    }
}

/// Ranks in place (ties broken by mean cost, then grid order).
pub fn rank(stats: &mut [ConfigStats], by: SortBy) {
    stats.sort_by(|a, b| {
        let primary = match by {
            SortBy::Cost => a.mean_cost.total_cmp(&b.mean_cost),
            SortBy::Accuracy => b.mean_accuracy.total_cmp(&a.mean_accuracy),
            SortBy::Spread => a.std_cost.total_cmp(&b.std_cost),
        };
        primary.then(a.mean_cost.total_cmp(&b.mean_cost))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::tune::TrialKey;

    fn r(hyper: Hyper, seed: u64, cost: f64, acc: f64, status: TrialStatus) -> TrialResult {
        TrialResult {
            key: TrialKey { hyper, seed },
            best_epoch: 1,
            epochs_run: 1,
            val_cost: cost,
            val_accuracy: acc,
            test_cost: cost,
            test_accuracy: acc,
            seconds: 0.1,
            status,
        }
    }

    #[test]
    fn mean_spread_best_and_worst() {
        let sweep = Sweep::from_config(&Config::default());
        let [a, b] = [sweep.configs()[0], sweep.configs()[1]];
        let results = vec![
            r(a, 1, 0.2, 0.95, TrialStatus::Ok),
            r(a, 2, 0.4, 0.93, TrialStatus::Ok),
            r(a, 3, f64::NAN, 0.1, TrialStatus::Diverged),
            r(a, 4, 0.1, 0.5, TrialStatus::Stopped),
            r(b, 1, 0.25, 0.96, TrialStatus::Ok),
        ];
        let mut s = by_config(&sweep, &results);
        assert_eq!(s.len(), 2);
        let sa = &s[0];
        assert_eq!((sa.done, sa.diverged, sa.best_seed), (3, 1, 1));
        assert!((sa.mean_cost - 0.3).abs() < 1e-12 && (sa.std_cost - 0.1).abs() < 1e-12);
        assert_eq!((sa.best_cost, sa.worst_accuracy), (0.2, 0.93));
        rank(&mut s, SortBy::Cost);
        assert_eq!(s[0].hyper, b);
        rank(&mut s, SortBy::Spread);
        assert_eq!(s[0].hyper, b, "one seed: no spread");
        rank(&mut s, SortBy::Accuracy);
        assert_eq!(s[0].hyper, b);
    }
}
