use super::*;
use crate::data::Images;
use crate::network::kernel::{Workspace, loss_and_gradient};
use crate::network::{B1, B2, B3, INPUTS, Network, PARAM_COUNT};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// `n` digit-like examples (mostly dark pixels) and a network with
/// non-zero biases, so every parameter's derivative is exercised.
fn setup(n: usize, seed: u64) -> (Images, Network) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let pixels: Vec<u8> = (0..n * INPUTS)
        .map(|_| {
            if rng.random::<f32>() < 0.25 {
                rng.random()
            } else {
                0
            }
        })
        .collect();
    let labels: Vec<u8> = (0..n).map(|i| (i * 7 % 10) as u8).collect();
    let mut net = Network::he_init(&mut rng);
    for b in [B1, B2, B3] {
        for v in &mut net.params[b] {
            *v = rng.random_range(-0.1..0.1);
        }
    }
    (Images::new(pixels, labels), net)
}

#[test]
fn every_derivative_agrees_with_finite_differences() {
    let (images, net) = setup(10, 11);
    let split = images.all();
    let (mut checked, mut corners) = (0, 0);
    for e in 0..split.len() {
        let label = split.label(e) as usize;
        let bp = Backprop::of(&net, split.image(e), label);
        let probe = Probe::new(&net, split.image(e), label);
        let grad = bp.gradient();
        for (i, &g) in grad.iter().enumerate() {
            if probe.at_a_corner(i) {
                corners += 1;
                continue;
            }
            let fd = probe.estimate(i);
            let scale = (g as f64).abs().max(fd.abs());
            if scale > 1e-5 {
                let rel = (g as f64 - fd).abs() / scale;
                assert!(rel < 1e-3, "example {e} parameter {i}: {g} vs {fd} ({rel})");
                checked += 1;
            } else {
                assert!(
                    (g as f64 - fd).abs() < 1e-7,
                    "example {e} parameter {i}: {g} vs {fd}"
                );
            }
        }
    }
    // Every non-tiny one of the 130,020 is checked (dark pixels give exact zeros); the chain rule was really tested.
    assert!(checked > 10_000, "{checked} checked, {corners} at corners");
    assert!(corners < PARAM_COUNT, "{corners} at corners");
}

#[test]
fn the_chain_written_out_is_the_gradient() {
    let (images, net) = setup(3, 2);
    let split = images.all();
    let bp = Backprop::of(&net, split.image(1), split.label(1) as usize);
    let grad = bp.gradient();
    for i in (0..PARAM_COUNT).step_by(97).chain([B1.start, B3.end - 1]) {
        let c = bp.derivative(i);
        assert_eq!(c.value, grad[i], "parameter {i}: {c:?}");
        assert_eq!(c.nudge, c.wish * if c.fired { 1.0 } else { 0.0 });
    }
    // An output bias's derivative is its nudge p − y.
    let c = bp.derivative(B3.start + bp.label);
    assert_eq!(c.value, bp.p[bp.label] - 1.0);
}

/// The trainer's gradient for `batch`, averaged over it.
use super::batch_gradient as trainers;

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= 1e-5 * a.abs().max(b.abs()).max(1e-3)
}

#[test]
fn one_examples_gradient_is_what_training_computes_for_it() {
    let (images, net) = setup(5, 3);
    let split = images.all();
    for e in 0..split.len() {
        let bp = Backprop::of(&net, split.image(e), split.label(e) as usize);
        let (cost, want) = trainers(&net, split, &[e as u32]);
        assert!(
            (bp.cost as f64 - cost).abs() < 1e-5,
            "{} vs {cost}",
            bp.cost
        );
        let got = bp.gradient();
        for i in 0..PARAM_COUNT {
            assert!(
                close(got[i], want[i]),
                "example {e} parameter {i}: {} vs {}",
                got[i],
                want[i]
            );
        }
    }
}

#[test]
fn a_batchs_average_of_examples_is_the_training_steps_gradient() {
    let (images, net) = setup(32, 4);
    let split = images.all();
    let batch: Vec<u32> = (0..32).collect();
    let mut sum = vec![0.0f32; PARAM_COUNT];
    for &e in &batch {
        let bp = Backprop::of(
            &net,
            split.image(e as usize),
            split.label(e as usize) as usize,
        );
        for (s, g) in sum.iter_mut().zip(bp.gradient()) {
            *s += g;
        }
    }
    let (_, want) = trainers(&net, split, &batch);
    for i in 0..PARAM_COUNT {
        let mean = sum[i] / 32.0;
        assert!(close(mean, want[i]), "parameter {i}: {mean} vs {}", want[i]);
    }
}

#[test]
fn the_whole_sets_gradient_is_the_mean_of_its_examples() {
    let (images, net) = setup(2500, 5);
    let split = images.all();
    let whole = whole_set(&net, split);
    let all: Vec<u32> = (0..2500).collect();
    let mut ws = Workspace::new(2500);
    let cost = loss_and_gradient(&net, &net.input_table(), split, &all, &mut ws);
    assert!((whole.cost - cost).abs() < 1e-5, "{} vs {cost}", whole.cost);
    for i in 0..PARAM_COUNT {
        assert!(close(whole.gradient[i], ws.grad[i]), "parameter {i}");
    }
    assert!((cosine(&whole.gradient, &ws.grad) - 1.0).abs() < 1e-6);
    assert_eq!(cosine(&whole.gradient, &vec![0.0; PARAM_COUNT]), 0.0);
}

