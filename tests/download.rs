//! Downloads against a real HTTP server on 127.0.0.1: a good file, a 404, a
//! truncated body, a wrong checksum, a mirror that drips, and the fallback
//! to the second mirror.

mod common;

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use common::{Reply, closed_port_url, fixture_files, gzip, serve};
use mnist_tui::data::download::{
    DownloadError, DownloadEvent, Limits, ensure_data, fetch_missing, fetch_missing_with,
    sha256_hex,
};
use mnist_tui::data::locate::{Candidate, Origin};
use mnist_tui::data::{DataError, FILES, Mnist};

fn checksums(files: &[(&'static str, Vec<u8>)]) -> Vec<(&'static str, String)> {
    files.iter().map(|(n, b)| (*n, sha256_hex(b))).collect()
}

fn listing(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn falls_back_to_second_mirror_on_404_truncation_and_bad_checksum() {
    let files = fixture_files(20, 5);
    let [train_img, train_lab, test_img, test_lab] = [0, 1, 2, 3].map(|i| files[i].clone());
    let path = |name: &str| format!("/{name}.gz");
    let first = serve(HashMap::from([
        (path(train_img.0), Reply::Ok(gzip(&train_img.1))),
        (path(train_lab.0), Reply::Status(404)),
        (
            path(test_img.0),
            Reply::Truncated {
                body: gzip(&test_img.1)[..40].to_vec(),
                claimed: gzip(&test_img.1).len(),
            },
        ),
        (
            path(test_lab.0),
            Reply::Ok(gzip(b"not the labels you are looking for")),
        ),
    ]));
    // The second mirror serves raw (not gzipped) bytes: also accepted.
    let second = serve(
        files
            .iter()
            .map(|(n, b)| (path(n), Reply::Ok(b.clone())))
            .collect(),
    );

    let dir = tempfile::tempdir().unwrap();
    let sums = checksums(&files);
    let sums: Vec<(&str, &str)> = sums.iter().map(|(n, s)| (*n, s.as_str())).collect();
    let mut events = Vec::new();
    fetch_missing(
        dir.path(),
        &[first.base.clone(), second.base.clone()],
        &sums,
        &AtomicBool::new(false),
        &mut |e| events.push(e),
    )
    .unwrap();

    for (name, bytes) in &files {
        assert_eq!(
            &std::fs::read(dir.path().join(name)).unwrap(),
            bytes,
            "{name}"
        );
    }
    assert_eq!(
        listing(dir.path()).len(),
        4,
        "no temporary files left: {:?}",
        listing(dir.path())
    );
    let failures: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            DownloadEvent::Failed(a) => Some(format!("{} {}", a.url, a.error)),
            _ => None,
        })
        .collect();
    assert_eq!(failures.len(), 3, "{failures:#?}");
    assert!(
        failures[0].contains(&path(train_lab.0)) && failures[0].contains("HTTP 404"),
        "{}",
        failures[0]
    );
    assert!(
        failures[1].contains(&path(test_img.0)) && failures[1].contains("cut short"),
        "{}",
        failures[1]
    );
    assert!(
        failures[2].contains(&path(test_lab.0)) && failures[2].contains("checksum mismatch"),
        "{}",
        failures[2]
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, DownloadEvent::Progress { .. }))
    );
    let first_log = first.log.lock().unwrap().clone();
    let second_log = second.log.lock().unwrap().clone();
    assert_eq!(first_log.len(), 4);
    assert_eq!(
        second_log,
        vec![path(train_lab.0), path(test_img.0), path(test_lab.0)]
    );
    // What landed is readable MNIST.
    let m = Mnist::load(dir.path()).unwrap();
    assert_eq!((m.train.len(), m.test.len()), (20, 5));
}

