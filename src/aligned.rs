//! A float buffer aligned to 64-byte cache lines.
//!
//! Each first-layer weight row is 16 floats = one cache line. With the
//! allocator's usual 16-byte alignment half of the rows straddle two lines,
//! and every vector load or store of such a row is split in two.

use std::fmt;
use std::ops::{Deref, DerefMut};

#[repr(C, align(64))]
#[derive(Clone, Copy, PartialEq)]
struct Line([f32; 16]);

#[derive(Clone)]
pub struct Params {
    lines: Vec<Line>,
    len: usize,
}

impl Params {
    pub fn zeros(len: usize) -> Params {
        Params {
            lines: vec![Line([0.0; 16]); len.div_ceil(16)],
            len,
        }
    }

    pub fn from_slice(values: &[f32]) -> Params {
        let mut p = Params::zeros(values.len());
        p.copy_from_slice(values);
        p
    }
}

impl Deref for Params {
    type Target = [f32];
    fn deref(&self) -> &[f32] {
        // SAFETY: `Line` is 16 f32s with no padding (repr(C), size 64), so
        // the lines are `16 * lines.len() >= len` contiguous, initialised f32s.
        unsafe { std::slice::from_raw_parts(self.lines.as_ptr().cast::<f32>(), self.len) }
    }
}

impl DerefMut for Params {
    fn deref_mut(&mut self) -> &mut [f32] {
        // SAFETY: as in `deref`, and `&mut self` gives exclusive access.
        unsafe { std::slice::from_raw_parts_mut(self.lines.as_mut_ptr().cast::<f32>(), self.len) }
    }
}

impl PartialEq for Params {
    fn eq(&self, other: &Params) -> bool {
        **self == **other
    }
}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl From<Vec<f32>> for Params {
    fn from(v: Vec<f32>) -> Params {
        Params::from_slice(&v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_and_sized() {
        let mut p = Params::zeros(37);
        assert_eq!(p.len(), 37);
        assert_eq!(p.as_ptr() as usize % 64, 0);
        p[36] = 2.0;
        let q = Params::from_slice(&p);
        assert_eq!(p, q);
        assert_eq!(q[36], 2.0);
    }
}
