//! The grammar path: the pest bindings of `grammar/gradtape.pest`, the nesting and
//! literal checks on what pest read, and a Pratt parser (built from the precedence
//! table) that builds the syntax tree. The grammar of record, and the path that
//! reports errors.

use std::sync::OnceLock;

use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc as PestAssoc, Op, PrattParser};
use pest::Parser as _;

use super::ast::Ast;
use super::build::Tree;
use super::depth::Nesting;
use super::errors;
use super::literal::{check_literal, parse_number};
use super::precedence::{self, Assoc, Infix, INFIX, SIGN};
use crate::error::{Error, ErrorKind};
use crate::func;
use crate::limits::Limits;
use crate::store::Constant;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/gradtape.pest"]
struct Grammar;

/// pest, then the nesting and literal checks, then the Pratt parser.
pub(crate) fn parse_expr(text: &str, limits: Limits) -> Result<Ast, Error> {
    let mut pairs = Grammar::parse(Rule::input, text).map_err(|e| syntax_error(text, &e))?;
    let expr = pairs.next().ok_or_else(|| Error::new(ErrorKind::Syntax, "empty expression"))?;
    check_depth(&expr, limits)?;
    build_expr(expr)
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
        check_depth(&value, limits)?;
        out.push((name.as_str().to_string(), build_expr(value)?));
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

/// The Pratt parser recurses once per parenthesis, call, `^` and sign: bound the
/// nesting along any path before building.
fn check_depth(expr: &Pair<Rule>, limits: Limits) -> Result<(), Error> {
    walk(expr, &mut Nesting::new(limits), limits)
}

/// Checks one operand sequence, nested as `nesting` says.
fn walk(expr: &Pair<Rule>, nesting: &mut Nesting, limits: Limits) -> Result<(), Error> {
    for item in expr.clone().into_inner() {
        match item.as_rule() {
            Rule::pow => _ = nesting.deeper(),
            Rule::add | Rule::sub | Rule::mul | Rule::div => nesting.separator(),
            Rule::operand | Rule::juxtaposed => {
                for part in item.into_inner() {
                    match part.as_rule() {
                        Rule::neg | Rule::plus => _ = nesting.deeper(),
                        _ => walk_primary(&part, nesting, limits)?,
                    }
                }
            }
            _ => {}
        }
        if nesting.beyond() {
            let span = expr.as_span();
            return Err(limits.depth_error().at(span.start(), span.start() + 1));
        }
    }
    Ok(())
}

/// Checks a primary and what is nested in it.
fn walk_primary(p: &Pair<Rule>, nesting: &mut Nesting, limits: Limits) -> Result<(), Error> {
    let Some(depth) = nesting.primary() else {
        let span = p.as_span();
        return Err(limits.depth_error().at(span.start(), span.start() + 1));
    };
    let nested = |e: &Pair<Rule>, nesting: &mut Nesting| {
        let saved = nesting.enter(depth);
        let out = walk(e, nesting, limits);
        nesting.leave(saved);
        out
    };
    match p.as_rule() {
        Rule::group => {
            for e in p.clone().into_inner() {
                nested(&e, nesting)?;
            }
        }
        Rule::call => {
            for part in p.clone().into_inner() {
                if part.as_rule() == Rule::args {
                    for e in part.into_inner() {
                        nested(&e, nesting)?;
                    }
                }
            }
        }
        Rule::number => check_literal(p.as_str(), limits).map_err(|e| {
            let span = p.as_span();
            e.at(span.start(), span.end())
        })?,
        _ => {}
    }
    Ok(())
}

/// The grammar's rule for an infix operator.
fn rule_of(op: Infix) -> Rule {
    match op {
        Infix::Add => Rule::add,
        Infix::Sub => Rule::sub,
        Infix::Mul => Rule::mul,
        Infix::Div => Rule::div,
        Infix::Pow => Rule::pow,
        Infix::Juxtaposed => Rule::juxtaposed,
    }
}

/// The infix operator of a grammar rule (one of those `rule_of` gives).
fn infix_of(rule: Rule) -> Infix {
    INFIX.into_iter().find(|&op| rule_of(op) == rule).unwrap_or(Infix::Pow)
}

/// The Pratt parser of the precedence table: its levels loosest first, the signs
/// at theirs.
fn pratt() -> &'static PrattParser<Rule> {
    static PRATT: OnceLock<PrattParser<Rule>> = OnceLock::new();
    PRATT.get_or_init(|| {
        let mut parser = PrattParser::new();
        for power in precedence::levels() {
            let mut ops: Vec<Op<Rule>> = INFIX
                .into_iter()
                .filter(|op| op.power() == power)
                .map(|op| {
                    let assoc = match op.assoc() {
                        Assoc::Left => PestAssoc::Left,
                        Assoc::Right => PestAssoc::Right,
                    };
                    Op::infix(rule_of(op), assoc)
                })
                .collect();
            if power == SIGN {
                ops.extend([Op::prefix(Rule::neg), Op::prefix(Rule::plus)]);
            }
            if let Some(level) = ops.into_iter().reduce(|a, b| a | b) {
                parser = parser.op(level);
            }
        }
        parser
    })
}

