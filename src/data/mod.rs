//! MNIST on disk and in memory: finding it, downloading it, reading it, splitting it.

pub mod download;
pub mod idx;
pub mod locate;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use thiserror::Error;

pub use idx::PIXELS;

pub const TRAIN_IMAGES: &str = "train-images-idx3-ubyte";
pub const TRAIN_LABELS: &str = "train-labels-idx1-ubyte";
pub const TEST_IMAGES: &str = "t10k-images-idx3-ubyte";
pub const TEST_LABELS: &str = "t10k-labels-idx1-ubyte";

/// The four files, each with the SHA-256 of its decompressed bytes
/// (gzip bytes differ between mirrors, the contents do not).
pub const FILES: [(&str, &str); 4] = [
    (
        TRAIN_IMAGES,
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    ),
    (
        TRAIN_LABELS,
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    ),
    (
        TEST_IMAGES,
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    ),
    (
        TEST_LABELS,
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ),
];

#[derive(Debug, Error)]
pub enum DataError {
    /// Not a regular file, or too large.
    #[error(transparent)]
    Input(#[from] crate::files::InputError),
    /// There but unusable: a directory, FIFO or dangling link where a file
    /// should be, or a file where the folder should be.
    #[error("{0}")]
    Unusable(locate::Problem),
    #[error(
        "{}: holds no images; MNIST files hold thousands",
        crate::fmt::shown(path)
    )]
    Empty { path: PathBuf },
    #[error("{}: cannot read: {source}", crate::fmt::shown(path))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: corrupt gzip stream: {detail}", crate::fmt::shown(path))]
    Gzip { path: PathBuf, detail: String },
    #[error(
        "{}: wrong magic number 0x{found:08x}, expected 0x{expected:08x}; is this the right file?",
        crate::fmt::shown(path)
    )]
    BadMagic {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error(
        "{}: images are {rows}x{cols} pixels, expected 28x28",
        crate::fmt::shown(path)
    )]
    BadDimensions {
        path: PathBuf,
        rows: usize,
        cols: usize,
    },
    #[error("{}: truncated: {detail}", crate::fmt::shown(path))]
    Truncated { path: PathBuf, detail: String },
    #[error("{}: oversized: {detail}", crate::fmt::shown(path))]
    Oversized { path: PathBuf, detail: String },
    #[error(
        "{}: label {value} at index {index} is not a digit 0-9",
        crate::fmt::shown(path)
    )]
    BadLabel {
        path: PathBuf,
        index: usize,
        value: u8,
    },
    #[error(
        "{} holds {images} images but {} holds {labels} labels",
        crate::fmt::shown(images_path),
        crate::fmt::shown(labels_path)
    )]
    CountMismatch {
        images_path: PathBuf,
        images: usize,
        labels_path: PathBuf,
        labels: usize,
    },
    #[error(
        "validation_size {validation_size} leaves no training data: {} holds only {available} images",
        crate::fmt::shown(path)
    )]
    ValidationTooLarge {
        path: PathBuf,
        validation_size: usize,
        available: usize,
    },
    #[error("{}", missing_message(searched, attempts))]
    Missing {
        searched: Vec<locate::Candidate>,
        attempts: Vec<download::Attempt>,
    },
}

