//! Exact numbers: rational arithmetic in machine integers where it fits (the
//! coefficient type [`Coef`]), greatest common divisors, exact integer roots, the
//! rational helpers the rest of the crate uses instead of `Ratio`'s own (gcd-heavy)
//! operators, and the named constants pi and e ([`Constant`]). Depends on nothing else
//! of the crate.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// An exact rational number.
pub type Rational = BigRational;

// ----------------------------------------------------------------- gcd

/// The greatest common divisor of `a` and `b`, with gcd(a, 0) = gcd(0, a) = a and so
/// gcd(0, 0) = 0 (as `num_integer` defines it). A caller that divides by it makes sure
/// one operand is nonzero.
pub fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// [`gcd_u64`] for 128-bit operands, with the same values at zero.
pub fn gcd_u128(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// gcd(a, b) >= 0, in machine integers when the operands are small; gcd(0, 0) = 0.
pub fn int_gcd(a: &BigInt, b: &BigInt) -> BigInt {
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        return BigInt::from(gcd_u64(x.unsigned_abs(), y.unsigned_abs()));
    }
    a.gcd(b)
}

/// lcm(a, b) >= 0, in machine integers when the operands are small; 0 when either is.
pub fn int_lcm(a: &BigInt, b: &BigInt) -> BigInt {
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x == 0 || y == 0 {
            return BigInt::zero();
        }
        let g = u128::from(gcd_u64(x.unsigned_abs(), y.unsigned_abs()));
        let l = u128::from(x.unsigned_abs()) / g * u128::from(y.unsigned_abs());
        return BigInt::from(l);
    }
    a.lcm(b)
}

/// n = k^q * m with k > 1 the largest q-th power whose prime factors are at most
/// `max_factor` (trial division), for a positive n that fits 64 bits; None when
/// there is no such k. `8` and q = 2 give (2, 2): sqrt(8) = 2*sqrt(2).
pub fn split_perfect_power(n: &BigInt, q: u32, max_factor: u64) -> Option<(u64, u64)> {
    let mut m = n.to_u64().filter(|&m| m > 1)?;
    let (mut k, mut p) = (1u64, 2u64);
    while p <= max_factor && p.checked_pow(q).is_some_and(|pq| pq <= m) {
        let pq = p.pow(q);
        while m % pq == 0 {
            m /= pq;
            k = k.checked_mul(p)?;
        }
        p += if p == 2 { 1 } else { 2 };
    }
    (k > 1).then_some((k, m))
}

/// The exact q-th root of a non-negative integer of at most `max_bits` bits (the
/// exact-number limit), if it is a perfect power.
pub fn exact_root(n: &BigInt, q: u32, max_bits: u64) -> Option<BigInt> {
    if n.is_negative() {
        return None;
    }
    if q == 0 || n.bits() > max_bits {
        return None;
    }
    let r = n.nth_root(q);
    if num_traits::pow::Pow::pow(&r, q) == *n {
        Some(r)
    } else {
        None
    }
}

// ----------------------------------------------------------------- machine fractions

/// Numerator and denominator of `q` when both fit in 64 bits.
pub fn small_parts(q: &Rational) -> Option<(i64, u64)> {
    Some((q.numer().to_i64()?, q.denom().to_u64()?))
}

/// The fraction n/d for d > 0, reduced, as numerator and denominator if they fit in
/// 64 bits; None when they do not (or d is 0).
pub fn small_fraction(n: i128, d: u128) -> Option<(i64, u64)> {
    if d == 1 {
        return Some((i64::try_from(n).ok()?, 1));
    }
    if d == 0 {
        return None;
    }
    let (m, d) = match (u64::try_from(n.unsigned_abs()), u64::try_from(d)) {
        // Both in 64 bits: divide in 64 bits, which is much cheaper.
        (Ok(a), Ok(b)) => {
            let g = gcd_u64(a, b);
            (a / g, b / g)
        }
        _ => {
            let g = gcd_u128(n.unsigned_abs(), d);
            (u64::try_from(n.unsigned_abs() / g).ok()?, u64::try_from(d / g).ok()?)
        }
    };
    let m = i64::try_from(m).ok()?;
    Some((if n < 0 { -m } else { m }, d))
}

