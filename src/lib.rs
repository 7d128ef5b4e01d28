//! gradtape: symbolic differentiation with exact values and numerical checks.
//!
//! The pipeline, one module per stage: [`parse`] (text to syntax tree) → [`expr`]
//! (the canonical, hash-consed expression store) → [`diff`] (the chain rule) →
//! [`simplify`] (the shortest equal form) → [`eval`] (exact and float values) →
//! [`check`] (numerical verification against automatic differentiation, [`jet`], and
//! finite differences) → [`render`] (one expression as text or LaTeX) and [`report`]
//! (whole outcomes in each output format). [`pipeline`] strings the stages together
//! for one expression, parsing it once; the higher orders are [`diff::chain`].
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
//!
//! One call runs a whole request on an expression, as the command does, and
//! [`report`] writes the outcome in any output format:
//!
//! ```
//! use gradtape::parse::{parse_point, Limits};
//! use gradtape::pipeline::{self, Request, Task};
//! use gradtape::report;
//!
//! let task = Task::Diff { wrt: None, orders: (1, 1) };
//! let point = Some(parse_point("x=2").unwrap());
//! let request = Request { task, point, table: None, limits: Limits::default(), check: None };
//! let mut outcome = pipeline::run(&request, "x^3").unwrap();
//! assert_eq!(report::plain::outcome(&mut outcome, &request.task), "12\n");
//! ```
#![forbid(unsafe_code)]

pub mod check;
pub mod diff;
pub mod error;
pub mod eval;
pub mod expr_id;
pub mod func;
pub mod limits;
pub mod number;
pub mod pipeline;
pub mod poly;
pub mod render;
pub mod report;
pub mod simplify;
pub mod store;
pub mod syntax;

/// The store under its former name, for code that imports `crate::expr::...`.
pub use store as expr;
/// The parser's former path, kept for the code that names it.
pub use syntax as parse;
