//! Seeded byte-level mutation tests of the input parsers: a real, valid
//! file of each kind, mutated thousands of ways, must always give a result
//! or a clean error: no panic, no case slower than a second, and no
//! allocation beyond what the bytes at hand can justify (a parser must
//! check a size field against the data before it allocates by it).
//!
//! To add a kind: build a valid file, then call [`check_kind`] with a
//! parser from bytes and one from a path (see the tests at the end).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// The system allocator, noting the largest single request on threads
/// that have asked for it (see [`largest_allocation`]).
struct Tracking;

thread_local! {
    /// `Some(largest request so far)` while this thread is being watched.
    static LARGEST: Cell<Option<usize>> = const { Cell::new(None) };
}

fn note(size: usize) {
    // try_with: the thread-local may be gone while a thread shuts down.
    let _ = LARGEST.try_with(|l| {
        if let Some(largest) = l.get()
            && size > largest
        {
            l.set(Some(size));
        }
    });
}

// SAFETY: every call is passed on to the system allocator unchanged; the
// bookkeeping only reads and writes a thread-local integer.
unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Tracking = Tracking;

/// Runs `f`, returning its result and the largest single allocation it
/// asked for on this thread.
fn largest_allocation<T>(f: impl FnOnce() -> T) -> (T, usize) {
    LARGEST.with(|l| l.set(Some(0)));
    let out = f();
    let largest = LARGEST.with(|l| l.replace(None)).unwrap_or(0);
    (out, largest)
}

/// Sizes that break parsers which trust them: as raw integers...
const HUGE_INTS: [u64; 14] = [
    0,
    1,
    0x7f,
    0x80,
    0xff,
    0x7fff,
    0xffff,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_ffff,
    1 << 32,
    1 << 61,
    (1 << 63) | 1,
    u64::MAX,
];

/// ...and as text.
const HUGE_TEXT: [&str; 11] = [
    "0",
    "-1",
    "4294967296",
    "2305843009213693952",
    "9223372036854775809",
    "18446744073709551616",
    "99999999999999999999999999999",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
];

/// Words and punctuation of text formats (Python and RON literals, CSV),
/// swapped in for a word of the input.
const TOKENS: [&str; 18] = [
    "True", "False", "None", "Some", "Maybe", "NaN", "inf", "-", ",", "(", ")", "[", "]", "{", "}",
    ":", "'", "\"",
];

/// An offset in `len` bytes; half the time within the first 64, where
/// headers (and the sizes parsers trust) live.
fn offset(rng: &mut ChaCha8Rng, len: usize) -> usize {
    match len {
        0 => 0,
        _ if rng.random_bool(0.5) => rng.random_range(0..len.min(64)),
        _ => rng.random_range(0..len),
    }
}

