//! mnist-tui: 3Blue1Brown's 784-16-16-10 network learning MNIST, in a terminal.
//!
//! The core (data, network, adam, train, eval, model_file, config) knows
//! nothing about terminals; `cli` and `tui` put it on screen.

pub mod adam;
pub(crate) mod aligned;
pub mod augment;
pub mod cli;
pub mod config;
pub mod data;
pub(crate) mod digit;
mod error;
pub mod eval;
pub(crate) mod files;
pub mod fmt;
pub(crate) mod game;
pub(crate) mod hyper;
pub(crate) mod layout;
pub mod learn;
pub mod model_file;
#[cfg(test)]
mod mutation_tests;
pub mod network;
pub(crate) mod neuron;
pub mod npy;
pub mod places;
pub mod simd;
pub mod study;
#[cfg(test)]
mod test_data;
pub mod train;
pub mod tui;
pub(crate) mod tune;

pub use error::Error;