/// The reduced fraction n/d (d > 0) as a `Rational`, if it fits in 64 bits.
fn small_rational(n: i128, d: u128) -> Option<Rational> {
    let (n, d) = small_fraction(n, d)?;
    Some(Rational::new_raw(BigInt::from(n), BigInt::from(d)))
}

// ----------------------------------------------------------------- rationals

/// a + b, in machine integers when the operands are small.
pub fn rat_add(a: &Rational, b: &Rational) -> Rational {
    if a.is_integer() && b.is_integer() {
        return Rational::from_integer(a.numer() + b.numer());
    }
    if let (Some((an, ad)), Some((bn, bd))) = (small_parts(a), small_parts(b)) {
        let n = (i128::from(an) * i128::from(bd)).checked_add(i128::from(bn) * i128::from(ad));
        if let Some(q) = n.and_then(|n| small_rational(n, u128::from(ad) * u128::from(bd))) {
            return q;
        }
    }
    a + b
}

/// a * b, in machine integers when the operands are small.
pub fn rat_mul(a: &Rational, b: &Rational) -> Rational {
    if a.is_integer() && b.is_integer() {
        return Rational::from_integer(a.numer() * b.numer());
    }
    if let (Some((an, ad)), Some((bn, bd))) = (small_parts(a), small_parts(b)) {
        if let Some(q) = small_rational(i128::from(an) * i128::from(bn), u128::from(ad) * u128::from(bd)) {
            return q;
        }
    }
    a * b
}

/// a / b for b nonzero, in machine integers when the operands are small.
pub fn rat_div(a: &Rational, b: &Rational) -> Rational {
    if let (Some((an, ad)), Some((bn, bd))) = (small_parts(a), small_parts(b)) {
        if bn != 0 {
            let n = i128::from(an) * i128::from(bd) * i128::from(bn.signum());
            let d = u128::from(ad) * u128::from(bn.unsigned_abs());
            if let Some(q) = small_rational(n, d) {
                return q;
            }
        }
    }
    a / b
}

/// a += b, without the gcd that `Ratio` runs even for integers.
pub fn add_assign(a: &mut Rational, b: &Rational) {
    *a = rat_add(a, b);
}

/// a *= b, without the gcd that `Ratio` runs even for integers.
pub fn mul_assign(a: &mut Rational, b: &Rational) {
    if b.is_one() {
        return;
    }
    *a = rat_mul(a, b);
}

// ----------------------------------------------------------------- coefficients

/// A rational coefficient, in machine integers while it fits: summing and
/// multiplying coefficients allocates nothing then. One value has one
/// representation (`Small` whenever it fits), so equal coefficients compare equal;
/// a `Big` one is boxed to keep the type at three words.
#[derive(Clone, Debug, PartialEq)]
pub enum Coef {
    /// n/d, reduced, d > 0.
    Small(i64, u64),
    /// Any other number (never one that fits `Small`).
    Big(Box<Rational>),
}

impl Coef {
    pub const ZERO: Coef = Coef::Small(0, 1);
    pub const ONE: Coef = Coef::Small(1, 1);

    pub fn of(q: &Rational) -> Coef {
        match small_parts(q) {
            Some((n, d)) => Coef::Small(n, d),
            None => Coef::Big(Box::new(q.clone())),
        }
    }

    pub fn from_rational(q: Rational) -> Coef {
        match small_parts(&q) {
            Some((n, d)) => Coef::Small(n, d),
            None => Coef::Big(Box::new(q)),
        }
    }

    /// n/d for d != 0 (of either sign), reduced.
    pub fn ratio(n: i128, d: i128) -> Coef {
        let signed = if d < 0 { n.checked_neg() } else { Some(n) };
        if let Some((n, d)) = signed.and_then(|n| small_fraction(n, d.unsigned_abs())) {
            return Coef::Small(n, d);
        }
        Coef::from_rational(Rational::new(BigInt::from(n), BigInt::from(d)))
    }

