//! How the network learns, taken apart for the Learn screen: one
//! example's backpropagation with every intermediate number, the same
//! derivatives estimated by finite differences, and a mini-batch's average.
//! Nothing here knows the terminal.

mod backprop;
mod finite;

pub use backprop::{Backprop, Chain};
pub use finite::{H, Probe};

#[cfg(test)]
mod tests;
