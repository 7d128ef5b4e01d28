//! Polynomials in kernels with signed exponents, for repeated differentiation: a derivative held as a sum of
//! terms `c * k1^e1 * k2^e2 ...` over kernels (variables, calls, roots, sums in a
//! denominator), so that like terms are collected as each order is taken.
//!
//! The derivative of such a polynomial is a polynomial again as long as every kernel's
//! derivative is one (`sin(x)' = cos(x)`, `exp(u)' = exp(u)*u'`, `ln(x)' = x^-1`,
//! `x^x' = x^x*(ln(x) + 1)`); new kernels are taken in as they appear. Exponents are
//! integers of either sign; `k^a * k^b = k^(a+b)` is the only rule applied, the same
//! merging of powers the store makes.

use std::rc::Rc;

use num_traits::{Signed, ToPrimitive, Zero};
use rustc_hash::FxHashMap as HashMap;

use super::{mono_mul, Kernels, Mono};
use crate::limits::{CHAIN_MAX_COEF_BITS, CHAIN_MAX_EXPAND_POWER, CHAIN_MAX_EXPONENT, CHAIN_MAX_TERMS};
use crate::store::{ExprId, Node, Rational, Store};

/// A polynomial in kernels with exact rational coefficients, none of them zero.
#[derive(Clone, Debug, Default)]
pub struct KernelPoly(pub(crate) HashMap<Mono<i32>, Rational>);

impl KernelPoly {
    fn constant(q: Rational) -> KernelPoly {
        let mut p = KernelPoly::default();
        p.add_term(Mono::new(), q);
        p
    }

    fn kernel(k: u32, e: i32) -> KernelPoly {
        let mut p = KernelPoly::default();
        p.add_term(Mono::one(k, e), Rational::from_integer(1.into()));
        p
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn add_term(&mut self, m: Mono<i32>, c: Rational) {
        if c.is_zero() {
            return;
        }
        use std::collections::hash_map::Entry;
        match self.0.entry(m) {
            Entry::Vacant(v) => {
                v.insert(c);
            }
            Entry::Occupied(mut o) => {
                crate::store::add_assign(o.get_mut(), &c);
                if o.get().is_zero() {
                    o.remove();
                }
            }
        }
    }

    fn mul(&self, other: &KernelPoly) -> Option<KernelPoly> {
        if self.0.len().saturating_mul(other.0.len()) > CHAIN_MAX_TERMS * 4 {
            return None;
        }
        let mut out = KernelPoly::default();
        for (ma, ca) in &self.0 {
            for (mb, cb) in &other.0 {
                out.add_term(mono_mul(ma, mb), crate::store::rat_mul(ca, cb));
            }
        }
        out.within_bounds().then_some(out)
    }

    pub(crate) fn within_bounds(&self) -> bool {
        self.0.len() <= CHAIN_MAX_TERMS
            && self.0.iter().all(|(m, c)| {
                c.numer().bits() <= CHAIN_MAX_COEF_BITS
                    && c.denom().bits() <= CHAIN_MAX_COEF_BITS
                    && m.iter().all(|x| x.1.abs() <= CHAIN_MAX_EXPONENT)
            })
    }
}

/// The kernels met so far, the polynomial forms of expressions, and the kernels'
/// derivatives, for one store.
#[derive(Default)]
pub struct KernelAlgebra {
    pub(crate) kernels: Kernels,
    forms: HashMap<ExprId, Option<Rc<KernelPoly>>>,
    pub(crate) derivatives: HashMap<(u32, ExprId), Option<Rc<KernelPoly>>>,
}

impl KernelAlgebra {
    pub fn new() -> KernelAlgebra {
        KernelAlgebra::default()
    }

    /// The expression as a polynomial in kernels, or None when it grows too large.
    pub fn form(&mut self, s: &mut Store, id: ExprId) -> Option<Rc<KernelPoly>> {
        if let Some(p) = self.forms.get(&id) {
            return p.clone();
        }
        let p = self.form_uncached(s, id).map(Rc::new);
        self.forms.insert(id, p.clone());
        p
    }

    fn form_uncached(&mut self, s: &mut Store, id: ExprId) -> Option<KernelPoly> {
        // Children are read by index: the store grows meanwhile.
        let child = |s: &Store, i: usize| match s.node(id) {
            Node::Add(xs) | Node::Mul(xs) => xs[i],
            _ => id,
        };
        match *s.node(id) {
            Node::Num(ref q) => Some(KernelPoly::constant((**q).clone())),
            Node::Add(ref ts) => {
                let mut acc = KernelPoly::default();
                for i in 0..ts.len() {
                    let p = self.form(s, child(s, i))?;
                    for (m, c) in p.0.iter() {
                        acc.add_term(m.clone(), c.clone());
                    }
                    if acc.len() > CHAIN_MAX_TERMS {
                        return None;
                    }
                }
                Some(acc)
            }
            Node::Mul(ref fs) => {
                let mut acc = KernelPoly::constant(Rational::from_integer(1.into()));
                for i in 0..fs.len() {
                    let p = self.form(s, child(s, i))?;
                    acc = acc.mul(&p)?;
                }
                Some(acc)
            }
            Node::Pow(b, e) => {
                let Some(q) = s.as_num(e).cloned() else {
                    return Some(KernelPoly::kernel(self.kernels.number(id), 1));
                };
                if q.is_integer() {
                    let n = q.to_integer().to_i64()?;
                    if matches!(s.node(b), Node::Add(_)) && (1..=CHAIN_MAX_EXPAND_POWER).contains(&n) {
                        let bp = self.form(s, b)?;
                        let mut acc = (*bp).clone();
                        for _ in 1..n {
                            acc = acc.mul(&bp)?;
                        }
                        return Some(acc);
                    }
                    let n = i32::try_from(n).ok().filter(|n| n.abs() <= CHAIN_MAX_EXPONENT)?;
                    return Some(KernelPoly::kernel(self.kernels.number(b), n));
                }
                // b^(p/d) = (b^(1/d))^p, the root a kernel.
                let p = q.numer().to_i32().filter(|n| n.abs() <= CHAIN_MAX_EXPONENT)?;
                let r = s.num(Rational::new(1.into(), q.denom().clone()));
                let root = s.pow(b, r);
                Some(KernelPoly::kernel(self.kernels.number(root), p))
            }
            _ => Some(KernelPoly::kernel(self.kernels.number(id), 1)),
        }
    }

    /// The polynomial as an expression of the store, its terms in a fixed order.
    pub fn expr(&mut self, s: &mut Store, p: &KernelPoly) -> ExprId {
        let mut terms: Vec<(&Mono<i32>, &Rational)> = p.0.iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut built = Vec::with_capacity(terms.len());
        let mut fs = Vec::new();
        for (m, c) in terms {
            fs.clear();
            for &(k, e) in m.iter() {
                let ke = self.kernels.expr(k);
                fs.push(s.powi(ke, i64::from(e)));
            }
            fs.push(s.num(c.clone()));
            built.push(s.mul(&fs));
        }
        s.add(&built)
    }
}
