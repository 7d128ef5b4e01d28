//! The inverse circular functions asin, acos, atan, acot, asec, acsc and the
//! two-argument atan2: one row each.

use num_traits::{One, Zero};

use crate::number::Rational;

use super::code::{
    Code, Helper,
    Spell::{Defined, Name, OfRecip},
};
use super::exact::{acos_number, asin_number, atan_table, pi_times, signed_pi_times, signed_square};
use super::series::{add_const, scaled, uni_div, SeriesAt, Undefined, Uni};
use super::ExprBuilder;
use super::{Expansion, Func, FuncDef, Jump, Latex, Parity, TapeOp, TaylorRule};
use crate::expr_id::ExprId;

pub const ASIN: FuncDef = FuncDef {
    func: Func::Asin,
    name: "asin",
    arity: 1,
    parity: Parity::Odd,
    value: asin,
    known: Some(|s, a| known_asin(s, a[0])),
    derivative: d_asin,
    taylor: TaylorRule::Series { coefficients: asin_series, jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Command("\\arcsin"),
    code: Code {
        python: Name("math.asin"),
        numpy: Name("np.arcsin"),
        jax: Name("jnp.arcsin"),
        tensorflow: Name("tf.math.asin"),
        torch: Name("torch.asin"),
        c: Name("asin"),
        rust: Name("asin"),
    },
};

pub const ACOS: FuncDef = FuncDef {
    func: Func::Acos,
    name: "acos",
    arity: 1,
    parity: Parity::Neither,
    value: acos,
    known: Some(|s, a| known_acos(s, a[0])),
    derivative: d_acos,
    taylor: TaylorRule::Series { coefficients: acos_series, jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Command("\\arccos"),
    code: Code {
        python: Name("math.acos"),
        numpy: Name("np.arccos"),
        jax: Name("jnp.arccos"),
        tensorflow: Name("tf.math.acos"),
        torch: Name("torch.acos"),
        c: Name("acos"),
        rust: Name("acos"),
    },
};

pub const ATAN: FuncDef = FuncDef {
    func: Func::Atan,
    name: "atan",
    arity: 1,
    parity: Parity::Odd,
    value: |a| Ok(a[0].atan()),
    known: Some(|s, a| known_atan(s, a[0])),
    derivative: d_atan,
    taylor: TaylorRule::Series { coefficients: atan_series, jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Atan,
    latex: Latex::Command("\\arctan"),
    code: Code {
        python: Name("math.atan"),
        numpy: Name("np.arctan"),
        jax: Name("jnp.arctan"),
        tensorflow: Name("tf.math.atan"),
        torch: Name("torch.atan"),
        c: Name("atan"),
        rust: Name("atan"),
    },
};

/// Not odd: acot(0) = pi/2 = acot(-0), so it is odd everywhere but at 0.
pub const ACOT: FuncDef = FuncDef {
    func: Func::Acot,
    name: "acot",
    arity: 1,
    parity: Parity::Neither,
    value: acot,
    known: Some(|s, a| known_acot(s, a[0])),
    derivative: d_acot,
    taylor: TaylorRule::Series { coefficients: acot_series, jumps_at_zero: true },
    expansion: Expansion::Integral { jump: Jump::AtZero },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Defined(Helper::Acot),
        numpy: OfRecip("np.arctan"),
        jax: OfRecip("jnp.arctan"),
        tensorflow: OfRecip("tf.math.atan"),
        torch: OfRecip("torch.atan"),
        c: OfRecip("atan"),
        rust: OfRecip("atan"),
    },
};

pub const ASEC: FuncDef = FuncDef {
    func: Func::Asec,
    name: "asec",
    arity: 1,
    parity: Parity::Neither,
    value: asec,
    known: Some(|s, a| known_asec(s, a[0])),
    derivative: d_asec,
    taylor: TaylorRule::Series { coefficients: asec_series, jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: OfRecip("math.acos"),
        numpy: OfRecip("np.arccos"),
        jax: OfRecip("jnp.arccos"),
        tensorflow: OfRecip("tf.math.acos"),
        torch: OfRecip("torch.acos"),
        c: OfRecip("acos"),
        rust: OfRecip("acos"),
    },
};

pub const ACSC: FuncDef = FuncDef {
    func: Func::Acsc,
    name: "acsc",
    arity: 1,
    parity: Parity::Odd,
    value: acsc,
    known: Some(|s, a| known_acsc(s, a[0])),
    derivative: d_acsc,
    taylor: TaylorRule::Series { coefficients: acsc_series, jumps_at_zero: false },
    expansion: Expansion::Integral { jump: Jump::None },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: OfRecip("math.asin"),
        numpy: OfRecip("np.arcsin"),
        jax: OfRecip("jnp.arcsin"),
        tensorflow: OfRecip("tf.math.asin"),
        torch: OfRecip("torch.asin"),
        c: OfRecip("asin"),
        rust: OfRecip("asin"),
    },
};

pub const ATAN2: FuncDef = FuncDef {
    func: Func::Atan2,
    name: "atan2",
    arity: 2,
    parity: Parity::Neither,
    value: atan2,
    known: None,
    derivative: d_atan2,
    taylor: TaylorRule::AtanOfQuotient { atan: atan_series },
    expansion: Expansion::Integral { jump: Jump::NegativeAxis },
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Name("math.atan2"),
        numpy: Name("np.arctan2"),
        jax: Name("jnp.arctan2"),
        tensorflow: Name("tf.math.atan2"),
        torch: Name("torch.atan2"),
        c: Name("atan2"),
        rust: Name("atan2"),
    },
};

