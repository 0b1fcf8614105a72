//! `mnist-tui train`: one line per epoch, then the test figures, then save.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use rand::RngExt;

use super::interrupt::Interrupt;
use super::{Places, percent};
use crate::Error;
use crate::config::blame;
use crate::model_file::{SavedModel, save_unless_worse};

use crate::train::{
    RunControl, RunOptions, SettingsError, Status, TrainEvent, TrainSettings, TrainSummary,
    check_split, train as run,
};

#[derive(Clone, Debug, Default, clap::Args)]
pub struct TrainArgs {
    /// Seed for initialisation and shuffling (overrides config.ron).
    #[arg(long, allow_hyphen_values = true, value_parser = parse_seed)]
    pub seed: Option<u64>,
    /// Stop after this many epochs at most (overrides config.ron).
    #[arg(long)]
    pub max_epochs: Option<usize>,
    /// Do not save the model, whatever config.ron's save_model says.
    #[arg(long)]
    pub no_save: bool,
}

/// `--seed`: a whole number from 0, said so when it is not one (clap
/// would read `-1` as an unknown flag).
fn parse_seed(text: &str) -> Result<u64, String> {
    text.trim().parse().map_err(|_| {
        format!(
            "the seed is a whole number from 0 to {} (got `{text}`)",
            u64::MAX
        )
    })
}

pub fn train(
    places: &Places,
    args: &TrainArgs,
    out: &mut dyn Write,
    log: &mut dyn Write,
) -> Result<TrainSummary, Error> {
    // First, so that a Ctrl-C during set-up stops cleanly too.
    let interrupt =
        Interrupt::listen("training stops after this batch and reports its best epoch")?;
    let config = super::load_config(places, log)?;
    let seed = args
        .seed
        .or(config.seed)
        .unwrap_or_else(|| rand::rng().random::<u32>() as u64);
    let mut settings = TrainSettings::from_config(&config, seed);
    if let Some(m) = args.max_epochs {
        if m == 0 {
            return Err(Error::Usage("--max-epochs must be at least 1".into()));
        }
        settings.max_epochs = m;
    }
    let model_path = places.model(&config);
    let start = if config.load_model {
        let model = super::load_model(&model_path)?;
        writeln!(out, "continuing from {}", model_path.describe())?;
        Some(model.network)
    } else {
        None
    };
    let data = match super::load_data_until(places, &config, log, &interrupt.stop) {
        Err(_) if interrupt.happened() => {
            return Err(Error::Interrupted(
                "interrupted while getting MNIST: nothing was trained".into(),
            ));
        }
        data => data?,
    };
    let blamed = |e: SettingsError| {
        Error::Usage(format!("{}: {}", blame(&places.config, e.field), e.message))
    };
    check_split(
        data.train.len(),
        config.validation_size,
        settings.batch_size,
    )
    .map_err(blamed)?;
    let splits = data.splits(config.validation_size)?;
    let settings = settings.check(splits.train.len()).map_err(blamed)?;
    if let Some(start) = &start {
        crate::train::check_start(start, &splits).map_err(|why| {
            Error::Usage(format!(
                "{}: the model in {}: {why}",
                blame(&places.config, "load_model"),
                model_path.describe()
            ))
        })?;
    }
    print_header(out, &data, &splits, &settings)?;
    let control = RunControl {
        stop: Arc::clone(&interrupt.stop),
        ..RunControl::default()
    };
    let mut printer = Printer::new(out, log);
    let summary = run(
        splits,
        &settings,
        start,
        &control,
        RunOptions::default(),
        &mut |event| printer.print(&event),
    );
    if let Some(e) = printer.error {
        return Err(e.into());
    }
    print_summary(out, &summary)?;
    if config.save_model && !args.no_save {
        if summary.best_epoch == 0 {
            writeln!(out, "not saved: no epoch completed")?;
        } else {
            let outcome =
                save_unless_worse(&model_path, &SavedModel::from_training(&summary), true)?;
            writeln!(out, "{outcome}")?;
        }
    } else if summary.best_epoch > 0 {
        let why = if args.no_save {
            "--no-save"
        } else {
            "save_model is false"
        };
        writeln!(out, "not saved ({why})")?;
    }
    ended(places, &summary, interrupt.happened())?;
    Ok(summary)
}

