//! Drawing the Train screen: settings, live progress, cost and accuracy
//! history, or what to do about missing data.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::keys::pace_note;
use super::live::{draw_live, has_weights, weights_title};
use super::run_panel::draw_run;
use super::state::{Pace, Phase, TrainScreen};
use super::{chart, missing_data};
use crate::fmt::{duration, percent, plural};
use crate::hyper as reload;
use crate::train::{Status, TrainSettings, TrainSummary};
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::tiles;

pub use super::chart::RECENT as RECENT_EPOCHS;

pub fn draw(t: &TrainScreen, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    if ctx.data.ready().is_none() {
        // Without data the screen is about getting it: use all the room.
        missing_data::draw_data_problem(frame, area, ctx);
        return;
    }
    // The weights as large as they fit beside what the run needs: at
    // full 28x28 in a column of their own (200x60), at 14x14 in a strip
    // under the run (120x40), else in the settings' place once a run has
    // weights to show (80x24).
    if let Some(side_w) = side_column(area) {
        let [left, side] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(side_w)]).areas(area);
        let [top, bottom] =
            Layout::vertical([Constraint::Length(17), Constraint::Min(8)]).areas(left);
        draw_top(frame, top, t, ctx, Weights::Right);
        // Four rows of 28x28 tiles take every row: their title goes on the
        // run panel's border, pointing at them.
        let side = Rect {
            x: side.x + 1,
            width: side.width.saturating_sub(1),
            ..side
        };
        draw_live(frame, side, t, ctx, Borders::NONE);
        chart::draw_history(frame, bottom, t);
        return;
    }
    // No strip while it would only say the weights are to come.
    let strip = area.width >= STRIP_W
        && area.height >= 11 + STRIP_H + 11
        && (t.running() || has_weights(t, ctx));
    let top_h = match (strip, area.height) {
        (true, h) if h >= 13 + STRIP_H + 13 => 13,
        (true, _) => 11,
        (false, h) if h >= 34 => 13,
        _ => 11,
    };
    let [top, strip_area, bottom] = Layout::vertical([
        Constraint::Length(top_h),
        Constraint::Length(if strip { STRIP_H } else { 0 }),
        Constraint::Min(8),
    ])
    .areas(area);
    let place = if !strip && !t.tiles.is_empty() {
        Weights::Here
    } else {
        Weights::Elsewhere
    };
    draw_top(frame, top, t, ctx, place);
    if strip {
        draw_live(frame, strip_area, t, ctx, Borders::TOP);
    }
    chart::draw_history(frame, bottom, t);
}

/// Where the weights are drawn, for the top row.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Weights {
    /// In the settings' place.
    Here,
    /// In a column to the right, titled on the run panel's border.
    Right,
    /// In a strip below, or nowhere.
    Elsewhere,
}

/// The strip of weights: eight 14x14 tiles a row, two rows, a title.
const STRIP_W: u16 = 8 * 14 + 7;
const STRIP_H: u16 = 1 + 7 + 1 + 7;

/// The run's side of the screen at its narrowest: settings and run panel.
const RUN_W: u16 = 32 + 48;

/// The width of a column for all the weights at full 28x28, if the area
/// has one beside the run's side.
fn side_column(area: Rect) -> Option<u16> {
    // A column apart from the run's side.
    let room = area.width.checked_sub(RUN_W + 1)?;
    let a = tiles::arrange(16, 28, room, area.height)?;
    (a.shown == 16 && a.res == 28).then_some(a.size().0 + 1)
}

/// Settings (or the weights in their place) and the run; `place`: where
/// the weights are (in a column to the right: titled from here).
fn draw_top(frame: &mut Frame, area: Rect, t: &TrainScreen, ctx: &Ctx, place: Weights) {
    let [settings, run] =
        Layout::horizontal([Constraint::Length(32), Constraint::Min(40)]).areas(area);
    if place == Weights::Here {
        draw_live(frame, settings, t, ctx, Borders::ALL);
    } else {
        draw_settings(frame, settings, t, ctx);
    }
    let mut block = Block::bordered()
        .title(" run ")
        .border_style(theme::border());
    if place == Weights::Right {
        let room = (run.width as usize).saturating_sub(2 + " run ".len() + 1);
        let (title, _) = weights_title(t, ctx, room, true);
        block = block.title(title.right_aligned());
    }
    let inner = block.inner(run);
    frame.render_widget(block, run);
    let [status, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    frame.render_widget(Paragraph::new(status_line(t)), status);
    if let Some(summary) = &t.summary {
        draw_summary(frame, rest, t, summary);
    } else if t.phase == Phase::Idle {
        draw_idle(frame, rest, t, ctx);
    } else {
        draw_run(frame, rest, t, ctx, place == Weights::Here);
    }
}

fn kv(key: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{key:<16}"), theme::dim()),
        Span::raw(value.into()),
    ])
}

