//! Costs of polynomial candidates foreseen without building them: what the
//! store's `mul` and `add` would make of the terms, counted as [`OpCount`] counts.

use std::cmp::Ordering;

use num_traits::{Signed, ToPrimitive, Zero};

use super::candidates::*;
use super::*;
use crate::poly::{Coef, Poly};
use crate::store::{Constant, ExprId, Node, Rational, Store};

/// The factors of a product as the store's `mul` leaves them, for working out
/// its cost before it is built: each is (base, exponent) when the store merges
/// it with other powers of its base, or (factor, None) when it stays as it is.
pub(super) type FactorKey = Vec<(ExprId, Option<Small>)>;

/// An exponent n/d (reduced, d > 0) in machine integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Small(i64, u64);

impl Small {
    pub(super) fn of(q: &Rational) -> Option<Small> {
        Some(Small(q.numer().to_i64()?, q.denom().to_u64()?))
    }

    pub(super) fn reduce(n: i128, d: u128) -> Option<Small> {
        let (n, d) = crate::number::small_fraction(n, d)?;
        Some(Small(n, d))
    }

    pub(super) fn add(self, o: Small) -> Option<Small> {
        let n = i128::from(self.0) * i128::from(o.1) + i128::from(o.0) * i128::from(self.1);
        Small::reduce(n, u128::from(self.1) * u128::from(o.1))
    }

    pub(super) fn mul(self, o: Small) -> Option<Small> {
        Small::reduce(i128::from(self.0) * i128::from(o.0), u128::from(self.1) * u128::from(o.1))
    }

    /// [`num_cost`] of the number.
    pub(super) fn num_cost(self) -> u64 {
        u64::from(self.0 < 0) + u64::from(self.1 != 1)
    }
}

/// True for a base the store's `mul` merges powers of by adding their numeric
/// exponents, with `pow` giving `b^r` as a node of its own (or `b` for r = 1).
pub(super) fn merges_by_base(s: &Store, b: ExprId) -> bool {
    matches!(s.node(b), Node::Var(_) | Node::Call(..) | Node::Add(_) | Node::Const(Constant::Pi))
}

/// An order on factor keys, so that equal keys are found next to each other.
pub(super) fn cmp_keys(a: &FactorKey, b: &FactorKey) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| {
        for (x, y) in a.iter().zip(b) {
            let o = x.0.cmp(&y.0).then_with(|| x.1.cmp(&y.1));
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    })
}

impl Simplifier {
    /// The cost of `expr_of(p)` over `den` when it follows from the
    /// polynomial (see [`Simplifier::product_cost`]).
    pub(super) fn fraction_cost(&mut self, s: &Store, p: &Poly, den: &Den, cost: Option<u64>) -> Option<u64> {
        if den.is_empty() {
            return cost;
        }
        match p.0.len() {
            0 => None,
            1 => {
                let (m, c) = p.0.iter().next()?;
                self.product_cost(s, c, m, None, den, None).map(|x| x.0)
            }
            n => {
                let k = cost?;
                self.product_cost(s, &Coef::ONE, &[], Some((k, n)), den, None).map(|x| x.0)
            }
        }
    }

    /// The cost of `expr_of(p)`, when it follows from the polynomial.
    pub(super) fn sum_cost(&mut self, s: &Store, p: &Poly) -> Option<u64> {
        let n = p.0.len();
        let mut total = n.saturating_sub(1) as u64;
        let mut negs = 0;
        let mut merged = false;
        for (m, c) in &p.0 {
            let (k, m) = self.product_cost(s, c, m, None, &[], None)?;
            merged |= m;
            if n == 1 {
                return Some(k);
            }
            if c.is_negative() {
                negs += 1;
                total = total.saturating_add(k.saturating_sub(1));
            } else {
                total = total.saturating_add(k);
            }
        }
        if merged {
            // Powers of one base from different kernels (`x` and `sqrt(x)^2`) can
            // make two terms alike: then the sum is not foreseen.
            let mut keys: Vec<FactorKey> = Vec::with_capacity(n);
            for (m, c) in &p.0 {
                let mut key = FactorKey::new();
                self.product_cost(s, c, m, None, &[], Some(&mut key))?;
                keys.push(key);
            }
            keys.sort_unstable_by(cmp_keys);
            if keys.windows(2).any(|w| w[0] == w[1]) {
                return None;
            }
        }
        Some(total + u64::from(n > 0 && negs == n))
    }