#[test]
fn the_first_batch_is_the_seeds_shuffle() {
    let a = first_batch(7, 50_000, 32);
    assert_eq!(a, first_batch(7, 50_000, 32));
    assert_ne!(a, first_batch(8, 50_000, 32));
    assert_eq!(a.len(), 32);
    let mut sorted = a.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), 32, "no example twice");
}

/// One epoch of real training on the first `n` of `images` (the next 32
/// validate, the 32 after test) in batches of 32 from `start` (None: from
/// scratch), and the settings it ran with.
fn one_epoch(
    images: &Images,
    n: usize,
    seed: u64,
    start: Option<Network>,
) -> (crate::train::Settings, Network) {
    use crate::data::Splits;
    use crate::train::{RunControl, RunOptions, TrainSettings, train};
    let splits = Splits {
        train: images.range(0, n),
        validation: images.range(n, n + 32),
        test: images.range(n + 32, n + 64),
    };
    let settings = TrainSettings {
        batch_size: 32,
        max_epochs: 1,
        seed,
        ..TrainSettings::legacy()
    }
    .check(n)
    .expect("valid settings");
    let options = RunOptions {
        progress_per_epoch: 0,
        snapshot_every: 0,
        threads: 1,
        dead_sample: 0,
    };
    let trained = train(
        splits,
        &settings,
        start,
        &RunControl::default(),
        options,
        &mut |_| true,
    );
    (settings, trained.network)
}

#[test]
fn a_step_here_gives_bit_for_bit_the_weights_training_gives() {
    let (images, net) = setup(96, 6);
    // 32 to train on: one epoch is exactly one step of a batch of 32.
    let (settings, trained) = one_epoch(&images, 32, 9, Some(net.clone()));
    let train = images.range(0, 32);
    let mut here = Stepping::new(net.clone(), &settings, 32);
    here.step(train);
    assert_eq!(here.net.params, trained.params, "Adam's step");
    assert_ne!(here.net.params, net.params, "it moved");
    // Plain gradient descent: weights − rate x the batch's gradient.
    let mut plain = Stepping::new(net.clone(), &settings, 32);
    plain.plain = true;
    let batch = plain.batch().to_vec();
    plain.step(train);
    let mut ws = Workspace::new(32);
    loss_and_gradient(&net, &net.input_table(), train, &batch, &mut ws);
    let rate = super::PLAIN_RATE;
    for i in 0..PARAM_COUNT {
        assert_eq!(plain.net.params[i], net.params[i] - rate * ws.grad[i]);
    }
}

#[test]
fn steps_from_scratch_give_bit_for_bit_a_first_epoch_of_training() {
    let (images, _) = setup(128, 7);
    // 64 to train on in batches of 32: the order matters.
    let (settings, trained) = one_epoch(&images, 64, 11, None);
    let train = images.range(0, 64);
    let mut here = Stepping::from_scratch(&settings, 64);
    let start = here.net.clone();
    here.step(train);
    assert_ne!(
        here.net.params, trained.params,
        "one step is half the epoch"
    );
    here.step(train);
    assert_eq!(here.net.params, trained.params);
    assert_ne!(here.net.params, start.params, "it moved");
}

#[test]
fn the_input_gradient_agrees_with_nudging_a_pixel() {
    let (images, net) = setup(2, 8);
    let split = images.all();
    let label = split.label(0) as usize;
    let bp = Backprop::of(&net, split.image(0), label);
    let g = bp.input_gradient(&net);
    let cost = |x: Vec<f32>| Backprop::of_input(&net, x, label).cost as f64;
    let h = 1e-2f32;
    let mut checked = 0;
    for i in (0..INPUTS).step_by(13) {
        let (mut up, mut down) = (bp.x.clone(), bp.x.clone());
        up[i] += h;
        down[i] -= h;
        let fd = (cost(up) - cost(down)) / (2.0 * h as f64);
        if (g[i] as f64).abs() > 1e-3 {
            assert!(
                ((g[i] as f64) - fd).abs() / fd.abs().max(1e-9) < 0.05,
                "pixel {i}: {} vs {fd}",
                g[i]
            );
            checked += 1;
        }
    }
    assert!(checked > 5, "{checked}");
}

#[test]
fn a_dream_makes_its_digit_likelier_and_noise_still_gets_an_answer() {
    let (_, net) = setup(1, 9);
    for target in [3, 5] {
        let frames = dream(&net, target, noise(1), 60);
        let p = |x: &Vec<f32>| Backprop::of_input(&net, x.clone(), target).p[target];
        let (first, last) = (p(&frames[0]), p(&frames[60]));
        assert!(
            last > first + 0.3 && last > 0.5,
            "{target}: {first} → {last}"
        );
        assert!(frames[60].iter().all(|v| (0.0..=1.0).contains(v)));
    }
    // Noise: a probability distribution all the same, one answer on top.
    let bp = Backprop::of_input(&net, noise(2), 0);
    assert!((bp.p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
    assert_eq!(noise(2), noise(2));
}
