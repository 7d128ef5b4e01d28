//! The circular functions sin, cos, tan, cot, sec, csc: one row each.

use super::series::{uni_div, uni_sin_cos, SeriesAt, Undefined, Uni};
use super::ExprBuilder;
use super::{Func, FuncDef, Latex, Parity, TapeOp, TaylorRule};
use crate::expr_id::ExprId;

pub const SIN: FuncDef = FuncDef {
    func: Func::Sin,
    name: "sin",
    arity: 1,
    parity: Parity::Odd,
    value: |a| Ok(a[0].sin()),
    known: None,
    derivative: d_sin,
    taylor: TaylorRule::Series { coefficients: |x| Ok(sin_cos(x).0), jumps_at_zero: false },
    tape: TapeOp::Sin,
    latex: Latex::Command("\\sin"),
};

pub const COS: FuncDef = FuncDef {
    func: Func::Cos,
    name: "cos",
    arity: 1,
    parity: Parity::Even,
    value: |a| Ok(a[0].cos()),
    known: None,
    derivative: d_cos,
    taylor: TaylorRule::Series { coefficients: |x| Ok(sin_cos(x).1), jumps_at_zero: false },
    tape: TapeOp::Cos,
    latex: Latex::Command("\\cos"),
};

pub const TAN: FuncDef = FuncDef {
    func: Func::Tan,
    name: "tan",
    arity: 1,
    parity: Parity::Odd,
    value: tan,
    known: None,
    derivative: d_tan,
    taylor: TaylorRule::Series { coefficients: tan_series, jumps_at_zero: false },
    tape: TapeOp::Call,
    latex: Latex::Command("\\tan"),
};

pub const COT: FuncDef = FuncDef {
    func: Func::Cot,
    name: "cot",
    arity: 1,
    parity: Parity::Odd,
    value: cot,
    known: None,
    derivative: d_cot,
    taylor: TaylorRule::Series { coefficients: cot_series, jumps_at_zero: false },
    tape: TapeOp::Call,
    latex: Latex::Command("\\cot"),
};

pub const SEC: FuncDef = FuncDef {
    func: Func::Sec,
    name: "sec",
    arity: 1,
    parity: Parity::Even,
    value: |a| Ok(1.0 / a[0].cos()),
    known: None,
    derivative: d_sec,
    taylor: TaylorRule::Series { coefficients: sec_series, jumps_at_zero: false },
    tape: TapeOp::Call,
    latex: Latex::Command("\\sec"),
};

pub const CSC: FuncDef = FuncDef {
    func: Func::Csc,
    name: "csc",
    arity: 1,
    parity: Parity::Odd,
    value: csc,
    known: None,
    derivative: d_csc,
    taylor: TaylorRule::Series { coefficients: csc_series, jumps_at_zero: false },
    tape: TapeOp::Call,
    latex: Latex::Command("\\csc"),
};

fn tan(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u.cos() == 0.0 {
        return Err("tan at a pole");
    }
    Ok(u.tan())
}

fn cot(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u == 0.0 {
        return Err("cot of zero");
    }
    Ok(1.0 / u.tan())
}

fn csc(args: &[f64]) -> Result<f64, &'static str> {
    let u = args[0];
    if u == 0.0 {
        return Err("csc of zero");
    }
    Ok(1.0 / u.sin())
}

fn d_sin(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let c = s.call(Func::Cos, &[args[0]]);
    // A deliberately wrong rule, only in builds with the test feature
    // `corrupt-rule`, which proves that `--check` catches a wrong derivative.
    if cfg!(feature = "corrupt-rule") {
        s.neg(c)
    } else {
        c
    }
}

fn d_cos(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let v = s.call(Func::Sin, &[args[0]]);
    s.neg(v)
}

/// tan' = 1 + tan^2
fn d_tan(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let t = s.call(Func::Tan, &[args[0]]);
    let t2 = s.powi(t, 2);
    let one = s.one();
    s.add(&[one, t2])
}

/// cot' = -csc^2
fn d_cot(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let c = s.call(Func::Csc, &[args[0]]);
    let c2 = s.powi(c, 2);
    s.neg(c2)
}

/// sec' = sec*tan
fn d_sec(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let a = s.call(Func::Sec, &[args[0]]);
    let b = s.call(Func::Tan, &[args[0]]);
    s.mul(&[a, b])
}

/// csc' = -csc*cot
fn d_csc(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let a = s.call(Func::Csc, &[args[0]]);
    let b = s.call(Func::Cot, &[args[0]]);
    let p = s.mul(&[a, b]);
    s.neg(p)
}

fn sin_cos(x: &SeriesAt) -> (Uni, Uni) {
    uni_sin_cos(&x.s, false)
}

fn tan_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let (sn, cs) = sin_cos(x);
    uni_div(&sn, &cs)
}

fn cot_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    let (sn, cs) = sin_cos(x);
    uni_div(&cs, &sn)
}

fn sec_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    uni_div(&x.one, &sin_cos(x).1)
}

fn csc_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    uni_div(&x.one, &sin_cos(x).0)
}
