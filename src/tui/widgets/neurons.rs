//! A neuron as the video draws it: a round disc lit from dark to white by
//! its activation. One row tall it is a "●"; taller, a disc of quadrant
//! blocks twice as wide as it is tall (terminal cells are about twice as
//! tall as wide, so it looks round).
//!
//! Without colour the brightness is the glyph's density.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use crate::tui::theme;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Disc {
    /// Brightness 0..=1.
    pub value: f32,
    /// Rows tall (1..); the disc is `width(rows)` columns wide.
    pub rows: u16,
    /// Never fires: drawn hatched.
    pub dead: bool,
}

/// Columns a disc `rows` tall takes.
pub fn width(rows: u16) -> u16 {
    if rows <= 1 { 1 } else { rows * 2 + 1 }
}

/// The tallest disc (at most `max`) that leaves a gap between neighbours
/// `slot` rows apart.
pub fn rows_for(slot: f32, max: u16) -> u16 {
    let r = if slot >= 5.0 {
        (slot * 0.6).floor()
    } else if slot >= 3.0 {
        2.0
    } else {
        1.0
    };
    (r as u16).clamp(1, max.max(1))
}

/// The glyph of cell (x, y) of a disc `w` x `h`: full blocks with the
/// corners cut off by quadrants and half blocks (an octagon, which at
/// this size reads as round).
fn shape(x: u16, y: u16, w: u16, h: u16) -> &'static str {
    let (first, last) = (x == 0, x + 1 == w);
    let near = (x == 1 || x + 2 == w) && w >= 7;
    match (y == 0, y + 1 == h) {
        (true, _) if first => "▗",
        (true, _) if last => "▖",
        (true, _) if near => "▄",
        (_, true) if first => "▝",
        (_, true) if last => "▘",
        (_, true) if near => "▀",
        _ => "█",
    }
}

impl Disc {
    fn level(&self) -> f32 {
        if self.value.is_finite() {
            self.value.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// The style of its glyphs and, without colour (or dead), the glyph
    /// that fills its body (density for brightness).
    fn look(&self) -> (Style, Option<&'static str>) {
        let v = self.level();
        let colour = theme::colour();
        let style = if self.dead {
            theme::dim()
        } else if colour {
            Style::new().fg(theme::activation(v))
        } else {
            Style::new()
        };
        let fill = if self.dead {
            Some("░")
        } else if colour {
            None
        } else {
            Some(["░", "░", "▒", "▓", "█"][((v * 4.0).round() as usize).min(4)])
        };
        (style, fill)
    }
}

impl Widget for Disc {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let v = self.level();
        let colour = theme::colour();
        let (style, fill) = self.look();
        if self.rows <= 1 {
            let glyph = match (self.dead, colour) {
                (true, _) => "○",
                (false, true) => "●",
                (false, false) => ["·", "∘", "○", "◎", "●"][((v * 4.0).round() as usize).min(4)],
            };
            if area.width > 0
                && area.height > 0
                && let Some(cell) = buf.cell_mut((area.x, area.y))
            {
                cell.set_symbol(glyph).set_style(style);
            }
            return;
        }
        let (w, h) = (width(self.rows), self.rows);
        for y in 0..h.min(area.height) {
            for x in 0..w.min(area.width) {
                let glyph = shape(x, y, w, h);
                let glyph = match fill {
                    Some(f) if glyph == "█" => f,
                    Some(_) => " ",
                    None => glyph,
                };
                if let Some(cell) = buf.cell_mut((area.x + x, area.y + y)) {
                    cell.set_symbol(glyph).set_style(style);
                }
            }
        }
    }
}

/// How big the network diagram draws its neurons, from the rows between
/// neighbours' centres.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiscSize {
    /// One "●".
    Dot,
    /// Three columns by three half rows (an octagon of quadrant blocks
    /// across two cells): round where a row and a half fits.
    Mid,
    /// A disc this many rows tall.
    Round(u16),
}

