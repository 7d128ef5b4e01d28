//! Truncated Laurent series in one variable t with exact coefficients (expressions
//! of the store): sums, products, reciprocals, powers, exp, the sine–cosine pair, the
//! derivative and the integral, each a recurrence over the coefficients (O(n²) for
//! n terms), never repeated differentiation.
//!
//! A series is t^val · Σ_i coef[i] t^i, known up to t^(val + len): the terms from
//! there on are unknown (the O(·) of the result). Leading coefficients that are the
//! number 0 are stripped, so `coef[0]` is the first term that is not exactly 0.

use crate::simplify::{simplify, Form};
use crate::store::{ExprId, Store};

/// A truncated Laurent series in t.
#[derive(Clone, Debug)]
pub struct Series {
    /// The power of t of `coef[0]`; for a series with no known term, its precision.
    pub val: i64,
    /// The coefficients from t^val on.
    pub coef: Vec<ExprId>,
}

/// Why an operation has no series: the reasons the walk words for the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Every known term cancelled: more terms are needed to tell the leading one.
    Precision,
    /// A fractional power of a series that starts at a power of t other than 0 (a
    /// branch point: sqrt(x) at 0).
    Branch,
    /// exp, sin, ... of a series with negative powers (exp(1/x) at 0).
    Essential,
    /// A derivative with a pole of order 1 integrates to a logarithm (atanh at 1).
    Logarithm,
}

impl Series {
    /// The constant c, known to `len` terms.
    pub fn constant(s: &mut Store, c: ExprId, len: usize) -> Series {
        let mut coef = vec![s.zero(); len];
        if let Some(first) = coef.first_mut() {
            *first = c;
        }
        Series { val: 0, coef }.stripped(s)
    }

    /// c0 + c1·t, known to `len` terms.
    pub fn linear(s: &mut Store, c0: ExprId, c1: ExprId, len: usize) -> Series {
        let mut coef = vec![s.zero(); len.max(2)];
        coef[0] = c0;
        coef[1] = c1;
        coef.truncate(len);
        Series { val: 0, coef }.stripped(s)
    }

    /// The power of t up to which the series is known (exclusive).
    pub fn precision(&self) -> i64 {
        self.val + self.coef.len() as i64
    }

    /// The coefficient of t^k: 0 below `val` (callers stay below the precision).
    pub fn at(&self, s: &mut Store, k: i64) -> ExprId {
        match usize::try_from(k - self.val) {
            Ok(i) if i < self.coef.len() => self.coef[i],
            _ => s.zero(),
        }
    }

    /// The same series with exactly-zero leading coefficients dropped.
    fn stripped(mut self, s: &Store) -> Series {
        let zeros = self.coef.iter().take_while(|&&c| s.is_zero(c)).count();
        self.coef.drain(..zeros);
        self.val += zeros as i64;
        self
    }

    /// The same series with leading coefficients that simplify to 0 dropped too: an
    /// operation that divides by the leading term (or asks whether the constant term
    /// is 0) must not take a zero written another way (sin(a)^2 + cos(a)^2 - 1) for
    /// a nonzero one.
    pub fn settled(mut self, s: &mut Store) -> Series {
        while let Some(&c) = self.coef.first() {
            if s.as_num(c).is_some() {
                break;
            }
            let simpler = simplify(s, c, Form::Auto);
            if !s.is_zero(simpler) {
                self.coef[0] = simpler;
                break;
            }
            self.coef.remove(0);
            self.val += 1;
        }
        self
    }

    /// The coefficients of t^0 .. t^(precision - 1) for a series without negative
    /// powers: the constant term first (0 when val > 0).
    pub fn dense(&self, s: &mut Store) -> Result<Vec<ExprId>, Failure> {
        if self.val <= 0 && self.coef.is_empty() {
            return Err(Failure::Precision);
        }
        let shift = usize::try_from(self.val).map_err(|_| Failure::Essential)?;
        let mut out = vec![s.zero(); shift];
        out.extend_from_slice(&self.coef);
        Ok(out)
    }

    /// A series from coefficients of t^0, t^1, ...
    pub fn from_dense(s: &Store, coef: Vec<ExprId>) -> Series {
        Series { val: 0, coef }.stripped(s)
    }