    /// The cost of the product `c * mono * sum / den` as the store's `mul` would
    /// build it (the sum given by its cost and number of terms), and whether
    /// powers of one base were merged or kernel powers opened (`sqrt(x)^2` is
    /// `x`); None when the store could rewrite it otherwise. The formula is
    /// [`OpCount::mul_cost`]'s. `key`, when given, receives the factors.
    pub(super) fn product_cost(
        &mut self,
        s: &Store,
        c: &Coef,
        mono: &[(u32, u32)],
        sum: Option<(u64, usize)>,
        den: &[(ExprId, Rational)],
        key: Option<&mut FactorKey>,
    ) -> Option<(u64, bool)> {
        // Powers the store merges by base: (base, summed exponent); and factors
        // it keeps as they are: (factor, base). Buffers reused across calls.
        let mut groups = std::mem::take(&mut self.cost_groups);
        let mut whole = std::mem::take(&mut self.cost_whole);
        groups.clear();
        whole.clear();
        let r = self.product_cost_in(s, c, mono, sum, den, key, &mut groups, &mut whole);
        self.cost_groups = groups;
        self.cost_whole = whole;
        r
    }

    /// [`Simplifier::product_cost`] with its buffers, empty on entry.
    #[allow(clippy::too_many_arguments)]
    fn product_cost_in(
        &mut self,
        s: &Store,
        c: &Coef,
        mono: &[(u32, u32)],
        sum: Option<(u64, usize)>,
        den: &[(ExprId, Rational)],
        key: Option<&mut FactorKey>,
        groups: &mut Vec<(ExprId, Small)>,
        whole: &mut Vec<(ExprId, ExprId)>,
    ) -> Option<(u64, bool)> {
        let merged = self.gather_factors(s, mono, den, groups, whole)?;
        if let Some((_, n)) = sum {
            // The sum is a new node unless it is one of the bases.
            let mut bases = groups.iter().map(|g| g.0).chain(whole.iter().map(|w| w.1));
            if bases.any(|b| matches!(s.node(b), Node::Add(ts) if ts.len() == n)) {
                return None;
            }
        }
        let mut tally = Tally::default();
        self.tally_merged(s, groups, &mut tally);
        self.tally_whole(s, whole, &mut tally);
        if let Some((k, _)) = sum {
            tally.nnum += 1;
            tally.numc = tally.numc.saturating_add(k);
            tally.lone_sum = true;
        }
        if tally.nnum + tally.nden == 1 && tally.lone_sum {
            // A number times one sum distributes, and a sum as a term of a sum
            // is flattened into it.
            return None;
        }
        if let Some(key) = key {
            key.clear();
            key.extend(groups.iter().filter(|g| g.1 .0 != 0).map(|&(b, r)| (b, Some(r))));
            key.extend(whole.iter().map(|&(f, _)| (f, None)));
            key.sort_unstable_by_key(|x| x.0);
        }
        Some((tally.cost(c), merged))
    }

