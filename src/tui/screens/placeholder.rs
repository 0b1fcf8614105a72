//! Screens still to come: say what they will hold.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::app::Tab;
use crate::tui::theme;

pub fn draw(frame: &mut Frame, area: Rect, tab: Tab) {
    let text = match tab {
        Tab::Play => {
            "Play: you against the network. A test digit is drawn in braille; type your guess (0-9), \
             then see the network's answer, its confidence for every digit, and the running score. \
             You will also be able to draw your own digit and watch the prediction change."
        }
        Tab::Tune => {
            "Tune: the original project's sweep of 150 Adam settings x 10 seeds, run on every core, \
             with a live ranking of the settings by validation cost and a heatmap of the grid."
        }
        Tab::Network => {
            "Network: inside the 784-16-16-10 network for one digit: each neuron lit by its \
             activation, the first layer's weights as 16 images, the confusion matrix and the \
             digits it gets wrong."
        }
        Tab::Train => "",
    };
    let lines = vec![
        Line::from("Coming soon").style(theme::warn()),
        Line::from(""),
        Line::from(text),
    ];
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::bordered()
                .title(format!(" {} ", tab.title()))
                .border_style(theme::border()),
        ),
        area,
    );
}
