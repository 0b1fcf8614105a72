//! The Train screen without MNIST: what was tried, every way to get the
//! files, and a download's progress.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Wrap};

use crate::tui::ctx::{Ctx, DataHelp, DataState};
use crate::tui::theme;
use crate::tui::widgets::clamp_ratio;

pub fn draw_data_problem(frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let title = match &ctx.data {
        DataState::Loading => " MNIST: loading ",
        DataState::Downloading { .. } => " MNIST: downloading ",
        DataState::Failed(_) => " MNIST: cannot be used ",
        _ => " MNIST: not found ",
    };
    let block = Block::bordered().title(title).border_style(theme::border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match &ctx.data {
        DataState::Loading => frame.render_widget(Paragraph::new("loading MNIST…"), inner),
        DataState::Missing(help) => {
            let paragraph = Paragraph::new(help_lines(help)).wrap(Wrap { trim: false });
            frame.render_widget(paragraph, inner);
        }
        DataState::Failed(message) => {
            let mut lines = vec![
                Line::from("MNIST is there but cannot be read:").style(theme::warn()),
                Line::from(""),
            ];
            lines.extend(message.lines().map(|l| Line::from(l.to_string())));
            lines.push(Line::from(""));
            lines.push(key_line(
                "d",
                " download again (missing files only; nothing is written over a file that is there)",
            ));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        DataState::Downloading {
            attempt,
            file,
            url,
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
            let what = match (file.is_empty(), url.is_empty()) {
                (true, _) => "connecting…".to_string(),
                (false, true) => file.clone(),
                (false, false) => format!("{file} from {url}"),
            };
            let try_text = if *attempt > 1 {
                format!("try {attempt}: ")
            } else {
                String::new()
            };
            frame.render_widget(
                Paragraph::new(format!("{try_text}downloading {what}")),
                line,
            );
            let ratio = total.map_or(0.0, |t| *bytes as f64 / t.max(1) as f64);
            let rate = match *bytes_per_sec {
                0 => String::new(),
                r => format!(" · {}", crate::fmt::rate(r)),
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
                .map(|f| Line::from(format!("failed: {f}")).style(theme::warn()))
                .collect();
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
        }
        DataState::Ready(_) => {}
    }
}

fn key_line(key: &'static str, text: impl Into<String>) -> Line<'static> {
    Line::from(vec![
        Span::styled(key, theme::key().add_modifier(Modifier::BOLD)),
        Span::raw(text.into()),
    ])
}

/// `https://host:port/path` -> `host:port`, to keep lines short.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
}

/// What was tried, then every way to get the files, most likely first.
fn help_lines(help: &DataHelp) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(
        "The app needs MNIST's four files, about 11 MB (each raw or .gz): \
         train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte.",
    )];
    if help.attempts == 0 {
        lines.push(Line::from("No download was tried yet."));
    } else {
        let tries = match help.attempts {
            1 => "The download failed".to_string(),
            n => format!("Download try {n} failed"),
        };
        lines.push(Line::from(format!("{tries}:")).style(theme::warn()));
        for (url, error) in &help.failures {
            let error = error.strip_prefix("io: ").unwrap_or(error);
            lines.push(Line::from(format!("  {}: {error}", host(url))).style(theme::warn()));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from("Ways to get it:").style(theme::key()));
    let mirrors: Vec<String> = help
        .mirrors
        .iter()
        .map(|(m, origin)| match *origin {
            "config.ron" => host(m).to_string(),
            other => format!("{} ({other})", host(m)),
        })
        .collect();
    lines.push(key_line(
        "d",
        format!(
            "  download again into {} from {}",
            help.download_dir,
            mirrors.join(", ")
        ),
    ));
    lines.push(Line::from(
        "a mirror of your own, tried first: --mirror URL or MNIST_MIRROR=URL, \
         or `mirrors` in config.ron (then c)",
    ));
    lines.push(Line::from(format!(
        "a copy of the files: MNIST_DIR=/path or --data-dir /path, data_dir in config.ron, \
         or copy them into {}",
        help.download_dir
    )));
    lines.push(
        Line::from(format!(
            "e.g.  MNIST_MIRROR=http://192.168.1.5:8000/ {}",
            help.command
        ))
        .style(theme::dim()),
    );
    let searched: Vec<String> = help
        .searched
        .iter()
        .map(|(dir, state)| format!("{dir} ({state})"))
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(format!("Searched: {}", searched.join("; "))).style(theme::dim()));
    lines
}
