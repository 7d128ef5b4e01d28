//! The function table: every built-in function's names, arity, float value and domain.
//!
//! Derivative rules live in `diff.rs` (they build expressions in the store), exact
//! folding of known values in `expr.rs`; both match on [`Func`], so adding a function
//! starts here and the compiler points at every place that must learn it.

use std::fmt;

/// A built-in function. `exp`, `sqrt` and `log(x, b)` are not here: the parser turns
/// them into powers of `e`, powers of 1/2 and quotients of logarithms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Func {
    Sin,
    Cos,
    Tan,
    Cot,
    Sec,
    Csc,
    Asin,
    Acos,
    Atan,
    Acot,
    Asec,
    Acsc,
    Atan2,
    Sinh,
    Cosh,
    Tanh,
    Coth,
    Sech,
    Csch,
    Asinh,
    Acosh,
    Atanh,
    Ln,
    Log2,
    Log10,
    Cbrt,
    Abs,
    Sign,
    Erf,
    Erfc,
    Sigmoid,
    Softplus,
    Relu,
}

/// How a name in the input maps to a function: most names are a [`Func`]; a few are
/// rewritten by the parser into other forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Func(Func),
    /// `exp(x)` = e^x
    Exp,
    /// `sqrt(x)` = x^(1/2)
    Sqrt,
    /// `log(x)` = ln(x), `log(x, b)` = ln(x)/ln(b)
    Log,
}

/// Every name the language knows as a function, with what it means.
pub const NAMES: &[(&str, Builtin)] = &[
    ("sin", Builtin::Func(Func::Sin)),
    ("cos", Builtin::Func(Func::Cos)),
    ("tan", Builtin::Func(Func::Tan)),
    ("cot", Builtin::Func(Func::Cot)),
    ("sec", Builtin::Func(Func::Sec)),
    ("csc", Builtin::Func(Func::Csc)),
    ("asin", Builtin::Func(Func::Asin)),
    ("acos", Builtin::Func(Func::Acos)),
    ("atan", Builtin::Func(Func::Atan)),
    ("acot", Builtin::Func(Func::Acot)),
    ("asec", Builtin::Func(Func::Asec)),
    ("acsc", Builtin::Func(Func::Acsc)),
    ("arcsin", Builtin::Func(Func::Asin)),
    ("arccos", Builtin::Func(Func::Acos)),
    ("arctan", Builtin::Func(Func::Atan)),
    ("arccot", Builtin::Func(Func::Acot)),
    ("arcsec", Builtin::Func(Func::Asec)),
    ("arccsc", Builtin::Func(Func::Acsc)),
    ("atan2", Builtin::Func(Func::Atan2)),
    ("arctan2", Builtin::Func(Func::Atan2)),
    ("sinh", Builtin::Func(Func::Sinh)),
    ("cosh", Builtin::Func(Func::Cosh)),
    ("tanh", Builtin::Func(Func::Tanh)),
    ("coth", Builtin::Func(Func::Coth)),
    ("sech", Builtin::Func(Func::Sech)),
    ("csch", Builtin::Func(Func::Csch)),
    ("asinh", Builtin::Func(Func::Asinh)),
    ("acosh", Builtin::Func(Func::Acosh)),
    ("atanh", Builtin::Func(Func::Atanh)),
    ("arsinh", Builtin::Func(Func::Asinh)),
    ("arcosh", Builtin::Func(Func::Acosh)),
    ("artanh", Builtin::Func(Func::Atanh)),
    ("arcsinh", Builtin::Func(Func::Asinh)),
    ("arccosh", Builtin::Func(Func::Acosh)),
    ("arctanh", Builtin::Func(Func::Atanh)),
    ("exp", Builtin::Exp),
    ("ln", Builtin::Func(Func::Ln)),
    ("log", Builtin::Log),
    ("log2", Builtin::Func(Func::Log2)),
    ("log10", Builtin::Func(Func::Log10)),
    ("sqrt", Builtin::Sqrt),
    ("cbrt", Builtin::Func(Func::Cbrt)),
    ("abs", Builtin::Func(Func::Abs)),
    ("sign", Builtin::Func(Func::Sign)),
    ("erf", Builtin::Func(Func::Erf)),
    ("erfc", Builtin::Func(Func::Erfc)),
    ("sigmoid", Builtin::Func(Func::Sigmoid)),
    ("softplus", Builtin::Func(Func::Softplus)),
    ("relu", Builtin::Func(Func::Relu)),
];

/// The longest name in [`NAMES`], in bytes.
const MAX_NAME: usize = 8;

