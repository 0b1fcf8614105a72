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
        Overlay::Welcome => super::welcome::draw(frame, area),
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
    // The app's name gives way before any tab's name does.
    let levels = [
        (11, tabs_of(0)),
        (0, tabs_of(0)),
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
        .unwrap_or(&levels[4])
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

    #[test]
    fn the_help_names_w_as_the_welcome_card() {
        use crate::tui::test_support::{ch, feed, render};
        let mut a = crate::tui::test_support::app();
        feed(&mut a, [ch('?')]);
        let screen = render(&a, 80, 24);
        assert!(screen.contains("w: welcome card"), "{screen}");
    }
}
