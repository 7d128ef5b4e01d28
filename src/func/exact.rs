//! The exact arithmetic behind the rows' known values, written against
//! [`ExprBuilder`]: rational multiples of pi, the table of sines and cosines at
//! multiples of 30 and 45 degrees, the values of the inverse functions there, exact
//! logarithms and roots of rationals.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::ExprBuilder;
use crate::expr_id::ExprId;
use crate::number::{exact_root, gcd_u64, Constant, Rational};

/// When `u` is a number: whether it is zero.
pub(super) fn number_is_zero(s: &dyn ExprBuilder, u: ExprId) -> Option<bool> {
    s.as_num(u).map(Zero::is_zero)
}

/// 0 at 0, for a function that is 0 there.
pub(super) fn zero_at_zero(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    number_is_zero(s, u)?.then(|| s.zero())
}

/// 1 at 0, for a function that is 1 there.
pub(super) fn one_at_zero(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    number_is_zero(s, u)?.then(|| s.one())
}

/// a when the expression is e^a.
pub(super) fn power_of_e(s: &dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    let (b, a) = s.as_power(u)?;
    (s.as_constant(b) == Some(Constant::E)).then_some(a)
}

// ------------------------------------------------------------- multiples of pi

/// k when the expression is k*pi for a rational k.
pub(super) fn pi_multiple(s: &dyn ExprBuilder, u: ExprId) -> Option<Rational> {
    if s.as_constant(u) == Some(Constant::Pi) {
        return Some(Rational::one());
    }
    match s.as_product(u)? {
        &[k, pi] if s.as_constant(pi) == Some(Constant::Pi) => s.as_num(k).cloned(),
        _ => None,
    }
}

/// (n/d)*pi.
pub(super) fn pi_times(s: &mut dyn ExprBuilder, n: i64, d: i64) -> ExprId {
    let c = s.frac(n, d);
    let pi = s.constant(Constant::Pi);
    s.mul(&[c, pi])
}

/// (n/d)*pi, negated when `negative`.
pub(super) fn signed_pi_times(s: &mut dyn ExprBuilder, (n, d): (i64, i64), negative: bool) -> ExprId {
    let v = pi_times(s, n, d);
    if negative {
        s.neg(v)
    } else {
        v
    }
}

/// (sin, cos) of k*pi for k a multiple of 1/6 or 1/4, built in that order.
pub(super) fn sin_cos_at_pi_multiple(s: &mut dyn ExprBuilder, k: &Rational) -> Option<(ExprId, ExprId)> {
    // Reduce k to [0, 2).
    let two = Rational::from_integer(BigInt::from(2));
    let mut k = k % &two;
    if k.is_negative() {
        k += &two;
    }
    let twelfths = (&k * Rational::from_integer(BigInt::from(12))).to_integer();
    if Rational::from_integer(twelfths.clone()) != &k * Rational::from_integer(BigInt::from(12)) {
        return None;
    }
    let t = twelfths.to_i64()?; // 0..24, angle = t * 15 degrees
    let (sin, cos) = sin_cos_table(t)?;
    let sin = table_value(s, sin);
    let cos = table_value(s, cos);
    Some((sin, cos))
}

/// The exact value of a table entry: (sign, which) with which 0 = 0, 1 = 1/2,
/// 2 = sqrt(2)/2, 3 = sqrt(3)/2, 4 = 1.
fn table_value(s: &mut dyn ExprBuilder, (sign, which): (i64, u8)) -> ExprId {
    let v = match which {
        0 => s.zero(),
        1 => s.frac(1, 2),
        2 | 3 => {
            let r = s.int(which as i64);
            let root = s.sqrt(r);
            let h = s.frac(1, 2);
            s.mul(&[h, root])
        }
        _ => s.one(),
    };
    if sign < 0 {
        s.neg(v)
    } else {
        v
    }
}

/// sin and cos of t*15 degrees (t in 0..24) as (sign, which) pairs, for the
/// multiples of 30 and 45 degrees; None for other angles.
fn sin_cos_table(t: i64) -> Option<((i64, u8), (i64, u8))> {
    // sin at multiples of 15 degrees over a quarter turn: 0, -, 1/2, sqrt2/2, sqrt3/2, -, 1
    const QUARTER: [Option<u8>; 7] = [Some(0), None, Some(1), Some(2), Some(3), None, Some(4)];
    let sin_of = |t: i64| -> Option<(i64, u8)> {
        let t = t.rem_euclid(24);
        let (sign, r) = if t < 12 { (1, t) } else { (-1, t - 12) };
        let r = if r > 6 { 12 - r } else { r };
        QUARTER[r as usize].map(|w| (sign, w))
    };
    Some((sin_of(t)?, sin_of(t + 6)?))
}

// ------------------------------------------------------------- inverse functions

