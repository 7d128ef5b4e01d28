//! The hyperbolic functions sinh, cosh, tanh, coth, sech, csch and their inverses
//! asinh, acosh, atanh, acoth, asech, acsch: one row each.

use num_traits::One;

use super::code::{
    Code,
    Spell::{Name, OfRecip, Recip},
};
use super::exact::{one_at_zero, zero_at_zero};
use super::series::{add_const, scaled, uni_div, uni_exp, uni_sin_cos, SeriesAt, Undefined, Uni};
use super::ExprBuilder;
use super::{quotient_of, Expansion, Func, FuncDef, Jump, Latex, Parity, TapeOp, TaylorRule};
use crate::expr_id::ExprId;

pub const SINH: FuncDef = FuncDef {
    func: Func::Sinh,
    name: "sinh",
    arity: 1,
    parity: Parity::Odd,
    value: |a| Ok(a[0].sinh()),
    known: Some(|s, a| zero_at_zero(s, a[0])),
    derivative: d_sinh,
    taylor: TaylorRule::Series { coefficients: |x| Ok(sinh_cosh(x).0), jumps_at_zero: false },
    expansion: Expansion::Pair { hyperbolic: true, cosine: false },
    tape: TapeOp::Call,
    latex: Latex::Command("\\sinh"),
    code: Code {
        python: Name("math.sinh"),
        numpy: Name("np.sinh"),
        jax: Name("jnp.sinh"),
        tensorflow: Name("tf.math.sinh"),
        torch: Name("torch.sinh"),
        c: Name("sinh"),
        rust: Name("sinh"),
    },
};

pub const COSH: FuncDef = FuncDef {
    func: Func::Cosh,
    name: "cosh",
    arity: 1,
    parity: Parity::Even,
    value: |a| Ok(a[0].cosh()),
    known: Some(|s, a| one_at_zero(s, a[0])),
    derivative: d_cosh,
    taylor: TaylorRule::Series { coefficients: |x| Ok(sinh_cosh(x).1), jumps_at_zero: false },
    expansion: Expansion::Pair { hyperbolic: true, cosine: true },
    tape: TapeOp::Call,
    latex: Latex::Command("\\cosh"),
    code: Code {
        python: Name("math.cosh"),
        numpy: Name("np.cosh"),
        jax: Name("jnp.cosh"),
        tensorflow: Name("tf.math.cosh"),
        torch: Name("torch.cosh"),
        c: Name("cosh"),
        rust: Name("cosh"),
    },
};

pub const TANH: FuncDef = FuncDef {
    func: Func::Tanh,
    name: "tanh",
    arity: 1,
    parity: Parity::Odd,
    value: |a| Ok(a[0].tanh()),
    known: Some(|s, a| zero_at_zero(s, a[0])),
    derivative: d_tanh,
    taylor: TaylorRule::Series { coefficients: tanh_series, jumps_at_zero: false },
    expansion: Expansion::Rewrite(|s, a| quotient_of(s, Some(Func::Sinh), Func::Cosh, a)),
    tape: TapeOp::Call,
    latex: Latex::Command("\\tanh"),
    code: Code {
        python: Name("math.tanh"),
        numpy: Name("np.tanh"),
        jax: Name("jnp.tanh"),
        tensorflow: Name("tf.math.tanh"),
        torch: Name("torch.tanh"),
        c: Name("tanh"),
        rust: Name("tanh"),
    },
};

pub const COTH: FuncDef = FuncDef {
    func: Func::Coth,
    name: "coth",
    arity: 1,
    parity: Parity::Odd,
    value: coth,
    known: None,
    derivative: d_coth,
    taylor: TaylorRule::Series { coefficients: coth_series, jumps_at_zero: false },
    expansion: Expansion::Rewrite(|s, a| quotient_of(s, Some(Func::Cosh), Func::Sinh, a)),
    tape: TapeOp::Call,
    latex: Latex::Command("\\coth"),
    code: Code {
        python: Recip("math.tanh"),
        numpy: Recip("np.tanh"),
        jax: Recip("jnp.tanh"),
        tensorflow: Recip("tf.math.tanh"),
        torch: Recip("torch.tanh"),
        c: Recip("tanh"),
        rust: Recip("tanh"),
    },
};

