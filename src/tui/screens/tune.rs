//! The Tune screen: the sweep over Adam's settings, its progress, a live
//! ranking of configurations, and a heatmap of the grid.

use std::time::Duration;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Gauge, Paragraph, Row, Table, TableState, Wrap};

use crate::cli::percent;
use crate::tui::app::{App, Command};
use crate::tui::keys::{Binding, Key, lookup};
use crate::tui::theme;
use crate::tune::stats::{self, ConfigStats, SortBy};
use crate::tune::{Hyper, Sweep, SweepEvent, TrialKey, TrialResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    StartStop,
    Up,
    Down,
    PageUp,
    PageDown,
    Sort,
    LearningRate,
    Apply,
}

pub const KEYS: &[Binding<Action>] = &[
    Binding {
        keys: &[Key::char('s')],
        label: "s",
        short: "start/stop",
        help: "start the sweep, or stop it (finished trials are kept; s resumes)",
        action: Action::StartStop,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Up), Key::char('k')],
        label: "↑ ↓",
        short: "select",
        help: "select a configuration (also k/j; PgUp/PgDn a page)",
        action: Action::Up,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Down), Key::char('j')],
        label: "",
        short: "",
        help: "",
        action: Action::Down,
    },
    Binding {
        keys: &[Key::plain(KeyCode::PageUp), Key::plain(KeyCode::Home)],
        label: "",
        short: "",
        help: "",
        action: Action::PageUp,
    },
    Binding {
        keys: &[Key::plain(KeyCode::PageDown), Key::plain(KeyCode::End)],
        label: "",
        short: "",
        help: "",
        action: Action::PageDown,
    },
    Binding {
        keys: &[Key::char('o')],
        label: "o",
        short: "order",
        help: "order by mean val cost, mean val accuracy, or cost spread over seeds",
        action: Action::Sort,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Left), Key::plain(KeyCode::Right)],
        label: "← →",
        short: "map lr",
        help: "heatmap: previous / next learning rate",
        action: Action::LearningRate,
    },
    Binding {
        keys: &[Key::char('a')],
        label: "a",
        short: "apply",
        help: "write the selected beta1, beta2, learning rate and best seed into config.ron (ranked on short runs set by config.ron's tuner section; full training may favour another)",
        action: Action::Apply,
    },
];

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Phase {
    #[default]
    Idle,
    Running,
    Stopping,
    Finished,
}

#[derive(Debug, Default)]
pub struct TuneState {
    pub phase: Phase,
    pub run: u64,
    /// The sweep being run or shown (None: the config's, not started).
    pub sweep: Option<Sweep>,
    pub results: Vec<TrialResult>,
    pub total: usize,
    /// Trials already done when this run started, and done by it since.
    pub done_before: usize,
    pub done_now: usize,
    pub elapsed: Duration,
    pub workers: usize,
    /// What each worker is training.
    pub busy: Vec<Option<TrialKey>>,
    pub message: Option<String>,
    pub sort: SortByCell,
    pub selected: usize,
    /// Learning rate (index into the sweep's) the heatmap shows when chosen
    /// with left/right; None: the selected row's.
    pub map_lr: Option<usize>,
}

/// `SortBy` with a default, so `TuneState` can derive `Default`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortByCell(pub SortBy);

impl Default for SortByCell {
    fn default() -> Self {
        SortByCell(SortBy::Cost)
    }
}

impl TuneState {
    pub fn running(&self) -> bool {
        matches!(self.phase, Phase::Running | Phase::Stopping)
    }

    /// Configurations ranked as chosen.
    pub fn ranked(&self) -> Vec<ConfigStats> {
        let Some(sweep) = &self.sweep else {
            return Vec::new();
        };
        let mut s = stats::by_config(sweep, &self.results);
        stats::rank(&mut s, self.sort.0);
        s
    }

    fn record(&mut self, r: TrialResult) {
        match self
            .results
            .iter_mut()
            .find(|x| x.key.bits() == r.key.bits())
        {
            Some(x) if x.status.is_final() && !r.status.is_final() => {}
            Some(x) => *x = r,
            None => self.results.push(r),
        }
    }

