//! The function table: every built-in function as one row ([`FuncDef`]) holding its
//! names, arity, parity, float value with domain errors, exact known values,
//! derivative rule, Taylor-jet rule, tape instruction, LaTeX form and spelling in
//! generated code. The rows live in
//! one file per family; [`Func::def`] finds a function's row.
//!
//! The generic machinery reads the rows: the store (`Store::call` folds known values
//! through `known` and moves minus signs by `parity`), `diff` (the chain rule), `jet`
//! (Taylor arithmetic on jets), `tape` (compiled evaluation), `render::latex`, `eval`,
//! `codegen` (the `code` field, whose types are in `code.rs`).
//!
//! The rules that build expressions (`known`, `derivative`) are written against
//! [`ExprBuilder`], a small trait of constructors and readers that the store
//! implements, so this module depends only on the leaves `expr_id` and `number`, and
//! the store depends on it. The exact arithmetic several rows share (multiples of pi,
//! the sine and cosine table, exact logarithms and roots) is in `exact.rs`.
//!
//! Adding a function:
//! 1. a variant of [`Func`], and its names in [`NAMES`];
//! 2. its row (a `pub const` [`FuncDef`]) in its family's file, with the functions
//!    the row names beside it: the float value, the derivative rule and the series
//!    rule, and, when it has exact values at particular arguments, its fold
//!    (`known_…`: None leaves the call as it is; build nothing before deciding, for
//!    every node made changes the ids and so the order of what is printed);
//!    and its `code`, the function's name in each target's library, or a helper
//!    (see docs/architecture.md);
//! 3. the row in [`FUNCS`] at the variant's position;
//! 4. its names in `docs/grammar.md`, its rows in `docs/functions.md`, its name in
//!    `tests/common/gen.rs`, and laws for its known values in `tests/laws.rs`.
//!
//! The tests then check the row against its variant, its names against the grammar,
//! and its derivative rule, jet rule and value against each other
//! (`tests/check_laws.rs`).

use std::fmt;

use crate::expr_id::ExprId;

mod activation;
mod builder;
pub mod code;
mod erf;
pub(crate) mod erf_parts;
mod exact;
mod hyperbolic;
mod inverse_trig;
mod log_root;
mod piecewise;
pub mod series;
mod trig;

pub use activation::{sigmoid, softplus};
pub use builder::ExprBuilder;
pub use erf::{erf, erfc};

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
    Heaviside,
    Acoth,
    Asech,
    Acsch,
    Expm1,
    Log1p,
    Exp2,
    Sinc,
    Hypot,
    Silu,
    Softsign,
    Gelu,
    Elu,
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
    ("sinc", Builtin::Func(Func::Sinc)),
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
    ("acoth", Builtin::Func(Func::Acoth)),
    ("asech", Builtin::Func(Func::Asech)),
    ("acsch", Builtin::Func(Func::Acsch)),
    ("arcoth", Builtin::Func(Func::Acoth)),
    ("arsech", Builtin::Func(Func::Asech)),
    ("arcsch", Builtin::Func(Func::Acsch)),
    ("arccoth", Builtin::Func(Func::Acoth)),
    ("arcsech", Builtin::Func(Func::Asech)),
    ("arccsch", Builtin::Func(Func::Acsch)),
    ("exp", Builtin::Exp),
    ("ln", Builtin::Func(Func::Ln)),
    ("log", Builtin::Log),
    ("log2", Builtin::Func(Func::Log2)),
    ("log10", Builtin::Func(Func::Log10)),
    ("expm1", Builtin::Func(Func::Expm1)),
    ("log1p", Builtin::Func(Func::Log1p)),
    ("exp2", Builtin::Func(Func::Exp2)),
    ("sqrt", Builtin::Sqrt),
    ("cbrt", Builtin::Func(Func::Cbrt)),
    ("hypot", Builtin::Func(Func::Hypot)),
    ("abs", Builtin::Func(Func::Abs)),
    ("sign", Builtin::Func(Func::Sign)),
    ("erf", Builtin::Func(Func::Erf)),
    ("erfc", Builtin::Func(Func::Erfc)),
    ("sigmoid", Builtin::Func(Func::Sigmoid)),
    ("softplus", Builtin::Func(Func::Softplus)),
    ("relu", Builtin::Func(Func::Relu)),
    ("silu", Builtin::Func(Func::Silu)),
    ("swish", Builtin::Func(Func::Silu)),
    ("softsign", Builtin::Func(Func::Softsign)),
    ("gelu", Builtin::Func(Func::Gelu)),
    ("elu", Builtin::Func(Func::Elu)),
    ("heaviside", Builtin::Func(Func::Heaviside)),
];

