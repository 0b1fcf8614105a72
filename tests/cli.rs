//! The real binary, run as a user would run it.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{
    Reply, closed_port_url, fixture_mirror, mnist_dir, repo, user_command, write_fixture,
};

fn run(args: &[&str], dir: &std::path::Path, mnist: Option<&std::path::Path>) -> Output {
    let mut cmd = user_command(dir);
    cmd.args(args);
    if let Some(m) = mnist {
        cmd.env("MNIST_DIR", m);
    }
    cmd.output().expect("run mnist-tui")
}

/// As [`run`], but fails the test instead of hanging if the binary is not
/// done within 20 s (reading a FIFO would block forever).
fn run_within(args: &[&str], dir: &Path, mnist: Option<&Path>) -> Output {
    let mut cmd = user_command(dir);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(m) = mnist {
        cmd.env("MNIST_DIR", m);
    }
    let mut child = cmd.spawn().expect("run mnist-tui");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("mnist-tui {args:?} still running after 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}

/// A config.ron whose only mirror is `mirror`.
fn config_with_mirror(dir: &Path, mirror: &str) -> String {
    let cfg = dir.join("mirrors.ron");
    std::fs::write(&cfg, format!("(mirrors: [\"{mirror}\"])")).unwrap();
    cfg.to_str().unwrap().to_string()
}

/// The shipped model, as committed.
fn committed_model() -> String {
    repo()
        .join("assets/model.ron")
        .to_str()
        .unwrap()
        .to_string()
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
fn help_says_that_no_command_opens_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["--help"], dir.path(), None);
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(help.contains("With no command, the app opens"), "{help}");
    assert!(
        help.contains("used alone"),
        "--data-dir says it is used alone: {help}"
    );
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
    assert!(err.contains(": does not exist (yet)"), "{err}");
    assert!(
        err.contains("--mirror URL") && err.contains("MNIST_MIRROR=URL"),
        "{err}"
    );
    assert!(
        err.contains("--data-dir naming the folder") && !err.contains("MNIST_DIR="),
        "MNIST_DIR does nothing beside --data-dir: {err}"
    );
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

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
#[ignore = "needs real MNIST"]
fn eval_from_an_empty_folder_uses_the_shipped_model_and_writes_only_user_folders() {
    let mnist = mnist_dir();
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("anywhere");
    std::fs::create_dir(&work).unwrap();
    let mut cmd = user_command(&work);
    let out = cmd
        .env("HOME", dir.path().join("home"))
        .env("MNIST_DIR", &mnist)
        .arg("eval")
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.contains("model: the built-in shipped model"),
        "{stdout}"
    );
    let line = stdout
        .lines()
        .find(|l| l.starts_with("test: accuracy"))
        .expect("accuracy line");
    let shipped = mnist_tui::model_file::shipped().info.test.unwrap();
    assert!(
        line.contains(&mnist_tui::fmt::percent(shipped.accuracy)),
        "the shipped model's recorded {}: {line}",
        shipped.accuracy
    );
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
    // Only the user's config folder was written (the commented defaults).
    assert_eq!(files_under(&work), Vec::<String>::new());
    assert_eq!(
        files_under(dir.path()),
        vec!["home/.config/mnist-tui/config.ron"]
    );
    let written = std::fs::read_to_string(dir.path().join("home/.config/mnist-tui/config.ron"));
    assert_eq!(written.unwrap(), mnist_tui::places::DEFAULT_CONFIG);
    assert!(
        text(&out.stderr).contains("wrote the default settings to"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn paths_says_where_everything_is_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["paths"], dir.path(), None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    let home = dir.path().join("home");
    for expected in [
        format!(
            "config   {}",
            home.join(".config/mnist-tui/config.ron").display()
        ),
        format!(
            "model    {}",
            home.join(".local/share/mnist-tui/saves/model.ron")
                .display()
        ),
        "the shipped model (built in, ".to_string(),
        format!(
            "mnist    {}",
            home.join(".local/share/mnist-tui/mnist").display()
        ),
        "missing files are downloaded here".to_string(),
    ] {
        assert!(said.contains(&expected), "{expected}\n{said}");
    }
    assert!(!home.exists(), "paths changes nothing on disk");
    // In a checkout, the repository's layout; flags and variables win.
    std::fs::write(dir.path().join("config.ron"), "()").unwrap();
    let mut cmd = user_command(dir.path());
    cmd.env("MNIST_MIRROR", "http://127.0.0.1:9/m/");
    let said = text(
        &cmd.args(["paths", "--mirror", "http://flag/"])
            .output()
            .unwrap()
            .stdout,
    );
    assert!(said.contains("config   config.ron\n"), "{said}");
    assert!(said.contains("mnist    assets/mnist"), "{said}");
    let flag = said.find("http://flag/").expect("flag mirror");
    let env = said.find("http://127.0.0.1:9/m/").expect("env mirror");
    let config = said.find("https://ossci-datasets").expect("config mirror");
    assert!(flag < env && env < config, "{said}");
    assert!(said.contains("from MNIST_MIRROR"), "{said}");
}

#[test]
fn a_flag_the_command_does_not_use_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = assert_clean_failure(&run(
        &["--model", "m.ron", "tune", "merge", "t.csv"],
        dir.path(),
        None,
    ));
    assert!(
        err.contains("--model is not used by `mnist-tui tune merge`"),
        "{err}"
    );
    let help = text(&run(&["import-npy", "--help"], dir.path(), None).stdout);
    assert!(
        help.contains("--data-dir") && !help.contains("--model") && !help.contains("--mirror"),
        "{help}"
    );
    let help = text(&run(&["tune", "merge", "--help"], dir.path(), None).stdout);
    assert!(
        !help.contains("--data-dir") && !help.contains("--config"),
        "{help}"
    );
}

#[test]
fn completions_are_printed_for_bash() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["completions", "bash"], dir.path(), None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let script = text(&out.stdout);
    assert!(
        script.contains("mnist-tui") && script.contains("import-npy"),
        "{script}"
    );
}

#[test]
#[ignore = "needs real MNIST"]
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
    assert!(
        text(&out.stderr).contains("wrote the default settings to"),
        "a first run outside a checkout writes the user's config"
    );
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
#[ignore = "needs real MNIST"]
fn an_absurd_learning_rate_is_refused_and_a_diverged_run_fails() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.ron");
    std::fs::write(&config, "(learning_rate: 1e23, max_epochs: 3)").unwrap();
    let out = run(&["train", "--seed", "1"], dir.path(), Some(&mnist_dir()));
    let err = assert_clean_failure(&out);
    assert!(
        err.contains("learning_rate: must be greater than 0 and at most 1"),
        "{err}"
    );
    // Weights so large the cost overflows: the run diverges at once.
    let mut network = mnist_tui::network::Network::zeros();
    network.params.fill(1e30);
    let model = mnist_tui::model_file::SavedModel {
        network,
        info: mnist_tui::model_file::ModelInfo {
            origin: "a test".into(),
            trained_at: String::new(),
            seed: None,
            best_epoch: None,
            epochs_run: None,
            validation: None,
            test: None,
            settings: None,
        },
    };
    mnist_tui::model_file::save(&dir.path().join("huge.ron"), &model).unwrap();
    std::fs::write(
        &config,
        "(load_model: true, model: \"huge.ron\", max_epochs: 3, save_model: false)",
    )
    .unwrap();
    let out = run(&["train", "--seed", "1"], dir.path(), Some(&mnist_dir()));
    let err = assert_clean_failure(&out);
    // The loaded model is to blame, not the learning rate.
    assert!(
        err.contains("config.ron:1:2: load_model: the model in huge.ron: its outputs are already NaN or infinite"),
        "{err}"
    );
    assert!(!err.contains("learning_rate"), "{err}");
}

