//! Scene 8: chapter 2's probes. Noise fed in gets a confident answer (the
//! network cannot say "I don't know"); a dream, gradient descent on the
//! input to make one output fire, grows into something that is no digit;
//! and where to see a network memorise random labels.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::state::{DREAM_STEPS, LearnScreen};
use super::tall::unit_bar;
use crate::learn::{Backprop, dream, noise};
use crate::network::OUTPUTS;
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::picture::{Picture, Render, Shade, cells, largest_scale};

/// Rows under each picture: its words and the ten probabilities.
const UNDER: u16 = 14;

/// A 28x28 picture at the largest scale that leaves `UNDER` rows below it
/// in `area` (half blocks; braille when not even 1 fits). Returns its rows.
fn picture(frame: &mut Frame, area: Rect, x: &[f32]) -> u16 {
    let rows = area.height.saturating_sub(UNDER);
    let (render, k) = if roomy(area) {
        (
            Render::Blocks,
            largest_scale(Render::Blocks, 28, 28, area.width, rows),
        )
    } else {
        (Render::Braille, 1)
    };
    let (w, h) = cells(render, 28, 28, k);
    frame.render_widget(
        Picture::new(x, 28, 28, Shade::Gray).render(render).scale(k),
        Rect::new(area.x, area.y, w, h).intersection(area),
    );
    h
}

/// Room for a half-block picture and the ten bars under it.
fn roomy(area: Rect) -> bool {
    area.width >= 28 && area.height >= UNDER + 14
}

/// The ten probabilities as bars on tracks, `answer` marked.
fn probabilities(p: &[f32; OUTPUTS], width: u16, answer: usize) -> Vec<Line<'static>> {
    let bar_w = (width as usize).saturating_sub(14).clamp(4, 60);
    (0..OUTPUTS)
        .map(|d| {
            let style = if d == answer {
                theme::key()
            } else {
                theme::dim()
            };
            let [bar, track] = unit_bar(p[d], bar_w, style);
            Line::from(vec![
                Span::raw(format!("{d} ")),
                bar,
                track,
                Span::styled(format!(" {:>5.1}%", p[d] * 100.0), style),
            ])
        })
        .collect()
}

pub fn draw(frame: &mut Frame, area: Rect, n: &LearnScreen, ctx: &Ctx) {
    let Some(net) = n.network(ctx) else {
        return;
    };
    let [top, bottom] = Layout::vertical([Constraint::Min(0), Constraint::Length(3)]).areas(area);
    let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(top);
    // Noise.
    let x = noise(n.noise_seed);
    let bp = Backprop::of_input(net, x.clone(), 0);
    let answer = bp.answer();
    let mut text = vec![Line::styled("noise (r: other noise)", theme::key())];
    let h = picture(
        frame,
        Rect::new(
            left.x,
            left.y + 1,
            left.width,
            left.height.saturating_sub(1),
        ),
        &x,
    );
    text.extend((0..h).map(|_| Line::from("")));
    text.push(Line::from(vec![
        Span::raw("it says "),
        Span::styled(
            format!("{answer}, {:.0}% sure", bp.p[answer] * 100.0),
            theme::key(),
        ),
        Span::raw(": it has no way to say \"I don't know\""),
    ]));
    if roomy(left) {
        text.extend(probabilities(&bp.p, left.width, answer));
    }
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), left);
    // The dream.
    let shown = n.dream_step.unwrap_or(DREAM_STEPS);
    let frames = dream(net, n.dream_target, noise(n.noise_seed), shown);
    let last = &frames[frames.len() - 1];
    let p = |x: &Vec<f32>| Backprop::of_input(net, x.clone(), n.dream_target).p[n.dream_target];
    // The dream as it is now, computed once for its line and its bars.
    let dreamt = Backprop::of_input(net, last.clone(), n.dream_target);
    let mut text = vec![Line::styled(
        format!("dream of a {} (↑ ↓ another digit)", n.dream_target),
        theme::key(),
    )];
    let h = picture(
        frame,
        Rect::new(
            right.x,
            right.y + 1,
            right.width,
            right.height.saturating_sub(1),
        ),
        last,
    );
    text.extend((0..h).map(|_| Line::from("")));
    text.push(Line::from(vec![
        Span::raw(format!(
            "step {shown} of {DREAM_STEPS}: p({}) ",
            n.dream_target
        )),
        Span::raw(format!("{:.3} → ", p(&frames[0]))),
        Span::styled(format!("{:.3}", dreamt.p[n.dream_target]), theme::key()),
    ]));
    if roomy(right) {
        text.extend(probabilities(&dreamt.p, right.width, n.dream_target));
    }
    text.push(Line::styled(
        format!(
            "The pixels themselves moved downhill to make output {} fire. The network is sure, \
             yet it looks like no digit: it learned to tell digits apart, not what one looks like.",
            n.dream_target
        ),
        theme::dim(),
    ));
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), right);
    frame.render_widget(
        Paragraph::new(Line::styled(
            "Random labels: put `labels: Shuffled` in config.ron and train on F1. Training accuracy \
             creeps up while validation stays near 10%: memorising, not learning.",
            theme::dim(),
        ))
        .wrap(Wrap { trim: true }),
        bottom,
    );
}
