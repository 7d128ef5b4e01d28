//! The cost measure the simplifier minimizes, as a small trait of its own
//! ([`CostFunction`]) and the one measure in use ([`OpCount`]), apart from the
//! rewrites that produce the candidates.

use num_traits::{One, Signed};
use rustc_hash::FxHashMap as HashMap;

use crate::func::Func;
use crate::store::{Constant, ExprId, Node, Rational, Store};

/// A measure of expressions: of the candidate forms of an expression, the
/// simplifier keeps the one of lowest cost (the first on ties).
pub trait CostFunction {
    /// The cost of expression `id` of store `s`.
    fn cost(&mut self, s: &Store, id: ExprId) -> u64;
}

/// The size of an expression as [`OpCount`] counts it.
pub fn cost(s: &Store, id: ExprId) -> u64 {
    OpCount::default().cost(s, id)
}

/// The size of an expression as SymPy's `count_ops` counts the printed text:
/// one per operator of the tree (shared subexpressions count each time they are
/// printed), a quotient `a/b` one, a minus sign one, `sqrt` two (a power of 1/2),
/// and `sigmoid`, `softplus`, `log2`, `log10` as their definitions. Memoized.
///
/// ```
/// use gradtape::store::Store;
/// use gradtape::syntax::parse_into;
/// use gradtape::simplify::cost::{CostFunction, OpCount};
///
/// let mut s = Store::new();
/// let f = parse_into(&mut s, "x^2 + 2*x").unwrap();
/// let g = parse_into(&mut s, "-x/(x + 1)").unwrap();
/// let mut ops = OpCount::default();
/// assert_eq!(ops.cost(&s, f), 3); // ^, + and *
/// assert_eq!(ops.cost(&s, g), 3); // -, / and +
/// ```
#[derive(Default)]
pub struct OpCount {
    memo: HashMap<ExprId, u64>,
    /// For a long-lived op_count: costs in a table indexed by node number instead.
    table: Option<Vec<Option<u64>>>,
}

impl OpCount {
    /// A op_count that keeps its costs in a table by node number: faster to look
    /// up, for one that sees most of the store's nodes.
    pub(super) fn dense() -> OpCount {
        OpCount { memo: HashMap::default(), table: Some(Vec::new()) }
    }

    fn known(&self, id: ExprId) -> Option<u64> {
        match &self.table {
            Some(t) => t.get(id.index()).copied().flatten(),
            None => self.memo.get(&id).copied(),
        }
    }

    fn remember(&mut self, id: ExprId, c: u64) {
        match &mut self.table {
            Some(t) => {
                let i = id.index();
                if i >= t.len() {
                    let len = (i + 1).max(2 * t.len());
                    t.resize(len, None);
                }
                t[i] = Some(c);
            }
            None => {
                self.memo.insert(id, c);
            }
        }
    }

    /// The cost of `b^k` below the bar, for the exponent `q` = -k < 0: `b` alone
    /// when k = 1, else one for the power and one more for a fraction k.
    pub(super) fn inverse_pow_cost(&mut self, s: &Store, b: ExprId, q: &Rational) -> u64 {
        let whole = q.denom().is_one();
        if whole && q.numer().magnitude().is_one() {
            self.cost(s, b)
        } else {
            1 + self.cost(s, b).saturating_add(u64::from(!whole))
        }
    }

    pub(super) fn mul_cost(&mut self, s: &Store, fs: &[ExprId]) -> u64 {
        // The coefficient: the one number of a normalized product, or their product.
        let mut nums = fs.iter().filter_map(|&f| s.as_num(f));
        let product;
        let coeff: Option<&Rational> = match (nums.next(), nums.next()) {
            (None, _) => None,
            (Some(q), None) => Some(q),
            (Some(_), Some(_)) => {
                let mut c = Rational::one();
                for q in fs.iter().filter_map(|&f| s.as_num(f)) {
                    crate::store::mul_assign(&mut c, q);
                }
                product = c;
                Some(&product)
            }
        };
        let (mut nnum, mut nden, mut numc, mut denc) = (0u64, 0u64, 0u64, 0u64);
        for &f in fs {
            if s.as_num(f).is_some() {
                continue;
            }
            if let Node::Pow(b, e) = s.node(f) {
                if let Some(q) = s.as_num(*e).filter(|q| q.is_negative()) {
                    if !matches!(s.node(*b), Node::Const(Constant::E)) {
                        nden += 1;
                        denc = denc.saturating_add(self.inverse_pow_cost(s, *b, q));
                        continue;
                    }
                }
            }
            nnum += 1;
            numc = numc.saturating_add(self.cost(s, f));
        }
        let neg = u64::from(coeff.is_some_and(Signed::is_negative));
        nnum += u64::from(coeff.is_some_and(|c| !c.numer().magnitude().is_one()));
        nden += u64::from(coeff.is_some_and(|c| !c.denom().is_one()));
        if nden == 0 {
            neg + nnum.saturating_sub(1) + numc
        } else {
            neg + 1 + nnum.saturating_sub(1) + numc + (nden - 1) + denc
        }
    }
}

impl CostFunction for OpCount {
    fn cost(&mut self, s: &Store, id: ExprId) -> u64 {
        if let Some(c) = self.known(id) {
            return c;
        }
        let c = match s.node(id) {
            Node::Num(q) => num_cost(q),
            Node::Var(_) | Node::Const(Constant::Pi) => 0,
            Node::Const(Constant::E) => 1,
            Node::Add(ts) => {
                let mut c = ts.len() as u64 - 1;
                let mut negs = 0;
                for &t in ts.iter() {
                    let ct = self.cost(s, t);
                    if s.has_minus_sign(t) {
                        negs += 1;
                        c = c.saturating_add(ct.saturating_sub(1));
                    } else {
                        c = c.saturating_add(ct);
                    }
                }
                c + u64::from(negs == ts.len())
            }
            Node::Mul(fs) => self.mul_cost(s, fs),
            Node::Pow(b, e) => {
                let (b, e) = (*b, *e);
                if matches!(s.node(b), Node::Const(Constant::E)) {
                    1 + self.cost(s, e)
                } else if let Some(q) = s.as_num(e).filter(|q| q.is_negative()) {
                    1 + self.inverse_pow_cost(s, b, q)
                } else {
                    1 + self.cost(s, b).saturating_add(self.cost(s, e))
                }
            }
            Node::Call(f, args) => {
                let own: u64 = match f {
                    Func::Sigmoid => 4,
                    Func::Softplus | Func::Log2 | Func::Log10 => 3,
                    _ => 1,
                };
                args.iter().fold(own, |c, &a| c.saturating_add(self.cost(s, a)))
            }
            // One operation for the function, one for each derivative taken.
            Node::Apply(h, args) => {
                let own = 1 + s.head_def(*h).slots.len() as u64;
                args.iter().fold(own, |c, &a| c.saturating_add(self.cost(s, a)))
            }
        };
        self.remember(id, c);
        c
    }
}

pub(super) fn num_cost(q: &Rational) -> u64 {
    u64::from(q.is_negative()) + u64::from(!q.denom().is_one())
}
