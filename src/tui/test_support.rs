#![allow(dead_code)] // helpers for tests yet to be written use these too
//! Builders for the TUI's tests: apps, keys and training events without a
//! terminal, threads or real data.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event as Input, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use super::app::{App, update};
use super::command::Command;
use super::ctx::{Ctx, DataState};
use super::event::Event;
use crate::config::Config;
use crate::data::{Images, Mnist, PIXELS};
use crate::eval::Metrics;
use crate::model_file::{ModelInfo, SavedModel};
use crate::network::Network;
use crate::train::{BatchProgress, EpochStats, Status, TrainEvent, TrainSettings, TrainSummary};

pub fn app() -> App {
    App::new(
        Config::default(),
        PathBuf::from("config.ron"),
        PathBuf::from("saves/model.ron"),
        7,
        Rect::new(0, 0, 80, 24),
    )
}

/// Image `i` has label `i % 10` and shows a bar whose place depends on it.
pub fn fake_mnist(train: usize, test: usize) -> Arc<Mnist> {
    let images = |n: usize| {
        let labels: Vec<u8> = (0..n).map(|i| (i % 10) as u8).collect();
        let mut pixels = vec![0u8; n * PIXELS];
        for (img, &l) in pixels.chunks_exact_mut(PIXELS).zip(&labels) {
            let (col, row) = (6 + 2 * l as usize, 5 + l as usize);
            for y in 4..24 {
                img[y * 28 + col] = 255;
                img[y * 28 + col + 1] = 180;
            }
            for x in 6..22 {
                img[row * 28 + x] = 255;
            }
        }
        Images::new(pixels, labels)
    };
    Arc::new(Mnist {
        dir: PathBuf::from("/data/mnist"),
        train: images(train),
        test: images(test),
    })
}

/// A context with nothing loaded yet, for screens tested on their own.
pub fn bare_ctx() -> Ctx {
    Ctx::new(
        Config::default(),
        PathBuf::from("config.ron"),
        PathBuf::from("saves/model.ron"),
        Rect::new(0, 0, 80, 24),
    )
}

/// A context with data (600 + 100 synthetic images) and a model that
/// always answers 3.
pub fn ready_ctx() -> Ctx {
    let mut c = bare_ctx();
    c.data = DataState::Ready(fake_mnist(600, 100));
    c.model.model = Ok(always(3));
    c
}

/// A key press as a screen receives it.
pub fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// An app whose data has loaded (60,000 + 10,000 synthetic images).
pub fn ready_app() -> App {
    let mut a = app();
    a.ctx.data = DataState::Ready(fake_mnist(60_000, 10_000));
    a
}

/// A model that answers `digit` for every image, with probability ~0.88.
pub fn always(digit: usize) -> Box<SavedModel> {
    let mut network = Network::zeros();
    network.params[crate::network::B3.start + digit] = 4.2;
    Box::new(SavedModel {
        network,
        info: ModelInfo {
            origin: "test".into(),
            trained_at: String::new(),
            seed: None,
            best_epoch: None,
            epochs_run: None,
            validation: None,
            test: None,
            settings: None,
        },
    })
}

/// Ready data and a model that always answers 3, on the Play screen.
pub fn play_app() -> App {
    let mut a = ready_app();
    feed(
        &mut a,
        [
            Event::Model {
                shipped: false,
                path: PathBuf::from("saves/model.ron"),
                result: Ok(always(3)),
            },
            key(KeyCode::F(2)),
        ],
    );
    a.ctx.notice = None;
    a
}

/// Plays test digit `index` (via `g`) and guesses `guess`.
pub fn play_digit(app: &mut App, index: usize, guess: Option<char>) {
    let mut events = vec![ch('g')];
    events.extend(index.to_string().chars().map(ch));
    events.push(key(KeyCode::Enter));
    events.extend(guess.map(ch));
    feed(app, events);
}

