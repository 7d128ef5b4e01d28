//! The C99 target: `static` functions over `double` (or `float`) with `<math.h>`,
//! results through `out` pointers; with `--header`, a single-file header whose
//! definitions are compiled where `NAME_IMPLEMENTATION` is defined.

use super::emit::Body;
use super::funcs::Helper;
use super::{Context, Dtype, Source};
use crate::error::Error;
use crate::store::ExprId;

/// One generated function: its signature and body.
struct Function {
    signature: String,
    body: Vec<String>,
}

pub(crate) fn file(source: &Source) -> Result<String, Error> {
    let mut cx = Context::new(source);
    let functions = functions(&mut cx)?;
    let mut out = String::new();
    out.push_str("/* ");
    out.push_str(&cx.preamble().join("\n * "));
    if source.options.header {
        let guard = format!("{}_IMPLEMENTATION", cx.name().to_uppercase());
        out.push_str(&format!(
            "\n *\n * A header: include it where the functions are called, and in exactly one\n * \
             file define {guard} before including it, to compile the definitions.\n"
        ));
        out.push_str(" */\n");
        let include_guard = format!("{}_GRADTAPE_H", cx.name().to_uppercase());
        out.push_str(&format!("#ifndef {include_guard}\n#define {include_guard}\n\n"));
        for f in &functions {
            out.push_str(&format!("{};\n", f.signature));
        }
        out.push_str(&format!("\n#endif /* {include_guard} */\n\n#ifdef {guard}\n"));
        write_definitions(&mut out, &cx, &functions, "");
        out.push_str(&format!("\n#endif /* {guard} */\n"));
    } else {
        out.push_str("\n */\n");
        write_definitions(&mut out, &cx, &functions, "static ");
    }
    Ok(out)
}

fn write_definitions(out: &mut String, cx: &Context, functions: &[Function], linkage: &str) {
    out.push_str("#include <math.h>\n");
    for h in &cx.helpers {
        out.push('\n');
        out.push_str(&helper(*h, cx.name(), cx.dtype()));
    }
    for f in functions {
        out.push_str(&format!("\n{linkage}{}\n{{\n", f.signature));
        for line in &f.body {
            out.push_str(&format!("    {line}\n"));
        }
        out.push_str("}\n");
    }
}

fn functions(cx: &mut Context) -> Result<Vec<Function>, Error> {
    let name = cx.name().to_string();
    let mut fs = Vec::new();
    let values = cx.values();
    fs.push(if cx.several() { array_function(cx, &name, &values)? } else { scalar_function(cx, &name, values[0])? });
    let jac = if cx.several() { "jacobian" } else { "grad" };
    let jacobian = cx.jacobian();
    fs.push(array_function(cx, &format!("{name}_{jac}"), &jacobian)?);
    if cx.second_order() {
        let hessians = cx.hessians();
        fs.push(array_function(cx, &format!("{name}_hessian"), &hessians)?);
    }
    Ok(fs)
}

fn float(cx: &Context) -> &'static str {
    match cx.dtype() {
        Dtype::F64 => "double",
        Dtype::F32 => "float",
    }
}

fn params(cx: &Context, with_out: bool) -> String {
    let t = float(cx);
    let mut ps: Vec<String> = cx.params.iter().map(|p| format!("{t} {p}")).collect();
    if with_out {
        ps.push(format!("{t} *out"));
    }
    if ps.is_empty() {
        "void".to_string()
    } else {
        ps.join(", ")
    }
}

/// `(void)x;` for each parameter the body does not use, then the temporaries.
fn opening(cx: &Context, body: &Body) -> Vec<String> {
    let mut lines = Vec::new();
    for (arg, id) in cx.source.plan.args.iter().zip(&cx.params) {
        if !body.uses.contains(arg) {
            lines.push(format!("(void){id};"));
        }
    }
    let t = float(cx);
    for (name, code) in &body.temps {
        lines.push(format!("const {t} {name} = {code};"));
    }
    lines
}

fn scalar_function(cx: &mut Context, name: &str, root: ExprId) -> Result<Function, Error> {
    let body = cx.body(&[root])?;
    let mut lines = opening(cx, &body);
    lines.push(format!("return {};", body.outputs[0]));
    Ok(Function { signature: format!("{} {name}({})", float(cx), params(cx, false)), body: lines })
}

fn array_function(cx: &mut Context, name: &str, roots: &[ExprId]) -> Result<Function, Error> {
    let body = cx.body(roots)?;
    let mut lines = opening(cx, &body);
    for (i, o) in body.outputs.iter().enumerate() {
        lines.push(format!("out[{i}] = {o};"));
    }
    Ok(Function { signature: format!("void {name}({})", params(cx, true)), body: lines })
}

/// The definition of a helper, for the dtype.
fn helper(h: Helper, name: &str, dtype: Dtype) -> String {
    let (t, f, l) = match dtype {
        Dtype::F64 => ("double", "", ""),
        Dtype::F32 => ("float", "f", "f"),
    };
    let text = match h {
        Helper::Sigmoid => "static T NAME_sigmoid(T u)\n{\n    if (u >= 0.0L) {\n        return 1.0L / (1.0L + expF(-u));\n    }\n    const T t = expF(u);\n    return t / (1.0L + t);\n}\n",
        Helper::Softplus => "static T NAME_softplus(T u)\n{\n    return fmaxF(u, 0.0L) + log1pF(expF(-fabsF(u)));\n}\n",
        Helper::Sign => "static T NAME_sign(T u)\n{\n    return u > 0.0L ? 1.0L : (u < 0.0L ? -1.0L : 0.0L);\n}\n",
        Helper::Erf | Helper::Erfc | Helper::Cbrt => "",
    };
    // The placeholders T, F( and .0L first: the name may hold those letters.
    text.replace('T', t).replace("F(", &format!("{f}(")).replace(".0L", &format!(".0{l}")).replace("NAME", name)
}
