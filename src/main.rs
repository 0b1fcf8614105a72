//! Command line entry point: parses flags, runs a command, prints errors.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mnist_tui::cli::{self, Globals, TrainArgs};

#[derive(Parser, Debug)]
#[command(
    name = "mnist-tui",
    version,
    about = "Watch a 784-16-16-10 neural network learn handwritten digits (3Blue1Brown's example), in your terminal."
)]
struct Args {
    /// Configuration file.
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Folder holding the four MNIST files (raw or .gz); overrides MNIST_DIR and config.ron.
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
    },
}

fn main() -> ExitCode {
    // Panics are bugs: color-eyre gives them a readable report.
    let _ = color_eyre::install();
    let args = Args::parse();
    let globals = Globals {
        config: args.config,
        data_dir: args.data_dir,
        model: args.model,
    };
    let (mut out, mut log) = (std::io::stdout(), std::io::stderr());
    let result = match args.command {
        None => {
            println!(
                "mnist-tui: the interactive screens arrive in the next release.\n\
                 For now:\n  mnist-tui train   train the network, one line per epoch\n  \
                 mnist-tui eval    test accuracy and confusion matrix of saves/model.ron\n\
                 See mnist-tui --help."
            );
            Ok(())
        }
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
        Some(Command::Bench {
            batch,
            epochs,
            threads,
            seed,
        }) => cli::bench(
            &globals,
            &cli::BenchArgs {
                batch,
                epochs,
                threads,
                seed,
            },
            &mut out,
            &mut log,
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Expected errors: the message says what and where; no backtrace.
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
