//! The reading order shared by every printer: how the terms of a sum and the factors
//! of a product are arranged, and how a product splits into numerator and denominator.
//!
//! Arranging reads the store only: a term's coefficient and sign are taken from its
//! factors, not built as new nodes, and each sort compares a cheap key first (degree,
//! monomial, rank, a 64-bit prefix of [`compare`]) before the full comparison.

use std::cmp::Ordering;
use std::sync::OnceLock;

use num_bigint::{BigInt, BigUint};
use num_traits::{One, Signed, ToPrimitive};

use crate::func::{Builtin, Func, NAMES};
use crate::store::{Constant, ExprId, Node, Rational, Store};

/// A product arranged for printing: sign, numeric coefficient as numerator and
/// denominator, and the remaining factors above and below the fraction bar.
pub struct Fraction {
    pub negative: bool,
    /// The numeric coefficient (a number node, read without its sign), if any.
    coeff: Option<ExprId>,
    /// The factors above the bar, then those below.
    factors: Vec<ExprId>,
    /// Where the factors below the bar start.
    split: usize,
}

impl Fraction {
    /// Factors with a non-negative (or symbolic) exponent, in reading order.
    pub fn num(&self) -> &[ExprId] {
        &self.factors[..self.split]
    }

    /// Factors with a negative numeric exponent, inverted (x^-2 appears as x^2).
    pub fn den(&self) -> &[ExprId] {
        &self.factors[self.split..]
    }

    /// |numerator of the coefficient|, omitted when 1.
    pub fn coeff_num<'s>(&self, s: &'s Store) -> Option<&'s BigUint> {
        let q = s.as_num(self.coeff?)?;
        Some(q.numer().magnitude()).filter(|n| !n.is_one())
    }

    /// Denominator of the coefficient, omitted when 1.
    pub fn coeff_den<'s>(&self, s: &'s Store) -> Option<&'s BigInt> {
        let q = s.as_num(self.coeff?)?;
        Some(q.denom()).filter(|d| !d.is_one())
    }
}

/// Splits an expression into a [`Fraction`]. `x^-2` becomes 1/x^2, `-3*x/4` keeps
/// 3 above and 4 below the bar.
pub fn fraction(s: &mut Store, id: ExprId) -> Fraction {
    fraction_of(s, id, false)
}

/// The fraction of the factors of `id` (`id` itself when it is not a product), with
/// the sign flipped when `negate` is set.
fn fraction_of(s: &mut Store, id: ExprId, negate: bool) -> Fraction {
    let len = match s.node(id) {
        Node::Mul(fs) => fs.len(),
        _ => 1,
    };
    let mut coeff: Option<ExprId> = None;
    let mut numbers = 0;
    // Numerator factors from the front, denominator factors from the back of one
    // buffer; the denominator is turned around afterwards.
    let mut factors = vec![id; len];
    let (mut top, mut bottom) = (0, len);
    for i in 0..len {
        let f = match s.node(id) {
            Node::Mul(fs) => fs[i],
            _ => id,
        };
        match s.node(f) {
            Node::Num(_) => {
                numbers += 1;
                coeff.get_or_insert(f);
                continue;
            }
            &Node::Pow(b, e) => {
                if let Some(q) = s.as_num(e).filter(|q| q.is_negative()) {
                    // b^-1 is b over the bar, as `pow(b, 1)` would give.
                    if q.numer().to_i8() == Some(-1) && q.denom().is_one() {
                        bottom -= 1;
                        factors[bottom] = b;
                        continue;
                    }
                    let pos = s.num(-q.clone());
                    bottom -= 1;
                    factors[bottom] = s.pow(b, pos);
                    continue;
                }
            }
            _ => {}
        }
        factors[top] = f;
        top += 1;
    }
    if numbers > 1 {
        // Not a normalized product: multiply its numbers.
        let mut q = Rational::one();
        for i in 0..len {
            if let Node::Mul(fs) = s.node(id) {
                if let Some(c) = s.as_num(fs[i]) {
                    q *= c;
                }
            }
        }
        coeff = Some(s.num(q));
    }
    factors[bottom..].reverse();
    factors.copy_within(bottom.., top);
    factors.truncate(top + len - bottom);
    let (num, den) = factors.split_at_mut(top);
    sort_factors(s, num);
    sort_factors(s, den);
    let negative = coeff.and_then(|c| s.as_num(c)).is_some_and(Signed::is_negative) != negate;
    Fraction { negative, coeff, factors, split: top }
}

