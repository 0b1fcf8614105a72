//! The neurons view, as the video draws the network (the diagram widget),
//! and beside it either how to read it or, for the selected neuron, its
//! weighted sum for this digit written out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::derived::{DigitFacts, focus_edges};
use super::state::NetworkScreen;
use crate::network::{Network, argmax};
use crate::neuron::NeuronSum;
use crate::study::{MOSAIC, ModelFacts};
use crate::tui::theme;
use crate::tui::widgets::diagram::{COLUMN_SIZES, Diagram, Focus, brightness_ramp};
use crate::tui::widgets::picture::{Picture, Render, Shade, cells};
use crate::tui::widgets::resize::resample;
use crate::tui::widgets::weighted_sum;

/// The detail panel's width for a view `width` wide.
fn detail_width(width: u16) -> u16 {
    if width >= 100 {
        (width * 3 / 10).min(64)
    } else {
        30
    }
}

/// The diagram's area and the detail panel's.
pub(super) fn split(area: Rect) -> (Rect, Rect) {
    let dw = detail_width(area.width).min(area.width);
    let left = Rect::new(area.x, area.y, area.width - dw, area.height);
    let right = Rect::new(area.right() - dw, area.y, dw, area.height);
    (left, right)
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    n: &NetworkScreen,
    net: &Network,
    facts: &ModelFacts,
    seen: &DigitFacts,
) {
    if area.width < 20 || area.height < 6 {
        return;
    }
    let (left, right) = split(area);
    let selected = n
        .selected
        .map(|(l, u)| (l.min(2), u.min(COLUMN_SIZES[l.min(2)] - 1)));
    let focus = selected.map(|(l, u)| focus_edges(net, seen, l, u));
    let levels: [Vec<f32>; 3] = std::array::from_fn(|l| {
        seen.column(l)
            .iter()
            .map(|&v| if l < 2 { facts.brightness(l, v) } else { v })
            .collect()
    });
    let lit = [0, 1, 2, 3].map(|l| n.lit(l));
    let outputs: Vec<Line> = (0..10)
        .map(|d| output_line(d, seen.act.probabilities[d] * lit[3], seen))
        .collect();
    let caption = match seen.label {
        Some(l) => format!("{} ({l})", seen.name),
        None => seen.name.clone(),
    };
    let empty: [super::derived::Edge; 0] = [];
    let edges = if n.hide_edges {
        [&empty[..]; 3]
    } else {
        [&seen.edges[0][..], &seen.edges[1][..], &seen.edges[2][..]]
    };
    let diagram = Diagram {
        pixels: &seen.unit,
        caption,
        levels: [&levels[0], &levels[1], &levels[2]],
        dead: [&facts.dead[0], &facts.dead[1]],
        numbers: n.values,
        edges,
        focus: selected
            .zip(focus.as_ref())
            .map(|((layer, unit), f)| Focus {
                layer,
                unit,
                incoming: &f.incoming,
                outgoing: &f.outgoing,
            }),
        outputs: &outputs,
        lit,
        legend: Some(legend(facts, left.width)),
    };
    frame.render_widget(diagram, left);
    let right = right.intersection(frame.area());
    match (selected, focus) {
        (Some((layer, unit)), Some(f)) => {
            draw_detail(frame, right, layer, unit, facts, seen, &f.sum)
        }
        _ => draw_overview(frame, right, seen, n.hide_edges),
    }
}

/// What brightness and the lines mean, as long as fits `width`.
fn legend(facts: &ModelFacts, width: u16) -> Line<'static> {
    let sign = if theme::colour() {
        "blue +, red −"
    } else {
        "solid +, dashed −"
    };
    let long = format!(
        " 0 → 1: activation ÷ a high one (h1 {:.1}, h2 {:.1}); output: probability · lines: input × weight, {sign}",
        facts.scale[0], facts.scale[1]
    );
    let mid = format!(
        " 0 → 1 (h1 ÷{:.1}, h2 ÷{:.1}) · {sign}",
        facts.scale[0], facts.scale[1]
    );
    let text = [long, mid, format!(" 0 → 1 · {sign}")]
        .into_iter()
        .find(|t| t.chars().count() + 5 <= width as usize)
        .unwrap_or_default();
    let mut spans = brightness_ramp();
    spans.push(Span::styled(text, theme::dim()));
    Line::from(spans)
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

