//! Where each of the network's 13,002 parameters lives in its one flat
//! vector: W1, b1, W2, b2, W3, b3, weights input-major (`W[i * outputs +
//! j]`). Below both the network and the optimiser, which walk it.

pub const INPUTS: usize = 784;
pub const HIDDEN1: usize = 16;
pub const HIDDEN2: usize = 16;
pub const OUTPUTS: usize = 10;
pub const LAYER_SIZES: [usize; 4] = [INPUTS, HIDDEN1, HIDDEN2, OUTPUTS];

pub const W1: std::ops::Range<usize> = 0..INPUTS * HIDDEN1;
pub const B1: std::ops::Range<usize> = W1.end..W1.end + HIDDEN1;
pub const W2: std::ops::Range<usize> = B1.end..B1.end + HIDDEN1 * HIDDEN2;
pub const B2: std::ops::Range<usize> = W2.end..W2.end + HIDDEN2;
pub const W3: std::ops::Range<usize> = B2.end..B2.end + HIDDEN2 * OUTPUTS;
pub const B3: std::ops::Range<usize> = W3.end..W3.end + OUTPUTS;
pub const PARAM_COUNT: usize = B3.end;

/// Per layer: (weights range, bias range, inputs, outputs).
pub const LAYERS: [(std::ops::Range<usize>, std::ops::Range<usize>, usize, usize); 3] = [
    (W1, B1, INPUTS, HIDDEN1),
    (W2, B2, HIDDEN1, HIDDEN2),
    (W3, B3, HIDDEN2, OUTPUTS),
];
