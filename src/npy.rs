//! Reading and writing NumPy `.npy` files of 2-D float64 arrays, and the
//! original Python project's saved-model folder (L2/, L3/, L4/ each with
//! weight.npy of shape (out, in) and bias.npy of shape (out, 1)).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use thiserror::Error;

use crate::files::{utc_timestamp, write_atomically};
use crate::model_file::{ModelInfo, SavedModel};
use crate::network::{LAYERS, Network, PARAM_COUNT, Params};

const MAGIC: &[u8] = b"\x93NUMPY";

#[derive(Debug, Error)]
pub enum NpyError {
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {detail}", path.display())]
    Format { path: PathBuf, detail: String },
}

/// A 2-D float64 array, row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Array {
    pub rows: usize,
    pub cols: usize,
    pub data: Vec<f64>,
}

fn format_error(path: &Path, detail: impl Into<String>) -> NpyError {
    NpyError::Format {
        path: path.to_path_buf(),
        detail: detail.into(),
    }
}

/// The value of `'key': value` in a .npy header dict, as text.
fn header_value<'a>(header: &'a str, key: &str) -> Option<&'a str> {
    let at = header.find(&format!("'{key}'"))? + key.len() + 2;
    let rest = header[at..].trim_start().strip_prefix(':')?.trim_start();
    let end = if rest.starts_with('(') {
        rest.find(')')? + 1
    } else {
        rest.find(',').unwrap_or(rest.len())
    };
    Some(rest[..end].trim())
}

/// Parses a .npy file holding a 2-D little-endian float64 array (C order,
/// or Fortran order, which is transposed on reading).
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Array, NpyError> {
    if bytes.len() < 10 || &bytes[..6] != MAGIC {
        return Err(format_error(path, "not a .npy file (no \\x93NUMPY magic)"));
    }
    let (header_len, start) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        v => {
            return Err(format_error(
                path,
                format!(".npy format version {v} is not supported"),
            ));
        }
    };
    let header = bytes
        .get(start..start + header_len)
        .ok_or_else(|| format_error(path, "truncated: the header is cut short"))?;
    let header =
        std::str::from_utf8(header).map_err(|_| format_error(path, "the header is not text"))?;
    let descr = header_value(header, "descr")
        .ok_or_else(|| format_error(path, "the header has no 'descr'"))?;
    if descr.trim_matches(['\'', '"']) != "<f8" {
        return Err(format_error(
            path,
            format!("dtype {descr} is not float64 ('<f8')"),
        ));
    }
    let fortran = header_value(header, "fortran_order") == Some("True");
    let shape = header_value(header, "shape")
        .ok_or_else(|| format_error(path, "the header has no 'shape'"))?;
    let dims: Vec<usize> = shape
        .trim_matches(['(', ')'])
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| format_error(path, format!("shape {shape} is not a tuple of sizes")))?;
    let [rows, cols] = dims[..] else {
        return Err(format_error(path, format!("shape {shape} is not 2-D")));
    };
    let payload = &bytes[start + header_len..];
    let want = rows * cols * 8;
    if payload.len() != want {
        return Err(format_error(
            path,
            format!(
                "{} {} bytes of data, expected {want} for shape ({rows}, {cols})",
                if payload.len() < want {
                    "truncated:"
                } else {
                    "oversized:"
                },
                payload.len()
            ),
        ));
    }
    let values: Vec<f64> = payload
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().expect("chunks of 8")))
        .collect();
    let data = if fortran {
        (0..rows * cols)
            .map(|i| values[(i % cols) * rows + i / cols])
            .collect()
    } else {
        values
    };
    Ok(Array { rows, cols, data })
}

