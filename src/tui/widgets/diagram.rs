//! The network as the video draws it: the digit, its 784 pixels as a
//! column feeding hidden layer 1, columns of round neurons lit by their
//! activation, connections between them, and the answer on the output
//! layer. One neuron can be in focus: it is ringed, its own connections
//! are drawn bright and every other one dim.
//!
//! The caller decides what the connections are (the strongest pulls for
//! a digit, or a training step's nudges); this draws them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Context, Points};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget};

use crate::network::{HIDDEN1, HIDDEN2, INPUTS, OUTPUTS};
use crate::tui::theme;
use crate::tui::widgets::neurons::{DiscSize, Neuron};
use crate::tui::widgets::picture::{Picture, Render, Shade, cells, largest_scale};

/// Neurons per drawn column (hidden 1, hidden 2, output).
pub const COLUMN_SIZES: [usize; 3] = [HIDDEN1, HIDDEN2, OUTPUTS];

/// The layers, left to right.
pub const LAYER_NAMES: [&str; 4] = [
    "input layer",
    "hidden layer 1",
    "hidden layer 2",
    "output layer",
];

/// One connection: from unit `from` of the column before (a pixel, for
/// hidden layer 1) to unit `to`, `strength` in -1..=1 (signed: blue pushes
/// up, red down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub strength: f32,
}

/// The neuron in focus and its own connections.
#[derive(Clone, Copy, Debug)]
pub struct Focus<'a> {
    /// 0 hidden 1, 1 hidden 2, 2 output.
    pub layer: usize,
    pub unit: usize,
    /// Into it, from the column before (pixels for hidden layer 1).
    pub incoming: &'a [Edge],
    /// Out of it, into the next column.
    pub outgoing: &'a [Edge],
}

/// What the diagram shows.
pub struct Diagram<'a> {
    /// The digit, 28x28, 0..=1.
    pub pixels: &'a [f32],
    pub caption: String,
    /// Each column's brightness, 0..=1 (hidden 1, hidden 2, output).
    pub levels: [&'a [f32]; 3],
    /// Units that never fire (drawn hatched), per hidden column.
    pub dead: [&'a [bool]; 2],
    /// Numbers written on the neurons, 0..=1 (`None`: none).
    pub numbers: bool,
    /// Connections into each column (input to hidden 1, hidden 1 to 2,
    /// hidden 2 to output).
    pub edges: [&'a [Edge]; 3],
    pub focus: Option<Focus<'a>>,
    /// One line per output neuron, drawn to its right (digit, bar).
    pub outputs: &'a [Line<'a>],
    /// How far the forward sweep has lit each layer (input .. output).
    pub lit: [f32; 4],
    /// The line under the diagram (what brightness means).
    pub legend: Option<Line<'a>>,
}

/// Columns the output neurons' lines take.
pub const OUT_TEXT: u16 = 16; // " 7   88% ████████"

/// Where things go.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub picture: Rect,
    framed: bool,
    render: Render,
    /// The input column (the pixels, one after another), if it fits.
    strip: Option<u16>,
    pub size: DiscSize,
    /// Left edge of each column: a marker cell, the disc, a ring cell.
    pub columns: [u16; 3],
    /// Rows the neurons spread over.
    top: u16,
    height: u16,
    /// Numbers beside (not on) the discs: their columns.
    beside: u16,
    legend: Option<Rect>,
}

