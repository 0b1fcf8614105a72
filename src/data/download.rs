//! Fetching missing MNIST files from the configured mirrors.
//!
//! The checksum is taken over the decompressed bytes because mirrors gzip the
//! same files differently. What lands on disk is the verified raw file,
//! written to a temporary name and renamed, so an interrupted download never
//! leaves a half file that a later run would try to read.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use thiserror::Error;

use super::locate::{self, Candidate, Entry};
use super::{DataError, FILES, idx};
use crate::files::write_atomically;

/// Refuse anything larger than any MNIST file (compressed or not) could be.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// How long a download may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub connect: Duration,
    /// The longest wait for any one read.
    pub per_read: Duration,
    /// A mirror that sends fewer than [`STALL_BYTES`] in this long has
    /// stalled and is abandoned (one that sends a byte now and then never
    /// trips `per_read`).
    pub stall: Duration,
    /// The whole of one file from one mirror, from request to last byte: a
    /// slow but steady link gets this long.
    pub per_file: Duration,
}

/// Less than this in a `stall` window is no progress at all.
pub const STALL_BYTES: u64 = 1024;

impl Default for Limits {
    /// 300 s per file: the largest file (9.9 MB) then still arrives at 35 kB/s.
    fn default() -> Limits {
        Limits {
            connect: Duration::from_secs(10),
            per_read: Duration::from_secs(30),
            stall: Duration::from_secs(30),
            per_file: Duration::from_secs(300),
        }
    }
}

/// One failed try of one URL, kept so the final error can list them all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub url: String,
    pub error: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DownloadEvent {
    Started {
        file: String,
        url: String,
    },
    Progress {
        file: String,
        bytes: u64,
        total: Option<u64>,
        /// The mean transfer rate since the request was sent.
        bytes_per_sec: u64,
    },
    Failed(Attempt),
    Saved {
        file: String,
        path: PathBuf,
        /// Bytes transferred (compressed) and their mean rate.
        bytes: u64,
        bytes_per_sec: u64,
    },
}

#[derive(Debug, Error)]
pub enum DownloadError {
    #[error("could not download {file} from any mirror")]
    AllMirrorsFailed {
        file: String,
        attempts: Vec<Attempt>,
    },
    #[error("{}: cannot write downloaded data: {source}", crate::fmt::shown(path))]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("download cancelled")]
    Cancelled,
}

fn url_for(mirror: &str, file: &str) -> String {
    let sep = if mirror.ends_with('/') { "" } else { "/" };
    format!("{mirror}{sep}{file}.gz")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn agent(limits: &Limits) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(limits.connect))
        .timeout_per_read(Some(limits.per_read))
        .timeout_global(Some(limits.per_file))
        .build()
        .into()
}

/// Mean bytes per second of `bytes` over `elapsed`.
pub fn rate(bytes: u64, elapsed: Duration) -> u64 {
    (bytes as f64 / elapsed.as_secs_f64().max(1e-3)) as u64
}

/// A download's body, checked and verified.
struct Fetched {
    raw: Vec<u8>,
    bytes: u64,
    bytes_per_sec: u64,
}

fn stalled(bytes: u64, window: Duration) -> String {
    format!(
        "stalled: {bytes} bytes in the last {} s (less than {STALL_BYTES})",
        window.as_secs_f64()
    )
}

/// Downloads one URL and returns the verified, decompressed bytes.
fn fetch_one(
    agent: &ureq::Agent,
    limits: &Limits,
    url: &str,
    file: &str,
    sha256: &str,
    stop: &AtomicBool,
    on_event: &mut dyn FnMut(DownloadEvent),
) -> Result<Fetched, String> {
    let started = Instant::now();
    let too_slow = |bytes: usize| {
        format!(
            "not complete within {} s, the limit per file ({bytes} bytes at {} bytes/s)",
            limits.per_file.as_secs_f64(),
            rate(bytes as u64, started.elapsed())
        )
    };
    let mut response = agent.get(url).call().map_err(|e| match e {
        ureq::Error::StatusCode(code) => format!("HTTP {code}"),
        _ if started.elapsed() >= limits.per_file => too_slow(0),
        other => other.to_string(),
    })?;
    let total = response.body().content_length();
    if let Some(t) = total.filter(|t| *t > MAX_BYTES) {
        return Err(format!(
            "{t} bytes announced; more than {MAX_BYTES}, not an MNIST file"
        ));
    }
    let mut reader = response.body_mut().as_reader();
    let mut body = Vec::with_capacity(total.unwrap_or(0) as usize);
    let mut chunk = vec![0u8; 64 * 1024];
    // The bytes at the start of the current stall window, and when it began.
    let (mut window_bytes, mut window_start) = (0u64, Instant::now());
    loop {
        if stop.load(Ordering::Relaxed) {
            return Err("cancelled".into());
        }
        let n = match reader.read(&mut chunk) {
            Ok(n) => n,
            Err(_) if started.elapsed() >= limits.per_file => return Err(too_slow(body.len())),
            Err(_) if window_start.elapsed() >= limits.stall => {
                return Err(stalled(body.len() as u64 - window_bytes, limits.stall));
            }
            Err(e) => return Err(format!("body cut short after {} bytes: {e}", body.len())),
        };
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
        if body.len() as u64 > MAX_BYTES {
            return Err(format!("more than {MAX_BYTES} bytes; not an MNIST file"));
        }
        on_event(DownloadEvent::Progress {
            file: file.to_string(),
            bytes: body.len() as u64,
            total,
            bytes_per_sec: rate(body.len() as u64, started.elapsed()),
        });
        if started.elapsed() >= limits.per_file {
            return Err(too_slow(body.len()));
        }
        if window_start.elapsed() >= limits.stall {
            let got = body.len() as u64 - window_bytes;
            if got < STALL_BYTES && n > 0 {
                return Err(stalled(got, limits.stall));
            }
            (window_bytes, window_start) = (body.len() as u64, Instant::now());
        }
    }
    if let Some(total) = total.filter(|t| *t != body.len() as u64) {
        return Err(format!("body cut short: {} of {total} bytes", body.len()));
    }
    let (bytes, bytes_per_sec) = (
        body.len() as u64,
        rate(body.len() as u64, started.elapsed()),
    );
    let raw = if body.starts_with(&[0x1f, 0x8b]) {
        idx::decompress(Path::new(url), &body[..]).map_err(|e| match e {
            DataError::Gzip { detail, .. } => format!("corrupt gzip data: {detail}"),
            other => other.to_string(),
        })?
    } else {
        body
    };
    let got = sha256_hex(&raw);
    if got != sha256 {
        return Err(format!(
            "checksum mismatch: decompressed SHA-256 is {got}, expected {sha256}"
        ));
    }
    Ok(Fetched {
        raw,
        bytes,
        bytes_per_sec,
    })
}

