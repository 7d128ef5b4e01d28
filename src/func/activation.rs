//! The activation functions sigmoid, softplus, relu, silu (swish), softsign, gelu
//! (exact, through erf) and elu (alpha 1): one row each, and the float forms of
//! sigmoid and softplus that neither overflow nor lose precision.

use num_traits::{One, Signed};

use super::code::{
    Code, Helper,
    Spell::{Defined, Name, WithZero, ZeroFirst},
};
use super::exact::number_is_zero;
use super::series::{add_const, scaled, uni_div, uni_exp, uni_mul, SeriesAt, Undefined, Uni};
use super::ExprBuilder;
use super::{Expansion, Func, FuncDef, Jump, Latex, Parity, TapeOp, TaylorRule};
use crate::expr_id::ExprId;
use crate::number::{Constant, Rational};

pub const SIGMOID: FuncDef = FuncDef {
    func: Func::Sigmoid,
    name: "sigmoid",
    arity: 1,
    parity: Parity::Neither,
    value: |a| Ok(sigmoid(a[0])),
    known: Some(|s, a| known_sigmoid(s, a[0])),
    derivative: d_sigmoid,
    taylor: TaylorRule::Series { coefficients: |x| sigmoid_series(&x.s, &x.one), jumps_at_zero: false },
    expansion: Expansion::Rewrite(sigmoid_of_exp),
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Defined(Helper::Sigmoid),
        numpy: Defined(Helper::Sigmoid),
        jax: Name("jax.nn.sigmoid"),
        tensorflow: Name("tf.math.sigmoid"),
        torch: Name("torch.sigmoid"),
        c: Defined(Helper::Sigmoid),
        rust: Defined(Helper::Sigmoid),
    },
};

/// softplus' = sigmoid
pub const SOFTPLUS: FuncDef = FuncDef {
    func: Func::Softplus,
    name: "softplus",
    arity: 1,
    parity: Parity::Neither,
    value: |a| Ok(softplus(a[0])),
    known: None,
    derivative: |s, a, _| s.call(Func::Sigmoid, &[a[0]]),
    taylor: TaylorRule::Series { coefficients: softplus_series, jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Defined(Helper::Softplus),
        numpy: ZeroFirst("np.logaddexp"),
        jax: Name("jax.nn.softplus"),
        tensorflow: Name("tf.math.softplus"),
        torch: Defined(Helper::Softplus),
        c: Defined(Helper::Softplus),
        rust: Defined(Helper::Softplus),
    },
};

pub const RELU: FuncDef = FuncDef {
    func: Func::Relu,
    name: "relu",
    arity: 1,
    parity: Parity::Neither,
    value: |a| Ok(a[0].max(0.0)),
    known: Some(|s, a| known_relu(s, a[0])),
    derivative: d_relu,
    taylor: TaylorRule::Kinked { below: 0.0, above: 1.0, slope: |a| if a > 0.0 { 1.0 } else { 0.0 } },
    expansion: Expansion::Piecewise { local: relu_near },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: WithZero("max"),
        numpy: WithZero("np.maximum"),
        jax: Name("jax.nn.relu"),
        tensorflow: Name("tf.nn.relu"),
        torch: Name("torch.relu"),
        c: WithZero("fmax"),
        rust: WithZero("max"),
    },
};

/// sigmoid(0) = 1/2.
fn known_sigmoid(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    number_is_zero(s, u)?.then(|| s.frac(1, 2))
}

/// relu of a number.
fn known_relu(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    let q = s.as_num(u)?;
    if q.is_negative() {
        return Some(s.zero());
    }
    let q = q.clone();
    Some(s.num(q))
}

/// sigmoid' = sigmoid*(1 - sigmoid)
fn d_sigmoid(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let sg = s.call(Func::Sigmoid, &[args[0]]);
    let nsg = s.neg(sg);
    let one = s.one();
    let d = s.add(&[one, nsg]);
    s.mul(&[sg, d])
}

