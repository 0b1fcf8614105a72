//! config.ron errors as a learner sees them: the file, line:col, the field
//! (dotted when nested) and what is wrong, checked message by message and
//! by a seeded byte-level mutation run over the shipped config.ron.

use std::path::Path;
use std::time::{Duration, Instant};

use super::*;

const SHIPPED: &str = crate::places::DEFAULT_CONFIG;

fn error(src: &str) -> String {
    match parse(Path::new("config.ron"), src) {
        Ok(_) => panic!("accepted:\n{src}"),
        Err(e) => e.to_string(),
    }
}

/// The shipped config.ron with `from` (which must be there) replaced.
fn shipped_with(from: &str, to: &str) -> String {
    assert!(SHIPPED.contains(from), "{from}");
    SHIPPED.replacen(from, to, 1)
}

/// 1-based line of the first occurrence of `needle` in the shipped file.
fn shipped_line(needle: &str) -> usize {
    SHIPPED
        .lines()
        .position(|l| l.contains(needle))
        .map(|n| n + 1)
        .unwrap_or_else(|| panic!("{needle}"))
}

#[test]
fn a_missing_comma_is_blamed_on_the_value_before_it() {
    assert_eq!(
        error("(\n  learning_rate: 0.01\n  beta1: 0.9,\n)"),
        "config.ron:2:22: a comma is probably missing after `learning_rate: 0.01` (line 2), before `beta1`"
    );
    // A comment between the two changes nothing.
    assert_eq!(
        error("(\n  learning_rate: 0.01 // fast\n  beta1: 0.9,\n)"),
        "config.ron:2:22: a comma is probably missing after `learning_rate: 0.01` (line 2), before `beta1`"
    );
    let line = shipped_line("learning_rate: 0.0025");
    let msg = error(&shipped_with(
        "learning_rate: 0.0025,",
        "learning_rate: 0.0025",
    ));
    assert!(
        msg.starts_with(&format!(
            "config.ron:{line}:26: a comma is probably missing after `learning_rate: 0.0025`"
        )),
        "{msg}"
    );
    assert_eq!(
        error("(\n  tuner: (\n    seeds: 3\n    workers: 1,\n  ),\n)"),
        "config.ron:3:13: a comma is probably missing after `tuner.seeds: 3` (line 3), before `workers`"
    );
    assert_eq!(
        error("(\n  tuner: (\n    seeds: 3,\n  )\n  seed: None,\n)"),
        "config.ron:4:4: a comma is probably missing after `tuner` (line 4), before `seed`"
    );
    assert_eq!(
        error("(\n  tuner: (beta1: [0.8 0.9]),\n)"),
        "config.ron:2:22: tuner.beta1: a comma is probably missing between `0.8` and `0.9`"
    );
}

#[test]
fn an_unclosed_string_is_blamed_where_it_starts() {
    let line = shipped_line("model: \"saves/model.ron\"");
    let msg = error(&shipped_with("\"saves/model.ron\",", "\"saves/model.ron,"));
    assert!(
        msg.starts_with(&format!(
            "config.ron:{line}:12: model: the string starting at line {line}, column 12 (`\"saves/model.ron,…`) is not closed"
        )),
        "{msg}"
    );
    assert!(!msg.contains("http"), "{msg}");
    let line = shipped_line("https://ossci");
    let msg = error(&shipped_with(
        "mnist/\",\n        \"https://storage",
        "mnist/,\n        \"https://storage",
    ));
    assert!(
        msg.starts_with(&format!(
            "config.ron:{line}:9: mirrors: the string starting at line {line}, column 9"
        )),
        "{msg}"
    );
    // Open to the end of the file.
    assert_eq!(
        error("(\n  model: \"saves/model.ron,\n)"),
        "config.ron:2:10: model: the string starting at line 2, column 10 (`\"saves/model.ron,…`) is not closed: a \" is missing at its end"
    );
    // Swallowing a line break and still parsing.
    assert_eq!(
        error("(\n  model: \"a,\n  data_dir: \",\n)"),
        "config.ron:2:3: model: contains a line break: is a closing \" missing?"
    );
}

