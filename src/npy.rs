//! Reading and writing NumPy `.npy` files of 2-D float64 arrays, and the
//! original Python project's saved-model folder (L2/, L3/, L4/ each with
//! weight.npy of shape (out, in) and bias.npy of shape (out, 1)).
//!
//! The parser trusts nothing in a file: sizes are computed with checked
//! arithmetic and compared with the bytes actually there before anything
//! is allocated, so a header claiming 2^61 values is an error, not a crash.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use thiserror::Error;

use crate::files::{InputError, read_input, utc_timestamp, write_atomically};
use crate::model_file::{ModelInfo, SavedModel};
use crate::network::{LAYERS, Network, PARAM_COUNT, Params};

const MAGIC: &[u8] = b"\x93NUMPY";

/// Our largest array is 784 x 16 float64s (100 KB); a file far beyond
/// that is not one of the original's layers.
pub const MAX_NPY_BYTES: u64 = 64 << 20;

#[derive(Debug, Error)]
pub enum NpyError {
    /// Missing, not a regular file, or too large.
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{}: cannot write: {source}", crate::fmt::shown(path))]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {detail}", crate::fmt::shown(path))]
    Format { path: PathBuf, detail: String },
    #[error("{}: {detail}", crate::fmt::shown(path))]
    Target { path: PathBuf, detail: String },
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

/// The header text and the bytes after it. Versions 1.0 (2-byte header
/// length), 2.0 and 3.0 (4-byte; 3.0's header is UTF-8, the others Latin-1).
fn split_header<'a>(path: &Path, bytes: &'a [u8]) -> Result<(String, &'a [u8]), NpyError> {
    let seen = bytes.len().min(MAGIC.len());
    if bytes.is_empty() || bytes[..seen] != MAGIC[..seen] {
        let what = if bytes.is_empty() {
            "empty file"
        } else {
            "no \\x93NUMPY magic"
        };
        return Err(format_error(path, format!("not a .npy file ({what})")));
    }
    let truncated = |what: String| format_error(path, format!("truncated: {what}"));
    let (Some(&major), Some(&minor)) = (bytes.get(6), bytes.get(7)) else {
        return Err(truncated(format!(
            "{} bytes, cut inside the .npy preamble",
            bytes.len()
        )));
    };
    let length_bytes = match (major, minor) {
        (1, 0) => 2,
        (2, 0) | (3, 0) => 4,
        _ => {
            return Err(format_error(
                path,
                format!(
                    ".npy format version {major}.{minor} is not supported (1.0, 2.0 and 3.0 are)"
                ),
            ));
        }
    };
    let start = 8 + length_bytes;
    let Some(length) = bytes.get(8..start) else {
        return Err(truncated(format!(
            "{} bytes, cut inside the .npy preamble",
            bytes.len()
        )));
    };
    let header_len = length
        .iter()
        .rev()
        .fold(0usize, |n, &b| (n << 8) | usize::from(b));
    let header = start
        .checked_add(header_len)
        .and_then(|end| bytes.get(start..end))
        .ok_or_else(|| {
            truncated(format!(
                "the header should be {header_len} bytes but only {} follow",
                bytes.len() - start
            ))
        })?;
    let text = if major == 3 {
        std::str::from_utf8(header)
            .map_err(|_| format_error(path, "the header is not UTF-8 text"))?
            .to_string()
    } else {
        header.iter().map(|&b| char::from(b)).collect()
    };
    Ok((text, &bytes[start + header_len..]))
}

/// The three fields NumPy writes in a header dict.
#[derive(Debug, PartialEq)]
struct Header {
    descr: String,
    fortran_order: bool,
    shape: Vec<usize>,
}

/// A value in the header dict: a string, a word (True, False) or a tuple
/// of sizes, the only kinds NumPy writes there.
#[derive(Debug, PartialEq)]
enum Value<'a> {
    Str(&'a str),
    Word(&'a str),
    Tuple(Vec<&'a str>),
}

impl std::fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Str(s) => write!(f, "'{s}'"),
            Value::Word(w) => f.write_str(w),
            Value::Tuple(items) => write!(f, "({})", items.join(", ")),
        }
    }
}

