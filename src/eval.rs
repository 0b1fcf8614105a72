//! Accuracy, cost and the confusion matrix of a network on a split.

use serde::{Deserialize, Serialize};

use crate::data::Split;
use crate::network::{HIDDEN1, HIDDEN2, Network, OUTPUTS, argmax, fused, kernel};

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Fraction correct, 0..=1.
    pub accuracy: f64,
    /// Mean cross-entropy (probabilities clipped at 1e-16).
    pub cost: f64,
}

/// Counts of (true label, predicted label).
pub type Confusion = [[u32; OUTPUTS]; OUTPUTS];

#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub metrics: Metrics,
    pub confusion: Confusion,
    /// Per image: predicted digit and its probability.
    pub predictions: Vec<(u8, f32)>,
}

/// One part's summed cost, confusion counts and (if kept) predictions,
/// from its images' probabilities and costs.
type Part = (f64, Confusion, Vec<(u8, f32)>);

fn part_of(
    split: Split,
    start: usize,
    probs: &[[f32; OUTPUTS]],
    costs: &[f32],
    keep: bool,
) -> Part {
    let mut confusion = [[0u32; OUTPUTS]; OUTPUTS];
    let mut predictions = Vec::with_capacity(if keep { probs.len() } else { 0 });
    for (i, p) in probs.iter().enumerate() {
        let guess = argmax(p);
        confusion[split.label(start + i) as usize][guess] += 1;
        if keep {
            predictions.push((guess as u8, p[guess]));
        }
    }
    let cost: f64 = costs.iter().map(|&c| c as f64).sum();
    (cost, confusion, predictions)
}

/// The parts a split of `n` images is evaluated in: two halves when the
/// split is large enough for two threads to pay. Costs are summed per part,
/// so every evaluator must use the same parts to give the same figures.
fn parts(n: usize) -> Vec<(usize, usize)> {
    if n >= 2000 {
        vec![(0, n / 2), (n / 2, n)]
    } else {
        vec![(0, n)]
    }
}

fn combine(n: usize, parts: Vec<Part>) -> Evaluation {
    let mut cost = 0.0;
    let mut confusion = [[0u32; OUTPUTS]; OUTPUTS];
    let mut predictions = Vec::new();
    for (c, m, p) in parts {
        cost += c;
        for (row, add) in confusion.iter_mut().zip(m) {
            for (a, b) in row.iter_mut().zip(add) {
                *a += b;
            }
        }
        predictions.extend(p);
    }
    let correct: u32 = (0..OUTPUTS).map(|i| confusion[i][i]).sum();
    let denom = n.max(1) as f64;
    Evaluation {
        metrics: Metrics {
            accuracy: correct as f64 / denom,
            cost: cost / denom,
        },
        confusion,
        predictions,
    }
}

/// Runs `net` over all of `split`, its parts on two threads when there are two.
fn run(net: &Network, split: Split, keep_predictions: bool) -> Evaluation {
    let n = split.len();
    let part = |(start, end): (usize, usize)| {
        let mut probs = vec![[0.0f32; OUTPUTS]; end - start];
        let mut costs = vec![0.0f32; end - start];
        kernel::forward_range(net, split, start, &mut probs, &mut costs);
        part_of(split, start, &probs, &costs, keep_predictions)
    };
    let results = match parts(n)[..] {
        [first, second] => std::thread::scope(|s| {
            let other = s.spawn(move || part(second));
            let first = part(first);
            let second = other.join().unwrap_or_else(|_| part(second));
            vec![first, second]
        }),
        ref one => one.iter().map(|&p| part(p)).collect(),
    };
    combine(n, results)
}

/// The metrics of several networks on `split`, computed together on the
/// calling thread (the sweep's workers already use every core); each equal
/// to [`evaluate`] of that network alone.
pub fn evaluate_many(nets: &[&Network], split: Split) -> Vec<Metrics> {
    let n = split.len();
    let mut results: Vec<Vec<Part>> = vec![Vec::new(); nets.len()];
    let mut probs = vec![Vec::new(); nets.len()];
    let mut costs = vec![Vec::new(); nets.len()];
    for (start, end) in parts(n) {
        fused::forward_range(nets, split, start, end - start, &mut probs, &mut costs);
        for (c, out) in results.iter_mut().enumerate() {
            out.push(part_of(split, start, &probs[c], &costs[c], false));
        }
    }
    results.into_iter().map(|r| combine(n, r).metrics).collect()
}

