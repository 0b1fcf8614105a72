//! Runs that differ only in their optimiser, trained together.
//!
//! Runs with the same seed, batch size, augmentation and starting biases
//! start from the same weights and see the same batches in the same order
//! (the shuffle draws from the seed alone), so one pass over each batch can
//! serve all of them ([`crate::network::fused`]). Each run keeps its own
//! Adam, learning-rate schedule and early stopping, and drops out when it
//! stops; each ends exactly as [`super::train`] would have ended it alone.

use std::sync::atomic::{AtomicBool, Ordering};

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

use super::{EarlyStopping, Schedule, Settings, Status, augmented, fresh};
use crate::adam::Adam;
use crate::data::{Images, Splits};
use crate::eval::{Metrics, evaluate_many};
use crate::network::fused::{FusedStep, Lane};
use crate::network::{Network, PARAM_COUNT, Params};

/// How one of the runs ended: what [`super::TrainSummary`] would have said.
#[derive(Clone, Debug)]
pub struct Ended {
    pub status: Status,
    pub best_epoch: usize,
    pub epochs_run: usize,
    /// The kept (lowest validation cost) network's figures; zero for a
    /// stopped run, whose result is not kept.
    pub validation: Metrics,
    pub test: Metrics,
}

struct Member {
    net: Network,
    adam: Adam,
    schedule: Schedule,
    stopping: EarlyStopping,
    kept: Option<Params>,
    epochs_run: usize,
    /// None while it trains.
    status: Option<Status>,
}

/// Whether runs with settings `a` and `b` see the same batches of the same
/// images from the same start, and so can be trained together.
pub fn same_batches(a: &Settings, b: &Settings) -> bool {
    a.seed == b.seed
        && a.batch_size == b.batch_size
        && a.augment == b.augment
        && a.hidden_bias.to_bits() == b.hidden_bias.to_bits()
        && a.max_epochs == b.max_epochs
        && a.validation_size == b.validation_size
}

/// Trains one run per entry of `settings` (which must all have the
/// [`same_batches`]), stopping early when `stop` is set; runs still training
/// then end `Stopped`.
pub fn train_together(splits: Splits, settings: &[Settings], stop: &AtomicBool) -> Vec<Ended> {
    let Some(first) = settings.first() else {
        return Vec::new();
    };
    assert!(
        settings.iter().all(|s| same_batches(first, s)),
        "runs trained together must see the same batches"
    );
    let mut rng = ChaCha8Rng::seed_from_u64(first.seed);
    let start = fresh(&mut rng, first.hidden_bias);
    let batches = splits.train.len().div_ceil(first.batch_size);
    let mut members: Vec<Member> = settings
        .iter()
        .map(|s| Member {
            net: start.clone(),
            adam: Adam::new(s.adam(), PARAM_COUNT),
            schedule: s.schedule(batches),
            stopping: EarlyStopping::new(s.patience, s.patience_buffer),
            kept: None,
            epochs_run: 0,
            status: None,
        })
        .collect();
    let mut order: Vec<u32> = (0..splits.train.len() as u32).collect();
    let mut step = FusedStep::new();
    'epochs: for epoch in 1..=first.max_epochs {
        if members.iter().all(|m| m.status.is_some()) {
            break;
        }
        order.shuffle(&mut rng);
        let augmented = augmented(splits, first, epoch);
        let images = augmented.as_ref().map_or(splits.train, Images::all);
        let first_step = (epoch - 1) * batches;
        let batch_list: Vec<&[u32]> = order.chunks(first.batch_size).collect();
        for (b, &batch) in batch_list.iter().enumerate() {
            if stop.load(Ordering::Relaxed) {
                for m in members.iter_mut().filter(|m| m.status.is_none()) {
                    m.status = Some(Status::Stopped);
                }
                break 'epochs;
            }
            let mut lanes = Vec::with_capacity(members.len());
            let mut who = Vec::with_capacity(members.len());
            for (i, m) in members.iter_mut().enumerate() {
                if m.status.is_none() {
                    m.adam.settings.learning_rate = m.schedule.rate(first_step + b);
                    lanes.push(Lane {
                        net: &mut m.net,
                        adam: &mut m.adam,
                    });
                    who.push(i);
                }
            }
            let next = batch_list.get(b + 1).copied().unwrap_or_default();
            let costs = step.step(images, batch, next, &mut lanes);
            drop(lanes);
            for (&i, cost) in who.iter().zip(costs) {
                if !cost.is_finite() {
                    members[i].status = Some(Status::Diverged);
                }
            }
            if who.iter().all(|&i| members[i].status.is_some()) {
                continue 'epochs;
            }
        }
        validate(splits, epoch, &mut members);
    }
    for m in members.iter_mut().filter(|m| m.status.is_none()) {
        m.status = Some(Status::MaxEpochs);
    }
    finish(splits, members)
}

/// The end of an epoch for the runs still training: early stopping on the
/// validation cost, keeping the best weights.
fn validate(splits: Splits, epoch: usize, members: &mut [Member]) {
    let live: Vec<usize> = (0..members.len())
        .filter(|&i| members[i].status.is_none())
        .collect();
    let nets: Vec<&Network> = live.iter().map(|&i| &members[i].net).collect();
    let metrics = evaluate_many(&nets, splits.validation);
    for (&i, validation) in live.iter().zip(metrics) {
        let m = &mut members[i];
        if !validation.cost.is_finite() {
            m.status = Some(Status::Diverged);
            continue;
        }
        let verdict = m.stopping.observe(epoch, validation.cost);
        if verdict.new_best {
            m.kept = Some(m.net.params.clone());
        }
        m.epochs_run += 1;
        if verdict.stop {
            m.status = Some(Status::Converged);
        }
    }
}

/// Evaluates the kept network of every run that was not stopped.
fn finish(splits: Splits, members: Vec<Member>) -> Vec<Ended> {
    let kept: Vec<Network> = members
        .iter()
        .map(|m| Network {
            params: m.kept.clone().unwrap_or_else(|| m.net.params.clone()),
            input_scale: m.net.input_scale,
        })
        .collect();
    let results: Vec<usize> = (0..members.len())
        .filter(|&i| members[i].status != Some(Status::Stopped))
        .collect();
    let nets: Vec<&Network> = results.iter().map(|&i| &kept[i]).collect();
    let validation = evaluate_many(&nets, splits.validation);
    let test = evaluate_many(&nets, splits.test);
    let mut figures = results.iter().zip(validation.into_iter().zip(test));
    let mut next = figures.next();
    members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (validation, test) = match next {
                Some((&at, (v, t))) if at == i => {
                    next = figures.next();
                    (v, t)
                }
                _ => (Metrics::default(), Metrics::default()),
            };
            Ended {
                status: m.status.unwrap_or(Status::Stopped),
                best_epoch: m.stopping.best_epoch(),
                epochs_run: m.epochs_run,
                validation,
                test,
            }
        })
        .collect()
}