/// Where the data is, and every hyperparameter, named as config.ron names it.
fn print_header(
    out: &mut dyn Write,
    data: &crate::data::Mnist,
    splits: &crate::data::Splits,
    settings: &TrainSettings,
) -> std::io::Result<()> {
    writeln!(
        out,
        "data: {} ({} train, {} validation, {} test)",
        crate::fmt::shown(&data.dir),
        splits.train.len(),
        splits.validation.len(),
        splits.test.len()
    )?;
    let values: Vec<String> = settings
        .values()
        .into_iter()
        .map(|(name, value)| format!("{name} {value}"))
        .collect();
    writeln!(out, "seed {}, {}", settings.seed, values.join(", "))?;
    writeln!(
        out,
        "dead = hidden units (layer 1 + layer 2) that never fire on 2,000 training images"
    )?;
    writeln!(out, "epoch  train_cost  val_cost  val_acc   dead  seconds")
}

/// One line per epoch on `out`; on a terminal, a live bar on `log`. The
/// first write that fails stops the run.
struct Printer<'a> {
    out: &'a mut dyn Write,
    log: &'a mut dyn Write,
    live: bool,
    error: Option<std::io::Error>,
}

impl<'a> Printer<'a> {
    fn new(out: &'a mut dyn Write, log: &'a mut dyn Write) -> Printer<'a> {
        Printer {
            out,
            log,
            live: std::io::stdout().is_terminal(),
            error: None,
        }
    }

    /// Whether the run should go on.
    fn print(&mut self, event: &TrainEvent) -> bool {
        let result = match event {
            TrainEvent::Progress(p) if self.live => {
                let width = 30;
                let filled = p.batches_done * width / p.batches.max(1);
                write!(
                    self.log,
                    "\repoch {:>3} [{}{}] {:>3}%  cost {:.4} ",
                    p.epoch,
                    "#".repeat(filled),
                    ".".repeat(width - filled),
                    p.batches_done * 100 / p.batches.max(1),
                    p.cost
                )
                .and_then(|()| self.log.flush())
            }
            TrainEvent::Epoch(e) => {
                if self.live {
                    let _ = write!(self.log, "\r{:60}\r", "");
                }
                writeln!(
                    self.out,
                    "{:>5}  {:>10.4}  {:>8.4}  {:>7}  {:>5}  {:>7.2}",
                    e.epoch,
                    e.train_cost,
                    e.validation.cost,
                    percent(e.validation.accuracy),
                    format!("{}+{}", e.dead_units[0], e.dead_units[1]),
                    e.train_seconds + e.validation_seconds
                )
            }
            _ => Ok(()),
        };
        if let Err(e) = result {
            self.error = Some(e);
            return false;
        }
        true
    }
}

fn print_summary(out: &mut dyn Write, summary: &TrainSummary) -> std::io::Result<()> {
    writeln!(
        out,
        "{} after {} in {:.1}s; best epoch {}",
        summary.status.describe(),
        super::plural(summary.epochs_run, "epoch"),
        summary.seconds,
        summary.best_epoch
    )?;
    writeln!(
        out,
        "validation: accuracy {}, cost {:.4}",
        percent(summary.validation.accuracy),
        summary.validation.cost
    )?;
    writeln!(
        out,
        "test: accuracy {}, cost {:.4}",
        percent(summary.test.accuracy),
        summary.test.cost
    )
}

/// How a run that ended on a signal, or in NaNs, ends the command.
fn ended(places: &Places, summary: &TrainSummary, interrupted: bool) -> Result<(), Error> {
    if interrupted {
        return Err(Error::Interrupted(format!(
            "interrupted after {}; best epoch {}",
            super::plural(summary.epochs_run, "complete epoch"),
            summary.best_epoch
        )));
    }
    if summary.status == Status::Diverged {
        return Err(Error::Diverged(format!(
            "training diverged after {}: the cost became NaN or infinite; \
             try a smaller learning_rate than {} in {}",
            super::plural(summary.epochs_run, "complete epoch"),
            summary.settings.learning_rate,
            crate::fmt::path(&places.config)
        )));
    }
    Ok(())
}
