//! Scene 5: the gradient of one example. For every first-layer neuron, how
//! its 784 weights want to move (the negative gradient, blue up, red down,
//! as the weight pictures elsewhere); the other layers' as grids; one
//! weight's derivative written out by the chain rule beside an estimate
//! made by nudging it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::learn::{Backprop, Probe};
use crate::network::{HIDDEN1, HIDDEN2, INPUTS, OUTPUTS, W1, W2, W3};
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::picture::{Picture, Render, Shade};

/// `values` over their largest size, negated: the way each wants to move.
fn wanted(values: &[f32]) -> Vec<f32> {
    let r = values.iter().fold(1e-12f32, |m, v| m.max(v.abs()));
    values.iter().map(|v| -v / r).collect()
}

pub fn draw(frame: &mut Frame, area: Rect, bp: &Backprop, pixels: &[u8], unit: usize, ctx: &Ctx) {
    let Some(net) = ctx.network() else {
        return;
    };
    let grad = bp.gradient();
    let side_panel = if area.width >= 100 { 40 } else { 0 };
    let grid = Rect::new(area.x, area.y, area.width - side_panel, area.height);
    // Each neuron's 784 weights' wanted change, on one shared scale.
    let all = wanted(&grad[W1]);
    // The largest tiles that show all sixteen with the legend under them.
    let fits = |side: u16| {
        let per_row = (grid.width / (side + 2)).clamp(1, 16);
        HIDDEN1.div_ceil(per_row as usize) as u16 * (side / 2 + 1) + 2 <= grid.height
    };
    let side: u16 = [28, 24, 20, 16]
        .into_iter()
        .find(|&s| fits(s))
        .unwrap_or(14);
    let per_row = (grid.width / (side + 2)).clamp(1, 16);
    let rows = HIDDEN1.div_ceil(per_row as usize) as u16;
    let (cw, ch) = (side + 2, side / 2 + 1);
    for u in 0..HIDDEN1 {
        let (r, c) = (u as u16 / per_row, u as u16 % per_row);
        let (x, y) = (grid.x + c * cw, grid.y + r * ch);
        let tile: Vec<f32> = (0..INPUTS).map(|i| all[i * HIDDEN1 + u]).collect();
        let px = crate::tui::widgets::resize::resample(&tile, 28, side as usize);
        let rect = Rect::new(x, y, side, side / 2).intersection(grid);
        frame.render_widget(
            Picture::new(&px, side as usize, side as usize, Shade::Diverging)
                .render(Render::Blocks),
            rect,
        );
        let style = if u == unit {
            theme::selected()
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        let off = if bp.z1[u] > 0.0 { "" } else { " off" };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("#{u}"), style),
                Span::styled(off, theme::dim()),
            ])),
            Rect::new(x, y + side / 2, side, 1).intersection(grid),
        );
    }
    let below = grid.y + rows * ch;
    let mut legend = vec![Span::styled(
        "each: how a hidden-1 neuron's 784 weights want to move · ",
        theme::dim(),
    )];
    legend.extend(theme::sign_legend());
    legend.push(Span::styled(" · an off neuron wants nothing", theme::dim()));
    frame.render_widget(
        Paragraph::new(Line::from(legend)).wrap(Wrap { trim: true }),
        Rect::new(grid.x, below, grid.width, 2).intersection(grid),
    );
    // The chosen neuron's most wanted weight, written out.
    let base = W1.start;
    let i = (0..INPUTS)
        .map(|px| base + px * HIDDEN1 + unit)
        .max_by(|&a, &b| grad[a].abs().total_cmp(&grad[b].abs()))
        .unwrap_or(base + unit);
    let c = bp.derivative(i);
    let estimate = Probe::new(net, pixels, bp.label).estimate(i);
    let px = c.from.unwrap_or(0);
    let text = vec![
        Line::styled(format!("hidden-1 neuron #{unit} (↑ ↓)"), theme::key()),
        Line::from(format!(
            "its weight from pixel ({}, {}), the one this example moves most:",
            px % 28,
            px / 28
        )),
        Line::from(""),
        Line::from("∂cost/∂w = pixel × ReLU slope × wish"),
        Line::from(format!(
            "         = {:.3} × {} × {:+.4}",
            c.input,
            if c.fired { 1 } else { 0 },
            c.wish
        )),
        Line::from(vec![
            Span::raw("         = "),
            Span::styled(format!("{:+.5}", c.value), theme::key()),
        ]),
        Line::from(format!(
            "nudging w by ±{:.0e}: {:+.5}",
            crate::learn::H,
            estimate
        )),
        Line::from(""),
        Line::styled(
            "wish: how the cost changes with this neuron's activation, the outputs' nudges added up backwards (scene 4)",
            theme::dim(),
        ),
    ];
    let (tx, tw, ty) = if side_panel > 0 {
        (area.right() - side_panel + 1, side_panel - 1, area.y)
    } else {
        (area.x, area.width, below + 2)
    };
    let text_area = Rect::new(tx, ty, tw, area.bottom().saturating_sub(ty));
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), text_area);
    // The later layers' gradients as small grids, where there is room.
    let grids_y = text_area.y + 14;
    if side_panel > 0 && grids_y + 10 < area.bottom() {
        let g2 = wanted(&grad[W2]);
        let g3 = wanted(&grad[W3]);
        frame.render_widget(
            Paragraph::new(Line::styled("weights 1→2           2→output", theme::dim())),
            Rect::new(tx, grids_y, tw, 1),
        );
        frame.render_widget(
            Picture::new(&g2, HIDDEN2, HIDDEN1, Shade::Diverging).render(Render::Blocks),
            Rect::new(tx, grids_y + 1, HIDDEN2 as u16, (HIDDEN1 / 2) as u16).intersection(area),
        );
        frame.render_widget(
            Picture::new(&g3, OUTPUTS, HIDDEN2, Shade::Diverging).render(Render::Blocks),
            Rect::new(tx + 22, grids_y + 1, OUTPUTS as u16, (HIDDEN2 / 2) as u16)
                .intersection(area),
        );
    }
}
