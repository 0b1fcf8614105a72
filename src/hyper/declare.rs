//! The macros that turn the one list of config.ron's fields (in
//! `hyper/mod.rs`) into the structs, their defaults, their checks, and the
//! table that messages, the settings panel and the reload diff read.

/// What the rest of the app knows of a field without naming it in code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldInfo {
    /// As config.ron writes it; dotted when nested (`tuner.seeds`).
    pub name: &'static str,
    /// What it takes, for messages: "a whole number, e.g. 32".
    pub expects: &'static str,
    /// It holds 32-bit floats (alone or in a list): a number too large or
    /// too small to store is named as written.
    pub float: bool,
    /// A run's hyperparameter, recorded in [`crate::hyper::TrainSettings`].
    pub training: bool,
}

/// A field's value as the app shows it (settings panel, reload diff).
pub trait Show {
    /// Holds 32-bit floats.
    const FLOAT: bool = false;
    fn show(&self) -> String;
}

impl Show for usize {
    fn show(&self) -> String {
        self.to_string()
    }
}

impl Show for f32 {
    const FLOAT: bool = true;
    fn show(&self) -> String {
        // 1e-8 rather than 0.00000001.
        if *self != 0.0 && self.abs() < 1e-4 {
            format!("{self:e}")
        } else {
            self.to_string()
        }
    }
}

impl Show for bool {
    fn show(&self) -> String {
        self.to_string()
    }
}

impl Show for Option<u64> {
    fn show(&self) -> String {
        self.map_or("None".to_string(), |v| v.to_string())
    }
}

impl Show for std::path::PathBuf {
    fn show(&self) -> String {
        crate::fmt::path(self)
    }
}

impl Show for Option<std::path::PathBuf> {
    fn show(&self) -> String {
        self.as_ref()
            .map_or("None".to_string(), |p| crate::fmt::path(p))
    }
}

impl Show for Vec<String> {
    /// A list of URLs would not fit a panel: how many, and the first.
    fn show(&self) -> String {
        match self.first() {
            Some(first) => format!("{}, first {first}", self.len()),
            None => "none".to_string(),
        }
    }
}

impl Show for Vec<f32> {
    const FLOAT: bool = true;
    fn show(&self) -> String {
        let all: Vec<String> = self.iter().map(Show::show).collect();
        format!("[{}]", all.join(", "))
    }
}

impl Show for Vec<bool> {
    fn show(&self) -> String {
        format!("{self:?}")
    }
}

