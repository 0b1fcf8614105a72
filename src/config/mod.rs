//! config.ron: defaults in code, values in the file, checked before use.
//!
//! [`RawConfig`] is what the file deserialises into (unknown fields are
//! refused); [`Config`] can only be had through [`RawConfig::check`], so code
//! holding one knows every value is in range.

#[cfg(test)]
mod error_tests;
mod explain;
pub mod fields;

use std::fmt;
use std::ops::Deref;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::files::{self, InputError};
use crate::hyper::rules;
pub use crate::hyper::{Augment, DEFAULT_MODEL_PATH, LrSchedule, RawConfig, TunerConfig};
/// The largest config file read: the shipped one is 3 KB.
pub const MAX_BYTES: u64 = 1 << 20;

/// A configuration whose values have all been checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Config(RawConfig);

impl Deref for Config {
    type Target = RawConfig;
    fn deref(&self) -> &RawConfig {
        &self.0
    }
}

impl Default for Config {
    fn default() -> Self {
        RawConfig::default()
            .check()
            .expect("the built-in defaults are valid")
    }
}

/// One bad value: which field and what is wrong with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub field: &'static str,
    pub message: String,
}

impl RawConfig {
    /// Every out-of-range value: each field's rule (from the table in
    /// `hyper`), then the rules between fields.
    pub fn problems(&self) -> Vec<Problem> {
        let mut found = self.field_problems();
        found.extend(self.tuner.field_problems());
        if let Err(e) = rules::warmup(self.warmup_epochs, self.max_epochs) {
            found.push(("warmup_epochs", e));
        }
        if let Some(e) = self.tuner.grid_problem() {
            found.push(("tuner", e));
        }
        found
            .into_iter()
            .map(|(field, message)| Problem { field, message })
            .collect()
    }

    pub fn check(self) -> Result<Config, Vec<Problem>> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(Config(self))
        } else {
            Err(problems)
        }
    }
}

#[derive(Debug, Error)]
pub enum ConfigError {
    /// Named with --config (or read again by the app) but not there.
    #[error("{}: cannot read: the file does not exist", crate::fmt::shown(path))]
    NotFound { path: PathBuf },
    /// Not a regular file, too large, not UTF-8, or unreadable.
    #[error(transparent)]
    Read(InputError),
    #[error("{}:{line}:{col}: {message}", crate::fmt::shown(path))]
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("{}", invalid_message(path, problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<LocatedProblem>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct LocatedProblem {
    /// Dotted for nested fields, e.g. `tuner.beta1`.
    pub field: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for LocatedProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.line, self.col, self.field, self.message
        )
    }
}

fn invalid_message(path: &Path, problems: &[LocatedProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}:{p}", crate::fmt::shown(path)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where a configuration came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    /// The file was absent; built-in defaults are in use.
    Defaults(PathBuf),
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Numbers a 32-bit float cannot hold, which ron reads as inf or 0: said
/// as written (`1e400`), not as the `inf` a range check would show.
fn number_problems(src: &str) -> Vec<LocatedProblem> {
    let lexed = fields::lex(src);
    let mut out = Vec::new();
    for f in fields::fields_in(src, &lexed.tokens) {
        if !crate::hyper::all_fields().any(|i| i.float && i.name == f.path) {
            continue;
        }
        let numbers = lexed.tokens.iter().filter(|t| {
            t.kind == fields::Kind::Other
                && t.range.start >= f.value.start
                && t.range.end <= f.value.end
        });
        for t in numbers {
            let text = &src[t.range.clone()];
            if let Some(message) = unstorable(text) {
                let (line, col) = fields::line_col(src, t.range.start);
                out.push(LocatedProblem {
                    field: f.path.clone(),
                    line,
                    col,
                    message,
                });
                break;
            }
        }
    }
    out
}

/// Why `text`, a number, does not fit a 32-bit float, if it does not.
fn unstorable(text: &str) -> Option<String> {
    let clean = text.replace('_', "");
    // `-inf` is a word, not a number that overflowed.
    if !clean.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let narrow: f32 = clean.parse().ok()?;
    let mantissa = clean.split(['e', 'E']).next().unwrap_or("");
    let nonzero = mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b));
    if narrow.is_infinite() {
        let (how, limit) = if narrow < 0.0 {
            ("far below 0", "down to about -3.4e38")
        } else {
            ("large", "up to about 3.4e38")
        };
        Some(format!("`{text}` is too {how}: numbers here go {limit}"))
    } else if narrow == 0.0 && nonzero {
        Some(format!(
            "`{text}` is too small: it would be stored as 0 (the smallest is about 1e-45)"
        ))
    } else {
        None
    }
}