/// The config file's path if it fits in `room` (with a space either
/// side), else only its file name.
fn config_name(ctx: &Ctx, room: usize) -> String {
    let full = crate::fmt::path(&ctx.config_path);
    let short = crate::fmt::tilde(&ctx.config_path);
    let name = ctx.config_path.file_name().map_or(full.clone(), |n| {
        crate::fmt::escape_controls(&n.to_string_lossy())
    });
    [full, short]
        .into_iter()
        .find(|n| n.chars().count() + 2 <= room)
        .unwrap_or(name)
}

/// The settings of the run on screen, or (with none) of the next run.
fn draw_settings(frame: &mut Frame, area: Rect, t: &TrainScreen, ctx: &Ctx) {
    if let Some(err) = &ctx.config_error {
        let room = (area.width as usize).saturating_sub(2 + " has errors ".len());
        let block = Block::bordered()
            .title(format!(" {} has errors ", config_name(ctx, room)))
            .border_style(theme::error());
        // One line per problem: a Line never breaks at its own newlines.
        let mut lines: Vec<Line> = err.lines().map(|l| Line::from(l.to_string())).collect();
        lines.push(
            Line::from(
                "Fix it and save: the app reads it again. Until then it uses the last settings \
                 that loaded (at start: the built-in defaults).",
            )
            .style(theme::dim()),
        );
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
            area,
        );
        return;
    }
    let from_run = t.phase != Phase::Idle;
    let settings = match (&t.settings, from_run) {
        (Some(s), true) => s.clone(),
        _ => TrainSettings::from_config(&ctx.config, ctx.config.seed.unwrap_or(0)),
    };
    let seed = match (from_run, t.seed, ctx.config.seed) {
        (true, Some(s), _) | (false, _, Some(s)) => s.to_string(),
        (true, None, _) => "being drawn".into(),
        (false, _, None) => "random at start".into(),
    };
    let changes = match &t.reload_base {
        // The sweep's settings are the Tune screen's to show.
        Some(base) => reload::changes(base, &ctx.config)
            .into_iter()
            .filter(|(field, _, _)| !field.starts_with("tuner."))
            .collect(),
        None => Vec::new(),
    };
    // Named as in config.ron, most telling first (the table's order): a
    // short panel shows the top of the list.
    let mut lines: Vec<Line> = settings
        .values()
        .into_iter()
        .map(|(name, value)| kv(name, value))
        .collect();
    lines.insert(lines.len().min(8), kv("seed", seed));
    // After `c`: what changed, old -> new, first (the lesson is in them).
    let changed: Vec<Line> = changes
        .iter()
        .map(|(name, old, new)| {
            Line::from(vec![
                Span::styled(format!("{name} "), theme::warn()),
                Span::raw(format!("{old} → {new}")),
            ])
        })
        .collect();
    if !changed.is_empty() {
        let next = if from_run {
            vec![Line::from("changed for the next start:").style(theme::dim())]
        } else {
            Vec::new()
        };
        lines = next.into_iter().chain(changed).chain(lines).collect();
    }
    // After `c`, whether it changed anything: short, to fit the border.
    let reload = match (&t.reload_base, changes.len()) {
        (None, _) => None,
        (Some(_), 0) => Some(Span::styled("unchanged ", theme::dim())),
        (Some(_), n) => Some(Span::styled(
            format!("{} ", plural(n, "change")),
            theme::warn(),
        )),
    };
    let room = (area.width as usize).saturating_sub(2 + reload.as_ref().map_or(0, |r| r.width()));
    let name = if from_run {
        " this run ".to_string()
    } else {
        format!(" {} ", config_name(ctx, room))
    };
    let title: Vec<Span> = std::iter::once(Span::raw(name)).chain(reload).collect();
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(Line::from(title))
                .border_style(theme::border()),
        ),
        area,
    );
}