pub fn key(code: KeyCode) -> Event {
    Event::Input(Input::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

pub fn ch(c: char) -> Event {
    key(KeyCode::Char(c))
}

pub fn ctrl(c: char) -> Event {
    Event::Input(Input::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

/// A run of 7 epochs finished with save_model false: its best model is
/// saved nowhere.
pub fn finished_unsaved() -> App {
    let mut a = ready_app();
    let raw = crate::config::RawConfig {
        save_model: false,
        ..Default::default()
    };
    feed(
        &mut a,
        [Event::Config(Ok(raw.check().unwrap())), ch('s'), started(1)],
    );
    feed(
        &mut a,
        [train(
            1,
            TrainEvent::Finished(Box::new(summary(Status::Converged, history(7)))),
        )],
    );
    a
}

pub fn saved_to(path: &str) -> crate::model_file::SaveOutcome {
    crate::model_file::SaveOutcome::Saved(path.into())
}

/// Feeds `events` in order; returns all commands produced. The model's
/// test-set evaluation (a worker's) is done at once, as if the worker were
/// instant, and left out of the commands returned.
pub fn feed(app: &mut App, events: impl IntoIterator<Item = Event>) -> Vec<Command> {
    let mut all = Vec::new();
    for event in events {
        let mut queue = vec![event];
        while let Some(event) = queue.pop() {
            for cmd in update(app, event) {
                match evaluated(app, &cmd) {
                    Some(done) => queue.push(done),
                    None => all.push(cmd),
                }
            }
        }
    }
    all
}

/// What the runner's worker sends back for a `Command::EvaluateModel`.
pub fn evaluated(app: &App, cmd: &Command) -> Option<Event> {
    let Command::EvaluateModel = cmd else {
        return None;
    };
    let (data, net) = (app.ctx.data.ready()?, app.ctx.network()?);
    Some(Event::ModelEvaluated {
        path: app.ctx.model.path.clone(),
        evaluation: std::sync::Arc::new(crate::eval::evaluate_full(net, data.test.all())),
    })
}

pub fn epoch(
    n: usize,
    train_cost: f64,
    val_cost: f64,
    acc: f64,
    best_epoch: usize,
    since: usize,
) -> EpochStats {
    EpochStats {
        epoch: n,
        train_cost,
        validation: Metrics {
            accuracy: acc,
            cost: val_cost,
        },
        train_seconds: 0.05,
        validation_seconds: 0.004,
        examples_per_s: 1_000_000.0,
        learning_rate: 0.0025,
        dead_units: [0, 0],
        best_epoch,
        best_validation_cost: val_cost,
        epochs_without_improvement: since,
    }
}

pub fn train(run: u64, event: TrainEvent) -> Event {
    Event::Train { run, event }
}

pub fn started(run: u64) -> Event {
    train(
        run,
        TrainEvent::Started {
            seed: 26,
            train: 50_000,
            validation: 10_000,
            test: 10_000,
            batches_per_epoch: 1563,
        },
    )
}

pub fn progress(run: u64, epoch: usize, done: usize, cost: f64) -> Event {
    train(
        run,
        TrainEvent::Progress(BatchProgress {
            epoch,
            batches_done: done,
            batches: 1563,
            cost,
            examples_per_s: 950_000.0,
            elapsed: Duration::from_millis((done as u64) * 50 / 1563),
        }),
    )
}

/// A plausible run history: `n` epochs of falling costs.
pub fn history(n: usize) -> Vec<EpochStats> {
    (1..=n)
        .map(|i| {
            let f = i as f64;
            let val = 0.14 + 0.12 / f + if i > 6 { 0.002 * (f - 6.0) } else { 0.0 };
            epoch(
                i,
                0.08 + 0.4 / f,
                val,
                0.93 + 0.03 * (1.0 - 1.0 / f),
                i.min(6),
                i.saturating_sub(6),
            )
        })
        .collect()
}

pub fn summary(status: Status, history: Vec<EpochStats>) -> TrainSummary {
    let settings = TrainSettings::from_config(&Config::default(), 26);
    TrainSummary {
        status,
        settings,
        best_epoch: if status == Status::Diverged { 0 } else { 6 },
        epochs_run: history.len(),
        network: Network::zeros(),
        validation: Metrics {
            accuracy: 0.9594,
            cost: 0.1341,
        },
        test: Metrics {
            accuracy: 0.962,
            cost: 0.1412,
        },
        seconds: 1.6,
        wall_seconds: 1.7,
        history,
    }
}

/// The app drawn on a `width` x `height` test terminal, as text.
pub fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal.draw(|f| super::ui::draw(f, app)).expect("draw");
    terminal.backend().to_string()
}

/// The sizes every screen is checked at: the smallest it is laid out
/// for, a common window, and a large one.
pub const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// The app drawn on a `width` x `height` test terminal, cells and colours.
pub fn buffer(app: &App, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal.draw(|f| super::ui::draw(f, app)).expect("draw");
    terminal.backend().buffer().clone()
}

/// The share of the screen body's cells (between tab bar and footer) with
/// anything in them: a visible glyph, or a background colour.
pub fn fill(app: &App, width: u16, height: u16) -> f64 {
    let buf = buffer(app, width, height);
    let body = super::layout::body_area(Rect::new(0, 0, width, height));
    let mut filled = 0usize;
    for y in body.top()..body.bottom() {
        for x in body.left()..body.right() {
            let cell = &buf[(x, y)];
            let glyph = cell
                .symbol()
                .chars()
                .any(|c| !c.is_whitespace() && c != '\u{2800}');
            let painted = !matches!(
                cell.bg,
                ratatui::style::Color::Reset | ratatui::style::Color::Black
            );
            if glyph || painted {
                filled += 1;
            }
        }
    }
    filled as f64 / body.area().max(1) as f64
}

/// Snapshots of the app at every size in [`SIZES`], named `name_WxH`.
pub fn snapshot_sizes(name: &str, app: &App) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
    }
}
