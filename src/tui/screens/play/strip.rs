//! The strip of the last rounds: each a thumbnail of the digit (its true
//! value in the corner) with your answer and the network's under it,
//! newest first, as many as fit. Too short for thumbnails, it becomes a
//! line of text entries. Empty, it says what will appear.

use std::collections::VecDeque;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::state::Past;
use crate::tui::theme;
use crate::tui::widgets::picture::{Picture, Render, Shade, backdrop, halve};

/// A thumbnail (28x28 braille, or 14x14 half blocks) and its label line.
pub const THUMB_ROWS: u16 = 8;
const THUMB_COLS: u16 = 14;
/// Columns between thumbnails.
const GAP: u16 = 2;
/// A text entry, "7: 7✓ 1✗", and the space after it.
const ENTRY_COLS: u16 = 9;

/// Thumbnails across and down that fit `inner` (0 down: use text).
pub fn slots(inner: Rect) -> (usize, usize) {
    if inner.width < THUMB_COLS || inner.height < THUMB_ROWS {
        return (0, 0);
    }
    let across = (inner.width + GAP) / (THUMB_COLS + GAP);
    let down = inner.height / THUMB_ROWS;
    (across as usize, down as usize)
}

fn mark(answer: u8, truth: u8) -> Span<'static> {
    if answer == truth {
        Span::styled(format!("{answer}✓"), theme::ok())
    } else {
        Span::styled(format!("{answer}✗"), theme::error())
    }
}

/// The label under a thumbnail: "you 7✓ net 1✗".
pub fn label(p: &Past) -> Line<'static> {
    Line::from(vec![
        Span::styled("you ", theme::dim()),
        mark(p.guess, p.label),
        Span::styled(" net ", theme::dim()),
        mark(p.prediction, p.label),
    ])
}

/// A text entry: "7: 7✓ 1✗" (the digit, your answer, the network's).
pub fn entry(p: &Past) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!("{}:", p.label), Style::new()),
        Span::raw(" "),
        mark(p.guess, p.label),
        Span::raw(" "),
        mark(p.prediction, p.label),
        Span::raw("  "),
    ]
}

/// What the empty strip says will appear in it, with a sample of the
/// label (thumbnails) or entry (text) it will show.
pub fn promise(thumbnails: bool) -> Vec<Line<'static>> {
    let sample = Past {
        index: 0,
        label: 7,
        guess: 7,
        prediction: 1,
        hard: false,
        picture: Vec::new(),
    };
    let dim = |s: &'static str| Line::from(s).style(theme::dim());
    if thumbnails {
        vec![
            dim("Each round you play lands here,"),
            dim("newest first: its digit, the true"),
            dim("value in the corner, and under it"),
            dim("your answer and the network's:"),
            Line::from(""),
            label(&sample),
            Line::from(""),
            dim("✓ right, ✗ wrong"),
        ]
    } else {
        let mut e = entry(&sample);
        e.pop();
        e.push(Span::styled(" = digit: you, net", theme::dim()));
        vec![
            dim("Rounds you play line up here:"),
            Line::from(e),
            dim("✓ right, ✗ wrong"),
        ]
    }
}

/// A round's thumbnail picture: the digit in braille, or halved to 14x14
/// in half blocks so it takes the same cells.
fn thumbnail(frame: &mut Frame, pic: Rect, past: &Past, render: Render) {
    frame.buffer_mut().set_style(pic, backdrop());
    match render {
        Render::Braille => frame.render_widget(
            Picture::new(&past.picture, 28, 28, Shade::Gray).render(Render::Braille),
            pic,
        ),
        Render::Blocks => {
            let small = halve(&past.picture, 28);
            frame.render_widget(
                Picture::new(&small, 14, 14, Shade::Gray).render(Render::Blocks),
                pic,
            );
        }
    }
}

pub fn draw(frame: &mut Frame, area: Rect, history: &VecDeque<Past>, render: Render) {
    if area.height < 3 {
        return;
    }
    let inner = Block::bordered().inner(area);
    let (across, down) = slots(inner);
    let title = if across == 0 || down == 0 {
        " last rounds: digit: you net "
    } else {
        " last rounds: you, network "
    };
    frame.render_widget(
        Block::bordered().title(title).border_style(theme::border()),
        area,
    );
    if history.is_empty() {
        // Centred, so the empty panel reads as waiting, not broken.
        let lines = promise(across > 0 && down > 0);
        let rows = (lines.len() as u16).min(inner.height);
        let at = Rect::new(
            inner.x,
            inner.y + (inner.height - rows) / 2,
            inner.width,
            rows,
        );
        frame.render_widget(
            Paragraph::new(lines).centered().wrap(Wrap { trim: true }),
            at,
        );
        return;
    }
    if across == 0 || down == 0 {
        // One line per row of text entries, newest first.
        let per_line = (inner.width / ENTRY_COLS).max(1) as usize;
        let lines: Vec<Line> = history
            .iter()
            .collect::<Vec<_>>()
            .chunks(per_line)
            .take(inner.height as usize)
            .map(|chunk| Line::from(chunk.iter().flat_map(|p| entry(p)).collect::<Vec<_>>()))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    // Centre the grid in the panel.
    let used = across as u16 * (THUMB_COLS + GAP) - GAP;
    let x0 = inner.x + (inner.width - used) / 2;
    for (i, past) in history.iter().take(across * down).enumerate() {
        let (col, row) = ((i % across) as u16, (i / across) as u16);
        let x = x0 + col * (THUMB_COLS + GAP);
        let y = inner.y + row * THUMB_ROWS;
        let pic = Rect::new(x, y, THUMB_COLS, THUMB_ROWS - 1);
        thumbnail(frame, pic, past, render);
        // The true digit in the thumbnail's corner (MNIST leaves a margin
        // there), so a round both got wrong still says what it was.
        frame.render_widget(
            Paragraph::new(Span::styled(
                past.label.to_string(),
                theme::ok().add_modifier(Modifier::BOLD),
            )),
            Rect::new(x, y, 1, 1),
        );
        frame.render_widget(
            Paragraph::new(label(past)).centered(),
            Rect::new(x, y + THUMB_ROWS - 1, THUMB_COLS, 1),
        );
    }
}