#[test]
fn errors_inside_tuner_name_the_nested_field() {
    let line = shipped_line("learning_rate: [0.0001");
    let msg = error(&shipped_with(
        "learning_rate: [0.0001,",
        "learning_rate: [\"x\",",
    ));
    assert_eq!(
        msg,
        format!(
            "config.ron:{line}:25: tuner.learning_rate: found `\"x\"`, but tuner.learning_rate takes a list of numbers, e.g. [0.0001, 0.0003]"
        )
    );
    assert_eq!(
        error("(\n  tuner: (\n    seeds: \"x\",\n  ),\n)"),
        "config.ron:3:12: tuner.seeds: found `\"x\"`, but tuner.seeds takes a whole number"
    );
    assert_eq!(
        error("(\n  tuner: (betaa1: [0.8]),\n)"),
        "config.ron:2:11: unknown field `tuner.betaa1`; did you mean `tuner.beta1`?"
    );
    assert_eq!(
        error("(\n  tuner: (\n    beta1: [0.8],\n    beta1: [0.9],\n  ),\n)"),
        "config.ron:4:5: tuner.beta1: is set twice (first on line 3); keep one of them"
    );
    assert_eq!(
        error("(\n  tuner: (seeds 3),\n)"),
        "config.ron:2:16: tuner.seeds: a `:` is missing after the field name, found `3`"
    );
    assert_eq!(
        error("(\n  tuner: (beta1: [0.8, 1.5]),\n)"),
        "config.ron:2:11: tuner.beta1: must list values strictly between 0 and 1 (got [0.8, 1.5])"
    );
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let with_bom = format!("\u{feff}{SHIPPED}");
    assert_eq!(
        parse(Path::new("config.ron"), &with_bom).unwrap(),
        parse(Path::new("config.ron"), SHIPPED).unwrap()
    );
    // Positions count from after the mark, as editors show them.
    assert_eq!(
        error("\u{feff}(batch_size: 0)"),
        "config.ron:1:2: batch_size: must be between 1 and 60000 (got 0)"
    );
    assert_eq!(
        error("\u{feff}(batch_size: x)"),
        "config.ron:1:14: batch_size: found `x`, but batch_size takes a whole number, e.g. 32"
    );
}

#[test]
fn trailing_text_and_empty_files_are_explained() {
    assert_eq!(
        error("(\n  beta1: 0.9,\n)\nxyz"),
        "config.ron:4:1: `xyz` comes after the end of the settings (the `)` at line 3, column 1); everything belongs inside the outer ( )"
    );
    assert_eq!(
        error("(\n  beta1: 0.9,\n))"),
        "config.ron:3:2: one `)` too many: the settings already ended with the `)` at line 3, column 1"
    );
    assert_eq!(
        error("(\n  seed: Some(5)),\n  beta1: 0.9,\n)"),
        "config.ron:2:17: `,` comes after the end of the settings: the `)` at line 2, column 16 already closes the outer `(`; is it one too many?"
    );
    let empty = "config.ron:1:1: the file has no settings: write them inside ( ), e.g. (batch_size: 32); an empty () uses the built-in defaults";
    assert_eq!(error(""), empty);
    assert_eq!(error("  \n// nothing yet\n"), empty);
    assert_eq!(
        error("{ \"batch_size\": 32 }"),
        "config.ron:1:1: the settings must be written inside ( ), e.g. (batch_size: 32); found `{`"
    );
    assert_eq!(
        error("(\n  \"batch_size\": 32,\n)"),
        "config.ron:2:3: expected a field name, found `\"batch_size\"`; field names are written without quotes, e.g. batch_size: 32"
    );
    assert_eq!(
        error("(\n  beta1: 0.9,,\n)"),
        "config.ron:2:14: expected a field name, found `,`; two commas in a row?"
    );
}

