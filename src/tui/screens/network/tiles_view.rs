//! The tiles view: one 28x28 picture per neuron of a layer (`[ ]`),
//! as large as the terminal allows, with the digit its activations refer
//! to. Hidden layer 1: its weights (blue +, black 0, red −), or `x`
//! weights x this digit. Hidden layer 2 and the output: their weights
//! traced back to the pixels, or `x` the test digits that light them most.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::derived::{COLUMN_SIZES, DigitFacts};
use super::state::NetworkScreen;
use super::tiles_layout::{Grid, grid};
use crate::study::{MOSAIC, ModelFacts};
use crate::tui::theme::{self, ColorMode};
use crate::tui::widgets::neurons::Disc;
use crate::tui::widgets::picture::{Picture, Render, Shade};
use crate::tui::widgets::resize::resample;

/// What the tiles of one layer show.
struct Tiles<'a> {
    pictures: Vec<&'a [f32]>,
    /// Their side in pixels.
    side: usize,
    shade: Shade,
    /// The shared colour scale's range, or None: each tile its own.
    range: Option<f32>,
}

fn tiles<'a>(
    layer: usize,
    products: bool,
    facts: &'a ModelFacts,
    seen: &'a DigitFacts,
) -> Tiles<'a> {
    let all = |v: &'a [Vec<f32>]| v.iter().map(Vec::as_slice).collect();
    match (layer, products) {
        (0, false) => Tiles {
            pictures: all(&facts.tiles),
            side: 28,
            shade: Shade::Diverging,
            range: Some(facts.w1_range),
        },
        (0, true) => Tiles {
            pictures: all(&seen.products),
            side: 28,
            shade: Shade::Diverging,
            range: Some(seen.product_range),
        },
        (l, false) => Tiles {
            pictures: all(&facts.pictures.layers[l - 1].traced),
            side: 28,
            shade: Shade::Diverging,
            range: None,
        },
        (l, true) => Tiles {
            pictures: all(&facts.pictures.layers[l - 1].mosaics),
            side: MOSAIC,
            shade: Shade::Gray,
            range: None,
        },
    }
}

/// The header's name for what the tiles show.
pub fn title(layer: usize, products: bool) -> &'static str {
    match (layer, products) {
        (0, false) => "hidden layer 1: weights",
        (0, true) => "hidden layer 1: weights × digit",
        (1, false) => "hidden layer 2: weights traced to pixels",
        (1, true) => "hidden layer 2: digits lighting it most",
        (_, false) => "output: weights traced to pixels",
        (_, true) => "output: digits lighting it most",
    }
}

/// What the tiles mean, for the panel beside them.
fn explanation(layer: usize, products: bool) -> &'static str {
    match (layer, products) {
        (0, false) => "Each tile: one neuron's 784 weights, one per pixel.",
        (0, true) => {
            "Each tile: its weights × this digit's pixels; their sum (plus bias) is the neuron's z."
        }
        (_, false) => {
            "Each tile: a neuron's weights traced back through the neurons that fire to the pixels (roughly: as if every one fired), each on its own scale."
        }
        (_, true) => "Each tile: the 9 test digits that light this neuron most.",
    }
}

/// Columns the digit panel on the left takes.
fn panel_width(area: Rect) -> u16 {
    if area.width >= 160 && area.height >= 20 {
        30
    } else {
        16
    }
}

