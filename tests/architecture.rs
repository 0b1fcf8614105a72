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
    // Every folder there is a screen.
    let names: Vec<String> = std::fs::read_dir(&screens)
        .expect("read screens")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.len() >= 4, "{names:?}");
    let mut files = Vec::new();
    rust_files(&screens, &mut files);
    assert!(files.len() >= 20, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let rel = file.strip_prefix(&screens).expect("under screens");
        // A screen's tests may drive the whole app; its code may not.
        let text = non_test_code(&file, &text);
        assert!(
            !words(&text).any(|w| w == "App"),
            "{} names App",
            rel.display()
        );
        let own = rel.components().next().and_then(|c| c.as_os_str().to_str());
        for other in names
            .iter()
            .filter(|n| Some(n.as_str()) != own && rel.components().count() > 1)
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
    // A screen's tests live in one file, as long as its cases need.
    files.retain(|f| !f.ends_with("tests.rs"));
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

/// A source file as a module: `src/tui/screens/play/view.rs` is
/// `tui::screens::play::view`, a `mod.rs` its folder's module.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file without its tests (a `#[cfg(test)] mod tests` at
/// its end), and nothing of a file that is all tests.
fn non_test_code(file: &Path, text: &str) -> String {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.ends_with("tests.rs") || name == "test_support.rs" || name == "test_data.rs" {
        return String::new();
    }
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_string(),
        None => text.to_string(),
    }
}

/// Every module path a file's `use` declarations name, made absolute
/// (`super::` and `self::` resolved), without the `crate::` prefix.
fn used_paths(module: &str, code: &str) -> Vec<String> {
    // `use` declarations, joined across lines up to their `;`.
    let mut decls = Vec::new();
    let mut current: Option<String> = None;
    for line in code.lines() {
        let t = line.trim();
        if current.is_none()
            && (t.starts_with("use ")
                || t.starts_with("pub use ")
                || t.starts_with("pub(crate) use "))
        {
            current = Some(String::new());
        }
        if let Some(c) = &mut current {
            c.push_str(t);
            c.push(' ');
            if t.ends_with(';') {
                decls.push(std::mem::take(c));
                current = None;
            }
        }
    }
    let here: Vec<&str> = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").collect()
    };
    // `super` is the module one up (for a mod.rs, its folder's parent).
    let parent_of_file = here.len().saturating_sub(1);
    let mut out = Vec::new();
    for decl in decls {
        let body = decl
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub ")
            .trim_start_matches("use ")
            .trim_end()
            .trim_end_matches(';')
            .replace(' ', "");
        for path in expand(&body) {
            let mut segs: Vec<&str> = path.split("::").collect();
            let mut base: Vec<String> = match segs.first().copied() {
                Some("crate") => {
                    segs.remove(0);
                    Vec::new()
                }
                Some("super") => {
                    let mut up = parent_of_file;
                    segs.remove(0);
                    while segs.first() == Some(&"super") {
                        segs.remove(0);
                        up = up.saturating_sub(1);
                    }
                    here[..up].iter().map(|s| s.to_string()).collect()
                }
                Some("self") => {
                    segs.remove(0);
                    here.iter().map(|s| s.to_string()).collect()
                }
                // std, ratatui, ... and the file's own children.
                _ => continue,
            };
            base.extend(segs.iter().filter(|s| !s.is_empty()).map(|s| s.to_string()));
            out.push(base.join("::"));
        }
    }
    out
}

/// `a::{b, c::{d, e}}` -> `a::b`, `a::c::d`, `a::c::e` (renames dropped).
fn expand(body: &str) -> Vec<String> {
    let Some(open) = body.find('{') else {
        let path = body.split(" as ").next().unwrap_or(body);
        return vec![
            path.split("as")
                .next()
                .unwrap_or(path)
                .trim_end_matches("::")
                .to_string(),
        ];
    };
    let prefix = &body[..open];
    let inner = &body[open + 1..body.rfind('}').unwrap_or(body.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, ch) in inner.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |e| format!("{prefix}{e}")))
        .map(|p| p.trim_end_matches("::self").to_string())
        .collect()
}

