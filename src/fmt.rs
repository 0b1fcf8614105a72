//! Numbers for people, the same way everywhere (headless output and screens).

/// `0.9581` -> `95.81%`.
pub fn percent(fraction: f64) -> String {
    format!("{:.2}%", fraction * 100.0)
}

/// `0.9581` -> `95.8%`, for probabilities beside bars.
pub fn percent1(fraction: f64) -> String {
    format!("{:.1}%", fraction * 100.0)
}

/// "1 epoch", "2 epochs".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A duration in seconds: "0.04s", "12.3s", "2m05s", "1h02m"; "-" if unknown.
pub fn duration(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return "-".into();
    }
    let whole = seconds as u64;
    if seconds < 10.0 {
        format!("{seconds:.2}s")
    } else if seconds < 60.0 {
        format!("{seconds:.1}s")
    } else if whole < 3600 {
        format!("{}m{:02}s", whole / 60, whole % 60)
    } else {
        format!("{}h{:02}m", whole / 3600, whole / 60 % 60)
    }
}

/// A rate or count in short form: 1234567 -> "1.2M", 950000 -> "950k".
pub fn short(v: f64) -> String {
    if !v.is_finite() {
        "-".into()
    } else if v >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if v >= 1e3 {
        format!("{:.0}k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}

/// A size for people: 950 B, 28 kB, 9.9 MB.
pub fn bytes(n: u64) -> String {
    match n {
        b if b < 1_000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{:.0} kB", b as f64 / 1e3),
        b => format!("{:.1} MB", b as f64 / 1e6),
    }
}

/// A transfer rate for people: 850 B/s, 12 kB/s, 3.4 MB/s.
pub fn rate(bytes_per_sec: u64) -> String {
    match bytes_per_sec {
        b if b < 1_000 => format!("{b} B/s"),
        b if b < 1_000_000 => format!("{:.0} kB/s", b as f64 / 1e3),
        b => format!("{:.1} MB/s", b as f64 / 1e6),
    }
}

/// A path for a message: as `display()` shows it, with control characters
/// (a NUL, a line break, an escape sequence) written as `\u{0}`, so a
/// strange name can neither corrupt the terminal nor hide its own end.
pub fn path(p: &std::path::Path) -> String {
    escape_controls(&p.display().to_string())
}

/// [`path`], with the home folder written as `~` (short enough for a
/// panel's title).
pub fn tilde(p: &std::path::Path) -> String {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    match home.as_deref().and_then(|h| p.strip_prefix(h).ok()) {
        Some(rest) if !rest.as_os_str().is_empty() => format!("~/{}", path(rest)),
        _ => path(p),
    }
}

/// A path for a message, as a value that displays like [`path`]'s text.
pub fn shown(p: &std::path::Path) -> Shown<'_> {
    Shown(p)
}

/// See [`shown`].
pub struct Shown<'a>(&'a std::path::Path);

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&path(self.0))
    }
}

/// `text` with its control characters escaped, as [`path`] does.
pub fn escape_controls(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_in_paths_are_escaped() {
        let p = std::path::Path::new("a\u{0}b\n\u{1b}[31mc/é");
        assert_eq!(path(p), "a\\u{0}b\\u{a}\\u{1b}[31mc/é");
        assert_eq!(
            path(std::path::Path::new("saves/model.ron")),
            "saves/model.ron"
        );
    }

    #[test]
    fn durations_agree_across_the_whole_range() {
        let cases = [
            (0.0, "0.00s"),
            (0.04, "0.04s"),
            (9.994, "9.99s"),
            (12.34, "12.3s"),
            (59.9, "59.9s"),
            (60.0, "1m00s"),
            (125.7, "2m05s"),
            (3599.0, "59m59s"),
            (3720.0, "1h02m"),
            (f64::NAN, "-"),
            (-1.0, "-"),
        ];
        for (s, want) in cases {
            assert_eq!(duration(s), want, "{s}");
        }
    }

    #[test]
    fn percents_plurals_and_short_numbers() {
        assert_eq!(percent(0.9581), "95.81%");
        assert_eq!(percent1(0.9581), "95.8%");
        assert_eq!(
            (plural(1, "epoch"), plural(0, "epoch")),
            ("1 epoch".into(), "0 epochs".into())
        );
        assert_eq!(short(1_234_567.0), "1.2M");
        assert_eq!(short(950_000.0), "950k");
        assert_eq!(short(12.0), "12");
        assert_eq!(short(f64::INFINITY), "-");
    }
}
