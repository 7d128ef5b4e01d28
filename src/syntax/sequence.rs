//! The grammar path's reading of what pest matched. pest gives each expression as a
//! flat sequence of operands, infix operators and operands side by side; this reads
//! that sequence with the precedence table, by the rules and in the order the fast
//! path reads the bytes (`fast.rs`): signs and `^` towers, superscripts, function
//! powers, a function applied without parentheses to the factor after it, bars. It
//! counts the nesting as it reads, and it words every error pest cannot see: names,
//! calls, arities, function powers, where a function's argument ends.

use pest::iterators::Pair;

use super::ast::Ast;
use super::build::Tree;
use super::depth::Nesting;
use super::errors;
use super::grammar::Rule;
use super::literal::{check_literal, parse_number};
use super::notation::{self, Callee};
use super::precedence::Infix;
use crate::diff::Differentiator;
use crate::error::{Error, ErrorKind};
use crate::func::Builtin;
use crate::limits::{Limits, MAX_ORDER};
use crate::store::{Constant, ExprId, Rational, Store};

/// One item of pest's flat sequence.
enum Tok<'i> {
    /// A prefix sign: negative or not.
    Sign(bool),
    /// An infix operator and where it is.
    Op(Infix, usize),
    /// The next primary stands right after the previous operand; `spaced` when
    /// whitespace separates them.
    Juxt {
        spaced: bool,
    },
    Prim(Pair<'i, Rule>),
    Sup(Pair<'i, Rule>),
}

/// The items of one operand sequence (an `expr` or `bar_expr` pair) and the reading
/// position in them.
struct Seq<'i> {
    toks: Vec<Tok<'i>>,
    i: usize,
}

impl<'i> Seq<'i> {
    fn new(expr: Pair<'i, Rule>) -> Seq<'i> {
        let mut toks = Vec::new();
        let mut prev_end = expr.as_span().start();
        for item in expr.into_inner() {
            let rule = item.as_rule();
            match rule {
                Rule::operand | Rule::juxtaposed | Rule::bar_juxtaposed => {
                    if rule != Rule::operand {
                        toks.push(Tok::Juxt { spaced: item.as_span().start() > prev_end });
                    }
                    for part in item.into_inner() {
                        prev_end = part.as_span().end();
                        toks.push(match part.as_rule() {
                            Rule::neg => Tok::Sign(true),
                            Rule::plus => Tok::Sign(false),
                            Rule::superscript => Tok::Sup(part),
                            _ => Tok::Prim(part),
                        });
                    }
                }
                _ => {
                    let op = match rule {
                        Rule::add => Infix::Add,
                        Rule::sub => Infix::Sub,
                        Rule::mul => Infix::Mul,
                        Rule::div => Infix::Div,
                        _ => Infix::Pow,
                    };
                    prev_end = item.as_span().end();
                    toks.push(Tok::Op(op, item.as_span().start()));
                }
            }
        }
        Seq { toks, i: 0 }
    }

    fn peek(&self) -> Option<&Tok<'i>> {
        self.toks.get(self.i)
    }

    fn peek_at(&self, k: usize) -> Option<&Tok<'i>> {
        self.toks.get(self.i + k)
    }
}

/// The last function applied without parentheses: its name and its argument's text.
#[derive(Clone, Copy)]
struct Applied<'i> {
    name: &'i str,
    arg: &'i str,
}

/// Reads sequences into syntax trees.
pub(crate) struct Reader<'i> {
    text: &'i str,
    limits: Limits,
    nesting: Nesting,
    /// The name, when the last primary read was a bare name (a variable or constant).
    after_name: Option<&'i str>,
    /// True when the last primary read was a number, which bars may follow.
    after_number: bool,
    /// The function, when the last primary read was one applied without parentheses.
    applied: Option<Applied<'i>>,
    /// Where the last primary (with its superscript) ends.
    last_end: usize,
}

/// The tree of an `expr` pair of `text`.
pub(crate) fn read<'i>(text: &'i str, expr: Pair<'i, Rule>, limits: Limits) -> Result<Ast, Error> {
    let mut r = Reader {
        text,
        limits,
        nesting: Nesting::new(limits),
        after_name: None,
        after_number: false,
        applied: None,
        last_end: 0,
    };
    r.sequence(expr)
}