/// Checks implicit multiplication (only after a number or a closing parenthesis),
/// then runs the Pratt parser on `expr`'s operands and operators.
fn build_expr(expr: Pair<Rule>) -> Result<Ast, Error> {
    check_juxtaposed(&expr)?;
    let tokens = flatten(expr.into_inner());
    pratt()
        .map_primary(build_primary)
        .map_prefix(|op, rhs| {
            let rhs = rhs?;
            Ok(match op.as_rule() {
                Rule::neg => Tree::neg(rhs),
                _ => rhs,
            })
        })
        .map_infix(|lhs, op, rhs| Ok(Tree::joined(lhs?, infix_of(op.as_rule()), rhs?)))
        .parse(tokens.into_iter())
}

/// Refuses an implicit factor after a bare name: `x y`.
fn check_juxtaposed(expr: &Pair<Rule>) -> Result<(), Error> {
    let mut last_primary: Option<Pair<Rule>> = None;
    for item in expr.clone().into_inner() {
        match item.as_rule() {
            Rule::operand => last_primary = item.into_inner().last(),
            Rule::juxtaposed => {
                if let Some(prev) = last_primary.as_ref().filter(|p| p.as_rule() == Rule::name) {
                    let here = item.as_span();
                    return Err(errors::juxtaposed_after_name(prev.as_str(), item.as_str(), here.start(), here.end()));
                }
                last_primary = item.into_inner().next();
            }
            _ => {}
        }
    }
    Ok(())
}

/// Turns `operand` and `juxtaposed` groups into a flat sequence of pairs. A juxtaposed
/// primary becomes two tokens: the `juxtaposed` pair as an infix marker, then its
/// primary.
fn flatten(items: Pairs<Rule>) -> Vec<Pair<Rule>> {
    let mut out = Vec::new();
    for item in items {
        match item.as_rule() {
            Rule::operand => out.extend(item.into_inner()),
            Rule::juxtaposed => {
                out.push(item.clone());
                out.extend(item.into_inner());
            }
            _ => out.push(item),
        }
    }
    out
}

fn build_primary(p: Pair<Rule>) -> Result<Ast, Error> {
    let span = p.as_span();
    match p.as_rule() {
        Rule::number => parse_number(p.as_str()).map(Ast::Num).map_err(|e| e.at(span.start(), span.end())),
        Rule::name => build_name(p.as_str(), span.start(), span.end()),
        Rule::group => {
            let inner = p
                .into_inner()
                .next()
                .ok_or_else(|| Error::new(ErrorKind::Syntax, "empty parentheses").at(span.start(), span.end()))?;
            build_expr(inner)
        }
        Rule::call => build_call(p),
        _ => Err(Error::new(ErrorKind::Syntax, "unexpected text").at(span.start(), span.end())),
    }
}

fn build_name(name: &str, start: usize, end: usize) -> Result<Ast, Error> {
    match name {
        "pi" | "π" => Ok(Ast::Const(Constant::Pi)),
        "e" => Ok(Ast::Const(Constant::E)),
        _ if func::lookup(name).is_some() => Err(errors::function_without_argument(name, start, end)),
        _ => Ok(Ast::Var(greek_name(name).unwrap_or(name).to_string())),
    }
}

fn build_call(p: Pair<Rule>) -> Result<Ast, Error> {
    let span = p.as_span();
    let mut inner = p.into_inner();
    let name_pair = inner
        .next()
        .ok_or_else(|| Error::new(ErrorKind::Syntax, "expected a function name").at(span.start(), span.end()))?;
    let name = name_pair.as_str();
    let Some(builtin) = func::lookup(name) else {
        return Err(errors::not_a_function(name, name_pair.as_span().start(), name_pair.as_span().end()));
    };
    let args: Vec<Ast> = match inner.next() {
        Some(a) => a.into_inner().map(build_expr).collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let (lo, hi) = builtin.arity();
    if args.len() < lo || args.len() > hi {
        return Err(errors::arity(name, (lo, hi), args.len(), span.start(), span.end()));
    }
    Ok(Ast::Call(builtin, args))
}

/// Greek letters spelled out are kept as written; this maps nothing today but is the
/// one place a spelling would be normalized.
fn greek_name(_name: &str) -> Option<&'static str> {
    None
}
