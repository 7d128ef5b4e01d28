//! The notation both parsers share beyond the grammar's tokens: what a name calls
//! (the function table and the parser's aliases `sgn`, `pow`, `nthroot`), the root
//! signs, superscript exponents, the inverse a function power `^-1` names, and the
//! names of functions a user may expect that are not supported yet.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed};

use super::ast::Ast;
use crate::func::{self, Builtin, Func};
use crate::store::Rational;

/// What a name in call position calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Callee {
    Builtin(Builtin),
    /// `pow(x, y)` is `x^y`.
    Pow,
    /// `nthroot(x, n)`: the real n-th root (n a positive integer).
    NthRoot,
}

impl Callee {
    /// How many arguments it takes: (at least, at most).
    pub(crate) fn arity(self) -> (usize, usize) {
        match self {
            Callee::Builtin(b) => b.arity(),
            Callee::Pow | Callee::NthRoot => (2, 2),
        }
    }
}

/// The callee a name denotes: a function of the table, or an alias.
#[inline(always)]
pub(crate) fn lookup(name: &str) -> Option<Callee> {
    if let Some(b) = func::lookup(name) {
        return Some(Callee::Builtin(b));
    }
    match name {
        "sgn" => Some(Callee::Builtin(Builtin::Func(Func::Sign))),
        "pow" => Some(Callee::Pow),
        "nthroot" => Some(Callee::NthRoot),
        _ => None,
    }
}

/// The aliases [`lookup`] knows beyond the function table.
pub(crate) const ALIASES: [&str; 3] = ["sgn", "pow", "nthroot"];

/// The function a root sign denotes: `√` is `sqrt`, `∛` is `cbrt`.
#[inline]
pub(crate) fn root(c: char) -> Option<Builtin> {
    match c {
        '\u{221A}' => Some(Builtin::Sqrt),
        '\u{221B}' => Some(Builtin::Func(Func::Cbrt)),
        _ => None,
    }
}

/// The inverse function `f^-1` names, where the table has it.
pub(crate) fn inverse(b: Builtin) -> Option<Builtin> {
    let Builtin::Func(f) = b else { return None };
    let inv = match f {
        Func::Sin => Func::Asin,
        Func::Cos => Func::Acos,
        Func::Tan => Func::Atan,
        Func::Cot => Func::Acot,
        Func::Sec => Func::Asec,
        Func::Csc => Func::Acsc,
        Func::Sinh => Func::Asinh,
        Func::Cosh => Func::Acosh,
        Func::Tanh => Func::Atanh,
        Func::Coth => Func::Acoth,
        Func::Sech => Func::Asech,
        Func::Csch => Func::Acsch,
        _ => return None,
    };
    Some(Builtin::Func(inv))
}

/// The value of a superscript digit.
#[inline]
pub(crate) fn superscript_digit(c: char) -> Option<u8> {
    match c {
        '\u{2070}' => Some(0),
        '\u{00B9}' => Some(1),
        '\u{00B2}' => Some(2),
        '\u{00B3}' => Some(3),
        '\u{2074}'..='\u{2079}' => Some(c as u8 - 0x70),
        _ => None,
    }
}

/// A superscript exponent read: its sign and its digits as ASCII.
pub(crate) struct Superscript {
    pub(crate) negative: bool,
    pub(crate) signed: bool,
    pub(crate) digits: String,
}

/// Reads a superscript exponent at the start of `text`: a sign `⁻` or `⁺`, then
/// digits. Gives it and its length in bytes; `None` when no digit follows.
pub(crate) fn superscript(text: &str) -> Option<(Superscript, usize)> {
    let mut chars = text.char_indices().peekable();
    let mut sup = Superscript { negative: false, signed: false, digits: String::new() };
    if let Some(&(_, c)) = chars.peek() {
        if c == '\u{207B}' || c == '\u{207A}' {
            sup.negative = c == '\u{207B}';
            sup.signed = true;
            chars.next();
        }
    }
    let mut end = if sup.signed { 3 } else { 0 };
    for (i, c) in chars {
        let Some(d) = superscript_digit(c) else { break };
        sup.digits.push(char::from(b'0' + d));
        end = i + c.len_utf8();
    }
    (!sup.digits.is_empty()).then_some((sup, end))
}

/// True when `c` may start a superscript exponent.
#[inline]
pub(crate) fn starts_superscript(c: char) -> bool {
    c == '\u{207B}' || c == '\u{207A}' || superscript_digit(c).is_some()
}

/// Why an alias call cannot be built.
pub(crate) enum AliasError {
    /// `nthroot(x, n)` with `n` not a positive integer literal.
    Degree,
}

/// The tree of a call of an alias on its arguments (as many as it takes).
pub(crate) fn alias(callee: Callee, mut args: Vec<Ast>) -> Result<Ast, AliasError> {
    let second = args.pop();
    let first = args.pop();
    let (Some(x), Some(n)) = (first, second) else { return Err(AliasError::Degree) };
    match callee {
        Callee::Pow => Ok(Ast::Pow(Box::new(x), Box::new(n))),
        Callee::NthRoot => nthroot(x, n),
        Callee::Builtin(b) => Ok(Ast::Call(b, vec![x, n])),
    }
}

/// `nthroot(x, n)`, the real root as `cbrt` is: `sqrt` and `cbrt` for 2 and 3, an
/// even root as a power (undefined below 0, as `sqrt`), an odd one as
/// `sign(x)*abs(x)^(1/n)` (real below 0, as `cbrt`).
fn nthroot(x: Ast, n: Ast) -> Result<Ast, AliasError> {
    let Ast::Num(q) = n else { return Err(AliasError::Degree) };
    if !q.is_integer() || !q.is_positive() {
        return Err(AliasError::Degree);
    }
    let n: &BigInt = q.numer();
    let call = |f: Func, a: Ast| Ast::Call(Builtin::Func(f), vec![a]);
    let recip = Rational::new(BigInt::one(), n.clone());
    Ok(if n.is_one() {
        x
    } else if *n == BigInt::from(2) {
        Ast::Call(Builtin::Sqrt, vec![x])
    } else if *n == BigInt::from(3) {
        call(Func::Cbrt, x)
    } else if n.is_even() {
        Ast::Pow(Box::new(x), Box::new(Ast::Num(recip)))
    } else {
        let abs = call(Func::Abs, x.clone());
        Ast::Mul(vec![call(Func::Sign, x), Ast::Pow(Box::new(abs), Box::new(Ast::Num(recip)))])
    })
}

/// Functions a user may expect, which the language does not have yet: a call of one
/// says so instead of suggesting a product.
pub(crate) const NOT_YET: &[&str] = &[
    "factorial",
    "fact",
    "gamma",
    "lgamma",
    "loggamma",
    "digamma",
    "beta",
    "zeta",
    "max",
    "min",
    "floor",
    "ceil",
    "ceiling",
    "round",
    "trunc",
    "frac",
    "mod",
    "rem",
    "binomial",
    "binom",
    "choose",
    "gcd",
    "lcm",
    "lambertw",
    "erfinv",
    "besselj",
    "sum",
    "prod",
    "re",
    "im",
    "conj",
    "arg",
];