/// Hidden units (layer 1, layer 2) that never fire (output exactly 0, the
/// ReLU's floor) on any image of `sample`: dead units that learn nothing.
pub fn dead_units(net: &Network, sample: Split) -> [usize; 2] {
    let table = net.input_table();
    let (mut fired1, mut fired2) = ([false; HIDDEN1], [false; HIDDEN2]);
    for i in 0..sample.len() {
        let a = kernel::forward_one(net, &table, sample.nonzeros(i));
        for (f, &v) in fired1.iter_mut().zip(&a.hidden1) {
            *f |= v > 0.0;
        }
        for (f, &v) in fired2.iter_mut().zip(&a.hidden2) {
            *f |= v > 0.0;
        }
    }
    let dead = |f: &[bool]| f.iter().filter(|&&x| !x).count();
    [dead(&fired1), dead(&fired2)]
}

pub fn evaluate(net: &Network, split: Split) -> Metrics {
    run(net, split, false).metrics
}

/// Metrics, confusion matrix and every prediction.
pub fn evaluate_full(net: &Network, split: Split) -> Evaluation {
    run(net, split, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Images, PIXELS};
    use crate::network::{B3, W1};

    #[test]
    fn a_network_that_always_says_three() {
        let mut net = Network::zeros();
        net.params[B3.start + 3] = 50.0;
        let labels: Vec<u8> = (0..3000).map(|i| (i % 10) as u8).collect();
        let images = Images::new(vec![1; 3000 * PIXELS], labels);
        let e = evaluate_full(&net, images.all());
        assert!((e.metrics.accuracy - 0.1).abs() < 1e-12);
        assert_eq!(e.confusion.iter().flatten().sum::<u32>(), 3000);
        assert!(e.confusion.iter().all(|row| row[3] == 300));
        assert_eq!(e.predictions.len(), 3000);
        assert!(e.predictions.iter().all(|(d, p)| *d == 3 && *p > 0.99));
        // Nine in ten examples are hopeless: their costs hit the cap.
        let want = 0.9 * crate::network::COST_CAP as f64;
        assert!((e.metrics.cost - want).abs() < 1e-3, "{}", e.metrics.cost);
        assert!(net.params[W1].iter().all(|w| *w == 0.0));
    }

    #[test]
    fn dead_units_are_counted_exactly() {
        use crate::network::{B1, B2, W2};
        let images = crate::test_data::synthetic(300, 4);
        // Every hidden unit fires (bias 1, no weights)...
        let mut net = Network::zeros();
        net.params[B1].fill(1.0);
        net.params[B2].fill(1.0);
        assert_eq!(dead_units(&net, images.all()), [0, 0]);
        // ...but these: negative biases and no inputs that could lift them.
        for j in [2, 5, 11] {
            net.params[B1.start + j] = -0.5;
        }
        net.params[B2.start + 7] = -3.0;
        assert_eq!(dead_units(&net, images.all()), [3, 1]);
        // A layer-2 unit fed only by a dead unit stays dead; fed by a live
        // one with a positive weight, it fires.
        net.params[W2.start + 7] = 5.0;
        assert_eq!(dead_units(&net, images.all()), [3, 0]);
        net.params[W2.start + 7] = 0.0;
        net.params[W2.start + 2 * 16 + 7] = 5.0;
        assert_eq!(dead_units(&net, images.all()), [3, 1]);
    }

    #[test]
    fn evaluating_many_networks_together_gives_each_ones_own_figures() {
        use rand::SeedableRng;
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(3);
        let nets: Vec<Network> = (0..6).map(|_| Network::he_init(&mut rng)).collect();
        let refs: Vec<&Network> = nets.iter().collect();
        // Above and below the size at which the split is evaluated in halves.
        for n in [2400, 700] {
            let images = crate::test_data::synthetic(n, 4);
            let many = evaluate_many(&refs, images.all());
            for (net, got) in nets.iter().zip(&many) {
                let want = evaluate(net, images.all());
                assert_eq!(want.cost.to_bits(), got.cost.to_bits(), "{n} images");
                assert_eq!(want.accuracy, got.accuracy);
            }
            assert_ne!(many[0], many[1]);
        }
    }
}
