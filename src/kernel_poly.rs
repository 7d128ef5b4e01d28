//! Repeated differentiation on polynomials in kernels: a derivative held as a sum of
//! terms `c * k1^e1 * k2^e2 ...` over kernels (variables, calls, roots, sums in a
//! denominator), so that like terms are collected as each order is taken.
//!
//! The derivative of such a polynomial is a polynomial again as long as every kernel's
//! derivative is one (`sin(x)' = cos(x)`, `exp(u)' = exp(u)*u'`, `ln(x)' = x^-1`,
//! `x^x' = x^x*(ln(x) + 1)`); new kernels are taken in as they appear. Exponents are
//! integers of either sign; `k^a * k^b = k^(a+b)` is the only rule applied, the same
//! merging of powers the store makes.

use std::rc::Rc;

use num_traits::{Signed, ToPrimitive, Zero};
use rustc_hash::FxHashMap as HashMap;

use crate::diff::Differentiator;
use crate::expr::{ExprId, Node, Rational, Store};

/// A polynomial with more terms than this is given up on.
const MAX_TERMS: usize = 4000;
/// Coefficients of more bits than this give the polynomial up.
const MAX_COEFF_BITS: u64 = 4096;
/// Integer powers of sums above this are kept as kernels, not multiplied out.
const MAX_EXPAND_POWER: i64 = 12;
/// Kernel exponents beyond this give the polynomial up.
const MAX_EXPONENT: i32 = 1000;

/// (kernel number, non-zero exponent) pairs sorted by kernel number.
type Mono = Vec<(u32, i32)>;

/// A polynomial in kernels with exact rational coefficients, none of them zero.
#[derive(Clone, Debug, Default)]
pub struct KernelPoly(HashMap<Mono, Rational>);

impl KernelPoly {
    fn constant(q: Rational) -> KernelPoly {
        let mut p = KernelPoly::default();
        p.add_term(Vec::new(), q);
        p
    }

