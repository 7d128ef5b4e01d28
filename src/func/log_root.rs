//! The logarithms ln, log2, log10, log1p, the exponentials expm1 and exp2, the cube
//! root and hypot: one row each. (`exp`, `sqrt` and `log(x, b)` are not functions of
//! the table: the parser writes them as powers and quotients.)

use std::f64::consts::{LN_10, LN_2};

use num_traits::{One, ToPrimitive, Zero};

use super::code::{
    Code, Helper,
    Spell::{Defined, Name, Over},
};
use super::exact::{exact_cube_root, exact_log, power_of_e, zero_at_zero};
use super::series::{add_const, power_coeffs, scaled, uni_exp, uni_ln, SeriesAt, Undefined, Uni};
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
    known: Some(|s, a| known_ln(s, a[0])),
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
    known: Some(|s, a| known_log_base(s, a[0], 2)),
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
    known: Some(|s, a| known_log_base(s, a[0], 10)),
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

pub const EXPM1: FuncDef = FuncDef {
    func: Func::Expm1,
    name: "expm1",
    arity: 1,
    parity: Parity::Neither,
    value: |a| Ok(a[0].exp_m1()),
    known: Some(|s, a| zero_at_zero(s, a[0])),
    derivative: |s, a, _| s.exp(a[0]),
    taylor: TaylorRule::Series { coefficients: |x| Ok(uni_exp(&x.s)), jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Name("math.expm1"),
        numpy: Name("np.expm1"),
        jax: Name("jnp.expm1"),
        tensorflow: Name("tf.math.expm1"),
        torch: Name("torch.expm1"),
        c: Name("expm1"),
        rust: Name("exp_m1"),
    },
};

pub const LOG1P: FuncDef = FuncDef {
    func: Func::Log1p,
    name: "log1p",
    arity: 1,
    parity: Parity::Neither,
    value: log1p,
    known: Some(|s, a| zero_at_zero(s, a[0])),
    derivative: d_log1p,
    taylor: TaylorRule::Series { coefficients: |x| uni_ln(&add_const(&x.s, 1.0, 1.0)), jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Name("math.log1p"),
        numpy: Name("np.log1p"),
        jax: Name("jnp.log1p"),
        tensorflow: Name("tf.math.log1p"),
        torch: Name("torch.log1p"),
        c: Name("log1p"),
        rust: Name("ln_1p"),
    },
};

pub const EXP2: FuncDef = FuncDef {
    func: Func::Exp2,
    name: "exp2",
    arity: 1,
    parity: Parity::Neither,
    value: |a| Ok(a[0].exp2()),
    known: Some(|s, a| known_exp2(s, a[0])),
    derivative: d_exp2,
    taylor: TaylorRule::Series { coefficients: |x| Ok(uni_exp(&scaled(&x.s, LN_2))), jumps_at_zero: false },
    // 2^u, a power of the language, whose series the walk knows.
    expansion: Expansion::Rewrite(|s, a| {
        let two = s.int(2);
        s.pow(two, a[0])
    }),
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Defined(Helper::Exp2),
        numpy: Name("np.exp2"),
        jax: Name("jnp.exp2"),
        tensorflow: Defined(Helper::Exp2),
        torch: Name("torch.exp2"),
        c: Name("exp2"),
        rust: Name("exp2"),
    },
};

pub const CBRT: FuncDef = FuncDef {
    func: Func::Cbrt,
    name: "cbrt",
    arity: 1,
    parity: Parity::Odd,
    value: |a| Ok(a[0].cbrt()),
    known: Some(|s, a| exact_cube_root(s, a[0])),
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

pub const HYPOT: FuncDef = FuncDef {
    func: Func::Hypot,
    name: "hypot",
    arity: 2,
    parity: Parity::Neither,
    value: |a| Ok(a[0].hypot(a[1])),
    known: Some(known_hypot),
    derivative: d_hypot,
    taylor: TaylorRule::Hypot,
    // Its derivative holds hypot itself, so not `Integral`: sqrt(x^2 + y^2).
    expansion: Expansion::Rewrite(|s, a| {
        let x2 = s.powi(a[0], 2);
        let y2 = s.powi(a[1], 2);
        let r2 = s.add(&[x2, y2]);
        s.sqrt(r2)
    }),
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Name("math.hypot"),
        numpy: Name("np.hypot"),
        jax: Name("jnp.hypot"),
        tensorflow: Defined(Helper::Hypot),
        torch: Name("torch.hypot"),
        c: Name("hypot"),
        rust: Name("hypot"),
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

/// exp2(n) = 2^n for an integer n whose power stays within the exact-number limit.
fn known_exp2(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    let q = s.as_num(u)?;
    if !q.is_integer() {
        return None;
    }
    let n = q.to_integer().to_i64()?;
    if n.unsigned_abs() >= s.max_exact_bits() {
        return None;
    }
    let two = s.int(2);
    Some(s.powi(two, n))
}

/// hypot of two numbers is sqrt(x^2 + y^2), as the store folds it (hypot(3, 4) = 5,
/// hypot(1, 1) = sqrt(2)); hypot(u, 0) = abs(u) and hypot(0, u) = abs(u).
fn known_hypot(s: &mut dyn ExprBuilder, args: &[ExprId]) -> Option<ExprId> {
    let (x, y) = (args[0], args[1]);
    let zero = |s: &dyn ExprBuilder, v| s.as_num(v).is_some_and(Zero::is_zero);
    if zero(s, y) {
        return Some(s.call(Func::Abs, &[x]));
    }
    if zero(s, x) {
        return Some(s.call(Func::Abs, &[y]));
    }
    s.as_num(x)?;
    s.as_num(y)?;
    let x2 = s.powi(x, 2);
    let y2 = s.powi(y, 2);
    let r2 = s.add(&[x2, y2]);
    Some(s.sqrt(r2))
}

fn log1p(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u <= -1.0 {
        return Err(if u < -1.0 { "log1p below -1" } else { "log1p of -1" });
    }
    Ok(u.ln_1p())
}

/// log1p' = 1/(1 + u)
fn d_log1p(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let one = s.one();
    let d = s.add(&[one, args[0]]);
    s.recip(d)
}

/// exp2' = ln(2)*exp2(u)
fn d_exp2(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let two = s.int(2);
    let ln2 = s.call(Func::Ln, &[two]);
    let e = s.call(Func::Exp2, &[args[0]]);
    s.mul(&[ln2, e])
}

/// hypot(x, y): d/dx = x/hypot(x, y), d/dy = y/hypot(x, y)
fn d_hypot(s: &mut dyn ExprBuilder, args: &[ExprId], i: usize) -> ExprId {
    let h = s.call(Func::Hypot, args);
    s.div(args[i], h)
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
