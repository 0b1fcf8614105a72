//! What screens look at and pass to each other: a digit (a test image or
//! a drawing) and whose weights (a model file, or training's).

/// A digit to look inside on the Network screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Digit {
    Test(usize),
    /// A drawing from Play, as the network sees it (28x28 after preprocessing).
    Drawn(Vec<u8>),
}

impl Default for Digit {
    fn default() -> Self {
        Digit::Test(0)
    }
}

/// Which weights are shown, to tell when results computed from them are
/// stale.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    File(std::path::PathBuf),
    /// Training's weights after `batch` batches of `epoch` (batch 0: the
    /// best epoch's, kept when the run ended).
    Live {
        epoch: usize,
        batch: usize,
    },
}
