//! Reads RON text as tokens and finds `name: value` fields with positions,
//! without a full parse. Used to point errors at line:column and to rewrite
//! one value in config.ron while keeping the user's comments and layout.

use std::ops::Range;

/// What a piece of RON text is, as far as messages need to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A name: a field, `true`, `None`, `Some`, `inf`.
    Ident,
    /// Text in quotes (or raw `r"..."`); not `closed` if the file ends inside it.
    Str {
        closed: bool,
    },
    Open(u8),
    Close(u8),
    Comma,
    Colon,
    /// A number, or any other character.
    Other,
}

/// One token: its kind and byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub range: Range<usize>,
}

/// The tokens of some RON text; comments and whitespace are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lexed {
    pub tokens: Vec<Token>,
    /// Byte offset of a `/*` comment the text ends inside.
    pub open_comment: Option<usize>,
}

/// The same whitespace as ron's parser, so tokens start where ron's do.
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\x0B'
            | '\x0C'
            | '\u{85}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Splits `src` into tokens the way ron reads it (comments nest, as in ron).
pub fn lex(src: &str) -> Lexed {
    let b = src.as_bytes();
    let mut out = Lexed::default();
    let mut i = 0;
    while let Some(c) = src[i..].chars().next() {
        let start = i;
        let kind = match c {
            c if is_space(c) => {
                i += c.len_utf8();
                continue;
            }
            '/' if b.get(i + 1) == Some(&b'/') => {
                i = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |n| i + n);
                continue;
            }
            '/' if b.get(i + 1) == Some(&b'*') => match block_comment_end(b, i) {
                Some(end) => {
                    i = end;
                    continue;
                }
                None => {
                    out.open_comment = Some(i);
                    break;
                }
            },
            '"' => {
                let (end, closed) = string_end(b, i + 1);
                i = end;
                Kind::Str { closed }
            }
            'r' if raw_string_hashes(b, i).is_some() => {
                let hashes = raw_string_hashes(b, i).unwrap_or(0);
                let (end, closed) = raw_string_end(src, i + 2 + hashes, hashes);
                i = end;
                Kind::Str { closed }
            }
            '(' | '[' | '{' => {
                i += 1;
                Kind::Open(c as u8)
            }
            ')' | ']' | '}' => {
                i += 1;
                Kind::Close(c as u8)
            }
            ',' => {
                i += 1;
                Kind::Comma
            }
            ':' => {
                i += 1;
                Kind::Colon
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                i = run_end(b, i, |c| c.is_ascii_alphanumeric() || c == b'_');
                Kind::Ident
            }
            c if c.is_ascii_digit() || matches!(c, '+' | '-' | '.') => {
                i = run_end(b, i, |c| c.is_ascii_alphanumeric() || b"_.+-".contains(&c));
                Kind::Other
            }
            c => {
                i += c.len_utf8();
                Kind::Other
            }
        };
        out.tokens.push(Token {
            kind,
            range: start..i,
        });
    }
    out
}

/// End of the run of ASCII bytes from `i` that satisfy `ok`.
fn run_end(b: &[u8], i: usize, ok: impl Fn(u8) -> bool) -> usize {
    b[i..]
        .iter()
        .position(|&c| !ok(c))
        .map_or(b.len(), |n| i + n)
}

