//! The neurons view, as the video draws the network: the digit on the left
//! feeding the input layer, columns of round neurons lit by their
//! activation, the strongest connections between them (blue +, red −),
//! the answer on the output layer, and the selected neuron's incoming
//! weights beside it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as Stroke};
use ratatui::widgets::{Block, Paragraph};

use super::derived::{COLUMN_SIZES, DigitFacts, Edge, LAYER_NAMES, incoming};
use super::state::NetworkScreen;
use crate::network::{Network, argmax};
use crate::study::ModelFacts;
use crate::tui::theme;
use crate::tui::widgets::neurons::{Disc, rows_for, width};
use crate::tui::widgets::picture::{Picture, Render, Shade, largest_scale};
use crate::tui::widgets::weight_bars::weight_bar;

/// Where things are: the picture, each column's left edge and the rows of
/// its neurons' centres.
pub(super) struct Plan {
    picture: Rect,
    framed: bool,
    render: Render,
    /// Disc size (rows).
    disc: u16,
    /// Left edge of each neuron column (hidden 1, hidden 2, output).
    columns: [u16; 3],
    /// Top and height of the area the neurons spread over.
    top: u16,
    height: u16,
    /// Width of a hidden column (marker, disc, maybe a number).
    hidden_w: u16,
    detail: Rect,
}

/// The headings' wordings, longest first: the first that fits is used.
const HEADINGS: [[&str; 4]; 4] = [
    LAYER_NAMES,
    ["input", "hidden 1", "hidden 2", "output"],
    ["input", "h1", "h2", "output"],
    ["in", "h1", "h2", "out"],
];

/// Where the column headings go and what they say: the longest wording
/// (with the hidden layers' dead units, if any, when there is room) whose
/// headings, each centred over its column (the input's at the picture's
/// left), keep a space between neighbours and stay left of the detail.
pub(super) fn headings(p: &Plan, area: Rect, dead: [usize; 2]) -> Vec<(Rect, String)> {
    let anchors: [(u16, u16); 4] = [
        (p.picture.x, p.picture.width),
        (p.columns[0], p.hidden_w),
        (p.columns[1], p.hidden_w),
        (p.columns[2], 1 + width(p.disc)),
    ];
    let right = p.detail.x.saturating_sub(1).min(area.right());
    let wordings = std::iter::once(std::array::from_fn::<String, 4, _>(|l| match l {
        1 | 2 if dead[l - 1] > 0 => format!("{} ({} dead)", LAYER_NAMES[l], dead[l - 1]),
        _ => LAYER_NAMES[l].to_string(),
    }))
    .chain(HEADINGS.iter().map(|w| w.map(String::from)));
    let place = |texts: &[String; 4]| {
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
            fits &= x == want && x + len <= right;
            let shown = len.min(right.saturating_sub(x));
            placed.push((Rect::new(x, area.y, shown, 1), text.clone()));
            free = x + len + 1;
        }
        (fits, placed)
    };
    let mut last = Vec::new();
    for texts in wordings {
        let (fits, placed) = place(&texts);
        if fits {
            return placed;
        }
        last = placed;
    }
    // Nothing fits as it should: the shortest, pushed right of each other.
    last
}

const OUT_TEXT: u16 = 16; // " 7   88% ████████"