impl Plan {
    pub fn new(area: Rect, numbers: bool) -> Plan {
        // Below 30 rows the neurons need every row (the detail panel
        // explains brightness instead).
        let legend =
            (area.height >= 30).then(|| Rect::new(area.x, area.bottom() - 1, area.width, 1));
        let top = area.y + 1;
        let height = area.height.saturating_sub(1 + u16::from(legend.is_some()));
        let size = DiscSize::for_pitch(2 * height / HIDDEN1 as u16, 4);
        let beside = if numbers && size.width() < 5 { 4 } else { 0 };
        let hidden_w = 2 + size.width() + beside;
        let out_w = 2 + size.width() + OUT_TEXT;
        let wide = area.width >= 70;
        let min_gap = if wide { 4 } else { 3 };
        let strip_w = if area.width >= 40 { 3 } else { 0 };
        // The network is the subject: the digit takes at most 40%.
        let budget = area
            .width
            .saturating_sub(out_w + 2 * hidden_w + 3 * min_gap + strip_w)
            .min(area.width * 2 / 5 + 2);
        // A dim frame shows the 28x28 grid's edge when there is room.
        let framed = budget >= 18 && height >= 10;
        let edge = u16::from(framed);
        let budget = budget.saturating_sub(2 * edge);
        let pic_rows = height.saturating_sub(1 + 2 * edge);
        let blocks = largest_scale(Render::Blocks, 28, 28, budget, pic_rows);
        let (bw, bh) = cells(Render::Blocks, 28, 28, blocks);
        let render = if bw <= budget && bh <= pic_rows {
            Render::Blocks
        } else {
            Render::Braille
        };
        let k = largest_scale(render, 28, 28, budget, pic_rows);
        let (pw, ph) = cells(render, 28, 28, k);
        let (pw, ph) = (pw.min(budget.max(1)), ph.min(pic_rows.max(1)));
        let picture = Rect::new(area.x + edge, top + height.saturating_sub(ph) / 2, pw, ph);
        let used = pw + 2 * edge + strip_w;
        let gap = area.width.saturating_sub(used + out_w + 2 * hidden_w) / 3;
        let strip = (strip_w > 0).then_some(area.x + pw + 2 * edge + 1);
        let h1 = area.x + used + gap;
        let h2 = h1 + hidden_w + gap;
        let out = h2 + hidden_w + gap;
        Plan {
            picture,
            framed,
            render,
            strip,
            size,
            columns: [h1, h2, out],
            top,
            height,
            beside,
            legend,
        }
    }

    /// Rows between neighbours' centres in column `layer`.
    fn pitch(&self, layer: usize) -> u16 {
        (self.height / COLUMN_SIZES[layer] as u16).max(1)
    }

    /// Where unit `i` of column `layer` starts, in half rows from `top`:
    /// whole rows apart, or for [`DiscSize::Mid`] half rows apart.
    fn half_row(&self, layer: usize, i: usize) -> u16 {
        let n = COLUMN_SIZES[layer] as u16;
        let i = i as u16;
        if self.size == DiscSize::Mid {
            // Even, so every disc has the same shape and text sits on the
            // same row of each.
            let pitch = ((2 * self.height / n) & !1).max(2);
            let offset = (2 * self.height).saturating_sub(pitch * n) / 2;
            offset + i * pitch + pitch.saturating_sub(3) / 2
        } else {
            let pitch = self.pitch(layer);
            let offset = self.height.saturating_sub(pitch * n) / 2;
            2 * (offset + i * pitch + pitch.saturating_sub(self.size.rows()) / 2)
        }
    }

    /// The disc of unit `i` of column `layer`, and whether it starts half
    /// way down its first row.
    pub fn disc(&self, layer: usize, i: usize) -> Rect {
        let h = self.half_row(layer, i);
        Rect::new(
            self.columns[layer] + 1,
            self.top + h / 2,
            self.size.width(),
            self.size.rows(),
        )
    }

    fn low(&self, layer: usize, i: usize) -> bool {
        self.half_row(layer, i) % 2 == 1
    }

    /// The row (fractional, absolute) of unit `i`'s centre.
    fn centre(&self, layer: usize, i: usize) -> f32 {
        let h = self.half_row(layer, i) as f32 + self.size.half_rows() as f32 / 2.0;
        self.top as f32 + h / 2.0
    }

    /// The row for text beside unit `i`.
    fn text_row(&self, layer: usize, i: usize) -> u16 {
        self.centre(layer, i) as u16
    }

