//! Finds `name: value` fields in RON text, with positions, without a full
//! parse. Used to point validation errors at line:column and to rewrite one
//! value in config.ron while keeping the user's comments and layout.

/// One `name: value` occurrence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Dotted path from the top-level struct, e.g. `tuner.max_epochs`.
    pub path: String,
    /// 1-based line and column of the name.
    pub line: usize,
    pub col: usize,
    /// Byte range of the value's text (trimmed).
    pub value: std::ops::Range<usize>,
}

/// Every field of every struct in `src`, in order of appearance.
pub fn fields(src: &str) -> Vec<Field> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    // Stack of (field name owning this bracket, or None for list/tuple items).
    let mut stack: Vec<Option<String>> = Vec::new();
    // The most recent `name:` at each depth, waiting for its value to open.
    let mut pending: Option<String> = None;
    let mut open_values: Vec<(usize, usize)> = Vec::new(); // (out index, depth)
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => {
                stack.push(pending.take());
            }
            b')' | b']' | b'}' => {
                close_values(&mut out, &mut open_values, stack.len(), i, src);
                stack.pop();
            }
            b',' => close_values(&mut out, &mut open_values, stack.len(), i, src),
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let mut j = i;
                while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
                    j += 1;
                }
                if bytes.get(j) == Some(&b':')
                    && stack
                        .last()
                        .is_some_and(|s| s.is_some() || stack.len() == 1)
                {
                    let name = &src[start..i];
                    let parents: Vec<&str> = stack
                        .iter()
                        .skip(1)
                        .map(|s| s.as_deref().unwrap_or(""))
                        .collect();
                    let path = if parents.is_empty() {
                        name.to_string()
                    } else {
                        format!("{}.{name}", parents.join("."))
                    };
                    let (line, col) = line_col(src, start);
                    let value_start = j + 1;
                    out.push(Field {
                        path,
                        line,
                        col,
                        value: value_start..value_start,
                    });
                    open_values.push((out.len() - 1, stack.len()));
                    pending = Some(name.to_string());
                    i = j + 1;
                    continue;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    close_values(&mut out, &mut open_values, 0, bytes.len(), src);
    out
}

/// Ends the values of fields at `depth` or deeper at byte `end`.
fn close_values(
    out: &mut [Field],
    open: &mut Vec<(usize, usize)>,
    depth: usize,
    end: usize,
    src: &str,
) {
    while let Some(&(idx, d)) = open.last() {
        if d < depth {
            break;
        }
        open.pop();
        let start = out[idx].value.start;
        let text = &src[start..end];
        let lead = text.len() - text.trim_start().len();
        let trimmed = trim_trailing_comments(text.trim_start());
        out[idx].value = start + lead..start + lead + trimmed.len();
    }
}

/// Drops trailing whitespace and `//` comments from a value's text.
fn trim_trailing_comments(text: &str) -> &str {
    let mut t = text.trim_end();
    loop {
        let line_start = t.rfind('\n').map_or(0, |n| n + 1);
        match find_comment(&t[line_start..]) {
            Some(pos) => t = t[..line_start + pos].trim_end(),
            None => return t,
        }
    }
}

/// Position of a `//` comment in `line` outside string literals.
fn find_comment(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let mut in_str = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if in_str => i += 1,
            b'"' => in_str = !in_str,
            b'/' if !in_str && b.get(i + 1) == Some(&b'/') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// 1-based line and column (in characters) of byte offset `at`.
pub fn line_col(src: &str, at: usize) -> (usize, usize) {
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The first field at `path`.
pub fn find<'a>(fields: &'a [Field], path: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.path == path)
}

/// `src` with top-level fields set to new value text, keeping everything
/// else (comments, layout, other values). A field not in `src` is added
/// as the first line inside the outer parentheses.
pub fn set_values(src: &str, values: &[(&str, String)]) -> String {
    let mut out = src.to_string();
    // Replace from the end so earlier byte offsets stay valid.
    let found = fields(src);
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut missing = Vec::new();
    for (name, value) in values {
        match find(&found, name) {
            Some(f) => edits.push((f.value.clone(), value.clone())),
            None => missing.push(format!("    {name}: {value},\n")),
        }
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (range, value) in edits {
        out.replace_range(range, &value);
    }
    if !missing.is_empty() {
        match outer_paren(&out) {
            Some(at) => out.insert_str(
                at + 1,
                &format!("\n{}", missing.concat().trim_end_matches('\n')),
            ),
            None => out = format!("(\n{})\n", missing.concat()),
        }
    }
    out
}

/// Byte offset of the first `(` outside comments.
fn outer_paren(src: &str) -> Option<usize> {
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'(' => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"// settings
(
    batch_size: 32, // per step
    /* block: comment */ name: "a, b // not a comment",
    seed: Some(4),
    mirrors: [
        "http://x/",
    ],
    tuner: (
        max_epochs: 8,
        lrs: [0.1, 0.2],
    ),
    last: 1.5
)
"#;

    #[test]
    fn finds_paths_positions_and_values() {
        let f = fields(SRC);
        let got: Vec<(&str, usize, usize, &str)> = f
            .iter()
            .map(|f| (f.path.as_str(), f.line, f.col, &SRC[f.value.clone()]))
            .collect();
        assert_eq!(
            got,
            vec![
                ("batch_size", 3, 5, "32"),
                ("name", 4, 26, "\"a, b // not a comment\""),
                ("seed", 5, 5, "Some(4)"),
                ("mirrors", 6, 5, "[\n        \"http://x/\",\n    ]"),
                (
                    "tuner",
                    9,
                    5,
                    "(\n        max_epochs: 8,\n        lrs: [0.1, 0.2],\n    )"
                ),
                ("tuner.max_epochs", 10, 9, "8"),
                ("tuner.lrs", 11, 9, "[0.1, 0.2]"),
                ("last", 13, 5, "1.5"),
            ]
        );
    }

    #[test]
    fn set_values_keeps_comments_and_adds_missing_fields() {
        let src = "// top\n(\n    beta1: 0.9, // momentum\n    /* keep */ learning_rate: 0.0025,\n    tuner: (beta1: [0.85]),\n)\n";
        let out = set_values(
            src,
            &[
                ("beta1", "0.93".into()),
                ("learning_rate", "0.0003".into()),
                ("seed", "Some(4)".into()),
            ],
        );
        assert_eq!(
            out,
            "// top\n(\n    seed: Some(4),\n    beta1: 0.93, // momentum\n    /* keep */ learning_rate: 0.0003,\n    tuner: (beta1: [0.85]),\n)\n"
        );
        assert_eq!(
            set_values("", &[("seed", "None".into())]),
            "(\n    seed: None,\n)\n"
        );
    }

    #[test]
    fn names_inside_values_are_not_fields() {
        let f = fields("(a: Some((x: 1)), b: 2)");
        let paths: Vec<_> = f.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, vec!["a", "b"]);
    }
}