    /// Results of an earlier sweep of the same grid, found at start or after
    /// a config change; `note` says why there are none.
    pub fn loaded(&mut self, sweep: Sweep, results: Vec<TrialResult>, note: Option<String>) {
        if self.running() {
            return;
        }
        self.total = sweep.trials().len();
        self.done_before = results.iter().filter(|r| r.status.is_final()).count();
        self.done_now = 0;
        self.sweep = Some(sweep);
        self.results = results;
        self.message = note;
    }

    /// Forgets the shown sweep (its grid is no longer the configured one).
    pub fn clear(&mut self) {
        *self = TuneState {
            run: self.run,
            sort: self.sort,
            ..TuneState::default()
        };
    }

    pub fn on_event(&mut self, run: u64, elapsed: Duration, event: SweepEvent) {
        if run != self.run {
            return;
        }
        self.elapsed = elapsed;
        match event {
            SweepEvent::Started {
                total,
                done,
                workers,
                message,
            } => {
                self.total = total;
                self.done_before = done;
                self.workers = workers;
                self.busy = vec![None; workers];
                self.message = message;
            }
            SweepEvent::Resumed(results) => self.results = results,
            SweepEvent::TrialStarted { key, worker } => {
                if let Some(slot) = self.busy.get_mut(worker) {
                    *slot = Some(key);
                }
            }
            SweepEvent::TrialDone(r) => {
                for slot in &mut self.busy {
                    if slot.is_some_and(|k| k.bits() == r.key.bits()) {
                        *slot = None;
                    }
                }
                if r.status.is_final() {
                    self.done_now += 1;
                }
                self.record(r);
            }
            SweepEvent::Finished { .. } => {
                self.phase = Phase::Finished;
                self.busy.clear();
            }
        }
    }

    fn selected_hyper(&self) -> Option<(Hyper, u64)> {
        self.ranked()
            .get(self.selected)
            .map(|c| (c.hyper, c.best_seed))
    }

    /// The learning rate the heatmap shows (index into the sweep's).
    pub fn heatmap_lr(&self) -> usize {
        if let Some(i) = self.map_lr {
            return i;
        }
        match (self.selected_hyper(), &self.sweep) {
            (Some((h, _)), Some(sweep)) => sweep
                .learning_rate
                .iter()
                .position(|lr| lr.to_bits() == h.learning_rate.to_bits())
                .unwrap_or(0),
            _ => 0,
        }
    }
}

pub fn handle_key(app: &mut App, key: &KeyEvent) -> Vec<Command> {
    let Some(action) = lookup(KEYS, key) else {
        return Vec::new();
    };
    let rows = app.tune.ranked().len();
    let t = &mut app.tune;
    match action {
        Action::StartStop if t.running() => {
            t.phase = Phase::Stopping;
            return vec![Command::StopSweep];
        }
        Action::StartStop => {
            if app.data.ready().is_none() {
                app.warn("MNIST is not loaded yet");
                return Vec::new();
            }
            if app.train.running() {
                app.warn("training is running: stop it first (F1, s)");
                return Vec::new();
            }
            let sweep = Sweep::from_config(&app.config);
            if t.sweep.as_ref() != Some(&sweep) {
                // Another grid or other settings: the old table does not apply.
                t.results.clear();
                t.selected = 0;
            }
            t.run += 1;
            t.phase = Phase::Running;
            t.done_now = 0;
            t.elapsed = Duration::ZERO;
            t.message = None;
            t.sweep = Some(sweep);
            return vec![Command::StartSweep {
                run: t.run,
                config: Box::new(app.config.clone()),
            }];
        }
        Action::Up => t.selected = t.selected.saturating_sub(1),
        Action::Down => t.selected = (t.selected + 1).min(rows.saturating_sub(1)),
        Action::PageUp => {
            t.selected = if key.code == KeyCode::Home {
                0
            } else {
                t.selected.saturating_sub(10)
            }
        }
        Action::PageDown => {
            t.selected = if key.code == KeyCode::End {
                rows
            } else {
                t.selected + 10
            }
            .min(rows.saturating_sub(1))
        }
        Action::Sort => {
            t.sort = SortByCell(t.sort.0.next());
            t.selected = 0;
            let name = t.sort.0.name();
            app.say(format!("ordered by {name}"));
        }
        Action::LearningRate => {
            let n = t.sweep.as_ref().map_or(1, |s| s.learning_rate.len()).max(1);
            let now = t.heatmap_lr();
            t.map_lr = Some(if key.code == KeyCode::Left {
                (now + n - 1) % n
            } else {
                (now + 1) % n
            });
            return Vec::new();
        }
        Action::Apply => {
            return match t.selected_hyper() {
                Some((hyper, seed)) => vec![Command::ApplyHyper { hyper, seed }],
                None => {
                    app.warn("no configuration to apply yet");
                    Vec::new()
                }
            };
        }
    }
    // Moving the selection makes the heatmap follow it again.
    app.tune.map_lr = None;
    Vec::new()
}

