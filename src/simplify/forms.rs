//! The forms `--form` asks for, made after the simplifier's own passes:
//! `expanded` multiplies out every product and positive integer power of sums
//! (inside calls, roots and denominators too); `factored` writes every sum as its
//! rational content times its common monomial times, for a polynomial in one
//! kernel, its square-free parts and the linear factors of its rational roots
//! (`poly::factor`). Expansion past the `FORM_*` budgets is a limit error;
//! factoring past them leaves the sum as it is.

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rustc_hash::FxHashMap as HashMap;

use super::Simplifier;
use crate::error::{Error, ErrorKind};
use crate::limits::{
    FACTOR_MAX_DEGREE, FORM_MAX_COEF_BITS, FORM_MAX_DEGREE, FORM_MAX_EXPONENT, FORM_MAX_TERMS, FORM_STEP_BUDGET,
};
use crate::poly::factor::factor_univariate;
use crate::poly::{content_of, mono_div, mono_exp, Caps, Coef, Mono, Poly};
use crate::store::{ExprId, Node, Rational, Store};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Expand,
    Factor,
}

/// An expanded polynomial past one of the `FORM_*` budgets.
struct TooLarge;

/// One pass of a form over an expression: results by node and the step budget.
struct Forms<'a> {
    sim: &'a mut Simplifier,
    mode: Mode,
    memo: HashMap<ExprId, ExprId>,
    steps: usize,
}

impl Simplifier {
    /// `id` with every polynomial part multiplied out, or a limit error.
    pub(super) fn expand_form(&mut self, s: &mut Store, id: ExprId) -> Result<ExprId, Error> {
        let mut f = Forms { sim: self, mode: Mode::Expand, memo: HashMap::default(), steps: FORM_STEP_BUDGET };
        f.node(s, id).map_err(|TooLarge| {
            Error::new(
                ErrorKind::Limit,
                format!(
                    "the expanded form is too large (limits: a power of a sum up to total degree {FORM_MAX_DEGREE}, \
                     {FORM_MAX_TERMS} terms, coefficients of {FORM_MAX_COEF_BITS} bits, exponents up to \
                     {FORM_MAX_EXPONENT})"
                ),
            )
            .hint("use --form factored or --form auto, or expand a smaller power")
        })
    }

    /// `id` with every sum factored as far as the budgets allow.
    pub(super) fn factor_form(&mut self, s: &mut Store, id: ExprId) -> ExprId {
        let mut f = Forms { sim: self, mode: Mode::Factor, memo: HashMap::default(), steps: FORM_STEP_BUDGET };
        f.node(s, id).unwrap_or(id)
    }
}