/// Before a run: the data, the saved model, and what s will do.
fn draw_idle(frame: &mut Frame, area: Rect, t: &TrainScreen, ctx: &Ctx) {
    let mut lines = Vec::new();
    if let Some(m) = ctx.data.ready() {
        let v = ctx.config.validation_size.min(m.train.len());
        lines.push(Line::from(format!(
            "MNIST: {} train · {v} val · {} test",
            m.train.len() - v,
            m.test.len()
        )));
    }
    match (&ctx.model.model, ctx.model.path == ctx.model_path.path) {
        (Ok(m), true) => {
            let test = m
                .info
                .test
                .map_or("test accuracy unknown".to_string(), |t| {
                    format!("test accuracy {}", percent(t.accuracy))
                });
            let what = if ctx.model.shipped {
                "model: the shipped one, built in".to_string()
            } else {
                format!("saved model: {}", ctx.model.name())
            };
            lines.push(Line::from(format!("{what} ({test})")));
        }
        (Err(_), true) => lines.push(Line::from(format!(
            "no saved model yet at {}",
            crate::fmt::path(&ctx.model_path.path)
        ))),
        _ => {}
    }
    lines.push(Line::from(""));
    let next = if t.network.is_some() {
        "s continues from the last run's best weights; r starts over"
    } else if ctx.config.load_model {
        "s continues from the saved model (load_model is true)"
    } else {
        "s trains from a fresh random initialisation"
    };
    lines.push(Line::from(next).style(theme::dim()));
    lines.push(Line::from(pace_note(t.pace, t.pace != Pace::Full)).style(theme::dim()));
    if let Some(f) = &t.failure {
        lines.push(Line::from(f.clone()).style(theme::error()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

fn status_line(t: &TrainScreen) -> Line<'static> {
    let epoch = t.history.len();
    let max = t.settings.as_ref().map_or(0, |s| s.max_epochs);
    let diverged = t
        .summary
        .as_ref()
        .is_some_and(|s| s.status == Status::Diverged);
    let (symbol, text, style) = match t.phase {
        _ if t.failure.is_some() && t.phase != Phase::Idle => {
            ("✖", "training failed".to_string(), theme::error())
        }
        _ if diverged => (
            "✖",
            "DIVERGED: the cost became NaN or infinite".to_string(),
            theme::error(),
        ),
        Phase::Idle => ("○", "idle: press s to start training".into(), theme::dim()),
        Phase::Starting => ("◌", "starting…".into(), theme::train()),
        Phase::Running => (
            "●",
            format!("training: {epoch} of ≤{max} epochs done"),
            theme::ok(),
        ),
        Phase::Paused => (
            "‖",
            format!("paused after {epoch} epochs (p resumes)"),
            theme::warn(),
        ),
        Phase::Stopping => ("◌", "stopping…".into(), theme::warn()),
        Phase::Finished => (
            "■",
            t.summary
                .as_ref()
                .map_or("finished".into(), |s| match s.status {
                    Status::Converged => {
                        format!(
                            "finished: stopped early after {}",
                            plural(s.epochs_run, "epoch")
                        )
                    }
                    Status::MaxEpochs => format!("finished: all {} epochs", s.epochs_run),
                    Status::Stopped => format!("stopped after {}", plural(s.epochs_run, "epoch")),
                    Status::Diverged => "diverged".into(),
                }),
            theme::ok(),
        ),
    };
    Line::from(Span::styled(
        format!("{symbol} {text}"),
        style.add_modifier(Modifier::BOLD),
    ))
}

/// How long the run took, and how much of that was computing when pauses
/// or slow motion made the difference.
fn took(s: &TrainSummary) -> String {
    if s.wall_seconds > s.seconds * 1.2 + 0.5 {
        format!(
            "took {} ({} of it computing)",
            duration(s.wall_seconds),
            duration(s.seconds)
        )
    } else {
        format!("took {}", duration(s.wall_seconds.max(s.seconds)))
    }
}

fn draw_summary(frame: &mut Frame, area: Rect, t: &TrainScreen, s: &TrainSummary) {
    let best = match s.best_epoch {
        0 => "no epoch completed".to_string(),
        e => format!("kept epoch {e}: lowest val cost · seed {}", s.settings.seed),
    };
    let mut lines = vec![Line::from(best)];
    if s.status == Status::Converged {
        lines.push(Line::from(format!(
            "stopped: {} in a row without a gain > {}",
            plural(s.settings.patience, "epoch"),
            s.settings.patience_buffer
        )));
    }
    lines.push(Line::from(took(s)).style(theme::dim()));
    if s.best_epoch > 0 {
        lines.push(Line::from(format!(
            "validation {:>7}  cost {:.4}",
            percent(s.validation.accuracy),
            s.validation.cost
        )));
        lines.push(Line::from(Span::styled(
            format!(
                "test       {:>7}  cost {:.4}",
                percent(s.test.accuracy),
                s.test.cost
            ),
            Style::default().add_modifier(Modifier::BOLD),
        )));
    }
    if let Some(saved) = &t.saved {
        lines.push(Line::from(saved.clone()).style(theme::dim()));
    }
    if let Some(f) = &t.failure {
        lines.push(Line::from(f.clone()).style(theme::error()));
    }
    let [text, hint] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), text);
    let next = if t.network.is_some() {
        "s: continue from here · r: start over"
    } else {
        "s: start again from a fresh initialisation"
    };
    frame.render_widget(Paragraph::new(Line::from(next).style(theme::dim())), hint);
}
