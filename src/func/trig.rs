//! The circular functions sin, cos, tan, cot, sec, csc and sinc: one row each.

use super::code::{
    Code, Helper,
    Spell::{Defined, DefinedF64, Name, Recip},
};
use super::exact::{number_is_zero, pi_multiple, sin_cos_at_pi_multiple};
use super::series::{uni_div, uni_mul, uni_sin_cos, SeriesAt, Undefined, Uni};
use super::ExprBuilder;
use super::{quotient_of, Expansion, Func, FuncDef, Latex, Parity, TapeOp, TaylorRule};
use crate::expr_id::ExprId;

pub const SIN: FuncDef = FuncDef {
    func: Func::Sin,
    name: "sin",
    arity: 1,
    parity: Parity::Odd,
    value: |a| Ok(a[0].sin()),
    known: Some(|s, a| known_sin(s, a[0])),
    derivative: d_sin,
    taylor: TaylorRule::Series { coefficients: |x| Ok(sin_cos(x).0), jumps_at_zero: false },
    expansion: Expansion::Pair { hyperbolic: false, cosine: false },
    tape: TapeOp::Sin,
    latex: Latex::Command("\\sin"),
    code: Code {
        python: Name("math.sin"),
        numpy: Name("np.sin"),
        jax: Name("jnp.sin"),
        tensorflow: Name("tf.math.sin"),
        torch: Name("torch.sin"),
        c: DefinedF64(Helper::Sin, "sin"),
        rust: Name("sin"),
    },
};

pub const COS: FuncDef = FuncDef {
    func: Func::Cos,
    name: "cos",
    arity: 1,
    parity: Parity::Even,
    value: |a| Ok(a[0].cos()),
    known: Some(|s, a| known_cos(s, a[0])),
    derivative: d_cos,
    taylor: TaylorRule::Series { coefficients: |x| Ok(sin_cos(x).1), jumps_at_zero: false },
    expansion: Expansion::Pair { hyperbolic: false, cosine: true },
    tape: TapeOp::Cos,
    latex: Latex::Command("\\cos"),
    code: Code {
        python: Name("math.cos"),
        numpy: Name("np.cos"),
        jax: Name("jnp.cos"),
        tensorflow: Name("tf.math.cos"),
        torch: Name("torch.cos"),
        c: DefinedF64(Helper::Cos, "cos"),
        rust: Name("cos"),
    },
};

pub const TAN: FuncDef = FuncDef {
    func: Func::Tan,
    name: "tan",
    arity: 1,
    parity: Parity::Odd,
    value: tan,
    known: Some(|s, a| known_tan(s, a[0])),
    derivative: d_tan,
    taylor: TaylorRule::Series { coefficients: tan_series, jumps_at_zero: false },
    expansion: Expansion::Rewrite(|s, a| quotient_of(s, Some(Func::Sin), Func::Cos, a)),
    tape: TapeOp::Call,
    latex: Latex::Command("\\tan"),
    code: Code {
        python: Name("math.tan"),
        numpy: Name("np.tan"),
        jax: Name("jnp.tan"),
        tensorflow: Name("tf.math.tan"),
        torch: Name("torch.tan"),
        c: Name("tan"),
        rust: Name("tan"),
    },
};

pub const COT: FuncDef = FuncDef {
    func: Func::Cot,
    name: "cot",
    arity: 1,
    parity: Parity::Odd,
    value: cot,
    known: Some(|s, a| known_cot(s, a[0])),
    derivative: d_cot,
    taylor: TaylorRule::Series { coefficients: cot_series, jumps_at_zero: false },
    expansion: Expansion::Rewrite(|s, a| quotient_of(s, Some(Func::Cos), Func::Sin, a)),
    tape: TapeOp::Call,
    latex: Latex::Command("\\cot"),
    code: Code {
        python: Recip("math.tan"),
        numpy: Recip("np.tan"),
        jax: Recip("jnp.tan"),
        tensorflow: Recip("tf.math.tan"),
        torch: Recip("torch.tan"),
        c: Recip("tan"),
        rust: Recip("tan"),
    },
};

