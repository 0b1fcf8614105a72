//! Picks vector instructions at run time.
//!
//! Hot loops are written once as `#[inline(always)]` Rust over fixed-size
//! arrays; [`multiversion!`] compiles each for AVX2 and for the baseline and
//! calls the one the CPU supports. Results are bit-identical either way: the
//! vectorised loops are element-wise (never a reordered sum) and Rust never
//! fuses a multiply and an add.
//!
//! There is deliberately no AVX-512 version: on the Xeons we measured
//! (Cascade Lake) the compiler turned several of these 16-float loops into
//! gathers and scatters and ran them up to 20x slower than AVX2.

/// An instruction set level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Isa {
    Avx2,
    Baseline,
}

impl Isa {
    /// AVX2 if the CPU has it, else the baseline; MNIST_TUI_ISA=baseline
    /// forces the baseline (for comparisons).
    pub fn detect() -> Isa {
        static CHOSEN: std::sync::OnceLock<Isa> = std::sync::OnceLock::new();
        *CHOSEN.get_or_init(|| {
            let forced = std::env::var("MNIST_TUI_ISA").is_ok_and(|v| v == "baseline");
            if forced {
                Isa::Baseline
            } else {
                Isa::available()[0]
            }
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Isa::Avx2 => "avx2",
            Isa::Baseline => "baseline",
        }
    }

    /// Every level this CPU can run, best first (for tests and benchmarks).
    pub fn available() -> Vec<Isa> {
        let mut out = Vec::new();
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            out.push(Isa::Avx2);
        }
        out.push(Isa::Baseline);
        out
    }
}

/// `multiversion!(pub fn name(args) -> Ret = body_fn);` defines
/// `name(isa, args)`, calling `body_fn(args)` compiled for `isa`.
macro_rules! multiversion {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty = $body:ident;) => {
        $(#[$meta])*
        #[allow(clippy::too_many_arguments)] // the body's arguments plus `isa`
        $vis fn $name(isa: $crate::simd::Isa, $($arg: $ty),*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx2")]
                fn avx2($($arg: $ty),*) -> $ret {
                    $body($($arg),*)
                }
                if isa == $crate::simd::Isa::Avx2 && std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the check above shows the CPU has AVX2.
                    return unsafe { avx2($($arg),*) };
                }
            }
            let _ = isa;
            $body($($arg),*)
        }
    };
}

pub(crate) use multiversion;