/// relu'(u) = heaviside(u), so 0 at 0 (as PyTorch and JAX; see docs/conventions.md).
fn d_relu(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    s.call(Func::Heaviside, &[args[0]])
}

/// sigmoid(s) = 1/(1 + e^-s), or e^s/(1 + e^s) for negative values, without overflow.
fn sigmoid_series(s: &[f64], one: &[f64]) -> Result<Uni, Undefined> {
    if s[0] >= 0.0 {
        let neg: Uni = s.iter().map(|x| -x).collect();
        let e = uni_exp(&neg);
        let d: Uni = e.iter().zip(one).map(|(a, b)| a + b).collect();
        uni_div(one, &d)
    } else {
        let e = uni_exp(s);
        let d: Uni = e.iter().zip(one).map(|(a, b)| a + b).collect();
        uni_div(&e, &d)
    }
}

/// softplus' = sigmoid
fn softplus_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    Ok(x.integrate(0.0, &sigmoid_series(&x.s, &x.one)?))
}

/// The logistic function, written so that it neither overflows nor loses precision.
pub fn sigmoid(u: f64) -> f64 {
    if u >= 0.0 {
        1.0 / (1.0 + (-u).exp())
    } else {
        let t = u.exp();
        t / (1.0 + t)
    }
}

/// ln(1 + e^u), without overflow for large u.
pub fn softplus(u: f64) -> f64 {
    if u > 0.0 {
        u + (-u).exp().ln_1p()
    } else {
        u.exp().ln_1p()
    }
}

/// relu(u) near an argument value p ≠ 0: heaviside(p)·u.
fn relu_near(s: &mut dyn ExprBuilder, p: ExprId, u: ExprId) -> ExprId {
    let step = s.call(Func::Heaviside, &[p]);
    s.mul(&[step, u])
}

/// sigmoid(u) = 1/(1 + e^-u), for series.
fn sigmoid_of_exp(s: &mut dyn ExprBuilder, args: &[ExprId]) -> ExprId {
    let minus = s.neg(args[0]);
    let e = s.exp(minus);
    let one = s.one();
    let d = s.add(&[one, e]);
    s.recip(d)
}

/// silu(u) = u·sigmoid(u), also called swish.
pub const SILU: FuncDef = FuncDef {
    func: Func::Silu,
    name: "silu",
    arity: 1,
    parity: Parity::Neither,
    value: |a| Ok(a[0] * sigmoid(a[0])),
    known: Some(|s, a| known_zero_at_zero(s, a[0])),
    derivative: d_silu,
    taylor: TaylorRule::Series { coefficients: silu_series, jumps_at_zero: false },
    expansion: Expansion::Rewrite(silu_of_sigmoid),
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Defined(Helper::Silu),
        numpy: Defined(Helper::Silu),
        jax: Name("jax.nn.silu"),
        tensorflow: Name("tf.nn.silu"),
        torch: Name("torch.nn.functional.silu"),
        c: Defined(Helper::Silu),
        rust: Defined(Helper::Silu),
    },
};

/// softsign(u) = u/(1 + |u|): its second derivative jumps at 0.
pub const SOFTSIGN: FuncDef = FuncDef {
    func: Func::Softsign,
    name: "softsign",
    arity: 1,
    parity: Parity::Odd,
    value: |a| Ok(if a[0].is_infinite() { a[0].signum() } else { a[0] / (1.0 + a[0].abs()) }),
    known: Some(|s, a| known_softsign(s, a[0])),
    derivative: d_softsign,
    taylor: TaylorRule::Series { coefficients: softsign_series, jumps_at_zero: true },
    expansion: Expansion::Piecewise { local: softsign_near },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Defined(Helper::Softsign),
        numpy: Defined(Helper::Softsign),
        jax: Name("jax.nn.soft_sign"),
        tensorflow: Name("tf.nn.softsign"),
        torch: Name("torch.nn.functional.softsign"),
        c: Defined(Helper::Softsign),
        rust: Defined(Helper::Softsign),
    },
};

