//! The functions with a kink at 0: abs and sign, one row each.

use super::{Func, FuncDef, Latex, Parity, TapeOp, TaylorRule};

/// abs'(u) = sign(u), so 0 at 0 (see docs/conventions.md).
pub const ABS: FuncDef = FuncDef {
    func: Func::Abs,
    name: "abs",
    arity: 1,
    parity: Parity::Even,
    value: |a| Ok(a[0].abs()),
    known: None,
    derivative: |s, a, _| s.call(Func::Sign, &[a[0]]),
    taylor: TaylorRule::Kinked { below: -1.0, above: 1.0, slope: f64::signum },
    tape: TapeOp::Call,
    latex: Latex::Delimited { open: "\\left|", close: "\\right|" },
};

/// sign'(u) = 0.
pub const SIGN: FuncDef = FuncDef {
    func: Func::Sign,
    name: "sign",
    arity: 1,
    parity: Parity::Odd,
    value: sign,
    known: None,
    derivative: |s, _, _| s.zero(),
    taylor: TaylorRule::Kinked { below: 0.0, above: 0.0, slope: |_| 0.0 },
    tape: TapeOp::Call,
    latex: Latex::Operator,
};

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
