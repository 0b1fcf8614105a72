//! Synthetic digits for tests that need data but not MNIST.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use crate::data::{Images, PIXELS};

/// Ten synthetic "digits": each class lights its own band of pixels, plus noise.
pub fn synthetic(n: usize, seed: u64) -> Images {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut pixels = vec![0u8; n * PIXELS];
    let labels: Vec<u8> = (0..n).map(|_| rng.random_range(0..10)).collect();
    for (img, &l) in pixels.chunks_exact_mut(PIXELS).zip(&labels) {
        for (i, p) in img.iter_mut().enumerate() {
            let band = (i / 28) / 3 == l as usize;
            if band && rng.random::<f32>() < 0.7 || rng.random::<f32>() < 0.05 {
                *p = rng.random_range(100..=255);
            }
        }
    }
    Images::new(pixels, labels)
}

/// Real MNIST, found the way the app finds it (MNIST_DIR, then assets/mnist,
/// downloading with checksums when neither has it), loaded once per run.
pub fn mnist() -> &'static crate::data::Mnist {
    static DATA: std::sync::OnceLock<crate::data::Mnist> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        let places = crate::places::Places::detect(crate::places::Flags::default());
        let config = crate::config::Config::default();
        crate::cli::load_data(&places, &config, &mut std::io::stderr())
            .unwrap_or_else(|e| panic!("real MNIST is needed for this test: {e}"))
    })
}
