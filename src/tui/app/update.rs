//! `update`: a plain function from (app, event) to new state plus
//! commands. Keys go to `input`; worker events to the screens they concern.

use ratatui::crossterm::event::{Event as Input, KeyEventKind};
use ratatui::layout::Rect;

use super::{App, Overlay};
use crate::data::download::DownloadEvent;
use crate::train::TrainEvent;
use crate::tui::command::Command;
use crate::tui::ctx::{DataState, Live, ModelSlot};
use crate::tui::event::{DataEvent, Event};
use crate::tui::msg::{Msg, Tab};
use crate::tui::runner::STUDY_WORKER;
use crate::tui::ui::{MIN_HEIGHT, MIN_WIDTH, body_area};
use crate::tune::Sweep;

/// How long a key pressed while the terminal was too small waits for it to
/// grow back (tmux, for one, resizes a pane a moment after its window).
const HOLD_KEY: std::time::Duration = std::time::Duration::from_millis(500);

/// Applies `event` to `app`; returns what the run loop should do.
pub fn update(app: &mut App, event: Event) -> Vec<Command> {
    let mut cmds = apply(app, event);
    if !app.quitting {
        cmds.extend(app.wanted());
    }
    cmds
}

fn apply(app: &mut App, event: Event) -> Vec<Command> {
    let msgs = match event {
        Event::Input(Input::Key(key)) if key.kind != KeyEventKind::Release => {
            return app.on_key(key);
        }
        Event::Input(Input::Resize(w, h)) => {
            app.ctx.size = Rect::new(0, 0, w, h);
            // A key pressed during a moment too small to show it.
            let fits = w >= MIN_WIDTH && h >= MIN_HEIGHT;
            match app.held_key.take() {
                Some((key, at)) if fits && at.elapsed() < HOLD_KEY => return app.on_key(key),
                Some(held) if !fits => app.held_key = Some(held),
                _ => {}
            }
            Vec::new()
        }
        Event::Input(Input::Mouse(m)) if app.tab == Tab::Play && app.overlay == Overlay::None => {
            app.play.on_mouse(m, body_area(app.ctx.size), &app.ctx);
            Vec::new()
        }
        Event::Input(_) => Vec::new(),
        Event::Interrupt => return app.quit(),
        Event::Tick => {
            let (screen, ctx) = app.screen_and_ctx();
            screen.tick(ctx);
            Vec::new()
        }
        Event::Data(e) => app.on_data(e),
        Event::Train { run, event } => app.on_train(run, event),
        Event::Config(Ok(config)) => {
            let new_sweep = Sweep::from_config(&config) != Sweep::from_config(&app.ctx.config);
            // New places to look or download from: try them at once.
            let data_moved = config.data_dir != app.ctx.config.data_dir
                || config.mirrors != app.ctx.config.mirrors;
            let retry_data =
                data_moved && matches!(app.ctx.data, DataState::Missing(_) | DataState::Failed(_));
            app.ctx.config = config;
            app.train.config_reloaded(None);
            let mut msgs = vec![Msg::say(format!(
                "{} reloaded",
                crate::fmt::tilde(&app.ctx.config_path)
            ))];
            if new_sweep && !app.tune.running() {
                // The table showed another grid: show this one's results.
                app.tune.clear();
                msgs.push(Msg::Run(Command::LoadSweep));
            }
            if retry_data {
                msgs.push(Msg::StartDownload);
            }
            msgs
        }
        Event::Config(Err(message)) => {
            app.train.config_reloaded(Some(message));
            vec![Msg::warn("config has errors (Train screen)")]
        }
        Event::Model {
            path,
            shipped,
            result,
        } => {
            if let Err(e) = &result
                && app.ctx.model.model.is_ok()
            {
                // Keep playing with the model we have; `l` moves on from here.
                app.play.browsed = Some(path);
                return app.act(vec![Msg::warn(format!("model not loaded: {e}"))]);
            }
            let loaded = result.is_ok();
            app.ctx.model = ModelSlot {
                shipped,
                path,
                model: result,
            };
            app.train.model_loaded(&app.ctx);
            let mut msgs = Vec::new();
            if app.play.model_changed() && loaded {
                msgs.push(Msg::say("new model: Play score reset"));
            }
            msgs.extend(app.model_changed());
            msgs
        }
        Event::Tune {
            run,
            elapsed,
            event,
        } => {
            app.tune.on_event(run, elapsed, event);
            Vec::new()
        }
        Event::TuneLoaded {
            sweep,
            results,
            note,
        } => {
            if sweep == Sweep::from_config(&app.ctx.config) {
                app.tune.loaded(sweep, results, note);
            }
            Vec::new()
        }
        Event::Applied(what) => vec![Msg::Say(what)],
        Event::Saved(outcome) => app.train.on_saved(outcome),
        Event::Studied { generation, study } => {
            app.network.studied(generation, *study, &app.ctx);
            Vec::new()
        }
        Event::WorkerFailed { worker, message } => {
            if worker == STUDY_WORKER {
                app.network.study_failed();
            }
            if worker == "training" {
                app.train.worker_failed(&message);
                if let Some(live) = &mut app.ctx.live {
                    live.training = false;
                }
            }
            if worker == "tuner" {
                app.tune.worker_failed(&message);
            }
            vec![Msg::warn(format!("{worker} failed: {message}"))]
        }
    };
    app.act(msgs)
}

