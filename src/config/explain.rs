//! A ron parse error said in terms of config.ron: where it really is, which
//! field (dotted for nested ones), and what is wrong, in a learner's words.
//!
//! ron reports where its parser gave up, which is often one token after
//! the mistake (a missing comma shows up at the next field) or far after it
//! (an unclosed string swallows the text up to the next quote). The token
//! list from [`fields::lex`] lets us find the real place.

use ron::Error as E;

use super::fields::{self, Field, Kind, Token};

/// A message and the byte offset it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explained {
    pub at: usize,
    pub message: String,
}

/// What each field takes, for messages; None for names that are not fields.
pub fn expects(path: &str) -> Option<&'static str> {
    crate::hyper::expects(path)
}

/// The text and what ron and [`fields`] found in it.
struct Ctx<'a> {
    src: &'a str,
    tokens: &'a [Token],
    fields: &'a [Field],
}

/// Explains `e`, an error ron gave for `src`.
pub fn explain(src: &str, e: &ron::error::SpannedError) -> Explained {
    let lexed = fields::lex(src);
    let found = fields::fields_in(src, &lexed.tokens);
    let cx = Ctx {
        src,
        tokens: &lexed.tokens,
        fields: &found,
    };
    let at = fields::offset_of(src, e.span.start.line, e.span.start.col);
    // A string or comment left open swallows what follows: that is the
    // mistake, wherever ron gave up.
    if let Some(x) = cx.unclosed_string(at) {
        return x;
    }
    if let Some(start) = lexed.open_comment.filter(|&s| s <= at) {
        return Explained {
            at: start,
            message: "this /* comment is never closed with */".into(),
        };
    }
    if cx.tokens.is_empty() {
        return Explained {
            at: 0,
            message: "the file has no settings: write them inside ( ), e.g. (batch_size: 32); \
                      an empty () uses the built-in defaults"
                .into(),
        };
    }
    // The token ron stopped at: the first one not wholly before its position.
    match cx.tokens.iter().position(|t| t.range.end > at) {
        Some(t) => cx.at_token(&e.code, t, at),
        None => cx.ended_early(),
    }
}

