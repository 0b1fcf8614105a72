//! Drawing the Play screen while guessing: the test digit as large as the
//! body allows, the score of both modes, this round's answers as lit
//! output bars, and the strip of the last rounds. Draw mode is in
//! `draw_view.rs`, the strip in `strip.rs`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::draw_view;
use super::keys::Action;
use super::panel::picture_panel_width;
use super::state::{Mode, PlayScreen};
use super::strip;
use crate::fmt::{percent, percent1};
use crate::game::{Score, Verdict};
use crate::network::OUTPUTS;
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::bars::{MARKED_EXTRA, Marks, marked_bars};
use crate::tui::widgets::confusion::{Look, confusion_lines};
use crate::tui::widgets::picture::{cells, centred_picture, largest_scale};

pub fn draw(play: &PlayScreen, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    if let Some(problem) = not_ready(play, ctx) {
        let block = Block::bordered()
            .title(" Play ")
            .border_style(theme::border());
        frame.render_widget(
            Paragraph::new(problem)
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    match play.mode {
        Mode::Guess => draw_guess(frame, area, play, ctx),
        Mode::Draw => draw_view::draw(frame, area, play),
    }
    if play.show_summary {
        draw_summary(frame, area, play.current_score());
    }
}

/// Why Play cannot start yet, as text for the screen.
fn not_ready(play: &PlayScreen, ctx: &Ctx) -> Option<Vec<Line<'static>>> {
    match &ctx.model.model {
        Ok(_) if play.mode == Mode::Guess && play.hard && play.round.is_none() => Some(vec![
            Line::from("Finding the hard digits: the network reads all the test digits…"),
            Line::from("(the ones it gets wrong, or is less than 60% sure of)").style(theme::dim()),
        ]),
        // Drawing needs only a model; guessing also needs the test digits.
        Ok(_) if play.mode == Mode::Draw || ctx.data.ready().is_some() => None,
        Ok(_) => Some(vec![
            Line::from("MNIST is not loaded yet: see the Train screen (F1)."),
            Line::from(""),
            Line::from(vec![
                Span::raw("Meanwhile "),
                Span::styled("d", theme::key()),
                Span::raw(" lets you draw a digit for the network to read."),
            ]),
        ]),
        Err(e) => Some(vec![
            Line::from(format!("No model to play against ({}):", ctx.model.name()))
                .style(theme::warn()),
            Line::from(e.clone()),
            Line::from(""),
            Line::from(vec![
                Span::styled("t", theme::key()),
                Span::raw(" trains one now (about a second per epoch or faster), "),
                Span::styled("l", theme::key()),
                Span::raw(" loads another model file from the same folder."),
            ]),
        ]),
    }
}

fn draw_guess(frame: &mut Frame, area: Rect, play: &PlayScreen, ctx: &Ctx) {
    let [left, right] = Layout::horizontal([
        Constraint::Length(picture_panel_width(area, play.render)),
        Constraint::Min(0),
    ])
    .areas(area);
    let round = play.round.as_ref();
    let title = match round {
        Some(r) => format!(
            " test digit #{} {}",
            r.index,
            if r.hard { "(hard) " } else { "" }
        ),
        None => " test digit ".into(),
    };
    // The picture's panel is as tall as it needs, with the strip of last
    // rounds under it, unless the strip has more room on the right: then
    // the panel fills the column, so both columns end on the same row.
    let k = largest_scale(
        play.render,
        28,
        28,
        left.width.saturating_sub(4),
        left.height.saturating_sub(2),
    );
    let (_, h) = cells(play.render, 28, 28, k);
    let round_rows = round_height(right.height.saturating_sub(5));
    let [score_area, round_area, rest] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Length(round_rows),
        Constraint::Min(0),
    ])
    .areas(right);
    let [tight, below] =
        Layout::vertical([Constraint::Length(h + 2), Constraint::Min(0)]).areas(left);
    let strip_on_right = rest.height >= below.height;
    let (digit_area, strip_area) = if strip_on_right {
        (left, rest)
    } else {
        (tight, below)
    };
    let block = Block::bordered()
        .title(title)
        .title_bottom(Line::from(format!(" {} ", ctx.model.name())).style(theme::dim()))
        .border_style(theme::border());
    let inner = block.inner(digit_area);
    frame.render_widget(block, digit_area);
    if let Some(r) = round {
        centred_picture(frame, inner, &r.picture, play.render);
    }
    draw_score(frame, score_area, play);
    draw_round(frame, round_area, play);
    strip::draw(frame, strip_area, &play.history, play.render);
}

