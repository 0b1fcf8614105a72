//! The welcome card's picture of the network, as the Network screen draws
//! it: a digit feeding columns of 16, 16 and 10 round neurons, a few
//! connections between them coloured by sign, the answer lit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::canvas::{Canvas, Line as Stroke};

use crate::tui::theme;
use crate::tui::widgets::neurons::Disc;
use crate::tui::widgets::picture::{Picture, Render, Shade, backdrop, largest_scale};

/// Digit, three neuron columns two apart, and the output labels.
pub const MIN_WIDTH: u16 = 16;

/// A 14x14 seven ('#' ink, '+' its soft edge).
const SEVEN: [&str; 14] = [
    "..............",
    "..............",
    "..+########+..",
    "..#########+..",
    ".........+#+..",
    ".........##...",
    "........+#+...",
    "........##....",
    ".......+#+....",
    ".......##.....",
    "......+#+.....",
    "......##......",
    "......#+......",
    "..............",
];

/// How lit each neuron is: made up, the answer's 7 the brightest.
const HIDDEN: [[f32; 16]; 2] = [
    [
        0.1, 0.8, 0.3, 0.0, 0.6, 0.2, 0.9, 0.1, 0.4, 0.0, 0.7, 0.2, 0.5, 0.1, 0.3, 0.8,
    ],
    [
        0.6, 0.0, 0.2, 0.9, 0.1, 0.4, 0.0, 0.7, 0.3, 0.1, 0.8, 0.2, 0.0, 0.5, 0.1, 0.3,
    ],
];
const OUTPUT: [f32; 10] = [0.05, 0.1, 0.05, 0.15, 0.0, 0.05, 0.1, 0.95, 0.1, 0.05];

/// A made-up weight in -1..=1 for the edge `a` -> `b` after layer `l`.
fn weight(l: usize, a: usize, b: usize) -> f32 {
    let h = ((l * 7919 + a * 131 + b * 31 + 17) as u32).wrapping_mul(2_654_435_761);
    (h >> 16) as f32 / 32_767.5 - 1.0
}

/// The output neurons' rows, spread over the hidden columns' 16.
fn output_row(d: usize) -> u16 {
    ((d * 15) as f32 / 9.0).round() as u16
}

/// Where things go across a picture `width` columns wide.
struct Plan {
    scale: usize,
    /// The digit's cells.
    dw: u16,
    dh: u16,
    /// The first neuron column, and the gap between columns.
    first: u16,
    gap: u16,
}

fn plan(width: u16) -> Plan {
    // The digit as large as leaves room for the columns.
    let scale = largest_scale(Render::Braille, 14, 14, width * 2 / 5, 8).min(2);
    let (dw, dh) = (7 * scale as u16, (14 * scale as u16).div_ceil(4));
    // The digit has a blank margin: its gap may be the narrowest.
    let spare = width.saturating_sub(dw + 5);
    let gap = (spare / 3).max((spare / 2).min(2));
    Plan {
        scale,
        dw,
        dh,
        first: dw + spare - 2 * gap,
        gap,
    }
}

/// Connections only in colour (their sign is their colour) and with
/// room between the columns; then a legend says what the colours mean.
fn edged(p: &Plan) -> bool {
    theme::colour() && p.gap >= 4
}

/// Rows the picture takes `width` columns wide.
pub fn rows(width: u16) -> u16 {
    17 + u16::from(edged(&plan(width)))
}

pub fn draw(frame: &mut Frame, area: Rect) {
    if area.width < MIN_WIDTH || area.height < rows(area.width) {
        return;
    }
    let p = plan(area.width);
    let Plan {
        scale,
        dw,
        dh,
        first,
        gap,
    } = p;
    let pixels: Vec<f32> = SEVEN
        .iter()
        .flat_map(|row| {
            row.chars().map(|c| match c {
                '#' => 1.0,
                '+' => 0.45,
                _ => 0.0,
            })
        })
        .collect();
    let x = |i: u16| area.x + first + i * (gap + 1);
    let digit = Rect::new(area.x, area.y + (16 - dh) / 2, dw, dh);
    if edged(&p) {
        edges(frame, area, (dw, first), gap);
    }
    frame.buffer_mut().set_style(digit, backdrop());
    frame.render_widget(
        Picture::new(&pixels, 14, 14, Shade::Gray)
            .render(Render::Braille)
            .scale(scale),
        digit,
    );
    let disc = |value| Disc {
        value,
        rows: 1,
        dead: false,
    };
    for (i, layer) in HIDDEN.iter().enumerate() {
        for (row, &v) in layer.iter().enumerate() {
            let at = Rect::new(x(i as u16), area.y + row as u16, 1, 1);
            frame.render_widget(disc(v), at);
        }
    }
    for (d, &v) in OUTPUT.iter().enumerate() {
        let y = area.y + output_row(d);
        frame.render_widget(disc(v), Rect::new(x(2), y, 1, 1));
        // Not in the keys' colour: beside the words it would read as one.
        let style = if d == 7 {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            theme::dim()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(d.to_string(), style)),
            Rect::new(x(2) + 2, y, 1, 1),
        );
    }
    // Each layer's size under it.
    let sizes = [
        (area.x + dw.saturating_sub(3) / 2, "784"),
        (x(0), "16"),
        (x(1), "16"),
        (x(2), "10"),
    ];
    for (col, text) in sizes {
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme::dim())),
            Rect::new(col, area.y + 16, 3, 1).intersection(area),
        );
    }
    if edged(&p) {
        let mut legend = vec![Span::styled("weights ", theme::dim())];
        legend.extend(theme::sign_legend());
        frame.render_widget(
            Paragraph::new(Line::from(legend)).centered(),
            Rect::new(area.x, area.y + 17, area.width, 1),
        );
    }
}

/// The strongest few connections, in dim blue and red, under the
/// neurons: from the digit's edge to the first column, then between
/// columns.
/// `dw` is the digit's width, `first` where the first column is.
fn edges(frame: &mut Frame, area: Rect, (dw, first): (u16, u16), gap: u16) {
    let (w, h) = (f64::from(area.width), 16.0);
    // Canvas y grows upwards; a row's centre.
    let y = |row: u16| h - f64::from(row) - 0.5;
    let col = |i: u16| f64::from(first + i * (gap + 1));
    let mut strokes = Vec::new();
    for b in 0..16u16 {
        for a in 0..4u16 {
            let v = weight(0, a as usize, b as usize);
            if v.abs() > 0.8 {
                strokes.push((f64::from(dw), y(5 + 2 * a), col(0), y(b), v));
            }
        }
    }
    for a in 0..16u16 {
        for b in 0..16u16 {
            let v = weight(1, a as usize, b as usize);
            if v.abs() > 0.94 {
                strokes.push((col(0) + 1.0, y(a), col(1), y(b), v));
            }
        }
        for d in 0..10usize {
            let v = weight(2, a as usize, d);
            if v.abs() > 0.92 {
                strokes.push((col(1) + 1.0, y(a), col(2), y(output_row(d)), v));
            }
        }
    }
    let canvas = Canvas::default()
        .marker(Marker::Braille)
        .x_bounds([0.0, w])
        .y_bounds([0.0, h])
        .paint(move |ctx| {
            for &(x1, y1, x2, y2, v) in &strokes {
                ctx.draw(&Stroke {
                    x1,
                    y1,
                    x2,
                    y2,
                    color: theme::diverging(0.45 * v.signum()),
                });
            }
        });
    frame.render_widget(canvas, Rect::new(area.x, area.y, area.width, 16));
}