/// One section of config.ron (the top level, or `tuner`): its struct, the
/// defaults, the per-field checks and the field table. Each field is
/// `name: Type = default, expects "…", rule path;` where the rule is a
/// `fn(&Type) -> Result<(), String>` from `hyper::rules`.
macro_rules! section {
    (
        $(#[$meta:meta])*
        pub struct $section:ident, prefix $prefix:literal {
            $( $(#[$doc:meta])* $name:ident : $ty:ty = $default:expr,
               expects $expects:literal, rule $rule:path; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct $section {
            $( $(#[$doc])* pub $name: $ty, )*
        }

        impl Default for $section {
            fn default() -> Self {
                $section { $( $name: $default, )* }
            }
        }

        impl $section {
            pub const FIELDS: &'static [$crate::hyper::FieldInfo] = &[
                $( $crate::hyper::FieldInfo {
                    name: concat!($prefix, stringify!($name)),
                    expects: $expects,
                    float: <$ty as $crate::hyper::Show>::FLOAT,
                    training: false,
                }, )*
            ];

            /// Each field's own rule: (field, what is wrong).
            pub fn field_problems(&self) -> Vec<(&'static str, String)> {
                let mut out = Vec::new();
                $( if let Err(e) = $rule(&self.$name) {
                    out.push((concat!($prefix, stringify!($name)), e));
                } )*
                out
            }

            /// (field, value as shown), in the table's order.
            pub fn values(&self) -> Vec<(&'static str, String)> {
                vec![ $( (concat!($prefix, stringify!($name)),
                          $crate::hyper::Show::show(&self.$name)), )* ]
            }
        }
    };
}

/// config.ron's top level: the training hyperparameters (which also make
/// [`TrainSettings`](crate::hyper::TrainSettings), the record of a run) and
/// the other fields. A training field adds `legacy value`: what runs that
/// predate it did (old model files, and the sweep's trials, which train as
/// the original project did).
macro_rules! config {
    (
        training {
            $( $(#[$tdoc:meta])* $t:ident : $tty:ty = $tdefault:expr, legacy $tlegacy:expr,
               expects $texpects:literal, rule $trule:path; )*
        }
        other {
            $( $(#[$odoc:meta])* $o:ident : $oty:ty = $odefault:expr,
               expects $oexpects:literal, rule $orule:path; )*
        }
    ) => {
        /// config.ron as written: defaults in code, unknown fields refused.
        /// [`crate::config::Config`] is the checked kind.
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct RawConfig {
            $( $(#[$tdoc])* pub $t: $tty, )*
            $( $(#[$odoc])* pub $o: $oty, )*
        }

        impl Default for RawConfig {
            fn default() -> Self {
                RawConfig { $( $t: $tdefault, )* $( $o: $odefault, )* }
            }
        }

        impl RawConfig {
            pub const FIELDS: &'static [$crate::hyper::FieldInfo] = &[
                $( $crate::hyper::FieldInfo {
                    name: stringify!($t),
                    expects: $texpects,
                    float: <$tty as $crate::hyper::Show>::FLOAT,
                    training: true,
                }, )*
                $( $crate::hyper::FieldInfo {
                    name: stringify!($o),
                    expects: $oexpects,
                    float: <$oty as $crate::hyper::Show>::FLOAT,
                    training: false,
                }, )*
            ];

            /// Each field's own rule: (field, what is wrong).
            pub fn field_problems(&self) -> Vec<(&'static str, String)> {
                let mut out = Vec::new();
                $( if let Err(e) = $trule(&self.$t) { out.push((stringify!($t), e)); } )*
                $( if let Err(e) = $orule(&self.$o) { out.push((stringify!($o), e)); } )*
                out
            }

            /// (field, value as shown), in the table's order.
            pub fn values(&self) -> Vec<(&'static str, String)> {
                vec![
                    $( (stringify!($t), $crate::hyper::Show::show(&self.$t)), )*
                    $( (stringify!($o), $crate::hyper::Show::show(&self.$o)), )*
                ]
            }
        }

        /// The hyperparameters of one run, as written down (from a config,
        /// a sweep's grid, a saved model); `train` takes them checked
        /// ([`crate::train::Settings`]). A saved model lacking a field
        /// (older than it) reads its legacy value.
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default)]
        pub struct TrainSettings {
            $( $(#[$tdoc])* pub $t: $tty, )*
            pub seed: u64,
        }

        impl Default for TrainSettings {
            fn default() -> Self {
                TrainSettings::legacy()
            }
        }

        impl TrainSettings {
            /// As runs that predate each field trained (seed 0).
            pub fn legacy() -> TrainSettings {
                TrainSettings { $( $t: $tlegacy, )* seed: 0 }
            }

            pub fn from_config(c: &RawConfig, seed: u64) -> TrainSettings {
                TrainSettings { $( $t: c.$t.clone(), )* seed }
            }

            /// Each field's own rule: (field, what is wrong).
            pub fn field_problems(&self) -> Vec<(&'static str, String)> {
                let mut out = Vec::new();
                $( if let Err(e) = $trule(&self.$t) { out.push((stringify!($t), e)); } )*
                out
            }

            /// (field, value as shown), most telling first.
            pub fn values(&self) -> Vec<(&'static str, String)> {
                vec![ $( (stringify!($t), $crate::hyper::Show::show(&self.$t)), )* ]
            }
        }
    };
}

pub(crate) use {config, section};
