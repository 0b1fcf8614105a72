//! A 28x28 digit as terminal lines: braille dots or gray half blocks.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use crate::digit::braille;

pub use super::picture::Render;

/// A 28x28 image as terminal lines, in braille or gray half blocks;
/// `cursor` (cell) is shown reversed.
pub fn digit_lines(
    pixels: &[u8],
    render: Render,
    cursor: Option<(usize, usize)>,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = match render {
        Render::Braille => braille::digit(pixels).into_iter().map(Line::from).collect(),
        Render::Blocks => braille::half_blocks(pixels, 28, 28)
            .into_iter()
            .map(|row| {
                Line::from(
                    row.into_iter()
                        .map(|(up, down)| {
                            Span::styled("▀", Style::new().fg(gray(up)).bg(gray(down)))
                        })
                        .collect::<Vec<_>>(),
                )
            })
            .collect(),
    };
    if let Some((c, r)) = cursor
        && let Some(line) = lines.get_mut(r)
    {
        // Split the cursor cell out of its line and reverse it.
        let text: Vec<(String, Style)> = line
            .spans
            .iter()
            .flat_map(|s| s.content.chars().map(move |ch| (ch.to_string(), s.style)))
            .collect();
        *line = Line::from(
            text.into_iter()
                .enumerate()
                .map(|(i, (t, st))| {
                    let st = if i == c {
                        st.add_modifier(Modifier::REVERSED)
                    } else {
                        st
                    };
                    Span::styled(t, st)
                })
                .collect::<Vec<_>>(),
        );
    }
    lines
}

/// A pixel's gray level, as the colour mode can show it (the Play screen
/// itself now draws digits with `picture::Picture`).
pub fn gray(v: u8) -> Color {
    crate::tui::theme::gray(v)
}