/// The longest name in [`NAMES`], in bytes.
const MAX_NAME: usize = 9;

/// The bytes of a name that its key holds: a longer name (`heaviside`) is told from
/// others by its first eight bytes, and checked in full once found.
const PACKED: usize = 8;

/// The first `PACKED` bytes of a name as one number (zero-padded).
const fn packed(name: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < name.len() && i < PACKED {
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
        let mut j = 0;
        while j < i {
            // Two names alike in their first bytes: the second could not be found.
            assert!(keys[j] != keys[i]);
            j += 1;
        }
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
    // Packing pads with zero bytes (a name with a zero byte may pack alike) and
    // keeps only the first bytes of a long name.
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

// ------------------------------------------------------------------------ rows

/// f(-u) against f(u): the store pulls a minus sign out of an odd function's
/// argument and drops it from an even one's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parity {
    Odd,
    Even,
    Neither,
}

/// The value at real arguments (as many as the arity), or why it is undefined there.
pub type ValueRule = fn(&[f64]) -> Result<f64, &'static str>;

/// The partial derivative with respect to argument `i`, at the arguments, built in
/// the store.
pub type DerivativeRule = fn(&mut dyn ExprBuilder, &[ExprId], usize) -> ExprId;

/// An exact value at particular arguments (sin(pi/6) = 1/2, hypot(3, 4) = 5), or
/// None to build the call as it is.
pub type KnownRule = fn(&mut dyn ExprBuilder, &[ExprId]) -> Option<ExprId>;

/// How the Taylor jet of f(u) is found from the jet of u.
#[derive(Clone, Copy, Debug)]
pub enum TaylorRule {
    /// g(U) = Σ_j g_j (U - u0)^j, with g's own Taylor coefficients g_j from
    /// `coefficients`. `jumps_at_zero`: g jumps at 0 (acot), so an argument within
    /// rounding of 0 makes the side taken an accident.
    Series { coefficients: series::SeriesRule, jumps_at_zero: bool },
    /// Piecewise linear away from a kink at 0 (abs, sign, relu): the derivative is
    /// `below` for u < 0 and `above` for u > 0, and every derivative at 0 is taken as
    /// 0 (the convention of the derivative rules), the result flagged as non-smooth.
    /// `slope` is the first derivative at a real argument, for magnitudes.
    Kinked { below: f64, above: f64, slope: fn(f64) -> f64 },
    /// f(y, x) differs from atan(y/x) (or from -atan(x/y), whichever is better
    /// conditioned) by a constant near the point (atan2), so both share all
    /// derivatives, expanded by `atan`, atan's rule; it jumps where y crosses 0 at
    /// x < 0.
    AtanOfQuotient { atan: series::SeriesRule },
    /// sqrt(x^2 + y^2) of two arguments (hypot), by the jets' products, sum and
    /// square root; its derivatives do not exist at (0, 0).
    Hypot,
}

/// How `gradtape series` expands the function of a series (read by `series::walk`).
#[derive(Clone, Copy, Debug)]
pub enum Expansion {
    /// Analytic wherever its value is defined: the value at the point plus the
    /// integral of the derivative rule, which must not contain the function itself.
    /// `jump`: where the function is defined but not continuous.
    Integral { jump: Jump },
    /// sin or cos (sinh or cosh when `hyperbolic`), by the pair's joint recurrence;
    /// `cosine` picks the second of the pair.
    Pair { hyperbolic: bool, cosine: bool },
    /// Equal to another expression of its arguments (tan = sin/cos, sigmoid =
    /// 1/(1 + exp(-u))), expanded in its place: a quotient gives a pole its Laurent
    /// series.
    Rewrite(fn(&mut dyn ExprBuilder, &[ExprId]) -> ExprId),
    /// The real root of this degree (cbrt: 3): the row's call at the leading
    /// coefficient times a binomial series; none where the argument is 0.
    Root(i64),
    /// Away from an argument of 0, equal to `local(p, u)` near an argument value p
    /// (abs(u) = sign(p)·u); at 0 a kink or a jump, which has no series.
    Piecewise { local: fn(&mut dyn ExprBuilder, ExprId, ExprId) -> ExprId },
}

/// Where a function with an [`Expansion::Integral`] is defined but jumps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jump {
    None,
    /// At an argument of 0 (acot).
    AtZero,
    /// Where the first argument is 0 and the second is not positive (atan2).
    NegativeAxis,
}

/// sin/cos-style quotients of two calls at the same arguments (`numerator` None: 1),
/// the rewrites of tan, sec, tanh and the like.
pub fn quotient_of(s: &mut dyn ExprBuilder, numerator: Option<Func>, denominator: Func, args: &[ExprId]) -> ExprId {
    let d = s.call(denominator, args);
    match numerator {
        Some(f) => {
            let n = s.call(f, args);
            s.div(n, d)
        }
        None => s.recip(d),
    }
}

