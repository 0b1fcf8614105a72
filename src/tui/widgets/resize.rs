//! A square picture at another size, for fitting pictures to the room
//! there is rather than only to whole multiples of their side.

/// A `from` x `from` picture at `side` x `side` pixels: shrunk by
/// averaging the pixels that fall on each, enlarged by repeating them.
pub fn resample(tile: &[f32], from: usize, side: usize) -> Vec<f32> {
    let mut sum = vec![0.0f32; side * side];
    let mut count = vec![0u32; side * side];
    if side < from {
        for (i, &v) in tile.iter().enumerate().take(from * from) {
            let (y, x) = (i / from * side / from, i % from * side / from);
            sum[y * side + x] += v;
            count[y * side + x] += 1;
        }
    } else {
        for (i, (s, c)) in sum.iter_mut().zip(&mut count).enumerate() {
            let (y, x) = (i / side * from / side, i % side * from / side);
            *s = tile.get(y * from + x).copied().unwrap_or(0.0);
            *c = 1;
        }
    }
    sum.iter()
        .zip(&count)
        .map(|(&s, &c)| if c > 0 { s / c as f32 } else { 0.0 })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinking_averages_and_enlarging_repeats() {
        let tile: Vec<f32> = (0..784)
            .map(|i| if i % 2 == 0 { 1.0 } else { 0.0 })
            .collect();
        let small = resample(&tile, 28, 14);
        assert_eq!(small.len(), 196);
        assert!(small.iter().all(|&v| (v - 0.5).abs() < 1e-6));
        let big = resample(&tile, 28, 56);
        assert_eq!(big.len(), 56 * 56);
        assert_eq!(&big[..4], &[1.0, 1.0, 0.0, 0.0]);
    }
}