#[test]
fn failure_on_every_mirror_leaves_no_half_file() {
    let files = fixture_files(20, 5);
    let truncated = gzip(&files[0].1);
    let bad = serve(HashMap::from([(
        format!("/{}.gz", files[0].0),
        Reply::Truncated {
            body: truncated[..truncated.len() / 2].to_vec(),
            claimed: truncated.len(),
        },
    )]));
    let dir = tempfile::tempdir().unwrap();
    let sums = checksums(&files);
    let sums: Vec<(&str, &str)> = sums.iter().map(|(n, s)| (*n, s.as_str())).collect();
    let err = fetch_missing(
        dir.path(),
        &[bad.base.clone(), closed_port_url()],
        &sums,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap_err();
    let DownloadError::AllMirrorsFailed { file, attempts } = err else {
        panic!("{err}")
    };
    assert_eq!(file, files[0].0);
    assert_eq!(attempts.len(), 2);
    assert!(attempts[0].error.contains("cut short"), "{:?}", attempts[0]);
    assert!(listing(dir.path()).is_empty(), "{:?}", listing(dir.path()));
}

#[test]
fn no_data_and_no_network_gives_one_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("mnist");
    let candidates = vec![Candidate {
        dir: target.clone(),
        origin: Origin::Flag,
    }];
    let mirror = closed_port_url();
    let err = ensure_data(
        &candidates,
        std::slice::from_ref(&mirror),
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, DataError::Missing { .. }), "{err}");
    let msg = err.to_string();
    assert!(msg.contains(&target.display().to_string()), "{msg}");
    assert!(msg.contains("from --data-dir"), "{msg}");
    for (name, _) in FILES {
        assert!(msg.contains(name), "{msg}");
    }
    assert!(msg.contains(&mirror), "{msg}");
    assert!(
        msg.contains("--mirror URL") && msg.contains("--data-dir naming the folder"),
        "{msg}"
    );
    // Without --data-dir, every way to point at a copy.
    let candidates = vec![Candidate {
        dir: target,
        origin: Origin::Default,
    }];
    let err = ensure_data(&candidates, &[mirror], &AtomicBool::new(false), &mut |_| {});
    let msg = err.unwrap_err().to_string();
    assert!(
        msg.contains("MNIST_DIR=/path/to/mnist") && msg.contains("--data-dir /path/to/mnist"),
        "{msg}"
    );
}

#[test]
fn a_stalled_mirror_is_abandoned_for_the_next_saying_why() {
    let files = fixture_files(20, 5);
    let (name, bytes) = files[0].clone();
    let body = gzip(&bytes);
    let route = format!("/{name}.gz");
    // A byte now and then: every read returns in time, nothing arrives.
    let drip = serve(HashMap::from([(
        route.clone(),
        Reply::Drip {
            body: body.clone(),
            every: Duration::from_millis(300),
        },
    )]));
    let good = serve(HashMap::from([(route, Reply::Ok(body))]));
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits {
        stall: Duration::from_secs(1),
        ..Limits::default()
    };
    let sum = sha256_hex(&bytes);
    let mut events = Vec::new();
    let started = Instant::now();
    fetch_missing_with(
        dir.path(),
        &[drip.base.clone(), good.base.clone()],
        &[(name, sum.as_str())],
        &limits,
        &AtomicBool::new(false),
        &mut |e| events.push(e),
    )
    .unwrap();
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(5),
        "abandoned long after 1 s: {took:?}"
    );
    assert_eq!(std::fs::read(dir.path().join(name)).unwrap(), bytes);
    let failure = events.iter().find_map(|e| match e {
        DownloadEvent::Failed(a) => Some(a),
        _ => None,
    });
    let failure = failure.unwrap_or_else(|| panic!("{events:#?}"));
    assert!(failure.url.starts_with(&drip.base), "{failure:?}");
    assert!(
        failure.error.starts_with("stalled: ") && failure.error.contains("in the last 1 s"),
        "{failure:?}"
    );
}

