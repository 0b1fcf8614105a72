//! The Train screen: settings, live progress, cost and accuracy history.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, Gauge, GraphType, Paragraph, Sparkline, Wrap};

use crate::cli::{percent, plural};
use crate::config::Config;
use crate::eval::Metrics;
use crate::model_file::{ModelInfo, SavedModel};
use crate::network::Network;
use crate::train::{BatchProgress, EpochStats, Status, TrainEvent, TrainSettings, TrainSummary};
use crate::tui::app::{App, Command, DataState};
use crate::tui::keys::{Binding, Key, lookup};
use crate::tui::theme;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    StartStop,
    Pause,
    Save,
    Reset,
    ReloadConfig,
    ToggleChart,
    SlowMotion,
    Download,
}

pub const KEYS: &[Binding<Action>] = &[
    Binding {
        keys: &[Key::char('s')],
        label: "s",
        short: "start/stop",
        help: "start training, or stop it (the best epoch is kept)",
        action: Action::StartStop,
    },
    Binding {
        keys: &[Key::char('p'), Key::char(' ')],
        label: "p",
        short: "pause",
        help: "pause or resume training (also Space)",
        action: Action::Pause,
    },
    Binding {
        keys: &[Key::char('w')],
        label: "w",
        short: "save",
        help: "save the best model so far (a better one already saved is kept)",
        action: Action::Save,
    },
    Binding {
        keys: &[Key::char('r')],
        label: "r",
        short: "reset",
        help: "reset: the next start begins from a fresh random initialisation",
        action: Action::Reset,
    },
    Binding {
        keys: &[Key::char('c')],
        label: "c",
        short: "config",
        help: "reload config.ron after editing it (used from the next start)",
        action: Action::ReloadConfig,
    },
    Binding {
        keys: &[Key::char('v')],
        label: "v",
        short: "",
        help: "chart: toggle between the full history and the last 20 epochs",
        action: Action::ToggleChart,
    },
    Binding {
        keys: &[Key::char('z')],
        label: "z",
        short: "slow",
        help: "slow motion, about 3 s per epoch, to watch it learn",
        action: Action::SlowMotion,
    },
    Binding {
        keys: &[Key::char('d')],
        label: "d",
        short: "",
        help: "download MNIST (when it is missing)",
        action: Action::Download,
    },
];

/// Epoch length in slow motion, in milliseconds.
pub const SLOW_EPOCH_MS: u64 = 3000;

/// Epochs shown by the chart in "recent" mode.
const RECENT: usize = 20;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Phase {
    #[default]
    Idle,
    Starting,
    Running,
    Paused,
    Stopping,
    Finished,
}

#[derive(Debug, Default)]
pub struct TrainState {
    pub phase: Phase,
    /// Id of the current (or last) run; events of other runs are ignored.
    pub run: u64,
    pub seed: Option<u64>,
    pub sizes: Option<(usize, usize, usize)>,
    pub history: Vec<EpochStats>,
    /// Training cost of each progress report of the current epoch.
    pub batch_costs: Vec<f64>,
    pub progress: Option<BatchProgress>,
    pub best: Option<(usize, Metrics, Network)>,
    pub settings: Option<TrainSettings>,
    pub summary: Option<Box<TrainSummary>>,
    /// What happened to this run's model on saving, for the summary.
    pub saved: Option<String>,
    /// (run, best epoch) of the model last saved, so it is not saved twice.
    pub saved_marker: Option<(u64, usize)>,
    /// Weights the next start continues from (None: fresh initialisation).
    pub network: Option<Network>,
    /// Whether the current run continued from earlier weights.
    pub continued: bool,
    pub slow: bool,
    pub chart_full: bool,
    pub config_error: Option<String>,
    pub failure: Option<String>,
}

impl TrainState {
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Starting, running, paused or stopping: a worker is alive.
    pub fn running(&self) -> bool {
        matches!(
            self.phase(),
            Phase::Starting | Phase::Running | Phase::Paused | Phase::Stopping
        )
    }