/// Rows for this round's panel out of `room`: the answers' three lines
/// and the ten bars, spaced out when there is room to spare.
fn round_height(room: u16) -> u16 {
    let tight = 2 + 3 + OUTPUTS as u16;
    let spaced = tight + OUTPUTS as u16 - 1;
    // Spaced bars only if the strip still gets a row of thumbnails.
    if room >= spaced + strip::THUMB_ROWS + 2 {
        spaced
    } else {
        tight.min(room)
    }
}

fn draw_round(frame: &mut Frame, area: Rect, play: &PlayScreen) {
    let block = Block::bordered()
        .title(" this round ")
        .border_style(theme::border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(r) = play.round.as_ref() else {
        return;
    };
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let gap = inner.height as usize >= 3 + 2 * OUTPUTS - 1;
    let width = (inner.width as usize)
        .saturating_sub(MARKED_EXTRA)
        .clamp(4, 60);
    let mut lines = match (r.guess, r.verdict) {
        (Some(g), Some(v)) => {
            let style = match v {
                Verdict::BothRight | Verdict::HumanWon => theme::ok(),
                Verdict::ModelWon | Verdict::BothWrong => theme::warn(),
            };
            let net = r.prediction();
            vec![
                Line::from(vec![
                    Span::styled(v.describe(), style.add_modifier(Modifier::BOLD)),
                    Span::raw("  it was "),
                    Span::styled(
                        r.label.to_string(),
                        theme::ok().add_modifier(Modifier::BOLD),
                    ),
                ]),
                Line::from(vec![
                    Span::raw(format!("you {g} · network {net} ")),
                    Span::styled(
                        format!("({} sure)", percent1(r.probabilities[net as usize] as f64)),
                        theme::dim(),
                    ),
                ]),
                Line::from(vec![
                    Span::styled("w", theme::key()),
                    Span::styled(" why? see inside the network   ", theme::dim()),
                    Span::styled("Enter", theme::key()),
                    Span::styled(" next", theme::dim()),
                ]),
            ]
        }
        _ if play.goto.is_open() => vec![
            Line::from(format!(
                "go to test digit #{}▏",
                play.goto.text().unwrap_or_default()
            ))
            .style(theme::key()),
            Line::from("Enter: go   Esc: cancel").style(theme::dim()),
            Line::from(""),
        ],
        _ => vec![
            Line::from(Span::styled("Which digit is it? Press 0-9.", bold)),
            Line::from("The network has answered already (hidden).").style(theme::dim()),
            Line::from(""),
        ],
    };
    match r.guess {
        Some(g) => lines.extend(marked_bars(
            &r.probabilities.map(|p| p * play.revealed()),
            width,
            Marks {
                you: Some(g),
                network: Some(r.prediction()),
                truth: Some(r.label),
            },
            gap,
        )),
        // The digits to press, where the answers will appear.
        None => {
            for d in 0..OUTPUTS {
                if gap && d > 0 {
                    lines.push(Line::from(""));
                }
                lines.push(Line::from(vec![
                    Span::styled(format!("{d} "), theme::key()),
                    Span::styled("·".repeat(width.min(3)), theme::dim()),
                ]));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One line of the score: a mode's rounds, your and the network's share.
fn score_line(name: &'static str, s: &Score, current: bool, wide: bool) -> Line<'static> {
    let acc = |c: u32| {
        if s.rounds == 0 {
            "-".to_string()
        } else {
            percent1(c as f64 / s.rounds as f64)
        }
    };
    let head = if current {
        Style::new().add_modifier(Modifier::BOLD)
    } else {
        theme::dim()
    };
    Line::from(vec![
        Span::styled(
            format!("{} {name:<6}", if current { "▶" } else { " " }),
            head,
        ),
        Span::styled(" you ", theme::ok()),
        Span::raw(format!(
            "{:>3}/{:<3} {:>6}",
            s.human_correct,
            s.rounds,
            acc(s.human_correct)
        )),
        Span::styled(if wide { "   network " } else { "  net " }, theme::train()),
        Span::raw(format!(
            "{:>3} {:>6}",
            s.model_correct,
            acc(s.model_correct)
        )),
    ])
}

fn draw_score(frame: &mut Frame, area: Rect, play: &PlayScreen) {
    let s = play.current_score();
    let lead = match s.lead() {
        0 if s.rounds == 0 => "no rounds yet".to_string(),
        0 => "tied".to_string(),
        l if l > 0 => format!("you lead by {l}"),
        l => format!("the network leads by {}", -l),
    };
    let wide = area.width >= 52;
    let rounds = crate::fmt::plural(play.rounds() as usize, "round");
    let room = usize::from(area.width.saturating_sub(2));
    // A key that discards the score asks here, where the score is.
    let last = match play.confirm {
        Some(Action::ResetScore) => question(
            [
                format!("reset the score of {rounds}?"),
                format!("reset {rounds}?"),
            ],
            "r",
            room,
        ),
        Some(Action::NextModel) => question(
            [
                format!("load the next model and reset {rounds}?"),
                format!("next model, reset {rounds}?"),
                format!("reset {rounds}?"),
            ],
            "l",
            room,
        ),
        _ => Line::from(vec![
            Span::styled(lead, Style::new().add_modifier(Modifier::BOLD)),
            Span::styled(
                format!("   streak {} (best {})", s.streak, s.best_streak),
                theme::dim(),
            ),
        ]),
    };
    let lines = vec![
        score_line("normal", &play.score, !play.hard, wide),
        score_line("hard", &play.hard_score, play.hard, wide),
        last,
    ];
    let block = match play.confirm {
        Some(_) => Block::bordered()
            .title(" score: any other key keeps it ")
            .border_style(theme::warn()),
        None => Block::bordered()
            .title(if play.hard {
                " score, hard digits "
            } else {
                " score "
            })
            .border_style(theme::border()),
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// "`ask` `key` again: yes" in the longest wording of `asks` that fits
/// `room` (the last if none does), so the key is never cut off.
fn question<const N: usize>(asks: [String; N], key: &'static str, room: usize) -> Line<'static> {
    let tail = " again: yes";
    let fits = |a: &&String| a.chars().count() + 2 + tail.len() <= room;
    let ask = asks
        .iter()
        .find(fits)
        .or(asks.last())
        .cloned()
        .unwrap_or_default();
    Line::from(vec![
        Span::styled(format!("{ask} "), theme::warn()),
        Span::styled(key, theme::key()),
        Span::styled(tail, theme::warn()),
    ])
}

fn draw_summary(frame: &mut Frame, area: Rect, s: &Score) {
    let look = Look {
        cell: 3,
        dot_for_zero: true,
        style: |diagonal, n| match (diagonal, n) {
            (_, 0) => theme::dim(),
            (true, _) => theme::ok().add_modifier(Modifier::BOLD),
            (false, _) => theme::warn(),
        },
    };
    let acc = |c: u32| {
        if s.rounds == 0 {
            "-".to_string()
        } else {
            percent(c as f64 / s.rounds as f64)
        }
    };
    let rect = Rect::new(
        area.x + area.width.saturating_sub(76) / 2,
        area.y + area.height.saturating_sub(16) / 2,
        76.min(area.width),
        16.min(area.height),
    );
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(format!(
            " summary of {} digits (rows: true digit, columns: answer) ",
            s.rounds
        ))
        .border_style(theme::key());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [a, b] =
        Layout::horizontal([Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)]).areas(inner);
    let side = |who: &str, correct: u32, confusion, style| {
        let mut lines = vec![
            Line::from(format!("{who}: {correct}/{} {}", s.rounds, acc(correct))).style(style),
        ];
        lines.extend(confusion_lines(confusion, &look));
        Paragraph::new(lines)
    };
    frame.render_widget(
        side("you", s.human_correct, &s.human_confusion, theme::ok()),
        a,
    );
    frame.render_widget(
        side(
            "network",
            s.model_correct,
            &s.model_confusion,
            theme::train(),
        ),
        b,
    );
    let hint = Rect::new(
        inner.x,
        inner.y + inner.height.saturating_sub(1),
        inner.width,
        1,
    );
    frame.render_widget(
        Paragraph::new("any key closes")
            .style(theme::dim())
            .right_aligned(),
        hint,
    );
}