/// The one message users see when there is no data: where we looked (and
/// what is there), what we need, what the download tried, and every way to
/// get the files.
pub fn missing_message(searched: &[locate::Candidate], attempts: &[download::Attempt]) -> String {
    let mut s = String::from("MNIST data not found.\n  searched:");
    for c in searched {
        let problems = locate::problems(&c.dir);
        let state = if !problems.is_empty() {
            String::new()
        } else if !c.dir.exists() {
            ": does not exist (yet)".to_string()
        } else {
            let have = FILES.len() - locate::missing_files(&c.dir).len();
            format!(": holds {have} of the {} files", FILES.len())
        };
        let _ = write!(
            s,
            "\n    {} ({}){state}",
            crate::fmt::path(&c.dir),
            c.origin
        );
        for problem in problems {
            let _ = write!(s, "\n      {problem}");
        }
    }
    s.push_str("\n  needed (each raw or .gz):");
    for (name, _) in FILES {
        let _ = write!(s, "\n    {name}");
    }
    if attempts.is_empty() {
        s.push_str("\n  no download was attempted.");
    } else {
        s.push_str("\n  download failed:");
        for a in attempts {
            let _ = write!(s, "\n    {}: {}", a.url, a.error);
        }
    }
    let named = searched
        .first()
        .is_some_and(|c| c.origin == locate::Origin::Flag);
    s.push_str(
        "\n  Ways to get it (`cargo run --release --` in place of `mnist-tui` in a checkout):\n    \
         a mirror of your own, tried first: mnist-tui --mirror URL, or MNIST_MIRROR=URL mnist-tui\n    \
         (any web server holding the four .gz files), or `mirrors` in config.ron",
    );
    if named {
        s.push_str("\n    a copy of the four files: --data-dir naming the folder that holds them");
    } else {
        s.push_str(
            "\n    a copy of the four files: mnist-tui --data-dir /path/to/mnist, \
             or MNIST_DIR=/path/to/mnist mnist-tui,\n    or data_dir in config.ron",
        );
    }
    s
}

/// Images with their labels, plus each image's non-zero pixels listed
/// separately: about 80% of MNIST's pixels are zero, and skipping them is
/// most of what makes training fast.
#[derive(Debug)]
pub struct Images {
    pixels: Vec<u8>,
    labels: Vec<u8>,
    nz_start: Vec<u32>,
    /// One entry per non-zero pixel: `value << 16 | position`.
    nz: Vec<u32>,
}

/// A non-zero pixel's position (0..784) from its packed entry.
#[inline(always)]
pub fn nz_position(entry: u32) -> usize {
    (entry & 0xffff) as usize
}

/// A non-zero pixel's value (1..=255) from its packed entry.
#[inline(always)]
pub fn nz_value(entry: u32) -> usize {
    // Through u8, so indexing a 256-entry table needs no bounds check.
    (entry >> 16) as u8 as usize
}

/// The packed non-zero entries of one image, in ascending position.
pub fn pack_nonzeros(image: &[u8], out: &mut Vec<u32>) {
    for (i, &v) in image.iter().enumerate() {
        if v != 0 {
            out.push((v as u32) << 16 | i as u32);
        }
    }
}

impl Images {
    /// `pixels` holds `labels.len()` images of 784 pixels each.
    pub fn new(pixels: Vec<u8>, labels: Vec<u8>) -> Images {
        assert_eq!(
            pixels.len(),
            labels.len() * PIXELS,
            "one label per 28x28 image"
        );
        // Each epoch of augmentation packs 50,000 new images: use both cores.
        let pack = |part: &[u8]| {
            let mut nz = Vec::with_capacity(part.len() / 4);
            let mut ends = Vec::with_capacity(part.len() / PIXELS);
            for image in part.chunks_exact(PIXELS) {
                pack_nonzeros(image, &mut nz);
                ends.push(nz.len() as u32);
            }
            (nz, ends)
        };
        let n = labels.len();
        let parts = if n >= 2000 {
            let (a, b) = pixels.split_at(n / 2 * PIXELS);
            std::thread::scope(|s| {
                let first = s.spawn(|| pack(a));
                let second = pack(b);
                vec![first.join().unwrap_or_else(|_| pack(a)), second]
            })
        } else {
            vec![pack(&pixels)]
        };
        let mut nz_start = Vec::with_capacity(n + 1);
        let mut nz = Vec::with_capacity(parts.iter().map(|p| p.0.len()).sum());
        nz_start.push(0);
        for (part, ends) in parts {
            let offset = nz.len() as u32;
            nz_start.extend(ends.iter().map(|e| e + offset));
            nz.extend_from_slice(&part);
        }
        Images {
            pixels,
            labels,
            nz_start,
            nz,
        }
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    pub fn all(&self) -> Split<'_> {
        Split {
            images: self,
            start: 0,
            len: self.len(),
        }
    }

