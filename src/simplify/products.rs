//! Products: sums among the factors over their common denominator, and sums to
//! odd powers changing sign with the coefficient where that is shorter.

use num_integer::Integer;

use super::*;
use super::{candidates::*, identities::*};
use crate::func::Func;
use crate::store::{ExprId, Node, Store};

/// What [`Simplifier::flip_loses`] asks of a product, found in one pass over it.
pub(super) struct ProductShape {
    /// The bases of its factors (a power's base, or the factor itself), sorted.
    pub(super) bases: Vec<ExprId>,
    /// How many of its factors are not numbers.
    pub(super) symbolic: usize,
}

impl ProductShape {
    pub(super) fn of(s: &Store, m: ExprId) -> ProductShape {
        let fs: &[ExprId] = match s.node(m) {
            Node::Mul(fs) => fs,
            _ => std::slice::from_ref(&m),
        };
        let mut bases: Vec<ExprId> = fs
            .iter()
            .map(|&x| match *s.node(x) {
                Node::Pow(xb, _) => xb,
                _ => x,
            })
            .collect();
        bases.sort_unstable();
        let symbolic = fs.iter().filter(|&&x| s.as_num(x).is_none()).count();
        ProductShape { bases, symbolic }
    }
}

impl Simplifier {
    /// A product whose sums (or integer powers of sums) hold fractions: each such
    /// sum over its common denominator, so that denominators merge across factors
    /// (no nested fractions).
    pub(super) fn product(&mut self, s: &mut Store, m: ExprId) -> ExprId {
        let Node::Mul(fs) = s.node(m) else {
            return m;
        };
        // Every rewrite below needs a sum (to an integer power) among the factors,
        // or a base that `product_identity` knows.
        let applies = fs.iter().any(|&f| {
            let (b, e) = match *s.node(f) {
                Node::Pow(b, e) => (b, Some(e)),
                _ => (f, None),
            };
            match s.node(b) {
                Node::Add(_) => e.is_none_or(|e| s.as_num(e).is_some_and(|q| q.is_integer())),
                Node::Call(Func::Sign | Func::Sigmoid, _) | Node::Pow(..) => true,
                _ => false,
            }
        });
        if !applies {
            return m;
        }
        let fs = fs.clone();
        let mut changed = false;
        let mut out = Vec::with_capacity(fs.len());
        for &f in fs.iter() {
            let (b, e) = s.split_pow(f);
            let int_exp = s.as_num(e).is_some_and(|q| q.is_integer());
            if int_exp && matches!(s.node(b), Node::Add(_)) {
                if let Some((ex, fa)) = self.together(s, b) {
                    let cands: Vec<Costed> = match self.form {
                        Form::Expanded if !ex.is_empty() => ex,
                        Form::Factored if !fa.is_empty() => fa,
                        _ => ex.into_iter().chain(fa).collect(),
                    };
                    if !cands.is_empty() {
                        let t = self.pick(s, None, &cands);
                        out.push(s.pow(t, e));
                        changed = true;
                        continue;
                    }
                }
            }
            out.push(f);
        }
        let mut best = if changed {
            let cand = s.mul(&out);
            if self.form == Form::Auto {
                self.cheapest(s, &[m, cand])
            } else {
                cand
            }
        } else {
            m
        };
        if let Some(r) = product_identity(s, best) {
            best = r;
        }
        best = self.merge_contents(s, best);
        self.cancel_factors(s, best)
    }

    /// A product whose sums (alone or as denominators) give their integer content to
    /// its coefficient, where that is shorter: `k*(2*x - 2*l)/2` is `k*(x - l)`, and
    /// `(2*x - 2*y)/(2*sqrt(u))` is `(x - y)/sqrt(u)`. The store distributes a number
    /// over a lone sum (`2*(x + b)` is `2*x + 2*b`), so a sum of a product keeps
    /// whatever content its terms were built with; merged, the coefficients cancel
    /// and sibling partials read alike (∂/∂x and ∂/∂l of `k*(x - l)^2/2`). Only
    /// integer contents and the exponents ±1: a fractional content is the clearing
    /// pass's (`denominators.rs`), and a content to a higher power makes large
    /// coefficients that the cost measure does not count.
    pub(super) fn merge_contents(&mut self, s: &mut Store, m: ExprId) -> ExprId {
        let Node::Mul(fs) = s.node(m) else { return m };
        // Most products have no such sum: look before building anything.
        let candidate = |f: ExprId| {
            let b = match s.node(f) {
                Node::Pow(b, e)
                    if s.as_num(*e)
                        .is_some_and(|q| q.is_integer() && num_traits::One::is_one(q.numer().magnitude())) =>
                {
                    *b
                }
                _ => f,
            };
            super::denominators::has_integer_content(s, b)
        };
        if !fs.iter().any(|&f| candidate(f)) {
            return m;
        }
        let fs = fs.clone();
        let mut coeff = <Rational as num_traits::One>::one();
        let mut out = Vec::with_capacity(fs.len() + 1);
        let mut changed = false;
        for &f in fs.iter() {
            let (b, e) = s.split_pow(f);
            let n = s.as_num(e).and_then(small_integer).filter(|n| n.abs() == 1);
            match (n, super::denominators::content(s, b).filter(|c| c.is_integer())) {
                (Some(n), Some(c)) => {
                    let inv = s.num(c.recip());
                    let primitive = s.mul(&[inv, b]);
                    out.push(s.pow(primitive, e));
                    crate::store::mul_assign(&mut coeff, &num_traits::pow::Pow::pow(&c, n as i32));
                    changed = true;
                }
                _ => out.push(f),
            }
        }
        if !changed {
            return m;
        }
        out.push(s.num(coeff));
        let cand = s.mul(&out);
        self.cheapest(s, &[m, cand])
    }

