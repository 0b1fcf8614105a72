//! The Train screen without MNIST: where it was looked for, the download
//! key, and the download's progress.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Wrap};

use crate::tui::ctx::{Ctx, DataState};
use crate::tui::theme;
use crate::tui::widgets::clamp_ratio;

pub fn draw_data_problem(frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let block = Block::bordered()
        .title(" MNIST ")
        .border_style(theme::border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match &ctx.data {
        DataState::Loading => frame.render_widget(Paragraph::new("loading MNIST…"), inner),
        DataState::Missing(message) | DataState::Failed(message) => {
            let mut lines: Vec<Line> = vec![
                Line::from(vec![
                    Span::styled(
                        "Press d to download MNIST",
                        theme::ok().add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(" (about 11 MB), or see below."),
                ]),
                Line::from(""),
            ];
            lines.extend(message.lines().map(|l| Line::from(l.to_string())));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        DataState::Downloading {
            file,
            bytes,
            total,
            bytes_per_sec,
            failures,
        } => {
            let [line, gauge, rest] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Min(0),
            ])
            .areas(inner);
            frame.render_widget(Paragraph::new(format!("downloading {file}")), line);
            let ratio = total.map_or(0.0, |t| *bytes as f64 / t.max(1) as f64);
            let rate = match *bytes_per_sec {
                0 => String::new(),
                r => format!(" · {} kB/s", r / 1000),
            };
            let label = match total {
                Some(t) => format!(
                    "{:.1} / {:.1} MB{rate}",
                    *bytes as f64 / 1e6,
                    *t as f64 / 1e6
                ),
                None => format!("{:.1} MB{rate}", *bytes as f64 / 1e6),
            };
            frame.render_widget(
                Gauge::default()
                    .gauge_style(theme::ok())
                    .ratio(clamp_ratio(ratio))
                    .label(label),
                gauge,
            );
            let lines: Vec<Line> = failures
                .iter()
                .map(|f| Line::from(f.clone()).style(theme::warn()))
                .collect();
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
        }
        DataState::Ready(_) => {}
    }
}
