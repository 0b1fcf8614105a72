//! Scene 6: average over a mini-batch. The batch a run from this model
//! would take first, each example's nudges shown small, and the average of
//! their gradients building up as → adds examples; how closely it points
//! where the whole training set's gradient does.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::state::LearnScreen;
use crate::learn::{Backprop, cosine};
use crate::network::{OUTPUTS, PARAM_COUNT};
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::picture::sign_glyph;
use crate::tui::widgets::wrapped_rows;

/// One example's ten nudges −(p − y), a cell each: blue up, red down, on
/// the batch's scale (`largest` at full strength).
fn nudge_cells(bp: &Backprop, largest: f32) -> Vec<Span<'static>> {
    (0..OUTPUTS)
        .map(|j| {
            let t = (-bp.nudge3[j] / largest).clamp(-1.0, 1.0);
            if theme::colour() {
                Span::styled("█", Style::new().fg(theme::diverging(t)))
            } else {
                Span::raw(sign_glyph(t))
            }
        })
        .collect()
}

pub fn draw(frame: &mut Frame, area: Rect, n: &LearnScreen, ctx: &Ctx) {
    let (Some(train), Some(net)) = (n.train_split(ctx), n.network(ctx)) else {
        return;
    };
    let batch = n.batch(ctx);
    let taken: Vec<Backprop> = batch
        .iter()
        .map(|&i| {
            Backprop::of(
                net,
                train.image(i as usize),
                train.label(i as usize) as usize,
            )
        })
        .collect();
    let k = n.added.clamp(1, taken.len().max(1)).min(taken.len());
    // Each example's gradient once; the averages are over its first ones.
    let gradients: Vec<Vec<f32>> = taken.iter().map(Backprop::gradient).collect();
    let mean = |of: &[Vec<f32>]| {
        let mut g = vec![0.0f32; PARAM_COUNT];
        for one in of {
            for (s, v) in g.iter_mut().zip(one) {
                *s += v;
            }
        }
        let n = of.len().max(1) as f32;
        g.iter_mut().for_each(|v| *v /= n);
        g
    };
    let so_far = mean(&gradients[..k]);
    let largest = taken
        .iter()
        .flat_map(|b| b.nudge3)
        .fold(1e-6f32, |m, v| m.max(v.abs()));
    // The table of examples on the left, the average on the right.
    let table_w = 34.min(area.width / 2);
    let mut lines = vec![
        Line::styled(
            format!(
                "batch of {} (seed {})",
                batch.len(),
                ctx.config.seed.unwrap_or(0)
            ),
            theme::key(),
        ),
        Line::styled(
            format!("#      digit  cost   nudges ±{largest:.2}"),
            theme::dim(),
        ),
    ];
    let rows = area.height.saturating_sub(2) as usize;
    // Keep the latest added in view.
    let first = k.saturating_sub(rows.saturating_sub(1).max(1));
    for (at, (&i, bp)) in batch.iter().zip(&taken).enumerate().skip(first).take(rows) {
        let style = if at < k { Style::new() } else { theme::dim() };
        let mut spans = vec![Span::styled(
            format!("{i:<6} a {}  {:>6.3} ", bp.label, bp.cost),
            style,
        )];
        if at < k {
            spans.extend(nudge_cells(bp, largest));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(area.x, area.y, table_w, area.height),
    );
    let right = Rect::new(
        area.x + table_w + 2,
        area.y,
        area.width.saturating_sub(table_w + 2),
        area.height,
    );
    let narrow = right.width < 70;
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                format!("the average of {k} of {} examples", batch.len()),
                theme::key(),
            ),
            Span::styled(
                if narrow {
                    " (→ one more, a: all): hidden-1's weights"
                } else {
                    " (→ adds one, a: all) · how hidden-1's weights want to move"
                },
                theme::dim(),
            ),
        ]))
        .wrap(Wrap { trim: true }),
        Rect::new(right.x, right.y, right.width, 2),
    );
    let cost: f32 = taken[..k].iter().map(|b| b.cost).sum::<f32>() / k as f32;
    let first = if k == 1 {
        "the first example's cost".to_string()
    } else if narrow {
        format!("the first {k} examples' cost")
    } else {
        format!("the first {k} examples' average cost")
    };
    let mut text = vec![Line::from(format!("{first}: {cost:.3}"))];
    match &n.whole {
        Some(whole) => {
            text.push(Line::from(format!(
                "all {} training examples' {}: {:.3}",
                whole.examples,
                if narrow { "cost" } else { "average cost" },
                whole.cost
            )));
            text.push(Line::from(vec![
                Span::raw(if narrow {
                    "alike the whole set's direction (cosine): 1 example "
                } else {
                    "direction alike with the whole set's (cosine, 1 = the same): one example "
                }),
                Span::styled(
                    format!("{:.2}", cosine(&gradients[0], &whole.gradient)),
                    theme::key(),
                ),
                Span::raw(format!(", the first {k} ")),
                Span::styled(
                    format!("{:.2}", cosine(&so_far, &whole.gradient)),
                    theme::key(),
                ),
                Span::raw(format!(", all {} ", taken.len())),
                Span::styled(
                    format!("{:.2}", cosine(&mean(&gradients), &whole.gradient)),
                    theme::key(),
                ),
            ]));
        }
        None => text.push(Line::styled(
            "the whole training set's gradient: computing…",
            theme::warn(),
        )),
    }
    text.push(Line::styled(
        if narrow {
            "Roughly downhill, not exactly: quick steps, a little off."
        } else {
            "A batch's average points roughly downhill, not exactly: each step is quick and a little \
             off, and many of them still get down."
        },
        theme::dim(),
    ));
    let text_rows = wrapped_rows(&text, right.width);
    let tiles_area = Rect::new(
        right.x,
        right.y + 2,
        right.width,
        right.height.saturating_sub(2 + text_rows),
    );
    let used = super::tiles::draw(frame, tiles_area, &so_far, None, &|_| false);
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }),
        Rect::new(
            right.x,
            tiles_area.y + used,
            right.width,
            right.bottom().saturating_sub(tiles_area.y + used),
        ),
    );
}