    pub fn worker_failed(&mut self, message: &str) {
        self.failure = Some(message.to_string());
        self.phase = Phase::Finished;
    }

    pub fn on_event(&mut self, run: u64, event: TrainEvent, config: &Config) -> Vec<Command> {
        if run != self.run {
            return Vec::new();
        }
        match event {
            TrainEvent::Started {
                seed,
                train,
                validation,
                test,
                ..
            } => {
                self.seed = Some(seed);
                self.sizes = Some((train, validation, test));
                if self.phase() == Phase::Starting {
                    self.phase = Phase::Running;
                }
            }
            TrainEvent::Progress(p) => {
                if self
                    .progress
                    .as_ref()
                    .is_some_and(|old| old.epoch != p.epoch)
                {
                    self.batch_costs.clear();
                }
                self.batch_costs.push(p.cost);
                self.progress = Some(p);
            }
            TrainEvent::Snapshot { .. } => {}
            TrainEvent::Improved {
                epoch,
                validation,
                network,
            } => self.best = Some((epoch, validation, *network)),
            TrainEvent::Epoch(stats) => self.history.push(stats),
            TrainEvent::Finished(summary) => {
                self.phase = Phase::Finished;
                // Continue only from weights that finished an epoch (a
                // diverged run's latest weights may be NaN).
                self.network = (summary.best_epoch > 0).then(|| summary.network.clone());
                let mut cmds = Vec::new();
                if summary.best_epoch == 0 {
                    self.saved = Some("not saved: no epoch completed".into());
                } else if summary.status == Status::Diverged {
                    self.saved =
                        Some("not saved automatically (diverged); w saves the best epoch".into());
                } else if config.save_model {
                    self.saved = Some("saving…".into());
                    self.saved_marker = Some((run, summary.best_epoch));
                    cmds.push(Command::SaveModel {
                        model: Box::new(SavedModel::from_training(&summary)),
                        beside: false,
                    });
                } else {
                    self.saved = Some("not saved (save_model is false); w saves it".into());
                }
                self.summary = Some(summary);
                return cmds;
            }
        }
        Vec::new()
    }

    fn start(&mut self, config: &Config, start: Option<Network>) -> Command {
        self.run += 1;
        self.phase = Phase::Starting;
        self.continued = start.is_some();
        self.history.clear();
        self.batch_costs.clear();
        self.progress = None;
        self.best = None;
        self.summary = None;
        self.saved = None;
        self.failure = None;
        self.seed = config.seed;
        self.settings = Some(TrainSettings::from_config(config, config.seed.unwrap_or(0)));
        Command::StartTraining {
            run: self.run,
            config: Box::new(config.clone()),
            seed: config.seed,
            start: start.map(Box::new),
            slow: self.slow,
        }
    }

    /// The best model so far, as a model file would hold it.
    fn best_model(&self) -> Option<SavedModel> {
        if let Some(summary) = self.summary.as_ref().filter(|s| s.best_epoch > 0) {
            return Some(SavedModel::from_training(summary));
        }
        let (epoch, validation, network) = self.best.as_ref()?;
        Some(SavedModel {
            network: network.clone(),
            info: ModelInfo {
                origin: format!("trained by mnist-tui {}", env!("CARGO_PKG_VERSION")),
                trained_at: crate::files::utc_timestamp(std::time::SystemTime::now()),
                seed: self.seed,
                best_epoch: Some(*epoch),
                epochs_run: Some(self.history.len()),
                validation: Some(*validation),
                test: None,
                settings: self.settings.clone().map(|mut s| {
                    s.seed = self.seed.unwrap_or(s.seed);
                    s
                }),
            },
        })
    }
}