/// Replaces a run of ASCII digits (a size or value in a text format) with
/// a huge or odd number; false if there is none near where we looked.
fn replace_number(rng: &mut ChaCha8Rng, bytes: &mut Vec<u8>) -> bool {
    let from = offset(rng, bytes.len());
    let Some(start) = bytes[from..].iter().position(u8::is_ascii_digit) else {
        return false;
    };
    let start = from + start;
    let len = bytes[start..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let text = HUGE_TEXT[rng.random_range(0..HUGE_TEXT.len())];
    bytes.splice(start..start + len, text.bytes());
    true
}

/// Replaces a word (a run of letters) with one of [`TOKENS`]; false if
/// there is none near where we looked.
fn replace_word(rng: &mut ChaCha8Rng, bytes: &mut Vec<u8>) -> bool {
    let from = offset(rng, bytes.len());
    let Some(start) = bytes[from..].iter().position(u8::is_ascii_alphabetic) else {
        return false;
    };
    let start = from + start;
    let len = bytes[start..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let token = TOKENS[rng.random_range(0..TOKENS.len())];
    bytes.splice(start..start + len, token.bytes());
    true
}

/// Writes a huge or odd integer at some offset, 2, 4 or 8 bytes, either
/// byte order (binary length fields).
fn write_number(rng: &mut ChaCha8Rng, bytes: &mut [u8]) {
    let value = HUGE_INTS[rng.random_range(0..HUGE_INTS.len())];
    let width = [2, 4, 8][rng.random_range(0..3)];
    let encoded = if rng.random_bool(0.5) {
        value.to_le_bytes()[..width].to_vec()
    } else {
        value.to_be_bytes()[8 - width..].to_vec()
    };
    let at = offset(rng, bytes.len());
    for (b, v) in bytes[at..].iter_mut().zip(encoded) {
        *b = v;
    }
}

/// One mutation of `bytes`, in place.
fn mutate(rng: &mut ChaCha8Rng, bytes: &mut Vec<u8>) {
    let len = bytes.len();
    match rng.random_range(0..10) {
        0 if len > 0 => {
            let at = offset(rng, len);
            bytes[at] ^= 1 << rng.random_range(0..8);
        }
        1 => {
            let at = offset(rng, len + 1).min(len);
            let n = rng.random_range(1..=16);
            let new: Vec<u8> = (0..n).map(|_| rng.random()).collect();
            bytes.splice(at..at, new);
        }
        2 if len > 0 => {
            let at = offset(rng, len);
            let n = rng.random_range(1..=64).min(len - at);
            bytes.drain(at..at + n);
        }
        3 if len > 0 => {
            let at = offset(rng, len);
            for b in bytes[at..].iter_mut().take(rng.random_range(1..=8)) {
                *b = rng.random();
            }
        }
        4 => bytes.truncate(rng.random_range(0..=len)),
        5 if len > 0 => {
            let from = rng.random_range(0..len);
            let n = rng.random_range(1..=256).min(len - from);
            let chunk = bytes[from..from + n].to_vec();
            let at = rng.random_range(0..=len);
            bytes.splice(at..at, chunk);
        }
        6 => write_number(rng, bytes),
        7 if replace_word(rng, bytes) => {}
        8 => {
            // Cut after a line end: a header kept whole, the data gone
            // (or a CSV file short of its last rows).
            let from = offset(rng, len);
            let end = bytes[from..].iter().position(|b| *b == b'\n');
            bytes.truncate(end.map_or(len, |e| from + e + 1));
        }
        _ => {
            if !replace_number(rng, bytes) {
                write_number(rng, bytes);
            }
        }
    }
}

/// `n` mutants of `valid`, each one to three mutations deep (flipped,
/// inserted, deleted or overwritten bytes, truncation, duplicated chunks,
/// huge numbers written over binary or text length fields, words swapped
/// for literals such as `True` or `)`, a cut after a line end). The same seed
/// gives the same mutants.
pub(crate) fn mutations(seed: u64, valid: &[u8], n: usize) -> impl Iterator<Item = Vec<u8>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let valid = valid.to_vec();
    (0..n).map(move |_| {
        let mut bytes = valid.clone();
        for _ in 0..rng.random_range(1..=3) {
            mutate(&mut rng, &mut bytes);
        }
        bytes
    })
}

/// What one kind's cases came to.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub tried: usize,
    pub errors: usize,
    pub accepted: usize,
    pub panics: usize,
    /// Cases that took a second or more.
    pub hangs: usize,
    /// Cases whose largest allocation was beyond the kind's bound.
    pub blowups: usize,
    pub slowest: Duration,
    pub largest: usize,
}

/// Every how many cases one also goes through the file reader.
const FILE_SAMPLE: usize = 20;

/// A case still running after this long is reported and the run ends:
/// better a loud failure than a test that never returns.
const WATCHDOG: Duration = Duration::from_secs(20);