#[test]
fn numbers_that_do_not_fit_are_named_as_written() {
    assert_eq!(
        error("(\n  beta1: 1e400,\n)"),
        "config.ron:2:10: beta1: `1e400` is too large: numbers here go up to about 3.4e38"
    );
    assert_eq!(
        error("(\n  patience_buffer: -1e400,\n)"),
        "config.ron:2:20: patience_buffer: `-1e400` is too far below 0: numbers here go down to about -3.4e38"
    );
    // Written as words, these are what they say.
    assert!(error("(\n  learning_rate: -inf,\n)").ends_with("(got -inf)"));
    assert_eq!(
        error("(\n  learning_rate: 1e-400,\n)"),
        "config.ron:2:18: learning_rate: `1e-400` is too small: it would be stored as 0 (the smallest is about 1e-45)"
    );
    assert_eq!(
        error("(\n  tuner: (learning_rate: [0.1, 1e39]),\n)"),
        "config.ron:2:32: tuner.learning_rate: `1e39` is too large: numbers here go up to about 3.4e38"
    );
    assert_eq!(
        error("(\n  batch_size: 99999999999999999999999,\n)"),
        "config.ron:2:15: batch_size: `99999999999999999999999` is too large; batch_size takes a whole number, e.g. 32"
    );
    assert_eq!(
        error("(\n  batch_size: -3,\n)"),
        "config.ron:2:15: batch_size: `-3` is below 0; batch_size takes a whole number, e.g. 32"
    );
    assert_eq!(
        error("(\n  seed: Some(1e3),\n)"),
        "config.ron:2:14: seed: found `1e3`, but seed takes None, or Some(n) with n a whole number of 0 or more"
    );
}

#[test]
fn wrong_types_inside_lists_name_the_list() {
    assert_eq!(
        error("(\n  mirrors: [\"https://a/\", 3],\n)"),
        "config.ron:2:27: mirrors: found `3`, but mirrors takes a list of URLs in quotes, e.g. [\"https://…/\"]"
    );
    assert_eq!(
        error("(\n  tuner: (beta1: [0.9,, 0.8]),\n)"),
        "config.ron:2:23: tuner.beta1: found nothing (the value is missing), but tuner.beta1 takes a list of numbers between 0 and 1, e.g. [0.9, 0.95]"
    );
    assert_eq!(
        error("(\n  mirrors: [\"https://a/\",\n)"),
        "config.ron:3:1: mirrors: the `[` at line 2, column 12 is closed by `)` (is a `]` missing?)"
    );
}

#[test]
fn crlf_and_tabs_keep_positions_right() {
    assert_eq!(
        error("(\r\n  beta1: 0.9,\r\n  batch_size: \"x\",\r\n)\r\n"),
        "config.ron:3:15: batch_size: found `\"x\"`, but batch_size takes a whole number, e.g. 32"
    );
    assert_eq!(
        error("(\r\n\tlearning_rate: 0.01\r\n\tbeta1: 0.9,\r\n)\r\n"),
        "config.ron:2:21: a comma is probably missing after `learning_rate: 0.01` (line 2), before `beta1`"
    );
    assert_eq!(
        error("(\r\n\tbeta1: 0.9,\r\n\tbeta2: 1.5,\r\n)\r\n"),
        "config.ron:3:2: beta2: must be strictly between 0 and 1 (got 1.5)"
    );
    let crlf = SHIPPED.replace('\n', "\r\n");
    assert!(parse(Path::new("config.ron"), &crlf).is_ok());
}

#[test]
fn comments_escapes_and_early_ends_are_explained() {
    assert_eq!(
        error("(\n  /* old settings\n  beta1: 0.9,\n)"),
        "config.ron:2:3: this /* comment is never closed with */"
    );
    assert_eq!(
        error("(\n  model: \"C:\\saves\",\n)"),
        "config.ron:2:10: model: a \\ in quotes starts an escape such as \\n; write \\\\ for a backslash (or use / in paths), found `\"C:\\saves\"`"
    );
    assert_eq!(
        error("(\n  tuner: (\n    seeds: 3,\n  ),\n"),
        "config.ron:4:5: the file ended early: the `(` at line 1, column 1 is never closed (is a `)` missing?)"
    );
    assert_eq!(
        error("(\n  seed: Some(5,\n"),
        "config.ron:2:16: seed: the file ended early: the `(` at line 2, column 13 is never closed (is a `)` missing?)"
    );
}

