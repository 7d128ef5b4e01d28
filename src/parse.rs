//! Text to syntax tree: the pest grammar, a Pratt parser for precedence, and errors
//! in the user's words.

use std::sync::OnceLock;

use num_bigint::BigInt;
use num_traits::{One, Zero};
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use pest::Parser as _;

use crate::error::{did_you_mean, Error, ErrorKind};
use crate::expr::{Constant, ExprId, Rational, Store};
use crate::func::{self, Builtin};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/gradtape.pest"]
struct Grammar;

pub use crate::limits::{Limits, DEFAULT_MAX_DEPTH};

/// The syntax tree of one expression, as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Ast {
    Num(Rational),
    Var(String),
    Const(Constant),
    Neg(Box<Ast>),
    /// A sum; `a - b` is `Add[a, Neg(b)]`. Chains are kept flat, so a long sum is a
    /// wide node, not a deep one.
    Add(Vec<Ast>),
    /// A product; `a / b` is `Mul[a, Recip(b)]`.
    Mul(Vec<Ast>),
    Recip(Box<Ast>),
    Pow(Box<Ast>, Box<Ast>),
    Call(Builtin, Vec<Ast>),
}

/// Parses one expression.
pub fn parse(text: &str) -> Result<Ast, Error> {
    parse_with(text, Limits::default())
}

/// Parses one expression under the given limits.
pub fn parse_with(text: &str, limits: Limits) -> Result<Ast, Error> {
    check_text(text, limits)?;
    match crate::fast_parse::parse(text, limits) {
        Some(ast) => Ok(ast),
        None => parse_grammar(text, limits),
    }
}

/// The fast path alone: the tree when `text` is a well-formed expression within
/// `limits`, `None` where [`parse_with`] falls back to the grammar (and reports an
/// error). For tests and fuzzing, which compare it with [`parse_with_grammar`].
pub fn parse_fast(text: &str, limits: Limits) -> Option<Ast> {
    check_text(text, limits).ok()?;
    crate::fast_parse::parse(text, limits)
}

/// The grammar path alone, as [`parse_with`] runs it when the fast path gives up.
pub fn parse_with_grammar(text: &str, limits: Limits) -> Result<Ast, Error> {
    check_text(text, limits)?;
    parse_grammar(text, limits)
}

/// pest, then `check_depth`, then the Pratt parser: the grammar of record, and the
/// one that reports errors.
fn parse_grammar(text: &str, limits: Limits) -> Result<Ast, Error> {
    let mut pairs = Grammar::parse(Rule::input, text).map_err(|e| syntax_error(text, &e))?;
    let expr = pairs.next().ok_or_else(|| Error::new(ErrorKind::Syntax, "empty expression"))?;
    check_depth(&expr, limits)?;
    build_expr(expr)
}

/// Parses a point: `x=2, y=pi/4`. Returns the bindings in order.
pub fn parse_point(text: &str) -> Result<Vec<(String, Ast)>, Error> {
    let limits = Limits::default();
    check_text(text, limits)?;
    let pairs = Grammar::parse(Rule::point, text).map_err(|e| {
        let mut err = syntax_error(text, &e);
        err.hint = Some("write the point as name=value pairs, e.g. --at x=2,y=1/3".into());
        err
    })?;
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
        check_variable_name(name.as_str(), span.start(), span.end())?;
        check_depth(&value, limits)?;
        out.push((name.as_str().to_string(), build_expr(value)?));
    }
    Ok(out)
}

/// Checks a name given as a variable (in `--wrt` or `--at`).
pub fn check_variable_name(name: &str, start: usize, end: usize) -> Result<(), Error> {
    if func::lookup(name).is_some() || name == "pi" || name == "π" || name == "e" {
        return Err(
            Error::new(ErrorKind::Usage, format!("'{name}' is a function or constant, not a variable")).at(start, end)
        );
    }
    Ok(())
}