pub const SECH: FuncDef = FuncDef {
    func: Func::Sech,
    name: "sech",
    arity: 1,
    parity: Parity::Even,
    value: |a| Ok(1.0 / a[0].cosh()),
    known: Some(|s, a| one_at_zero(s, a[0])),
    derivative: d_sech,
    taylor: TaylorRule::Series { coefficients: |x| uni_div(&x.one, &sinh_cosh(x).1), jumps_at_zero: false },
    expansion: Expansion::Rewrite(|s, a| quotient_of(s, None, Func::Cosh, a)),
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Recip("math.cosh"),
        numpy: Recip("np.cosh"),
        jax: Recip("jnp.cosh"),
        tensorflow: Recip("tf.math.cosh"),
        torch: Recip("torch.cosh"),
        c: Recip("cosh"),
        rust: Recip("cosh"),
    },
};

pub const CSCH: FuncDef = FuncDef {
    func: Func::Csch,
    name: "csch",
    arity: 1,
    parity: Parity::Odd,
    value: csch,
    known: None,
    derivative: d_csch,
    taylor: TaylorRule::Series { coefficients: |x| uni_div(&x.one, &sinh_cosh(x).0), jumps_at_zero: false },
    expansion: Expansion::Rewrite(|s, a| quotient_of(s, None, Func::Sinh, a)),
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Recip("math.sinh"),
        numpy: Recip("np.sinh"),
        jax: Recip("jnp.sinh"),
        tensorflow: Recip("tf.math.sinh"),
        torch: Recip("torch.sinh"),
        c: Recip("sinh"),
        rust: Recip("sinh"),
    },
};

pub const ASINH: FuncDef = FuncDef {
    func: Func::Asinh,
    name: "asinh",
    arity: 1,
    parity: Parity::Odd,
    value: |a| Ok(a[0].asinh()),
    known: Some(|s, a| zero_at_zero(s, a[0])),
    derivative: d_asinh,
    taylor: TaylorRule::Series { coefficients: asinh_series, jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Name("math.asinh"),
        numpy: Name("np.arcsinh"),
        jax: Name("jnp.arcsinh"),
        tensorflow: Name("tf.math.asinh"),
        torch: Name("torch.asinh"),
        c: Name("asinh"),
        rust: Name("asinh"),
    },
};

pub const ACOSH: FuncDef = FuncDef {
    func: Func::Acosh,
    name: "acosh",
    arity: 1,
    parity: Parity::Neither,
    value: acosh,
    known: Some(|s, a| known_acosh(s, a[0])),
    derivative: d_acosh,
    taylor: TaylorRule::Series { coefficients: acosh_series, jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Name("math.acosh"),
        numpy: Name("np.arccosh"),
        jax: Name("jnp.arccosh"),
        tensorflow: Name("tf.math.acosh"),
        torch: Name("torch.acosh"),
        c: Name("acosh"),
        rust: Name("acosh"),
    },
};

pub const ATANH: FuncDef = FuncDef {
    func: Func::Atanh,
    name: "atanh",
    arity: 1,
    parity: Parity::Odd,
    value: atanh,
    known: Some(|s, a| zero_at_zero(s, a[0])),
    derivative: d_atanh,
    taylor: TaylorRule::Series { coefficients: atanh_series, jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Name("math.atanh"),
        numpy: Name("np.arctanh"),
        jax: Name("jnp.arctanh"),
        tensorflow: Name("tf.math.atanh"),
        torch: Name("torch.atanh"),
        c: Name("atanh"),
        rust: Name("atanh"),
    },
};

pub const ACOTH: FuncDef = FuncDef {
    func: Func::Acoth,
    name: "acoth",
    arity: 1,
    parity: Parity::Odd,
    value: acoth,
    known: None,
    derivative: d_atanh,
    taylor: TaylorRule::Series { coefficients: acoth_series, jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: OfRecip("math.atanh"),
        numpy: OfRecip("np.arctanh"),
        jax: OfRecip("jnp.arctanh"),
        tensorflow: OfRecip("tf.math.atanh"),
        torch: OfRecip("torch.atanh"),
        c: OfRecip("atanh"),
        rust: OfRecip("atanh"),
    },
};

