//! A line chart with real axes: tick marks and labels on both axes, braille
//! curves (later series drawn over earlier ones, so faded comparison runs
//! go first), and labelled vertical markers ("best", "last").

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Widget;

use super::picture::dot_bit;

/// One curve: points in data coordinates (non-finite ones break the line).
pub struct Series<'a> {
    pub points: &'a [(f64, f64)],
    pub color: Color,
    /// Only the points, no lines between them.
    pub dots: bool,
}

/// A dotted vertical line at `x`, labelled at the top.
pub struct Mark {
    pub x: f64,
    pub label: String,
    pub style: Style,
}

/// An axis: its range and ticks (value, label).
#[derive(Clone, Debug, Default)]
pub struct Axis {
    pub bounds: [f64; 2],
    pub ticks: Vec<(f64, String)>,
}

pub struct Plot<'a> {
    pub series: Vec<Series<'a>>,
    pub x: Axis,
    pub y: Axis,
    pub marks: Vec<Mark>,
    pub axis_style: Style,
    /// Written at the right end of the x labels' row (e.g. "epoch").
    pub x_title: String,
}

/// Round steps (1, 2, 5 x 10^k) covering `lo..hi` with at most `max`
/// intervals: (lower bound, upper bound, step).
pub fn nice_range(lo: f64, hi: f64, max: usize, min_step: f64) -> (f64, f64, f64) {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    if hi - lo < 1e-12 {
        let pad = (lo.abs() * 0.01).max(1e-3).max(min_step);
        lo -= pad;
        hi += pad;
    }
    let raw = ((hi - lo) / max.max(1) as f64).max(min_step);
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw - 1e-12)
        .unwrap_or(10.0 * mag);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// Ticks every `step` from `lo` to `hi`, labelled by `label`.
pub fn ticks(lo: f64, hi: f64, step: f64, label: impl Fn(f64) -> String) -> Vec<(f64, String)> {
    if step.is_nan() || step <= 0.0 || !lo.is_finite() || !hi.is_finite() {
        return Vec::new();
    }
    let n = ((hi - lo) / step).round().clamp(0.0, 200.0) as usize;
    (0..=n)
        .map(|i| {
            let v = lo + i as f64 * step;
            (v, label(v))
        })
        .collect()
}

/// Decimals needed to tell ticks `step` apart.
pub fn decimals(step: f64) -> usize {
    if step >= 1.0 || !step.is_finite() || step <= 0.0 {
        0
    } else {
        (-step.log10().floor()).clamp(0.0, 8.0) as usize
    }
}

/// Maps data coordinates to braille dots of a `cols` x `rows` area.
struct Grid {
    cols: usize,
    rows: usize,
    x: [f64; 2],
    y: [f64; 2],
    bits: Vec<u8>,
    color: Vec<Color>,
}

impl Grid {
    fn dot(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let (dx, dy) = (self.x[1] - self.x[0], self.y[1] - self.y[0]);
        if !(x.is_finite() && y.is_finite()) || dx <= 0.0 || dy <= 0.0 {
            return None;
        }
        let gx = (x - self.x[0]) / dx * (self.cols * 2 - 1) as f64;
        let gy = (self.y[1] - y) / dy * (self.rows * 4 - 1) as f64;
        Some((gx, gy))
    }

    fn set(&mut self, gx: f64, gy: f64, color: Color) {
        let (gx, gy) = (gx.round(), gy.round());
        if gx < 0.0 || gy < 0.0 {
            return;
        }
        let (gx, gy) = (gx as usize, gy as usize);
        if gx >= self.cols * 2 || gy >= self.rows * 4 {
            return;
        }
        let i = gy / 4 * self.cols + gx / 2;
        self.bits[i] |= dot_bit(gx % 2, gy % 4);
        self.color[i] = color;
    }

    fn line(&mut self, a: (f64, f64), b: (f64, f64), color: Color) {
        let (Some(p), Some(q)) = (self.dot(a.0, a.1), self.dot(b.0, b.1)) else {
            return;
        };
        let steps = (q.0 - p.0)
            .abs()
            .max((q.1 - p.1).abs())
            .ceil()
            .clamp(1.0, 4000.0);
        for i in 0..=steps as usize {
            let t = i as f64 / steps;
            self.set(p.0 + (q.0 - p.0) * t, p.1 + (q.1 - p.1) * t, color);
        }
    }
}

fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, style: Style, right: u16) {
    for (i, ch) in text.chars().enumerate() {
        let cx = x.saturating_add(i as u16);
        if cx >= right {
            break;
        }
        if let Some(cell) = buf.cell_mut((cx, y)) {
            cell.set_char(ch).set_style(style);
        }
    }
}

