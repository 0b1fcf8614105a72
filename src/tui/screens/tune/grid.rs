//! Before a sweep has results: the grid it will run, how many trials
//! that makes, and about how long they will take.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tune::Sweep;

/// Worker-seconds per trial epoch over 50,000 training images, as
/// measured with the default grid (1,500 trials of at most 6 epochs, 2
/// workers, README): 169 s on a 2-core AVX2 EPYC VM, 391 s (6 min 31 s)
/// on a 2-core Xeon VM. Machines differ: the estimate is the range.
const SECONDS_PER_EPOCH: [f64; 2] = [169.0 * 2.0 / 9000.0, 391.0 * 2.0 / 9000.0];

/// About how long `trials` trials of `sweep` take, fast and slow machine,
/// in seconds.
fn estimate(sweep: &Sweep, trials: usize, ctx: &Ctx) -> [f64; 2] {
    let workers = crate::tune::worker_count(ctx.config.tuner.workers).max(1);
    let images = ctx.data.ready().map_or(50_000, |m| {
        m.train.len().saturating_sub(sweep.validation_size)
    });
    SECONDS_PER_EPOCH.map(|per| {
        trials as f64 * sweep.max_epochs as f64 * per * images as f64 / 50_000.0 / workers as f64
    })
}

/// "about 3 to 7 min with 2 workers".
pub fn estimate_words(sweep: &Sweep, trials: usize, ctx: &Ctx) -> String {
    let workers = crate::tune::worker_count(ctx.config.tuner.workers).max(1);
    let what = if workers == 1 { "worker" } else { "workers" };
    let [fast, slow] = estimate(sweep, trials, ctx).map(rough);
    let time = match (fast.split_once(' '), slow.split_once(' ')) {
        _ if fast == slow => fast,
        (Some((a, unit)), Some((b, same))) if unit == same => format!("{a} to {b} {unit}"),
        _ => format!("{fast} to {slow}"),
    };
    format!("about {time} with {workers} {what}")
}

/// A duration as an estimate is worth: seconds, minutes or hours, whole.
fn rough(seconds: f64) -> String {
    match seconds {
        s if s < 90.0 => format!("{:.0} s", s.max(1.0)),
        s if s < 90.0 * 60.0 => format!("{:.0} min", s / 60.0),
        s => format!("{:.1} h", s / 3600.0),
    }
}

/// One axis of the grid: its name, its values as fit, and their count.
fn axis(name: &str, values: Vec<String>, width: usize) -> Line<'static> {
    let count = format!("  ({})", values.len());
    let mut text = String::new();
    let room = width.saturating_sub(15 + count.len());
    for (i, v) in values.iter().enumerate() {
        let more = if i + 1 < values.len() { 2 } else { 0 };
        if text.chars().count() + v.chars().count() + 1 + more > room {
            text.push('…');
            break;
        }
        if i > 0 {
            text.push(' ');
        }
        text.push_str(v);
    }
    Line::from(vec![
        Span::styled(format!("{name:<15}"), theme::dim()),
        Span::raw(text),
        Span::styled(count, theme::dim()),
    ])
}

/// The grid `s` will sweep, in the place the ranking will take.
pub fn draw(frame: &mut Frame, area: Rect, sweep: &Sweep, ctx: &Ctx) {
    let width = area.width.saturating_sub(2) as usize;
    let show = |v: &[f32]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut lines = vec![
        axis("learning rate", show(&sweep.learning_rate), width),
        axis("β1", show(&sweep.beta1), width),
        axis("β2", show(&sweep.beta2), width),
    ];
    if sweep.has_extras() {
        lines.push(axis("weight decay", show(&sweep.weight_decay), width));
        let aug = sweep
            .augment
            .iter()
            .map(|a| if *a { "on" } else { "off" }.to_string())
            .collect();
        lines.push(axis("augmentation", aug, width));
    }
    let seeds = (1..=sweep.seeds).map(|s| s.to_string()).collect();
    lines.push(axis("seeds", seeds, width));
    let configs = sweep.configs().len();
    let trials = sweep.trials().len();
    lines.push(Line::from(format!(
        "= {configs} configurations x {} seeds = {trials} trials, each ≤{} epochs",
        sweep.seeds, sweep.max_epochs
    )));
    let estimate = estimate_words(sweep, trials, ctx);
    let long = format!("{estimate} · s starts; results are ranked here as they come");
    let next = if long.chars().count() <= width {
        long
    } else {
        format!("{estimate} · s starts")
    };
    lines.push(Line::from(next).style(theme::dim()));
    // With room, what the screen will show once results come.
    let later = [
        "",
        "as results come:",
        "  this table ranks the configurations by mean validation cost over their seeds;",
        "  the map shows one learning rate's β1 x β2 grid (← → picks the rate);",
        "  the chart shows the cost against the learning rate, which matters most.",
    ];
    let rows = area.height.saturating_sub(2) as usize;
    if rows >= lines.len() + later.len() && width >= 80 {
        lines.extend(later.iter().map(|l| Line::from(*l).style(theme::dim())));
    }
    // The rest of the room: the configurations themselves, in run order.
    let room = rows.saturating_sub(lines.len() + 2);
    if room >= 1 {
        lines.push(Line::from(""));
        lines.push(Line::from("the configurations, in the order they run:").style(theme::dim()));
        lines.extend(queue(sweep, width, room));
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(" the grid s sweeps ")
                .border_style(theme::border()),
        ),
        area,
    );
}

/// The grid's configurations in columns down `rows` rows of `width`,
/// numbered in the order they run; the last row says how many more.
fn queue(sweep: &Sweep, width: usize, rows: usize) -> Vec<Line<'static>> {
    let configs = sweep.configs();
    let n = configs.len();
    let label = |i: usize| {
        let h = &configs[i];
        let extras = h.extras();
        let extras = if extras.is_empty() {
            String::new()
        } else {
            format!(" {extras}")
        };
        format!(
            "{:>3} β1 {} β2 {} lr {}{extras}",
            i + 1,
            h.beta1,
            h.beta2,
            h.learning_rate
        )
    };
    let col_w = (0..n).map(|i| label(i).chars().count()).max().unwrap_or(0) + 3;
    let cols = (width / col_w.max(1)).max(1);
    let rows = rows.min(n.div_ceil(cols));
    if rows == 0 {
        return Vec::new();
    }
    // Leave the last cell for "+N more" when not all fit.
    let fits = rows * cols >= n;
    let shown = if fits { n } else { rows * cols - 1 };
    (0..rows)
        .map(|r| {
            let mut text = String::new();
            for c in 0..cols {
                let i = c * rows + r;
                let cell = match i {
                    i if i < shown => label(i),
                    i if i == shown && !fits => format!("  … {} more", n - shown),
                    _ => continue,
                };
                text.push_str(&format!("{cell:<col_w$}"));
            }
            Line::from(text.trim_end().to_string()).style(theme::dim())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_is_a_range_in_one_unit_where_it_can_be() {
        // Without data loaded: the full 50,000 training images.
        let ctx = crate::tui::test_support::bare_ctx();
        let sweep = Sweep::from_config(&ctx.config);
        let words = estimate_words(&sweep, sweep.trials().len(), &ctx);
        assert_eq!(words, "about 3 to 7 min with 2 workers");
        assert_eq!(
            estimate_words(&sweep, 10, &ctx),
            "about 1 to 3 s with 2 workers"
        );
    }
}
