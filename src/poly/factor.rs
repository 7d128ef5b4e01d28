//! Univariate factoring over the rationals: the square-free decomposition (Yun's
//! algorithm) and the linear factors of rational roots, within the budgets of
//! `limits.rs`. Polynomials here are dense coefficient vectors, lowest degree first.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::limits::{FACTOR_MAX_DEGREE, FACTOR_MAX_ROOT_CANDIDATES, FACTOR_MAX_TRIAL_DIVISOR};
use crate::number::Rational;

/// A dense univariate polynomial over the rationals, lowest degree first, with
/// no trailing zero (the zero polynomial is empty).
type Dense = Vec<Rational>;

/// `f = unit * Π factor^multiplicity`, each factor a primitive integer polynomial
/// (lowest degree first) of degree at least 1 with a positive leading coefficient.
#[derive(Clone, Debug, PartialEq)]
pub struct Factorization {
    pub unit: Rational,
    pub factors: Vec<(Vec<BigInt>, u32)>,
}

/// The factorization of `f` (lowest degree first) into square-free parts and the
/// linear factors of its rational roots; None when `f` is constant or its degree
/// is above [`FACTOR_MAX_DEGREE`].
pub fn factor_univariate(f: &[Rational]) -> Option<Factorization> {
    let f = trimmed(f.to_vec());
    let degree = f.len().checked_sub(1)?;
    if degree == 0 || degree > FACTOR_MAX_DEGREE {
        return None;
    }
    let (unit, prim) = primitive(&f);
    let mut factors = Vec::new();
    for (part, mult) in square_free(&prim) {
        let mut rest = integer_primitive(&part);
        for lin in rational_roots(&mut rest) {
            factors.push((lin, mult));
        }
        if rest.len() > 1 {
            factors.push((rest, mult));
        }
    }
    Some(Factorization { unit, factors })
}

fn trimmed(mut p: Dense) -> Dense {
    while p.last().is_some_and(Zero::is_zero) {
        p.pop();
    }
    p
}

/// `f` as its rational content (with the sign of the leading coefficient) times a
/// primitive integer polynomial with a positive leading coefficient.
fn primitive(f: &Dense) -> (Rational, Dense) {
    let ints = integer_primitive(f);
    let lead = &f[f.len() - 1];
    let unit = lead / Rational::from_integer(ints[ints.len() - 1].clone());
    (unit, ints.into_iter().map(Rational::from_integer).collect())
}

/// The primitive integer polynomial with a positive leading coefficient that is a
/// rational multiple of `f` (nonzero).
fn integer_primitive(f: &Dense) -> Vec<BigInt> {
    let lcm = f.iter().fold(BigInt::one(), |l, c| l.lcm(c.denom()));
    let ints: Vec<BigInt> = f.iter().map(|c| (c * Rational::from_integer(lcm.clone())).to_integer()).collect();
    let g = ints.iter().fold(BigInt::zero(), |g, c| g.gcd(c));
    let sign = if ints[ints.len() - 1].is_negative() { -BigInt::one() } else { BigInt::one() };
    let g = g * sign;
    ints.into_iter().map(|c| c / &g).collect()
}

fn derivative(p: &Dense) -> Dense {
    p.iter().enumerate().skip(1).map(|(i, c)| c * Rational::from_integer(BigInt::from(i))).collect()
}

/// Quotient and remainder of `a / b` (b nonzero).
fn div_rem(a: &Dense, b: &Dense) -> (Dense, Dense) {
    let mut r = a.clone();
    let db = b.len() - 1;
    if r.len() < b.len() {
        return (Vec::new(), r);
    }
    let mut q = vec![Rational::zero(); r.len() - db];
    let lead = &b[db];
    while r.len() >= b.len() {
        let shift = r.len() - b.len();
        let c = &r[r.len() - 1] / lead;
        for (i, bc) in b.iter().enumerate() {
            r[shift + i] -= &c * bc;
        }
        q[shift] = c;
        r.pop();
        r = trimmed(r);
    }
    (q, r)
}

/// The monic greatest common divisor, remainders kept primitive so that
/// coefficients stay small.
fn gcd(a: &Dense, b: &Dense) -> Dense {
    let (mut a, mut b) = (a.clone(), b.clone());
    while !b.is_empty() {
        let (_, r) = div_rem(&a, &b);
        a = b;
        b = if r.is_empty() { r } else { integer_primitive(&r).into_iter().map(Rational::from_integer).collect() };
    }
    let lead = a[a.len() - 1].clone();
    a.into_iter().map(|c| c / &lead).collect()
}

fn exact_quotient(a: &Dense, b: &Dense) -> Dense {
    div_rem(a, b).0
}

fn sub(a: &Dense, b: &Dense) -> Dense {
    let n = a.len().max(b.len());
    let zero = Rational::zero();
    trimmed((0..n).map(|i| a.get(i).unwrap_or(&zero) - b.get(i).unwrap_or(&zero)).collect())
}

/// Yun's square-free decomposition of a nonconstant `f`: parts `a_i` of degree ≥ 1,
/// pairwise coprime and square-free, with `f = lead * Π a_i^i`.
fn square_free(f: &Dense) -> Vec<(Dense, u32)> {
    let df = derivative(f);
    let g = gcd(f, &df);
    let mut c = exact_quotient(f, &g);
    let mut d = sub(&exact_quotient(&df, &g), &derivative(&c));
    let mut out = Vec::new();
    let mut i = 1;
    while c.len() > 1 {
        let a = gcd(&c, &d);
        c = exact_quotient(&c, &a);
        d = sub(&exact_quotient(&d, &a), &derivative(&c));
        if a.len() > 1 {
            out.push((a, i));
        }
        i += 1;
    }
    out
}

