//! Powers: folding exact powers and roots of numbers, (b^e0)^e and (a*b)^n where
//! no branch is lost, e^ln(u) = u; square roots and exponentials, which are powers.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::{Constant, ExprId, Node, Rational, Store};
use crate::func::Func;
use crate::limits::{ROOT_MAX_TRIAL_FACTOR, ROOT_RATIONALIZE_MAX_BITS};
use crate::number::{exact_root, split_perfect_power};

impl Store {
    /// base ^ exp, normalized.
    pub fn pow(&mut self, base: ExprId, exp: ExprId) -> ExprId {
        if self.is_zero(exp) {
            return self.one();
        }
        if self.is_one(exp) || self.is_one(base) {
            return if self.is_one(exp) { base } else { self.one() };
        }
        if let (Node::Num(b), Node::Num(e)) = (self.node(base), self.node(exp)) {
            let (b, e) = (b.clone(), e.clone());
            if let Some(id) = self.pow_numbers(&b, &e) {
                return id;
            }
            if b.is_zero() && e.is_negative() {
                // Division by zero has one form, 1/0, whatever the power.
                let m1 = self.int(-1);
                return self.intern_pow(base, m1);
            }
            return self.intern_pow(base, exp);
        }
        if self.is_zero(base) {
            if self.as_num(exp).is_some_and(Signed::is_positive) {
                return self.zero();
            }
            return self.intern_pow(base, exp);
        }
        let exp_int = self.as_num(exp).filter(|q| q.is_integer()).is_some();
        match *self.node(base) {
            // (b^e0)^e = b^(e0*e) when e is an integer, or e0 a number with an odd
            // numerator (then b^e0 has the sign of b, so no branch is lost).
            Node::Pow(b0, e0) => {
                let odd_num = self.as_num(e0).is_some_and(|q| q.numer().is_odd());
                if exp_int || odd_num {
                    let ne = self.mul(&[e0, exp]);
                    return self.pow(b0, ne);
                }
            }
            // (a*b)^n = a^n * b^n for an integer n; (c*X)^e = c^e * X^e for c > 0.
            Node::Mul(_) => {
                let mut fs = self.take_ids();
                if let Node::Mul(xs) = self.node(base) {
                    fs.extend_from_slice(xs);
                }
                if exp_int {
                    let mut parts = self.take_ids();
                    for &f in &fs {
                        let p = self.pow(f, exp);
                        parts.push(p);
                    }
                    let r = self.mul(&parts);
                    self.give_ids(parts);
                    self.give_ids(fs);
                    return r;
                }
                if let Some(c) = self.as_num(fs[0]).filter(|q| q.is_positive()) {
                    let c = self.num(c.clone());
                    let rest = self.mul(&fs[1..]);
                    let pc = self.pow(c, exp);
                    let pr = self.pow(rest, exp);
                    self.give_ids(fs);
                    return self.mul(&[pc, pr]);
                }
                self.give_ids(fs);
            }
            Node::Const(Constant::E) => {
                // e^ln(u) = u and e^(c*ln(u)) = u^c: both sides defined only for u > 0.
                if let Node::Call(Func::Ln, args) = self.node(exp) {
                    return args[0];
                }
                if let Node::Mul(fs) = self.node(exp) {
                    if fs.len() == 2 {
                        if let (Node::Num(_), Node::Call(Func::Ln, args)) = (self.node(fs[0]), self.node(fs[1])) {
                            let (c, u) = (fs[0], args[0]);
                            return self.pow(u, c);
                        }
                    }
                }
            }
            _ => {}
        }
        self.intern_pow(base, exp)
    }

