//! `update`: a plain function from (app, event) to new state plus
//! commands. Keys go to `input`; worker events to the screens they concern.

use std::sync::Arc;

use ratatui::crossterm::event::{Event as Input, KeyEventKind};
use ratatui::layout::Rect;

use super::{App, Overlay};
use crate::config::Config;
use crate::data::download::DownloadEvent;
use crate::hyper::changes;
use crate::train::TrainEvent;
use crate::tui::command::Command;
use crate::tui::ctx::{DataState, Live, ModelSlot};
use crate::tui::event::Worker;
use crate::tui::event::{DataEvent, Event};
use crate::tui::layout::{MIN_HEIGHT, MIN_WIDTH, body_area};
use crate::tui::screens::{Tab, msg::Msg};

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
            app.screens
                .play
                .on_mouse(m, body_area(app.ctx.size), &app.ctx);
            Vec::new()
        }
        Event::Input(_) => Vec::new(),
        Event::Interrupt => return app.quit(),
        Event::Tick => {
            let (screen, ctx) = app.screen_and_ctx();
            screen.tick(ctx);
            Vec::new()
        }
        other => {
            // The shared context first, then every screen takes its part.
            let (mut msgs, told) = app.update_ctx(other);
            if let Some(told) = told {
                let ctx = &app.ctx;
                for screen in app.screens.all_mut() {
                    msgs.extend(screen.on_event(&told, ctx));
                }
            }
            msgs
        }
    };
    app.act(msgs)
}

impl App {
    /// What `event` changes in the shared context, the app's own messages
    /// about it, and the event as the screens are told it (a changed
    /// config.ron is told with the settings it replaced).
    fn update_ctx(&mut self, event: Event) -> (Vec<Msg>, Option<Event>) {
        let msgs = match &event {
            Event::Data(e) => self.on_data(e),
            Event::Train { run, event: e } if *run == self.screens.train.run => {
                self.on_train(e);
                Vec::new()
            }
            Event::Config(result) => return self.on_config(result.clone()),
            Event::ConfigEdited => vec![Msg::Run(Command::ReadEditedConfig)],
            Event::ModelPath(at) => {
                self.ctx.model_path = at.clone();
                Vec::new()
            }
            Event::Model {
                path,
                shipped,
                result,
            } => match result {
                // Keep the model we have; Play's `l` moves on from this file.
                Err(e) if self.ctx.model.model.is_ok() => {
                    vec![Msg::warn(format!("model not loaded: {e}"))]
                }
                _ => {
                    self.ctx.model = ModelSlot {
                        shipped: *shipped,
                        path: path.clone(),
                        model: result.clone(),
                    };
                    self.evaluate_model()
                }
            },
            Event::ModelEvaluated { path, evaluation } => {
                if *path == self.ctx.model.path {
                    self.ctx.model_eval = Some(Arc::clone(evaluation));
                }
                Vec::new()
            }
            Event::Applied(what) => vec![Msg::Say(what.clone())],
            Event::WorkerFailed { worker, message } => {
                if *worker == Worker::Training
                    && let Some(live) = &mut self.ctx.live
                {
                    live.training = false;
                }
                vec![Msg::warn(format!("{worker} failed: {message}"))]
            }
            _ => Vec::new(),
        };
        (msgs, Some(event))
    }

    /// The model or the data changed: its test-set results are asked for
    /// again, once both are in.
    fn evaluate_model(&mut self) -> Vec<Msg> {
        self.ctx.model_eval = None;
        if self.ctx.data.ready().is_some() && self.ctx.network().is_some() {
            vec![Msg::Run(Command::EvaluateModel)]
        } else {
            Vec::new()
        }
    }

    /// Training's latest weights (or, once it ended, the ones it kept).
    fn on_train(&mut self, event: &TrainEvent) {
        match event {
            TrainEvent::Snapshot {
                epoch,
                batch,
                network,
            } => {
                self.ctx.live = Some(Live {
                    epoch: *epoch,
                    batch: *batch,
                    network: (**network).clone(),
                    kept_best: false,
                    training: true,
                });
            }
            TrainEvent::Finished(summary) if summary.best_epoch > 0 => {
                // The run ends on the weights it keeps, not its last batch.
                self.ctx.live = Some(Live {
                    epoch: summary.best_epoch,
                    batch: 0,
                    network: summary.network.clone(),
                    kept_best: true,
                    training: false,
                });
            }
            TrainEvent::Finished(_) => {
                if let Some(live) = &mut self.ctx.live {
                    live.training = false;
                }
            }
            _ => {}
        }
    }

    /// config.ron read again (after `c`, an edit, or Tune's `a`): the new
    /// settings take effect for the next start; the screens hear of it as
    /// [`Event::ConfigChanged`]. A mistake is shown and the old stay.
    fn on_config(&mut self, result: Result<Config, String>) -> (Vec<Msg>, Option<Event>) {
        let name = crate::fmt::tilde(&self.ctx.config_path);
        let config = match result {
            Ok(c) => c,
            Err(message) => {
                let message = message.replace(&crate::fmt::path(&self.ctx.config_path), &name);
                let first = message.lines().next().unwrap_or_default().to_string();
                self.ctx.config_error = Some(message.clone());
                return (vec![Msg::warn(first)], Some(Event::Config(Err(message))));
            }
        };
        let was_broken = self.ctx.config_error.take().is_some();
        if config == self.ctx.config {
            let said = if was_broken {
                "fixed; nothing else changed"
            } else {
                "unchanged"
            };
            return (vec![Msg::say(format!("{name} {said}"))], None);
        }
        let old = std::mem::replace(&mut self.ctx.config, config);
        let changes = changes(&old, &self.ctx.config);
        let mut msgs = vec![Msg::say(match changes.as_slice() {
            [] => format!("{name} reloaded"),
            [(field, a, b)] => format!("{name}: {field} {a} → {b}"),
            [(field, a, b), rest @ ..] => {
                format!("{name}: {field} {a} → {b} (+{} more)", rest.len())
            }
        })];
        // New places to look or download from: try them at once.
        let data_moved =
            self.ctx.config.data_dir != old.data_dir || self.ctx.config.mirrors != old.mirrors;
        if data_moved && matches!(self.ctx.data, DataState::Missing(_) | DataState::Failed(_)) {
            msgs.push(Msg::StartDownload);
        }
        if self.ctx.config.model != old.model {
            msgs.push(Msg::Run(Command::LoadConfiguredModel));
        }
        (msgs, Some(Event::ConfigChanged { old: Box::new(old) }))
    }

    fn on_data(&mut self, e: &DataEvent) -> Vec<Msg> {
        match e {
            DataEvent::Loaded(m) => {
                self.ctx.data = DataState::Ready(Arc::clone(m));
                let mut msgs = vec![Msg::say("MNIST loaded")];
                msgs.extend(self.evaluate_model());
                return msgs;
            }
            DataEvent::Missing(help) => {
                let first = help.attempts == 0;
                self.ctx.data = DataState::Missing(help.clone());
                // What `cargo run` promises: MNIST arrives on its own.
                if first {
                    return vec![Msg::StartDownload];
                }
            }
            DataEvent::Failed(message) => self.ctx.data = DataState::Failed(message.clone()),
            DataEvent::Download(d) => self.on_download(d.clone()),
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