    /// The row (fractional, absolute) a pixel's connections start from:
    /// its place in the input column, or its row in the picture.
    fn pixel_row(&self, pixel: usize) -> f32 {
        match self.strip {
            Some(_) => {
                let slots = 2 * self.height as usize;
                let slot = pixel * slots / INPUTS;
                self.top as f32 + (slot as f32 + 0.5) / 2.0
            }
            None => {
                let k = self.picture.height as f32 / 28.0;
                self.picture.y as f32 + ((pixel / 28) as f32 + 0.5) * k
            }
        }
    }

    /// Where connections into column `layer` start and end (columns).
    fn gap(&self, layer: usize) -> (u16, u16) {
        let from = match layer {
            0 => match self.strip {
                Some(x) => x + 1,
                None => self.picture.right() + u16::from(self.framed),
            },
            l => self.columns[l - 1] + 2 + self.size.width() + self.beside,
        };
        (from, self.columns[layer])
    }

    /// Whether a ring fits around a disc (a free row above and below).
    fn ringed(&self) -> bool {
        matches!(self.size, DiscSize::Round(_)) && self.pitch(0) > self.size.rows()
    }
}

impl Diagram<'_> {
    fn draw_headings(&self, p: &Plan, area: Rect, buf: &mut Buffer) {
        let dead = self.dead.map(|d| d.iter().filter(|&&d| d).count());
        for (r, text) in headings(p, area, dead) {
            Paragraph::new(text).style(theme::dim()).render(r, buf);
        }
    }

    fn draw_picture(&self, p: &Plan, area: Rect, buf: &mut Buffer) {
        if p.framed {
            let outer = Rect::new(
                p.picture.x - 1,
                p.picture.y.saturating_sub(1),
                p.picture.width + 2,
                p.picture.height + 2,
            );
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(theme::border())
                .render(outer.intersection(area), buf);
        }
        let picture = Picture::new(self.pixels, 28, 28, Shade::Gray)
            .render(p.render)
            .fit(p.picture);
        Widget::render(picture, p.picture.intersection(area), buf);
        let cap = Rect::new(
            p.picture.x,
            p.picture.bottom() + u16::from(p.framed),
            p.picture.width + 2,
            1,
        );
        if cap.bottom() <= area.bottom() {
            Paragraph::new(self.caption.as_str())
                .style(theme::dim())
                .render(cap.intersection(area), buf);
        }
    }

    /// The input layer as the video draws it: the 784 pixels one after
    /// another down a column, two per cell (half blocks), each slot as
    /// bright as its brightest pixel.
    fn draw_strip(&self, p: &Plan, area: Rect, buf: &mut Buffer) {
        let Some(x) = p.strip else { return };
        let slots = 2 * p.height as usize;
        let mut level = vec![0.0f32; slots];
        for (i, &v) in self.pixels.iter().enumerate().take(INPUTS) {
            let s = i * slots / INPUTS;
            level[s] = level[s].max(v * self.lit[0]);
        }
        for row in 0..p.height {
            let (up, down) = (level[2 * row as usize], level[2 * row as usize + 1]);
            let Some(cell) = buf.cell_mut((x, p.top + row)) else {
                continue;
            };
            if !area.contains((x, p.top + row).into()) {
                continue;
            }
            if theme::colour() {
                let c = |v: f32| theme::activation(v);
                cell.set_symbol("▀").set_fg(c(up)).set_bg(c(down));
            } else {
                let ink = (up + down) / 2.0;
                let glyph = ["·", "░", "▒", "▓", "█"][((ink * 4.0).round() as usize).min(4)];
                cell.set_symbol(glyph);
            }
        }
    }

    /// Connections into each column, in one canvas per gap: the rest
    /// first (dim when a neuron is in focus), its own on top.
    fn draw_edges(&self, p: &Plan, area: Rect, buf: &mut Buffer) {
        for layer in 0..3 {
            let lit = self.lit[layer + 1];
            let (x0, x1) = p.gap(layer);
            if lit <= 0.0 || x1 <= x0 + 1 {
                continue;
            }
            let gap = Rect::new(x0, p.top, x1 - x0, p.height).intersection(area);
            if gap.is_empty() {
                continue;
            }
            let from_row = |i: usize| match layer {
                0 => p.pixel_row(i),
                l => p.centre(l - 1, i),
            };
            let line = |e: &Edge| {
                let y0 = from_row(e.from) - p.top as f32;
                let y1 = p.centre(layer, e.to) - p.top as f32;
                (y0, y1, e.strength * lit)
            };
            let mut plain: Vec<(f32, f32, f32)> = self.edges[layer].iter().map(line).collect();
            let mut bright = Vec::new();
            if let Some(f) = &self.focus {
                if f.layer == layer {
                    bright.extend(f.incoming.iter().map(line));
                }
                if f.layer + 1 == layer {
                    bright.extend(f.outgoing.iter().map(line));
                }
                if !theme::colour() {
                    plain.clear();
                }
            }
            let dim = self.focus.is_some();
            let (cols, rows) = (gap.width as f64, p.height as f64);
            Canvas::default()
                .marker(Marker::Braille)
                .x_bounds([0.0, cols * 2.0])
                .y_bounds([0.0, rows * 4.0])
                .paint(|ctx| {
                    for &(y0, y1, s) in &plain {
                        stroke(ctx, cols, rows, (y0, y1), edge_colour(s, dim), s < 0.0);
                    }
                    ctx.layer();
                    for &(y0, y1, s) in &bright {
                        stroke(ctx, cols, rows, (y0, y1), edge_colour(s, false), s < 0.0);
                    }
                })
                .render(gap, buf);
        }
    }

    fn draw_neurons(&self, p: &Plan, area: Rect, buf: &mut Buffer) {
        for (l, &n) in COLUMN_SIZES.iter().enumerate() {
            let lit = self.lit[l + 1];
            for i in 0..n {
                let r = p.disc(l, i).intersection(area);
                let level = self.levels[l].get(i).copied().unwrap_or(0.0) * lit;
                let dead = l < 2 && self.dead[l].get(i).copied().unwrap_or(false);
                Neuron {
                    value: level,
                    size: p.size,
                    dead,
                    low: p.low(l, i),
                }
                .render(r, buf);
                if self.numbers && l < 2 {
                    self.number(p, l, i, level, buf);
                }
                if l == 2
                    && let Some(line) = self.outputs.get(i)
                {
                    let d = p.disc(l, i);
                    let x = d.right() + 1;
                    let row = Rect::new(x, p.text_row(l, i), OUT_TEXT, 1);
                    Paragraph::new(line.clone()).render(row.intersection(area), buf);
                }
            }
        }
    }

    /// A neuron's brightness as a number, on the disc when it is wide
    /// enough, else beside it.
    fn number(&self, p: &Plan, l: usize, i: usize, level: f32, buf: &mut Buffer) {
        let d = p.disc(l, i);
        let text = short(level);
        let row = p.text_row(l, i);
        let (x, style) = if p.beside > 0 {
            (d.right() + 1, Style::new())
        } else {
            let ink = if level > 0.55 {
                Color::Black
            } else {
                Color::White
            };
            let style = if theme::colour() {
                Style::new().fg(ink).bg(theme::activation(level))
            } else {
                Style::new().add_modifier(Modifier::REVERSED)
            };
            (d.x + (d.width - text.len() as u16) / 2, style)
        };
        buf.set_string(x, row, text, style);
    }

    /// The neuron in focus: a ring around it, or arrows beside it.
    fn draw_focus(&self, p: &Plan, area: Rect, buf: &mut Buffer) {
        let Some(f) = &self.focus else { return };
        let d = p.disc(f.layer, f.unit);
        if p.ringed() {
            let ring = Rect::new(d.x - 1, d.y.saturating_sub(1), d.width + 2, d.height + 2);
            let block = Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(theme::key());
            // Only the border: the disc inside stays.
            let mut saved = Vec::new();
            for y in d.y..d.bottom() {
                for x in d.x..d.right() {
                    saved.push(((x, y), buf[(x, y)].clone()));
                }
            }
            block.render(ring.intersection(area), buf);
            for (pos, cell) in saved {
                buf[pos] = cell;
            }
        } else {
            let row = p.text_row(f.layer, f.unit);
            buf.set_string(d.x - 1, row, "▶", theme::key());
            if f.layer < 2 {
                buf.set_string(d.right() + p.beside, row, "◀", theme::key());
            }
        }
    }

    fn draw_legend(&self, p: &Plan, area: Rect, buf: &mut Buffer) {
        if let (Some(r), Some(line)) = (p.legend, &self.legend) {
            Paragraph::new(line.clone()).render(r.intersection(area), buf);
        }
    }
}