    pub fn into_rational(self) -> Rational {
        match self {
            Coef::Small(n, d) => Rational::new_raw(BigInt::from(n), BigInt::from(d)),
            Coef::Big(q) => *q,
        }
    }

    pub fn to_rational(&self) -> Rational {
        match self {
            Coef::Small(n, d) => Rational::new_raw(BigInt::from(*n), BigInt::from(*d)),
            Coef::Big(q) => Rational::clone(q),
        }
    }

    pub fn is_zero(&self) -> bool {
        match self {
            Coef::Small(n, _) => *n == 0,
            Coef::Big(q) => q.is_zero(),
        }
    }

    pub fn is_one(&self) -> bool {
        match self {
            Coef::Small(n, d) => *n == 1 && *d == 1,
            Coef::Big(q) => q.is_one(),
        }
    }

    pub fn is_negative(&self) -> bool {
        match self {
            Coef::Small(n, _) => *n < 0,
            Coef::Big(q) => q.is_negative(),
        }
    }

    /// Whether the numerator is 1 or -1.
    pub fn numer_is_unit(&self) -> bool {
        match self {
            Coef::Small(n, _) => n.unsigned_abs() == 1,
            Coef::Big(q) => q.numer().magnitude().is_one(),
        }
    }

    pub fn denom_is_one(&self) -> bool {
        match self {
            Coef::Small(_, d) => *d == 1,
            Coef::Big(q) => q.denom().is_one(),
        }
    }

    /// The bits of the numerator's magnitude and of the denominator.
    pub fn part_bits(&self) -> (u64, u64) {
        match self {
            Coef::Small(n, d) => {
                (u64::from(u64::BITS - n.unsigned_abs().leading_zeros()), u64::from(u64::BITS - d.leading_zeros()))
            }
            Coef::Big(q) => (q.numer().bits(), q.denom().bits()),
        }
    }

    /// The bits of numerator and denominator together, as the exact-number limit
    /// counts them.
    pub fn bits(&self) -> u64 {
        let (n, d) = self.part_bits();
        n + d
    }

    pub fn add(&self, other: &Coef) -> Coef {
        if let (Coef::Small(an, ad), Coef::Small(bn, bd)) = (self, other) {
            let n = (i128::from(*an) * i128::from(*bd)).checked_add(i128::from(*bn) * i128::from(*ad));
            if let Some((n, d)) = n.and_then(|n| small_fraction(n, u128::from(*ad) * u128::from(*bd))) {
                return Coef::Small(n, d);
            }
        }
        Coef::from_rational(rat_add(&self.to_rational(), &other.to_rational()))
    }

    pub fn mul(&self, other: &Coef) -> Coef {
        match (self, other) {
            (_, Coef::Small(1, 1)) => return self.clone(),
            (Coef::Small(an, ad), Coef::Small(bn, bd)) => {
                let n = i128::from(*an) * i128::from(*bn);
                if let Some((n, d)) = small_fraction(n, u128::from(*ad) * u128::from(*bd)) {
                    return Coef::Small(n, d);
                }
            }
            _ => {}
        }
        Coef::from_rational(rat_mul(&self.to_rational(), &other.to_rational()))
    }

    /// self / other, for other != 0.
    pub fn div(&self, other: &Coef) -> Coef {
        if let (Coef::Small(an, ad), Coef::Small(bn, bd)) = (self, other) {
            if *bn != 0 {
                let n = i128::from(*an) * i128::from(*bd) * i128::from(bn.signum());
                if let Some((n, d)) = small_fraction(n, u128::from(*ad) * u128::from(bn.unsigned_abs())) {
                    return Coef::Small(n, d);
                }
            }
        }
        Coef::from_rational(rat_div(&self.to_rational(), &other.to_rational()))
    }

