//! Picks the widest vector instructions the CPU has, at run time.
//!
//! Hot loops are written once as `#[inline(always)]` Rust over fixed-size
//! arrays; [`multiversion!`] compiles each for AVX-512, AVX2 and the baseline
//! and calls the best. Results are bit-identical whatever is picked: the
//! vectorised loops are element-wise (never a reordered sum) and Rust never
//! fuses a multiply and an add.

/// An instruction set level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Isa {
    Avx512,
    Avx2,
    Baseline,
}

impl Isa {
    /// The level to use: AVX2 if the CPU has it (else the best it has), or
    /// the one named by the MNIST_TUI_ISA environment variable (avx512, avx2,
    /// baseline) if the CPU has that.
    pub fn detect() -> Isa {
        static CHOSEN: std::sync::OnceLock<Isa> = std::sync::OnceLock::new();
        *CHOSEN.get_or_init(|| {
            let wanted = std::env::var("MNIST_TUI_ISA").ok();
            let available = Isa::available();
            // AVX-512 is opt-in: on the Xeons we measured (Cascade Lake) it
            // ran these 16-float loops at half the speed of AVX2 (lower clock,
            // one 512-bit unit), and AVX2 is within a few percent elsewhere.
            let default = if available.contains(&Isa::Avx2) { Isa::Avx2 } else { available[0] };
            available
                .iter()
                .copied()
                .find(|isa| wanted.as_deref() == Some(isa.name()))
                .unwrap_or(default)
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Isa::Avx512 => "avx512",
            Isa::Avx2 => "avx2",
            Isa::Baseline => "baseline",
        }
    }

    /// Every level this CPU can run, best first (for tests and benchmarks).
    pub fn available() -> Vec<Isa> {
        [Isa::Avx512, Isa::Avx2, Isa::Baseline]
            .into_iter()
            .filter(|isa| match isa {
                #[cfg(target_arch = "x86_64")]
                Isa::Avx512 => {
                    std::arch::is_x86_feature_detected!("avx512f")
                        && std::arch::is_x86_feature_detected!("avx512vl")
                }
                #[cfg(target_arch = "x86_64")]
                Isa::Avx2 => std::arch::is_x86_feature_detected!("avx2"),
                Isa::Baseline => true,
                #[allow(unreachable_patterns)]
                _ => false,
            })
            .collect()
    }
}

/// `multiversion!(pub fn name(args) -> Ret = body_fn);` defines
/// `name(isa, args)`, calling `body_fn(args)` compiled for `isa`.
macro_rules! multiversion {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty = $body:ident;) => {
        $(#[$meta])*
        $vis fn $name(isa: $crate::simd::Isa, $($arg: $ty),*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f,avx512vl,avx2")]
                fn avx512($($arg: $ty),*) -> $ret {
                    $body($($arg),*)
                }
                #[target_feature(enable = "avx2")]
                fn avx2($($arg: $ty),*) -> $ret {
                    $body($($arg),*)
                }
                match isa {
                    // SAFETY: the guard checks that the CPU has the features.
                    $crate::simd::Isa::Avx512 if std::arch::is_x86_feature_detected!("avx512f")
                        && std::arch::is_x86_feature_detected!("avx512vl") =>
                    {
                        return unsafe { avx512($($arg),*) };
                    }
                    // SAFETY: as above.
                    $crate::simd::Isa::Avx2 if std::arch::is_x86_feature_detected!("avx2") => {
                        return unsafe { avx2($($arg),*) };
                    }
                    _ => {}
                }
            }
            let _ = isa;
            $body($($arg),*)
        }
    };
}

pub(crate) use multiversion;
