//! The Python targets: `math` on scalars, and numpy, jax, tensorflow and torch
//! elementwise with broadcasting, the last three wired into the framework's own
//! automatic differentiation.

use super::emit::Body;
use super::{Context, Dtype, Lang, Source};
use crate::error::Error;
use crate::func::code::Helper;
use crate::store::ExprId;

pub(crate) fn file(source: &Source) -> Result<String, Error> {
    let mut cx = Context::new(source);
    let name = cx.name().to_string();
    let lang = cx.lang();
    let several = cx.several();
    let (grad, value_and_grad) = if several { ("jacobian", "value_and_jacobian") } else { ("grad", "value_and_grad") };
    let mut defs = Vec::new();
    let values = cx.values();
    let value_name = match lang {
        Lang::Tensorflow | Lang::Torch => format!("_{name}_value"),
        _ => name.clone(),
    };
    let decorator = if lang == Lang::Jax { "@jax.custom_jvp\n" } else { "" };
    defs.push(format!("{decorator}{}", function(&mut cx, &value_name, &values, &Layout::Values)?));
    let jacobian = cx.jacobian();
    defs.push(function(&mut cx, &format!("{name}_{grad}"), &jacobian, &Layout::Jacobian)?);
    if cx.second_order() {
        let hessians = cx.hessians();
        defs.push(function(&mut cx, &format!("{name}_hessian"), &hessians, &Layout::Hessians)?);
    }
    let mut both = values.clone();
    both.extend(&jacobian);
    defs.push(function(&mut cx, &format!("{name}_{value_and_grad}"), &both, &Layout::ValueAndJacobian)?);
    match lang {
        Lang::Jax => defs.push(jax_rule(&cx, value_and_grad)),
        Lang::Tensorflow => defs.extend(tensorflow_wiring(&cx, grad)),
        Lang::Torch => defs.extend(torch_wiring(&cx, grad)),
        _ => {}
    }
    let mut out: String = cx.preamble().iter().map(|l| format!("# {l}\n")).collect();
    out.push_str(&imports(&cx));
    for h in &cx.helpers {
        out.push_str("\n\n");
        out.push_str(&helper(*h, &name, lang, cx.dtype()));
    }
    for d in defs {
        out.push_str("\n\n");
        out.push_str(&d);
    }
    Ok(out)
}

fn imports(cx: &Context) -> String {
    let needs_math = cx.lang() == Lang::Python
        || (cx.lang() == Lang::Numpy
            && (cx.helpers.contains(&Helper::Erf)
                || cx.helpers.contains(&Helper::Erfc)
                || cx.helpers.contains(&Helper::Gelu)));
    let mut lines = Vec::new();
    if needs_math {
        lines.push("import math");
    }
    match cx.lang() {
        Lang::Numpy => lines.push("import numpy as np"),
        Lang::Jax => lines.extend(["import jax", "import jax.numpy as jnp", "import jax.scipy.special"]),
        Lang::Tensorflow => lines.push("import tensorflow as tf"),
        Lang::Torch => lines.push("import torch"),
        _ => {}
    }
    if cx.lang() == Lang::Jax && cx.dtype() == Dtype::F64 {
        let name = cx.name();
        return format!(
            "\n{}\n\n\ndef _{name}_dtype():\n    # float64 when jax_enable_x64 is on, float32 otherwise\n    \
             return jax.dtypes.canonicalize_dtype(jnp.float64)\n",
            lines.join("\n")
        );
    }
    format!("\n{}\n", lines.join("\n"))
}

/// How a function's outputs are grouped.
enum Layout {
    /// One value, or a tuple of values with several expressions.
    Values,
    /// A tuple of partials, or of rows with several expressions.
    Jacobian,
    /// Rows of rows (per expression with several).
    Hessians,
    /// `(values, jacobian)`.
    ValueAndJacobian,
}

/// The dtype as the framework names it.
fn dtype_expr(cx: &Context) -> String {
    let bits = if cx.dtype() == Dtype::F64 { "64" } else { "32" };
    match cx.lang() {
        Lang::Numpy => format!("np.float{bits}"),
        Lang::Jax if bits == "64" => format!("_{}_dtype()", cx.name()),
        Lang::Jax => "jnp.float32".to_string(),
        Lang::Tensorflow => format!("tf.float{bits}"),
        Lang::Torch => format!("torch.float{bits}"),
        _ => String::new(),
    }
}

