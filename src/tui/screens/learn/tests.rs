use crate::tui::screens::Tab;
use crate::tui::test_support::*;
use ratatui::crossterm::event::KeyCode;

/// On the Learn screen, the whole training set's numbers in as if its
/// worker had answered.
fn learn_app() -> crate::tui::app::App {
    let mut a = play_app();
    feed(&mut a, [key(KeyCode::F(5))]);
    let l = &a.screens.learn;
    let train = l.train_split(&a.ctx).expect("data");
    let net = a.ctx.network().expect("a model");
    let event = crate::tui::event::Event::WholeSet {
        generation: l.generation,
        whole: std::sync::Arc::new(crate::learn::whole_set(net, train)),
    };
    feed(&mut a, [event]);
    a.ctx.notice = None;
    a
}

#[test]
fn f5_opens_learn_and_the_keys_walk_the_scenes() {
    let mut a = learn_app();
    assert_eq!(a.tab, Tab::Learn);
    assert_eq!(a.screens.learn.scene, 0);
    feed(&mut a, [key(KeyCode::Right), ch(' ')]);
    assert_eq!(a.screens.learn.scene, 2);
    feed(&mut a, [key(KeyCode::Left)]);
    assert_eq!(a.screens.learn.scene, 1);
    feed(&mut a, [ch('5')]);
    assert_eq!(a.screens.learn.scene, 4);
    feed(&mut a, [ch('n'), ch('n')]);
    assert_eq!(a.screens.learn.example, 2);
    // Scene 4 sweeps backwards: outputs first; any key shows it all.
    feed(&mut a, [ch('4')]);
    assert_eq!(a.screens.learn.layers_shown(), 1);
    feed(&mut a, [ch('x')]);
    assert_eq!(a.screens.learn.layers_shown(), 3);
}

#[test]
fn snapshot_every_scene_at_every_size() {
    let mut a = learn_app();
    for (scene, name) in [
        "cost",
        "nudges",
        "three_ways",
        "backwards",
        "gradient",
        "batch",
        "step",
        "probes",
    ]
    .iter()
    .enumerate()
    {
        feed(&mut a, [ch(char::from(b'1' + scene as u8))]);
        // Let the backwards sweep and the dream finish.
        feed(&mut a, (0..70).map(|_| crate::tui::event::Event::Tick));
        snapshot_sizes(&format!("learn_{name}"), &a);
    }
    // Three steps taken.
    feed(&mut a, [ch('s'), ch('s'), ch('s')]);
    snapshot_sizes("learn_steps", &a);
    // The batch built up to its end, the whole set's gradient in.
    feed(&mut a, [ch('6'), ch('a')]);
    snapshot_sizes("learn_batch_all", &a);
}

#[test]
fn the_dream_grows_a_tick_at_a_time_and_arrows_choose_its_digit() {
    let mut a = learn_app();
    feed(&mut a, [ch('8')]);
    assert_eq!(a.screens.learn.dream_step, Some(0));
    feed(&mut a, (0..10).map(|_| crate::tui::event::Event::Tick));
    assert_eq!(a.screens.learn.dream_step, Some(10));
    // ↑ the next digit up, as the digits are counted.
    feed(&mut a, [key(KeyCode::Up)]);
    assert_eq!(
        (a.screens.learn.dream_target, a.screens.learn.dream_step),
        (4, Some(0))
    );
    feed(&mut a, (0..70).map(|_| crate::tui::event::Event::Tick));
    assert_eq!(a.screens.learn.dream_step, None);
    let screen = render(&a, 120, 40);
    assert!(
        screen.contains("dream of a 4") && screen.contains("no way to say"),
        "{screen}"
    );
    feed(&mut a, [ch('r')]);
    assert_eq!(a.screens.learn.noise_seed, 2);
}

#[test]
fn steps_lower_the_cost_and_o_and_z_start_again_from_the_model() {
    let mut a = learn_app();
    feed(&mut a, [ch('7')]);
    assert!(a.screens.learn.stepping.is_none(), "no step before s");
    feed(&mut a, (0..20).map(|_| ch('s')));
    let l = &a.screens.learn;
    assert_eq!(
        (l.costs.len(), l.stepping.as_ref().map(|s| s.steps)),
        (20, Some(20))
    );
    let moved = l.stepping.as_ref().map(|s| &s.net.params) != a.ctx.network().map(|n| &n.params);
    assert!(moved, "the steps moved the weights, not the model's");
    feed(&mut a, [ch('o')]);
    assert!(a.screens.learn.plain && a.screens.learn.stepping.is_none());
    feed(&mut a, [ch('s'), ch('z')]);
    assert!(a.screens.learn.costs.is_empty());
}