/// No neuron selected: how to read the picture, and the answer.
fn draw_overview(frame: &mut Frame, area: Rect, seen: &DigitFacts, hidden: bool) {
    if area.width < 12 || area.height < 5 {
        return;
    }
    let block = Block::bordered()
        .title(" how to read it ")
        .border_style(theme::border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let answer = argmax(&seen.act.probabilities);
    let verdict = match seen.label {
        Some(l) if l as usize == answer => Span::styled(" right", theme::ok()),
        Some(l) => Span::styled(format!(" wrong: it is a {l}"), theme::error()),
        None => Span::raw(""),
    };
    let lines = if hidden {
        "Connections hidden (e shows them)."
    } else if theme::colour() {
        "Each line is one input × its weight for this digit: blue adds to the next neuron's sum, red takes away. Only the strongest are drawn."
    } else {
        "Each line is one input × its weight for this digit: solid adds to the next neuron's sum, dashed takes away. Only the strongest are drawn."
    };
    let text = vec![
        Line::from(vec![
            Span::raw("answer: "),
            Span::styled(
                format!("{answer} ({:.0}%)", seen.act.probabilities[answer] * 100.0),
                theme::key(),
            ),
            verdict,
        ]),
        Line::from(""),
        Line::from("Each circle is a neuron, as bright as its activation."),
        Line::from(""),
        Line::from(lines),
        Line::from(""),
        Line::from(
            "A neuron adds up what reaches it, plus its bias; ReLU keeps the sum if it is positive, else 0.",
        ),
        Line::from(""),
        Line::styled(
            "↑ ↓ or [ ]: pick a neuron to see its sum for this digit.",
            theme::key(),
        ),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
}

/// The selected neuron: its activation, its weighted sum written out, and
/// for hidden layer 1 its weights and what it sees in this digit.
fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    layer: usize,
    unit: usize,
    facts: &ModelFacts,
    seen: &DigitFacts,
    sum: &NeuronSum,
) {
    if area.width < 12 || area.height < 5 {
        return;
    }
    let title = match layer {
        2 => format!(" output neuron {unit} "),
        l => format!(" hidden layer {} · neuron {unit} ", l + 1),
    };
    let block = Block::bordered().title(title).border_style(theme::key());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = vec![head_line(layer, unit, facts, seen, inner.width)];
    if layer < 2 && facts.dead[layer][unit] {
        lines.push(Line::styled(
            format!("dead: fires on none of {} training digits", facts.sample),
            theme::warn(),
        ));
    }
    let from = if layer == 1 { "h1" } else { "h2" };
    let name = |i: usize| format!("{from} #{i}");
    let room = inner.height.saturating_sub(lines.len() as u16);
    // Every term when the pictures still get room, else the largest.
    let rows = match layer {
        0 => room.min(6),
        _ if room >= 21 + 16 => room,
        _ => room.min(10),
    };
    lines.extend(weighted_sum::lines(sum, &name, inner.width, rows));
    let used = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines), inner);
    let rest = Rect::new(
        inner.x,
        inner.y + used + 1,
        inner.width,
        inner.height.saturating_sub(used + 1),
    );
    let shown = pictures(layer, unit, facts, seen);
    // What the pictures' blue and red (or glyphs) mean, on the last row.
    let mut rest = rest;
    if rest.height > 8 {
        let mut legend = vec![Span::styled("pictures: ", theme::dim())];
        legend.extend(theme::sign_legend());
        rest.height -= 1;
        let last = Rect::new(rest.x, rest.bottom(), rest.width, 1);
        frame.render_widget(Paragraph::new(Line::from(legend)), last);
    }
    two_pictures(frame, rest, shown);
}

/// The selected neuron's two pictures: for hidden layer 1 its weights and
/// what it sees in this digit; further on, the test digits that light it
/// most and its weights traced back to the pixels.
fn pictures<'a>(
    layer: usize,
    unit: usize,
    facts: &'a ModelFacts,
    seen: &'a DigitFacts,
) -> [Shown<'a>; 2] {
    if layer == 0 {
        return [
            Shown {
                label: format!("its weights (±{:.2})", facts.w1_range),
                values: &facts.tiles[unit],
                side: 28,
                shade: Shade::Diverging,
            },
            Shown {
                label: format!("× this digit (±{:.2})", seen.product_range),
                values: &seen.products[unit],
                side: 28,
                shade: Shade::Diverging,
            },
        ];
    }
    let p = &facts.pictures.layers[layer - 1];
    [
        Shown {
            label: "test digits lighting it most".into(),
            values: &p.mosaics[unit],
            side: MOSAIC,
            shade: Shade::Gray,
        },
        Shown {
            label: format!(
                "its weights traced to the pixels, roughly (±{:.2})",
                p.range[unit]
            ),
            values: &p.traced[unit],
            side: 28,
            shade: Shade::Diverging,
        },
    ]
}