#[test]
#[ignore = "needs real MNIST"]
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

/// The original project's model, committed as a fixture.
fn seed_model() -> std::path::PathBuf {
    repo().join("assets/original-model")
}

#[test]
#[ignore = "needs real MNIST"]
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

#[test]
fn import_npy_with_an_overflowing_shape_is_a_clean_error() {
    let dir = tempfile::tempdir().unwrap();
    let l2 = dir.path().join("seed/L2");
    std::fs::create_dir_all(&l2).unwrap();
    for (fortran, shape) in [
        ("True", "(2305843009213693952, 1)"),
        ("False", "(9223372036854775809, 2)"),
    ] {
        let header =
            format!("{{'descr': '<f8', 'fortran_order': {fortran}, 'shape': {shape}, }}\n");
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(&1.0f64.to_le_bytes());
        std::fs::write(l2.join("weight.npy"), &bytes).unwrap();
        let out = run_within(&["import-npy", "seed", "--out", "m.ron"], dir.path(), None);
        let err = assert_clean_failure(&out);
        assert!(
            err.contains("seed/L2/weight.npy: truncated: shape ("),
            "{err}"
        );
    }
    assert!(!dir.path().join("m.ron").exists());
}

#[test]
fn fifos_and_devices_are_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("model.ron"));
    let err = assert_clean_failure(&run_within(
        &["--model", "model.ron", "eval"],
        dir.path(),
        None,
    ));
    assert!(
        err.contains("model.ron: is a named pipe (FIFO), not a regular file"),
        "{err}"
    );
    let err = assert_clean_failure(&run_within(
        &["--model", "/dev/zero", "eval"],
        dir.path(),
        None,
    ));
    assert!(err.contains("/dev/zero: is a device"), "{err}");
    let l2 = dir.path().join("seed/L2");
    std::fs::create_dir_all(&l2).unwrap();
    mkfifo(&l2.join("weight.npy"));
    let out = run_within(&["import-npy", "seed", "--out", "m.ron"], dir.path(), None);
    let err = assert_clean_failure(&out);
    assert!(
        err.contains("L2/weight.npy: is a named pipe (FIFO)"),
        "{err}"
    );
}