/// Cheap checks before pest runs: no empty input, parentheses not nested beyond the
/// limit (pest itself recurses on them).
fn check_text(text: &str, limits: Limits) -> Result<(), Error> {
    check_size(text, limits)?;
    // Parentheses are ASCII, and no byte of a longer UTF-8 character is: scan bytes.
    let mut depth = 0usize;
    for (i, &c) in text.as_bytes().iter().enumerate() {
        match c {
            b'(' => {
                depth += 1;
                if depth > limits.max_depth {
                    return Err(depth_error(limits).at(i, i + 1));
                }
            }
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The checks of `check_text` but the nesting: not too long, not empty.
fn check_size(text: &str, limits: Limits) -> Result<(), Error> {
    if text.len() > limits.max_input {
        return Err(limits.input_error(text.len()));
    }
    if text.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}').is_empty() {
        return Err(Error::new(ErrorKind::Syntax, "empty expression").hint("write an expression such as x^2"));
    }
    Ok(())
}

fn depth_error(limits: Limits) -> Error {
    limits.depth_error()
}

/// The Pratt parser recurses once per parenthesis, call, `^` and sign: bound the
/// sum along any path before building.
fn check_depth(expr: &Pair<Rule>, limits: Limits) -> Result<(), Error> {
    fn walk(expr: &Pair<Rule>, base: usize, limits: Limits) -> Result<(), Error> {
        let mut chain = 0usize;
        for item in expr.clone().into_inner() {
            match item.as_rule() {
                Rule::pow => chain += 1,
                Rule::add | Rule::sub | Rule::mul | Rule::div => chain = 0,
                Rule::operand | Rule::juxtaposed => {
                    for part in item.into_inner() {
                        match part.as_rule() {
                            Rule::neg | Rule::plus => chain += 1,
                            _ => walk_primary(&part, base + chain + 1, limits)?,
                        }
                    }
                }
                _ => {}
            }
            if base + chain > limits.max_depth {
                let span = expr.as_span();
                return Err(depth_error(limits).at(span.start(), span.start() + 1));
            }
        }
        Ok(())
    }
    fn walk_primary(p: &Pair<Rule>, depth: usize, limits: Limits) -> Result<(), Error> {
        if depth > limits.max_depth {
            let span = p.as_span();
            return Err(depth_error(limits).at(span.start(), span.start() + 1));
        }
        match p.as_rule() {
            // `depth` already counts this group or call: its contents start there.
            Rule::group => {
                for e in p.clone().into_inner() {
                    walk(&e, depth, limits)?;
                }
            }
            Rule::call => {
                for part in p.clone().into_inner() {
                    if part.as_rule() == Rule::args {
                        for e in part.into_inner() {
                            walk(&e, depth, limits)?;
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
    walk(expr, 0, limits)
}

fn pratt() -> &'static PrattParser<Rule> {
    static PRATT: OnceLock<PrattParser<Rule>> = OnceLock::new();
    PRATT.get_or_init(|| {
        // Loosest first. Signs bind looser than ^, so -x^2 is -(x^2) and 2^-x is 2^(-x).
        PrattParser::new()
            .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
            .op(Op::infix(Rule::mul, Assoc::Left)
                | Op::infix(Rule::div, Assoc::Left)
                | Op::infix(Rule::juxtaposed, Assoc::Left))
            .op(Op::prefix(Rule::neg) | Op::prefix(Rule::plus))
            .op(Op::infix(Rule::pow, Assoc::Right))
    })
}

/// Flattens `expr` into the token stream the Pratt parser reads: operands' signs and
/// primaries, infix operators, and a `juxtaposed` marker before implicit factors.
fn build_expr(expr: Pair<Rule>) -> Result<Ast, Error> {
    // Check implicit multiplication: only after a number or a closing parenthesis.
    let mut last_primary: Option<Pair<Rule>> = None;
    for item in expr.clone().into_inner() {
        match item.as_rule() {
            Rule::operand => last_primary = item.into_inner().last(),
            Rule::juxtaposed => {
                if let Some(prev) = &last_primary {
                    if prev.as_rule() == Rule::name {
                        let here = item.as_span();
                        let name = prev.as_str();
                        let next = item.as_str();
                        return Err(Error::new(
                            ErrorKind::Syntax,
                            format!("expected an operator between '{name}' and '{next}'"),
                        )
                        .at(here.start(), here.end())
                        .hint(format!("implicit multiplication only follows a number or ')': write {name}*{next}")));
                    }
                }
                last_primary = item.into_inner().next();
            }
            _ => {}
        }
    }
    let tokens = flatten(expr.into_inner());
    pratt()
        .map_primary(build_primary)
        .map_prefix(|op, rhs| {
            let rhs = rhs?;
            Ok(match op.as_rule() {
                Rule::neg => Ast::Neg(Box::new(rhs)),
                _ => rhs,
            })
        })
        .map_infix(|lhs, op, rhs| {
            let (l, r) = (lhs?, rhs?);
            Ok(match op.as_rule() {
                Rule::add => append(l, r, true),
                Rule::sub => append(l, Ast::Neg(Box::new(r)), true),
                Rule::mul | Rule::juxtaposed => append(l, r, false),
                Rule::div => append(l, Ast::Recip(Box::new(r)), false),
                _ => Ast::Pow(Box::new(l), Box::new(r)),
            })
        })
        .parse(tokens.into_iter())
}

/// `l + r` (or `l * r`), extending `l` when it is already a sum (product), so that
/// chains stay flat.
pub(crate) fn append(l: Ast, r: Ast, sum: bool) -> Ast {
    match (l, sum) {
        (Ast::Add(mut xs), true) => {
            xs.push(r);
            Ast::Add(xs)
        }
        (Ast::Mul(mut xs), false) => {
            xs.push(r);
            Ast::Mul(xs)
        }
        (l, true) => Ast::Add(vec![l, r]),
        (l, false) => Ast::Mul(vec![l, r]),
    }
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
        Rule::number => parse_number(p.as_str()).map_err(|e| e.at(span.start(), span.end())),
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
        _ if func::lookup(name).is_some() => {
            Err(Error::new(ErrorKind::Syntax, format!("'{name}' is a function: it needs an argument"))
                .at(start, end)
                .hint(format!("write {name}(x)")))
        }
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
    let (ns, ne) = (name_pair.as_span().start(), name_pair.as_span().end());
    let Some(builtin) = func::lookup(name) else {
        if name == "pi" || name == "π" || name == "e" {
            return Err(Error::new(ErrorKind::UnknownFunction, format!("{name} is a constant, not a function"))
                .at(ns, ne)
                .hint(format!("to multiply, write {name}*(...)")));
        }
        let names = func::NAMES.iter().map(|(n, _)| *n);
        let err = Error::new(ErrorKind::UnknownFunction, format!("unknown function '{name}'")).at(ns, ne);
        return Err(match did_you_mean(name, names) {
            Some(s) => Error { message: format!("unknown function '{name}' — did you mean '{s}'?"), ..err },
            None => Error { message: format!("{name} is not a function"), ..err }
                .hint(format!("to multiply, write {name}*(...)")),
        });
    };
    let args_pair = inner.next();
    let args: Vec<Ast> = match args_pair {
        Some(a) => a.into_inner().map(build_expr).collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let (lo, hi) = builtin.arity();
    if args.len() < lo || args.len() > hi {
        let want = if lo == hi { format!("{lo}") } else { format!("{lo} or {hi}") };
        let plural = if hi == 1 { "argument" } else { "arguments" };
        return Err(Error::new(ErrorKind::Arity, format!("{name} takes {want} {plural}, got {}", args.len()))
            .at(span.start(), span.end()));
    }
    Ok(Ast::Call(builtin, args))
}

/// Refuses a literal whose decimal exponent is beyond `--max-literal-exponent`.
pub(crate) fn check_literal(text: &str, limits: Limits) -> Result<(), Error> {
    let Some(i) = text.find(['e', 'E']) else {
        return Ok(());
    };
    let max = limits.max_literal_exponent;
    match text[i + 1..].parse::<i64>() {
        Ok(e) if e.unsigned_abs() <= max => Ok(()),
        _ => Err(Error::new(ErrorKind::Limit, format!("the exponent of '{text}' is beyond ±{max}"))
            .hint("raise the limit with --max-literal-exponent N, or write a power of ten such as 10^20000")),
    }
}

/// An exact rational from a decimal literal: `2.5` is 5/2, `1e-3` is 1/1000. The
/// exponent was bounded by `check_literal` before.
pub(crate) fn parse_number(text: &str) -> Result<Ast, Error> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    let (whole, frac) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
        None => (mantissa, ""),
    };
    let digits = format!("{whole}{frac}");
    let digits = if digits.is_empty() { "0" } else { &digits };
    let numer: BigInt = digits.parse().map_err(|_| Error::new(ErrorKind::Syntax, format!("bad number '{text}'")))?;
    let exp: i64 = if exponent.is_empty() {
        0
    } else {
        exponent.parse().map_err(|_| Error::new(ErrorKind::Limit, format!("the exponent of '{text}' is too large")))?
    };
    let shift = exp - frac.len() as i64;
    let ten = BigInt::from(10);
    let scale = num_traits::pow::Pow::pow(&ten, shift.unsigned_abs());
    let q = if shift >= 0 { Rational::from_integer(numer * scale) } else { Rational::new(numer, scale) };
    Ok(Ast::Num(q))
}

/// Greek letters spelled out are kept as written; this maps nothing today but is the
/// one place a spelling would be normalized.
fn greek_name(_name: &str) -> Option<&'static str> {
    None
}

/// Turns a pest error into one in the user's words.
fn syntax_error(text: &str, e: &pest::error::Error<Rule>) -> Error {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let rest = &text[pos.min(text.len())..];
    let next = rest.chars().next();
    let before = text[..pos.min(text.len())].trim_end();
    let last = before.chars().last();
    let unclosed = unclosed_paren(&text[..pos.min(text.len())]);
    let end_of_input = rest.trim().is_empty();
    let at = |err: Error, len: usize| err.at(pos, pos + len);
    let next_len = next.map_or(0, char::len_utf8);
    if end_of_input {
        if let Some(c) = last.filter(|c| "+-*/^×·÷−".contains(*c)) {
            return at(Error::new(ErrorKind::Syntax, format!("expected an operand after '{c}'")), 0)
                .hint("the expression ends in an operator");
        }
        if let Some(open) = unclosed {
            return Error::new(ErrorKind::Syntax, "unclosed '('").at(open, open + 1).hint("add the missing ')'");
        }
        if last == Some(',') {
            return at(Error::new(ErrorKind::Syntax, "expected an argument after ','"), 0);
        }
        return at(Error::new(ErrorKind::Syntax, "expected an expression"), 0);
    }
    let c = next.unwrap_or(' ');
    if c == ')' {
        if unclosed.is_none() {
            return at(Error::new(ErrorKind::Syntax, "unmatched ')'"), 1).hint("remove it or add a '(' before it");
        }
        if last == Some('(') {
            return at(Error::new(ErrorKind::Syntax, "empty parentheses"), 1);
        }
        if let Some(op) = last.filter(|c| "+-*/^×·÷−,".contains(*c)) {
            return at(Error::new(ErrorKind::Syntax, format!("expected an operand after '{op}'")), 1);
        }
    }
    if let Some(op) = last.filter(|c| "+-*/^×·÷−(,".contains(*c)) {
        if "*/^)×·÷,".contains(c) {
            let what = if op == '(' { "after '('".to_string() } else { format!("after '{op}'") };
            return at(Error::new(ErrorKind::Syntax, format!("expected an operand {what}, found '{c}'")), next_len);
        }
    }
    if c == '=' {
        return at(Error::new(ErrorKind::Syntax, "unexpected '='"), 1)
            .hint("an expression has no '='; a point is written --at x=1");
    }
    if c.is_ascii_digit() || c.is_alphabetic() || c == '(' || c == '.' {
        return at(
            Error::new(ErrorKind::Syntax, format!("expected an operator before '{}'", token_at(rest))),
            token_at(rest).len(),
        );
    }
    let hint = match c {
        '[' | '{' => Some("use ( and ) for grouping"),
        '!' => Some("factorial is not supported"),
        '%' => Some("write percentages as /100"),
        '\'' | '"' => Some("quote the whole expression for the shell, not parts of it"),
        _ => lookalike(c),
    };
    let err = at(Error::new(ErrorKind::Syntax, format!("unexpected character '{}'", c.escape_default())), next_len);
    match hint {
        Some(h) => err.hint(h),
        None => err,
    }
}

/// A hint for a character that looks like one the language knows (the minus sign
/// U+2212, `×`, `·` and `÷` are accepted as they are).
fn lookalike(c: char) -> Option<&'static str> {
    match c {
        '\u{FF10}'..='\u{FF19}' => Some("a fullwidth digit: write the digits 0-9"),
        '\u{2010}'..='\u{2015}' | '\u{FE63}' | '\u{FF0D}' => Some("a dash: write - for minus"),
        '\u{FF01}'..='\u{FF5E}' => Some("a fullwidth character: write its plain form (+ * / ^ ( ) ...)"),
        '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' => {
            Some("a curly quote: quote the whole expression for the shell with straight quotes")
        }
        '\u{00B2}' | '\u{00B3}' | '\u{00B9}' | '\u{2070}'..='\u{2079}' => {
            Some("a superscript: write powers with ^, as in x^2")
        }
        '\u{2217}' | '\u{2715}' | '\u{2716}' | '\u{2062}' => Some("write * for multiplication"),
        '\u{2044}' | '\u{2215}' => Some("write / for division"),
        '\u{00A0}' | '\u{2000}'..='\u{200B}' | '\u{202F}' | '\u{3000}' => {
            Some("a non-breaking or wide space: use a plain space")
        }
        '\u{0}'..='\u{1F}' | '\u{7F}' => Some("a control character: the input may be binary or in another encoding"),
        _ => None,
    }
}

/// The identifier, number or character at the start of `rest`.
fn token_at(rest: &str) -> &str {
    let end = rest
        .char_indices()
        .find(|&(i, c)| i > 0 && !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map_or(rest.len(), |(i, _)| i);
    let end = if end == 0 { rest.chars().next().map_or(0, char::len_utf8) } else { end };
    &rest[..end]
}

/// The byte offset of the last '(' left open in `text`.
fn unclosed_paren(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '(' => open.push(i),
            ')' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

impl Ast {
    /// Builds the expression in the store (normalizing it).
    pub fn lower(&self, store: &mut Store) -> ExprId {
        match self {
            Ast::Num(q) => store.num(q.clone()),
            Ast::Var(v) => store.var(v),
            Ast::Const(c) => store.constant(*c),
            Ast::Neg(a) => {
                let a = a.lower(store);
                store.neg(a)
            }
            Ast::Add(xs) => {
                let xs: Vec<ExprId> = xs.iter().map(|a| a.lower(store)).collect();
                store.add(&xs)
            }
            Ast::Mul(xs) => {
                // A sign on a factor is the product's: -(x+1)/y is -1*(x+1)/y, the form
                // the printer writes that way, not (-x-1)/y.
                let mut negative = false;
                let mut factors: Vec<ExprId> = Vec::with_capacity(xs.len() + 1);
                for x in xs {
                    let mut x = x;
                    while let Ast::Neg(inner) = x {
                        negative = !negative;
                        x = inner;
                    }
                    factors.push(x.lower(store));
                }
                if negative {
                    factors.push(store.int(-1));
                }
                store.mul(&factors)
            }
            // 1/(2*(x+1)) is 1/2 * 1/(x+1): each factor inverted, so that the number
            // is not first distributed over the sum (1/(2*x + 2)).
            Ast::Recip(a) => match a.as_ref() {
                Ast::Mul(xs) => {
                    let inverted: Vec<Ast> = xs.iter().map(|x| Ast::Recip(Box::new(x.clone()))).collect();
                    Ast::Mul(inverted).lower(store)
                }
                _ => {
                    let a = a.lower(store);
                    store.recip(a)
                }
            },
            Ast::Pow(a, b) => {
                let a = a.lower(store);
                let b = b.lower(store);
                store.pow(a, b)
            }
            Ast::Call(b, args) => {
                let xs: Vec<ExprId> = args.iter().map(|a| a.lower(store)).collect();
                lower_call(store, *b, &xs)
            }
        }
    }

    /// The free variables of the tree, sorted.
    pub fn variables(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(a) = stack.pop() {
            match a {
                Ast::Var(v) => out.push(v.clone()),
                Ast::Num(_) | Ast::Const(_) => {}
                Ast::Neg(x) | Ast::Recip(x) => stack.push(x),
                Ast::Pow(x, y) => {
                    stack.push(x);
                    stack.push(y);
                }
                Ast::Add(xs) | Ast::Mul(xs) | Ast::Call(_, xs) => stack.extend(xs.iter()),
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

/// A call of a built-in function on built arguments (as many as it takes).
pub(crate) fn lower_call(store: &mut Store, b: Builtin, xs: &[ExprId]) -> ExprId {
    match b {
        Builtin::Func(f) => store.call(f, xs),
        Builtin::Exp => store.exp(xs[0]),
        Builtin::Sqrt => store.sqrt(xs[0]),
        Builtin::Log => {
            let ln = store.call(crate::func::Func::Ln, &xs[..1]);
            match xs.get(1) {
                None => ln,
                Some(&base) => log_base(store, xs[0], ln, base),
            }
        }
    }
}

/// log(x, b): log2 and log10 for those bases, ln(x)/ln(b) otherwise.
fn log_base(store: &mut Store, x: ExprId, ln: ExprId, base: ExprId) -> ExprId {
    use crate::func::Func;
    if let Some(b) = store.as_num(base) {
        if *b == Rational::from_integer(BigInt::from(2)) {
            return store.call(Func::Log2, &[x]);
        }
        if *b == Rational::from_integer(BigInt::from(10)) {
            return store.call(Func::Log10, &[x]);
        }
        if b.is_one() || b.is_zero() {
            // log base 1 divides by ln(1) = 0: keep the quotient, which evaluates
            // as undefined.
        }
    }
    let lnb = store.call(Func::Ln, &[base]);
    store.div(ln, lnb)
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
    if let Some(expr) = crate::fast_parse::parse_into(text, limits, &mut store) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn num(n: i64, d: i64) -> Ast {
        Ast::Num(Rational::new(BigInt::from(n), BigInt::from(d)))
    }

    #[test]
    fn literals_are_exact() {
        assert_eq!(parse("2.5").unwrap(), num(5, 2));
        assert_eq!(parse(".5").unwrap(), num(1, 2));
        assert_eq!(parse("1e-3").unwrap(), num(1, 1000));
        assert_eq!(
            parse("6.02E23").unwrap(),
            Ast::Num(Rational::from_integer("602000000000000000000000".parse().unwrap()))
        );
    }

    #[test]
    fn precedence_traps() {
        let x = || Box::new(Ast::Var("x".into()));
        assert_eq!(parse("-x^2").unwrap(), Ast::Neg(Box::new(Ast::Pow(x(), Box::new(num(2, 1))))));
        assert_eq!(
            parse("2^3^2").unwrap(),
            Ast::Pow(Box::new(num(2, 1)), Box::new(Ast::Pow(Box::new(num(3, 1)), Box::new(num(2, 1)))))
        );
        assert_eq!(parse("2^-x").unwrap(), Ast::Pow(Box::new(num(2, 1)), Box::new(Ast::Neg(x()))));
        assert_eq!(
            parse("1/2x").unwrap(),
            Ast::Mul(vec![num(1, 1), Ast::Recip(Box::new(num(2, 1))), Ast::Var("x".into())])
        );
    }

    #[test]
    fn implicit_multiplication_only_after_number_or_paren() {
        assert!(parse("2x").is_ok());
        assert!(parse("(x+1)(x-1)").is_ok());
        assert!(parse("(x+1)y").is_ok());
        assert!(parse("2 sin(x)").is_ok());
        assert_eq!(parse("xy").unwrap(), Ast::Var("xy".into()));
        let e = parse("x y").unwrap_err();
        assert!(e.message.contains("expected an operator"), "{e:?}");
        let e = parse("x(y)").unwrap_err();
        assert_eq!(e.kind, ErrorKind::UnknownFunction);
    }

    #[test]
    fn errors_say_what_was_expected() {
        assert_eq!(parse("x +").unwrap_err().message, "expected an operand after '+'");
        assert_eq!(parse("(x + 1").unwrap_err().message, "unclosed '('");
        assert_eq!(parse("sine(x)").unwrap_err().message, "unknown function 'sine' — did you mean 'sin'?");
        assert_eq!(parse("atan2(x)").unwrap_err().kind, ErrorKind::Arity);
        assert_eq!(parse("x)").unwrap_err().message, "unmatched ')'");
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!("{}x{}", "(".repeat(5000), ")".repeat(5000));
        assert_eq!(parse(&deep).unwrap_err().kind, ErrorKind::Limit);
        let signs = format!("{}x", "-".repeat(10000));
        assert_eq!(parse(&signs).unwrap_err().kind, ErrorKind::Limit);
        let tower = vec!["x"; 10000].join("^");
        assert_eq!(parse(&tower).unwrap_err().kind, ErrorKind::Limit);
    }

    #[test]
    fn each_parenthesis_and_call_counts_one_level() {
        let limits = Limits { max_depth: 10, ..Limits::default() };
        let nest = |open: &str, n: usize| format!("{}x{}", open.repeat(n), ")".repeat(n));
        assert!(parse_with(&nest("(", 9), limits).is_ok());
        assert_eq!(parse_with(&nest("(", 10), limits).unwrap_err().kind, ErrorKind::Limit);
        assert!(parse_with(&nest("sin(", 9), limits).is_ok());
        assert_eq!(parse_with(&nest("sin(", 10), limits).unwrap_err().kind, ErrorKind::Limit);
        assert!(parse_with(&format!("{}x", "-".repeat(9)), limits).is_ok());
        assert_eq!(parse_with(&format!("{}x", "-".repeat(10)), limits).unwrap_err().kind, ErrorKind::Limit);
    }
}
