//! Scene 4: backwards. The ten outputs' wishes, each weighted by its
//! connection, added up into what every hidden-2 neuron should do; then
//! through ReLU (a neuron that did not fire passes nothing back) into
//! hidden layer 1. Drawn from the output towards the input.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::tall::{rows_each, signed_rows, stack};
use crate::learn::Backprop;
use crate::network::HIDDEN1;
use crate::tui::theme;
use crate::tui::widgets::weight_bars::{signed, tracked_bar};

/// One layer's column: each neuron's wanted change of its weighted sum,
/// or "off: passes 0" where it did not fire.
fn column(
    name: &str,
    wish: &[f32],
    nudge: &[f32],
    fired: &[bool],
    width: u16,
    rows: u16,
) -> Vec<Line<'static>> {
    let bar_w = (width as usize).saturating_sub(16).clamp(4, 60);
    let range = wish.iter().fold(1e-6f32, |m, v| m.max(v.abs()));
    let mut lines = vec![Line::styled(name.to_string(), theme::key())];
    for (k, (&w, &on)) in wish.iter().zip(fired).enumerate() {
        if on {
            let bar = tracked_bar(&format!("#{k:<2} "), -nudge[k], range, bar_w);
            lines.extend(signed_rows(bar, Vec::new(), rows));
        } else {
            // What it would have passed back, had it fired.
            let off = if width >= 30 && w.abs() >= 0.005 {
                format!("off: passes 0 (not {})", signed(-w).trim())
            } else {
                "off: 0".to_string()
            };
            // On its empty track, as long as a bar could be.
            let track = theme::track().patch(theme::warn());
            let w = bar_w / 2 * 2 + 1;
            let middle = Line::from(vec![
                Span::styled(format!("#{k:<2} "), theme::dim()),
                Span::styled(format!("{off:^w$}"), track),
            ]);
            let other = Line::from(vec![Span::raw("    "), Span::styled(" ".repeat(w), track)]);
            lines.extend(stack(middle, other, rows));
        }
    }
    lines
}

pub fn draw(frame: &mut Frame, area: Rect, bp: &Backprop, shown: usize) {
    let [top, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            if area.width < 100 {
                "← wanted change of each z, from the output back (own scale per column); off: did \
                 not fire, passes nothing back. Any key: skip"
            } else {
                "← the wanted change of each weighted sum, from the output back to the first \
                 hidden layer (each column on its own scale); a neuron that did not fire (off) \
                 passes nothing back. Scene 5: what it means for the weights. Any key: skip"
            },
            theme::dim(),
        ))
        .wrap(Wrap { trim: true }),
        top,
    );
    let cols = Layout::horizontal([Constraint::Fill(1); 3])
        .spacing(1)
        .split(body);
    let rows = rows_each(body.height, HIDDEN1, 1, 3);
    let fired1: Vec<bool> = bp.z1.iter().map(|z| *z > 0.0).collect();
    let fired2: Vec<bool> = bp.z2.iter().map(|z| *z > 0.0).collect();
    let out_on = vec![true; bp.nudge3.len()];
    let layers = [
        column(
            "hidden layer 1",
            &bp.wish1,
            &bp.nudge1,
            &fired1,
            cols[0].width,
            rows,
        ),
        column(
            "hidden layer 2",
            &bp.wish2,
            &bp.nudge2,
            &fired2,
            cols[1].width,
            rows,
        ),
        column(
            "output",
            &bp.nudge3,
            &bp.nudge3,
            &out_on,
            cols[2].width,
            rows,
        ),
    ];
    for (i, lines) in layers.into_iter().enumerate() {
        // The sweep shows the output first, then each layer before it.
        if 3 - i <= shown {
            frame.render_widget(Paragraph::new(lines), cols[i]);
        }
    }
}