/// gelu(u) = u·Φ(u) = u·(1 + erf(u/√2))/2, the exact form (not the tanh
/// approximation).
pub const GELU: FuncDef = FuncDef {
    func: Func::Gelu,
    name: "gelu",
    arity: 1,
    parity: Parity::Neither,
    value: |a| Ok(gelu(a[0])),
    known: Some(|s, a| known_zero_at_zero(s, a[0])),
    derivative: d_gelu,
    taylor: TaylorRule::Series { coefficients: gelu_series, jumps_at_zero: false },
    expansion: Expansion::Rewrite(gelu_of_erf),
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Defined(Helper::Gelu),
        numpy: Defined(Helper::Gelu),
        jax: Defined(Helper::Gelu),
        tensorflow: Defined(Helper::Gelu),
        torch: Name("torch.nn.functional.gelu"),
        c: Defined(Helper::Gelu),
        rust: Defined(Helper::Gelu),
    },
};

/// elu(u) = u for u > 0, e^u - 1 otherwise (alpha 1): its second derivative jumps
/// at 0.
pub const ELU: FuncDef = FuncDef {
    func: Func::Elu,
    name: "elu",
    arity: 1,
    parity: Parity::Neither,
    value: |a| Ok(if a[0] > 0.0 { a[0] } else { a[0].exp_m1() }),
    known: Some(|s, a| known_elu(s, a[0])),
    derivative: d_elu,
    taylor: TaylorRule::Series { coefficients: elu_series, jumps_at_zero: true },
    expansion: Expansion::Piecewise { local: elu_near },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Defined(Helper::Elu),
        numpy: Defined(Helper::Elu),
        jax: Name("jax.nn.elu"),
        tensorflow: Name("tf.nn.elu"),
        torch: Name("torch.nn.functional.elu"),
        c: Defined(Helper::Elu),
        rust: Defined(Helper::Elu),
    },
};

/// f(0) = 0 (silu, gelu).
fn known_zero_at_zero(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    number_is_zero(s, u)?.then(|| s.zero())
}

/// softsign of a number q: q/(1 + |q|), exact.
fn known_softsign(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    let q = s.as_num(u)?.clone();
    let d = Rational::one() + q.abs();
    Some(s.num(q / d))
}

/// elu of a number that is not negative: itself (elu(0) = 0).
fn known_elu(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    let q = s.as_num(u)?;
    if q.is_negative() {
        return None;
    }
    let q = q.clone();
    Some(s.num(q))
}

/// silu' = sigmoid·(1 + u·(1 - sigmoid))
fn d_silu(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let u = args[0];
    let sg = s.call(Func::Sigmoid, &[u]);
    let nsg = s.neg(sg);
    let one = s.one();
    let d = s.add(&[one, nsg]);
    let ud = s.mul(&[u, d]);
    let one = s.one();
    let inner = s.add(&[one, ud]);
    s.mul(&[sg, inner])
}

/// softsign' = 1/(1 + |u|)^2
fn d_softsign(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let a = s.call(Func::Abs, &[args[0]]);
    let one = s.one();
    let d = s.add(&[one, a]);
    s.powi(d, -2)
}

/// gelu' = (1 + erf(u/√2))/2 + u·e^(-u^2/2)/√(2π)
fn d_gelu(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let u = args[0];
    let phi = big_phi(s, u);
    let u2 = s.powi(u, 2);
    let h = s.frac(-1, 2);
    let e = s.mul(&[h, u2]);
    let ex = s.exp(e);
    let pi = s.constant(Constant::Pi);
    let two = s.int(2);
    let tp = s.mul(&[two, pi]);
    let r = s.frac(-1, 2);
    let rt = s.pow(tp, r);
    let density = s.mul(&[u, ex, rt]);
    s.add(&[phi, density])
}