/// Reads a Python dict literal left to right.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let rest = self.rest();
        let n = rest.find(|c| !keep(c)).unwrap_or(rest.len());
        self.at += n;
        &rest[..n]
    }

    /// Skips white space, then takes `c` if it is next.
    fn eat(&mut self, c: char) -> bool {
        self.take_while(char::is_whitespace);
        let found = self.rest().starts_with(c);
        if found {
            self.at += c.len_utf8();
        }
        found
    }

    /// A quoted string without escapes (keys and dtypes never need them).
    fn string(&mut self) -> Option<&'a str> {
        self.take_while(char::is_whitespace);
        let quote = self
            .rest()
            .chars()
            .next()
            .filter(|c| matches!(c, '\'' | '"'))?;
        self.at += 1;
        let body = self.take_while(|c| c != quote);
        self.rest().starts_with(quote).then(|| {
            self.at += 1;
            body
        })
    }

    /// A tuple of sizes such as `(784, 16)` or `(16,)`; Python 2's `16L` too.
    fn tuple(&mut self) -> Option<Vec<&'a str>> {
        let mut items = Vec::new();
        loop {
            if self.eat(')') {
                return Some(items);
            }
            self.take_while(char::is_whitespace);
            let digits = self.take_while(|c| c.is_ascii_digit());
            if digits.is_empty() {
                return None;
            }
            self.eat('L');
            items.push(digits);
            if !self.eat(',') {
                return self.eat(')').then_some(items);
            }
        }
    }

    fn value(&mut self) -> Option<Value<'a>> {
        self.take_while(char::is_whitespace);
        match self.rest().chars().next()? {
            '\'' | '"' => self.string().map(Value::Str),
            '(' => {
                self.at += 1;
                self.tuple().map(Value::Tuple)
            }
            c if c.is_ascii_alphabetic() => Some(Value::Word(
                self.take_while(|c| c.is_ascii_alphanumeric() || c == '_'),
            )),
            _ => None,
        }
    }
}

/// The first characters of a header, for messages.
fn snippet(text: &str) -> String {
    let short: String = text.trim_end().chars().take(80).collect();
    let more = if short.len() < text.trim_end().len() {
        "..."
    } else {
        ""
    };
    format!("{short:?}{more}")
}

/// The header's key/value pairs; each of the three keys exactly once, as NumPy requires.
fn header_fields<'a>(path: &Path, text: &'a str) -> Result<[Value<'a>; 3], NpyError> {
    let bad = |why: String| {
        format_error(
            path,
            format!(
                "the header {} is not a NumPy header dict: {why}",
                snippet(text)
            ),
        )
    };
    const KEYS: [&str; 3] = ["descr", "fortran_order", "shape"];
    let mut found: [Option<Value>; 3] = [None, None, None];
    let mut c = Cursor { text, at: 0 };
    if !c.eat('{') {
        return Err(bad("it does not start with '{'".into()));
    }
    while !c.eat('}') {
        let key = c
            .string()
            .ok_or_else(|| bad("expected a quoted key".into()))?;
        let slot = KEYS
            .iter()
            .position(|k| *k == key)
            .ok_or_else(|| bad(format!("unexpected key '{key}'")))?;
        if !c.eat(':') {
            return Err(bad(format!("no ':' after '{key}'")));
        }
        let value = c
            .value()
            .ok_or_else(|| bad(format!("cannot read the value of '{key}'")))?;
        if found[slot].replace(value).is_some() {
            return Err(bad(format!("'{key}' appears twice")));
        }
        if !c.eat(',') && !c.rest().trim_start().starts_with('}') {
            return Err(bad(format!(
                "expected ',' or '}}' after the value of '{key}'"
            )));
        }
    }
    if !c.rest().trim().is_empty() {
        return Err(bad("text after the closing '}'".into()));
    }
    let [descr, fortran, shape] = found;
    let missing = |key: &str| format_error(path, format!("the header has no '{key}'"));
    Ok([
        descr.ok_or_else(|| missing("descr"))?,
        fortran.ok_or_else(|| missing("fortran_order"))?,
        shape.ok_or_else(|| missing("shape"))?,
    ])
}