/// Lines turning each argument into an array of the dtype.
fn conversions(cx: &Context) -> Vec<String> {
    let dt = dtype_expr(cx);
    cx.params
        .iter()
        .filter_map(|p| match cx.lang() {
            Lang::Numpy => Some(format!("{p} = np.asarray({p}, dtype={dt})")),
            Lang::Jax => Some(format!("{p} = jnp.asarray({p}, dtype={dt})")),
            Lang::Tensorflow => Some(format!("{p} = tf.cast({p}, {dt})")),
            Lang::Torch => Some(format!("{p} = torch.as_tensor({p}, dtype={dt})")),
            _ => None,
        })
        .collect()
}

/// `zeros = ...`: zeros of the arguments' broadcast shape, for outputs that do
/// not depend on every argument.
fn zeros_line(cx: &Context) -> String {
    let dt = dtype_expr(cx);
    let ps = &cx.params;
    match cx.lang() {
        Lang::Numpy => {
            let shapes: Vec<String> = ps.iter().map(|p| format!("np.shape({p})")).collect();
            format!("zeros = np.zeros(np.broadcast_shapes({}), dtype={dt})", shapes.join(", "))
        }
        Lang::Jax => {
            let shapes: Vec<String> = ps.iter().map(|p| format!("jnp.shape({p})")).collect();
            format!("zeros = jnp.zeros(jnp.broadcast_shapes({}), dtype={dt})", shapes.join(", "))
        }
        Lang::Tensorflow => {
            let shape = ps
                .iter()
                .map(|p| format!("tf.shape({p})"))
                .reduce(|a, b| format!("tf.broadcast_dynamic_shape({a}, {b})"));
            format!("zeros = tf.zeros({}, dtype={dt})", shape.unwrap_or_else(|| "[]".to_string()))
        }
        _ => {
            let shapes: Vec<String> = ps.iter().map(|p| format!("{p}.shape")).collect();
            format!("zeros = torch.zeros(torch.broadcast_shapes({}), dtype={dt})", shapes.join(", "))
        }
    }
}

/// A Python tuple of the items, on one line when short.
fn tuple(items: &[String], indent: usize) -> String {
    if items.len() == 1 {
        return format!("({},)", items[0]);
    }
    let one_line = format!("({})", items.join(", "));
    if one_line.len() + indent <= 88 && !one_line.contains('\n') {
        return one_line;
    }
    let pad = " ".repeat(indent + 4);
    let inner: Vec<String> = items.iter().map(|i| format!("{pad}{i},\n")).collect();
    format!("(\n{}{})", inner.concat(), " ".repeat(indent))
}

/// A tuple of rows of `n` items each.
fn rows(items: &[String], n: usize, indent: usize) -> String {
    if n == 0 {
        return tuple(&vec!["()".to_string(); items.len().max(1)][..items.len().max(1)], indent);
    }
    let rows: Vec<String> = items.chunks(n).map(|r| tuple(r, indent + 4)).collect();
    tuple(&rows, indent)
}

fn function(cx: &mut Context, name: &str, roots: &[ExprId], layout: &Layout) -> Result<String, Error> {
    let body = cx.body(roots)?;
    let mut lines = conversions(cx);
    let outputs = broadcast_outputs(cx, &body, &mut lines);
    for (t, code) in &body.temps {
        lines.push(format!("{t} = {code}"));
    }
    let m = cx.source.plan.values.len();
    let n = cx.wrt.len();
    let several = cx.several();
    let result = match layout {
        Layout::Values if several => tuple(&outputs, 4),
        Layout::Values => outputs[0].clone(),
        Layout::Jacobian if several => rows(&outputs, n, 4),
        Layout::Jacobian => tuple_or_empty(&outputs, 4),
        Layout::Hessians if several => {
            let hs: Vec<String> = outputs.chunks((n * n).max(1)).take(m).map(|h| rows(h, n, 8)).collect();
            tuple(&hs, 4)
        }
        Layout::Hessians => rows(&outputs, n, 4),
        Layout::ValueAndJacobian => {
            let (v, j) = outputs.split_at(m);
            let v = if several { tuple(v, 4) } else { v[0].clone() };
            let j = if several { rows(j, n, 4) } else { tuple_or_empty(j, 4) };
            format!("{v}, {j}")
        }
    };
    lines.push(format!("return {result}"));
    let params = cx.params.join(", ");
    let body: String = lines.iter().map(|l| format!("    {l}\n")).collect();
    Ok(format!("def {name}({params}):\n{body}"))
}

