//! The activation functions sigmoid, softplus and relu: one row each, and the
//! float forms of sigmoid and softplus that neither overflow nor lose precision.

use num_traits::Signed;

use super::code::{
    Code, Helper,
    Spell::{Defined, Name, WithZero, ZeroFirst},
};
use super::exact::number_is_zero;
use super::series::{uni_div, uni_exp, SeriesAt, Undefined, Uni};
use super::ExprBuilder;
use super::{Expansion, Func, FuncDef, Jump, Latex, Parity, TapeOp, TaylorRule};
use crate::expr_id::ExprId;

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