/// Φ(u) = (1 + erf(u/√2))/2
fn big_phi(s: &mut dyn ExprBuilder, u: ExprId) -> ExprId {
    let two = s.int(2);
    let r = s.frac(-1, 2);
    let rt = s.pow(two, r);
    let v = s.mul(&[u, rt]);
    let erf = s.call(Func::Erf, &[v]);
    let one = s.one();
    let sum = s.add(&[one, erf]);
    let half = s.frac(1, 2);
    s.mul(&[half, sum])
}

/// elu'(u) = heaviside(u) + (1 - heaviside(u))·e^u: 1 at 0 from either side.
fn d_elu(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let u = args[0];
    let h = s.call(Func::Heaviside, &[u]);
    let nh = s.neg(h);
    let one = s.one();
    let below = s.add(&[one, nh]);
    let ex = s.exp(u);
    let tail = s.mul(&[below, ex]);
    s.add(&[h, tail])
}

/// silu(s) = s·sigmoid(s)
fn silu_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    Ok(uni_mul(&x.s, &sigmoid_series(&x.s, &x.one)?))
}

/// softsign(s) = s/(1 + s) on the right of 0, s/(1 - s) on the left.
fn softsign_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let k = if x.a >= 0.0 { 1.0 } else { -1.0 };
    uni_div(&x.s, &add_const(&x.s, 1.0, k))
}

/// gelu(s) = s·Φ(s), Φ from its value and the series of its derivative
/// e^(-s^2/2)/√(2π).
fn gelu_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let density = scaled(&uni_exp(&scaled(&x.square(), -0.5)), 1.0 / (2.0 * std::f64::consts::PI).sqrt());
    let phi = x.integrate(big_phi_f64(x.a), &density);
    Ok(uni_mul(&x.s, &phi))
}

/// elu(s) = s on the right of 0, e^s - 1 on the left.
fn elu_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    if x.a > 0.0 {
        Ok(x.s.clone())
    } else {
        Ok(add_const(&uni_exp(&x.s), -1.0, 1.0))
    }
}

/// Φ(u) = erfc(-u/√2)/2, accurate in the left tail too.
fn big_phi_f64(u: f64) -> f64 {
    0.5 * super::erfc(-u * std::f64::consts::FRAC_1_SQRT_2)
}

/// The exact GELU, u·Φ(u).
pub fn gelu(u: f64) -> f64 {
    u * big_phi_f64(u)
}

/// silu(u) = u·sigmoid(u), for series.
fn silu_of_sigmoid(s: &mut dyn ExprBuilder, args: &[ExprId]) -> ExprId {
    let sg = s.call(Func::Sigmoid, &[args[0]]);
    s.mul(&[args[0], sg])
}

/// gelu(u) = u·(1 + erf(u/√2))/2, for series.
fn gelu_of_erf(s: &mut dyn ExprBuilder, args: &[ExprId]) -> ExprId {
    let phi = big_phi(s, args[0]);
    s.mul(&[args[0], phi])
}

/// softsign(u) near an argument value p ≠ 0: u/(1 + sign(p)·u).
fn softsign_near(s: &mut dyn ExprBuilder, p: ExprId, u: ExprId) -> ExprId {
    let sg = s.call(Func::Sign, &[p]);
    let su = s.mul(&[sg, u]);
    let one = s.one();
    let d = s.add(&[one, su]);
    s.div(u, d)
}

/// elu(u) near an argument value p ≠ 0: heaviside(p)·u + (1 - heaviside(p))·(e^u - 1).
fn elu_near(s: &mut dyn ExprBuilder, p: ExprId, u: ExprId) -> ExprId {
    let h = s.call(Func::Heaviside, &[p]);
    let right = s.mul(&[h, u]);
    let nh = s.neg(h);
    let one = s.one();
    let below = s.add(&[one, nh]);
    let ex = s.exp(u);
    let minus_one = s.int(-1);
    let em1 = s.add(&[ex, minus_one]);
    let left = s.mul(&[below, em1]);
    s.add(&[right, left])
}
