//! The live pictures of the Train screen: the first layer's weights as 16
//! tiles, and one test digit with what the network says it is.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::state::TrainScreen;
use crate::fmt::percent;
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::picture::{Picture, Render, Shade, cells, largest_scale, unit};
use crate::tui::widgets::tiles::Tiles;

/// The first-layer weights as 16 tiles (and, with `sample`, the followed
/// digit beside them).
pub fn draw_live(frame: &mut Frame, area: Rect, t: &TrainScreen, ctx: &Ctx, sample: bool) {
    let (tiles, source) = if !t.tiles.is_empty() {
        let what = if t.running() { "live" } else { "kept" };
        (&t.tiles, what)
    } else if !t.model_tiles.is_empty() {
        let what = if ctx.model.shipped {
            "shipped model"
        } else {
            "saved model"
        };
        (&t.model_tiles, what)
    } else {
        frame.render_widget(
            Paragraph::new("the first layer's weights appear here once training starts")
                .style(theme::dim())
                .block(Block::bordered().border_style(theme::border())),
            area,
        );
        return;
    };
    let title = Line::from(vec![
        Span::raw(" what each first-layer neuron looks for "),
        Span::styled(format!("({source}; "), theme::dim()),
        Span::styled("blue +", Style::new().fg(theme::diverging(1.0))),
        Span::styled(" / ", theme::dim()),
        Span::styled("red −", Style::new().fg(theme::diverging(-1.0))),
        Span::styled(") ", theme::dim()),
    ]);
    let block = Block::bordered().title(title).border_style(theme::border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let sample_w = if sample && t.sample.is_some() { 20 } else { 0 };
    // The tiles as large as fit; the digit right beside them.
    let grid_w = crate::tui::widgets::tiles::arrange(
        16,
        28,
        inner.width.saturating_sub(sample_w),
        inner.height,
    )
    .map_or(0, |a| a.size().0 + 2);
    let [tiles_area, sample_area] = Layout::horizontal([
        Constraint::Length(if sample_w > 0 { grid_w } else { inner.width }),
        Constraint::Length(sample_w),
    ])
    .flex(ratatui::layout::Flex::Center)
    .areas(inner);
    frame.render_widget(
        Tiles {
            values: tiles,
            side: 28,
            shade: Shade::Diverging,
        },
        tiles_area,
    );
    draw_sample(frame, sample_area, t);
}

/// The followed test digit, as large as fits, and what the network says.
pub fn draw_sample(frame: &mut Frame, area: Rect, t: &TrainScreen) {
    let Some(s) = &t.sample else {
        return;
    };
    if area.width < 8 || area.height < 3 || s.pixels.len() != 784 {
        return;
    }
    let [pic, caption] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let values = unit(&s.pixels);
    let k = largest_scale(Render::Braille, 28, 28, pic.width, pic.height);
    if cells(Render::Braille, 28, 28, k).1 <= pic.height {
        let (w, h) = cells(Render::Braille, 28, 28, k);
        let at = Rect::new(
            pic.x + (pic.width.saturating_sub(w)) / 2,
            pic.y + pic.height.saturating_sub(h),
            w.min(pic.width),
            h.min(pic.height),
        );
        frame.render_widget(
            Picture::new(&values, 28, 28, Shade::Gray)
                .render(Render::Braille)
                .scale(k),
            at,
        );
    }
    frame.render_widget(Paragraph::new(sample_guess(t)).centered(), caption);
}

/// "says 7 · 83%", green when right; or what it waits for.
pub fn sample_guess(t: &TrainScreen) -> Line<'static> {
    let Some(s) = &t.sample else {
        return Line::from("");
    };
    let Some(p) = &s.probabilities else {
        return Line::from("waiting for weights").style(theme::dim());
    };
    let guess = crate::network::argmax(p);
    let style = if guess == s.label as usize {
        theme::ok()
    } else {
        theme::error()
    };
    Line::from(vec![
        Span::raw("says "),
        Span::styled(guess.to_string(), style.add_modifier(Modifier::BOLD)),
        Span::raw(format!(" · {}", percent(p[guess] as f64))),
    ])
}
