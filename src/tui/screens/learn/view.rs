//! Drawing the Learn screen: the scene's title and caption, the example on
//! the left, the scene beside it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::state::{BATCH_SCENE, LearnScreen, PROBE_SCENE, SCENES, STEP_SCENE};
use super::{backwards, batch, cost, gradient, nudges, probes, step, three_ways};
use crate::learn::Backprop;
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::picture::{Picture, Render, Shade, cells, largest_scale, unit};

pub fn draw(n: &LearnScreen, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let Some((bp, pixels)) = n.taken_apart(ctx) else {
        let why = if ctx.data.ready().is_none() {
            "MNIST is not loaded yet: see the Train screen (F1)."
        } else {
            "No model to take apart: train one (F1) or load one on the Play screen (F2, l)."
        };
        frame.render_widget(
            Paragraph::new(why).wrap(Wrap { trim: true }).block(
                Block::bordered()
                    .title(" Learn ")
                    .border_style(theme::border()),
            ),
            area,
        );
        return;
    };
    let (title, caption) = SCENES[n.scene];
    let [head, caption_area, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(area);
    let mut spans = Vec::new();
    // First, so a narrow terminal never cuts off what is being typed.
    if let Some(typed) = n.goto.text() {
        spans.push(Span::styled(
            format!(" go to training example #{typed}▏ (Enter) "),
            theme::warn(),
        ));
    }
    let subject = match &n.from_play {
        Some(p) if p.drawn => format!("{}, meant as a {} (l: another)", p.what, p.label),
        Some(p) => p.what.clone(),
        None => format!("training example #{}", n.example),
    };
    spans.extend([
        Span::styled(
            format!(" {}/{} {title} ", n.scene + 1, SCENES.len()),
            theme::selected(),
        ),
        Span::styled(
            if area.width >= 140 {
                format!("  {subject} · the network being taught: {}", n.source(ctx))
            } else {
                format!("  {subject} · network: {}", n.source(ctx))
            },
            theme::dim(),
        ),
    ]);
    frame.render_widget(Paragraph::new(Line::from(spans)), head);
    frame.render_widget(
        Paragraph::new(Line::styled(caption, theme::dim())).wrap(Wrap { trim: true }),
        caption_area,
    );
    if n.scene == BATCH_SCENE {
        batch::draw(frame, body, n, ctx);
        return;
    }
    if n.scene == PROBE_SCENE {
        probes::draw(frame, body, n, ctx);
        return;
    }
    let Some(net) = n.network(ctx) else {
        return;
    };
    let rest = digit_panel(frame, body, &pixels, &bp);
    match n.scene {
        0 => cost::draw(frame, rest, &bp, n.whole.as_deref()),
        1 => nudges::draw(frame, rest, &bp),
        2 => three_ways::draw(frame, rest, &bp, net),
        3 => backwards::draw(frame, rest, &bp, n.layers_shown()),
        STEP_SCENE => step::draw(frame, rest, n, ctx),
        _ => gradient::draw(frame, rest, &bp, &pixels, n.unit, net),
    }
}

/// The example on the left, as large as leaves the scene its room;
/// returns the area right of it.
fn digit_panel(frame: &mut Frame, area: Rect, pixels: &[u8], bp: &Backprop) -> Rect {
    // Half blocks at the largest scale that leaves the scene most of the
    // width; braille when not even 1 fits.
    let (cols, rows) = (area.width * 3 / 10, area.height.saturating_sub(2));
    let big = cols >= 28 && rows >= 14 && area.width >= 110;
    let (render, k) = if big {
        (
            Render::Blocks,
            largest_scale(Render::Blocks, 28, 28, cols, rows),
        )
    } else {
        (Render::Braille, 1)
    };
    let (w, h) = cells(render, 28, 28, k);
    let px = unit(pixels);
    frame.render_widget(
        Picture::new(&px, 28, 28, Shade::Gray)
            .render(render)
            .scale(k),
        Rect::new(area.x, area.y, w, h).intersection(area),
    );
    let about = vec![
        Line::from(format!("a {}", bp.label)),
        Line::styled(format!("read as {}", bp.answer()), theme::dim()),
    ];
    frame.render_widget(
        Paragraph::new(about),
        Rect::new(area.x, area.y + h, w, 2).intersection(area),
    );
    Rect::new(
        area.x + w + 2,
        area.y,
        area.width.saturating_sub(w + 2),
        area.height,
    )
}
