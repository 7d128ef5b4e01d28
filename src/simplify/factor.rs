//! Common factors: the numeric and symbolic factor every term of a sum shares,
//! pulled out, and the polynomial forms of sums without denominators.

use crate::number::gcd_u64;
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive};
use rustc_hash::FxHashMap as HashMap;

use super::*;
use super::{candidates::*, normal::*};
use crate::func::Func;
use crate::limits::SIMPLIFY_MAX_EXPAND_FACTORS;
use crate::poly::{content_of, mono_div, Coef, Mono, Poly};
use crate::store::{ExprId, Node, Rational, Store};

/// The number of factors over all terms of a sum.
pub(super) fn factor_count(s: &Store, a: ExprId) -> usize {
    let Node::Add(ts) = s.node(a) else { return 1 };
    ts.iter()
        .map(|&t| match s.node(t) {
            Node::Mul(fs) => fs.len(),
            _ => 1,
        })
        .sum()
}

/// True when a term of the sum has a sum as a factor (multiplying out may merge
/// terms) or a square of sin, cos, sinh or cosh (a Pythagorean identity may
/// apply). Otherwise the polynomial forms equal the sum itself.
pub(super) fn has_expandable_term(s: &Store, a: ExprId) -> bool {
    let Node::Add(ts) = s.node(a) else { return false };
    ts.iter().any(|&t| {
        let factors: &[ExprId] = match s.node(t) {
            Node::Mul(fs) => fs,
            _ => std::slice::from_ref(&t),
        };
        factors.iter().any(|&f| {
            let (b, e) = match *s.node(f) {
                Node::Pow(b, e) => (b, Some(e)),
                _ => (f, None),
            };
            match s.node(b) {
                Node::Add(_) => e.is_none_or(|e| s.as_num(e).is_some_and(|q| q.is_positive())),
                Node::Call(Func::Sin | Func::Cos | Func::Sinh | Func::Cosh, _) => e.is_some(),
                _ => false,
            }
        })
    })
}

/// The factor common to every term of a sum, and the sum divided by it:
/// numeric content, and bases every term shares (the lowest numeric exponent,
/// or the same symbolic one). None when only 1 is common.
pub(super) fn common_factor(s: &mut Store, a: ExprId) -> Option<(ExprId, ExprId)> {
    let one = s.one();
    let (content, shared) = common_parts(s, a, one)?;
    if shared.is_empty() && content.is_one() {
        return None;
    }
    let mut fs: Vec<ExprId> = shared.iter().map(|&(b, e)| s.pow(b, e)).collect();
    fs.push(s.num(content));
    let common = s.mul(&fs);
    if s.is_one(common) {
        return None;
    }
    let inv = s.recip(common);
    let Node::Add(ts) = s.node(a).clone() else { return None };
    let rest: Vec<ExprId> = ts.iter().map(|&t| s.mul(&[t, inv])).collect();
    let rest = s.add(&rest);
    Some((common, rest))
}

/// What [`common_factor`] finds before it builds anything: the numeric content
/// of the sum's terms, and the (base, exponent) pairs every term shares. None
/// for what is not a sum.
pub(super) fn common_parts(s_ref: &Store, a: ExprId, one: ExprId) -> Option<(Rational, Vec<(ExprId, ExprId)>)> {
    let Node::Add(ts) = s_ref.node(a) else { return None };
    let mut content = Content::Small(0, 1);
    let mut shared: Option<Vec<(ExprId, ExprId)>> = None;
    let pair_of = |f: ExprId| match *s_ref.node(f) {
        Node::Pow(b, e) => (b, e),
        _ => (f, one),
    };
    for t in ts.iter() {
        // The coefficient and the other factors, as the store's `split_coeff` gives them.
        let (c, factors): (Option<&Rational>, &[ExprId]) = match s_ref.node(*t) {
            Node::Num(q) => (Some(q), &[]),
            Node::Mul(fs) => match s_ref.as_num(fs[0]) {
                Some(q) => (Some(q), &fs[1..]),
                None => (None, fs),
            },
            _ => (None, std::slice::from_ref(t)),
        };
        content.take(c);
        let Some(prev) = shared.as_mut() else {
            shared = Some(factors.iter().map(|&f| pair_of(f)).collect());
            continue;
        };
        if prev.is_empty() {
            // No base is shared any more: only the numeric content is left to find.
            continue;
        }
        // The exponent of each base of the term, by a map when the term is long.
        let by_base: Option<HashMap<ExprId, ExprId>> =
            (factors.len() > SMALL).then(|| factors.iter().map(|&f| pair_of(f)).collect());
        let exponent_of = |b: ExprId| match &by_base {
            Some(map) => map.get(&b).copied(),
            None => factors.iter().map(|&f| pair_of(f)).find(|p| p.0 == b).map(|p| p.1),
        };
        prev.retain_mut(|(b, e)| {
            let Some(e2) = exponent_of(*b) else { return false };
            if *e == e2 {
                return true;
            }
            match (s_ref.as_num(*e), s_ref.as_num(e2)) {
                (Some(x), Some(y)) => {
                    if x > y {
                        *e = e2;
                    }
                    true
                }
                _ => false,
            }
        });
    }
    Some((content.value(), shared.unwrap_or_default()))
}