impl DiscSize {
    /// The largest size (at most `max` rows) that leaves a gap between
    /// neighbours `half_rows` half rows apart.
    pub fn for_pitch(half_rows: u16, max: u16) -> DiscSize {
        match half_rows {
            0..=3 => DiscSize::Dot,
            4 | 5 => DiscSize::Mid,
            h => DiscSize::Round(rows_for((h / 2) as f32, max)),
        }
    }

    /// Half rows tall.
    pub fn half_rows(self) -> u16 {
        match self {
            DiscSize::Dot => 2,
            DiscSize::Mid => 3,
            DiscSize::Round(r) => 2 * r,
        }
    }

    pub fn width(self) -> u16 {
        match self {
            DiscSize::Dot => 1,
            DiscSize::Mid => 3,
            DiscSize::Round(r) => width(r),
        }
    }

    pub fn rows(self) -> u16 {
        match self {
            DiscSize::Dot => 1,
            DiscSize::Mid => 2,
            DiscSize::Round(r) => r,
        }
    }
}

/// A neuron of any [`DiscSize`], lit by its activation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Neuron {
    /// Brightness 0..=1.
    pub value: f32,
    pub size: DiscSize,
    pub dead: bool,
    /// A [`DiscSize::Mid`] disc starting half way down its first row.
    pub low: bool,
}

impl Widget for Neuron {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let rows = match self.size {
            DiscSize::Dot => 1,
            DiscSize::Round(r) => r,
            DiscSize::Mid => {
                let disc = Disc {
                    value: self.value,
                    rows: 2,
                    dead: self.dead,
                };
                let (style, fill) = disc.look();
                // Corners cut by quadrants: the half row at the top or the
                // bottom, and the full row's outer corners.
                let rows = if self.low {
                    [["▗", "▄", "▖"], ["▜", "█", "▛"]]
                } else {
                    [["▟", "█", "▙"], ["▝", "▀", "▘"]]
                };
                let full = usize::from(self.low);
                for (y, row) in rows.iter().enumerate().take(area.height as usize) {
                    for (x, glyph) in row.iter().enumerate().take(area.width as usize) {
                        let glyph = match fill {
                            Some(f) if y == full => f,
                            Some(_) => " ",
                            None => glyph,
                        };
                        if let Some(cell) = buf.cell_mut((area.x + x as u16, area.y + y as u16)) {
                            cell.set_symbol(glyph).set_style(style);
                        }
                    }
                }
                return;
            }
        };
        Disc {
            value: self.value,
            rows,
            dead: self.dead,
        }
        .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(d: Disc) -> Buffer {
        let area = Rect::new(0, 0, width(d.rows), d.rows);
        let mut buf = Buffer::empty(area);
        d.render(area, &mut buf);
        buf
    }

    #[test]
    fn discs_are_round_and_lit_by_their_activation() {
        let b = draw(Disc {
            value: 1.0,
            rows: 3,
            dead: false,
        });
        let row = |y: u16| (0..7).map(|x| b[(x, y)].symbol()).collect::<String>();
        assert_eq!(row(0), "▗▄███▄▖");
        assert_eq!(row(1), "███████");
        assert_eq!(row(2), "▝▀███▀▘");
        assert_eq!(b[(2, 1)].fg, theme::activation(1.0));
        let dim = draw(Disc {
            value: 0.0,
            rows: 1,
            dead: false,
        });
        assert_eq!(dim[(0, 0)].symbol(), "●");
        assert_eq!(dim[(0, 0)].fg, theme::activation(0.0));
    }

    #[test]
    fn sizes_leave_a_gap() {
        assert_eq!(rows_for(1.3, 4), 1);
        assert_eq!(rows_for(3.5, 4), 2);
        assert_eq!(rows_for(9.0, 4), 4);
        assert_eq!(width(2), 5);
        // Nothing is drawn outside a too-small area.
        let mut buf = Buffer::empty(Rect::new(0, 0, 1, 1));
        Disc {
            value: 0.5,
            rows: 4,
            dead: true,
        }
        .render(Rect::new(0, 0, 1, 1), &mut buf);
    }
}