    /// Images `start..end`.
    pub fn range(&self, start: usize, end: usize) -> Split<'_> {
        assert!(
            start <= end && end <= self.len(),
            "split {start}..{end} out of range"
        );
        Split {
            images: self,
            start,
            len: end - start,
        }
    }
}

/// A contiguous run of images (training, validation or test).
#[derive(Clone, Copy, Debug)]
pub struct Split<'a> {
    images: &'a Images,
    start: usize,
    len: usize,
}

impl<'a> Split<'a> {
    pub fn len(&self) -> usize {
        self.len
    }

    /// Its first `n` images (all of them if it has fewer).
    pub fn first(&self, n: usize) -> Split<'a> {
        Split {
            len: self.len.min(n),
            ..*self
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn image(&self, i: usize) -> &'a [u8] {
        let at = (self.start + i) * PIXELS;
        &self.images.pixels[at..at + PIXELS]
    }

    pub fn label(&self, i: usize) -> u8 {
        self.labels()[i]
    }

    pub fn labels(&self) -> &'a [u8] {
        &self.images.labels[self.start..self.start + self.len]
    }

    /// Image `i`'s non-zero pixels as packed entries (see [`nz_position`],
    /// [`nz_value`]), in ascending position.
    #[inline]
    pub fn nonzeros(&self, i: usize) -> &'a [u32] {
        let row = self.start + i;
        let (a, b) = (
            self.images.nz_start[row] as usize,
            self.images.nz_start[row + 1] as usize,
        );
        &self.images.nz[a..b]
    }

    /// Asks the CPU to start loading images `rows` into cache, so a batch
    /// drawn at random does not wait on memory when it is trained next.
    pub fn prefetch(&self, rows: &[u32]) {
        #[cfg(target_arch = "x86_64")]
        for &r in rows {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            for line in self.nonzeros(r as usize).chunks(16) {
                // SAFETY: prefetching is a hint; it never faults or changes memory.
                unsafe { _mm_prefetch::<_MM_HINT_T0>(line.as_ptr().cast()) };
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = rows;
    }

    /// The first `n` images.
    pub fn head(&self, n: usize) -> Split<'a> {
        Split {
            len: n.min(self.len),
            ..*self
        }
    }
}

/// All of MNIST in memory as u8.
#[derive(Debug)]
pub struct Mnist {
    pub dir: PathBuf,
    pub train: Images,
    pub test: Images,
}

/// Training, validation (the last `validation_size` training images) and test splits.
#[derive(Clone, Copy, Debug)]
pub struct Splits<'a> {
    pub train: Split<'a>,
    pub validation: Split<'a>,
    pub test: Split<'a>,
}

