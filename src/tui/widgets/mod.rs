//! Pictures more than one screen draws: digits, probability bars, confusion
//! matrices, and the number prompt for choosing a test digit.

pub mod bars;
pub mod confusion;
pub mod diagram;
pub mod neurons;
pub mod number_input;
pub mod picture;
pub mod plot;
pub mod resize;
pub mod tiles;
pub mod weight_bars;
pub mod weighted_sum;

/// A ratio safe for `Gauge` (which asserts 0..=1): NaN becomes 0.
pub fn clamp_ratio(r: f64) -> f64 {
    if r.is_nan() { 0.0 } else { r.clamp(0.0, 1.0) }
}
