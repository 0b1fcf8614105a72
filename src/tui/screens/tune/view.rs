//! Drawing the Tune screen: the sweep's progress, the ranking and the
//! heatmap of one learning rate's beta1 x beta2 grid.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Gauge, Paragraph, Row, Table, TableState, Wrap};

use super::state::{Phase, TuneScreen};
use crate::fmt::{duration, percent};
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::clamp_ratio;
use crate::tune::stats::ConfigStats;
use crate::tune::{Hyper, Sweep};

pub fn draw(t: &TuneScreen, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let configured = Sweep::from_config(&ctx.config);
    let changed = t.settings_changed(&configured);
    let sweep = t.sweep.clone().unwrap_or(configured);
    let map_height = sweep.beta1.len() as u16 + 3;
    let [status, table_area, map_area] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Min(5),
        Constraint::Length(map_height),
    ])
    .areas(area);
    draw_status(frame, status, t, &sweep, changed);
    let ranked = t.ranked();
    draw_table(frame, table_area, t, &ranked);
    draw_heatmap(frame, map_area, t, &sweep, &ranked);
}

/// What the gauge says: where the sweep is and what `s` will do.
fn status_label(t: &TuneScreen, sweep: &Sweep, total: usize, changed: bool) -> String {
    let done = t.done_before + t.done_now;
    let rate = t.done_now as f64 / t.elapsed.as_secs_f64().max(1e-9);
    match t.phase {
        Phase::Running | Phase::Stopping => {
            let eta = if t.done_now > 0 {
                duration(total.saturating_sub(done) as f64 / rate)
            } else {
                "…".into()
            };
            format!(
                "{done}/{total} trials · {rate:.1}/s · {} elapsed · ETA {eta}",
                duration(t.elapsed.as_secs_f64())
            )
        }
        // config.ron changed under a shown sweep: `s` does not resume it.
        _ if changed => {
            let kept = match done {
                0 => "its trials.csv is set aside".to_string(),
                1 => "the 1 earlier trial is set aside".to_string(),
                n => format!("the {n} earlier trials are set aside"),
            };
            format!("settings changed: s starts a new sweep; {kept} as trials-<time>.csv")
        }
        Phase::Idle if done == 0 => format!(
            "{} configurations x {} seeds = {total} trials; s starts",
            sweep.configs().len(),
            sweep.seeds
        ),
        Phase::Idle if done >= total => format!("all {total} trials done earlier"),
        Phase::Idle => format!("{done}/{total} trials done earlier; s resumes"),
        Phase::Finished if done >= total => {
            format!(
                "all {total} trials done · {} this run",
                duration(t.elapsed.as_secs_f64())
            )
        }
        Phase::Finished => format!("stopped at {done}/{total} trials; s resumes"),
    }
}