pub fn handle_key(app: &mut App, key: &KeyEvent) -> Vec<Command> {
    let Some(action) = lookup(KEYS, key) else {
        return Vec::new();
    };
    let t = &mut app.train;
    match action {
        Action::StartStop if t.running() => {
            if t.phase() != Phase::Stopping {
                t.phase = Phase::Stopping;
                return vec![Command::StopTraining];
            }
            Vec::new()
        }
        Action::StartStop => {
            if app.data.ready().is_none() {
                app.warn("MNIST is not loaded yet");
                return Vec::new();
            }
            // load_model: start from the model file, as `mnist-tui train` does.
            let from_file = match (&app.model.model, app.model.path == app.model_path) {
                (Ok(m), true) => Some(m.network.clone()),
                _ => None,
            };
            let start = app.train.network.clone().or(if app.config.load_model {
                from_file
            } else {
                None
            });
            if app.config.load_model && start.is_none() {
                let why = app.model.model.as_ref().err().cloned().unwrap_or_default();
                app.warn("load_model: no model to start from");
                app.train.failure = Some(format!(
                    "load_model is true but {} could not be loaded: {why}",
                    app.model_path.display()
                ));
                return Vec::new();
            }
            let config = app.config.clone();
            vec![app.train.start(&config, start)]
        }
        Action::Pause => match t.phase() {
            Phase::Running => {
                t.phase = Phase::Paused;
                vec![Command::SetPaused(true)]
            }
            Phase::Paused => {
                t.phase = Phase::Running;
                vec![Command::SetPaused(false)]
            }
            _ => {
                app.warn("not training: s starts");
                Vec::new()
            }
        },
        Action::Save => match t.best_model() {
            Some(model) if t.saved_marker == Some((t.run, model.info.best_epoch.unwrap_or(0))) => {
                app.say("this model is already saved");
                Vec::new()
            }
            Some(model) => {
                t.saved = Some("saving…".into());
                t.saved_marker = Some((t.run, model.info.best_epoch.unwrap_or(0)));
                vec![Command::SaveModel {
                    model: Box::new(model),
                    beside: true,
                }]
            }
            None => {
                app.warn("nothing to save: no epoch yet");
                Vec::new()
            }
        },
        Action::Reset if t.running() => {
            app.warn("stop training (s) before resetting");
            Vec::new()
        }
        Action::Reset => {
            *t = TrainState {
                run: t.run,
                chart_full: t.chart_full,
                slow: t.slow,
                config_error: t.config_error.take(),
                ..TrainState::default()
            };
            app.say("reset: next start is fresh");
            Vec::new()
        }
        Action::ReloadConfig => vec![Command::ReloadConfig],
        Action::ToggleChart => {
            t.chart_full = !t.chart_full;
            Vec::new()
        }
        Action::SlowMotion => {
            t.slow = !t.slow;
            app.say(if app.train.slow {
                "slow motion on"
            } else {
                "full speed"
            });
            vec![Command::SetSlow(app.train.slow)]
        }
        Action::Download => match app.data {
            DataState::Missing(_) | DataState::Failed(_) => {
                app.data = DataState::Downloading {
                    file: String::new(),
                    bytes: 0,
                    total: None,
                    failures: Vec::new(),
                };
                vec![Command::StartDownload]
            }
            _ => Vec::new(),
        },
    }
}

// ---- drawing ----

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    if app.data.ready().is_none() {
        // Without data the screen is about getting it: use all the room.
        draw_data_problem(frame, area, app);
        return;
    }
    let [top, bottom] = Layout::vertical([Constraint::Length(10), Constraint::Min(8)]).areas(area);
    let [settings, run] =
        Layout::horizontal([Constraint::Length(32), Constraint::Min(40)]).areas(top);
    draw_settings(frame, settings, app);
    draw_run(frame, run, app);
    draw_history(frame, bottom, &app.train);
}

fn kv(key: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{key:<14}"), theme::dim()),
        Span::raw(value.into()),
    ])
}