/// The headings: the longest wording that fits (with the hidden layers'
/// `dead` units when there is room), each centred over its column, the
/// input's at the picture's left.
pub fn headings(p: &Plan, area: Rect, dead: [usize; 2]) -> Vec<(Rect, String)> {
    const SHORT: [[&str; 4]; 3] = [
        ["input", "hidden 1", "hidden 2", "output"],
        ["input", "h1", "h2", "output"],
        ["in", "h1", "h2", "out"],
    ];
    let full = std::array::from_fn::<String, 4, _>(|l| match l {
        1 | 2 if dead[l - 1] > 0 => format!("{} ({} dead)", LAYER_NAMES[l], dead[l - 1]),
        _ => LAYER_NAMES[l].to_string(),
    });
    let anchors: [(u16, u16); 4] = [
        (p.picture.x, 0),
        (p.columns[0], 2 + p.size.width()),
        (p.columns[1], 2 + p.size.width()),
        (p.columns[2], 2 + p.size.width()),
    ];
    let wordings = std::iter::once(full).chain(
        [LAYER_NAMES]
            .into_iter()
            .chain(SHORT)
            .map(|w| w.map(String::from)),
    );
    let mut last = Vec::new();
    for texts in wordings {
        let (fits, placed) = place(&anchors, &texts, area);
        last = placed;
        if fits {
            break;
        }
    }
    last
}