pub const SEC: FuncDef = FuncDef {
    func: Func::Sec,
    name: "sec",
    arity: 1,
    parity: Parity::Even,
    value: |a| Ok(1.0 / a[0].cos()),
    known: Some(|s, a| known_sec(s, a[0])),
    derivative: d_sec,
    taylor: TaylorRule::Series { coefficients: sec_series, jumps_at_zero: false },
    expansion: Expansion::Rewrite(|s, a| quotient_of(s, None, Func::Cos, a)),
    tape: TapeOp::Call,
    latex: Latex::Command("\\sec"),
    code: Code {
        python: Recip("math.cos"),
        numpy: Recip("np.cos"),
        jax: Recip("jnp.cos"),
        tensorflow: Recip("tf.math.cos"),
        torch: Recip("torch.cos"),
        c: Recip("cos"),
        rust: Recip("cos"),
    },
};

pub const CSC: FuncDef = FuncDef {
    func: Func::Csc,
    name: "csc",
    arity: 1,
    parity: Parity::Odd,
    value: csc,
    known: Some(|s, a| known_csc(s, a[0])),
    derivative: d_csc,
    taylor: TaylorRule::Series { coefficients: csc_series, jumps_at_zero: false },
    expansion: Expansion::Rewrite(|s, a| quotient_of(s, None, Func::Sin, a)),
    tape: TapeOp::Call,
    latex: Latex::Command("\\csc"),
    code: Code {
        python: Recip("math.sin"),
        numpy: Recip("np.sin"),
        jax: Recip("jnp.sin"),
        tensorflow: Recip("tf.math.sin"),
        torch: Recip("torch.sin"),
        c: Recip("sin"),
        rust: Recip("sin"),
    },
};

