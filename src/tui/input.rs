//! Terminal input: a thread that reads keys and mouse events and sends them
//! to the UI thread, repairing key sequences torn by a lone Esc.
//!
//! A terminal sends F2 as `ESC O Q` and Up as `ESC [ A`. When Esc is
//! pressed just before such a key (over SSH, or by a quick hand) the bytes
//! arrive together, `ESC ESC O Q`, and crossterm reads an Esc followed by
//! the letters `O` and `Q`. Read as letters, `Q` would quit, `S` start
//! training, `A` rewrite config.ron. So the characters that follow an Esc
//! in the same burst are decoded back into the key they were, or dropped.

use std::sync::mpsc::Sender;
use std::time::Duration;

use ratatui::crossterm::event::{
    self, Event as Input, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};

use super::event::Event;

/// Bytes of one escape sequence arrive within this of each other; a
/// person's next key never does.
const BURST: Duration = Duration::from_millis(5);

/// Reads terminal input and forwards it; ends when the app stops listening.
pub fn spawn(tx: Sender<Event>) {
    let _ = std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            if let Err(e) = forward(&tx) {
                let _ = tx.send(Event::WorkerFailed {
                    worker: super::event::Worker::Input,
                    message: e.to_string(),
                });
            }
        });
}

/// Forwards events until the receiver is gone (Ok) or reading fails.
fn forward(tx: &Sender<Event>) -> std::io::Result<()> {
    loop {
        let first = event::read()?;
        let mut burst = vec![first];
        if is_esc(&burst[0]) {
            // The rest of a torn sequence is already waiting.
            while burst.len() < 12 && event::poll(BURST)? {
                burst.push(event::read()?);
            }
        }
        for ev in repair(burst) {
            if tx.send(Event::Input(ev)).is_err() {
                return Ok(());
            }
        }
    }
}

/// `ev`, preceded by a resize to the terminal's size `now` if the app
/// knows another (`known`). Two resizes in quick succession can reach us as
/// one event carrying the first size: a key must be judged by the size the
/// terminal has when it arrives, not a stale one.
pub fn with_size_now(ev: Input, known: (u16, u16), now: (u16, u16)) -> Vec<Input> {
    let mut out = Vec::with_capacity(2);
    if known != now {
        out.push(Input::Resize(now.0, now.1));
    }
    // A resize event's own size may be stale; the one above is current.
    if !matches!(ev, Input::Resize(..)) {
        out.push(ev);
    }
    out
}

fn is_esc(ev: &Input) -> bool {
    matches!(ev, Input::Key(k) if k.code == KeyCode::Esc && k.kind != KeyEventKind::Release)
}

