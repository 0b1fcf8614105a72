//! The Network screen: inside the 784-16-16-10 network, as 3Blue1Brown's
//! video shows it. Three views: the neurons lit by one digit, the first
//! layer's weights as pictures, and where the model goes wrong.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as Stroke};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::cli::percent;
use crate::data::Split;
use crate::digit::braille;
use crate::digit::shading::{activation_levels, weight_picture};
use crate::eval::{Evaluation, evaluate_full};
use crate::network::{Activations, HIDDEN1, HIDDEN2, Network, OUTPUTS, W1, W2, W3, argmax};
use crate::tui::app::{App, Command};
use crate::tui::keys::{Binding, Key, lookup};
use crate::tui::screens::play;
use crate::tui::theme;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    View,
    Previous,
    Next,
    GoTo,
    FromPlay,
    Edges,
    Values,
    Source,
    Order,
    Page,
}

pub const KEYS: &[Binding<Action>] = &[
    Binding {
        keys: &[Key::char('v')],
        label: "v",
        short: "view",
        help: "view: neurons, first-layer weights, or the model's mistakes",
        action: Action::View,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Left), Key::plain(KeyCode::Up)],
        label: "← →",
        short: "digit",
        help: "previous / next test digit (mistakes view: previous / next mistake)",
        action: Action::Previous,
    },
    Binding {
        keys: &[Key::plain(KeyCode::Right), Key::plain(KeyCode::Down)],
        label: "",
        short: "",
        help: "",
        action: Action::Next,
    },
    Binding {
        keys: &[Key::char('g')],
        label: "g",
        short: "",
        help: "go to a test digit by number (type it, then Enter)",
        action: Action::GoTo,
    },
    Binding {
        keys: &[Key::char('p')],
        label: "p",
        short: "from Play",
        help: "take the digit from Play (its test digit, or your drawing in draw mode)",
        action: Action::FromPlay,
    },
    Binding {
        keys: &[Key::char('e')],
        label: "e",
        short: "edges",
        help: "edges: the strongest connections between layers (blue +, red −)",
        action: Action::Edges,
    },
    Binding {
        keys: &[Key::char('n')],
        label: "n",
        short: "numbers",
        help: "show the activation values",
        action: Action::Values,
    },
    Binding {
        keys: &[Key::char('t')],
        label: "t",
        short: "",
        help: "while or after training: its latest weights, or the model file's",
        action: Action::Source,
    },
    Binding {
        keys: &[Key::char('o')],
        label: "o",
        short: "",
        help: "mistakes view: most confident mistakes first, or least",
        action: Action::Order,
    },
    Binding {
        keys: &[Key::plain(KeyCode::PageDown), Key::plain(KeyCode::PageUp)],
        label: "PgDn",
        short: "",
        help: "weights view: next page of neurons (when they do not all fit)",
        action: Action::Page,
    },
];

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Neurons,
    Weights,
    Mistakes,
}

/// The digit the screen shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Digit {
    Test(usize),
    /// A drawing from Play, as the network sees it (28x28 after preprocessing).
    Drawn(Vec<u8>),
}

impl Default for Digit {
    fn default() -> Self {
        Digit::Test(0)
    }
}

/// The latest weights a training run sent; once it finished, the weights
/// it kept (those of its best epoch).
#[derive(Clone, Debug)]
pub struct Live {
    pub epoch: usize,
    pub batch: usize,
    pub network: Network,
    pub kept_best: bool,
}

/// The model's results on the test set, for the mistakes view.
#[derive(Clone, Debug)]
pub struct Insight {
    pub evaluation: Evaluation,
    /// Test indices of the mistakes, in the chosen order.
    pub mistakes: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct NetworkState {
    pub view: View,
    pub digit: Digit,
    pub edges: bool,
    pub values: bool,
    pub goto: Option<String>,
    pub live: Option<Live>,
    /// Show the model file's weights even when training sent newer ones.
    pub prefer_model: bool,
    pub page: usize,
    pub insight: Option<Insight>,
    pub mistake: usize,
    pub least_confident_first: bool,
}

impl NetworkState {
    pub fn typing(&self) -> bool {
        self.goto.is_some()
    }

