//! Drawing the Network screen: the neurons lit by one digit, the first
//! layer's weights as pictures, and the model's mistakes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as Stroke};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::state::{NetworkScreen, View};
use crate::data::Split;
use crate::digit::braille;
use crate::digit::shading::{activation_levels, weight_picture};
use crate::fmt::percent;
use crate::network::{Activations, HIDDEN1, HIDDEN2, Network, OUTPUTS, W1, W2, W3, argmax};
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::confusion::{Look, confusion_lines};

/// Gray level `level` of 24 as a 256-colour gray.
fn gray(level: u8) -> Color {
    Color::Indexed(232 + level.min(23))
}

/// A signed weight level (-5..=5): blue for positive, red for negative.
fn signed(level: i8) -> Color {
    const BLUE: [u8; 6] = [232, 17, 18, 20, 27, 39];
    const RED: [u8; 6] = [232, 52, 88, 124, 160, 196];
    let i = level.unsigned_abs().min(5) as usize;
    Color::Indexed(if level >= 0 { BLUE[i] } else { RED[i] })
}

pub fn draw(n: &NetworkScreen, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let Some((network, source, _)) = n.shown(ctx) else {
        let text = match &ctx.model.model {
            Err(e) => format!(
                "No model to look inside: {e}\nTrain one (F1) or load one on the Play screen (F2, l)."
            ),
            Ok(_) => String::new(),
        };
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).block(
                Block::bordered()
                    .title(" Network ")
                    .border_style(theme::border()),
            ),
            area,
        );
        return;
    };
    if ctx.data.ready().is_none() {
        frame.render_widget(
            Paragraph::new("MNIST is not loaded yet: see the Train screen (F1).").block(
                Block::bordered()
                    .title(" Network ")
                    .border_style(theme::border()),
            ),
            area,
        );
        return;
    }
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let view = match n.view {
        View::Neurons => "neurons",
        View::Weights => "first-layer weights",
        View::Mistakes => "mistakes on the test set",
    };
    let mut spans = Vec::new();
    // First, so a narrow terminal never cuts off what is being typed.
    if let Some(typed) = n.goto.text() {
        spans.push(Span::styled(
            format!(" go to test digit #{typed}▏ (Enter) "),
            theme::warn(),
        ));
    }
    spans.extend([
        Span::styled(format!(" {view} "), theme::selected()),
        Span::styled(" v: view · of ", theme::dim()),
        Span::raw(source),
    ]);
    frame.render_widget(Paragraph::new(Line::from(spans)), head);
    match n.view {
        View::Neurons => draw_neurons(frame, body, n, ctx, network),
        View::Weights => draw_weights(frame, body, n, ctx, network),
        View::Mistakes => draw_mistakes(frame, body, n, ctx),
    }
}

/// One layer as a column of cells shaded by activation.
fn layer_lines(values: &[f32], show: bool) -> Vec<Line<'static>> {
    let levels = activation_levels(values, 24);
    values
        .iter()
        .zip(levels)
        .enumerate()
        .map(|(i, (&v, level))| {
            let mut spans = vec![
                Span::styled(format!("{i:>2} "), theme::dim()),
                Span::styled("████", Style::new().fg(gray(level))),
            ];
            if show {
                spans.push(Span::raw(format!(" {v:>4.1}")));
            }
            Line::from(spans)
        })
        .collect()
}

