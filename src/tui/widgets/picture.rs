//! A small image (a digit, a neuron's weights) drawn as large as a panel
//! allows: each pixel becomes k x k braille dots or k x k half-block
//! pixels, for the largest whole k that fits.
//!
//! Braille keeps gray: dots are raised by ordered dithering (a faint pixel
//! lights fewer dots) and each cell is coloured by the mean of its lit
//! dots, so a faint stroke looks faint. Half blocks show each pixel's own
//! shade. Values are 0..=1 (gray) or -1..=1 (diverging blue/black/red).

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Widget;

use crate::tui::theme::{self, ColorMode};

/// The bit of the dot at (x, y) inside a 2x4 braille cell (U+2800 + bits).
pub fn dot_bit(x: usize, y: usize) -> u8 {
    const BITS: [[u8; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];
    BITS[x][y]
}

/// How a picture is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Render {
    Braille,
    Blocks,
}

impl Render {
    pub fn toggled(self) -> Render {
        match self {
            Render::Braille => Render::Blocks,
            Render::Blocks => Render::Braille,
        }
    }
}

/// What the values mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shade {
    /// 0 black .. 1 white (a digit, an activation).
    Gray,
    /// -1 red .. 0 black .. 1 blue (weights).
    Diverging,
}

/// Dot thresholds of a 2x4 braille cell (ordered dithering): a pixel of
/// value v lights the dots whose threshold is below v.
const DITHER: [[f32; 2]; 4] = [[0.06, 0.56], [0.81, 0.31], [0.19, 0.69], [0.94, 0.44]];

pub struct Picture<'a> {
    values: &'a [f32],
    width: usize,
    height: usize,
    shade: Shade,
    render: Render,
    scale: usize,
    mode: ColorMode,
}

impl<'a> Picture<'a> {
    /// `values` is `width` x `height`, row by row.
    pub fn new(values: &'a [f32], width: usize, height: usize, shade: Shade) -> Picture<'a> {
        assert_eq!(values.len(), width * height);
        Picture {
            values,
            width,
            height,
            shade,
            render: Render::Blocks,
            scale: 1,
            mode: theme::mode(),
        }
    }

    /// Drawn for `mode` rather than the app's (tests).
    #[cfg(test)]
    pub fn in_mode(mut self, mode: ColorMode) -> Picture<'a> {
        self.mode = mode;
        self
    }

    fn colour(&self) -> bool {
        self.mode != ColorMode::Monochrome
    }

    pub fn render(mut self, render: Render) -> Picture<'a> {
        self.render = render;
        self
    }

    pub fn scale(mut self, scale: usize) -> Picture<'a> {
        self.scale = scale.max(1);
        self
    }

    /// The largest scale that fits `area` (at least 1).
    pub fn fit(self, area: Rect) -> Picture<'a> {
        let k = largest_scale(
            self.render,
            self.width,
            self.height,
            area.width,
            area.height,
        );
        self.scale(k)
    }

    /// Cells (columns, rows) this picture takes.
    pub fn size(&self) -> (u16, u16) {
        cells(self.render, self.width, self.height, self.scale)
    }

    fn value(&self, x: usize, y: usize) -> f32 {
        let (px, py) = (x / self.scale, y / self.scale);
        if px < self.width && py < self.height {
            let v = self.values[py * self.width + px];
            if v.is_finite() { v } else { 0.0 }
        } else {
            0.0
        }
    }

    fn color(&self, v: f32) -> Color {
        match self.shade {
            Shade::Gray => {
                let g = (v.clamp(0.0, 1.0) * 255.0).round() as u8;
                theme::rgb_in(self.mode, g, g, g)
            }
            Shade::Diverging => theme::diverging_in(self.mode, v),
        }
    }

    fn braille_cell(&self, cx: usize, cy: usize) -> (char, Color) {
        let mut bits = 0u8;
        let (mut sum, mut lit) = (0.0f32, 0u32);
        for (dy, row) in DITHER.iter().enumerate() {
            for (dx, &threshold) in row.iter().enumerate() {
                let v = self.value(cx * 2 + dx, cy * 4 + dy);
                if v.abs() > threshold {
                    bits |= dot_bit(dx, dy);
                    sum += v;
                    lit += 1;
                }
            }
        }
        let mean = if lit > 0 { sum / lit as f32 } else { 0.0 };
        (
            char::from_u32(0x2800 + bits as u32).unwrap_or(' '),
            self.color(mean),
        )
    }

    /// Without colour a signed cell's glyph says its sign: the mean of
    /// the pixels it covers, solid if positive, hatched if negative.
    fn signed_cell(&self, cx: usize, cy: usize) -> &'static str {
        let (w, h) = match self.render {
            Render::Braille => (2, 4),
            Render::Blocks => (1, 2),
        };
        let mut sum = 0.0;
        for dy in 0..h {
            for dx in 0..w {
                sum += self.value(cx * w + dx, cy * h + dy);
            }
        }
        sign_glyph(sum / (w * h) as f32)
    }

    fn block_cell(&self, cx: usize, cy: usize) -> (&'static str, Style) {
        let (up, down) = (self.value(cx, cy * 2), self.value(cx, cy * 2 + 1));
        if self.colour() {
            return ("▀", Style::new().fg(self.color(up)).bg(self.color(down)));
        }
        if self.shade == Shade::Diverging {
            return (self.signed_cell(cx, cy), Style::new());
        }
        // Without colour, a cell's ink is its glyph's density.
        let ink = (up.abs() + down.abs()) / 2.0;
        let glyph = match (ink * 5.0) as u32 {
            0 => " ",
            1 => "░",
            2 => "▒",
            3 => "▓",
            _ => "█",
        };
        (glyph, Style::new())
    }
}

