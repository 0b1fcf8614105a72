//! The real binary, run as a user would run it.

mod common;

use std::process::{Command, Output};

use common::{binary, closed_port_url, mnist_dir, repo};

fn run(args: &[&str], dir: &std::path::Path, mnist: Option<&std::path::Path>) -> Output {
    let mut cmd = Command::new(binary());
    cmd.args(args).current_dir(dir).env_remove("MNIST_DIR");
    if let Some(m) = mnist {
        cmd.env("MNIST_DIR", m);
    }
    cmd.output().expect("run mnist-tui")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn assert_clean_failure(out: &Output) -> String {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(err.lines().any(|l| l.starts_with("error: ")), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    err
}

#[test]
fn no_data_no_network_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("offline.ron");
    std::fs::write(&cfg, format!("(mirrors: [\"{}\"])", closed_port_url())).unwrap();
    let data = dir.path().join("empty");
    let out = run(
        &[
            "--config",
            cfg.to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
            "train",
        ],
        dir.path(),
        None,
    );
    let err = assert_clean_failure(&out);
    assert!(err.contains("MNIST data not found"), "{err}");
    assert!(err.contains(&data.display().to_string()), "{err}");
    assert!(
        err.contains("train-images-idx3-ubyte") && err.contains("t10k-labels-idx1-ubyte"),
        "{err}"
    );
    assert!(err.contains("MNIST_DIR="), "{err}");
    assert!(!data.join("train-images-idx3-ubyte").exists());
}

#[test]
fn bad_config_names_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.ron"),
        "(\n  batch_size: 32,\n  beta1: 1.5,\n)\n",
    )
    .unwrap();
    let err = assert_clean_failure(&run(&["train"], dir.path(), None));
    assert!(
        err.contains("config.ron:3:3: beta1: must be strictly between 0 and 1 (got 1.5)"),
        "{err}"
    );
    std::fs::write(dir.path().join("config.ron"), "(\n  batch_sise: 32,\n)\n").unwrap();
    let err = assert_clean_failure(&run(&["eval"], dir.path(), None));
    assert!(
        err.contains("config.ron:2:") && err.contains("batch_sise"),
        "{err}"
    );
    let err = assert_clean_failure(&run(&["--config", "nope.ron", "eval"], dir.path(), None));
    assert!(err.contains("nope.ron: cannot read"), "{err}");
}

#[test]
fn corrupt_model_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.ron"),
        "(format: 1, layer_sizes: [784, 16, 16, 10]",
    )
    .unwrap();
    let err = assert_clean_failure(&run(&["--model", "m.ron", "eval"], dir.path(), None));
    assert!(
        err.contains("m.ron:1:") && err.contains("not a valid model file"),
        "{err}"
    );
}

#[test]
#[ignore = "needs MNIST_DIR"]
fn eval_of_the_committed_model() {
    let mnist = mnist_dir();
    let out = run(&["eval"], repo(), Some(&mnist));
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let line = stdout
        .lines()
        .find(|l| l.starts_with("test: accuracy"))
        .expect("accuracy line");
    let pct: f64 = line
        .split_whitespace()
        .nth(2)
        .unwrap()
        .trim_end_matches('%')
        .parse()
        .unwrap();
    assert!(pct >= 95.8, "committed model: {line}");
    let matrix: Vec<Vec<u32>> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("confusion"))
        .skip(2)
        .map(|l| {
            l.split_whitespace()
                .skip(1)
                .map(|n| n.parse().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(matrix.len(), 10);
    assert_eq!(matrix.iter().flatten().sum::<u32>(), 10_000);
    let diagonal: u32 = (0..10).map(|i| matrix[i][i]).sum();
    assert!(line.contains(&format!("({diagonal}/10000)")), "{line}");
}

#[test]
#[ignore = "needs MNIST_DIR"]
fn headless_training_prints_epochs_and_test_figures() {
    let mnist = mnist_dir();
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &["train", "--seed", "3", "--max-epochs", "2", "--no-save"],
        dir.path(),
        Some(&mnist),
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("config.ron not found; using built-in defaults"));
    let epochs: Vec<&str> = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with(char::is_numeric))
        .collect();
    assert_eq!(epochs.len(), 2, "{stdout}");
    let test_line = stdout
        .lines()
        .find(|l| l.starts_with("test: accuracy"))
        .expect("test line");
    let pct: f64 = test_line
        .split_whitespace()
        .nth(2)
        .unwrap()
        .trim_end_matches(['%', ','])
        .parse()
        .unwrap();
    assert!(pct > 90.0, "{test_line}");
    assert!(
        !dir.path().join("saves").exists(),
        "--no-save saves nothing"
    );
    // Plain text when not a terminal: no carriage-return progress lines.
    assert!(!stdout.contains('\r') && !text(&out.stderr).contains('\r'));
}