/// How a term with a minus sign reads once the sign is written: what follows `-`.
pub enum Negated {
    /// The number, without its sign.
    Number(ExprId),
    /// This expression (`-x` is `x`).
    Expr(ExprId),
    /// A product: `-3*x/y` is 3*x/y.
    Product(Fraction),
}

/// The term `t` (with [`Store::has_minus_sign`]) without its minus sign, as
/// `Store::neg` would give it, but read off `t` instead of built.
pub fn negated(s: &mut Store, t: ExprId) -> Negated {
    let Node::Mul(fs) = s.node(t) else {
        return match s.node(t) {
            Node::Num(_) => Negated::Number(t),
            _ => {
                let pos = s.neg(t);
                Negated::Expr(pos)
            }
        };
    };
    let minus_one = s.as_num(fs[0]).is_some_and(|q| q.denom().is_one() && q.numer().to_i8() == Some(-1));
    let rest = &fs[1..];
    if rest.len() == 1 {
        match s.node(rest[0]) {
            // A product with a division by zero is that division (see `Store::mul`).
            Node::Pow(b, _) if s.is_zero(*b) => return Negated::Expr(rest[0]),
            Node::Num(_) | Node::Mul(_) => {}
            _ if minus_one => return Negated::Expr(rest[0]),
            // A number times one sum distributes.
            Node::Add(_) => {
                let pos = s.neg(t);
                return Negated::Expr(pos);
            }
            _ => {}
        }
    }
    let plain = rest.iter().all(|&f| match s.node(f) {
        Node::Num(_) | Node::Mul(_) => false,
        Node::Pow(b, _) => !s.is_zero(*b),
        _ => true,
    });
    if !plain {
        let pos = s.neg(t);
        return Negated::Expr(pos);
    }
    Negated::Product(fraction_of(s, t, true))
}

/// The factors of a term besides its numeric coefficient: none for a number, the
/// term itself when it is not a product.
fn rest_of<'a>(s: &'a Store, term: &'a ExprId) -> &'a [ExprId] {
    match s.node(*term) {
        Node::Num(_) => &[],
        Node::Mul(fs) if matches!(s.node(fs[0]), Node::Num(_)) => &fs[1..],
        Node::Mul(fs) => fs,
        _ => std::slice::from_ref(term),
    }
}

/// A polynomial degree or exponent: a machine integer, or any rational.
#[derive(Clone)]
enum Num<'a> {
    Int(i64),
    Big(std::borrow::Cow<'a, Rational>),
}

impl<'a> Num<'a> {
    fn of(q: &'a Rational) -> Num<'a> {
        match (q.denom().is_one(), q.numer().to_i64()) {
            (true, Some(n)) => Num::Int(n),
            _ => Num::Big(std::borrow::Cow::Borrowed(q)),
        }
    }

    fn to_rational(&self) -> Rational {
        match self {
            Num::Int(n) => Rational::from_integer(BigInt::from(*n)),
            Num::Big(q) => q.as_ref().clone(),
        }
    }

    fn add(self, other: &Num<'a>) -> Num<'a> {
        if let (Num::Int(a), Num::Int(b)) = (&self, other) {
            if let Some(c) = a.checked_add(*b) {
                return Num::Int(c);
            }
        }
        let mut sum = self.to_rational();
        crate::store::add_assign(&mut sum, &other.to_rational());
        Num::Big(std::borrow::Cow::Owned(sum))
    }

    fn cmp(&self, other: &Num) -> Ordering {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a.cmp(b),
            (Num::Big(a), Num::Int(1)) => a.numer().cmp(a.denom()),
            (Num::Int(1), Num::Big(b)) => b.denom().cmp(b.numer()),
            _ => compare_numbers(&self.to_rational(), &other.to_rational()),
        }
    }
}

/// What orders the terms of a sum, besides the full [`compare`] of their rests.
struct Key<'a> {
    degree: Num<'a>,
    /// The term's variables with their exponents: a range of the shared monomial list.
    monomial: (u32, u32),
    /// The rank of the rest above its [`hint`], compared as one number.
    rank_hint: u128,
    rest: &'a [ExprId],
}

