//! A line chart with real axes: tick marks and labels on both axes, braille
//! curves (later series drawn over earlier ones, so faded comparison runs
//! go first), labelled vertical markers ("best", "last") whose labels keep
//! off the curves, and a note for an empty chart. Strokes other than a
//! solid line tell curves apart where colour cannot (NO_COLOR).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Widget;

use super::picture::dot_bit;

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stroke {
    /// A solid line through the points.
    Line,
    /// Every other dot of the line.
    Dotted,
    /// Every fourth dot of the line.
    Sparse,
    /// Only the points, no lines between them.
    Points,
}

impl Stroke {
    /// Dots of a line kept: one in this many.
    fn every(self) -> usize {
        match self {
            Stroke::Line | Stroke::Points => 1,
            Stroke::Dotted => 2,
            Stroke::Sparse => 4,
        }
    }
}

/// One curve: points in data coordinates (non-finite ones break the line).
pub struct Series<'a> {
    pub points: &'a [(f64, f64)],
    pub color: Color,
    pub stroke: Stroke,
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
    /// Written on the x labels' row where no tick label is, rightmost
    /// first (e.g. "epoch").
    pub x_title: String,
    /// Lines centred in the plotting area (e.g. why it is empty).
    pub note: Vec<(String, Style)>,
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
    /// Cells a series has dots in (marker lines do not count).
    curve: Vec<bool>,
}

