//! The first-launch card: a small picture of the network beside what this
//! is, the four screens, and where to start (? then w brings it back).

mod sketch;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::layout::centered;
use super::screens::Tab;
use super::theme;
use super::widgets::wrapped_rows;

/// The first-launch card: a small picture of the network beside what this
/// is, the four screens, and where to start.
pub fn draw(frame: &mut Frame, area: Rect) {
    let lines = welcome_words();
    // The words need this much (the longest screen line); the picture
    // gets the rest, more on a wide terminal.
    const WORDS: u16 = 57;
    let width = if area.width >= 104 {
        100
    } else {
        78.min(area.width)
    };
    let inner_w = width.saturating_sub(2);
    // A rule between picture and words, so the output neurons' digits
    // do not read as the start of the words beside them.
    let picture_w = inner_w.saturating_sub(WORDS + 3).min(40);
    let picture_w = if picture_w >= sketch::MIN_WIDTH {
        picture_w
    } else {
        0
    };
    let space = if picture_w > 0 { 3 } else { 0 };
    let words_w = inner_w.saturating_sub(picture_w + space);
    let sketch_rows = if picture_w > 0 {
        sketch::rows(picture_w)
    } else {
        0
    };
    let rows = wrapped_rows(&lines, words_w).max(sketch_rows);
    let rect = centered(area, width, rows.saturating_add(2));
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(" welcome to mnist-tui ")
        .border_style(theme::key());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [picture, rule, words] = Layout::horizontal([
        Constraint::Length(picture_w),
        Constraint::Length(space),
        Constraint::Min(0),
    ])
    .areas(inner);
    if picture_w > 0 {
        let top = picture.y + picture.height.saturating_sub(sketch_rows) / 2;
        let at = Rect::new(picture.x, top, picture.width, sketch_rows).intersection(picture);
        sketch::draw(frame, at);
        let bar = vec![Line::from("│"); usize::from(rule.height)];
        frame.render_widget(Paragraph::new(bar).style(theme::border()).centered(), rule);
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), words);
}

fn welcome_words() -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from("A neural network learning to read handwritten digits").bold(),
        Line::from(
            "the 784-16-16-10 network of 3Blue1Brown's \"But what is a neural network?\", \
             trained on MNIST's 60,000 digits while you watch.",
        ),
        Line::from(""),
    ];
    // One line per screen, the descriptions in one column.
    let name_width = Tab::ALL.iter().map(|t| t.title().len()).max().unwrap_or(0);
    for (i, tab) in Tab::ALL.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(
                format!("F{} {:<name_width$}  ", i + 1, tab.title()),
                theme::key(),
            ),
            Span::raw(tab.blurb()),
        ]));
    }
    // No-break spaces: the wrap trims a line's leading plain spaces.
    let k = |s: &'static str| Span::styled(format!("\u{a0}\u{a0}{s} "), theme::key());
    lines.extend([
        Line::from(""),
        Line::from("Start with:").bold(),
        Line::from(vec![
            k("s"),
            Span::raw("on Train: train a network from scratch"),
        ]),
        Line::from(vec![
            k("?"),
            Span::raw("every key of the screen you are on"),
        ]),
        Line::from(vec![k("q"), Span::raw("quit")]),
        Line::from(""),
        Line::from(Span::styled(
            "any key closes this card; it is not shown again (? then w brings it back)",
            theme::dim(),
        )),
    ]);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::{App, Overlay};

    fn welcome() -> App {
        let mut a = crate::tui::test_support::app();
        a.overlay = Overlay::Welcome;
        a
    }

    #[test]
    fn the_welcome_card_pictures_the_network_beside_the_words() {
        use crate::tui::test_support::{SIZES, render};
        for (w, h) in SIZES {
            let screen = render(&welcome(), w, h);
            let neurons = screen.matches('●').count();
            assert_eq!(neurons, 16 + 16 + 10, "{w}x{h}:\n{screen}");
            let row = |needle: &str| {
                screen
                    .lines()
                    .find(|l| l.contains(needle))
                    .unwrap_or_else(|| panic!("{needle} at {w}x{h}:\n{screen}"))
                    .to_string()
            };
            // The layers' sizes under the columns, the words beside them.
            assert!(row("784").contains("16") && row("784").contains("10"));
            assert!(row("guess test digits").contains('●'), "{w}x{h}");
            assert!(screen.contains("welcome to mnist-tui"));
        }
    }

    #[test]
    fn the_welcome_cards_screens_and_keys_line_up() {
        use crate::tui::test_support::{SIZES, render};
        for (w, h) in SIZES {
            let screen = render(&welcome(), w, h);
            // The column (in characters) where `needle` starts in the card.
            let card = screen.lines().skip_while(|l| !l.contains("welcome to"));
            let column = |needle: &str| {
                card.clone()
                    .find_map(|l| l.find(needle).map(|b| l[..b].chars().count()))
                    .unwrap_or_else(|| panic!("{needle} at {w}x{h}:\n{screen}"))
            };
            let blurbs: Vec<usize> = Tab::ALL.iter().map(|t| column(t.blurb())).collect();
            assert!(
                blurbs.iter().all(|&c| c == blurbs[0]),
                "{w}x{h}: {blurbs:?}"
            );
            let names: Vec<usize> = Tab::ALL
                .iter()
                .enumerate()
                .map(|(i, t)| column(&format!("F{} {}", i + 1, t.title())))
                .collect();
            // "Start with:" keys indented under the heading.
            let start = column("Start with:");
            for key in ["s on Train", "? every key", "q quit"] {
                assert_eq!(column(key), start + 2, "{key} at {w}x{h}:\n{screen}");
            }
            assert!(names.iter().all(|&c| c == start), "{w}x{h}: {names:?}");
        }
    }

    #[test]
    fn snapshot_welcome_card() {
        crate::tui::test_support::snapshot_sizes("welcome_card", &welcome());
    }
}
