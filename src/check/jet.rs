//! Forward-mode automatic differentiation on the syntax tree: truncated Taylor
//! arithmetic ("jets") in f64, an oracle for the symbolic derivatives that shares no
//! code with `diff`.
//!
//! A jet in m seed directions of degree n holds the Taylor coefficients
//! ∂^α f / α! of an expression for every multi-index α with |α| ≤ n, where the seeds
//! are the variables being differentiated by (x_i = a_i + t_i). Sums and products are
//! truncated polynomial arithmetic. A function g of one argument U is composed as
//! g(U) = Σ_j g_j (U - u0)^j, where g_j = g^(j)(u0)/j! are g's own Taylor
//! coefficients at the scalar u0, computed by the classical recurrences of Taylor-mode
//! differentiation (exp, ln, sin/cos, sinh/cosh, quotients) or by integrating the
//! series of g' (the inverse functions, erf, softplus). Mixed partials come out
//! directly as coefficients of the multivariate jet; no polarization (and no
//! cancellation) is involved.
//!
//! Where the input is undefined (a logarithm of a negative number, a pole, a
//! derivative of sqrt at 0), the result says so instead of carrying NaN along. At the
//! kinks of abs, sign and relu (argument exactly 0) the jet follows the documented
//! convention (all derivatives of the function are 0 there) and flags the result as
//! non-smooth.

use std::collections::HashMap;

use crate::combinatorics::multisets;
use crate::eval::rational_to_f64;
use crate::func::series::{power_coeffs, uni_exp, uni_ln, variable, SeriesAt, SeriesRule, Uni};
use crate::func::{Builtin, Func, TaylorRule};
use crate::syntax::Ast;

pub use crate::func::series::Undefined;

/// The monomials of total degree ≤ n in m variables, and the products between them.
#[derive(Debug)]
pub struct Space {
    degree: usize,
    /// Exponent vector of each monomial; monomial 0 is the constant.
    monos: Vec<Vec<u32>>,
    /// (i, j, k): monomial i times monomial j is monomial k (degree ≤ n).
    products: Vec<(usize, usize, usize)>,
    /// Index of the monomial x_v (degree 1) for each variable.
    units: Vec<usize>,
    index: HashMap<Vec<u32>, usize>,
}

impl Space {
    /// The space of jets in `vars` directions up to total degree `degree`.
    pub fn new(vars: usize, degree: usize) -> Space {
        let mut monos = vec![vec![0u32; vars]];
        for d in 1..=degree {
            for combo in multisets(vars, d) {
                let mut m = vec![0u32; vars];
                for v in combo {
                    m[v] += 1;
                }
                monos.push(m);
            }
        }
        let index: HashMap<Vec<u32>, usize> = monos.iter().enumerate().map(|(i, m)| (m.clone(), i)).collect();
        let degrees: Vec<usize> = monos.iter().map(|m| m.iter().sum::<u32>() as usize).collect();
        let mut products = Vec::new();
        for i in 0..monos.len() {
            for j in 0..monos.len() {
                if degrees[i] + degrees[j] > degree {
                    continue;
                }
                let sum: Vec<u32> = monos[i].iter().zip(&monos[j]).map(|(a, b)| a + b).collect();
                if let Some(&k) = index.get(&sum) {
                    products.push((i, j, k));
                }
            }
        }
        let units = (0..vars)
            .map(|v| {
                let mut m = vec![0u32; vars];
                m[v] = 1;
                index.get(&m).copied().unwrap_or(0)
            })
            .collect();
        Space { degree, monos, products, units, index }
    }

    /// How many coefficients a jet of this space holds.
    pub fn len(&self) -> usize {
        self.monos.len()
    }

    pub fn is_empty(&self) -> bool {
        self.monos.is_empty()
    }

    /// How many coefficients a jet in `vars` directions of degree `degree` holds.
    pub fn size(vars: usize, degree: usize) -> usize {
        // C(vars + degree, degree), saturating.
        let mut c: usize = 1;
        for i in 1..=degree {
            c = c.saturating_mul(vars + i) / i;
        }
        c
    }
}