pub const ASECH: FuncDef = FuncDef {
    func: Func::Asech,
    name: "asech",
    arity: 1,
    parity: Parity::Neither,
    value: asech,
    known: Some(|s, a| known_acosh(s, a[0])),
    derivative: d_asech,
    taylor: TaylorRule::Series { coefficients: asech_series, jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: OfRecip("math.acosh"),
        numpy: OfRecip("np.arccosh"),
        jax: OfRecip("jnp.arccosh"),
        tensorflow: OfRecip("tf.math.acosh"),
        torch: OfRecip("torch.acosh"),
        c: OfRecip("acosh"),
        rust: OfRecip("acosh"),
    },
};

pub const ACSCH: FuncDef = FuncDef {
    func: Func::Acsch,
    name: "acsch",
    arity: 1,
    parity: Parity::Odd,
    value: acsch,
    known: None,
    derivative: d_acsch,
    taylor: TaylorRule::Series { coefficients: acsch_series, jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: OfRecip("math.asinh"),
        numpy: OfRecip("np.arcsinh"),
        jax: OfRecip("jnp.arcsinh"),
        tensorflow: OfRecip("tf.math.asinh"),
        torch: OfRecip("torch.asinh"),
        c: OfRecip("asinh"),
        rust: OfRecip("asinh"),
    },
};

fn coth(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u == 0.0 {
        return Err("coth of zero");
    }
    Ok(1.0 / u.tanh())
}

fn csch(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u == 0.0 {
        return Err("csch of zero");
    }
    Ok(1.0 / u.sinh())
}

fn acosh(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u < 1.0 {
        return Err("acosh below 1");
    }
    Ok(u.acosh())
}

fn atanh(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u.abs() >= 1.0 {
        return Err("atanh outside (-1, 1)");
    }
    Ok(u.atanh())
}

/// acoth(u) = ln((u + 1)/(u - 1))/2 = log1p(2/(|u| - 1))/2 with u's sign: u - 1 is
/// exact near 1, where atanh(1/u) would round 1/u first.
fn acoth(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u.abs() <= 1.0 {
        return Err("acoth inside [-1, 1]");
    }
    Ok(u.signum() * 0.5 * (2.0 / (u.abs() - 1.0)).ln_1p())
}

/// asech(u) = asinh(sqrt(1 - u^2)/u) for 0 < u <= 1, exact near 1 where acosh(1/u)
/// would round 1/u first.
fn asech(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u <= 0.0 || u > 1.0 {
        return Err("asech outside (0, 1]");
    }
    Ok((((1.0 - u) * (1.0 + u)).sqrt() / u).asinh())
}

fn acsch(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u == 0.0 {
        return Err("acsch of zero");
    }
    Ok((1.0 / u).asinh())
}

/// acosh(1) = 0, and asech(1) = 0.
fn known_acosh(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    s.as_num(u)?.is_one().then(|| s.zero())
}

fn d_sinh(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    s.call(Func::Cosh, &[args[0]])
}

fn d_cosh(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    s.call(Func::Sinh, &[args[0]])
}

/// tanh' = 1 - tanh^2
fn d_tanh(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let t = s.call(Func::Tanh, &[args[0]]);
    let t2 = s.powi(t, 2);
    let nt2 = s.neg(t2);
    let one = s.one();
    s.add(&[one, nt2])
}

/// coth' = -csch^2
fn d_coth(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let c = s.call(Func::Csch, &[args[0]]);
    let c2 = s.powi(c, 2);
    s.neg(c2)
}

/// sech' = -sech*tanh
fn d_sech(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let a = s.call(Func::Sech, &[args[0]]);
    let b = s.call(Func::Tanh, &[args[0]]);
    let p = s.mul(&[a, b]);
    s.neg(p)
}

/// csch' = -csch*coth
fn d_csch(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let a = s.call(Func::Csch, &[args[0]]);
    let b = s.call(Func::Coth, &[args[0]]);
    let p = s.mul(&[a, b]);
    s.neg(p)
}

