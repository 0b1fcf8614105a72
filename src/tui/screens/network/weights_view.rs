//! The weights view: each first-layer neuron's 784 weights as a 28x28
//! picture (blue +, black 0, red −), as large as the terminal allows, with
//! the digit its activations refer to; `x` shows weights x this digit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::derived::DigitFacts;
use super::state::NetworkScreen;
use crate::network::HIDDEN1;
use crate::study::ModelFacts;
use crate::tui::theme::{self, ColorMode};
use crate::tui::widgets::neurons::Disc;
use crate::tui::widgets::picture::{Picture, Render, Shade, cells};

/// Caption width when captions sit right of the tiles.
const CAPTION: u16 = 12;

/// Tile sides (pixels, one a cell across, two a cell down) to choose
/// from: the 28x28 weights shrunk to fit more tiles, as they are, or
/// enlarged two to four times.
const SIDES: [usize; 11] = [14, 16, 18, 20, 22, 24, 26, 28, 56, 84, 112];

/// How the tiles are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grid {
    /// A tile's side in pixels (28: one pixel per weight).
    pub side: usize,
    pub per_row: u16,
    pub rows: u16,
    /// Caption beside (true) or under the tile.
    pub beside: bool,
}

impl Grid {
    pub fn per_page(&self) -> usize {
        (self.per_row as usize * self.rows as usize).clamp(1, HIDDEN1)
    }

    /// A tile's cells.
    fn tile(&self) -> (u16, u16) {
        cells(Render::Blocks, self.side, self.side, 1)
    }

    /// A tile's cells with its caption and the space to the next.
    fn cell(&self) -> (u16, u16) {
        let (w, h) = self.tile();
        if self.beside {
            (w + CAPTION + 1, h + u16::from(self.side > 28))
        } else {
            (w + 1, h + 1)
        }
    }
}

/// The layout showing the most tiles (all 16 if they fit), the largest
/// of those.
pub fn grid(width: u16, height: u16) -> Grid {
    let mut best = Grid {
        side: SIDES[0],
        per_row: 1,
        rows: 1,
        beside: false,
    };
    let mut best_key = (0, 0);
    for side in SIDES {
        for beside in [true, false] {
            let mut g = Grid {
                side,
                per_row: 0,
                rows: 0,
                beside,
            };
            let (cw, ch) = g.cell();
            g.per_row = width / cw;
            g.rows = height / ch;
            let count = (g.per_row as usize * g.rows as usize).min(HIDDEN1);
            // Most tiles, then the largest, then captions beside.
            let key = (count, side);
            if count > 0 && key > best_key {
                best_key = key;
                best = g;
            }
        }
    }
    best
}

/// A 28x28 tile at `side` x `side` pixels: shrunk by averaging the weights
/// that fall on each pixel, enlarged by repeating them.
fn resized(tile: &[f32], side: usize) -> Vec<f32> {
    let mut sum = vec![0.0f32; side * side];
    let mut count = vec![0u32; side * side];
    if side < 28 {
        for (i, &v) in tile.iter().enumerate() {
            let (y, x) = (i / 28 * side / 28, i % 28 * side / 28);
            sum[y * side + x] += v;
            count[y * side + x] += 1;
        }
    } else {
        for (i, (s, c)) in sum.iter_mut().zip(&mut count).enumerate() {
            let (y, x) = (i / side * 28 / side, i % side * 28 / side);
            *s = tile.get(y * 28 + x).copied().unwrap_or(0.0);
            *c = 1;
        }
    }
    sum.iter()
        .zip(&count)
        .map(|(&s, &c)| if c > 0 { s / c as f32 } else { 0.0 })
        .collect()
}

/// Columns the digit panel on the left takes.
fn panel_width(area: Rect) -> u16 {
    if area.width >= 160 && area.height >= 20 {
        30
    } else {
        16
    }
}

