//! `update`: a plain function from (app, event) to new state plus
//! commands. Keys go to `input`; worker events to the screens they concern.

use ratatui::crossterm::event::{Event as Input, KeyEventKind};
use ratatui::layout::Rect;

use super::{App, Overlay};
use crate::config::Config;
use crate::data::download::DownloadEvent;
use crate::hyper::changes;
use crate::train::TrainEvent;
use crate::tui::command::Command;
use crate::tui::ctx::{DataState, Live, ModelSlot};
use crate::tui::event::{DataEvent, Event};
use crate::tui::layout::{MIN_HEIGHT, MIN_WIDTH, body_area};
use crate::tui::msg::{Msg, Tab};
use crate::tui::runner::STUDY_WORKER;
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
        Event::Config(result) => app.on_config(result),
        Event::ConfigEdited => return vec![Command::ReadEditedConfig],
        Event::ModelPath(at) => {
            app.ctx.model_path = at;
            Vec::new()
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
        Event::Studied {
            generation,
            source,
            study,
        } => {
            app.network.studied(generation, source, *study, &app.ctx);
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

    /// config.ron read again (after `c`, an edit, or Tune's `a`): the
    /// new settings take effect for the next start, and every screen they
    /// concern says what changed; a mistake is shown and the old stay.
    fn on_config(&mut self, result: Result<Config, String>) -> Vec<Msg> {
        let name = crate::fmt::tilde(&self.ctx.config_path);
        let config = match result {
            Ok(c) => c,
            Err(message) => {
                let message = message.replace(&crate::fmt::path(&self.ctx.config_path), &name);
                let first = message.lines().next().unwrap_or_default().to_string();
                self.ctx.config_error = Some(message);
                return vec![Msg::warn(first)];
            }
        };
        let was_broken = self.ctx.config_error.take().is_some();
        if config == self.ctx.config {
            let said = if was_broken {
                "fixed; nothing else changed"
            } else {
                "unchanged"
            };
            return vec![Msg::say(format!("{name} {said}"))];
        }
        let old = std::mem::replace(&mut self.ctx.config, config);
        let changes = changes(&old, &self.ctx.config);
        self.train.config_changed(&old);
        let mut msgs = vec![Msg::say(match changes.as_slice() {
            [] => format!("{name} reloaded"),
            [(field, a, b)] => format!("{name}: {field} {a} → {b}"),
            [(field, a, b), rest @ ..] => {
                format!("{name}: {field} {a} → {b} (+{} more)", rest.len())
            }
        })];
        let sweep = Sweep::from_config(&self.ctx.config);
        if sweep != Sweep::from_config(&old) {
            let tuner: Vec<String> = changes
                .iter()
                .filter(|(f, _, _)| {
                    // What trials take from the training section.
                    f.starts_with("tuner.")
                        || [
                            "batch_size",
                            "epsilon",
                            "patience_buffer",
                            "validation_size",
                        ]
                        .contains(f)
                })
                .map(|(f, a, b)| format!("{f} {a} → {b}"))
                .collect();
            if !self.tune.running() {
                // The table showed another grid: show this one's results.
                self.tune.clear();
                msgs.push(Msg::Run(Command::LoadSweep));
            }
            self.tune.config_changed(&tuner, &sweep);
        }
        // New places to look or download from: try them at once.
        let data_moved =
            self.ctx.config.data_dir != old.data_dir || self.ctx.config.mirrors != old.mirrors;
        if data_moved && matches!(self.ctx.data, DataState::Missing(_) | DataState::Failed(_)) {
            msgs.push(Msg::StartDownload);
        }
        if self.ctx.config.model != old.model {
            msgs.push(Msg::Run(Command::LoadConfiguredModel));
        }
        msgs
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