/// (u^2 + c)^(-1/2): asinh' for c = 1, acosh' for c = -1.
fn inverse_root(s: &mut dyn ExprBuilder, u: ExprId, c: i64) -> ExprId {
    let u2 = s.powi(u, 2);
    let c = s.int(c);
    let d = s.add(&[u2, c]);
    let e = s.frac(-1, 2);
    s.pow(d, e)
}

/// asinh' = 1/sqrt(u^2 + 1)
fn d_asinh(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    inverse_root(s, args[0], 1)
}

/// acosh' = 1/sqrt(u^2 - 1)
fn d_acosh(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    inverse_root(s, args[0], -1)
}

/// atanh' = 1/(1 - u^2), and acoth' (the same rule on |u| > 1).
fn d_atanh(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let u2 = s.powi(args[0], 2);
    let nu2 = s.neg(u2);
    let one = s.one();
    let d = s.add(&[one, nu2]);
    s.recip(d)
}

/// asech' = -1/(u*sqrt(1 - u^2)), for 0 < u < 1.
fn d_asech(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let u = args[0];
    let one = s.one();
    let u2 = s.powi(u, 2);
    let nu2 = s.neg(u2);
    let inner = s.add(&[one, nu2]);
    let root = s.sqrt(inner);
    let den = s.mul(&[u, root]);
    let r = s.recip(den);
    s.neg(r)
}

/// acsch' = -1/(u^2*sqrt(1 + 1/u^2)), which is -1/(|u|*sqrt(1 + u^2)) without
/// abs (as asec' is written).
fn d_acsch(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let u = args[0];
    let one = s.one();
    let u2 = s.powi(u, 2);
    let inv = s.powi(u, -2);
    let inner = s.add(&[one, inv]);
    let root = s.sqrt(inner);
    let den = s.mul(&[u2, root]);
    let r = s.recip(den);
    s.neg(r)
}

fn sinh_cosh(x: &SeriesAt) -> (Uni, Uni) {
    uni_sin_cos(&x.s, true)
}

/// tanh(u) = σ(1 - E)/(1 + E), coth(u) = σ(1 + E)/(1 - E) with E = exp(-2σu),
/// σ the sign of u: sinh/cosh would cancel where |tanh| is near 1. The parts
/// (1 - E, 1 + E, σ).
fn tanh_parts(x: &SeriesAt) -> (Uni, Uni, f64) {
    let sign = if x.a < 0.0 { -1.0 } else { 1.0 };
    let scaled: Uni = x.s.iter().map(|v| -2.0 * sign * v).collect();
    let e = uni_exp(&scaled);
    (add_const(&e, 1.0, -1.0), add_const(&e, 1.0, 1.0), sign)
}

fn tanh_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let (minus, plus, sign) = tanh_parts(x);
    Ok(uni_div(&minus, &plus)?.iter().map(|v| v * sign).collect())
}

fn coth_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let (minus, plus, sign) = tanh_parts(x);
    Ok(uni_div(&plus, &minus)?.iter().map(|v| v * sign).collect())
}

fn asinh_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let d = x.pow_of(&add_const(&x.square(), 1.0, 1.0), -0.5)?;
    Ok(x.integrate(x.a.asinh(), &d))
}

fn acosh_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let d = x.pow_of(&add_const(&x.square(), -1.0, 1.0), -0.5)?;
    Ok(x.integrate(0.0, &d))
}

fn atanh_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let d = uni_div(&x.one, &add_const(&x.square(), 1.0, -1.0))?;
    Ok(x.integrate(0.0, &d))
}

/// acoth' = 1/(1 - u^2), as atanh', on |u| > 1.
fn acoth_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    atanh_series(x)
}

/// asech' = -(1 - u^2)^(-1/2)/u.
fn asech_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let root = x.pow_of(&add_const(&x.square(), 1.0, -1.0), -0.5)?;
    let d = scaled(&uni_div(&root, &x.s)?, -1.0);
    Ok(x.integrate(0.0, &d))
}

/// acsch' = -1/(|u| sqrt(u^2 + 1)).
fn acsch_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let root = x.pow_of(&add_const(&x.square(), 1.0, 1.0), -0.5)?;
    let abs_u = scaled(&x.s, -x.a.signum());
    Ok(x.integrate(0.0, &uni_div(&root, &abs_u)?))
}