/// A truncated multivariate Taylor expansion: coefficient i belongs to monomial i of
/// the [`Space`].
#[derive(Clone, Debug, PartialEq)]
pub struct Jet {
    pub coeffs: Vec<f64>,
    /// A running bound on the size of the terms summed into each coefficient (the
    /// same arithmetic on absolute values): rounding errors are a small multiple of
    /// ε times it, which tells a cancellation from a wrong value.
    pub mags: Vec<f64>,
    /// True when the expression depends on a seeded variable, even if its jet is
    /// constant (relu(x) at x < 0): then the chain rule still needs the outer
    /// function's derivatives, as it does symbolically and in dual-number AD
    /// (sqrt(relu(x)) has no derivative at x < 0 by the chain rule: sqrt'(0)·0).
    pub live: bool,
}

impl Jet {
    fn constant(space: &Space, c: f64) -> Jet {
        let mut coeffs = vec![0.0; space.len()];
        coeffs[0] = c;
        let mut mags = vec![0.0; space.len()];
        mags[0] = c.abs();
        Jet { coeffs, mags, live: false }
    }

    /// The value (the constant coefficient).
    pub fn value(&self) -> f64 {
        self.coeffs[0]
    }

    fn add(&self, other: &Jet) -> Jet {
        Jet {
            coeffs: self.coeffs.iter().zip(&other.coeffs).map(|(a, b)| a + b).collect(),
            mags: self.mags.iter().zip(&other.mags).map(|(a, b)| a + b).collect(),
            live: self.live || other.live,
        }
    }

    fn scale(&self, k: f64) -> Jet {
        Jet {
            coeffs: self.coeffs.iter().map(|a| a * k).collect(),
            mags: self.mags.iter().map(|a| a * k.abs()).collect(),
            live: self.live,
        }
    }

    fn mul(&self, other: &Jet, space: &Space) -> Jet {
        let mut out = vec![0.0; space.len()];
        let mut mags = vec![0.0; space.len()];
        for &(i, j, k) in &space.products {
            out[k] += self.coeffs[i] * other.coeffs[j];
            mags[k] += self.mags[i] * other.mags[j];
        }
        Jet { coeffs: out, mags, live: self.live || other.live }
    }

    /// Σ_j t_j ((self - value)/σ)^j, by Horner's rule: g(self) from g's Taylor
    /// coefficients `t` at self's value, given to one degree more than the space's,
    /// which serves the magnitudes: an error δ in the value moves every coefficient
    /// by δ times those of g'(self), so the magnitude of g'(self) times that of the
    /// value is added (sin(pi) is about 1e-16, not 0, with a magnitude about pi).
    fn compose(&self, t: &[f64], sigma: f64, space: &Space) -> Jet {
        let mut h = self.scale(1.0 / sigma);
        h.coeffs[0] = 0.0;
        h.mags[0] = 0.0;
        let n = space.degree;
        let horner = |c: &dyn Fn(usize) -> f64| -> Jet {
            let mut r = Jet::constant(space, c(n));
            for j in (0..n).rev() {
                r = r.mul(&h, space);
                r.coeffs[0] += c(j);
                r.mags[0] += c(j).abs();
            }
            r
        };
        let mut r = horner(&|j| t[j]);
        let slope = horner(&|j| (j + 1) as f64 * t.get(j + 1).copied().unwrap_or(0.0));
        let shift = self.mags[0] / sigma;
        for (m, s) in r.mags.iter_mut().zip(&slope.mags) {
            *m += s * shift;
        }
        r.live = self.live;
        r
    }

    /// The partial derivative ∂^α f at the seed point, for exponents α, and the
    /// magnitude of the terms it was summed from.
    pub fn derivative(&self, space: &Space, alpha: &[u32]) -> (f64, f64) {
        match space.index.get(alpha) {
            Some(&i) => {
                let factorials: f64 = alpha.iter().map(|&a| factorial(a)).product();
                (self.coeffs[i] * factorials, self.mags[i] * factorials)
            }
            None => (0.0, 0.0),
        }
    }
}

fn factorial(n: u32) -> f64 {
    (1..=n).map(f64::from).product()
}

/// Evaluates syntax trees to jets at one point, seeding the given variables.
pub struct JetEval<'a> {
    space: Space,
    point: &'a HashMap<String, f64>,
    seeds: Vec<String>,
    /// Set when abs, sign or relu met a non-constant argument exactly at its kink.
    pub nonsmooth: bool,
    /// Set when a function met an argument within rounding of a jump or a kink
    /// (acot(tan(pi)): tan(pi) is -1.2e-16 in f64, where acot jumps from -pi/2 to
    /// pi/2): which side AD took is an accident of rounding.
    pub ambiguous: bool,
}

