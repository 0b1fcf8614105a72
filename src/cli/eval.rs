//! `mnist-tui eval`: a model's accuracy, cost and confusion matrix on the test set.

use std::io::Write;

use super::{Places, percent};
use crate::Error;
use crate::eval::evaluate_full;

pub fn eval(places: &Places, out: &mut dyn Write, log: &mut dyn Write) -> Result<(), Error> {
    let config = super::load_config(places, log)?;
    let path = places.model(&config);
    let model = super::load_model(&path)?;
    let data = super::load_data(places, &config, log)?;
    let test = data.test.all();
    let e = evaluate_full(&model.network, test);
    writeln!(out, "model: {} ({})", path.describe(), model.info.origin)?;
    let correct: u32 = (0..10).map(|i| e.confusion[i][i]).sum();
    writeln!(
        out,
        "test: accuracy {} ({correct}/{}), cost {:.5}",
        percent(e.metrics.accuracy),
        test.len(),
        e.metrics.cost
    )?;
    writeln!(
        out,
        "confusion matrix (rows: true digit, columns: predicted digit):"
    )?;
    write!(out, "     ")?;
    for d in 0..10 {
        write!(out, "{d:>6}")?;
    }
    writeln!(out)?;
    for (t, row) in e.confusion.iter().enumerate() {
        write!(out, "{t:>5}")?;
        for n in row {
            write!(out, "{n:>6}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
