//! Scene 7: the step. The network moved by a batch's gradient with Adam
//! (as training does) or plain gradient descent; how the first layer's
//! weights changed, and the costs falling (or not) step after step.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::state::LearnScreen;
use crate::learn::{Backprop, batch_gradient};
use crate::network::W1;
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::wrapped_rows;

/// A row of bars, one per value, from the lowest shown to the highest,
/// then the first and last values.
fn sparkline(values: &[f64], width: usize) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let shown = &values[values.len().saturating_sub(width.saturating_sub(18))..];
    let low = shown.iter().copied().fold(f64::INFINITY, f64::min);
    let high = shown.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = (high - low).max(1e-12);
    let bars: String = shown
        .iter()
        .map(|v| BARS[((v - low) / span * 7.0).round().clamp(0.0, 7.0) as usize])
        .collect();
    match (shown.first(), shown.last()) {
        (Some(a), Some(b)) => format!("{bars} {a:.3} → {b:.3}"),
        _ => bars,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, n: &LearnScreen, ctx: &Ctx) {
    let (Some(model), Some((pixels, label)), Some(train)) =
        (n.network(ctx), n.subject(ctx), n.train_split(ctx))
    else {
        return;
    };
    // Where the steps start: an untrained network, or the model (f); the
    // run as it would begin when no step is taken yet.
    let preview;
    let run = match &n.stepping {
        Some(s) => Some(s),
        None => {
            preview = n.new_stepping(ctx).ok().flatten();
            preview.as_ref()
        }
    };
    let start = run.map_or(model, |s| &s.start);
    let before = Backprop::of(start, &pixels, label).cost;
    let (optimiser, other) = if n.plain {
        ("plain gradient descent: weight −= rate × gradient", "Adam")
    } else {
        (
            "Adam, as training does: each weight's step scaled by its recent gradients",
            "plain descent",
        )
    };
    let (from, other_start) = if n.fresh {
        (
            "from scratch: the untrained network a new run starts from",
            "from the model",
        )
    } else {
        ("from the model", "from scratch")
    };
    let steps = n.costs.len();
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("{steps} step{}", if steps == 1 { "" } else { "s" }),
            theme::key(),
        ),
        Span::raw(format!(
            " · {optimiser} (o: {other}) · {from} (f: {other_start})"
        )),
    ])];
    let stepped = n.stepping.as_ref().filter(|s| s.steps > 0);
    let Some(stepping) = stepped else {
        lines.push(Line::styled(
            "s: take a step on the first batch this run takes (hold s to keep stepping)",
            theme::key(),
        ));
        lines.push(Line::from(format!("this example's cost now: {before:.4}")));
        let text_rows = wrapped_rows(&lines, area.width).min(area.height);
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }),
            Rect::new(area.x, area.y, area.width, text_rows),
        );
        // Where that first step points: against the batch's gradient.
        let batch = run.map_or_else(|| n.batch(ctx), |s| s.batch().to_vec());
        let (_, gradient) = batch_gradient(start, train, &batch);
        first_layer(
            frame,
            area,
            text_rows,
            &gradient,
            if area.width >= 150 {
                "where the first step will move each hidden-1 neuron's 784 weights: against the \
                 batch's gradient (blue up, red down; Adam then evens out the step sizes)"
            } else {
                "where the first step moves each hidden-1 neuron's weights (blue up, red down)"
            },
        );
        return;
    };
    let (after, batch) = n.costs.last().copied().unwrap_or((before, 0.0));
    lines.push(Line::from(format!(
        "learning rate {} ({}) · next batch: examples {}…",
        stepping.rate(),
        if n.plain {
            "plain descent's own: Adam's would barely move it"
        } else {
            "config.ron's, kept constant"
        },
        stepping
            .batch()
            .iter()
            .take(4)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )));
    lines.push(Line::from(vec![
        Span::raw("this example's cost: "),
        Span::raw(format!("{before:.4} before any step → ")),
        Span::styled(format!("{after:.4}"), theme::key()),
        Span::raw(format!(
            " now · the last batch's cost before its step: {batch:.4}"
        )),
    ]));
    let width = area.width.saturating_sub(24) as usize;
    // From before the first step.
    let example: Vec<f64> = std::iter::once(before as f64)
        .chain(n.costs.iter().map(|c| c.0 as f64))
        .collect();
    let batches: Vec<f64> = n.costs.iter().map(|c| c.1).collect();
    lines.push(Line::from(vec![
        Span::styled("this example's cost  ", theme::dim()),
        Span::styled(sparkline(&example, width), theme::key()),
    ]));
    lines.push(Line::from(vec![
        Span::styled("each batch's cost    ", theme::dim()),
        Span::styled(sparkline(&batches, width), theme::ok()),
    ]));
    lines.push(Line::styled(
        if n.fresh || n.plain {
            "Each batch's cost jumps around (a different batch each step) while falling on the \
             whole: the drunk man's walk downhill. One example's cost need not fall: each step \
             serves the batch. z: back to the start."
        } else {
            "Each batch's cost jumps around (a different batch each step). From a trained model \
             Adam's first steps are full size and can undo some learning: f starts from scratch, \
             where the fall is plain. z: back to the start."
        },
        theme::dim(),
    ));
    let text_rows = wrapped_rows(&lines, area.width).min(area.height);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }),
        Rect::new(area.x, area.y, area.width, text_rows),
    );
    // How each first-layer weight moved since the start: start − now, so
    // the tiles' "wanted" direction is the change made.
    let change: Vec<f32> = start.params[W1]
        .iter()
        .zip(&stepping.net.params[W1])
        .map(|(m, s)| m - s)
        .collect();
    let mut full = vec![0.0f32; crate::network::PARAM_COUNT];
    full[W1].copy_from_slice(&change);
    first_layer(
        frame,
        area,
        text_rows,
        &full,
        "how each hidden-1 neuron's weights have changed since the start (blue up, red down):",
    );
}

/// The first layer's part of `gradient` as tiles under `text_rows` rows,
/// with a heading.
fn first_layer(frame: &mut Frame, area: Rect, text_rows: u16, gradient: &[f32], heading: &str) {
    let tiles = Rect::new(
        area.x,
        area.y + text_rows + 1,
        area.width,
        area.height.saturating_sub(text_rows + 1),
    );
    frame.render_widget(
        Paragraph::new(Line::styled(heading.to_string(), theme::dim())),
        Rect::new(tiles.x, tiles.y.saturating_sub(1), tiles.width, 1).intersection(area),
    );
    super::tiles::draw(frame, tiles, gradient, None, &|_| false);
}
