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
use crate::tui::widgets::picture::{Picture, Render, Shade, unit};

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
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                format!(" {}/{} {title} ", n.scene + 1, SCENES.len()),
                theme::selected(),
            ),
            Span::styled(
                format!(
                    "  training example #{} · the network being taught: the shown model",
                    n.example
                ),
                theme::dim(),
            ),
        ])),
        head,
    );
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
    let rest = digit_panel(frame, body, &pixels, &bp);
    match n.scene {
        0 => cost::draw(frame, rest, &bp, n.whole.as_deref()),
        1 => nudges::draw(frame, rest, &bp),
        2 => three_ways::draw(frame, rest, &bp, ctx),
        3 => backwards::draw(frame, rest, &bp, n.layers_shown()),
        STEP_SCENE => step::draw(frame, rest, n, &bp, ctx),
        _ => gradient::draw(frame, rest, &bp, &pixels, n.unit, ctx),
    }
}

/// The example on the left, as large as leaves the scene its room;
/// returns the area right of it.
fn digit_panel(frame: &mut Frame, area: Rect, pixels: &[u8], bp: &Backprop) -> Rect {
    let big = area.width >= 110 && area.height >= 17;
    let (w, h, render) = if big {
        (28, 14, Render::Blocks)
    } else {
        (14, 7, Render::Braille)
    };
    let px = unit(pixels);
    frame.render_widget(
        Picture::new(&px, 28, 28, Shade::Gray).render(render),
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