fn tuple_or_empty(items: &[String], indent: usize) -> String {
    if items.is_empty() {
        "()".to_string()
    } else {
        tuple(items, indent)
    }
}

/// The outputs, each given the broadcast shape of the arguments when it does not
/// depend on all of them (a constant derivative is an array, not a scalar).
fn broadcast_outputs(cx: &Context, body: &Body, lines: &mut Vec<String>) -> Vec<String> {
    if cx.lang() == Lang::Python {
        return body.outputs.clone();
    }
    let all = cx.source.plan.args.len();
    let mut need = false;
    let outputs = body
        .outputs
        .iter()
        .zip(&body.output_uses)
        .map(|(o, uses)| {
            if uses.len() < all || all == 0 {
                need = true;
                if o == "0.0" {
                    "zeros".to_string()
                } else {
                    format!("{o} + zeros")
                }
            } else {
                o.clone()
            }
        })
        .collect();
    if need {
        lines.push(zeros_line(cx));
    }
    outputs
}

/// The jvp rule of the `jax.custom_jvp` value function.
fn jax_rule(cx: &Context, value_and_grad: &str) -> String {
    let name = cx.name();
    let m = cx.source.plan.values.len();
    let wrt_index: Vec<usize> = cx.wrt.iter().map(|w| cx.params.iter().position(|p| p == w).unwrap_or(0)).collect();
    let tangent = |row: Option<usize>| -> String {
        let terms: Vec<String> = wrt_index
            .iter()
            .enumerate()
            .map(|(j, &a)| match row {
                Some(i) => format!("jacobian[{i}][{j}] * tangents[{a}]"),
                None => format!("jacobian[{j}] * tangents[{a}]"),
            })
            .collect();
        let value = match row {
            Some(i) => format!("value[{i}]"),
            None => "value".to_string(),
        };
        if terms.is_empty() {
            format!("jnp.zeros_like({value})")
        } else {
            terms.join(" + ")
        }
    };
    let out = if cx.several() {
        let ts: Vec<String> = (0..m).map(|i| tangent(Some(i))).collect();
        tuple(&ts, 4)
    } else {
        tangent(None)
    };
    format!(
        "@{name}.defjvp\ndef _{name}_jvp(primals, tangents):\n    # the derivative gradtape computed, so jax.grad, jacfwd and hessian use it\n    \
         value, jacobian = {name}_{value_and_grad}(*primals)\n    return value, {out}\n"
    )
}

/// `x, y` or `(x,)` as an assignment target.
fn pattern(names: &[String]) -> String {
    match names.len() {
        0 => "()".to_string(),
        1 => format!("({},)", names[0]),
        _ => names.join(", "),
    }
}

/// For argument `a` (an index into the parameters): the upstream gradient times
/// the partials, summed over the outputs, or None when `a` is not in `--wrt`.
fn pullback(cx: &Context, a: usize) -> Option<String> {
    let j = cx.wrt.iter().position(|w| *w == cx.params[a])?;
    let m = cx.source.plan.values.len();
    let terms: Vec<String> = (0..m)
        .map(|i| {
            if cx.several() {
                format!("upstream[{i}] * partials[{i}][{j}]")
            } else {
                format!("upstream[0] * partials[{j}]")
            }
        })
        .collect();
    Some(terms.join(" + "))
}

fn tensorflow_wiring(cx: &Context, grad: &str) -> Vec<String> {
    let name = cx.name();
    let ps = cx.params.join(", ");
    let dt = dtype_expr(cx);
    let casts: Vec<String> = cx.params.iter().map(|p| format!("tf.cast({p}, {dt})")).collect();
    let grads: Vec<String> = (0..cx.params.len())
        .map(|a| match pullback(cx, a) {
            Some(g) => format!("_{name}_unbroadcast({g}, {})", cx.params[a]),
            None => "None".to_string(),
        })
        .collect();
    let unbroadcast = format!(
        "def _{name}_unbroadcast(g, x):\n    # sums a gradient of the broadcast shape down to the shape of x\n    \
         axes, _ = tf.raw_ops.BroadcastGradientArgs(s0=tf.shape(x), s1=tf.shape(g))\n    \
         return tf.reshape(tf.reduce_sum(g, axis=axes), tf.shape(x))\n"
    );
    let custom = format!(
        "@tf.custom_gradient\ndef _{name}_custom({ps}):\n    def grad(*upstream):\n        \
         # in the gradient function, so that nested tapes differentiate it again\n        \
         partials = {name}_{grad}({ps})\n        return {}\n\n    return _{name}_value({ps}), grad\n",
        tuple_or_empty(&grads, 8)
    );
    let public = format!(
        "def {name}({ps}):\n    # the value; tf.GradientTape differentiates it with gradtape's derivatives\n    \
         return _{name}_custom({})\n",
        casts.join(", ")
    );
    vec![unbroadcast, custom, public]
}