// ---- drawing ----

/// "2m05s".
fn clock(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{:.0}s", d.as_secs_f64())
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.tune;
    let sweep = t
        .sweep
        .clone()
        .unwrap_or_else(|| Sweep::from_config(&app.config));
    let map_height = sweep.beta1.len() as u16 + 3;
    let [status, table_area, map_area] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Min(5),
        Constraint::Length(map_height),
    ])
    .areas(area);
    draw_status(frame, status, app, &sweep);
    let ranked = t.ranked();
    draw_table(frame, table_area, t, &ranked);
    draw_heatmap(frame, map_area, t, &sweep, &ranked);
}

fn draw_status(frame: &mut Frame, area: Rect, app: &App, sweep: &Sweep) {
    let t = &app.tune;
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
    let rate = t.done_now as f64 / t.elapsed.as_secs_f64().max(1e-9);
    let label = match t.phase {
        Phase::Idle if done == 0 => format!(
            "{} configurations x {} seeds = {total} trials; s starts",
            sweep.configs().len(),
            sweep.seeds
        ),
        Phase::Idle if done >= total => format!("all {total} trials done earlier"),
        Phase::Idle => format!("{done}/{total} trials done earlier; s resumes"),
        Phase::Running | Phase::Stopping => {
            let eta = if t.done_now > 0 {
                clock(Duration::from_secs_f64((total - done) as f64 / rate))
            } else {
                "…".into()
            };
            format!(
                "{done}/{total} trials · {rate:.1}/s · {} elapsed · ETA {eta}",
                clock(t.elapsed)
            )
        }
        Phase::Finished if done >= total => {
            format!("all {total} trials done · {} this run", clock(t.elapsed))
        }
        Phase::Finished => format!("stopped at {done}/{total} trials; s resumes"),
    };
    let ratio = crate::tui::screens::train::clamp_ratio(done as f64 / total.max(1) as f64);
    frame.render_widget(
        Gauge::default()
            .gauge_style(theme::train())
            .ratio(ratio)
            .label(label),
        line1,
    );
    let info = match (&t.message, t.phase) {
        (Some(m), _) => Line::from(m.clone()).style(theme::warn()),
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

fn draw_table(frame: &mut Frame, area: Rect, t: &TuneState, ranked: &[ConfigStats]) {
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
        let cost = if c.mean_cost.is_finite() {
            format!("{:.4}±{:.4}", c.mean_cost, c.std_cost)
        } else {
            "diverged".into()
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
    let mut state = TableState::default()
        .with_selected((!ranked.is_empty()).then_some(t.selected.min(ranked.len() - 1)));
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
    t: &TuneState,
    sweep: &Sweep,
    ranked: &[ConfigStats],
) {
    let map_lr = t.heatmap_lr();
    let lr = sweep.learning_rate.get(map_lr).copied().unwrap_or(0.0);
    let cost = |b1: f32, b2: f32| {
        ranked
            .iter()
            .find(|c| {
                c.hyper.beta1.to_bits() == b1.to_bits()
                    && c.hyper.beta2.to_bits() == b2.to_bits()
                    && c.hyper.learning_rate.to_bits() == lr.to_bits()
            })
            .map(|c| c.mean_cost)
    };
    let values: Vec<f64> = ranked
        .iter()
        .map(|c| c.mean_cost)
        .filter(|v| v.is_finite())
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let selected = ranked.get(t.selected).map(|c| c.hyper.bits());
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
            let here = Some(
                Hyper {
                    beta1: b1,
                    beta2: b2,
                    learning_rate: lr,
                }
                .bits(),
            ) == selected;
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
