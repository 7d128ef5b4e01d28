//! Whether children are already as the store's `add` and `mul` would leave them,
//! so that an unchanged node need not be built again.

use num_traits::{One, Zero};

use crate::store::{ExprId, Node, Store};

/// True when the store's `add` gives the sum of these terms back as the node
/// that holds them: at most one number, first; terms in id order, none a sum;
/// no coefficient 1 written out; no two terms alike but for their coefficient.
pub(super) fn is_normal_sum(s: &Store, ts: &[ExprId]) -> bool {
    let start = usize::from(s.as_num(ts[0]).is_some());
    let rest = &ts[start..];
    if ts.len() < 2 || s.is_zero(ts[0]) || rest.windows(2).any(|w| w[0] >= w[1]) {
        return false;
    }
    // A term without its coefficient: what the store's `add` collects terms by.
    pub(super) fn rest_of<'a>(s: &'a Store, t: &'a ExprId) -> Option<&'a [ExprId]> {
        match s.node(*t) {
            Node::Num(_) | Node::Add(_) => None,
            Node::Mul(fs) => match s.as_num(fs[0]) {
                Some(c) if c.is_one() || c.is_zero() => None,
                Some(_) => Some(&fs[1..]),
                None => Some(fs),
            },
            _ => Some(std::slice::from_ref(t)),
        }
    }
    if rest.len() <= SMALL {
        for (i, t) in rest.iter().enumerate() {
            let Some(r) = rest_of(s, t) else { return false };
            if rest[..i].iter().any(|u| rest_of(s, u) == Some(r)) {
                return false;
            }
        }
        return true;
    }
    let Some(rests) = rest.iter().map(|t| rest_of(s, t)).collect::<Option<Vec<_>>>() else { return false };
    all_distinct(rests)
}

/// Below this many, distinct children are found by comparing every pair.
pub(super) const SMALL: usize = 16;

/// True when the store's `mul` gives the product of these factors back as the
/// node that holds them: at most one number (not 0 or 1), first; factors in id
/// order, none a product, no two with the same base; not a number times one sum;
/// no division by zero.
pub(super) fn is_normal_product(s: &Store, fs: &[ExprId]) -> bool {
    let coeff = s.as_num(fs[0]);
    let start = usize::from(coeff.is_some());
    let rest = &fs[start..];
    if rest.is_empty() || fs.len() < 2 || rest.windows(2).any(|w| w[0] >= w[1]) {
        return false;
    }
    if coeff.is_some_and(|c| c.is_one() || c.is_zero()) {
        return false;
    }
    if start == 1 && rest.len() == 1 && matches!(s.node(rest[0]), Node::Add(_)) {
        return false;
    }
    // The base the store's `mul` collects factors by.
    let base_of = |f: ExprId| -> Option<ExprId> {
        match *s.node(f) {
            Node::Num(_) | Node::Mul(_) => None,
            Node::Pow(b, e) => (!s.is_one(e) && !s.is_zero(b)).then_some(b),
            _ => Some(f),
        }
    };
    if rest.len() <= SMALL {
        for (i, &f) in rest.iter().enumerate() {
            let Some(b) = base_of(f) else { return false };
            if rest[..i].iter().any(|&g| base_of(g) == Some(b)) {
                return false;
            }
        }
        return true;
    }
    let Some(bases) = rest.iter().map(|&f| base_of(f)).collect::<Option<Vec<_>>>() else { return false };
    all_distinct(bases)
}

pub(super) fn all_distinct<T: Ord>(mut xs: Vec<T>) -> bool {
    xs.sort_unstable();
    xs.windows(2).all(|w| w[0] != w[1])
}
