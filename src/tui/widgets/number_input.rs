//! Typing a test digit's number ("try #1234"), for Play and Network.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// The number being typed, while a prompt is open.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NumberInput {
    text: Option<String>,
}

/// What a key did to the prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Typed {
    /// Still typing (or the prompt was closed).
    Pending,
    /// Enter on a number below the count.
    Chosen(usize),
    /// Enter on something out of range: why.
    Refused(String),
}

impl NumberInput {
    pub fn open(&mut self) {
        self.text = Some(String::new());
    }

    pub fn is_open(&self) -> bool {
        self.text.is_some()
    }

    /// What has been typed so far, while open.
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// Feeds `key`: digits and Backspace edit, Enter chooses among `count`
    /// test digits, anything else cancels.
    pub fn key(&mut self, key: &KeyEvent, count: usize) -> Typed {
        self.key_among(key, count, "test digits")
    }

    /// As [`Self::key`], choosing among `count` things called `noun`.
    pub fn key_among(&mut self, key: &KeyEvent, count: usize, noun: &str) -> Typed {
        let Some(text) = self.text.as_mut() else {
            return Typed::Pending;
        };
        match key.code {
            KeyCode::Char(c) if c.is_ascii_digit() && text.len() < 5 => text.push(c),
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Enter => {
                let wanted = text.parse::<usize>().ok();
                self.text = None;
                return match wanted {
                    Some(i) if i < count => Typed::Chosen(i),
                    _ => Typed::Refused(format!(
                        "{noun} are numbered 0 to {}",
                        count.saturating_sub(1)
                    )),
                };
            }
            _ => self.text = None,
        }
        Typed::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut NumberInput, code: KeyCode) -> Typed {
        input.key(&KeyEvent::from(code), 10_000)
    }

    #[test]
    fn digits_backspace_enter_and_cancel() {
        let mut n = NumberInput::default();
        assert_eq!(press(&mut n, KeyCode::Char('4')), Typed::Pending);
        n.open();
        for c in "4271".chars() {
            press(&mut n, KeyCode::Char(c));
        }
        press(&mut n, KeyCode::Backspace);
        assert_eq!(n.text(), Some("427"));
        assert_eq!(press(&mut n, KeyCode::Enter), Typed::Chosen(427));
        assert!(!n.is_open());
        n.open();
        for c in "99999".chars() {
            press(&mut n, KeyCode::Char(c));
        }
        assert!(
            matches!(press(&mut n, KeyCode::Enter), Typed::Refused(m) if m.contains("0 to 9999"))
        );
        n.open();
        press(&mut n, KeyCode::Esc);
        assert!(!n.is_open());
    }
}