/// Parses and checks config text; `path` is only used in messages. A
/// UTF-8 byte order mark (some Windows editors write one) is skipped.
pub fn parse(path: &Path, src: &str) -> Result<Config, ConfigError> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let raw: RawConfig = ron_options().from_str(src).map_err(|e| {
        let x = explain::explain(src, &e);
        let (line, col) = fields::line_col(src, x.at);
        ConfigError::Parse {
            path: path.to_path_buf(),
            line,
            col,
            message: x.message,
        }
    })?;
    raw.check().map_err(|problems| ConfigError::Invalid {
        path: path.to_path_buf(),
        problems: locate(src, problems),
    })
}

/// Positions for problems: the field's name, or for a number too large or
/// too small to store, the number itself and what is wrong with it.
fn locate(src: &str, problems: Vec<Problem>) -> Vec<LocatedProblem> {
    let found = fields::fields(src);
    let numbers = number_problems(src);
    let mut located: Vec<LocatedProblem> = problems
        .into_iter()
        .map(|p| {
            if let Some(n) = numbers.iter().find(|n| n.field == p.field) {
                return n.clone();
            }
            let (line, col) = fields::find(&found, p.field).map_or((0, 0), |f| (f.line, f.col));
            LocatedProblem {
                field: p.field.to_string(),
                line,
                col,
                message: p.message,
            }
        })
        .collect();
    // In the file's order, as a reader meets them (stable: a field's own
    // problems keep theirs).
    located.sort_by_key(|p| (p.line, p.col));
    located
}

/// Where `field` (dotted when nested, e.g. `tuner.seeds`) is set in the
/// config file at `path`: `config.ron:57:5`, if the file sets it.
pub fn field_at(path: &Path, field: &str) -> Option<String> {
    let src = files::read_input_text(path, "a config file", MAX_BYTES).ok()?;
    let found = fields::fields(&src);
    let f = fields::find(&found, field)?;
    Some(format!("{}:{}:{}", crate::fmt::path(path), f.line, f.col))
}

/// `field` as a message names it: `config.ron:57:5: validation_size`, or
/// for a field the file does not set, `validation_size (the default; not
/// set in config.ron)`.
pub fn blame(path: &Path, field: &str) -> String {
    match field_at(path, field) {
        Some(at) => format!("{at}: {field}"),
        None => format!(
            "{field} (the default; not set in {})",
            crate::fmt::path(path)
        ),
    }
}

