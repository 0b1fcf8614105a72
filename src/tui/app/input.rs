//! Keys: overlays first, then the keys that work everywhere, then the
//! screen's own table.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Overlay};
use crate::tui::command::Command;
use crate::tui::keys::{self, Global};
use crate::tui::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::tui::screens::{Tab, msg::Msg};

impl App {
    pub(super) fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        // A message stays until the next key.
        self.ctx.notice = None;
        let global = keys::lookup(keys::GLOBAL, &key);
        // Too small to see: only quitting works, so nothing happens unseen.
        let size = self.ctx.size;
        if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
            let quitting = matches!(global, Some(Global::Quit | Global::Interrupt));
            if !(quitting || self.overlay == Overlay::ConfirmQuit) {
                self.held_key = Some((key, std::time::Instant::now()));
                return Vec::new();
            }
        }
        // A screen that is reading typed text gets every key first.
        if self.overlay == Overlay::None && self.screen().typing() {
            let msgs = self.screen_key(&key);
            return self.act(msgs);
        }
        match self.overlay {
            Overlay::ConfirmQuit => {
                return match key.code {
                    KeyCode::Char('y' | 'Y') => self.quit(),
                    _ if global == Some(Global::Interrupt) => self.quit(),
                    _ => {
                        self.overlay = Overlay::None;
                        Vec::new()
                    }
                };
            }
            Overlay::Help => {
                if global == Some(Global::Interrupt) {
                    return self.quit();
                }
                // Arrows and pages scroll a help taller than the terminal;
                // w brings the welcome card back; anything else closes.
                let scroll = &mut self.help_scroll;
                match key.code {
                    KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                    KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
                    KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                    KeyCode::PageDown | KeyCode::Char(' ') => *scroll = scroll.saturating_add(10),
                    KeyCode::Home => *scroll = 0,
                    KeyCode::Char('w') => self.overlay = Overlay::Welcome,
                    _ => self.overlay = Overlay::None,
                }
                self.help_scroll = self.help_scroll.min(crate::tui::help::help_scroll_max(
                    self.tab.title(),
                    &self.screen().keys(),
                    self.ctx.size,
                ));
                return Vec::new();
            }
            Overlay::Welcome => {
                if global == Some(Global::Interrupt) {
                    return self.quit();
                }
                self.overlay = Overlay::None;
                return vec![Command::MarkWelcomed];
            }
            Overlay::None => {}
        }
        let msgs = match global {
            Some(Global::Cycle) => {
                let step = if key.code == KeyCode::BackTab {
                    Tab::ALL.len() - 1
                } else {
                    1
                };
                self.tab = Tab::ALL[(self.tab.index() + step) % Tab::ALL.len()];
                Vec::new()
            }
            Some(Global::Jump) => {
                if let KeyCode::F(n) = key.code
                    && let Some(tab) = Tab::ALL.get(usize::from(n).wrapping_sub(1))
                {
                    self.tab = *tab;
                }
                Vec::new()
            }
            Some(Global::Help) => {
                self.overlay = Overlay::Help;
                self.help_scroll = 0;
                Vec::new()
            }
            Some(Global::Quit) if self.quit_loses_something() => {
                self.overlay = Overlay::ConfirmQuit;
                Vec::new()
            }
            Some(Global::Quit | Global::Interrupt) => return self.quit(),
            None => self.screen_key(&key),
        };
        self.act(msgs)
    }

    fn screen_key(&mut self, key: &KeyEvent) -> Vec<Msg> {
        let (screen, ctx) = self.screen_and_ctx();
        screen.handle_key(key, ctx)
    }
}