pub fn layout(area: Rect) -> Grid {
    let w = area.width.saturating_sub(panel_width(area) + 1);
    grid(w, area.height.saturating_sub(1))
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    n: &NetworkScreen,
    facts: &ModelFacts,
    seen: &DigitFacts,
) {
    if area.width < 20 || area.height < 4 {
        return;
    }
    let screen = frame.area();
    let clip = move |r: Rect| r.intersection(screen);
    let pw = panel_width(area);
    // The digit the activations (and the products) refer to.
    let big = pw >= 30;
    let render = if big { Render::Blocks } else { Render::Braille };
    let pic = Rect::new(area.x, area.y, pw, if big { 14 } else { 7 });
    frame.render_widget(
        Picture::new(&seen.unit, 28, 28, Shade::Gray)
            .render(render)
            .fit(pic),
        clip(pic),
    );
    let mut text = vec![Line::from(seen.name.clone())];
    if let Some(l) = seen.label {
        text.push(Line::from(format!("a {l}")).style(theme::dim()));
    }
    let answer = crate::network::argmax(&seen.act.probabilities);
    text.push(Line::from(format!("read as {answer}")));
    text.push(Line::from(""));
    let (what, range) = if n.products {
        ("weights × digit", seen.product_range)
    } else {
        ("weights", facts.w1_range)
    };
    text.push(Line::styled(format!("tiles: {what}"), theme::key()));
    text.push(Line::styled("under each: its", theme::dim()));
    text.push(Line::styled("activation here", theme::dim()));
    let below = Rect::new(
        area.x,
        pic.bottom() + 1,
        pw,
        area.height.saturating_sub(pic.height + 1),
    );
    frame.render_widget(Paragraph::new(text), clip(below));

    let grid = layout(area);
    n.per_page.set(grid.per_page());
    let per_page = grid.per_page();
    let pages = HIDDEN1.div_ceil(per_page);
    let selected = (n.selected.0 == 0).then_some(n.selected.1);
    let page = selected.unwrap_or(n.page * per_page) / per_page % pages;
    let (cw, ch) = grid.cell();
    let left = area.x + pw + 1;
    let tiles = if n.products {
        &seen.products
    } else {
        &facts.tiles
    };
    for (slot, unit) in (page * per_page..((page + 1) * per_page).min(HIDDEN1)).enumerate() {
        let (r, c) = (slot as u16 / grid.per_row, slot as u16 % grid.per_row);
        let (x, y) = (left + c * cw, area.y + r * ch);
        let (tw, th) = grid.tile();
        let tile = Rect::new(x, y, tw, th);
        let pixels = resized(&tiles[unit], grid.side);
        frame.render_widget(
            Picture::new(&pixels, grid.side, grid.side, Shade::Diverging).render(Render::Blocks),
            clip(tile),
        );
        let a = seen.act.hidden1[unit];
        let bright = facts.brightness(0, a);
        let dead = facts.dead[0][unit];
        let name_style = if selected == Some(unit) {
            theme::selected()
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        let disc = Disc {
            value: bright,
            rows: 1,
            dead,
        };
        if grid.beside {
            let cap = clip(Rect::new(tile.right() + 1, y, CAPTION, th));
            let mut lines = vec![
                Line::from(Span::styled(format!("#{unit}"), name_style)),
                Line::from(format!("  {a:.2}")),
            ];
            if dead {
                lines.push(Line::styled("dead", theme::warn()));
            }
            frame.render_widget(Paragraph::new(lines), cap);
            frame.render_widget(disc, clip(Rect::new(cap.x, cap.y + 1, 1, 1)));
        } else {
            // The space to the next tile too: "#15 ● 0.00 dead" is 15.
            let cap = clip(Rect::new(x, tile.bottom(), cw.max(tw), 1));
            let dead_mark = if dead { " dead" } else { "" };
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(format!("#{unit}"), name_style),
                    Span::raw(format!("   {a:.2}")),
                    Span::styled(dead_mark, theme::warn()),
                ])),
                cap,
            );
            let m = cap.x + format!("#{unit}").len() as u16 + 1;
            frame.render_widget(disc, clip(Rect::new(m, cap.y, 1, 1)));
        }
    }
    // The legend right under the tiles; which neurons these are first.
    let legend_y = (area.y
        + grid
            .rows
            .min(per_page.div_ceil(grid.per_row as usize) as u16)
            * ch)
        .min(area.bottom().saturating_sub(1));
    let mut spans = Vec::new();
    if pages > 1 {
        spans.push(Span::styled(
            format!(
                "neurons {}-{} of {HIDDEN1} (PgDn) ",
                page * per_page,
                ((page + 1) * per_page).min(HIDDEN1) - 1
            ),
            theme::warn(),
        ));
    }
    spans.push(Span::styled(format!("−{range:.2} "), theme::dim()));
    spans.extend(scale(theme::mode()));
    spans.push(Span::styled(format!(" +{range:.2}  "), theme::dim()));
    let words = theme::sign_legend();
    let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    let wanted: usize = words.iter().map(|s| s.content.chars().count()).sum();
    // In words only when they fit whole: the scale says it too.
    if used + wanted <= area.right().saturating_sub(left) as usize {
        spans.extend(words);
    }
    // When they do not all fit: all sixteen at a glance, lit by their
    // activation, the shown ones marked.
    if pages > 1 && legend_y + 2 < area.bottom() {
        let mut line = vec![Span::styled("all 16: ", theme::dim())];
        for unit in 0..HIDDEN1 {
            let on_page = unit / per_page == page;
            let style = if selected == Some(unit) {
                theme::selected()
            } else if on_page {
                theme::key()
            } else {
                theme::dim()
            };
            line.push(Span::styled(format!("{unit}"), style));
            let lit = facts.brightness(0, seen.act.hidden1[unit]);
            let glyph = match (facts.dead[0][unit], theme::colour()) {
                (true, _) => "○ ",
                (false, true) => "● ",
                // Without colour, the glyph's density is the brightness.
                (false, false) => ["· ", "∘ ", "○ ", "◎ ", "● "][(lit * 4.0).round() as usize % 5],
            };
            let disc = if theme::colour() {
                Style::new().fg(theme::activation(lit))
            } else {
                Style::new()
            };
            line.push(Span::styled(glyph, disc));
        }
        frame.render_widget(
            Paragraph::new(Line::from(line)),
            clip(Rect::new(
                left,
                legend_y + 2,
                area.right().saturating_sub(left),
                1,
            )),
        );
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)),
        clip(Rect::new(
            left,
            legend_y,
            area.right().saturating_sub(left),
            1,
        )),
    );
}

/// The legend's scale from − to +: the tiles' colours, or without colour
/// the glyphs they draw instead.
pub(super) fn scale(mode: ColorMode) -> Vec<Span<'static>> {
    if mode == ColorMode::Monochrome {
        let (m, p) = (theme::MINUS_GLYPHS, theme::PLUS_GLYPHS);
        return vec![Span::raw(format!("{}{} {}{}", m[0], m[1], p[1], p[0]))];
    }
    (0..16)
        .map(|i| {
            let t = -1.0 + 2.0 * i as f32 / 15.0;
            Span::styled("█", Style::new().fg(theme::diverging_in(mode, t)))
        })
        .collect()
}