impl Ctx<'_> {
    fn text(&self, t: &Token) -> &str {
        &self.src[t.range.clone()]
    }

    /// A token's text for a message: its first line, shortened.
    fn quote(&self, t: &Token) -> String {
        let text = self.text(t).lines().next().unwrap_or("");
        let short: String = text.chars().take(30).collect();
        let more = if short.len() < self.text(t).len() {
            "…"
        } else {
            ""
        };
        format!("`{}{more}`", printable(&short))
    }

    fn where_(&self, at: usize) -> String {
        let (line, col) = fields::line_col(self.src, at);
        format!("line {line}, column {col}")
    }

    /// The innermost field whose value holds byte `at`.
    fn field_at(&self, at: usize) -> Option<&Field> {
        self.fields
            .iter()
            .filter(|f| f.value.contains(&at) || (f.value.is_empty() && f.value.start == at))
            .max_by_key(|f| f.value.start)
    }

    fn path_at(&self, at: usize) -> Option<&str> {
        self.field_at(at).map(|f| f.path.as_str())
    }

    /// `name` as a dotted path inside the field that holds byte `at`.
    fn nested(&self, at: usize, name: &str) -> String {
        match self.path_at(at) {
            Some(parent) => format!("{parent}.{name}"),
            None => name.to_string(),
        }
    }

    /// A string that starts before `at` and runs past its line (or to the
    /// end of the file): config strings are paths and URLs, never several
    /// lines, so its closing quote is missing.
    fn unclosed_string(&self, at: usize) -> Option<Explained> {
        let s = self
            .tokens
            .iter()
            .take_while(|t| t.range.start <= at)
            .find(|t| match t.kind {
                Kind::Str { closed } => !closed || self.text(t).contains('\n'),
                _ => false,
            })?;
        let start = s.range.start;
        Some(Explained {
            at: start,
            message: with_field(
                self.path_at(start),
                format!(
                    "the string starting at {} ({}) is not closed: a \" is missing at its end",
                    self.where_(start),
                    self.quote(s)
                ),
            ),
        })
    }

    /// The file ends while a bracket is open.
    fn ended_early(&self) -> Explained {
        let at = self.src.trim_end().len();
        let message = match self.unclosed_bracket(self.tokens.len()) {
            Some(open) => with_field(
                self.path_at(open.range.start),
                format!(
                    "the file ended early: the {} at {} is never closed (is a {} missing?)",
                    self.quote(open),
                    self.where_(open.range.start),
                    closing(open)
                ),
            ),
            None => "the file ended early".into(),
        };
        Explained { at, message }
    }

    /// The innermost bracket still open before token `t`.
    fn unclosed_bracket(&self, t: usize) -> Option<&Token> {
        let mut open = Vec::new();
        for tok in &self.tokens[..t] {
            match tok.kind {
                Kind::Open(_) => open.push(tok),
                Kind::Close(_) => {
                    open.pop();
                }
                _ => {}
            }
        }
        open.pop()
    }

    /// An error at token `t`; ron gave up at byte `ron_at`.
    fn at_token(&self, code: &E, t: usize, ron_at: usize) -> Explained {
        let tok = &self.tokens[t];
        let at = tok.range.start;
        let here = |message: String| Explained { at, message };
        // ron stopped inside a value (`100.5` read as the whole number 100):
        // the value as written is what is wrong.
        if ron_at > at && tok.kind == Kind::Other {
            return here(self.wrong_value(code, t));
        }
        // A file cut after its last token: ron wanted more.
        let about_names = matches!(
            code,
            E::TrailingCharacters | E::NoSuchStructField { .. } | E::DuplicateStructField { .. }
        );
        let wants_more = matches!(
            code,
            E::Eof
                | E::ExpectedMapColon
                | E::ExpectedComma
                | E::ExpectedStructLikeEnd
                | E::ExpectedArrayEnd
                | E::ExpectedOptionEnd
                | E::ExpectedMapEnd
        ) || matches!(
            tok.kind,
            Kind::Colon | Kind::Comma | Kind::Open(_) | Kind::Close(_)
        );
        if t + 1 == self.tokens.len() && wants_more && !about_names {
            return self.mismatched(t).unwrap_or_else(|| self.ended_early());
        }
        match code {
            E::NoSuchStructField {
                expected, found, ..
            } => here(self.unknown_field(at, expected, found)),
            E::DuplicateStructField { field, .. } => here(self.duplicate(at, field)),
            E::TrailingCharacters => here(self.trailing(t)),
            E::ExpectedMapColon => self.no_colon(t),
            E::ExpectedComma
            | E::ExpectedStructLikeEnd
            | E::ExpectedArrayEnd
            | E::ExpectedOptionEnd
            | E::ExpectedMapEnd => self
                .missing_comma(t)
                .or_else(|| self.mismatched(t))
                .unwrap_or_else(|| here(self.not_ended(code, t))),
            _ => self
                .mismatched(t)
                .unwrap_or_else(|| here(self.wrong_value(code, t))),
        }
    }

    fn unknown_field(&self, at: usize, expected: &[&str], found: &str) -> String {
        let parent = self.path_at(at).map_or(String::new(), |p| format!("{p}."));
        let closest = expected.iter().min_by_key(|f| distance(f, found));
        // One typo in four letters: "mean" is not a misspelt "beta1".
        let near = 1 + found.chars().count() / 4;
        match closest.filter(|f| distance(f, found) <= near) {
            Some(f) => format!("unknown field `{parent}{found}`; did you mean `{parent}{f}`?"),
            None => format!(
                "unknown field `{parent}{found}`; the fields are: {}",
                expected.join(", ")
            ),
        }
    }

    fn duplicate(&self, at: usize, field: &str) -> String {
        let path = self.nested(at, field);
        let first = fields::find(self.fields, &path)
            .map_or(String::new(), |f| format!(" (first on line {})", f.line));
        format!("{path}: is set twice{first}; keep one of them")
    }

    /// Text after the `)` that closed the outer `(`.
    fn trailing(&self, t: usize) -> String {
        let tok = &self.tokens[t];
        let Some(end) = t
            .checked_sub(1)
            .map(|p| &self.tokens[p])
            .filter(|p| matches!(p.kind, Kind::Close(_)))
        else {
            return format!("{} comes after the end of the settings", self.quote(tok));
        };
        let end_at = format!(
            "the {} at {}",
            self.quote(end),
            self.where_(end.range.start)
        );
        let closes_later = self.tokens[t..]
            .iter()
            .any(|x| matches!(x.kind, Kind::Close(_)));
        if matches!(tok.kind, Kind::Close(_)) {
            format!(
                "one {} too many: the settings already ended with {end_at}",
                self.quote(tok)
            )
        } else if closes_later {
            // More brackets follow: this `)` was meant to close something inner.
            format!(
                "{} comes after the end of the settings: {end_at} already closes the outer `(`; is it one too many?",
                self.quote(tok)
            )
        } else {
            format!(
                "{} comes after the end of the settings ({end_at}); everything belongs inside the outer ( )",
                self.quote(tok)
            )
        }
    }

    /// Two values or fields with nothing between them: a comma is missing
    /// after the first. Said where the comma belongs.
    fn missing_comma(&self, t: usize) -> Option<Explained> {
        let (prev, cur) = (&self.tokens[t.checked_sub(1)?], &self.tokens[t]);
        let ends_value = match prev.kind {
            Kind::Str { closed } => closed,
            Kind::Other => self.is_number(prev),
            Kind::Ident | Kind::Close(_) => true,
            _ => false,
        };
        let starts_value = match cur.kind {
            Kind::Other => self.is_number(cur),
            Kind::Str { .. } | Kind::Ident | Kind::Open(_) => true,
            _ => false,
        };
        if !ends_value || !starts_value {
            return None;
        }
        let at = prev.range.end;
        let (line, _) = fields::line_col(self.src, at);
        let starts_field = self
            .tokens
            .get(t + 1)
            .is_some_and(|n| n.kind == Kind::Colon && cur.kind == Kind::Ident);
        let message = if starts_field {
            let before = self.field_at(prev.range.start)?;
            format!(
                "a comma is probably missing after {} (line {line}), before `{}`",
                self.describe(before, prev.range.end),
                self.text(cur)
            )
        } else {
            with_field(
                self.path_at(at),
                format!(
                    "a comma is probably missing between {} and {}",
                    self.quote(prev),
                    self.quote(cur)
                ),
            )
        };
        Some(Explained { at, message })
    }

    /// A number as written (ron's parser decides whether it is a good one).
    fn is_number(&self, t: &Token) -> bool {
        self.text(t)
            .starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'))
    }

    /// `name: value` when the value up to `end` is short, else the name.
    fn describe(&self, f: &Field, end: usize) -> String {
        let value = self.src.get(f.value.start..end).unwrap_or("");
        if value.contains('\n') || value.chars().count() > 30 {
            format!("`{}`", f.path)
        } else {
            format!("`{}: {value}`", f.path)
        }
    }

    /// A closing bracket at `t` that does not match the open one.
    fn mismatched(&self, t: usize) -> Option<Explained> {
        let tok = &self.tokens[t];
        let Kind::Close(c) = tok.kind else {
            return None;
        };
        let open = self.unclosed_bracket(t)?;
        let Kind::Open(o) = open.kind else {
            return None;
        };
        if closing_char(o) == c {
            return None;
        }
        Some(Explained {
            at: tok.range.start,
            message: with_field(
                self.path_at(open.range.start),
                format!(
                    "the {} at {} is closed by {} (is a {} missing?)",
                    self.quote(open),
                    self.where_(open.range.start),
                    self.quote(tok),
                    closing(open)
                ),
            ),
        })
    }

    /// Something other than a comma or the closing bracket after a value.
    fn not_ended(&self, code: &E, t: usize) -> String {
        let tok = &self.tokens[t];
        let wanted = match (code, self.unclosed_bracket(t)) {
            (E::ExpectedComma, Some(open)) => format!("a comma or a {}", closing(open)),
            (E::ExpectedComma, None) => "a comma".into(),
            (_, Some(open)) => format!("a {}", closing(open)),
            (_, None) => "a closing bracket".into(),
        };
        with_field(
            self.path_at(tok.range.start),
            format!("expected {wanted}, found {}", self.quote(tok)),
        )
    }

    /// A value of the wrong kind, a bad number, a bad escape, or no field name
    /// where one belongs.
    fn wrong_value(&self, code: &E, t: usize) -> String {
        let tok = &self.tokens[t];
        let at = tok.range.start;
        let path = self.path_at(at);
        let takes = path.and_then(|p| expects(p).map(|x| (p, x)));
        let found = match tok.kind {
            Kind::Comma | Kind::Close(_) => "nothing (the value is missing)".to_string(),
            _ => self.quote(tok),
        };
        // "found X, but ..." or "X is too large; ...", and ron's own words
        // only where ours are vague.
        let mut but = "; ";
        let mut ron_words = String::new();
        let what = match code {
            E::ExpectedIdentifier => return self.no_field_name(t),
            E::ExpectedNamedStructLike(_)
            | E::ExpectedStructLike
            | E::ExpectedDifferentStructName { .. }
                if path.is_none() =>
            {
                return format!(
                    "the settings must be written inside ( ), e.g. (batch_size: 32); found {found}"
                );
            }
            E::ExpectedDifferentStructName { .. } => {
                return with_field(
                    path,
                    format!("write ( ... ) without a name before it (found {found})"),
                );
            }
            E::IntegerOutOfBounds if self.text(tok).starts_with('-') => {
                format!("{found} is below 0")
            }
            E::IntegerOutOfBounds => format!("{found} is too large"),
            E::InvalidEscape(_) => {
                return with_field(
                    path,
                    format!(
                        "a \\ in quotes starts an escape such as \\n; write \\\\ for a backslash \
                         (or use / in paths), found {found}"
                    ),
                );
            }
            E::UnexpectedChar(_) if self.text(tok) == "/" => {
                "a single `/`: comments start with // or /*".to_string()
            }
            E::UnexpectedChar(c) => format!("unexpected character `{}`", c.escape_debug()),
            E::InvalidIdentifier(name) | E::SuggestRawIdentifier(name) => {
                let short: String = name.chars().take(30).collect();
                return with_field(
                    path,
                    format!(
                        "`{}` is not a valid name: names hold only letters, digits and _",
                        printable(&short)
                    ),
                );
            }
            E::ExceededRecursionLimit => "the values are nested too deeply".into(),
            _ => {
                but = ", but ";
                ron_words = format!(" ({})", lower_first(&code.to_string()));
                format!("found {found}")
            }
        };
        match takes {
            Some((p, x)) => format!("{p}: {what}{but}{p} takes {x}"),
            None => with_field(path, format!("{what}{ron_words}")),
        }
    }

    /// No field name where one belongs: `,,`, `"name": 1`, `( 5 )`.
    fn no_field_name(&self, t: usize) -> String {
        let tok = &self.tokens[t];
        let prev_comma = t.checked_sub(1).map(|p| self.tokens[p].kind) == Some(Kind::Comma);
        let hint = match tok.kind {
            Kind::Comma if prev_comma => "; two commas in a row?",
            Kind::Str { .. } => "; field names are written without quotes, e.g. batch_size: 32",
            _ => "",
        };
        with_field(
            self.path_at(tok.range.start),
            format!("expected a field name, found {}{hint}", self.quote(tok)),
        )
    }

    /// A field name not followed by `:`, said where the `:` belongs. ron
    /// stops just after the name or at it.
    fn no_colon(&self, t: usize) -> Explained {
        let tok = &self.tokens[t];
        let prev = t.checked_sub(1).map(|p| &self.tokens[p]);
        let (name, found) = match (prev, self.tokens.get(t + 1)) {
            (Some(prev), _) if prev.kind == Kind::Ident => (prev, tok),
            (_, Some(next)) if tok.kind == Kind::Ident => (tok, next),
            _ => {
                return Explained {
                    at: tok.range.start,
                    message: with_field(
                        self.path_at(tok.range.start),
                        format!("expected a `:`, found {}", self.quote(tok)),
                    ),
                };
            }
        };
        Explained {
            at: name.range.end,
            message: format!(
                "{}: a `:` is missing after the field name, found {}",
                self.nested(name.range.start, self.text(name)),
                self.quote(found)
            ),
        }
    }
}

/// The closing bracket of an open one, quoted.
fn closing(open: &Token) -> String {
    match open.kind {
        Kind::Open(o) => format!("`{}`", closing_char(o) as char),
        _ => "closing bracket".into(),
    }
}

fn closing_char(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

/// `s` with control characters escaped, so a message stays one line.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn with_field(path: Option<&str>, message: String) -> String {
    match path {
        Some(p) => format!("{p}: {message}"),
        None => message,
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_lowercase().chain(c).collect())
}

/// Levenshtein distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