/// A sum standing alone (the whole expression, or an argument) written with its
/// integer content outside where that saves operations: `2*w*x + 2*b - 2*y` as
/// `2*(w*x + b - y)`, as the sibling partial `2*x*(w*x + b - y)` reads (the store
/// distributes a number over a lone sum, so the content can only be shown).
/// The content's sign is the one that leaves fewer minus signs inside (`2*y - 2*x`
/// is `-2*(x - y)`). Returns the content and the sum divided by it; parsing the
/// printed form gives the sum back.
pub fn sum_content(s: &mut Store, id: ExprId) -> Option<(Rational, ExprId)> {
    let Node::Add(terms) = s.node(id) else { return None };
    let mut g = BigInt::from(0);
    for &t in terms.iter() {
        let q = s.coefficient_of(t);
        if !q.is_integer() {
            return None;
        }
        g = num_integer::Integer::gcd(&g, q.numer());
        if g.is_one() {
            return None; // no content: most sums stop at their first terms
        }
    }
    if g <= BigInt::one() {
        return None;
    }
    // Multiplications by a coefficient other than ±1, before and after; minus signs.
    let (mut before, mut after, mut negative, mut symbolic) = (0u32, 0u32, 0usize, 0u32);
    for &t in terms.iter() {
        let q = s.coefficient_of(t);
        negative += usize::from(q.is_negative());
        if s.as_num(t).is_none() {
            symbolic += 1;
            before += u32::from(!q.numer().magnitude().is_one());
            after += u32::from(&q.numer().magnitude().clone() != g.magnitude());
        }
    }
    let flip = 2 * negative > terms.len();
    let all_negative = negative == terms.len();
    // 1 for the content's multiplication, 1 for its minus sign; an expanded sum of
    // negative terms only pays a leading minus sign too.
    if 1 + after + u32::from(flip) >= before + u32::from(all_negative) || symbolic < 2 {
        return None;
    }
    let c = Rational::from_integer(if flip { -g } else { g });
    let terms = terms.to_vec();
    let inv = s.num(c.recip());
    let inner: Vec<ExprId> = terms.iter().map(|&t| s.mul(&[inv, t])).collect();
    let inner = s.add(&inner);
    Some((c, inner))
}