/// True when a primary is a function: a root sign, a call, or a function's name.
fn is_function(p: &Pair<Rule>) -> bool {
    match p.as_rule() {
        Rule::root | Rule::call | Rule::derivative => true,
        Rule::name => notation::lookup(p.as_str()).is_some(),
        _ => false,
    }
}

/// A function power read: `^n`, `^-n` or a superscript, its exponent's text.
struct Power {
    negative: bool,
    digits: String,
}

impl<'i> Reader<'i> {
    fn sequence(&mut self, expr: Pair<'i, Rule>) -> Result<Ast, Error> {
        let end = expr.as_span().end();
        let mut s = Seq::new(expr);
        let ast = self.expr(&mut s, 0)?;
        if s.i < s.toks.len() {
            return Err(Error::new(ErrorKind::Syntax, "unexpected text").at(end, end));
        }
        Ok(ast)
    }

    fn depth_error(&self, at: usize) -> Error {
        self.limits.depth_error().at(at, at + 1)
    }

    /// Counts one more `^` or sign on the current path, before a primary: beyond the
    /// limit, that primary reports it (where the fast path gives up already).
    fn deeper_before_primary(&mut self) {
        _ = self.nesting.deeper();
    }

    /// Counts one more `^` or sign on the current path, where no primary follows on it
    /// (a superscript, a function power).
    fn deeper(&mut self, at: usize) -> Result<(), Error> {
        if self.nesting.deeper() {
            Ok(())
        } else {
            Err(self.depth_error(at))
        }
    }

    fn nested<T>(&mut self, depth: usize, f: impl FnOnce(&mut Self) -> Result<T, Error>) -> Result<T, Error> {
        let saved = self.nesting.enter(depth);
        let out = f(self);
        self.nesting.leave(saved);
        out
    }

    /// The operand sequence down to operators binding at `min` or looser.
    fn expr(&mut self, s: &mut Seq<'i>, min: u8) -> Result<Ast, Error> {
        let mut lhs = self.operand(s)?;
        loop {
            let op = match s.peek() {
                Some(Tok::Op(op, _)) => *op,
                Some(Tok::Juxt { .. }) => Infix::Juxtaposed,
                _ => break,
            };
            if op.power() <= min {
                break;
            }
            s.i += 1;
            match op {
                Infix::Juxtaposed => self.check_juxtaposed(s)?,
                _ => self.nesting.separator(),
            }
            let rhs = self.expr(s, op.power())?;
            lhs = Tree::joined(lhs, op, rhs);
        }
        Ok(lhs)
    }

    /// What may not stand side by side: anything but a function after a function
    /// applied without parentheses (`sin x y`), bars but after a number (`x|y|`), a
    /// number right after a name (`x 2`).
    fn check_juxtaposed(&self, s: &Seq<'i>) -> Result<(), Error> {
        let Some(Tok::Prim(next)) = s.peek() else { return Ok(()) };
        let span = next.as_span();
        if let Some(app) = self.applied.filter(|_| !is_function(next)) {
            return Err(errors::ambiguous_argument(app.name, app.arg, next.as_str(), span.start(), span.end()));
        }
        if next.as_rule() == Rule::bars && !self.after_number {
            return Err(errors::ambiguous_bar(span.start()));
        }
        match self.after_name {
            Some(name) if next.as_rule() == Rule::number => {
                Err(errors::juxtaposed_after_name(name, next.as_str(), span.start(), span.end()))
            }
            _ => Ok(()),
        }
    }

    /// Signs, a primary, and its tower of powers (as `Parser::operand` of the fast path).
    fn operand(&mut self, s: &mut Seq<'i>) -> Result<Ast, Error> {
        let mut bases: Vec<(usize, Ast)> = Vec::new();
        let mut negs = self.signs(s)?;
        let mut top = self.primary(s)?;
        while let Some(&Tok::Op(Infix::Pow, _)) = s.peek() {
            s.i += 1;
            self.deeper_before_primary();
            bases.push((negs, top));
            negs = self.signs(s)?;
            top = self.primary(s)?;
        }
        while let Some((below, base)) = bases.pop() {
            top = Ast::Pow(Box::new(base), Box::new(negated(negs, top)));
            negs = below;
        }
        Ok(negated(negs, top))
    }

