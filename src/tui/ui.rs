//! Drawing the whole app from `&App`: tabs, the current screen, the footer
//! of keys, overlays, and the notice when the terminal is too small.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Tabs, Wrap};

use super::app::{App, Overlay};
use super::help::{cut_to, help_layout};
use super::keys::{GLOBAL, Row, rows};
use super::layout::{MIN_HEIGHT, MIN_WIDTH, centered, split};
use super::screens::Tab;
use super::theme;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, app);
        return;
    }
    let [top, body, footer] = split(area);
    draw_top(frame, top, app);
    app.screen().draw(frame, body, &app.ctx);
    draw_footer(frame, footer, app);
    match app.overlay {
        Overlay::None => {}
        Overlay::Help => draw_help(frame, area, app),
        Overlay::ConfirmQuit => draw_confirm_quit(frame, body, app),
        Overlay::Welcome => draw_welcome(frame, area),
    }
}

fn too_small(frame: &mut Frame, area: Rect, app: &App) {
    // Short lines, so even a tiny window shows how to get out.
    let mut text = vec![
        Line::from("terminal too small").bold(),
        Line::from(format!("need {MIN_WIDTH}x{MIN_HEIGHT},")),
        Line::from(format!("have {}x{}", area.width, area.height)),
        Line::from("enlarge, or q quits"),
    ];
    if app.overlay == Overlay::ConfirmQuit {
        text.push(Line::from(app.running_work()).style(theme::warn()));
        text.push(Line::from("y: quit, any other key: stay").style(theme::warn()));
    }
    let height = wrapped_rows(&text, area.width).min(area.height);
    let y = area.y + area.height.saturating_sub(height) / 2;
    frame.render_widget(
        Paragraph::new(text).centered().wrap(Wrap { trim: true }),
        Rect::new(area.x, y, area.width, height),
    );
}

/// Rows `lines` take when word-wrapped to `width` (a line that wraps can
/// need one row more than its length alone says).
fn wrapped_rows(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    lines
        .iter()
        .map(|l| match l.width() {
            w if w <= width => 1,
            w => w.div_ceil(width) + 1,
        })
        .sum::<usize>()
        .min(usize::from(u16::MAX)) as u16
}

