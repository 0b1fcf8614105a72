//! Scene 3: three ways to raise the right answer's output. Its bias; its
//! weights, each in proportion to how brightly the neuron behind it fired;
//! or the neurons behind it, each in proportion to its weight.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::tall::{rows_each, signed_rows};
use crate::learn::Backprop;
use crate::network::{HIDDEN2, Network, OUTPUTS, W3};
use crate::tui::theme;
use crate::tui::widgets::weight_bars::tracked_bar;

pub fn draw(frame: &mut Frame, area: Rect, bp: &Backprop, net: &Network) {
    let t = bp.label;
    // The right output wants its z up by this much.
    let up = -bp.nudge3[t];
    let weights: Vec<f32> = (0..HIDDEN2).map(|k| up * bp.a2[k]).collect();
    let w3 = |k: usize| net.params[W3.start + k * OUTPUTS + t];
    let activations: Vec<f32> = (0..HIDDEN2).map(|k| up * w3(k)).collect();
    // "Fire together, wire together": the three that fired most.
    let mut order: Vec<usize> = (0..HIDDEN2).collect();
    order.sort_by(|&a, &b| bp.a2[b].total_cmp(&bp.a2[a]));
    let strongest = &order[..3];
    let intro = if area.width < 90 { 2 } else { 3 };
    let [top, columns] =
        Layout::vertical([Constraint::Length(intro), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(if area.width < 90 {
                vec![
                    Span::raw(format!("Raise output {t} ({:.3}): z up by ", bp.p[t])),
                    Span::styled(format!("{up:.3}"), theme::key()),
                    Span::raw(". Three ways:"),
                ]
            } else {
                vec![
                    Span::raw(format!(
                        "To raise output {t} (now {:.3}), its weighted sum z should go up by ",
                        bp.p[t]
                    )),
                    Span::styled(format!("{up:.3}"), theme::key()),
                    Span::raw(". Three ways (this output's wish only: scene 4 adds up all ten):"),
                ]
            }),
            Line::from(vec![
                Span::styled("1. its bias: ", theme::key()),
                Span::raw(format!("up by {up:.3} (the bias adds to z directly)")),
            ]),
        ])
        .wrap(Wrap { trim: true }),
        top,
    );
    // Side by side whenever the bars keep some length: stacked, the
    // sixteen rows twice do not fit a small terminal.
    let wide = columns.width >= 56;
    let parts = if wide {
        Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).split(columns)
    } else {
        Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).split(columns)
    };
    let bar_w = (parts[0].width as usize).saturating_sub(22).clamp(6, 80);
    // Taller bars where the terminal is: the heading takes a row or two.
    let rows = if wide {
        rows_each(columns.height, HIDDEN2, 2, 3)
    } else {
        1
    };
    // Short headings where long ones would take rows from the bars.
    let narrow = parts[0].width < 60;
    let range = |v: &[f32]| v.iter().fold(1e-6f32, |m, x| m.max(x.abs()));
    let column = |head: &str, values: &[f32], mark: &dyn Fn(usize) -> &'static str| {
        let r = range(values);
        let mut lines = vec![Line::styled(head.to_string(), theme::key())];
        for (k, &v) in values.iter().enumerate() {
            lines.extend(signed_rows(
                tracked_bar(&format!("h2 #{k:<2} "), v, r, bar_w),
                vec![Span::styled(
                    mark(k),
                    if mark(k).contains("off") {
                        theme::warn()
                    } else {
                        theme::ok()
                    },
                )],
                rows,
            ));
        }
        lines
    };
    let fired = |k: usize| if strongest.contains(&k) { " ★" } else { "" };
    frame.render_widget(
        Paragraph::new(column(
            if narrow {
                "2. its weights (★ fired most)"
            } else {
                "2. its weights, by how bright the neuron behind fired (★ fired most: fire together, wire together)"
            },
            &weights,
            &fired,
        ))
        .wrap(Wrap { trim: false }),
        parts[0],
    );
    // A neuron that did not fire cannot go lower.
    let off = |k: usize| if bp.a2[k] <= 0.0 { " off" } else { "" };
    frame.render_widget(
        Paragraph::new(column(
            if narrow {
                "3. what lit up before"
            } else {
                "3. what lit up before: each hidden-2 neuron, by its weight (up if positive, down if negative)"
            },
            &activations,
            &off,
        ))
        .wrap(Wrap { trim: false }),
        parts[1],
    );
    // Short headings leave their explanation for under the columns.
    let used = 1 + HIDDEN2 as u16 * rows;
    if narrow && wide && columns.height >= used + 3 {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "2: each weight by how bright the neuron behind it fired (★ the three brightest: \
                 fire together, wire together) · 3: each hidden-2 neuron by its weight, up if \
                 positive, down if negative (off: did not fire, cannot go lower)",
                theme::dim(),
            ))
            .wrap(Wrap { trim: true }),
            Rect::new(
                columns.x,
                columns.y + used + 1,
                columns.width,
                columns.height - used - 1,
            ),
        );
    }
}