    /// The series times the expression c (free of t).
    pub fn scale(&self, s: &mut Store, c: ExprId) -> Series {
        if s.is_one(c) {
            return self.clone();
        }
        let coef = self.coef.iter().map(|&a| s.mul2(a, c)).collect();
        Series { val: self.val, coef }.stripped(s)
    }
}

/// a + b
pub fn add(s: &mut Store, a: &Series, b: &Series) -> Series {
    let val = a.val.min(b.val);
    let prec = a.precision().min(b.precision());
    let len = usize::try_from(prec - val).unwrap_or(0);
    let coef = (0..len as i64)
        .map(|i| {
            let (x, y) = (a.at(s, val + i), b.at(s, val + i));
            s.add2(x, y)
        })
        .collect();
    if len == 0 {
        return Series { val: prec, coef: Vec::new() };
    }
    Series { val, coef }.stripped(s)
}

/// Σ_{i+j=k} a_i b_j for k < len: the product's coefficients, over the nonzero
/// coefficients only (a power of x - a is one term, not a row of zeros).
fn convolve(s: &mut Store, a: &[ExprId], b: &[ExprId], len: usize) -> Vec<ExprId> {
    let nonzero =
        |s: &Store, xs: &[ExprId]| -> Vec<usize> { (0..xs.len().min(len)).filter(|&i| !s.is_zero(xs[i])).collect() };
    let (ia, ib) = (nonzero(s, a), nonzero(s, b));
    let mut terms: Vec<Vec<ExprId>> = vec![Vec::new(); len];
    for &i in &ia {
        for &j in ib.iter().take_while(|&&j| i + j < len) {
            terms[i + j].push(s.mul2(a[i], b[j]));
        }
    }
    terms.iter().map(|ts| s.add(ts)).collect()
}

/// a · b
pub fn mul(s: &mut Store, a: &Series, b: &Series) -> Series {
    let len = a.coef.len().min(b.coef.len());
    let coef = convolve(s, &a.coef, &b.coef, len);
    Series { val: a.val + b.val, coef }.stripped(s)
}

/// 1/b: r_0 = 1/b_0, r_k = -(Σ_{j=1..k} b_j r_{k-j}) / b_0.
pub fn recip(s: &mut Store, b: &Series) -> Result<Series, Failure> {
    let b = b.clone().settled(s);
    let Some(&b0) = b.coef.first() else { return Err(Failure::Precision) };
    let inv = s.recip(b0);
    let minus_inv = s.neg(inv);
    let mut r = Vec::with_capacity(b.coef.len());
    r.push(inv);
    let mut terms = Vec::new();
    for k in 1..b.coef.len() {
        terms.clear();
        for j in 1..=k {
            if !s.is_zero(b.coef[j]) && !s.is_zero(r[k - j]) {
                terms.push(s.mul2(b.coef[j], r[k - j]));
            }
        }
        let sum = s.add(&terms);
        r.push(s.mul2(minus_inv, sum));
    }
    Ok(Series { val: -b.val, coef: r }.stripped(s))
}

/// a / b
pub fn div(s: &mut Store, a: &Series, b: &Series) -> Result<Series, Failure> {
    let r = recip(s, b)?;
    Ok(mul(s, a, &r))
}

/// b^n for a whole n ≥ 0, by repeated squaring.
pub fn powi(s: &mut Store, b: &Series, n: u64, len: usize) -> Series {
    let one = s.one();
    let mut result = Series::constant(s, one, len);
    let mut square = b.clone();
    let mut n = n;
    while n > 0 {
        if n & 1 == 1 {
            result = mul(s, &result, &square);
        }
        n >>= 1;
        if n > 0 {
            square = mul(s, &square, &square);
        }
    }
    result
}

