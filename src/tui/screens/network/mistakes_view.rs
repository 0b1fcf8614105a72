//! The mistakes view: a gallery of the test digits the model gets wrong
//! (true digit → answer, confidence), the confusion matrix beside it (a
//! cursor in it filters the gallery), and the selected mistake large with
//! its probabilities.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::state::{NetworkScreen, TestResults};
use crate::data::Split;
use crate::fmt::percent;
use crate::network::{Network, OUTPUTS};
use crate::tui::theme;
use crate::tui::widgets::bars::bars;
use crate::tui::widgets::confusion::{Look, confusion_lines};
use crate::tui::widgets::picture::{Picture, Render, Shade, cells, unit};

/// A thumbnail: 28x28 in braille (14 x 7 cells) and a caption line.
const THUMB: (u16, u16) = (14, 7);

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    n: &NetworkScreen,
    insight: &TestResults,
    net: &Network,
    split: Split,
) {
    if area.width < 20 || area.height < 4 {
        return;
    }
    let screen = frame.area();
    let clip = move |r: Rect| r.intersection(screen);
    let cell = if area.width >= 140 { 5 } else { 4 };
    let wide = if area.width >= 160 { 58 } else { 0 };
    let matrix_w = (3 + OUTPUTS as u16 * cell as u16 + 2)
        .max(wide)
        .min(area.width);
    let right = Rect::new(
        area.right().saturating_sub(matrix_w),
        area.y,
        matrix_w,
        area.height,
    );
    let left = Rect::new(
        area.x,
        area.y,
        right.x.saturating_sub(area.x + 1),
        area.height,
    );
    draw_matrix(frame, right, n, insight, split, cell);
    let below = Rect::new(
        right.x,
        right.y + 14,
        right.width,
        right.height.saturating_sub(14),
    );
    draw_gallery(frame, left, n, insight, split);
    let Some(&index) = n
        .gallery
        .get(n.mistake.min(n.gallery.len().saturating_sub(1)))
    else {
        let text = if n.filter.is_some() {
            "no mistakes in this cell (a: all)"
        } else {
            "no mistakes on the test set"
        };
        frame.render_widget(Paragraph::new(text), clip(below));
        return;
    };
    draw_selected(frame, clip(below), n, net, insight, split, index);
}

fn draw_matrix(
    frame: &mut Frame,
    area: Rect,
    n: &NetworkScreen,
    insight: &TestResults,
    split: Split,
    cell: usize,
) {
    let e = &insight.evaluation;
    let look = Look {
        cell,
        dot_for_zero: true,
        style: |diagonal, count| match (diagonal, count) {
            (true, _) => theme::ok().add_modifier(Modifier::BOLD),
            (false, 0) => theme::dim(),
            (false, c) if c >= 10 => theme::error(),
            (false, _) => theme::warn(),
        },
    };
    let mut lines = confusion_lines(&e.confusion, &look);
    if let Some((t, a)) = n.filter.or(n.matrix_focus.then_some(n.cursor))
        && let Some(span) = lines.get_mut(1 + t).and_then(|l| l.spans.get_mut(1 + a))
    {
        span.style = theme::selected();
    }
    let correct: u32 = (0..OUTPUTS).map(|i| e.confusion[i][i]).sum();
    lines.push(Line::from(format!(
        "accuracy {} ({correct}/{})",
        percent(e.metrics.accuracy),
        split.len(),
    )));
    let title = if n.matrix_focus {
        " m: arrows pick a cell "
    } else {
        " rows true, columns answer (m) "
    };
    let border = if n.matrix_focus {
        theme::key()
    } else {
        theme::border()
    };
    let height = (lines.len() as u16 + 2).min(area.height);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title).border_style(border)),
        Rect::new(area.x, area.y, area.width, height).intersection(frame.area()),
    );
}

fn draw_gallery(
    frame: &mut Frame,
    area: Rect,
    n: &NetworkScreen,
    insight: &TestResults,
    split: Split,
) {
    let screen = frame.area();
    let clip = move |r: Rect| r.intersection(screen);
    let order = if n.least_confident_first {
        "least sure first"
    } else {
        "surest first"
    };
    let which = match n.filter {
        None => "mistakes".to_string(),
        Some((t, a)) if t == a => format!("{t}s read wrong"),
        Some((t, a)) => format!("{t}s read as {a}"),
    };
    let head = format!(
        "{} {which} · {order} (o){}",
        n.gallery.len(),
        if n.filter.is_some() { " · a: all" } else { "" }
    );
    frame.render_widget(
        Paragraph::new(head).style(theme::dim()),
        clip(Rect::new(area.x, area.y, area.width, 1)),
    );
    let (cw, ch) = (THUMB.0 + 2, THUMB.1 + 1);
    let per_row = (area.width / cw).max(1);
    // Spread the thumbnails over the whole width.
    let cw = (area.width / per_row).max(cw);
    let rows = (area.height.saturating_sub(1) / ch).max(1);
    n.gallery_columns.set(per_row as usize);
    let per_page = per_row as usize * rows as usize;
    let first = n.mistake / per_page * per_page;
    let e = &insight.evaluation;
    for (slot, (k, &i)) in n
        .gallery
        .iter()
        .enumerate()
        .skip(first)
        .take(per_page)
        .enumerate()
    {
        let (r, c) = (slot as u16 / per_row, slot as u16 % per_row);
        let (x, y) = (area.x + c * cw, area.y + 1 + r * ch);
        let px = unit(split.image(i));
        frame.render_widget(
            Picture::new(&px, 28, 28, Shade::Gray).render(Render::Braille),
            clip(Rect::new(x, y, THUMB.0, THUMB.1)),
        );
        let (answer, conf) = e.predictions[i];
        let caption = format!("{}→{answer} {:>3.0}%", split.label(i), conf * 100.0);
        let style = if k == n.mistake {
            theme::selected()
        } else {
            theme::dim()
        };
        frame.render_widget(
            Paragraph::new(caption).style(style),
            clip(Rect::new(x, y + THUMB.1, cw - 1, 1)),
        );
    }
}