/// sin(u)/u, and 1 at 0 (SymPy's unnormalized sinc; numpy's and torch's `sinc` are
/// sin(pi u)/(pi u)). Its derivative rule (u*cos(u) - sin(u))/u^2 is undefined at 0,
/// where the derivatives are reported undefined (docs/conventions.md).
pub const SINC: FuncDef = FuncDef {
    func: Func::Sinc,
    name: "sinc",
    arity: 1,
    parity: Parity::Even,
    value: |a| Ok(if a[0] == 0.0 { 1.0 } else { a[0].sin() / a[0] }),
    known: Some(|s, a| known_sinc(s, a[0])),
    derivative: d_sinc,
    taylor: TaylorRule::Series { coefficients: sinc_series, jumps_at_zero: false },
    // sin(u)/u: at 0 the quotient's series, 1 - u^2/6 + u^4/120 - ...
    expansion: Expansion::Rewrite(|s, a| {
        let sin = s.call(Func::Sin, a);
        s.div(sin, a[0])
    }),
    tape: TapeOp::Call,
    latex: Latex::Operator,
    code: Code {
        python: Defined(Helper::Sinc),
        numpy: Defined(Helper::Sinc),
        jax: Defined(Helper::Sinc),
        tensorflow: Defined(Helper::Sinc),
        torch: Defined(Helper::Sinc),
        c: Defined(Helper::Sinc),
        rust: Defined(Helper::Sinc),
    },
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

// Known values: at 0 where defined, and at multiples of pi/6 and pi/4. At a pole
// (tan(pi/2)) the value is 1/0, which evaluates as undefined: the float of the
// argument is only near the pole and would give 1.6e16.

/// `value` of the sine and cosine at u = k*pi, when k is a multiple of 1/6 or 1/4.
fn at_pi_multiple(
    s: &mut dyn ExprBuilder,
    u: ExprId,
    value: fn(&mut dyn ExprBuilder, ExprId, ExprId) -> ExprId,
) -> Option<ExprId> {
    let k = pi_multiple(s, u)?;
    let (sin, cos) = sin_cos_at_pi_multiple(s, &k)?;
    Some(value(s, sin, cos))
}

fn known_sin(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    match number_is_zero(s, u) {
        Some(zero) => zero.then(|| s.zero()),
        None => at_pi_multiple(s, u, |_, sin, _| sin),
    }
}

fn known_cos(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    match number_is_zero(s, u) {
        Some(zero) => zero.then(|| s.one()),
        None => at_pi_multiple(s, u, |_, _, cos| cos),
    }
}

fn known_tan(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    match number_is_zero(s, u) {
        Some(zero) => zero.then(|| s.zero()),
        None => at_pi_multiple(s, u, |s, sin, cos| s.div(sin, cos)),
    }
}

/// Not at 0, a pole.
fn known_cot(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    match number_is_zero(s, u) {
        Some(_) => None,
        None => at_pi_multiple(s, u, |s, sin, cos| s.div(cos, sin)),
    }
}

fn known_sec(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    match number_is_zero(s, u) {
        Some(zero) => zero.then(|| s.one()),
        None => at_pi_multiple(s, u, |s, _, cos| {
            let one = s.one();
            s.div(one, cos)
        }),
    }
}

/// Not at 0, a pole.
fn known_csc(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    match number_is_zero(s, u) {
        Some(_) => None,
        None => at_pi_multiple(s, u, |s, sin, _| {
            let one = s.one();
            s.div(one, sin)
        }),
    }
}

/// sinc(0) = 1; at the multiples of pi/6 and pi/4, sin(u)/u (sinc(pi) = 0,
/// sinc(pi/2) = 2/pi).
fn known_sinc(s: &mut dyn ExprBuilder, u: ExprId) -> Option<ExprId> {
    match number_is_zero(s, u) {
        Some(zero) => zero.then(|| s.one()),
        None => {
            let k = pi_multiple(s, u)?;
            let (sin, _) = sin_cos_at_pi_multiple(s, &k)?;
            Some(s.div(sin, u))
        }
    }
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

/// sinc' = (u*cos(u) - sin(u))/u^2, undefined at u = 0 (where the limit is 0).
fn d_sinc(s: &mut dyn ExprBuilder, args: &[ExprId], _: usize) -> ExprId {
    let u = args[0];
    let c = s.call(Func::Cos, &[u]);
    let uc = s.mul(&[u, c]);
    let sn = s.call(Func::Sin, &[u]);
    let nsn = s.neg(sn);
    let num = s.add(&[uc, nsn]);
    let den = s.powi(u, 2);
    s.div(num, den)
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

/// Why sinc's jet has no derivatives at exactly 0: its derivative rule, which the
/// check compares with, divides by the argument there (docs/conventions.md).
const SINC_AT_ZERO: &str = "sinc's derivatives at 0 are undefined (the rule divides by the argument)";

/// sin(u)/u. Within 1 of 0, where the quotient's recurrence would divide by a small
/// number, the series Σ (-1)^k u^(2k)/(2k+1)! composed with the argument's (its terms
/// past k = n + 20 are far below rounding there); elsewhere the quotient.
fn sinc_series(x: &SeriesAt) -> Result<Uni, Undefined> {
    if x.a == 0.0 {
        return Err(SINC_AT_ZERO.into());
    }
    if x.a.abs() >= 1.0 {
        return uni_div(&sin_cos(x).0, &x.s);
    }
    let terms = x.n + 20;
    let mut c = vec![1.0; terms + 1];
    for k in 1..=terms {
        c[k] = -c[k - 1] / ((2 * k) as f64 * (2 * k + 1) as f64);
    }
    let u2 = x.square();
    let mut r = vec![0.0; x.n + 1];
    r[0] = c[terms];
    for &ck in c[..terms].iter().rev() {
        r = uni_mul(&r, &u2);
        r[0] += ck;
    }
    Ok(r)
}
