//! A small reader for the IDX format MNIST ships in, gzipped or raw.
//!
//! Every fault is reported with the file it was found in: users point this at
//! folders they assembled by hand, so "which file, what is wrong" matters more
//! than anything else here.

use std::io::{self, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use super::DataError;
use crate::files::{open_input, read_input};

pub const IMAGE_MAGIC: u32 = 0x0000_0803;
pub const LABEL_MAGIC: u32 = 0x0000_0801;
pub const ROWS: usize = 28;
pub const COLS: usize = 28;
pub const PIXELS: usize = ROWS * COLS;

/// The largest file we expect: 60,000 images plus header. Anything that
/// decompresses to more than this (with slack) is refused rather than
/// exhausting memory.
pub const MAX_DECOMPRESSED: u64 = 64 * 1024 * 1024;

/// Reads `path` (decompressing if its name ends in `.gz`) fully into memory.
/// Only a regular file is read (a FIFO would block, /dev/zero never end),
/// and at most [`MAX_DECOMPRESSED`] bytes, before and after decompressing.
pub fn read_maybe_gz(path: &Path) -> Result<Vec<u8>, DataError> {
    if path.extension().is_some_and(|e| e == "gz") {
        let (file, _) = open_input(path, "a gzipped MNIST file", MAX_DECOMPRESSED)?;
        return decompress(path, file);
    }
    Ok(read_input(path, "an MNIST file", MAX_DECOMPRESSED)?)
}

/// Decompresses gzip data read from `source` (`path` names it in errors).
/// Every member is read: `cat a.gz b.gz` is valid gzip.
pub fn decompress(path: &Path, source: impl Read) -> Result<Vec<u8>, DataError> {
    let mut bytes = Vec::new();
    let result = MultiGzDecoder::new(source)
        .take(MAX_DECOMPRESSED + 1)
        .read_to_end(&mut bytes);
    match result {
        Ok(_) if bytes.len() as u64 > MAX_DECOMPRESSED => Err(DataError::Oversized {
            path: path.to_path_buf(),
            detail: format!("more than {MAX_DECOMPRESSED} bytes of data; not an MNIST file"),
        }),
        Ok(_) => Ok(bytes),
        Err(source) if is_decode_error(&source) => Err(DataError::Gzip {
            path: path.to_path_buf(),
            detail: source.to_string(),
        }),
        Err(source) => Err(DataError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn is_decode_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof
    )
}

fn be_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn check_header(path: &Path, bytes: &[u8], header_len: usize, magic: u32) -> Result<(), DataError> {
    if bytes.len() < header_len {
        return Err(DataError::Truncated {
            path: path.to_path_buf(),
            detail: format!(
                "{} bytes is shorter than the {header_len}-byte IDX header",
                bytes.len()
            ),
        });
    }
    let found = be_u32(bytes, 0);
    if found != magic {
        return Err(DataError::BadMagic {
            path: path.to_path_buf(),
            found,
            expected: magic,
        });
    }
    Ok(())
}

fn check_payload(
    path: &Path,
    actual: usize,
    count: usize,
    per_item: usize,
) -> Result<(), DataError> {
    // Cannot overflow on 64-bit targets (a u32 count); elsewhere it must not wrap.
    let expected = count.saturating_mul(per_item);
    if actual < expected {
        return Err(DataError::Truncated {
            path: path.to_path_buf(),
            detail: format!(
                "header promises {count} items ({expected} bytes of data) but only {actual} bytes follow"
            ),
        });
    }
    if actual > expected {
        return Err(DataError::Oversized {
            path: path.to_path_buf(),
            detail: format!(
                "header promises {count} items ({expected} bytes of data) but {} extra bytes follow",
                actual - expected
            ),
        });
    }
    Ok(())
}

/// Parses an IDX3 image file of 28x28 u8 images; returns (count, pixels).
pub fn parse_images(path: &Path, bytes: Vec<u8>) -> Result<(usize, Vec<u8>), DataError> {
    check_header(path, &bytes, 16, IMAGE_MAGIC)?;
    let count = be_u32(&bytes, 4) as usize;
    let (rows, cols) = (be_u32(&bytes, 8) as usize, be_u32(&bytes, 12) as usize);
    if rows != ROWS || cols != COLS {
        return Err(DataError::BadDimensions {
            path: path.to_path_buf(),
            rows,
            cols,
        });
    }
    check_payload(path, bytes.len() - 16, count, PIXELS)?;
    let mut pixels = bytes;
    pixels.drain(..16);
    Ok((count, pixels))
}

/// Parses an IDX1 label file; every label must be a digit 0-9.
pub fn parse_labels(path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, DataError> {
    check_header(path, &bytes, 8, LABEL_MAGIC)?;
    let count = be_u32(&bytes, 4) as usize;
    check_payload(path, bytes.len() - 8, count, 1)?;
    let mut labels = bytes;
    labels.drain(..8);
    if let Some((index, &value)) = labels.iter().enumerate().find(|(_, l)| **l > 9) {
        return Err(DataError::BadLabel {
            path: path.to_path_buf(),
            index,
            value,
        });
    }
    Ok(labels)
}

/// Encodes images in IDX3 form; used by tests and fixtures.
pub fn encode_images(pixels: &[u8]) -> Vec<u8> {
    let count = (pixels.len() / PIXELS) as u32;
    let mut out = Vec::with_capacity(16 + pixels.len());
    for v in [IMAGE_MAGIC, count, ROWS as u32, COLS as u32] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(pixels);
    out
}

/// Encodes labels in IDX1 form; used by tests and fixtures.
pub fn encode_labels(labels: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + labels.len());
    out.extend_from_slice(&LABEL_MAGIC.to_be_bytes());
    out.extend_from_slice(&(labels.len() as u32).to_be_bytes());
    out.extend_from_slice(labels);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::path::PathBuf;

    fn p() -> PathBuf {
        PathBuf::from("x-idx3-ubyte")
    }

    #[test]
    fn images_round_trip() {
        let pixels: Vec<u8> = (0..2 * PIXELS).map(|i| (i % 251) as u8).collect();
        let (n, back) = parse_images(&p(), encode_images(&pixels)).unwrap();
        assert_eq!(n, 2);
        assert_eq!(back, pixels);
    }

    #[test]
    fn wrong_magic_is_named() {
        let mut bytes = encode_images(&[0; PIXELS]);
        bytes[3] = 0x01;
        let err = parse_images(&p(), bytes).unwrap_err();
        assert!(
            matches!(err, DataError::BadMagic { found: 0x801, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("x-idx3-ubyte"));
    }

    #[test]
    fn wrong_dimensions() {
        let mut bytes = encode_images(&[0; PIXELS]);
        bytes[11] = 27;
        let err = parse_images(&p(), bytes).unwrap_err();
        assert!(
            matches!(
                err,
                DataError::BadDimensions {
                    rows: 27,
                    cols: 28,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn truncated_and_oversized_payloads() {
        let mut bytes = encode_images(&[0; 2 * PIXELS]);
        bytes.pop();
        let err = parse_images(&p(), bytes).unwrap_err();
        assert!(matches!(err, DataError::Truncated { .. }), "{err}");
        let mut bytes = encode_images(&[0; 2 * PIXELS]);
        bytes.push(0);
        let err = parse_images(&p(), bytes).unwrap_err();
        assert!(err.to_string().contains("1 extra bytes"), "{err}");
        let err = parse_labels(&p(), vec![0, 0, 8]).unwrap_err();
        assert!(
            err.to_string()
                .contains("shorter than the 8-byte IDX header"),
            "{err}"
        );
    }

    #[test]
    fn label_above_nine() {
        let err = parse_labels(&p(), encode_labels(&[1, 2, 10, 3])).unwrap_err();
        assert!(
            matches!(
                err,
                DataError::BadLabel {
                    index: 2,
                    value: 10,
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(
            parse_labels(&p(), encode_labels(&[0, 9])).unwrap(),
            vec![0, 9]
        );
    }
}