/// Terms of a sum in reading order: higher degree first, constants last, and a
/// positive term first where there is one (`1 - x`, not `-x + 1`).
pub fn sum_terms(s: &Store, terms: &[ExprId]) -> Vec<ExprId> {
    let mut monomials: Vec<(&str, Num)> = Vec::new();
    let keyed: Vec<Key> = terms
        .iter()
        .map(|t| {
            let rest = rest_of(s, t);
            let start = monomials.len() as u32;
            let mut degree = Num::Int(0);
            for &f in rest {
                if let Some((v, e)) = power_of_var(s, f) {
                    degree = degree.add(&e);
                    monomials.push((v, e));
                }
            }
            let end = monomials.len() as u32;
            monomials[start as usize..].sort_by(|a, b| a.0.cmp(b.0));
            let rank_hint = u128::from(rest_rank(s, rest)) << 64 | u128::from(rest_hint(s, rest));
            Key { degree, monomial: (start, end), rank_hint, rest }
        })
        .collect();
    let mono = |k: &Key| &monomials[k.monomial.0 as usize..k.monomial.1 as usize];
    // Sorting positions moves 4 bytes per step instead of a whole key. Terms of a
    // sum differ, so no two compare equal (positions break ties all the same, so
    // that the order is the stable one).
    let mut order: Vec<u32> = (0..keyed.len() as u32).collect();
    order.sort_unstable_by(|&i, &j| {
        let (a, b) = (&keyed[i as usize], &keyed[j as usize]);
        let by_degree = match (&a.degree, &b.degree) {
            (Num::Int(x), Num::Int(y)) => y.cmp(x),
            (x, y) => y.cmp(x),
        };
        by_degree
            .then_with(|| {
                if a.monomial.0 == a.monomial.1 && b.monomial.0 == b.monomial.1 {
                    Ordering::Equal
                } else {
                    monomial_order(mono(a), mono(b))
                }
            })
            .then_with(|| a.rank_hint.cmp(&b.rank_hint))
            .then_with(|| compare_rests(s, a.rest, b.rest))
            .then_with(|| i.cmp(&j))
    });
    let mut out: Vec<ExprId> = order.into_iter().map(|i| terms[i as usize]).collect();
    if out.first().is_some_and(|&t| s.has_minus_sign(t)) {
        if let Some(i) = out.iter().position(|&t| !s.has_minus_sign(t)) {
            let t = out.remove(i);
            out.insert(0, t);
        }
    }
    out
}

/// `x` is (x, 1), `x^q` for a number q is (x, q); other factors are not powers of a
/// variable.
fn power_of_var(s: &Store, f: ExprId) -> Option<(&str, Num<'_>)> {
    match s.node(f) {
        Node::Var(v) => Some((&**v, Num::Int(1))),
        Node::Pow(b, e) => match (s.node(*b), s.as_num(*e)) {
            (Node::Var(v), Some(q)) => Some((&**v, Num::of(q))),
            _ => None,
        },
        _ => None,
    }
}

/// The rank of a term's rest (see [`term_rank`]); several factors make a product.
fn rest_rank(s: &Store, rest: &[ExprId]) -> u8 {
    match rest {
        [] => 9,
        [f] => term_rank(s, *f),
        _ => 5,
    }
}

/// The [`hint`] of a term's rest, which reads as the number 1 when empty and as a
/// product when it has several factors.
fn rest_hint(s: &Store, rest: &[ExprId]) -> u64 {
    match rest {
        [] => KIND_NUM << KIND_SHIFT | number_code(&Rational::one()),
        [f] => hint(s, *f),
        _ => KIND_MUL << KIND_SHIFT | hint_below(s, rest[0], KIND_BITS) >> KIND_BITS,
    }
}

/// [`compare`] of two rests, as the nodes they stand for.
fn compare_rests(s: &Store, a: &[ExprId], b: &[ExprId]) -> Ordering {
    match (a, b) {
        ([x], [y]) => compare(s, *x, *y),
        ([], []) => Ordering::Equal,
        (x, y) if x.len() > 1 && y.len() > 1 => compare_lists(s, x, y),
        _ => {
            let kind_of = |r: &[ExprId]| match r {
                [] => KIND_NUM,
                [f] => kind(s.node(*f)),
                _ => KIND_MUL,
            };
            let by_kind = kind_of(a).cmp(&kind_of(b));
            if by_kind != Ordering::Equal {
                return by_kind;
            }
            match (a, b) {
                ([], [f]) => s.as_num(*f).map_or(Ordering::Equal, |q| q.denom().cmp(q.numer())),
                ([f], []) => s.as_num(*f).map_or(Ordering::Equal, |q| q.numer().cmp(q.denom())),
                ([f], list) => match s.node(*f) {
                    Node::Mul(xs) => compare_lists(s, xs, list),
                    _ => Ordering::Equal,
                },
                (list, [f]) => match s.node(*f) {
                    Node::Mul(xs) => compare_lists(s, list, xs),
                    _ => Ordering::Equal,
                },
                _ => Ordering::Equal,
            }
        }
    }
}

