//! Braille encoding: a terminal cell holds 2x4 dots (U+2800 block), so a
//! 28x28 digit scaled 2x (56x56 dots) fills 28x14 cells and stays legible,
//! where 1x would be a 14x7 smudge.

/// The bit of the dot at (x, y) inside a 2x4 braille cell.
pub fn dot_bit(x: usize, y: usize) -> u8 {
    const BITS: [[u8; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];
    BITS[x][y]
}

/// Nearest-neighbour upscaling of a `width` x `height` image by `factor`.
pub fn scale(pixels: &[u8], width: usize, height: usize, factor: usize) -> Vec<u8> {
    assert_eq!(pixels.len(), width * height);
    let (w2, h2) = (width * factor, height * factor);
    let mut out = vec![0u8; w2 * h2];
    for y in 0..h2 {
        for x in 0..w2 {
            out[y * w2 + x] = pixels[(y / factor) * width + x / factor];
        }
    }
    out
}

/// Rows of braille characters for an image; a dot is raised where the pixel
/// is at least `threshold`. Width and height need not be multiples of 2 and 4.
pub fn encode(pixels: &[u8], width: usize, height: usize, threshold: u8) -> Vec<String> {
    assert_eq!(pixels.len(), width * height);
    (0..height.div_ceil(4))
        .map(|row| {
            (0..width.div_ceil(2))
                .map(|col| {
                    let mut bits = 0u8;
                    for dy in 0..4 {
                        for dx in 0..2 {
                            let (x, y) = (col * 2 + dx, row * 4 + dy);
                            if x < width && y < height && pixels[y * width + x] >= threshold {
                                bits |= dot_bit(dx, dy);
                            }
                        }
                    }
                    char::from_u32(0x2800 + bits as u32).unwrap_or(' ')
                })
                .collect()
        })
        .collect()
}

/// Ink threshold for MNIST digits: low enough that the anti-aliased edges of
/// thin strokes still show as dots.
pub const THRESHOLD: u8 = 64;

/// A 28x28 digit as 14 rows of 28 braille characters (scaled 2x).
pub fn digit(pixels: &[u8]) -> Vec<String> {
    encode(
        &scale(pixels, super::SIDE, super::SIDE, 2),
        56,
        56,
        THRESHOLD,
    )
}

/// As [`digit`], keeping only pixel columns `from..to` (MNIST centres its
/// digits in the middle 20 columns, so a narrow view loses nothing).
pub fn digit_columns(pixels: &[u8], from: usize, to: usize) -> Vec<String> {
    let side = super::SIDE;
    assert!(from < to && to <= side);
    let cropped: Vec<u8> = (0..side)
        .flat_map(|y| pixels[y * side + from..y * side + to].iter().copied())
        .collect();
    encode(
        &scale(&cropped, to - from, side, 2),
        2 * (to - from),
        2 * side,
        THRESHOLD,
    )
}

/// Half-block rows: each cell is two vertically stacked pixels,
/// (upper, lower) gray levels, for drawing with '▀' in fg/bg colours.
pub fn half_blocks(pixels: &[u8], width: usize, height: usize) -> Vec<Vec<(u8, u8)>> {
    assert_eq!(pixels.len(), width * height);
    (0..height.div_ceil(2))
        .map(|row| {
            (0..width)
                .map(|x| {
                    let upper = pixels[(2 * row) * width + x];
                    let lower = if 2 * row + 1 < height {
                        pixels[(2 * row + 1) * width + x]
                    } else {
                        0
                    };
                    (upper, lower)
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_block_is_all_eight_dots() {
        assert_eq!(encode(&[255; 8], 2, 4, 1), vec!["⣿".to_string()]);
        assert_eq!(encode(&[0; 8], 2, 4, 1), vec!["\u{2800}".to_string()]);
    }

    #[test]
    fn each_single_dot() {
        // Unicode's braille numbering: dots 1,2,3,7 down the left, 4,5,6,8 down the right.
        let want = [
            ((0, 0), '⠁'),
            ((0, 1), '⠂'),
            ((0, 2), '⠄'),
            ((0, 3), '⡀'),
            ((1, 0), '⠈'),
            ((1, 1), '⠐'),
            ((1, 2), '⠠'),
            ((1, 3), '⢀'),
        ];
        for ((x, y), ch) in want {
            let mut px = [0u8; 8];
            px[y * 2 + x] = 200;
            assert_eq!(
                encode(&px, 2, 4, 100),
                vec![ch.to_string()],
                "dot at ({x},{y})"
            );
        }
    }

    #[test]
    fn threshold_decides_dots() {
        let px = [63, 64, 0, 0, 0, 0, 0, 0];
        assert_eq!(encode(&px, 2, 4, 64), vec!["⠈".to_string()]);
    }

    #[test]
    fn scaling_by_two_duplicates_pixels() {
        let px = [1, 2, 3, 4];
        assert_eq!(
            scale(&px, 2, 2, 2),
            vec![1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]
        );
    }

    #[test]
    fn a_28x28_image_becomes_14_lines_of_28() {
        // A vertical bar in column 14, rows 4..24, and one faint pixel that
        // stays below the threshold.
        let mut px = [0u8; 784];
        for y in 4..24 {
            px[y * 28 + 14] = 255;
        }
        px[0] = 30;
        let lines = digit(&px);
        assert_eq!(lines.len(), 14);
        assert!(lines.iter().all(|l| l.chars().count() == 28));
        let empty = "\u{2800}".repeat(28);
        let bar = format!("{}⣿{}", "\u{2800}".repeat(14), "\u{2800}".repeat(13));
        let want: Vec<String> = (0..14)
            .map(|r| {
                if (2..12).contains(&r) {
                    bar.clone()
                } else {
                    empty.clone()
                }
            })
            .collect();
        assert_eq!(lines, want);
    }

    #[test]
    fn cropped_columns_keep_the_middle() {
        let mut px = [0u8; 784];
        for y in 4..24 {
            px[y * 28 + 14] = 255;
        }
        let full = digit(&px);
        let narrow = digit_columns(&px, 3, 25);
        assert!(narrow.iter().all(|l| l.chars().count() == 22));
        for (a, b) in full.iter().zip(&narrow) {
            assert_eq!(a.chars().skip(3).take(22).collect::<String>(), *b);
        }
    }

    #[test]
    fn half_blocks_pair_rows() {
        let px = [10, 20, 30, 40, 50, 60];
        assert_eq!(
            half_blocks(&px, 2, 3),
            vec![vec![(10, 30), (20, 40)], vec![(50, 0), (60, 0)]]
        );
    }
}