/// Places `texts`, each centred over its anchor (x, width), the first at
/// its x; whether they all fit without touching or passing `area`.
fn place(
    anchors: &[(u16, u16); 4],
    texts: &[String; 4],
    area: Rect,
) -> (bool, Vec<(Rect, String)>) {
    let mut placed = Vec::new();
    let mut free = area.x;
    let mut fits = true;
    for (l, ((x, w), text)) in anchors.iter().zip(texts).enumerate() {
        let len = text.chars().count() as u16;
        let want = if l == 0 {
            *x
        } else {
            (x + w / 2).saturating_sub(len / 2)
        };
        let x = want.max(free);
        fits &= x == want && x + len <= area.right();
        let shown = len.min(area.right().saturating_sub(x));
        placed.push((Rect::new(x, area.y, shown, 1), text.clone()));
        free = x + len + 1;
    }
    (fits, placed)
}

/// 0..=1 in at most three characters: "0", ".42", "1.0".
pub fn short(v: f32) -> String {
    let v = if v.is_finite() {
        v.clamp(0.0, 1.0)
    } else {
        0.0
    };
    if v >= 0.995 {
        "1.0".into()
    } else if v < 0.005 {
        "0".into()
    } else {
        format!(".{:02}", (v * 100.0).round() as u32)
    }
}

/// A connection's colour: blue for +, red for −, brighter when stronger;
/// dark gray for the ones out of focus.
fn edge_colour(s: f32, dim: bool) -> Color {
    if dim {
        theme::gray(if s.abs() > 0.5 { 70 } else { 50 })
    } else {
        theme::diverging(s.signum() * (0.3 + 0.7 * s.abs().min(1.0)))
    }
}