    /// Exact b^e for numbers, when the result is rational or splits off a rational
    /// factor (2^(3/2) = 2*2^(1/2)). None leaves `b^e` as it is.
    fn pow_numbers(&mut self, b: &Rational, e: &Rational) -> Option<ExprId> {
        if e.is_integer() {
            let n = e.to_integer();
            if b.is_zero() {
                return if n.is_positive() { Some(self.zero()) } else { None };
            }
            // The result has at most n times the bits of the numerator, and of the
            // denominator unless that is 1.
            let n_abs = n.abs().to_u64()?;
            let denom_bits = if b.denom().is_one() { 1 } else { b.denom().bits().saturating_mul(n_abs) };
            if b.numer().bits().saturating_mul(n_abs).saturating_add(denom_bits) > self.max_exact_bits {
                return None;
            }
            let p = pow_rational(b, n_abs);
            let p = if n.is_negative() { p.recip() } else { p };
            return Some(self.num(p));
        }
        if !b.is_positive() {
            return None;
        }
        // Rational exponent p/q: take exact q-th roots where they exist.
        let q = e.denom().to_u32()?;
        let p = e.numer().clone();
        if let (Some(rn), Some(rd)) =
            (exact_root(b.numer(), q, self.max_exact_bits), exact_root(b.denom(), q, self.max_exact_bits))
        {
            let root = self.num(Rational::new(rn, rd));
            let pe = self.num(Rational::from_integer(p));
            return Some(self.pow(root, pe));
        }
        // Take q-th powers out of the root: 8^(1/2) = 2*2^(1/2), (8/9)^(1/2) = 2/3*2^(1/2).
        let split = |n| split_perfect_power(n, q, ROOT_MAX_TRIAL_FACTOR);
        let (num_split, den_split) = (split(b.numer()), split(b.denom()));
        if e.is_positive() && e < &Rational::one() && (num_split.is_some() || den_split.is_some()) {
            let (kn, mn) = num_split.unwrap_or((1, b.numer().to_u64()?));
            let (kd, md) = den_split.unwrap_or((1, b.denom().to_u64()?));
            let outside = self.num(Rational::new(BigInt::from(kn), BigInt::from(kd)));
            let pe = self.num(Rational::from_integer(p));
            let outside = self.pow(outside, pe);
            let inside = self.num(Rational::new(BigInt::from(mn), BigInt::from(md)));
            let eid = self.num(e.clone());
            let rest = self.pow(inside, eid);
            return Some(self.mul(&[outside, rest]));
        }
        // No root in a denominator, as a textbook writes it (and SymPy):
        // (n/d)^(p/q) = (n*d^(q-1))^(p/q) / d^p, so (3/2)^(1/2) = sqrt(6)/2.
        if e.is_positive() && e < &Rational::one() && !b.denom().is_one() {
            let d = b.denom();
            // d^(q-1) has at least (q-1)*(bits(d)-1) bits: skip the product when that alone
            // is too many (for a large q it would be millions of bits).
            let fewest_bits = (d.bits() - 1).saturating_mul(u64::from(q) - 1);
            let lifted = (fewest_bits <= ROOT_RATIONALIZE_MAX_BITS)
                .then(|| b.numer() * num_traits::pow(d.clone(), q as usize - 1))
                .filter(|l| l.bits() <= ROOT_RATIONALIZE_MAX_BITS && l.bits() <= self.max_exact_bits);
            if let Some(lifted) = lifted {
                let p_abs = p.to_u64()?;
                let below = self.num(pow_rational(&Rational::from_integer(d.clone()), p_abs).recip());
                let inside = self.num(Rational::from_integer(lifted));
                let eid = self.num(e.clone());
                let root = self.pow(inside, eid);
                return Some(self.mul(&[below, root]));
            }
        }
        // Split off the integer part of an exponent outside (0, 1): 2^(3/2) = 2*sqrt(2),
        // 2^(-1/2) = sqrt(2)/2.
        if e > &Rational::one() || e.is_negative() {
            let whole = e.floor();
            let frac = e - &whole;
            let w = self.pow_numbers(b, &whole)?;
            let bid = self.num(b.clone());
            let fid = self.num(frac);
            let rest = self.pow(bid, fid);
            return Some(self.mul(&[w, rest]));
        }
        None
    }

    pub fn powi(&mut self, base: ExprId, n: i64) -> ExprId {
        let e = self.int(n);
        self.pow(base, e)
    }

    pub fn sqrt(&mut self, a: ExprId) -> ExprId {
        let half = self.frac(1, 2);
        self.pow(a, half)
    }

    pub fn exp(&mut self, a: ExprId) -> ExprId {
        let e = self.constant(Constant::E);
        self.pow(e, a)
    }
}

/// b^n for a natural n by repeated squaring.
fn pow_rational(b: &Rational, n: u64) -> Rational {
    let numer = num_traits::pow::Pow::pow(b.numer(), n);
    let denom = num_traits::pow::Pow::pow(b.denom(), n);
    Rational::new(numer, denom)
}