    fn signs(&mut self, s: &mut Seq<'i>) -> Result<usize, Error> {
        let mut negs = 0;
        while let Some(&Tok::Sign(negative)) = s.peek() {
            s.i += 1;
            self.deeper_before_primary();
            negs += usize::from(negative);
        }
        Ok(negs)
    }

    /// A number, name, call, group, bars or function application, then its
    /// superscript exponent.
    fn primary(&mut self, s: &mut Seq<'i>) -> Result<Ast, Error> {
        let p = match s.toks.get(s.i) {
            Some(Tok::Prim(p)) => p.clone(),
            _ => return Err(Error::new(ErrorKind::Syntax, "expected an operand")),
        };
        s.i += 1;
        let span = p.as_span();
        let depth = self.nesting.primary().ok_or_else(|| self.depth_error(span.start()))?;
        self.applied = None;
        let mut name = None;
        let number = p.as_rule() == Rule::number;
        let ast = match p.as_rule() {
            Rule::number => {
                check_literal(p.as_str(), self.limits).map_err(|e| e.at(span.start(), span.end()))?;
                Ast::Num(parse_number(p.as_str()).map_err(|e| e.at(span.start(), span.end()))?)
            }
            Rule::name => {
                let text = p.as_str();
                let ast = match text {
                    "pi" | "π" => Ast::Const(Constant::Pi),
                    "e" => Ast::Const(Constant::E),
                    _ => match notation::lookup(text) {
                        Some(callee) => return self.application(s, text, callee, span.start(), depth),
                        None => Ast::Var(text.to_string()),
                    },
                };
                name = Some(text);
                ast
            }
            Rule::root => {
                let callee = root_callee(p.as_str());
                return self.application(s, p.as_str(), callee, span.start(), depth);
            }
            Rule::group | Rule::bars => {
                let bars = p.as_rule() == Rule::bars;
                let inner = p.into_inner().next().ok_or_else(|| errors::syntax_error(self.text, span.start()))?;
                let inner = self.nested(depth, |r| r.sequence(inner))?;
                if bars {
                    Ast::Call(Builtin::Func(crate::func::Func::Abs), vec![inner])
                } else {
                    inner
                }
            }
            Rule::derivative => self.derivative(p, depth)?,
            _ => self.call(p, depth)?,
        };
        self.applied = None;
        self.after_name = name;
        self.after_number = number;
        self.last_end = span.end();
        self.superscript(s, ast)
    }

    /// `a` to the superscript exponent that follows it, if one does.
    fn superscript(&mut self, s: &mut Seq<'i>, a: Ast) -> Result<Ast, Error> {
        let Some(Tok::Sup(p)) = s.peek() else { return Ok(a) };
        let p = p.clone();
        s.i += 1;
        let power = self.power_of(&p)?;
        self.after_name = None;
        self.after_number = false;
        self.last_end = p.as_span().end();
        Ok(Ast::Pow(Box::new(a), Box::new(exponent(&power))))
    }

    /// The exponent of a superscript, counted as a `^` and, when signed, a sign.
    fn power_of(&mut self, p: &Pair<'i, Rule>) -> Result<Power, Error> {
        let at = p.as_span().start();
        let (sup, _) = notation::superscript(p.as_str()).ok_or_else(|| errors::syntax_error(self.text, at))?;
        self.deeper(at)?;
        if sup.signed {
            self.deeper(at)?;
        }
        Ok(Power { negative: sup.negative, digits: sup.digits })
    }