/// The settings of the run on screen, or (with none) of the next run.
fn draw_settings(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.train;
    if let Some(err) = &t.config_error {
        let block = Block::bordered()
            .title(format!(" {} has errors ", app.config_path.display()))
            .border_style(theme::error());
        let lines = vec![
            Line::from(err.clone()),
            Line::from("Fix it and press c.").style(theme::dim()),
        ];
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
            area,
        );
        return;
    }
    let from_run = t.phase() != Phase::Idle;
    let settings = match (&t.settings, from_run) {
        (Some(s), true) => s.clone(),
        _ => TrainSettings::from_config(&app.config, app.config.seed.unwrap_or(0)),
    };
    let decay = if settings.lr_decay < 1.0 {
        format!("×{} per epoch", settings.lr_decay)
    } else {
        "none".into()
    };
    let seed = match (from_run, t.seed, app.config.seed) {
        (true, Some(s), _) | (false, _, Some(s)) => s.to_string(),
        (true, None, _) => "being drawn".into(),
        (false, _, None) => "random at start".into(),
    };
    let lines = vec![
        kv("learning rate", settings.learning_rate.to_string()),
        kv("lr decay", decay),
        kv(
            "beta1, beta2",
            format!("{}, {}", settings.beta1, settings.beta2),
        ),
        kv("epsilon", format!("{:e}", settings.epsilon)),
        kv("batch size", settings.batch_size.to_string()),
        kv(
            "patience",
            format!("{} (> {})", settings.patience, settings.patience_buffer),
        ),
        kv("max epochs", settings.max_epochs.to_string()),
        kv("seed", seed),
    ];
    let title = if from_run {
        " this run ".to_string()
    } else {
        format!(" {} ", app.config_path.display())
    };
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title).border_style(theme::border())),
        area,
    );
}

