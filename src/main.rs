//! Command line entry point: parses flags, runs a command, prints errors.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mnist_tui::cli::{self, Globals, TrainArgs, TuneArgs};

#[derive(Parser, Debug)]
#[command(
    name = "mnist-tui",
    version,
    about = "Watch a 784-16-16-10 neural network learn handwritten digits (3Blue1Brown's example), in your terminal.",
    after_help = "With no command, the app opens in the terminal (Train, Play, Tune and Network screens); \
                  press ? there for its keys. The commands above run without it."
)]
struct Args {
    /// Configuration file.
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Folder holding the four MNIST files (raw or .gz), used alone: MNIST_DIR, config.ron's
    /// data_dir and assets/mnist are not searched, and missing files are downloaded into it.
    #[arg(long, global = true, value_name = "PATH")]
    data_dir: Option<PathBuf>,
    /// Model file to use instead of config.ron's `model` (saves/model.ron).
    #[arg(long, global = true, value_name = "PATH")]
    model: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Train headless: one line per epoch, then test accuracy; saves if save_model.
    Train {
        /// Seed for initialisation and shuffling (overrides config.ron).
        #[arg(long)]
        seed: Option<u64>,
        /// Stop after this many epochs at most (overrides config.ron).
        #[arg(long)]
        max_epochs: Option<usize>,
        /// Do not save the model.
        #[arg(long)]
        no_save: bool,
    },
    /// Test-set accuracy, cost and confusion matrix of a saved model.
    Eval,
    /// Sweep the tuner grid of config.ron (resumable); `tune merge` combines shards.
    Tune {
        #[command(subcommand)]
        merge: Option<TuneCommand>,
        /// Trials at once (0 = one per core); overrides tuner.workers.
        #[arg(long)]
        workers: Option<usize>,
        /// Run only the K-th of N slices of the trials, e.g. 2/4 (for job arrays).
        #[arg(long, value_name = "K/N")]
        shard: Option<mnist_tui::tune::Shard>,
        /// Folder for trials.csv and cost_by_hyperparameter.csv.
        #[arg(long, value_name = "DIR", default_value = cli::tune::DEFAULT_DIR)]
        out: PathBuf,
    },
    /// Import the original Python project's model folder (L2/, L3/, L4/ with weight.npy, bias.npy).
    ImportNpy {
        /// The folder holding L2/, L3/ and L4/.
        dir: PathBuf,
        /// Model file to write.
        #[arg(long, value_name = "PATH", default_value = "saves/imported.ron")]
        out: PathBuf,
        /// Replace the model file at --out if there is one.
        #[arg(long)]
        force: bool,
    },
    /// Write a model (--model) in the original project's layout.
    ExportNpy {
        /// Folder to write L2/, L3/ and L4/ into.
        dir: PathBuf,
        /// For models trained here (inputs in [0,1]): fold the input scale into
        /// the first layer so the export takes raw 0-255 pixels like the original.
        #[arg(long)]
        fold_scale: bool,
        /// Replace an earlier export in DIR (as a whole; any other content is never replaced).
        #[arg(long)]
        force: bool,
    },
    /// Time training epochs; prints a RESULT line like ../shared/bench/numpy_reference.py.
    Bench {
        /// Examples per batch.
        #[arg(long, default_value_t = 32)]
        batch: usize,
        /// Epochs to train (all are timed; the median is reported).
        #[arg(long, default_value_t = 5)]
        epochs: usize,
        /// Threads for the training run (1 or 2; 0 = both cores if there are two).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Seed for initialisation and shuffling.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Time epochs with the default recipe's augmentation (new rotated,
        /// scaled, shifted images each epoch) instead of the reference's
        /// plain images.
        #[arg(long)]
        augment: bool,
        /// Time the first TRIALS trials of config.ron's tuner grid instead
        /// of training epochs (prints trials per second).
        #[arg(long, value_name = "TRIALS")]
        sweep: Option<usize>,
        /// With --sweep: trials trained together per worker (1: one at a
        /// time; 0: the tuner's default).
        #[arg(long, default_value_t = 0)]
        group: usize,
        /// With --sweep: worker threads (0: one per core).
        #[arg(long, default_value_t = 0)]
        workers: usize,
    },
}

#[derive(Subcommand, Debug)]
enum TuneCommand {
    /// Combine the trials.csv files of a sharded sweep into one result.
    Merge {
        /// trials.csv files, one per shard.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Folder for the merged trials.csv and cost_by_hyperparameter.csv.
        #[arg(long, value_name = "DIR", default_value = cli::tune::DEFAULT_DIR)]
        out: PathBuf,
    },
}

/// Panics are bugs: color-eyre gives them a readable report, after the
/// terminal is given back. A worker thread's panic while the app is open is
/// reported on screen instead (printing would scribble over the app).
fn install_panic_hook() {
    let (panic_hook, eyre_hook) = color_eyre::config::HookBuilder::default()
        .display_env_section(false)
        .into_hooks();
    let _ = eyre_hook.install();
    let panic_hook = panic_hook.into_panic_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !mnist_tui::tui::terminal::panic_should_print() {
            return;
        }
        mnist_tui::tui::terminal::restore();
        panic_hook(info);
    }));
}

fn main() -> ExitCode {
    install_panic_hook();
    let args = Args::parse();
    let globals = Globals {
        config: args.config,
        data_dir: args.data_dir,
        model: args.model,
    };
    let (mut out, mut log) = (std::io::stdout(), std::io::stderr());
    let result = match args.command {
        None if !std::io::stdout().is_terminal() => {
            let _ = writeln!(
                std::io::stderr(),
                "mnist-tui: stdout is not a terminal, so the interactive app cannot open.\n\
                 To train without it: mnist-tui train   (see mnist-tui --help)"
            );
            return ExitCode::from(2);
        }
        None => mnist_tui::tui::run(&globals),
        Some(Command::Train {
            seed,
            max_epochs,
            no_save,
        }) => cli::train(
            &globals,
            &TrainArgs {
                seed,
                max_epochs,
                no_save,
            },
            &mut out,
            &mut log,
        )
        .map(|_| ()),
        Some(Command::Eval) => cli::eval(&globals, &mut out, &mut log),
        Some(Command::ImportNpy {
            dir,
            out: path,
            force,
        }) => cli::interop::import(&globals, &dir, &path, force, &mut out, &mut log),
        Some(Command::ExportNpy {
            dir,
            fold_scale,
            force,
        }) => {
            let options = mnist_tui::npy::ExportOptions {
                fold_scale,
                replace: force,
            };
            cli::interop::export(&globals, &dir, options, &mut out, &mut log)
        }
        Some(Command::Tune {
            merge: Some(TuneCommand::Merge { files, out: dir }),
            ..
        }) => cli::tune_merge(&files, &dir, &mut out),
        Some(Command::Tune {
            merge: None,
            workers,
            shard,
            out: dir,
        }) => cli::tune(
            &globals,
            &TuneArgs {
                workers,
                shard,
                out: dir,
            },
            &mut out,
            &mut log,
        ),
        Some(Command::Bench {
            batch,
            epochs,
            threads,
            seed,
            augment,
            sweep,
            group,
            workers,
        }) => cli::bench(
            &globals,
            &cli::BenchArgs {
                batch,
                epochs,
                threads,
                seed,
                augment,
                sweep,
                group,
                workers,
            },
            &mut out,
            &mut log,
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Expected errors: the message says what and where; no backtrace.
            // Not eprintln!: with stderr closed too (`| head`), it would panic.
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::FAILURE
        }
    }
}
