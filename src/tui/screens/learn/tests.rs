use crate::tui::screens::Tab;
use crate::tui::test_support::*;
use ratatui::crossterm::event::KeyCode;

fn learn_app() -> crate::tui::app::App {
    let mut a = play_app();
    feed(&mut a, [key(KeyCode::F(5))]);
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
    for (scene, name) in ["cost", "nudges", "three_ways", "backwards", "gradient"]
        .iter()
        .enumerate()
    {
        feed(&mut a, [ch(char::from(b'1' + scene as u8))]);
        // Let the backwards sweep finish.
        feed(&mut a, (0..40).map(|_| crate::tui::event::Event::Tick));
        snapshot_sizes(&format!("learn_{name}"), &a);
    }
}