fn draw_status(frame: &mut Frame, area: Rect, t: &TuneScreen, sweep: &Sweep, changed: bool) {
    let block = Block::bordered()
        .title(" sweep ")
        .border_style(theme::border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [line1, line2] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let total = if t.total > 0 {
        t.total
    } else {
        sweep.trials().len()
    };
    let done = t.done_before + t.done_now;
    let label = status_label(t, sweep, total, changed);
    let ratio = clamp_ratio(done as f64 / total.max(1) as f64);
    frame.render_widget(
        Gauge::default()
            .gauge_style(theme::train())
            .ratio(ratio)
            .label(label),
        line1,
    );
    let info = match (&t.message, t.phase) {
        (_, Phase::Running | Phase::Stopping) if changed => Line::from(
            "config.ron changed: this sweep keeps its settings; once it stops, s starts a new one",
        )
        .style(theme::warn()),
        (Some(m), _) => Line::from(m.clone()).style(theme::warn()),
        (None, _) if changed => Line::from(
            "the table shows the earlier sweep; config.ron now describes another grid or settings",
        )
        .style(theme::warn()),
        (None, Phase::Running | Phase::Stopping) => {
            let busy = t.busy.iter().filter(|b| b.is_some()).count();
            let what = if t.phase == Phase::Stopping {
                "stopping… "
            } else {
                ""
            };
            Line::from(format!(
                "{what}{busy}/{} workers busy · each trial ≤{} epochs, patience {} · ranked on validation",
                t.workers, sweep.max_epochs, sweep.patience
            ))
            .style(theme::dim())
        }
        _ => Line::from(format!(
            "each trial ≤{} epochs, patience {}, batch {} · ranked on validation · saves/tuner/",
            sweep.max_epochs, sweep.patience, sweep.batch_size
        ))
        .style(theme::dim()),
    };
    frame.render_widget(Paragraph::new(info).wrap(Wrap { trim: true }), line2);
}

fn draw_table(frame: &mut Frame, area: Rect, t: &TuneScreen, ranked: &[ConfigStats]) {
    let header = Row::new([
        "#",
        "beta1",
        "beta2",
        "lr",
        "val cost ± std",
        "best run",
        "val acc",
        "min acc",
        "seeds",
    ])
    .style(theme::dim().add_modifier(Modifier::BOLD));
    let rows = ranked.iter().enumerate().map(|(i, c)| {
        let cost = match (c.mean_cost.is_finite(), c.std_cost) {
            (false, _) => "diverged".into(),
            (true, Some(std)) => format!("{:.4}±{std:.4}", c.mean_cost),
            // One seed has no spread.
            (true, None) => format!("{:.4}±-", c.mean_cost),
        };
        let best = if c.best_cost.is_finite() {
            format!("{} {:.4}", c.best_seed, c.best_cost)
        } else {
            "-".into()
        };
        let seeds = if c.diverged > 0 {
            format!("{}/{} ({}✖)", c.done, c.seeds, c.diverged)
        } else {
            format!("{}/{}", c.done, c.seeds)
        };
        Row::new([
            Cell::from((i + 1).to_string()),
            Cell::from(c.hyper.beta1.to_string()),
            Cell::from(c.hyper.beta2.to_string()),
            Cell::from(c.hyper.learning_rate.to_string()),
            Cell::from(cost),
            Cell::from(best),
            Cell::from(if c.mean_accuracy.is_finite() {
                percent(c.mean_accuracy)
            } else {
                "-".into()
            }),
            Cell::from(if c.worst_accuracy.is_finite() {
                percent(c.worst_accuracy)
            } else {
                "-".into()
            }),
            Cell::from(seeds),
        ])
    });
    let widths = [
        Constraint::Length(3),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(7),
        Constraint::Length(14),
        Constraint::Length(10),
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Length(9),
    ];
    let title = format!(
        " configurations, best first by {} (o: change) ",
        t.sort.0.name()
    );
    let table = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(theme::selected())
        .column_spacing(1)
        .block(Block::bordered().title(title).border_style(theme::border()));
    let mut state =
        TableState::default().with_selected((!ranked.is_empty()).then(|| t.selected_row(ranked)));
    if ranked.is_empty() {
        let empty = Paragraph::new("no results yet: press s to start the sweep")
            .style(theme::dim())
            .block(
                Block::bordered()
                    .title(" configurations ")
                    .border_style(theme::border()),
            );
        frame.render_widget(empty, area);
        return;
    }
    frame.render_stateful_widget(table, area, &mut state);
}

/// Green (low cost) through yellow to red (high), on the 256-colour cube.
fn heat(r: f64) -> Color {
    const RAMP: [u8; 9] = [46, 82, 118, 154, 190, 226, 214, 208, 196];
    let i = if r.is_finite() {
        (r.clamp(0.0, 1.0) * (RAMP.len() - 1) as f64).round() as usize
    } else {
        8
    };
    Color::Indexed(RAMP[i])
}

fn draw_heatmap(
    frame: &mut Frame,
    area: Rect,
    t: &TuneScreen,
    sweep: &Sweep,
    ranked: &[ConfigStats],
) {
    let map_lr = t.heatmap_lr();
    let lr = sweep.learning_rate.get(map_lr).copied().unwrap_or(0.0);
    // The extra axes (weight decay, augmentation) of the selected row.
    let extras = ranked
        .get(t.selected_row(ranked))
        .map_or(Hyper::adam(0.0, 0.0, 0.0), |c| c.hyper);
    let point = |b1: f32, b2: f32| Hyper {
        beta1: b1,
        beta2: b2,
        learning_rate: lr,
        ..extras
    };
    let cost = |b1: f32, b2: f32| {
        let want = point(b1, b2).bits();
        ranked
            .iter()
            .find(|c| c.hyper.bits() == want)
            .map(|c| c.mean_cost)
    };
    let values: Vec<f64> = ranked
        .iter()
        .map(|c| c.mean_cost)
        .filter(|v| v.is_finite())
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let selected = ranked.get(t.selected_row(ranked)).map(|c| c.hyper.bits());
    let mut lines = vec![Line::from(
        std::iter::once(Span::styled(format!("{:>6} ", "b1\\b2"), theme::dim()))
            .chain(
                sweep
                    .beta2
                    .iter()
                    .map(|b2| Span::styled(format!("{b2:^8}"), theme::dim())),
            )
            .collect::<Vec<_>>(),
    )];
    for &b1 in &sweep.beta1 {
        let mut spans = vec![Span::styled(format!("{b1:>6} "), theme::dim())];
        for &b2 in &sweep.beta2 {
            let here = Some(point(b1, b2).bits()) == selected;
            let span = match cost(b1, b2) {
                Some(c) if c.is_finite() => {
                    let r = if hi > lo { (c - lo) / (hi - lo) } else { 0.0 };
                    let mut style = Style::new().bg(heat(r)).fg(Color::Black);
                    if here {
                        style = style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
                    }
                    Span::styled(format!("{c:^8.4}"), style)
                }
                Some(_) => Span::styled(
                    format!("{:^8}", "✖"),
                    Style::new().bg(heat(f64::NAN)).fg(Color::Black),
                ),
                None => Span::styled(format!("{:^8}", "·"), theme::dim()),
            };
            spans.push(span);
        }
        lines.push(Line::from(spans));
    }
    let title = format!(
        " mean val cost by beta1 x beta2 at learning rate {lr} (← →: {}/{}) ",
        map_lr + 1,
        sweep.learning_rate.len()
    );
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title).border_style(theme::border())),
        area,
    );
}
