//! How a function is written in each target of `gradtape codegen`: the type of a
//! row's `code` field, read by `codegen` (this module names no target's syntax
//! rules, only each function's spelling, so `func` does not depend on `codegen`).

/// A small function the generated file defines for itself, only when it is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Helper {
    /// 1/(1 + e^-u) without overflow.
    Sigmoid,
    /// max(u, 0) + log1p(exp(-|u|)).
    Softplus,
    /// -1, 0 or 1 (0 at 0, as docs/conventions.md says).
    Sign,
    Erf,
    Erfc,
    /// The real cube root, negative for negative u.
    Cbrt,
    /// Sine and cosine as gradtape's evaluator computes them (`eval::fastmath`),
    /// sharing one argument reduction when both are taken of one argument.
    Sin,
    Cos,
    /// 1 where u > 0, else 0 (0 at 0, as docs/conventions.md says).
    Heaviside,
    /// atan(1/u), and pi/2 at 0 (Python's float division raises there).
    Acot,
    /// sin(u)/u, and 1 at 0 (numpy's and torch's `sinc` are sin(pi u)/(pi u)).
    Sinc,
    /// 2^u, where the target has no exp2 (Python's `math` before 3.11, tensorflow).
    Exp2,
    /// sqrt(x^2 + y^2) without overflow, where the target has no hypot (tensorflow).
    Hypot,
    /// u·sigmoid(u) without overflow.
    Silu,
    /// u/(1 + |u|).
    Softsign,
    /// The exact GELU u·erfc(-u/√2)/2 (jax.nn.gelu's default is the tanh
    /// approximation, tf.nn.gelu's float64 value is off by about 1e-9; numpy,
    /// Python's math, C and Rust have none).
    Gelu,
    /// u for u > 0, else expm1(u).
    Elu,
}

impl Helper {
    /// The helper's name after the file's function name: `f_sigmoid`.
    pub fn suffix(self) -> &'static str {
        match self {
            Helper::Sigmoid => "sigmoid",
            Helper::Softplus => "softplus",
            Helper::Sign => "sign",
            Helper::Erf => "erf",
            Helper::Erfc => "erfc",
            Helper::Cbrt => "cbrt",
            Helper::Sin => "sin",
            Helper::Cos => "cos",
            Helper::Heaviside => "heaviside",
            Helper::Acot => "acot",
            Helper::Sinc => "sinc",
            Helper::Exp2 => "exp2",
            Helper::Hypot => "hypot",
            Helper::Silu => "silu",
            Helper::Softsign => "softsign",
            Helper::Gelu => "gelu",
            Helper::Elu => "elu",
        }
    }
}

/// How one function is written in one target. Names are as the target spells a
/// call: Python targets in full (`np.sin`), C without the `f` of float (`sin`), Rust
/// as the method of the float type (`sin`, written `f64::sin(u)`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Spell {
    /// `name(args)`.
    Name(&'static str),
    /// `1 / name(u)`: sec, csc, cot and their hyperbolic kin.
    Recip(&'static str),
    /// `name(1 / u)`: acot, asec, acsc.
    OfRecip(&'static str),
    /// `name(u) / c`: a logarithm in another base through the natural one.
    Over(&'static str, f64),
    /// `name(u, 0)`: relu as a maximum, heaviside with its value 0 at 0.
    WithZero(&'static str),
    /// `name(0, u)`: softplus as `logaddexp(0, u)`.
    ZeroFirst(&'static str),
    /// A helper defined in the generated file.
    Defined(Helper),
    /// The helper in double precision, the library function `name` in single
    /// precision: sine and cosine in C, faster than the library's in double.
    DefinedF64(Helper, &'static str),
    /// The target has no way to write it: code generation stops with an error
    /// naming the function and the target.
    Unsupported,
}

/// A function's spelling in each target of `gradtape codegen --lang`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Code {
    /// Python's `math` module, on scalars.
    pub python: Spell,
    pub numpy: Spell,
    pub jax: Spell,
    pub tensorflow: Spell,
    pub torch: Spell,
    /// C99 with `<math.h>`.
    pub c: Spell,
    pub rust: Spell,
}