#[test]
fn the_whole_set_is_asked_for_once_per_model_and_an_old_answer_is_dropped() {
    use crate::tui::command::Command;
    let mut a = play_app();
    let cmds = feed(&mut a, [key(KeyCode::F(5))]);
    let asked: Vec<u64> = cmds
        .iter()
        .filter_map(|c| match c {
            Command::WholeSet { generation, .. } => Some(*generation),
            _ => None,
        })
        .collect();
    assert_eq!(asked.len(), 1, "{cmds:?}");
    assert!(
        feed(&mut a, [ch('n')])
            .iter()
            .all(|c| !matches!(c, Command::WholeSet { .. }))
    );
    // An answer for an older model is not shown.
    let whole = std::sync::Arc::new(crate::learn::WholeSet {
        cost: 0.5,
        gradient: vec![0.0; crate::network::PARAM_COUNT],
        examples: 9,
    });
    let stale = crate::tui::event::Event::WholeSet {
        generation: asked[0] + 1,
        whole: whole.clone(),
    };
    feed(&mut a, [stale]);
    assert!(a.screens.learn.whole.is_none());
    let fresh = crate::tui::event::Event::WholeSet {
        generation: asked[0],
        whole,
    };
    feed(&mut a, [fresh]);
    assert!(
        render(&a, 120, 40).contains("all 9 training examples"),
        "scene 1 shows it"
    );
}

#[test]
fn at_200x60_every_scene_fills_at_least_40_percent_with_pictures() {
    let mut a = learn_app();
    let mut filled = Vec::new();
    for scene in 0..8u8 {
        feed(&mut a, [ch(char::from(b'1' + scene))]);
        feed(&mut a, (0..70).map(|_| crate::tui::event::Event::Tick));
        filled.push(fill(&a, 200, 60));
    }
    for (scene, f) in filled.iter().enumerate() {
        assert!(
            f >= &0.4,
            "scene {}: {f:.2} of the body ({filled:.2?})",
            scene + 1
        );
    }
    eprintln!("shares of the body filled at 200x60, scenes 1-8: {filled:.2?}");
    // Smaller terminals show less: the pictures grow with the terminal.
    feed(&mut a, [ch('1')]);
    assert!(fill(&a, 120, 40) < filled[0]);
}

#[test]
fn g_goes_to_a_training_example_and_refuses_one_past_the_end() {
    let mut a = learn_app();
    feed(&mut a, [ch('g'), ch('4'), ch('2')]);
    assert!(render(&a, 120, 40).contains("go to training example #42"));
    feed(&mut a, [key(KeyCode::Enter)]);
    assert_eq!(a.screens.learn.example, 42);
    let count = a.screens.learn.train_split(&a.ctx).unwrap().len();
    feed(&mut a, [ch('g')]);
    for c in count.to_string().chars() {
        feed(&mut a, [ch(c)]);
    }
    feed(&mut a, [key(KeyCode::Enter)]);
    assert_eq!(a.screens.learn.example, 42, "one past the end is refused");
    let notice = a.ctx.notice.as_ref().expect("why").text.clone();
    assert!(
        notice.contains("training examples are numbered 0 to"),
        "{notice}"
    );
    let screen = render(&a, 120, 40);
    assert!(
        screen.contains("training examples are numbered 0 to"),
        "{screen}"
    );
}

#[test]
fn p_takes_plays_digit_and_l_chooses_what_a_drawing_means() {
    let mut a = learn_app();
    // Play's test digit keeps its true label.
    feed(&mut a, [key(KeyCode::F(2))]);
    let index = a.screens.play.round.as_ref().unwrap().index;
    feed(&mut a, [key(KeyCode::F(5)), ch('p')]);
    let test = a.ctx.data.ready().unwrap().test.all();
    let (pixels, label) = a.screens.learn.subject(&a.ctx).unwrap();
    assert_eq!(
        (pixels.as_slice(), label),
        (test.image(index), test.label(index) as usize)
    );
    assert!(render(&a, 200, 60).contains(&format!("test digit #{index} from Play")));
    // A drawing: first meant as what the network reads; l changes it, and
    // the cost is the new label's.
    feed(
        &mut a,
        [
            key(KeyCode::F(2)),
            ch('d'),
            ch(' '),
            key(KeyCode::Down),
            key(KeyCode::Down),
        ],
    );
    feed(&mut a, [key(KeyCode::F(5)), ch('p')]);
    let l = &a.screens.learn;
    let (bp, _) = l.taken_apart(&a.ctx).unwrap();
    assert_eq!(bp.label, bp.answer());
    feed(&mut a, [ch('l')]);
    let (after, _) = a.screens.learn.taken_apart(&a.ctx).unwrap();
    assert_eq!(after.label, (bp.label + 1) % 10);
    assert!(
        after.cost > bp.cost,
        "meant as another digit: it costs more"
    );
    assert!(render(&a, 200, 60).contains(&format!("meant as a {}", after.label)));
    // n goes back to training examples.
    feed(&mut a, [ch('n')]);
    assert!(a.screens.learn.from_play.is_none());
    feed(&mut a, [ch('l')]);
    assert!(
        a.ctx
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("take one with p")
    );
}