/// The character of a key press without Ctrl or Alt (Shift is part of it).
fn plain_char(ev: &Input) -> Option<char> {
    match ev {
        Input::Key(k)
            if k.kind != KeyEventKind::Release
                && !k
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            match k.code {
                KeyCode::Char(c) => Some(c),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A burst that began with Esc, with any escape sequence torn from the
/// following key decoded back into that key (or dropped if unknown).
pub fn repair(burst: Vec<Input>) -> Vec<Input> {
    let mut out = Vec::with_capacity(burst.len());
    let mut i = 0;
    while i < burst.len() {
        let ev = &burst[i];
        i += 1;
        if let Input::Key(k) = ev
            && k.modifiers == KeyModifiers::ALT
            && let KeyCode::Char(c) = k.code
        {
            // Esc followed closely by a key: the terminal sends it as Alt+key.
            out.push(Input::Key(KeyEvent::from(KeyCode::Esc)));
            out.push(Input::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
            continue;
        }
        out.push(ev.clone());
        if !is_esc(ev) {
            continue;
        }
        let chars: Vec<char> = burst[i..].iter().map_while(plain_char).collect();
        if let Some((used, key)) = decode(&chars) {
            out.extend(key.map(|k| Input::Key(KeyEvent::from(k))));
            i += used;
        }
    }
    out
}

/// An escape sequence's characters after ESC (`O Q`, `[ 5 ~`): how many
/// it used and the key (None: a sequence, but not one we know).
fn decode(chars: &[char]) -> Option<(usize, Option<KeyCode>)> {
    match chars {
        ['O', c, ..] => Some((2, ss3(*c))),
        ['O'] => Some((1, None)),
        ['[', rest @ ..] => {
            let params = rest
                .iter()
                .take_while(|c| c.is_ascii_digit() || **c == ';')
                .count();
            let Some(&last) = rest.get(params) else {
                // Cut short: drop what came, so no part of it is a key.
                return Some((chars.len(), None));
            };
            if !('\u{40}'..='\u{7e}').contains(&last) {
                return Some((params + 1, None));
            }
            let first: String = rest[..params]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            Some((params + 2, csi(first.parse().ok(), last)))
        }
        _ => None,
    }
}

fn ss3(c: char) -> Option<KeyCode> {
    Some(match c {
        'P' => KeyCode::F(1),
        'Q' => KeyCode::F(2),
        'R' => KeyCode::F(3),
        'S' => KeyCode::F(4),
        'A' => KeyCode::Up,
        'B' => KeyCode::Down,
        'C' => KeyCode::Right,
        'D' => KeyCode::Left,
        'H' => KeyCode::Home,
        'F' => KeyCode::End,
        _ => return None,
    })
}

fn csi(number: Option<u32>, last: char) -> Option<KeyCode> {
    Some(match (number, last) {
        (_, 'A') => KeyCode::Up,
        (_, 'B') => KeyCode::Down,
        (_, 'C') => KeyCode::Right,
        (_, 'D') => KeyCode::Left,
        (_, 'H') => KeyCode::Home,
        (_, 'F') => KeyCode::End,
        (_, 'Z') => KeyCode::BackTab,
        (Some(1 | 7), '~') => KeyCode::Home,
        (Some(4 | 8), '~') => KeyCode::End,
        (Some(2), '~') => KeyCode::Insert,
        (Some(3), '~') => KeyCode::Delete,
        (Some(5), '~') => KeyCode::PageUp,
        (Some(6), '~') => KeyCode::PageDown,
        (Some(n @ 11..=15), '~') => KeyCode::F((n - 10) as u8),
        (Some(n @ 17..=21), '~') => KeyCode::F((n - 11) as u8),
        (Some(n @ 23..=24), '~') => KeyCode::F((n - 12) as u8),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_after_a_stale_resize_comes_with_the_size_the_terminal_has() {
        let key = Input::Key(KeyEvent::from(KeyCode::Char('?')));
        // Told 147x12 by a resize event whose second half never came.
        assert_eq!(
            with_size_now(key.clone(), (147, 12), (124, 39)),
            vec![Input::Resize(124, 39), key.clone()]
        );
        assert_eq!(with_size_now(key.clone(), (124, 39), (124, 39)), vec![key]);
        // A resize event carries the size as it is now, once.
        assert_eq!(
            with_size_now(Input::Resize(147, 12), (147, 12), (100, 30)),
            vec![Input::Resize(100, 30)]
        );
        assert!(with_size_now(Input::Resize(1, 1), (100, 30), (100, 30)).is_empty());
    }

    fn key(code: KeyCode) -> Input {
        Input::Key(KeyEvent::from(code))
    }

    /// A character as crossterm reports it (capitals with Shift).
    fn ch(c: char) -> Input {
        let shift = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        Input::Key(KeyEvent::new(KeyCode::Char(c), shift))
    }

    fn codes(events: Vec<Input>) -> Vec<KeyCode> {
        events
            .into_iter()
            .filter_map(|e| match e {
                Input::Key(k) => Some(k.code),
                _ => None,
            })
            .collect()
    }

    /// What tmux's `send-keys Escape <key>` delivered through crossterm.
    #[test]
    fn torn_sequences_become_the_keys_they_were() {
        let esc = || key(KeyCode::Esc);
        let cases = [
            (
                vec![esc(), ch('O'), ch('Q')],
                vec![KeyCode::Esc, KeyCode::F(2)],
            ),
            (
                vec![esc(), ch('O'), ch('S')],
                vec![KeyCode::Esc, KeyCode::F(4)],
            ),
            (
                vec![esc(), ch('['), ch('A')],
                vec![KeyCode::Esc, KeyCode::Up],
            ),
            (
                vec![esc(), ch('['), ch('5'), ch('~')],
                vec![KeyCode::Esc, KeyCode::PageUp],
            ),
            (
                vec![esc(), ch('['), ch('1'), ch('3'), ch('~')],
                vec![KeyCode::Esc, KeyCode::F(3)],
            ),
            (
                vec![esc(), ch('['), ch('1'), ch(';'), ch('5'), ch('C')],
                vec![KeyCode::Esc, KeyCode::Right],
            ),
        ];
        for (burst, want) in cases {
            assert_eq!(codes(repair(burst.clone())), want, "{burst:?}");
        }
    }

    #[test]
    fn unknown_sequences_are_dropped_and_plain_keys_kept() {
        let esc = || key(KeyCode::Esc);
        // A sequence we do not know: nothing of it becomes a letter.
        assert_eq!(
            codes(repair(vec![esc(), ch('['), ch('9'), ch('9'), ch('~')])),
            vec![KeyCode::Esc]
        );
        assert_eq!(
            codes(repair(vec![esc(), ch('O'), ch('x')])),
            vec![KeyCode::Esc]
        );
        // Esc then an ordinary key, or a key alone, pass through.
        assert_eq!(
            codes(repair(vec![esc(), ch('q')])),
            vec![KeyCode::Esc, KeyCode::Char('q')]
        );
        assert_eq!(codes(repair(vec![ch('Q')])), vec![KeyCode::Char('Q')]);
        // A sequence cut short at the end of a burst is dropped too.
        assert_eq!(
            codes(repair(vec![esc(), ch('['), ch('5')])),
            vec![KeyCode::Esc]
        );
        // Alt+q is how a quick Esc, q arrives: it is read as the two keys.
        let alt_q = Input::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT));
        assert_eq!(
            codes(repair(vec![alt_q])),
            vec![KeyCode::Esc, KeyCode::Char('q')]
        );
    }
}
