//! Simplification after normalization: sums over a common denominator with
//! polynomial factors cancelled, common factors pulled out of sums, known
//! identities, and a cost measure that picks the smallest candidate form.
//!
//! Every rewrite here keeps the value wherever the input is defined; a rewrite
//! that holds only on part of the domain (`sqrt(x^2)` = `x`) is never made. The
//! rules, the cost measure and examples are in `docs/simplification.md`.

use std::cmp::Ordering;
use std::rc::Rc;

use rustc_hash::FxHashMap as HashMap;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::expr::{Constant, ExprId, Node, Rational, Store};
use crate::func::Func;
use crate::kernel_poly::Kernels;

/// Which shape of result the user prefers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Form {
    /// The candidate of lowest cost (ties keep the normalized form).
    #[default]
    Auto,
    /// Polynomials multiplied out: `x^2*exp(x) + 2*x*exp(x)`.
    Expanded,
    /// Common factors pulled out: `x*(x + 2)*exp(x)`.
    Factored,
}

/// Expressions with more distinct nodes than this are only normalized.
pub const MAX_NODES: usize = 200_000;
/// A polynomial with more terms than this is not built.
const MAX_POLY_TERMS: usize = 3000;
/// Sums with more terms than this are not put over a common denominator.
const MAX_TOGETHER_TERMS: usize = 40;
/// Distinct denominator factors allowed when combining a sum.
const MAX_DEN_FACTORS: usize = 12;
/// Integer powers of sums above this are not multiplied out.
const MAX_EXPAND_POWER: u32 = 12;
/// Coefficients of more bits than this abandon a polynomial.
const MAX_COEFF_BITS: u64 = 160;
/// Monomials of higher total degree abandon a polynomial.
const MAX_DEGREE: u32 = 32;
/// sin^2 = 1 - cos^2 and the like are tried only up to this power.
const MAX_SUBST_EXP: u32 = 24;
/// Sums with more factors than this in all their terms together are not
/// multiplied out (only their common factors are pulled out).
const MAX_EXPAND_FACTORS: usize = 4000;
/// Monomial multiplications and division steps allowed per simplification.
const STEP_BUDGET: usize = 2_000_000;
/// Sums with more terms, or more factors in all their terms together, than
/// these are not grouped by shared factors.
const MAX_GROUP_TERMS: usize = 400;
const MAX_GROUP_FACTORS: usize = 2000;
/// How many factors deep grouping nests.
const MAX_GROUP_DEPTH: u32 = 12;

/// Simplifies `id` in the chosen form.
pub fn simplify(s: &mut Store, id: ExprId, form: Form) -> ExprId {
    let mut simplifier = Simplifier::new(form);
    let r = simplifier.run(s, id);
    simplifier.present(s, r)
}

/// The size of an expression as SymPy's `count_ops` counts the printed text:
/// one per operator of the tree (shared subexpressions count each time they are
/// printed), a quotient `a/b` one, a minus sign one, `sqrt` two (a power of 1/2),
/// and `sigmoid`, `softplus`, `log2`, `log10` as their definitions.
pub fn cost(s: &Store, id: ExprId) -> u64 {
    Coster::default().cost(s, id)
}

/// Memoized [`cost`].
#[derive(Default)]
pub struct Coster {
    memo: HashMap<ExprId, u64>,
    /// For a long-lived coster: costs in a table indexed by node number instead.
    table: Option<Vec<Option<u64>>>,
}

impl Coster {
    /// A coster that keeps its costs in a table by node number: faster to look
    /// up, for one that sees most of the store's nodes.
    fn dense() -> Coster {
        Coster { memo: HashMap::default(), table: Some(Vec::new()) }
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

    pub fn cost(&mut self, s: &Store, id: ExprId) -> u64 {
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
        };
        self.remember(id, c);
        c
    }

    /// The cost of `b^k` below the bar, for the exponent `q` = -k < 0: `b` alone
    /// when k = 1, else one for the power and one more for a fraction k.
    fn inverse_pow_cost(&mut self, s: &Store, b: ExprId, q: &Rational) -> u64 {
        let whole = q.denom().is_one();
        if whole && q.numer().magnitude().is_one() {
            self.cost(s, b)
        } else {
            1 + self.cost(s, b).saturating_add(u64::from(!whole))
        }
    }

