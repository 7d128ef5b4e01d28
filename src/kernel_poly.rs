//! The former home of the kernel polynomials, kept so that `crate::kernel_poly::…`
//! paths still work: they live in [`crate::poly`], their derivative in
//! [`crate::diff::poly`].

pub use crate::poly::{KernelAlgebra, KernelPoly, Kernels};
