//! Micro-benchmarks of the hot paths: `cargo bench --bench kernels`.
//! Uses real MNIST when MNIST_DIR is set, otherwise synthetic digits.

use std::sync::OnceLock;

use mnist_tui::adam::{Adam, AdamSettings};
use mnist_tui::data::{Images, Mnist, PIXELS};
use mnist_tui::eval::evaluate;
use mnist_tui::network::{Network, PARAM_COUNT, kernel};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

fn main() {
    divan::main();
}

struct Data {
    train: Images,
    test: Images,
}

fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| {
        if let Some(dir) = std::env::var_os("MNIST_DIR") {
            let m = Mnist::load(std::path::Path::new(&dir)).expect("MNIST_DIR holds MNIST");
            return Data {
                train: m.train,
                test: m.test,
            };
        }
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut fake = |n: usize| {
            let pixels = (0..n * PIXELS)
                .map(|_| {
                    if rng.random::<f32>() < 0.19 {
                        rng.random()
                    } else {
                        0
                    }
                })
                .collect();
            Images::new(pixels, (0..n).map(|i| (i % 10) as u8).collect())
        };
        Data {
            train: fake(60_000),
            test: fake(10_000),
        }
    })
}

fn net() -> Network {
    Network::he_init(&mut ChaCha8Rng::seed_from_u64(2))
}

fn batch(size: usize) -> Vec<u32> {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    (0..size).map(|_| rng.random_range(0..50_000)).collect()
}

#[divan::bench(args = [32, 128])]
fn forward_batch(bencher: divan::Bencher, size: usize) {
    let (net, split) = (net(), data().train.all());
    let mut probs = vec![[0.0f32; 10]; size];
    let mut costs = vec![0.0f32; size];
    bencher.bench_local(|| kernel::forward_range(&net, split, 1000, &mut probs, &mut costs));
}

#[divan::bench(args = [32, 128])]
fn gradient_batch(bencher: divan::Bencher, size: usize) {
    let (net, batch, split) = (net(), batch(size), data().train.all());
    let table = net.input_table();
    let mut ws = kernel::Workspace::new(size);
    bencher.bench_local(|| kernel::loss_and_gradient(&net, &table, split, &batch, &mut ws));
}

#[divan::bench]
fn adam_step(bencher: divan::Bencher) {
    let mut net = net();
    let grad = vec![1e-3f32; PARAM_COUNT];
    let mut adam = Adam::new(
        AdamSettings {
            learning_rate: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
        },
        PARAM_COUNT,
    );
    bencher.bench_local(|| adam.step(&mut net.params, &grad));
}

#[divan::bench(args = [32, 128])]
fn gradient_and_adam_step(bencher: divan::Bencher, size: usize) {
    let (mut net, batch, split) = (net(), batch(size), data().train.all());
    let table = net.input_table();
    let mut ws = kernel::Workspace::new(size);
    let mut adam = Adam::new(
        AdamSettings {
            learning_rate: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
        },
        PARAM_COUNT,
    );
    bencher.bench_local(|| {
        kernel::loss_and_gradient(&net, &table, split, &batch, &mut ws);
        adam.step(&mut net.params, &ws.grad);
    });
}

#[divan::bench]
fn evaluate_10k(bencher: divan::Bencher) {
    let net = net();
    let test = data().test.all();
    bencher.bench_local(|| evaluate(&net, test));
}
