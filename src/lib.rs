//! gradtape: symbolic differentiation with exact values and numerical checks.
//!
//! The pipeline, one module per stage: [`parse`] (text to syntax tree) → [`expr`]
//! (the canonical, hash-consed expression store) → [`diff`] (the chain rule) →
//! [`simplify`] (the shortest equal form) → [`eval`] (exact and float values) →
//! [`check`] (numerical verification against automatic differentiation, [`jet`], and
//! finite differences) → [`render`] (text, plain, JSON, LaTeX).
//! [`command`] strings the stages together for one expression.
//!
//! ```
//! use gradtape::{diff::Differentiator, expr::Store, parse::parse_into, render::text::to_text};
//!
//! let mut store = Store::new();
//! let f = parse_into(&mut store, "x^2 + 2*x*y + y^2").unwrap();
//! let x = store.var("x");
//! let df = Differentiator::new().diff(&mut store, f, x);
//! assert_eq!(to_text(&mut store, df), "2*x + 2*y");
//! ```
#![forbid(unsafe_code)]

pub mod check;
pub mod codegen;
pub mod command;
pub mod diff;
pub mod error;
pub mod eval;
pub mod expr;
mod fast_parse;
pub mod fastmath;
pub mod func;
pub mod jet;
pub mod kernel_poly;
pub mod limits;
pub mod parse;
pub mod points;
pub mod render;
pub mod simplify;
pub mod tape;