/// A line across the canvas (braille dots: `cols` x 2 wide, `rows` x 4
/// tall) from row `y0` at the left edge to row `y1` at the right (rows
/// from the top). Without colour a negative one is dashed.
fn stroke(
    ctx: &mut Context,
    cols: f64,
    rows: f64,
    (y0, y1): (f32, f32),
    color: Color,
    negative: bool,
) {
    let (w, h) = (cols * 2.0, rows * 4.0);
    let (a, b) = (h - y0 as f64 * 4.0, h - y1 as f64 * 4.0);
    let steps = (w.max((a - b).abs())).ceil().max(1.0) as usize;
    let dashed = negative && !theme::colour();
    let coords: Vec<(f64, f64)> = (0..=steps)
        .filter(|k| !dashed || (k / 2) % 2 == 0)
        .map(|k| {
            let t = k as f64 / steps as f64;
            (t * (w - 0.5), a + (b - a) * t)
        })
        .collect();
    ctx.draw(&Points {
        coords: &coords,
        color,
    });
}

impl Widget for Diagram<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 20 || area.height < 6 {
            return;
        }
        let p = Plan::new(area, self.numbers);
        self.draw_headings(&p, area, buf);
        self.draw_picture(&p, area, buf);
        self.draw_strip(&p, area, buf);
        self.draw_edges(&p, area, buf);
        self.draw_neurons(&p, area, buf);
        self.draw_focus(&p, area, buf);
        self.draw_legend(&p, area, buf);
    }
}

/// A ramp of neurons from dark to bright for the legend.
pub fn brightness_ramp() -> Vec<Span<'static>> {
    (0..5)
        .map(|k| {
            let v = k as f32 / 4.0;
            if theme::colour() {
                Span::styled("●", Style::new().fg(theme::activation(v)))
            } else {
                Span::raw(["·", "∘", "○", "◎", "●"][k])
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neurons_are_evenly_spaced_at_every_size() {
        for (w, h) in [(49, 21), (84, 37), (130, 57), (60, 18)] {
            let p = Plan::new(Rect::new(0, 0, w, h), false);
            for (l, &n) in COLUMN_SIZES.iter().enumerate() {
                let ys: Vec<u16> = (0..n).map(|i| p.half_row(l, i)).collect();
                let steps: Vec<u16> = ys.windows(2).map(|w| w[1] - w[0]).collect();
                assert!(
                    steps.windows(2).all(|s| s[0] == s[1]),
                    "{w}x{h} {l}: {ys:?}"
                );
                // No two discs share a cell.
                for i in 1..n {
                    assert!(
                        p.disc(l, i).y >= p.disc(l, i - 1).bottom(),
                        "{w}x{h}: {:?}",
                        p.size
                    );
                }
                assert!(p.disc(l, n - 1).bottom() <= h);
            }
        }
    }

    #[test]
    fn headings_never_overlap() {
        for (w, h) in [(49, 20), (50, 21), (84, 35), (140, 55), (30, 8)] {
            let area = Rect::new(0, 1, w, h);
            for numbers in [false, true] {
                let p = Plan::new(area, numbers);
                for dead in [[0, 0], [1, 3], [16, 16]] {
                    let hs = headings(&p, area, dead);
                    let at = format!("{w}x{h}, numbers {numbers}, dead {dead:?}: {hs:?}");
                    assert_eq!(hs.len(), 4, "{at}");
                    for (r, text) in &hs {
                        assert_eq!(r.width as usize, text.chars().count(), "whole: {at}");
                        assert!(r.x >= area.x && r.right() <= area.right(), "{at}");
                    }
                    for pair in hs.windows(2) {
                        assert!(pair[1].0.x > pair[0].0.right(), "a space between: {at}");
                    }
                }
            }
        }
    }

    #[test]
    fn short_numbers_fit_three_cells() {
        assert_eq!(short(0.0), "0");
        assert_eq!(short(0.42), ".42");
        assert_eq!(short(1.7), "1.0");
        assert_eq!(short(f32::NAN), "0");
    }
}