/// b^p for an exponent p free of t (a number or an expression) and a series b
/// that starts at t^0, with `lead` the value of c^p for b's leading coefficient c
/// (the caller chooses the real branch: cbrt(c), or c^p). With b = c·w, w_0 = 1,
/// this is lead·w^p, and w^p by J. C. P. Miller's recurrence
/// y_k = Σ_{j=1..k} ((p+1)j/k - 1) w_j y_{k-j}. A series that starts at another
/// power has no fractional power (a branch point); whole powers are [`powi`]'s.
pub fn pow(s: &mut Store, b: &Series, p: ExprId, lead: ExprId) -> Result<Series, Failure> {
    let b = b.clone().settled(s);
    let Some(&c) = b.coef.first() else { return Err(Failure::Precision) };
    if b.val != 0 {
        return Err(Failure::Branch);
    }
    let inv_c = s.recip(c);
    let w: Vec<ExprId> = b.coef.iter().map(|&a| s.mul2(a, inv_c)).collect();
    let one = s.one();
    let p1 = s.add2(p, one);
    let mut y = Vec::with_capacity(w.len());
    y.push(one);
    let mut terms = Vec::new();
    for k in 1..w.len() {
        terms.clear();
        for j in 1..=k {
            if s.is_zero(w[j]) || s.is_zero(y[k - j]) {
                continue;
            }
            // ((p+1)·j/k - 1)
            let jk = s.frac(j as i64, k as i64);
            let scaled = s.mul2(p1, jk);
            let minus_one = s.int(-1);
            let factor = s.add2(scaled, minus_one);
            terms.push(s.mul(&[factor, w[j], y[k - j]]));
        }
        y.push(s.add(&terms));
    }
    let y = Series { val: 0, coef: y };
    Ok(y.scale(s, lead))
}

/// exp(u) for u = u_0 + ũ without negative powers, with `e0` = exp(u_0) as the
/// caller writes it: E_k = (1/k) Σ_{j=1..k} j u_j E_{k-j}.
pub fn exp(s: &mut Store, u: &[ExprId], e0: ExprId) -> Vec<ExprId> {
    let mut e = Vec::with_capacity(u.len());
    e.push(e0);
    let mut terms = Vec::new();
    for k in 1..u.len() {
        terms.clear();
        for j in 1..=k {
            if !s.is_zero(u[j]) && !s.is_zero(e[k - j]) {
                let jk = s.frac(j as i64, k as i64);
                terms.push(s.mul(&[jk, u[j], e[k - j]]));
            }
        }
        e.push(s.add(&terms));
    }
    e
}

/// The pair (sin u, cos u), or (sinh u, cosh u) when `hyperbolic`, from their values
/// at u_0: S_k = (1/k) Σ j u_j C_{k-j}, C_k = ∓(1/k) Σ j u_j S_{k-j}.
pub fn sin_cos(s: &mut Store, u: &[ExprId], s0: ExprId, c0: ExprId, hyperbolic: bool) -> (Vec<ExprId>, Vec<ExprId>) {
    let (mut sin, mut cos) = (vec![s0], vec![c0]);
    let (mut st, mut ct) = (Vec::new(), Vec::new());
    for k in 1..u.len() {
        st.clear();
        ct.clear();
        for j in 1..=k {
            if s.is_zero(u[j]) {
                continue;
            }
            let jk = s.frac(j as i64, k as i64);
            if !s.is_zero(cos[k - j]) {
                st.push(s.mul(&[jk, u[j], cos[k - j]]));
            }
            if !s.is_zero(sin[k - j]) {
                let f = if hyperbolic { jk } else { s.neg(jk) };
                ct.push(s.mul(&[f, u[j], sin[k - j]]));
            }
        }
        sin.push(s.add(&st));
        cos.push(s.add(&ct));
    }
    (sin, cos)
}

/// The derivative by t of a series without negative powers (one term shorter).
pub fn derivative(s: &mut Store, u: &[ExprId]) -> Vec<ExprId> {
    (1..u.len())
        .map(|k| {
            let kk = s.int(k as i64);
            s.mul2(kk, u[k])
        })
        .collect()
}

/// g with g(0) = `value` and g' = h: g_k = h_{k-1}/k, one term longer than h. A
/// pole of h has no such g in powers of t (order 1: a logarithm).
pub fn integrate(s: &mut Store, value: ExprId, h: &Series) -> Result<Vec<ExprId>, Failure> {
    let h = h.clone().settled(s);
    if h.val < 0 {
        return Err(Failure::Logarithm);
    }
    let dense = h.dense(s)?;
    let mut g = Vec::with_capacity(dense.len() + 1);
    g.push(value);
    for (k, &c) in dense.iter().enumerate() {
        let inv = s.frac(1, k as i64 + 1);
        g.push(s.mul2(inv, c));
    }
    Ok(g)
}