/// A signed value's glyph where there is no colour (see
/// `theme::PLUS_GLYPHS`): blank near 0, then weak, then strong.
pub fn sign_glyph(v: f32) -> &'static str {
    let m = if v.is_finite() { v.abs() } else { 0.0 };
    if m < 0.15 {
        return " ";
    }
    let i = usize::from(m < 0.5);
    if v > 0.0 {
        theme::PLUS_GLYPHS[i]
    } else {
        theme::MINUS_GLYPHS[i]
    }
}

/// 2x2 means of a `side` x `side` image (`side` even): a small thumbnail.
pub fn halve(values: &[f32], side: usize) -> Vec<f32> {
    let half = side / 2;
    let mut out = vec![0.0; half * half];
    if values.len() < side * side {
        return out;
    }
    for y in 0..half {
        for x in 0..half {
            let at = |dx: usize, dy: usize| values[(2 * y + dy) * side + 2 * x + dx];
            out[y * half + x] = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4.0;
        }
    }
    out
}

/// Cells (columns, rows) a `width` x `height` image takes at `scale`.
pub fn cells(render: Render, width: usize, height: usize, scale: usize) -> (u16, u16) {
    let (w, h) = (width * scale, height * scale);
    let (cols, rows) = match render {
        Render::Braille => (w.div_ceil(2), h.div_ceil(4)),
        Render::Blocks => (w, h.div_ceil(2)),
    };
    (
        cols.min(u16::MAX as usize) as u16,
        rows.min(u16::MAX as usize) as u16,
    )
}

/// The largest whole scale at which the image fits `cols` x `rows` (1 if
/// none does: it is then cut at the edges).
pub fn largest_scale(render: Render, width: usize, height: usize, cols: u16, rows: u16) -> usize {
    (1..=64)
        .take_while(|&k| {
            let (c, r) = cells(render, width, height, k);
            c <= cols && r <= rows
        })
        .last()
        .unwrap_or(1)
}

impl Widget for Picture<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (cols, rows) = self.size();
        let (cols, rows) = (cols.min(area.width), rows.min(area.height));
        for cy in 0..rows as usize {
            for cx in 0..cols as usize {
                let Some(cell) = buf.cell_mut((area.x + cx as u16, area.y + cy as u16)) else {
                    continue;
                };
                match self.render {
                    Render::Braille if !self.colour() && self.shade == Shade::Diverging => {
                        cell.set_symbol(self.signed_cell(cx, cy));
                    }
                    Render::Braille => {
                        let (ch, color) = self.braille_cell(cx, cy);
                        cell.set_char(ch);
                        if self.colour() {
                            cell.set_fg(color);
                        }
                    }
                    Render::Blocks => {
                        let (glyph, style) = self.block_cell(cx, cy);
                        cell.set_symbol(glyph).set_style(style);
                    }
                }
            }
        }
    }
}

/// A 28x28 digit's bytes as picture values (0..=1).
pub fn unit(pixels: &[u8]) -> Vec<f32> {
    pixels.iter().map(|&p| p as f32 / 255.0).collect()
}

/// The near-black square a digit is drawn on: the 28x28 image's own
/// extent, as the video shows it (no colour: none).
pub fn backdrop() -> Style {
    Style::new().bg(theme::rgb(14, 14, 18))
}

