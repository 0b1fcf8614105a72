//! The plot's tests: axes, strokes, marker labels and notes.

use super::*;

fn plot<'a>(series: Vec<Series<'a>>, x: Axis, y: Axis) -> Plot<'a> {
    Plot {
        series,
        x,
        y,
        marks: vec![],
        axis_style: Style::new(),
        x_title: String::new(),
        note: vec![],
    }
}

fn axis(lo: f64, hi: f64, step: f64) -> Axis {
    Axis {
        bounds: [lo, hi],
        ticks: ticks(lo, hi, step, |v| format!("{v}")),
    }
}

fn drawn(p: Plot, w: u16, h: u16) -> Buffer {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    p.render(area, &mut buf);
    buf
}

fn text(buf: &Buffer) -> String {
    let a = buf.area;
    (a.top()..a.bottom())
        .map(|y| {
            (a.left()..a.right())
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

/// Braille dots in the buffer.
fn dots(buf: &Buffer) -> u32 {
    buf.content()
        .iter()
        .filter_map(|c| c.symbol().chars().next())
        .filter(|c| ('\u{2801}'..='\u{28ff}').contains(c))
        .map(|c| (c as u32 - 0x2800).count_ones())
        .sum()
}

#[test]
fn nice_ranges_have_round_steps() {
    let (lo, hi, step) = nice_range(0.13, 0.52, 4, 0.0);
    assert_eq!(step, 0.1);
    assert!((lo - 0.1).abs() < 1e-9 && (hi - 0.6).abs() < 1e-9);
    let (lo, hi, step) = nice_range(1.0, 12.0, 6, 1.0);
    assert_eq!((lo, hi, step), (0.0, 12.0, 2.0));
    let (lo, hi, _) = nice_range(f64::NAN, 1.0, 4, 0.0);
    assert!(lo < hi);
    assert_eq!(decimals(0.05), 2);
    assert_eq!(decimals(2.0), 0);
}

#[test]
fn dots_are_pairs_in_their_colour_over_an_earlier_line() {
    let line = [(0.0, 0.5), (4.0, 0.5)];
    let dot = [(2.0, 0.5)];
    let series = |points, color, stroke| Series {
        points,
        color,
        stroke,
    };
    let p = plot(
        vec![
            series(&line, Color::Yellow, Stroke::Line),
            series(&dot, Color::White, Stroke::Points),
        ],
        Axis {
            bounds: [0.0, 4.0],
            ticks: vec![],
        },
        Axis {
            bounds: [0.0, 1.0],
            ticks: vec![],
        },
    );
    let buf = drawn(p, 21, 7);
    let white: Vec<&str> = buf
        .content()
        .iter()
        .filter(|c| c.fg == Color::White)
        .map(|c| c.symbol())
        .collect();
    assert_eq!(white.len(), 1, "one cell for the dot: {white:?}");
    let bits = white[0].chars().next().unwrap() as u32 - 0x2800;
    assert!(bits.count_ones() >= 2, "a visible pair: {:?}", white[0]);
}

#[test]
fn strokes_tell_curves_apart_without_colour() {
    // The same falling curve, solid, dotted and sparse.
    let pts = [(0.0, 0.9), (2.0, 0.4), (6.0, 0.2), (10.0, 0.1)];
    let count = |stroke| {
        let series = vec![Series {
            points: &pts,
            color: Color::Reset,
            stroke,
        }];
        dots(&drawn(
            plot(series, axis(0.0, 10.0, 5.0), axis(0.0, 1.0, 0.5)),
            40,
            12,
        ))
    };
    let (line, dotted, sparse) = (
        count(Stroke::Line),
        count(Stroke::Dotted),
        count(Stroke::Sparse),
    );
    assert!(line > 60, "{line}");
    // About half and a quarter of the line's dots, evenly spread.
    assert!(
        dotted * 2 <= line + 4 && dotted * 2 + 8 >= line,
        "{line} {dotted}"
    );
    assert!(
        sparse * 4 <= line + 8 && sparse * 4 + 16 >= line,
        "{line} {sparse}"
    );
}

#[test]
fn axes_ticks_labels_and_marks_are_drawn() {
    let pts = [(1.0, 0.5), (2.0, 0.3), (3.0, 0.2)];
    let mut p = plot(
        vec![Series {
            points: &pts,
            color: Color::Cyan,
            stroke: Stroke::Line,
        }],
        axis(0.0, 4.0, 1.0),
        Axis {
            bounds: [0.0, 0.6],
            ticks: ticks(0.0, 0.6, 0.2, |v| format!("{v:.1}")),
        },
    );
    p.marks = vec![Mark {
        x: 3.0,
        label: "last".into(),
        style: Style::new(),
    }];
    p.x_title = "epoch".into();
    let text = text(&drawn(p, 40, 12));
    for want in ["0.6┤", "0.0┤", "└", "┴", "epoch", "last", "4"] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    // Tiny areas draw nothing and do not panic.
    for (w, h) in [(1, 1), (3, 200), (6, 3), (200, 3)] {
        let mut p = plot(vec![], Axis::default(), Axis::default());
        p.x_title = "epoch".into();
        p.note = vec![("nothing yet".into(), Style::new())];
        drawn(p, w, h);
    }
}

#[test]
fn the_axis_title_takes_no_tick_label_s_place() {
    // A narrow chart whose last tick sits where the title used to go.
    for width in [24, 28, 32, 40] {
        let ticks = vec![(1.0, "1".into()), (5.0, "5".into()), (10.0, "10".into())];
        let mut p = plot(
            vec![],
            Axis {
                bounds: [1.0, 12.0],
                ticks,
            },
            axis(0.0, 1.0, 0.5),
        );
        p.x_title = "epoch".into();
        let text = text(&drawn(p, width, 8));
        let labels = text.lines().nth(7).expect("labels row").to_string();
        let words: Vec<&str> = labels.split_whitespace().collect();
        assert!(words.contains(&"10"), "{width}: {labels:?}");
        assert!(words.contains(&"5"), "{width}: {labels:?}");
        if width >= 28 {
            assert!(words.contains(&"epoch"), "{width}: {labels:?}");
        }
    }
}

#[test]
fn the_axis_title_sits_at_an_end_not_amid_the_ticks() {
    // Amid the ticks ("4 epoch 6 8") it reads as one of them.
    for width in 20..=90 {
        let ticks = [1, 2, 4, 6, 8, 10, 12]
            .iter()
            .map(|&e| (e as f64, e.to_string()))
            .collect();
        let mut p = plot(
            vec![],
            Axis {
                bounds: [1.0, 12.0],
                ticks,
            },
            axis(0.0, 1.0, 0.5),
        );
        p.x_title = "epoch".into();
        let text = text(&drawn(p, width, 8));
        let labels = text.lines().nth(7).expect("labels row").to_string();
        let words: Vec<&str> = labels.split_whitespace().collect();
        assert_eq!(words.first(), Some(&"1"), "{width}: {labels:?}");
        assert!(words.contains(&"12"), "{width}: {labels:?}");
        if let Some(i) = words.iter().position(|w| *w == "epoch") {
            let at_an_end = i == 0 || i + 1 == words.len();
            let before_the_last = i + 2 == words.len() && words[i + 1] == "12";
            assert!(at_an_end || before_the_last, "{width}: {labels:?}");
        } else {
            assert!(width < 30, "{width}: no title in {labels:?}");
        }
    }
}

#[test]
fn marker_labels_keep_off_the_curves() {
    // A curve along the top right, where a label would go first.
    let pts = [(0.0, 0.2), (4.0, 0.95), (10.0, 0.97)];
    let with = |marks: Vec<Mark>| {
        let mut p = plot(
            vec![Series {
                points: &pts,
                color: Color::Green,
                stroke: Stroke::Line,
            }],
            axis(0.0, 10.0, 5.0),
            axis(0.0, 1.0, 0.5),
        );
        p.marks = marks;
        drawn(p, 40, 12)
    };
    let mark = |x: f64, label: &str| Mark {
        x,
        label: label.into(),
        style: Style::new().fg(Color::Yellow),
    };
    let bare = with(vec![]);
    let marked = with(vec![mark(5.0, "best 5"), mark(10.0, "stop 10")]);
    let text = text(&marked);
    assert!(
        text.contains("best 5") && text.contains("stop 10"),
        "{text}"
    );
    // Every cell of the curve is still the curve's.
    for (i, cell) in bare.content().iter().enumerate() {
        if cell.fg == Color::Green {
            assert_eq!(marked.content()[i].fg, Color::Green, "{i}\n{text}");
        }
    }
}

#[test]
fn a_note_is_centred_in_the_plotting_area() {
    let mut p = plot(vec![], axis(0.0, 1.0, 0.5), axis(0.0, 1.0, 0.5));
    p.note = vec![("no epochs yet".into(), Style::new())];
    let text = text(&drawn(p, 40, 12));
    let row = text
        .lines()
        .find(|r| r.contains("no epochs yet"))
        .expect("note");
    let at = row.find("no epochs yet").expect("note");
    // Right of the y axis labels, not over them.
    assert!(at > 5 && row.starts_with("   │"), "{row:?}");
}
