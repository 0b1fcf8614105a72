//! The layout the README promises, checked on the source itself: screens
//! stand alone, files stay small, the training loop stays readable.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("read source folder")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Lines that are neither blank nor comments.
fn code_lines(text: &str) -> usize {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .count()
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
}

#[test]
fn screens_know_neither_the_app_nor_each_other() {
    let screens = repo().join("src/tui/screens");
    let names = ["train", "play", "tune", "network"];
    let mut files = Vec::new();
    rust_files(&screens, &mut files);
    assert!(files.len() >= 20, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let rel = file.strip_prefix(&screens).expect("under screens");
        assert!(
            !words(&text).any(|w| w == "App"),
            "{} names App",
            rel.display()
        );
        let own = rel.components().next().and_then(|c| c.as_os_str().to_str());
        for other in names
            .iter()
            .filter(|n| Some(**n) != own && rel.components().count() > 1)
        {
            for pattern in [
                format!("screens::{other}"),
                format!("super::super::{other}"),
            ] {
                assert!(
                    !text.contains(&pattern),
                    "{} imports the {other} screen",
                    rel.display()
                );
            }
        }
    }
}

#[test]
fn no_screen_file_over_500_code_lines() {
    let mut files = Vec::new();
    rust_files(&repo().join("src/tui/screens"), &mut files);
    for file in files {
        let n = code_lines(&std::fs::read_to_string(&file).expect("read"));
        assert!(n <= 500, "{}: {n} code lines", file.display());
    }
}

#[test]
fn the_training_loop_fits_on_a_screen() {
    let text = std::fs::read_to_string(repo().join("src/train/mod.rs")).expect("read");
    let start = text.find("pub fn train(").expect("train() in train/mod.rs");
    let body = &text[start..];
    let end = body.find("\n}\n").expect("end of train()");
    let lines = body[..end].lines().count() + 1;
    assert!(lines < 80, "train() is {lines} lines");
}

#[test]
fn the_panic_hook_comment_is_on_the_panic_hook() {
    let text = std::fs::read_to_string(repo().join("src/main.rs")).expect("read");
    let at = text.find("/// Panics are bugs").expect("the comment");
    let next_item = text[at..]
        .lines()
        .find(|l| !l.trim_start().starts_with("///"))
        .unwrap_or_default();
    assert!(
        next_item.starts_with("fn install_panic_hook"),
        "{next_item}"
    );
}
