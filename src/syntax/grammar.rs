//! The grammar path: the pest bindings of `grammar/gradtape.pest`, and the reading of
//! what pest matched into the syntax tree (`sequence.rs`, with the precedence table;
//! it checks the nesting and literal limits as it reads). The grammar of record, and
//! the path that reports errors.

use pest::Parser as _;

use super::ast::Ast;
use super::errors;
use super::sequence;
use crate::error::{Error, ErrorKind};
use crate::limits::Limits;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/gradtape.pest"]
pub(crate) struct Grammar;

/// pest, then the reading of its sequences with the precedence table.
pub(crate) fn parse_expr(text: &str, limits: Limits) -> Result<Ast, Error> {
    let mut pairs = Grammar::parse(Rule::input, text).map_err(|e| syntax_error(text, &e))?;
    let expr = pairs.next().ok_or_else(|| Error::new(ErrorKind::Syntax, "empty expression"))?;
    let ast = sequence::read(text, expr.clone(), limits)?;
    let functions = ast.functions();
    if !functions.is_empty() {
        // A variable declared by `--depends` is written both ways: `y` and `y'(x)`.
        let declared = |v: &String| limits.depends.iter().any(|d| d.name == v);
        if let Some(v) = ast.variables().into_iter().find(|v| functions.contains(v) && !declared(v)) {
            return Err(function_as_variable(&v, expr));
        }
        if functions.iter().any(declared) {
            if let Some(e) = dependent_arity(expr, limits) {
                return Err(e);
            }
        }
    }
    Ok(ast)
}

/// The first use of a variable declared by `--depends` as a function of another
/// number of arguments than it was declared with (`y(x, t)` for `y(x)`).
fn dependent_arity(expr: pest::iterators::Pair<Rule>, limits: Limits) -> Option<Error> {
    for p in expr.into_inner().flatten().filter(|p| matches!(p.as_rule(), Rule::call | Rule::derivative)) {
        let inner: Vec<_> = p.clone().into_inner().collect();
        let Some(name) = inner.iter().find(|q| q.as_rule() == Rule::name) else { continue };
        let Some(dep) = limits.depends.iter().find(|d| d.name == name.as_str()) else { continue };
        let given = inner.iter().find(|q| q.as_rule() == Rule::args).map_or(0, |a| a.clone().into_inner().count());
        if given != dep.args.len() {
            let declared = format!("{}({})", dep.name, dep.args.join(", "));
            let n = dep.args.len();
            let span = p.as_span();
            return Some(
                Error::new(
                    ErrorKind::Syntax,
                    format!(
                        "{} is declared as {declared}, with {n} argument{}, and given {given} here",
                        dep.name,
                        plural(n)
                    ),
                )
                .at(span.start(), span.end())
                .hint(format!("give {} {n} argument{}, as in {declared}", dep.name, plural(n))),
            );
        }
    }
    None
}

/// The error for a name used both as an abstract function and as a variable, at its
/// first use as a variable.
fn function_as_variable(name: &str, expr: pest::iterators::Pair<Rule>) -> Error {
    let heads: Vec<usize> = expr
        .clone()
        .into_inner()
        .flatten()
        .filter(|p| matches!(p.as_rule(), Rule::call | Rule::derivative))
        .filter_map(|p| p.into_inner().find(|q| q.as_rule() == Rule::name).map(|q| q.as_span().start()))
        .collect();
    let at = expr
        .into_inner()
        .flatten()
        .find(|p| p.as_rule() == Rule::name && p.as_str() == name && !heads.contains(&p.as_span().start()))
        .map_or((0, 0), |p| (p.as_span().start(), p.as_span().end()));
    Error::new(ErrorKind::Syntax, format!("{name} is used both as a function and as a variable"))
        .at(at.0, at.1)
        .hint(format!("rename the variable, or write {name}(...) everywhere"))
}

/// The plural ending of a count of arguments.
fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The bindings of a point, `x=2, y=pi/4`, in order.
pub(crate) fn parse_point(text: &str, limits: Limits) -> Result<Vec<(String, Ast)>, Error> {
    let pairs = Grammar::parse(Rule::point, text).map_err(|e| syntax_error(text, &e).hint(errors::POINT_HINT))?;
    let mut out = Vec::new();
    for binding in pairs {
        if binding.as_rule() != Rule::binding {
            continue;
        }
        let mut inner = binding.into_inner();
        let (Some(name), Some(value)) = (inner.next(), inner.next()) else {
            continue;
        };
        let span = name.as_span();
        super::check_variable_name(name.as_str(), span.start(), span.end())?;
        out.push((name.as_str().to_string(), sequence::read(text, value, limits)?));
    }
    Ok(out)
}

/// A pest error in the user's words.
fn syntax_error(text: &str, e: &pest::error::Error<Rule>) -> Error {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    errors::syntax_error(text, pos)
}
