//! Typing a test digit's number ("try #1234"), shared by Play and Network.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::app::App;

/// Feeds `key` to the number being typed in `typed`. Returns the test
/// digit chosen when Enter completes a valid number; an invalid one is
/// refused with a message; any key but digits, Backspace and Enter cancels.
pub fn type_number(
    app: &mut App,
    typed: fn(&mut App) -> &mut Option<String>,
    key: &KeyEvent,
) -> Option<usize> {
    let count = app.data.ready().map_or(0, |d| d.test.len());
    let buffer = typed(app);
    let text = buffer.as_mut()?;
    match key.code {
        KeyCode::Char(c) if c.is_ascii_digit() && text.len() < 5 => text.push(c),
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Enter => {
            let wanted = text.parse::<usize>().ok();
            *buffer = None;
            match wanted {
                Some(i) if i < count => return Some(i),
                _ => app.warn(format!(
                    "test digits are numbered 0 to {}",
                    count.saturating_sub(1)
                )),
            }
        }
        _ => *buffer = None,
    }
    None
}
