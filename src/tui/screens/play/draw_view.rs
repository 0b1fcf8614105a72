//! Drawing the Play screen in draw mode: a big canvas, what the network
//! sees of it (cropped and centred as MNIST was made), and its answer as
//! live bars.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::panel::picture_panel_width;
use super::state::{Pen, PlayScreen};
use crate::digit::SIDE;
use crate::fmt::percent1;
use crate::network::{OUTPUTS, argmax};
use crate::tui::theme;
use crate::tui::widgets::bars::{MARKED_EXTRA, Marks, marked_bars};
use crate::tui::widgets::picture::{
    Picture, Render, Shade, backdrop, cells, centred_picture, largest_scale,
};

/// Where the canvas is on screen and how big its pixels are, for drawing
/// it and for turning mouse positions into pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CanvasGeometry {
    /// The picture's cells (inside the panel's border).
    pub area: Rect,
    pub scale: usize,
    pub render: Render,
}

impl CanvasGeometry {
    /// Pixels per cell, across and down.
    fn pixels_per_cell(&self) -> (f32, f32) {
        let k = self.scale as f32;
        match self.render {
            Render::Braille => (2.0 / k, 4.0 / k),
            Render::Blocks => (1.0 / k, 2.0 / k),
        }
    }

    pub fn contains(&self, col: u16, row: u16) -> bool {
        self.area.contains(ratatui::layout::Position::new(col, row))
    }

    /// The canvas position (in pixels, fractional) under the middle of
    /// screen cell (`col`, `row`); outside 0..28 when the cell is.
    pub fn pixel_at(&self, col: u16, row: u16) -> (f32, f32) {
        let (pw, ph) = self.pixels_per_cell();
        (
            (col as f32 - self.area.x as f32 + 0.5) * pw,
            (row as f32 - self.area.y as f32 + 0.5) * ph,
        )
    }

    /// The screen cells that show canvas pixel `(x, y)`.
    pub fn cells_of(&self, (x, y): (usize, usize)) -> Rect {
        let (pw, ph) = self.pixels_per_cell();
        let (c0, c1) = ((x as f32 / pw) as u16, ((x + 1) as f32 / pw).ceil() as u16);
        let (r0, r1) = ((y as f32 / ph) as u16, ((y + 1) as f32 / ph).ceil() as u16);
        Rect::new(
            self.area.x + c0,
            self.area.y + r0,
            c1.saturating_sub(c0).max(1),
            r1.saturating_sub(r0).max(1),
        )
        .intersection(self.area)
    }
}

/// The canvas in a Play `body` (the same layout `draw` uses).
pub fn canvas_geometry(body: Rect, render: Render) -> CanvasGeometry {
    let panel = picture_panel_width(body, render);
    let k = largest_scale(
        render,
        SIDE,
        SIDE,
        panel.saturating_sub(4),
        body.height.saturating_sub(2),
    );
    let (w, h) = cells(render, SIDE, SIDE, k);
    let area = Rect::new(body.x + 2, body.y + 1, w, h).intersection(body);
    CanvasGeometry {
        area,
        scale: k,
        render,
    }
}

fn pen_colour(pen: Pen) -> Style {
    match pen {
        Pen::Up => Style::new().bg(theme::rgb(0, 90, 110)),
        Pen::Ink => Style::new().bg(theme::rgb(0, 175, 205)),
        Pen::Erase => Style::new().bg(theme::rgb(200, 70, 50)),
    }
}

