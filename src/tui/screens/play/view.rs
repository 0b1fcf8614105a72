//! Drawing the Play screen: the digit, the score, the network's answer,
//! the drawing canvas, and the summary of both players' mistakes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::state::{Mode, Pen, PlayScreen};
use crate::digit::canvas::{CELL_COLS, CELL_ROWS};
use crate::fmt::{percent, percent1};
use crate::game::{Score, Verdict};
use crate::network::argmax;
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::bars::bars;
use crate::tui::widgets::confusion::{Look, confusion_lines};
use crate::tui::widgets::digit::digit_lines;

/// Where the drawing canvas (inside its border) sits in the body.
pub fn canvas_area(body: Rect) -> Rect {
    let [left, _] =
        Layout::horizontal([Constraint::Length(CELL_COLS as u16 + 2), Constraint::Min(0)])
            .areas(body);
    Rect::new(left.x + 1, left.y + 1, CELL_COLS as u16, CELL_ROWS as u16)
}

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
        Mode::Draw => draw_draw(frame, area, play),
    }
    if play.show_summary {
        draw_summary(frame, area, play.current_score());
    }
}

/// Why Play cannot start yet, as text for the screen.
fn not_ready(play: &PlayScreen, ctx: &Ctx) -> Option<Vec<Line<'static>>> {
    match &ctx.model.model {
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
            Line::from(format!(
                "No model to play against ({}):",
                ctx.model.path.display()
            ))
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
        Constraint::Length(CELL_COLS as u16 + 2),
        Constraint::Min(30),
    ])
    .areas(area);
    let [digit_area, prompt_area] =
        Layout::vertical([Constraint::Length(CELL_ROWS as u16 + 2), Constraint::Min(0)])
            .areas(left);
    let Some(data) = ctx.data.ready() else { return };
    let round = play.round.as_ref();
    let title = match round {
        Some(r) => format!(
            " test digit #{} {}",
            r.index,
            if r.hard { "(hard) " } else { "" }
        ),
        None => " test digit ".into(),
    };
    let lines = round.map_or_else(Vec::new, |r| {
        digit_lines(data.test.all().image(r.index), play.render, None)
    });
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title).border_style(theme::border())),
        digit_area,
    );
    let prompt = match (play.goto.text(), round) {
        (Some(typed), _) => vec![
            Line::from(format!("go to test digit #{typed}▏")),
            Line::from("Enter: go   Esc: cancel").style(theme::dim()),
        ],
        (None, Some(r)) if r.guess.is_none() => vec![
            Line::from(Span::styled(
                "Which digit is it?",
                Style::new().add_modifier(Modifier::BOLD),
            )),
            Line::from("Press 0-9. The network has"),
            Line::from("answered already (hidden).").style(theme::dim()),
        ],
        (None, Some(_)) => vec![Line::from("Enter: next digit").style(theme::dim())],
        (None, None) => Vec::new(),
    };
    frame.render_widget(Paragraph::new(prompt), prompt_area);

    let [score_area, round_area] =
        Layout::vertical([Constraint::Length(6), Constraint::Min(12)]).areas(right);
    draw_score(frame, score_area, play);
    let block = Block::bordered()
        .title(" this round ")
        .border_style(theme::border());
    let inner = block.inner(round_area);
    frame.render_widget(block, round_area);
    let Some(r) = round else { return };
    let width = (inner.width as usize).saturating_sub(22).clamp(5, 30);
    let mut lines = match (r.guess, r.verdict) {
        (Some(g), Some(v)) => {
            let style = match v {
                Verdict::BothRight | Verdict::HumanWon => theme::ok(),
                Verdict::ModelWon | Verdict::BothWrong => theme::warn(),
            };
            let mut head = vec![
                Line::from(vec![
                    Span::raw(format!(
                        "you {g} · network {} ({}) · it was ",
                        r.prediction(),
                        percent1(r.probabilities[r.prediction() as usize] as f64)
                    )),
                    Span::styled(
                        r.label.to_string(),
                        theme::ok().add_modifier(Modifier::BOLD),
                    ),
                ]),
                Line::from(Span::styled(
                    v.describe(),
                    style.add_modifier(Modifier::BOLD),
                )),
            ];
            head.extend(bars(
                &r.probabilities,
                width,
                Some(r.prediction()),
                Some(r.label),
            ));
            head
        }
        _ => vec![
            Line::from("The network's answer appears after yours.").style(theme::dim()),
            Line::from(""),
        ],
    };
    lines.push(Line::from(format!("model: {}", ctx.model.path.display())).style(theme::dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_score(frame: &mut Frame, area: Rect, play: &PlayScreen) {
    let s = play.current_score();
    let acc = |c: u32| {
        if s.rounds == 0 {
            "-".to_string()
        } else {
            percent(c as f64 / s.rounds as f64)
        }
    };
    let lead = match s.lead() {
        0 if s.rounds == 0 => "no rounds yet".to_string(),
        0 => "level".to_string(),
        l if l > 0 => format!("you lead by {l}"),
        l => format!("the network leads by {}", -l),
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("{:<9}", "you"), theme::ok()),
            Span::raw(format!(
                "{:>4}/{:<4} {:>7}",
                s.human_correct,
                s.rounds,
                acc(s.human_correct)
            )),
            Span::styled(
                format!("   streak {} (best {})", s.streak, s.best_streak),
                theme::dim(),
            ),
        ]),
        Line::from(vec![
            Span::styled(format!("{:<9}", "network"), theme::train()),
            Span::raw(format!(
                "{:>4}/{:<4} {:>7}",
                s.model_correct,
                s.rounds,
                acc(s.model_correct)
            )),
        ]),
        Line::from(lead).style(Style::new().add_modifier(Modifier::BOLD)),
    ];
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(if play.hard {
                    " score, hard digits "
                } else {
                    " score "
                })
                .border_style(theme::border()),
        ),
        area,
    );
}