    /// The model changed: results computed from it are stale.
    pub fn model_changed(&mut self) {
        self.insight = None;
        self.mistake = 0;
    }
}

/// The network shown, and what it is.
pub fn shown(app: &App) -> Option<(&Network, String)> {
    let n = &app.network;
    let model = app.model.model.as_ref().ok();
    match (&n.live, model) {
        // The mistakes view is the model file's, computed once.
        (_, Some(m)) if n.view == View::Mistakes => Some((&m.network, model_label(app))),
        (Some(_), Some(m)) if n.prefer_model => {
            Some((&m.network, format!("{} · t: training", model_label(app))))
        }
        (Some(live), _) => {
            let what = if live.kept_best {
                format!("last run's best, epoch {}", live.epoch)
            } else if app.train.running() {
                format!("training ep {} b {}", live.epoch, live.batch)
            } else {
                format!("last run ep {} b {}", live.epoch, live.batch)
            };
            let switch = if model.is_some() { " · t: file" } else { "" };
            Some((&live.network, format!("{what}{switch}")))
        }
        (None, Some(m)) => Some((&m.network, model_label(app))),
        (None, None) => None,
    }
}

fn model_label(app: &App) -> String {
    format!("{}", app.model.path.display())
}

/// The shown digit's pixels and, for a test digit, its label.
fn digit_pixels(app: &App) -> Option<(Vec<u8>, Option<u8>, String)> {
    match &app.network.digit {
        Digit::Test(i) => {
            let test = app.data.ready()?.test.all();
            let i = (*i).min(test.len().checked_sub(1)?);
            Some((
                test.image(i).to_vec(),
                Some(test.label(i)),
                format!("test digit #{i}"),
            ))
        }
        Digit::Drawn(px) => Some((px.clone(), None, "your drawing".into())),
    }
}

/// Computes the model's test-set results if they are not there yet.
pub fn ensure_insight(app: &mut App) {
    if app.network.insight.is_some() {
        return;
    }
    let (Some(data), Ok(model)) = (app.data.ready(), app.model.model.as_ref()) else {
        return;
    };
    let test = data.test.all();
    let evaluation = evaluate_full(&model.network, test);
    let mut mistakes: Vec<usize> = (0..test.len())
        .filter(|&i| evaluation.predictions[i].0 != test.label(i))
        .collect();
    sort_mistakes(
        &mut mistakes,
        &evaluation,
        app.network.least_confident_first,
    );
    app.network.insight = Some(Insight {
        evaluation,
        mistakes,
    });
}

fn sort_mistakes(mistakes: &mut [usize], e: &Evaluation, least_first: bool) {
    mistakes.sort_by(|&a, &b| {
        let (ca, cb) = (e.predictions[a].1, e.predictions[b].1);
        let order = cb.total_cmp(&ca);
        if least_first { order.reverse() } else { order }.then(a.cmp(&b))
    });
}

pub fn handle_key(app: &mut App, key: &KeyEvent) -> Vec<Command> {
    let count = app.data.ready().map_or(0, |d| d.test.len());
    if app.network.typing() {
        if let Some(i) = crate::tui::goto::type_number(app, |a| &mut a.network.goto, key) {
            app.network.digit = Digit::Test(i);
        }
        return Vec::new();
    }
    let Some(action) = lookup(KEYS, key) else {
        return Vec::new();
    };
    let n = &mut app.network;
    match action {
        Action::View => {
            n.view = match n.view {
                View::Neurons => View::Weights,
                View::Weights => View::Mistakes,
                View::Mistakes => View::Neurons,
            };
            if n.view == View::Mistakes {
                ensure_insight(app);
            }
        }
        Action::Previous | Action::Next => {
            let step = |i: usize, len: usize| match action {
                Action::Previous => (i + len - 1) % len,
                _ => (i + 1) % len,
            };
            if n.view == View::Mistakes {
                let len = n.insight.as_ref().map_or(0, |i| i.mistakes.len());
                if len > 0 {
                    n.mistake = step(n.mistake, len);
                }
            } else if count > 0 {
                let i = match n.digit {
                    Digit::Test(i) => step(i, count),
                    Digit::Drawn(_) => 0,
                };
                n.digit = Digit::Test(i);
            }
        }
        Action::GoTo => n.goto = Some(String::new()),
        Action::FromPlay => {
            let p = &app.play;
            let digit = match p.mode {
                play::Mode::Draw => p.seen.as_ref().map(|(px, _)| Digit::Drawn(px.clone())),
                play::Mode::Guess => p.round.as_ref().map(|r| Digit::Test(r.index)),
            };
            match digit {
                Some(d) => app.network.digit = d,
                None => app.warn("Play has no digit yet"),
            }
        }
        Action::Edges => n.edges = !n.edges,
        Action::Values => n.values = !n.values,
        Action::Source => {
            if n.live.is_some() {
                n.prefer_model = !n.prefer_model;
            } else {
                app.warn("no training weights yet: train on the Train screen");
            }
        }
        Action::Order => {
            n.least_confident_first = !n.least_confident_first;
            let least = n.least_confident_first;
            if let Some(insight) = &mut n.insight {
                let Insight {
                    evaluation,
                    mistakes,
                } = insight;
                sort_mistakes(mistakes, evaluation, least);
            }
            n.mistake = 0;
        }
        Action::Page => n.page += 1,
    }
    Vec::new()
}

// ---- drawing ----

/// Gray level `level` of 24 as a 256-colour gray.
fn gray(level: u8) -> Color {
    Color::Indexed(232 + level.min(23))
}

/// A signed weight level (-5..=5): blue for positive, red for negative.
fn signed(level: i8) -> Color {
    const BLUE: [u8; 6] = [232, 17, 18, 20, 27, 39];
    const RED: [u8; 6] = [232, 52, 88, 124, 160, 196];
    let i = level.unsigned_abs().min(5) as usize;
    Color::Indexed(if level >= 0 { BLUE[i] } else { RED[i] })
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some((network, source)) = shown(app) else {
        let text = match &app.model.model {
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
    if app.data.ready().is_none() {
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
    let view = match app.network.view {
        View::Neurons => "neurons",
        View::Weights => "first-layer weights",
        View::Mistakes => "mistakes on the test set",
    };
    let mut spans = Vec::new();
    // First, so a narrow terminal never cuts off what is being typed.
    if let Some(typed) = &app.network.goto {
        spans.push(Span::styled(
            format!(" go to test digit #{typed}▏ (Enter) "),
            theme::warn(),
        ));
    }
    spans.extend([
        Span::styled(format!(" {view} "), theme::selected()),
        Span::styled(" v: view · of ", theme::dim()),
        Span::raw(source),
    ]);
    frame.render_widget(Paragraph::new(Line::from(spans)), head);
    match app.network.view {
        View::Neurons => draw_neurons(frame, body, app, network),
        View::Weights => draw_weights(frame, body, app, network),
        View::Mistakes => draw_mistakes(frame, body, app),
    }
}

/// One layer as a column of cells shaded by activation.
fn layer_lines(values: &[f32], show: bool) -> Vec<Line<'static>> {
    let levels = activation_levels(values, 24);
    values
        .iter()
        .zip(levels)
        .enumerate()
        .map(|(i, (&v, level))| {
            let mut spans = vec![
                Span::styled(format!("{i:>2} "), theme::dim()),
                Span::styled("████", Style::new().fg(gray(level))),
            ];
            if show {
                spans.push(Span::raw(format!(" {v:>4.1}")));
            }
            Line::from(spans)
        })
        .collect()
}

fn draw_neurons(frame: &mut Frame, area: Rect, app: &App, network: &Network) {
    let Some((pixels, label, what)) = digit_pixels(app) else {
        return;
    };
    let n = &app.network;
    let a: Activations = network.activations(&pixels);
    let col = if n.values { 14 } else { 11 };
    // The whole 28x28 digit when there is room; the middle 22 columns
    // (where MNIST's ink is) when not.
    let (first, last) = if area.width >= 90 { (0, 28) } else { (3, 25) };
    let [input, h1, e1, h2, e2, out] = Layout::horizontal([
        Constraint::Length(last - first + 2),
        Constraint::Length(col),
        Constraint::Min(3),
        Constraint::Length(col),
        Constraint::Min(3),
        Constraint::Length(20),
    ])
    .areas(area);
    let title = match label {
        Some(l) => format!(" {what}: {l} "),
        None => format!(" {what} "),
    };
    let [digit_box, note] =
        Layout::vertical([Constraint::Length(16), Constraint::Min(0)]).areas(input);
    frame.render_widget(
        Paragraph::new(
            braille::digit_columns(&pixels, first as usize, last as usize)
                .into_iter()
                .map(Line::from)
                .collect::<Vec<_>>(),
        )
        .block(Block::bordered().title(title).border_style(theme::border())),
        digit_box,
    );
    frame.render_widget(
        Paragraph::new(vec![
            Line::from("784 inputs, one per").style(theme::dim()),
            Line::from("pixel · ← → g p: digit").style(theme::dim()),
        ]),
        note,
    );
    let height = HIDDEN1.max(HIDDEN2) as u16 + 2;
    let boxed = |r: Rect| Rect::new(r.x, r.y, r.width, height.min(r.height));
    frame.render_widget(
        Paragraph::new(layer_lines(&a.hidden1, n.values)).block(
            Block::bordered()
                .title(" layer 2 ")
                .border_style(theme::border()),
        ),
        boxed(h1),
    );
    frame.render_widget(
        Paragraph::new(layer_lines(&a.hidden2, n.values)).block(
            Block::bordered()
                .title(" layer 3 ")
                .border_style(theme::border()),
        ),
        boxed(h2),
    );
    let best = argmax(&a.probabilities);
    let outputs: Vec<Line> = a
        .probabilities
        .iter()
        .enumerate()
        .map(|(d, &p)| {
            let width = 7;
            let filled = ((p.clamp(0.0, 1.0) * width as f32).round() as usize).min(width);
            let style = if d == best {
                theme::train().add_modifier(Modifier::BOLD)
            } else {
                theme::dim()
            };
            let mark = if Some(d as u8) == label { "✓" } else { " " };
            Line::from(vec![
                Span::styled(
                    format!("{d}{mark}"),
                    if d == best { style } else { Style::new() },
                ),
                Span::styled(format!("{:<width$}", "█".repeat(filled)), style),
                Span::styled(format!("{:>5.0}%", p * 100.0), style),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(outputs).block(
            Block::bordered()
                .title(format!(" output: {best} "))
                .border_style(theme::border()),
        ),
        Rect::new(
            out.x,
            out.y,
            out.width,
            (OUTPUTS as u16 + 2).min(out.height),
        ),
    );
    if n.edges {
        draw_edges(
            frame,
            Rect::new(e1.x, e1.y, e1.width, height.min(e1.height)),
            &a.hidden1,
            &network.params[W2],
            HIDDEN2,
            HIDDEN1,
            HIDDEN2,
        );
        draw_edges(
            frame,
            Rect::new(e2.x, e2.y, e2.width, height.min(e2.height)),
            &a.hidden2,
            &network.params[W3],
            OUTPUTS,
            HIDDEN2,
            OUTPUTS,
        );
    }
}

/// The strongest connections from a layer (values `from`, `n_from` rows) to
/// the next (`n_to` rows), by |activation x weight|; blue positive, red
/// negative, brighter for stronger.
fn draw_edges(
    frame: &mut Frame,
    area: Rect,
    from: &[f32],
    weights: &[f32],
    outputs: usize,
    n_from: usize,
    n_to: usize,
) {
    let mut edges: Vec<(usize, usize, f32)> = (0..n_from)
        .flat_map(|i| (0..n_to).map(move |j| (i, j)))
        .map(|(i, j)| (i, j, from[i] * weights[i * outputs + j]))
        .filter(|e| e.2 != 0.0 && e.2.is_finite())
        .collect();
    edges.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()));
    edges.truncate(12);
    let strongest = edges.first().map_or(1.0, |e| e.2.abs());
    let h = area.height as f64;
    // Row r of the boxes (inside the border) is at canvas y = h - 1.5 - r.
    let y = |row: usize| h - 1.5 - row as f64;
    let canvas = Canvas::default()
        .marker(Marker::Braille)
        .x_bounds([0.0, 1.0])
        .y_bounds([0.0, h])
        .paint(move |ctx| {
            for &(i, j, c) in edges.iter().rev() {
                let strong = c.abs() > strongest / 2.0;
                let color = match (c > 0.0, strong) {
                    (true, true) => Color::Indexed(39),
                    (true, false) => Color::Indexed(25),
                    (false, true) => Color::Indexed(196),
                    (false, false) => Color::Indexed(88),
                };
                ctx.draw(&Stroke {
                    x1: 0.0,
                    y1: y(i),
                    x2: 1.0,
                    y2: y(j),
                    color,
                });
            }
        });
    frame.render_widget(canvas, area);
}

fn draw_weights(frame: &mut Frame, area: Rect, app: &App, network: &Network) {
    let activations = digit_pixels(app).map(|(px, _, _)| network.activations(&px).hidden1);
    let (cell_w, cell_h) = (16u16, 9u16);
    let per_row = (area.width / cell_w).max(1) as usize;
    let rows = (area.height.saturating_sub(1) / cell_h).max(1) as usize;
    let per_page = (per_row * rows).min(HIDDEN1);
    let pages = HIDDEN1.div_ceil(per_page);
    let page = app.network.page % pages;
    let w1 = &network.params[W1];
    let top = activations.as_ref().map(|a| argmax(a));
    for (slot, neuron) in (page * per_page..((page + 1) * per_page).min(HIDDEN1)).enumerate() {
        let (r, c) = (slot / per_row, slot % per_row);
        let rect = Rect::new(
            area.x + c as u16 * cell_w,
            area.y + r as u16 * cell_h,
            cell_w,
            cell_h,
        );
        // Column `neuron` of W1 (input-major) is this neuron's 784 weights.
        let weights: Vec<f32> = (0..784).map(|i| w1[i * HIDDEN1 + neuron]).collect();
        let picture = weight_picture(&weights, 2, 5);
        let lines: Vec<Line> = picture
            .chunks(14)
            .collect::<Vec<_>>()
            .chunks(2)
            .map(|pair| {
                Line::from(
                    (0..14)
                        .map(|x| {
                            let upper = pair[0][x];
                            let lower = pair.get(1).map_or(0, |row| row[x]);
                            Span::styled("▀", Style::new().fg(signed(upper)).bg(signed(lower)))
                        })
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let act = activations
            .as_ref()
            .map_or(String::new(), |a| format!(" {:.2}", a[neuron]));
        let style = if Some(neuron) == top {
            theme::key()
        } else {
            theme::border()
        };
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::bordered()
                    .title(format!(" #{neuron}{act} "))
                    .border_style(style),
            ),
            rect,
        );
    }
    let legend = format!(
        "blue +, red − · title: activation for the digit{}",
        if pages > 1 {
            format!(
                " · showing {}-{} of {HIDDEN1} (PgDn)",
                page * per_page + 1,
                ((page + 1) * per_page).min(HIDDEN1)
            )
        } else {
            String::new()
        }
    );
    let y = area.y + (rows as u16 * cell_h).min(area.height.saturating_sub(1));
    frame.render_widget(
        Paragraph::new(Line::from(legend).style(theme::dim())),
        Rect::new(area.x, y, area.width, 1),
    );
}

fn draw_mistakes(frame: &mut Frame, area: Rect, app: &App) {
    let (Some(insight), Some(data)) = (&app.network.insight, app.data.ready()) else {
        frame.render_widget(Paragraph::new("computing…"), area);
        return;
    };
    let test: Split = data.test.all();
    let e = &insight.evaluation;
    let [left, right] =
        Layout::horizontal([Constraint::Length(55), Constraint::Min(24)]).areas(area);
    let [matrix_area, list_area] =
        Layout::vertical([Constraint::Length(14), Constraint::Min(0)]).areas(left);
    let mut lines = vec![
        Line::from(format!(
            "   {}",
            (0..10).map(|d| format!("{d:>5}")).collect::<String>()
        ))
        .style(theme::dim()),
    ];
    for (t, row) in e.confusion.iter().enumerate() {
        let mut spans = vec![Span::styled(format!("{t:>2} "), theme::dim())];
        for (p, &count) in row.iter().enumerate() {
            let style = match (t == p, count) {
                (true, _) => theme::ok().add_modifier(Modifier::BOLD),
                (false, 0) => theme::dim(),
                (false, c) if c >= 10 => theme::error(),
                (false, _) => theme::warn(),
            };
            spans.push(Span::styled(format!("{count:>5}"), style));
        }
        lines.push(Line::from(spans));
    }
    let correct: u32 = (0..OUTPUTS).map(|i| e.confusion[i][i]).sum();
    lines.push(Line::from(format!(
        "accuracy {} ({correct}/{}) · cost {:.4}",
        percent(e.metrics.accuracy),
        test.len(),
        e.metrics.cost
    )));
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(" confusion: rows true, columns predicted ")
                .border_style(theme::border()),
        ),
        matrix_area,
    );
    let order = if app.network.least_confident_first {
        "least confident first"
    } else {
        "most confident first"
    };
    let Some(&index) = insight.mistakes.get(
        app.network
            .mistake
            .min(insight.mistakes.len().saturating_sub(1)),
    ) else {
        frame.render_widget(Paragraph::new("no mistakes on the test set"), right);
        return;
    };
    // The selected mistake and the ones after it.
    let list: Vec<Line> = insight
        .mistakes
        .iter()
        .enumerate()
        .skip(app.network.mistake)
        .take(list_area.height.saturating_sub(2) as usize)
        .map(|(k, &i)| {
            let (pred, conf) = e.predictions[i];
            let line = format!(
                "{:>4}. #{i:<5} {} read as {pred} ({:.1}%)",
                k + 1,
                test.label(i),
                conf * 100.0
            );
            if k == app.network.mistake {
                Line::from(line).style(theme::selected())
            } else {
                Line::from(line)
            }
        })
        .collect();
    frame.render_widget(
        Paragraph::new(list).block(
            Block::bordered()
                .title(format!(
                    " {} mistakes, {order} (o) ",
                    insight.mistakes.len()
                ))
                .border_style(theme::border()),
        ),
        list_area,
    );
    let (pred, conf) = e.predictions[index];
    let [digit_box, info] =
        Layout::vertical([Constraint::Length(16), Constraint::Min(0)]).areas(right);
    frame.render_widget(
        Paragraph::new(
            braille::digit_columns(test.image(index), 3, 25)
                .into_iter()
                .map(Line::from)
                .collect::<Vec<_>>(),
        )
        .block(
            Block::bordered()
                .title(format!(" #{index}: {}→{pred} ", test.label(index)))
                .border_style(theme::key()),
        ),
        Rect::new(
            digit_box.x,
            digit_box.y,
            24.min(digit_box.width),
            digit_box.height,
        ),
    );
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(format!("{:.1}% sure of {pred}", conf * 100.0)),
            Line::from(format!(
                "{} of {} (← →)",
                app.network.mistake + 1,
                insight.mistakes.len()
            ))
            .style(theme::dim()),
        ]),
        info,
    );
}
