//! Numbers to picture levels for the Network screen: neuron activations as
//! gray levels, and a neuron's 784 input weights as a signed 28x28 picture.

use super::SIDE;

/// Each value's level in 0..steps, scaled so the layer's largest value is
/// the brightest; zero, negative and NaN values are 0 (ReLU outputs are
/// never negative).
pub fn activation_levels(values: &[f32], steps: u8) -> Vec<u8> {
    let max = values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0f32, f32::max);
    values
        .iter()
        .map(|&v| {
            if max > 0.0 && v.is_finite() && v > 0.0 {
                ((v / max).min(1.0) * (steps - 1) as f32).round() as u8
            } else {
                0
            }
        })
        .collect()
}

/// A neuron's weights as a (SIDE / pool)² picture of signed levels in
/// -steps..=steps: each cell the mean of a pool x pool block, scaled by the
/// neuron's largest |weight| so its strongest weights are the brightest.
pub fn weight_picture(weights: &[f32], pool: usize, steps: i8) -> Vec<i8> {
    assert_eq!(weights.len(), SIDE * SIDE);
    assert!(pool >= 1 && SIDE.is_multiple_of(pool));
    let side = SIDE / pool;
    let means: Vec<f32> = (0..side * side)
        .map(|cell| {
            let (cx, cy) = (cell % side, cell / side);
            let mut sum = 0.0;
            for y in cy * pool..(cy + 1) * pool {
                for x in cx * pool..(cx + 1) * pool {
                    sum += weights[y * SIDE + x];
                }
            }
            sum / (pool * pool) as f32
        })
        .collect();
    let max = means
        .iter()
        .map(|v| v.abs())
        .filter(|v| v.is_finite())
        .fold(0.0f32, f32::max);
    means
        .iter()
        .map(|&v| {
            if max > 0.0 && v.is_finite() {
                (v / max * steps as f32).round() as i8
            } else {
                0
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activations_scale_to_the_layer_maximum() {
        assert_eq!(
            activation_levels(&[0.0, 1.0, 2.0, 4.0], 24),
            vec![0, 6, 12, 23]
        );
        assert_eq!(activation_levels(&[0.5, 0.25], 5), vec![4, 2]);
        assert_eq!(
            activation_levels(&[0.0, 0.0], 24),
            vec![0, 0],
            "an all-dark layer stays dark"
        );
        assert_eq!(activation_levels(&[f32::NAN, -1.0, 3.0], 4), vec![0, 0, 3]);
    }

    #[test]
    fn a_known_weight_pattern_renders_as_that_pattern() {
        // Positive on the left half, negative on the right, strongest in column 0.
        let mut w = vec![0.0f32; 784];
        for y in 0..28 {
            for x in 0..28 {
                w[y * 28 + x] = if x < 14 { 1.0 } else { -0.5 };
            }
            w[y * 28] = 2.0;
            w[y * 28 + 1] = 2.0;
        }
        let full = weight_picture(&w, 1, 5);
        assert_eq!(full.len(), 784);
        assert_eq!((full[0], full[5], full[20]), (5, 3, -1));
        let pooled = weight_picture(&w, 2, 5);
        assert_eq!(pooled.len(), 14 * 14);
        for row in pooled.chunks(14) {
            assert_eq!(row, &[5, 3, 3, 3, 3, 3, 3, -1, -1, -1, -1, -1, -1, -1]);
        }
        assert!(weight_picture(&[0.0; 784], 2, 5).iter().all(|&v| v == 0));
    }
}