fn draw_draw(frame: &mut Frame, area: Rect, play: &PlayScreen) {
    let [left, middle, right] = Layout::horizontal([
        Constraint::Length(CELL_COLS as u16 + 2),
        Constraint::Length(CELL_COLS as u16 + 2),
        Constraint::Min(20),
    ])
    .areas(area);
    let [canvas_box, help_area] =
        Layout::vertical([Constraint::Length(CELL_ROWS as u16 + 2), Constraint::Min(0)])
            .areas(left);
    let pen = match play.pen {
        Pen::Up => "pen up",
        Pen::Ink => "pen DOWN",
        Pen::Erase => "ERASER",
    };
    frame.render_widget(
        Paragraph::new(digit_lines(
            play.canvas.pixels(),
            play.render,
            Some(play.cursor),
        ))
        .block(
            Block::bordered()
                .title(format!(" draw · {pen} "))
                .border_style(theme::key()),
        ),
        canvas_box,
    );
    frame.render_widget(
        Paragraph::new(vec![
            Line::from("mouse: left draws, right").style(theme::dim()),
            Line::from("erases; keys: arrows, Space").style(theme::dim()),
        ]),
        help_area,
    );
    let [seen_box, note] =
        Layout::vertical([Constraint::Length(CELL_ROWS as u16 + 2), Constraint::Min(0)])
            .areas(middle);
    let seen_lines = play
        .seen
        .as_ref()
        .map_or_else(Vec::new, |(px, _)| digit_lines(px, play.render, None));
    frame.render_widget(
        Paragraph::new(seen_lines).block(
            Block::bordered()
                .title(" what the network sees ")
                .border_style(theme::border()),
        ),
        seen_box,
    );
    frame.render_widget(
        Paragraph::new("cropped, scaled to 20x20, centred by mass, as MNIST was made")
            .wrap(Wrap { trim: true })
            .style(theme::dim()),
        note,
    );
    let block = Block::bordered()
        .title(" network ")
        .border_style(theme::border());
    let inner = block.inner(right);
    frame.render_widget(block, right);
    let lines = match &play.seen {
        Some((_, p)) => {
            let best = argmax(p);
            let mut l = vec![
                Line::from(vec![
                    Span::raw("reads "),
                    Span::styled(
                        best.to_string(),
                        theme::train().add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(format!(" ({})", percent1(p[best] as f64))),
                ]),
                Line::from(""),
            ];
            let width = (inner.width as usize).saturating_sub(10).clamp(3, 30);
            l.extend(bars(p, width, None, None));
            l
        }
        None => vec![Line::from("draw a digit").style(theme::dim())],
    };
    frame.render_widget(Paragraph::new(lines), inner);
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