fn asin(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if !(-1.0..=1.0).contains(&u) {
        return Err("asin outside [-1, 1]");
    }
    Ok(u.asin())
}

fn acos(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if !(-1.0..=1.0).contains(&u) {
        return Err("acos outside [-1, 1]");
    }
    Ok(u.acos())
}

fn acot(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    Ok(if u == 0.0 { std::f64::consts::FRAC_PI_2 } else { (1.0 / u).atan() })
}

fn asec(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u.abs() < 1.0 {
        return Err("asec inside (-1, 1)");
    }
    Ok((1.0 / u).acos())
}

fn acsc(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u.abs() < 1.0 {
        return Err("acsc inside (-1, 1)");
    }
    Ok((1.0 / u).asin())
}

fn atan2(args: &[f64]) -> Result<f64, &'static str> {
    let (u, x) = (args[0], args[1]);
    if u == 0.0 && x == 0.0 {
        return Err("atan2 of (0, 0)");
    }
    Ok(u.atan2(x))
}

// Known values: where the argument's square is in the standard tables (0, ±1/2,
// ±sqrt(2)/2, ±sqrt(3)/2, ±1 for asin and acos; 0, ±sqrt(3)/3, ±1, ±sqrt(3) for atan
// and acot; the reciprocals for asec and acsc).

fn known_asin(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    let a = signed_square(s, u)?;
    if a.1.is_zero() {
        return Some(s.zero());
    }
    asin_number(s, a)
}

fn known_acos(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    let a = signed_square(s, u)?;
    if a == (false, Rational::one()) {
        return Some(s.zero());
    }
    acos_number(s, a)
}

/// atan(±sqrt(3)/3) = ±pi/6, atan(±1) = ±pi/4, atan(±sqrt(3)) = ±pi/3.
fn known_atan(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    let (negative, square) = signed_square(s, u)?;
    if square.is_zero() {
        return Some(s.zero());
    }
    let k = atan_table(&square)?;
    Some(signed_pi_times(s, k, negative))
}

/// acot(0) = pi/2; acot(a) = atan(1/a), odd: acot(±sqrt(3)) = ±pi/6.
fn known_acot(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    let (negative, square) = signed_square(s, u)?;
    if square.is_zero() {
        return Some(pi_times(s, 1, 2));
    }
    let k = atan_table(&square.recip())?;
    Some(signed_pi_times(s, k, negative))
}

/// asec(a) = acos(1/a).
fn known_asec(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    let (negative, square) = signed_square(s, u)?;
    if square.is_zero() {
        return None;
    }
    acos_number(s, (negative, square.recip()))
}