pub(super) fn plan(n: &NetworkScreen, area: Rect) -> Plan {
    let top = area.y + 1;
    let height = area.height.saturating_sub(1);
    let disc = rows_for(height as f32 / 16.0, 4);
    let dw = width(disc);
    let hidden_w = 1 + dw + if n.values { 5 } else { 0 };
    let out_w = 1 + dw + OUT_TEXT;
    let detail_w = if area.width >= 100 {
        (area.width * 3 / 10).min(64)
    } else {
        30
    };
    let min_gap = if area.width >= 100 { 8 } else { 4 };
    let rest = area
        .width
        .saturating_sub(detail_w + 1 + out_w + 2 * hidden_w + 3 * min_gap);
    let budget = rest;
    // A dim frame shows the 28x28 grid's edge when there is room for it.
    let framed = budget >= 16 + 2 && height >= 7 + 3;
    let edge = u16::from(framed);
    let budget = budget.saturating_sub(2 * edge);
    let pic_rows = height.saturating_sub(1 + 2 * edge);
    let blocks = largest_scale(Render::Blocks, 28, 28, budget, pic_rows);
    let render = if 28 * blocks as u16 <= budget && 14 * blocks as u16 <= pic_rows {
        Render::Blocks
    } else {
        Render::Braille
    };
    let k = largest_scale(render, 28, 28, budget, pic_rows);
    let (pw, ph) = crate::tui::widgets::picture::cells(render, 28, 28, k);
    let (pw, ph) = (pw.min(budget.max(1)), ph.min(pic_rows.max(1)));
    let picture = Rect::new(area.x + edge, top + height.saturating_sub(ph) / 2, pw, ph);
    let pw = pw + 2 * edge;
    let spare = area
        .width
        .saturating_sub(pw + detail_w + 1 + out_w + 2 * hidden_w);
    let gap = spare / 3;
    let h1 = area.x + pw + gap;
    let h2 = h1 + hidden_w + gap;
    let out = h2 + hidden_w + gap;
    let detail_x = out + out_w + 1;
    Plan {
        picture,
        framed,
        render,
        disc,
        columns: [h1, h2, out],
        top,
        height,
        hidden_w,
        detail: Rect::new(
            detail_x,
            area.y,
            area.right().saturating_sub(detail_x),
            area.height,
        ),
    }
}

impl Plan {
    /// The centre row (fractional, from the area's top) of unit `i` of a
    /// column of `n`.
    fn centre(&self, i: usize, n: usize) -> f32 {
        (i as f32 + 0.5) * self.height as f32 / n as f32
    }

    /// The disc of unit `i` of a column of `n` starting at `x`.
    fn disc_rect(&self, x: u16, i: usize, n: usize) -> Rect {
        let y = self.top + (self.centre(i, n) - self.disc as f32 / 2.0).max(0.0) as u16;
        Rect::new(x + 1, y, width(self.disc), self.disc)
    }
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    n: &NetworkScreen,
    facts: &ModelFacts,
    seen: &DigitFacts,
) {
    if area.width < 20 || area.height < 6 {
        return;
    }
    let p = plan(n, area);
    let screen = frame.area();
    let clip = move |r: Rect| r.intersection(screen);
    // Headings, in the video's words.
    let dead = facts.dead.map(|d| d.iter().filter(|&&d| d).count());
    for (r, text) in headings(&p, area, dead) {
        frame.render_widget(Paragraph::new(text).style(theme::dim()), clip(r));
    }
    // The digit, feeding the input layer.
    if p.framed {
        let outer = Rect::new(
            p.picture.x - 1,
            p.picture.y.saturating_sub(1),
            p.picture.width + 2,
            p.picture.height + 2,
        );
        frame.render_widget(
            Block::bordered()
                .border_type(ratatui::widgets::BorderType::Rounded)
                .border_style(theme::border()),
            clip(outer),
        );
    }
    frame.render_widget(
        Picture::new(&seen.unit, 28, 28, Shade::Gray)
            .render(p.render)
            .fit(p.picture),
        clip(p.picture),
    );
    let caption = match seen.label {
        Some(l) => format!("{} ({l})", seen.name),
        None => seen.name.clone(),
    };
    let cap = Rect::new(
        p.picture.x,
        p.picture.bottom() + u16::from(p.framed),
        p.picture.width,
        1,
    );
    if cap.bottom() <= area.bottom() {
        frame.render_widget(Paragraph::new(caption).style(theme::dim()), clip(cap));
    }
    if !n.hide_edges {
        draw_edges(frame, n, &p, seen);
    }
    for (l, &size) in COLUMN_SIZES.iter().enumerate() {
        let values = seen.column(l);
        let lit = n.lit(l + 1);
        for (i, &v) in values.iter().enumerate().take(size) {
            let r = clip(p.disc_rect(p.columns[l], i, size));
            let bright = if l < 2 { facts.brightness(l, v) } else { v };
            let dead = l < 2 && facts.dead[l][i];
            frame.render_widget(
                Disc {
                    value: bright * lit,
                    rows: p.disc,
                    dead,
                },
                r,
            );
            let mid = r.y + r.height / 2;
            if n.selected == (l, i) {
                let m = clip(Rect::new(p.columns[l], mid, 1, 1));
                frame.render_widget(Paragraph::new("▶").style(theme::key()), m);
            }
            let after = r.right() + 1;
            if l < 2 && n.values {
                let t = clip(Rect::new(after, mid, 4, 1));
                frame.render_widget(Paragraph::new(format!("{v:.1}")), t);
            }
            if l == 2 {
                let t = clip(Rect::new(
                    after,
                    mid,
                    area.right().saturating_sub(after).min(OUT_TEXT),
                    1,
                ));
                frame.render_widget(Paragraph::new(output_line(i, v * lit, seen)), t);
            }
        }
    }
}