impl Grid {
    fn new(cols: usize, rows: usize, x: [f64; 2], y: [f64; 2]) -> Grid {
        Grid {
            cols,
            rows,
            x,
            y,
            bits: vec![0; cols * rows],
            color: vec![Color::Reset; cols * rows],
            curve: vec![false; cols * rows],
        }
    }

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
        if let Some(i) = self.put(gx, gy, color) {
            self.curve[i] = true;
        }
    }

    /// Sets a dot; the cell's index if it is inside.
    fn put(&mut self, gx: f64, gy: f64, color: Color) -> Option<usize> {
        let (gx, gy) = (gx.round(), gy.round());
        if gx < 0.0 || gy < 0.0 {
            return None;
        }
        let (gx, gy) = (gx as usize, gy as usize);
        if gx >= self.cols * 2 || gy >= self.rows * 4 {
            return None;
        }
        let i = gy / 4 * self.cols + gx / 2;
        self.bits[i] |= dot_bit(gx % 2, gy % 4);
        self.color[i] = color;
        Some(i)
    }

    /// A line from `a` to `b`, one dot in `every` kept; `phase` carries
    /// the count over from the previous segment so dots stay evenly spaced.
    fn line(
        &mut self,
        a: (f64, f64),
        b: (f64, f64),
        color: Color,
        every: usize,
        phase: &mut usize,
    ) {
        let (Some(p), Some(q)) = (self.dot(a.0, a.1), self.dot(b.0, b.1)) else {
            return;
        };
        let steps = (q.0 - p.0)
            .abs()
            .max((q.1 - p.1).abs())
            .ceil()
            .clamp(1.0, 4000.0);
        // The end point is the next segment's start.
        for i in 0..steps as usize {
            if phase.is_multiple_of(every) {
                let t = i as f64 / steps;
                self.set(p.0 + (q.0 - p.0) * t, p.1 + (q.1 - p.1) * t, color);
            }
            *phase += 1;
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
        let mut grid = Grid::new(
            graph.width as usize,
            graph.height as usize,
            self.x.bounds,
            self.y.bounds,
        );
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
        self.draw_note(buf, graph);
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

    /// X ticks, labels centred under them (kept inside the area) in the
    /// order given, a label that would touch one already placed left
    /// out; then the axis title at the right end, else the left end, else
    /// just before the rightmost label (in place of labels between, never
    /// of the first or last), never amid the ticks where it would read as
    /// one of them.
    fn x_ticks(&self, buf: &mut Buffer, f: &Frame, grid: &Grid) {
        let s = self.axis_style;
        let (left, right) = (f.area.x, f.area.right());
        // Labels placed, as (start, width, text).
        let mut placed: Vec<(u16, u16, &str)> = Vec::new();
        // Clear of every label, with a space kept either side.
        let clear = |placed: &[(u16, u16, &str)], start: u16, w: u16| {
            start >= left
                && start + w <= right
                && placed
                    .iter()
                    .all(|&(a, aw, _)| start + w < a || a + aw < start)
        };
        for (v, label) in &self.x.ticks {
            let Some((gx, _)) = grid.dot(*v, self.y.bounds[0]) else {
                continue;
            };
            let col = (gx.round() / 2.0).floor();
            if !(0.0..grid.cols as f64).contains(&col) {
                continue;
            }
            let x = f.graph.x + col as u16;
            put(buf, x, f.axis_y, "┴", s, right);
            let w = label.chars().count() as u16;
            if w > right - left {
                continue;
            }
            let start = x.saturating_sub(w / 2).clamp(left, right - w);
            if clear(&placed, start, w) {
                placed.push((start, w, label));
            }
        }
        let title = self.title_spot(&mut placed, left, right, clear);
        for (start, _, label) in placed {
            put(buf, start, f.axis_y + 1, label, s, right);
        }
        if let Some(x) = title {
            put(buf, x, f.axis_y + 1, &self.x_title, s, right);
        }
    }

    /// Where the x axis title goes (see `x_ticks`), leaving out the
    /// labels it takes the place of.
    fn title_spot(
        &self,
        placed: &mut Vec<(u16, u16, &str)>,
        left: u16,
        right: u16,
        clear: impl Fn(&[(u16, u16, &str)], u16, u16) -> bool,
    ) -> Option<u16> {
        let w = self.x_title.chars().count() as u16;
        if w == 0 || w > right - left {
            return None;
        }
        if clear(placed, right - w, w) {
            return Some(right - w);
        }
        if clear(placed, left, w) {
            return Some(left);
        }
        placed.sort_by_key(|p| p.0);
        let (&first, &last) = (placed.first()?, placed.last()?);
        let x = last.0.checked_sub(w + 1)?;
        if x < first.0 + first.1 + 1 {
            return None;
        }
        placed.retain(|&(a, aw, _)| a + aw < x || a >= last.0);
        Some(x)
    }

    /// Markers (dotted vertical lines, under the curves), then the series.
    fn plot(&self, grid: &mut Grid) {
        for m in &self.marks {
            let color = m.style.fg.unwrap_or(Color::Reset);
            if let Some((gx, _)) = grid.dot(m.x, self.y.bounds[0]) {
                for gy in (0..grid.rows * 4).step_by(2) {
                    grid.put(gx, gy as f64, color);
                }
            }
        }
        for series in &self.series {
            let pts = series.points;
            let dots = series.stroke == Stroke::Points;
            if !(dots || pts.len() == 1) {
                let mut phase = 0;
                for w in pts.windows(2) {
                    grid.line(w[0], w[1], series.color, series.stroke.every(), &mut phase);
                }
                if let Some(&(x, y)) = pts.last()
                    && let Some((gx, gy)) = grid.dot(x, y)
                {
                    grid.set(gx, gy, series.color);
                }
                continue;
            }
            for &(x, y) in pts {
                let Some((gx, gy)) = grid.dot(x, y) else {
                    continue;
                };
                grid.set(gx, gy, series.color);
                if dots {
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

    /// Marker labels beside their line (left of it near the right edge),
    /// in the highest row where they cover no curve and no other label;
    /// left out where there is none.
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
            let clear = |y: u16| {
                let row = (y - graph.y) as usize;
                let on_curve = (x..(x + w).min(graph.right()))
                    .any(|cx| grid.curve[row * grid.cols + (cx - graph.x) as usize]);
                let on_label = taken
                    .iter()
                    .any(|&(ty, a, b)| ty == y && x <= b && a <= x + w);
                !on_curve && !on_label
            };
            let Some(y) = (graph.y..f.axis_y).find(|&y| clear(y)) else {
                continue;
            };
            taken.push((y, x, x + w));
            put(buf, x, y, &m.label, m.style, graph.right());
        }
    }

    /// The note's lines, centred in the plotting area.
    fn draw_note(&self, buf: &mut Buffer, graph: Rect) {
        let n = self.note.len() as u16;
        if n == 0 || graph.height < n {
            return;
        }
        let top = graph.y + (graph.height - n) / 2;
        for (i, (text, style)) in self.note.iter().enumerate() {
            let w = (text.chars().count() as u16).min(graph.width);
            let x = graph.x + (graph.width - w) / 2;
            put(buf, x, top + i as u16, text, *style, graph.right());
        }
    }
}

// Its tests in a file of their own: this one stays under 500 lines.
#[cfg(test)]
#[path = "plot_tests.rs"]
mod tests;
