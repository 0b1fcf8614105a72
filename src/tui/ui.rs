//! Drawing the whole app from `&App`: tabs, the current screen, the footer
//! of keys, overlays, and the notice when the terminal is too small.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Tabs, Wrap};

use super::app::{App, Overlay};
use super::keys::{GLOBAL, Row, rows};
use super::msg::Tab;
use super::theme;

/// The smallest terminal every screen is laid out for (a common default).
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

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

/// Top bar, screen body, footer.
fn split(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// Where screens draw, for a terminal of `size` (mouse input needs it too).
pub fn body_area(size: Rect) -> Rect {
    split(size)[1]
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
    let titles = Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| format!("F{} {}", i + 1, t.title()));
    let tabs = Tabs::new(titles)
        .select(app.tab.index())
        .highlight_style(theme::selected())
        .divider("│")
        .padding("", "");
    let [name, tabs_area, notice] = Layout::horizontal([
        Constraint::Length(11),
        Constraint::Length(37),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(" mnist-tui ".bold()), name);
    frame.render_widget(tabs, tabs_area);
    if let Some(n) = &app.ctx.notice {
        let style = if n.error {
            theme::error()
        } else {
            theme::dim()
        };
        let line = Line::from(n.text.clone()).style(style);
        // A long notice covers the tab names for a moment rather than
        // losing its end.
        let place = if line.width() as u16 > notice.width {
            let wide = tabs_area.union(notice);
            frame.render_widget(Clear, wide);
            wide
        } else {
            notice
        };
        frame.render_widget(Paragraph::new(line).right_aligned(), place);
    }
}

fn draw_footer(frame: &mut Frame, area: Rect, app: &App) {
    let mut spans = Vec::new();
    let shown = app
        .screen()
        .footer(&app.ctx)
        .into_iter()
        .chain(rows(GLOBAL));
    for Row { label, short, .. } in shown.filter(|r| !r.short.is_empty()) {
        spans.push(Span::styled(format!(" {label}"), theme::key()));
        spans.push(Span::styled(format!(" {short} "), theme::dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A `width` x `height` box centred in `area` (clipped to it).
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn draw_help(frame: &mut Frame, area: Rect, app: &App) {
    let mut lines = vec![Line::from(format!("{} screen", app.tab.title())).bold()];
    for Row { label, help, .. } in app.screen().keys() {
        lines.push(Line::from(vec![
            Span::styled(format!("  {label:<7}"), theme::key()),
            Span::raw(help),
        ]));
    }
    // The keys that work everywhere, as one flowing paragraph.
    let mut everywhere = vec![Span::raw("Everywhere: ").bold()];
    for (i, Row { label, help, .. }) in rows(GLOBAL).into_iter().enumerate() {
        if i > 0 {
            everywhere.push(Span::styled(" · ", theme::dim()));
        }
        everywhere.push(Span::styled(label, theme::key()));
        everywhere.push(Span::raw(format!(" {help}")));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(everywhere));
    lines.push(
        Line::from(vec![
            Span::styled("w", theme::key()),
            Span::styled(
                " shows the welcome card again · any other key closes this help",
                theme::dim(),
            ),
        ])
        .right_aligned(),
    );
    let width = 78.min(area.width);
    let rows = wrapped_rows(&lines, width.saturating_sub(2));
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    let rect = centered(area, width, rows.saturating_add(2));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        text.block(Block::bordered().title(" keys ").border_style(theme::key())),
        rect,
    );
}

/// The first-launch card: what this is, the four screens, where to start.
fn draw_welcome(frame: &mut Frame, area: Rect) {
    let k = |s: &'static str| Span::styled(s, theme::key());
    let lines = vec![
        Line::from("A neural network learning to read handwritten digits").bold(),
        Line::from(
            "the 784-16-16-10 network of 3Blue1Brown's \"But what is a neural network?\", \
             trained on MNIST's 60,000 digits while you watch.",
        ),
        Line::from(""),
        Line::from(vec![
            k("F1 Train  "),
            Span::raw("watch it learn: cost falling, accuracy rising"),
        ]),
        Line::from(vec![
            k("F2 Play   "),
            Span::raw("guess test digits against the network"),
        ]),
        Line::from(vec![
            k("F3 Tune   "),
            Span::raw("search Adam's settings over 1,500 short runs"),
        ]),
        Line::from(vec![
            k("F4 Network"),
            Span::raw(" look inside: neurons, weights, mistakes"),
        ]),
        Line::from(""),
        Line::from("Start with:").bold(),
        Line::from(vec![
            k("  s "),
            Span::raw("on Train: train a network from scratch"),
        ]),
        Line::from(vec![
            k("  ? "),
            Span::raw("every key of the screen you are on"),
        ]),
        Line::from(vec![k("  q "), Span::raw("quit")]),
        Line::from(""),
        Line::from(Span::styled(
            "any key closes this card; it is not shown again (? then w brings it back)",
            theme::dim(),
        )),
    ];
    let width = 78.min(area.width);
    let rows = wrapped_rows(&lines, width.saturating_sub(2));
    let rect = centered(area, width, rows.saturating_add(2));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::bordered()
                .title(" welcome to mnist-tui ")
                .border_style(theme::key()),
        ),
        rect,
    );
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