/// Sorts factors of a product for reading: constants, variables (by name), function
/// calls, then sums.
pub fn sort_factors(s: &Store, factors: &mut [ExprId]) {
    match factors.len() {
        0 | 1 => {}
        2 => {
            if compare_factors(s, factors[0], factors[1]) == Ordering::Greater {
                factors.swap(0, 1);
            }
        }
        _ => {
            let mut keyed: Vec<(u128, ExprId, u64, ExprId)> = factors
                .iter()
                .map(|&f| {
                    let b = base(s, f);
                    (u128::from(factor_rank(s, f)) << 64 | u128::from(hint(s, b)), b, hint(s, f), f)
                })
                .collect();
            // Stable: factors often come partly in order already.
            keyed.sort_by(|x, y| {
                x.0.cmp(&y.0)
                    .then_with(|| compare(s, x.1, y.1))
                    .then_with(|| x.2.cmp(&y.2))
                    .then_with(|| compare(s, x.3, y.3))
            });
            for (slot, k) in factors.iter_mut().zip(keyed) {
                *slot = k.3;
            }
        }
    }
}

/// The order of [`sort_factors`] on two factors.
fn compare_factors(s: &Store, a: ExprId, b: ExprId) -> Ordering {
    factor_rank(s, a)
        .cmp(&factor_rank(s, b))
        .then_with(|| compare(s, base(s, a), base(s, b)))
        .then_with(|| compare(s, a, b))
}

fn base(s: &Store, id: ExprId) -> ExprId {
    match *s.node(id) {
        Node::Pow(b, e) if !matches!(s.node(b), Node::Const(Constant::E)) || s.as_num(e).is_some() => b,
        _ => id,
    }
}

fn factor_rank(s: &Store, id: ExprId) -> u8 {
    match s.node(base(s, id)) {
        Node::Num(_) => 0,
        Node::Const(_) => 1,
        // A placeholder that stands for a sum, (x - a) in a series' terms, sorts as one.
        Node::Var(name) if name.starts_with('(') || name.starts_with("\u{1}(") => 6,
        Node::Var(_) => 2,
        Node::Pow(..) => 3,
        Node::Call(..) | Node::Apply(..) => 4,
        Node::Mul(_) => 5,
        Node::Add(_) => 6,
    }
}

fn term_rank(s: &Store, id: ExprId) -> u8 {
    match s.node(id) {
        Node::Num(_) => 9,
        _ => factor_rank(s, id),
    }
}

/// Lexicographic monomial order, as in SymPy: x^2 before x*y before y^2.
fn monomial_order(a: &[(&str, Num)], b: &[(&str, Num)]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        match x.0.cmp(y.0) {
            Ordering::Less => return Ordering::Less,
            Ordering::Greater => return Ordering::Greater,
            Ordering::Equal => match y.1.cmp(&x.1) {
                Ordering::Equal => {}
                o => return o,
            },
        }
    }
    b.len().cmp(&a.len())
}

const KIND_BITS: u32 = 3;
const KIND_SHIFT: u32 = 64 - KIND_BITS;
const KIND_NUM: u64 = 0;
const KIND_MUL: u64 = 4;

/// The rank of a node's kind in [`compare`].
fn kind(n: &Node) -> u64 {
    match n {
        Node::Num(_) => KIND_NUM,
        Node::Const(_) => 1,
        Node::Var(_) => 2,
        Node::Pow(..) => 3,
        Node::Mul(_) => KIND_MUL,
        Node::Add(_) => 5,
        Node::Call(..) => 6,
        Node::Apply(..) => 7,
    }
}

/// A 64-bit prefix of [`compare`]'s order: when the hints of two expressions differ,
/// they are ordered as their hints (equal hints tell nothing). The top bits hold the
/// kind, the rest the first thing compared within the kind, shifted down one more
/// kind's bits per level of nesting.
fn hint(s: &Store, id: ExprId) -> u64 {
    hint_below(s, id, 0)
}

