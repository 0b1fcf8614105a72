//! The Play screen: you against the network on MNIST test digits, and a
//! canvas to draw your own digit and watch the network read it.

use std::path::PathBuf;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::cli::percent;
use crate::digit::canvas::{CELL_COLS, CELL_ROWS, Canvas};
use crate::digit::{braille, preprocess};
use crate::game::{Score, Verdict, hard_digits};
use crate::network::{Network, OUTPUTS, argmax};
use crate::tui::app::{App, Command, Tab, switch_tab};
use crate::tui::keys::{Binding, Key, lookup};
use crate::tui::theme;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Guess,
    Next,
    Hard,
    Render,
    Summary,
    ResetScore,
    DrawMode,
    GoTo,
    NextModel,
    TrainOne,
    // Draw mode.
    Move,
    Pen,
    Eraser,
    Clear,
}

const DIGIT_KEYS: &[Key] = &[
    Key::char('0'),
    Key::char('1'),
    Key::char('2'),
    Key::char('3'),
    Key::char('4'),
    Key::char('5'),
    Key::char('6'),
    Key::char('7'),
    Key::char('8'),
    Key::char('9'),
];

pub const GUESS_KEYS: &[Binding<Action>] = &[
    Binding {
        keys: DIGIT_KEYS,
        label: "0-9",
        short: "guess",
        help: "your guess; then the network's answer is shown",
        action: Action::Guess,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Enter), Key::char(' '), Key::char('n')],
        label: "Enter",
        short: "next",
        help: "next digit (also Space or n)",
        action: Action::Next,
    },
    Binding {
        keys: &[Key::char('h')],
        label: "h",
        short: "hard",
        help: "hard mode: digits the network gets wrong or is unsure of",
        action: Action::Hard,
    },
    Binding {
        keys: &[Key::char('b')],
        label: "b",
        short: "blocks",
        help: "draw digits in braille or in gray half blocks",
        action: Action::Render,
    },
    Binding {
        keys: &[Key::char('m')],
        label: "m",
        short: "summary",
        help: "summary: your and the network's confusion matrices",
        action: Action::Summary,
    },
    Binding {
        keys: &[Key::char('d')],
        label: "d",
        short: "draw",
        help: "draw your own digit",
        action: Action::DrawMode,
    },
    Binding {
        keys: &[Key::char('r')],
        label: "r",
        short: "",
        help: "reset the score",
        action: Action::ResetScore,
    },
    Binding {
        keys: &[Key::char('g')],
        label: "g",
        short: "",
        help: "go to a test digit by number (type it, then Enter)",
        action: Action::GoTo,
    },
    Binding {
        keys: &[Key::char('l')],
        label: "l",
        short: "",
        help: "load the next model file from the model's folder",
        action: Action::NextModel,
    },
    Binding {
        keys: &[Key::char('t')],
        label: "t",
        short: "",
        help: "train a model now (goes to the Train screen)",
        action: Action::TrainOne,
    },
];

