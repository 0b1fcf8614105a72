//! Drawing the Tune screen: the sweep's progress, the ranking (or, before
//! any result, the grid to sweep) and the heatmap of one learning rate's
//! β1 x β2 grid.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Gauge, Paragraph, Row, Table, TableState, Wrap};

use super::grid;
use super::heatmap::{self, Scale};
use super::lr_chart;
use super::state::{Phase, TuneScreen};
use crate::fmt::{duration, percent};
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::clamp_ratio;
use crate::tune::Sweep;
use crate::tune::stats::ConfigStats;

pub fn draw(t: &TuneScreen, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let configured = Sweep::from_config(&ctx.config);
    let changed = t.settings_changed(&configured);
    let sweep = t.sweep.clone().unwrap_or(configured);
    // Header, beta1 rows and the legend, in a border.
    // Short windows: one legend line and a shorter status, for table rows.
    let short = area.height < 30;
    let map_height = sweep.beta1.len() as u16 + if short { 4 } else { 5 };
    let map_width = (8 + 8 * sweep.beta2.len() as u16 + 2).max(44);
    let [status, body] = Layout::vertical([
        Constraint::Length(if short { 4 } else { 5 }),
        Constraint::Min(5),
    ])
    .areas(area);
    draw_status(frame, status, t, &sweep, changed, ctx);
    let draw_table = |frame: &mut Frame, area: Rect, ranked: &[ConfigStats]| {
        if ranked.is_empty() {
            grid::draw(frame, area, &sweep, ctx);
        } else {
            draw_table(frame, area, t, ranked);
        }
    };
    let ranked = t.ranked();
    let map_lr = sweep.learning_rate.get(t.heatmap_lr()).copied();
    // Wide: the table on the left, the heatmap and the chart beside it;
    // otherwise heatmap and chart side by side under the table.
    if area.width >= 150 {
        let [table_area, side] =
            Layout::horizontal([Constraint::Min(80), Constraint::Length(map_width.max(60))])
                .areas(body);
        let [map_area, chart_area] =
            Layout::vertical([Constraint::Length(map_height), Constraint::Min(0)]).areas(side);
        draw_table(frame, table_area, &ranked);
        heatmap::draw(frame, map_area, t, &sweep, &ranked);
        lr_chart::draw(frame, chart_area, &sweep, &ranked, map_lr);
    } else {
        // Room for the chart too when the window is tall.
        let bottom_h = if body.height >= 30 {
            map_height.max(body.height * 2 / 5)
        } else {
            map_height
        };
        let [table_area, bottom] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(bottom_h)]).areas(body);
        let [map_area, chart_area] =
            Layout::horizontal([Constraint::Length(map_width), Constraint::Min(0)]).areas(bottom);
        draw_table(frame, table_area, &ranked);
        heatmap::draw(frame, map_area, t, &sweep, &ranked);
        lr_chart::draw(frame, chart_area, &sweep, &ranked, map_lr);
    }
}

/// What the gauge says: where the sweep is and what `s` will do.
fn status_label(
    t: &TuneScreen,
    sweep: &Sweep,
    (total, changed, width): (usize, bool, u16),
    ctx: &Ctx,
) -> String {
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
            let long =
                format!("settings changed: s starts a new sweep; {kept} as trials-<time>.csv");
            if long.chars().count() <= width as usize {
                long
            } else {
                "settings changed: s starts a new sweep; the old trials are set aside".into()
            }
        }
        Phase::Idle if done == 0 => {
            let grid = format!(
                "{} configurations x {} seeds = {total} trials",
                sweep.configs().len(),
                sweep.seeds
            );
            let long = format!(
                "{grid}, {}; s starts",
                grid::estimate_words(sweep, total, ctx)
            );
            if long.chars().count() <= width as usize {
                long
            } else {
                format!("{grid}; s starts")
            }
        }
        Phase::Idle if done >= total => format!("all {total} trials done earlier"),
        Phase::Idle => format!(
            "{done}/{total} trials done earlier; s resumes ({} left)",
            grid::estimate_words(sweep, total - done, ctx)
        ),
        Phase::Finished if done >= total => {
            format!(
                "all {total} trials done · {} this run",
                duration(t.elapsed.as_secs_f64())
            )
        }
        Phase::Finished => format!("stopped at {done}/{total} trials; s resumes"),
    }
}