/// A 28x28 picture drawn at the largest whole scale that fits `area`,
/// centred, on its backdrop. Returns where the picture went.
pub fn centred_picture(frame: &mut Frame, area: Rect, values: &[f32], render: Render) -> Rect {
    if values.len() != 28 * 28 || area.is_empty() {
        return Rect::new(area.x, area.y, 0, 0);
    }
    let k = largest_scale(render, 28, 28, area.width, area.height);
    let (w, h) = cells(render, 28, 28, k);
    let (w, h) = (w.min(area.width), h.min(area.height));
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    frame.buffer_mut().set_style(rect, backdrop());
    frame.render_widget(
        Picture::new(values, 28, 28, Shade::Gray)
            .render(render)
            .scale(k),
        rect,
    );
    rect
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(p: Picture, w: u16, h: u16) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
        Widget::render(p, Rect::new(0, 0, w, h), &mut buf);
        buf
    }

    #[test]
    fn sizes_and_the_largest_fitting_scale() {
        assert_eq!(cells(Render::Braille, 28, 28, 1), (14, 7));
        assert_eq!(cells(Render::Braille, 28, 28, 2), (28, 14));
        assert_eq!(cells(Render::Blocks, 28, 28, 1), (28, 14));
        assert_eq!(cells(Render::Blocks, 28, 28, 2), (56, 28));
        assert_eq!(largest_scale(Render::Braille, 28, 28, 60, 30), 4);
        assert_eq!(largest_scale(Render::Braille, 28, 28, 41, 30), 2);
        assert_eq!(largest_scale(Render::Blocks, 28, 28, 10, 5), 1);
    }

    #[test]
    fn faint_pixels_light_fewer_dots_and_a_dimmer_colour() {
        let bright = vec![1.0f32; 8];
        let faint = vec![0.3f32; 8];
        let dots = |b: &Buffer| b[(0, 0)].symbol().chars().next().unwrap() as u32 - 0x2800;
        let on = draw(
            Picture::new(&bright, 2, 4, Shade::Gray).render(Render::Braille),
            1,
            1,
        );
        let dim = draw(
            Picture::new(&faint, 2, 4, Shade::Gray).render(Render::Braille),
            1,
            1,
        );
        assert_eq!(dots(&on).count_ones(), 8);
        assert_eq!(
            dots(&dim).count_ones(),
            2,
            "0.3 passes 2 of the 8 thresholds"
        );
        assert_eq!(on[(0, 0)].fg, Color::Rgb(255, 255, 255));
        assert_eq!(dim[(0, 0)].fg, Color::Rgb(77, 77, 77));
    }

    #[test]
    fn blocks_show_each_pixel_and_scaling_repeats_it() {
        // A 2x2 image: white, black / black, white.
        let px = [1.0, 0.0, 0.0, 1.0];
        let buf = draw(Picture::new(&px, 2, 2, Shade::Gray).scale(2), 4, 2);
        let white = Color::Rgb(255, 255, 255);
        let black = Color::Rgb(0, 0, 0);
        assert_eq!((buf[(0, 0)].fg, buf[(0, 0)].bg), (white, white));
        assert_eq!((buf[(2, 0)].fg, buf[(2, 0)].bg), (black, black));
        assert_eq!((buf[(0, 1)].fg, buf[(3, 1)].fg), (black, white));
    }

    #[test]
    fn weights_are_blue_when_positive_and_red_when_negative() {
        let w = [1.0, -1.0];
        let buf = draw(Picture::new(&w, 2, 1, Shade::Diverging), 2, 1);
        let Color::Rgb(_, _, b) = buf[(0, 0)].fg else {
            panic!()
        };
        let Color::Rgb(r, _, _) = buf[(1, 0)].fg else {
            panic!()
        };
        assert_eq!((b, r), (255, 255));
    }

    #[test]
    fn without_colour_weights_keep_their_sign_in_the_glyph() {
        // Strong +, weak +, zero, weak −, strong −: a column a cell.
        let col = [1.0, 0.3, 0.0, -0.3, -1.0];
        let w: Vec<f32> = col.iter().chain(&col).copied().collect();
        let row = |render| {
            let p = Picture::new(&w, 5, 2, Shade::Diverging)
                .render(render)
                .in_mode(ColorMode::Monochrome);
            let buf = draw(p, 5, 1);
            (0..5)
                .map(|x| buf[(x, 0)].symbol().to_string())
                .collect::<String>()
        };
        assert_eq!(row(Render::Blocks), "█■ ░▒");
        // Braille has no sign: its cells take the same glyphs (means of 2x4).
        let wide: Vec<f32> = [1.0, -1.0]
            .iter()
            .flat_map(|&v| [v; 2])
            .cycle()
            .take(16)
            .collect();
        let p = Picture::new(&wide, 4, 4, Shade::Diverging)
            .render(Render::Braille)
            .in_mode(ColorMode::Monochrome);
        let buf = draw(p, 2, 1);
        assert_eq!((buf[(0, 0)].symbol(), buf[(1, 0)].symbol()), ("█", "▒"));
        // A digit keeps its ink density.
        let gray = Picture::new(&[1.0, 1.0], 1, 2, Shade::Gray).in_mode(ColorMode::Monochrome);
        assert_eq!(draw(gray, 1, 1)[(0, 0)].symbol(), "█");
    }

    #[test]
    fn in_256_colours_weights_stay_blue_and_red() {
        let w = [0.5, -0.5];
        let buf = draw(
            Picture::new(&w, 2, 1, Shade::Diverging).in_mode(ColorMode::Indexed),
            2,
            1,
        );
        let index = |c: Color| match c {
            Color::Indexed(i) => theme::index_rgb(i),
            other => panic!("{other:?}"),
        };
        let (r, g, b) = index(buf[(0, 0)].fg);
        assert!(b > r && b > g, "{:?}", (r, g, b));
        let (r, g, b) = index(buf[(1, 0)].fg);
        assert!(r > g && r > b, "{:?}", (r, g, b));
    }

    #[test]
    fn halving_averages_two_by_two() {
        let v = [
            1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0,
        ];
        assert_eq!(halve(&v, 4), vec![0.25, 0.25, 1.0, 0.0]);
        assert_eq!(halve(&v[..3], 4), vec![0.0; 4], "too short: blank");
    }
}