fn torch_wiring(cx: &Context, grad: &str) -> Vec<String> {
    let name = cx.name();
    let ps = cx.params.join(", ");
    let grads: Vec<String> = (0..cx.params.len())
        .map(|a| match pullback(cx, a) {
            Some(g) => {
                let p = &cx.params[a];
                format!("({g}).sum_to_size({p}.shape) if ctx.needs_input_grad[{a}] else None")
            }
            None => "None".to_string(),
        })
        .collect();
    let saved = if cx.params.is_empty() {
        String::new()
    } else {
        format!("        {} = ctx.saved_tensors\n", pattern(&cx.params))
    };
    let class = format!(
        "class _{name}_function(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx{}):\n        \
         ctx.save_for_backward({ps})\n        return _{name}_value({ps})\n\n    @staticmethod\n    \
         def backward(ctx, *upstream):\n{saved}        partials = {name}_{grad}({ps})\n        return {}\n",
        cx.params.iter().map(|p| format!(", {p}")).collect::<String>(),
        tuple_or_empty(&grads, 8)
    );
    let conversions: String = conversions(cx).iter().map(|l| format!("    {l}\n")).collect();
    let public = format!(
        "def {name}({ps}):\n    # the value; torch.autograd differentiates it with gradtape's derivatives\n\
         {conversions}    return _{name}_function.apply({ps})\n"
    );
    vec![class, public]
}

