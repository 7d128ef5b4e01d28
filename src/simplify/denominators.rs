//! Denominators without fractions inside: a sum with fractional coefficients raised to
//! a negative power gives its rational content to the coefficient outside, so that
//! `1/(2*(x^2/4 + 1))` is `2/(x^2 + 4)` and `1/sqrt(1 - u^2/4)` is `2/sqrt(4 - u^2)`.
//!
//! For a sum `b = c*b'` with rational content `c > 0` (the gcd of its coefficients'
//! numerators over the lcm of their denominators) and any exponent `e`,
//! `b^e = c^e * b'^e` holds wherever either side is defined, since `c` is positive.
//! Only negative exponents of sums whose coefficients are not all integers are
//! rewritten, and only where the result costs at most one operation more than the
//! power it replaces.

use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};

use crate::number::{int_gcd, int_lcm};
use crate::store::{ExprId, Node, Rational, Store};

use super::Simplifier;

impl Simplifier {
    /// `p` with the fractions of its base cleared into a coefficient, where `p` is a
    /// sum to a negative power and that is no costlier; `p` itself otherwise.
    pub(super) fn clear_fractions(&mut self, s: &mut Store, p: ExprId) -> ExprId {
        let Node::Pow(b, e) = *s.node(p) else {
            return p;
        };
        if !s.as_num(e).is_some_and(|q| q.is_negative()) {
            return p;
        }
        let Some(c) = fractional_content(s, b) else {
            return p;
        };
        let c_inv = s.num(c.recip());
        let c = s.num(c);
        let primitive = s.mul(&[c_inv, b]);
        let outside = s.pow(c, e);
        let inside = s.pow(primitive, e);
        let cleared = s.mul(&[outside, inside]);
        // The cleared form may cost one operation more (a coefficient that has no
        // other number to merge with): a textbook denominator is worth it.
        if self.cost(s, cleared) <= self.cost(s, p) + 1 {
            cleared
        } else {
            p
        }
    }

    /// True when `cand` has fewer fractions inside denominators than `keep`, by at
    /// least the operations it adds: the allowance of
    /// [`Simplifier::clear_fractions`], kept by the whole-expression comparisons of
    /// the driver.
    pub(super) fn clears_enough(&mut self, s: &Store, keep: ExprId, cand: ExprId) -> bool {
        let extra = self.cost(s, cand).saturating_sub(self.cost(s, keep));
        if cand == keep {
            return false;
        }
        let (before, after) = (fractions_in_denominators(s, keep), fractions_in_denominators(s, cand));
        after < before && before - after >= extra
    }
}

/// The number of distinct denominators of `id` (sums to a negative power) with a
/// coefficient that is not an integer: what the simplifier may spend an operation
/// each to clear.
pub fn fractions_in_denominators(s: &Store, id: ExprId) -> u64 {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut stack = vec![id];
    let mut n = 0;
    while let Some(i) = stack.pop() {
        if !seen.insert(i) {
            continue;
        }
        match s.node(i) {
            Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => stack.extend(xs.iter()),
            Node::Pow(b, e) => {
                if s.as_num(*e).is_some_and(|q| q.is_negative()) && fractional_content(s, *b).is_some() {
                    n += 1;
                }
                stack.extend([*b, *e]);
            }
            _ => {}
        }
    }
    n
}

/// The content of the sum `b` (positive: the gcd of its coefficients' numerators
/// over the lcm of their denominators) when it is not 1; None for anything else.
pub(super) fn content(s: &Store, b: ExprId) -> Option<Rational> {
    let (g, l) = gcd_and_lcm(s, b)?;
    let unit = g.is_one() && l.is_one();
    (!unit && !g.is_zero()).then(|| Rational::new(g, l))
}

/// Whether the sum `b` has an integer content other than 1 (every coefficient an
/// integer, their gcd above 1); stops at the first term that rules it out.
pub(super) fn has_integer_content(s: &Store, b: ExprId) -> bool {
    let Node::Add(terms) = s.node(b) else {
        return false;
    };
    let mut g = BigInt::zero();
    for &t in terms.iter() {
        let q = s.coefficient_of(t);
        if !q.is_integer() {
            return false;
        }
        g = int_gcd(&g, q.numer());
        if g.is_one() {
            return false;
        }
    }
    !g.is_zero()
}

/// The content of the sum `b` (positive) when some coefficient of it is not an
/// integer; None for anything else. Reads the terms without building anything.
fn fractional_content(s: &Store, b: ExprId) -> Option<Rational> {
    let (g, l) = gcd_and_lcm(s, b)?;
    (!l.is_one() && !g.is_zero()).then(|| Rational::new(g, l))
}

/// The gcd of the numerators and the lcm of the denominators of the coefficients
/// of the sum `b`; None when `b` is not a sum.
fn gcd_and_lcm(s: &Store, b: ExprId) -> Option<(BigInt, BigInt)> {
    let Node::Add(terms) = s.node(b) else {
        return None;
    };
    let (mut g, mut l) = (BigInt::zero(), BigInt::one());
    for &t in terms.iter() {
        let q = s.coefficient_of(t);
        g = int_gcd(&g, q.numer());
        l = int_lcm(&l, q.denom());
    }
    Some((g, l))
}
