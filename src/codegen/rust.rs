//! The Rust target: items only (no inner attributes), so the file can be
//! `include!`d into a module; `pub fn`s over `f64` (or `f32`) returning arrays.

use super::emit::Body;
use super::{Context, Dtype, Source};
use crate::error::Error;
use crate::func::code::Helper;
use crate::store::ExprId;

pub(crate) fn file(source: &Source) -> Result<String, Error> {
    let mut cx = Context::new(source);
    let mut items = Vec::new();
    let name = cx.name().to_string();
    let n = cx.wrt.len();
    let m = cx.source.plan.values.len();
    let t = cx.float();
    let values = cx.values();
    items.push(if cx.several() {
        function(&mut cx, &name, &format!("[{t}; {m}]"), &values, &[m])?
    } else {
        function(&mut cx, &name, t, &values, &[])?
    });
    let jacobian = cx.jacobian();
    items.push(if cx.several() {
        function(&mut cx, &format!("{name}_jacobian"), &format!("[[{t}; {n}]; {m}]"), &jacobian, &[m, n])?
    } else {
        function(&mut cx, &format!("{name}_grad"), &format!("[{t}; {n}]"), &jacobian, &[n])?
    });
    if cx.second_order() {
        let hessians = cx.hessians();
        items.push(if cx.several() {
            let ty = format!("[[[{t}; {n}]; {n}]; {m}]");
            function(&mut cx, &format!("{name}_hessian"), &ty, &hessians, &[m, n, n])?
        } else {
            function(&mut cx, &format!("{name}_hessian"), &format!("[[{t}; {n}]; {n}]"), &hessians, &[n, n])?
        });
    }
    let mut out: String = cx.preamble().iter().map(|l| format!("// {l}\n")).collect();
    // Rust's gelu is written through its erfc helper.
    let mut helpers = cx.helpers.clone();
    if helpers.contains(&Helper::Gelu) {
        helpers.insert(Helper::Erfc);
    }
    for h in &helpers {
        out.push('\n');
        out.push_str(&helper(*h, &name, cx.dtype()));
    }
    if helpers.contains(&Helper::Erf) || helpers.contains(&Helper::Erfc) {
        out.push('\n');
        out.push_str(&erf_parts(&name));
    }
    for item in items {
        out.push('\n');
        out.push_str(&item);
    }
    Ok(out)
}

impl Context<'_> {
    fn float(&self) -> &'static str {
        match self.dtype() {
            Dtype::F64 => "f64",
            Dtype::F32 => "f32",
        }
    }
}

/// A `pub fn` returning `roots` as an array of the given dimensions (none: a scalar).
fn function(cx: &mut Context, name: &str, ty: &str, roots: &[ExprId], dims: &[usize]) -> Result<String, Error> {
    let body = cx.body(roots)?;
    let t = cx.float();
    let params: Vec<String> = cx.params.iter().map(|p| format!("{p}: {t}")).collect();
    let mut out = String::new();
    let allows = allows(cx, name, &body);
    if !allows.is_empty() {
        out.push_str(&format!("#[allow({})]\n", allows.join(", ")));
    }
    out.push_str(&format!("pub fn {name}({}) -> {ty} {{\n", params.join(", ")));
    for (temp, code) in &body.temps {
        out.push_str(&format!("    let {temp} = {code};\n"));
    }
    out.push_str(&format!("    {}\n}}\n", nested(&body.outputs, dims, 1)));
    Ok(out)
}

/// The lints a function must allow: parameters it does not use, names that are
/// not snake case.
fn allows(cx: &Context, name: &str, body: &Body) -> Vec<&'static str> {
    let mut allows = Vec::new();
    if cx.source.plan.args.iter().any(|a| !body.uses.contains(a)) {
        allows.push("unused_variables");
    }
    if std::iter::once(name)
        .chain(cx.params.iter().map(String::as_str))
        .any(|n| n.chars().any(|c| c.is_ascii_uppercase()))
    {
        allows.push("non_snake_case");
    }
    allows
}

/// Outputs as nested array literals of the dimensions, one row per line.
fn nested(items: &[String], dims: &[usize], depth: usize) -> String {
    let Some((&first, rest)) = dims.split_first() else {
        return items.first().cloned().unwrap_or_default();
    };
    let size = rest.iter().product::<usize>().max(1);
    let indent = "    ".repeat(depth + 1);
    let close = "    ".repeat(depth);
    let parts: Vec<String> = (0..first).map(|i| nested(&items[i * size..(i + 1) * size], rest, depth + 1)).collect();
    if parts.is_empty() {
        return "[]".to_string();
    }
    format!("[\n{indent}{},\n{close}]", parts.join(&format!(",\n{indent}")))
}

