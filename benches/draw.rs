//! How long drawing one frame takes at 200x60, for every screen and view:
//! `cargo bench --bench draw`. A key press must never wait on drawing, so
//! each should stay well under 5 ms. Uses real MNIST when MNIST_DIR is set
//! (or assets/mnist exists), otherwise synthetic digits.

use std::path::PathBuf;
use std::sync::Arc;

use mnist_tui::config::Config;
use mnist_tui::data::{Images, Mnist, PIXELS};
use mnist_tui::model_file::{ModelInfo, SavedModel};
use mnist_tui::network::Network;
use mnist_tui::study::Study;
use mnist_tui::train::{BatchProgress, EpochStats, TrainEvent};
use mnist_tui::tui::app::{App, update};
use mnist_tui::tui::command::Command;
use mnist_tui::tui::event::{DataEvent, Event};
use mnist_tui::tui::ui;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event as Input, KeyCode, KeyEvent};
use ratatui::layout::Rect;

fn main() {
    divan::main();
}

fn mnist() -> Arc<Mnist> {
    let dir = std::env::var_os("MNIST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("assets/mnist"));
    if let Ok(m) = Mnist::load(&dir) {
        return Arc::new(m);
    }
    // Bars of ink whose place depends on the label.
    let images = |n: usize| {
        let labels: Vec<u8> = (0..n).map(|i| (i % 10) as u8).collect();
        let mut pixels = vec![0u8; n * PIXELS];
        for (img, &l) in pixels.chunks_exact_mut(PIXELS).zip(&labels) {
            for y in 4..24 {
                img[y * 28 + 6 + 2 * l as usize] = 255;
            }
        }
        Images::new(pixels, labels)
    };
    Arc::new(Mnist {
        dir: dir.clone(),
        train: images(60_000),
        test: images(10_000),
    })
}

fn key(code: KeyCode) -> Event {
    Event::Input(Input::Key(KeyEvent::from(code)))
}

/// The app with data and a He-initialised model, on `keys`' screen.
fn app(keys: &[KeyCode]) -> App {
    let mut app = App::new(
        Config::default(),
        PathBuf::from("config.ron"),
        PathBuf::from("saves/model.ron"),
        7,
        Rect::new(0, 0, 200, 60),
    );
    feed(&mut app, Event::Data(DataEvent::Loaded(mnist())));
    let network = Network::he_init(&mut ChaCha8Rng::seed_from_u64(5));
    let info = ModelInfo {
        origin: "bench".into(),
        trained_at: String::new(),
        seed: None,
        best_epoch: None,
        epochs_run: None,
        validation: None,
        test: None,
        settings: None,
    };
    feed(
        &mut app,
        Event::Model {
            shipped: false,
            path: PathBuf::from("saves/model.ron"),
            result: Ok(Box::new(SavedModel { network, info })),
        },
    );
    for &k in keys {
        feed(&mut app, key(k));
    }
    // Let any animation run to its end: the frames timed are still ones.
    for _ in 0..40 {
        feed(&mut app, Event::Tick);
    }
    app
}

/// `event`, with the Network screen's study done at once, as its worker
/// would: the frames timed are the ones a user sees, not "evaluating…".
fn feed(app: &mut App, event: Event) {
    let mut queue = vec![event];
    while let Some(event) = queue.pop() {
        for cmd in update(app, event) {
            if let Command::StudyModel {
                generation,
                source,
                network,
            } = cmd
                && let Some(data) = app.ctx.data.ready()
            {
                let study = Study::compute(&network, data);
                queue.push(Event::Studied {
                    generation,
                    source,
                    study: Box::new(study),
                });
            }
        }
    }
}

/// On the Train screen, 30 epochs into a run, mid-epoch.
fn training() -> App {
    let mut a = app(&[KeyCode::Char('s')]);
    let run = a.screens.train.run;
    let send = |a: &mut App, event| {
        update(a, Event::Train { run, event });
    };
    send(
        &mut a,
        TrainEvent::Started {
            seed: 1,
            train: 50_000,
            validation: 10_000,
            test: 10_000,
            batches_per_epoch: 1563,
        },
    );
    for e in 1..=30 {
        let f = e as f64;
        let validation = mnist_tui::eval::Metrics {
            accuracy: 0.9 + 0.06 * (1.0 - 1.0 / f),
            cost: 0.14 + 0.2 / f,
        };
        send(
            &mut a,
            TrainEvent::Epoch(EpochStats {
                epoch: e,
                train_cost: 0.1 + 0.3 / f,
                validation,
                train_seconds: 0.05,
                validation_seconds: 0.004,
                examples_per_s: 1e6,
                learning_rate: 0.0025,
                dead_units: [1, 0],
                best_epoch: e,
                best_validation_cost: validation.cost,
                epochs_without_improvement: 0,
            }),
        );
    }
    for b in 1..=100 {
        send(
            &mut a,
            TrainEvent::Progress(BatchProgress {
                epoch: 31,
                batches_done: b * 15,
                batches: 1563,
                cost: 0.1,
                examples_per_s: 1e6,
                elapsed: std::time::Duration::from_millis(b as u64),
            }),
        );
    }
    a
}

fn draw(bencher: divan::Bencher, app: App) {
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    bencher.bench_local(|| {
        terminal
            .draw(|f| ui::draw(f, divan::black_box(&app)))
            .expect("draw");
    });
}

#[divan::bench]
fn train_idle(b: divan::Bencher) {
    draw(b, app(&[]));
}

#[divan::bench]
fn train_mid_run(b: divan::Bencher) {
    draw(b, training());
}

#[divan::bench]
fn play(b: divan::Bencher) {
    draw(b, app(&[KeyCode::F(2), KeyCode::Char('3')]));
}

#[divan::bench]
fn play_drawing(b: divan::Bencher) {
    draw(b, app(&[KeyCode::F(2), KeyCode::Char('d')]));
}

#[divan::bench]
fn tune(b: divan::Bencher) {
    draw(b, app(&[KeyCode::F(3)]));
}

#[divan::bench]
fn network_neurons(b: divan::Bencher) {
    draw(b, app(&[KeyCode::F(4)]));
}

#[divan::bench]
fn network_weights(b: divan::Bencher) {
    draw(b, app(&[KeyCode::F(4), KeyCode::Char('v')]));
}

#[divan::bench]
fn network_neuron_in_focus(b: divan::Bencher) {
    draw(
        b,
        app(&[KeyCode::F(4), KeyCode::Char(']'), KeyCode::Char(']')]),
    );
}

#[divan::bench]
fn network_tiles_layer2_top_digits(b: divan::Bencher) {
    let keys = [KeyCode::F(4), KeyCode::Char('v'), KeyCode::Char(']')];
    draw(b, app(&[&keys[..], &[KeyCode::Char('x')]].concat()));
}

#[divan::bench]
fn network_mistakes(b: divan::Bencher) {
    draw(
        b,
        app(&[KeyCode::F(4), KeyCode::Char('v'), KeyCode::Char('v')]),
    );
}

/// The Learn screen's scenes: the heaviest is the mini-batch (32 examples
/// taken apart every frame) and the probes (a 60-step dream).
#[divan::bench(args = ['1', '2', '3', '4', '5', '6', '7', '8'])]
fn learn(b: divan::Bencher, scene: char) {
    draw(b, app(&[KeyCode::F(5), KeyCode::Char(scene)]));
}
