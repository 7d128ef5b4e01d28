//! The logarithms ln, log2, log10 and the cube root: one row each. (`exp`, `sqrt`
//! and `log(x, b)` are not functions of the table: the parser writes them as powers
//! and quotients.)

use std::f64::consts::{LN_10, LN_2};

use num_traits::One;

use super::code::{
    Code, Helper,
    Spell::{Defined, Name, Over},
};
use super::exact::{exact_cube_root, exact_log, power_of_e};
use super::series::{power_coeffs, uni_ln, SeriesAt, Undefined, Uni};
use super::ExprBuilder;
use super::{Expansion, Func, FuncDef, Jump, Latex, Parity, TapeOp, TaylorRule};
use crate::expr_id::ExprId;
use crate::number::Constant;

pub const LN: FuncDef = FuncDef {
    func: Func::Ln,
    name: "ln",
    arity: 1,
    parity: Parity::Neither,
    value: ln,
    known: Some(known_ln),
    derivative: |s, a, _| s.recip(a[0]),
    taylor: TaylorRule::Series { coefficients: |x| uni_ln(&x.s), jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Ln,
    latex: Latex::NaturalLog,
    code: Code {
        python: Name("math.log"),
        numpy: Name("np.log"),
        jax: Name("jnp.log"),
        tensorflow: Name("tf.math.log"),
        torch: Name("torch.log"),
        c: Name("log"),
        rust: Name("ln"),
    },
};

pub const LOG2: FuncDef = FuncDef {
    func: Func::Log2,
    name: "log2",
    arity: 1,
    parity: Parity::Neither,
    value: log2,
    known: Some(|s, u| known_log_base(s, u, 2)),
    derivative: d_log2,
    taylor: TaylorRule::Series {
        coefficients: |x| Ok(uni_ln(&x.s)?.iter().map(|v| v / LN_2).collect()),
        jumps_at_zero: false,
    },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Command("\\log_{2}"),
    code: Code {
        python: Name("math.log2"),
        numpy: Name("np.log2"),
        jax: Name("jnp.log2"),
        tensorflow: Over("tf.math.log", std::f64::consts::LN_2),
        torch: Name("torch.log2"),
        c: Name("log2"),
        rust: Name("log2"),
    },
};

pub const LOG10: FuncDef = FuncDef {
    func: Func::Log10,
    name: "log10",
    arity: 1,
    parity: Parity::Neither,
    value: log10,
    known: Some(|s, u| known_log_base(s, u, 10)),
    derivative: d_log10,
    taylor: TaylorRule::Series {
        coefficients: |x| Ok(uni_ln(&x.s)?.iter().map(|v| v / LN_10).collect()),
        jumps_at_zero: false,
    },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Command("\\log_{10}"),
    code: Code {
        python: Name("math.log10"),
        numpy: Name("np.log10"),
        jax: Name("jnp.log10"),
        tensorflow: Over("tf.math.log", std::f64::consts::LN_10),
        torch: Name("torch.log10"),
        c: Name("log10"),
        rust: Name("log10"),
    },
};

pub const CBRT: FuncDef = FuncDef {
    func: Func::Cbrt,
    name: "cbrt",
    arity: 1,
    parity: Parity::Odd,
    value: |a| Ok(a[0].cbrt()),
    known: Some(exact_cube_root),
    derivative: d_cbrt,
    taylor: TaylorRule::Series { coefficients: cbrt_series, jumps_at_zero: false },
    expansion: Expansion::Root(3),
    tape: TapeOp::Call,
    latex: Latex::Radical { open: "\\sqrt[3]{", close: "}" },
    code: Code {
        python: Defined(Helper::Cbrt),
        numpy: Name("np.cbrt"),
        jax: Name("jnp.cbrt"),
        tensorflow: Defined(Helper::Cbrt),
        torch: Defined(Helper::Cbrt),
        c: Name("cbrt"),
        rust: Name("cbrt"),
    },
};

/// ln(1) = 0, ln(e) = 1 and ln(e^a) = a for real a.
fn known_ln(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    if let Some(q) = s.as_num(u) {
        return q.is_one().then(|| s.zero());
    }
    if s.as_constant(u) == Some(Constant::E) {
        return Some(s.one());
    }
    power_of_e(s, u)
}

/// log_base at integer powers of the base (1 included).
fn known_log_base(s: &mut dyn ExprBuilder, u: ExprId, base: u32) -> Option<ExprId> {
    let q = s.as_num(u)?.clone();
    if q.is_one() {
        return Some(s.zero());
    }
    exact_log(s, &q, base)
}

fn ln(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u <= 0.0 {
        return Err(if u < 0.0 { "ln of a negative number" } else { "ln of zero" });
    }
    Ok(u.ln())
}

fn log2(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u <= 0.0 {
        return Err(if u < 0.0 { "log2 of a negative number" } else { "log2 of zero" });
    }
    Ok(u.log2())
}

fn log10(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u <= 0.0 {
        return Err(if u < 0.0 { "log10 of a negative number" } else { "log10 of zero" });
    }
    Ok(u.log10())
}

/// log_b' = 1/(u*ln(b))
fn d_log_base(s: &mut dyn ExprBuilder, u: ExprId, base: i64) -> ExprId {
    let b = s.int(base);
    let lnb = s.call(Func::Ln, &[b]);
    let d = s.mul(&[u, lnb]);
    s.recip(d)
}

fn d_log2(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    d_log_base(s, args[0], 2)
}

fn d_log10(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    d_log_base(s, args[0], 10)
}

/// cbrt' = 1/(3*cbrt(u)^2)
fn d_cbrt(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let c = s.call(Func::Cbrt, &[args[0]]);
    let c2 = s.powi(c, -2);
    let third = s.frac(1, 3);
    s.mul(&[third, c2])
}

fn cbrt_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let a = x.a;
    if a == 0.0 && x.n > 0 {
        return Err("derivative infinite at zero".into());
    }
    let t = power_coeffs(a.abs(), 1.0 / 3.0, x.n, x.sigma)?;
    // cbrt is odd: cbrt(a + t) = -cbrt(-a - t) for a < 0.
    let sign = a.signum();
    Ok(t.iter().enumerate().map(|(j, c)| c * sign.powi(j as i32 + 1)).collect())
}