fn draw_status(
    frame: &mut Frame,
    area: Rect,
    t: &TuneScreen,
    sweep: &Sweep,
    changed: bool,
    ctx: &Ctx,
) {
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
    let label = status_label(t, sweep, (total, changed, line1.width), ctx);
    let ratio = clamp_ratio(done as f64 / total.max(1) as f64);
    frame.render_widget(
        Gauge::default()
            .gauge_style(theme::train())
            .ratio(ratio)
            .label(label),
        line1,
    );
    // The longest wording that fits: a short window has one row for it.
    let fit = |long: String, short: String| {
        let rows = line2.height.max(1) as usize;
        if long.chars().count() <= line2.width as usize * rows {
            long
        } else {
            short
        }
    };
    let config_error = ctx.config_error.as_deref().and_then(|e| e.lines().next());
    let info = match (&t.message, t.phase) {
        _ if config_error.is_some() => Line::from(format!(
            "{} (last good settings kept)",
            config_error.unwrap_or_default()
        ))
        .style(theme::error()),
        (Some(m), _) => Line::from(m.clone()).style(theme::warn()),
        _ if t.config_note.is_some() => {
            Line::from(t.config_note.clone().unwrap_or_default()).style(theme::warn())
        }
        (_, Phase::Running | Phase::Stopping) if changed => Line::from(fit(
            "config.ron changed: this sweep keeps its settings; once it stops, s starts a new one"
                .into(),
            "config.ron changed: after this sweep, s starts a new one".into(),
        ))
        .style(theme::warn()),
        (None, _) if changed => Line::from(fit(
            "the table shows the earlier sweep; config.ron now describes another grid or settings"
                .into(),
            "the table shows the earlier sweep; config.ron now differs".into(),
        ))
        .style(theme::warn()),
        (None, Phase::Running | Phase::Stopping) => {
            let busy = t.busy.iter().filter(|b| b.is_some()).count();
            let what = if t.phase == Phase::Stopping {
                "stopping… "
            } else {
                ""
            };
            let each = format!(
                "{what}{busy}/{} workers busy · each trial ≤{} epochs, patience {}",
                t.workers, sweep.max_epochs, sweep.patience
            );
            Line::from(fit(format!("{each} · ranked on validation"), each)).style(theme::dim())
        }
        _ => {
            let each = format!(
                "each trial ≤{} epochs, patience {}, batch {} · ranked on validation",
                sweep.max_epochs, sweep.patience, sweep.batch_size
            );
            Line::from(fit(format!("{each} · {}", ctx.tuner_dir), each)).style(theme::dim())
        }
    };
    frame.render_widget(Paragraph::new(info).wrap(Wrap { trim: true }), line2);
}

/// Columns beyond the first nine, as the width allows: mean test accuracy
/// (reported, never ranked on), then a bar of the mean cost.
fn extra_columns(width: u16) -> (bool, u16) {
    let base = 3 + 5 + 6 + 7 + 14 + 10 + 7 + 7 + 9 + 8 + 2;
    let test = width >= base + 9;
    let bar = width.saturating_sub(base + if test { 9 } else { 0 } + 1);
    (test, if bar >= 12 { bar.min(40) } else { 0 })
}