/// The content of a sum's coefficients as [`common_parts`] gathers it: the gcd
/// of their numerators over the lcm of their denominators, in machine integers
/// while they fit.
pub(super) enum Content {
    Small(u64, u64),
    Big(BigInt, BigInt),
}

impl Content {
    /// Takes in the coefficient of one more term (None for 1).
    pub(super) fn take(&mut self, c: Option<&Rational>) {
        if let Content::Small(g, l) = *self {
            let (n, d) = match c {
                None => (Some(1), Some(1)),
                Some(c) => (c.numer().to_i64().map(i64::unsigned_abs), c.denom().to_u64()),
            };
            if let (Some(n), Some(d)) = (n, d) {
                let g2 = gcd_u64(g, n);
                if let Some(l2) = (l / gcd_u64(l, d)).checked_mul(d) {
                    *self = Content::Small(g2, l2);
                    return;
                }
            }
            *self = Content::Big(BigInt::from(g), BigInt::from(l));
        }
        if let Content::Big(g, l) = self {
            let unit = BigInt::one();
            *g = crate::store::int_gcd(g, c.map_or(&unit, |c| c.numer()));
            *l = crate::store::int_lcm(l, c.map_or(&unit, |c| c.denom()));
        }
    }

    pub(super) fn value(self) -> Rational {
        match self {
            Content::Small(g, l) => Rational::new(BigInt::from(g), BigInt::from(l)),
            Content::Big(g, l) => Rational::new(g, l),
        }
    }
}

impl Simplifier {
    /// Candidate forms of a sum with no denominators to combine: (expanded,
    /// factored).
    pub(super) fn polish(&mut self, s: &mut Store, a: ExprId, depth: u32) -> Candidates {
        let mut expanded = Vec::new();
        let mut factored = Vec::new();
        if !matches!(s.node(a), Node::Add(_)) {
            let k = self.cost(s, a);
            return (vec![(k, Cand::Built(a))], vec![(k, Cand::Built(a))]);
        }
        if depth > 0 {
            if let Some((common, rest)) = common_factor(s, a) {
                let (e, f) = self.polish(s, rest, depth - 1);
                let c: Vec<Costed> = e.into_iter().chain(f).collect();
                let inner = self.pick(s, Some(rest), &c);
                let m = s.mul(&[common, inner]);
                factored.push(self.built(s, m));
            }
        }
        let worth_expanding =
            (!factored.is_empty() || has_expandable_term(s, a)) && factor_count(s, a) <= SIMPLIFY_MAX_EXPAND_FACTORS;
        if let Some(p) = worth_expanding.then(|| self.poly_of(s, a)).flatten() {
            let mut polys = vec![p.clone()];
            polys.extend(self.pythagorean(s, &p));
            let den = Rc::new(Den::new());
            for p in polys {
                let p = Rc::new(p);
                let cost = self.sum_cost(s, &p);
                let ex = self.expanded(s, &p, &den, cost);
                factored.extend(self.factored(s, &p, &den, cost, &ex));
                expanded.push(ex);
            }
        }
        (expanded, factored)
    }

    /// The polynomial with its numeric and monomial content pulled out, with
    /// either sign on the remaining sum; None when there is nothing to pull out
    /// (the expanded form is the candidate).
    pub(super) fn factor_parts(&self, p: &Poly) -> Option<Factored> {
        let content = content_of(p);
        let mut mono = Mono::new();
        for k in p.kernels() {
            let e = p.content_exp(k);
            if e > 0 {
                mono.push((k, e));
            }
        }
        if content.is_one() && mono.is_empty() {
            return None;
        }
        let mut q = Poly::default();
        for (m, c) in &p.0 {
            let m = mono_div(m, &mono).unwrap_or_else(|| m.clone());
            q.add_term(m, c.div(&content));
        }
        // The sign goes with the content when every remaining term is negative.
        let content = if q.0.values().all(Coef::is_negative) {
            for t in &mut q.0 .0 {
                t.1 = t.1.neg();
            }
            content.neg()
        } else {
            content
        };
        Some(Factored { content, mono, q })
    }
}