    fn mul_cost(&mut self, s: &Store, fs: &[ExprId]) -> u64 {
        // The coefficient: the one number of a normalized product, or their product.
        let mut nums = fs.iter().filter_map(|&f| s.as_num(f));
        let product;
        let coeff: Option<&Rational> = match (nums.next(), nums.next()) {
            (None, _) => None,
            (Some(q), None) => Some(q),
            (Some(_), Some(_)) => {
                let mut c = Rational::one();
                for q in fs.iter().filter_map(|&f| s.as_num(f)) {
                    crate::expr::mul_assign(&mut c, q);
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

fn num_cost(q: &Rational) -> u64 {
    u64::from(q.is_negative()) + u64::from(!q.denom().is_one())
}

// ------------------------------------------------------------------ polynomials

/// Kernel powers a monomial holds without allocating.
const MONO_INLINE: usize = 2;

/// A monomial: (kernel number, exponent) pairs sorted by kernel number, held
/// inline up to [`MONO_INLINE`] pairs (24 bytes in all, which keeps the
/// polynomial's map nodes small). Compared, ordered and hashed as the slice of
/// its pairs.
#[derive(Clone)]
enum Mono {
    Inline(u8, [(u32, u32); MONO_INLINE]),
    Heap(Box<[(u32, u32)]>),
}

impl Mono {
    const fn new() -> Mono {
        Mono::Inline(0, [(0, 0); MONO_INLINE])
    }

    fn one(k: u32, e: u32) -> Mono {
        Mono::Inline(1, [(k, e), (0, 0)])
    }

    fn from_vec(v: Vec<(u32, u32)>) -> Mono {
        if v.len() <= MONO_INLINE {
            let mut xs = [(0, 0); MONO_INLINE];
            xs[..v.len()].copy_from_slice(&v);
            Mono::Inline(v.len() as u8, xs)
        } else {
            Mono::Heap(v.into_boxed_slice())
        }
    }

    fn as_slice(&self) -> &[(u32, u32)] {
        match self {
            Mono::Inline(n, xs) => &xs[..usize::from(*n)],
            Mono::Heap(v) => v,
        }
    }

    fn as_mut_slice(&mut self) -> &mut [(u32, u32)] {
        match self {
            Mono::Inline(n, xs) => &mut xs[..usize::from(*n)],
            Mono::Heap(v) => v,
        }
    }

    fn push(&mut self, x: (u32, u32)) {
        match self {
            Mono::Inline(n, xs) if usize::from(*n) < MONO_INLINE => {
                xs[usize::from(*n)] = x;
                *n += 1;
            }
            _ => {
                let mut v = self.as_slice().to_vec();
                v.push(x);
                *self = Mono::from_vec(v);
            }
        }
    }

    fn remove(&mut self, i: usize) {
        match self {
            Mono::Inline(n, xs) => {
                xs.copy_within(i + 1..usize::from(*n), i);
                *n -= 1;
            }
            Mono::Heap(v) => {
                let mut v = v.to_vec();
                v.remove(i);
                *self = Mono::from_vec(v);
            }
        }
    }
}

impl Default for Mono {
    fn default() -> Mono {
        Mono::new()
    }
}

impl std::ops::Deref for Mono {
    type Target = [(u32, u32)];
    fn deref(&self) -> &[(u32, u32)] {
        self.as_slice()
    }
}

impl std::ops::DerefMut for Mono {
    fn deref_mut(&mut self) -> &mut [(u32, u32)] {
        self.as_mut_slice()
    }
}

impl std::borrow::Borrow<[(u32, u32)]> for Mono {
    fn borrow(&self) -> &[(u32, u32)] {
        self.as_slice()
    }
}

impl PartialEq for Mono {
    fn eq(&self, other: &Mono) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Mono {}

impl PartialOrd for Mono {
    fn partial_cmp(&self, other: &Mono) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Mono {
    fn cmp(&self, other: &Mono) -> Ordering {
        self.as_slice().cmp(other.as_slice())
    }
}

impl std::hash::Hash for Mono {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_slice().hash(h);
    }
}

impl std::fmt::Debug for Mono {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl FromIterator<(u32, u32)> for Mono {
    fn from_iter<I: IntoIterator<Item = (u32, u32)>>(it: I) -> Mono {
        Mono::from_vec(it.into_iter().collect())
    }
}

/// A polynomial's coefficient: n/d in machine integers (reduced, d > 0) when it
/// fits, else an exact rational that does not fit. Either way one value has one
/// representation, so equal coefficients compare equal.
#[derive(Clone, Debug, PartialEq)]
enum Coef {
    Small(i64, i64),
    Big(Box<Rational>),
}

impl Coef {
    const ONE: Coef = Coef::Small(1, 1);

    fn of(q: &Rational) -> Coef {
        match (q.numer().to_i64(), q.denom().to_i64()) {
            (Some(n), Some(d)) => Coef::Small(n, d),
            _ => Coef::Big(Box::new(q.clone())),
        }
    }

    fn of_owned(q: Rational) -> Coef {
        match (q.numer().to_i64(), q.denom().to_i64()) {
            (Some(n), Some(d)) => Coef::Small(n, d),
            _ => Coef::Big(Box::new(q)),
        }
    }

    fn ratio(n: i64, d: i64) -> Coef {
        Coef::reduce(i128::from(n), i128::from(d))
    }

    /// n/d reduced, for d != 0.
    fn reduce(n: i128, d: i128) -> Coef {
        if d == 1 {
            if let Ok(n) = i64::try_from(n) {
                return Coef::Small(n, 1);
            }
        }
        if let (Ok(n64), Ok(d64)) = (i64::try_from(n), i64::try_from(d)) {
            if d64 > 0 && n64 != i64::MIN {
                let (mut a, mut b) = (n64.unsigned_abs(), d64.unsigned_abs());
                while b != 0 {
                    (a, b) = (b, a % b);
                }
                let g = a.max(1) as i64;
                return Coef::Small(n64 / g, d64 / g);
            }
        }
        let (mut a, mut b) = (n.unsigned_abs(), d.unsigned_abs());
        while b != 0 {
            (a, b) = (b, a % b);
        }
        let g = a.max(1);
        let (n, d) = if d < 0 { (-(n / g as i128), (-d) as u128 / g) } else { (n / g as i128, d as u128 / g) };
        match (i64::try_from(n), i64::try_from(d)) {
            (Ok(n), Ok(d)) => Coef::Small(n, d),
            _ => Coef::Big(Box::new(Rational::new_raw(BigInt::from(n), BigInt::from(d)))),
        }
    }

    fn to_rational(&self) -> Rational {
        match self {
            Coef::Small(n, d) => Rational::new_raw(BigInt::from(*n), BigInt::from(*d)),
            Coef::Big(q) => Rational::clone(q),
        }
    }

    fn is_zero(&self) -> bool {
        matches!(self, Coef::Small(0, _))
    }

    fn is_one(&self) -> bool {
        matches!(self, Coef::Small(1, 1))
    }

    fn is_negative(&self) -> bool {
        match self {
            Coef::Small(n, _) => *n < 0,
            Coef::Big(q) => q.is_negative(),
        }
    }

    /// Whether the numerator is 1 or -1.
    fn numer_is_unit(&self) -> bool {
        match self {
            Coef::Small(n, _) => n.unsigned_abs() == 1,
            Coef::Big(q) => q.numer().magnitude().is_one(),
        }
    }

    fn denom_is_one(&self) -> bool {
        match self {
            Coef::Small(_, d) => *d == 1,
            Coef::Big(q) => q.denom().is_one(),
        }
    }

    /// More bits than [`MAX_COEFF_BITS`] in the numerator or denominator.
    fn too_large(&self) -> bool {
        match self {
            Coef::Small(..) => false,
            Coef::Big(q) => q.numer().bits() > MAX_COEFF_BITS || q.denom().bits() > MAX_COEFF_BITS,
        }
    }

    fn add(&self, o: &Coef) -> Coef {
        match (self, o) {
            (Coef::Small(an, ad), Coef::Small(bn, bd)) => {
                let n = i128::from(*an) * i128::from(*bd) + i128::from(*bn) * i128::from(*ad);
                Coef::reduce(n, i128::from(*ad) * i128::from(*bd))
            }
            _ => Coef::of_owned(crate::expr::rat_add(&self.to_rational(), &o.to_rational())),
        }
    }

    fn mul(&self, o: &Coef) -> Coef {
        match (self, o) {
            (Coef::Small(an, ad), Coef::Small(bn, bd)) => {
                Coef::reduce(i128::from(*an) * i128::from(*bn), i128::from(*ad) * i128::from(*bd))
            }
            _ => Coef::of_owned(crate::expr::rat_mul(&self.to_rational(), &o.to_rational())),
        }
    }

    /// self / o, for o != 0.
    fn div(&self, o: &Coef) -> Coef {
        match (self, o) {
            (Coef::Small(an, ad), Coef::Small(bn, bd)) if *bn != 0 => {
                Coef::reduce(i128::from(*an) * i128::from(*bd), i128::from(*ad) * i128::from(*bn))
            }
            _ => Coef::of_owned(crate::expr::rat_div(&self.to_rational(), &o.to_rational())),
        }
    }

    fn neg(&self) -> Coef {
        match self {
            Coef::Small(n, d) => Coef::reduce(-i128::from(*n), i128::from(*d)),
            Coef::Big(q) => Coef::of_owned(-Rational::clone(q)),
        }
    }
}

/// A polynomial's terms, sorted by monomial, each monomial once and with a
/// nonzero coefficient.
#[derive(Clone, Debug, Default, PartialEq)]
struct Terms(Vec<(Mono, Coef)>);

type TermIter<'a> = std::iter::Map<std::slice::Iter<'a, (Mono, Coef)>, fn(&'a (Mono, Coef)) -> (&'a Mono, &'a Coef)>;

impl Terms {
    fn single(m: Mono, c: Coef) -> Terms {
        Terms(vec![(m, c)])
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn iter(&self) -> TermIter<'_> {
        self.0.iter().map(|(m, c)| (m, c))
    }

    fn keys(&self) -> impl Iterator<Item = &Mono> {
        self.0.iter().map(|t| &t.0)
    }

    fn values(&self) -> impl Iterator<Item = &Coef> {
        self.0.iter().map(|t| &t.1)
    }

    /// Adds `c` to the coefficient of `m`, dropping the term when it becomes 0.
    fn add(&mut self, m: Mono, c: Coef) {
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

/// A polynomial over exact rationals in "kernels": any subexpression that is not a
/// sum, product or positive integer power (`x`, `sin(x)`, `exp(x)`, `sqrt(x)`).
#[derive(Clone, Debug, Default, PartialEq)]
struct Poly(Terms);

impl Poly {
    fn constant(q: Coef) -> Poly {
        let mut m = Terms::default();
        if !q.is_zero() {
            m.0.push((Mono::new(), q));
        }
        Poly(m)
    }

    fn kernel(k: u32, e: u32) -> Poly {
        Poly(Terms::single(Mono::one(k, e), Coef::ONE))
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn add_term(&mut self, m: Mono, c: Coef) {
        self.0.add(m, c);
    }

    fn mul(&self, other: &Poly, steps: &mut usize) -> Option<Poly> {
        let work = self.0.len().saturating_mul(other.0.len());
        if work > *steps {
            *steps = 0;
            return None;
        }
        *steps -= work;
        let mut out = Poly::default();
        for (ma, ca) in &self.0 {
            for (mb, cb) in &other.0 {
                let c = ca.mul(cb);
                if c.too_large() {
                    return None;
                }
                let m = mono_mul(ma, mb);
                if m.iter().map(|x| x.1).sum::<u32>() > MAX_DEGREE {
                    return None;
                }
                out.add_term(m, c);
            }
            if out.0.len() > MAX_POLY_TERMS {
                return None;
            }
        }
        Some(out)
    }

    /// `1 * self` as [`Poly::mul`] makes it (the same steps and limits),
    /// without copying the terms.
    fn times_one(self, steps: &mut usize) -> Option<Poly> {
        let work = self.0.len();
        if work > *steps {
            *steps = 0;
            return None;
        }
        *steps -= work;
        let admissible = self.0.iter().all(|(m, c)| !c.too_large() && m.iter().map(|x| x.1).sum::<u32>() <= MAX_DEGREE);
        (admissible && self.0.len() <= MAX_POLY_TERMS).then_some(self)
    }

    fn pow(&self, n: u32, steps: &mut usize) -> Option<Poly> {
        let mut acc = Poly::constant(Coef::ONE);
        for _ in 0..n {
            acc = acc.mul(self, steps)?;
        }
        Some(acc)
    }

    /// The exponent of kernel `k` common to every term.
    fn content_exp(&self, k: u32) -> u32 {
        self.0.keys().map(|m| mono_exp(m, k)).min().unwrap_or(0)
    }

    /// Divides every term by kernel `k` to the power `e` (which must divide it).
    fn div_kernel(&self, k: u32, e: u32) -> Poly {
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

    fn leading(&self) -> Option<(&Mono, &Coef)> {
        self.0.iter().max_by(|a, b| lex_cmp(a.0, b.0))
    }

    /// `self / d` when `d` divides `self` exactly.
    fn exact_div(&self, d: &Poly, steps: &mut usize) -> Option<Poly> {
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
            if quot.0.len() > MAX_POLY_TERMS {
                return None;
            }
        }
        Some(quot)
    }

    /// The kernels the polynomial uses.
    fn kernels(&self) -> Vec<u32> {
        let mut ks: Vec<u32> = self.0.keys().flat_map(|m| m.iter().map(|x| x.0)).collect();
        ks.sort_unstable();
        ks.dedup();
        ks
    }
}

fn mono_exp(m: &Mono, k: u32) -> u32 {
    m.iter().find(|x| x.0 == k).map_or(0, |x| x.1)
}

fn mono_mul(a: &Mono, b: &Mono) -> Mono {
    // Merged on the stack when short enough, else in a vector.
    const STACK: usize = 8;
    let mut buf = [(0u32, 0u32); STACK];
    let mut heap = Vec::new();
    let on_stack = a.len() + b.len() <= STACK;
    let mut n = 0;
    let mut put = |x: (u32, u32)| {
        if on_stack {
            buf[n] = x;
        } else {
            heap.push(x);
        }
        n += 1;
    };
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            Ordering::Less => {
                put(a[i]);
                i += 1;
            }
            Ordering::Greater => {
                put(b[j]);
                j += 1;
            }
            Ordering::Equal => {
                put((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    a[i..].iter().chain(&b[j..]).for_each(|&x| put(x));
    if !on_stack {
        return Mono::from_vec(heap);
    }
    if n <= MONO_INLINE {
        let mut xs = [(0, 0); MONO_INLINE];
        xs[..n].copy_from_slice(&buf[..n]);
        Mono::Inline(n as u8, xs)
    } else {
        Mono::Heap(buf[..n].into())
    }
}

fn mono_div(a: &Mono, b: &Mono) -> Option<Mono> {
    let mut out = a.clone();
    for &(k, e) in b.iter() {
        let p = out.iter().position(|x| x.0 == k)?;
        if out[p].1 < e {
            return None;
        }
        out[p].1 -= e;
        if out[p].1 == 0 {
            out.remove(p);
        }
    }
    Some(out)
}

/// Lexicographic order on exponent vectors, kernel 0 most significant.
fn lex_cmp(a: &Mono, b: &Mono) -> Ordering {
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i), b.get(j)) {
            (None, None) => return Ordering::Equal,
            (Some(_), None) => return Ordering::Greater,
            (None, Some(_)) => return Ordering::Less,
            (Some(x), Some(y)) => match x.0.cmp(&y.0) {
                Ordering::Less => return Ordering::Greater,
                Ordering::Greater => return Ordering::Less,
                Ordering::Equal => {
                    if x.1 != y.1 {
                        return x.1.cmp(&y.1);
                    }
                    i += 1;
                    j += 1;
                }
            },
        }
    }
}

/// The positive rational content of a nonzero polynomial: the gcd of its
/// numerators over the lcm of its denominators.
fn content_of(p: &Poly) -> Coef {
    let (mut g, mut l) = (0u64, 1u64);
    let mut small = true;
    for c in p.0.values() {
        let Coef::Small(n, d) = *c else {
            small = false;
            break;
        };
        let (mut a, mut b) = (g, n.unsigned_abs());
        while b != 0 {
            (a, b) = (b, a % b);
        }
        g = a;
        let (mut a, mut b) = (l, d.unsigned_abs());
        while b != 0 {
            (a, b) = (b, a % b);
        }
        match (l / a.max(1)).checked_mul(d.unsigned_abs()) {
            Some(x) => l = x,
            None => {
                small = false;
                break;
            }
        }
    }
    if small {
        return Coef::reduce(i128::from(g), i128::from(l));
    }
    let mut g = BigInt::zero();
    let mut l = BigInt::one();
    for c in p.0.values() {
        let c = c.to_rational();
        g = crate::expr::int_gcd(&g, c.numer());
        l = crate::expr::int_lcm(&l, c.denom());
    }
    Coef::of_owned(Rational::new(g, l))
}

// ------------------------------------------------------------------ the pass

/// One simplification run: memo tables, kernels and the step budget.
pub struct Simplifier {
    form: Form,
    memo: NodeMemo,
    coster: Coster,
    kernels: Kernels,
    /// Candidates of [`Simplifier::together`] by sum.
    together_memo: HashMap<ExprId, Option<Candidates>>,
    /// Results of [`Simplifier::group`] by sum.
    group_memo: HashMap<ExprId, ExprId>,
    /// Results of the grouping pass ([`Simplifier::present_node`]) by node.
    present_memo: NodeMemo,
    /// Results of the last pass ([`Simplifier::finish`]) by node.
    finish_memo: NodeMemo,
    /// The terms [`Simplifier::expr_of`] has built, by monomial and coefficient.
    term_memo: HashMap<Mono, Vec<(Coef, ExprId)>>,
    /// `-b` for the sums `b` whose sign [`Simplifier::flip_signs`] tried.
    neg_memo: HashMap<ExprId, ExprId>,
    /// Children of the nodes being rebuilt (see [`Simplifier::map_children`]).
    scratch: Vec<ExprId>,
    /// Buffers of [`Simplifier::product_cost`].
    cost_groups: Vec<(ExprId, Small)>,
    cost_whole: Vec<(ExprId, ExprId)>,
    steps: usize,
}

/// A result per node, in a table indexed by node number (nodes are numbered
/// densely as the store makes them).
#[derive(Default)]
struct NodeMemo(Vec<Option<ExprId>>);

impl NodeMemo {
    fn get(&self, id: ExprId) -> Option<ExprId> {
        self.0.get(id.index()).copied().flatten()
    }

    fn insert(&mut self, id: ExprId, r: ExprId) {
        let i = id.index();
        if i >= self.0.len() {
            let len = (i + 1).max(2 * self.0.len());
            self.0.resize(len, None);
        }
        self.0[i] = Some(r);
    }
}

/// Which pass [`Simplifier::map_children`] applies.
#[derive(Clone, Copy)]
enum Pass {
    Walk,
    Finish,
    Present,
}

/// Candidate forms, each with its cost: (expanded, factored).
type Candidates = (Vec<Costed>, Vec<Costed>);

/// A candidate form and its cost (as [`cost`] counts the form once built).
type Costed = (u64, Cand);

/// Denominator factors: (base, positive exponent).
type Den = Vec<(ExprId, Rational)>;

/// A candidate form of a sum. Polynomial forms are described rather than built:
/// their cost follows from the polynomial, and only the form chosen is built
/// in the store.
#[derive(Clone)]
enum Cand {
    Built(ExprId),
    /// The polynomial multiplied out, over the denominator.
    Expanded(Rc<Poly>, Rc<Den>),
    /// The polynomial with its content pulled out, over the denominator.
    Factored(Rc<Factored>, Rc<Den>),
}

/// A polynomial as `content * mono * q`.
struct Factored {
    content: Coef,
    mono: Mono,
    q: Poly,
}

/// The factors of a product as the store's `mul` leaves them, for working out
/// its cost before it is built: each is (base, exponent) when the store merges
/// it with other powers of its base, or (factor, None) when it stays as it is.
type FactorKey = Vec<(ExprId, Option<Small>)>;

/// An exponent n/d (reduced, d > 0) in machine integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Small(i64, u64);

impl Small {
    fn of(q: &Rational) -> Option<Small> {
        Some(Small(q.numer().to_i64()?, q.denom().to_u64()?))
    }

    fn reduce(n: i128, d: u128) -> Option<Small> {
        let (mut a, mut b) = (n.unsigned_abs(), d);
        while b != 0 {
            (a, b) = (b, a % b);
        }
        let g = a.max(1);
        let m = i64::try_from(n.unsigned_abs() / g).ok()?;
        Some(Small(if n < 0 { -m } else { m }, u64::try_from(d / g).ok()?))
    }

    fn add(self, o: Small) -> Option<Small> {
        let n = i128::from(self.0) * i128::from(o.1) + i128::from(o.0) * i128::from(self.1);
        Small::reduce(n, u128::from(self.1) * u128::from(o.1))
    }

    fn mul(self, o: Small) -> Option<Small> {
        Small::reduce(i128::from(self.0) * i128::from(o.0), u128::from(self.1) * u128::from(o.1))
    }

    /// [`num_cost`] of the number.
    fn num_cost(self) -> u64 {
        u64::from(self.0 < 0) + u64::from(self.1 != 1)
    }
}

/// What [`Simplifier::flip_loses`] asks of a product, found in one pass over it.
struct ProductShape {
    /// The bases of its factors (a power's base, or the factor itself), sorted.
    bases: Vec<ExprId>,
    /// How many of its factors are not numbers.
    symbolic: usize,
}

impl ProductShape {
    fn of(s: &Store, m: ExprId) -> ProductShape {
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

/// A factor shared by terms of a sum: its base, and its exponent when that is
/// symbolic, or whether it is negative when it is a number.
type SharedKey = (ExprId, Option<ExprId>, bool);

impl Simplifier {
    pub fn new(form: Form) -> Simplifier {
        Simplifier {
            form,
            memo: NodeMemo::default(),
            coster: Coster::dense(),
            kernels: Kernels::default(),
            together_memo: HashMap::default(),
            group_memo: HashMap::default(),
            finish_memo: NodeMemo::default(),
            present_memo: NodeMemo::default(),
            neg_memo: HashMap::default(),
            term_memo: HashMap::default(),
            scratch: Vec::new(),
            cost_groups: Vec::new(),
            cost_whole: Vec::new(),
            steps: STEP_BUDGET,
        }
    }

    /// Simplifies `id`; falls back to `id` itself when it is too large, and in
    /// the automatic form never returns anything costlier than `id`.
    pub fn run(&mut self, s: &mut Store, id: ExprId) -> ExprId {
        if self.memo.get(id).is_none() && too_large(s, id) {
            return id;
        }
        let r = self.walk(s, id);
        let r = self.finish(s, r);
        if self.form == Form::Auto && self.cost(s, r) > self.cost(s, id) {
            return id;
        }
        r
    }

    /// A simplified result as it is shown: its sums grouped by shared factors
    /// where that is shorter ([`Simplifier::group`]), except in the expanded
    /// form. Kept apart from [`Simplifier::run`] because a grouped form is a
    /// poor start for the next derivative: its product rule undoes the grouping.
    pub fn present(&mut self, s: &mut Store, id: ExprId) -> ExprId {
        if self.form == Form::Expanded || too_large(s, id) {
            return id;
        }
        let r = self.present_node(s, id);
        self.cheapest(s, &[id, r])
    }

    /// [`cost`], memoized for the simplifier's lifetime.
    pub fn cost(&mut self, s: &Store, id: ExprId) -> u64 {
        self.coster.cost(s, id)
    }

    fn walk(&mut self, s: &mut Store, id: ExprId) -> ExprId {
        if let Some(r) = self.memo.get(id) {
            return r;
        }
        let r = match *s.node(id) {
            Node::Num(_) | Node::Var(_) | Node::Const(_) => id,
            Node::Add(_) => {
                let a = self.map_children(s, id, Pass::Walk);
                if matches!(s.node(a), Node::Add(_)) {
                    self.sum(s, a)
                } else {
                    a
                }
            }
            Node::Mul(_) => {
                let m = self.map_children(s, id, Pass::Walk);
                self.product(s, m)
            }
            Node::Pow(b, e) => {
                let nb = self.walk(s, b);
                let ne = self.walk(s, e);
                let p = if (nb, ne) == (b, e) { id } else { s.pow(nb, ne) };
                self.power(s, p)
            }
            Node::Call(..) => {
                let c = self.map_children(s, id, Pass::Walk);
                identity_call(s, c).unwrap_or(c)
            }
        };
        self.memo.insert(id, r);
        r
    }

    /// The sum, product, power or call `id` with `pass` applied to each child and the
    /// node built again; `id` itself when no child changes (the store's
    /// constructors give a normalized node back unchanged). The children go on a
    /// shared stack, so that an unchanged node allocates nothing.
    fn map_children(&mut self, s: &mut Store, id: ExprId, pass: Pass) -> ExprId {
        let base = self.scratch.len();
        let (kind, f) = match s.node(id) {
            Node::Add(xs) => {
                self.scratch.extend_from_slice(xs);
                (0, None)
            }
            Node::Mul(xs) => {
                self.scratch.extend_from_slice(xs);
                (1, None)
            }
            Node::Call(f, xs) => {
                self.scratch.extend_from_slice(xs);
                (2, Some(*f))
            }
            Node::Pow(b, e) => {
                self.scratch.extend_from_slice(&[*b, *e]);
                (3, None)
            }
            _ => return id,
        };
        let mut changed = false;
        for i in base..self.scratch.len() {
            let t = self.scratch[i];
            let r = match pass {
                Pass::Walk => self.walk(s, t),
                Pass::Finish => self.finish(s, t),
                Pass::Present => self.present_node(s, t),
            };
            if r != t {
                self.scratch[i] = r;
                changed = true;
            }
        }
        let xs = &self.scratch[base..];
        let normal = match kind {
            0 => is_normal_sum(s, xs),
            1 => is_normal_product(s, xs),
            _ => true,
        };
        let r = if !changed && normal {
            id
        } else {
            match (kind, f) {
                (0, _) => s.add(xs),
                (1, _) => s.mul(xs),
                (3, _) => s.pow(xs[0], xs[1]),
                (_, Some(f)) => s.call(f, xs),
                _ => id,
            }
        };
        self.scratch.truncate(base);
        r
    }

    /// The cheapest of the candidates (the first on ties).
    pub fn cheapest(&mut self, s: &Store, cands: &[ExprId]) -> ExprId {
        let mut best = cands[0];
        let mut best_cost = self.cost(s, best);
        for &c in &cands[1..] {
            let k = self.cost(s, c);
            if k < best_cost {
                best = c;
                best_cost = k;
            }
        }
        best
    }

    // -------------------------------------------------------------- products

    /// A product whose sums (or integer powers of sums) hold fractions: each such
    /// sum over its common denominator, so that denominators merge across factors
    /// (no nested fractions).
    fn product(&mut self, s: &mut Store, m: ExprId) -> ExprId {
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
        self.cancel_factors(s, best)
    }

    /// Cancels a sum above the bar against a sum below it when one divides the
    /// other: `(x^2 - 1)/(x - 1)` = `x + 1`.
    fn cancel_factors(&mut self, s: &mut Store, m: ExprId) -> ExprId {
        let Node::Mul(fs) = s.node(m).clone() else {
            return m;
        };
        let int_of = |s: &Store, e: ExprId| s.as_num(e).and_then(small_integer);
        // The sums to integer powers among the factors; too many is given up on
        // as soon as it is seen.
        let mut sums: Vec<(ExprId, ExprId, i64)> = Vec::new();
        for &f in fs.iter() {
            let (b, e) = s.split_pow(f);
            if !matches!(s.node(b), Node::Add(_)) {
                continue;
            }
            let Some(n) = int_of(s, e) else { continue };
            if sums.len() == 8 {
                return m;
            }
            sums.push((f, b, n));
        }
        if sums.len() < 2 {
            return m;
        }
        for &(f_num, b_num, n_num) in sums.iter().filter(|x| x.2 > 0) {
            for &(f_den, b_den, n_den) in sums.iter().filter(|x| x.2 < 0) {
                let (Some(pn), Some(pd)) = (self.poly_of(s, b_num), self.poly_of(s, b_den)) else { continue };
                let mut steps = self.steps;
                let down = pn.exact_div(&pd, &mut steps);
                let up = if down.is_none() { pd.exact_div(&pn, &mut steps) } else { None };
                self.steps = steps;
                let mut xs: Vec<ExprId> = fs.iter().copied().filter(|&x| x != f_num && x != f_den).collect();
                match (down, up) {
                    // num/den = q: num^a/den^b = q*num^(a-1)/den^(b-1)
                    (Some(q), _) => xs.push(self.expr_of(s, &q)),
                    // den/num = q: num^a/den^b = 1/(q*num^(1-a)... ) = num^(a-1)/(q*den^(b-1))
                    (None, Some(q)) => {
                        let qe = self.expr_of(s, &q);
                        xs.push(s.recip(qe));
                    }
                    (None, None) => continue,
                }
                xs.push(s.powi(b_num, n_num - 1));
                xs.push(s.powi(b_den, n_den + 1));
                let cand = s.mul(&xs);
                return self.cancel_factors(s, cand);
            }
        }
        m
    }

    /// `-2*x*(1 - y)` as `2*x*(y - 1)`: a sum raised to an odd power changes sign
    /// with the coefficient, where that is shorter.
    fn flip_signs(&mut self, s: &mut Store, m: ExprId) -> ExprId {
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
    fn flip_loses(
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
        const LARGE: u64 = 1 << 60;
        let (cm, cb, cnb) = (self.cost(s, m), self.cost(s, b), self.cost(s, nb));
        if cm > LARGE || cb > LARGE || cnb > LARGE {
            return false;
        }
        // The sign of the coefficient flips: one minus sign less or more.
        let sign = if s.has_minus_sign(m) { -1 } else { 1 };
        i128::from(cnb) - i128::from(cb) + sign >= 0
    }

    /// The last pass: products of sines and cosines of one argument become sines
    /// of the double angle, and sums in products change sign with the
    /// coefficient, where that is shorter. It runs after sums are combined, so
    /// that it does not hide common factors from them.
    fn finish(&mut self, s: &mut Store, id: ExprId) -> ExprId {
        if let Some(r) = self.finish_memo.get(id) {
            return r;
        }
        let r = match *s.node(id) {
            Node::Num(_) | Node::Var(_) | Node::Const(_) => id,
            Node::Add(_) | Node::Call(..) | Node::Pow(..) => self.map_children(s, id, Pass::Finish),
            Node::Mul(_) => {
                let m = self.map_children(s, id, Pass::Finish);
                let m = self.double_angle(s, m);
                self.flip_signs(s, m)
            }
        };
        self.finish_memo.insert(id, r);
        r
    }

    /// The grouping pass of [`Simplifier::present`]: every sum, children first,
    /// grouped by [`Simplifier::group`].
    fn present_node(&mut self, s: &mut Store, id: ExprId) -> ExprId {
        if let Some(r) = self.present_memo.get(id) {
            return r;
        }
        let r = self.map_children(s, id, Pass::Present);
        let r = if matches!(s.node(r), Node::Add(_)) { self.group(s, r, MAX_GROUP_DEPTH) } else { r };
        self.present_memo.insert(id, r);
        r
    }

    fn double_angle(&mut self, s: &mut Store, m: ExprId) -> ExprId {
        if self.form != Form::Auto {
            return m;
        }
        let Node::Mul(fs) = s.node(m) else {
            return m;
        };
        let sin_base = |f: ExprId| {
            let b = match *s.node(f) {
                Node::Pow(b, _) => b,
                _ => f,
            };
            matches!(s.node(b), Node::Call(Func::Sin, _))
        };
        if !fs.iter().any(|&f| sin_base(f)) {
            return m;
        }
        let fs = fs.clone();
        // sin(u)^k*cos(u)^k = sin(2*u)^k/2^k
        for &f in fs.iter() {
            let (b, e) = s.split_pow(f);
            let Node::Call(Func::Sin, args) = s.node(b).clone() else { continue };
            let Some(k) = s.as_num(e).filter(|q| q.is_integer() && q.is_positive()).cloned() else { continue };
            let c = s.call(Func::Cos, &args);
            let ce = s.num(k.clone());
            let cp = s.pow(c, ce);
            if !fs.contains(&cp) {
                continue;
            }
            let two = s.int(2);
            let u2 = s.mul(&[two, args[0]]);
            let sin2 = s.call(Func::Sin, &[u2]);
            let sp = s.pow(sin2, ce);
            let half = s.num(Rational::new(BigInt::one(), BigInt::from(2)));
            let scale = s.pow(half, ce);
            let mut rest: Vec<ExprId> = fs.iter().copied().filter(|&x| x != f && x != cp).collect();
            rest.extend([sp, scale]);
            let cand = s.mul(&rest);
            return self.cheapest(s, &[m, cand]);
        }
        m
    }

    fn power(&mut self, s: &mut Store, p: ExprId) -> ExprId {
        let Node::Pow(b, e) = *s.node(p) else {
            return p;
        };
        // cbrt(u)^(3k + r) = u^k*cbrt(u)^r (r of the sign of the exponent): cbrt(u)^3 = u
        if let (Node::Call(Func::Cbrt, args), Some(n)) = (s.node(b), s.as_num(e).and_then(small_integer)) {
            if n.abs() >= 3 {
                let u = args[0];
                let whole = s.powi(u, n / 3);
                let rest = s.powi(b, n % 3);
                return s.mul(&[whole, rest]);
            }
        }
        // |u|^(2k) = u^(2k)
        if let (Node::Call(Func::Abs, args), Some(q)) = (s.node(b), s.as_num(e)) {
            if q.is_integer() && q.to_integer().is_even() {
                let u = args[0];
                return s.pow(u, e);
            }
        }
        // (e^u)^c = e^(c*u): e^u is positive
        if let Node::Pow(b0, e0) = *s.node(b) {
            if matches!(s.node(b0), Node::Const(Constant::E)) {
                let ce = s.mul(&[e0, e]);
                return s.exp(ce);
            }
        }
        // e^softplus(u) = 1 + e^u
        if matches!(s.node(b), Node::Const(Constant::E)) {
            if let Node::Call(Func::Softplus, args) = s.node(e) {
                let u = args[0];
                let eu = s.exp(u);
                let one = s.one();
                return s.add(&[one, eu]);
            }
        }
        p
    }

    // -------------------------------------------------------------- sums

    fn sum(&mut self, s: &mut Store, a: ExprId) -> ExprId {
        let mut cands = Vec::new();
        let mut factored = Vec::new();
        let mut expanded = Vec::new();
        if let Some((e, f)) = self.together(s, a) {
            expanded.extend(e);
            factored.extend(f);
        }
        let (e, f) = self.polish(s, a, 2);
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
    fn pick(&mut self, s: &mut Store, first: Option<ExprId>, cands: &[Costed]) -> ExprId {
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

    /// Groups the terms of a sum by the factor that most of them share, nested:
    /// `a*b*c + a*b*d + a*e + f` = `a*(b*(c + d) + e) + f`. At each level the
    /// factor pulled out is the one whose removal saves the most (its cost times
    /// the number of terms that lose it); the grouped form is kept only when it
    /// is cheaper.
    fn group(&mut self, s: &mut Store, a: ExprId, depth: u32) -> ExprId {
        if let Some(&r) = self.group_memo.get(&a) {
            return r;
        }
        let r = self.group_uncached(s, a, depth);
        self.group_memo.insert(a, r);
        r
    }

    fn group_uncached(&mut self, s: &mut Store, a: ExprId, depth: u32) -> ExprId {
        let Node::Add(ts) = s.node(a).clone() else { return a };
        if ts.len() < 3
            || ts.len() > MAX_GROUP_TERMS
            || depth == 0
            || factor_count(s, a) > MAX_GROUP_FACTORS
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
    fn group_or_content(&mut self, s: &mut Store, a: ExprId, depth: u32) -> ExprId {
        let Node::Add(ts) = s.node(a) else { return a };
        let n = ts.len();
        if !(3..=MAX_GROUP_TERMS).contains(&n) || depth == 0 || ts.iter().all(|&t| is_monomial(s, t)) {
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
    fn best_shared_factor(&mut self, s: &mut Store, ts: &[ExprId]) -> Option<(ExprId, Vec<ExprId>)> {
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

    /// Candidate forms of a sum with no denominators to combine: (expanded,
    /// factored).
    fn polish(&mut self, s: &mut Store, a: ExprId, depth: u32) -> Candidates {
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
            (!factored.is_empty() || has_expandable_term(s, a)) && factor_count(s, a) <= MAX_EXPAND_FACTORS;
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

    /// The sum over one common denominator, with common polynomial factors of
    /// numerator and denominator cancelled: (expanded, factored) numerators.
    fn together(&mut self, s: &mut Store, a: ExprId) -> Option<Candidates> {
        if let Some(r) = self.together_memo.get(&a) {
            return r.clone();
        }
        let r = self.together_uncached(s, a);
        self.together_memo.insert(a, r.clone());
        r
    }

    fn together_uncached(&mut self, s: &mut Store, a: ExprId) -> Option<Candidates> {
        let Node::Add(ts) = s.node(a) else { return None };
        if ts.len() > MAX_TOGETHER_TERMS || self.steps == 0 || !ts.iter().any(|&t| has_denominator(s, t)) {
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
        if den.is_empty() || den.len() > MAX_DEN_FACTORS {
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

    /// Cancels the denominator's factors that divide the numerator.
    fn cancel(&mut self, s: &mut Store, p: &mut Poly, den: &mut [(ExprId, Rational)]) {
        for (b, k) in den.iter_mut() {
            if p.is_zero() {
                return;
            }
            if matches!(s.node(*b), Node::Add(_)) && *k >= Rational::one() {
                if let Some(bp) = self.poly_of(s, *b) {
                    if bp.0.len() > 1 {
                        while *k >= Rational::one() {
                            let mut steps = self.steps;
                            let q = p.exact_div(&bp, &mut steps);
                            self.steps = steps;
                            match q {
                                Some(q) => {
                                    *p = q;
                                    *k -= Rational::one();
                                }
                                None => break,
                            }
                        }
                    }
                }
            }
            // Kernels that are b itself or a root of b.
            for kn in p.kernels() {
                let kexpr = self.kernels.expr(kn);
                let unit = if kexpr == *b {
                    Rational::one()
                } else {
                    match *s.node(kexpr) {
                        Node::Pow(kb, ke) if kb == *b => match s.as_num(ke) {
                            Some(q) if q.is_positive() && q.numer().is_one() => q.clone(),
                            _ => continue,
                        },
                        _ => continue,
                    }
                };
                let units = (&*k / &unit).floor().to_integer().to_u32().unwrap_or(0);
                let j = units.min(p.content_exp(kn));
                if j > 0 {
                    *p = p.div_kernel(kn, j);
                    *k -= &unit * Rational::from_integer(BigInt::from(j));
                }
            }
        }
    }

    /// sin^2 = 1 - cos^2 and cosh^2 = 1 + sinh^2 (and back), each tried once.
    fn pythagorean(&mut self, s: &mut Store, p: &Poly) -> Vec<Poly> {
        let mut out = Vec::new();
        let kernels = p.kernels();
        for &k in &kernels {
            if out.len() >= 4 {
                break;
            }
            let (f, u) = match s.node(self.kernels.expr(k)) {
                Node::Call(f, args) if args.len() == 1 => (*f, args[0]),
                _ => continue,
            };
            let (partner, c0, c2) = match f {
                Func::Sin => (Func::Cos, 1, -1),
                Func::Cos => (Func::Sin, 1, -1),
                Func::Cosh => (Func::Sinh, 1, 1),
                Func::Sinh => (Func::Cosh, -1, 1),
                Func::Csc => (Func::Cot, 1, 1),
                Func::Cot => (Func::Csc, -1, 1),
                Func::Sec => (Func::Tan, 1, 1),
                Func::Tan => (Func::Sec, -1, 1),
                Func::Csch => (Func::Coth, -1, 1),
                Func::Coth => (Func::Csch, 1, 1),
                // tanh^2 stays: tanh' is written 1 - tanh^2.
                Func::Sech => (Func::Tanh, 1, -1),
                _ => continue,
            };
            let top = p.0.keys().map(|m| mono_exp(m, k)).max().unwrap_or(0);
            if !(2..=MAX_SUBST_EXP).contains(&top) {
                continue;
            }
            let other = s.call(partner, &[u]);
            let ok = self.kernel_of(other);
            let mut repl = Poly::constant(Coef::ratio(c0, 1));
            repl.add_term(Mono::one(ok, 2), Coef::ratio(c2, 1));
            if let Some(q) = self.substitute_square(p, k, &repl) {
                out.push(q);
            }
            // sin(u)^2 = (1 - cos(2*u))/2, cos(u)^2 = (1 + cos(2*u))/2
            if matches!(f, Func::Sin | Func::Cos) && kernels.contains(&ok) {
                let two = s.int(2);
                let u2 = s.mul(&[two, u]);
                let c2 = s.call(Func::Cos, &[u2]);
                let kc2 = self.kernel_of(c2);
                let half = Coef::ratio(1, 2);
                let mut to_sin = Poly::constant(half.clone());
                to_sin.add_term(Mono::one(kc2, 1), half.neg());
                let mut to_cos = Poly::constant(half.clone());
                to_cos.add_term(Mono::one(kc2, 1), half);
                let (first, second) = if f == Func::Sin { (to_sin, to_cos) } else { (to_cos, to_sin) };
                if let Some(q) = self.substitute_square(p, k, &first) {
                    let q = match self.substitute_square(&q, ok, &second) {
                        Some(q2) => q2,
                        None => q,
                    };
                    out.push(q);
                }
            }
        }
        out
    }

    fn substitute_square(&mut self, p: &Poly, k: u32, repl: &Poly) -> Option<Poly> {
        let mut out = Poly::default();
        let mut steps = self.steps;
        // The powers of `repl` met so far, each with the steps its computation
        // took: a power met again is charged the same steps.
        let mut pows: Vec<Option<(Poly, usize)>> = Vec::new();
        for (m, c) in &p.0 {
            let e = mono_exp(m, k);
            let mut rest: Mono = m.iter().copied().filter(|x| x.0 != k).collect();
            if e % 2 == 1 {
                rest = mono_mul(&rest, &Mono::one(k, 1));
            }
            let n = (e / 2) as usize;
            if pows.len() <= n {
                pows.resize(n + 1, None);
            }
            match &pows[n] {
                Some((_, work)) => steps = steps.checked_sub(*work)?,
                None => {
                    let before = steps;
                    let pw = repl.pow(e / 2, &mut steps)?;
                    pows[n] = Some((pw, before - steps));
                }
            }
            let pw = &pows[n].as_ref()?.0;
            let base = Poly(Terms::single(rest, c.clone()));
            let t = base.mul(pw, &mut steps)?;
            for (m, c) in t.0 {
                out.add_term(m, c);
            }
            if out.0.len() > MAX_POLY_TERMS {
                return None;
            }
        }
        self.steps = steps;
        Some(out)
    }

    // -------------------------------------------------------------- conversions

    fn kernel_of(&mut self, id: ExprId) -> u32 {
        self.kernels.number(id)
    }

    /// The expression as a polynomial in kernels, within the size budget.
    fn poly_of(&mut self, s: &mut Store, id: ExprId) -> Option<Poly> {
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
                if n > MAX_POLY_TERMS {
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
                    if acc.0.len() > MAX_POLY_TERMS {
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
                        if n > MAX_EXPAND_POWER {
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

    fn mono_expr(&mut self, s: &mut Store, m: &Mono) -> Vec<ExprId> {
        m.iter()
            .map(|&(k, e)| {
                let ke = self.kernels.expr(k);
                s.powi(ke, i64::from(e))
            })
            .collect()
    }

    fn expr_of(&mut self, s: &mut Store, p: &Poly) -> ExprId {
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

    /// The polynomial with its numeric and monomial content pulled out, with
    /// either sign on the remaining sum; None when there is nothing to pull out
    /// (the expanded form is the candidate).
    fn factor_parts(&self, p: &Poly) -> Option<Factored> {
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

    // -------------------------------------------------------------- candidates

    fn built(&mut self, s: &Store, id: ExprId) -> Costed {
        (self.cost(s, id), Cand::Built(id))
    }

    /// The expanded candidate of `p` over `den`, built only when its cost cannot
    /// be foreseen.
    /// `cost` is [`Simplifier::sum_cost`] of `p`.
    fn expanded(&mut self, s: &mut Store, p: &Rc<Poly>, den: &Rc<Den>, cost: Option<u64>) -> Costed {
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
    fn factored(
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

    fn build(&mut self, s: &mut Store, c: &Cand) -> ExprId {
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

    /// The cost of `expr_of(p)` over `den` when it follows from the
    /// polynomial (see [`Simplifier::product_cost`]).
    fn fraction_cost(&mut self, s: &Store, p: &Poly, den: &Den, cost: Option<u64>) -> Option<u64> {
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
    fn sum_cost(&mut self, s: &Store, p: &Poly) -> Option<u64> {
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
    /// [`Coster::mul_cost`]'s. `key`, when given, receives the factors.
    fn product_cost(
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
        if let Some((_, n)) = sum {
            // The sum is a new node unless it is one of the bases.
            let mut bases = groups.iter().map(|g| g.0).chain(whole.iter().map(|w| w.1));
            if bases.any(|b| matches!(s.node(b), Node::Add(ts) if ts.len() == n)) {
                return None;
            }
        }
        let (mut nnum, mut nden, mut numc, mut denc) = (0u64, 0u64, 0u64, 0u64);
        let mut lone_sum = false;
        for &(b, r) in groups.iter() {
            if r.0 == 0 {
                continue;
            }
            if matches!(s.node(b), Node::Const(Constant::E)) {
                // e^r, r a positive integer (an `e` kernel to a power).
                nnum += 1;
                numc = numc.saturating_add(1 + r.num_cost());
            } else if r == Small(1, 1) {
                nnum += 1;
                numc = numc.saturating_add(self.cost(s, b));
                lone_sum = matches!(s.node(b), Node::Add(_));
            } else if r.0 < 0 {
                nden += 1;
                // As `Coster::inverse_pow_cost`: b alone for b^-1.
                let cb = self.cost(s, b);
                let k = if r == Small(-1, 1) { cb } else { (1 + cb).saturating_add(u64::from(r.1 != 1)) };
                denc = denc.saturating_add(k);
            } else {
                nnum += 1;
                numc = numc.saturating_add((1 + self.cost(s, b)).saturating_add(r.num_cost()));
            }
        }
        for &(f, b) in whole.iter() {
            match s.node(f) {
                Node::Pow(_, x) if !matches!(s.node(b), Node::Const(Constant::E)) => {
                    match s.as_num(*x).filter(|q| q.is_negative()) {
                        Some(q) => {
                            nden += 1;
                            denc = denc.saturating_add(self.coster.inverse_pow_cost(s, b, q));
                        }
                        None => {
                            nnum += 1;
                            numc = numc.saturating_add(self.cost(s, f));
                        }
                    }
                }
                _ => {
                    nnum += 1;
                    numc = numc.saturating_add(self.cost(s, f));
                }
            }
        }
        if let Some((k, _)) = sum {
            nnum += 1;
            numc = numc.saturating_add(k);
            lone_sum = true;
        }
        if nnum + nden == 1 && lone_sum {
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
        let neg = u64::from(c.is_negative());
        nnum += u64::from(!c.numer_is_unit());
        nden += u64::from(!c.denom_is_one());
        let k = if nden == 0 {
            neg + nnum.saturating_sub(1) + numc
        } else {
            neg + 1 + nnum.saturating_sub(1) + numc + (nden - 1) + denc
        };
        Some((k, merged))
    }
}

/// True for a base the store's `mul` merges powers of by adding their numeric
/// exponents, with `pow` giving `b^r` as a node of its own (or `b` for r = 1).
fn merges_by_base(s: &Store, b: ExprId) -> bool {
    matches!(s.node(b), Node::Var(_) | Node::Call(..) | Node::Add(_) | Node::Const(Constant::Pi))
}

/// An order on factor keys, so that equal keys are found next to each other.
fn cmp_keys(a: &FactorKey, b: &FactorKey) -> Ordering {
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

/// The integer value of `q` when it is one that fits an `i64`.
fn small_integer(q: &Rational) -> Option<i64> {
    if q.is_integer() {
        q.to_integer().to_i64()
    } else {
        None
    }
}

/// True for a number times powers of variables with positive integer exponents.
fn is_monomial(s: &Store, t: ExprId) -> bool {
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

/// True when the store's `add` gives the sum of these terms back as the node
/// that holds them: at most one number, first; terms in id order, none a sum;
/// no coefficient 1 written out; no two terms alike but for their coefficient.
fn is_normal_sum(s: &Store, ts: &[ExprId]) -> bool {
    let start = usize::from(s.as_num(ts[0]).is_some());
    let rest = &ts[start..];
    if ts.len() < 2 || s.is_zero(ts[0]) || rest.windows(2).any(|w| w[0] >= w[1]) {
        return false;
    }
    // A term without its coefficient: what the store's `add` collects terms by.
    fn rest_of<'a>(s: &'a Store, t: &'a ExprId) -> Option<&'a [ExprId]> {
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
const SMALL: usize = 16;

/// True when the store's `mul` gives the product of these factors back as the
/// node that holds them: at most one number (not 0 or 1), first; factors in id
/// order, none a product, no two with the same base; not a number times one sum;
/// no division by zero.
fn is_normal_product(s: &Store, fs: &[ExprId]) -> bool {
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

fn all_distinct<T: Ord>(mut xs: Vec<T>) -> bool {
    xs.sort_unstable();
    xs.windows(2).all(|w| w[0] != w[1])
}

/// True when the expression has more than [`MAX_NODES`] distinct nodes; it
/// cannot when the whole store has no more.
fn too_large(s: &Store, id: ExprId) -> bool {
    s.len() > MAX_NODES && dag_size(s, id, MAX_NODES) > MAX_NODES
}

/// The number of distinct nodes in the expression, counting stops past `limit`.
fn dag_size(s: &Store, id: ExprId, limit: usize) -> usize {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut stack = vec![id];
    while let Some(i) = stack.pop() {
        if !seen.insert(i) {
            continue;
        }
        if seen.len() > limit {
            break;
        }
        match s.node(i) {
            Node::Num(_) | Node::Var(_) | Node::Const(_) => {}
            Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => stack.extend(xs.iter()),
            Node::Pow(b, e) => stack.extend([*b, *e]),
        }
    }
    seen.len()
}

/// The number of factors over all terms of a sum.
fn factor_count(s: &Store, a: ExprId) -> usize {
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
fn has_expandable_term(s: &Store, a: ExprId) -> bool {
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

/// True when a term has a denominator: a factor with a negative numeric
/// exponent (as [`split_fraction`] finds them).
fn has_denominator(s: &Store, t: ExprId) -> bool {
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
type Split = (Vec<ExprId>, Vec<(ExprId, Rational)>);

/// A term as numerator factors (with its coefficient) and denominator factors
/// (base, positive exponent): `3*x/(y^2*z)` is ([3, x], [(y, 2), (z, 1)]).
fn split_fraction(s: &Store, t: ExprId) -> Split {
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

fn build_fraction(s: &mut Store, numer: ExprId, den: &[(ExprId, Rational)]) -> ExprId {
    let mut fs = vec![numer];
    for (b, k) in den {
        if !k.is_zero() {
            let e = s.num(-k.clone());
            fs.push(s.pow(*b, e));
        }
    }
    s.mul(&fs)
}

/// The factor common to every term of a sum, and the sum divided by it:
/// numeric content, and bases every term shares (the lowest numeric exponent,
/// or the same symbolic one). None when only 1 is common.
fn common_factor(s: &mut Store, a: ExprId) -> Option<(ExprId, ExprId)> {
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
fn common_parts(s_ref: &Store, a: ExprId, one: ExprId) -> Option<(Rational, Vec<(ExprId, ExprId)>)> {
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
enum Content {
    Small(u64, u64),
    Big(BigInt, BigInt),
}

impl Content {
    /// Takes in the coefficient of one more term (None for 1).
    fn take(&mut self, c: Option<&Rational>) {
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
            *g = crate::expr::int_gcd(g, c.map_or(&unit, |c| c.numer()));
            *l = crate::expr::int_lcm(l, c.map_or(&unit, |c| c.denom()));
        }
    }

    fn value(self) -> Rational {
        match self {
            Content::Small(g, l) => Rational::new(BigInt::from(g), BigInt::from(l)),
            Content::Big(g, l) => Rational::new(g, l),
        }
    }
}

fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// f(g(u)) for inverse pairs and their neighbours: sin(asin(u)) = u,
/// cos(asin(u)) = sqrt(1 - u^2), cosh(acosh(u)) = u, ... (each where defined).
fn identity_call(s: &mut Store, c: ExprId) -> Option<ExprId> {
    use Func::*;
    let Node::Call(f, args) = s.node(c).clone() else { return None };
    if args.len() != 1 {
        return None;
    }
    if let Some(r) = shift_by_pi(s, f, args[0]) {
        return Some(r);
    }
    let Node::Call(g, inner) = s.node(args[0]).clone() else {
        // |u^(2k)| = u^(2k)
        if f == Abs {
            if let Node::Pow(_, e) = *s.node(args[0]) {
                if s.as_num(e).is_some_and(|q| q.is_integer() && q.to_integer().is_even()) {
                    return Some(args[0]);
                }
            }
        }
        return None;
    };
    if inner.len() != 1 {
        return None;
    }
    let u = inner[0];
    let one = s.one();
    let u2 = s.powi(u, 2);
    let r = match (f, g) {
        (Sin, Asin) | (Cos, Acos) | (Tan, Atan) | (Cot, Acot) | (Sec, Asec) | (Csc, Acsc) => u,
        (Sinh, Asinh) | (Cosh, Acosh) | (Tanh, Atanh) => u,
        (Cos, Asin) | (Sin, Acos) => {
            let nu2 = s.neg(u2);
            let d = s.add(&[one, nu2]);
            s.sqrt(d)
        }
        (Cosh, Asinh) => {
            let d = s.add(&[u2, one]);
            s.sqrt(d)
        }
        (Sinh, Acosh) => {
            let m1 = s.int(-1);
            let d = s.add(&[u2, m1]);
            s.sqrt(d)
        }
        (Abs, Abs) | (Sign, Sign) => args[0],
        // cbrt keeps the sign of its argument
        (Sign, Cbrt) => s.call(Sign, &[u]),
        _ => return None,
    };
    Some(r)
}

/// sin(u + k*pi/2), cos(u + pi), tan(u + pi), ... as a function of u alone.
fn shift_by_pi(s: &mut Store, f: Func, arg: ExprId) -> Option<ExprId> {
    use Func::*;
    if !matches!(f, Sin | Cos | Tan | Cot | Sec | Csc) {
        return None;
    }
    let Node::Add(ts) = s.node(arg).clone() else { return None };
    let (pos, k) = ts.iter().enumerate().find_map(|(i, &t)| {
        let (c, rest) = s.split_coeff(t);
        matches!(s.node(rest), Node::Const(Constant::Pi)).then_some((i, c))
    })?;
    let halves = &k * Rational::from_integer(BigInt::from(2));
    if !halves.is_integer() {
        return None;
    }
    let n = halves.to_integer().mod_floor(&BigInt::from(4)).to_u8()?;
    let rest: Vec<ExprId> = ts.iter().enumerate().filter(|&(i, _)| i != pos).map(|(_, &t)| t).collect();
    let u = s.add(&rest);
    // (function, negated) after the shift by n quarter turns
    let (g, neg) = match (f, n) {
        (Sin, 0) | (Cos, 3) => (Sin, false),
        (Sin, 1) | (Cos, 0) => (Cos, false),
        (Sin, 2) | (Cos, 1) => (Sin, true),
        (Sin, 3) | (Cos, 2) => (Cos, true),
        (Tan, 0 | 2) => (Tan, false),
        (Tan, _) => (Cot, true),
        (Cot, 0 | 2) => (Cot, false),
        (Cot, _) => (Tan, true),
        (Sec, 0) => (Sec, false),
        (Sec, 1) => (Csc, true),
        (Sec, 2) => (Sec, true),
        (Sec, _) => (Csc, false),
        (Csc, 0) => (Csc, false),
        (Csc, 1) => (Sec, false),
        (Csc, 2) => (Csc, true),
        (Csc, _) => (Sec, true),
        _ => return None,
    };
    let v = s.call(g, &[u]);
    Some(if neg { s.neg(v) } else { v })
}

/// Identities between factors of a product, each valid wherever the product is
/// defined: u*sign(u) = |u|; u/sqrt(u^2) = sign(u); sigmoid(u)*(e^u + 1) = e^u.
fn product_identity(s: &mut Store, m: ExprId) -> Option<ExprId> {
    let Node::Mul(fs) = s.node(m).clone() else { return None };
    /// The base of a factor, as far as the identities look at it.
    enum Base {
        Sign(ExprId),
        Square(ExprId),
        Sigmoid(ExprId),
    }
    for &f in fs.iter() {
        let (b, e) = s.split_pow(f);
        let base = match s.node(b) {
            Node::Call(Func::Sign, args) => Base::Sign(args[0]),
            Node::Pow(u, two) if s.as_num(*two).is_some_and(|q| *q == Rational::from_integer(2.into())) => {
                Base::Square(*u)
            }
            Node::Call(Func::Sigmoid, args) => Base::Sigmoid(args[0]),
            _ => continue,
        };
        match base {
            Base::Sign(u) if s.is_one(e) && fs.contains(&u) => {
                let abs = s.call(Func::Abs, &[u]);
                let abs = identity_call(s, abs).unwrap_or(abs);
                let mut xs: Vec<ExprId> = fs.iter().copied().filter(|&x| x != f && x != u).collect();
                xs.push(abs);
                return Some(s.mul(&xs));
            }
            Base::Square(u) => {
                let minus_half = Rational::new(BigInt::from(-1), BigInt::from(2));
                if s.as_num(e) == Some(&minus_half) && fs.contains(&u) {
                    let sign = s.call(Func::Sign, &[u]);
                    let mut xs: Vec<ExprId> = fs.iter().copied().filter(|&x| x != f && x != u).collect();
                    xs.push(sign);
                    return Some(s.mul(&xs));
                }
            }
            Base::Sigmoid(u) if s.is_one(e) => {
                let eu = s.exp(u);
                let one = s.one();
                let sum = s.add(&[eu, one]);
                let hit = fs.iter().position(|&x| {
                    let (xb, xe) = s.split_pow(x);
                    xb == sum && s.as_num(xe).is_some_and(|q| q.is_integer() && q.is_positive())
                });
                if let Some(j) = hit {
                    let (_, xe) = s.split_pow(fs[j]);
                    let m1 = s.int(-1);
                    let ne = s.add(&[xe, m1]);
                    let rest = s.pow(sum, ne);
                    let mut xs: Vec<ExprId> = fs.iter().copied().filter(|&x| x != f && x != fs[j]).collect();
                    xs.extend([eu, rest]);
                    return Some(s.mul(&xs));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Differentiator;
    use crate::parse::parse_into;

    const INPUTS: &[&str] = &[
        "ln(sqrt(exp(x * 5^3)))",
        "(x + 1)^3*(2*x + 1)^(-1)*(x^2 + 3)*(x + 5)^5/(x^2 + 2)",
        "-2*tanh(x)*(1 - tanh(x)^2)*(1 - x)^3",
        "exp(sin(x))*x^2",
        "sin(x)^2*cos(x)^3 - (1 - x)^5/(x - 2)^3",
        "x^x",
        "2*x + 4*x*y - 6*(x - y)^3 + sqrt(x)*sqrt(2)*sqrt(2)",
        "atan(x/y) + sigmoid(x)*(exp(x) + 1) + x*sign(x)",
        "(x^2 - 1)/(x - 1) + 1/(x - 1) - 1/(x + 1)",
    ];

    /// Every node reachable from the given roots.
    fn reachable(s: &Store, roots: &[ExprId]) -> Vec<ExprId> {
        let mut seen = rustc_hash::FxHashSet::default();
        let mut stack = roots.to_vec();
        let mut out = Vec::new();
        while let Some(i) = stack.pop() {
            if !seen.insert(i) {
                continue;
            }
            out.push(i);
            match s.node(i) {
                Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => stack.extend(xs.iter()),
                Node::Pow(b, e) => stack.extend([*b, *e]),
                _ => {}
            }
        }
        out
    }

    /// Derivatives of the inputs (orders 1 to 3) and their simplified forms.
    fn corpus() -> (Store, Vec<ExprId>) {
        let mut s = Store::new();
        let mut roots = Vec::new();
        for text in INPUTS {
            let f = parse_into(&mut s, text).expect("the test input parses");
            let x = s.var("x");
            let mut d = Differentiator::new();
            let mut simplifier = Simplifier::new(Form::Auto);
            let mut e = f;
            for _ in 0..3 {
                e = d.diff(&mut s, e, x);
                roots.push(e);
                roots.push(simplifier.run(&mut s, e));
            }
        }
        (s, roots)
    }

    #[test]
    fn normal_nodes_are_rebuilt_unchanged() {
        let (mut s, roots) = corpus();
        let (mut sums, mut products) = (0, 0);
        for id in reachable(&s, &roots) {
            match s.node(id).clone() {
                Node::Add(ts) if is_normal_sum(&s, &ts) => {
                    sums += 1;
                    assert_eq!(s.add(&ts), id, "{:?}", s.node(id));
                }
                Node::Mul(fs) if is_normal_product(&s, &fs) => {
                    products += 1;
                    assert_eq!(s.mul(&fs), id, "{:?}", s.node(id));
                }
                _ => {}
            }
        }
        assert!(sums > 20 && products > 20, "{sums} sums, {products} products");
    }

    #[test]
    fn candidates_cost_what_was_predicted() {
        let (mut s, roots) = corpus();
        let mut simplifier = Simplifier::new(Form::Auto);
        let (mut foreseen, mut checked) = (0, 0);
        for a in reachable(&s, &roots) {
            if !matches!(s.node(a), Node::Add(_)) {
                continue;
            }
            let (e, f) = simplifier.polish(&mut s, a, 2);
            let (te, tf) = simplifier.together(&mut s, a).unwrap_or_default();
            for (k, c) in e.iter().chain(&f).chain(&te).chain(&tf) {
                foreseen += usize::from(!matches!(c, Cand::Built(_)));
                checked += 1;
                let id = simplifier.build(&mut s, c);
                assert_eq!(simplifier.cost(&s, id), *k, "{:?}", s.node(id));
            }
        }
        assert!(foreseen > 20 && checked > foreseen, "{foreseen} of {checked}");
    }

    #[test]
    fn products_with_two_powers_of_one_base_are_not_normal() {
        let mut s = Store::new();
        let x = s.var("x");
        let e = s.constant(Constant::E);
        let (two, three) = (s.int(2), s.int(3));
        let (a, b) = (s.mul(&[two, x]), s.mul(&[three, x]));
        let (pa, pb) = (s.pow(e, a), s.pow(e, b));
        let mut fs = vec![x, pa, pb];
        fs.sort();
        assert!(!is_normal_product(&s, &fs));
        fs.retain(|&f| f != pb);
        assert!(is_normal_product(&s, &fs));
    }

    #[test]
    fn monomials_stay_small() {
        // Larger keys push the polynomial's map nodes past the allocator's fast sizes.
        assert_eq!(std::mem::size_of::<Mono>(), 24);
        let a = Mono::one(1, 2);
        let b: Mono = [(0, 1), (2, 3)].into_iter().collect();
        let ab = mono_mul(&a, &b);
        assert_eq!(ab.as_slice(), &[(0, 1), (1, 2), (2, 3)]);
        assert_eq!(mono_div(&ab, &b).as_deref(), Some(a.as_slice()));
    }

    #[test]
    fn coefficients_leave_machine_integers_and_come_back() {
        assert!(std::mem::size_of::<Coef>() <= 24);
        let max = Coef::ratio(i64::MAX, 1);
        let big = max.add(&Coef::ONE);
        assert!(matches!(big, Coef::Big(_)));
        assert_eq!(big.to_rational(), Rational::from_integer(BigInt::from(i64::MAX) + 1));
        assert_eq!(big.add(&Coef::ONE.neg()), max);
        let third = Coef::ratio(2, -6);
        assert_eq!(third, Coef::Small(-1, 3));
        assert_eq!(third.mul(&Coef::ratio(3, 1)), Coef::Small(-1, 1));
        assert_eq!(third.div(&Coef::ratio(-1, 3)), Coef::ONE);
        assert!(Coef::ratio(i64::MIN, 1).neg().to_rational() == Rational::from_integer(-BigInt::from(i64::MIN)));
    }

    #[test]
    fn predicted_sign_flips_lose() {
        let (mut s, roots) = corpus();
        let mut simplifier = Simplifier::new(Form::Auto);
        let (mut predicted, mut checked) = (0, 0);
        for m in reachable(&s, &roots) {
            let Node::Mul(fs) = s.node(m).clone() else { continue };
            for &f in fs.iter() {
                let (b, e) = s.split_pow(f);
                let odd = s.as_num(e).is_some_and(|q| q.is_integer() && q.numer().is_odd());
                if !odd || !matches!(s.node(b), Node::Add(_)) {
                    continue;
                }
                let nb = s.neg(b);
                let nf = s.pow(nb, e);
                let shape = ProductShape::of(&s, m);
                let loses = simplifier.flip_loses(&s, m, &shape, b, e, nb, nf);
                let mut xs: Vec<ExprId> = fs.iter().copied().filter(|&x| x != f).collect();
                xs.push(nf);
                xs.push(s.int(-1));
                let cand = s.mul(&xs);
                checked += 1;
                if loses {
                    predicted += 1;
                    assert!(simplifier.cost(&s, cand) >= simplifier.cost(&s, m), "{:?}", s.node(m));
                }
            }
        }
        assert!(predicted > 10 && checked > predicted, "{predicted} of {checked}");
    }
}