/// The linear factors `q*x - p` of the rational roots p/q of the square-free
/// primitive polynomial `f`, divided out of `f`.
fn rational_roots(f: &mut Vec<BigInt>) -> Vec<Vec<BigInt>> {
    let mut out = Vec::new();
    while f.len() > 1 && f[0].is_zero() {
        f.remove(0);
        out.push(vec![BigInt::zero(), BigInt::one()]);
    }
    if f.len() < 2 {
        return out;
    }
    let (Some(ps), Some(qs)) = (divisors(&f[0]), divisors(&f[f.len() - 1])) else {
        return out;
    };
    if ps.len().saturating_mul(qs.len()) > FACTOR_MAX_ROOT_CANDIDATES {
        return out;
    }
    for q in &qs {
        for p in &ps {
            if !p.gcd(q).is_one() {
                continue;
            }
            for p in [p.clone(), -p] {
                if f.len() > 1 && is_root(f, &p, q) {
                    let lin = vec![-&p, q.clone()];
                    *f = divide_linear(f, &p, q);
                    out.push(lin);
                }
            }
        }
    }
    out
}

/// `q^n * f(p/q) == 0` for `f` of degree n.
fn is_root(f: &[BigInt], p: &BigInt, q: &BigInt) -> bool {
    // Horner from the top on the homogenized form: acc = sum f_i p^i q^(n-i).
    let mut acc = BigInt::zero();
    let mut qpow = BigInt::one();
    for c in f.iter().rev() {
        acc = acc * p + c * &qpow;
        qpow *= q;
    }
    acc.is_zero()
}

/// `f / (q*x - p)` for a root p/q of `f`, with integer coefficients (Gauss's
/// lemma: `q*x - p` is primitive, so the quotient of a primitive `f` is too).
fn divide_linear(f: &[BigInt], p: &BigInt, q: &BigInt) -> Vec<BigInt> {
    let dense: Dense = f.iter().cloned().map(Rational::from_integer).collect();
    let lin = vec![Rational::from_integer(-p), Rational::from_integer(q.clone())];
    let quot = exact_quotient(&dense, &lin);
    quot.into_iter().map(|c| c.to_integer()).collect()
}

/// The positive divisors of `n` (nonzero) when `n` factors by trial division up to
/// [`FACTOR_MAX_TRIAL_DIVISOR`] with a cofactor that is then known prime.
fn divisors(n: &BigInt) -> Option<Vec<BigInt>> {
    let mut m = n.abs().to_u128()?;
    let mut primes: Vec<(u128, u32)> = Vec::new();
    let mut d: u128 = 2;
    while d * d <= m {
        if d > FACTOR_MAX_TRIAL_DIVISOR {
            return None;
        }
        let mut e = 0;
        while m % d == 0 {
            m /= d;
            e += 1;
        }
        if e > 0 {
            primes.push((d, e));
        }
        d += if d == 2 { 1 } else { 2 };
    }
    if m > 1 {
        primes.push((m, 1));
    }
    let mut out: Vec<u128> = vec![1];
    for (p, e) in primes {
        let len = out.len();
        let mut pk = 1u128;
        for _ in 0..e {
            pk = pk.checked_mul(p)?;
            for i in 0..len {
                out.push(out[i].checked_mul(pk)?);
            }
            if out.len() > FACTOR_MAX_ROOT_CANDIDATES {
                return None;
            }
        }
    }
    out.sort_unstable();
    Some(out.into_iter().map(BigInt::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dense(cs: &[i64]) -> Dense {
        cs.iter().map(|&c| Rational::from_integer(BigInt::from(c))).collect()
    }

    fn ints(cs: &[i64]) -> Vec<BigInt> {
        cs.iter().map(|&c| BigInt::from(c)).collect()
    }

    #[test]
    fn repeated_and_rational_roots() {
        // x^2 + 2x + 1 = (x + 1)^2
        let f = factor_univariate(&dense(&[1, 2, 1])).unwrap();
        assert_eq!(f.factors, vec![(ints(&[1, 1]), 2)]);
        // 2x^2 - 3x + 1 = (2x - 1)(x - 1)
        let f = factor_univariate(&dense(&[1, -3, 2])).unwrap();
        let mut fs = f.factors.clone();
        fs.sort();
        assert_eq!(fs, vec![(ints(&[-1, 1]), 1), (ints(&[-1, 2]), 1)]);
        assert_eq!(f.unit, Rational::one());
        // x^2 + 1 stays
        let f = factor_univariate(&dense(&[1, 0, 1])).unwrap();
        assert_eq!(f.factors, vec![(ints(&[1, 0, 1]), 1)]);
        // -x^3 + 8 = -(x - 2)(x^2 + 2x + 4)
        let f = factor_univariate(&dense(&[8, 0, 0, -1])).unwrap();
        assert_eq!(f.unit, -Rational::one());
        assert_eq!(f.factors, vec![(ints(&[-2, 1]), 1), (ints(&[4, 2, 1]), 1)]);
    }

    #[test]
    fn divisors_of_small_numbers() {
        assert_eq!(divisors(&BigInt::from(12)).unwrap(), ints(&[1, 2, 3, 4, 6, 12]));
        assert_eq!(divisors(&BigInt::from(-7)).unwrap(), ints(&[1, 7]));
    }
}