    /// After a function's name: a function power `^2`, `^-1`, `²`, if one follows, and
    /// then its argument.
    fn function_power(&mut self, s: &mut Seq<'i>) -> Result<Option<Power>, Error> {
        match s.peek() {
            Some(Tok::Sup(p)) => {
                let p = p.clone();
                s.i += 1;
                self.power_of(&p).map(Some)
            }
            Some(&Tok::Op(Infix::Pow, at)) => {
                let (negative, k) = match s.peek_at(1) {
                    Some(&Tok::Sign(true)) => (true, 2),
                    _ => (false, 1),
                };
                let Some(Tok::Prim(n)) = s.peek_at(k) else { return Ok(None) };
                let plain = n.as_rule() == Rule::number && n.as_str().bytes().all(|b| b.is_ascii_digit());
                if !plain || matches!(s.peek_at(k + 1), Some(Tok::Sup(_))) {
                    return Ok(None);
                }
                let digits = n.as_str().to_string();
                s.i += k + 1;
                self.deeper(at)?;
                if negative {
                    self.deeper(at)?;
                }
                Ok(Some(Power { negative, digits }))
            }
            _ => Ok(None),
        }
    }

    /// A function named without parentheses right after it: its power, if any, and
    /// its argument, in parentheses after a power (`sin^2(x)`) or the factor after it.
    fn application(
        &mut self,
        s: &mut Seq<'i>,
        name: &'i str,
        callee: Callee,
        start: usize,
        depth: usize,
    ) -> Result<Ast, Error> {
        let power = self.function_power(s)?;
        let group = match (s.peek(), s.peek_at(1)) {
            (Some(Tok::Juxt { .. }), Some(Tok::Prim(g))) if power.is_some() && g.as_rule() == Rule::group => {
                Some(g.clone())
            }
            _ => None,
        };
        let (arg, arg_text, paren) = if let Some(g) = group {
            s.i += 2;
            let inner = g.clone().into_inner().next().ok_or_else(|| errors::syntax_error(self.text, start))?;
            let arg = self.nested(depth, |r| r.sequence(inner))?;
            self.last_end = g.as_span().end();
            let text = g.as_str();
            (arg, &text[1..text.len() - 1], true)
        } else {
            match (s.peek(), s.peek_at(1)) {
                (Some(Tok::Juxt { .. }), Some(Tok::Prim(p))) => {
                    let from = p.as_span().start();
                    s.i += 1;
                    let arg = self.nested(depth, |r| r.argument(s))?;
                    (arg, &self.text[from..self.last_end], false)
                }
                _ => return Err(errors::function_without_argument(name, start, start + name.len())),
            }
        };
        let b = match callee {
            Callee::Builtin(b) if b.arity().0 == 1 => b,
            _ => return Err(errors::arity(name, callee.arity(), 1, start, self.last_end)),
        };
        let call = Ast::Call(b, vec![arg]);
        let out = match power {
            None => call,
            Some(p) => {
                let n: u64 = p.digits.parse().unwrap_or(u64::MAX);
                match (p.negative, n) {
                    (false, 1..) => Ast::Pow(Box::new(call), Box::new(exponent(&p))),
                    (true, 1) => match notation::inverse(b) {
                        Some(inv) => Ast::Call(inv, call_args(call)),
                        None => return Err(errors::no_inverse(name, arg_text, start, self.last_end)),
                    },
                    _ => {
                        let exp = if p.negative { format!("-{}", p.digits) } else { p.digits.clone() };
                        return Err(errors::function_power(name, &exp, arg_text, start, self.last_end));
                    }
                }
            }
        };
        self.applied = (!paren).then_some(Applied { name, arg: arg_text });
        self.after_name = None;
        self.after_number = false;
        Ok(out)
    }

    /// The argument of a function without parentheses: one factor, the primaries
    /// written after it with no space between them, each with its powers (`2x`,
    /// `x^2`, `2πr`), up to a space, an operator, or a function.
    fn argument(&mut self, s: &mut Seq<'i>) -> Result<Ast, Error> {
        let mut lhs = self.operand(s)?;
        loop {
            match (s.peek(), s.peek_at(1)) {
                (Some(Tok::Juxt { spaced: false }), Some(Tok::Prim(p)))
                    if !(is_function(p)
                        || self.after_name.is_some() && p.as_rule() == Rule::number
                        || p.as_rule() == Rule::bars && !self.after_number) => {}
                _ => break,
            }
            s.i += 1;
            let rhs = self.operand(s)?;
            lhs = Tree::joined(lhs, Infix::Juxtaposed, rhs);
        }
        Ok(lhs)
    }

