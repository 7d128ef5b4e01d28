//! Candidate forms of a sum (expanded or factored polynomial, over a
//! denominator), described before they are built, the conversion of expressions
//! to and from the simplifier's polynomials, and the choice among candidates.

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive};

use super::together::*;
use super::*;
use crate::limits::{SIMPLIFY_MAX_EXPAND_POWER, SIMPLIFY_MAX_FACTOR_DEPTH, SIMPLIFY_MAX_POLY_TERMS};
use crate::poly::{Coef, Mono, Poly};
use crate::store::{ExprId, Node, Rational, Store};

/// Candidate forms, each with its cost: (expanded, factored).
pub(super) type Candidates = (Vec<Costed>, Vec<Costed>);

/// A candidate form and its cost (as [`cost()`] counts the form once built).
pub(super) type Costed = (u64, Cand);

/// Denominator factors: (base, positive exponent).
pub(super) type Den = Vec<(ExprId, Rational)>;

/// A candidate form of a sum. Polynomial forms are described rather than built:
/// their cost follows from the polynomial, and only the form chosen is built
/// in the store.
#[derive(Clone)]
pub(super) enum Cand {
    Built(ExprId),
    /// The polynomial multiplied out, over the denominator.
    Expanded(Rc<Poly>, Rc<Den>),
    /// The polynomial with its content pulled out, over the denominator.
    Factored(Rc<Factored>, Rc<Den>),
}

/// A polynomial as `content * mono * q`.
pub(super) struct Factored {
    pub(super) content: Coef,
    pub(super) mono: Mono,
    pub(super) q: Poly,
}

impl Simplifier {
    pub(super) fn sum(&mut self, s: &mut Store, a: ExprId) -> ExprId {
        let mut cands = Vec::new();
        let mut factored = Vec::new();
        let mut expanded = Vec::new();
        if let Some((e, f)) = self.together(s, a) {
            expanded.extend(e);
            factored.extend(f);
        }
        let (e, f) = self.polish(s, a, SIMPLIFY_MAX_FACTOR_DEPTH);
        expanded.extend(e);
        factored.extend(f);
        match self.form {
            Form::Auto => {
                cands.extend(expanded);
                cands.extend(factored);
                self.pick(s, Some(a), &cands)
            }
            Form::Expanded => {
                if expanded.is_empty() {
                    a
                } else {
                    self.pick(s, None, &expanded)
                }
            }
            Form::Factored => {
                if factored.is_empty() {
                    a
                } else {
                    self.pick(s, None, &factored)
                }
            }
        }
    }

    /// The cheapest of `first` (when given) and the candidates, the first on
    /// ties; only that one is built.
    pub(super) fn pick(&mut self, s: &mut Store, first: Option<ExprId>, cands: &[Costed]) -> ExprId {
        let mut best: Option<(u64, &Cand)> = None;
        let first_cost = first.map(|f| self.cost(s, f));
        for (k, c) in cands {
            if first_cost.is_some_and(|f| *k >= f) {
                continue;
            }
            if best.is_none_or(|b| *k < b.0) {
                best = Some((*k, c));
            }
        }
        match (best, first) {
            (Some((k, c)), _) => {
                let id = self.build(s, c);
                debug_assert_eq!(self.cost(s, id), k, "the predicted cost of a candidate");
                id
            }
            (None, Some(f)) => f,
            (None, None) => unreachable!("pick without candidates"),
        }
    }

    pub(super) fn kernel_of(&mut self, id: ExprId) -> u32 {
        self.kernels.number(id)
    }

    /// The expression as a polynomial in kernels, within the size budget.
    pub(super) fn poly_of(&mut self, s: &mut Store, id: ExprId) -> Option<Poly> {
        if self.steps == 0 {
            return None;
        }
        // Children are read by index: the store grows meanwhile.
        let child = |s: &Store, i: usize| match s.node(id) {
            Node::Add(xs) | Node::Mul(xs) => xs[i],
            _ => id,
        };
        match *s.node(id) {
            Node::Num(ref q) => Some(Poly::constant(Coef::of(q))),
            Node::Add(ref ts) => {
                let n = ts.len();
                if n > SIMPLIFY_MAX_POLY_TERMS {
                    return None;
                }
                let mut acc = Poly::default();
                for i in 0..n {
                    let p = self.poly_of(s, child(s, i))?;
                    if acc.is_zero() {
                        acc = p;
                    } else {
                        for (m, c) in p.0 {
                            acc.add_term(m, c);
                        }
                    }
                    if acc.0.len() > SIMPLIFY_MAX_POLY_TERMS {
                        return None;
                    }
                }
                Some(acc)
            }
            Node::Mul(ref fs) => {
                let n = fs.len();
                let mut acc: Option<Poly> = None;
                for i in 0..n {
                    let p = self.poly_of(s, child(s, i))?;
                    let mut steps = self.steps;
                    let r = match acc.take() {
                        Some(a) => a.mul(&p, &mut steps),
                        None => p.times_one(&mut steps),
                    };
                    self.steps = steps;
                    acc = Some(r?);
                }
                Some(acc.unwrap_or_else(|| Poly::constant(Coef::ONE)))
            }
            Node::Pow(b, e) => {
                let Some(q) = s.as_num(e).filter(|q| q.is_positive()).cloned() else {
                    return Some(Poly::kernel(self.kernel_of(id), 1));
                };
                if q.is_integer() {
                    let n = q.to_integer().to_u32()?;
                    if matches!(s.node(b), Node::Add(_)) {
                        if n > SIMPLIFY_MAX_EXPAND_POWER {
                            return None;
                        }
                        let bp = self.poly_of(s, b)?;
                        let mut steps = self.steps;
                        let r = bp.pow(n, &mut steps);
                        self.steps = steps;
                        return r;
                    }
                    return Some(Poly::kernel(self.kernel_of(b), n));
                }
                let p = q.numer().to_u32()?;
                let r = s.num(Rational::new(BigInt::one(), q.denom().clone()));
                let root = s.pow(b, r);
                Some(Poly::kernel(self.kernel_of(root), p))
            }
            _ => Some(Poly::kernel(self.kernel_of(id), 1)),
        }
    }

