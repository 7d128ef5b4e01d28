//! The functions with a kink or a jump at 0: abs, sign and the step heaviside, one
//! row each.

use num_traits::Signed;

use super::code::{
    Code, Helper,
    Spell::{Defined, Name, WithZero},
};
use super::exact::power_of_e;
use super::ExprBuilder;
use super::{Expansion, Func, FuncDef, Latex, Parity, TapeOp, TaylorRule};
use crate::expr_id::ExprId;

/// abs'(u) = sign(u), so 0 at 0 (see docs/conventions.md).
pub const ABS: FuncDef = FuncDef {
    func: Func::Abs,
    name: "abs",
    arity: 1,
    parity: Parity::Even,
    value: |a| Ok(a[0].abs()),
    known: Some(|s, a| known_abs(s, a[0])),
    derivative: |s, a, _| s.call(Func::Sign, &[a[0]]),
    taylor: TaylorRule::Kinked { below: -1.0, above: 1.0, slope: f64::signum },
    expansion: Expansion::Piecewise { local: abs_near },
    tape: TapeOp::Call,
    latex: Latex::Delimited { open: "\\left|", close: "\\right|" },
    code: Code {
        python: Name("abs"),
        numpy: Name("np.abs"),
        jax: Name("jnp.abs"),
        tensorflow: Name("tf.math.abs"),
        torch: Name("torch.abs"),
        c: Name("fabs"),
        rust: Name("abs"),
    },
};

/// sign'(u) = 0.
pub const SIGN: FuncDef = FuncDef {
    func: Func::Sign,
    name: "sign",
    arity: 1,
    parity: Parity::Odd,
    value: sign,
    known: Some(|s, a| known_sign(s, a[0])),
    derivative: |s, _, _| s.zero(),
    taylor: TaylorRule::Kinked { below: 0.0, above: 0.0, slope: |_| 0.0 },
    expansion: Expansion::Piecewise { local: |s, p, _| s.call(Func::Sign, &[p]) },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Defined(Helper::Sign),
        numpy: Name("np.sign"),
        jax: Name("jnp.sign"),
        tensorflow: Name("tf.math.sign"),
        torch: Name("torch.sign"),
        c: Defined(Helper::Sign),
        rust: Defined(Helper::Sign),
    },
};

/// heaviside(u): 1 where u > 0, 0 where u <= 0 (the value at 0 is relu'(0), the
/// convention of docs/conventions.md); heaviside'(u) = 0, the jump not
/// differentiated, as for sign.
pub const HEAVISIDE: FuncDef = FuncDef {
    func: Func::Heaviside,
    name: "heaviside",
    arity: 1,
    parity: Parity::Neither,
    value: |a| Ok(heaviside(a[0])),
    known: Some(|s, a| known_heaviside(s, a[0])),
    derivative: |s, _, _| s.zero(),
    taylor: TaylorRule::Kinked { below: 0.0, above: 0.0, slope: |_| 0.0 },
    expansion: Expansion::Piecewise { local: |s, p, _| s.call(Func::Heaviside, &[p]) },
    tape: TapeOp::Call,
    latex: Latex::Command("H"),
    code: Code {
        python: Defined(Helper::Heaviside),
        numpy: WithZero("np.heaviside"),
        jax: WithZero("jnp.heaviside"),
        tensorflow: Defined(Helper::Heaviside),
        torch: Defined(Helper::Heaviside),
        c: Defined(Helper::Heaviside),
        rust: Defined(Helper::Heaviside),
    },
};

/// The step: 1 where u > 0, else 0.
pub fn heaviside(u: f64) -> f64 {
    if u > 0.0 {
        1.0
    } else {
        0.0
    }
}

/// heaviside of a number or a constant (pi and e are positive).
fn known_heaviside(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    if s.as_constant(u).is_some() {
        return Some(s.one());
    }
    let positive = s.as_num(u)?.is_positive();
    Some(s.int(i64::from(positive)))
}

/// abs of a number, and of what is never negative (an abs, a constant, a power of
/// e).
fn known_abs(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    if let Some(q) = s.as_num(u) {
        let a = q.abs();
        return Some(s.num(a));
    }
    let never_negative = s.as_call(u) == Some(Func::Abs) || s.as_constant(u).is_some() || power_of_e(s, u).is_some();
    never_negative.then_some(u)
}

/// sign of a number.
fn known_sign(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    let q = s.as_num(u)?;
    let sign = if q.is_positive() {
        1
    } else if q.is_negative() {
        -1
    } else {
        0
    };
    Some(s.int(sign))
}

fn sign(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    Ok(if u > 0.0 {
        1.0
    } else if u < 0.0 {
        -1.0
    } else {
        0.0
    })
}

/// abs(u) near an argument value p ≠ 0: sign(p)·u.
fn abs_near(s: &mut dyn ExprBuilder, p: ExprId, u: ExprId) -> ExprId {
    let sign = s.call(Func::Sign, &[p]);
    s.mul(&[sign, u])
}