    /// `-2*x*(1 - y)` as `2*x*(y - 1)`: a sum raised to an odd power changes sign
    /// with the coefficient, where that is shorter.
    pub(super) fn flip_signs(&mut self, s: &mut Store, m: ExprId) -> ExprId {
        let n = match s.node(m) {
            Node::Mul(fs) => fs.len(),
            _ => return m,
        };
        let mut best = m;
        // The shape of `best`, made when first needed and again when `best` changes.
        let mut shape: Option<(ExprId, ProductShape)> = None;
        for i in 0..n {
            let Node::Mul(fs) = s.node(m) else { break };
            let f = fs[i];
            let (b, e) = s.split_pow(f);
            let odd = s.as_num(e).is_some_and(|q| q.is_integer() && q.numer().is_odd());
            if !odd || !matches!(s.node(b), Node::Add(_)) {
                continue;
            }
            // Every factor of `m` is in `m`; only a product that has changed is searched.
            if best != m {
                let Node::Mul(cur) = s.node(best) else { break };
                if !cur.contains(&f) {
                    continue;
                }
            }
            let nb = match self.neg_memo.get(&b) {
                Some(&nb) => nb,
                None => {
                    let nb = s.neg(b);
                    self.neg_memo.insert(b, nb);
                    nb
                }
            };
            let nf = s.pow(nb, e);
            if shape.as_ref().is_none_or(|x| x.0 != best) {
                shape = Some((best, ProductShape::of(s, best)));
            }
            if let Some((_, sh)) = &shape {
                if self.flip_loses(s, best, sh, b, e, nb, nf) {
                    continue;
                }
            }
            let Node::Mul(cur) = s.node(best) else { break };
            let mut xs: Vec<ExprId> = cur.iter().copied().filter(|&x| x != f).collect();
            xs.push(nf);
            xs.push(s.int(-1));
            let cand = s.mul(&xs);
            best = self.cheapest(s, &[best, cand]);
        }
        best
    }

    /// True when the product `m` (of shape `shape`) with its factor `f` = `b^e`
    /// replaced by `nf` = `(-b)^e` and its coefficient negated is certainly not
    /// cheaper than `m`: the flipped product's cost follows from `m`'s without
    /// building it, as long as `-b` merges with no other factor and a factor
    /// besides `f` remains.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn flip_loses(
        &mut self,
        s: &Store,
        m: ExprId,
        shape: &ProductShape,
        b: ExprId,
        e: ExprId,
        nb: ExprId,
        nf: ExprId,
    ) -> bool {
        let same_shape = match *s.node(nf) {
            Node::Pow(x, y) => x == nb && y == e,
            _ => nf == nb && s.is_one(e),
        };
        if !same_shape || !matches!(s.node(nb), Node::Add(_)) {
            return false;
        }
        // `f`'s own base is `b`, never `-b`; `f` is one of the factors that are not numbers.
        if shape.bases.binary_search(&nb).is_ok() || shape.symbolic < 2 {
            return false;
        }
        pub(super) const LARGE: u64 = 1 << 60;
        let (cm, cb, cnb) = (self.cost(s, m), self.cost(s, b), self.cost(s, nb));
        if cm > LARGE || cb > LARGE || cnb > LARGE {
            return false;
        }
        // The sign of the coefficient flips: one minus sign less or more.
        let sign = if s.has_minus_sign(m) { -1 } else { 1 };
        i128::from(cnb) - i128::from(cb) + sign >= 0
    }
}