impl App {
    fn on_train(&mut self, run: u64, event: TrainEvent) -> Vec<Msg> {
        let current = run == self.train.run;
        match &event {
            TrainEvent::Snapshot {
                epoch,
                batch,
                network,
            } if current => {
                self.ctx.live = Some(Live {
                    epoch: *epoch,
                    batch: *batch,
                    network: (**network).clone(),
                    kept_best: false,
                    training: true,
                });
            }
            TrainEvent::Finished(summary) if current => {
                if summary.best_epoch > 0 {
                    // The run ends on the weights it keeps, not its last batch.
                    self.ctx.live = Some(Live {
                        epoch: summary.best_epoch,
                        batch: 0,
                        network: summary.network.clone(),
                        kept_best: true,
                        training: false,
                    });
                } else if let Some(live) = &mut self.ctx.live {
                    live.training = false;
                }
            }
            _ => {}
        }
        if current && matches!(event, TrainEvent::Snapshot { .. } | TrainEvent::Finished(_)) {
            // Every view of the Network screen shows these weights.
            self.network.model_changed();
        }
        let config = self.ctx.config.clone();
        self.train.on_train_event(run, event, &config)
    }

    fn on_data(&mut self, e: DataEvent) -> Vec<Msg> {
        match e {
            DataEvent::Loaded(m) => {
                self.ctx.data = DataState::Ready(m);
                self.play.model_changed();
                let mut msgs = vec![Msg::say("MNIST loaded")];
                msgs.extend(self.model_changed());
                return msgs;
            }
            DataEvent::Missing(help) => {
                let first = help.attempts == 0;
                self.ctx.data = DataState::Missing(help);
                // What `cargo run` promises: MNIST arrives on its own.
                if first {
                    return vec![Msg::StartDownload];
                }
            }
            DataEvent::Failed(message) => self.ctx.data = DataState::Failed(message),
            DataEvent::Download(d) => self.on_download(d),
        }
        Vec::new()
    }

    fn on_download(&mut self, d: DownloadEvent) {
        let DataState::Downloading {
            file,
            url,
            bytes,
            total,
            bytes_per_sec,
            failures,
            ..
        } = &mut self.ctx.data
        else {
            return;
        };
        match d {
            DownloadEvent::Started { file: f, url: u } => {
                (*file, *url, *bytes, *total, *bytes_per_sec) = (f, u, 0, None, 0);
            }
            DownloadEvent::Progress {
                file: f,
                bytes: b,
                total: t,
                bytes_per_sec: r,
            } => (*file, *bytes, *total, *bytes_per_sec) = (f, b, t, r),
            DownloadEvent::Failed(a) => failures.push(format!("{}: {}", a.url, a.error)),
            DownloadEvent::Saved { file: f, .. } => {
                *file = format!("{f} saved");
                (*bytes, *total, *bytes_per_sec) = (0, None, 0);
            }
        }
    }
}