/// The tiles' layout for `count` tiles in the view's area.
pub fn layout(area: Rect, count: usize) -> Grid {
    let w = area.width.saturating_sub(panel_width(area) + 1);
    // One row for the legend under the tiles.
    grid(w, area.height.saturating_sub(1), count)
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    n: &NetworkScreen,
    facts: &ModelFacts,
    seen: &DigitFacts,
) {
    if area.width < 20 || area.height < 4 {
        return;
    }
    let layer = n.tiles_layer();
    let count = COLUMN_SIZES[layer];
    draw_panel(frame, area, layer, n.products, seen);
    let grid = layout(area, count);
    n.per_page.set(grid.per_page());
    let per_page = grid.per_page();
    let pages = count.div_ceil(per_page);
    let selected = n.selected.filter(|s| s.0 == layer).map(|s| s.1);
    let page = selected.unwrap_or(n.page * per_page) / per_page % pages;
    let left = area.x + panel_width(area) + 1;
    let shown = tiles(layer, n.products, facts, seen);
    let screen = frame.area();
    let (cw, ch) = grid.cell();
    for (slot, unit) in (page * per_page..((page + 1) * per_page).min(count)).enumerate() {
        let (r, c) = (slot as u16 / grid.per_row, slot as u16 % grid.per_row);
        let (x, y) = (left + c * cw, area.y + r * ch);
        let (tw, th) = grid.tile();
        let Some(values) = shown.pictures.get(unit) else {
            continue;
        };
        let pixels = resample(values, shown.side, grid.side);
        frame.render_widget(
            Picture::new(&pixels, grid.side, grid.side, shown.shade).render(Render::Blocks),
            Rect::new(x, y, tw, th).intersection(screen),
        );
        let label = Rect::new(x, y + th, tw, 1).intersection(screen);
        tile_label(
            frame,
            label,
            layer,
            unit,
            selected == Some(unit),
            facts,
            seen,
        );
    }
    let rows_used = grid
        .rows
        .min(per_page.div_ceil(grid.per_row as usize) as u16);
    let legend_y = (area.y + rows_used * ch)
        .saturating_sub(1)
        .min(area.bottom().saturating_sub(1));
    let legend = Rect::new(left, legend_y, area.right().saturating_sub(left), 1);
    draw_legend(frame, legend, &shown, (page, pages, per_page, count));
    if layer > 0 {
        let below = Rect::new(
            left,
            legend_y + 2,
            legend.width,
            area.bottom().saturating_sub(legend_y + 2),
        );
        // The whole caption where it fits, else its gist.
        let rows = (HOPE.chars().count() as u16).div_ceil(below.width.saturating_sub(4).max(1));
        let text = if rows <= below.height {
            HOPE
        } else {
            HOPE_SHORT
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme::dim())).wrap(Wrap { trim: true }),
            below.intersection(screen),
        );
    }
}

/// Whether the video's hope holds: said under the later layers' tiles.
const HOPE: &str = "The video hoped hidden layer 1 would find small edges and hidden \
layer 2 loops and lines built from them. Compare the two pictures (x): in a network this \
small, layer-2 neurons mostly light for whole digits or large parts of them (a loop, a \
bar, a 4's cross), and their traced weights are blurred strokes, not tidy loops. The hope \
mostly does not hold, as the video itself admits: the network still reads digits well.";

const HOPE_SHORT: &str = "The video hoped for loops and lines here; these neurons mostly light for \
whole digits or large parts (x: see which).";

/// The digit the activations refer to, and what the tiles mean.
fn draw_panel(frame: &mut Frame, area: Rect, layer: usize, products: bool, seen: &DigitFacts) {
    let pw = panel_width(area);
    let big = pw >= 30;
    let render = if big { Render::Blocks } else { Render::Braille };
    let pic = Rect::new(area.x, area.y, pw, if big { 14 } else { 7 });
    frame.render_widget(
        Picture::new(&seen.unit, 28, 28, Shade::Gray)
            .render(render)
            .fit(pic),
        pic.intersection(frame.area()),
    );
    let answer = crate::network::argmax(&seen.act.probabilities);
    let mut text = vec![Line::from(seen.name.clone())];
    if let Some(l) = seen.label {
        text.push(Line::styled(
            format!("a {l}, read as {answer}"),
            theme::dim(),
        ));
    } else {
        text.push(Line::styled(format!("read as {answer}"), theme::dim()));
    }
    let x_does = match (layer, products) {
        (0, false) => "x: weights × digit",
        (0, true) => "x: the weights",
        (_, false) => "x: digits lighting it",
        (_, true) => "x: traced weights",
    };
    text.push(Line::styled(x_does, theme::key()));
    text.push(Line::styled("[ ]: another layer", theme::key()));
    text.push(Line::from(""));
    text.push(Line::styled(explanation(layer, products), theme::dim()));
    text.push(Line::from(""));
    let under = if layer == 2 {
        "Under each: its probability for this digit."
    } else {
        "Under each: its activation for this digit."
    };
    text.push(Line::styled(under, theme::dim()));
    let below = Rect::new(
        area.x,
        pic.bottom() + 1,
        pw,
        area.height.saturating_sub(pic.height + 1),
    );
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }),
        below.intersection(frame.area()),
    );
}