impl Forms<'_> {
    fn node(&mut self, s: &mut Store, id: ExprId) -> Result<ExprId, TooLarge> {
        if let Some(&r) = self.memo.get(&id) {
            return Ok(r);
        }
        let r = match *s.node(id) {
            Node::Num(_) | Node::Var(_) | Node::Const(_) => id,
            Node::Call(_, ref xs) | Node::Apply(_, ref xs) => {
                let xs = xs.to_vec();
                let ys = self.children(s, &xs)?;
                if ys == xs {
                    id
                } else {
                    s.at_arguments(id, &ys)
                }
            }
            Node::Pow(b, e) => self.power(s, id, b, e)?,
            Node::Mul(_) if self.mode == Mode::Expand => self.fraction(s, id)?,
            Node::Add(_) | Node::Mul(_) => match self.mode {
                Mode::Expand => {
                    let p = self.poly(s, id)?;
                    self.sim.expr_of(s, &p)
                }
                Mode::Factor => self.factor(s, id)?,
            },
        };
        self.memo.insert(id, r);
        Ok(r)
    }

    fn children(&mut self, s: &mut Store, xs: &[ExprId]) -> Result<Vec<ExprId>, TooLarge> {
        xs.iter().map(|&x| self.node(s, x)).collect()
    }

    fn power(&mut self, s: &mut Store, id: ExprId, b: ExprId, e: ExprId) -> Result<ExprId, TooLarge> {
        let n = s.as_num(e).filter(|q| q.is_integer()).and_then(|q| q.to_integer().to_i64());
        let sum_base = matches!(s.node(b), Node::Add(_));
        match n {
            Some(n) if self.mode == Mode::Expand && n > 0 && sum_base => {
                let p = self.poly(s, id)?;
                Ok(self.sim.expr_of(s, &p))
            }
            // A denominator is expanded too: 1/(x + 1)^2 is 1/(x^2 + 2*x + 1).
            Some(n) if self.mode == Mode::Expand && n < -1 && sum_base => {
                let up = s.powi(b, n.checked_neg().ok_or(TooLarge)?);
                let d = self.node(s, up)?;
                Ok(s.recip(d))
            }
            _ => {
                let nb = self.node(s, b)?;
                let ne = self.node(s, e)?;
                Ok(if (nb, ne) == (b, e) { id } else { s.pow(nb, ne) })
            }
        }
    }

    /// A product multiplied out, a fraction over its own denominator:
    /// `(x^2 - 1)/(x^2 + 2*x + 1)`, not a sum of fractions.
    fn fraction(&mut self, s: &mut Store, id: ExprId) -> Result<ExprId, TooLarge> {
        let Node::Mul(fs) = s.node(id) else { return Ok(id) };
        let fs = fs.to_vec();
        let (den, num): (Vec<ExprId>, Vec<ExprId>) = fs.iter().partition(|&&f| {
            let (b, e) = s.split_pow(f);
            matches!(s.node(b), Node::Add(_)) && s.as_num(e).is_some_and(|q| q.is_negative())
        });
        if den.is_empty() || num.is_empty() {
            let p = self.poly(s, id)?;
            return Ok(self.sim.expr_of(s, &p));
        }
        let top = s.mul(&num);
        let p = self.poly(s, top)?;
        let mut out = self.children(s, &den)?;
        out.push(self.sim.expr_of(s, &p));
        Ok(s.mul(&out))
    }

    /// The kernel number of `id` with the form applied inside it.
    fn kernel(&mut self, s: &mut Store, id: ExprId) -> Result<u32, TooLarge> {
        let r = self.node(s, id)?;
        Ok(self.sim.kernel_of(r))
    }

    /// `id` multiplied out into a polynomial in kernels, within the `FORM_*` budgets.
    fn poly(&mut self, s: &mut Store, id: ExprId) -> Result<Poly, TooLarge> {
        if self.steps == 0 {
            return Err(TooLarge);
        }
        match *s.node(id) {
            Node::Num(ref q) => Ok(Poly::constant(Coef::of(q))),
            Node::Add(ref ts) => {
                let ts = ts.to_vec();
                let mut acc = Poly::default();
                for t in ts {
                    for (m, c) in self.poly(s, t)?.0 {
                        acc.add_term(m, c);
                    }
                    if acc.0.len() > FORM_MAX_TERMS {
                        return Err(TooLarge);
                    }
                }
                Ok(acc)
            }
            Node::Mul(ref fs) => {
                let fs = fs.to_vec();
                let mut acc = Poly::constant(Coef::ONE);
                for f in fs {
                    let p = self.poly(s, f)?;
                    acc = acc.mul_within(&p, &mut self.steps, Caps::FORM).ok_or(TooLarge)?;
                }
                Ok(acc)
            }
            Node::Pow(b, e) => {
                let n = s.as_num(e).filter(|q| q.is_integer() && q.is_positive()).map(|q| q.to_integer().to_u32());
                match n {
                    Some(None) => Err(TooLarge),
                    Some(Some(n)) if matches!(s.node(b), Node::Add(_) | Node::Mul(_)) => {
                        let bp = self.poly(s, b)?;
                        let degree = bp.0.keys().map(|m| m.iter().map(|x| x.1).sum::<u32>()).max().unwrap_or(0);
                        if u64::from(degree) * u64::from(n) > u64::from(FORM_MAX_DEGREE) {
                            return Err(TooLarge);
                        }
                        let mut acc = Poly::constant(Coef::ONE);
                        for _ in 0..n {
                            acc = acc.mul_within(&bp, &mut self.steps, Caps::FORM).ok_or(TooLarge)?;
                        }
                        Ok(acc)
                    }
                    Some(Some(n)) if n > FORM_MAX_EXPONENT => Err(TooLarge),
                    Some(Some(n)) => Ok(Poly::kernel(self.kernel(s, b)?, n)),
                    None => Ok(Poly::kernel(self.kernel(s, id)?, 1)),
                }
            }
            _ => Ok(Poly::kernel(self.kernel(s, id)?, 1)),
        }
    }

    /// A sum or product with its sums factored; a sum with nothing to factor out
    /// keeps its shape (its terms factored inside).
    fn factor(&mut self, s: &mut Store, id: ExprId) -> Result<ExprId, TooLarge> {
        let xs = match s.node(id) {
            Node::Add(xs) | Node::Mul(xs) => xs.to_vec(),
            _ => return Ok(id),
        };
        let is_sum = matches!(s.node(id), Node::Add(_));
        if is_sum {
            let steps = self.steps;
            if let Ok(p) = self.poly(s, id) {
                if let Some(r) = self.factor_poly(s, &p) {
                    return Ok(r);
                }
            } else {
                // A sum too large to multiply out keeps its shape; the budget
                // spent on it is given back to the other sums.
                self.steps = steps;
            }
        }
        let ys = self.children(s, &xs)?;
        Ok(if ys == xs {
            id
        } else if is_sum {
            s.add(&ys)
        } else {
            s.mul(&ys)
        })
    }

    /// `p` as a product of its content, common monomial and factors; None when
    /// that is `p` itself.
    fn factor_poly(&mut self, s: &mut Store, p: &Poly) -> Option<ExprId> {
        if p.0.len() < 2 {
            return None;
        }
        let mut unit = content_of(p).to_rational();
        let mut mono = Mono::new();
        for k in p.kernels() {
            let e = p.content_exp(k);
            if e > 0 {
                mono.push((k, e));
            }
        }
        let divisor = Coef::of(&unit);
        let mut q = Poly::default();
        for (m, c) in &p.0 {
            q.add_term(mono_div(m, &mono).unwrap_or_else(|| m.clone()), c.div(&divisor));
        }
        if q.0.values().all(Coef::is_negative) {
            unit = -unit;
            for t in &mut q.0 .0 {
                t.1 = t.1.neg();
            }
        }
        let mut factors = Vec::new();
        let kernels = q.kernels();
        let univariate = match kernels[..] {
            [k] => self.univariate(s, &q, k),
            _ => None,
        };
        match univariate {
            Some((u, fs)) => {
                unit *= u;
                factors = fs;
            }
            None if q.0.len() > 1 || !kernels.is_empty() => factors.push((self.sim.expr_of(s, &q), 1)),
            None => unit *= q.0.values().next().map_or_else(Rational::one, Coef::to_rational),
        }
        let trivial = mono.is_empty() && unit.abs().is_one() && factors.len() == 1 && factors[0].1 == 1;
        if trivial {
            return None;
        }
        let mut fs = self.sim.mono_expr(s, &mono);
        fs.push(s.num(unit));
        for (f, m) in factors {
            fs.push(s.powi(f, i64::from(m)));
        }
        Some(s.mul(&fs))
    }

    /// The factors of `q`, a polynomial in the one kernel `k`, with their
    /// multiplicities and the rational unit in front.
    fn univariate(&mut self, s: &mut Store, q: &Poly, k: u32) -> Option<(Rational, Vec<(ExprId, u32)>)> {
        let degree = q.0.keys().map(|m| mono_exp(m, k)).max()? as usize;
        if degree > FACTOR_MAX_DEGREE {
            return None;
        }
        let mut dense = vec![Rational::zero(); degree + 1];
        for (m, c) in &q.0 {
            dense[mono_exp(m, k) as usize] = c.to_rational();
        }
        let f = factor_univariate(&dense)?;
        let kernel = self.sim.kernels.expr(k);
        let factors = f.factors.iter().map(|(cs, mult)| (sum_in(s, kernel, cs), *mult)).collect();
        Some((f.unit, factors))
    }
}

/// `Σ cs[i] * kernel^i`.
fn sum_in(s: &mut Store, kernel: ExprId, cs: &[BigInt]) -> ExprId {
    let mut terms = Vec::with_capacity(cs.len());
    for (i, c) in cs.iter().enumerate() {
        if c.is_zero() {
            continue;
        }
        let c = s.num(Rational::from_integer(c.clone()));
        let pw = s.powi(kernel, i as i64);
        terms.push(s.mul(&[c, pw]));
    }
    s.add(&terms)
}
