//! The training loop: seeded shuffling, mini-batches with Adam, validation
//! each epoch, early stopping on validation cost, progress as events.
//!
//! Knows nothing about terminals: callers get [`TrainEvent`]s through a
//! callback (returning `false` stops the run, e.g. when a channel's receiver
//! is gone) and can stop or pause through [`RunControl`].
//!
//! The pieces: checked hyperparameters (`settings`), the learning-rate
//! schedule (`schedule`), early stopping (`early_stopping`), pause and slow
//! motion (`pacing`), a run's batches, progress reports and summary (`run`), and
//! the events (`events`).

mod early_stopping;
mod events;
mod lockstep;
mod pacing;
mod run;
mod schedule;
mod settings;
#[cfg(test)]
mod tests;

pub use crate::hyper::{Augment, LrSchedule, TrainSettings};
pub use early_stopping::{EarlyStopping, Verdict};
pub use events::{BatchProgress, EpochStats, RunOptions, Status, TrainEvent, TrainSummary};
pub use lockstep::{Ended, same_batches, train_together};
pub use pacing::RunControl;
pub use schedule::Schedule;
pub use settings::{Settings, SettingsError, check_split};

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

/// With `labels: Shuffled`, the training images with their labels dealt
/// out again at random (seeded by the run's seed, apart from its own
/// stream): the memorising experiment of chapter 2. None otherwise.
fn shuffled_labels(train: crate::data::Split, settings: &Settings) -> Option<Images> {
    if settings.labels != crate::hyper::Labels::Shuffled {
        return None;
    }
    let mut labels = train.labels().to_vec();
    labels.shuffle(&mut ChaCha8Rng::seed_from_u64(settings.seed ^ 0x1abe_15ed));
    let pixels = (0..train.len())
        .flat_map(|i| train.image(i))
        .copied()
        .collect();
    Some(Images::new(pixels, labels))
}

/// Whether `start`, a network to continue training from, can be trained:
/// one whose outputs are already NaN or infinite on the first validation
/// images would "diverge" at once, and the learning rate would be blamed.
pub fn check_start(start: &Network, splits: &Splits) -> Result<(), String> {
    let cost = evaluate(start, splits.validation.first(100)).cost;
    if cost.is_finite() {
        return Ok(());
    }
    let largest = start.params.iter().fold(0f32, |m, p| m.max(p.abs()));
    Err(format!(
        "its outputs are already NaN or infinite before any training (its largest \
         weight is {largest:e}), so it cannot be trained further; start fresh \
         with load_model: false, or load another model"
    ))
}

use crate::adam::Adam;
use crate::augment;
use crate::data::{Images, Splits};
use crate::eval::evaluate;
use crate::network::{Network, PARAM_COUNT, Params};
use run::Run;

/// Trains from `start` (or a fresh He initialisation drawn from the seed),
/// keeping the parameters of the lowest validation cost.
pub fn train(
    splits: Splits,
    settings: &Settings,
    start: Option<Network>,
    control: &RunControl,
    options: RunOptions,
    on_event: &mut dyn FnMut(TrainEvent) -> bool,
) -> TrainSummary {
    let shuffled = shuffled_labels(splits.train, settings);
    let splits = Splits {
        train: shuffled.as_ref().map_or(splits.train, Images::all),
        ..splits
    };
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    let mut net = start.unwrap_or_else(|| fresh(&mut rng, settings.hidden_bias));
    let mut adam = Adam::new(settings.adam(), PARAM_COUNT);
    let mut order: Vec<u32> = (0..splits.train.len() as u32).collect();
    let mut stopping = EarlyStopping::new(settings.patience, settings.patience_buffer);
    let mut kept: Option<Params> = None;
    let mut history = Vec::new();
    let mut run = Run::start(splits, settings, control, options, on_event);
    let status = 'run: {
        for epoch in 1..=settings.max_epochs {
            order.shuffle(&mut rng);
            let (augmented, augment_seconds) = run.timed(|| augmented(splits, settings, epoch));
            let images = augmented.as_ref().map_or(splits.train, Images::all);
            let mut trained = match run.batches(epoch, images, &order, &mut net, &mut adam) {
                Ok(trained) => trained,
                Err(status) => break 'run status,
            };
            trained.add_time(augment_seconds);
            let ((validation, dead), validation_seconds) =
                run.timed(|| (evaluate(&net, splits.validation), run.dead_units(&net)));
            if !validation.cost.is_finite() {
                break 'run Status::Diverged;
            }
            let verdict = stopping.observe(epoch, validation.cost);
            if verdict.new_best {
                kept = Some(net.params.clone());
                run.improved(epoch, validation, &net);
            }
            let stats = trained.stats(validation, validation_seconds, dead, &stopping);
            history.push(stats.clone());
            run.report.send(TrainEvent::Epoch(stats));
            if verdict.stop {
                break 'run Status::Converged;
            }
        }
        Status::MaxEpochs
    };
    let network = match kept {
        Some(params) => Network {
            params,
            input_scale: net.input_scale,
        },
        None => net,
    };
    run.finish(status, stopping.best_epoch(), network, history)
}

/// A He-initialised network whose hidden biases start at `hidden_bias`.
pub(crate) fn fresh(rng: &mut ChaCha8Rng, hidden_bias: f32) -> Network {
    let mut net = Network::he_init(rng);
    net.set_hidden_biases(hidden_bias);
    net
}

/// This epoch's changed copy of the training images, if augmenting.
pub(crate) fn augmented(splits: Splits, settings: &Settings, epoch: usize) -> Option<Images> {
    let Augment::Affine {
        rotation,
        scale,
        shift,
    } = settings.augment
    else {
        return None;
    };
    let ranges = augment::Ranges {
        rotation,
        scale,
        shift,
    };
    Some(augment::epoch_images(
        splits.train,
        &ranges,
        settings.seed,
        epoch,
    ))
}
