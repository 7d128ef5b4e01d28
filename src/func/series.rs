//! Univariate truncated Taylor series in f64: the arithmetic (products, quotients,
//! exp, ln, sin/cos, binomial powers, integration) that each function's Taylor-jet
//! rule in the table is written in, and [`SeriesAt`], the variable a rule expands in.
//!
//! A series s = Σ s_k t^k, k = 0..=n. The Taylor coefficients of g at a are g(s)
//! for s = a + σt.

/// Why a value could not be computed.
pub type Undefined = String;

/// A truncated series: coefficient k belongs to t^k.
pub type Uni = Vec<f64>;

/// A function's Taylor-jet rule: its coefficients g^(j)(a) σ^j/j!, j = 0..=n, for
/// n ≥ 1, or why they do not exist.
pub type SeriesRule = fn(&SeriesAt) -> Result<Uni, Undefined>;

/// The point a function is expanded at: the series s = a + σt to degree n.
pub struct SeriesAt {
    /// The argument's value.
    pub a: f64,
    /// The degree.
    pub n: usize,
    /// The scale of the variable t.
    pub sigma: f64,
    /// a + σt.
    pub s: Uni,
    /// The constant series 1.
    pub one: Uni,
}

impl SeriesAt {
    /// The series a + σt to degree n ≥ 1.
    pub fn new(a: f64, n: usize, sigma: f64) -> SeriesAt {
        let s = variable(a, n, sigma);
        let mut one = vec![0.0; n + 1];
        one[0] = 1.0;
        SeriesAt { a, n, sigma, s, one }
    }

    /// (a + σt)^2.
    pub fn square(&self) -> Uni {
        uni_mul(&self.s, &self.s)
    }

    /// base^p for a series base: the binomial coefficients composed with it.
    pub fn pow_of(&self, base: &[f64], p: f64) -> Result<Uni, Undefined> {
        let t = power_coeffs(base[0], p, self.n, 1.0)?;
        Ok(compose_uni(base, &t))
    }

    /// The series of g from the series of g' and g's value.
    pub fn integrate(&self, value: f64, derivative: &[f64]) -> Uni {
        integrate(value, derivative, self.n, self.sigma)
    }
}

/// a + σt to degree n.
pub fn variable(a: f64, n: usize, sigma: f64) -> Uni {
    let mut s = vec![0.0; n + 1];
    s[0] = a;
    if n > 0 {
        s[1] = sigma;
    }
    s
}

/// k·v + c.
pub fn add_const(v: &[f64], c: f64, k: f64) -> Uni {
    let mut o: Uni = v.iter().map(|x| x * k).collect();
    o[0] += c;
    o
}

/// k·v.
pub fn scaled(v: &[f64], k: f64) -> Uni {
    v.iter().map(|x| x * k).collect()
}

pub fn uni_mul(a: &[f64], b: &[f64]) -> Uni {
    let n = a.len();
    (0..n).map(|k| (0..=k).map(|j| a[j] * b[k - j]).sum()).collect()
}

pub fn uni_div(a: &[f64], b: &[f64]) -> Result<Uni, Undefined> {
    if b[0] == 0.0 {
        return Err("division by zero".into());
    }
    let n = a.len();
    let mut q = vec![0.0; n];
    for k in 0..n {
        let s: f64 = (1..=k).map(|j| b[j] * q[k - j]).sum();
        q[k] = (a[k] - s) / b[0];
    }
    Ok(q)
}

pub fn uni_exp(u: &[f64]) -> Uni {
    let n = u.len();
    let mut e = vec![0.0; n];
    e[0] = u[0].exp();
    for k in 1..n {
        let s: f64 = (1..=k).map(|j| j as f64 * u[j] * e[k - j]).sum();
        e[k] = s / k as f64;
    }
    e
}

pub fn uni_ln(u: &[f64]) -> Result<Uni, Undefined> {
    if u[0] <= 0.0 {
        return Err("logarithm of a non-positive number".into());
    }
    let n = u.len();
    let mut l = vec![0.0; n];
    l[0] = u[0].ln();
    for k in 1..n {
        let s: f64 = (1..k).map(|j| j as f64 * l[j] * u[k - j]).sum();
        l[k] = (u[k] - s / k as f64) / u[0];
    }
    Ok(l)
}

/// (sin u, cos u), or (sinh u, cosh u) when `hyperbolic`.
pub fn uni_sin_cos(u: &[f64], hyperbolic: bool) -> (Uni, Uni) {
    let n = u.len();
    let (mut s, mut c) = (vec![0.0; n], vec![0.0; n]);
    if hyperbolic {
        s[0] = u[0].sinh();
        c[0] = u[0].cosh();
    } else {
        s[0] = u[0].sin();
        c[0] = u[0].cos();
    }
    let sign = if hyperbolic { 1.0 } else { -1.0 };
    for k in 1..n {
        let ss: f64 = (1..=k).map(|j| j as f64 * u[j] * c[k - j]).sum();
        let cc: f64 = (1..=k).map(|j| j as f64 * u[j] * s[k - j]).sum();
        s[k] = ss / k as f64;
        c[k] = sign * cc / k as f64;
    }
    (s, c)
}

/// u^p for a constant p by the generalized binomial series: the coefficients are
/// C(p, j) a^(p-j); at a = 0 they are 0 while p - j > 0 and undefined once p - j < 0
/// (a derivative of sqrt at 0).
pub fn power_coeffs(a: f64, p: f64, n: usize, sigma: f64) -> Result<Uni, Undefined> {
    let integer = p.fract() == 0.0;
    if a < 0.0 && !integer {
        return Err("negative number to a fractional power".into());
    }
    let mut out = Vec::with_capacity(n + 1);
    let mut binom = 1.0;
    for j in 0..=n {
        let e = p - j as f64;
        let term = if binom == 0.0 {
            0.0
        } else if a == 0.0 {
            if e > 0.0 {
                0.0
            } else if e == 0.0 {
                binom * sigma.powi(j as i32)
            } else {
                return Err(if j == 0 { "division by zero".into() } else { "derivative infinite at zero".into() });
            }
        } else if integer && e.abs() < 1024.0 && sigma == 1.0 {
            binom * a.powi(e as i32)
        } else {
            // a^(p-j) σ^j in logarithms, which stay in range when the factors do not.
            let sign = if a < 0.0 && e.rem_euclid(2.0) == 1.0 { -1.0 } else { 1.0 };
            binom * sign * (e * a.abs().ln() + j as f64 * sigma.ln()).exp()
        };
        out.push(term);
        binom *= (p - j as f64) / (j as f64 + 1.0);
    }
    Ok(out)
}

/// The series of g from the series of g' (with s' = σ): g_k = σ (g')_{k-1} / k.
pub fn integrate(value: f64, derivative: &[f64], n: usize, sigma: f64) -> Uni {
    let mut out = vec![0.0; n + 1];
    out[0] = value;
    for k in 1..=n {
        out[k] = sigma * derivative[k - 1] / k as f64;
    }
    out
}

/// Σ_j t_j (u - u0)^j for univariate series.
pub fn compose_uni(u: &[f64], t: &[f64]) -> Uni {
    let mut h = u.to_vec();
    h[0] = 0.0;
    let n = t.len() - 1;
    let mut r = vec![0.0; u.len()];
    r[0] = t[n];
    for &tj in t[..n].iter().rev() {
        r = uni_mul(&r, &h);
        r[0] += tj;
    }
    r
}