pub const DRAW_KEYS: &[Binding<Action>] = &[
    Binding {
        keys: &[
            Key::plain(KeyCode::Left),
            Key::plain(KeyCode::Right),
            Key::plain(KeyCode::Up),
            Key::plain(KeyCode::Down),
        ],
        label: "arrows",
        short: "move",
        help: "move the cursor (draws while the pen is down)",
        action: Action::Move,
    },
    Binding {
        keys: &[Key::char(' ')],
        label: "Space",
        short: "pen",
        help: "pen down (draws as you move) or up; or draw with the mouse",
        action: Action::Pen,
    },
    Binding {
        keys: &[Key::char('e')],
        label: "e",
        short: "eraser",
        help: "eraser down or up",
        action: Action::Eraser,
    },
    Binding {
        keys: &[Key::char('c')],
        label: "c",
        short: "clear",
        help: "clear the canvas",
        action: Action::Clear,
    },
    Binding {
        keys: &[Key::char('b')],
        label: "b",
        short: "blocks",
        help: "show in braille or in gray half blocks",
        action: Action::Render,
    },
    Binding {
        keys: &[Key::char('d'), Key::plain(KeyCode::Esc)],
        label: "d",
        short: "back",
        help: "back to guessing test digits (also Esc)",
        action: Action::DrawMode,
    },
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Guess,
    Draw,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Render {
    Braille,
    Blocks,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pen {
    Up,
    Ink,
    Erase,
}

/// One test digit being played.
#[derive(Clone, Debug, PartialEq)]
pub struct Round {
    /// Its number in the test set.
    pub index: usize,
    pub label: u8,
    /// The network's answer, decided when the digit appears, shown only
    /// after your guess.
    pub probabilities: [f32; OUTPUTS],
    pub guess: Option<u8>,
    pub verdict: Option<Verdict>,
}

impl Round {
    pub fn prediction(&self) -> u8 {
        argmax(&self.probabilities) as u8
    }
}

pub struct PlayState {
    rng: ChaCha8Rng,
    pub mode: Mode,
    pub render: Render,
    pub hard: bool,
    /// Test digits the current model finds hard (computed on first use).
    hard_pool: Option<Vec<u32>>,
    pub round: Option<Round>,
    pub score: Score,
    pub show_summary: bool,
    /// Digits typed after `g`, while choosing a test digit by number.
    pub goto: Option<String>,
    pub canvas: Canvas,
    pub cursor: (usize, usize),
    pub pen: Pen,
    /// The drawing as the network sees it, and its answer.
    pub seen: Option<(Vec<u8>, [f32; OUTPUTS])>,
    /// The model file `l` last tried, so a file that fails to load is
    /// stepped past rather than retried.
    pub browsed: Option<PathBuf>,
}

impl PlayState {
    pub fn new(seed: u64) -> PlayState {
        PlayState {
            rng: ChaCha8Rng::seed_from_u64(seed),
            mode: Mode::Guess,
            render: Render::Braille,
            hard: false,
            hard_pool: None,
            round: None,
            score: Score::default(),
            show_summary: false,
            goto: None,
            canvas: Canvas::default(),
            cursor: (CELL_COLS / 2, CELL_ROWS / 2),
            pen: Pen::Up,
            seen: None,
            browsed: None,
        }
    }

    /// True while typed characters are text (a test digit's number).
    pub fn typing(&self) -> bool {
        self.goto.is_some()
    }

    /// The model or data changed: what was derived from them is stale.
    /// A different network: rounds, hard digits and the score belong to the
    /// old one. Returns whether a score was reset.
    pub fn model_changed(&mut self) -> bool {
        self.hard_pool = None;
        self.round = None;
        self.seen = None;
        self.browsed = None;
        let had_score = self.score.rounds > 0;
        self.score = Score::default();
        had_score
    }
}

/// The network Play uses, if a model is loaded.
fn network(app: &App) -> Option<&Network> {
    app.model.model.as_ref().ok().map(|m| &m.network)
}

/// Starts a round if there is none and both data and a model are ready.
pub fn ensure_round(app: &mut App) {
    if app.play.round.is_none() {
        next_round(app, None);
    }
}

/// A new round on test digit `index`, or a random one (from the hard ones
/// in hard mode).
fn next_round(app: &mut App, index: Option<usize>) {
    // Field by field, so `play` can be borrowed mutably alongside.
    let (Some(data), Ok(model)) = (app.data.ready(), app.model.model.as_ref()) else {
        return;
    };
    let (test, net, play) = (data.test.all(), &model.network, &mut app.play);
    if test.is_empty() {
        return;
    }
    let index = match index {
        Some(i) => i.min(test.len() - 1),
        None if play.hard => {
            let pool = play.hard_pool.get_or_insert_with(|| {
                let e = crate::eval::evaluate_full(net, test);
                hard_digits(&e.predictions, test.labels())
            });
            if pool.is_empty() {
                play.hard = false;
                app.warn("no hard digits: the network is sure and right about every one");
                return next_round(app, None);
            }
            pool[play.rng.random_range(0..pool.len())] as usize
        }
        None => play.rng.random_range(0..test.len()),
    };
    play.round = Some(Round {
        index,
        label: test.label(index),
        probabilities: net.predict(test.image(index)),
        guess: None,
        verdict: None,
    });
}

fn redraw_prediction(app: &mut App) {
    let seen = preprocess::mnist_style(app.play.canvas.pixels());
    app.play.seen = match (seen, network(app)) {
        (Some(px), Some(net)) => {
            let p = net.predict(&px);
            Some((px, p))
        }
        _ => None,
    };
}

pub fn handle_key(app: &mut App, key: &KeyEvent) -> Vec<Command> {
    if app.play.typing() {
        if let Some(i) = crate::tui::goto::type_number(app, |a| &mut a.play.goto, key) {
            next_round(app, Some(i));
        }
        return Vec::new();
    }
    if app.play.show_summary {
        app.play.show_summary = false;
        return Vec::new();
    }
    let table = match app.play.mode {
        Mode::Guess => GUESS_KEYS,
        Mode::Draw => DRAW_KEYS,
    };
    let Some(action) = lookup(table, key) else {
        return Vec::new();
    };
    let play = &mut app.play;
    match action {
        Action::Guess => {
            let KeyCode::Char(c) = key.code else {
                return Vec::new();
            };
            let digit = c as u8 - b'0';
            if let Some(round) = play.round.as_mut().filter(|r| r.guess.is_none()) {
                round.guess = Some(digit);
                round.verdict = Some(play.score.record(round.label, digit, round.prediction()));
            }
        }
        Action::Next => next_round(app, None),
        Action::Hard => {
            play.hard = !play.hard;
            let message = if play.hard {
                "hard mode on: digits the network finds hard"
            } else {
                "hard mode off"
            };
            app.say(message);
            next_round(app, None);
        }
        Action::Render => {
            play.render = match play.render {
                Render::Braille => Render::Blocks,
                Render::Blocks => Render::Braille,
            }
        }
        Action::Summary => play.show_summary = true,
        Action::ResetScore => {
            play.score = Score::default();
            app.say("score reset");
        }
        Action::DrawMode => {
            play.mode = match play.mode {
                Mode::Guess => Mode::Draw,
                Mode::Draw => Mode::Guess,
            };
            play.pen = Pen::Up;
        }
        Action::GoTo => play.goto = Some(String::new()),
        Action::NextModel => {
            let after = play.browsed.clone().unwrap_or(app.model.path.clone());
            return vec![Command::LoadNextModel { after }];
        }
        Action::TrainOne => {
            switch_tab(app, Tab::Train);
            if !app.train.running() && app.data.ready().is_some() {
                return super::train::handle_key(app, &KeyEvent::from(KeyCode::Char('s')));
            }
        }
        Action::Move => {
            let (c, r) = play.cursor;
            play.cursor = match key.code {
                KeyCode::Left => (c.saturating_sub(1), r),
                KeyCode::Right => ((c + 1).min(CELL_COLS - 1), r),
                KeyCode::Up => (c, r.saturating_sub(1)),
                _ => (c, (r + 1).min(CELL_ROWS - 1)),
            };
            if play.pen != Pen::Up {
                let (c, r) = play.cursor;
                play.canvas.paint(c, r, play.pen == Pen::Ink);
                redraw_prediction(app);
            }
        }
        Action::Pen | Action::Eraser => {
            let wanted = if action == Action::Pen {
                Pen::Ink
            } else {
                Pen::Erase
            };
            play.pen = if play.pen == wanted { Pen::Up } else { wanted };
            if play.pen != Pen::Up {
                let (c, r) = play.cursor;
                play.canvas.paint(c, r, play.pen == Pen::Ink);
                redraw_prediction(app);
            }
        }
        Action::Clear => {
            play.canvas.clear();
            play.seen = None;
        }
    }
    Vec::new()
}

pub fn handle_mouse(app: &mut App, m: MouseEvent) -> Vec<Command> {
    if app.play.mode != Mode::Draw {
        return Vec::new();
    }
    let ink = match m.kind {
        MouseEventKind::Down(MouseButton::Left) | MouseEventKind::Drag(MouseButton::Left) => true,
        MouseEventKind::Down(MouseButton::Right) | MouseEventKind::Drag(MouseButton::Right) => {
            false
        }
        _ => return Vec::new(),
    };
    let area = canvas_area(crate::tui::ui::body_area(app.size));
    if m.column < area.x || m.row < area.y {
        return Vec::new();
    }
    let (col, row) = ((m.column - area.x) as usize, (m.row - area.y) as usize);
    if app.play.canvas.paint(col, row, ink) {
        app.play.cursor = (col.min(CELL_COLS - 1), row.min(CELL_ROWS - 1));
        redraw_prediction(app);
    }
    Vec::new()
}

// ---- drawing ----

/// Where the drawing canvas (inside its border) sits in the body.
pub fn canvas_area(body: Rect) -> Rect {
    let [left, _] =
        Layout::horizontal([Constraint::Length(CELL_COLS as u16 + 2), Constraint::Min(0)])
            .areas(body);
    Rect::new(left.x + 1, left.y + 1, CELL_COLS as u16, CELL_ROWS as u16)
}

/// A 28x28 image as terminal lines, in braille or gray half blocks;
/// `cursor` (cell) is shown reversed.
fn digit_lines(
    pixels: &[u8],
    render: Render,
    cursor: Option<(usize, usize)>,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = match render {
        Render::Braille => braille::digit(pixels).into_iter().map(Line::from).collect(),
        Render::Blocks => braille::half_blocks(pixels, 28, 28)
            .into_iter()
            .map(|row| {
                Line::from(
                    row.into_iter()
                        .map(|(up, down)| {
                            Span::styled("▀", Style::new().fg(gray(up)).bg(gray(down)))
                        })
                        .collect::<Vec<_>>(),
                )
            })
            .collect(),
    };
    if let Some((c, r)) = cursor
        && let Some(line) = lines.get_mut(r)
    {
        // Split the cursor cell out of its line and reverse it.
        let text: Vec<(String, Style)> = line
            .spans
            .iter()
            .flat_map(|s| s.content.chars().map(move |ch| (ch.to_string(), s.style)))
            .collect();
        *line = Line::from(
            text.into_iter()
                .enumerate()
                .map(|(i, (t, st))| {
                    let st = if i == c {
                        st.add_modifier(Modifier::REVERSED)
                    } else {
                        st
                    };
                    Span::styled(t, st)
                })
                .collect::<Vec<_>>(),
        );
    }
    lines
}

/// A pixel's gray level on the 24-step gray ramp of 256-colour terminals.
fn gray(v: u8) -> Color {
    Color::Indexed(232 + (v as u16 * 23 / 255) as u8)
}

/// One bar per digit: `probabilities` as horizontal bars `width` wide.
fn bars(
    probabilities: &[f32; OUTPUTS],
    width: usize,
    highlight: Option<u8>,
    truth: Option<u8>,
) -> Vec<Line<'static>> {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let best = argmax(probabilities);
    (0..OUTPUTS)
        .map(|d| {
            let p = probabilities[d];
            let p = if p.is_finite() {
                p.clamp(0.0, 1.0)
            } else {
                0.0
            };
            let eighths = (p * (width * 8) as f32).round() as usize;
            let bar = format!("{}{}", "█".repeat(eighths / 8), EIGHTHS[eighths % 8]);
            let style = if d == best {
                theme::train().add_modifier(Modifier::BOLD)
            } else {
                theme::dim()
            };
            let mut spans = vec![
                Span::styled(
                    format!("{d} "),
                    if Some(d as u8) == truth {
                        theme::ok()
                    } else {
                        Style::new()
                    },
                ),
                Span::styled(format!("{bar:<width$}"), style),
                Span::styled(format!(" {:>5.1}%", p * 100.0), style),
            ];
            if Some(d as u8) == highlight {
                spans.push(Span::styled(" ◀ network", theme::train()));
            }
            Line::from(spans)
        })
        .collect()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    if let Some(problem) = not_ready(app) {
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
    match app.play.mode {
        Mode::Guess => draw_guess(frame, area, app),
        Mode::Draw => draw_draw(frame, area, app),
    }
    if app.play.show_summary {
        draw_summary(frame, area, &app.play.score);
    }
}

/// Why Play cannot start yet, as text for the screen.
fn not_ready(app: &App) -> Option<Vec<Line<'static>>> {
    match &app.model.model {
        // Drawing needs only a model; guessing also needs the test digits.
        Ok(_) if app.play.mode == Mode::Draw || app.data.ready().is_some() => None,
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
                app.model.path.display()
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

fn draw_guess(frame: &mut Frame, area: Rect, app: &App) {
    let play = &app.play;
    let [left, right] = Layout::horizontal([
        Constraint::Length(CELL_COLS as u16 + 2),
        Constraint::Min(30),
    ])
    .areas(area);
    let [digit_area, prompt_area] =
        Layout::vertical([Constraint::Length(CELL_ROWS as u16 + 2), Constraint::Min(0)])
            .areas(left);
    let Some(data) = app.data.ready() else { return };
    let round = play.round.as_ref();
    let title = match round {
        Some(r) => format!(
            " test digit #{} {}",
            r.index,
            if play.hard { "(hard) " } else { "" }
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
    let prompt = match (&play.goto, round) {
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
    draw_score(frame, score_area, &play.score);
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
                        pct1(r.probabilities[r.prediction() as usize])
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
    lines.push(Line::from(format!("model: {}", app.model.path.display())).style(theme::dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn pct1(p: f32) -> String {
    format!("{:.1}%", p * 100.0)
}

fn draw_score(frame: &mut Frame, area: Rect, s: &Score) {
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
                .title(" score ")
                .border_style(theme::border()),
        ),
        area,
    );
}

fn draw_draw(frame: &mut Frame, area: Rect, app: &App) {
    let play = &app.play;
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
                    Span::raw(format!(" ({})", pct1(p[best]))),
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
    let matrix = |m: &[[u32; OUTPUTS]; OUTPUTS]| -> Vec<Line<'static>> {
        let mut lines = vec![
            Line::from(format!(
                "   {}",
                (0..10).map(|d| format!("{d:>3}")).collect::<String>()
            ))
            .style(theme::dim()),
        ];
        for (t, row) in m.iter().enumerate() {
            let mut spans = vec![Span::styled(format!("{t:>2} "), theme::dim())];
            for (g, n) in row.iter().enumerate() {
                let style = match (t == g, *n) {
                    (_, 0) => theme::dim(),
                    (true, _) => theme::ok().add_modifier(Modifier::BOLD),
                    (false, _) => theme::warn(),
                };
                spans.push(Span::styled(
                    format!(
                        "{:>3}",
                        if *n == 0 {
                            "·".to_string()
                        } else {
                            n.to_string()
                        }
                    ),
                    style,
                ));
            }
            lines.push(Line::from(spans));
        }
        lines
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
        lines.extend(matrix(confusion));
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