/// "activation 2.85 (a high one: 6.1)", or the output's probability.
fn head_line(
    layer: usize,
    unit: usize,
    facts: &ModelFacts,
    seen: &DigitFacts,
    width: u16,
) -> Line<'static> {
    let v = seen.column(layer)[unit];
    if layer == 2 {
        return Line::from(format!("probability {:.1}%", v * 100.0));
    }
    let value = format!("activation {v:.2}");
    let scale = format!(" (a high one: {:.1})", facts.scale[layer]);
    let mut spans = vec![Span::raw(value.clone())];
    if value.chars().count() + scale.chars().count() <= width as usize {
        spans.push(Span::styled(scale, theme::dim()));
    }
    Line::from(spans)
}

/// A square picture for the detail panel.
pub(super) struct Shown<'a> {
    pub label: String,
    pub values: &'a [f32],
    /// Its side in pixels.
    pub side: usize,
    pub shade: Shade,
}

/// Two labelled square pictures, side by side or one above the other,
/// whichever draws them larger: half blocks, shrunk a little if that is
/// what fits, else braille (or only the second, if one fits).
pub(super) fn two_pictures(frame: &mut Frame, area: Rect, pictures: [Shown; 2]) {
    if area.width < 14 || area.height < 4 {
        return;
    }
    // (side in pixels, side by side)
    let mut best: Option<(u16, bool)> = None;
    for beside in [true, false] {
        let (w, h) = if beside {
            (
                area.width.saturating_sub(1) / 2,
                area.height.saturating_sub(2),
            )
        } else {
            // Each under a label of up to two rows.
            (area.width, area.height.saturating_sub(4) / 2)
        };
        // Half blocks: a pixel a cell across, two a cell down.
        let side = w.min(2 * h).min(84);
        let side = if side >= 28 { side / 28 * 28 } else { side };
        if side >= 14 && best.is_none_or(|b| side > b.0) {
            best = Some((side, beside));
        }
    }
    let (side, beside, render) = match best {
        Some((side, beside)) => (side, beside, Render::Blocks),
        None => (28, area.width >= 29, Render::Braille),
    };
    let (cw, ch) = match render {
        Render::Blocks => (side, side.div_ceil(2)),
        Render::Braille => cells(Render::Braille, 28, 28, 1),
    };
    // Labels wider than their room wrap onto a second row; pictures side
    // by side share the taller label's rows so they line up.
    let room = if beside { cw } else { area.width } as usize;
    let rows_of = |p: &Shown| 1 + u16::from(p.label.chars().count() > room);
    let shared = pictures.iter().map(rows_of).max().unwrap_or(1);
    let tall: u16 = pictures.iter().map(|p| ch + rows_of(p)).sum();
    // Room for one only: the second (what it sees in this digit).
    let both = beside || area.height >= tall;
    let skip = usize::from(!both);
    let (mut x, mut y) = (area.x, area.y);
    for shown in pictures.iter().skip(skip) {
        let rows = if beside { shared } else { rows_of(shown) };
        let w = if beside { cw } else { area.width };
        frame.render_widget(
            Paragraph::new(shown.label.as_str())
                .style(theme::dim())
                .wrap(Wrap { trim: true }),
            Rect::new(x, y, w, rows).intersection(area),
        );
        let r = Rect::new(x, y + rows, cw, ch).intersection(area);
        if beside {
            x += cw + 1;
        } else {
            y += ch + rows;
        }
        // Braille draws it 28 pixels across, half blocks `side` across.
        let n = if render == Render::Blocks {
            side as usize
        } else {
            28
        };
        let pixels = resample(shown.values, shown.side, n);
        frame.render_widget(Picture::new(&pixels, n, n, shown.shade).render(render), r);
    }
}