/// An argument within this fraction of its magnitude from a jump or a kink is taken
/// as being on it, up to rounding.
const NOISE: f64 = 1e-12;

/// True when the value of `u` is 0 up to its rounding, but not exactly 0 by
/// construction (a variable set to 0 has magnitude 0).
fn near_zero_by_rounding(u: &Jet) -> bool {
    let (a, m) = (u.value(), u.mags[0]);
    m > 0.0 && a.abs() <= NOISE * m
}

impl<'a> JetEval<'a> {
    /// Jets of degree `degree` in the directions of `seeds`, at `point`.
    pub fn new(point: &'a HashMap<String, f64>, seeds: &[String], degree: usize) -> JetEval<'a> {
        JetEval {
            space: Space::new(seeds.len(), degree),
            point,
            seeds: seeds.to_vec(),
            nonsmooth: false,
            ambiguous: false,
        }
    }

    pub fn space(&self) -> &Space {
        &self.space
    }

    /// The jet of `ast` at the point, or why the input is undefined there.
    pub fn eval(&mut self, ast: &Ast) -> Result<Jet, Undefined> {
        let j = self.node(ast)?;
        if j.coeffs.iter().any(|c| c.is_nan()) {
            return Err("not a real number".into());
        }
        if j.coeffs.iter().any(|c| c.is_infinite()) {
            return Err("too large for a 64-bit float".into());
        }
        Ok(j)
    }

    fn node(&mut self, ast: &Ast) -> Result<Jet, Undefined> {
        let space = &self.space;
        match ast {
            Ast::Num(q) => Ok(Jet::constant(space, rational_to_f64(q))),
            Ast::Const(c) => Ok(Jet::constant(space, c.value())),
            Ast::Var(name) => {
                let v = *self.point.get(name).ok_or_else(|| format!("no value for {name}"))?;
                let mut j = Jet::constant(space, v);
                if let Some(i) = self.seeds.iter().position(|s| s == name) {
                    j.coeffs[space.units[i]] = 1.0;
                    j.mags[space.units[i]] = 1.0;
                    j.live = true;
                }
                Ok(j)
            }
            Ast::Neg(a) => Ok(self.node(a)?.scale(-1.0)),
            Ast::Add(xs) => {
                let mut acc = Jet::constant(&self.space, 0.0);
                for x in xs {
                    acc = acc.add(&self.node(x)?);
                }
                Ok(acc)
            }
            Ast::Mul(xs) => {
                let mut acc = Jet::constant(&self.space, 1.0);
                for x in xs {
                    let j = self.node(x)?;
                    acc = acc.mul(&j, &self.space);
                }
                Ok(acc)
            }
            Ast::Recip(a) => {
                let j = self.node(a)?;
                self.recip(&j)
            }
            Ast::Pow(a, b) => {
                let base_is_e = matches!(**a, Ast::Const(crate::store::Constant::E));
                let x = self.node(a)?;
                let y = self.node(b)?;
                if base_is_e {
                    return self.apply(&y, Series::Exp);
                }
                self.pow(&x, &y)
            }
            Ast::Call(builtin, args) => {
                let mut js = Vec::with_capacity(args.len());
                for a in args {
                    js.push(self.node(a)?);
                }
                self.call(*builtin, &js)
            }
            Ast::Apply(f, ..) => Err(format!("{f} is an abstract function, so there is no value to check")),
        }
    }

    fn recip(&self, j: &Jet) -> Result<Jet, Undefined> {
        if j.value() == 0.0 {
            return Err("division by zero".into());
        }
        self.apply(j, Series::Power(-1.0))
    }

    /// g(U) for a function of one argument, by its Taylor coefficients at u0.
    fn apply(&self, u: &Jet, g: Series) -> Result<Jet, Undefined> {
        // One degree more serves the magnitudes only; where it does not exist (sqrt
        // at 0 to degree 0), the magnitudes go without it.
        // The series is taken in the variable (U - u0)/σ, σ the largest coefficient of
        // U - u0, so that neither g's coefficients nor the powers of U - u0 leave the
        // range of f64 when U is huge or tiny (ln(3^256*x)).
        let (a, n) = (u.value(), self.space.degree);
        if !u.live {
            // A constant needs g's value only (acos(-1) has no derivative, and needs none).
            let t = taylor(g, a, 1, 1.0).or_else(|_| taylor(g, a, 0, 1.0))?;
            let mut j = Jet::constant(&self.space, t[0]);
            j.mags[0] = t[0].abs() + t.get(1).map_or(0.0, |d| d.abs()) * u.mags[0];
            return Ok(j);
        }
        let sigma = u.coeffs[1..].iter().fold(0.0f64, |m, c| m.max(c.abs()));
        let sigma = if sigma > 0.0 && sigma.is_finite() { sigma } else { 1.0 };
        let t = taylor(g, a, n + 1, sigma).or_else(|_| taylor(g, a, n, sigma))?;
        Ok(u.compose(&t, sigma, &self.space))
    }

    /// x^y. An exponent that depends on a seeded variable takes the general rule
    /// x^y = exp(y*ln(x)), defined for x > 0 only, even where its jet happens to be
    /// constant (y^relu(y) at y < 0), as the symbolic power rule does.
    fn pow(&self, x: &Jet, y: &Jet) -> Result<Jet, Undefined> {
        let (a, p) = (x.value(), y.value());
        if !y.live {
            if a == 0.0 && p < 0.0 {
                return Err("division by zero".into());
            }
            if a < 0.0 && p.fract() != 0.0 {
                return Err("negative number to a fractional power".into());
            }
            if !x.live {
                let v = a.powf(p);
                let mut j = Jet::constant(&self.space, v);
                let db = if a != 0.0 { (p * v / a).abs() * x.mags[0] } else { 0.0 };
                let de = if a > 0.0 { (v * a.ln()).abs() * y.mags[0] } else { 0.0 };
                j.mags[0] = v.abs() + db + de;
                return Ok(j);
            }
            let mut r = self.apply(x, Series::Power(p))?;
            // An exponent computed with rounding (sin(pi) is 1.2e-16, not 0) moves the
            // result by ∂(x^p)/∂p = x^p·ln(x) times its error.
            if y.mags[0] > p.abs() * (1.0 + 1e-9) && a > 0.0 {
                let sens = r.mul(&self.apply(x, Series::Ln)?, &self.space);
                for (m, s) in r.mags.iter_mut().zip(&sens.mags) {
                    *m += s * y.mags[0];
                }
            }
            return Ok(r);
        }
        // A variable exponent: x^y = exp(y*ln(x)), which needs x > 0.
        if a < 0.0 {
            return Err("negative number to a variable power".into());
        }
        if a == 0.0 {
            return Err("zero to a variable power".into());
        }
        let ln = self.apply(x, Series::Ln)?;
        let e = ln.mul(y, &self.space);
        self.apply(&e, Series::Exp)
    }

    fn call(&mut self, builtin: Builtin, js: &[Jet]) -> Result<Jet, Undefined> {
        match builtin {
            Builtin::Exp => self.apply(&js[0], Series::Exp),
            Builtin::Sqrt => {
                if js[0].value() < 0.0 {
                    return Err("square root of a negative number".into());
                }
                self.apply(&js[0], Series::Power(0.5))
            }
            Builtin::Log => {
                let ln = self.func(Func::Ln, &js[..1])?;
                match js.get(1) {
                    None => Ok(ln),
                    Some(b) => {
                        let lnb = self.func(Func::Ln, std::slice::from_ref(b))?;
                        let r = self.recip(&lnb)?;
                        Ok(ln.mul(&r, &self.space))
                    }
                }
            }
            Builtin::Func(f) => self.func(f, js),
        }
    }

    fn func(&mut self, f: Func, js: &[Jet]) -> Result<Jet, Undefined> {
        // The language's numbers are real: no signed zeros (atan2(-0, -1) is pi, as
        // atan2(0, -1)).
        let values: Vec<f64> = js.iter().map(|j| if j.value() == 0.0 { 0.0 } else { j.value() }).collect();
        // The value and the domain come from the function table.
        let value = f.eval(&values).map_err(str::to_string)?;
        let u = &js[0];
        let rule = f.def().taylor;
        let jumps = match rule {
            TaylorRule::Series { jumps_at_zero, .. } => jumps_at_zero && near_zero_by_rounding(u),
            TaylorRule::Kinked { .. } => near_zero_by_rounding(u),
            TaylorRule::AtanOfQuotient { .. } => values[1] < 0.0 && near_zero_by_rounding(u),
            TaylorRule::Hypot => false,
        };
        if jumps {
            self.ambiguous = true;
        }
        let mut out = match rule {
            TaylorRule::Series { coefficients, .. } => self.apply(u, Series::Table(coefficients))?,
            TaylorRule::Kinked { below, above, .. } => self.kinked(below, above, u),
            TaylorRule::AtanOfQuotient { atan } => self.atan_of_quotient(&js[0], &js[1], atan)?,
            TaylorRule::Hypot => self.hypot(&js[0], &js[1])?,
        };
        out.coeffs[0] = value;
        out.mags[0] = out.mags[0].max(value.abs());
        Ok(out)
    }

    /// A function piecewise linear away from a kink at 0, with slope `below` for
    /// u < 0 and `above` for u > 0; at 0 every derivative is taken as 0 (the
    /// convention of `diff`), and the result is flagged. The value comes from the
    /// function table.
    fn kinked(&mut self, below: f64, above: f64, u: &Jet) -> Jet {
        let a = u.value();
        let mut zero = Jet::constant(&self.space, 0.0);
        zero.live = u.live;
        if a == 0.0 && u.mags[0] == 0.0 && u.live {
            self.nonsmooth = true;
        }
        let slope = if a > 0.0 {
            above
        } else if a < 0.0 {
            below
        } else {
            0.0
        };
        if slope == 1.0 {
            u.clone()
        } else if slope == 0.0 {
            zero
        } else {
            u.scale(slope)
        }
    }

    /// f(y, x) for f = atan(y/x) + a constant near the point, as atan(y/x) or
    /// -atan(x/y), whichever is better conditioned: both share all derivatives.
    fn atan_of_quotient(&self, y: &Jet, x: &Jet, atan: SeriesRule) -> Result<Jet, Undefined> {
        let (y0, x0) = (y.value(), x.value());
        if y0 == 0.0 && x0 == 0.0 {
            return Err("atan2 of (0, 0)".into());
        }
        let atan = Series::Table(atan);
        if x0.abs() >= y0.abs() {
            let q = self.recip(x)?.mul(y, &self.space);
            self.apply(&q, atan)
        } else {
            let q = self.recip(y)?.mul(x, &self.space);
            Ok(self.apply(&q, atan)?.scale(-1.0))
        }
    }

    /// sqrt(x^2 + y^2), the arguments scaled by the larger magnitude so that the
    /// squares stay in range; at (0, 0) it has no derivatives (sqrt'(0)).
    fn hypot(&self, x: &Jet, y: &Jet) -> Result<Jet, Undefined> {
        let m = x.value().abs().max(y.value().abs());
        let m = if m > 0.0 && m.is_finite() { m } else { 1.0 };
        let (x, y) = (x.scale(1.0 / m), y.scale(1.0 / m));
        let r2 = x.mul(&x, &self.space).add(&y.mul(&y, &self.space));
        Ok(self.apply(&r2, Series::Power(0.5))?.scale(m))
    }
}

/// The partial derivatives of `f` at real arguments (one per argument), or None
/// where they do not exist; for the magnitudes of symbolic values in `check`.
pub fn slopes(f: Func, args: &[f64]) -> Option<Vec<f64>> {
    let a = args[0];
    match f.def().taylor {
        TaylorRule::AtanOfQuotient { .. } => {
            let (y, x) = (args[0], args[1]);
            let r2 = x * x + y * y;
            (r2 > 0.0).then(|| vec![x / r2, -y / r2])
        }
        TaylorRule::Hypot => {
            let r = args[0].hypot(args[1]);
            (r > 0.0).then(|| vec![args[0] / r, args[1] / r])
        }
        TaylorRule::Kinked { slope, .. } => Some(vec![slope(a)]),
        TaylorRule::Series { coefficients, .. } => {
            taylor(Series::Table(coefficients), a, 1, 1.0).ok().map(|t| vec![t[1]])
        }
    }
}

/// What `apply` expands: the powers and exponentials of the language's own
/// operators, or a function of the table by its Taylor-jet rule.
#[derive(Clone, Copy, Debug)]
enum Series {
    Exp,
    Ln,
    /// u^p for a constant real p.
    Power(f64),
    /// A function of the table.
    Table(SeriesRule),
}

/// Taylor coefficients g^(j)(a) σ^j/j!, j = 0..=n: the series of g(a + σt).
fn taylor(g: Series, a: f64, n: usize, sigma: f64) -> Result<Uni, Undefined> {
    if n == 0 {
        // The value alone: where it comes from the function table, the caller sets
        // it (`JetEval::func`), and a derivative that does not exist (acos' at -1)
        // is not asked for.
        return match g {
            Series::Exp => Ok(vec![a.exp()]),
            Series::Ln => uni_ln(&[a]),
            Series::Power(p) => power_coeffs(a, p, 0, sigma),
            Series::Table(_) => Ok(vec![0.0]),
        };
    }
    match g {
        Series::Power(p) => power_coeffs(a, p, n, sigma),
        Series::Exp => Ok(uni_exp(&variable(a, n, sigma))),
        Series::Ln => uni_ln(&variable(a, n, sigma)),
        Series::Table(rule) => rule(&SeriesAt::new(a, n, sigma)),
    }
}

/// The AD value of one derivative.
#[derive(Clone, Debug, PartialEq)]
pub struct Ad {
    /// The derivative, or why the input is undefined at the point.
    pub value: Result<f64, Undefined>,
    /// The size of the terms it was summed from: its rounding error is a modest
    /// multiple of ε times this.
    pub magnitude: f64,
    /// abs, sign or relu was met exactly at its kink.
    pub nonsmooth: bool,
    /// A function met an argument within rounding of a jump or kink: AD's value
    /// depends on which side rounding fell, and decides nothing.
    pub ambiguous: bool,
}

/// The partial derivatives ∂^k f/∂wrt_1…∂wrt_k of `ast` at `point`, one per entry of
/// `wrt` (each a list of variable names, one per differentiation, in any order).
///
/// Entries are grouped into one jet over every variable they name when that jet is
/// small enough, and evaluated one by one otherwise.
pub fn derivatives(ast: &Ast, point: &HashMap<String, f64>, wrt: &[Vec<String>]) -> Vec<Ad> {
    const MAX_SHARED: usize = 2000;
    let mut names: Vec<String> = wrt.iter().flatten().cloned().collect();
    names.sort();
    names.dedup();
    let degree = wrt.iter().map(Vec::len).max().unwrap_or(0);
    if Space::size(names.len(), degree) <= MAX_SHARED {
        let mut ev = JetEval::new(point, &names, degree);
        let jet = ev.eval(ast);
        return wrt.iter().map(|w| extract(&jet, &ev, &names, w)).collect();
    }
    wrt.iter()
        .map(|w| {
            let mut own: Vec<String> = w.clone();
            own.sort();
            own.dedup();
            let mut ev = JetEval::new(point, &own, w.len());
            let jet = ev.eval(ast);
            extract(&jet, &ev, &own, w)
        })
        .collect()
}

fn extract(jet: &Result<Jet, Undefined>, ev: &JetEval, names: &[String], wrt: &[String]) -> Ad {
    let (nonsmooth, ambiguous, space) = (ev.nonsmooth, ev.ambiguous, ev.space());
    let jet = match jet {
        Ok(j) => j,
        Err(why) => return Ad { value: Err(why.clone()), magnitude: 0.0, nonsmooth, ambiguous },
    };
    let mut alpha = vec![0u32; names.len()];
    for w in wrt {
        if let Some(i) = names.iter().position(|n| n == w) {
            alpha[i] += 1;
        }
    }
    let (d, magnitude) = jet.derivative(space, &alpha);
    let value = if d.is_finite() { Ok(d) } else { Err("too large for a 64-bit float".into()) };
    Ad { value, magnitude, nonsmooth, ambiguous }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn d(text: &str, at: &[(&str, f64)], wrt: &[&str]) -> f64 {
        let ast = parse(text).unwrap();
        let point: HashMap<String, f64> = at.iter().map(|(n, v)| (n.to_string(), *v)).collect();
        let wrt: Vec<String> = wrt.iter().map(|s| s.to_string()).collect();
        derivatives(&ast, &point, &[wrt])[0].value.clone().unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0)
    }

