//! 28x28 digits: MNIST-style preprocessing of drawings (the drawing itself
//! is Play's brush; pictures are drawn by `tui::widgets::picture`).

pub mod preprocess;

pub const SIDE: usize = 28;