/// [`hint`] of a part that will be shifted down by `shift` bits: nothing of it is
/// left from 64 bits on, so the walk stops there.
fn hint_below(s: &Store, id: ExprId, shift: u32) -> u64 {
    if shift >= 64 {
        return 0;
    }
    let below = |x: ExprId, by: u32| hint_below(s, x, shift + by) >> by;
    let rest = match s.node(id) {
        Node::Num(q) => number_code(q),
        Node::Const(c) => match c {
            Constant::Pi => 0,
            Constant::E => 1,
        },
        Node::Var(v) => {
            let mut word = [0u8; 8];
            for (w, b) in word[1..].iter_mut().zip(v.bytes()) {
                *w = b;
            }
            // The first 7 bytes of the name, as high as 61 bits go.
            u64::from_be_bytes(word) << (8 - KIND_BITS)
        }
        Node::Pow(b, _) => below(*b, KIND_BITS),
        Node::Mul(xs) | Node::Add(xs) => xs.first().map_or(0, |&x| below(x, KIND_BITS)),
        Node::Call(f, xs) => {
            let first = xs.first().map_or(0, |&x| below(x, KIND_BITS + NAME_BITS));
            u64::from(name_rank(*f)) << (KIND_SHIFT - NAME_BITS) | first
        }
        // Ordered by name, slots and arguments in `compare`; the kind alone here.
        Node::Apply(..) => 0,
    };
    kind(s.node(id)) << KIND_SHIFT | rest
}

/// A code of a number in the low 61 bits that never orders two numbers against
/// their values (equal codes tell nothing).
fn number_code(q: &Rational) -> u64 {
    let value = match (q.denom().is_one(), q.numer().to_i64()) {
        (true, Some(n)) => n as f64,
        // Correctly rounded, so the order of values is kept (or lost to a tie).
        _ => q.to_f64().unwrap_or(0.0),
    };
    // IEEE order as unsigned order.
    let bits = value.to_bits();
    let ordered = if bits >> 63 == 1 { !bits } else { bits | 1 << 63 };
    ordered >> KIND_BITS
}

const NAME_BITS: u32 = 6;

/// The position of a function's name among all names, alphabetically.
fn name_rank(f: Func) -> u8 {
    static RANKS: OnceLock<Vec<u8>> = OnceLock::new();
    let ranks = RANKS.get_or_init(|| {
        let mut funcs: Vec<Func> =
            NAMES.iter().filter_map(|(_, b)| if let Builtin::Func(g) = b { Some(*g) } else { None }).collect();
        funcs.sort_by_key(|g| g.name());
        funcs.dedup();
        let mut ranks = vec![0; funcs.iter().map(|&g| g as usize + 1).max().unwrap_or(0)];
        for (i, g) in funcs.iter().enumerate() {
            // Names are distinct, so a name's position is its rank.
            ranks[*g as usize] = i as u8;
        }
        ranks
    });
    ranks.get(f as usize).copied().unwrap_or(0)
}

/// A total order on expressions by content (names, values, shape), so that the
/// printed order does not depend on the order nodes were created in.
pub fn compare(s: &Store, a: ExprId, b: ExprId) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (na, nb) = (s.node(a), s.node(b));
    kind(na).cmp(&kind(nb)).then_with(|| match (na, nb) {
        (Node::Num(x), Node::Num(y)) => compare_numbers(x, y),
        (Node::Const(x), Node::Const(y)) => x.cmp(y),
        (Node::Var(x), Node::Var(y)) => x.cmp(y),
        (Node::Pow(b1, e1), Node::Pow(b2, e2)) => compare(s, *b1, *b2).then_with(|| compare(s, *e1, *e2)),
        (Node::Mul(x), Node::Mul(y)) | (Node::Add(x), Node::Add(y)) => compare_lists(s, x, y),
        (Node::Call(f, x), Node::Call(g, y)) => {
            let by_name = if f == g { Ordering::Equal } else { f.name().cmp(g.name()) };
            by_name.then_with(|| compare_lists(s, x, y))
        }
        (Node::Apply(f, x), Node::Apply(g, y)) => {
            let (f, g) = (s.head_def(*f), s.head_def(*g));
            f.name.cmp(&g.name).then_with(|| f.slots.cmp(&g.slots)).then_with(|| compare_lists(s, x, y))
        }
        _ => a.cmp(&b),
    })
}

