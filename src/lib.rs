//! gradtape: symbolic differentiation with exact values and numerical checks.
//!
//! The small API: [`parse`] text into a [`Store`], take its derivative with [`diff`],
//! [`simplify`] it, [`evaluate`] it at a point (exactly where it can be) and [`render`]
//! it as gradtape text or LaTeX ([`render_latex`]) — the same results, byte for byte,
//! that the `gradtape` command prints.
//!
//! ```
//! use gradtape::{diff, evaluate, parse, render, render_latex, simplify, Store};
//!
//! let mut store = Store::new();
//! let f = parse(&mut store, "x^2 + 2*x*y + y^2").unwrap();
//! let df = diff(&mut store, f, "x");
//! assert_eq!(render(&mut store, df), "2*(x + y)");
//! assert_eq!(evaluate(&mut store, df, "x=2, y=3").unwrap().text(), "10");
//! assert_eq!(render_latex(&mut store, df), "2 (x + y)");
//! let g = parse(&mut store, "(x^2 - 1)/(x - 1)").unwrap();
//! let g = simplify(&mut store, g);
//! assert_eq!(render(&mut store, g), "x + 1");
//! ```
//!
//! Underneath, one module per stage: [`syntax`] (text to syntax tree, and into the
//! store) → [`store`] (the canonical, hash-consed expression store, whose functions
//! come from [`func`], one row each) → [`diff`](mod@diff) (the chain rule; higher orders
//! in [`diff::chain`]) → [`simplify`](mod@simplify) (the shortest equal form, over the
//! polynomials of [`poly`]) → [`eval`] (exact and float values, compiled tapes) →
//! [`check`] (numerical verification against automatic differentiation and finite
//! differences) → [`render`](mod@render) (one expression as text or LaTeX) and
//! [`report`] (whole outcomes in each output format). [`pipeline`] strings the stages
//! together for one input, parsing it once, as the command does:
//!
//! ```
//! use gradtape::pipeline::{self, Request, Task};
//! use gradtape::report;
//! use gradtape::syntax::{parse_point, Limits};
//!
//! let task = Task::Diff { wrt: None, orders: (1, 1) };
//! let point = Some(parse_point("x=2").unwrap());
//! let request = Request { task, point, table: None, limits: Limits::default(), jobs: 1, check: None };
//! let mut outcome = pipeline::run(&request, "x^3").unwrap();
//! assert_eq!(report::plain::outcome(&mut outcome, &request.task), "12\n");
//! ```
#![forbid(unsafe_code)]

pub mod check;
pub mod codegen;
pub mod combinatorics;
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
pub mod series;
pub mod simplify;
pub mod store;
pub mod syntax;

/// The store under its former name, for code that imports `crate::store::...`.
pub use store as expr;
/// The parser's former path, kept for the code that names it.
pub use syntax as parse;

pub use error::Error;
pub use eval::Value;
pub use store::{ExprId, Store};

/// Parses `text` (the language of docs/grammar.md) and builds it in `store`.
pub fn parse(store: &mut Store, text: &str) -> Result<ExprId, Error> {
    syntax::parse_into(store, text)
}

/// The derivative of `f` with respect to the variable `var`, simplified as
/// `gradtape diff` shows it.
pub fn diff(store: &mut Store, f: ExprId, var: &str) -> ExprId {
    let x = store.var(var);
    diff::chain::DerivativeChain::new(f).derivative(store, &[0], &[x])
}

/// The shortest equal form of `e`, as `gradtape simplify` shows it.
pub fn simplify(store: &mut Store, e: ExprId) -> ExprId {
    simplify::simplify(store, e, simplify::Form::Auto)
}

/// The value of `e` at `point`, written as for `--at` (`"x=2, y=pi/4"`): exact where
/// it can be (`14/3`, or a closed form such as `sqrt(2)/2`), a float otherwise, or
/// the reason it is undefined there.
pub fn evaluate(store: &mut Store, e: ExprId, point: &str) -> Result<Value, Error> {
    let bindings = syntax::parse_point(point)?;
    let (point, _) = pipeline::build_point(store, &bindings, &store.free_vars(e))?;
    let mut value = eval::Evaluator::new(&point).value(store, e);
    // A closed form's text is printed here (eval cannot print: the printers use it).
    if let Some(closed) = value.closed_mut() {
        closed.text = render::text::to_text(store, closed.expr);
    }
    Ok(value)
}

/// `e` as gradtape text, which parses back to the same expression.
pub fn render(store: &mut Store, e: ExprId) -> String {
    render::text::to_text(store, e)
}

/// `e` as LaTeX with the default options (docs/latex.md).
pub fn render_latex(store: &mut Store, e: ExprId) -> String {
    render::latex::to_latex(store, e, &render::latex::LatexOptions::default())
}