    /// A call: `name(args)` or `√(args)`.
    fn call(&mut self, p: Pair<'i, Rule>, depth: usize) -> Result<Ast, Error> {
        let span = p.as_span();
        let mut inner = p.into_inner();
        let head = inner.next().ok_or_else(|| errors::syntax_error(self.text, span.start()))?;
        let name = head.as_str();
        let mut args_pair = inner.next();
        let primes = match &args_pair {
            Some(p) if p.as_rule() == Rule::primes => {
                let primes = p.clone();
                args_pair = inner.next();
                Some(primes)
            }
            _ => None,
        };
        if name == "diff" && primes.is_none() {
            let args = self.arguments(args_pair, depth)?;
            return self.derivative_operator(args, span.start(), span.end());
        }
        if self.is_abstract(name) {
            let slots = match &primes {
                None => Vec::new(),
                Some(p) if p.as_str().len() <= 3 => vec![1; p.as_str().len()],
                Some(p) => {
                    let (start, end) = (p.as_span().start(), p.as_span().end());
                    return Err(errors::too_many_primes(name, p.as_str().len(), start, end));
                }
            };
            let args = self.arguments(args_pair, depth)?;
            if args.is_empty() {
                return Err(errors::no_arguments(name, span.start(), span.end()));
            }
            if !slots.is_empty() && args.len() != 1 {
                return Err(errors::primes_of_several(name, args.len(), span.start(), span.end()));
            }
            return Ok(Ast::Apply(name.to_string(), slots, args));
        }
        if let Some(p) = &primes {
            let (start, end) = (p.as_span().start(), p.as_span().end());
            if notation::lookup(name).is_none() {
                return Err(errors::primes_of_unknown(name, start, end));
            }
            return Err(errors::primes_of_builtin(name, start, end));
        }
        let callee = if head.as_rule() == Rule::root {
            root_callee(name)
        } else {
            let args_text = args_pair.as_ref().map_or("", |a| a.as_str());
            let (start, end) = (head.as_span().start(), head.as_span().end());
            notation::lookup(name).ok_or_else(|| errors::not_a_function(name, args_text, start, end))?
        };
        let args = self.arguments(args_pair, depth)?;
        let (lo, hi) = callee.arity();
        if args.len() < lo || args.len() > hi {
            return Err(errors::arity(name, (lo, hi), args.len(), span.start(), span.end()));
        }
        match callee {
            Callee::Builtin(b) => Ok(Ast::Call(b, args)),
            _ => {
                let texts: Vec<String> = args_text(self.text, span.start(), span.end());
                notation::alias(callee, args).map_err(|_| errors::nthroot_degree(&texts, span.start(), span.end()))
            }
        }
    }
}

impl<'i> Reader<'i> {
    /// The trees of a call's arguments.
    fn arguments(&mut self, args: Option<Pair<'i, Rule>>, depth: usize) -> Result<Vec<Ast>, Error> {
        let mut out = Vec::new();
        for e in args.into_iter().flat_map(|a| a.into_inner()) {
            out.push(self.nested(depth, |r| r.sequence(e))?);
        }
        Ok(out)
    }

    /// A derivative of an abstract function: `D[1,2](g)(x, y)`.
    fn derivative(&mut self, p: Pair<'i, Rule>, depth: usize) -> Result<Ast, Error> {
        let span = p.as_span();
        let mut inner = p.into_inner();
        let (Some(slots), Some(name), args) = (inner.next(), inner.next(), inner.next()) else {
            return Err(errors::syntax_error(self.text, span.start()));
        };
        let f = name.as_str();
        if !self.is_abstract(f) {
            let (start, end) = (name.as_span().start(), name.as_span().end());
            return Err(errors::not_abstract(f, start, end));
        }
        let args = self.arguments(args, depth)?;
        let mut list = Vec::new();
        for slot in slots.into_inner() {
            let (start, end) = (slot.as_span().start(), slot.as_span().end());
            match slot.as_str().parse::<u32>() {
                Ok(k) if k >= 1 && (k as usize) <= args.len() => list.push(k),
                _ => return Err(errors::bad_slot(f, slot.as_str(), args.len(), start, end)),
            }
        }
        if list.len() > MAX_SLOTS {
            return Err(errors::too_many_slots(f, list.len(), MAX_SLOTS, span.start(), span.end()));
        }
        Ok(Ast::Apply(f.to_string(), list, args))
    }
}

