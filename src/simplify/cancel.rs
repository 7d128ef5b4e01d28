//! Cancellation: denominator factors that divide a numerator polynomial, and a
//! sum above the bar against a sum below it (`(x^2 - 1)/(x - 1)` = `x + 1`).

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive};

use super::*;
use crate::limits::SIMPLIFY_MAX_CANCEL_SUMS;
use crate::poly::Poly;
use crate::store::{ExprId, Node, Rational, Store};

impl Simplifier {
    /// Cancels the denominator's factors that divide the numerator.
    pub(super) fn cancel(&mut self, s: &mut Store, p: &mut Poly, den: &mut [(ExprId, Rational)]) {
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

    /// Cancels a sum above the bar against a sum below it when one divides the
    /// other: `(x^2 - 1)/(x - 1)` = `x + 1`.
    pub(super) fn cancel_factors(&mut self, s: &mut Store, m: ExprId) -> ExprId {
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
            if sums.len() == SIMPLIFY_MAX_CANCEL_SUMS {
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
}