fn draw_top(frame: &mut Frame, area: Rect, app: &App) {
    let notice = app.ctx.notice.as_ref().map(|n| {
        let style = if n.error {
            theme::error()
        } else {
            theme::dim()
        };
        Line::from(n.text.clone()).style(style)
    });
    let need = notice.as_ref().map_or(0, |l| l.width() as u16 + 1);
    // A long notice makes room: first by naming only the current tab, then
    // by dropping the app's name, then the other tabs.
    let title = |i: usize, t: &Tab, named: bool| {
        if named {
            format!("F{} {}", i + 1, t.title())
        } else {
            format!("F{}", i + 1)
        }
    };
    let tabs_of = |level: u8| -> Vec<String> {
        Tab::ALL
            .iter()
            .enumerate()
            .filter(|(_, t)| level < 3 || **t == app.tab)
            .map(|(i, t)| title(i, t, level == 0 || *t == app.tab))
            .collect()
    };
    let width_of = |titles: &[String]| {
        titles
            .iter()
            .map(|t| t.chars().count() as u16 + 1)
            .sum::<u16>()
    };
    let levels = [
        (11, tabs_of(0)),
        (11, tabs_of(1)),
        (0, tabs_of(2)),
        (0, tabs_of(3)),
    ];
    let fits = |(name, titles): &(u16, Vec<String>)| {
        area.width.saturating_sub(name + width_of(titles)) >= need
    };
    let (name_width, titles) = levels
        .iter()
        .find(|l| fits(l))
        .unwrap_or(&levels[3])
        .clone();
    let tabs_width = width_of(&titles);
    // Only the current tab is left when the others gave way.
    let selected = if titles.len() == Tab::ALL.len() {
        app.tab.index()
    } else {
        0
    };
    let tabs = Tabs::new(titles)
        .select(selected)
        .highlight_style(theme::selected())
        .divider("│")
        .padding("", "");
    let [name, tabs_area, notice_area] = Layout::horizontal([
        Constraint::Length(name_width),
        Constraint::Length(tabs_width),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(" mnist-tui ".bold()), name);
    frame.render_widget(tabs, tabs_area);
    if let Some(line) = notice {
        // Still too long: its start is shown, and the end marked cut.
        let line = if line.width() as u16 >= notice_area.width {
            let style = line.style;
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            let keep = cut_to(&text, usize::from(notice_area.width.saturating_sub(2)));
            Line::from(format!("{keep}…")).style(style)
        } else {
            line
        };
        frame.render_widget(Paragraph::new(line).right_aligned(), notice_area);
    }
}

fn draw_footer(frame: &mut Frame, area: Rect, app: &App) {
    let line = footer_line(app.screen().footer(&app.ctx), area.width);
    frame.render_widget(Paragraph::new(line), area);
}

/// The footer: the screen's keys, then help and quit. When they do not all
/// fit, the screen's last keys give way (help lists them all), so `? help`
/// and `q quit` are always there.
fn footer_line(screen: Vec<Row>, width: u16) -> Line<'static> {
    let entry = |r: &Row| {
        [
            Span::styled(format!(" {}", r.label), theme::key()),
            Span::styled(format!(" {} ", r.short), theme::dim()),
        ]
    };
    let shown = |rows: &[Row]| -> Vec<Row> {
        rows.iter()
            .filter(|r| !r.short.is_empty())
            .copied()
            .collect()
    };
    let global = shown(&rows(GLOBAL));
    let mut screen = shown(&screen);
    let width_of = |rows: &[Row]| -> usize { rows.iter().flat_map(entry).map(|s| s.width()).sum() };
    let more = Span::styled(" …", theme::dim());
    let mut cut = false;
    while !screen.is_empty()
        && width_of(&screen) + width_of(&global) + if cut { more.width() } else { 0 }
            > usize::from(width)
    {
        screen.pop();
        cut = true;
    }
    let mut spans: Vec<Span> = screen.iter().flat_map(entry).collect();
    if cut {
        spans.push(more);
    }
    spans.extend(global.iter().flat_map(entry));
    Line::from(spans)
}

fn draw_help(frame: &mut Frame, area: Rect, app: &App) {
    let (rect, lines, most) = help_layout(app.tab.title(), &app.screen().keys(), area);
    let scroll = app.help_scroll.min(most);
    let hint = if most > 0 {
        let at = if scroll == 0 {
            "more below"
        } else if scroll == most {
            "more above"
        } else {
            "more above and below"
        };
        format!(" ↑↓ scroll ({at}) · w: welcome card · any other key closes ")
    } else {
        " w: welcome card · any other key closes ".to_string()
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll, 0)).block(
            Block::bordered()
                .title(" keys ")
                .title_bottom(Line::from(hint).right_aligned())
                .border_style(theme::key()),
        ),
        rect,
    );
}