/// Epoch progress, throughput and ETA (including validation) of the current epoch.
fn gauge(t: &TrainState) -> Gauge<'static> {
    let (ratio, label) = match &t.progress {
        Some(p) if t.phase() == Phase::Paused => (
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
                    human(p.examples_per_s),
                    seconds(eta)
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

/// A ratio safe for `Gauge` (which asserts 0..=1): NaN becomes 0.
pub fn clamp_ratio(r: f64) -> f64 {
    if r.is_nan() { 0.0 } else { r.clamp(0.0, 1.0) }
}

/// A duration for people: "0.04s", "12.3s", "2m05s".
fn seconds(s: f64) -> String {
    if !s.is_finite() {
        "-".into()
    } else if s < 10.0 {
        format!("{s:.2}s")
    } else if s < 60.0 {
        format!("{s:.1}s")
    } else {
        format!("{}m{:02}s", (s / 60.0) as u64, (s % 60.0) as u64)
    }
}

/// 1234567 -> "1.2M".
fn human(v: f64) -> String {
    if !v.is_finite() {
        "-".into()
    } else if v >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if v >= 1e3 {
        format!("{:.0}k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}

fn draw_run(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.train;
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
    if t.phase() == Phase::Idle {
        draw_idle(frame, rest, app);
        return;
    }
    let [gauge_area, best, sizes, batch] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(rest);
    frame.render_widget(gauge(t), gauge_area);
    let patience = t
        .settings
        .as_ref()
        .map_or(app.config.patience, |s| s.patience);
    let best_line = match (&t.best, t.history.last()) {
        (Some((epoch, m, _)), Some(last)) => Line::from(vec![
            Span::raw(format!(
                "best epoch {epoch}: {:.4}, {}  ",
                m.cost,
                percent(m.accuracy)
            )),
            Span::styled(
                format!("patience {}/{patience}", last.epochs_without_improvement),
                if last.epochs_without_improvement > 0 {
                    theme::warn()
                } else {
                    theme::dim()
                },
            ),
        ]),
        _ => Line::from("best epoch: none yet").style(theme::dim()),
    };
    frame.render_widget(Paragraph::new(best_line), best);
    let note = match (t.continued, t.slow) {
        (true, true) => "continuing from earlier weights · slow motion",
        (true, false) => "continuing from earlier weights",
        (false, true) => "slow motion (z: full speed)",
        (false, false) => "",
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
            .data(scale(recent, false))
            .style(theme::train()),
        batch,
    );
}

/// Before a run: the data, the saved model, and what s will do.
fn draw_idle(frame: &mut Frame, area: Rect, app: &App) {
    let mut lines = Vec::new();
    if let Some(m) = app.data.ready() {
        let v = app.config.validation_size.min(m.train.len());
        lines.push(Line::from(format!(
            "MNIST: {} train · {v} val · {} test",
            m.train.len() - v,
            m.test.len()
        )));
    }
    match (&app.model.model, app.model.path == app.model_path) {
        (Ok(m), true) => {
            let test = m
                .info
                .test
                .map_or("test accuracy unknown".to_string(), |t| {
                    format!("test accuracy {}", percent(t.accuracy))
                });
            lines.push(Line::from(format!(
                "saved model: {} ({test})",
                app.model_path.display()
            )));
        }
        (Err(_), true) => lines.push(Line::from(format!(
            "no saved model yet at {}",
            app.model_path.display()
        ))),
        _ => {}
    }
    lines.push(Line::from(""));
    let next = if app.train.network.is_some() {
        "s continues from the last run's best weights; r starts over"
    } else if app.config.load_model {
        "s continues from the saved model (load_model is true)"
    } else {
        "s trains from a fresh random initialisation"
    };
    lines.push(Line::from(next).style(theme::dim()));
    if app.train.slow {
        lines.push(Line::from("slow motion is on (z turns it off)").style(theme::dim()));
    }
    if let Some(f) = &app.train.failure {
        lines.push(Line::from(f.clone()).style(theme::error()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

fn status_line(t: &TrainState) -> Line<'static> {
    let epoch = t.history.len();
    let max = t.settings.as_ref().map_or(0, |s| s.max_epochs);
    let diverged = t
        .summary
        .as_ref()
        .is_some_and(|s| s.status == Status::Diverged);
    let (symbol, text, style) = match t.phase() {
        _ if t.failure.is_some() && t.phase() != Phase::Idle => {
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
                            "finished: early-stopped after {}",
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

fn draw_summary(frame: &mut Frame, area: Rect, t: &TrainState, s: &TrainSummary) {
    let best = match s.best_epoch {
        0 => "best epoch: none (no epoch completed)".to_string(),
        e => format!(
            "best epoch {e} (kept) · {} · seed {}",
            seconds(s.seconds),
            s.settings.seed
        ),
    };
    let mut lines = vec![Line::from(best)];
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
        "s: continue from these weights · r: start over"
    } else {
        "s: start again from a fresh initialisation"
    };
    frame.render_widget(Paragraph::new(Line::from(next).style(theme::dim())), hint);
}

/// Floats to sparkline bars 1..=100 over their own range; NaN/inf are gaps.
fn scale(values: &[f64], from_zero: bool) -> Vec<Option<u64>> {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let lo = if from_zero {
        0.0
    } else {
        finite.clone().fold(f64::INFINITY, f64::min)
    };
    let hi = finite.fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|&v| {
            if !v.is_finite() {
                return None;
            }
            let r = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
            Some(1 + (r * 99.0).round() as u64)
        })
        .collect()
}

fn draw_history(frame: &mut Frame, area: Rect, t: &TrainState) {
    let [sparks, chart] =
        Layout::horizontal([Constraint::Length(32), Constraint::Min(30)]).areas(area);
    let [a, b, c] = Layout::vertical([Constraint::Ratio(1, 3); 3]).areas(sparks);
    let train: Vec<f64> = t.history.iter().map(|e| e.train_cost).collect();
    let val: Vec<f64> = t.history.iter().map(|e| e.validation.cost).collect();
    let acc: Vec<f64> = t.history.iter().map(|e| e.validation.accuracy).collect();
    let spark = |title: String, data: &[f64], style: Style, area: Rect, frame: &mut Frame| {
        // Most recent epochs if there are more than fit.
        let width = area.width.saturating_sub(2) as usize;
        let data = &data[data.len().saturating_sub(width)..];
        frame.render_widget(
            Sparkline::default()
                .block(Block::bordered().title(title).border_style(theme::border()))
                .data(scale(data, false))
                .style(style),
            area,
        );
    };
    let last = |v: &[f64], f: &dyn Fn(f64) -> String| v.last().map_or(String::new(), |x| f(*x));
    spark(
        format!(" train cost {} ", last(&train, &|x| format!("{x:.4}"))),
        &train,
        theme::train(),
        a,
        frame,
    );
    spark(
        format!(" val cost {} ", last(&val, &|x| format!("{x:.4}"))),
        &val,
        theme::val(),
        b,
        frame,
    );
    spark(
        format!(" val accuracy {} ", last(&acc, &percent)),
        &acc,
        theme::ok(),
        c,
        frame,
    );
    draw_chart(frame, chart, t, &train, &val);
}

fn draw_chart(frame: &mut Frame, area: Rect, t: &TrainState, train: &[f64], val: &[f64]) {
    let first = if t.chart_full {
        0
    } else {
        train.len().saturating_sub(RECENT)
    };
    let points = |v: &[f64]| -> Vec<(f64, f64)> {
        v.iter()
            .enumerate()
            .skip(first)
            .filter(|(_, y)| y.is_finite())
            .map(|(i, y)| ((i + 1) as f64, *y))
            .collect()
    };
    let (tp, vp) = (points(train), points(val));
    let ys = tp.iter().chain(&vp).map(|p| p.1);
    let (mut lo, mut hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    if !(lo.is_finite() && hi.is_finite()) {
        (lo, hi) = (0.0, 1.0);
    }
    if hi - lo < 1e-9 {
        hi = lo + 1.0;
    }
    let pad = (hi - lo) * 0.05;
    let (x0, x1) = ((first + 1) as f64, (train.len().max(first + 2)) as f64);
    let title = Line::from(vec![
        Span::raw(" "),
        Span::styled("train", theme::train()),
        Span::raw(" & "),
        Span::styled("validation", theme::val()),
        Span::raw(" cost"),
        Span::styled(
            if t.chart_full {
                ", all epochs "
            } else {
                ", last 20 epochs "
            },
            theme::dim(),
        ),
    ]);
    let chart = Chart::new(vec![
        Dataset::default()
            .name("train")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme::train())
            .data(&tp),
        Dataset::default()
            .name("validation")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme::val())
            .data(&vp),
    ])
    .block(Block::bordered().title(title).border_style(theme::border()))
    .legend_position(None)
    .x_axis(
        Axis::default()
            .bounds([x0, x1])
            .labels([format!("{x0:.0}"), format!("{x1:.0}")])
            .style(theme::dim()),
    )
    .y_axis(
        Axis::default()
            .bounds([lo - pad, hi + pad])
            .labels([format!("{lo:.3}"), format!("{hi:.3}")])
            .style(theme::dim()),
    );
    frame.render_widget(chart, area);
}

fn draw_data_problem(frame: &mut Frame, area: Rect, app: &App) {
    let block = Block::bordered()
        .title(" MNIST ")
        .border_style(theme::border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match &app.data {
        DataState::Loading => frame.render_widget(Paragraph::new("loading MNIST…"), inner),
        DataState::Missing(message) | DataState::Failed(message) => {
            let mut lines: Vec<Line> = vec![
                Line::from(vec![
                    Span::styled(
                        "Press d to download MNIST",
                        theme::ok().add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(" (about 11 MB), or see below."),
                ]),
                Line::from(""),
            ];
            lines.extend(message.lines().map(|l| Line::from(l.to_string())));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        DataState::Downloading {
            file,
            bytes,
            total,
            failures,
        } => {
            let [line, gauge, rest] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Min(0),
            ])
            .areas(inner);
            frame.render_widget(Paragraph::new(format!("downloading {file}")), line);
            let ratio = total.map_or(0.0, |t| *bytes as f64 / t.max(1) as f64);
            let label = match total {
                Some(t) => format!("{:.1} / {:.1} MB", *bytes as f64 / 1e6, *t as f64 / 1e6),
                None => format!("{:.1} MB", *bytes as f64 / 1e6),
            };
            frame.render_widget(
                Gauge::default()
                    .gauge_style(theme::ok())
                    .ratio(clamp_ratio(ratio))
                    .label(label),
                gauge,
            );
            let lines: Vec<Line> = failures
                .iter()
                .map(|f| Line::from(f.clone()).style(theme::warn()))
                .collect();
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
        }
        DataState::Ready(_) => {}
    }
}
