//! Grouping of shown results: terms of a sum grouped by the factor most of them
//! share, nested (`a*b*c + a*b*d + a*e` = `a*(b*(c + d) + e)`), where shorter.

use num_traits::{One, Signed};
use rustc_hash::FxHashMap as HashMap;

use super::factor::*;
use super::*;
use crate::limits::{SIMPLIFY_MAX_GROUP_FACTORS, SIMPLIFY_MAX_GROUP_TERMS};
use crate::store::{ExprId, Node, Rational, Store};

/// A factor shared by terms of a sum: its base, and its exponent when that is
/// symbolic, or whether it is negative when it is a number.
pub(super) type SharedKey = (ExprId, Option<ExprId>, bool);

/// True for a number times powers of variables with positive integer exponents.
pub(super) fn is_monomial(s: &Store, t: ExprId) -> bool {
    let factors: &[ExprId] = match s.node(t) {
        Node::Mul(fs) => fs,
        _ => std::slice::from_ref(&t),
    };
    factors.iter().all(|&f| match s.node(f) {
        Node::Num(_) | Node::Var(_) => true,
        Node::Pow(b, e) => {
            matches!(s.node(*b), Node::Var(_)) && s.as_num(*e).is_some_and(|q| q.is_integer() && q.is_positive())
        }
        _ => false,
    })
}

impl Simplifier {
    /// Groups the terms of a sum by the factor that most of them share, nested:
    /// `a*b*c + a*b*d + a*e + f` = `a*(b*(c + d) + e) + f`. At each level the
    /// factor pulled out is the one whose removal saves the most (its cost times
    /// the number of terms that lose it); the grouped form is kept only when it
    /// is cheaper.
    pub(super) fn group(&mut self, s: &mut Store, a: ExprId, depth: u32) -> ExprId {
        if let Some(&r) = self.group_memo.get(&a) {
            return r;
        }
        let r = self.group_uncached(s, a, depth);
        self.group_memo.insert(a, r);
        r
    }

    pub(super) fn group_uncached(&mut self, s: &mut Store, a: ExprId, depth: u32) -> ExprId {
        let Node::Add(ts) = s.node(a).clone() else { return a };
        if ts.len() < 3
            || ts.len() > SIMPLIFY_MAX_GROUP_TERMS
            || depth == 0
            || factor_count(s, a) > SIMPLIFY_MAX_GROUP_FACTORS
            || ts.iter().all(|&t| is_monomial(s, t))
        {
            // A polynomial is written expanded or factored, never nested.
            return a;
        }
        let Some((pulled, with)) = self.best_shared_factor(s, &ts) else {
            return a;
        };
        let inv = s.recip(pulled);
        let quotients: Vec<ExprId> = with.iter().map(|&t| s.mul(&[t, inv])).collect();
        let inner = s.add(&quotients);
        let inner = self.group_or_content(s, inner, depth - 1);
        let rest: Vec<ExprId> = ts.iter().copied().filter(|t| !with.contains(t)).collect();
        let rest = s.add(&rest);
        let rest = self.group_or_content(s, rest, depth - 1);
        let grouped = s.mul(&[pulled, inner]);
        let cand = s.add(&[grouped, rest]);
        self.cheapest(s, &[a, cand])
    }

    /// The cheaper of a sum and its grouping (after its common factor).
    pub(super) fn group_or_content(&mut self, s: &mut Store, a: ExprId, depth: u32) -> ExprId {
        let Node::Add(ts) = s.node(a) else { return a };
        let n = ts.len();
        if !(3..=SIMPLIFY_MAX_GROUP_TERMS).contains(&n) || depth == 0 || ts.iter().all(|&t| is_monomial(s, t)) {
            // Grouping leaves the sum as it is, and so the sum divided by a number
            // (as many terms, each a monomial when it was one); that number times
            // it multiplies out again to `a`. Only a shared factor besides a
            // number can change it.
            let one = s.one();
            if common_parts(s, a, one).is_none_or(|(_, shared)| shared.is_empty()) {
                return a;
            }
        }
        let grouped = match common_factor(s, a) {
            Some((common, rest)) => {
                let g = self.group(s, rest, depth);
                s.mul(&[common, g])
            }
            None => self.group(s, a, depth),
        };
        self.cheapest(s, &[a, grouped])
    }

    /// The factor `b^k` shared by two or more terms whose removal saves the
    /// most, and the terms that have it. A base with numeric exponents of one
    /// sign gives the exponent nearest zero; a symbolic exponent must match.
    pub(super) fn best_shared_factor(&mut self, s: &mut Store, ts: &[ExprId]) -> Option<(ExprId, Vec<ExprId>)> {
        let mut shared: Vec<(SharedKey, Rational, Vec<ExprId>)> = Vec::new();
        let mut index: HashMap<SharedKey, usize> = HashMap::default();
        for &t in ts {
            let factors: Vec<ExprId> = match s.node(t) {
                Node::Mul(fs) => fs.to_vec(),
                _ => vec![t],
            };
            for f in factors {
                if s.as_num(f).is_some() {
                    continue;
                }
                let (b, e) = s.split_pow(f);
                let (key, q) = match s.as_num(e) {
                    Some(q) => ((b, None, q.is_negative()), q.clone()),
                    None => ((b, Some(e), false), Rational::one()),
                };
                match index.get(&key) {
                    Some(&i) => {
                        let entry = &mut shared[i];
                        if q.abs() < entry.1.abs() {
                            entry.1 = q;
                        }
                        entry.2.push(t);
                    }
                    None => {
                        index.insert(key, shared.len());
                        shared.push((key, q, vec![t]));
                    }
                }
            }
        }
        let mut best: Option<(u64, ExprId, Vec<ExprId>)> = None;
        for ((b, sym, _), q, terms) in shared {
            if terms.len() < 2 {
                continue;
            }
            let factor = match sym {
                Some(e) => s.pow(b, e),
                None => {
                    let e = s.num(q);
                    s.pow(b, e)
                }
            };
            let saving = (terms.len() as u64 - 1).saturating_mul(self.cost(s, factor) + 1);
            if best.as_ref().is_none_or(|x| saving > x.0) {
                best = Some((saving, factor, terms));
            }
        }
        best.map(|(_, f, ts)| (f, ts))
    }
}