#[test]
fn export_and_import_replace_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let model = committed_model();
    let export = |extra: &[&str]| {
        let mut args = vec![
            "--model",
            model.as_str(),
            "export-npy",
            "out",
            "--fold-scale",
        ];
        args.extend_from_slice(extra);
        run(&args, dir.path(), None)
    };
    assert!(export(&[]).status.success());
    let err = assert_clean_failure(&export(&[]));
    assert!(
        err.contains("out: already holds an export; pass --force"),
        "{err}"
    );
    let out = export(&["--force"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let import = |extra: &[&str]| {
        let mut args = vec!["import-npy", "out", "--out", "m.ron"];
        args.extend_from_slice(extra);
        run(&args, dir.path(), None)
    };
    assert!(import(&[]).status.success());
    let err = assert_clean_failure(&import(&[]));
    assert!(
        err.contains("m.ron already exists") && err.contains("--force"),
        "{err}"
    );
    let out = import(&["--force"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A dangling link is there too: not written through without --force.
    std::os::unix::fs::symlink("nowhere/x.ron", dir.path().join("link.ron")).unwrap();
    let out = run(
        &["import-npy", "out", "--out", "link.ron"],
        dir.path(),
        None,
    );
    assert!(assert_clean_failure(&out).contains("link.ron already exists"));
    // Data that cannot be read costs the test figures, not the import.
    let data = dir.path().join("data");
    write_fixture(&data, 20, 5);
    std::fs::remove_file(data.join("t10k-images-idx3-ubyte")).unwrap();
    mkfifo(&data.join("t10k-images-idx3-ubyte"));
    let args = ["--data-dir", "data", "import-npy", "out", "--out", "m2.ron"];
    let out = run_within(&args, dir.path(), None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let log = text(&out.stderr);
    assert!(
        log.contains("note: no test figures: ") && log.contains("named pipe"),
        "{log}"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "temporary files left: {names:?}");
}

#[test]
fn unusable_data_is_named_and_not_downloaded_over() {
    let dir = tempfile::tempdir().unwrap();
    let mirror = fixture_mirror(20, 5);
    let cfg = config_with_mirror(dir.path(), &mirror.base);
    let model = committed_model();
    let data = dir.path().join("data");
    write_fixture(&data, 20, 5);
    let images = data.join("train-images-idx3-ubyte");
    std::fs::remove_file(&images).unwrap();
    std::os::unix::fs::symlink(data.join("gone"), &images).unwrap();
    let eval = |data: &Path| {
        let args = [
            "--config",
            &cfg,
            "--model",
            &model,
            "--data-dir",
            data.to_str().unwrap(),
            "eval",
        ];
        assert_clean_failure(&run_within(&args, dir.path(), None))
    };
    let err = eval(&data);
    assert!(
        err.contains("train-images-idx3-ubyte: is a symbolic link to")
            && err.contains("which does not exist"),
        "{err}"
    );
    // And with a file missing too, so that a download is considered.
    std::fs::remove_file(data.join("t10k-labels-idx1-ubyte")).unwrap();
    std::fs::remove_file(&images).unwrap();
    mkfifo(&images);
    let err = eval(&data);
    assert!(
        err.contains("train-images-idx3-ubyte: is a named pipe (FIFO)"),
        "{err}"
    );
    assert!(!err.contains("MNIST data not found"), "{err}");
    let file = dir.path().join("mirrors.ron");
    let err = eval(&file);
    assert!(
        err.contains("mirrors.ron: is a file, not a folder"),
        "{err}"
    );
    assert!(mirror.log.lock().unwrap().is_empty(), "nothing downloaded");
}

#[test]
fn an_explicit_data_dir_is_used_alone() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    write_fixture(&elsewhere, 20, 5);
    // Fixtures are not MNIST: the mirror's files fail the checksum.
    let mirror = fixture_mirror(20, 5);
    let cfg = config_with_mirror(dir.path(), &mirror.base);
    let model = committed_model();
    // MNIST_DIR has data, but --data-dir names another folder: only that one is used.
    let args = [
        "--config",
        &cfg,
        "--model",
        &model,
        "--data-dir",
        "named",
        "eval",
    ];
    let err = assert_clean_failure(&run_within(&args, dir.path(), Some(&elsewhere)));
    assert!(
        err.contains("MNIST data not found") && err.contains("named (from --data-dir)"),
        "{err}"
    );
    assert!(
        err.contains("checksum mismatch"),
        "a download was tried: {err}"
    );
    assert!(!err.contains("elsewhere"), "{err}");
    assert_eq!(
        mirror.log.lock().unwrap().first().map(String::as_str),
        Some("/train-images-idx3-ubyte.gz")
    );
}

#[test]
#[ignore = "needs real MNIST"]
fn an_explicit_data_dir_without_mnist_is_filled_by_a_download() {
    let mnist = mnist_dir();
    let dir = tempfile::tempdir().unwrap();
    // Served gzipped, as mirrors serve them, whether the folder holds the
    // files raw (as downloads leave them) or gzipped.
    let served: HashMap<String, Reply> = mnist_tui::data::FILES
        .iter()
        .map(|(name, _)| {
            let raw = dir_file(&mnist, name);
            (format!("/{name}.gz"), Reply::Ok(common::gzip(&raw)))
        })
        .collect();
    let mirror = common::serve(served);
    let cfg = config_with_mirror(dir.path(), &mirror.base);
    let model = committed_model();
    let args = [
        "--config",
        &cfg,
        "--model",
        &model,
        "--data-dir",
        "named",
        "eval",
    ];
    let out = run_within(&args, dir.path(), Some(&mnist));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("/10000), cost"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(mirror.log.lock().unwrap().len(), 4);
    for name in ["train-images-idx3-ubyte", "t10k-labels-idx1-ubyte"] {
        assert!(dir.path().join("named").join(name).is_file(), "{name}");
    }
}

/// The decompressed bytes of `name` in an MNIST folder (raw or .gz).
fn dir_file(dir: &Path, name: &str) -> Vec<u8> {
    match mnist_tui::data::locate::entry(dir, name) {
        mnist_tui::data::locate::Entry::File(p) if p.extension().is_some_and(|e| e == "gz") => {
            mnist_tui::data::idx::decompress(&p, &std::fs::read(&p).unwrap()[..]).unwrap()
        }
        mnist_tui::data::locate::Entry::File(p) => std::fs::read(&p).unwrap(),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn dead_writers_temp_files_go_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.ron"), "()").unwrap();
    let data = dir.path().join("data");
    write_fixture(&data, 20, 5);
    // Left by writers killed mid-save (a pid that cannot run).
    let stale = [
        "saves/.model-20261206T000000Z.ron.999999999.tmp",
        "saves/tuner/.cost_by_hyperparameter.csv.999999999.tmp",
    ];
    for f in stale {
        let path = dir.path().join(f);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "half").unwrap();
    }
    let model = committed_model();
    let args = ["--data-dir", "data", "--model", &model, "eval"];
    let out = run_within(&args, dir.path(), None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for f in stale {
        assert!(!dir.path().join(f).exists(), "{f} is still there");
    }
}

#[test]
fn eval_of_an_empty_test_set_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    write_fixture(&data, 20, 0);
    let model = committed_model();
    let args = [
        "--model",
        &model,
        "--data-dir",
        data.to_str().unwrap(),
        "eval",
    ];
    let err = assert_clean_failure(&run(&args, dir.path(), None));
    assert!(
        err.contains("t10k-images-idx3-ubyte: holds no images"),
        "{err}"
    );
}

/// Starts `mnist-tui ARGS` in `dir` on real MNIST, its stdout read line by
/// line on a thread.
fn spawn_reading(
    args: &[&str],
    dir: &Path,
) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    let mut child = user_command(dir)
        .args(args)
        .env("MNIST_DIR", mnist_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    (child, rx)
}

fn signal(child: &std::process::Child, name: &str) {
    let sent = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(sent.success());
}

/// Waits for the child, failing the test after `secs`.
fn wait_within(child: &mut std::process::Child, secs: u64) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            panic!("still running after {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn temp_files(dir: &Path) -> Vec<String> {
    files_under(dir)
        .into_iter()
        .filter(|f| f.ends_with(".tmp"))
        .collect()
}

#[test]
#[ignore = "needs real MNIST"]
fn ctrl_c_stops_headless_training_after_the_batch_and_saves_the_best_epoch() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.ron"),
        "(max_epochs: 300, patience: 300, model: \"saves/mine.ron\", seed: Some(4))",
    )
    .unwrap();
    let (mut child, lines) = spawn_reading(&["train"], dir.path());
    let mut seen = Vec::new();
    let epoch_lines = |seen: &[String]| {
        seen.iter()
            .filter(|l| l.trim_start().starts_with(char::is_numeric))
            .count()
    };
    while epoch_lines(&seen) < 3 {
        seen.push(lines.recv_timeout(Duration::from_secs(60)).expect("epochs"));
    }
    signal(&child, "INT");
    let status = wait_within(&mut child, 30);
    seen.extend(lines.try_iter());
    let said = seen.join("\n");
    assert_eq!(status.code(), Some(130), "{said}");
    assert!(said.contains("stopped after"), "{said}");
    let best: usize = said
        .split("best epoch ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("the best epoch is reported");
    assert!(said.contains("saved to saves/mine.ron"), "{said}");
    let model = mnist_tui::model_file::load(&dir.path().join("saves/mine.ron")).unwrap();
    assert_eq!(model.info.best_epoch, Some(best));
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(err.contains("interrupted"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // Twice: out at once, nothing half-written.
    let (mut child, lines) = spawn_reading(&["train", "--no-save"], dir.path());
    lines.recv_timeout(Duration::from_secs(60)).expect("output");
    signal(&child, "INT");
    std::thread::sleep(Duration::from_millis(50));
    signal(&child, "INT");
    assert_eq!(wait_within(&mut child, 10).code(), Some(130));
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

#[test]
#[ignore = "needs real MNIST"]
fn sigquit_stops_a_headless_sweep_like_ctrl_c() {
    let dir = checkout("()");
    let (mut child, lines) = spawn_reading(&["tune", "--workers", "1"], dir.path());
    // Some trials done, the sweep still running.
    let tuner = dir.path().join("saves/tuner");
    let started = Instant::now();
    while std::fs::read_to_string(tuner.join("trials.csv"))
        .map_or(0, |t| t.lines().filter(|l| l.ends_with(",ok")).count())
        < 2
    {
        assert!(started.elapsed() < Duration::from_secs(60), "no trials");
        std::thread::sleep(Duration::from_millis(50));
    }
    signal(&child, "QUIT");
    let status = wait_within(&mut child, 30);
    let said: Vec<String> = lines.try_iter().collect();
    assert_eq!(status.code(), Some(130), "{said:?}");
    assert!(
        said.iter().any(|l| l.starts_with("stopped after")),
        "{said:?}"
    );
    let merged = run(
        &[
            "tune",
            "merge",
            tuner.join("trials.csv").to_str().unwrap(),
            "--out",
            "merged",
        ],
        dir.path(),
        None,
    );
    assert!(merged.status.success(), "{}", text(&merged.stderr));
    assert_eq!(
        std::fs::read_to_string(tuner.join("cost_by_hyperparameter.csv")).unwrap(),
        std::fs::read_to_string(dir.path().join("merged/cost_by_hyperparameter.csv")).unwrap()
    );
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

/// A checkout folder holding `config` as config.ron.
fn checkout(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.ron"), config).unwrap();
    dir
}

#[test]
fn a_validation_set_that_leaves_too_little_is_blamed_with_the_arithmetic() {
    let dir = checkout("(\n    validation_size: 1999,\n)\n");
    write_fixture(&dir.path().join("data"), 2000, 5);
    let out = run_within(
        &["--data-dir", "data", "train", "--no-save"],
        dir.path(),
        None,
    );
    let err = assert_clean_failure(&out);
    assert!(
        err.contains(
            "config.ron:2:5: validation_size: 2000 training images − 1999 for validation \
             leaves 1 to train on, fewer than batch_size (32)"
        ),
        "{err}"
    );
}

#[test]
fn a_negative_seed_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["train", "--seed", "-1"], dir.path(), None);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("the seed is a whole number from 0"), "{err}");
}

#[test]
fn paths_from_config_ron_are_blamed_on_their_line() {
    let dir = checkout("(\n    data_dir: \"afile\",\n)\n");
    std::fs::write(dir.path().join("afile"), "x").unwrap();
    let err = assert_clean_failure(&run_within(&["eval"], dir.path(), None));
    assert!(
        err.contains("afile: is a file, not a folder (from data_dir at config.ron:2:5)"),
        "{err}"
    );
    let dir = checkout("(\n    model: \"sawes/model.ron\",\n)\n");
    let err = assert_clean_failure(&run_within(&["eval"], dir.path(), None));
    assert!(
        err.contains("config.ron:2:5: model: sawes/model.ron does not exist"),
        "{err}"
    );
}

#[test]
fn control_characters_in_paths_are_never_printed_raw() {
    let dir = checkout("(data_dir: \"a\\u{0}b\\u{1b}[2J\", mirrors: [])");
    let model = committed_model();
    let out = run_within(&["--model", &model, "eval"], dir.path(), None);
    let err = assert_clean_failure(&out);
    assert!(err.contains("a\\u{0}b\\u{1b}[2J"), "{err}");
    assert!(
        !out.stderr.iter().any(|b| *b == 0 || *b == 0x1b),
        "a raw NUL or escape reached the terminal: {err:?}"
    );
}