/// The first-launch card: a small picture of the network beside what this
/// is, the four screens, and where to start.
fn draw_welcome(frame: &mut Frame, area: Rect) {
    let lines = welcome_words();
    // The words need this much (the longest screen line); the picture
    // gets the rest, more on a wide terminal.
    const WORDS: u16 = 57;
    let width = if area.width >= 104 {
        100
    } else {
        78.min(area.width)
    };
    let inner_w = width.saturating_sub(2);
    // A rule between picture and words, so the output neurons' digits
    // do not read as the start of the words beside them.
    let picture_w = inner_w.saturating_sub(WORDS + 3).min(40);
    let picture_w = if picture_w >= sketch::MIN_WIDTH {
        picture_w
    } else {
        0
    };
    let space = if picture_w > 0 { 3 } else { 0 };
    let words_w = inner_w.saturating_sub(picture_w + space);
    let sketch_rows = if picture_w > 0 {
        sketch::rows(picture_w)
    } else {
        0
    };
    let rows = word_wrapped_rows(&lines, words_w).max(sketch_rows);
    let rect = centered(area, width, rows.saturating_add(2));
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(" welcome to mnist-tui ")
        .border_style(theme::key());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [picture, rule, words] = Layout::horizontal([
        Constraint::Length(picture_w),
        Constraint::Length(space),
        Constraint::Min(0),
    ])
    .areas(inner);
    if picture_w > 0 {
        let top = picture.y + picture.height.saturating_sub(sketch_rows) / 2;
        let at = Rect::new(picture.x, top, picture.width, sketch_rows).intersection(picture);
        sketch::draw(frame, at);
        let bar = vec![Line::from("│"); usize::from(rule.height)];
        frame.render_widget(Paragraph::new(bar).style(theme::border()).centered(), rule);
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), words);
}

/// Rows `lines` take when word-wrapped to `width` as `Wrap { trim: true }`
/// does: whole words, a line broken where the next word does not fit.
fn word_wrapped_rows(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows_of = |line: &Line| {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let (mut rows, mut used) = (1usize, 0usize);
        // A no-break space is part of a word, as for the wrap.
        let words = text.split(|c: char| c.is_whitespace() && c != '\u{a0}');
        for word in words.filter(|w| !w.is_empty()) {
            let w = Span::raw(word).width();
            if used > 0 && used + 1 + w <= width {
                used += 1 + w;
            } else {
                rows += usize::from(used > 0) + w.saturating_sub(1) / width;
                used = (w - 1) % width + 1;
            }
        }
        rows
    };
    lines
        .iter()
        .map(rows_of)
        .sum::<usize>()
        .min(usize::from(u16::MAX)) as u16
}

fn welcome_words() -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from("A neural network learning to read handwritten digits").bold(),
        Line::from(
            "the 784-16-16-10 network of 3Blue1Brown's \"But what is a neural network?\", \
             trained on MNIST's 60,000 digits while you watch.",
        ),
        Line::from(""),
    ];
    // One line per screen, the descriptions in one column.
    let name_width = Tab::ALL.iter().map(|t| t.title().len()).max().unwrap_or(0);
    for (i, tab) in Tab::ALL.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(
                format!("F{} {:<name_width$}  ", i + 1, tab.title()),
                theme::key(),
            ),
            Span::raw(tab.blurb()),
        ]));
    }
    // No-break spaces: the wrap trims a line's leading plain spaces.
    let k = |s: &'static str| Span::styled(format!("\u{a0}\u{a0}{s} "), theme::key());
    lines.extend([
        Line::from(""),
        Line::from("Start with:").bold(),
        Line::from(vec![
            k("s"),
            Span::raw("on Train: train a network from scratch"),
        ]),
        Line::from(vec![
            k("?"),
            Span::raw("every key of the screen you are on"),
        ]),
        Line::from(vec![k("q"), Span::raw("quit")]),
        Line::from(""),
        Line::from(Span::styled(
            "any key closes this card; it is not shown again (? then w brings it back)",
            theme::dim(),
        )),
    ]);
    lines
}

