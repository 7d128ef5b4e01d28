//! Polynomials in kernels.

mod coef;
mod mono;
mod terms;

pub use crate::kernel_poly::Kernels;
pub(crate) use coef::Coef;
pub(crate) use mono::{lex_cmp, mono_div, mono_exp, mono_mul, Mono};
pub(crate) use terms::{content_of, Poly, Terms};