/// Downloads every file of `files` missing from `dir`, trying the mirrors in order.
pub fn fetch_missing(
    dir: &Path,
    mirrors: &[String],
    files: &[(&str, &str)],
    stop: &AtomicBool,
    on_event: &mut dyn FnMut(DownloadEvent),
) -> Result<(), DownloadError> {
    fetch_missing_with(dir, mirrors, files, &Limits::default(), stop, on_event)
}

/// [`fetch_missing`] within `limits`. A name with anything at all in `dir`
/// (even an unusable file) is not downloaded over.
pub fn fetch_missing_with(
    dir: &Path,
    mirrors: &[String],
    files: &[(&str, &str)],
    limits: &Limits,
    stop: &AtomicBool,
    on_event: &mut dyn FnMut(DownloadEvent),
) -> Result<(), DownloadError> {
    let agent = agent(limits);
    for (file, sha256) in files {
        if locate::entry(dir, file) != Entry::Missing {
            continue;
        }
        let mut attempts = Vec::new();
        let mut saved = false;
        for mirror in mirrors {
            let url = url_for(mirror, file);
            on_event(DownloadEvent::Started {
                file: file.to_string(),
                url: url.clone(),
            });
            match fetch_one(&agent, limits, &url, file, sha256, stop, on_event) {
                Ok(fetched) => {
                    let path = dir.join(file);
                    write_atomically(&path, &fetched.raw).map_err(|source| {
                        DownloadError::Write {
                            path: path.clone(),
                            source,
                        }
                    })?;
                    on_event(DownloadEvent::Saved {
                        file: file.to_string(),
                        path,
                        bytes: fetched.bytes,
                        bytes_per_sec: fetched.bytes_per_sec,
                    });
                    saved = true;
                    break;
                }
                Err(_) if stop.load(Ordering::Relaxed) => return Err(DownloadError::Cancelled),
                Err(error) => {
                    let attempt = Attempt { url, error };
                    on_event(DownloadEvent::Failed(attempt.clone()));
                    attempts.push(attempt);
                }
            }
        }
        if !saved {
            return Err(DownloadError::AllMirrorsFailed {
                file: file.to_string(),
                attempts,
            });
        }
    }
    Ok(())
}

/// Finds MNIST among `candidates`, downloading what is missing into the
/// first candidate if no folder is complete.
pub fn ensure_data(
    candidates: &[Candidate],
    mirrors: &[String],
    stop: &AtomicBool,
    on_event: &mut dyn FnMut(DownloadEvent),
) -> Result<PathBuf, DataError> {
    ensure_data_with(candidates, mirrors, &Limits::default(), stop, on_event)
}

/// [`ensure_data`] within `limits`. Something unusable in the download
/// folder (a directory or FIFO where a file belongs, a file given as the
/// folder) is reported, not downloaded over.
pub fn ensure_data_with(
    candidates: &[Candidate],
    mirrors: &[String],
    limits: &Limits,
    stop: &AtomicBool,
    on_event: &mut dyn FnMut(DownloadEvent),
) -> Result<PathBuf, DataError> {
    if let Some(found) = locate::find_complete(candidates) {
        return Ok(found.dir.clone());
    }
    let Some(target) = candidates.first() else {
        return Err(DataError::Missing {
            searched: Vec::new(),
            attempts: Vec::new(),
        });
    };
    if let Some(mut problem) = locate::problems(&target.dir).into_iter().next() {
        // Say where the folder was asked for (a flag, a variable, a line).
        if target.origin != locate::Origin::Default {
            problem.what = format!("{} ({})", problem.what, target.origin);
        }
        return Err(DataError::Unusable(problem));
    }
    match fetch_missing_with(&target.dir, mirrors, &FILES, limits, stop, on_event) {
        Ok(()) => Ok(target.dir.clone()),
        Err(DownloadError::AllMirrorsFailed { attempts, .. }) => Err(DataError::Missing {
            searched: candidates.to_vec(),
            attempts,
        }),
        Err(DownloadError::Write { path, source }) => Err(DataError::Io { path, source }),
        Err(DownloadError::Cancelled) => Err(DataError::Missing {
            searched: candidates.to_vec(),
            attempts: vec![Attempt {
                url: "(all mirrors)".into(),
                error: "download cancelled".into(),
            }],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_join_with_one_slash() {
        assert_eq!(url_for("http://a/b/", "f"), "http://a/b/f.gz");
        assert_eq!(url_for("http://a/b", "f"), "http://a/b/f.gz");
    }

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
