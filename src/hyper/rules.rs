//! Each field's rule, one function per kind of value: config.ron's check
//! and a run's check both call these, so both say the same.

use std::path::{Path, PathBuf};

use super::{Augment, MAX_SEEDS, MAX_WORKERS};

type Verdict = Result<(), String>;

/// Fields with no rule of their own.
pub fn any<T>(_: &T) -> Verdict {
    Ok(())
}

pub fn positive(v: &f32) -> Verdict {
    if *v > 0.0 && v.is_finite() {
        Ok(())
    } else {
        Err(format!("must be greater than 0 (got {v})"))
    }
}

pub fn non_negative(v: &f32) -> Verdict {
    if *v >= 0.0 && v.is_finite() {
        Ok(())
    } else {
        Err(format!("must be 0 or more (got {v})"))
    }
}

/// Adam's step size: above 1 no run learns (1e23 diverges at once).
pub fn learning_rate(v: &f32) -> Verdict {
    if *v > 0.0 && *v <= 1.0 {
        Ok(())
    } else {
        Err(format!("must be greater than 0 and at most 1 (got {v})"))
    }
}

pub fn beta(v: &f32) -> Verdict {
    if *v > 0.0 && *v < 1.0 {
        Ok(())
    } else {
        Err(format!("must be strictly between 0 and 1 (got {v})"))
    }
}

pub fn decay(v: &f32) -> Verdict {
    if *v > 0.0 && *v <= 1.0 {
        Ok(())
    } else {
        Err(format!("must be in (0, 1]; 1 means no decay (got {v})"))
    }
}

pub fn at_least_one(v: &usize) -> Verdict {
    if *v >= 1 {
        Ok(())
    } else {
        Err(format!("must be at least 1 (got {v})"))
    }
}

/// At most all of MNIST's 60,000 training images in one step.
pub fn batch_size(v: &usize) -> Verdict {
    if (1..=60_000).contains(v) {
        Ok(())
    } else {
        Err(format!("must be between 1 and 60000 (got {v})"))
    }
}

pub fn validation_size(v: &usize) -> Verdict {
    if (1..60_000).contains(v) {
        Ok(())
    } else {
        Err(format!(
            "must be between 1 and 59999 so some of the 60000 training images remain for training (got {v})"
        ))
    }
}

/// AdamW's decoupled decay: beyond 1 a step would flip a weight's sign.
pub fn weight_decay(v: &f32) -> Verdict {
    if (0.0..=1.0).contains(v) {
        Ok(())
    } else {
        Err(format!("must be between 0 and 1; 0 means none (got {v})"))
    }
}

pub fn hidden_bias(v: &f32) -> Verdict {
    if (-1.0..=1.0).contains(v) {
        Ok(())
    } else {
        Err(format!("must be between -1 and 1 (got {v})"))
    }
}

pub fn augment(a: &Augment) -> Verdict {
    let Augment::Affine {
        rotation,
        scale,
        shift,
    } = *a
    else {
        return Ok(());
    };
    let ok = |v: f32, max: f32| (0.0..=max).contains(&v);
    if !ok(rotation, 45.0) {
        Err(format!("rotation must be 0 to 45 degrees (got {rotation})"))
    } else if !ok(scale, 0.5) {
        Err(format!("scale must be 0 to 0.5, a fraction (got {scale})"))
    } else if !ok(shift, 4.0) {
        Err(format!("shift must be 0 to 4 pixels (got {shift})"))
    } else {
        Ok(())
    }
}

/// A missing closing quote can swallow a line break into a string and
/// still parse; no path or URL holds one.
const LINE_BREAK: &str = "contains a line break: is a closing \" missing?";

pub fn model(p: &Path) -> Verdict {
    if p.as_os_str().is_empty() {
        Err("must name a file (got an empty path)".into())
    } else if p.to_string_lossy().contains('\n') {
        Err(LINE_BREAK.into())
    } else {
        Ok(())
    }
}

pub fn data_dir(p: &Option<PathBuf>) -> Verdict {
    match p {
        Some(p) if p.to_string_lossy().contains('\n') => Err(LINE_BREAK.into()),
        _ => Ok(()),
    }
}

pub fn mirrors(urls: &[String]) -> Verdict {
    let web = |m: &&String| m.starts_with("http://") || m.starts_with("https://");
    if let Some(bad) = urls.iter().find(|m| !web(m)) {
        Err(format!(
            "every mirror must be an http:// or https:// URL (got {bad:?})"
        ))
    } else if urls.iter().any(|m| m.contains('\n')) {
        Err(LINE_BREAK.into())
    } else {
        Ok(())
    }
}

/// A sweep axis: at least one value, each once, each allowed by `each`.
fn axis(values: &[f32], each: fn(&f32) -> Verdict, allowed: &str) -> Verdict {
    if values.is_empty() || values.iter().any(|v| each(v).is_err()) {
        return Err(format!("must list values {allowed} (got {values:?})"));
    }
    match super::repeated(values) {
        Some(v) => Err(format!("lists {v} twice; each value may appear once")),
        None => Ok(()),
    }
}

pub fn betas(v: &[f32]) -> Verdict {
    axis(v, beta, "strictly between 0 and 1")
}

pub fn learning_rates(v: &[f32]) -> Verdict {
    axis(v, learning_rate, "greater than 0 and at most 1")
}

pub fn weight_decays(v: &[f32]) -> Verdict {
    axis(v, weight_decay, "from 0 to 1; [0.0] sweeps none")
}

pub fn augments(v: &[bool]) -> Verdict {
    if matches!(v, [false] | [true] | [false, true] | [true, false]) {
        Ok(())
    } else {
        Err(format!(
            "must be [false], [true] or [false, true] (got {v:?})"
        ))
    }
}

pub fn seeds(v: &usize) -> Verdict {
    if (1..=MAX_SEEDS).contains(v) {
        Ok(())
    } else {
        Err(format!("must be between 1 and {MAX_SEEDS} (got {v})"))
    }
}

pub fn workers(v: &usize) -> Verdict {
    if *v <= MAX_WORKERS {
        Ok(())
    } else {
        Err(format!(
            "must be at most {MAX_WORKERS} (0 = one per core) (got {v})"
        ))
    }
}

/// The rules between fields: warmup within the run.
pub fn warmup(warmup_epochs: usize, max_epochs: usize) -> Verdict {
    if warmup_epochs <= max_epochs {
        Ok(())
    } else {
        Err(format!(
            "must be at most max_epochs ({max_epochs}): the learning rate would never reach its peak (got {warmup_epochs})"
        ))
    }
}
