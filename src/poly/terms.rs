//! The simplifier's polynomials ([`Poly`]): terms sorted by monomial over exact
//! coefficients, with products, powers and exact division within a step budget.

use crate::number::gcd_u64;
use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::{One, Zero};

use super::*;
use crate::limits::{
    FORM_MAX_COEF_BITS, FORM_MAX_EXPONENT, FORM_MAX_TERMS, SIMPLIFY_MAX_COEF_BITS, SIMPLIFY_MAX_DEGREE,
    SIMPLIFY_MAX_POLY_TERMS,
};
use crate::store::Rational;

/// A polynomial's terms, sorted by monomial, each monomial once and with a
/// nonzero coefficient.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Terms(pub(crate) Vec<(Mono, Coef)>);

pub(crate) type TermIter<'a> =
    std::iter::Map<std::slice::Iter<'a, (Mono, Coef)>, fn(&'a (Mono, Coef)) -> (&'a Mono, &'a Coef)>;

impl Terms {
    pub(crate) fn single(m: Mono, c: Coef) -> Terms {
        Terms(vec![(m, c)])
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn iter(&self) -> TermIter<'_> {
        self.0.iter().map(|(m, c)| (m, c))
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = &Mono> {
        self.0.iter().map(|t| &t.0)
    }

    pub(crate) fn values(&self) -> impl Iterator<Item = &Coef> {
        self.0.iter().map(|t| &t.1)
    }

    /// Adds `c` to the coefficient of `m`, dropping the term when it becomes 0.
    pub(crate) fn add(&mut self, m: Mono, c: Coef) {
        // Terms mostly arrive in increasing order: try the end first.
        let at = match self.0.last() {
            None => Err(0),
            Some(last) => match last.0.cmp(&m) {
                Ordering::Less => Err(self.0.len()),
                _ => self.0.binary_search_by(|t| t.0.cmp(&m)),
            },
        };
        match at {
            Ok(i) => {
                let sum = self.0[i].1.add(&c);
                if sum.is_zero() {
                    self.0.remove(i);
                } else {
                    self.0[i].1 = sum;
                }
            }
            Err(i) => {
                if !c.is_zero() {
                    self.0.insert(i, (m, c));
                }
            }
        }
    }
}

impl<'a> IntoIterator for &'a Terms {
    type Item = (&'a Mono, &'a Coef);
    type IntoIter = TermIter<'a>;
    fn into_iter(self) -> TermIter<'a> {
        self.iter()
    }
}

impl IntoIterator for Terms {
    type Item = (Mono, Coef);
    type IntoIter = std::vec::IntoIter<(Mono, Coef)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The bounds of a polynomial product: coefficient bits, total degree, terms.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Caps {
    pub(crate) coef_bits: u64,
    pub(crate) degree: u32,
    pub(crate) terms: usize,
}

impl Caps {
    /// The simplifier's bounds.
    pub(crate) const SIMPLIFY: Caps =
        Caps { coef_bits: SIMPLIFY_MAX_COEF_BITS, degree: SIMPLIFY_MAX_DEGREE, terms: SIMPLIFY_MAX_POLY_TERMS };
    /// The bounds of `--form expanded|factored`: the degree only guards the
    /// exponents (powers of sums are bounded by `FORM_MAX_DEGREE` beforehand).
    pub(crate) const FORM: Caps =
        Caps { coef_bits: FORM_MAX_COEF_BITS, degree: 16 * FORM_MAX_EXPONENT, terms: FORM_MAX_TERMS };
}

/// A polynomial over exact rationals in "kernels": any subexpression that is not a
/// sum, product or positive integer power (`x`, `sin(x)`, `exp(x)`, `sqrt(x)`).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Poly(pub(crate) Terms);

impl Poly {
    pub(crate) fn constant(q: Coef) -> Poly {
        if q.is_zero() {
            return Poly(Terms::default());
        }
        Poly(Terms::single(Mono::new(), q))
    }

