//! Drawing the Train screen: settings, live progress, cost and accuracy
//! history, or what to do about missing data.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Sparkline, Wrap};

use super::live::{draw_live, draw_sample, sample_guess};
use super::state::{Pace, Phase, SLOW_EPOCH_MS, TrainScreen};
use super::{chart, missing_data};
use crate::fmt::{duration, percent, plural, short};
use crate::hyper as reload;
use crate::train::{Status, TrainSettings, TrainSummary};
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::clamp_ratio;

pub use super::chart::RECENT as RECENT_EPOCHS;

pub fn draw(t: &TrainScreen, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    if ctx.data.ready().is_none() {
        // Without data the screen is about getting it: use all the room.
        missing_data::draw_data_problem(frame, area, ctx);
        return;
    }
    // Wide: the weights beside the run; medium: a strip under it; at
    // 80x24 the charts need the rows, and the sample's guess is a line.
    let wide = area.width >= 160 && area.height >= 40;
    let strip = !wide && area.width >= 100 && area.height >= 32;
    let top_h = match (wide, area.height) {
        (true, _) => 17,
        (false, h) if h >= 34 => 13,
        _ => 11,
    };
    let [top, strip_area, bottom] = Layout::vertical([
        Constraint::Length(top_h),
        Constraint::Length(if strip { 10 } else { 0 }),
        Constraint::Min(8),
    ])
    .areas(area);
    // The run's lines need 45 columns inside its border; the weights take the rest.
    let live_w = if wide {
        area.width.saturating_sub(32 + 47).min(121)
    } else {
        0
    };
    let [settings, run, live] = Layout::horizontal([
        Constraint::Length(32),
        Constraint::Min(40),
        Constraint::Length(live_w),
    ])
    .areas(top);
    draw_settings(frame, settings, t, ctx);
    draw_run(frame, run, t, ctx, wide);
    if wide {
        draw_live(frame, live, t, ctx, false);
    }
    if strip {
        draw_live(frame, strip_area, t, ctx, true);
    }
    chart::draw_history(frame, bottom, t);
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

/// Epoch progress, throughput and ETA (including validation) of the current epoch.
fn gauge(t: &TrainScreen) -> Gauge<'static> {
    let (ratio, label) = match &t.progress {
        Some(p) if t.phase == Phase::Paused => (
            p.batches_done as f64 / p.batches.max(1) as f64,
            format!("epoch {} paused", p.epoch),
        ),
        Some(p) if t.running() => {
            let ratio = p.batches_done as f64 / p.batches.max(1) as f64;
            let per_batch = p.elapsed.as_secs_f64() / p.batches_done.max(1) as f64;
            let validation = t.history.last().map_or(0.0, |e| e.validation_seconds);
            // In slow motion the wait, not the computing, sets the pace.
            let remaining = if t.slow {
                (1.0 - ratio) * SLOW_EPOCH_MS as f64 / 1000.0
            } else {
                per_batch * (p.batches - p.batches_done) as f64
            };
            let eta = remaining + validation;
            (
                ratio,
                format!(
                    "epoch {} {:>3.0}% · {} ex/s · epoch ETA {}",
                    p.epoch,
                    ratio * 100.0,
                    short(p.examples_per_s),
                    duration(eta)
                ),
            )
        }
        _ => (0.0, String::new()),
    };
    Gauge::default()
        .gauge_style(theme::train())
        .ratio(clamp_ratio(ratio))
        .label(label)
}

fn draw_run(frame: &mut Frame, area: Rect, t: &TrainScreen, ctx: &Ctx, wide: bool) {
    let block = Block::bordered()
        .title(" run ")
        .border_style(theme::border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [status, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    frame.render_widget(Paragraph::new(status_line(t)), status);
    if let Some(summary) = &t.summary {
        draw_summary(frame, rest, t, summary);
        return;
    }
    if t.phase == Phase::Idle {
        draw_idle(frame, rest, t, ctx);
        return;
    }
    let [gauge_area, best, patience_area, dead, guess, sizes, batch] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(rest);
    if let Some(last) = t.history.last() {
        let [a, b] = last.dead_units;
        let h = crate::network::HIDDEN1;
        let line = Line::from(vec![
            Span::styled("dead units ", theme::dim()),
            Span::styled(
                format!("{a}/{h}, {b}/{}", crate::network::HIDDEN2),
                if a + b > 0 {
                    theme::warn()
                } else {
                    theme::ok()
                },
            ),
            Span::styled(format!(" · lr {:.2e}", last.learning_rate), theme::dim()),
        ]);
        frame.render_widget(Paragraph::new(line), dead);
    }
    if let Some(s) = &t.sample {
        let mut spans = vec![Span::styled(
            format!("test digit {}: ", s.label),
            theme::dim(),
        )];
        spans.extend(sample_guess(t).spans);
        frame.render_widget(Paragraph::new(Line::from(spans)), guess);
    }
    // Wide: the followed digit beside the batch costs.
    let [batch, sample_area] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(if wide { 16 } else { 0 }),
    ])
    .areas(batch);
    draw_sample(frame, sample_area, t);
    frame.render_widget(gauge(t), gauge_area);
    let best_line = match &t.best {
        Some((epoch, m, _)) => Line::from(format!(
            "best: epoch {epoch}, val cost {:.4}, {}",
            m.cost,
            percent(m.accuracy)
        )),
        None => Line::from("best: none yet").style(theme::dim()),
    };
    frame.render_widget(Paragraph::new(best_line), best);
    let patience = t
        .settings
        .as_ref()
        .map_or(ctx.config.patience, |s| s.patience);
    if let Some(last) = t.history.last() {
        let flat = last.epochs_without_improvement;
        let gain = t
            .settings
            .as_ref()
            .map_or(ctx.config.patience_buffer, |s| s.patience_buffer);
        let line = Line::from(format!("{flat} of {patience} epochs with no gain > {gain}")).style(
            if flat > 0 {
                theme::warn()
            } else {
                theme::dim()
            },
        );
        frame.render_widget(Paragraph::new(line), patience_area);
    }
    let slow = match (t.slow, t.pace) {
        (false, _) => "",
        (true, Pace::Watch) => "slow motion: first 2 epochs (z: full speed)",
        (true, _) => "slow motion (z: full speed)",
    };
    let note = match (t.continued, slow.is_empty()) {
        (true, false) => "continuing from earlier weights · slow motion",
        (true, true) => "continuing from earlier weights",
        (false, _) => slow,
    };
    let sizes_line = match t.sizes {
        Some((a, b, c)) if note.is_empty() => format!("{a} train · {b} val · {c} test images"),
        _ => note.to_string(),
    };
    frame.render_widget(
        Paragraph::new(Line::from(sizes_line).style(theme::dim())),
        sizes,
    );
    // The latest reports if there are more than fit.
    let recent = &t.batch_costs[t.batch_costs.len().saturating_sub(batch.width as usize)..];
    let title = match t.batch_costs.last() {
        Some(c) => format!("batch cost this epoch {c:.4}"),
        None => "batch cost this epoch".into(),
    };
    frame.render_widget(
        Sparkline::default()
            .block(Block::new().title(Line::from(title).style(theme::dim())))
            .data(chart::scale(recent, false))
            .style(theme::train()),
        batch,
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
    lines.push(
        Line::from(match t.pace {
            Pace::Watch => "the first 2 epochs run in slow motion to watch, then full speed (z)",
            Pace::Slow => "slow motion throughout (z: full speed)",
            Pace::Full => "full speed (z: slow motion)",
        })
        .style(theme::dim()),
    );
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
