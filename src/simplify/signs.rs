//! Signs the simplifier can prove: an expression known never negative (relu, exp,
//! sqrt, abs, even powers, cosh, softplus, sigmoid, and sums and products of them)
//! is its own abs, and a positive one has sign 1; products of signs and kinks:
//! `abs(u)*sign(u)` = `u`, `sign(u)^(2k+1)` = `sign(u)`, and `sign(u)^(2k)` = 1 beside
//! a factor that vanishes with u (`6*abs(x)*sign(x)^2` = `6*abs(x)`).

use num_integer::Integer;
use num_traits::{One, Signed, Zero};

use crate::func::Func;
use crate::limits::SIMPLIFY_MAX_SIGN_DEPTH;
use crate::store::{ExprId, Node, Store};

/// What is known of the sign of an expression wherever it is defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum SignClass {
    Unknown,
    /// Never negative.
    NonNegative,
    /// Always positive.
    Positive,
}

use SignClass::{NonNegative, Positive, Unknown};

/// The sign of `u` as far as its structure shows it, looking
/// [`SIMPLIFY_MAX_SIGN_DEPTH`] levels deep.
pub(super) fn sign_class(s: &Store, u: ExprId) -> SignClass {
    class(s, u, SIMPLIFY_MAX_SIGN_DEPTH)
}

fn class(s: &Store, u: ExprId, depth: u32) -> SignClass {
    if depth == 0 {
        return Unknown;
    }
    match s.node(u) {
        Node::Num(q) if q.is_positive() => Positive,
        Node::Num(q) if q.is_zero() => NonNegative,
        Node::Num(_) | Node::Var(_) | Node::Apply(..) => Unknown,
        Node::Const(_) => Positive,
        Node::Call(f, _) => match f {
            Func::Cosh | Func::Sigmoid | Func::Softplus | Func::Erfc | Func::Sech | Func::Exp2 => Positive,
            Func::Abs | Func::Relu | Func::Heaviside | Func::Acos | Func::Acosh | Func::Asech | Func::Hypot => {
                NonNegative
            }
            _ => Unknown,
        },
        Node::Pow(b, e) => power_class(s, *b, *e, depth),
        // A product: the lowest class of its factors (a number counts by its sign).
        Node::Mul(fs) => fs.iter().map(|&f| class(s, f, depth - 1)).min().unwrap_or(Unknown),
        // A sum of terms never negative, positive when one of them is.
        Node::Add(ts) => {
            let mut out = NonNegative;
            for &t in ts.iter() {
                match class(s, t, depth - 1) {
                    Unknown => return Unknown,
                    Positive => out = Positive,
                    NonNegative => {}
                }
            }
            out
        }
    }
}

/// `b^e`: never negative for an even or a fractional exponent (a negative base has
/// only integer powers), positive for a positive base.
fn power_class(s: &Store, b: ExprId, e: ExprId, depth: u32) -> SignClass {
    let base = class(s, b, depth - 1);
    if base == Positive {
        return Positive;
    }
    match s.as_num(e) {
        Some(q) if q.is_integer() && q.to_integer().is_odd() => base,
        // an even power, or one with a fraction (defined only for b >= 0); a negative
        // power of 0 is undefined, so a negative even power is positive where defined.
        Some(q) if q.is_negative() => Positive,
        Some(_) => NonNegative,
        None => base,
    }
}

/// `abs(u)` = u and `sign(u)` = 1, `heaviside(u)` = 1 for a u whose sign is known.
pub(super) fn known_sign_call(s: &mut Store, f: Func, u: ExprId) -> Option<ExprId> {
    match (f, sign_class(s, u)) {
        (Func::Abs, NonNegative | Positive) => Some(u),
        (Func::Sign | Func::Heaviside, Positive) => Some(s.one()),
        _ => None,
    }
}

/// Products of signs and kinks, each valid wherever the product is defined:
/// `abs(u)*sign(u)` = u; `sign(u)^(2k)` = 1 beside a factor that is 0 where u is
/// (`u^a`, `abs(u)^a`, `relu(u)^a` with a > 0), since elsewhere sign(u)^2 is 1. The
/// factors without the ones dropped, and u when it replaces two; None when nothing
/// applies. Reads the factors without building anything.
pub(super) fn sign_product(s: &Store, fs: &[ExprId]) -> Option<Vec<ExprId>> {
    for (i, &f) in fs.iter().enumerate() {
        let (b, n) = match s.node(f) {
            Node::Pow(b, e) => (*b, s.as_num(*e).filter(|q| q.is_integer() && q.is_positive()).map(|q| q.to_integer())),
            _ => (f, Some(1.into())),
        };
        let (Node::Call(Func::Sign, args), Some(n)) = (s.node(b), n) else { continue };
        let u = args[0];
        if n.is_one() {
            if let Some(j) = fs.iter().position(|&g| is_call_of(s, g, Func::Abs, u)) {
                return Some(without(fs, &[i, j]).chain([u]).collect());
            }
        } else if n.is_even() && fs.iter().enumerate().any(|(k, &g)| k != i && vanishes_with(s, g, u)) {
            return Some(without(fs, &[i]).collect());
        }
    }
    None
}

/// The factors but those at the positions `drop`.
fn without<'a>(fs: &'a [ExprId], drop: &'a [usize]) -> impl Iterator<Item = ExprId> + 'a {
    fs.iter().enumerate().filter(|(k, _)| !drop.contains(k)).map(|(_, &x)| x)
}

/// True when `g` is `f(u)`.
fn is_call_of(s: &Store, g: ExprId, f: Func, u: ExprId) -> bool {
    matches!(s.node(g), Node::Call(h, args) if *h == f && args[0] == u)
}

/// True when the factor `g` is 0 wherever `u` is: `u`, `abs(u)`, `relu(u)` to a
/// positive power.
fn vanishes_with(s: &Store, g: ExprId, u: ExprId) -> bool {
    let (b, positive) = match s.node(g) {
        Node::Pow(b, e) => (*b, s.as_num(*e).is_some_and(Signed::is_positive)),
        _ => (g, true),
    };
    positive && (b == u || is_call_of(s, b, Func::Abs, u) || is_call_of(s, b, Func::Relu, u))
}

/// `sign(u)^n` for an odd n > 1 is `sign(u)`; None for any other power.
pub(super) fn sign_power(s: &Store, b: ExprId, e: ExprId) -> Option<ExprId> {
    let Node::Call(Func::Sign, _) = s.node(b) else { return None };
    let q = s.as_num(e)?;
    (q.is_integer() && q.is_positive() && q.to_integer().is_odd()).then_some(b)
}