/// The definition of a helper for a Python target.
fn helper(h: Helper, name: &str, lang: Lang, dtype: Dtype) -> String {
    let bits = if dtype == Dtype::F64 { "64" } else { "32" };
    let text = match (h, lang) {
        (Helper::Sigmoid, Lang::Python) => "def _NAME_sigmoid(u):\n    if u >= 0.0:\n        return 1.0 / (1.0 + math.exp(-u))\n    t = math.exp(u)\n    return t / (1.0 + t)\n".to_string(),
        (Helper::Sigmoid, _) => "def _NAME_sigmoid(u):\n    # 1/(1 + exp(-u)) without overflow\n    return np.exp(-np.logaddexp(0.0, -u))\n".to_string(),
        (Helper::Softplus, Lang::Python) => "def _NAME_softplus(u):\n    return max(u, 0.0) + math.log1p(math.exp(-abs(u)))\n".to_string(),
        (Helper::Softplus, _) => "def _NAME_softplus(u):\n    # log(1 + exp(u)) without overflow\n    return torch.logaddexp(u, torch.zeros_like(u))\n".to_string(),
        (Helper::Sign, _) => "def _NAME_sign(u):\n    return 1.0 if u > 0.0 else (-1.0 if u < 0.0 else 0.0)\n".to_string(),
        (Helper::Erf, _) => format!("_NAME_erf = np.vectorize(math.erf, otypes=[np.float{bits}])\n"),
        (Helper::Erfc, _) => format!("_NAME_erfc = np.vectorize(math.erfc, otypes=[np.float{bits}])\n"),
        (Helper::Cbrt, Lang::Python) => "def _NAME_cbrt(u):\n    return math.copysign(abs(u) ** (1.0 / 3.0), u)\n".to_string(),
        (Helper::Cbrt, Lang::Tensorflow) => "def _NAME_cbrt(u):\n    return tf.math.sign(u) * tf.math.abs(u) ** (1.0 / 3.0)\n".to_string(),
        (Helper::Cbrt, _) => "def _NAME_cbrt(u):\n    return torch.sign(u) * torch.abs(u) ** (1.0 / 3.0)\n".to_string(),
        (Helper::Heaviside, Lang::Python) => "def _NAME_heaviside(u):
    return 1.0 if u > 0.0 else 0.0
".to_string(),
        (Helper::Heaviside, Lang::Tensorflow) => "def _NAME_heaviside(u):
    return tf.where(u > 0.0, tf.ones_like(u), tf.zeros_like(u))
".to_string(),
        (Helper::Heaviside, _) => "def _NAME_heaviside(u):
    # a comparison, which autograd differentiates as a constant
    return (u > 0.0).to(u.dtype)
".to_string(),
        (Helper::Acot, _) => "def _NAME_acot(u):
    return math.atan(1.0 / u) if u != 0.0 else math.pi / 2.0
".to_string(),
        (Helper::Sinc, Lang::Python) => "def _NAME_sinc(u):
    return math.sin(u) / u if u != 0.0 else 1.0
".to_string(),
        (Helper::Sinc, Lang::Numpy) => "def _NAME_sinc(u):
    # sin(u)/u and 1 at 0 (np.sinc is sin(pi u)/(pi u))
    nonzero = np.where(u == 0.0, 1.0, u)
    return np.where(u == 0.0, 1.0, np.sin(nonzero) / nonzero)
".to_string(),
        (Helper::Sinc, Lang::Jax) => "def _NAME_sinc(u):
    # sin(u)/u and 1 at 0 (jnp.sinc is sin(pi u)/(pi u))
    nonzero = jnp.where(u == 0.0, 1.0, u)
    return jnp.where(u == 0.0, 1.0, jnp.sin(nonzero) / nonzero)
".to_string(),
        (Helper::Sinc, Lang::Tensorflow) => "def _NAME_sinc(u):
    zero = tf.math.equal(u, 0.0)
    nonzero = tf.where(zero, tf.ones_like(u), u)
    return tf.where(zero, tf.ones_like(u), tf.math.sin(nonzero) / nonzero)
".to_string(),
        (Helper::Sinc, _) => "def _NAME_sinc(u):
    # sin(u)/u and 1 at 0 (torch.sinc is sin(pi u)/(pi u))
    zero = u == 0.0
    nonzero = torch.where(zero, torch.ones_like(u), u)
    return torch.where(zero, torch.ones_like(u), torch.sin(nonzero) / nonzero)
".to_string(),
        (Helper::Exp2, Lang::Python) => "def _NAME_exp2(u):
    return 2.0 ** u
".to_string(),
        (Helper::Exp2, _) => "def _NAME_exp2(u):
    return tf.math.pow(tf.constant(2.0, dtype=u.dtype), u)
".to_string(),
        (Helper::Hypot, _) => "def _NAME_hypot(x, y):
    # sqrt(x^2 + y^2) scaled by the larger magnitude, which cannot overflow
    m = tf.math.maximum(tf.math.abs(x), tf.math.abs(y))
    s = tf.where(tf.math.equal(m, 0.0), tf.ones_like(m), m)
    return m * tf.math.sqrt((x / s) ** 2 + (y / s) ** 2)
".to_string(),
        (Helper::Silu, Lang::Python) => "def _NAME_silu(u):
    if u >= 0.0:
        return u / (1.0 + math.exp(-u))
    t = math.exp(u)
    return u * t / (1.0 + t)
".to_string(),
        (Helper::Silu, _) => "def _NAME_silu(u):
    # u/(1 + exp(-u)) without overflow
    return u * np.exp(-np.logaddexp(0.0, -u))
".to_string(),
        (Helper::Softsign, _) => "def _NAME_softsign(u):
    return u / (1.0 + abs(u))
".to_string(),
        (Helper::Gelu, Lang::Python) => "def _NAME_gelu(u):
    return 0.5 * u * math.erfc(-u / math.sqrt(2.0))
".to_string(),
        (Helper::Gelu, Lang::Jax) => "def _NAME_gelu(u):
    # the exact GELU (jax.nn.gelu's default is the tanh approximation)
    return jax.nn.gelu(u, approximate=False)
".to_string(),
        (Helper::Gelu, Lang::Tensorflow) => "def _NAME_gelu(u):
    # the exact GELU (tf.nn.gelu's float64 result is off by about 1e-9)
    return 0.5 * u * tf.math.erfc(-u * 0.7071067811865476)
".to_string(),
        (Helper::Gelu, _) => format!(
            "_NAME_gelu = np.vectorize(lambda u: 0.5 * u * math.erfc(-u / math.sqrt(2.0)), otypes=[np.float{bits}])\n"
        ),
        (Helper::Elu, Lang::Python) => "def _NAME_elu(u):
    return u if u > 0.0 else math.expm1(u)
".to_string(),
        (Helper::Elu, _) => "def _NAME_elu(u):
    return np.where(u > 0.0, u, np.expm1(np.minimum(u, 0.0)))
".to_string(),
        // The C target's alone.
        (Helper::Sin | Helper::Cos, _) => String::new(),
    };
    text.replace("NAME", name)
}
