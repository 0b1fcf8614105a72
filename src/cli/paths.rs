//! `mnist-tui paths`: which config, model, data and saves are in use, and
//! why; changes nothing on disk.

use std::io::Write;

use crate::Error;
use crate::config::{self, Config};
use crate::data::locate;
use crate::fmt::{path as shown, percent};
use crate::places::{Layout, Places};

pub fn paths(places: &Places, out: &mut dyn Write) -> Result<(), Error> {
    let layout = match places.layout {
        Layout::Checkout => {
            "a checkout: config.ron in the current folder, saves/ and assets/mnist/ beside it"
        }
        Layout::User => {
            "installed: the user's config and data folders (no config.ron in the current folder)"
        }
    };
    writeln!(out, "layout   {layout}")?;
    // Read, never written here: a first run writes the user's config.
    let (config, state) = match config::load(&places.config, places.config_named()) {
        Ok((c, config::Source::File(_))) => (c, "read".to_string()),
        Ok((c, config::Source::Defaults(_))) if places.layout == Layout::User => (
            c,
            "not there yet: the first run writes the commented defaults".to_string(),
        ),
        Ok((c, config::Source::Defaults(_))) => (c, "not there: built-in defaults".to_string()),
        Err(e) => (
            Config::default(),
            format!("cannot be used ({e}); built-in defaults shown below"),
        ),
    };
    row(
        out,
        "config",
        &shown(&places.config),
        &places.config_origin.to_string(),
        &state,
    )?;
    let model = places.model(&config);
    let why = if places.flags.model.is_some() {
        "from --model"
    } else if model.shipped_fallback {
        "config.ron's `model` (the default)"
    } else {
        "config.ron's `model`"
    };
    let state = if model.uses_shipped() {
        let test = crate::model_file::shipped().info.test;
        let accuracy = test.map_or(String::new(), |t| format!(", {} test", percent(t.accuracy)));
        format!("nothing saved there yet: the shipped model (built in{accuracy}) is used")
    } else if model.path.exists() {
        "there".to_string()
    } else {
        "not there".to_string()
    };
    row(out, "model", &shown(&model.path), why, &state)?;
    row(
        out,
        "saves",
        &shown(&places.saves_dir()),
        "time-stamped models, .welcomed",
        "",
    )?;
    row(
        out,
        "sweep",
        &shown(&places.tuner_dir()),
        "trials.csv, cost_by_hyperparameter.csv",
        "",
    )?;
    let candidates = places.data_candidates(&config);
    let used = locate::find_complete(&candidates).map(|c| c.dir.clone());
    for (i, c) in candidates.iter().enumerate() {
        let state = if used.as_ref() == Some(&c.dir) {
            "holds all four files: used".to_string()
        } else if let Some(p) = locate::folder_problem(&c.dir) {
            p.what
        } else {
            let missing = locate::missing_files(&c.dir).len();
            let downloads = if used.is_none() && i == 0 {
                "; missing files are downloaded here"
            } else {
                ""
            };
            format!("holds {} of the four files{downloads}", 4 - missing)
        };
        let label = if i == 0 { "mnist" } else { "" };
        row(out, label, &shown(&c.dir), &c.origin.to_string(), &state)?;
    }
    for (i, m) in places.mirrors(&config).iter().enumerate() {
        let label = if i == 0 { "mirrors" } else { "" };
        row(
            out,
            label,
            m,
            &format!("from {}", places.mirror_origin(m)),
            "",
        )?;
    }
    Ok(())
}

fn row(out: &mut dyn Write, label: &str, what: &str, why: &str, state: &str) -> Result<(), Error> {
    let mut line = format!("{label:<8} {what}");
    if !why.is_empty() {
        line += &format!("\n           {why}");
    }
    if !state.is_empty() {
        line += &format!("; {state}");
    }
    writeln!(out, "{line}")?;
    Ok(())
}