impl Reader<'_> {
    /// True when `name` is an abstract function: `f`, `g`, `h`, one named by
    /// `--function`, or a variable declared by `--depends` (`y'(x)`, `y(2)`).
    fn is_abstract(&self, name: &str) -> bool {
        ABSTRACT_FUNCTIONS.contains(&name)
            || self.limits.functions.contains(&name)
            || self.limits.depends.iter().any(|d| d.name == name)
    }

    /// `diff(u, x)`, `diff(u, x, y)`, `diff(u, x, 3)`: the derivative, taken as the
    /// expression is read. It is built in a store of its own and turned back into a
    /// tree, so that everything after reading (building, the numerical check) sees
    /// the derivative as if it had been written out.
    fn derivative_operator(&mut self, args: Vec<Ast>, start: usize, end: usize) -> Result<Ast, Error> {
        let mut args = args.into_iter();
        let Some(u) = args.next() else { return Err(errors::diff_arguments(start, end)) };
        let mut wrt: Vec<String> = Vec::new();
        for a in args {
            match a {
                Ast::Var(v) => wrt.push(v),
                Ast::Num(q) if q.is_integer() && !wrt.is_empty() => {
                    let times = num_traits::ToPrimitive::to_u32(&q.to_integer())
                        .filter(|&n| n >= 1)
                        .ok_or_else(|| errors::diff_arguments(start, end))?;
                    if wrt.len() + times as usize - 1 > MAX_ORDER as usize {
                        return Err(errors::diff_order(start, end));
                    }
                    let last = wrt.last().cloned().unwrap_or_default();
                    wrt.extend(std::iter::repeat_n(last, times as usize - 1));
                }
                _ => return Err(errors::diff_arguments(start, end)),
            }
            if wrt.len() > MAX_ORDER as usize {
                return Err(errors::diff_order(start, end));
            }
        }
        if wrt.is_empty() {
            return Err(errors::diff_arguments(start, end));
        }
        let mut store = Store::with_limits(&self.limits);
        let e = u.lower(&mut store);
        let vars: Vec<ExprId> = wrt.iter().map(|v| store.var(v)).collect();
        let d = Differentiator::new().diff_many(&mut store, e, &vars);
        if let Some(which) = store.exceeded() {
            return Err(self.limits.exceeded_error(which).at(start, end));
        }
        if store.tree_sizes()[d.index()] > self.limits.max_size {
            return Err(self.limits.size_error("the derivative").at(start, end));
        }
        Ok(Ast::of_store(&store, d))
    }
}

/// The names that are abstract functions.
pub const ABSTRACT_FUNCTIONS: &[&str] = &["f", "g", "h"];

/// The most derivatives `D[...]` may list.
const MAX_SLOTS: usize = 64;

/// The arguments of a call tree.
fn call_args(call: Ast) -> Vec<Ast> {
    match call {
        Ast::Call(_, args) => args,
        other => vec![other],
    }
}

/// The callee of a root sign.
fn root_callee(sign: &str) -> Callee {
    let b = sign.chars().next().and_then(notation::root).unwrap_or(Builtin::Sqrt);
    Callee::Builtin(b)
}

/// The exponent of a power read as a tree: `-n` is `Neg(n)`, as `x^-n`.
fn exponent(p: &Power) -> Ast {
    let n = parse_number(&p.digits).unwrap_or_else(|_| Rational::from_integer(0.into()));
    negated(usize::from(p.negative), Ast::Num(n))
}

fn negated(n: usize, mut a: Ast) -> Ast {
    for _ in 0..n {
        a = Tree::neg(a);
    }
    a
}

/// The arguments' texts of a call `f(a, b)` spanning `start..end` of `text`, split at
/// its top-level commas.
fn args_text(text: &str, start: usize, end: usize) -> Vec<String> {
    let call = &text[start..end];
    let Some(open) = call.find('(') else { return Vec::new() };
    let inner = &call[open + 1..call.len().saturating_sub(1)];
    let mut out = Vec::new();
    let (mut depth, mut from) = (0i32, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(inner[from..i].trim().to_string());
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(inner[from..].trim().to_string());
    out
}
