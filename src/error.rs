//! The errors a user can cause and fix: bad files, bad config, no data.
//! `main` prints these plainly, without a backtrace.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    #[error(transparent)]
    Data(#[from] crate::data::DataError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Model(#[from] crate::model_file::ModelError),
    #[error(transparent)]
    Settings(#[from] crate::train::SettingsError),
    #[error("{0}")]
    Usage(String),
    /// Training ran but its cost became NaN or infinite.
    #[error("{0}")]
    Diverged(String),
    /// Stopped by Ctrl-C or a signal after reporting (and saving) what it
    /// had; the command exits with status 130.
    #[error("{0}")]
    Interrupted(String),
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}
