//! One line of trials.csv: a trial's result, written and read back with
//! every value checked, so a bad line is named by column and field.

use super::{Hyper, TrialKey, TrialResult, TrialStatus};

/// The columns: the original's 12, then the extra axes, written only by
/// sweeps that have them.
pub const FIELDS: [&str; 14] = [
    "beta1",
    "beta2",
    "learning_rate",
    "seed",
    "best_epoch",
    "epochs_run",
    "val_cost",
    "val_accuracy",
    "test_cost",
    "test_accuracy",
    "seconds",
    "status",
    "weight_decay",
    "augment",
];
/// Columns of a row without the extra axes.
const BASE: usize = 12;
const WEIGHT_DECAY: usize = 12;
const AUGMENT: usize = 13;

/// Fields in a row of a file with (or without) the extra axes' columns.
pub fn width(extras: bool) -> usize {
    if extras { FIELDS.len() } else { BASE }
}
const BEST_EPOCH: usize = 4;
pub(super) const EPOCHS_RUN: usize = 5;
const VAL_COST: usize = 6;
const TEST_COST: usize = 8;
const STATUS: usize = 11;
const STATUSES: [&str; 3] = ["ok", "diverged", "stopped"];

/// A row; `extras` adds the weight decay and augmentation columns.
pub fn format_row(r: &TrialResult, extras: bool) -> String {
    let h = r.key.hyper;
    let row = format!(
        "{},{},{},{},{},{},{},{},{},{},{:.3},{}",
        h.beta1,
        h.beta2,
        h.learning_rate,
        r.key.seed,
        r.best_epoch,
        r.epochs_run,
        r.val_cost,
        r.val_accuracy,
        r.test_cost,
        r.test_accuracy,
        r.seconds,
        r.status.as_str()
    );
    if extras {
        let augment = if h.augment { "on" } else { "off" };
        format!("{row},{},{augment}", h.weight_decay)
    } else {
        row
    }
}

/// What is wrong with a line: the field (and its column, from 1).
#[derive(Clone, Debug, PartialEq)]
pub struct RowError {
    pub column: usize,
    pub field: &'static str,
    pub message: String,
}

/// A line read: a result, or the start of one cut off by a crash.
#[derive(Clone, Debug, PartialEq)]
pub enum Line {
    Result(TrialResult),
    CutOff,
}

/// The line's fields with the column each starts at.
struct Fields<'a> {
    text: Vec<&'a str>,
    columns: Vec<usize>,
}

