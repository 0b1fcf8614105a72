//! Fetching missing MNIST files from the configured mirrors.
//!
//! The checksum is taken over the decompressed bytes because mirrors gzip the
//! same files differently. What lands on disk is the verified raw file,
//! written to a temporary name and renamed, so an interrupted download never
//! leaves a half file that a later run would try to read.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use flate2::read::GzDecoder;
use sha2::{Digest, Sha256};
use thiserror::Error;

use super::locate::{self, Candidate};
use super::{DataError, FILES};
use crate::files::write_atomically;

pub const DEFAULT_MIRRORS: [&str; 2] = [
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
];

/// Refuse anything larger than any MNIST file (compressed or not) could be.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

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
    },
    Failed(Attempt),
    Saved {
        file: String,
        path: PathBuf,
    },
}

#[derive(Debug, Error)]
pub enum DownloadError {
    #[error("could not download {file} from any mirror")]
    AllMirrorsFailed {
        file: String,
        attempts: Vec<Attempt>,
    },
    #[error("{}: cannot write downloaded data: {source}", path.display())]
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

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_per_read(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// Downloads one URL and returns the verified, decompressed bytes.
fn fetch_one(
    agent: &ureq::Agent,
    url: &str,
    file: &str,
    sha256: &str,
    stop: &AtomicBool,
    on_event: &mut dyn FnMut(DownloadEvent),
) -> Result<Vec<u8>, String> {
    let mut response = agent.get(url).call().map_err(|e| match e {
        ureq::Error::StatusCode(code) => format!("HTTP {code}"),
        other => other.to_string(),
    })?;
    let total = response.body().content_length();
    let mut reader = response.body_mut().as_reader();
    let mut body = Vec::with_capacity(total.unwrap_or(0).min(MAX_BYTES) as usize);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        if stop.load(Ordering::Relaxed) {
            return Err("cancelled".into());
        }
        let n = reader
            .read(&mut chunk)
            .map_err(|e| format!("body cut short after {} bytes: {e}", body.len()))?;
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
        });
    }
    if let Some(total) = total.filter(|t| *t != body.len() as u64) {
        return Err(format!("body cut short: {} of {total} bytes", body.len()));
    }
    let raw = if body.starts_with(&[0x1f, 0x8b]) {
        let mut raw = Vec::new();
        GzDecoder::new(&body[..])
            .take(MAX_BYTES + 1)
            .read_to_end(&mut raw)
            .map_err(|e| format!("corrupt gzip data: {e}"))?;
        raw
    } else {
        body
    };
    let got = sha256_hex(&raw);
    if got != sha256 {
        return Err(format!(
            "checksum mismatch: decompressed SHA-256 is {got}, expected {sha256}"
        ));
    }
    Ok(raw)
}

/// Downloads every file of `files` missing from `dir`, trying the mirrors in order.
pub fn fetch_missing(
    dir: &Path,
    mirrors: &[String],
    files: &[(&str, &str)],
    stop: &AtomicBool,
    on_event: &mut dyn FnMut(DownloadEvent),
) -> Result<(), DownloadError> {
    let agent = agent();
    for (file, sha256) in files {
        if super::idx::find_file(dir, file).is_some() {
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
            match fetch_one(&agent, &url, file, sha256, stop, on_event) {
                Ok(raw) => {
                    let path = dir.join(file);
                    write_atomically(&path, &raw).map_err(|source| DownloadError::Write {
                        path: path.clone(),
                        source,
                    })?;
                    on_event(DownloadEvent::Saved {
                        file: file.to_string(),
                        path,
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
    if let Some(found) = locate::find_complete(candidates) {
        return Ok(found.dir.clone());
    }
    let Some(target) = candidates.first() else {
        return Err(DataError::Missing {
            searched: Vec::new(),
            attempts: Vec::new(),
        });
    };
    match fetch_missing(&target.dir, mirrors, &FILES, stop, on_event) {
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