pub fn draw(frame: &mut Frame, body: Rect, play: &PlayScreen) {
    let geometry = canvas_geometry(body, play.render);
    let [left, right] = Layout::horizontal([
        Constraint::Length(picture_panel_width(body, play.render)),
        Constraint::Min(0),
    ])
    .areas(body);
    let [canvas_box, below] = Layout::vertical([
        Constraint::Length(geometry.area.height + 2),
        Constraint::Min(0),
    ])
    .areas(left);
    let pen = match play.pen {
        Pen::Up => "pen up",
        Pen::Ink => "pen DOWN",
        Pen::Erase => "ERASER",
    };
    frame.render_widget(
        Block::bordered()
            .title(format!(" draw · {pen} "))
            .border_style(theme::key()),
        canvas_box,
    );
    frame.buffer_mut().set_style(geometry.area, backdrop());
    if play.canvas_picture.len() == SIDE * SIDE {
        frame.render_widget(
            Picture::new(&play.canvas_picture, SIDE, SIDE, Shade::Gray)
                .render(play.render)
                .scale(geometry.scale),
            geometry.area,
        );
    }
    // The cursor: the cells of its pixel, in the pen's colour.
    let cursor = geometry.cells_of(play.cursor);
    if theme::colour() && play.render == Render::Blocks {
        // A half block's upper pixel is its foreground: colour both.
        let c = pen_colour(play.pen).bg.unwrap_or_default();
        frame
            .buffer_mut()
            .set_style(cursor, Style::new().fg(c).bg(c));
    } else if theme::colour() {
        frame.buffer_mut().set_style(cursor, pen_colour(play.pen));
    } else {
        frame
            .buffer_mut()
            .set_style(cursor, Style::new().add_modifier(Modifier::REVERSED));
    }
    let hints = vec![
        Line::from(vec![
            Span::styled("mouse ", theme::key()),
            Span::styled("left draws, right erases", theme::dim()),
        ]),
        Line::from(vec![
            Span::styled("arrows Home PgUp End PgDn ", theme::key()),
            Span::styled("move", theme::dim()),
        ]),
        Line::from(vec![
            Span::styled("Space ", theme::key()),
            Span::styled("pen  ", theme::dim()),
            Span::styled("e ", theme::key()),
            Span::styled("eraser  ", theme::dim()),
            Span::styled("c ", theme::key()),
            Span::styled("clear", theme::dim()),
        ]),
        Line::from(vec![
            Span::styled("w ", theme::key()),
            Span::styled("why? inside the network", theme::dim()),
        ]),
    ];
    // Hints under the canvas if there is room, else under the bars.
    let hints_below = below.height >= 4;
    if hints_below {
        frame.render_widget(
            Paragraph::new(hints.clone()).wrap(Wrap { trim: true }),
            below,
        );
    }
    draw_side(frame, right, play, (!hints_below).then_some(hints));
}

/// Beside the canvas: what the network sees and what it reads.
fn draw_side(frame: &mut Frame, area: Rect, play: &PlayScreen, hints: Option<Vec<Line>>) {
    let hint_rows = if hints.is_some() { 4 } else { 0 };
    let spaced = 2 + 2 * OUTPUTS as u16 - 1;
    // Spaced bars if the picture of what it sees keeps 7 rows.
    let bar_rows = if area.height >= spaced + 9 + hint_rows {
        spaced
    } else {
        2 + OUTPUTS as u16
    };
    // What the network sees: as large as the rows the bars leave and the
    // width beside a column of notes allow; the bars take what is left.
    let k = largest_scale(
        play.render,
        SIDE,
        SIDE,
        area.width.saturating_sub(26),
        area.height.saturating_sub(bar_rows + hint_rows + 2),
    );
    let (w, h) = cells(play.render, SIDE, SIDE, k);
    let [top, bars_area, hint_area] = Layout::vertical([
        Constraint::Length(h + 2),
        Constraint::Min(0),
        Constraint::Length(hint_rows),
    ])
    .areas(area);
    let [seen_box, note] =
        Layout::horizontal([Constraint::Length(w + 2), Constraint::Min(0)]).areas(top);
    let block = Block::bordered()
        .title(" it sees ")
        .border_style(theme::border());
    let inner = block.inner(seen_box);
    frame.render_widget(block, seen_box);
    centred_picture(frame, inner, &play.seen_picture, play.render);
    let mut lines = match &play.seen {
        Some((_, p)) => {
            let best = argmax(p);
            vec![
                Line::from(vec![
                    Span::raw("the network reads "),
                    Span::styled(
                        best.to_string(),
                        theme::train().add_modifier(Modifier::BOLD),
                    ),
                ]),
                Line::from(format!("{} sure", percent1(p[best] as f64))).style(theme::dim()),
                Line::from(""),
            ]
        }
        None => vec![
            Line::from("draw a digit").style(Style::new().add_modifier(Modifier::BOLD)),
            Line::from(""),
        ],
    };
    lines.push(
        Line::from("what it sees: your drawing cropped, scaled to 20x20 and centred by mass, as MNIST's digits were made")
            .style(theme::dim()),
    );
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::new().padding(ratatui::widgets::Padding::horizontal(1))),
        note,
    );

    let block = Block::bordered()
        .title(" its answer, live ")
        .border_style(theme::border());
    let inner = block.inner(bars_area);
    frame.render_widget(block, bars_area);
    let probabilities = play.seen.as_ref().map_or([0.0; OUTPUTS], |(_, p)| *p);
    let network = play.seen.as_ref().map(|(_, p)| argmax(p) as u8);
    let width = (inner.width as usize)
        .saturating_sub(MARKED_EXTRA)
        .clamp(4, 60);
    let gap = inner.height as usize >= 2 * OUTPUTS - 1;
    frame.render_widget(
        Paragraph::new(marked_bars(
            &probabilities,
            width,
            Marks {
                network,
                ..Marks::default()
            },
            gap,
        )),
        inner,
    );
    if let Some(hints) = hints {
        frame.render_widget(Paragraph::new(hints).wrap(Wrap { trim: true }), hint_area);
    }
}