    /// Sorts the factors of `mono / den` as the store's `mul` takes them: powers it
    /// merges by base into `groups` (base, summed exponent), factors it keeps as
    /// they are into `whole` (factor, base). Whether powers were merged or kernel
    /// powers opened; None when the store could rewrite the product otherwise.
    fn gather_factors(
        &mut self,
        s: &Store,
        mono: &[(u32, u32)],
        den: &[(ExprId, Rational)],
        groups: &mut Vec<(ExprId, Small)>,
        whole: &mut Vec<(ExprId, ExprId)>,
    ) -> Option<bool> {
        let mut merged = false;
        let add = |groups: &mut Vec<(ExprId, Small)>, b: ExprId, r: Small| -> Option<bool> {
            match groups.iter_mut().find(|g| g.0 == b) {
                Some(g) => {
                    g.1 = g.1.add(r)?;
                    Some(true)
                }
                None => {
                    groups.push((b, r));
                    Some(false)
                }
            }
        };
        for &(k, e) in mono {
            let kid = self.kernels.expr(k);
            match *s.node(kid) {
                Node::Var(_) | Node::Const(_) | Node::Call(..) => {
                    merged |= add(groups, kid, Small(i64::from(e), 1))?;
                }
                Node::Pow(b, x) => match s.as_num(x) {
                    Some(q) if merges_by_base(s, b) => {
                        merged = true;
                        let r = Small::of(q)?.mul(Small(i64::from(e), 1))?;
                        add(groups, b, r)?;
                    }
                    _ if e == 1 && !s.is_zero(b) => whole.push((kid, b)),
                    _ => return None,
                },
                _ => return None,
            }
        }
        for (b, k) in den {
            if k.is_zero() {
                continue;
            }
            if !merges_by_base(s, *b) {
                return None;
            }
            let r = Small::of(k)?;
            merged |= add(groups, *b, Small(r.0.checked_neg()?, r.1))?;
        }
        // No two factors may share a base unless both are merged powers.
        for (i, &(_, b)) in whole.iter().enumerate() {
            if whole[..i].iter().any(|w| w.1 == b) || groups.iter().any(|g| g.0 == b) {
                return None;
            }
        }
        Some(merged)
    }

    /// Counts the merged powers `b^r` into `tally`.
    fn tally_merged(&mut self, s: &Store, groups: &[(ExprId, Small)], tally: &mut Tally) {
        for &(b, r) in groups {
            if r.0 == 0 {
                continue;
            }
            if matches!(s.node(b), Node::Const(Constant::E)) {
                // e^r, r a positive integer (an `e` kernel to a power).
                tally.nnum += 1;
                tally.numc = tally.numc.saturating_add(1 + r.num_cost());
            } else if r == Small(1, 1) {
                tally.nnum += 1;
                tally.numc = tally.numc.saturating_add(self.cost(s, b));
                tally.lone_sum = matches!(s.node(b), Node::Add(_));
            } else if r.0 < 0 {
                tally.nden += 1;
                // As `OpCount::inverse_pow_cost`: b alone for b^-1.
                let cb = self.cost(s, b);
                let k = if r == Small(-1, 1) { cb } else { (1 + cb).saturating_add(u64::from(r.1 != 1)) };
                tally.denc = tally.denc.saturating_add(k);
            } else {
                tally.nnum += 1;
                tally.numc = tally.numc.saturating_add((1 + self.cost(s, b)).saturating_add(r.num_cost()));
            }
        }
    }

    /// Counts the factors kept as they are, (factor, base), into `tally`.
    fn tally_whole(&mut self, s: &Store, whole: &[(ExprId, ExprId)], tally: &mut Tally) {
        for &(f, b) in whole {
            let below = match s.node(f) {
                Node::Pow(_, x) if !matches!(s.node(b), Node::Const(Constant::E)) => {
                    s.as_num(*x).filter(|q| q.is_negative())
                }
                _ => None,
            };
            match below {
                Some(q) => {
                    tally.nden += 1;
                    tally.denc = tally.denc.saturating_add(self.op_count.inverse_pow_cost(s, b, q));
                }
                None => {
                    tally.nnum += 1;
                    tally.numc = tally.numc.saturating_add(self.cost(s, f));
                }
            }
        }
    }
}

/// The factors of a product above and below the bar, counted as
/// [`OpCount::mul_cost`] counts them: how many, and their costs.
#[derive(Default)]
struct Tally {
    nnum: u64,
    nden: u64,
    numc: u64,
    denc: u64,
    /// Whether a factor to the first power is a sum: what matters when it is
    /// the only factor.
    lone_sum: bool,
}

impl Tally {
    /// The cost of the product with coefficient `c`, by [`OpCount::mul_cost`]'s formula.
    fn cost(&self, c: &Coef) -> u64 {
        let neg = u64::from(c.is_negative());
        let nnum = self.nnum + u64::from(!c.numer_is_unit());
        let nden = self.nden + u64::from(!c.denom_is_one());
        if nden == 0 {
            neg + nnum.saturating_sub(1) + self.numc
        } else {
            neg + 1 + nnum.saturating_sub(1) + self.numc + (nden - 1) + self.denc
        }
    }
}