impl<'a> Fields<'a> {
    fn split(line: &'a str) -> Fields<'a> {
        let text: Vec<&str> = line.split(',').collect();
        let mut columns = Vec::with_capacity(text.len());
        let mut column = 1;
        for f in &text {
            columns.push(column);
            column += f.chars().count() + 1;
        }
        Fields { text, columns }
    }

    fn error(&self, i: usize, message: String) -> RowError {
        RowError {
            column: self.columns[i],
            field: FIELDS[i],
            message,
        }
    }

    fn parse<T: std::str::FromStr>(&self, i: usize, what: &str) -> Result<T, RowError> {
        let s = self.text[i];
        s.parse()
            .map_err(|_| self.error(i, format!("`{}` is not {what}", shorten(s))))
    }

    fn float(&self, i: usize) -> Result<f64, RowError> {
        self.parse(i, "a number")
    }

    fn whole(&self, i: usize) -> Result<usize, RowError> {
        self.parse(i, "a whole number")
    }

    /// Checks field `i` on its own (what can be checked without the others).
    fn check(&self, i: usize) -> Result<(), RowError> {
        match i {
            0..=2 => self.parse::<f32>(i, "a number").map(drop),
            3 => self.parse::<u64>(i, "a whole number").map(drop),
            4 | 5 => self.whole(i).map(drop),
            6 | 8 => self.float(i).map(drop),
            7 | 9 => {
                let a = self.float(i)?;
                if (0.0..=1.0).contains(&a) {
                    Ok(())
                } else {
                    Err(self.error(i, format!("must be between 0 and 1 (got {a})")))
                }
            }
            10 => {
                let s = self.float(i)?;
                if s.is_finite() && s >= 0.0 {
                    Ok(())
                } else {
                    Err(self.error(i, format!("must be 0 or more (got {s})")))
                }
            }
            STATUS => self.status().map(drop),
            WEIGHT_DECAY => {
                let w = self.parse::<f32>(i, "a number")?;
                crate::hyper::rules::weight_decay(&w).map_err(|m| self.error(i, m))
            }
            _ => self.augment().map(drop),
        }
    }

    fn augment(&self) -> Result<bool, RowError> {
        match self.text[AUGMENT] {
            "on" => Ok(true),
            "off" => Ok(false),
            s => Err(self.error(AUGMENT, format!("`{}` is not on or off", shorten(s)))),
        }
    }

    fn status(&self) -> Result<TrialStatus, RowError> {
        let s = self.text[STATUS];
        TrialStatus::parse(s).ok_or_else(|| {
            self.error(
                STATUS,
                format!("`{}` is not ok, diverged or stopped", shorten(s)),
            )
        })
    }

    /// Costs by status: an ok trial's are finite; a diverged one's may be
    /// NaN or infinite; none is negative.
    fn check_cost(&self, i: usize, status: TrialStatus) -> Result<f64, RowError> {
        let c = self.float(i)?;
        let ok = match status {
            TrialStatus::Ok => c.is_finite() && c >= 0.0,
            _ => c.is_nan() || c >= 0.0,
        };
        if ok {
            return Ok(c);
        }
        Err(self.error(
            i,
            match status {
                TrialStatus::Ok => format!("must be a finite number of 0 or more (got {c})"),
                _ => format!("must be 0 or more, NaN or inf (got {c})"),
            },
        ))
    }
}

/// A field cut short by a crash can only hold the start of a value.
fn could_be_cut(i: usize, partial: &str) -> bool {
    if i == STATUS {
        return STATUSES.iter().any(|s| s.starts_with(partial));
    }
    if i == AUGMENT {
        return ["on", "off"].iter().any(|s| s.starts_with(partial));
    }
    let lower = partial.to_ascii_lowercase();
    partial
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        || ["nan", "inf", "-inf"].iter().any(|w| w.starts_with(&lower))
}

/// Long values are cut in messages.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// Reads one line of trials.csv. A line that stops early (fewer fields,
/// or a partial status) but is valid as far as it goes is the line being
/// written when a crash came: [`Line::CutOff`].
pub fn parse_line(line: &str, extras: bool) -> Result<Line, RowError> {
    let f = Fields::split(line.trim_end_matches('\r'));
    let n = f.text.len();
    let expected = width(extras);
    if n > expected {
        return Err(RowError {
            column: f.columns[expected],
            field: "fields",
            message: format!("{n} fields, expected {expected}"),
        });
    }
    let complete = n == expected
        && TrialStatus::parse(f.text[STATUS]).is_some()
        && (!extras || f.augment().is_ok());
    if !complete {
        // All but the last field must be whole and valid.
        for i in 0..n - 1 {
            f.check(i)?;
        }
        return if could_be_cut(n - 1, f.text[n - 1]) {
            Ok(Line::CutOff)
        } else {
            Err(f
                .check(n - 1)
                .err()
                .unwrap_or_else(|| f.error(n - 1, format!("{n} fields, expected {expected}"))))
        };
    }
    for i in 0..n {
        f.check(i)?;
    }
    parse_complete(&f, extras).map(Line::Result)
}

fn parse_complete(f: &Fields, extras: bool) -> Result<TrialResult, RowError> {
    let status = f.status()?;
    let (best_epoch, epochs_run) = (f.whole(BEST_EPOCH)?, f.whole(EPOCHS_RUN)?);
    if best_epoch > epochs_run {
        return Err(f.error(
            BEST_EPOCH,
            format!("{best_epoch} is after the last epoch run ({epochs_run})"),
        ));
    }
    if status == TrialStatus::Ok && best_epoch == 0 {
        return Err(f.error(
            BEST_EPOCH,
            "an ok trial has a best epoch of at least 1 (got 0)".into(),
        ));
    }
    Ok(TrialResult {
        key: TrialKey {
            hyper: Hyper {
                beta1: f.parse(0, "a number")?,
                beta2: f.parse(1, "a number")?,
                learning_rate: f.parse(2, "a number")?,
                weight_decay: if extras {
                    f.parse(WEIGHT_DECAY, "a number")?
                } else {
                    0.0
                },
                augment: extras && f.augment()?,
            },
            seed: f.parse(3, "a whole number")?,
        },
        best_epoch,
        epochs_run,
        val_cost: f.check_cost(VAL_COST, status)?,
        val_accuracy: f.float(7)?,
        test_cost: f.check_cost(TEST_COST, status)?,
        test_accuracy: f.float(9)?,
        seconds: f.float(10)?,
        status,
    })
}

/// The column where field `i` of `line` starts (for checks made later).
pub fn column_of(line: &str, i: usize) -> usize {
    Fields::split(line).columns.get(i).copied().unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tune::sample_result as result;

    fn parsed(line: &str) -> TrialResult {
        match parse_line(line, false) {
            Ok(Line::Result(r)) => r,
            other => panic!("{line}: {other:?}"),
        }
    }

    fn error(line: &str) -> RowError {
        parse_line(line, false).expect_err(line)
    }

    #[test]
    fn rows_round_trip() {
        for r in [
            result(3, 0.123_456_789_012_345_67, TrialStatus::Ok),
            result(4, f64::NAN, TrialStatus::Diverged),
            result(5, f64::INFINITY, TrialStatus::Diverged),
        ] {
            let back = parsed(&format_row(&r, false));
            assert_eq!(format_row(&back, false), format_row(&r, false));
            assert_eq!((back.key, back.status), (r.key, r.status));
        }
        let r = result(3, 0.1234567890123, TrialStatus::Ok);
        assert_eq!(parsed(&format_row(&r, false)), r);
    }

    #[test]
    fn rows_with_the_extra_axes_round_trip_and_are_checked() {
        let mut r = result(3, 0.25, TrialStatus::Ok);
        r.key.hyper.weight_decay = 0.05;
        r.key.hyper.augment = true;
        let line = format_row(&r, true);
        assert!(line.ends_with(",ok,0.05,on"), "{line}");
        assert_eq!(parse_line(&line, true), Ok(Line::Result(r.clone())));
        // A row of the other layout is refused, by its field count.
        assert_eq!(error(&line).field, "fields");
        let short = format_row(&result(3, 0.25, TrialStatus::Ok), false);
        assert!(parse_line(&short, true).is_err() || parse_line(&short, true) == Ok(Line::CutOff));
        // Cut off while the extras were written: not a result.
        for end in [line.len() - 1, line.len() - 3, line.len() - 5] {
            assert_eq!(
                parse_line(&line[..end], true),
                Ok(Line::CutOff),
                "{}",
                &line[..end]
            );
        }
        let bad = line.replace(",0.05,on", ",0.05,maybe");
        let e = parse_line(&bad, true).unwrap_err();
        assert_eq!(
            (e.field, e.message.as_str()),
            ("augment", "`maybe` is not on or off")
        );
        let bad = line.replace(",0.05,on", ",7,on");
        assert_eq!(parse_line(&bad, true).unwrap_err().field, "weight_decay");
    }

    #[test]
    fn bad_values_are_named_by_column_and_field() {
        let e = error("0.9,0.99,0.001,1,2,3,x,0.9,0.2,0.9,1.0,ok");
        assert_eq!((e.column, e.field), (22, "val_cost"));
        assert!(e.message.contains("`x` is not a number"), "{e:?}");
        for (line, field, says) in [
            (
                "0.9,0.99,0.001,1,2,3,NaN,0.9,0.2,0.9,1.0,ok",
                "val_cost",
                "finite",
            ),
            (
                "0.9,0.99,0.001,1,2,3,-0.5,0.9,0.2,0.9,1.0,ok",
                "val_cost",
                "0 or more",
            ),
            (
                "0.9,0.99,0.001,1,2,3,0.2,0.9,-inf,0.9,1.0,ok",
                "test_cost",
                "finite",
            ),
            (
                "0.9,0.99,0.001,1,2,3,-inf,0.9,0.2,0.9,1.0,diverged",
                "val_cost",
                "NaN or inf",
            ),
            (
                "0.9,0.99,0.001,1,2,3,0.2,1.5,0.2,0.9,1.0,ok",
                "val_accuracy",
                "between 0 and 1",
            ),
            (
                "0.9,0.99,0.001,1,2,3,0.2,0.9,0.2,NaN,1.0,ok",
                "test_accuracy",
                "between 0 and 1",
            ),
            (
                "0.9,0.99,0.001,1,2,3,0.2,0.9,0.2,0.9,-1,ok",
                "seconds",
                "0 or more",
            ),
            (
                "0.9,0.99,0.001,1,7,3,0.2,0.9,0.2,0.9,1.0,ok",
                "best_epoch",
                "after",
            ),
            (
                "0.9,0.99,0.001,1,0,3,0.2,0.9,0.2,0.9,1.0,ok",
                "best_epoch",
                "at least 1",
            ),
            (
                "0.9,0.99,0.001,1,2,3,0.2,0.9,0.2,0.9,1.0,fine",
                "status",
                "not ok",
            ),
            (
                "0.9,0.99,0.001,-1,2,3,0.2,0.9,0.2,0.9,1.0,ok",
                "seed",
                "whole number",
            ),
            ("0.9,0.99,0.0010.2,1,2", "learning_rate", "not a number"),
            ("hello", "beta1", "not a number"),
        ] {
            let e = error(line);
            assert_eq!(e.field, field, "{line}: {e:?}");
            assert!(e.message.contains(says), "{line}: {e:?}");
            let i = FIELDS.iter().position(|f| *f == field).unwrap();
            assert_eq!(e.column, column_of(line, i), "{line}: {e:?}");
        }
        let e = error("0.9,0.99,0.001,1,2,3,0.2,0.9,0.2,0.9,1.0,ok,7");
        assert_eq!((e.field, e.column), ("fields", 45));
        assert!(e.message.contains("13 fields, expected 12"), "{e:?}");
        // A diverged trial may have no finite cost; a stopped one is read.
        parsed("0.9,0.99,0.001,1,0,1,NaN,0.1,inf,0.1,1.0,diverged");
        parsed("0.9,0.99,0.001,1,0,0,0.3,0.5,0.3,0.5,1.0,stopped");
    }

    #[test]
    fn a_line_that_stops_early_is_cut_off_only_if_valid_so_far() {
        let full = format_row(&result(3, 0.2, TrialStatus::Ok), false);
        for end in 1..full.len() {
            assert_eq!(
                parse_line(&full[..end], false),
                Ok(Line::CutOff),
                "{}",
                &full[..end]
            );
        }
        let diverged = format_row(&result(3, f64::NAN, TrialStatus::Diverged), false);
        let at = diverged.find("NaN").unwrap();
        assert_eq!(parse_line(&diverged[..at + 2], false), Ok(Line::CutOff));
        assert!(
            parse_line("0.9,0.99,x,1", false).is_err(),
            "a bad whole field"
        );
        assert!(parse_line("0.9,0.99,0.001,1,2,3,0.2,1.5,0.2", false).is_err());
        assert!(parse_line("0.9,0.99,0.001,1,2,3,0.2,0.9x", false).is_err());
    }
}