/// The definition of a helper, for the dtype.
fn helper(h: Helper, name: &str, dtype: Dtype) -> String {
    let t = match dtype {
        Dtype::F64 => "f64",
        Dtype::F32 => "f32",
    };
    let text = match h {
        Helper::Sigmoid => "fn NAME_sigmoid(u: T) -> T {\n    if u >= 0.0 {\n        1.0 / (1.0 + (-u).exp())\n    } else {\n        let t = u.exp();\n        t / (1.0 + t)\n    }\n}\n",
        Helper::Softplus => "fn NAME_softplus(u: T) -> T {\n    u.max(0.0) + (-u.abs()).exp().ln_1p()\n}\n",
        Helper::Sign => "fn NAME_sign(u: T) -> T {\n    if u > 0.0 {\n        1.0\n    } else if u < 0.0 {\n        -1.0\n    } else {\n        0.0\n    }\n}\n",
        Helper::Erf => ERF,
        Helper::Erfc => ERFC,
        Helper::Heaviside => "fn NAME_heaviside(u: T) -> T {
    if u > 0.0 {
        1.0
    } else {
        0.0
    }
}
",
        Helper::Sinc => "fn NAME_sinc(u: T) -> T {
    if u != 0.0 {
        u.sin() / u
    } else {
        1.0
    }
}
",
        Helper::Silu => "fn NAME_silu(u: T) -> T {
    if u >= 0.0 {
        u / (1.0 + (-u).exp())
    } else {
        let t = u.exp();
        u * t / (1.0 + t)
    }
}
",
        Helper::Softsign => "fn NAME_softsign(u: T) -> T {
    u / (1.0 + u.abs())
}
",
        // Through the erfc helper, which the file adds with it.
        Helper::Gelu => "fn NAME_gelu(u: T) -> T {
    u * NAME_erfc(-u * std::f64::consts::FRAC_1_SQRT_2 as T) / 2.0
}
",
        Helper::Elu => "fn NAME_elu(u: T) -> T {
    if u > 0.0 {
        u
    } else {
        u.exp_m1()
    }
}
",
        // Other targets' alone.
        Helper::Cbrt | Helper::Sin | Helper::Cos | Helper::Acot | Helper::Exp2 | Helper::Hypot => "",
    };
    // T first: the name may hold a T.
    text.replace(": T", &format!(": {t}"))
        .replace("-> T", &format!("-> {t}"))
        .replace(" as T", &format!(" as {t}"))
        .replace("NAME", name)
}

/// erf to about 1e-15 relative: a Taylor series near zero, the continued fraction
/// of erfc in the tails (computed in f64 for either dtype).
const ERF: &str = "fn NAME_erf(u: T) -> T {
    let x = u as f64;
    let r = if x.is_nan() {
        x
    } else if x.abs() < 2.5 {
        NAME_erf_series(x)
    } else {
        (1.0 - NAME_erfc_tail(x.abs())).copysign(x)
    };
    r as T
}
";

/// erfc, accurate in the right tail.
const ERFC: &str = "fn NAME_erfc(u: T) -> T {
    let x = u as f64;
    let r = if x.is_nan() {
        x
    } else if x < 0.5 {
        if x > -2.5 {
            1.0 - NAME_erf_series(x)
        } else {
            2.0 - NAME_erfc_tail(-x)
        }
    } else if x < 1.5 {
        1.0 - NAME_erf_series(x)
    } else {
        NAME_erfc_tail(x)
    };
    r as T
}
";

/// What erf and erfc share, the series and the continued fraction: gradtape's own
/// (`func/erf_parts.rs`), with its functions renamed for the file and without the
/// module's doc lines.
fn erf_parts(name: &str) -> String {
    include_str!("../func/erf_parts.rs")
        .lines()
        .filter(|l| !l.starts_with("//!"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim_start()
        .replace("pub fn ", "fn ")
        .replace("erf_series", &format!("{name}_erf_series"))
        .replace("erfc_tail", &format!("{name}_erfc_tail"))
        + "\n"
}
