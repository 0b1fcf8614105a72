//! The help overlay's text: a screen's keys, each described under itself,
//! then the keys that work everywhere; and how far it scrolls.

use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};

use super::keys::{GLOBAL, Row, rows};
use super::layout::centered;
use super::screens::Tab;
use super::theme;

/// Indent of a key's description in the help, and of its wrapped lines.
const HELP_INDENT: usize = 9;

/// The help's lines for a box `width` columns wide inside its border: each
/// key's description wrapped under itself, then the keys that work
/// everywhere as one paragraph.
pub fn help_lines(screen: &str, keys: &[Row], width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width).max(HELP_INDENT + 10);
    let mut lines = vec![Line::from(format!("{screen} screen")).bold()];
    for Row { label, help, .. } in keys {
        // A label too long for the column gets a line of its own.
        let own_line = text_width(label) + 3 > HELP_INDENT;
        if own_line {
            lines.push(Line::from(Span::styled(format!("  {label}"), theme::key())));
        }
        let label = Span::styled(format!("  {label:<w$}", w = HELP_INDENT - 2), theme::key());
        let words = wrap_spans(vec![Span::raw(*help)], width - HELP_INDENT);
        for (i, mut line) in words.into_iter().enumerate() {
            let lead = if i == 0 && !own_line {
                label.clone()
            } else {
                Span::raw(" ".repeat(HELP_INDENT))
            };
            line.spans.insert(0, lead);
            lines.push(line);
        }
    }
    let mut everywhere = vec![Span::raw("Everywhere: ").bold()];
    // The F-keys, one per screen in the tabs' order.
    let titles: Vec<&str> = Tab::ALL.iter().map(|t| t.title()).collect();
    let f_keys = match Tab::ALL.len() {
        1 => "F1".to_string(),
        n => format!("F1-F{n}"),
    };
    let jump = (f_keys, format!("{} screen", titles.join(", ")));
    let mut global: Vec<(String, String)> = rows(GLOBAL)
        .into_iter()
        .map(|Row { label, help, .. }| (label.to_string(), help.to_string()))
        .collect();
    global.insert(1.min(global.len()), jump);
    for (i, (label, help)) in global.into_iter().enumerate() {
        if i > 0 {
            everywhere.push(Span::styled(" · ", theme::dim()));
        }
        everywhere.push(Span::styled(label, theme::key()));
        everywhere.push(Span::raw(format!(" {help}")));
    }
    lines.push(Line::from(""));
    lines.extend(wrap_spans(everywhere, width));
    lines
}

fn text_width(s: &str) -> usize {
    Line::from(s).width()
}

/// The start of `s` that fits in `width` columns.
pub fn cut_to(s: &str, width: usize) -> String {
    let mut used = 0;
    s.chars()
        .take_while(|c| {
            used += text_width(c.encode_utf8(&mut [0; 4]));
            used <= width
        })
        .collect()
}

/// Greedy word wrap of styled text into lines at most `width` wide; each
/// word keeps its span's style, and a word longer than a line is cut.
fn wrap_spans(spans: Vec<Span<'static>>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in spans {
        let style = span.style;
        // Words with the spaces before them, so a span's spacing survives.
        let text = span.content.into_owned();
        let mut rest = text.as_str();
        while !rest.is_empty() {
            let start = rest.len() - rest.trim_start().len();
            let end = rest[start..].find(' ').map_or(rest.len(), |e| start + e);
            let (word, tail) = rest.split_at(end);
            rest = tail;
            if used > 0 && used + text_width(word) > width {
                lines.push(Line::from(std::mem::take(&mut line)));
                used = 0;
            }
            // A new line starts at the word, not at the space before it.
            let word = if used == 0 { word.trim_start() } else { word };
            let piece = cut_to(word, width - used);
            used += text_width(&piece);
            line.push(Span::styled(piece, style));
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(Line::from(line));
    }
    lines
}

/// The help box in a terminal of `area`, its lines, and how far down they
/// can scroll.
pub fn help_layout(screen: &str, keys: &[Row], area: Rect) -> (Rect, Vec<Line<'static>>, u16) {
    let width = 78.min(area.width);
    let lines = help_lines(screen, keys, width.saturating_sub(2));
    let total = lines.len() as u16;
    let rect = centered(area, width, total.saturating_add(2));
    let most = total.saturating_sub(rect.height.saturating_sub(2));
    (rect, lines, most)
}

/// How far the help can scroll in a terminal of `size`.
pub fn help_scroll_max(screen: &str, keys: &[Row], size: Rect) -> u16 {
    help_layout(screen, keys, size).2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn help_wraps_under_each_description_and_never_runs_wide() {
        let keys = [
            Row {
                label: "x",
                short: "",
                help: "weights view: each weight times this digit's pixel (what the neuron sees in it)",
            },
            Row {
                label: "Home PgUp End PgDn",
                short: "",
                help: "move diagonally",
            },
        ];
        let lines = help_lines("Network", &keys, 60);
        let texts: Vec<String> = lines.iter().map(text).collect();
        assert!(lines.iter().all(|l| l.width() <= 60), "{texts:#?}");
        assert!(texts[1].starts_with("  x      weights view"), "{texts:#?}");
        assert!(texts[2].starts_with(&" ".repeat(HELP_INDENT)), "{texts:#?}");
        assert_ne!(texts[2].trim(), "", "{texts:#?}");
        // The long label on its own line, its description under it.
        let at = texts.iter().position(|t| t.trim() == "Home PgUp End PgDn");
        let at = at.expect("the long label has its own line");
        assert_eq!(texts[at + 1].trim(), "move diagonally");
        // Every word survives the wrapping.
        let all = texts.join(" ");
        for word in keys[0].help.split(' ') {
            assert!(all.contains(word), "{word} lost: {texts:#?}");
        }
    }
}