    pub(super) fn mono_expr(&mut self, s: &mut Store, m: &Mono) -> Vec<ExprId> {
        m.iter()
            .map(|&(k, e)| {
                let ke = self.kernels.expr(k);
                s.powi(ke, i64::from(e))
            })
            .collect()
    }

    pub(super) fn expr_of(&mut self, s: &mut Store, p: &Poly) -> ExprId {
        let mut terms = Vec::with_capacity(p.0.len());
        for (m, c) in &p.0 {
            let known = self.term_memo.get(m.as_slice()).and_then(|v| v.iter().find(|x| x.0 == *c)).map(|x| x.1);
            let t = match known {
                Some(t) => t,
                None => {
                    let mut fs = self.mono_expr(s, m);
                    fs.push(s.num(c.to_rational()));
                    let t = s.mul(&fs);
                    self.term_memo.entry(m.clone()).or_default().push((c.clone(), t));
                    t
                }
            };
            terms.push(t);
        }
        s.add(&terms)
    }

    pub(super) fn built(&mut self, s: &Store, id: ExprId) -> Costed {
        (self.cost(s, id), Cand::Built(id))
    }

    /// The expanded candidate of `p` over `den`, built only when its cost cannot
    /// be foreseen.
    /// `cost` is [`Simplifier::sum_cost`] of `p`.
    pub(super) fn expanded(&mut self, s: &mut Store, p: &Rc<Poly>, den: &Rc<Den>, cost: Option<u64>) -> Costed {
        let cand = Cand::Expanded(Rc::clone(p), Rc::clone(den));
        match self.fraction_cost(s, p, den, cost) {
            Some(k) => (k, cand),
            None => {
                let id = self.build(s, &cand);
                self.built(s, id)
            }
        }
    }

    /// The factored candidate of `p` over `den`, if it has content to pull out.
    /// `cost` is [`Simplifier::sum_cost`] of `p`, `ex` its expanded candidate.
    pub(super) fn factored(
        &mut self,
        s: &mut Store,
        p: &Rc<Poly>,
        den: &Rc<Den>,
        cost: Option<u64>,
        ex: &Costed,
    ) -> Option<Costed> {
        if p.0.len() < 2 {
            return Some(ex.clone());
        }
        let f = self.factor_parts(p)?;
        if f.mono.is_empty() && cost.is_some() {
            // The number distributes over the sum, whose terms the store keeps
            // apart: the expanded form again.
            return Some(ex.clone());
        }
        let inner = self.sum_cost(s, &f.q).map(|k| (k, f.q.0.len()));
        let k = inner.and_then(|inner| self.product_cost(s, &f.content, &f.mono, Some(inner), den, None)).map(|x| x.0);
        let cand = Cand::Factored(Rc::new(f), Rc::clone(den));
        Some(match k {
            Some(k) => (k, cand),
            None => {
                let id = self.build(s, &cand);
                self.built(s, id)
            }
        })
    }

    pub(super) fn build(&mut self, s: &mut Store, c: &Cand) -> ExprId {
        let (n, den) = match c {
            Cand::Built(id) => return *id,
            Cand::Expanded(p, den) => (self.expr_of(s, p), den),
            Cand::Factored(f, den) => {
                let inner = self.expr_of(s, &f.q);
                let mut fs = self.mono_expr(s, &f.mono);
                fs.push(s.num(f.content.to_rational()));
                fs.push(inner);
                (s.mul(&fs), den)
            }
        };
        if den.is_empty() {
            n
        } else {
            build_fraction(s, n, den)
        }
    }
}