/// The module graph: for each file's module, the modules (files) it uses.
/// A use of an item is a use of the deepest module on its path. From
/// outside a folder module, that is a use of every file in it (its
/// `mod.rs` re-exports them), so a circle through a folder is seen; a
/// folder's own files using its `mod.rs`, and a `mod.rs` using its own
/// files, are one module's parts, not arrows.
fn module_graph() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let src = repo().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: std::collections::BTreeSet<String> =
        files.iter().map(|f| module_of(&src, f)).collect();
    let mut graph = std::collections::BTreeMap::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        let code = non_test_code(file, &text);
        if code.is_empty() {
            continue;
        }
        let module = module_of(&src, file);
        let mut uses = std::collections::BTreeSet::new();
        for path in used_paths(&module, &code) {
            let segs: Vec<&str> = path.split("::").collect();
            let target = (1..=segs.len())
                .rev()
                .map(|n| segs[..n].join("::"))
                .find(|m| modules.contains(m));
            let Some(target) = target else { continue };
            let below = |outer: &str, inner: &str| inner.starts_with(&format!("{outer}::"));
            if target == module || module.is_empty() || below(&module, &target) {
                continue;
            }
            if below(&target, &module) {
                uses.insert(target);
            } else {
                // The folder as a whole.
                uses.extend(
                    modules
                        .iter()
                        .filter(|m| **m == target || below(&target, m))
                        .cloned(),
                );
            }
        }
        graph.insert(module, uses);
    }
    graph
}

/// The strongly connected groups of more than one module (import circles).
fn circles(
    graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Vec<Vec<String>> {
    // Reachability by search from each node (the graph is small).
    let reach = |from: &String| {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(n) = stack.pop() {
            for m in graph.get(&n).into_iter().flatten() {
                if seen.insert(m.clone()) {
                    stack.push(m.clone());
                }
            }
        }
        seen
    };
    let reaches: std::collections::BTreeMap<&String, std::collections::BTreeSet<String>> =
        graph.keys().map(|k| (k, reach(k))).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for a in graph.keys() {
        if groups.iter().any(|g| g.contains(a)) {
            continue;
        }
        let group: Vec<String> = graph
            .keys()
            .filter(|b| *b == a || (reaches[a].contains(*b) && reaches[*b].contains(a)))
            .cloned()
            .collect();
        if group.len() > 1 {
            groups.push(group);
        }
    }
    groups
}

#[test]
fn no_module_imports_in_a_circle() {
    let found = circles(&module_graph());
    assert!(found.is_empty(), "import circles: {found:#?}");
}

/// Layers from the bottom; a module may use its own layer and those below.
const LAYERS: &[&[&str]] = &[
    &["fmt", "files", "aligned", "simd", "layout"],
    &["hyper"],
    &[
        "config",
        "data",
        "network",
        "neuron",
        "adam",
        "augment",
        "digit",
        "npy",
        "eval",
        "study",
        "learn",
        "game",
        "places",
        "model_file",
        "train",
        "tune",
    ],
    &["error", "cli"],
    &["tui"],
];

fn layer(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or(module);
    LAYERS
        .iter()
        .position(|l| l.contains(&top))
        .unwrap_or_else(|| panic!("{module} is in no layer: add it to LAYERS"))
}

#[test]
fn no_module_uses_one_in_a_higher_layer() {
    let mut wrong = Vec::new();
    for (module, uses) in module_graph() {
        if module.is_empty() || module == "main" {
            continue;
        }
        for used in uses {
            if layer(&used) > layer(&module) {
                wrong.push(format!("{module} -> {used}"));
            }
        }
    }
    assert!(wrong.is_empty(), "arrows up the layers: {wrong:#?}");
}

#[test]
fn the_circle_check_sees_a_circle() {
    let mut g = std::collections::BTreeMap::new();
    g.insert("a".to_string(), ["b".to_string()].into());
    g.insert("b".to_string(), ["c".to_string()].into());
    g.insert("c".to_string(), ["a".to_string()].into());
    g.insert("d".to_string(), ["a".to_string()].into());
    assert_eq!(
        circles(&g),
        vec![vec!["a".to_string(), "b".into(), "c".into()]]
    );
    assert_eq!(
        used_paths(
            "tui::screens::play::view",
            "use super::{draw_view::x, strip::{a, b}};\nuse crate::fmt::path;\n"
        ),
        [
            "tui::screens::play::draw_view::x",
            "tui::screens::play::strip::a",
            "tui::screens::play::strip::b",
            "fmt::path"
        ]
    );
}