#[test]
#[ignore = "needs MNIST_DIR"]
fn a_diverged_run_says_so_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.ron"),
        "(learning_rate: 1e23, max_epochs: 3, save_model: false)",
    )
    .unwrap();
    let out = run(&["train", "--seed", "1"], dir.path(), Some(&mnist_dir()));
    let err = assert_clean_failure(&out);
    assert!(err.contains("diverged"), "{err}");
    assert!(
        err.contains("learning_rate") && err.contains("config.ron"),
        "{err}"
    );
}

#[test]
#[ignore = "needs MNIST_DIR"]
fn tune_shards_merge_to_the_single_machine_result() {
    let mnist = mnist_dir();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.ron"),
        "(tuner: (beta1: [0.9, 0.93], beta2: [0.999], learning_rate: [0.001], seeds: 2, max_epochs: 1))",
    )
    .unwrap();
    let ok = |args: &[&str]| {
        let out = run(args, dir.path(), Some(&mnist));
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    let single = ok(&["tune", "--out", "single", "--workers", "2"]);
    assert!(single.contains("finished after 4 trials"), "{single}");
    assert!(single.contains("rank  beta1"), "{single}");
    ok(&["tune", "--shard", "1/3", "--out", "s1"]);
    ok(&["tune", "--shard", "2/3", "--out", "s2"]);
    ok(&["tune", "--shard", "3/3", "--out", "s3"]);
    let merged = ok(&[
        "tune",
        "merge",
        "s1/trials.csv",
        "s2/trials.csv",
        "s3/trials.csv",
        "--out",
        "merged",
    ]);
    assert!(merged.contains("4 of 4 trials"), "{merged}");
    let best = |d: &str| {
        std::fs::read_to_string(dir.path().join(d).join("cost_by_hyperparameter.csv")).unwrap()
    };
    assert_eq!(best("merged"), best("single"));
    // Running again resumes: nothing left to do.
    let again = ok(&["tune", "--out", "single"]);
    assert!(
        again.contains("4 already done") && again.contains("(0 trials this run)"),
        "{again}"
    );
    // A bad shard is refused clearly.
    let out = run(&["tune", "--shard", "4/3"], dir.path(), Some(&mnist));
    assert_eq!(out.status.code(), Some(2), "clap usage error");
    assert!(
        text(&out.stderr).contains("need 1 <= K <= N"),
        "{}",
        text(&out.stderr)
    );
}

/// The original project's saved model, beside MNIST in ../shared.
fn seed_model() -> std::path::PathBuf {
    let dir = std::env::var_os("SEED_MODEL_DIR")
        .map_or_else(|| repo().join("../shared/seed-model"), Into::into);
    assert!(
        dir.join("L2/weight.npy").exists(),
        "the original's model is expected at {}",
        dir.display()
    );
    dir
}

#[test]
#[ignore = "needs MNIST_DIR and ../shared/seed-model"]
fn importing_the_original_model_reproduces_its_figures() {
    let mnist = mnist_dir();
    let dir = tempfile::tempdir().unwrap();
    let model = seed_model();
    let import = [
        "import-npy",
        model.to_str().unwrap(),
        "--out",
        "original.ron",
    ];
    let out = run(&import, dir.path(), Some(&mnist));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(
        &["--model", "original.ron", "eval"],
        dir.path(),
        Some(&mnist),
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("test: accuracy 94.81% (9481/10000)"),
        "{stdout}"
    );
    let cost: f64 = stdout
        .split("cost ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .expect("a cost");
    assert!((cost - 0.22396).abs() < 1e-4, "cost {cost}");
    // And back out in the original's layout: the same arrays (as float32 holds them).
    let back = dir.path().join("exported");
    let out = run(
        &[
            "--model",
            "original.ron",
            "export-npy",
            back.to_str().unwrap(),
        ],
        dir.path(),
        Some(&mnist),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    for layer in ["L2", "L3", "L4"] {
        for file in ["weight.npy", "bias.npy"] {
            let a = mnist_tui::npy::read(&seed_model().join(layer).join(file)).unwrap();
            let b = mnist_tui::npy::read(&back.join(layer).join(file)).unwrap();
            assert_eq!((a.rows, a.cols), (b.rows, b.cols));
            assert!(
                a.data
                    .iter()
                    .zip(&b.data)
                    .all(|(x, y)| (*x as f32) as f64 == *y),
                "{layer}/{file}"
            );
        }
    }
    // Importing over an existing file is refused rather than overwriting it.
    let again = run(&import, dir.path(), Some(&mnist));
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("already exists"));
}
