//! Per-configuration summaries of a sweep's trials, for rankings.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::{Hyper, Sweep, TrialResult, TrialStatus};

#[derive(Clone, Debug, PartialEq)]
pub struct ConfigStats {
    pub hyper: Hyper,
    /// Seeds finished (ok or diverged), of `seeds`.
    pub done: usize,
    pub seeds: usize,
    pub diverged: usize,
    /// Over the seeds that finished ok (infinite if none did).
    pub mean_cost: f64,
    /// Standard deviation over the seeds that finished ok; None with fewer
    /// than two (one seed has no spread, rather than a spread of 0).
    pub std_cost: Option<f64>,
    pub best_seed: u64,
    pub best_cost: f64,
    /// NaN if no seed finished ok.
    pub mean_accuracy: f64,
    pub worst_accuracy: f64,
    /// Mean test accuracy: reported, never used to rank.
    pub mean_test_accuracy: f64,
}

/// Every configuration with at least one finished trial, in grid order.
/// Linear in results: they are grouped by configuration first.
pub fn by_config(sweep: &Sweep, results: &[TrialResult]) -> Vec<ConfigStats> {
    let mut groups: HashMap<super::HyperBits, Vec<&TrialResult>> = HashMap::new();
    for r in results.iter().filter(|r| r.status.is_final()) {
        groups.entry(r.key.hyper.bits()).or_default().push(r);
    }
    sweep
        .configs()
        .into_iter()
        .filter_map(|hyper| {
            let mine = groups.get(&hyper.bits())?;
            Some(summarise(hyper, mine, sweep.seeds))
        })
        .collect()
}

fn summarise(hyper: Hyper, mine: &[&TrialResult], seeds: usize) -> ConfigStats {
    let ok: Vec<&TrialResult> = mine
        .iter()
        .copied()
        .filter(|r| r.status == TrialStatus::Ok)
        .collect();
    let n = ok.len() as f64;
    let mean = |f: &dyn Fn(&TrialResult) -> f64| {
        if ok.is_empty() {
            f64::NAN
        } else {
            ok.iter().map(|r| f(r)).sum::<f64>() / n
        }
    };
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
    ConfigStats {
        hyper,
        done: mine.len(),
        seeds,
        diverged: mine.len() - ok.len(),
        mean_cost,
        std_cost: (ok.len() >= 2).then(|| var.sqrt()),
        best_seed: best.map_or(0, |b| b.key.seed),
        best_cost: best.map_or(f64::INFINITY, |b| b.val_cost),
        mean_accuracy: mean(&|r| r.val_accuracy),
        worst_accuracy: ok
            .iter()
            .map(|r| r.val_accuracy)
            .fold(f64::INFINITY, f64::min),
        mean_test_accuracy: mean(&|r| r.test_accuracy),
    }
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

/// Ranks in place (ties broken by mean cost, then grid order). A
/// configuration without the figure (no spread with fewer than two seeds
/// ok, no accuracy with none) comes after all that have it.
pub fn rank(stats: &mut [ConfigStats], by: SortBy) {
    let accuracy = |c: &ConfigStats| (!c.mean_accuracy.is_nan()).then_some(c.mean_accuracy);
    stats.sort_by(|a, b| {
        let primary = match by {
            SortBy::Cost => a.mean_cost.total_cmp(&b.mean_cost),
            SortBy::Accuracy => known_first(accuracy(a), accuracy(b), |x, y| y.total_cmp(&x)),
            SortBy::Spread => known_first(a.std_cost, b.std_cost, |x, y| x.total_cmp(&y)),
        };
        primary.then(a.mean_cost.total_cmp(&b.mean_cost))
    });
}

/// Orders by `cmp` where both are known; the unknown after the known.
fn known_first(a: Option<f64>, b: Option<f64>, cmp: impl Fn(f64, f64) -> Ordering) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => cmp(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
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
        assert!((sa.mean_cost - 0.3).abs() < 1e-12);
        assert!((sa.std_cost.unwrap() - 0.1).abs() < 1e-12);
        assert_eq!((sa.best_cost, sa.worst_accuracy), (0.2, 0.93));
        rank(&mut s, SortBy::Cost);
        assert_eq!(s[0].hyper, b);
        rank(&mut s, SortBy::Accuracy);
        assert_eq!(s[0].hyper, b);
    }

    /// One seed has no spread: it used to count as a spread of 0 and rank first.
    #[test]
    fn spread_ranks_configurations_without_two_seeds_last() {
        let sweep = Sweep::from_config(&Config::default());
        let c = sweep.configs();
        let results = vec![
            r(c[0], 1, 0.2, 0.95, TrialStatus::Ok),
            r(c[0], 2, 0.4, 0.93, TrialStatus::Ok),
            r(c[1], 1, 0.1, 0.96, TrialStatus::Ok),
            r(c[2], 1, 0.3, 0.9, TrialStatus::Ok),
            r(c[2], 2, 0.31, 0.9, TrialStatus::Ok),
            r(c[3], 1, 0.3, 0.9, TrialStatus::Ok),
            r(c[3], 2, f64::NAN, 0.1, TrialStatus::Diverged),
            r(c[4], 1, f64::NAN, 0.1, TrialStatus::Diverged),
        ];
        let mut s = by_config(&sweep, &results);
        rank(&mut s, SortBy::Spread);
        let order: Vec<Hyper> = s.iter().map(|x| x.hyper).collect();
        // Spreads 0.005 and 0.1 first; then one ok seed each, by mean cost.
        assert_eq!(order, [c[2], c[0], c[1], c[3], c[4]]);
        assert_eq!(s[2].std_cost, None);
        rank(&mut s, SortBy::Accuracy);
        assert_eq!(s.last().unwrap().hyper, c[4], "no accuracy: last");
        assert!(s.last().unwrap().mean_accuracy.is_nan());
    }
}