/// An output neuron's digit, probability bar and percent; the answer
/// stands out, the true digit is green.
fn output_line(d: usize, p: f32, seen: &DigitFacts) -> Line<'static> {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let best = argmax(&seen.act.probabilities) == d;
    let p = if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let e = (p * 64.0).round() as usize;
    let bar = format!("{}{}", "█".repeat(e / 8), EIGHTHS[e % 8]);
    let (digit_style, bar_style) = if best {
        (
            theme::selected(),
            theme::train().add_modifier(Modifier::BOLD),
        )
    } else if seen.label == Some(d as u8) {
        (theme::ok().add_modifier(Modifier::BOLD), theme::dim())
    } else {
        (Style::new(), theme::dim())
    };
    Line::from(vec![
        Span::styled(format!("{d}"), digit_style),
        Span::styled(format!("{:>5.0}% ", p * 100.0), bar_style),
        Span::styled(bar, bar_style),
    ])
}

/// The strongest connections, weakest first so the strongest lie on top.
fn draw_edges(frame: &mut Frame, n: &NetworkScreen, p: &Plan, seen: &DigitFacts) {
    let h = p.height as f64;
    let k_rows = p.picture.height as f32 / 28.0;
    let pic_top = (p.picture.y - p.top) as f32;
    for (layer, &size) in COLUMN_SIZES.iter().enumerate() {
        let lit = n.lit(layer + 1);
        if lit <= 0.0 {
            continue;
        }
        let (x0, from_y): (u16, Box<dyn Fn(usize) -> f32>) = match layer {
            0 => (
                p.picture.right() + u16::from(p.framed),
                Box::new(move |px: usize| pic_top + ((px / 28) as f32 + 0.5) * k_rows),
            ),
            l => {
                let size = COLUMN_SIZES[l - 1];
                let x = p.columns[l - 1] + 1 + width(p.disc);
                (x, Box::new(move |i: usize| p.centre(i, size)))
            }
        };
        let x1 = p.columns[layer];
        if x1 <= x0 + 1 {
            continue;
        }
        let area = Rect::new(x0, p.top, x1 - x0, p.height).intersection(frame.area());
        let lines: Vec<(f64, f64, f32)> = seen.edges[layer]
            .iter()
            .map(|&Edge { from, to, strength }| {
                (
                    h - from_y(from) as f64,
                    h - p.centre(to, size) as f64,
                    strength * lit,
                )
            })
            .collect();
        let canvas = Canvas::default()
            .marker(Marker::Braille)
            .x_bounds([0.0, 1.0])
            .y_bounds([0.0, h])
            .paint(move |ctx| {
                for &(y1, y2, s) in &lines {
                    ctx.draw(&Stroke {
                        x1: 0.0,
                        y1,
                        x2: 1.0,
                        y2,
                        color: theme::diverging(s.signum() * (0.3 + 0.7 * s.abs())),
                    });
                }
            });
        frame.render_widget(canvas, area);
    }
}