/// Loads `path`. A missing file is an error only if the user named it
/// (`explicit`); otherwise the built-in defaults are used.
pub fn load(path: &Path, explicit: bool) -> Result<(Config, Source), ConfigError> {
    match files::read_input_text(path, "a config file", MAX_BYTES) {
        Ok(src) => Ok((parse(path, &src)?, Source::File(path.to_path_buf()))),
        Err(InputError::NotFound { .. }) if !explicit => {
            Ok((Config::default(), Source::Defaults(path.to_path_buf())))
        }
        Err(InputError::NotFound { path }) => Err(ConfigError::NotFound { path }),
        Err(e) => Err(ConfigError::Read(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(src: &str) -> Result<Config, ConfigError> {
        parse(Path::new("config.ron"), src)
    }

    #[test]
    fn shipped_config_parses_and_defaults_are_valid() {
        let src = crate::places::DEFAULT_CONFIG;
        let c = parse_str(src).unwrap();
        // The file shows the defaults in code, training section included.
        assert_eq!(*c, RawConfig::default());
        assert!(RawConfig::default().problems().is_empty());
    }

    #[test]
    fn warmup_longer_than_the_run_is_refused() {
        let msg = parse_str("(max_epochs: 10, warmup_epochs: 11)")
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("warmup_epochs: must be at most max_epochs (10)"),
            "{msg}"
        );
        assert!(parse_str("(max_epochs: 10, warmup_epochs: 10)").is_ok());
    }

    #[test]
    fn the_original_recipe_is_one_file_away() {
        let src = include_str!("../../assets/original.ron");
        let c = parse_str(src).unwrap();
        assert_eq!(
            (c.batch_size, c.learning_rate, c.beta1, c.beta2),
            (1, 0.0003, 0.93, 0.997)
        );
        assert_eq!(c.lr_schedule, LrSchedule::Constant);
        assert_eq!(
            (c.warmup_epochs, c.weight_decay, c.hidden_bias),
            (0, 0.0, 0.0)
        );
        assert_eq!(c.augment, Augment::Off);
        assert_ne!(
            c.model,
            RawConfig::default().model,
            "never over the default model"
        );
    }

    #[test]
    fn missing_fields_take_defaults_and_some_is_optional() {
        let c = parse_str("(batch_size: 64, seed: 5)").unwrap();
        assert_eq!(c.batch_size, 64);
        assert_eq!(c.seed, Some(5));
        assert_eq!(c.learning_rate, RawConfig::default().learning_rate);
        assert_eq!(parse_str("(seed: Some(6))").unwrap().seed, Some(6));
        assert_eq!(parse_str("(seed: None)").unwrap().seed, None);
    }

    #[test]
    fn unknown_field_names_line_and_column() {
        let err = parse_str("(\n  batch_size: 32,\n  batchsize: 3,\n)").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("config.ron:3:"), "{msg}");
        assert!(msg.contains("batchsize"), "{msg}");
    }

    #[test]
    fn wrong_type_names_line_and_column() {
        let err = parse_str("(\n  learning_rate: \"fast\",\n)").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("config.ron:2:"), "{msg}");
        assert!(
            msg.contains("learning_rate: ") && msg.contains("learning_rate takes a number"),
            "{msg}"
        );
        let msg = parse_str("(\n  batch_size: 32,\n  max_epochs: 100.5,\n)")
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("max_epochs: ") && msg.contains("a whole number"),
            "{msg}"
        );
        let msg = parse_str("(seed: Some(-3))").unwrap_err().to_string();
        assert!(msg.contains("seed: "), "{msg}");
        let msg = parse_str("(\n  batch_size: 32,\n").unwrap_err().to_string();
        assert!(
            msg.contains("the file ended early: the `(` at line 1, column 1 is never closed"),
            "{msg}"
        );
    }

    #[test]
    fn unknown_fields_get_a_suggestion() {
        let msg = parse_str("(batchsize: 32)").unwrap_err().to_string();
        assert!(
            msg.contains("unknown field `batchsize`; did you mean `batch_size`?"),
            "{msg}"
        );
        assert!(!msg.contains("RawConfig"), "{msg}");
        let msg = parse_str("(colour: 1)").unwrap_err().to_string();
        assert!(msg.contains("the fields are: learning_rate"), "{msg}");
    }

    #[test]
    fn invalid_values_name_field_and_position() {
        let src = "(\n  // comment mentioning batch_size: 9\n  batch_size: 0,\n  learning_rate: -1.0,\n  beta1: 1.0,\n  beta2: 0.0,\n  validation_size: 60000,\n)";
        let err = parse_str(src).unwrap_err();
        let ConfigError::Invalid { problems, .. } = &err else {
            panic!("{err}")
        };
        let got: Vec<(&str, usize, usize)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.line, p.col))
            .collect();
        assert_eq!(
            got,
            vec![
                ("batch_size", 3, 3),
                ("learning_rate", 4, 3),
                ("beta1", 5, 3),
                ("beta2", 6, 3),
                ("validation_size", 7, 3)
            ]
        );
        let msg = err.to_string();
        assert!(
            msg.contains("config.ron:3:3: batch_size: must be between 1 and 60000 (got 0)"),
            "{msg}"
        );
        let err = parse_str("(epsilon: 0.0, patience: 0, lr_decay: 1.5, mirrors: [\"ftp://x\"])")
            .unwrap_err();
        let msg = err.to_string();
        for field in ["epsilon", "patience", "lr_decay", "mirrors"] {
            assert!(msg.contains(&format!("{field}:")), "{msg}");
        }
    }

    #[test]
    fn missing_file_means_defaults_unless_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.ron");
        let (c, source) = load(&path, false).unwrap();
        assert_eq!(c, Config::default());
        assert_eq!(source, Source::Defaults(path.clone()));
        assert!(matches!(
            load(&path, true),
            Err(ConfigError::NotFound { .. })
        ));
    }
}
