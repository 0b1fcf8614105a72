//! Drawing the Network screen: the neurons lit by one digit, the first
//! layer's weights as pictures, and the model's mistakes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::state::{NetworkScreen, View};
use super::{mistakes_view, neurons_view, tiles_view};
use crate::tui::ctx::Ctx;
use crate::tui::theme;

pub fn draw(n: &NetworkScreen, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let Some((network, source, _)) = n.shown(ctx) else {
        let text = match &ctx.model.model {
            Err(e) => format!(
                "No model to look inside: {e}\nTrain one (F1) or load one on the Play screen (F2, l)."
            ),
            Ok(_) => String::new(),
        };
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).block(
                Block::bordered()
                    .title(" Network ")
                    .border_style(theme::border()),
            ),
            area,
        );
        return;
    };
    if ctx.data.ready().is_none() {
        frame.render_widget(
            Paragraph::new("MNIST is not loaded yet: see the Train screen (F1).").block(
                Block::bordered()
                    .title(" Network ")
                    .border_style(theme::border()),
            ),
            area,
        );
        return;
    }
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let view = match n.view {
        View::Neurons => "neurons",
        View::Weights => tiles_view::title(n.tiles_layer(), n.products),
        View::Mistakes => "mistakes on the test set",
    };
    let mut spans = Vec::new();
    // First, so a narrow terminal never cuts off what is being typed.
    if let Some(typed) = n.goto.text() {
        spans.push(Span::styled(
            format!(" go to test digit #{typed}▏ (Enter) "),
            theme::warn(),
        ));
    }
    spans.extend([
        Span::styled(format!(" {view} "), theme::selected()),
        Span::styled(" v: view · showing: ", theme::dim()),
        Span::raw(source),
    ]);
    if n.evaluating() {
        spans.push(Span::styled("  evaluating…", theme::warn()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), head);
    if n.view == View::Mistakes {
        match (n.insight_for(ctx), ctx.data.ready()) {
            (Some(insight), Some(data)) => {
                mistakes_view::draw(frame, body, n, insight, network, data.test.all())
            }
            _ => evaluating(frame, body),
        }
        return;
    }
    let Some(facts) = n.facts_for(ctx) else {
        evaluating(frame, body);
        return;
    };
    let derived = n.derived(ctx);
    let Some(seen) = &derived.seen else {
        frame.render_widget(Paragraph::new("no digit to show"), body);
        return;
    };
    if n.view == View::Neurons {
        neurons_view::draw(frame, body, n, network, facts, seen);
    } else {
        tiles_view::draw(frame, body, n, facts, seen);
    }
}

/// While the shown model's study is computed (no results to draw yet).
fn evaluating(frame: &mut Frame, area: Rect) {
    frame.render_widget(
        Paragraph::new("evaluating the model on the data…").style(theme::dim()),
        area,
    );
}