/// The selected neuron: its activation, bias and incoming weights (a
/// 28x28 picture for hidden layer 1, bars for the others).
pub fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    n: &NetworkScreen,
    net: &Network,
    facts: &ModelFacts,
    seen: &DigitFacts,
) {
    let p = plan(n, area);
    let d = p.detail.intersection(frame.area());
    if d.width < 12 || d.height < 5 {
        return;
    }
    let (layer, unit) = (n.selected.0.min(2), n.selected.1);
    let unit = unit.min(COLUMN_SIZES[layer] - 1);
    let (weights, bias) = incoming(net, layer, unit);
    let value = seen.column(layer)[unit];
    let title = match layer {
        2 => format!(" output {unit} "),
        l => format!(" hidden layer {} · #{unit} ", l + 1),
    };
    let block = Block::bordered().title(title).border_style(theme::key());
    let inner = block.inner(d);
    frame.render_widget(block, d);
    let what = if layer == 2 {
        "probability"
    } else {
        "activation"
    };
    let mut lines = vec![Line::from(vec![
        Span::raw(format!("{what} {value:.2}")),
        Span::styled(format!(" · bias {bias:+.2}"), theme::dim()),
    ])];
    if layer < 2 && facts.dead[layer][unit] {
        lines.push(Line::styled(
            format!("dead: never fires on {} training digits", facts.sample),
            theme::warn(),
        ));
    }
    let range = if layer == 0 {
        facts.w1_range
    } else {
        weights
            .iter()
            .filter(|w| w.is_finite())
            .fold(0.0f32, |m, w| m.max(w.abs()))
    };
    let mut legend = vec![Span::styled("weights: ", theme::dim())];
    legend.extend(theme::sign_legend());
    legend.push(Span::styled(format!(" ±{range:.2}"), theme::dim()));
    lines.push(Line::from(legend));
    let head = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines), inner);
    let rest = Rect::new(
        inner.x,
        inner.y + head,
        inner.width,
        inner.height.saturating_sub(head),
    );
    if layer == 0 {
        // Its weights, then what it sees in this digit (weights × pixels)
        // when there is room for both.
        let both = rest.height >= 14 + 1 + 14 && rest.width >= 28;
        let top_h = if both {
            rest.height.saturating_sub(15).min(rest.height * 2 / 3)
        } else {
            rest.height
        };
        let top = Rect::new(rest.x, rest.y, rest.width, top_h);
        let shown = picture(frame, top, &facts.tiles[unit]);
        if both {
            let y = rest.y + shown;
            let label = Rect::new(rest.x, y, rest.width, 1);
            frame.render_widget(
                Paragraph::new(format!(
                    "× this digit (±{:.2}): what it sees",
                    seen.product_range
                ))
                .style(theme::dim()),
                label,
            );
            let low = Rect::new(
                rest.x,
                y + 1,
                rest.width,
                rest.bottom().saturating_sub(y + 1),
            );
            picture(frame, low, &seen.products[unit]);
        }
    } else {
        let from = if layer == 1 { "h1" } else { "h2" };
        let bar_w = (rest.width as usize).saturating_sub(16).max(2);
        let mut bars: Vec<Line> = weights
            .iter()
            .enumerate()
            .map(|(i, &w)| weight_bar(&format!("{from} #{i:<2} "), w, range, bar_w))
            .collect();
        // What reaches it from this digit: activation × weight.
        if rest.height as usize >= 2 * weights.len() + 2 {
            let below = seen.column(layer - 1);
            let parts: Vec<f32> = weights.iter().zip(below).map(|(w, a)| w * a).collect();
            let top = parts
                .iter()
                .filter(|v| v.is_finite())
                .fold(0.0f32, |m, v| m.max(v.abs()));
            bars.push(Line::from(""));
            bars.push(Line::styled(
                format!("× their activations (±{top:.2}): what reaches it"),
                theme::dim(),
            ));
            bars.extend(
                parts
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| weight_bar(&format!("{from} #{i:<2} "), v, top, bar_w)),
            );
        }
        frame.render_widget(Paragraph::new(bars), rest);
    }
}

/// A 28x28 diverging picture as large as fits `area`: half blocks when
/// they fit, else braille. Returns the rows it took.
fn picture(frame: &mut Frame, area: Rect, values: &[f32]) -> u16 {
    let render = if area.width >= 28 && area.height >= 14 {
        Render::Blocks
    } else {
        Render::Braille
    };
    let p = Picture::new(values, 28, 28, Shade::Diverging)
        .render(render)
        .fit(area);
    let rows = p.size().1.min(area.height);
    frame.render_widget(p, area);
    rows
}