/// The tape instruction that computes a function: most go through its float value
/// (`ValueRule`), a few have an instruction of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TapeOp {
    /// A call of the row's float value.
    Call,
    /// The vectorized sine (fused with a cosine of the same argument).
    Sin,
    /// The vectorized cosine.
    Cos,
    Atan,
    Ln,
}

/// How a call is written in LaTeX.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Latex {
    /// A command before the parenthesized arguments (`\sin`, `\log_{2}`); a positive
    /// whole power goes after the command (`\sin^{2}\left(x\right)`).
    Command(&'static str),
    /// `\operatorname{name}` before the parenthesized arguments.
    Operator,
    /// `\ln`, or `\log` when the options ask for it.
    NaturalLog,
    /// The argument between two marks (`\sqrt[3]{x}`); a positive whole power is
    /// written after the closing mark as for a command.
    Radical { open: &'static str, close: &'static str },
    /// The argument between two delimiters (`\left|x\right|`); a power is written
    /// as on any other atom.
    Delimited { open: &'static str, close: &'static str },
}

/// One built-in function: what the stages need to know about it, in one place. (One
/// kind of knowledge is still elsewhere: the simplifier's cost weights and
/// identities.)
#[derive(Clone, Copy, Debug)]
pub struct FuncDef {
    pub func: Func,
    /// The canonical name, as printed; the parser's other names are in [`NAMES`].
    pub name: &'static str,
    /// How many arguments it takes.
    pub arity: usize,
    pub parity: Parity,
    pub value: ValueRule,
    /// Exact values at particular arguments, folded by `Store::call` before the call
    /// is built (and before a minus sign is moved by parity); None for a function
    /// with none.
    pub known: Option<KnownRule>,
    pub derivative: DerivativeRule,
    pub taylor: TaylorRule,
    /// How `gradtape series` expands it.
    pub expansion: Expansion,
    pub tape: TapeOp,
    pub latex: Latex,
    /// How `gradtape codegen` writes a call in each target.
    pub code: code::Code,
}

/// Every function's row, in the order of [`Func`]'s variants: `FUNCS[f as usize]`
/// is f's row.
pub static FUNCS: [FuncDef; 46] = [
    trig::SIN,
    trig::COS,
    trig::TAN,
    trig::COT,
    trig::SEC,
    trig::CSC,
    inverse_trig::ASIN,
    inverse_trig::ACOS,
    inverse_trig::ATAN,
    inverse_trig::ACOT,
    inverse_trig::ASEC,
    inverse_trig::ACSC,
    inverse_trig::ATAN2,
    hyperbolic::SINH,
    hyperbolic::COSH,
    hyperbolic::TANH,
    hyperbolic::COTH,
    hyperbolic::SECH,
    hyperbolic::CSCH,
    hyperbolic::ASINH,
    hyperbolic::ACOSH,
    hyperbolic::ATANH,
    log_root::LN,
    log_root::LOG2,
    log_root::LOG10,
    log_root::CBRT,
    piecewise::ABS,
    piecewise::SIGN,
    erf::ERF,
    erf::ERFC,
    activation::SIGMOID,
    activation::SOFTPLUS,
    activation::RELU,
    piecewise::HEAVISIDE,
    hyperbolic::ACOTH,
    hyperbolic::ASECH,
    hyperbolic::ACSCH,
    log_root::EXPM1,
    log_root::LOG1P,
    log_root::EXP2,
    trig::SINC,
    log_root::HYPOT,
    activation::SILU,
    activation::SOFTSIGN,
    activation::GELU,
    activation::ELU,
];

impl Func {
    /// The function's row.
    #[inline]
    pub fn def(self) -> &'static FuncDef {
        &FUNCS[self as usize]
    }

    /// The canonical name, as printed.
    #[inline]
    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// How many arguments the function takes.
    #[inline]
    pub fn arity(self) -> usize {
        self.def().arity
    }

    /// f(-u) = -f(u): the store pulls a minus sign out of the argument.
    #[inline]
    pub fn is_odd(self) -> bool {
        self.def().parity == Parity::Odd
    }

    /// f(-u) = f(u): the store drops a minus sign from the argument.
    #[inline]
    pub fn is_even(self) -> bool {
        self.def().parity == Parity::Even
    }

    /// The value at real arguments, or why it is undefined there.
    #[inline]
    pub fn eval(self, args: &[f64]) -> Result<f64, &'static str> {
        (self.def().value)(args)
    }
}

impl fmt::Display for Func {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests;