    pub fn neg(&self) -> Coef {
        match self {
            Coef::Small(n, d) if *n != i64::MIN => Coef::Small(-n, *d),
            _ => Coef::from_rational(-self.to_rational()),
        }
    }
}

// ----------------------------------------------------------------- constants

/// A named mathematical constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Constant {
    Pi,
    E,
}

impl Constant {
    pub fn name(self) -> &'static str {
        match self {
            Constant::Pi => "pi",
            Constant::E => "e",
        }
    }

    pub fn value(self) -> f64 {
        match self {
            Constant::Pi => std::f64::consts::PI,
            Constant::E => std::f64::consts::E,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcd_at_zero() {
        assert_eq!(gcd_u64(0, 0), 0);
        assert_eq!(gcd_u64(7, 0), 7);
        assert_eq!(gcd_u64(0, 7), 7);
        assert_eq!(gcd_u128(0, 0), 0);
        assert_eq!(gcd_u128(0, 9), 9);
        assert_eq!(gcd_u64(12, 18), 6);
        assert_eq!(int_gcd(&BigInt::zero(), &BigInt::zero()), BigInt::zero());
        assert_eq!(int_gcd(&BigInt::from(-4), &BigInt::from(6)), BigInt::from(2));
        assert_eq!(int_lcm(&BigInt::from(-4), &BigInt::from(6)), BigInt::from(12));
        assert_eq!(int_lcm(&BigInt::zero(), &BigInt::from(6)), BigInt::zero());
    }

    /// The machine-integer coefficients must agree with exact rational arithmetic,
    /// also where they overflow into big numbers.
    #[test]
    fn coefficients_match_rationals() {
        let edges = [
            (0, 1),
            (1, 1),
            (-1, 1),
            (3, 7),
            (-5, 12),
            (i64::MAX, 1),
            (i64::MIN, 1),
            (i64::MIN + 1, u64::MAX),
            (1, u64::MAX),
            (-1, u64::MAX - 1),
            (i64::MAX, 3),
        ];
        let q = |n: i64, d: u64| Rational::new(BigInt::from(n), BigInt::from(d));
        for &(an, ad) in &edges {
            for &(bn, bd) in &edges {
                let (a, b) = (Coef::of(&q(an, ad)), Coef::of(&q(bn, bd)));
                let sum = a.add(&b);
                let product = a.mul(&b);
                assert_eq!(sum.clone().into_rational(), q(an, ad) + q(bn, bd));
                assert_eq!(product.clone().into_rational(), q(an, ad) * q(bn, bd));
                assert_eq!(a.neg().into_rational(), -q(an, ad));
                let mut results = vec![sum, product];
                if bn != 0 {
                    let quotient = a.div(&b);
                    assert_eq!(quotient.to_rational(), q(an, ad) / q(bn, bd));
                    results.push(quotient);
                }
                for c in results {
                    let r = c.clone().into_rational();
                    assert_eq!(c.bits(), r.numer().bits() + r.denom().bits());
                    assert_eq!(matches!(c, Coef::Small(..)), small_parts(&r).is_some());
                    assert_eq!(c, Coef::of(&r), "one value, one representation");
                }
            }
        }
    }

    /// Small enough for a polynomial term of a monomial and a coefficient to stay
    /// at six words.
    #[test]
    fn a_coefficient_is_three_words() {
        assert_eq!(std::mem::size_of::<Coef>(), 3 * std::mem::size_of::<u64>());
    }

    #[test]
    fn ratio_reduces_and_moves_the_sign() {
        assert_eq!(Coef::ratio(2, -4), Coef::Small(-1, 2));
        assert_eq!(Coef::ratio(0, -5), Coef::ZERO);
        let big = Coef::ratio(i128::MAX, 3);
        assert_eq!(big.to_rational(), Rational::new(BigInt::from(i128::MAX), BigInt::from(3)));
        let min = Coef::ratio(i128::MIN, -1);
        assert_eq!(min.to_rational(), Rational::from_integer(-BigInt::from(i128::MIN)));
    }
}
