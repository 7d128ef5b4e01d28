//! How each built-in function is spelled in each target: one row per function.

use super::Lang;
use crate::func::Func;

/// A small function the generated file defines for itself, only when it is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Helper {
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
}

impl Helper {
    /// The helper's name after the file's function name: `f_sigmoid`.
    pub(crate) fn suffix(self) -> &'static str {
        match self {
            Helper::Sigmoid => "sigmoid",
            Helper::Softplus => "softplus",
            Helper::Sign => "sign",
            Helper::Erf => "erf",
            Helper::Erfc => "erfc",
            Helper::Cbrt => "cbrt",
            Helper::Sin => "sin",
            Helper::Cos => "cos",
        }
    }
}

/// How one function is written in one target. Names are as the target spells a
/// call: Python targets in full (`np.sin`), C without the `f` of float (`sin`), Rust
/// as the method of the float type (`sin`, written `f64::sin(u)`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Spell {
    /// `name(args)`.
    Name(&'static str),
    /// `1 / name(u)`: sec, csc, cot and their hyperbolic kin.
    Recip(&'static str),
    /// `name(1 / u)`: acot, asec, acsc.
    OfRecip(&'static str),
    /// `name(u) / c`: a logarithm in another base through the natural one.
    Over(&'static str, f64),
    /// `name(u, 0)`: relu as a maximum.
    WithZero(&'static str),
    /// `name(0, u)`: softplus as `logaddexp(0, u)`.
    ZeroFirst(&'static str),
    /// A helper defined in the generated file.
    Helper(Helper),
    /// The helper in double precision, the library function `name` in single
    /// precision: sine and cosine in C, faster than the library's in double.
    Kernel(Helper, &'static str),
    /// The target has no way to write it.
    Unsupported,
}

use Spell::{Helper as H, Kernel as K, Name as N, OfRecip as OR, Over, Recip as R, WithZero as WZ, ZeroFirst as ZF};

/// One row: the function, then its spelling in python, numpy, jax, tensorflow,
/// torch, C and Rust.
type Row = (Func, [Spell; 7]);

const LN2: f64 = std::f64::consts::LN_2;
const LN10: f64 = std::f64::consts::LN_10;

#[rustfmt::skip]
const TABLE: &[Row] = &[
    (Func::Sin, [N("math.sin"), N("np.sin"), N("jnp.sin"), N("tf.math.sin"), N("torch.sin"), K(Helper::Sin, "sin"), N("sin")]),
    (Func::Cos, [N("math.cos"), N("np.cos"), N("jnp.cos"), N("tf.math.cos"), N("torch.cos"), K(Helper::Cos, "cos"), N("cos")]),
    (Func::Tan, [N("math.tan"), N("np.tan"), N("jnp.tan"), N("tf.math.tan"), N("torch.tan"), N("tan"), N("tan")]),
    (Func::Cot, [R("math.tan"), R("np.tan"), R("jnp.tan"), R("tf.math.tan"), R("torch.tan"), R("tan"), R("tan")]),
    (Func::Sec, [R("math.cos"), R("np.cos"), R("jnp.cos"), R("tf.math.cos"), R("torch.cos"), R("cos"), R("cos")]),
    (Func::Csc, [R("math.sin"), R("np.sin"), R("jnp.sin"), R("tf.math.sin"), R("torch.sin"), R("sin"), R("sin")]),
    (Func::Asin, [N("math.asin"), N("np.arcsin"), N("jnp.arcsin"), N("tf.math.asin"), N("torch.asin"), N("asin"), N("asin")]),
    (Func::Acos, [N("math.acos"), N("np.arccos"), N("jnp.arccos"), N("tf.math.acos"), N("torch.acos"), N("acos"), N("acos")]),
    (Func::Atan, [N("math.atan"), N("np.arctan"), N("jnp.arctan"), N("tf.math.atan"), N("torch.atan"), N("atan"), N("atan")]),
    (Func::Acot, [OR("math.atan"), OR("np.arctan"), OR("jnp.arctan"), OR("tf.math.atan"), OR("torch.atan"), OR("atan"), OR("atan")]),
    (Func::Asec, [OR("math.acos"), OR("np.arccos"), OR("jnp.arccos"), OR("tf.math.acos"), OR("torch.acos"), OR("acos"), OR("acos")]),
    (Func::Acsc, [OR("math.asin"), OR("np.arcsin"), OR("jnp.arcsin"), OR("tf.math.asin"), OR("torch.asin"), OR("asin"), OR("asin")]),
    (Func::Atan2, [N("math.atan2"), N("np.arctan2"), N("jnp.arctan2"), N("tf.math.atan2"), N("torch.atan2"), N("atan2"), N("atan2")]),
    (Func::Sinh, [N("math.sinh"), N("np.sinh"), N("jnp.sinh"), N("tf.math.sinh"), N("torch.sinh"), N("sinh"), N("sinh")]),
    (Func::Cosh, [N("math.cosh"), N("np.cosh"), N("jnp.cosh"), N("tf.math.cosh"), N("torch.cosh"), N("cosh"), N("cosh")]),
    (Func::Tanh, [N("math.tanh"), N("np.tanh"), N("jnp.tanh"), N("tf.math.tanh"), N("torch.tanh"), N("tanh"), N("tanh")]),
    (Func::Coth, [R("math.tanh"), R("np.tanh"), R("jnp.tanh"), R("tf.math.tanh"), R("torch.tanh"), R("tanh"), R("tanh")]),
    (Func::Sech, [R("math.cosh"), R("np.cosh"), R("jnp.cosh"), R("tf.math.cosh"), R("torch.cosh"), R("cosh"), R("cosh")]),
    (Func::Csch, [R("math.sinh"), R("np.sinh"), R("jnp.sinh"), R("tf.math.sinh"), R("torch.sinh"), R("sinh"), R("sinh")]),
    (Func::Asinh, [N("math.asinh"), N("np.arcsinh"), N("jnp.arcsinh"), N("tf.math.asinh"), N("torch.asinh"), N("asinh"), N("asinh")]),
    (Func::Acosh, [N("math.acosh"), N("np.arccosh"), N("jnp.arccosh"), N("tf.math.acosh"), N("torch.acosh"), N("acosh"), N("acosh")]),
    (Func::Atanh, [N("math.atanh"), N("np.arctanh"), N("jnp.arctanh"), N("tf.math.atanh"), N("torch.atanh"), N("atanh"), N("atanh")]),
    (Func::Ln, [N("math.log"), N("np.log"), N("jnp.log"), N("tf.math.log"), N("torch.log"), N("log"), N("ln")]),
    (Func::Log2, [N("math.log2"), N("np.log2"), N("jnp.log2"), Over("tf.math.log", LN2), N("torch.log2"), N("log2"), N("log2")]),
    (Func::Log10, [N("math.log10"), N("np.log10"), N("jnp.log10"), Over("tf.math.log", LN10), N("torch.log10"), N("log10"), N("log10")]),
    (Func::Cbrt, [H(Helper::Cbrt), N("np.cbrt"), N("jnp.cbrt"), H(Helper::Cbrt), H(Helper::Cbrt), N("cbrt"), N("cbrt")]),
    (Func::Abs, [N("abs"), N("np.abs"), N("jnp.abs"), N("tf.math.abs"), N("torch.abs"), N("fabs"), N("abs")]),
    (Func::Sign, [H(Helper::Sign), N("np.sign"), N("jnp.sign"), N("tf.math.sign"), N("torch.sign"), H(Helper::Sign), H(Helper::Sign)]),
    (Func::Erf, [N("math.erf"), H(Helper::Erf), N("jax.scipy.special.erf"), N("tf.math.erf"), N("torch.erf"), N("erf"), H(Helper::Erf)]),
    (Func::Erfc, [N("math.erfc"), H(Helper::Erfc), N("jax.scipy.special.erfc"), N("tf.math.erfc"), N("torch.erfc"), N("erfc"), H(Helper::Erfc)]),
    (Func::Sigmoid, [H(Helper::Sigmoid), H(Helper::Sigmoid), N("jax.nn.sigmoid"), N("tf.math.sigmoid"), N("torch.sigmoid"), H(Helper::Sigmoid), H(Helper::Sigmoid)]),
    (Func::Softplus, [H(Helper::Softplus), ZF("np.logaddexp"), N("jax.nn.softplus"), N("tf.math.softplus"), H(Helper::Softplus), H(Helper::Softplus), H(Helper::Softplus)]),
    (Func::Relu, [WZ("max"), WZ("np.maximum"), N("jax.nn.relu"), N("tf.nn.relu"), N("torch.relu"), WZ("fmax"), WZ("max")]),
];

/// The column of a target in [`TABLE`].
fn column(lang: Lang) -> usize {
    match lang {
        Lang::Python => 0,
        Lang::Numpy => 1,
        Lang::Jax => 2,
        Lang::Tensorflow => 3,
        Lang::Torch => 4,
        Lang::C => 5,
        Lang::Rust => 6,
    }
}

/// How `f` is written in `lang`.
pub(crate) fn spell(f: Func, lang: Lang) -> Spell {
    TABLE.iter().find(|(g, _)| *g == f).map_or(Spell::Unsupported, |(_, row)| row[column(lang)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_has_a_row() {
        for (_, b) in crate::func::NAMES {
            if let crate::func::Builtin::Func(f) = b {
                assert!(TABLE.iter().any(|(g, _)| g == f), "{f} has no row");
            }
        }
    }
}