/// A real number whose square is rational, as (negative, square): a rational q, or
/// k*sqrt(r) and sqrt(r) for rationals k and r (sqrt(3)/2 is (false, 3/4)). The
/// inverse functions' tables are read by the square.
pub(super) fn signed_square(s: &dyn ExprBuilder, u: ExprId) -> Option<(bool, Rational)> {
    let root_of = |s: &dyn ExprBuilder, id: ExprId| -> Option<Rational> {
        let (b, e) = s.as_power(id)?;
        let half = Rational::new(BigInt::from(1), BigInt::from(2));
        (s.as_num(e)? == &half).then(|| s.as_num(b).cloned()).flatten()
    };
    if let Some(q) = s.as_num(u) {
        return Some((q.is_negative(), q * q));
    }
    if let Some(r) = root_of(s, u) {
        return Some((false, r));
    }
    match s.as_product(u)? {
        &[k, root] => {
            let k = s.as_num(k)?;
            let r = root_of(s, root)?;
            Some((k.is_negative(), k * k * r))
        }
        _ => None,
    }
}

/// A fraction n/d as (n, d).
type Frac = (i64, i64);

/// The value of one of the tables below at `square`, as (n, d) for (n/d)*pi.
fn lookup(table: &[(Frac, Frac)], square: &Rational) -> Option<(i64, i64)> {
    table.iter().find(|&&((n, d), _)| square == &Rational::new(BigInt::from(n), BigInt::from(d))).map(|entry| entry.1)
}

/// asin(a) = (n/d)*pi for a >= 0 with a^2 in 0, 1/4, 1/2, 3/4, 1 (the standard table).
pub(super) fn asin_table(square: &Rational) -> Option<(i64, i64)> {
    const TABLE: [(Frac, Frac); 5] =
        [((0, 1), (0, 1)), ((1, 4), (1, 6)), ((1, 2), (1, 4)), ((3, 4), (1, 3)), ((1, 1), (1, 2))];
    lookup(&TABLE, square)
}

/// atan(a) = (n/d)*pi for a >= 0 with a^2 in 0, 1/3, 1, 3.
pub(super) fn atan_table(square: &Rational) -> Option<(i64, i64)> {
    const TABLE: [(Frac, Frac); 4] = [((0, 1), (0, 1)), ((1, 3), (1, 6)), ((1, 1), (1, 4)), ((3, 1), (1, 3))];
    lookup(&TABLE, square)
}

/// asin of the number (negative, square) in the standard table.
pub(super) fn asin_number(s: &mut dyn ExprBuilder, (negative, square): (bool, Rational)) -> Option<ExprId> {
    let k = asin_table(&square)?;
    Some(signed_pi_times(s, k, negative))
}

/// acos = pi/2 - asin, for the number (negative, square) in the standard table.
pub(super) fn acos_number(s: &mut dyn ExprBuilder, (negative, square): (bool, Rational)) -> Option<ExprId> {
    let (n, d) = asin_table(&square)?;
    let (n, d) = (d - 2 * n, 2 * d);
    let (n, d) = if negative {
        // acos(-a) = pi - acos(a) = (d - n)/d * pi
        lowest_terms(d - n, d)
    } else {
        lowest_terms(n, d)
    };
    Some(pi_times(s, n, d))
}

/// n/d in lowest terms, for d > 0.
fn lowest_terms(n: i64, d: i64) -> (i64, i64) {
    let g = gcd_u64(n.unsigned_abs(), d.unsigned_abs()) as i64;
    (n / g, d / g)
}

// ------------------------------------------------------------- logarithms and roots

/// log_base(q) when q is an integer power of the base.
pub(super) fn exact_log(s: &mut dyn ExprBuilder, q: &Rational, base: u32) -> Option<ExprId> {
    let b = BigInt::from(base);
    let (mut n, d) = (q.numer().clone(), q.denom().clone());
    let (mut k, sign) = if d.is_one() {
        (0i64, 1)
    } else if n.is_one() {
        n = d;
        (0i64, -1)
    } else {
        return None;
    };
    if !n.is_positive() {
        return None;
    }
    while n > BigInt::one() {
        let (quot, rem) = n.div_rem(&b);
        if !rem.is_zero() {
            return None;
        }
        n = quot;
        k += 1;
    }
    Some(s.int(sign * k))
}

/// The cube root of a number that is the cube of a rational, within the
/// exact-number limit.
pub(super) fn exact_cube_root(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    let max_bits = s.max_exact_bits();
    let q = s.as_num(u)?;
    if q.is_zero() {
        return Some(s.zero());
    }
    let r = exact_root(&q.numer().abs(), 3, max_bits)?;
    let d = exact_root(q.denom(), 3, max_bits)?;
    let v = Rational::new(r, d);
    let v = if q.is_negative() { -v } else { v };
    Some(s.num(v))
}
