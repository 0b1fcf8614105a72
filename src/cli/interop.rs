//! `import-npy` and `export-npy`: the original Python project's model folder.

use std::io::Write;
use std::path::Path;

use super::{Globals, percent};
use crate::Error;
use crate::data::{Mnist, locate};
use crate::eval::evaluate;
use crate::model_file;
use crate::npy;

impl From<npy::NpyError> for Error {
    fn from(e: npy::NpyError) -> Error {
        Error::Usage(e.to_string())
    }
}

pub fn import(
    globals: &Globals,
    dir: &Path,
    out_path: &Path,
    out: &mut dyn Write,
    log: &mut dyn Write,
) -> Result<(), Error> {
    if out_path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; choose another --out or remove it first",
            out_path.display()
        )));
    }
    let mut model = npy::import(dir)?;
    // Evaluate if MNIST is at hand (never download for this).
    let config = globals.load_config(log)?;
    if let Some(found) = locate::find_complete(&globals.data_candidates(&config)) {
        let data = Mnist::load(&found.dir)?;
        if let Ok(s) = data.splits(config.validation_size) {
            model.info.validation = Some(evaluate(&model.network, s.validation));
            model.info.test = Some(evaluate(&model.network, s.test));
        }
    }
    model_file::save(out_path, &model)?;
    writeln!(
        out,
        "imported {} into {}",
        dir.display(),
        out_path.display()
    )?;
    writeln!(
        out,
        "the model takes raw 0-255 pixels (input scale 1), as the original did"
    )?;
    if let (Some(v), Some(t)) = (model.info.validation, model.info.test) {
        writeln!(
            out,
            "validation: accuracy {}, cost {:.5}",
            percent(v.accuracy),
            v.cost
        )?;
        writeln!(
            out,
            "test: accuracy {}, cost {:.5}",
            percent(t.accuracy),
            t.cost
        )?;
    }
    Ok(())
}

pub fn export(
    globals: &Globals,
    dir: &Path,
    fold_scale: bool,
    out: &mut dyn Write,
    log: &mut dyn Write,
) -> Result<(), Error> {
    let config = globals.load_config(log)?;
    let path = globals.model_path(&config);
    let model = super::load_model(&path)?;
    if fold_scale {
        npy::export_folding_scale(&model, dir)?;
    } else {
        npy::export(&model, dir)?;
    }
    writeln!(
        out,
        "exported {} to {} (L2/, L3/, L4/: weight.npy, bias.npy)",
        path.display(),
        dir.display()
    )?;
    Ok(())
}
