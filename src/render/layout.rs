//! The reading order shared by every printer: how the terms of a sum and the factors
//! of a product are arranged, and how a product splits into numerator and denominator.

use std::cmp::Ordering;

use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::expr::{Constant, ExprId, Node, Rational, Store};

/// A product arranged for printing: sign, numeric coefficient as numerator and
/// denominator, and the remaining factors above and below the fraction bar.
pub struct Fraction {
    pub negative: bool,
    /// |numerator of the coefficient|, omitted when 1.
    pub coeff_num: Option<num_bigint::BigInt>,
    /// Denominator of the coefficient, omitted when 1.
    pub coeff_den: Option<num_bigint::BigInt>,
    /// Factors with a non-negative (or symbolic) exponent, in reading order.
    pub num: Vec<ExprId>,
    /// Factors with a negative numeric exponent, inverted (x^-2 appears as x^2).
    pub den: Vec<ExprId>,
}

/// Splits an expression into a [`Fraction`]. `x^-2` becomes 1/x^2, `-3*x/4` keeps
/// 3 above and 4 below the bar.
pub fn fraction(s: &mut Store, id: ExprId) -> Fraction {
    let factors: Vec<ExprId> = match s.node(id) {
        Node::Mul(fs) => fs.to_vec(),
        _ => vec![id],
    };
    let mut coeff = Rational::one();
    let mut num = Vec::new();
    let mut den = Vec::new();
    for f in factors {
        if let Some(q) = s.as_num(f) {
            if coeff.is_one() {
                coeff = q.clone();
            } else {
                coeff *= q;
            }
            continue;
        }
        if let Node::Pow(b, e) = *s.node(f) {
            if let Some(q) = s.as_num(e).filter(|q| q.is_negative()) {
                // b^-1 is b over the bar, as `pow(b, 1)` would give.
                if q.numer().to_i8() == Some(-1) && q.denom().is_one() {
                    den.push(b);
                    continue;
                }
                let pos = s.num(-q.clone());
                den.push(s.pow(b, pos));
                continue;
            }
        }
        num.push(f);
    }
    sort_factors(s, &mut num);
    sort_factors(s, &mut den);
    let negative = coeff.is_negative();
    let n = coeff.numer().abs();
    let d = coeff.denom().clone();
    Fraction { negative, coeff_num: (!n.is_one()).then_some(n), coeff_den: (!d.is_one()).then_some(d), num, den }
}

/// Terms of a sum in reading order: higher degree first, constants last, and a
/// positive term first where there is one (`1 - x`, not `-x + 1`).
pub fn sum_terms(s: &mut Store, terms: &[ExprId]) -> Vec<ExprId> {
    struct Key<'a> {
        degree: Rational,
        monomial: Vec<(&'a str, Rational)>,
        rank: u8,
        rest: ExprId,
        term: ExprId,
    }
    let rests: Vec<(ExprId, ExprId)> = terms.iter().map(|&t| (s.split_coeff(t).1, t)).collect();
    let s: &Store = s;
    let keyed: Vec<Key> = rests
        .into_iter()
        .map(|(rest, term)| Key {
            degree: degree(s, rest),
            monomial: monomial(s, rest),
            rank: term_rank(s, rest),
            rest,
            term,
        })
        .collect();
    // Sorting positions moves 4 bytes per step instead of a whole key.
    let mut order: Vec<u32> = (0..keyed.len() as u32).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&keyed[i as usize], &keyed[j as usize]);
        compare_numbers(&b.degree, &a.degree)
            .then_with(|| monomial_order(&a.monomial, &b.monomial))
            .then_with(|| a.rank.cmp(&b.rank))
            .then_with(|| compare(s, a.rest, b.rest))
    });
    let mut out: Vec<ExprId> = order.into_iter().map(|i| keyed[i as usize].term).collect();
    if out.first().is_some_and(|&t| s.has_minus_sign(t)) {
        if let Some(i) = out.iter().position(|&t| !s.has_minus_sign(t)) {
            let t = out.remove(i);
            out.insert(0, t);
        }
    }
    out
}

/// Sorts factors of a product for reading: constants, variables (by name), function
/// calls, then sums.
pub fn sort_factors(s: &Store, factors: &mut [ExprId]) {
    factors.sort_by(|&a, &b| {
        factor_rank(s, a)
            .cmp(&factor_rank(s, b))
            .then_with(|| compare(s, base(s, a), base(s, b)))
            .then_with(|| compare(s, a, b))
    });
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
        Node::Var(_) => 2,
        Node::Pow(..) => 3,
        Node::Call(..) => 4,
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

/// The variables of a term with their numeric exponents, sorted by name:
/// `x^2*y*sin(x)` is [(x, 2), (y, 1)].
fn monomial(s: &Store, id: ExprId) -> Vec<(&str, Rational)> {
    let mut out = Vec::new();
    let factors: &[ExprId] = match s.node(id) {
        Node::Mul(fs) => fs,
        _ => std::slice::from_ref(&id),
    };
    for &f in factors {
        match s.node(f) {
            Node::Var(v) => out.push((v.as_str(), Rational::one())),
            Node::Pow(b, e) => {
                if let (Node::Var(v), Some(q)) = (s.node(*b), s.as_num(*e)) {
                    out.push((v.as_str(), q.clone()));
                }
            }
            _ => {}
        }
    }
    out.sort_by(|a, b| a.0.cmp(b.0));
    out
}

/// Lexicographic monomial order, as in SymPy: x^2 before x*y before y^2.
fn monomial_order(a: &[(&str, Rational)], b: &[(&str, Rational)]) -> Ordering {
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

/// Polynomial degree of a term in all its variables (0 for non-polynomial parts).
fn degree(s: &Store, id: ExprId) -> Rational {
    match s.node(id) {
        Node::Var(_) => Rational::one(),
        Node::Pow(b, e) => match (s.node(*b), s.as_num(*e)) {
            (Node::Var(_), Some(q)) => q.clone(),
            _ => Rational::zero(),
        },
        Node::Mul(fs) => fs.iter().fold(Rational::zero(), |mut sum, &f| {
            crate::expr::add_assign(&mut sum, &degree(s, f));
            sum
        }),
        _ => Rational::zero(),
    }
}

/// A total order on expressions by content (names, values, shape), so that the
/// printed order does not depend on the order nodes were created in.
pub fn compare(s: &Store, a: ExprId, b: ExprId) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (na, nb) = (s.node(a), s.node(b));
    let kind = |n: &Node| match n {
        Node::Num(_) => 0,
        Node::Const(_) => 1,
        Node::Var(_) => 2,
        Node::Pow(..) => 3,
        Node::Mul(_) => 4,
        Node::Add(_) => 5,
        Node::Call(..) => 6,
    };
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
