//! Scene 5: the gradient of one example. For every first-layer neuron, how
//! its 784 weights want to move (the negative gradient, blue up, red down,
//! as the weight pictures elsewhere); the other layers' as grids; one
//! weight's derivative written out by the chain rule beside an estimate
//! made by nudging it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::learn::{Backprop, Probe};
use crate::network::{HIDDEN1, HIDDEN2, INPUTS, Network, OUTPUTS, W1, W2, W3};
use crate::tui::theme;
use crate::tui::widgets::picture::{Picture, Render, Shade};
use crate::tui::widgets::wrapped_rows;

/// Five places, without a sign where that rounds to zero.
fn five(v: f64) -> String {
    if v.abs() < 5e-6 {
        "0".to_string()
    } else {
        format!("{v:+.5}")
    }
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    bp: &Backprop,
    pixels: &[u8],
    unit: usize,
    net: &Network,
) {
    let grad = bp.gradient();
    // The derivative written out beside the pictures, or above them on a
    // narrow screen: it is the scene's point, never cut.
    let side_panel = if area.width >= 80 { 36 } else { 0 };
    // The chosen neuron's most wanted weight, written out; for a neuron
    // that did not fire, a lit pixel's, to show ReLU's slope zeroing it.
    let base = W1.start;
    let i = (0..INPUTS)
        .map(|px| base + px * HIDDEN1 + unit)
        .max_by(|&a, &b| {
            let key = |i: usize| (grad[i].abs(), bp.x[(i - base) / HIDDEN1]);
            key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .unwrap_or(base + unit);
    let c = bp.derivative(i);
    let estimate = Probe::new(net, pixels, bp.label).estimate(i);
    let px = c.from.unwrap_or(0);
    let text = vec![
        Line::styled(format!("hidden-1 neuron #{unit} (↑ ↓)"), theme::key()),
        Line::from(format!(
            "its weight from the pixel at x {}, y {} ({}):",
            px % 28,
            px / 28,
            if c.fired {
                "the one this example moves most"
            } else {
                "a lit one: this neuron is off, so none of its weights move"
            }
        )),
        Line::from("∂cost/∂w = pixel × ReLU slope × ∂cost/∂a"),
        Line::from(format!(
            "         = {:.3} × {} × {:+.4}",
            c.input,
            if c.fired { 1 } else { 0 },
            c.wish
        )),
        Line::from(vec![
            Span::raw("         = "),
            Span::styled(five(c.value as f64), theme::key()),
        ]),
        Line::from(vec![
            Span::raw(format!("checked: nudge w by ±{} → ", crate::learn::H)),
            Span::styled(five(estimate), theme::key()),
        ]),
        Line::from(vec![
            Span::raw("its tile shows the way it wants to move, −∂cost/∂w = "),
            Span::styled(five(-c.value as f64), theme::key()),
            Span::raw(match -c.value {
                v if v > 5e-6 => ": up, blue",
                v if v < -5e-6 => ": down, red",
                _ => ": not at all",
            }),
        ]),
        Line::styled(
            if side_panel > 0 || area.width >= 100 {
                "∂cost/∂a: how the cost moves with this neuron's activation, the outputs' nudges \
                 added up backwards; scene 4 shows its opposite, the change wanted"
            } else {
                "∂cost/∂a: the outputs' nudges added up backwards (scene 4)"
            },
            theme::dim(),
        ),
    ];
    let top = if side_panel > 0 {
        0
    } else {
        wrapped_rows(&text, area.width).min(area.height / 2)
    };
    let grid = Rect::new(
        area.x,
        area.y + top,
        area.width - side_panel,
        area.height - top,
    );
    let rows = super::tiles::draw(frame, grid, &grad, Some(unit), &|u| bp.z1[u] <= 0.0);
    let below = grid.y + rows;
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
    let (tx, tw, ty) = if side_panel > 0 {
        (area.right() - side_panel + 1, side_panel - 1, area.y)
    } else {
        (area.x, area.width, area.y)
    };
    let th = if side_panel > 0 { area.height } else { top };
    let text_area = Rect::new(tx, ty, tw, th);
    // Under the text however it wraps (a row spare: it keeps its spaces).
    let text_rows = wrapped_rows(&text, tw) + 1;
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), text_area);
    // The later layers' gradients as small grids, where there is room.
    let grids_y = text_area.y + text_rows;
    if side_panel > 0 && grids_y + 10 < area.bottom() {
        let g2 = super::tiles::wanted(&grad[W2]);
        let g3 = super::tiles::wanted(&grad[W3]);
        frame.render_widget(
            Paragraph::new(Line::styled(
                "1→2 weights (16x16)   2→out (10x16)",
                theme::dim(),
            )),
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
