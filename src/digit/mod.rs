//! 28x28 digits as pictures: braille and half-block encodings for the
//! terminal, and MNIST-style preprocessing of drawings (the drawing itself
//! is Play's brush).
//! Nothing here knows about a terminal library; the TUI turns these
//! strings and levels into widgets.

pub mod braille;
pub mod preprocess;
pub mod shading;

pub const SIDE: usize = 28;