/// A name of at most `MAX_NAME` bytes as one number (its bytes, zero-padded).
const fn packed(name: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < name.len() && i < MAX_NAME {
        key |= (name[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

/// [`NAMES`] packed, so that a lookup compares numbers: it runs on every name the
/// parser reads.
const KEYS: [u64; NAMES.len()] = {
    let mut keys = [0u64; NAMES.len()];
    let mut i = 0;
    while i < NAMES.len() {
        assert!(NAMES[i].0.len() <= MAX_NAME);
        keys[i] = packed(NAMES[i].0.as_bytes());
        i += 1;
    }
    keys
};

/// Looks a function name up.
pub fn lookup(name: &str) -> Option<Builtin> {
    if name.is_empty() || name.len() > MAX_NAME {
        return None;
    }
    let key = packed(name.as_bytes());
    let i = KEYS.iter().position(|&k| k == key)?;
    // Packing pads with zero bytes: a name with a zero byte may pack alike.
    (NAMES[i].0 == name).then_some(NAMES[i].1)
}

impl Builtin {
    /// The accepted numbers of arguments, as (min, max).
    pub fn arity(self) -> (usize, usize) {
        match self {
            Builtin::Func(f) => (f.arity(), f.arity()),
            Builtin::Exp | Builtin::Sqrt => (1, 1),
            Builtin::Log => (1, 2),
        }
    }
}

impl Func {
    /// The canonical name, as printed.
    pub fn name(self) -> &'static str {
        use Func::*;
        match self {
            Sin => "sin",
            Cos => "cos",
            Tan => "tan",
            Cot => "cot",
            Sec => "sec",
            Csc => "csc",
            Asin => "asin",
            Acos => "acos",
            Atan => "atan",
            Acot => "acot",
            Asec => "asec",
            Acsc => "acsc",
            Atan2 => "atan2",
            Sinh => "sinh",
            Cosh => "cosh",
            Tanh => "tanh",
            Coth => "coth",
            Sech => "sech",
            Csch => "csch",
            Asinh => "asinh",
            Acosh => "acosh",
            Atanh => "atanh",
            Ln => "ln",
            Log2 => "log2",
            Log10 => "log10",
            Cbrt => "cbrt",
            Abs => "abs",
            Sign => "sign",
            Erf => "erf",
            Erfc => "erfc",
            Sigmoid => "sigmoid",
            Softplus => "softplus",
            Relu => "relu",
        }
    }

    /// How many arguments the function takes.
    pub fn arity(self) -> usize {
        match self {
            Func::Atan2 => 2,
            _ => 1,
        }
    }

    /// f(-u) = -f(u): the store pulls a minus sign out of the argument. Not acot:
    /// acot(0) = pi/2 = acot(-0), so it is odd everywhere but at 0.
    pub fn is_odd(self) -> bool {
        use Func::*;
        matches!(
            self,
            Sin | Tan | Cot | Csc | Asin | Atan | Acsc | Sinh | Tanh | Coth | Csch | Asinh | Atanh | Cbrt | Sign | Erf
        )
    }

    /// f(-u) = f(u): the store drops a minus sign from the argument.
    pub fn is_even(self) -> bool {
        use Func::*;
        matches!(self, Cos | Sec | Cosh | Sech | Abs)
    }

    /// The value at real arguments, or why it is undefined there.
    pub fn eval(self, args: &[f64]) -> Result<f64, &'static str> {
        use Func::*;
        let u = args[0];
        let v = match self {
            Sin => u.sin(),
            Cos => u.cos(),
            Tan => {
                if u.cos() == 0.0 {
                    return Err("tan at a pole");
                }
                u.tan()
            }
            Cot => {
                if u == 0.0 {
                    return Err("cot of zero");
                }
                1.0 / u.tan()
            }
            Sec => 1.0 / u.cos(),
            Csc => {
                if u == 0.0 {
                    return Err("csc of zero");
                }
                1.0 / u.sin()
            }
            Asin => {
                if !(-1.0..=1.0).contains(&u) {
                    return Err("asin outside [-1, 1]");
                }
                u.asin()
            }
            Acos => {
                if !(-1.0..=1.0).contains(&u) {
                    return Err("acos outside [-1, 1]");
                }
                u.acos()
            }
            Atan => u.atan(),
            Acot => {
                if u == 0.0 {
                    std::f64::consts::FRAC_PI_2
                } else {
                    (1.0 / u).atan()
                }
            }
            Asec => {
                if u.abs() < 1.0 {
                    return Err("asec inside (-1, 1)");
                }
                (1.0 / u).acos()
            }
            Acsc => {
                if u.abs() < 1.0 {
                    return Err("acsc inside (-1, 1)");
                }
                (1.0 / u).asin()
            }
            Atan2 => {
                let x = args[1];
                if u == 0.0 && x == 0.0 {
                    return Err("atan2 of (0, 0)");
                }
                u.atan2(x)
            }
            Sinh => u.sinh(),
            Cosh => u.cosh(),
            Tanh => u.tanh(),
            Coth => {
                if u == 0.0 {
                    return Err("coth of zero");
                }
                1.0 / u.tanh()
            }
            Sech => 1.0 / u.cosh(),
            Csch => {
                if u == 0.0 {
                    return Err("csch of zero");
                }
                1.0 / u.sinh()
            }
            Asinh => u.asinh(),
            Acosh => {
                if u < 1.0 {
                    return Err("acosh below 1");
                }
                u.acosh()
            }
            Atanh => {
                if u.abs() >= 1.0 {
                    return Err("atanh outside (-1, 1)");
                }
                u.atanh()
            }
            Ln | Log2 | Log10 => {
                if u <= 0.0 {
                    return Err(match (self, u < 0.0) {
                        (Ln, true) => "ln of a negative number",
                        (Ln, false) => "ln of zero",
                        (Log2, true) => "log2 of a negative number",
                        (Log2, false) => "log2 of zero",
                        (_, true) => "log10 of a negative number",
                        (_, false) => "log10 of zero",
                    });
                }
                match self {
                    Ln => u.ln(),
                    Log2 => u.log2(),
                    _ => u.log10(),
                }
            }
            Cbrt => u.cbrt(),
            Abs => u.abs(),
            Sign => {
                if u > 0.0 {
                    1.0
                } else if u < 0.0 {
                    -1.0
                } else {
                    0.0
                }
            }
            Erf => erf(u),
            Erfc => erfc(u),
            Sigmoid => sigmoid(u),
            Softplus => softplus(u),
            Relu => u.max(0.0),
        };
        Ok(v)
    }
}

impl fmt::Display for Func {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
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

/// erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)).
fn erf_series(x: f64) -> f64 {
    let x2 = x * x;
    let mut term = x;
    let mut sum = x;
    let mut n = 0.0;
    loop {
        n += 1.0;
        term *= -x2 / n;
        let add = term / (2.0 * n + 1.0);
        sum += add;
        if add.abs() < 1e-17 * sum.abs() || n > 200.0 {
            break;
        }
    }
    sum * std::f64::consts::FRAC_2_SQRT_PI
}

/// erfc(x) for x > 0 by the Lentz continued fraction
/// erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))).
fn erfc_tail(x: f64) -> f64 {
    let tiny = 1e-300;
    let mut f = x;
    let mut c = x;
    let mut d = 0.0;
    for k in 1..500 {
        let a = k as f64 / 2.0;
        d = x + a * d;
        if d.abs() < tiny {
            d = tiny;
        }
        c = x + a / c;
        if c.abs() < tiny {
            c = tiny;
        }
        d = 1.0 / d;
        let delta = c * d;
        f *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    (-x * x).exp() / (f * std::f64::consts::PI.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_each_name_and_only_those() {
        for (name, b) in NAMES {
            assert_eq!(lookup(name), Some(*b), "{name}");
            for other in [&name[..name.len() - 1], &format!("{name}x"), &format!("{name}\0"), &name.to_uppercase()] {
                assert!(NAMES.iter().any(|(n, _)| *n == other) || lookup(other).is_none(), "{other:?}");
            }
        }
        for other in ["", "x", "\0", "softplus2", "sinhsinh", "π", "pi", "e"] {
            assert_eq!(lookup(other), None, "{other:?}");
        }
    }

    #[test]
    fn erf_matches_reference_values() {
        // Values from Abramowitz & Stegun, table 7.1, and mpmath.
        let cases = [
            (0.0, 0.0),
            (0.5, 0.5204998778130465),
            (1.0, 0.8427007929497149),
            (2.0, 0.9953222650189527),
            (3.0, 0.9999779095030014),
            (-1.0, -0.8427007929497149),
        ];
        for (x, want) in cases {
            assert!((erf(x) - want).abs() < 1e-15, "erf({x}) = {}", erf(x));
        }
        let tails = [
            (1.0, 0.15729920705028513),
            (2.0, 0.004677734981047266),
            (3.0, 2.209049699858544e-05),
            (5.0, 1.537_459_794_428_035e-12),
            (10.0, 2.088487583762545e-45),
        ];
        for (x, want) in tails {
            assert!(((erfc(x) - want) / want).abs() < 1e-13, "erfc({x}) = {}", erfc(x));
        }
    }

    #[test]
    fn every_name_has_its_arity() {
        assert_eq!(lookup("atan2").map(Builtin::arity), Some((2, 2)));
        assert_eq!(lookup("log").map(Builtin::arity), Some((1, 2)));
        assert_eq!(lookup("sine"), None);
    }
}
