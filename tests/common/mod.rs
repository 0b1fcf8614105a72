//! Helpers shared by integration tests: a tiny HTTP server on 127.0.0.1 and
//! fixture MNIST folders.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use mnist_tui::data::idx;

/// How the server answers one path.
#[derive(Clone, Debug)]
pub enum Reply {
    Ok(Vec<u8>),
    Status(u16),
    /// Claims `claimed` bytes in Content-Length, sends `body`, closes.
    Truncated {
        body: Vec<u8>,
        claimed: usize,
    },
    /// Sends the headers, then `body` one byte every `every`: never slow
    /// enough for a per-read timeout, never finished.
    Drip {
        body: Vec<u8>,
        every: std::time::Duration,
    },
}

pub struct Server {
    pub base: String,
    pub log: Arc<Mutex<Vec<String>>>,
}

/// Serves `routes` (path -> reply) on a free port until the test ends.
pub fn serve(routes: HashMap<String, Reply>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let base = format!("http://{}/", listener.local_addr().expect("local addr"));
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&log);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                    break;
                }
            }
            let path = request_line
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .to_string();
            seen.lock().expect("log lock").push(path.clone());
            let reply = routes.get(&path).cloned().unwrap_or(Reply::Status(404));
            let _ = match reply {
                Reply::Ok(body) => write_response(&mut stream, 200, &body, body.len()),
                Reply::Status(code) => write_response(&mut stream, code, b"no", 2),
                Reply::Truncated { body, claimed } => {
                    write_response(&mut stream, 200, &body, claimed)
                }
                Reply::Drip { body, every } => drip(&mut stream, &body, every),
            };
        }
    });
    Server { base, log }
}

fn write_response(
    s: &mut std::net::TcpStream,
    code: u16,
    body: &[u8],
    length: usize,
) -> std::io::Result<()> {
    write!(
        s,
        "HTTP/1.1 {code} X\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    )?;
    s.write_all(body)?;
    s.flush()
}

/// Headers, then one byte per `every` until the body is sent or the client
/// hangs up.
fn drip(
    s: &mut std::net::TcpStream,
    body: &[u8],
    every: std::time::Duration,
) -> std::io::Result<()> {
    write!(
        s,
        "HTTP/1.1 200 X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    for byte in body {
        s.write_all(&[*byte])?;
        s.flush()?;
        std::thread::sleep(every);
    }
    Ok(())
}

/// A port on 127.0.0.1 that refuses connections.
pub fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}/")
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).expect("gzip in memory");
    gz.finish().expect("gzip in memory")
}

/// Small valid IDX contents for the four MNIST names: (name, bytes).
pub fn fixture_files(n_train: usize, n_test: usize) -> Vec<(&'static str, Vec<u8>)> {
    let images = |n: usize, seed: u8| {
        idx::encode_images(
            &(0..n * idx::PIXELS)
                .map(|i| (i as u8).wrapping_mul(seed) & 0xf0)
                .collect::<Vec<_>>(),
        )
    };
    let labels = |n: usize| idx::encode_labels(&(0..n).map(|i| (i % 10) as u8).collect::<Vec<_>>());
    vec![
        (mnist_tui::data::TRAIN_IMAGES, images(n_train, 7)),
        (mnist_tui::data::TRAIN_LABELS, labels(n_train)),
        (mnist_tui::data::TEST_IMAGES, images(n_test, 13)),
        (mnist_tui::data::TEST_LABELS, labels(n_test)),
    ]
}

/// Writes [`fixture_files`] (raw) into `dir`, creating it.
pub fn write_fixture(dir: &Path, n_train: usize, n_test: usize) {
    std::fs::create_dir_all(dir).expect("create fixture folder");
    for (name, bytes) in fixture_files(n_train, n_test) {
        std::fs::write(dir.join(name), bytes).expect("write fixture file");
    }
}

/// A server on 127.0.0.1 serving [`fixture_files`] gzipped, as a mirror does.
pub fn fixture_mirror(n_train: usize, n_test: usize) -> Server {
    serve(
        fixture_files(n_train, n_test)
            .iter()
            .map(|(n, b)| (format!("/{n}.gz"), Reply::Ok(gzip(b))))
            .collect(),
    )
}

/// The real MNIST folder, found the way the app finds it: MNIST_DIR, then
/// assets/mnist, downloading (with checksums) into the first when neither
/// has it. Fails the test with the app's message if that is impossible, so
/// CI never silently skips real-data tests.
pub fn mnist_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let places = mnist_tui::places::Places::detect(mnist_tui::places::Flags::default());
        let config = mnist_tui::config::Config::default();
        let dir = mnist_tui::cli::find_data(&places, &config, &mut std::io::stderr())
            .unwrap_or_else(|e| panic!("real MNIST is needed for this test: {e}"));
        // Absolute, because tests run the binary from other folders.
        std::fs::canonicalize(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
    })
    .clone()
}

/// The repository root (for committed fixtures; never its config.ron or
/// saves/, which are the user's).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary under test: this build's, or `MNIST_TUI_BIN` (to run these
/// tests against another build, e.g. an older one to see a test fail).
pub fn binary() -> PathBuf {
    std::env::var_os("MNIST_TUI_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_mnist-tui")))
}

/// Variables that would let the test's own setting leak into the app.
pub const CLEARED_VARS: [&str; 5] = [
    "MNIST_DIR",
    "MNIST_MIRROR",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "NO_COLOR",
];

/// The binary as a user runs it, in `dir`, with a home folder of its own
/// (`dir/home`, so nothing reaches the real user's folders) and none of
/// the variables above.
pub fn user_command(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(binary());
    cmd.current_dir(dir).env("HOME", dir.join("home"));
    for var in CLEARED_VARS {
        cmd.env_remove(var);
    }
    cmd
}

/// The same for a shell command line: `env -u ... HOME=...`.
pub fn user_env(home: &Path) -> String {
    let unset: Vec<String> = CLEARED_VARS.iter().map(|v| format!("-u {v}")).collect();
    format!("env {} HOME={}", unset.join(" "), home.display())
}