    macro_rules! ad {
        ($name:ident, $f:expr, $at:expr, $wrt:expr, $want:expr) => {
            #[test]
            fn $name() {
                let got = d($f, $at, $wrt);
                let want: f64 = $want;
                assert!(close(got, want), "{}: got {got}, want {want}", $f);
            }
        };
    }

    ad!(cube_first, "x^3", &[("x", 2.0)], &["x"], 12.0);
    ad!(cube_second, "x^3", &[("x", 2.0)], &["x", "x"], 12.0);
    ad!(cube_fourth, "x^3", &[("x", 2.0)], &["x", "x", "x", "x"], 0.0);
    ad!(mixed_xy, "x^2*y^3", &[("x", 2.0), ("y", 3.0)], &["x", "y", "y"], 2.0 * 2.0 * 6.0 * 3.0);
    ad!(sin_third, "sin(2x)", &[("x", 0.3)], &["x", "x", "x"], -8.0 * (0.6f64).cos());
    ad!(exp_fifth, "exp(3x)", &[("x", 0.1)], &["x"; 5], 243.0 * (0.3f64).exp());
    ad!(ln_second, "ln(x)", &[("x", 2.0)], &["x", "x"], -0.25);
    ad!(sqrt_first, "sqrt(x)", &[("x", 4.0)], &["x"], 0.25);
    ad!(x_to_y, "x^y", &[("x", 2.0), ("y", 3.0)], &["y"], 8.0 * 2f64.ln());
    ad!(x_to_y_mixed, "x^y", &[("x", 2.0), ("y", 3.0)], &["x", "y"], 4.0 + 3.0 * 4.0 * 2f64.ln());
    ad!(atan2_dy, "atan2(y, x)", &[("x", 1.0), ("y", 2.0)], &["y"], 1.0 / 5.0);
    ad!(atan2_dx, "atan2(y, x)", &[("x", -1.0), ("y", 0.5)], &["x"], -0.5 / 1.25);
    ad!(asin_first, "asin(x)", &[("x", 0.5)], &["x"], 1.0 / (0.75f64).sqrt());
    ad!(asec_neg, "asec(x)", &[("x", -2.0)], &["x"], 1.0 / (2.0 * 3f64.sqrt()));
    ad!(acosh_first, "acosh(x)", &[("x", 2.0)], &["x"], 1.0 / 3f64.sqrt());
    ad!(cbrt_neg, "cbrt(x)", &[("x", -8.0)], &["x"], 1.0 / 12.0);
    ad!(cbrt_neg_second, "cbrt(x)", &[("x", -8.0)], &["x", "x"], 2.0 / 9.0 / 32.0);
    ad!(erf_first, "erf(x)", &[("x", 0.5)], &["x"], std::f64::consts::FRAC_2_SQRT_PI * (-0.25f64).exp());
    ad!(sigmoid_first, "sigmoid(x)", &[("x", -1.0)], &["x"], {
        let s = 1.0 / (1.0 + 1f64.exp());
        s * (1.0 - s)
    });
    ad!(softplus_second, "softplus(x)", &[("x", 0.7)], &["x", "x"], {
        let s = 1.0 / (1.0 + (-0.7f64).exp());
        s * (1.0 - s)
    });
    ad!(log_base, "log(x, 3)", &[("x", 2.0)], &["x"], 1.0 / (2.0 * 3f64.ln()));
    ad!(abs_negative, "abs(x)^3", &[("x", -2.0)], &["x"], -12.0);
    ad!(tan_second, "tan(x)", &[("x", 0.4)], &["x", "x"], {
        let t = 0.4f64.tan();
        2.0 * t * (1.0 + t * t)
    });

    #[test]
    fn undefined_is_said_not_nan() {
        let ast = parse("ln(x)").unwrap();
        let point: HashMap<String, f64> = [("x".to_string(), -1.0)].into_iter().collect();
        assert!(derivatives(&ast, &point, &[vec!["x".into()]])[0].value.is_err());
        let ast = parse("sqrt(x)").unwrap();
        let point: HashMap<String, f64> = [("x".to_string(), 0.0)].into_iter().collect();
        assert!(derivatives(&ast, &point, &[vec!["x".into()]])[0].value.is_err());
    }

    #[test]
    fn kinks_are_flagged() {
        let ast = parse("abs(x)").unwrap();
        let point: HashMap<String, f64> = [("x".to_string(), 0.0)].into_iter().collect();
        let r = &derivatives(&ast, &point, &[vec!["x".into()]])[0];
        assert_eq!(r.value, Ok(0.0));
        assert!(r.nonsmooth);
    }

    #[test]
    fn space_sizes() {
        assert_eq!(Space::new(3, 3).len(), Space::size(3, 3));
        assert_eq!(Space::size(3, 3), 20);
        assert_eq!(Space::size(1, 10), 11);
    }
}