impl Widget for Plot<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.width < 6 || area.height < 3 {
            return;
        }
        let label_w = self
            .y
            .ticks
            .iter()
            .map(|(_, l)| l.chars().count())
            .max()
            .unwrap_or(0)
            .min(area.width as usize / 3) as u16;
        let axis_x = area.x + label_w;
        let graph = Rect::new(
            axis_x + 1,
            area.y,
            area.width.saturating_sub(label_w + 1),
            area.height - 2,
        );
        if graph.width == 0 || graph.height == 0 {
            return;
        }
        let frame = Frame {
            area,
            graph,
            axis_x,
            axis_y: graph.bottom(),
            label_w,
        };
        let s = self.axis_style;
        for y in graph.top()..frame.axis_y {
            put(buf, axis_x, y, "│", s, area.right());
        }
        put(buf, axis_x, frame.axis_y, "└", s, area.right());
        for x in graph.left()..graph.right() {
            put(buf, x, frame.axis_y, "─", s, area.right());
        }
        let mut grid = Grid {
            cols: graph.width as usize,
            rows: graph.height as usize,
            x: self.x.bounds,
            y: self.y.bounds,
            bits: vec![0; graph.width as usize * graph.height as usize],
            color: vec![Color::Reset; graph.width as usize * graph.height as usize],
        };
        self.y_ticks(buf, &frame, &grid);
        self.x_ticks(buf, &frame, &grid);
        self.plot(&mut grid);
        for row in 0..grid.rows {
            for col in 0..grid.cols {
                let i = row * grid.cols + col;
                if grid.bits[i] == 0 {
                    continue;
                }
                if let Some(cell) = buf.cell_mut((graph.x + col as u16, graph.y + row as u16)) {
                    cell.set_char(char::from_u32(0x2800 + grid.bits[i] as u32).unwrap_or(' '))
                        .set_fg(grid.color[i]);
                }
            }
        }
        self.mark_labels(buf, &frame, &grid);
    }
}

/// Where a plot's parts go.
struct Frame {
    area: Rect,
    graph: Rect,
    axis_x: u16,
    axis_y: u16,
    label_w: u16,
}

