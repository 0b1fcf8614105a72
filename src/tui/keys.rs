//! Key bindings: one table per screen plus the global one. The same tables
//! dispatch keys, fill the footer and list every key in the help overlay.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as bound: a code plus whether Ctrl must be held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    /// Letters match their case only: a capital is a different key (and
    /// the letters of a torn escape sequence are capitals, see input.rs).
    /// Alt chords match nothing.
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        self.code == ev.code && ctrl == self.ctrl && !alt
    }
}

/// One row of a key table.
#[derive(Clone, Copy, Debug)]
pub struct Binding<A> {
    pub keys: &'static [Key],
    /// How the key is written on screen, e.g. "s" or "Tab".
    pub label: &'static str,
    /// Short name for the footer; empty keeps the key out of the footer.
    pub short: &'static str,
    /// Sentence for the help overlay.
    pub help: &'static str,
    pub action: A,
}

/// The action bound to `ev` in `table`, if any.
pub fn lookup<A: Copy>(table: &[Binding<A>], ev: &KeyEvent) -> Option<A> {
    table
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(ev)))
        .map(|b| b.action)
}

/// A key as help and footer show it: label, short name (footer; empty
/// keeps it out), sentence (help).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub label: &'static str,
    pub short: &'static str,
    pub help: &'static str,
}

/// The rows of a table that have a label (a key sharing another's row has none).
pub fn rows<A: Copy>(table: &[Binding<A>]) -> Vec<Row> {
    rows_where(table, |_| true)
}

/// `action`'s row in `table`, named `short` in the footer.
pub fn row_as<A: Copy + PartialEq>(
    table: &[Binding<A>],
    action: A,
    short: &'static str,
) -> Option<Row> {
    rows_where(table, |a| a == action)
        .into_iter()
        .next()
        .map(|r| Row { short, ..r })
}

/// The labelled rows whose action passes `keep`.
pub fn rows_where<A: Copy>(table: &[Binding<A>], keep: impl Fn(A) -> bool) -> Vec<Row> {
    table
        .iter()
        .filter(|b| !b.label.is_empty() && keep(b.action))
        .map(|b| Row {
            label: b.label,
            short: b.short,
            help: b.help,
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Global {
    /// Tab: next screen; Shift-Tab: previous.
    Cycle,
    /// F1, F2, …: that screen (as many as there are tabs).
    Jump,
    Help,
    Quit,
    Interrupt,
}

pub const GLOBAL: &[Binding<Global>] = &[
    Binding {
        keys: &[Key::plain(KeyCode::Tab), Key::plain(KeyCode::BackTab)],
        label: "Tab",
        short: "",
        help: "next screen (Shift-Tab: previous)",
        action: Global::Cycle,
    },
    Binding {
        keys: &[
            Key::plain(KeyCode::F(1)),
            Key::plain(KeyCode::F(2)),
            Key::plain(KeyCode::F(3)),
            Key::plain(KeyCode::F(4)),
            Key::plain(KeyCode::F(5)),
            Key::plain(KeyCode::F(6)),
            Key::plain(KeyCode::F(7)),
            Key::plain(KeyCode::F(8)),
            Key::plain(KeyCode::F(9)),
        ],
        // The help names these from the screens' list (see help.rs).
        label: "",
        short: "",
        help: "",
        action: Global::Jump,
    },
    Binding {
        keys: &[Key::char('?')],
        label: "?",
        short: "help",
        help: "show this help",
        action: Global::Help,
    },
    Binding {
        keys: &[Key::char('q')],
        label: "q",
        short: "quit",
        help: "quit (asks first while training or tuning)",
        action: Global::Quit,
    },
    Binding {
        keys: &[Key::ctrl('c')],
        label: "Ctrl-C",
        short: "",
        help: "quit at once, stopping any work",
        action: Global::Interrupt,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_match_their_case_and_ctrl_and_alt_are_distinct() {
        let s = KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT);
        assert!(!Key::char('s').matches(&s), "S is not s");
        let q = KeyEvent::new(KeyCode::Char('Q'), KeyModifiers::SHIFT);
        assert_eq!(lookup(GLOBAL, &q), None, "Q does not quit");
        let alt_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT);
        assert_eq!(lookup(GLOBAL, &alt_q), None);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(!Key::char('c').matches(&ctrl_c));
        assert_eq!(lookup(GLOBAL, &ctrl_c), Some(Global::Interrupt));
        assert_eq!(
            lookup(GLOBAL, &KeyEvent::new(KeyCode::F(3), KeyModifiers::NONE)),
            Some(Global::Jump)
        );
        assert_eq!(
            lookup(
                GLOBAL,
                &KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)
            ),
            Some(Global::Cycle)
        );
    }

    #[test]
    fn no_global_binding_uses_a_digit() {
        for b in GLOBAL {
            for k in b.keys {
                assert!(
                    !matches!(k.code, KeyCode::Char(c) if c.is_ascii_digit()),
                    "{}",
                    b.label
                );
            }
        }
    }
}