#[test]
fn a_dripping_mirror_is_abandoned_at_the_deadline() {
    let files = fixture_files(20, 5);
    let (name, bytes) = files[0].clone();
    let body = gzip(&bytes);
    let route = format!("/{name}.gz");
    // 100 ms a byte: every read is quick, the whole would take minutes.
    let every = Duration::from_millis(100);
    assert!(body.len() as f64 * every.as_secs_f64() > 60.0);
    let drip = serve(HashMap::from([(
        route.clone(),
        Reply::Drip {
            body: body.clone(),
            every,
        },
    )]));
    let good = serve(HashMap::from([(route, Reply::Ok(body))]));
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits {
        per_file: Duration::from_secs(2),
        stall: Duration::from_secs(60),
        ..Limits::default()
    };
    let sum = sha256_hex(&bytes);
    let mut events = Vec::new();
    let started = Instant::now();
    fetch_missing_with(
        dir.path(),
        &[drip.base.clone(), good.base.clone()],
        &[(name, sum.as_str())],
        &limits,
        &AtomicBool::new(false),
        &mut |e| events.push(e),
    )
    .unwrap();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(8),
        "{took:?}"
    );
    assert_eq!(std::fs::read(dir.path().join(name)).unwrap(), bytes);
    let failed = events
        .iter()
        .position(|e| matches!(e, DownloadEvent::Failed(_)));
    let Some(DownloadEvent::Failed(attempt)) = failed.map(|i| &events[i]) else {
        panic!("{events:#?}")
    };
    assert!(attempt.url.starts_with(&drip.base), "{attempt:?}");
    assert!(
        attempt
            .error
            .contains("not complete within 2 s, the limit per file"),
        "{attempt:?}"
    );
    // The drip's progress reports its rate: about 10 bytes a second by the end.
    let drip_rates: Vec<u64> = events[..failed.unwrap()]
        .iter()
        .filter_map(|e| match e {
            DownloadEvent::Progress { bytes_per_sec, .. } => Some(*bytes_per_sec),
            _ => None,
        })
        .collect();
    assert!(drip_rates.len() >= 5, "{drip_rates:?}");
    let last = *drip_rates.last().unwrap();
    assert!((3..=30).contains(&last), "{drip_rates:?}");
    let saved_rate = events.iter().find_map(|e| match e {
        DownloadEvent::Saved { bytes_per_sec, .. } => Some(*bytes_per_sec),
        _ => None,
    });
    assert!(saved_rate.is_some_and(|r| r > 1000), "{saved_rate:?}");
}

#[test]
fn unusable_files_in_the_download_folder_are_reported_not_downloaded_over() {
    let files = fixture_files(20, 5);
    let server = serve(
        files
            .iter()
            .map(|(n, b)| (format!("/{n}.gz"), Reply::Ok(gzip(b))))
            .collect(),
    );
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("mnist");
    std::fs::create_dir_all(target.join(FILES[0].0)).unwrap();
    let try_dir = |dir: &std::path::Path| {
        let candidates = vec![Candidate {
            dir: dir.to_path_buf(),
            origin: Origin::Flag,
        }];
        ensure_data(
            &candidates,
            std::slice::from_ref(&server.base),
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .unwrap_err()
    };
    let err = try_dir(&target);
    assert!(matches!(err, DataError::Unusable(_)), "{err}");
    let msg = err.to_string();
    assert!(
        msg.ends_with(&format!(
            "{}: is a directory, not a regular file (from --data-dir)",
            FILES[0].0
        )),
        "{msg}"
    );
    // A file given as the folder.
    let file = dir.path().join("file");
    std::fs::write(&file, b"x").unwrap();
    let msg = try_dir(&file).to_string();
    assert!(
        msg.ends_with("file: is a file, not a folder (from --data-dir)"),
        "{msg}"
    );
    assert!(
        server.log.lock().unwrap().is_empty(),
        "nothing was downloaded"
    );
    assert_eq!(listing(&target), vec![FILES[0].0.to_string()]);
}

#[test]
fn a_multi_member_gzip_from_a_mirror_is_accepted() {
    let files = fixture_files(20, 5);
    let (name, bytes) = files[0].clone();
    let (a, b) = bytes.split_at(bytes.len() / 3);
    let mut body = gzip(a);
    body.extend(gzip(b));
    let server = serve(HashMap::from([(format!("/{name}.gz"), Reply::Ok(body))]));
    let dir = tempfile::tempdir().unwrap();
    let sum = sha256_hex(&bytes);
    fetch_missing(
        dir.path(),
        std::slice::from_ref(&server.base),
        &[(name, sum.as_str())],
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(std::fs::read(dir.path().join(name)).unwrap(), bytes);
}

#[test]
fn a_body_announced_beyond_any_mnist_file_is_refused_unread() {
    let files = fixture_files(20, 5);
    let name = files[0].0;
    let server = serve(HashMap::from([(
        format!("/{name}.gz"),
        Reply::Truncated {
            body: b"x".to_vec(),
            claimed: 1 << 30,
        },
    )]));
    let dir = tempfile::tempdir().unwrap();
    let err = fetch_missing(
        dir.path(),
        std::slice::from_ref(&server.base),
        &[(name, "0")],
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap_err();
    let DownloadError::AllMirrorsFailed { attempts, .. } = err else {
        panic!("{err}")
    };
    assert!(
        attempts[0].error.contains("1073741824 bytes announced"),
        "{attempts:?}"
    );
}
