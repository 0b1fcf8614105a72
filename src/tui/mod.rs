//! The interactive app: one channel of [`Event`]s into the UI thread (from
//! an input thread and from workers), `update` to change state and decide
//! commands, the runner to carry them out, and drawing from `&App`.
//!
//! Four kinds of message, one role each:
//! - an `Event` is anything that reaches the UI thread (a key, a resize, a
//!   worker's result, a signal);
//! - a screen's key table maps a key to the screen's own `Action`;
//! - a `Msg` is what a screen asks of the app (another screen, a notice,
//!   or a `Command`);
//! - a `Command` is work the runner carries out off the UI thread (a
//!   worker, a file written).
//!
//! Where things live: `app/` routes keys and events to the screens,
//! `screens/` holds the list of screens, the `Screen` trait, `msg.rs` and
//! one folder per screen (state, keys, update, view, tests), `widgets/` the
//! pictures several screens draw, `ctx.rs` what every screen may read,
//! `subject.rs` the digit and weights screens pass around, `input.rs`
//! reading keys, `command.rs` and `runner.rs` the work done off the UI
//! thread, `watch.rs` noticing config.ron's edits, `ui.rs` the frame around
//! the screens (tabs, footer, overlays) with `layout.rs` and `help.rs`,
//! `terminal.rs` taking and giving back the terminal. This file sets up and
//! runs the loop.

pub mod app;
pub mod command;
pub(crate) mod ctx;
pub mod event;
pub(crate) mod help;
pub(crate) mod input;
pub(crate) mod keys;
pub(crate) mod layout;

pub(crate) mod runner;
pub(crate) mod screens;
pub(crate) mod subject;
pub mod terminal;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
pub(crate) mod theme;
pub mod ui;
pub(crate) mod watch;
pub(crate) mod welcome;
pub(crate) mod widgets;

use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use rand::RngExt;
use ratatui::crossterm::event::Event as Input;
use ratatui::layout::Rect;

use crate::Error;
use crate::config::Config;
use crate::places::Places;
use app::{App, update};
use event::Event;
use runner::Runner;

/// At most this often is the screen redrawn (~20 per second).
const FRAME: Duration = Duration::from_millis(50);

/// Opens the app; returns when the user quits.
pub fn run(places: &Places) -> Result<(), Error> {
    // A config that does not parse does not keep the app from opening: it
    // starts with the defaults and shows the error.
    let (config, config_note, config_error) = match places.load_config() {
        Ok((c, note)) => (c, note, None),
        Err(e) => (
            Config::default(),
            None,
            Some(e.to_string().replace(
                &crate::fmt::path(&places.config),
                &crate::fmt::tilde(&places.config),
            )),
        ),
    };
    theme::set_mode(theme::ColorMode::detect());
    let (tx, rx) = mpsc::channel();
    on_signals(tx.clone())?;
    let (mut terminal, _guard) = terminal::enter()?;
    // The real size from the start: the too-small guard must never act on
    // a guess.
    let size = terminal.size()?;
    let model_path = places.model(&config);
    let mut app = App::new(
        config,
        places.config.clone(),
        model_path,
        rand::rng().random(),
        Rect::new(0, 0, size.width, size.height),
    );
    app.ctx.config_error = config_error;
    app.ctx.tuner_dir = format!("{}/", crate::fmt::tilde(&places.tuner_dir()));
    if let Some(note) = config_note {
        app.ctx.notice = Some(ctx::Notice {
            text: note,
            error: false,
        });
    }
    if !places.welcomed().exists() {
        app.overlay = app::Overlay::Welcome;
    }

    let mut runner = Runner::new(tx.clone(), places.clone());
    runner.load_data(&app.ctx.config);
    runner.load_model(&app.ctx.model_path);
    runner.load_sweep(&app.ctx.config);
    // Edits to config.ron take effect without a key (c still reloads).
    let _watch = watch::watch_config(&places.config, tx.clone());
    input::spawn(tx);
    let result = run_loop(&mut terminal, &mut app, &mut runner, &rx);
    // The sweep stops at its next batch and writes its result files.
    runner.finish(Duration::from_secs(10));
    // The guard gives the terminal back; the Terminal's own drop would only
    // print an error when the terminal is already gone (a closed window).
    std::mem::forget(terminal);
    result
}

/// Every signal that ends a program by default, when it can be caught:
/// quit through the normal path, so the terminal is always given back.
fn on_signals(tx: mpsc::Sender<Event>) -> Result<(), Error> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for _ in signals.forever() {
                if tx.send(Event::Interrupt).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

fn run_loop(
    terminal: &mut terminal::Tui,
    app: &mut App,
    runner: &mut Runner,
    rx: &Receiver<Event>,
) -> Result<(), Error> {
    let mut dirty = true;
    let mut last_draw = Instant::now() - FRAME;
    let mut last_tick = Instant::now();
    loop {
        if dirty && last_draw.elapsed() >= FRAME {
            // Drawn for the size the terminal has now: the last resize
            // event may carry a size already gone.
            if let Ok(size) = terminal.size()
                && (size.width, size.height) != (app.ctx.size.width, app.ctx.size.height)
            {
                let resized = Input::Resize(size.width, size.height);
                for cmd in update(app, Event::Input(resized)) {
                    runner.execute(cmd, &app.ctx);
                }
            }
            if let Err(e) = terminal.draw(|f| ui::draw(f, app)) {
                // A closed window: there is no one left to tell.
                return if terminal::gone(&e) {
                    Ok(())
                } else {
                    Err(e.into())
                };
            }
            last_draw = Instant::now();
            dirty = false;
        }
        let animating = app.animating();
        let wait = if dirty || animating {
            FRAME.saturating_sub(last_draw.elapsed())
        } else {
            Duration::from_secs(1)
        };
        let mut pending = match rx.recv_timeout(wait) {
            Ok(ev) => vec![ev],
            Err(RecvTimeoutError::Timeout) if animating => Vec::new(),
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        // Take everything already queued before drawing again, so a burst of
        // progress events never makes the screen lag behind.
        pending.extend(rx.try_iter().take(10_000));
        // An animation moves on by itself, busy channel or not.
        if animating && last_tick.elapsed() >= FRAME {
            pending.push(Event::Tick);
            last_tick = Instant::now();
        }
        for ev in pending {
            // Input is judged by the size the terminal has now.
            let ev = match ev {
                Event::Input(input) => {
                    let known = (app.ctx.size.width, app.ctx.size.height);
                    let now = terminal.size().map_or(known, |s| (s.width, s.height));
                    let mut inputs = input::with_size_now(input, known, now);
                    let last = inputs.pop();
                    for resized in inputs {
                        let _ = update(app, Event::Input(resized));
                    }
                    match last {
                        Some(input) => Event::Input(input),
                        None => continue,
                    }
                }
                other => other,
            };
            let mut queue = vec![ev];
            while let Some(ev) = queue.pop() {
                for cmd in update(app, ev) {
                    if let Some(follow_up) = runner.execute(cmd, &app.ctx) {
                        queue.push(follow_up);
                    }
                }
            }
            dirty = true;
        }
        if app.quitting {
            return Ok(());
        }
    }
}