/// Runs every input through `parse` (and every [`FILE_SAMPLE`]th through
/// `read`, from a file named `file_name`), counting outcomes. `bound`
/// gives the largest allocation an input of that many bytes may cause.
pub(crate) fn check_kind(
    kind: &str,
    inputs: impl Iterator<Item = Vec<u8>>,
    file_name: &str,
    bound: impl Fn(usize) -> usize,
    parse: impl Fn(&[u8]) -> bool,
    read: impl Fn(&Path) -> bool,
) -> Tally {
    let dir = tempfile::tempdir().expect("temp folder");
    let path = dir.path().join(file_name);
    let (alive, watched) = mpsc::channel::<usize>();
    let kind_name = kind.to_string();
    let watchdog = std::thread::spawn(move || {
        let mut case = 0;
        loop {
            match watched.recv_timeout(WATCHDOG) {
                Ok(next) => case = next,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    eprintln!("{kind_name}: case {case} hangs (over {WATCHDOG:?})");
                    std::process::abort();
                }
            }
        }
    });
    let mut tally = Tally::default();
    for (i, input) in inputs.enumerate() {
        let _ = alive.send(i);
        let through_file = i % FILE_SAMPLE == 0;
        if through_file {
            std::fs::File::create(&path)
                .and_then(|mut f| f.write_all(&input))
                .expect("write a case to a temp file");
        }
        let started = Instant::now();
        let (outcome, largest) = largest_allocation(|| {
            catch_unwind(AssertUnwindSafe(|| {
                let ok = parse(&input);
                if through_file {
                    assert_eq!(read(&path), ok, "{kind} case {i}: file and bytes disagree");
                }
                ok
            }))
        });
        let took = started.elapsed();
        tally.tried += 1;
        match outcome {
            Ok(true) => tally.accepted += 1,
            Ok(false) => tally.errors += 1,
            Err(_) => {
                eprintln!("{kind}: case {i} panicked on {} bytes", input.len());
                tally.panics += 1;
            }
        }
        if took >= Duration::from_secs(1) {
            eprintln!("{kind}: case {i} took {took:?}");
            tally.hangs += 1;
        }
        if largest > bound(input.len()) {
            eprintln!(
                "{kind}: case {i} allocated {largest} bytes for {} bytes of input",
                input.len()
            );
            tally.blowups += 1;
        }
        tally.slowest = tally.slowest.max(took);
        tally.largest = tally.largest.max(largest);
    }
    drop(alive);
    let _ = watchdog.join();
    eprintln!(
        "{kind}: {} cases: {} clean errors, {} accepted, {} panics, {} hangs, {} allocation blow-ups \
         (slowest {:?}, largest allocation {} bytes)",
        tally.tried,
        tally.errors,
        tally.accepted,
        tally.panics,
        tally.hangs,
        tally.blowups,
        tally.slowest,
        tally.largest
    );
    tally
}

fn assert_clean(t: &Tally) {
    assert_eq!((t.panics, t.hangs, t.blowups), (0, 0, 0), "{t:?}");
    assert!(
        t.errors > t.tried / 10,
        "most mutants should be refused: {t:?}"
    );
}

