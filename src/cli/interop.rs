//! `import-npy` and `export-npy`: the original Python project's model folder.

use std::io::Write;
use std::path::Path;

use super::{Places, percent};
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

/// Imports the original's folder `dir` into the model file `out_path`;
/// an existing file there is replaced only if `force`.
pub fn import(
    places: &Places,
    dir: &Path,
    out_path: &Path,
    force: bool,
    out: &mut dyn Write,
    log: &mut dyn Write,
) -> Result<(), Error> {
    // symlink_metadata: a dangling link or a FIFO is "there" too.
    if !force && std::fs::symlink_metadata(out_path).is_ok() {
        return Err(Error::Usage(format!(
            "{} already exists; choose another --out, or pass --force to replace it",
            crate::fmt::shown(out_path)
        )));
    }
    let mut model = npy::import(dir)?;
    // Test figures if MNIST is at hand (never download for this; data that
    // cannot be read only costs the figures, not the import). No
    // validation figures: the original trained on all 60,000 training
    // images, our validation set included, so they would flatter it (and
    // make it look better than models trained here when saving).
    let config = super::load_config(places, log)?;
    if let Some(found) = locate::find_complete(&places.data_candidates(&config)) {
        match Mnist::load(&found.dir) {
            Ok(data) => model.info.test = Some(evaluate(&model.network, data.test.all())),
            Err(e) => writeln!(log, "note: no test figures: {e}")?,
        }
    }
    model_file::save(out_path, &model)?;
    writeln!(
        out,
        "imported {} into {}",
        crate::fmt::shown(dir),
        crate::fmt::shown(out_path)
    )?;
    writeln!(
        out,
        "the model takes raw 0-255 pixels (input scale 1), as the original did"
    )?;
    if let Some(t) = model.info.test {
        writeln!(
            out,
            "test: accuracy {}, cost {:.5}",
            percent(t.accuracy),
            t.cost
        )?;
    }
    Ok(())
}

/// Exports the model (--model) into the folder `dir`, as a whole; an
/// earlier export there is replaced only with `options.replace` (--force).
pub fn export(
    places: &Places,
    dir: &Path,
    options: npy::ExportOptions,
    out: &mut dyn Write,
    log: &mut dyn Write,
) -> Result<(), Error> {
    let config = super::load_config(places, log)?;
    let path = places.model(&config);
    let model = super::load_model(&path)?;
    npy::export_with(&model, dir, options)?;
    writeln!(
        out,
        "exported {} to {} (L2/, L3/, L4/: weight.npy, bias.npy)",
        path.describe(),
        crate::fmt::shown(dir)
    )?;
    Ok(())
}