fn draw_selected(
    frame: &mut Frame,
    area: Rect,
    n: &NetworkScreen,
    net: &Network,
    insight: &TestResults,
    split: Split,
    index: usize,
) {
    if area.height == 0 {
        return;
    }
    let (answer, conf) = insight.evaluation.predictions[index];
    let truth = split.label(index);
    let probabilities = match n.mistake_probabilities {
        Some((i, p)) if i == index => p,
        // Not yet computed (e.g. drawn straight after a new model).
        _ => net.predict(split.image(index)),
    };
    let mut about = vec![
        Line::from(Span::styled(format!("test #{index}"), theme::key())),
        Line::from(format!("a {truth}, read as {answer}")),
        Line::from(format!("{:.1}% sure", conf * 100.0)),
        Line::styled(
            format!("{} of {} (← →)", n.mistake + 1, n.gallery.len()),
            theme::dim(),
        ),
    ];
    // The largest picture that leaves room for the text (beside it when
    // there is room, else under it) and the bars; half blocks before
    // braille. Without room for the bars, the smallest picture.
    let room = |render: Render, k: usize| {
        let (pw, ph) = cells(render, CROP, CROP, k);
        let beside = area.width >= pw + 20;
        let text = if beside { 0 } else { 4 };
        (beside, pw <= area.width && ph + text + 11 <= area.height)
    };
    let candidates = (1..=4)
        .rev()
        .map(|k| (Render::Blocks, k))
        .chain((1..=4).rev().map(|k| (Render::Braille, k)));
    let (render, k) = candidates
        .clone()
        .find(|&(r, k)| room(r, k).1)
        .unwrap_or((Render::Braille, 1));
    let (beside, bars_fit) = room(render, k);
    if !bars_fit {
        // No room for the ten bars: the three likeliest answers in words.
        let mut order: Vec<usize> = (0..OUTPUTS).collect();
        order.sort_by(|&a, &b| probabilities[b].total_cmp(&probabilities[a]));
        let top: Vec<String> = order[..3]
            .iter()
            .map(|&d| format!("{d}: {:.1}%", probabilities[d] * 100.0))
            .collect();
        about.push(Line::from(top.join("  ")));
    }
    let (pw, ph) = cells(render, CROP, CROP, k);
    let (pw, ph) = (pw.min(area.width), ph.min(area.height));
    let px = cropped(&unit(split.image(index)));
    frame.render_widget(
        Picture::new(&px, CROP, CROP, Shade::Gray)
            .render(render)
            .scale(k),
        Rect::new(area.x, area.y, pw, ph),
    );
    let mut y = area.y + ph;
    if beside {
        let x = area.x + pw + 2;
        frame.render_widget(
            Paragraph::new(about),
            Rect::new(x, area.y, area.right().saturating_sub(x), ph),
        );
    } else if ph + 4 <= area.height {
        frame.render_widget(Paragraph::new(about), Rect::new(area.x, y, area.width, 4));
        y += 4;
    } else {
        let x = area.x + pw + 1;
        frame.render_widget(
            Paragraph::new(about),
            Rect::new(
                x.min(area.right()),
                area.y,
                area.right().saturating_sub(x),
                ph,
            ),
        );
    }
    if bars_fit {
        let lines = bars(&probabilities, 12, Some(answer), Some(truth));
        frame.render_widget(
            Paragraph::new(lines),
            Rect::new(
                area.x,
                y + 1,
                area.width,
                area.bottom().saturating_sub(y + 1),
            ),
        );
    }
}

/// The selected digit's side once MNIST's empty border is trimmed, so the
/// large picture sits right under the matrix without a blank band.
const CROP: usize = 24;

fn cropped(px: &[f32]) -> Vec<f32> {
    let m = (28 - CROP) / 2;
    (0..CROP * CROP)
        .map(|i| px[(i / CROP + m) * 28 + i % CROP + m])
        .collect()
}