const CASES: usize = 5000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{DataError, PIXELS, idx};
    use crate::model_file::{self, ModelInfo, SavedModel};
    use crate::network::Network;
    use crate::npy;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(bytes).expect("gzip in memory");
        gz.finish().expect("gzip in memory")
    }

    fn images() -> Vec<u8> {
        idx::encode_images(
            &(0..3 * PIXELS)
                .map(|i| (i * 7 % 256) as u8)
                .collect::<Vec<_>>(),
        )
    }

    /// Parsers copy their input at most a few times.
    fn linear(len: usize) -> usize {
        4 * len + (64 << 10)
    }

    /// Deflate expands at most 1032:1; read_to_end may double its buffer.
    fn inflated(len: usize) -> usize {
        2 * 1032 * len + (1 << 20)
    }

    fn images_ok(r: Result<(usize, Vec<u8>), DataError>) -> bool {
        r.is_ok()
    }

    #[test]
    fn idx_raw_images_and_labels() {
        let p = Path::new("x-idx3-ubyte");
        let t = check_kind(
            "IDX images (raw)",
            mutations(1, &images(), CASES),
            "x-idx3-ubyte",
            linear,
            |b| images_ok(idx::parse_images(p, b.to_vec())),
            |path| images_ok(idx::read_maybe_gz(path).and_then(|b| idx::parse_images(path, b))),
        );
        assert_clean(&t);
        let labels = idx::encode_labels(&(0..200).map(|i| (i % 10) as u8).collect::<Vec<_>>());
        let t = check_kind(
            "IDX labels (raw)",
            mutations(2, &labels, CASES),
            "x-idx1-ubyte",
            linear,
            |b| idx::parse_labels(p, b.to_vec()).is_ok(),
            |path| {
                idx::read_maybe_gz(path)
                    .and_then(|b| idx::parse_labels(path, b))
                    .is_ok()
            },
        );
        assert_clean(&t);
    }

    #[test]
    fn idx_gz() {
        let raw = images();
        let gz = gzip(&raw);
        // Half the cases damage the gzip stream, half its contents.
        let mut of_raw = mutations(4, &raw, CASES / 2).map(|b| gzip(&b));
        let mut of_gz = mutations(3, &gz, CASES / 2);
        let inputs = (0..CASES).map_while(move |i| {
            if i % 2 == 0 {
                of_gz.next()
            } else {
                of_raw.next()
            }
        });
        let p = Path::new("x-idx3-ubyte.gz");
        let t = check_kind(
            "IDX images (.gz)",
            inputs,
            "x-idx3-ubyte.gz",
            inflated,
            |b| images_ok(idx::decompress(p, b).and_then(|raw| idx::parse_images(p, raw))),
            |path| images_ok(idx::read_maybe_gz(path).and_then(|b| idx::parse_images(path, b))),
        );
        assert_clean(&t);
    }

    #[test]
    fn model_file_ron() {
        let model = SavedModel {
            network: Network::he_init(&mut ChaCha8Rng::seed_from_u64(5)),
            info: ModelInfo {
                origin: "mutation test".into(),
                trained_at: "2026-11-26T10:00:00Z".into(),
                seed: Some(5),
                best_epoch: Some(3),
                epochs_run: Some(8),
                validation: None,
                test: None,
                settings: None,
            },
        };
        let valid = model.to_ron().into_bytes();
        let p = Path::new("model.ron");
        let parse =
            |b: &[u8]| std::str::from_utf8(b).is_ok_and(|s| model_file::parse(p, s).is_ok());
        assert!(parse(&valid), "the unmutated file is accepted");
        let t = check_kind(
            "model file (.ron)",
            mutations(5, &valid, CASES),
            "model.ron",
            linear,
            parse,
            |path| model_file::load(path).is_ok(),
        );
        assert_clean(&t);
    }

    #[test]
    fn npy_files() {
        let mut rng = ChaCha8Rng::seed_from_u64(6);
        let a = npy::Array {
            rows: 16,
            cols: 10,
            data: (0..160).map(|_| rng.random_range(-1.0..1.0)).collect(),
        };
        let valid = npy::encode(&a);
        let p = Path::new("weight.npy");
        // What callers rely on: an accepted array holds rows x cols values.
        let sound = |a: npy::Array| {
            assert_eq!(Some(a.data.len()), a.rows.checked_mul(a.cols));
            true
        };
        let t = check_kind(
            ".npy",
            mutations(7, &valid, CASES),
            "weight.npy",
            linear,
            |b| npy::parse(p, b).is_ok_and(sound),
            |path| npy::read(path).is_ok_and(sound),
        );
        assert_clean(&t);
    }

    #[test]
    fn mutations_are_seeded_and_varied() {
        let valid = b"{'shape': (784, 16)} and some more bytes".to_vec();
        let a: Vec<_> = mutations(9, &valid, 200).collect();
        let b: Vec<_> = mutations(9, &valid, 200).collect();
        assert_eq!(a, b, "same seed, same mutants");
        assert!(
            a.iter().filter(|m| **m != valid).count() > 190,
            "nearly all differ"
        );
        assert!(a.iter().any(|m| m.len() < valid.len()) && a.iter().any(|m| m.len() > valid.len()));
        let huge = a.iter().any(|m| {
            let s = String::from_utf8_lossy(m);
            s.contains("2305843009213693952") || s.contains("18446744073709551616")
        });
        assert!(huge, "text sizes are replaced by huge ones");
    }
}