    fn kernel(k: u32, e: i32) -> KernelPoly {
        let mut p = KernelPoly::default();
        p.add_term(vec![(k, e)], Rational::from_integer(1.into()));
        p
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn add_term(&mut self, m: Mono, c: Rational) {
        if c.is_zero() {
            return;
        }
        use std::collections::hash_map::Entry;
        match self.0.entry(m) {
            Entry::Vacant(v) => {
                v.insert(c);
            }
            Entry::Occupied(mut o) => {
                crate::expr::add_assign(o.get_mut(), &c);
                if o.get().is_zero() {
                    o.remove();
                }
            }
        }
    }

    fn mul(&self, other: &KernelPoly) -> Option<KernelPoly> {
        if self.0.len().saturating_mul(other.0.len()) > MAX_TERMS * 4 {
            return None;
        }
        let mut out = KernelPoly::default();
        for (ma, ca) in &self.0 {
            for (mb, cb) in &other.0 {
                out.add_term(mono_mul(ma, mb), crate::expr::rat_mul(ca, cb));
            }
        }
        out.within_bounds().then_some(out)
    }

    fn within_bounds(&self) -> bool {
        self.0.len() <= MAX_TERMS
            && self.0.iter().all(|(m, c)| {
                c.numer().bits() <= MAX_COEFF_BITS
                    && c.denom().bits() <= MAX_COEFF_BITS
                    && m.iter().all(|x| x.1.abs() <= MAX_EXPONENT)
            })
    }
}

/// `a * b` for monomials: exponents of a shared kernel add, and a kernel whose
/// exponent comes to 0 drops out.
fn mono_mul(a: &[(u32, i32)], b: &[(u32, i32)]) -> Mono {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                let e = a[i].1 + b[j].1;
                if e != 0 {
                    out.push((a[i].0, e));
                }
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Kernels numbered in the order they are met: a polynomial names a kernel by its
/// number.
#[derive(Default)]
pub struct Kernels {
    exprs: Vec<ExprId>,
    numbers: HashMap<ExprId, u32>,
}

impl Kernels {
    /// The number of kernel `id`, numbering it if it is new.
    pub fn number(&mut self, id: ExprId) -> u32 {
        if let Some(&k) = self.numbers.get(&id) {
            return k;
        }
        let k = self.exprs.len() as u32;
        self.exprs.push(id);
        self.numbers.insert(id, k);
        k
    }

    /// The expression of kernel number `k`.
    pub fn expr(&self, k: u32) -> ExprId {
        self.exprs[k as usize]
    }
}

/// The kernels met so far, the polynomial forms of expressions, and the kernels'
/// derivatives, for one store.
#[derive(Default)]
pub struct KernelAlgebra {
    kernels: Kernels,
    forms: HashMap<ExprId, Option<Rc<KernelPoly>>>,
    derivatives: HashMap<(u32, ExprId), Option<Rc<KernelPoly>>>,
}

impl KernelAlgebra {
    pub fn new() -> KernelAlgebra {
        KernelAlgebra::default()
    }

    /// The expression as a polynomial in kernels, or None when it grows too large.
    pub fn form(&mut self, s: &mut Store, id: ExprId) -> Option<Rc<KernelPoly>> {
        if let Some(p) = self.forms.get(&id) {
            return p.clone();
        }
        let p = self.form_uncached(s, id).map(Rc::new);
        self.forms.insert(id, p.clone());
        p
    }

    fn form_uncached(&mut self, s: &mut Store, id: ExprId) -> Option<KernelPoly> {
        // Children are read by index: the store grows meanwhile.
        let child = |s: &Store, i: usize| match s.node(id) {
            Node::Add(xs) | Node::Mul(xs) => xs[i],
            _ => id,
        };
        match *s.node(id) {
            Node::Num(ref q) => Some(KernelPoly::constant(q.clone())),
            Node::Add(ref ts) => {
                let mut acc = KernelPoly::default();
                for i in 0..ts.len() {
                    let p = self.form(s, child(s, i))?;
                    for (m, c) in p.0.iter() {
                        acc.add_term(m.clone(), c.clone());
                    }
                    if acc.len() > MAX_TERMS {
                        return None;
                    }
                }
                Some(acc)
            }
            Node::Mul(ref fs) => {
                let mut acc = KernelPoly::constant(Rational::from_integer(1.into()));
                for i in 0..fs.len() {
                    let p = self.form(s, child(s, i))?;
                    acc = acc.mul(&p)?;
                }
                Some(acc)
            }
            Node::Pow(b, e) => {
                let Some(q) = s.as_num(e).cloned() else {
                    return Some(KernelPoly::kernel(self.kernels.number(id), 1));
                };
                if q.is_integer() {
                    let n = q.to_integer().to_i64()?;
                    if matches!(s.node(b), Node::Add(_)) && (1..=MAX_EXPAND_POWER).contains(&n) {
                        let bp = self.form(s, b)?;
                        let mut acc = (*bp).clone();
                        for _ in 1..n {
                            acc = acc.mul(&bp)?;
                        }
                        return Some(acc);
                    }
                    let n = i32::try_from(n).ok().filter(|n| n.abs() <= MAX_EXPONENT)?;
                    return Some(KernelPoly::kernel(self.kernels.number(b), n));
                }
                // b^(p/d) = (b^(1/d))^p, the root a kernel.
                let p = q.numer().to_i32().filter(|n| n.abs() <= MAX_EXPONENT)?;
                let r = s.num(Rational::new(1.into(), q.denom().clone()));
                let root = s.pow(b, r);
                Some(KernelPoly::kernel(self.kernels.number(root), p))
            }
            _ => Some(KernelPoly::kernel(self.kernels.number(id), 1)),
        }
    }

    /// d(kernel k)/d(var) as a polynomial.
    fn kernel_derivative(
        &mut self,
        s: &mut Store,
        diff: &mut Differentiator,
        k: u32,
        var: ExprId,
    ) -> Option<Rc<KernelPoly>> {
        if let Some(d) = self.derivatives.get(&(k, var)) {
            return d.clone();
        }
        let d = diff.diff(s, self.kernels.expr(k), var);
        let p = self.form(s, d);
        self.derivatives.insert((k, var), p.clone());
        p
    }

    /// d(p)/d(var), term by term: the derivative of `c * k^e * rest` is
    /// `c * e * k^(e-1) * k' * rest`.
    pub fn derivative(
        &mut self,
        s: &mut Store,
        diff: &mut Differentiator,
        p: &KernelPoly,
        var: ExprId,
    ) -> Option<KernelPoly> {
        // The terms in a fixed order, so that new kernels are numbered the same way
        // on every run.
        let mut terms: Vec<(&Mono, &Rational)> = p.0.iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut out = KernelPoly::default();
        let mut work = 0u64;
        for (m, c) in terms {
            for (i, &(k, e)) in m.iter().enumerate() {
                if !s.may_contain(self.kernels.expr(k), var) {
                    continue;
                }
                let dk = self.kernel_derivative(s, diff, k, var)?;
                if dk.is_empty() {
                    continue;
                }
                let mut rest = m.clone();
                if e == 1 {
                    rest.remove(i);
                } else {
                    rest[i].1 = e - 1;
                }
                let coeff = crate::expr::rat_mul(c, &Rational::from_integer(e.into()));
                for (dm, dc) in dk.0.iter() {
                    out.add_term(mono_mul(&rest, dm), crate::expr::rat_mul(&coeff, dc));
                }
                work += dk.len() as u64;
                if out.len() > MAX_TERMS {
                    return None;
                }
            }
        }
        // Each term made is a step of the store's work budget (`--max-steps`).
        (s.charge(work) && out.within_bounds()).then_some(out)
    }

    /// The polynomial as an expression of the store, its terms in a fixed order.
    pub fn expr(&mut self, s: &mut Store, p: &KernelPoly) -> ExprId {
        let mut terms: Vec<(&Mono, &Rational)> = p.0.iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut built = Vec::with_capacity(terms.len());
        let mut fs = Vec::new();
        for (m, c) in terms {
            fs.clear();
            for &(k, e) in m {
                let ke = self.kernels.expr(k);
                fs.push(s.powi(ke, i64::from(e)));
            }
            fs.push(s.num(c.clone()));
            built.push(s.mul(&fs));
        }
        s.add(&built)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{Evaluator, Point};
    use crate::parse::parse_into;

    /// Value of an expression at x = `at` and y = `at` / 3.
    fn value(s: &Store, id: ExprId, at: f64) -> f64 {
        let mut point = Point::default();
        point.float.insert("x".to_string(), at);
        point.float.insert("y".to_string(), at / 3.0);
        Evaluator::new(&point).float(s, id).unwrap_or(f64::NAN)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
    }

    /// Each order of the polynomial chain has the value of repeated differentiation
    /// of the expression itself.
    #[test]
    fn orders_agree_with_the_chain_rule() {
        for src in [
            "exp(sin(x))*x^2",
            "x^x",
            "ln(x + 2)*sqrt(x)/(x^2 + 1)",
            "tan(x)*y + atan(x*y)",
            "(x + y)^3*cosh(x)^-2",
            "sigmoid(2*x)*abs(x - 5)",
        ] {
            let mut s = Store::new();
            let f = parse_into(&mut s, src).unwrap();
            let x = s.var("x");
            let mut diff = Differentiator::new();
            let mut alg = KernelAlgebra::new();
            let mut p = (*alg.form(&mut s, f).unwrap()).clone();
            let mut direct = f;
            for order in 1..=5 {
                p = alg.derivative(&mut s, &mut diff, &p, x).unwrap();
                direct = diff.diff(&mut s, direct, x);
                let e = alg.expr(&mut s, &p);
                for at in [0.37, 1.3, 2.9] {
                    let (a, b) = (value(&s, e, at), value(&s, direct, at));
                    assert!(close(a, b), "{src}, order {order}, x = {at}: {a} vs {b}");
                }
            }
        }
    }
}