/// End of the `/* */` comment starting at `i` (nested ones included), or
/// None if the text ends inside it.
fn block_comment_end(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    while i + 1 < b.len() {
        match (b[i], b[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// End of a quoted string whose text starts at `i`, and whether its
/// closing quote was found. A backslash escapes the next byte.
fn string_end(b: &[u8], mut i: usize) -> (usize, bool) {
    while i < b.len() {
        match b[i] {
            b'"' => return (i + 1, true),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    (b.len(), false)
}

/// The number of `#` of a raw string `r#"` starting at `i`.
fn raw_string_hashes(b: &[u8], i: usize) -> Option<usize> {
    let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
    (b.get(i + 1 + hashes) == Some(&b'"')).then_some(hashes)
}

/// End of a raw string whose text starts at `i`, closed by `"` and
/// `hashes` times `#`.
fn raw_string_end(src: &str, i: usize, hashes: usize) -> (usize, bool) {
    let close = format!("\"{}", "#".repeat(hashes));
    match src[i..].find(&close) {
        Some(n) => (i + n + close.len(), true),
        None => (src.len(), false),
    }
}

/// One `name: value` occurrence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Dotted path from the top-level struct, e.g. `tuner.max_epochs`.
    pub path: String,
    /// 1-based line and column of the name.
    pub line: usize,
    pub col: usize,
    /// Byte range of the value's text, without comments around it.
    pub value: Range<usize>,
}

/// Every field of every struct in `src`, in order of appearance.
pub fn fields(src: &str) -> Vec<Field> {
    fields_in(src, &lex(src).tokens)
}

/// [`fields`] from tokens already made by [`lex`].
pub fn fields_in(src: &str, tokens: &[Token]) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    // Per open bracket: the path of the field whose struct value it opens.
    let mut stack: Vec<Option<String>> = Vec::new();
    // Fields whose value has not ended: (index in out, depth, first value token).
    let mut open: Vec<(usize, usize, usize)> = Vec::new();
    let mut lines = LineCounter::new(src);
    for (t, tok) in tokens.iter().enumerate() {
        match tok.kind {
            Kind::Open(_) => {
                // `name: (` or `name: Some(` / `name: TunerConfig(`.
                let owner = open
                    .last()
                    .filter(|&&(_, depth, first)| {
                        depth == stack.len()
                            && (t == first || (t == first + 1 && tokens[first].kind == Kind::Ident))
                    })
                    .map(|&(idx, _, _)| out[idx].path.clone());
                stack.push(owner);
            }
            Kind::Close(_) => {
                end_values(&mut out, &mut open, stack.len(), t, tokens, src.len());
                stack.pop();
            }
            Kind::Comma => end_values(&mut out, &mut open, stack.len(), t, tokens, src.len()),
            Kind::Ident if tokens.get(t + 1).is_some_and(|n| n.kind == Kind::Colon) => {
                let parent = match stack.last() {
                    Some(Some(parent)) if stack.len() > 1 => Some(parent.as_str()),
                    Some(_) if stack.len() == 1 => None,
                    _ => continue,
                };
                let name = &src[tok.range.clone()];
                let path = parent.map_or(name.to_string(), |p| format!("{p}.{name}"));
                let (line, col) = lines.at(tok.range.start);
                out.push(Field {
                    path,
                    line,
                    col,
                    value: tok.range.end..tok.range.end,
                });
                open.push((out.len() - 1, stack.len(), t + 2));
            }
            _ => {}
        }
    }
    end_values(&mut out, &mut open, 0, tokens.len(), tokens, src.len());
    out
}

/// Ends the values of fields at `depth` or deeper just before token `end`.
fn end_values(
    out: &mut [Field],
    open: &mut Vec<(usize, usize, usize)>,
    depth: usize,
    end: usize,
    tokens: &[Token],
    len: usize,
) {
    while let Some(&(idx, d, first)) = open.last() {
        if d < depth {
            break;
        }
        open.pop();
        out[idx].value = if first < end {
            tokens[first].range.start..tokens[end - 1].range.end
        } else {
            let at = tokens.get(end).map_or(len, |t| t.range.start);
            at..at
        };
    }
}

/// Line and column of increasing byte offsets, counted once.
struct LineCounter<'a> {
    src: &'a str,
    at: usize,
    line: usize,
    col: usize,
}

impl<'a> LineCounter<'a> {
    fn new(src: &'a str) -> Self {
        LineCounter {
            src,
            at: 0,
            line: 1,
            col: 1,
        }
    }

    /// 1-based line and column (in characters) of `at`, which must not be
    /// before the previous one asked for.
    fn at(&mut self, at: usize) -> (usize, usize) {
        for c in self.src[self.at..at].chars() {
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
        self.at = at;
        (self.line, self.col)
    }
}

/// 1-based line and column (in characters) of byte offset `at`.
pub fn line_col(src: &str, at: usize) -> (usize, usize) {
    LineCounter::new(src).at(at.min(src.len()))
}

/// Byte offset of 1-based `line` and `col` (in characters), as ron reports
/// them; the end of the text if it is shorter.
pub fn offset_of(src: &str, line: usize, col: usize) -> usize {
    let line_start = src
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    src[line_start..]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(src.len(), |(i, _)| line_start + i)
}

/// The first field at `path`.
pub fn find<'a>(fields: &'a [Field], path: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.path == path)
}

/// `src` with top-level fields set to new value text, keeping everything
/// else (comments, layout, line endings, other values). A field not in
/// `src` is added as the first line inside the outer parentheses.
pub fn set_values(src: &str, values: &[(&str, String)]) -> String {
    let mut out = src.to_string();
    let nl = if src.contains("\r\n") { "\r\n" } else { "\n" };
    let found = fields(src);
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut missing = String::new();
    for (name, value) in values {
        match find(&found, name) {
            Some(f) => edits.push((f.value.clone(), value.clone())),
            None => missing.push_str(&format!("{nl}    {name}: {value},")),
        }
    }
    // Replace from the end so earlier byte offsets stay valid.
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (range, value) in edits {
        out.replace_range(range, &value);
    }
    if !missing.is_empty() {
        match outer_paren(&out) {
            Some(at) => out.insert_str(at + 1, &missing),
            None => out = format!("({missing}{nl}){nl}"),
        }
    }
    out
}

/// Byte offset of the first `(` outside comments and strings.
fn outer_paren(src: &str) -> Option<usize> {
    lex(src)
        .tokens
        .iter()
        .find(|t| t.kind == Kind::Open(b'('))
        .map(|t| t.range.start)
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

    #[test]
    fn lexes_strings_comments_and_numbers_as_ron_does() {
        let src =
            "/* a /* nested */ comment */ (x: r#\"say \"hi\"\"#, y: \"a\\\"b\", z: -1e-8) // end";
        let lexed = lex(src);
        let text: Vec<&str> = lexed.tokens.iter().map(|t| &src[t.range.clone()]).collect();
        assert_eq!(
            text,
            vec![
                "(",
                "x",
                ":",
                "r#\"say \"hi\"\"#",
                ",",
                "y",
                ":",
                "\"a\\\"b\"",
                ",",
                "z",
                ":",
                "-1e-8",
                ")"
            ]
        );
        assert_eq!(lexed.open_comment, None);
        let open = lex("(x: \"abc");
        assert_eq!(open.tokens[3].kind, Kind::Str { closed: false });
        assert_eq!(lex("(x: 1, /* never /* closed */").open_comment, Some(7));
    }

    #[test]
    fn positions_count_characters_both_ways() {
        let src = "(\r\n\tmodel: \"café\", x: 1)";
        let x = src.find("x:").unwrap();
        assert_eq!(line_col(src, x), (2, 17));
        assert_eq!(offset_of(src, 2, 17), x);
        assert_eq!(offset_of(src, 9, 1), src.len());
        let f = fields(src);
        assert_eq!((f[1].path.as_str(), f[1].line, f[1].col), ("x", 2, 17));
    }

    /// A CRLF file used to get a bare LF line added in the middle.
    #[test]
    fn set_values_keeps_crlf_line_endings() {
        let src = "(\r\n    beta1: 0.9,\r\n)\r\n";
        let out = set_values(src, &[("seed", "Some(4)".into()), ("beta1", "0.93".into())]);
        assert_eq!(out, "(\r\n    seed: Some(4),\r\n    beta1: 0.93,\r\n)\r\n");
        assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
    }
}
