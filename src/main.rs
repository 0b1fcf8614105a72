//! Command line entry point: parses flags, runs a command, prints errors.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args as ClapArgs, CommandFactory, Parser, Subcommand};
use mnist_tui::Error;
use mnist_tui::cli::{self, BenchArgs, Flags, Places, TrainArgs, TuneArgs};

#[derive(Parser, Debug)]
#[command(
    name = "mnist-tui",
    version,
    about = "Watch a 784-16-16-10 neural network learn handwritten digits (3Blue1Brown's example), in your terminal.",
    after_help = "With no command, the app opens in the terminal (Train, Play, Tune and Network screens); \
                  press ? there for its keys. The commands above run without it. \
                  `mnist-tui paths` shows which config, data and saves folders are in use."
)]
struct Args {
    #[command(flatten)]
    config: ConfigArg,
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    model: ModelArg,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(ClapArgs, Debug, Default)]
struct ConfigArg {
    /// Configuration file [default: config.ron in the current folder, else
    /// the one in the user config folder, written on first run].
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

#[derive(ClapArgs, Debug, Default)]
struct DataDirArg {
    /// Folder holding the four MNIST files (raw or .gz), used alone: MNIST_DIR, config.ron's
    /// data_dir and the default folder are not searched, and missing files are downloaded into it.
    #[arg(long, value_name = "PATH")]
    data_dir: Option<PathBuf>,
}

#[derive(ClapArgs, Debug, Default)]
struct DataArgs {
    #[command(flatten)]
    dir: DataDirArg,
    /// Download missing MNIST files from this mirror before config.ron's mirrors
    /// (repeatable; MNIST_MIRROR does the same).
    #[arg(long, value_name = "URL")]
    mirror: Vec<String>,
}

#[derive(ClapArgs, Debug, Default)]
struct ModelArg {
    /// Model file to use instead of config.ron's `model` (saves/model.ron, where the
    /// shipped model stands in until one is saved).
    #[arg(long, value_name = "PATH")]
    model: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Train headless: one line per epoch, then test accuracy, then save.
    ///
    /// The best epoch's model is saved to config.ron's `model` unless save_model is false or
    /// --no-save is given. A model already there with a lower validation cost is kept and the
    /// new one saved beside it (model-<time>.ron).
    Train {
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        model: ModelArg,
        #[command(flatten)]
        args: TrainArgs,
    },
    /// Test-set accuracy, cost and confusion matrix of a saved model.
    Eval {
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        model: ModelArg,
    },
    /// Sweep the tuner grid of config.ron (resumable); `tune merge` combines shards.
    Tune {
        #[command(subcommand)]
        merge: Option<TuneCommand>,
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        args: TuneArgs,
    },
    /// Import the original Python project's model folder (L2/, L3/, L4/ with weight.npy, bias.npy).
    ImportNpy {
        /// The folder holding L2/, L3/ and L4/.
        dir: PathBuf,
        /// Model file to write [default: saves/imported.ron in the saves folder].
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Replace the model file at --out if there is one.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        data: DataDirArg,
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
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        model: ModelArg,
    },
    /// Time training epochs; prints a RESULT line like scripts/numpy_reference.py.
    Bench {
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        args: BenchArgs,
    },
    /// Show which config file, data folder, model and saves folder are in use, and why.
    Paths {
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        model: ModelArg,
    },
    /// Print a shell completion script.
    ///
    /// For example: mnist-tui completions bash > ~/.local/share/bash-completion/completions/mnist-tui
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

#[derive(Subcommand, Debug)]
enum TuneCommand {
    /// Combine the trials.csv files of a sharded sweep into one result.
    Merge {
        /// trials.csv files, one per shard.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Folder for the merged trials.csv and cost_by_hyperparameter.csv
        /// [default: the sweep folder, see `mnist-tui paths`].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
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

/// The flags given before the command (which the app itself takes) and
/// after it, the later winning. A flag the command has no use for is an
/// error rather than silently ignored.
struct Given {
    root: Flags,
}

/// What a command takes of the shared flags (None: not used by it).
#[derive(Default)]
struct Takes {
    config: Option<ConfigArg>,
    data_dir: Option<DataDirArg>,
    mirror: Option<Vec<String>>,
    model: Option<ModelArg>,
}

impl Takes {
    fn all(config: ConfigArg, data: DataArgs, model: Option<ModelArg>) -> Takes {
        Takes {
            config: Some(config),
            data_dir: Some(data.dir),
            mirror: Some(data.mirror),
            model,
        }
    }
}

impl Given {
    fn places(&self, command: &str, takes: Takes) -> Result<Places, Error> {
        let root = &self.root;
        let unused = [
            ("--config", root.config.is_some() && takes.config.is_none()),
            (
                "--data-dir",
                root.data_dir.is_some() && takes.data_dir.is_none(),
            ),
            (
                "--mirror",
                !root.mirrors.is_empty() && takes.mirror.is_none(),
            ),
            ("--model", root.model.is_some() && takes.model.is_none()),
        ];
        if let Some((flag, _)) = unused.iter().find(|(_, bad)| *bad) {
            return Err(Error::Usage(format!(
                "{flag} is not used by `mnist-tui {command}` (see mnist-tui {command} --help)"
            )));
        }
        let mut mirrors = takes.mirror.unwrap_or_default();
        mirrors.extend(root.mirrors.iter().cloned());
        Ok(Places::detect(Flags {
            config: takes.config.and_then(|c| c.config).or(root.config.clone()),
            data_dir: takes
                .data_dir
                .and_then(|d| d.data_dir)
                .or(root.data_dir.clone()),
            model: takes.model.and_then(|m| m.model).or(root.model.clone()),
            mirrors,
        }))
    }
}

fn main() -> ExitCode {
    install_panic_hook();
    let args = Args::parse();
    let given = Given {
        root: Flags {
            config: args.config.config,
            data_dir: args.data.dir.data_dir,
            model: args.model.model,
            mirrors: args.data.mirror,
        },
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
        None => Ok(Places::detect(given.root.clone())).and_then(|p| mnist_tui::tui::run(&p)),
        Some(Command::Train {
            config,
            data,
            model,
            args,
        }) => given
            .places("train", Takes::all(config, data, Some(model)))
            .and_then(|p| cli::train(&p, &args, &mut out, &mut log).map(|_| ())),
        Some(Command::Eval {
            config,
            data,
            model,
        }) => given
            .places("eval", Takes::all(config, data, Some(model)))
            .and_then(|p| cli::eval(&p, &mut out, &mut log)),
        Some(Command::ImportNpy {
            dir,
            out: path,
            force,
            config,
            data,
        }) => {
            let takes = Takes {
                config: Some(config),
                data_dir: Some(data),
                ..Takes::default()
            };
            given.places("import-npy", takes).and_then(|p| {
                let path = path.unwrap_or_else(|| p.saves_dir().join("imported.ron"));
                cli::interop::import(&p, &dir, &path, force, &mut out, &mut log)
            })
        }
        Some(Command::ExportNpy {
            dir,
            fold_scale,
            force,
            config,
            model,
        }) => {
            let takes = Takes {
                config: Some(config),
                model: Some(model),
                ..Takes::default()
            };
            given.places("export-npy", takes).and_then(|p| {
                let options = mnist_tui::npy::ExportOptions {
                    fold_scale,
                    replace: force,
                };
                cli::interop::export(&p, &dir, options, &mut out, &mut log)
            })
        }
        Some(Command::Tune {
            merge: Some(TuneCommand::Merge { files, out: dir }),
            ..
        }) => given.places("tune merge", Takes::default()).and_then(|p| {
            let dir = dir.unwrap_or_else(|| p.tuner_dir());
            cli::tune_merge(&files, &dir, &mut out)
        }),
        Some(Command::Tune {
            merge: None,
            config,
            data,
            args,
        }) => given
            .places("tune", Takes::all(config, data, None))
            .and_then(|p| cli::tune(&p, &args, &mut out, &mut log)),
        Some(Command::Bench { config, data, args }) => given
            .places("bench", Takes::all(config, data, None))
            .and_then(|p| cli::bench(&p, &args, &mut out, &mut log)),
        Some(Command::Paths {
            config,
            data,
            model,
        }) => given
            .places("paths", Takes::all(config, data, Some(model)))
            .and_then(|p| cli::paths(&p, &mut out)),
        Some(Command::Completions { shell }) => given
            .places("completions", Takes::default())
            .map(|_| clap_complete::generate(shell, &mut Args::command(), "mnist-tui", &mut out)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e @ Error::Interrupted(_)) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            ExitCode::from(cli::interrupt::EXIT_INTERRUPTED)
        }
        Err(e) => {
            // Expected errors: the message says what and where; no backtrace.
            // Not eprintln!: with stderr closed too (`| head`), it would panic.
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::FAILURE
        }
    }
}