fn parse_header(path: &Path, text: &str) -> Result<Header, NpyError> {
    let [descr, fortran, shape] = header_fields(path, text)?;
    let descr = match descr {
        Value::Str(s) => s.to_string(),
        other => {
            return Err(format_error(
                path,
                format!("descr {other} is not a dtype string"),
            ));
        }
    };
    let fortran_order = match fortran {
        Value::Word("True") => true,
        Value::Word("False") => false,
        other => {
            return Err(format_error(
                path,
                format!("fortran_order {other} is not True or False"),
            ));
        }
    };
    let Value::Tuple(sizes) = &shape else {
        return Err(format_error(
            path,
            format!("shape {shape} is not a tuple of sizes"),
        ));
    };
    let shape_sizes = sizes
        .iter()
        .map(|s| s.parse::<usize>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| {
            format_error(
                path,
                format!("shape {shape} has a size beyond {}", usize::MAX),
            )
        })?;
    Ok(Header {
        descr,
        fortran_order,
        shape: shape_sizes,
    })
}

/// Parses a .npy file holding a 2-D little-endian float64 array (C order,
/// or Fortran order, which is transposed on reading).
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Array, NpyError> {
    let (text, payload) = split_header(path, bytes)?;
    let header = parse_header(path, &text)?;
    if header.descr != "<f8" {
        return Err(format_error(
            path,
            format!("dtype '{}' is not float64 ('<f8')", header.descr),
        ));
    }
    let [rows, cols] = header.shape[..] else {
        let sizes: Vec<String> = header.shape.iter().map(usize::to_string).collect();
        return Err(format_error(
            path,
            format!("shape ({}) is not 2-D", sizes.join(", ")),
        ));
    };
    // Checked before allocating: the header's sizes are the file's word only.
    let want = rows.checked_mul(cols).and_then(|n| n.checked_mul(8));
    if want != Some(payload.len()) {
        let have = payload.len();
        let detail = match want {
            Some(want) if have < want => {
                format!(
                    "truncated: {have} bytes of data, expected {want} for shape ({rows}, {cols})"
                )
            }
            Some(want) => {
                format!(
                    "oversized: {have} bytes of data, expected {want} for shape ({rows}, {cols})"
                )
            }
            None => format!(
                "truncated: shape ({rows}, {cols}) needs more bytes than any file holds; {have} bytes of data follow"
            ),
        };
        return Err(format_error(path, detail));
    }
    let values: Vec<f64> = payload
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().expect("chunks of 8")))
        .collect();
    let data = if header.fortran_order {
        (0..values.len())
            .map(|i| values[(i % cols) * rows + i / cols])
            .collect()
    } else {
        values
    };
    Ok(Array { rows, cols, data })
}

/// Reads and parses one .npy file (a regular file of at most [`MAX_NPY_BYTES`]).
pub fn read(path: &Path) -> Result<Array, NpyError> {
    let bytes = read_input(path, "a .npy file", MAX_NPY_BYTES)?;
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
                crate::fmt::shown(dir)
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

/// How [`export_with`] writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Multiply the first layer by the input scale so the export takes raw pixels.
    pub fold_scale: bool,
    /// Replace an existing export at the target (`--force`).
    pub replace: bool,
}

/// Writes `model` in the original project's layout (float64). The model's
/// input scale is not part of that layout: the original takes raw pixels,
/// so exporting a model trained on [0,1] inputs says so in its error.
pub fn export(model: &SavedModel, dir: &Path) -> Result<(), NpyError> {
    export_with(model, dir, ExportOptions::default())
}

/// As [`export`], multiplying the first layer's weights by the input scale
/// so the exported model takes raw 0-255 pixels and computes the same thing.
pub fn export_folding_scale(model: &SavedModel, dir: &Path) -> Result<(), NpyError> {
    let options = ExportOptions {
        fold_scale: true,
        ..ExportOptions::default()
    };
    export_with(model, dir, options)
}