fn draw_neurons(frame: &mut Frame, area: Rect, n: &NetworkScreen, ctx: &Ctx, network: &Network) {
    let Some((pixels, label, what)) = n.digit_pixels(ctx) else {
        return;
    };
    let a: Activations = network.activations(&pixels);
    let col = if n.values { 14 } else { 11 };
    // The whole 28x28 digit when there is room; the middle 22 columns
    // (where MNIST's ink is) when not.
    let (first, last) = if area.width >= 90 { (0, 28) } else { (3, 25) };
    let [input, h1, e1, h2, e2, out] = Layout::horizontal([
        Constraint::Length(last - first + 2),
        Constraint::Length(col),
        Constraint::Min(3),
        Constraint::Length(col),
        Constraint::Min(3),
        Constraint::Length(20),
    ])
    .areas(area);
    let title = match label {
        Some(l) => format!(" {what}: {l} "),
        None => format!(" {what} "),
    };
    let [digit_box, note] =
        Layout::vertical([Constraint::Length(16), Constraint::Min(0)]).areas(input);
    frame.render_widget(
        Paragraph::new(
            braille::digit_columns(&pixels, first as usize, last as usize)
                .into_iter()
                .map(Line::from)
                .collect::<Vec<_>>(),
        )
        .block(Block::bordered().title(title).border_style(theme::border())),
        digit_box,
    );
    frame.render_widget(
        Paragraph::new(vec![
            Line::from("784 inputs, one per").style(theme::dim()),
            Line::from("pixel · ← → g p: digit").style(theme::dim()),
        ]),
        note,
    );
    let height = HIDDEN1.max(HIDDEN2) as u16 + 2;
    let boxed = |r: Rect| Rect::new(r.x, r.y, r.width, height.min(r.height));
    frame.render_widget(
        Paragraph::new(layer_lines(&a.hidden1, n.values)).block(
            Block::bordered()
                .title(" layer 2 ")
                .border_style(theme::border()),
        ),
        boxed(h1),
    );
    frame.render_widget(
        Paragraph::new(layer_lines(&a.hidden2, n.values)).block(
            Block::bordered()
                .title(" layer 3 ")
                .border_style(theme::border()),
        ),
        boxed(h2),
    );
    let best = argmax(&a.probabilities);
    let outputs: Vec<Line> = a
        .probabilities
        .iter()
        .enumerate()
        .map(|(d, &p)| {
            let width = 7;
            let filled = ((p.clamp(0.0, 1.0) * width as f32).round() as usize).min(width);
            let style = if d == best {
                theme::train().add_modifier(Modifier::BOLD)
            } else {
                theme::dim()
            };
            let mark = if Some(d as u8) == label { "✓" } else { " " };
            Line::from(vec![
                Span::styled(
                    format!("{d}{mark}"),
                    if d == best { style } else { Style::new() },
                ),
                Span::styled(format!("{:<width$}", "█".repeat(filled)), style),
                Span::styled(format!("{:>5.0}%", p * 100.0), style),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(outputs).block(
            Block::bordered()
                .title(format!(" output: {best} "))
                .border_style(theme::border()),
        ),
        Rect::new(
            out.x,
            out.y,
            out.width,
            (OUTPUTS as u16 + 2).min(out.height),
        ),
    );
    if n.edges {
        draw_edges(
            frame,
            Rect::new(e1.x, e1.y, e1.width, height.min(e1.height)),
            &a.hidden1,
            &network.params[W2],
            HIDDEN2,
            HIDDEN1,
            HIDDEN2,
        );
        draw_edges(
            frame,
            Rect::new(e2.x, e2.y, e2.width, height.min(e2.height)),
            &a.hidden2,
            &network.params[W3],
            OUTPUTS,
            HIDDEN2,
            OUTPUTS,
        );
    }
}

/// The strongest connections from a layer (values `from`, `n_from` rows) to
/// the next (`n_to` rows), by |activation x weight|; blue positive, red
/// negative, brighter for stronger.
fn draw_edges(
    frame: &mut Frame,
    area: Rect,
    from: &[f32],
    weights: &[f32],
    outputs: usize,
    n_from: usize,
    n_to: usize,
) {
    let mut edges: Vec<(usize, usize, f32)> = (0..n_from)
        .flat_map(|i| (0..n_to).map(move |j| (i, j)))
        .map(|(i, j)| (i, j, from[i] * weights[i * outputs + j]))
        .filter(|e| e.2 != 0.0 && e.2.is_finite())
        .collect();
    edges.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()));
    edges.truncate(12);
    let strongest = edges.first().map_or(1.0, |e| e.2.abs());
    let h = area.height as f64;
    // Row r of the boxes (inside the border) is at canvas y = h - 1.5 - r.
    let y = |row: usize| h - 1.5 - row as f64;
    let canvas = Canvas::default()
        .marker(Marker::Braille)
        .x_bounds([0.0, 1.0])
        .y_bounds([0.0, h])
        .paint(move |ctx| {
            for &(i, j, c) in edges.iter().rev() {
                let strong = c.abs() > strongest / 2.0;
                let color = match (c > 0.0, strong) {
                    (true, true) => Color::Indexed(39),
                    (true, false) => Color::Indexed(25),
                    (false, true) => Color::Indexed(196),
                    (false, false) => Color::Indexed(88),
                };
                ctx.draw(&Stroke {
                    x1: 0.0,
                    y1: y(i),
                    x2: 1.0,
                    y2: y(j),
                    color,
                });
            }
        });
    frame.render_widget(canvas, area);
}

fn draw_weights(frame: &mut Frame, area: Rect, n: &NetworkScreen, ctx: &Ctx, network: &Network) {
    let activations = n
        .digit_pixels(ctx)
        .map(|(px, _, _)| network.activations(&px).hidden1);
    let (cell_w, cell_h) = (16u16, 9u16);
    let per_row = (area.width / cell_w).max(1) as usize;
    let rows = (area.height.saturating_sub(1) / cell_h).max(1) as usize;
    let per_page = (per_row * rows).min(HIDDEN1);
    let pages = HIDDEN1.div_ceil(per_page);
    let page = n.page % pages;
    let w1 = &network.params[W1];
    let top = activations.as_ref().map(|a| argmax(a));
    for (slot, neuron) in (page * per_page..((page + 1) * per_page).min(HIDDEN1)).enumerate() {
        let (r, c) = (slot / per_row, slot % per_row);
        let rect = Rect::new(
            area.x + c as u16 * cell_w,
            area.y + r as u16 * cell_h,
            cell_w,
            cell_h,
        );
        // Column `neuron` of W1 (input-major) is this neuron's 784 weights.
        let weights: Vec<f32> = (0..784).map(|i| w1[i * HIDDEN1 + neuron]).collect();
        let picture = weight_picture(&weights, 2, 5);
        let lines: Vec<Line> = picture
            .chunks(14)
            .collect::<Vec<_>>()
            .chunks(2)
            .map(|pair| {
                Line::from(
                    (0..14)
                        .map(|x| {
                            let upper = pair[0][x];
                            let lower = pair.get(1).map_or(0, |row| row[x]);
                            Span::styled("▀", Style::new().fg(signed(upper)).bg(signed(lower)))
                        })
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let act = activations
            .as_ref()
            .map_or(String::new(), |a| format!(" {:.2}", a[neuron]));
        let style = if Some(neuron) == top {
            theme::key()
        } else {
            theme::border()
        };
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::bordered()
                    .title(format!(" #{neuron}{act} "))
                    .border_style(style),
            ),
            rect,
        );
    }
    let legend = format!(
        "blue +, red − · title: activation for the digit{}",
        if pages > 1 {
            format!(
                " · showing {}-{} of {HIDDEN1} (PgDn)",
                page * per_page + 1,
                ((page + 1) * per_page).min(HIDDEN1)
            )
        } else {
            String::new()
        }
    );
    let y = area.y + (rows as u16 * cell_h).min(area.height.saturating_sub(1));
    frame.render_widget(
        Paragraph::new(Line::from(legend).style(theme::dim())),
        Rect::new(area.x, y, area.width, 1),
    );
}

fn draw_mistakes(frame: &mut Frame, area: Rect, n: &NetworkScreen, ctx: &Ctx) {
    let (Some(insight), Some(data)) = (&n.insight, ctx.data.ready()) else {
        frame.render_widget(Paragraph::new("computing…"), area);
        return;
    };
    let test: Split = data.test.all();
    let e = &insight.evaluation;
    let [left, right] =
        Layout::horizontal([Constraint::Length(55), Constraint::Min(24)]).areas(area);
    let [matrix_area, list_area] =
        Layout::vertical([Constraint::Length(14), Constraint::Min(0)]).areas(left);
    let look = Look {
        cell: 5,
        dot_for_zero: false,
        style: |diagonal, count| match (diagonal, count) {
            (true, _) => theme::ok().add_modifier(Modifier::BOLD),
            (false, 0) => theme::dim(),
            (false, c) if c >= 10 => theme::error(),
            (false, _) => theme::warn(),
        },
    };
    let mut lines = confusion_lines(&e.confusion, &look);
    let correct: u32 = (0..OUTPUTS).map(|i| e.confusion[i][i]).sum();
    lines.push(Line::from(format!(
        "accuracy {} ({correct}/{}) · cost {:.4}",
        percent(e.metrics.accuracy),
        test.len(),
        e.metrics.cost
    )));
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(" confusion: rows true, columns predicted ")
                .border_style(theme::border()),
        ),
        matrix_area,
    );
    let order = if n.least_confident_first {
        "least confident first"
    } else {
        "most confident first"
    };
    let Some(&index) = insight
        .mistakes
        .get(n.mistake.min(insight.mistakes.len().saturating_sub(1)))
    else {
        frame.render_widget(Paragraph::new("no mistakes on the test set"), right);
        return;
    };
    // The selected mistake and the ones after it.
    let list: Vec<Line> = insight
        .mistakes
        .iter()
        .enumerate()
        .skip(n.mistake)
        .take(list_area.height.saturating_sub(2) as usize)
        .map(|(k, &i)| {
            let (pred, conf) = e.predictions[i];
            let line = format!(
                "{:>4}. #{i:<5} {} read as {pred} ({:.1}%)",
                k + 1,
                test.label(i),
                conf * 100.0
            );
            if k == n.mistake {
                Line::from(line).style(theme::selected())
            } else {
                Line::from(line)
            }
        })
        .collect();
    frame.render_widget(
        Paragraph::new(list).block(
            Block::bordered()
                .title(format!(
                    " {} mistakes, {order} (o) ",
                    insight.mistakes.len()
                ))
                .border_style(theme::border()),
        ),
        list_area,
    );
    let (pred, conf) = e.predictions[index];
    let [digit_box, info] =
        Layout::vertical([Constraint::Length(16), Constraint::Min(0)]).areas(right);
    frame.render_widget(
        Paragraph::new(
            braille::digit_columns(test.image(index), 3, 25)
                .into_iter()
                .map(Line::from)
                .collect::<Vec<_>>(),
        )
        .block(
            Block::bordered()
                .title(format!(" #{index}: {}→{pred} ", test.label(index)))
                .border_style(theme::key()),
        ),
        Rect::new(
            digit_box.x,
            digit_box.y,
            24.min(digit_box.width),
            digit_box.height,
        ),
    );
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(format!("{:.1}% sure of {pred}", conf * 100.0)),
            Line::from(format!(
                "{} of {} (← →)",
                n.mistake + 1,
                insight.mistakes.len()
            ))
            .style(theme::dim()),
        ]),
        info,
    );
}