impl Mnist {
    /// Reads the four files from `dir`; the big image file is decoded on a
    /// second thread so start-up stays short.
    pub fn load(dir: &Path) -> Result<Mnist, DataError> {
        if let Some(problem) = locate::folder_problem(dir) {
            return Err(DataError::Unusable(problem));
        }
        let path_of = |name: &str| match locate::entry(dir, name) {
            locate::Entry::File(path) => Ok(path),
            locate::Entry::Unusable(problem) => Err(DataError::Unusable(problem)),
            locate::Entry::Missing => Err(DataError::Io {
                path: dir.join(name),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("neither {name} nor {name}.gz exists"),
                ),
            }),
        };
        let paths = [
            path_of(TRAIN_IMAGES)?,
            path_of(TRAIN_LABELS)?,
            path_of(TEST_IMAGES)?,
            path_of(TEST_LABELS)?,
        ];
        let load_images = |p: &Path| idx::read_maybe_gz(p).and_then(|b| idx::parse_images(p, b));
        let load_labels = |p: &Path| idx::read_maybe_gz(p).and_then(|b| idx::parse_labels(p, b));
        let pair = |images: &Path, labels: &Path| -> Result<Images, DataError> {
            let (n, pixels) = load_images(images)?;
            let labels_vec = load_labels(labels)?;
            // Nothing to train on or evaluate: refused here, not reported as 0%.
            if n == 0 {
                return Err(DataError::Empty {
                    path: images.to_path_buf(),
                });
            }
            if n != labels_vec.len() {
                return Err(DataError::CountMismatch {
                    images_path: images.to_path_buf(),
                    images: n,
                    labels_path: labels.to_path_buf(),
                    labels: labels_vec.len(),
                });
            }
            Ok(Images::new(pixels, labels_vec))
        };
        let (train, test) = std::thread::scope(|s| {
            let train = s.spawn(|| pair(&paths[0], &paths[1]));
            let test = pair(&paths[2], &paths[3]);
            let train = train.join().unwrap_or_else(|_| {
                Err(DataError::Io {
                    path: paths[0].clone(),
                    source: std::io::Error::other("reader thread panicked"),
                })
            });
            (train, test)
        });
        Ok(Mnist {
            dir: dir.to_path_buf(),
            train: train?,
            test: test?,
        })
    }

    /// Holds out the last `validation_size` training images for validation.
    pub fn splits(&self, validation_size: usize) -> Result<Splits<'_>, DataError> {
        let n = self.train.len();
        if validation_size >= n {
            return Err(DataError::ValidationTooLarge {
                path: self.dir.join(TRAIN_IMAGES),
                validation_size,
                available: n,
            });
        }
        let cut = n - validation_size;
        Ok(Splits {
            train: self.train.range(0, cut),
            validation: self.train.range(cut, n),
            test: self.test.all(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write_gz(path: &Path, bytes: &[u8]) {
        let f = std::fs::File::create(path).unwrap();
        let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap();
    }

    fn fixture(dir: &Path, n_train: usize, n_test: usize) {
        let img = |n: usize| idx::encode_images(&vec![7u8; n * PIXELS]);
        let lab =
            |n: usize| idx::encode_labels(&(0..n).map(|i| (i % 10) as u8).collect::<Vec<_>>());
        write_gz(&dir.join(format!("{TRAIN_IMAGES}.gz")), &img(n_train));
        std::fs::write(dir.join(TRAIN_LABELS), lab(n_train)).unwrap();
        write_gz(&dir.join(format!("{TEST_IMAGES}.gz")), &img(n_test));
        write_gz(&dir.join(format!("{TEST_LABELS}.gz")), &lab(n_test));
    }

    #[test]
    fn loads_mixed_gz_and_raw_and_splits() {
        let dir = tempfile::tempdir().unwrap();
        fixture(dir.path(), 30, 5);
        let m = Mnist::load(dir.path()).unwrap();
        let s = m.splits(10).unwrap();
        assert_eq!(
            (s.train.len(), s.validation.len(), s.test.len()),
            (20, 10, 5)
        );
        assert_eq!(
            s.validation.label(0),
            0,
            "validation starts at training index 20"
        );
        let err = m.splits(30).unwrap_err();
        assert!(err.to_string().contains("validation_size 30"), "{err}");
    }

    #[test]
    fn count_mismatch_names_both_files() {
        let dir = tempfile::tempdir().unwrap();
        fixture(dir.path(), 30, 5);
        std::fs::write(dir.path().join(TRAIN_LABELS), idx::encode_labels(&[1; 29])).unwrap();
        let err = Mnist::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("30 images") && err.contains("29 labels"),
            "{err}"
        );
        assert!(
            err.contains(TRAIN_LABELS) && err.contains(TRAIN_IMAGES),
            "{err}"
        );
    }

    #[test]
    fn corrupt_gzip_is_named() {
        let dir = tempfile::tempdir().unwrap();
        fixture(dir.path(), 30, 5);
        let path = dir.path().join(format!("{TEST_IMAGES}.gz"));
        let mut bytes = std::fs::read(&path).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0xff;
        bytes[mid + 1] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let err = Mnist::load(dir.path()).unwrap_err();
        assert!(matches!(err, DataError::Gzip { .. }), "{err}");
        assert!(err.to_string().contains(TEST_IMAGES), "{err}");
        // A gzip stream cut short is reported the same way, not misread.
        std::fs::write(&path, &bytes[..mid]).unwrap();
        let err = Mnist::load(dir.path()).unwrap_err();
        assert!(matches!(err, DataError::Gzip { .. }), "{err}");
    }

    #[test]
    fn multi_member_gzip_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        fixture(dir.path(), 30, 5);
        let bytes = idx::encode_images(&vec![7u8; 5 * PIXELS]);
        let (a, b) = bytes.split_at(1000);
        let path = dir.path().join(format!("{TEST_IMAGES}.gz"));
        let mut gz = Vec::new();
        for part in [a, b] {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(part).unwrap();
            gz.extend(e.finish().unwrap());
        }
        std::fs::write(&path, gz).unwrap();
        assert_eq!(Mnist::load(dir.path()).unwrap().test.len(), 5);
    }

    #[test]
    fn unusable_files_are_named_with_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        fixture(dir.path(), 30, 5);
        let d = dir.path();
        let gz = |name: &str| d.join(format!("{name}.gz"));
        let expect = |want: &str| {
            let err = Mnist::load(d).unwrap_err();
            assert!(matches!(err, DataError::Unusable(_)), "{err}");
            assert!(err.to_string().contains(want), "{err}");
        };
        std::fs::remove_file(gz(TEST_LABELS)).unwrap();
        std::fs::create_dir(gz(TEST_LABELS)).unwrap();
        expect(&format!(
            "{TEST_LABELS}.gz: is a directory, not a regular file"
        ));
        std::fs::remove_dir(gz(TEST_LABELS)).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(gz(TEST_LABELS))
            .status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        expect(&format!(
            "{TEST_LABELS}.gz: is a named pipe (FIFO), not a regular file"
        ));
        std::fs::remove_file(gz(TEST_LABELS)).unwrap();
        std::os::unix::fs::symlink("/dev/zero", gz(TEST_LABELS)).unwrap();
        expect(&format!(
            "{TEST_LABELS}.gz: is a device, not a regular file"
        ));
        std::fs::remove_file(gz(TEST_LABELS)).unwrap();
        std::os::unix::fs::symlink(d.join("gone"), gz(TEST_LABELS)).unwrap();
        expect("gone, which does not exist");
        std::fs::remove_file(gz(TEST_LABELS)).unwrap();
        std::os::unix::fs::symlink(gz(TEST_LABELS), gz(TEST_LABELS)).unwrap();
        expect("is a symbolic link that cannot be followed");
        let file = d.join(TRAIN_LABELS);
        let err = Mnist::load(&file).unwrap_err().to_string();
        assert!(
            err.ends_with(&format!("{TRAIN_LABELS}: is a file, not a folder")),
            "{err}"
        );
    }

    #[test]
    fn the_missing_message_says_what_is_wrong_where_it_looked() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, b"x").unwrap();
        let folder = dir.path().join("folder");
        std::fs::create_dir_all(folder.join(TRAIN_IMAGES)).unwrap();
        let searched = locate::candidates(
            None,
            Some(file.as_os_str()),
            Some(&folder),
            Path::new("assets/mnist"),
        );
        let msg = missing_message(&searched, &[]);
        assert!(msg.contains("file: is a file, not a folder"), "{msg}");
        assert!(
            msg.contains(&format!(
                "{TRAIN_IMAGES}: is a directory, not a regular file"
            )),
            "{msg}"
        );
    }

    #[test]
    fn an_empty_set_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fixture(dir.path(), 30, 0);
        let err = Mnist::load(dir.path()).unwrap_err();
        assert!(matches!(err, DataError::Empty { .. }), "{err}");
        assert!(
            err.to_string()
                .contains(&format!("{TEST_IMAGES}.gz: holds no images")),
            "{err}"
        );
    }

    #[test]
    fn missing_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        fixture(dir.path(), 30, 5);
        std::fs::remove_file(dir.path().join(TRAIN_LABELS)).unwrap();
        let err = Mnist::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains(TRAIN_LABELS), "{err}");
    }
}
