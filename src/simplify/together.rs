//! Common denominators: a sum with fractions put over one denominator, its
//! numerator then cancelled and factored.

use std::rc::Rc;

use num_traits::{Signed, Zero};

use super::*;
use super::{candidates::*, factor::*};
use crate::limits::{SIMPLIFY_MAX_DEN_FACTORS, SIMPLIFY_MAX_TOGETHER_TERMS};
use crate::store::{Constant, ExprId, Node, Rational, Store};

/// True when a term has a denominator: a factor with a negative numeric
/// exponent (as [`split_fraction`] finds them).
pub(super) fn has_denominator(s: &Store, t: ExprId) -> bool {
    let factors: &[ExprId] = match s.node(t) {
        Node::Mul(fs) => fs,
        _ => std::slice::from_ref(&t),
    };
    factors.iter().any(|&f| match *s.node(f) {
        Node::Pow(b, e) => {
            s.as_num(e).is_some_and(Signed::is_negative) && !matches!(s.node(b), Node::Const(Constant::E))
        }
        _ => false,
    })
}

/// Numerator factors and denominator (base, exponent) pairs of a term.
pub(super) type Split = (Vec<ExprId>, Vec<(ExprId, Rational)>);

/// A term as numerator factors (with its coefficient) and denominator factors
/// (base, positive exponent): `3*x/(y^2*z)` is ([3, x], [(y, 2), (z, 1)]).
pub(super) fn split_fraction(s: &Store, t: ExprId) -> Split {
    let factors: Vec<ExprId> = match s.node(t) {
        Node::Mul(fs) => fs.to_vec(),
        _ => vec![t],
    };
    let mut num = Vec::new();
    let mut den = Vec::new();
    for f in factors {
        if let Node::Pow(b, e) = s.node(f) {
            if let Some(q) = s.as_num(*e).filter(|q| q.is_negative()) {
                if !matches!(s.node(*b), Node::Const(Constant::E)) {
                    den.push((*b, -q));
                    continue;
                }
            }
        }
        num.push(f);
    }
    (num, den)
}

pub(super) fn build_fraction(s: &mut Store, numer: ExprId, den: &[(ExprId, Rational)]) -> ExprId {
    let mut fs = vec![numer];
    for (b, k) in den {
        if !k.is_zero() {
            let e = s.num(-k.clone());
            fs.push(s.pow(*b, e));
        }
    }
    s.mul(&fs)
}

impl Simplifier {
    /// The sum over one common denominator, with common polynomial factors of
    /// numerator and denominator cancelled: (expanded, factored) numerators.
    pub(super) fn together(&mut self, s: &mut Store, a: ExprId) -> Option<Candidates> {
        if let Some(r) = self.together_memo.get(&a) {
            return r.clone();
        }
        let r = self.together_uncached(s, a);
        self.together_memo.insert(a, r.clone());
        r
    }

    pub(super) fn together_uncached(&mut self, s: &mut Store, a: ExprId) -> Option<Candidates> {
        let Node::Add(ts) = s.node(a) else { return None };
        if ts.len() > SIMPLIFY_MAX_TOGETHER_TERMS || self.steps == 0 || !ts.iter().any(|&t| has_denominator(s, t)) {
            return None;
        }
        let ts = ts.clone();
        let split: Vec<Split> = ts.iter().map(|&t| split_fraction(s, t)).collect();
        let mut den: Vec<(ExprId, Rational)> = Vec::new();
        for (_, d) in &split {
            for (b, k) in d {
                match den.iter_mut().find(|x| x.0 == *b) {
                    Some(x) => {
                        if *k > x.1 {
                            x.1 = k.clone();
                        }
                    }
                    None => den.push((*b, k.clone())),
                }
            }
        }
        if den.is_empty() || den.len() > SIMPLIFY_MAX_DEN_FACTORS {
            return None;
        }
        let mut terms = Vec::with_capacity(ts.len());
        for (num, d) in &split {
            let mut fs = num.clone();
            for (b, k) in &den {
                let have = d.iter().find(|x| x.0 == *b).map_or_else(Rational::zero, |x| x.1.clone());
                let missing = k - have;
                if !missing.is_zero() {
                    let m = s.num(missing);
                    fs.push(s.pow(*b, m));
                }
            }
            terms.push(s.mul(&fs));
        }
        let numer = s.add(&terms);
        let mut expanded = Vec::new();
        let mut factored = Vec::new();
        // The numerator as built, its common factors merged with the denominator.
        let f = build_fraction(s, numer, &den);
        factored.push(self.built(s, f));
        if let Some((common, rest)) = common_factor(s, numer) {
            let n = s.mul(&[common, rest]);
            let f = build_fraction(s, n, &den);
            factored.push(self.built(s, f));
        }
        if let Some(mut p) = self.poly_of(s, numer) {
            self.cancel(s, &mut p, &mut den);
            let mut polys = vec![p.clone()];
            polys.extend(self.pythagorean(s, &p));
            let den = Rc::new(den);
            for p in polys {
                let p = Rc::new(p);
                let cost = self.sum_cost(s, &p);
                let ex = self.expanded(s, &p, &den, cost);
                factored.extend(self.factored(s, &p, &den, cost, &ex));
                expanded.push(ex);
            }
        }
        Some((expanded, factored))
    }
}
