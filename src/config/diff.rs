//! What changed between two configurations, field by field, for the app to
//! say when config.ron is edited.

use super::Config;

/// One changed field: its name in config.ron, the old and the new value.
pub type Change = (&'static str, String, String);

/// The training fields that differ between `old` and `new`, in file order.
pub fn changes(old: &Config, new: &Config) -> Vec<Change> {
    let seed = |s: Option<u64>| s.map_or("random".to_string(), |s| s.to_string());
    // A list of URLs would not fit the panel: how many, and the first.
    let list = |m: &[String]| match m.first() {
        Some(first) => format!("{}, first {first}", m.len()),
        None => "none".to_string(),
    };
    let dir = |d: &Option<std::path::PathBuf>| {
        d.as_ref()
            .map_or("None".to_string(), |d| crate::fmt::path(d))
    };
    let t = (&old.tuner, &new.tuner);
    let floats = |v: &[f32]| {
        let all: Vec<String> = v.iter().map(f32::to_string).collect();
        format!("[{}]", all.join(", "))
    };
    let flags = |v: &[bool]| format!("{v:?}");
    let fields: [(&'static str, String, String); 31] = [
        (
            "batch_size",
            old.batch_size.to_string(),
            new.batch_size.to_string(),
        ),
        (
            "learning_rate",
            old.learning_rate.to_string(),
            new.learning_rate.to_string(),
        ),
        ("beta1", old.beta1.to_string(), new.beta1.to_string()),
        ("beta2", old.beta2.to_string(), new.beta2.to_string()),
        (
            "epsilon",
            format!("{:e}", old.epsilon),
            format!("{:e}", new.epsilon),
        ),
        (
            "lr_decay",
            old.lr_decay.to_string(),
            new.lr_decay.to_string(),
        ),
        (
            "patience",
            old.patience.to_string(),
            new.patience.to_string(),
        ),
        (
            "patience_buffer",
            old.patience_buffer.to_string(),
            new.patience_buffer.to_string(),
        ),
        (
            "max_epochs",
            old.max_epochs.to_string(),
            new.max_epochs.to_string(),
        ),
        (
            "validation_size",
            old.validation_size.to_string(),
            new.validation_size.to_string(),
        ),
        (
            "lr_schedule",
            format!("{:?}", old.lr_schedule),
            format!("{:?}", new.lr_schedule),
        ),
        (
            "warmup_epochs",
            old.warmup_epochs.to_string(),
            new.warmup_epochs.to_string(),
        ),
        (
            "weight_decay",
            old.weight_decay.to_string(),
            new.weight_decay.to_string(),
        ),
        (
            "hidden_bias",
            old.hidden_bias.to_string(),
            new.hidden_bias.to_string(),
        ),
        (
            "augment",
            format!("{:?}", old.augment),
            format!("{:?}", new.augment),
        ),
        ("seed", seed(old.seed), seed(new.seed)),
        (
            "load_model",
            old.load_model.to_string(),
            new.load_model.to_string(),
        ),
        (
            "save_model",
            old.save_model.to_string(),
            new.save_model.to_string(),
        ),
        (
            "model",
            crate::fmt::path(&old.model),
            crate::fmt::path(&new.model),
        ),
        ("data_dir", dir(&old.data_dir), dir(&new.data_dir)),
        ("mirrors", list(&old.mirrors), list(&new.mirrors)),
        ("tuner.beta1", floats(&t.0.beta1), floats(&t.1.beta1)),
        ("tuner.beta2", floats(&t.0.beta2), floats(&t.1.beta2)),
        (
            "tuner.learning_rate",
            floats(&t.0.learning_rate),
            floats(&t.1.learning_rate),
        ),
        ("tuner.seeds", t.0.seeds.to_string(), t.1.seeds.to_string()),
        (
            "tuner.max_epochs",
            t.0.max_epochs.to_string(),
            t.1.max_epochs.to_string(),
        ),
        (
            "tuner.patience",
            t.0.patience.to_string(),
            t.1.patience.to_string(),
        ),
        (
            "tuner.lr_decay",
            t.0.lr_decay.to_string(),
            t.1.lr_decay.to_string(),
        ),
        (
            "tuner.weight_decay",
            floats(&t.0.weight_decay),
            floats(&t.1.weight_decay),
        ),
        ("tuner.augment", flags(&t.0.augment), flags(&t.1.augment)),
        (
            "tuner.workers",
            t.0.workers.to_string(),
            t.1.workers.to_string(),
        ),
    ];
    fields.into_iter().filter(|(_, a, b)| a != b).collect()
}