/// A FIFO given as --config used to block forever, /dev/zero to be read
/// until memory ran out, and any size was read.
#[test]
fn load_reads_only_regular_files_of_a_sane_size() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("config.ron");
    let mut text = String::from("(\n");
    text.push_str(&" ".repeat(MAX_BYTES as usize));
    text.push(')');
    std::fs::write(&big, text).unwrap();
    let msg = load(&big, true).unwrap_err().to_string();
    assert!(
        msg.contains("is too large for a config file (at most 1 MB)"),
        "{msg}"
    );
    assert!(msg.starts_with(&big.display().to_string()), "{msg}");

    let msg = load(Path::new("/dev/zero"), true).unwrap_err().to_string();
    assert_eq!(msg, "/dev/zero: is a device, not a regular file");
    let fifo = dir.path().join("pipe.ron");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let msg = load(&fifo, true).unwrap_err().to_string();
        assert!(
            msg.ends_with("pipe.ron: is a named pipe (FIFO), not a regular file"),
            "{msg}"
        );
    }
    let latin1 = dir.path().join("latin1.ron");
    std::fs::write(&latin1, b"(model: \"caf\xe9\")").unwrap();
    let msg = load(&latin1, false).unwrap_err().to_string();
    assert!(
        msg.contains("latin1.ron: cannot read: not UTF-8 text"),
        "{msg}"
    );

    let absent = dir.path().join("absent.ron");
    assert!(matches!(load(&absent, false), Ok((_, Source::Defaults(_)))));
    let msg = load(&absent, true).unwrap_err().to_string();
    assert!(
        msg.ends_with("absent.ron: cannot read: the file does not exist"),
        "{msg}"
    );
}

/// Every line of an error: `config.ron:<line>:<col>: <what>`, with the
/// position inside the text, nothing dangling at the end.
fn check_message(msg: &str, src: &str) -> Result<(), String> {
    if msg.is_empty() || msg.trim_end() != msg {
        return Err("empty, or ends in whitespace".into());
    }
    let lines = src.lines().count().max(1);
    for line in msg.lines() {
        let rest = line
            .strip_prefix("config.ron:")
            .ok_or("does not name the file")?;
        let mut parts = rest.splitn(3, ':');
        let l: usize = parts.next().and_then(|n| n.parse().ok()).ok_or("no line")?;
        let c: usize = parts
            .next()
            .and_then(|n| n.parse().ok())
            .ok_or("no column")?;
        let what = parts.next().unwrap_or("");
        if l == 0 || c == 0 || l > lines + 1 {
            return Err(format!("position {l}:{c} is outside the text"));
        }
        if what.trim().is_empty() {
            return Err("says nothing after the position".into());
        }
    }
    Ok(())
}

/// 5,000 seeded mutations of the shipped config.ron: each is parsed within
/// a second, without a panic, and any error is a clean one.
#[test]
fn mutated_configs_give_clean_errors() {
    const CASES: usize = 5_000;
    let (mut clean, mut accepted) = (0, 0);
    let (mut panics, mut slow, mut unclear) = (Vec::new(), Vec::new(), Vec::new());
    let inputs = crate::mutation_tests::mutations(20_240_601, SHIPPED.as_bytes(), CASES);
    for (case, bytes) in inputs.enumerate() {
        let src = String::from_utf8_lossy(&bytes).into_owned();
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| {
            parse(Path::new("config.ron"), &src).map_err(|e| e.to_string())
        });
        if start.elapsed() > Duration::from_secs(1) {
            slow.push(case);
        }
        match result {
            Err(_) => panics.push(case),
            Ok(Ok(_)) => accepted += 1,
            Ok(Err(msg)) => match check_message(&msg, &src) {
                Ok(()) => clean += 1,
                Err(why) => unclear.push(format!("case {case}: {why}: {msg}")),
            },
        }
    }
    eprintln!(
        "config.ron mutations: {CASES} tried, {clean} clean errors, {accepted} accepted, {} panics, {} over 1 s, {} unclear",
        panics.len(),
        slow.len(),
        unclear.len()
    );
    assert!(panics.is_empty(), "panicked: cases {panics:?}");
    assert!(slow.is_empty(), "over 1 s: cases {slow:?}");
    assert!(unclear.is_empty(), "{}", unclear.join("\n"));
    assert_eq!(clean + accepted, CASES);
}
