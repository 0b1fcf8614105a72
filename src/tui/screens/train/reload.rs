//! What `c` changed: config.ron's training, model and data fields before and after a reload.

use crate::config::Config;

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
    let fields: [(&'static str, String, String); 21] = [
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
    ];
    fields.into_iter().filter(|(_, a, b)| a != b).collect()
}