/// Exports into `dir` as a whole: written to a new folder beside it and
/// renamed into place, so `dir` never mixes two models. An existing,
/// non-empty `dir` is replaced only with `options.replace`.
pub fn export_with(model: &SavedModel, dir: &Path, options: ExportOptions) -> Result<(), NpyError> {
    let scale = model.network.input_scale;
    let mut model = model.clone();
    if options.fold_scale {
        for w in &mut model.network.params[crate::network::W1] {
            *w *= scale;
        }
        model.network.input_scale = 1.0;
    } else if scale != 1.0 {
        return Err(format_error(
            dir,
            format!(
                "this model takes pixels scaled by {scale} (ours take [0,1]); the original's layout assumes raw 0-255 \
                 pixels, so its weights would be misread. Export a model imported from that layout, or fold the \
                 scale in with --fold-scale"
            ),
        ));
    }
    let dir = target_name(dir)?;
    let existing = check_target(&dir, options.replace)?;
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| NpyError::Write { path, source }
    };
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(write_error(parent))?;
    }
    let fresh = beside(&dir, "tmp");
    let _ = std::fs::remove_dir_all(&fresh);
    let result = write_layers(&model, &fresh)
        .and_then(|()| install(&fresh, &dir, existing).map_err(write_error(&dir)));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&fresh);
    }
    result
}

/// `dir` with a last component to name siblings after (`.` has none).
fn target_name(dir: &Path) -> Result<PathBuf, NpyError> {
    if dir.file_name().is_some() {
        return Ok(dir.to_path_buf());
    }
    std::path::absolute(dir)
        .ok()
        .and_then(|d| std::fs::canonicalize(&d).ok().or(Some(d)))
        .filter(|d| d.file_name().is_some())
        .ok_or_else(|| NpyError::Target {
            path: dir.to_path_buf(),
            detail: "cannot export into this folder; name a new folder instead".into(),
        })
}

/// What is at the export target now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Existing {
    /// Nothing: the new folder is renamed to it.
    Nothing,
    /// An empty folder: the layers are moved into it (replacing it could
    /// pull a shell's working folder from under it).
    Empty,
    /// An earlier export, to be replaced as a whole.
    Export,
}

/// Refuses to replace anything but an earlier export, and that only when
/// asked: a mistyped `--force ~` must not delete a home folder.
fn check_target(dir: &Path, replace: bool) -> Result<Existing, NpyError> {
    let refuse = |detail: String| NpyError::Target {
        path: dir.to_path_buf(),
        detail,
    };
    let meta = match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::Nothing),
        Err(source) => {
            return Err(NpyError::Write {
                path: dir.to_path_buf(),
                source,
            });
        }
        Ok(meta) => meta,
    };
    if !meta.is_dir() {
        return Err(refuse(
            "exists and is not a folder; not replacing it (choose another folder)".into(),
        ));
    }
    let names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|source| NpyError::Write {
            path: dir.to_path_buf(),
            source,
        })?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()
        .map_err(|source| NpyError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    if names.is_empty() {
        return Ok(Existing::Empty);
    }
    if let Some(other) = names.iter().find(|n| !FOLDERS.contains(&n.as_str())) {
        return Err(refuse(format!(
            "already exists and holds '{other}', which is not part of an export (only L2/, L3/, L4/ are); \
             not replacing it{}. Choose another folder",
            if replace { ", even with --force" } else { "" }
        )));
    }
    if !replace {
        return Err(refuse(
            "already holds an export; pass --force to replace it, or choose another folder".into(),
        ));
    }
    Ok(Existing::Export)
}

/// A hidden sibling of `dir` for this process: `.name.<pid>.<what>`.
fn beside(dir: &Path, what: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy());
    dir.with_file_name(format!(".{name}.{}.{what}", std::process::id()))
}

/// Moves the finished folder `fresh` to `dir`. An earlier export is first
/// renamed aside, and put back if the second rename fails, so at every
/// moment `dir` is either the old export or the new one.
fn install(fresh: &Path, dir: &Path, existing: Existing) -> std::io::Result<()> {
    match existing {
        Existing::Nothing => std::fs::rename(fresh, dir),
        Existing::Empty => fill(fresh, dir),
        Existing::Export => {
            let old = beside(dir, "old");
            let _ = std::fs::remove_dir_all(&old);
            std::fs::rename(dir, &old)?;
            if let Err(e) = std::fs::rename(fresh, dir) {
                let _ = std::fs::rename(&old, dir);
                return Err(e);
            }
            // The new export is in place; a leftover old copy is only clutter.
            let _ = std::fs::remove_dir_all(&old);
            Ok(())
        }
    }
}

