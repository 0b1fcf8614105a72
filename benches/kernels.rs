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

/// Adam with the usual settings, over all parameters.
fn adam() -> Adam {
    Adam::new(
        AdamSettings {
            learning_rate: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            weight_decay: 0.0,
        },
        PARAM_COUNT,
    )
}

#[divan::bench]
fn adam_step(bencher: divan::Bencher) {
    let mut net = net();
    let grad = vec![1e-3f32; PARAM_COUNT];
    let mut adam = adam();
    bencher.bench_local(|| adam.step(&mut net.params, &grad));
}

#[divan::bench(args = [32, 128])]
fn gradient_and_adam_step(bencher: divan::Bencher, size: usize) {
    let (mut net, batch, split) = (net(), batch(size), data().train.all());
    let table = net.input_table();
    let mut ws = kernel::Workspace::new(size);
    let mut adam = adam();
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

/// The parts of one training step, separately (batch of 32).
#[divan::bench_group]
mod phases {
    use super::*;
    use mnist_tui::network::kernel::{ForwardScratch, RowState, Weights};
    use mnist_tui::simd::Isa;

    struct Setup {
        net: Network,
        batch: Vec<u32>,
        table: [f32; 256],
        states: Vec<RowState>,
    }

    fn setup() -> Setup {
        let (net, batch, split) = (net(), batch(32), data().train.all());
        let table = net.input_table();
        let w = Weights::new(&net.params);
        let mut states = vec![RowState::default(); 32];
        let mut scratch = ForwardScratch::new(32);
        kernel::rows_phase(
            Isa::detect(),
            &w,
            &table,
            split,
            &batch,
            1.0 / 32.0,
            &mut states,
            &mut scratch,
        );
        Setup {
            net,
            batch,
            table,
            states,
        }
    }

    #[divan::bench]
    fn per_image_forward_and_errors(bencher: divan::Bencher) {
        let mut s = setup();
        let split = data().train.all();
        let mut scratch = ForwardScratch::new(32);
        bencher.bench_local(|| {
            let w = Weights::new(&s.net.params);
            kernel::rows_phase(
                Isa::detect(),
                &w,
                &s.table,
                split,
                &s.batch,
                1.0 / 32.0,
                &mut s.states,
                &mut scratch,
            )
        });
    }

    #[divan::bench]
    fn first_layer_gradient(bencher: divan::Bencher) {
        let s = setup();
        let split = data().train.all();
        let mut grad = vec![[0.0f32; 16]; 784];
        bencher.bench_local(|| {
            kernel::first_layer_grad(
                Isa::detect(),
                &s.table,
                split,
                &s.batch,
                &s.states,
                0,
                &mut grad,
            )
        });
    }

    #[divan::bench]
    fn other_gradients(bencher: divan::Bencher) {
        let s = setup();
        let mut grad = vec![0.0f32; PARAM_COUNT - 784 * 16];
        bencher.bench_local(|| kernel::small_grads(Isa::detect(), &s.states, &mut grad));
    }
}

/// The alternative for the 784x16 layer: gather the batch as dense f32 and
/// use ndarray's sgemm (matrixmultiply). Compare with `forward_batch`, which
/// does the whole forward pass on the sparse kernel.
#[divan::bench(args = [32, 128])]
fn first_layer_ndarray_sgemm(bencher: divan::Bencher, size: usize) {
    use mnist_tui::network::{HIDDEN1, INPUTS, W1};
    use ndarray::{Array2, ArrayView2};
    let (net, split) = (net(), data().train.all());
    let table = net.input_table();
    let w1 = ArrayView2::from_shape((INPUTS, HIDDEN1), &net.params[W1]).expect("layout");
    let mut x = Array2::<f32>::zeros((size, INPUTS));
    bencher.bench_local(|| {
        for (r, mut row) in x.outer_iter_mut().enumerate() {
            for (v, &p) in row.iter_mut().zip(split.image(1000 + r)) {
                *v = table[p as usize];
            }
        }
        x.dot(&w1)
    });
}

/// One epoch's augmented copy of the 50,000 training images (rotation,
/// scale and shift, bilinear), as training with augmentation makes it.
#[divan::bench(sample_count = 10)]
fn augment_epoch(bencher: divan::Bencher) {
    use mnist_tui::augment::{Ranges, epoch_images};
    let split = data().train.range(0, 50_000);
    let ranges = Ranges {
        rotation: 10.0,
        scale: 0.1,
        shift: 1.0,
    };
    let mut epoch = 0;
    bencher.bench_local(|| {
        epoch += 1;
        epoch_images(split, &ranges, 1, epoch)
    });
}