/// acsc(a) = asin(1/a).
fn known_acsc(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    let (negative, square) = signed_square(s, u)?;
    if square.is_zero() {
        return None;
    }
    asin_number(s, (negative, square.recip()))
}

/// asin' = 1/sqrt(1 - u^2)
fn d_asin(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let one = s.one();
    let u2 = s.powi(args[0], 2);
    let nu2 = s.neg(u2);
    let d = s.add(&[one, nu2]);
    let e = s.frac(-1, 2);
    s.pow(d, e)
}

/// acos' = -1/sqrt(1 - u^2)
fn d_acos(s: &mut dyn ExprBuilder, args: &[ExprId], i: usize) -> ExprId {
    let r = d_asin(s, args, i);
    s.neg(r)
}

/// atan' = 1/(1 + u^2)
fn d_atan(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let one = s.one();
    let u2 = s.powi(args[0], 2);
    let d = s.add(&[one, u2]);
    s.recip(d)
}

/// acot' = -1/(1 + u^2)
fn d_acot(s: &mut dyn ExprBuilder, args: &[ExprId], i: usize) -> ExprId {
    let r = d_atan(s, args, i);
    s.neg(r)
}

/// asec' = 1/(u^2*sqrt(1 - 1/u^2))
fn d_asec(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let u = args[0];
    let one = s.one();
    let u2 = s.powi(u, 2);
    let inv = s.powi(u, -2);
    let ninv = s.neg(inv);
    let inner = s.add(&[one, ninv]);
    let root = s.sqrt(inner);
    let den = s.mul(&[u2, root]);
    s.recip(den)
}

/// acsc' = -asec'
fn d_acsc(s: &mut dyn ExprBuilder, args: &[ExprId], i: usize) -> ExprId {
    let r = d_asec(s, args, i);
    s.neg(r)
}

/// atan2(y, x): d/dy = x/(x^2 + y^2), d/dx = -y/(x^2 + y^2)
fn d_atan2(s: &mut dyn ExprBuilder, args: &[ExprId], i: usize) -> ExprId {
    let (y, x) = (args[0], args[1]);
    let x2 = s.powi(x, 2);
    let y2 = s.powi(y, 2);
    let r2 = s.add(&[x2, y2]);
    let inv = s.recip(r2);
    if i == 0 {
        s.mul(&[x, inv])
    } else {
        let ny = s.neg(y);
        s.mul(&[ny, inv])
    }
}

/// (1 - u^2)^(-1/2): asin', and -acos'.
fn inverse_root(x: &SeriesAt) -> Result<Uni, Undefined> {
    x.pow_of(&add_const(&x.square(), 1.0, -1.0), -0.5)
}

fn asin_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let d = inverse_root(x)?;
    Ok(x.integrate(x.a.asin(), &d))
}

fn acos_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let d = scaled(&inverse_root(x)?, -1.0);
    Ok(x.integrate(x.a.acos(), &d))
}

/// 1/(1 + u^2): atan', and -acot'.
fn inverse_square(x: &SeriesAt) -> Result<Uni, Undefined> {
    uni_div(&x.one, &add_const(&x.square(), 1.0, 1.0))
}

fn atan_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let d = inverse_square(x)?;
    Ok(x.integrate(x.a.atan(), &d))
}

fn acot_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let d = scaled(&inverse_square(x)?, -1.0);
    Ok(x.integrate(x.a.atan(), &d))
}

/// 1/(|u| sqrt(u^2 - 1)): asec', and -acsc'.
fn secant_root(x: &SeriesAt) -> Result<Uni, Undefined> {
    let root = x.pow_of(&add_const(&x.square(), -1.0, 1.0), -0.5)?;
    let abs_u = scaled(&x.s, x.a.signum());
    uni_div(&root, &abs_u)
}

fn asec_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let d = secant_root(x)?;
    Ok(x.integrate(0.0, &d))
}

fn acsc_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let d = scaled(&secant_root(x)?, -1.0);
    Ok(x.integrate(0.0, &d))
}