#[test]
fn t_takes_trainings_weights_as_they_are_and_t_again_goes_back() {
    use crate::network::Network;
    use crate::train::TrainEvent;
    use rand::SeedableRng;
    let mut a = learn_app();
    feed(&mut a, [ch('t')]);
    assert!(a.screens.learn.taken.is_none());
    assert!(
        a.ctx
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("no training weights yet")
    );
    let model = a.ctx.network().unwrap().clone();
    feed(&mut a, [key(KeyCode::F(1)), ch('s'), started(1)]);
    let live = Network::he_init(&mut rand::rngs::ChaCha8Rng::seed_from_u64(9));
    let snapshot = |epoch| {
        train(
            1,
            TrainEvent::Snapshot {
                epoch,
                batch: 400,
                network: Box::new(live.clone()),
            },
        )
    };
    feed(&mut a, [snapshot(2)]);
    let generation = a.screens.learn.generation;
    feed(&mut a, [key(KeyCode::F(5)), ch('t')]);
    let l = &a.screens.learn;
    assert_eq!(l.network(&a.ctx), Some(&live));
    assert!(l.generation > generation, "the whole set is asked again");
    assert!(render(&a, 200, 60).contains("training's weights at epoch 2, batch 400"));
    // Later snapshots do not move the weights being taken apart.
    feed(&mut a, [snapshot(3)]);
    assert_eq!(a.screens.learn.network(&a.ctx), Some(&live));
    feed(&mut a, [ch('t')]);
    assert_eq!(a.screens.learn.network(&a.ctx), Some(&model));
}

#[test]
fn steps_start_from_the_untrained_network_a_run_starts_from_and_f_from_the_model() {
    let mut a = learn_app();
    let model = a.ctx.network().unwrap().clone();
    feed(&mut a, [ch('7')]);
    let l = &a.screens.learn;
    assert!(l.stepping.is_none(), "nothing taken until s");
    let start = l.new_stepping(&a.ctx).unwrap().unwrap().start;
    assert_ne!(start, model);
    let (pixels, label) = l.subject(&a.ctx).unwrap();
    let untrained = crate::learn::Backprop::of(&start, &pixels, label).cost;
    assert!(render(&a, 200, 60).contains(&format!("this example's cost now: {untrained:.4}")));
    feed(&mut a, [ch('s'), ch('s')]);
    let l = &a.screens.learn;
    let stepping = l.stepping.as_ref().unwrap();
    assert_eq!(
        (stepping.steps, l.costs.len(), &stepping.start),
        (2, 2, &start)
    );
    assert_ne!(stepping.net, start, "it moved");
    // z, and o, begin again from the same untrained network.
    feed(&mut a, [ch('z'), ch('s')]);
    let s = a.screens.learn.stepping.as_ref().unwrap();
    assert_eq!((s.steps, &s.start), (1, &start));
    feed(&mut a, [ch('o'), ch('s')]);
    let s = a.screens.learn.stepping.as_ref().unwrap();
    assert!(s.plain && s.start == start);
    assert_eq!(s.rate(), crate::learn::PLAIN_RATE);
    // f: from the model.
    feed(&mut a, [ch('f'), ch('s')]);
    assert_eq!(a.screens.learn.stepping.as_ref().unwrap().start, model);
}

#[test]
fn on_a_small_terminal_the_chosen_neurons_tile_is_the_one_shown() {
    let mut a = learn_app();
    feed(&mut a, [ch('5')]);
    feed(&mut a, (0..12).map(|_| key(KeyCode::Down)));
    assert_eq!(a.screens.learn.unit, 12);
    let small = render(&a, 80, 24);
    assert!(small.contains("#12 "), "{small}");
    assert!(
        small.contains("of #0–#15 (a larger terminal shows all)"),
        "{small}"
    );
    assert!(!render(&a, 200, 60).contains("a larger terminal"));
}
