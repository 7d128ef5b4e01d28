//! The derivative of a polynomial in kernels ([`KernelPoly`]), term by term, for
//! the higher-order derivative chain: each kernel's derivative comes from the
//! chain rule ([`Differentiator`]) and is taken in as a polynomial again.

use std::rc::Rc;

use crate::diff::Differentiator;
use crate::limits::CHAIN_MAX_TERMS;
use crate::poly::{mono_mul, KernelAlgebra, KernelPoly, Mono};
use crate::store::{ExprId, Rational, Store};

impl KernelAlgebra {
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
        let mut terms: Vec<(&Mono<i32>, &Rational)> = p.0.iter().collect();
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
                let coeff = crate::store::rat_mul(c, &Rational::from_integer(e.into()));
                for (dm, dc) in dk.0.iter() {
                    out.add_term(mono_mul(&rest, dm), crate::store::rat_mul(&coeff, dc));
                }
                work += dk.len() as u64;
                if out.len() > CHAIN_MAX_TERMS {
                    return None;
                }
            }
        }
        // Each term made is a step of the store's work budget (`--max-steps`).
        (s.charge(work) && out.within_bounds()).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{Evaluator, Point};
    use crate::syntax::parse_into;

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
