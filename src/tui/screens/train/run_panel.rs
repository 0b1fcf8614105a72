//! The Train screen's run panel while a run is on: the epoch's progress,
//! the best epoch, patience, dead units, the followed digit and the batch
//! costs of the epoch.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Sparkline};

use super::chart;
use super::keys::SLOW_MOTION;
use super::live::{draw_sample, sample_guess};
use super::state::{Phase, SLOW_EPOCH_MS, TrainScreen};
use crate::fmt::{duration, percent, short};
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::clamp_ratio;

/// The bar's narrowest: shorter, and it no longer reads as one.
const MIN_BAR: usize = 8;

/// Where the epoch is: words first, then a bar in the room left (a
/// gauge's label would sit on its bar and hide it).
pub fn progress_line(t: &TrainScreen, width: u16) -> Line<'static> {
    let Some(p) = &t.progress else {
        return Line::from("");
    };
    let ratio = clamp_ratio(p.batches_done as f64 / p.batches.max(1) as f64);
    let words: Vec<String> = if t.phase == Phase::Paused {
        vec![format!("epoch {} paused", p.epoch)]
    } else if t.running() {
        let per_batch = p.elapsed.as_secs_f64() / p.batches_done.max(1) as f64;
        let validation = t.history.last().map_or(0.0, |e| e.validation_seconds);
        // In slow motion the pace, not the computing, sets the time.
        let remaining = if t.slow {
            (1.0 - ratio) * SLOW_EPOCH_MS as f64 / 1000.0
        } else {
            per_batch * p.batches.saturating_sub(p.batches_done) as f64
        };
        let (head, eta) = (
            format!("epoch {} {:>3.0}%", p.epoch, ratio * 100.0),
            duration(remaining + validation),
        );
        let rate = format!("{} ex/s", short(p.examples_per_s));
        vec![
            format!("{head} · {rate} · epoch ETA {eta}"),
            format!("{head} · {rate} · ETA {eta}"),
            format!("{head} · ETA {eta}"),
            head,
        ]
    } else {
        return Line::from("");
    };
    let width = width as usize;
    let text = words
        .iter()
        .find(|w| w.chars().count() + 1 + MIN_BAR <= width)
        .or(words.last())
        .cloned()
        .unwrap_or_default();
    let room = width.saturating_sub(text.chars().count() + 1);
    let filled = (room as f64 * ratio).round() as usize;
    Line::from(vec![
        Span::raw(text),
        Span::raw(" "),
        Span::styled("━".repeat(filled), theme::train()),
        Span::styled("─".repeat(room - filled), theme::dim()),
    ])
}

/// `seed_here`: the settings (and their seed) are not on screen, the
/// weights are in their place: the seed goes on the data's line.
pub fn draw_run(frame: &mut Frame, rest: Rect, t: &TrainScreen, ctx: &Ctx, seed_here: bool) {
    let [progress, best, patience_area, dead, guess, sizes, batch] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(rest);
    frame.render_widget(Paragraph::new(progress_line(t, progress.width)), progress);
    let best_line = match &t.best {
        Some((epoch, m, _)) => Line::from(format!(
            "best: epoch {epoch}, val cost {:.4}, {}",
            m.cost,
            percent(m.accuracy)
        )),
        None => Line::from("best: none yet").style(theme::dim()),
    };
    frame.render_widget(Paragraph::new(best_line), best);
    if let Some(last) = t.history.last() {
        frame.render_widget(Paragraph::new(patience_line(t, ctx)), patience_area);
        frame.render_widget(Paragraph::new(dead_line(last)), dead);
    }
    if let Some(s) = &t.sample {
        let mut spans = vec![Span::styled(
            format!("test digit {}: ", s.label),
            theme::dim(),
        )];
        spans.extend(sample_guess(t).spans);
        frame.render_widget(Paragraph::new(Line::from(spans)), guess);
    }
    frame.render_widget(
        Paragraph::new(Line::from(sizes_line(t, seed_here, sizes.width)).style(theme::dim())),
        sizes,
    );
    // With the room, the followed digit beside the batch costs.
    let sample_w = if batch.height >= 4 && batch.width >= 48 {
        16
    } else {
        0
    };
    let [batch, sample_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(sample_w)]).areas(batch);
    draw_sample(frame, sample_area, t);
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

fn patience_line(t: &TrainScreen, ctx: &Ctx) -> Line<'static> {
    let (patience, gain) = t
        .settings
        .as_ref()
        .map_or((ctx.config.patience, ctx.config.patience_buffer), |s| {
            (s.patience, s.patience_buffer)
        });
    let flat = t.history.last().map_or(0, |e| e.epochs_without_improvement);
    Line::from(format!("{flat} of {patience} epochs with no gain > {gain}")).style(if flat > 0 {
        theme::warn()
    } else {
        theme::dim()
    })
}

fn dead_line(last: &crate::train::EpochStats) -> Line<'static> {
    let [a, b] = last.dead_units;
    let h = crate::network::HIDDEN1;
    Line::from(vec![
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
    ])
}

/// The data's sizes (with `seed_here`, the seed first, as room allows),
/// or (more telling) slow motion or a continued run.
fn sizes_line(t: &TrainScreen, seed_here: bool, width: u16) -> String {
    let slow = t.slow.then(|| super::keys::pace_note(t.pace, true));
    match (t.continued, slow, t.sizes) {
        (true, Some(_), _) => format!("continuing from earlier weights · {SLOW_MOTION}"),
        (true, None, _) => "continuing from earlier weights".into(),
        (false, Some(note), _) => note,
        (false, None, Some((a, b, c))) => {
            let seed = t.seed.filter(|_| seed_here).map(|s| format!("seed {s} · "));
            let seed = seed.unwrap_or_default();
            let long = format!("{seed}{a} train · {b} val · {c} test images");
            if long.chars().count() <= width as usize {
                long
            } else {
                format!("{seed}{a} train · {b} val")
            }
        }
        (false, None, None) => String::new(),
    }
}