pub fn read(path: &Path) -> Result<Array, NpyError> {
    let bytes = std::fs::read(path).map_err(|source| NpyError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(path, &bytes)
}

/// The bytes of a version 1.0 .npy file for `a`.
pub fn encode(a: &Array) -> Vec<u8> {
    let mut header = format!(
        "{{'descr': '<f8', 'fortran_order': False, 'shape': ({}, {}), }}",
        a.rows, a.cols
    );
    // Pad so the data starts on a 64-byte boundary, as NumPy does.
    let total = 10 + header.len() + 1;
    header.push_str(&" ".repeat((64 - total % 64) % 64));
    header.push('\n');
    let mut out = Vec::with_capacity(10 + header.len() + a.data.len() * 8);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[1, 0]);
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    for v in &a.data {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// The three layers' folders, as the original project named them.
const FOLDERS: [&str; 3] = ["L2", "L3", "L4"];

/// Reads the original project's model folder. Its model takes raw 0-255
/// pixels, so the result has input scale 1.
pub fn import(dir: &Path) -> Result<SavedModel, NpyError> {
    let mut params = Vec::with_capacity(PARAM_COUNT);
    for (folder, (_, _, inputs, outputs)) in FOLDERS.iter().zip(LAYERS) {
        let wpath = dir.join(folder).join("weight.npy");
        let bpath = dir.join(folder).join("bias.npy");
        let (w, b) = (read(&wpath)?, read(&bpath)?);
        if (w.rows, w.cols) != (outputs, inputs) {
            return Err(format_error(
                &wpath,
                format!(
                    "shape ({}, {}), expected ({outputs}, {inputs}) (outputs, inputs)",
                    w.rows, w.cols
                ),
            ));
        }
        if (b.rows, b.cols) != (outputs, 1) {
            return Err(format_error(
                &bpath,
                format!("shape ({}, {}), expected ({outputs}, 1)", b.rows, b.cols),
            ));
        }
        for (path, values) in [(&wpath, &w.data), (&bpath, &b.data)] {
            // Our models hold float32: a value beyond its range would become infinite.
            if let Some(i) = values.iter().position(|v| !(*v as f32).is_finite()) {
                return Err(format_error(
                    path,
                    format!(
                        "value {:e} at position {i} is not a finite float32 number",
                        values[i]
                    ),
                ));
            }
        }
        // Ours are stored input-major: W[i][j] connects input i to output j.
        for i in 0..inputs {
            for j in 0..outputs {
                params.push(w.data[j * inputs + i] as f32);
            }
        }
        params.extend(b.data.iter().map(|&v| v as f32));
    }
    Ok(SavedModel {
        network: Network {
            params: Params::from_slice(&params),
            input_scale: 1.0,
        },
        info: ModelInfo {
            origin: format!(
                "imported from {} (.npy layout of the original project; raw 0-255 pixels)",
                dir.display()
            ),
            trained_at: utc_timestamp(SystemTime::now()),
            seed: None,
            best_epoch: None,
            epochs_run: None,
            validation: None,
            test: None,
            settings: None,
        },
    })
}

/// Writes `model` in the original project's layout (float64). The model's
/// input scale is not part of that layout: the original takes raw pixels,
/// so exporting a model trained on [0,1] inputs says so in its error.
pub fn export(model: &SavedModel, dir: &Path) -> Result<(), NpyError> {
    if model.network.input_scale != 1.0 {
        return Err(format_error(
            dir,
            format!(
                "this model takes pixels scaled by {} (ours take [0,1]); the original's layout assumes raw 0-255 \
                 pixels, so its weights would be misread. Export a model imported from that layout, or fold the \
                 scale in with --fold-scale",
                model.network.input_scale
            ),
        ));
    }
    export_values(model, dir)
}

/// As [`export`], multiplying the first layer's weights by the input scale
/// so the exported model takes raw 0-255 pixels and computes the same thing.
pub fn export_folding_scale(model: &SavedModel, dir: &Path) -> Result<(), NpyError> {
    let mut folded = model.clone();
    let scale = folded.network.input_scale;
    for w in &mut folded.network.params[crate::network::W1] {
        *w *= scale;
    }
    folded.network.input_scale = 1.0;
    export_values(&folded, dir)
}

fn export_values(model: &SavedModel, dir: &Path) -> Result<(), NpyError> {
    for (folder, (wr, br, inputs, outputs)) in FOLDERS.iter().zip(LAYERS) {
        let p = &model.network.params;
        let mut w = vec![0.0f64; outputs * inputs];
        for i in 0..inputs {
            for j in 0..outputs {
                w[j * inputs + i] = p[wr.start + i * outputs + j] as f64;
            }
        }
        let b: Vec<f64> = p[br].iter().map(|&v| v as f64).collect();
        for (name, array) in [
            (
                "weight.npy",
                Array {
                    rows: outputs,
                    cols: inputs,
                    data: w,
                },
            ),
            (
                "bias.npy",
                Array {
                    rows: outputs,
                    cols: 1,
                    data: b,
                },
            ),
        ] {
            let path = dir.join(folder).join(name);
            write_atomically(&path, &encode(&array))
                .map_err(|source| NpyError::Write { path, source })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::ChaCha8Rng;
    use rand::{RngExt, SeedableRng};

    /// A folder in the original's layout with float64 values that f32 holds
    /// exactly (so import then export must give them back bit for bit).
    fn fixture(dir: &Path, seed: u64) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for (folder, (_, _, inputs, outputs)) in FOLDERS.iter().zip(LAYERS) {
            let mut value = || rng.random_range(-1.0f32..1.0) as f64;
            let w = Array {
                rows: outputs,
                cols: inputs,
                data: (0..outputs * inputs).map(|_| value()).collect(),
            };
            let b = Array {
                rows: outputs,
                cols: 1,
                data: (0..outputs).map(|_| value()).collect(),
            };
            std::fs::create_dir_all(dir.join(folder)).unwrap();
            std::fs::write(dir.join(folder).join("weight.npy"), encode(&w)).unwrap();
            std::fs::write(dir.join(folder).join("bias.npy"), encode(&b)).unwrap();
        }
    }

    #[test]
    fn encode_matches_numpy_and_parses_back() {
        let a = Array {
            rows: 2,
            cols: 3,
            data: vec![1.0, -2.5, 3.0, 0.0, 1e-300, -7.0],
        };
        let bytes = encode(&a);
        assert_eq!(
            &bytes[..10],
            b"\x93NUMPY\x01\x00v\x00",
            "NumPy pads the header to 118 bytes here"
        );
        assert_eq!((bytes.len() - 48) % 64, 0);
        assert_eq!(parse(Path::new("a.npy"), &bytes).unwrap(), a);
    }

    #[test]
    fn fortran_order_is_transposed() {
        // Column-major (2, 3) data, as NumPy writes np.asfortranarray.
        let header = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }\n";
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
        bytes.extend_from_slice(header.as_bytes());
        for v in [1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0] {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        let a = parse(Path::new("f.npy"), &bytes).unwrap();
        assert_eq!((a.rows, a.cols), (2, 3));
        assert_eq!(a.data, vec![1.0, 3.0, 5.0, 2.0, 4.0, 6.0]);
    }

    #[test]
    fn import_export_round_trips_values_exactly() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        fixture(a.path(), 1);
        let model = import(a.path()).unwrap();
        assert_eq!(model.network.input_scale, 1.0);
        export(&model, b.path()).unwrap();
        for folder in FOLDERS {
            for name in ["weight.npy", "bias.npy"] {
                let (x, y) = (
                    read(&a.path().join(folder).join(name)).unwrap(),
                    read(&b.path().join(folder).join(name)).unwrap(),
                );
                assert_eq!(x, y, "{folder}/{name}");
            }
        }
        // (out, in) in the file is input-major in ours.
        let w = read(&a.path().join("L2/weight.npy")).unwrap();
        assert_eq!(model.network.params[5 * 16 + 3] as f64, w.data[3 * 784 + 5]);
    }

    #[test]
    fn malformed_files_are_explained() {
        let dir = tempfile::tempdir().unwrap();
        fixture(dir.path(), 2);
        let w = dir.path().join("L3/weight.npy");
        // Wrong shape.
        std::fs::write(
            &w,
            encode(&Array {
                rows: 16,
                cols: 15,
                data: vec![0.0; 240],
            }),
        )
        .unwrap();
        let e = import(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains("L3/weight.npy") && e.contains("shape (16, 15), expected (16, 16)"),
            "{e}"
        );
        // Wrong dtype.
        let mut bytes = encode(&Array {
            rows: 16,
            cols: 16,
            data: vec![0.0; 256],
        });
        let at = bytes.windows(3).position(|x| x == b"<f8").unwrap();
        bytes[at + 2] = b'4';
        std::fs::write(&w, &bytes).unwrap();
        let e = import(dir.path()).unwrap_err().to_string();
        assert!(e.contains("dtype '<f4' is not float64"), "{e}");
        // Truncated.
        let bytes = encode(&Array {
            rows: 16,
            cols: 16,
            data: vec![0.0; 256],
        });
        std::fs::write(&w, &bytes[..bytes.len() - 5]).unwrap();
        let e = import(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains("truncated: 2043 bytes of data, expected 2048"),
            "{e}"
        );
        // A float64 too large for float32.
        let mut big = Array {
            rows: 16,
            cols: 16,
            data: vec![0.0; 256],
        };
        big.data[7] = 1e300;
        std::fs::write(&w, encode(&big)).unwrap();
        let e = import(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains("value 1e300 at position 7 is not a finite float32"),
            "{e}"
        );
        // Not .npy at all, and missing.
        std::fs::write(&w, b"hello").unwrap();
        assert!(
            import(dir.path())
                .unwrap_err()
                .to_string()
                .contains("not a .npy file")
        );
        std::fs::remove_file(&w).unwrap();
        assert!(
            import(dir.path())
                .unwrap_err()
                .to_string()
                .contains("cannot read")
        );
    }

    #[test]
    fn exporting_a_unit_scale_model_needs_folding() {
        let dir = tempfile::tempdir().unwrap();
        let mut model = import_fixture(7);
        model.network.input_scale = crate::network::UNIT_SCALE;
        let e = export(&model, dir.path()).unwrap_err().to_string();
        assert!(e.contains("--fold-scale"), "{e}");
        export_folding_scale(&model, dir.path()).unwrap();
        let back = import(dir.path()).unwrap();
        let px: Vec<u8> = (0..784).map(|i| (i * 7 % 256) as u8).collect();
        let (p, q) = (model.network.predict(&px), back.network.predict(&px));
        for (x, y) in p.iter().zip(&q) {
            assert!((x - y).abs() < 1e-5, "{p:?} vs {q:?}");
        }
    }

    fn import_fixture(seed: u64) -> SavedModel {
        let dir = tempfile::tempdir().unwrap();
        fixture(dir.path(), seed);
        import(dir.path()).unwrap()
    }
}