fn draw_confirm_quit(frame: &mut Frame, area: Rect, app: &App) {
    let rect = centered(area, 76, 5);
    frame.render_widget(Clear, rect);
    let text = vec![
        Line::from(app.running_work()),
        Line::from(vec![
            Span::styled("y", theme::key()),
            Span::raw(" quit   "),
            Span::styled("any other key", theme::key()),
            Span::raw(" stay"),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(text).centered().block(
            Block::bordered()
                .title(" quit? ")
                .border_style(theme::warn()),
        ),
        rect,
    );
}

/// The welcome card's picture of the network, as the Network screen draws
/// it: a digit feeding columns of 16, 16 and 10 round neurons, a few
/// connections between them coloured by sign, the answer lit.
mod sketch {
    use ratatui::Frame;
    use ratatui::layout::Rect;
    use ratatui::style::{Modifier, Style};
    use ratatui::symbols::Marker;
    use ratatui::text::{Line, Span};
    use ratatui::widgets::Paragraph;
    use ratatui::widgets::canvas::{Canvas, Line as Stroke};

    use crate::tui::theme;
    use crate::tui::widgets::neurons::Disc;
    use crate::tui::widgets::picture::{Picture, Render, Shade, backdrop, largest_scale};

    /// Digit, three neuron columns two apart, and the output labels.
    pub const MIN_WIDTH: u16 = 16;

    /// A 14x14 seven ('#' ink, '+' its soft edge).
    const SEVEN: [&str; 14] = [
        "..............",
        "..............",
        "..+########+..",
        "..#########+..",
        ".........+#+..",
        ".........##...",
        "........+#+...",
        "........##....",
        ".......+#+....",
        ".......##.....",
        "......+#+.....",
        "......##......",
        "......#+......",
        "..............",
    ];

    /// How lit each neuron is: made up, the answer's 7 the brightest.
    const HIDDEN: [[f32; 16]; 2] = [
        [
            0.1, 0.8, 0.3, 0.0, 0.6, 0.2, 0.9, 0.1, 0.4, 0.0, 0.7, 0.2, 0.5, 0.1, 0.3, 0.8,
        ],
        [
            0.6, 0.0, 0.2, 0.9, 0.1, 0.4, 0.0, 0.7, 0.3, 0.1, 0.8, 0.2, 0.0, 0.5, 0.1, 0.3,
        ],
    ];
    const OUTPUT: [f32; 10] = [0.05, 0.1, 0.05, 0.15, 0.0, 0.05, 0.1, 0.95, 0.1, 0.05];

    /// A made-up weight in -1..=1 for the edge `a` -> `b` after layer `l`.
    fn weight(l: usize, a: usize, b: usize) -> f32 {
        let h = ((l * 7919 + a * 131 + b * 31 + 17) as u32).wrapping_mul(2_654_435_761);
        (h >> 16) as f32 / 32_767.5 - 1.0
    }

    /// The output neurons' rows, spread over the hidden columns' 16.
    fn output_row(d: usize) -> u16 {
        ((d * 15) as f32 / 9.0).round() as u16
    }

    /// Where things go across a picture `width` columns wide.
    struct Plan {
        scale: usize,
        /// The digit's cells.
        dw: u16,
        dh: u16,
        /// The first neuron column, and the gap between columns.
        first: u16,
        gap: u16,
    }

    fn plan(width: u16) -> Plan {
        // The digit as large as leaves room for the columns.
        let scale = largest_scale(Render::Braille, 14, 14, width * 2 / 5, 8).min(2);
        let (dw, dh) = (7 * scale as u16, (14 * scale as u16).div_ceil(4));
        // The digit has a blank margin: its gap may be the narrowest.
        let spare = width.saturating_sub(dw + 5);
        let gap = (spare / 3).max((spare / 2).min(2));
        Plan {
            scale,
            dw,
            dh,
            first: dw + spare - 2 * gap,
            gap,
        }
    }

    /// Connections only in colour (their sign is their colour) and with
    /// room between the columns; then a legend says what the colours mean.
    fn edged(p: &Plan) -> bool {
        theme::colour() && p.gap >= 4
    }

    /// Rows the picture takes `width` columns wide.
    pub fn rows(width: u16) -> u16 {
        17 + u16::from(edged(&plan(width)))
    }

    pub fn draw(frame: &mut Frame, area: Rect) {
        if area.width < MIN_WIDTH || area.height < rows(area.width) {
            return;
        }
        let p = plan(area.width);
        let Plan {
            scale,
            dw,
            dh,
            first,
            gap,
        } = p;
        let pixels: Vec<f32> = SEVEN
            .iter()
            .flat_map(|row| {
                row.chars().map(|c| match c {
                    '#' => 1.0,
                    '+' => 0.45,
                    _ => 0.0,
                })
            })
            .collect();
        let x = |i: u16| area.x + first + i * (gap + 1);
        let digit = Rect::new(area.x, area.y + (16 - dh) / 2, dw, dh);
        if edged(&p) {
            edges(frame, area, (dw, first), gap);
        }
        frame.buffer_mut().set_style(digit, backdrop());
        frame.render_widget(
            Picture::new(&pixels, 14, 14, Shade::Gray)
                .render(Render::Braille)
                .scale(scale),
            digit,
        );
        let disc = |value| Disc {
            value,
            rows: 1,
            dead: false,
        };
        for (i, layer) in HIDDEN.iter().enumerate() {
            for (row, &v) in layer.iter().enumerate() {
                let at = Rect::new(x(i as u16), area.y + row as u16, 1, 1);
                frame.render_widget(disc(v), at);
            }
        }
        for (d, &v) in OUTPUT.iter().enumerate() {
            let y = area.y + output_row(d);
            frame.render_widget(disc(v), Rect::new(x(2), y, 1, 1));
            // Not in the keys' colour: beside the words it would read as one.
            let style = if d == 7 {
                Style::new().add_modifier(Modifier::BOLD)
            } else {
                theme::dim()
            };
            frame.render_widget(
                Paragraph::new(Span::styled(d.to_string(), style)),
                Rect::new(x(2) + 2, y, 1, 1),
            );
        }
        // Each layer's size under it.
        let sizes = [
            (area.x + dw.saturating_sub(3) / 2, "784"),
            (x(0), "16"),
            (x(1), "16"),
            (x(2), "10"),
        ];
        for (col, text) in sizes {
            frame.render_widget(
                Paragraph::new(Span::styled(text, theme::dim())),
                Rect::new(col, area.y + 16, 3, 1).intersection(area),
            );
        }
        if edged(&p) {
            let mut legend = vec![Span::styled("weights ", theme::dim())];
            legend.extend(theme::sign_legend());
            frame.render_widget(
                Paragraph::new(Line::from(legend)).centered(),
                Rect::new(area.x, area.y + 17, area.width, 1),
            );
        }
    }

    /// The strongest few connections, in dim blue and red, under the
    /// neurons: from the digit's edge to the first column, then between
    /// columns.
    /// `dw` is the digit's width, `first` where the first column is.
    fn edges(frame: &mut Frame, area: Rect, (dw, first): (u16, u16), gap: u16) {
        let (w, h) = (f64::from(area.width), 16.0);
        // Canvas y grows upwards; a row's centre.
        let y = |row: u16| h - f64::from(row) - 0.5;
        let col = |i: u16| f64::from(first + i * (gap + 1));
        let mut strokes = Vec::new();
        for b in 0..16u16 {
            for a in 0..4u16 {
                let v = weight(0, a as usize, b as usize);
                if v.abs() > 0.8 {
                    strokes.push((f64::from(dw), y(5 + 2 * a), col(0), y(b), v));
                }
            }
        }
        for a in 0..16u16 {
            for b in 0..16u16 {
                let v = weight(1, a as usize, b as usize);
                if v.abs() > 0.94 {
                    strokes.push((col(0) + 1.0, y(a), col(1), y(b), v));
                }
            }
            for d in 0..10usize {
                let v = weight(2, a as usize, d);
                if v.abs() > 0.92 {
                    strokes.push((col(1) + 1.0, y(a), col(2), y(output_row(d)), v));
                }
            }
        }
        let canvas = Canvas::default()
            .marker(Marker::Braille)
            .x_bounds([0.0, w])
            .y_bounds([0.0, h])
            .paint(move |ctx| {
                for &(x1, y1, x2, y2, v) in &strokes {
                    ctx.draw(&Stroke {
                        x1,
                        y1,
                        x2,
                        y2,
                        color: theme::diverging(0.45 * v.signum()),
                    });
                }
            });
        frame.render_widget(canvas, Rect::new(area.x, area.y, area.width, 16));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn the_footer_always_ends_with_help_and_quit() {
        let many: Vec<Row> = (0..30)
            .map(|_| Row {
                label: "k",
                short: "something",
                help: "",
            })
            .collect();
        for width in [80, 120] {
            let line = footer_line(many.clone(), width);
            let t = text(&line);
            assert!(line.width() <= usize::from(width), "{t}");
            assert!(
                t.trim_end().ends_with("? help  q quit") && t.contains('…'),
                "{t}"
            );
        }
        let few = footer_line(many[..2].to_vec(), 80);
        assert!(!text(&few).contains('…'));
    }

    fn welcome() -> App {
        let mut a = crate::tui::test_support::app();
        a.overlay = Overlay::Welcome;
        a
    }

    #[test]
    fn the_welcome_card_pictures_the_network_beside_the_words() {
        use crate::tui::test_support::{SIZES, render};
        for (w, h) in SIZES {
            let screen = render(&welcome(), w, h);
            let neurons = screen.matches('●').count();
            assert_eq!(neurons, 16 + 16 + 10, "{w}x{h}:\n{screen}");
            let row = |needle: &str| {
                screen
                    .lines()
                    .find(|l| l.contains(needle))
                    .unwrap_or_else(|| panic!("{needle} at {w}x{h}:\n{screen}"))
                    .to_string()
            };
            // The layers' sizes under the columns, the words beside them.
            assert!(row("784").contains("16") && row("784").contains("10"));
            assert!(row("guess test digits").contains('●'), "{w}x{h}");
            assert!(screen.contains("welcome to mnist-tui"));
        }
    }

    #[test]
    fn the_welcome_cards_screens_and_keys_line_up() {
        use crate::tui::test_support::{SIZES, render};
        for (w, h) in SIZES {
            let screen = render(&welcome(), w, h);
            // The column (in characters) where `needle` starts in the card.
            let card = screen.lines().skip_while(|l| !l.contains("welcome to"));
            let column = |needle: &str| {
                card.clone()
                    .find_map(|l| l.find(needle).map(|b| l[..b].chars().count()))
                    .unwrap_or_else(|| panic!("{needle} at {w}x{h}:\n{screen}"))
            };
            let blurbs: Vec<usize> = Tab::ALL.iter().map(|t| column(t.blurb())).collect();
            assert!(
                blurbs.iter().all(|&c| c == blurbs[0]),
                "{w}x{h}: {blurbs:?}"
            );
            let names: Vec<usize> = Tab::ALL
                .iter()
                .enumerate()
                .map(|(i, t)| column(&format!("F{} {}", i + 1, t.title())))
                .collect();
            // "Start with:" keys indented under the heading.
            let start = column("Start with:");
            for key in ["s on Train", "? every key", "q quit"] {
                assert_eq!(column(key), start + 2, "{key} at {w}x{h}:\n{screen}");
            }
            assert!(names.iter().all(|&c| c == start), "{w}x{h}: {names:?}");
        }
    }

    #[test]
    fn snapshot_welcome_card() {
        crate::tui::test_support::snapshot_sizes("welcome_card", &welcome());
    }

    #[test]
    fn the_help_names_w_as_the_welcome_card() {
        use crate::tui::test_support::{ch, feed, render};
        let mut a = crate::tui::test_support::app();
        feed(&mut a, [ch('?')]);
        let screen = render(&a, 80, 24);
        assert!(screen.contains("w: welcome card"), "{screen}");
    }
}
