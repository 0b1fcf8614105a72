//! A neuron's weighted sum written out, the video's formula with this
//! digit's numbers: the largest inputs x weights as signed bars, the rest
//! summed, the bias, z, and what ReLU (or softmax) makes of it.

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::neuron::{Contribution, NeuronSum};
use crate::tui::theme;
use crate::tui::widgets::weight_bars::weight_bar;

/// The lines for `sum`, at most `rows` of them, `width` cells wide.
/// `name` labels an input (e.g. "h1 #3"); hidden layer 1's 784 pixels are
/// summed into two rows (lit pixels on + and on − weights) instead.
pub fn lines(
    sum: &NeuronSum,
    name: &dyn Fn(usize) -> String,
    width: u16,
    rows: u16,
) -> Vec<Line<'static>> {
    let width = width as usize;
    let rows = rows as usize;
    // Fixed rows: the heading, the bias, z and the result.
    let terms_room = rows.saturating_sub(4);
    let mut terms: Vec<(String, f32)> = Vec::new();
    let mut rest = (0usize, 0.0f32);
    if sum.layer == 0 {
        let (up, down) = sum.pushes();
        let count = |pos: bool| {
            sum.contributions
                .iter()
                .filter(|c| (c.value() > 0.0) == pos && c.value() != 0.0)
                .count()
        };
        terms.push((format!("{} px on +", count(true)), up));
        terms.push((format!("{} px on −", count(false)), down));
    } else {
        let shown = if sum.contributions.len() > terms_room {
            terms_room.saturating_sub(1)
        } else {
            terms_room
        };
        let detail = width >= 38;
        for c in sum.contributions.iter().take(shown) {
            let label = if detail {
                format!("{} {}", name(c.from), product(c))
            } else {
                name(c.from)
            };
            terms.push((label, c.value()));
        }
        for c in sum.contributions.iter().skip(shown) {
            rest.0 += 1;
            rest.1 += c.value();
        }
    }
    if rest.0 > 0 {
        terms.push((format!("{} more", rest.0), rest.1));
    }
    let range = terms
        .iter()
        .map(|t| t.1.abs())
        .chain([sum.bias.abs(), sum.z.abs()])
        .filter(|v| v.is_finite())
        .fold(0.0f32, f32::max);
    let label_w = terms
        .iter()
        .map(|t| t.0.chars().count())
        .chain([4])
        .max()
        .unwrap_or(4)
        + 1;
    let bar_w = width.saturating_sub(label_w + 8).max(2);
    let row = |label: &str, v: f32| weight_bar(&format!("{label:<label_w$}"), v, range, bar_w);
    let formula = "z = Σ input × weight + bias";
    // Which inputs add nothing, where the panel has room to say so.
    let silent = [
        format!(" ({} at 0 add nothing)", sum.silent),
        format!(" ({} at 0)", sum.silent),
    ]
    .into_iter()
    .find(|s| {
        sum.silent > 0 && sum.layer > 0 && formula.chars().count() + s.chars().count() <= width
    })
    .unwrap_or_default();
    let mut out = vec![Line::styled(format!("{formula}{silent}"), theme::dim())];
    out.extend(terms.iter().map(|(label, v)| row(label, *v)));
    out.push(row("bias", sum.bias));
    let mut z = row("z", sum.z);
    z.spans
        .iter_mut()
        .for_each(|s| s.style = s.style.add_modifier(Modifier::BOLD));
    out.push(z);
    out.push(result(sum));
    out.truncate(rows.max(1));
    out
}

/// "0.85×+1.20": an input times its weight.
fn product(c: &Contribution) -> String {
    format!("{:.2}×{:+.2}", c.input, c.weight)
}

/// What the neuron passes on, in words.
fn result(sum: &NeuronSum) -> Line<'static> {
    if sum.layer == 2 {
        Line::from(vec![
            Span::raw("softmax: "),
            Span::styled(
                format!("probability {:.0}%", sum.output * 100.0),
                theme::key(),
            ),
        ])
    } else if sum.fires() {
        Line::from(vec![
            Span::raw("ReLU(z) = z: "),
            Span::styled(format!("activation {:.2}", sum.output), theme::key()),
        ])
    } else {
        Line::from(vec![
            Span::raw("ReLU(z) = 0: "),
            Span::styled("z ≤ 0, it stays dark", theme::warn()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(layer: usize) -> NeuronSum {
        let c = |from, input, weight| Contribution {
            from,
            input,
            weight,
        };
        NeuronSum {
            layer,
            unit: 0,
            contributions: vec![
                c(3, 2.0, 0.5),
                c(7, 1.0, -0.4),
                c(1, 0.5, 0.2),
                c(9, 0.1, 0.1),
            ],
            silent: 12,
            bias: -0.3,
            z: 0.41,
            output: 0.41,
        }
    }

    fn text(l: &Line) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn the_sum_reads_top_to_bottom_and_what_does_not_fit_is_summed() {
        let name = |i: usize| format!("h1 #{i}");
        let all: Vec<String> = lines(&sum(1), &name, 44, 20).iter().map(text).collect();
        assert!(all[0].contains("(12 at 0)"), "{all:?}");
        let wide: Vec<String> = lines(&sum(1), &name, 60, 20).iter().map(text).collect();
        assert!(wide[0].contains("12 at 0 add nothing"), "{wide:?}");
        assert!(
            all[1].starts_with("h1 #3 2.00×+0.50") && all[1].ends_with("+1.00"),
            "{all:?}"
        );
        assert!(all[2].ends_with("-0.40"), "{all:?}");
        assert!(
            all[5].starts_with("bias") && all[6].starts_with("z "),
            "{all:?}"
        );
        assert!(all[7].contains("activation 0.41"), "{all:?}");
        // Six rows: two terms shown, the other two summed.
        let few: Vec<String> = lines(&sum(1), &name, 30, 7).iter().map(text).collect();
        assert_eq!(few.len(), 7, "{few:?}");
        assert!(
            few[3].starts_with("2 more") && few[3].ends_with("+0.11"),
            "{few:?}"
        );
        assert!(!few[1].contains('×'), "no room for the product: {few:?}");
    }

    #[test]
    fn hidden_layer_1_sums_its_pixels_by_sign() {
        let all: Vec<String> = lines(&sum(0), &|i| format!("{i}"), 40, 20)
            .iter()
            .map(text)
            .collect();
        assert!(
            all[1].starts_with("3 px on +") && all[1].ends_with("+1.11"),
            "{all:?}"
        );
        assert!(
            all[2].starts_with("1 px on −") && all[2].ends_with("-0.40"),
            "{all:?}"
        );
        let mut dark = sum(2);
        dark.layer = 1;
        dark.z = -0.2;
        dark.output = 0.0;
        let last = lines(&dark, &|i| format!("{i}"), 40, 20).last().map(text);
        assert_eq!(last.as_deref(), Some("ReLU(z) = 0: z ≤ 0, it stays dark"));
    }
}