/// Moves the layer folders from `fresh` into the empty folder `dir`; if one
/// cannot be moved, those already moved are removed, leaving `dir` empty.
fn fill(fresh: &Path, dir: &Path) -> std::io::Result<()> {
    for (i, folder) in FOLDERS.iter().enumerate() {
        if let Err(e) = std::fs::rename(fresh.join(folder), dir.join(folder)) {
            for moved in &FOLDERS[..i] {
                let _ = std::fs::remove_dir_all(dir.join(moved));
            }
            return Err(e);
        }
    }
    let _ = std::fs::remove_dir(fresh);
    Ok(())
}

/// Writes the three layers' .npy files into a new folder `dir`.
fn write_layers(model: &SavedModel, dir: &Path) -> Result<(), NpyError> {
    std::fs::create_dir(dir).map_err(|source| NpyError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let p = &model.network.params;
    for (folder, (wr, br, inputs, outputs)) in FOLDERS.iter().zip(LAYERS) {
        let mut w = vec![0.0f64; outputs * inputs];
        for i in 0..inputs {
            for j in 0..outputs {
                w[j * inputs + i] = p[wr.start + i * outputs + j] as f64;
            }
        }
        let weight = Array {
            rows: outputs,
            cols: inputs,
            data: w,
        };
        let bias = Array {
            rows: outputs,
            cols: 1,
            data: p[br].iter().map(|&v| v as f64).collect(),
        };
        for (name, array) in [("weight.npy", weight), ("bias.npy", bias)] {
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
        let e = import(dir.path()).unwrap_err().to_string();
        assert!(e.ends_with("L3/weight.npy: not found"), "{e}");
    }

    /// A .npy file of `version` (1, 2 or 3) with `header` and `payload` as given.
    fn npy_bytes(version: u8, header: &str, payload: &[u8]) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&[version, 0]);
        if version == 1 {
            bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
        } else {
            bytes.extend_from_slice(&(header.len() as u32).to_le_bytes());
        }
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(payload);
        bytes
    }

    fn parse_error(bytes: &[u8]) -> String {
        parse(Path::new("x.npy"), bytes).unwrap_err().to_string()
    }

    #[test]
    fn overflowing_shapes_are_errors_not_panics() {
        let payload = 1.5f64.to_le_bytes();
        for shape in ["(2305843009213693952, 1)", "(9223372036854775809, 2)"] {
            for fortran in ["True", "False"] {
                let header =
                    format!("{{'descr': '<f8', 'fortran_order': {fortran}, 'shape': {shape}, }}\n");
                let e = parse_error(&npy_bytes(1, &header, &payload));
                assert!(
                    e.starts_with("x.npy: truncated: shape (")
                        && e.contains("8 bytes of data follow"),
                    "{e}"
                );
            }
        }
        let header =
            "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999, 1), }";
        let e = parse_error(&npy_bytes(1, header, &payload));
        assert!(e.contains("has a size beyond"), "{e}");
    }

    #[test]
    fn header_fields_are_checked_strictly() {
        let with = |fortran: &str, extra: &str| {
            format!("{{'descr': '<f8', 'fortran_order': {fortran}, 'shape': (1, 1), {extra}}}\n")
        };
        let one = 2.0f64.to_le_bytes();
        let e = parse_error(&npy_bytes(1, &with("Maybe", ""), &one));
        assert!(
            e.contains("fortran_order Maybe is not True or False"),
            "{e}"
        );
        let e = parse_error(&npy_bytes(1, &with("True", "'extra': 1, "), &one));
        assert!(e.contains("unexpected key 'extra'"), "{e}");
        let twice = "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1, 1)}";
        let e = parse_error(&npy_bytes(1, twice, &one));
        assert!(e.contains("'descr' appears twice"), "{e}");
        let e = parse_error(&npy_bytes(1, "{'descr': '<f8', 'shape': (1, 1)}", &one));
        assert!(e.contains("the header has no 'fortran_order'"), "{e}");
        let e = parse_error(&npy_bytes(
            1,
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}",
            &one,
        ));
        assert!(e.contains("shape (1) is not 2-D"), "{e}");
        let e = parse_error(&npy_bytes(1, "not a dict", &one));
        assert!(e.contains("is not a NumPy header dict"), "{e}");
        // Python 2 wrote sizes as longs.
        let old = "{'descr': '<f8', 'fortran_order': False, 'shape': (1L, 1L), }";
        assert_eq!(
            parse(Path::new("x.npy"), &npy_bytes(1, old, &one))
                .unwrap()
                .data,
            vec![2.0]
        );
    }

    #[test]
    fn versions_2_and_3_are_read_and_short_files_are_truncated() {
        let a = Array {
            rows: 1,
            cols: 2,
            data: vec![0.25, -4.0],
        };
        let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }\n";
        let payload: Vec<u8> = a.data.iter().flat_map(|v| v.to_le_bytes()).collect();
        for version in [2, 3] {
            let bytes = npy_bytes(version, header, &payload);
            assert_eq!(parse(Path::new("x.npy"), &bytes).unwrap(), a, "v{version}");
            let e = parse_error(&bytes[..10]);
            assert!(
                e.contains("truncated: 10 bytes, cut inside the .npy preamble"),
                "{e}"
            );
            let e = parse_error(&bytes[..20]);
            assert!(e.contains("truncated: the header should be"), "{e}");
        }
        // Version 3 headers are UTF-8; version 1 and 2 headers Latin-1.
        let bad_utf8 = npy_bytes(3, "{'descr': '\u{e9}", &[]);
        let mut bytes = bad_utf8.clone();
        let at = bytes.len() - 2;
        bytes[at] = 0xff;
        assert!(parse_error(&bytes).contains("not UTF-8"));
        let e = parse_error(&npy_bytes(4, header, &payload));
        assert!(e.contains("version 4.0 is not supported"), "{e}");
        assert!(parse_error(b"").contains("not a .npy file (empty file)"));
        assert!(parse_error(b"\x93NUM").contains("truncated: 4 bytes"));
        assert!(parse_error(b"PK\x03\x04").contains("no \\x93NUMPY magic"));
    }

    #[test]
    fn a_fifo_or_device_is_refused_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("weight.npy");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let e = read(&fifo).unwrap_err().to_string();
        assert!(e.contains("weight.npy: is a named pipe (FIFO)"), "{e}");
        let e = read(Path::new("/dev/zero")).unwrap_err().to_string();
        assert!(e.contains("/dev/zero: is a device"), "{e}");
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn export_never_mixes_two_models_and_replaces_only_with_force() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("out");
        let (a, b) = (import_fixture(11), import_fixture(12));
        export(&a, &dir).unwrap();
        // An earlier export with a directory where L4/weight.npy belongs:
        // writing into it used to replace L2/ and L3/, then fail at L4/.
        std::fs::remove_file(dir.join("L4/weight.npy")).unwrap();
        std::fs::create_dir(dir.join("L4/weight.npy")).unwrap();
        let l2 = std::fs::read(dir.join("L2/weight.npy")).unwrap();
        let e = export(&b, &dir).unwrap_err().to_string();
        assert!(e.contains("already holds an export; pass --force"), "{e}");
        assert_eq!(
            std::fs::read(dir.join("L2/weight.npy")).unwrap(),
            l2,
            "untouched"
        );
        let replace = ExportOptions {
            replace: true,
            ..ExportOptions::default()
        };
        export_with(&b, &dir, replace).unwrap();
        assert_eq!(import(&dir).unwrap().network, b.network, "replaced whole");
        assert_eq!(
            names(parent.path()),
            vec!["out"],
            "no temporary folders left"
        );
        assert_eq!(names(&dir), vec!["L2", "L3", "L4"]);
        // Anything that is not an export is never replaced, even with force.
        std::fs::write(dir.join("notes.txt"), b"mine").unwrap();
        let e = export_with(&a, &dir, replace).unwrap_err().to_string();
        assert!(
            e.contains("holds 'notes.txt'") && e.contains("even with --force"),
            "{e}"
        );
        let file = parent.path().join("file");
        std::fs::write(&file, b"x").unwrap();
        let e = export_with(&a, &file, replace).unwrap_err().to_string();
        assert!(e.contains("exists and is not a folder"), "{e}");
        // An empty folder is filled, not replaced: it may be a shell's
        // working folder (`export-npy .`).
        use std::os::unix::fs::MetadataExt;
        let empty = parent.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let inode = || std::fs::metadata(&empty).unwrap().ino();
        let before = inode();
        export(&a, &empty.join(".")).unwrap();
        assert_eq!(inode(), before, "the same folder");
        assert_eq!(import(&empty).unwrap().network, a.network);
        assert_eq!(names(parent.path()), vec!["empty", "file", "out"]);
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