/// "#3 ● 2.15" under a hidden neuron's tile, "7 ● 99%" under an output's.
fn tile_label(
    frame: &mut Frame,
    area: Rect,
    layer: usize,
    unit: usize,
    selected: bool,
    facts: &ModelFacts,
    seen: &DigitFacts,
) {
    let v = seen.column(layer)[unit];
    let dead = layer < 2 && facts.dead[layer][unit];
    let name = if layer == 2 {
        format!("{unit}")
    } else {
        format!("#{unit}")
    };
    let value = match (layer, dead) {
        (2, _) => format!("{:.0}%", v * 100.0),
        (_, true) => "dead".to_string(),
        _ => format!("{v:.2}"),
    };
    let name_style = if selected {
        theme::selected()
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    };
    let value_style = if dead { theme::warn() } else { Style::new() };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(name.clone(), name_style),
            Span::raw("   "),
            Span::styled(value, value_style),
        ])),
        area,
    );
    let bright = if layer == 2 {
        v
    } else {
        facts.brightness(layer, v)
    };
    let disc = Disc {
        value: bright,
        rows: 1,
        dead,
    };
    let at = area.x + name.chars().count() as u16 + 1;
    frame.render_widget(disc, Rect::new(at, area.y, 1, 1).intersection(area));
}

/// Under the tiles: which page this is, and the colour scale.
fn draw_legend(
    frame: &mut Frame,
    area: Rect,
    shown: &Tiles,
    (page, pages, per_page, count): (usize, usize, usize, usize),
) {
    let mut spans = Vec::new();
    if pages > 1 {
        spans.push(Span::styled(
            format!(
                "neurons {}-{} of {count} (PgDn) ",
                page * per_page,
                ((page + 1) * per_page).min(count) - 1
            ),
            theme::warn(),
        ));
    }
    if shown.shade == Shade::Diverging {
        let (low, high) = match shown.range {
            Some(r) => (format!("−{r:.2} "), format!(" +{r:.2}")),
            None => ("each on its own scale: − ".to_string(), " +".to_string()),
        };
        spans.push(Span::styled(low, theme::dim()));
        spans.extend(scale(theme::mode()));
        spans.push(Span::styled(format!("{high}  "), theme::dim()));
        let words = theme::sign_legend();
        let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
        let wanted: usize = words.iter().map(|s| s.content.chars().count()).sum();
        // In words only when they fit whole: the scale says it too.
        if used + wanted <= area.width as usize {
            spans.extend(words);
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The legend's scale from − to +: the tiles' colours, or without colour
/// the glyphs they draw instead.
pub(super) fn scale(mode: ColorMode) -> Vec<Span<'static>> {
    if mode == ColorMode::Monochrome {
        let (m, p) = (theme::MINUS_GLYPHS, theme::PLUS_GLYPHS);
        return vec![Span::raw(format!("{}{} {}{}", m[0], m[1], p[1], p[0]))];
    }
    (0..16)
        .map(|i| {
            let t = -1.0 + 2.0 * i as f32 / 15.0;
            Span::styled("█", Style::new().fg(theme::diverging_in(mode, t)))
        })
        .collect()
}
