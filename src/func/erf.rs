//! The error function erf and its complement erfc: one row each, and their float
//! values to about 1e-15 relative.

use super::code::{
    Code, Helper,
    Spell::{Defined, Name},
};
use super::erf_parts::{erf_series, erfc_tail};
use super::exact::{one_at_zero, zero_at_zero};
use super::series::{add_const, uni_exp, SeriesAt, Undefined, Uni};
use super::ExprBuilder;
use super::{Expansion, Func, FuncDef, Jump, Latex, Parity, TapeOp, TaylorRule};
use crate::expr_id::ExprId;
use crate::number::Constant;

pub const ERF: FuncDef = FuncDef {
    func: Func::Erf,
    name: "erf",
    arity: 1,
    parity: Parity::Odd,
    value: |a| Ok(erf(a[0])),
    known: Some(|s, a| zero_at_zero(s, a[0])),
    derivative: |s, a, _| d_erf(s, a[0], 2),
    taylor: TaylorRule::Series { coefficients: |x| erf_series_at(x, 1.0), jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Name("math.erf"),
        numpy: Defined(Helper::Erf),
        jax: Name("jax.scipy.special.erf"),
        tensorflow: Name("tf.math.erf"),
        torch: Name("torch.erf"),
        c: Name("erf"),
        rust: Defined(Helper::Erf),
    },
};

pub const ERFC: FuncDef = FuncDef {
    func: Func::Erfc,
    name: "erfc",
    arity: 1,
    parity: Parity::Neither,
    value: |a| Ok(erfc(a[0])),
    known: Some(|s, a| one_at_zero(s, a[0])),
    derivative: |s, a, _| d_erf(s, a[0], -2),
    taylor: TaylorRule::Series { coefficients: |x| erf_series_at(x, -1.0), jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Name("math.erfc"),
        numpy: Defined(Helper::Erfc),
        jax: Name("jax.scipy.special.erfc"),
        tensorflow: Name("tf.math.erfc"),
        torch: Name("torch.erfc"),
        c: Name("erfc"),
        rust: Defined(Helper::Erfc),
    },
};

/// erf' = 2/sqrt(pi)*exp(-u^2) for `two` = 2, erfc' = -erf' for `two` = -2.
fn d_erf(s: &mut dyn ExprBuilder, u: ExprId, two: i64) -> ExprId {
    let u2 = s.powi(u, 2);
    let nu2 = s.neg(u2);
    let ex = s.exp(nu2);
    let pi = s.constant(Constant::Pi);
    let e = s.frac(-1, 2);
    let rp = s.pow(pi, e);
    let two = s.int(two);
    s.mul(&[two, rp, ex])
}

/// erf for `sign` = 1, erfc for `sign` = -1, from the series of their derivatives.
fn erf_series_at(x: &SeriesAt, sign: f64) -> Result<Uni, Undefined> {
    let e = uni_exp(&add_const(&x.square(), 0.0, -1.0));
    let k = sign * std::f64::consts::FRAC_2_SQRT_PI;
    let d: Uni = e.iter().map(|v| v * k).collect();
    Ok(x.integrate(0.0, &d))
}

/// The error function, to about 1e-15 relative: a Taylor series near zero and a
/// continued fraction for erfc in the tails.
pub fn erf(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x.abs() < 2.5 {
        erf_series(x)
    } else {
        x.signum() * (1.0 - erfc_tail(x.abs()))
    }
}

/// The complementary error function 1 - erf(x), accurate in the right tail.
pub fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x < 0.5 {
        1.0 - erf(x)
    } else if x < 2.5 {
        // erfc(x) = 1 - erf(x) loses digits here; use the continued fraction
        // where it converges well and the series otherwise.
        if x < 1.5 {
            1.0 - erf_series(x)
        } else {
            erfc_tail(x)
        }
    } else {
        erfc_tail(x)
    }
}