/// Numbers by value; integers without cross-multiplying.
fn compare_numbers(x: &Rational, y: &Rational) -> Ordering {
    if x.denom().is_one() && y.denom().is_one() {
        x.numer().cmp(y.numer())
    } else {
        x.cmp(y)
    }
}

fn compare_lists(s: &Store, x: &[ExprId], y: &[ExprId]) -> Ordering {
    for (&a, &b) in x.iter().zip(y) {
        let o = compare(s, a, b);
        if o != Ordering::Equal {
            return o;
        }
    }
    x.len().cmp(&y.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_into;

    const EXPRS: &[&str] = &[
        "0",
        "1",
        "-1",
        "2",
        "-2",
        "1/2",
        "-1/2",
        "3/7",
        "-7/3",
        "9007199254740993",
        "9007199254740992",
        "123456789012345678901234567890",
        "-123456789012345678901234567890",
        "1/123456789012345678901234567890",
        "x",
        "y",
        "xx",
        "x1",
        "x10",
        "x2",
        "abcdefgh",
        "abcdefgi",
        "abcdefg",
        "θ",
        "pi",
        "e",
        "x^2",
        "x^-2",
        "x^(1/2)",
        "y^3",
        "(x+1)^2",
        "(x+2)^2",
        "(x+1)^3",
        "2*x",
        "3*x",
        "x*y",
        "x*y*z",
        "2*x*y",
        "x+1",
        "x+2",
        "x+y",
        "1+x+y",
        "sin(x)",
        "sin(y)",
        "sin(2*x)",
        "sin(3*x)",
        "cos(x)",
        "sinh(x)",
        "asin(x)",
        "atan2(x, y)",
        "atan2(x, 2)",
        "exp(x)",
        "exp(2*x)",
        "ln(x)",
        "abs(x)",
        "erf(x)",
        "erfc(x)",
        "sigmoid(x)",
        "sin(cos(x))",
        "sin(cos(y))",
        "sin(sin(sin(x)))",
        "sin(sin(sin(y)))",
        "(1+2*x)^-1",
        "(1+3*x)^-1",
    ];

    /// The prefix key never orders two expressions against the full comparison.
    #[test]
    fn hints_agree_with_the_content_order() {
        let mut s = Store::new();
        let ids: Vec<ExprId> = EXPRS.iter().filter_map(|e| parse_into(&mut s, e).ok()).collect();
        assert_eq!(ids.len(), EXPRS.len());
        for &a in &ids {
            for &b in &ids {
                let by_hint = hint(&s, a).cmp(&hint(&s, b));
                if by_hint != Ordering::Equal {
                    assert_eq!(by_hint, compare(&s, a, b), "{:?} vs {:?}", s.node(a), s.node(b));
                }
            }
        }
    }

    /// Sorting by keys puts terms in the order of the full comparison of their rests.
    #[test]
    fn sum_order_does_not_depend_on_the_input_order() {
        let mut s = Store::new();
        let id = parse_into(&mut s, "3*x^2*y + x*y^2 - 5 + sin(x) - 2*cos(x) + y^(1/2) + x^(3/2) + 7*x*y + (x+1)^-1")
            .expect("parses");
        let Node::Add(terms) = s.node(id) else { panic!("a sum") };
        let mut terms = terms.to_vec();
        let want = sum_terms(&s, &terms);
        terms.reverse();
        assert_eq!(sum_terms(&s, &terms), want);
        terms.rotate_left(3);
        assert_eq!(sum_terms(&s, &terms), want);
    }
}