impl Plot<'_> {
    /// Y ticks, each label right-aligned against the axis.
    fn y_ticks(&self, buf: &mut Buffer, f: &Frame, grid: &Grid) {
        let s = self.axis_style;
        let mut last_row = None;
        for (v, label) in &self.y.ticks {
            let Some((_, gy)) = grid.dot(self.x.bounds[0], *v) else {
                continue;
            };
            let row = (gy.round() / 4.0).floor();
            if !(0.0..grid.rows as f64).contains(&row) || last_row == Some(row as u16) {
                continue;
            }
            last_row = Some(row as u16);
            let y = f.graph.y + row as u16;
            put(buf, f.axis_x, y, "┤", s, f.area.right());
            let w = label.chars().count().min(f.label_w as usize) as u16;
            let text: String = label.chars().take(w as usize).collect();
            put(buf, f.axis_x - w, y, &text, s, f.axis_x);
        }
    }

    /// X ticks, labels centred under them where they do not collide, and
    /// the axis title at the right end.
    fn x_ticks(&self, buf: &mut Buffer, f: &Frame, grid: &Grid) {
        let s = self.axis_style;
        let mut free_from = f.area.x;
        let title_w = self.x_title.chars().count() as u16;
        let title_at = f.area.right().saturating_sub(title_w);
        for (v, label) in &self.x.ticks {
            let Some((gx, _)) = grid.dot(*v, self.y.bounds[0]) else {
                continue;
            };
            let col = (gx.round() / 2.0).floor();
            if !(0.0..grid.cols as f64).contains(&col) {
                continue;
            }
            let x = f.graph.x + col as u16;
            put(buf, x, f.axis_y, "┴", s, f.area.right());
            let w = label.chars().count() as u16;
            let start = x.saturating_sub(w / 2).max(f.area.x);
            let limit = if title_w > 0 {
                title_at.saturating_sub(1)
            } else {
                f.area.right()
            };
            if start >= free_from && start + w <= limit {
                put(buf, start, f.axis_y + 1, label, s, f.area.right());
                free_from = start + w + 1;
            }
        }
        if title_w > 0 && title_at >= free_from {
            put(
                buf,
                title_at,
                f.axis_y + 1,
                &self.x_title,
                s,
                f.area.right(),
            );
        }
    }

    /// Markers (dotted vertical lines, under the curves), then the series.
    fn plot(&self, grid: &mut Grid) {
        for m in &self.marks {
            let color = m.style.fg.unwrap_or(Color::Reset);
            if let Some((gx, _)) = grid.dot(m.x, self.y.bounds[0]) {
                for gy in (0..grid.rows * 4).step_by(2) {
                    grid.set(gx, gy as f64, color);
                }
            }
        }
        for series in &self.series {
            let pts = series.points;
            if !(series.dots || pts.len() == 1) {
                for w in pts.windows(2) {
                    grid.line(w[0], w[1], series.color);
                }
                continue;
            }
            for &(x, y) in pts {
                let Some((gx, gy)) = grid.dot(x, y) else {
                    continue;
                };
                grid.set(gx, gy, series.color);
                if series.dots {
                    // Two dots side by side in one cell: one alone is hard
                    // to see.
                    let gx = gx.round();
                    let pair = if gx % 2.0 == 0.0 { gx + 1.0 } else { gx - 1.0 };
                    grid.set(pair, gy, series.color);
                } else {
                    // A lone point of a curve: a small cross, to be seen.
                    for (dx, dy) in [(-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0)] {
                        grid.set(gx + dx, gy + dy, series.color);
                    }
                }
            }
        }
    }

    /// Marker labels at the top, beside their line (left of it near the
    /// right edge), one row down when two would overlap.
    fn mark_labels(&self, buf: &mut Buffer, f: &Frame, grid: &Grid) {
        let graph = f.graph;
        let mut taken: Vec<(u16, u16, u16)> = Vec::new();
        for m in &self.marks {
            let Some((gx, _)) = grid.dot(m.x, self.y.bounds[0]) else {
                continue;
            };
            let col = graph.x
                + (gx.round() / 2.0)
                    .floor()
                    .clamp(0.0, graph.width as f64 - 1.0) as u16;
            let w = m.label.chars().count() as u16;
            let x = if col + 1 + w <= graph.right() {
                col + 1
            } else {
                col.saturating_sub(w).max(graph.x)
            };
            let mut y = graph.y;
            while taken
                .iter()
                .any(|&(ty, a, b)| ty == y && x <= b && a <= x + w)
            {
                y += 1;
            }
            if y >= f.axis_y {
                continue;
            }
            taken.push((y, x, x + w));
            put(buf, x, y, &m.label, m.style, graph.right());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ranges_have_round_steps() {
        let (lo, hi, step) = nice_range(0.13, 0.52, 4, 0.0);
        assert_eq!(step, 0.1);
        assert!((lo - 0.1).abs() < 1e-9 && (hi - 0.6).abs() < 1e-9);
        let (lo, hi, step) = nice_range(1.0, 12.0, 6, 1.0);
        assert_eq!((lo, hi, step), (0.0, 12.0, 2.0));
        let (lo, hi, _) = nice_range(f64::NAN, 1.0, 4, 0.0);
        assert!(lo < hi);
        assert_eq!(decimals(0.05), 2);
        assert_eq!(decimals(2.0), 0);
    }

    #[test]
    fn dots_are_pairs_in_their_colour_over_an_earlier_line() {
        let line = [(0.0, 0.5), (4.0, 0.5)];
        let dot = [(2.0, 0.5)];
        let series = |points, color, dots| Series {
            points,
            color,
            dots,
        };
        let plot = Plot {
            series: vec![
                series(&line, Color::Yellow, false),
                series(&dot, Color::White, true),
            ],
            x: Axis {
                bounds: [0.0, 4.0],
                ticks: vec![],
            },
            y: Axis {
                bounds: [0.0, 1.0],
                ticks: vec![],
            },
            marks: vec![],
            axis_style: Style::new(),
            x_title: String::new(),
        };
        let area = Rect::new(0, 0, 21, 7);
        let mut buf = Buffer::empty(area);
        plot.render(area, &mut buf);
        let white: Vec<&str> = (0..7)
            .flat_map(|y| (0..21).map(move |x| (x, y)))
            .filter(|&p| buf[p].fg == Color::White)
            .map(|p| buf[p].symbol())
            .collect();
        assert_eq!(white.len(), 1, "one cell for the dot: {white:?}");
        let bits = white[0].chars().next().unwrap() as u32 - 0x2800;
        assert!(bits.count_ones() >= 2, "a visible pair: {:?}", white[0]);
    }

    #[test]
    fn axes_ticks_labels_and_marks_are_drawn() {
        let pts = [(1.0, 0.5), (2.0, 0.3), (3.0, 0.2)];
        let plot = Plot {
            series: vec![Series {
                points: &pts,
                color: Color::Cyan,
                dots: false,
            }],
            x: Axis {
                bounds: [0.0, 4.0],
                ticks: ticks(0.0, 4.0, 1.0, |v| format!("{v:.0}")),
            },
            y: Axis {
                bounds: [0.0, 0.6],
                ticks: ticks(0.0, 0.6, 0.2, |v| format!("{v:.1}")),
            },
            marks: vec![Mark {
                x: 3.0,
                label: "last".into(),
                style: Style::new(),
            }],
            axis_style: Style::new(),
            x_title: "epoch".into(),
        };
        let area = Rect::new(0, 0, 40, 12);
        let mut buf = Buffer::empty(area);
        plot.render(area, &mut buf);
        let text: String = (0..12)
            .map(|y| {
                (0..40)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
                    + "\n"
            })
            .collect();
        for want in ["0.6┤", "0.0┤", "└", "┴", "epoch", "last", "4"] {
            assert!(text.contains(want), "{want} missing:\n{text}");
        }
        // Tiny areas draw nothing and do not panic.
        for (w, h) in [(1, 1), (3, 200), (6, 3), (200, 3)] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            Plot {
                series: vec![],
                x: Axis::default(),
                y: Axis::default(),
                marks: vec![],
                axis_style: Style::new(),
                x_title: "epoch".into(),
            }
            .render(area, &mut buf);
        }
    }
}
