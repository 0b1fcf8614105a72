//! Scene 4: backwards. The ten outputs' wishes, each weighted by its
//! connection, added up into what every hidden-2 neuron should do; then
//! through ReLU (a neuron that did not fire passes nothing back) into
//! hidden layer 1. Drawn from the output towards the input.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::learn::Backprop;
use crate::tui::theme;
use crate::tui::widgets::weight_bars::weight_bar;

/// One layer's column: each neuron's wanted change of its weighted sum,
/// or "off: passes nothing" where it did not fire.
fn column(
    name: &str,
    wish: &[f32],
    nudge: &[f32],
    fired: &[bool],
    width: u16,
) -> Vec<Line<'static>> {
    let bar_w = (width as usize).saturating_sub(16).clamp(4, 30);
    let range = wish.iter().fold(1e-6f32, |m, v| m.max(v.abs()));
    let mut lines = vec![Line::styled(name.to_string(), theme::key())];
    for (k, (&w, &on)) in wish.iter().zip(fired).enumerate() {
        if on {
            lines.push(weight_bar(&format!("#{k:<2} "), -nudge[k], range, bar_w));
        } else {
            lines.push(Line::from(vec![
                Span::styled(format!("#{k:<2} "), theme::dim()),
                Span::styled(format!("off: 0 (not {:+.2})", -w), theme::warn()),
            ]));
        }
    }
    lines
}

pub fn draw(frame: &mut Frame, area: Rect, bp: &Backprop, shown: usize) {
    let [top, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            "← the wanted change of each weighted sum, from the output back to the input; a neuron that did not fire (off) passes nothing back (any key: skip)",
            theme::dim(),
        ))
        .wrap(Wrap { trim: true }),
        top,
    );
    let cols = Layout::horizontal([Constraint::Fill(1); 3]).split(body);
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
        ),
        column(
            "hidden layer 2",
            &bp.wish2,
            &bp.nudge2,
            &fired2,
            cols[1].width,
        ),
        column("output", &bp.nudge3, &bp.nudge3, &out_on, cols[2].width),
    ];
    for (i, lines) in layers.into_iter().enumerate() {
        // The sweep shows the output first, then each layer before it.
        if 3 - i <= shown {
            frame.render_widget(Paragraph::new(lines), cols[i]);
        }
    }
}