fn draw_table(frame: &mut Frame, area: Rect, t: &TuneScreen, ranked: &[ConfigStats]) {
    let (test_col, bar_w) = extra_columns(area.width);
    // A grid with the extra axes (weight decay, augmentation) shows them.
    let extras = ranked.iter().any(|c| !c.hyper.extras().is_empty());
    let mut names = vec!["#", "β1", "β2", "lr"];
    if extras {
        names.push("wd aug");
    }
    names.extend(["val cost ± std", "best run", "val acc", "min acc", "seeds"]);
    if test_col {
        names.push("test acc");
    }
    if bar_w > 0 {
        names.push("mean val cost");
    }
    let header = Row::new(names).style(theme::dim().add_modifier(Modifier::BOLD));
    let scale = Scale::of(ranked.iter());
    let chosen = t.selected_row(ranked);
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
        let mut cells = vec![
            Cell::from((i + 1).to_string()),
            Cell::from(c.hyper.beta1.to_string()),
            Cell::from(c.hyper.beta2.to_string()),
            Cell::from(c.hyper.learning_rate.to_string()),
        ];
        if extras {
            let aug = if c.hyper.augment { "on" } else { "off" };
            cells.push(Cell::from(format!("{} {aug}", c.hyper.weight_decay)));
        }
        cells.extend([
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
        ]);
        if test_col {
            cells.push(Cell::from(if c.mean_test_accuracy.is_finite() {
                percent(c.mean_test_accuracy)
            } else {
                "-".into()
            }));
        }
        if bar_w > 0 {
            // Off the selected row's highlight, which would paint it over.
            let plain = Style::new()
                .bg(ratatui::style::Color::Reset)
                .remove_modifier(Modifier::REVERSED);
            cells.push(Cell::from(cost_bar(c.mean_cost, &scale, bar_w)).style(plain));
        }
        // Not all seeds in yet: the mean may still move.
        let row = Row::new(cells);
        match (i == chosen, c.done < c.seeds) {
            (true, _) => row.style(theme::selected()),
            (false, true) => row.style(theme::dim()),
            (false, false) => row,
        }
    });
    let mut widths = vec![
        Constraint::Length(3),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(7),
    ];
    if extras {
        widths.push(Constraint::Length(8));
    }
    widths.extend([
        Constraint::Length(14),
        Constraint::Length(10),
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Length(9),
    ]);
    if test_col {
        widths.push(Constraint::Length(8));
    }
    if bar_w > 0 {
        // To the row's end: the selected row's highlight stops where the
        // bar's plain cell starts, with no highlighted stub beyond it.
        widths.push(Constraint::Min(bar_w));
    }
    let title = format!(
        " configurations, best first by {} (o: change) ",
        t.sort.0.name()
    );
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .block(
            Block::bordered()
                .title(title)
                .title_bottom(table_legend(area.width.saturating_sub(2)))
                .border_style(theme::border()),
        );
    // Selected for scrolling only: the row's style is its cells'.
    let mut state = TableState::default().with_selected(Some(chosen));
    frame.render_stateful_widget(table, area, &mut state);
}

/// Under the table: what "best run" and the dim rows mean, in plain
/// words, as long as the border allows.
fn table_legend(width: u16) -> Line<'static> {
    let long = " best run: the seed (random start) that got the lowest val cost, and that cost · dim: not all seeds done yet ";
    let short = " best run: seed with the lowest val cost, and that cost · dim: seeds to come ";
    let text = if long.chars().count() <= width as usize {
        long
    } else {
        short
    };
    Line::from(text).style(theme::dim())
}

/// A bar of `cost` within lo..hi, a quarter of the width at the lowest,
/// coloured like the heatmap (plain where the differences are noise).
fn cost_bar(cost: f64, scale: &Scale, width: u16) -> Line<'static> {
    if !cost.is_finite() {
        return Line::from("✖ diverged").style(theme::error());
    }
    let r = if scale.hi > scale.lo {
        (cost - scale.lo) / (scale.hi - scale.lo)
    } else {
        0.0
    };
    let cells = (width as f64 * (0.25 + 0.75 * r)).round().max(1.0) as usize;
    let style = match scale.ratio(cost) {
        Some(r) if theme::colour() => Style::new().fg(theme::heat(r)),
        _ => Style::new(),
    };
    // Not full height: rows stay apart.
    Line::from(Span::styled("▆".repeat(cells.min(width as usize)), style))
}
