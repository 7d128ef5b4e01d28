//! Polynomials in kernels: one monomial type (`Mono`) and one kernel numbering
//! ([`Kernels`]), shared by two polynomial representations.
//!
//! - `Poly` (natural exponents, `Mono<u32>`) is the simplifier's: terms in a
//!   sorted vector, coefficients in machine integers while they fit (`Coef`),
//!   budgets counted in steps. It divides exactly, pulls out content and
//!   substitutes squares, and its cost as an expression is foreseen without
//!   building it.
//! - [`KernelPoly`] (signed exponents, `Mono<i32>`) is the derivative chain's:
//!   exact rational coefficients in a hash map, kernels to negative powers for
//!   denominators, differentiated term by term (in `diff::poly`).
//!
//! Two representations remain for speed: the simplifier may take up to two
//! million monomial products and division steps per run (its step budget), and
//! its sorted terms with word-sized coefficients are what keep that fast, while
//! the chain adds the terms of each new order into a map of exact rationals. Unsigned exponents also keep the
//! simplifier's divisibility and degree tests as plain comparisons. This module
//! depends on nothing but the store. `factor.rs` factors univariate polynomials
//! over the rationals (square-free parts, rational roots) for `--form factored`.

pub mod factor;
mod kernel;
mod kernels;
mod mono;
mod terms;

pub(crate) use crate::number::Coef;
pub use kernel::{KernelAlgebra, KernelPoly};
pub use kernels::Kernels;
pub use mono::Exponent;
pub(crate) use mono::{lex_cmp, mono_div, mono_exp, mono_mul, Mono};
pub(crate) use terms::{content_of, Caps, Poly, Terms};
