//! Small file helpers shared by downloads, saved models, config edits and the tuner.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use thiserror::Error;

/// Why an input file cannot be read.
#[derive(Debug, Error)]
pub enum InputError {
    #[error("{}: not found", crate::fmt::shown(path))]
    NotFound { path: PathBuf },
    /// A directory, FIFO, socket or device: reading it could block forever
    /// or never end.
    #[error("{}: is {what}, not a regular file", crate::fmt::shown(path))]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("{}: {} is too large for {kind} (at most {})", crate::fmt::shown(path), size_text(*size), size_text(*cap))]
    TooLarge {
        path: PathBuf,
        kind: &'static str,
        size: u64,
        cap: u64,
    },
    #[error("{}: cannot read: {source}", crate::fmt::shown(path))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl InputError {
    pub fn path(&self) -> &Path {
        match self {
            InputError::NotFound { path }
            | InputError::NotAFile { path, .. }
            | InputError::TooLarge { path, .. }
            | InputError::Io { path, .. } => path,
        }
    }
}

fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.0} MB", bytes as f64 / (1u64 << 20) as f64)
    } else {
        format!("{bytes} bytes")
    }
}

/// What a path is, when it is not a regular file.
pub fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

/// Opens `path` for reading if it is a regular file of at most `cap`
/// bytes (`kind` names the format in messages). Checked before opening,
/// so a FIFO is never opened (that would block) and /dev/zero never read.
pub fn open_input(path: &Path, kind: &'static str, cap: u64) -> Result<(File, u64), InputError> {
    let meta = std::fs::metadata(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => InputError::NotFound {
            path: path.to_path_buf(),
        },
        _ => InputError::Io {
            path: path.to_path_buf(),
            source,
        },
    })?;
    if !meta.is_file() {
        return Err(InputError::NotAFile {
            path: path.to_path_buf(),
            what: kind_of(&meta),
        });
    }
    if meta.len() > cap {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            kind,
            size: meta.len(),
            cap,
        });
    }
    let file = File::open(path).map_err(|source| InputError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((file, meta.len()))
}

/// The bytes of `path`, a regular file of at most `cap` bytes (see
/// [`open_input`]). A file that grows while being read is cut at `cap + 1`
/// bytes and refused.
pub fn read_input(path: &Path, kind: &'static str, cap: u64) -> Result<Vec<u8>, InputError> {
    let (file, len) = open_input(path, kind, cap)?;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > cap {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            kind,
            size: bytes.len() as u64,
            cap,
        });
    }
    Ok(bytes)
}

/// [`read_input`] as UTF-8 text.
pub fn read_input_text(path: &Path, kind: &'static str, cap: u64) -> Result<String, InputError> {
    let bytes = read_input(path, kind, cap)?;
    String::from_utf8(bytes).map_err(|e| InputError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 text ({e})"),
        ),
    })
}

/// Writes `bytes` to `path` via a temporary file in the same folder and a
/// rename, so readers see the old file or the new one, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir)?;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    remove_stale_temps(dir.unwrap_or(Path::new(".")));
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Removes the temporary files (`.<name>.<pid>.tmp`) that writers which
/// died mid-write (a kill -9) left in `dir`, whatever file they were
/// writing: their pid no longer runs, or, where that cannot be told, the
/// file is over an hour old. Called before every write and at start.
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let proc_fs = Path::new("/proc/self").exists();
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file
            .to_str()
            .filter(|f| f.starts_with('.'))
            .and_then(|f| f.strip_suffix(".tmp"))
            .and_then(|f| f.rsplit_once('.'))
            .and_then(|(_, p)| p.parse::<u32>().ok())
        else {
            continue;
        };
        let dead = if proc_fs {
            pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > Duration::from_secs(3600))
        };
        if dead && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `t` as UTC, e.g. `2026-11-26T10:30:00Z`.
pub fn utc_timestamp(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian
/// (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps() {
        assert_eq!(utc_timestamp(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_795_602_645);
        assert_eq!(utc_timestamp(t), "2026-11-25T10:30:45Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(utc_timestamp(leap), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn atomic_write_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.bin");
        write_atomically(&path, b"hello").unwrap();
        write_atomically(&path, b"world").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"world");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.bin")]);
    }

    #[test]
    fn dead_writers_temp_files_are_removed_on_the_next_save_whatever_they_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.ron");
        // pid 0 never names a user process; pid 1 and our own are alive.
        let stale = dir.path().join(".model.ron.0.tmp");
        let stamped = dir.path().join(".model-20261206T010203Z.ron.0.tmp");
        let alive = dir.path().join(".model-20261206T010203Z.ron.1.tmp");
        let ours = dir
            .path()
            .join(format!(".trials.csv.{}.tmp", std::process::id()));
        let marker = dir.path().join(".welcomed");
        for f in [&stale, &stamped, &alive, &ours, &marker] {
            std::fs::write(f, b"x").unwrap();
        }
        write_atomically(&path, b"new").unwrap();
        assert!(!stale.exists(), "the dead writer's temp file is gone");
        assert!(!stamped.exists(), "so is one of another file's");
        assert!(alive.exists() && ours.exists(), "a live writer's stays");
        assert!(marker.exists(), "files that are not temp files stay");
    }

    #[test]
    fn inputs_must_be_regular_files_of_a_sane_size() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_input(dir.path(), "a model file", 100).unwrap_err();
        assert!(
            e.to_string().contains("is a directory, not a regular file"),
            "{e}"
        );
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = read_input(&fifo, "a model file", 100).unwrap_err();
            assert!(e.to_string().contains("named pipe (FIFO)"), "{e}");
        }
        let e = read_input(Path::new("/dev/zero"), "a model file", 100).unwrap_err();
        assert!(e.to_string().contains("is a device"), "{e}");
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; 101]).unwrap();
        let e = read_input(&big, "a model file", 100).unwrap_err();
        assert!(
            e.to_string()
                .contains("101 bytes is too large for a model file (at most 100 bytes)"),
            "{e}"
        );
        let e = read_input(&dir.path().join("none"), "a model file", 100).unwrap_err();
        assert!(matches!(e, InputError::NotFound { .. }), "{e}");
        assert_eq!(read_input(&big, "x", 101).unwrap().len(), 101);
    }
}
