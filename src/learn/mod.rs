//! How the network learns, taken apart for the Learn screen: one
//! example's backpropagation with every intermediate number, the same
//! derivatives estimated by finite differences, and a mini-batch's average.
//! Nothing here knows the terminal.

mod backprop;
mod batch;
mod finite;
mod probes;
mod stepping;

pub use backprop::{Backprop, Chain};
pub use batch::{WholeSet, batch_gradient, cosine, first_batch, shuffled_order, whole_set};
pub use finite::{H, Probe};
pub use probes::{DREAM_RATE, dream, noise};
pub use stepping::{PLAIN_RATE, Stepping};

#[cfg(test)]
mod tests;