    pub(crate) fn kernel(k: u32, e: u32) -> Poly {
        Poly(Terms::single(Mono::one(k, e), Coef::ONE))
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn add_term(&mut self, m: Mono, c: Coef) {
        self.0.add(m, c);
    }

    pub(crate) fn mul(&self, other: &Poly, steps: &mut usize) -> Option<Poly> {
        self.mul_within(other, steps, Caps::SIMPLIFY)
    }

    /// The product within `caps`: None past one of them or the steps.
    #[inline]
    pub(crate) fn mul_within(&self, other: &Poly, steps: &mut usize, caps: Caps) -> Option<Poly> {
        let work = self.0.len().saturating_mul(other.0.len());
        if work > *steps {
            *steps = 0;
            return None;
        }
        *steps -= work;
        // Room for every product term up to the cap (most do not merge).
        let mut out = Poly(Terms(Vec::with_capacity(work.min(caps.terms.saturating_add(1)))));
        for (ma, ca) in &self.0 {
            for (mb, cb) in &other.0 {
                let c = ca.mul(cb);
                if exceeds_bits(&c, caps.coef_bits) {
                    return None;
                }
                let m = mono_mul(ma, mb);
                if m.iter().map(|x| x.1).sum::<u32>() > caps.degree {
                    return None;
                }
                out.add_term(m, c);
            }
            if out.0.len() > caps.terms {
                return None;
            }
        }
        Some(out)
    }

    /// `1 * self` as [`Poly::mul`] makes it (the same steps and limits),
    /// without copying the terms.
    pub(crate) fn times_one(self, steps: &mut usize) -> Option<Poly> {
        let work = self.0.len();
        if work > *steps {
            *steps = 0;
            return None;
        }
        *steps -= work;
        let admissible = self.0.iter().all(|(m, c)| {
            !exceeds_bits(c, SIMPLIFY_MAX_COEF_BITS) && m.iter().map(|x| x.1).sum::<u32>() <= SIMPLIFY_MAX_DEGREE
        });
        (admissible && self.0.len() <= SIMPLIFY_MAX_POLY_TERMS).then_some(self)
    }

    pub(crate) fn pow(&self, n: u32, steps: &mut usize) -> Option<Poly> {
        let mut acc = Poly::constant(Coef::ONE);
        for _ in 0..n {
            acc = acc.mul(self, steps)?;
        }
        Some(acc)
    }

    /// The exponent of kernel `k` common to every term.
    pub(crate) fn content_exp(&self, k: u32) -> u32 {
        self.0.keys().map(|m| mono_exp(m, k)).min().unwrap_or(0)
    }

    /// Divides every term by kernel `k` to the power `e` (which must divide it).
    pub(crate) fn div_kernel(&self, k: u32, e: u32) -> Poly {
        let mut out = Poly::default();
        for (m, c) in &self.0 {
            let mut m = m.clone();
            if let Some(p) = m.iter().position(|x| x.0 == k) {
                m[p].1 -= e;
                if m[p].1 == 0 {
                    m.remove(p);
                }
            }
            out.add_term(m, c.clone());
        }
        out
    }

    pub(crate) fn leading(&self) -> Option<(&Mono, &Coef)> {
        self.0.iter().max_by(|a, b| lex_cmp(a.0, b.0))
    }

    /// `self / d` when `d` divides `self` exactly.
    pub(crate) fn exact_div(&self, d: &Poly, steps: &mut usize) -> Option<Poly> {
        let (dm, dc) = d.leading()?;
        let (dm, dc) = (dm.clone(), dc.clone());
        let mut rem = self.clone();
        let mut quot = Poly::default();
        while !rem.is_zero() {
            let (rm, rc) = rem.leading()?;
            let m = mono_div(rm, &dm)?;
            let c = rc.div(&dc);
            let t = Poly(Terms::single(m.clone(), c.clone()));
            let sub = t.mul(d, steps)?;
            for (sm, sc) in sub.0 {
                rem.add_term(sm, sc.neg());
            }
            quot.add_term(m, c);
            if quot.0.len() > SIMPLIFY_MAX_POLY_TERMS {
                return None;
            }
        }
        Some(quot)
    }

    /// The kernels the polynomial uses.
    pub(crate) fn kernels(&self) -> Vec<u32> {
        let mut ks: Vec<u32> = Vec::with_capacity(self.0.len() * 2);
        ks.extend(self.0.keys().flat_map(|m| m.iter().map(|x| x.0)));
        ks.sort_unstable();
        ks.dedup();
        ks
    }
}

/// The positive rational content of a nonzero polynomial: the gcd of its
/// numerators over the lcm of its denominators.
pub(crate) fn content_of(p: &Poly) -> Coef {
    let (mut g, mut l) = (0u64, 1u64);
    let mut small = true;
    for c in p.0.values() {
        let Coef::Small(n, d) = *c else {
            small = false;
            break;
        };
        g = gcd_u64(g, n.unsigned_abs());
        match (l / gcd_u64(l, d).max(1)).checked_mul(d) {
            Some(x) => l = x,
            None => {
                small = false;
                break;
            }
        }
    }
    if small {
        return Coef::ratio(i128::from(g), i128::from(l));
    }
    let mut g = BigInt::zero();
    let mut l = BigInt::one();
    for c in p.0.values() {
        let c = c.to_rational();
        g = crate::store::int_gcd(&g, c.numer());
        l = crate::store::int_lcm(&l, c.denom());
    }
    Coef::from_rational(Rational::new(g, l))
}

/// More than `bits` bits (at least 64) in a coefficient's numerator or denominator.
fn exceeds_bits(c: &Coef, bits: u64) -> bool {
    let (n, d) = c.part_bits();
    n > bits || d > bits
}
