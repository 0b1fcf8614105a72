//! The loop as a whole: determinism, equality with the plain path, early
//! stopping, divergence, stopping, events.

use super::*;
use std::sync::atomic::Ordering;

use crate::data::Images;

use crate::test_data::synthetic;

fn settings(seed: u64) -> TrainSettings {
    TrainSettings {
        batch_size: 16,
        learning_rate: 0.01,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-8,
        lr_decay: 1.0,
        patience: 100,
        patience_buffer: 0.0,
        max_epochs: 2,
        validation_size: 100,
        seed,
        lr_schedule: LrSchedule::Exponential,
        // Plain Adam, the images as they are, MNIST's labels.
        ..TrainSettings::legacy()
    }
}

/// Every split these tests train on has at least 64 images.
fn checked(s: &TrainSettings) -> Settings {
    s.clone().check(64).expect("valid test settings")
}

fn splits(train: &Images) -> Splits<'_> {
    Splits {
        train: train.range(0, 200),
        validation: train.range(200, 300),
        test: train.range(300, 400),
    }
}

fn quiet(_: TrainEvent) -> bool {
    true
}

#[test]
fn same_seed_gives_bit_identical_weights() {
    let images = synthetic(400, 1);
    let run = |seed| {
        train(
            splits(&images),
            &checked(&settings(seed)),
            None,
            &RunControl::default(),
            RunOptions::default(),
            &mut quiet,
        )
    };
    let (a, b, c) = (run(11), run(11), run(12));
    assert_eq!(a.epochs_run, 2);
    let bits = |s: &TrainSummary| {
        s.network
            .params
            .iter()
            .map(|p| p.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(bits(&a), bits(&b));
    assert_ne!(bits(&a), bits(&c));
}

/// The straightforward path: the ndarray reference gradient and a plain
/// Adam step per batch, with the same shuffling, schedule, initial biases
/// and augmented images.
fn straightforward_run(images: &Images, st: &TrainSettings) -> Vec<f32> {
    let s = splits(images);
    let checked = checked(st);
    let mut rng = ChaCha8Rng::seed_from_u64(st.seed);
    let mut net = Network::he_init(&mut rng);
    net.set_hidden_biases(st.hidden_bias);
    let mut adam = Adam::new(checked.adam(), PARAM_COUNT);
    let mut order: Vec<u32> = (0..s.train.len() as u32).collect();
    let mut grad = vec![0.0; PARAM_COUNT];
    let batches = s.train.len().div_ceil(st.batch_size);
    let schedule = checked.schedule(batches);
    let mut step = 0;
    for epoch in 1..=st.max_epochs {
        order.shuffle(&mut rng);
        let augmented = super::augmented(s, &checked, epoch);
        let data = augmented.as_ref().map_or(s.train, Images::all);
        for batch in order.chunks(st.batch_size) {
            crate::network::reference::loss_and_gradient(&net, data, batch, &mut grad);
            adam.settings.learning_rate = schedule.rate(step);
            adam.step(&mut net.params, &grad);
            step += 1;
        }
    }
    net.params.to_vec()
}

/// Trains with the optimised path on 1 and 2 threads and checks every
/// weight against the straightforward path's, bit for bit.
fn assert_matches_straightforward(images: &Images, st: &TrainSettings) {
    let want = straightforward_run(images, st);
    for threads in [1, 2] {
        let options = RunOptions {
            threads,
            ..RunOptions::default()
        };
        let got = train(
            splits(images),
            &checked(st),
            None,
            &RunControl::default(),
            options,
            &mut quiet,
        );
        assert_eq!(got.epochs_run, st.max_epochs);
        let differing = want
            .iter()
            .zip(got.network.params.iter())
            .filter(|(a, b)| a.to_bits() != b.to_bits())
            .count();
        assert_eq!(
            differing, 0,
            "{threads} threads: {differing} weights differ"
        );
    }
}

#[test]
fn the_full_recipe_is_bit_identical_to_the_straightforward_path() {
    let images = synthetic(400, 14);
    let mut st = settings(15);
    st.max_epochs = 2;
    st.batch_size = 9;
    st.patience = 100;
    st.lr_schedule = LrSchedule::Cosine;
    st.warmup_epochs = 1;
    st.weight_decay = 0.05;
    st.hidden_bias = 0.1;
    st.augment = Augment::Affine {
        rotation: 10.0,
        scale: 0.1,
        shift: 1.0,
    };
    assert_matches_straightforward(&images, &st);
}

#[test]
fn optimised_training_equals_straightforward_path_bit_for_bit() {
    let images = synthetic(400, 12);
    let mut st = settings(13);
    st.max_epochs = 1;
    st.batch_size = 7; // ragged last batch, odd halves for two threads
    assert_matches_straightforward(&images, &st);
}

#[test]
fn overfits_64_examples() {
    let images = synthetic(64, 2);
    assert_memorises(images.all(), 3, 200);
}

/// Trains on `split` alone (it is also the validation set) and checks
/// that the network ends up right about every example.
fn assert_memorises(split: crate::data::Split, seed: u64, max_epochs: usize) {
    let s = Splits {
        train: split,
        validation: split,
        test: split,
    };
    let mut st = settings(seed);
    st.max_epochs = max_epochs;
    st.batch_size = 8;
    st.learning_rate = 0.005;
    let summary = train(
        s,
        &checked(&st),
        None,
        &RunControl::default(),
        RunOptions::default(),
        &mut quiet,
    );
    assert_eq!(summary.validation.accuracy, 1.0, "{:?}", summary.validation);
}

#[test]
#[ignore = "needs real MNIST (MNIST_DIR, assets/mnist or a download)"]
fn overfits_64_real_digits() {
    let m = crate::test_data::mnist();
    assert_memorises(m.train.range(0, 64), 4, 300);
}

#[test]
fn early_stopping_keeps_the_best_epoch() {
    let images = synthetic(400, 4);
    let mut st = settings(5);
    st.max_epochs = 60;
    st.patience = 3;
    st.learning_rate = 0.05;
    let summary = train(
        splits(&images),
        &checked(&st),
        None,
        &RunControl::default(),
        RunOptions::default(),
        &mut quiet,
    );
    assert_eq!(
        summary.status,
        Status::Converged,
        "{:?}",
        summary.history.len()
    );
    let best = summary
        .history
        .iter()
        .min_by(|a, b| a.validation.cost.total_cmp(&b.validation.cost))
        .unwrap();
    assert_eq!(summary.best_epoch, best.epoch);
    assert_eq!(
        summary.validation, best.validation,
        "the kept parameters are the best epoch's"
    );
    let last = summary.history.last().unwrap();
    assert_eq!(last.epochs_without_improvement, 3);
    assert!(summary.epochs_run < 60);
}

#[test]
fn overflowing_weights_diverge_cleanly() {
    let images = synthetic(400, 6);
    let mut st = settings(7);
    st.max_epochs = 5;
    let mut start = Network::zeros();
    start.params.fill(1e30);
    let summary = train(
        splits(&images),
        &checked(&st),
        Some(start),
        &RunControl::default(),
        RunOptions::default(),
        &mut quiet,
    );
    assert_eq!(summary.status, Status::Diverged);
}

#[test]
fn stop_flag_and_closed_receiver_stop_the_run() {
    let images = synthetic(400, 8);
    let control = RunControl::default();
    let mut st = settings(9);
    st.max_epochs = 50;
    let mut epochs = 0;
    let summary = train(
        splits(&images),
        &checked(&st),
        None,
        &control,
        RunOptions::default(),
        &mut |e| {
            if let TrainEvent::Epoch(_) = e {
                epochs += 1;
                if epochs == 2 {
                    control.stop.store(true, Ordering::Relaxed);
                }
            }
            true
        },
    );
    assert_eq!(summary.status, Status::Stopped);
    assert_eq!(summary.epochs_run, 2);
    let summary = train(
        splits(&images),
        &checked(&st),
        None,
        &RunControl::default(),
        RunOptions::default(),
        &mut |e| !matches!(e, TrainEvent::Epoch(_)),
    );
    assert_eq!((summary.status, summary.epochs_run), (Status::Stopped, 1));
}

#[test]
fn events_arrive_in_order() {
    let images = synthetic(400, 10);
    let mut events = Vec::new();
    let reporting = RunOptions {
        progress_per_epoch: 4,
        snapshot_every: 5,
        threads: 1,
        dead_sample: 0,
    };
    train(
        splits(&images),
        &checked(&settings(1)),
        None,
        &RunControl::default(),
        reporting,
        &mut |e| {
            events.push(e);
            true
        },
    );
    assert!(matches!(
        events[0],
        TrainEvent::Started {
            batches_per_epoch: 13,
            train: 200,
            ..
        }
    ));
    let progress = events
        .iter()
        .filter(|e| matches!(e, TrainEvent::Progress(_)))
        .count();
    assert_eq!(progress, 2 * 5, "every 3 batches plus the last, twice");
    let snapshots = events
        .iter()
        .filter(|e| matches!(e, TrainEvent::Snapshot { .. }))
        .count();
    assert_eq!(snapshots, 4);
    assert!(matches!(events.last(), Some(TrainEvent::Finished(_))));
}

/// Real MNIST; found as the app finds it.
#[test]
#[ignore = "needs real MNIST (MNIST_DIR, assets/mnist or a download)"]
fn one_epoch_on_real_mnist_learns() {
    let m = crate::test_data::mnist();
    let s = m.splits(10_000).unwrap();
    let mut st = settings(1);
    st.batch_size = 32;
    st.learning_rate = 0.001;
    st.max_epochs = 1;
    let summary = train(
        s,
        &checked(&st),
        None,
        &RunControl::default(),
        RunOptions::default(),
        &mut quiet,
    );
    assert!(
        summary.validation.accuracy > 0.88,
        "{:?}",
        summary.validation
    );
}

#[test]
fn runs_trained_together_end_as_each_would_alone() {
    let images = synthetic(400, 12);
    for augment in [Augment::Off, Augment::RECIPE] {
        let mut base = settings(13);
        base.max_epochs = 4;
        base.augment = augment;
        let mut variants = Vec::new();
        for (lr, beta1, wd) in [(0.01, 0.9, 0.0), (0.003, 0.85, 0.01), (0.02, 0.95, 0.0)] {
            variants.push(TrainSettings {
                learning_rate: lr,
                beta1,
                weight_decay: wd,
                ..base.clone()
            });
        }
        // One that stops early: no epoch can gain more than the buffer.
        variants.push(TrainSettings {
            patience: 1,
            patience_buffer: 10.0,
            ..base.clone()
        });
        variants.push(TrainSettings {
            lr_schedule: LrSchedule::Cosine,
            warmup_epochs: 1,
            ..base.clone()
        });
        let checked: Vec<Settings> = variants.iter().map(checked).collect();
        let stop = std::sync::atomic::AtomicBool::new(false);
        let together = train_together(splits(&images), &checked, &stop);
        let mut epochs = Vec::new();
        for (s, got) in checked.iter().zip(&together) {
            let alone = train(
                splits(&images),
                s,
                None,
                &RunControl::default(),
                RunOptions::default(),
                &mut quiet,
            );
            assert_eq!(got.status, alone.status, "{augment:?}");
            assert_eq!(got.best_epoch, alone.best_epoch);
            assert_eq!(got.epochs_run, alone.epochs_run);
            assert_eq!(
                got.validation.cost.to_bits(),
                alone.validation.cost.to_bits()
            );
            assert_eq!(got.validation.accuracy, alone.validation.accuracy);
            assert_eq!(got.test.cost.to_bits(), alone.test.cost.to_bits());
            assert_eq!(got.test.accuracy, alone.test.accuracy);
            epochs.push(got.epochs_run);
        }
        assert_eq!(epochs, [4, 4, 4, 2, 4], "{augment:?}");
        assert_ne!(together[0].validation, together[1].validation);
    }
}

#[test]
fn a_stop_ends_the_runs_still_training_as_stopped() {
    let images = synthetic(400, 14);
    let stop = std::sync::atomic::AtomicBool::new(true);
    let ended = train_together(splits(&images), &[checked(&settings(15))], &stop);
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].status, Status::Stopped);
    assert_eq!(ended[0].epochs_run, 0);
}

#[test]
fn shuffled_labels_keep_the_classes_and_change_most_answers() {
    let images = synthetic(300, 5);
    let split = images.range(0, 300);
    let mut s = settings(3);
    assert!(
        shuffled_labels(split, &checked(&s)).is_none(),
        "True: as they are"
    );
    s.labels = crate::hyper::Labels::Shuffled;
    let shuffled = shuffled_labels(split, &checked(&s)).expect("a shuffled copy");
    let again = shuffled_labels(split, &checked(&s)).expect("a shuffled copy");
    let (old, new) = (split.labels(), shuffled.all().labels());
    assert_eq!(new, again.all().labels(), "seeded");
    let mut a = old.to_vec();
    let mut b = new.to_vec();
    a.sort();
    b.sort();
    assert_eq!(a, b, "the same labels, dealt out again");
    let changed = old.iter().zip(new).filter(|(x, y)| x != y).count();
    assert!(changed > 240, "{changed} of 300 changed");
    assert_eq!(shuffled.all().image(7), split.image(7), "the images stay");
}
