//! The live pictures of the Train screen: the first layer's weights as 16
//! tiles (as many as fit, said so when not all do), and one test digit
//! with what the network says it is.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::state::TrainScreen;
use crate::fmt::percent;
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::picture::{Picture, Render, Shade, cells, largest_scale, unit};
use crate::tui::widgets::tiles::{Tiles, arrange};

/// Which weights are shown, and where they come from; None before any.
fn weights<'a>(t: &'a TrainScreen, ctx: &Ctx) -> Option<(&'a [f32], &'static str)> {
    if !t.tiles.is_empty() {
        let what = if t.running() { "live" } else { "kept" };
        Some((&t.tiles, what))
    } else if !t.model_tiles.is_empty() {
        let what = if ctx.model.shipped {
            "shipped model"
        } else {
            "saved model"
        };
        Some((&t.model_tiles, what))
    } else {
        None
    }
}

/// Whether there are weights to show (live, kept or saved).
pub fn has_weights(t: &TrainScreen, ctx: &Ctx) -> bool {
    weights(t, ctx).is_some()
}

/// The weights' title, the longest that fits `room` (with `arrow`,
/// pointing right at them), and whether it holds the colour key.
pub fn weights_title(
    t: &TrainScreen,
    ctx: &Ctx,
    room: usize,
    arrow: bool,
) -> (Line<'static>, bool) {
    let source = weights(t, ctx).map_or("none yet", |w| w.1);
    let key = colour_key();
    let key_w: usize = key.iter().map(|s| s.width()).sum();
    let end = if arrow { ") → " } else { ") " };
    let fits = |head: &str| head.chars().count() + key_w + end.chars().count() <= room;
    let long = format!(" what each first-layer neuron looks for ({source}; ");
    let mid = format!(" first-layer weights ({source}; ");
    let short = format!(" weights ({source}; ");
    let Some(head) = [long, mid, short].into_iter().find(|h| fits(h)) else {
        let bare = format!(" weights ({source}{end}");
        return (Line::from(bare), false);
    };
    let mut spans = vec![Span::raw(head)];
    spans.extend(key);
    spans.push(Span::raw(end));
    (Line::from(spans), true)
}

/// The first-layer weights as tiles, with what they are and what the
/// colours mean; `borders` as the layout wants them (without any, no
/// title either: the caller puts it where there is room).
pub fn draw_live(frame: &mut Frame, area: Rect, t: &TrainScreen, ctx: &Ctx, borders: Borders) {
    let mut block = Block::new().borders(borders).border_style(theme::border());
    let Some((tiles, _)) = weights(t, ctx) else {
        frame.render_widget(
            Paragraph::new("the first layer's weights appear here once training starts")
                .style(theme::dim())
                .block(block),
            area,
        );
        return;
    };
    let mut key_shown = true;
    if borders != Borders::NONE {
        let (title, with_key) = weights_title(t, ctx, area.width.saturating_sub(2) as usize, false);
        block = block.title(title);
        key_shown = with_key;
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let count = tiles.len() / 784;
    // Not all fit: a row under them says how many do.
    let partial = arrange(count, 28, inner.width, inner.height).is_none_or(|a| a.shown < count);
    let caption_h = u16::from(partial).min(inner.height);
    let shown = arrange(count, 28, inner.width, inner.height - caption_h).map_or(0, |a| a.shown);
    let [tiles_area, caption] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(caption_h)]).areas(inner);
    frame.render_widget(
        Tiles {
            values: &tiles[..shown * 784],
            side: 28,
            shade: Shade::Diverging,
        },
        tiles_area,
    );
    if partial {
        let key: Vec<Span> = if key_shown {
            Vec::new()
        } else {
            std::iter::once(Span::styled(" · ", theme::dim()))
                .chain(colour_key())
                .collect()
        };
        let key_w: usize = key.iter().map(|s| s.width()).sum();
        let long = format!("{shown} of {count} neurons");
        let count_text = if long.chars().count() + key_w <= caption.width as usize {
            long
        } else {
            format!("{shown} of {count}")
        };
        let spans: Vec<Span> = std::iter::once(Span::styled(count_text, theme::dim()))
            .chain(key)
            .collect();
        frame.render_widget(Paragraph::new(Line::from(spans)).centered(), caption);
    }
}

/// What the tiles' colours mean; without colour, their density.
fn colour_key() -> Vec<Span<'static>> {
    if !theme::colour() {
        return vec![Span::styled("█ strong, ░ weak", theme::dim())];
    }
    vec![
        Span::styled("blue +", Style::new().fg(theme::diverging(1.0))),
        Span::styled(" / ", theme::dim()),
        Span::styled("red −", Style::new().fg(theme::diverging(-1.0))),
    ]
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
