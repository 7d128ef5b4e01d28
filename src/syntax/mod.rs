//! Text to syntax tree, and syntax into the store: the public entry points of the
//! parser. Two parsers read the one language: the fast path (`fast.rs`) for
//! well-formed text, and the grammar path (`grammar.rs`, pest), the grammar of record,
//! which runs when the fast path gives up and words the error. Both read the one
//! precedence table (`precedence.rs`) and the one notation (`notation.rs`: aliases,
//! roots, superscripts, function powers), count nesting the one way (`depth.rs`), and
//! build in the store through the one lowering (`lower.rs`).

mod ast;
mod build;
mod depth;
mod errors;
mod fast;
mod grammar;
mod literal;
mod lower;
mod notation;
mod precedence;
mod sequence;
#[cfg(test)]
mod tests;

pub use crate::limits::{Limits, DEFAULT_MAX_DEPTH};
pub use ast::Ast;
pub use sequence::ABSTRACT_FUNCTIONS;

use crate::error::Error;
use crate::store::{ExprId, Store};

/// Parses one expression.
pub fn parse(text: &str) -> Result<Ast, Error> {
    parse_with(text, Limits::default())
}

/// Parses one expression under the given limits.
pub fn parse_with(text: &str, limits: Limits) -> Result<Ast, Error> {
    check_text(text, limits)?;
    match fast::parse(text, limits) {
        Some(ast) => Ok(ast),
        None => grammar::parse_expr(text, limits),
    }
}

/// The fast path alone: the tree when `text` is a well-formed expression within
/// `limits`, `None` where [`parse_with`] falls back to the grammar (and reports an
/// error). For tests and fuzzing, which compare it with [`parse_with_grammar`].
pub fn parse_fast(text: &str, limits: Limits) -> Option<Ast> {
    check_text(text, limits).ok()?;
    fast::parse(text, limits)
}

/// True when the fast path leaves well-formed `text` (read by the grammar as `ast`) to
/// the grammar by design: abstract functions and their derivatives, and `diff(...)`.
/// For tests and fuzzing, which otherwise expect the fast path to read what the
/// grammar reads.
pub fn left_to_grammar(text: &str, ast: &Ast) -> bool {
    !ast.functions().is_empty() || text.contains("diff")
}

/// The grammar path alone, as [`parse_with`] runs it when the fast path gives up.
pub fn parse_with_grammar(text: &str, limits: Limits) -> Result<Ast, Error> {
    check_text(text, limits)?;
    grammar::parse_expr(text, limits)
}

/// Parses a point: `x=2, y=pi/4`. Returns the bindings in order.
pub fn parse_point(text: &str) -> Result<Vec<(String, Ast)>, Error> {
    parse_point_with(text, Limits::default())
}

/// [`parse_point`] under `limits` (the same input, depth and literal limits as an
/// expression).
pub fn parse_point_with(text: &str, limits: Limits) -> Result<Vec<(String, Ast)>, Error> {
    check_text(text, limits)?;
    grammar::parse_point(text, limits)
}

/// Checks a name given as a variable (in `--wrt` or `--at`).
pub fn check_variable_name(name: &str, start: usize, end: usize) -> Result<(), Error> {
    if notation::lookup(name).is_some() || name == "pi" || name == "π" || name == "e" {
        return Err(errors::not_a_variable(name, start, end));
    }
    Ok(())
}

/// Cheap checks before pest runs: no empty input, parentheses and bars not nested
/// beyond the limit (pest itself recurses on them).
fn check_text(text: &str, limits: Limits) -> Result<(), Error> {
    check_size(text, limits)?;
    depth::check_parens(text, limits)
}

/// The checks of `check_text` but the nesting: not too long, not empty.
fn check_size(text: &str, limits: Limits) -> Result<(), Error> {
    if text.len() > limits.max_input {
        return Err(limits.input_error(text.len()));
    }
    if text.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}').is_empty() {
        return Err(errors::empty_expression());
    }
    Ok(())
}

/// An expression parsed and built in a new store.
pub struct Lowered {
    pub store: Store,
    pub expr: ExprId,
    /// The free variables as written (before building, which may cancel some), sorted.
    pub variables: Vec<String>,
}

/// Parses one expression under `limits` and builds it in a new store with those
/// limits: the same store, expression and variables as [`parse_with`], then
/// [`Ast::variables`] and [`Ast::lower`], the same errors, and for most text without
/// the syntax tree.
#[inline(never)]
pub fn parse_lowered(text: &str, limits: Limits) -> Result<Lowered, Error> {
    // The nesting is checked by the fast path as it reads (it gives up beyond the
    // limit, and the tree path's `check_text` then reports it).
    check_size(text, limits)?;
    let mut store = Store::with_limits(&limits);
    // Long text is mostly long sums, about one node per six bytes.
    store.reserve(text.len() / 6);
    if let Some(expr) = fast::parse_into(text, limits, &mut store) {
        // Every variable of the text was built, and only those: unless a work limit
        // stopped the building, which the tree path reports the same way.
        if store.exceeded().is_none() {
            let variables = store.var_names();
            return Ok(Lowered { store, expr, variables });
        }
    }
    let ast = parse_with(text, limits)?;
    let variables = ast.variables();
    let mut store = Store::with_limits(&limits);
    let expr = ast.lower(&mut store);
    Ok(Lowered { store, expr, variables })
}

/// Parses and builds an expression in one step.
pub fn parse_into(store: &mut Store, text: &str) -> Result<ExprId, Error> {
    Ok(parse(text)?.lower(store))
}
