//! The C99 target: `static` functions over `double` (or `float`) with `<math.h>`,
//! results through `out` pointers; with `--header`, a single-file header whose
//! definitions are compiled where `NAME_IMPLEMENTATION` is defined.

use super::emit::Body;
use super::{Context, Dtype, Source};
use crate::error::Error;
use crate::func::code::Helper;
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
    if cx.helpers.contains(&Helper::Sin) || cx.helpers.contains(&Helper::Cos) {
        out.push('\n');
        out.push_str(&sin_cos(cx.name()));
    }
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
        Helper::Sin => "static T NAME_sin(T u)
{
    return NAME_sin_cos(u, 0u);
}
",
        Helper::Cos => "static T NAME_cos(T u)
{
    return NAME_sin_cos(u, 1u);
}
",
        Helper::Heaviside => "static T NAME_heaviside(T u)
{
    return u > 0.0L ? 1.0L : 0.0L;
}
",
        Helper::Sinc => "static T NAME_sinc(T u)
{
    return u != 0.0L ? sinF(u) / u : 1.0L;
}
",
        Helper::Silu => "static T NAME_silu(T u)
{
    if (u >= 0.0L) {
        return u / (1.0L + expF(-u));
    }
    const T t = expF(u);
    return u * t / (1.0L + t);
}
",
        Helper::Softsign => "static T NAME_softsign(T u)
{
    return u / (1.0L + fabsF(u));
}
",
        Helper::Gelu => "static T NAME_gelu(T u)
{
    return u * erfcF(-u / sqrtF(2.0L)) / 2.0L;
}
",
        Helper::Elu => "static T NAME_elu(T u)
{
    return u > 0.0L ? u : expm1F(u);
}
",
        Helper::Erf | Helper::Erfc | Helper::Cbrt | Helper::Acot | Helper::Exp2 | Helper::Hypot => "",
    };
    // The placeholders T, F( and .0L first: the name may hold those letters.
    text.replace('T', t).replace("F(", &format!("{f}(")).replace(".0L", &format!(".0{l}")).replace("NAME", name)
}

/// The sine or cosine of `eval::fastmath` in C (double precision only): the
/// argument less the nearest multiple of π/2, the fdlibm polynomials, and the
/// quadrant picked from a table rather than by a branch, so that once inlined the
/// sine and cosine of one argument share their work and no branch mispredicts.
fn sin_cos(name: &str) -> String {
    use crate::eval::fastmath::{
        C1, C2, C3, C4, C5, C6, LIMIT, PIO2_1, PIO2_2, PIO2_2T, S1, S2, S3, S4, S5, S6, SHIFTER,
    };
    let two_over_pi = std::f64::consts::FRAC_2_PI;
    format!(
        "/* sin(u), or cos(u) with cosine 1, as gradtape evaluates them: u less the nearest
 * multiple q of pi/2 (pi/2 in three parts, the rounding error kept as a tail), the
 * fdlibm polynomials on [-pi/4, pi/4], and the quadrant (q mod 4, the low bits of
 * the shifted double) picked from a table, not by a branch. Within 2 units in the
 * last place of the C library's; |u| beyond {LIMIT:e} and non-finite u go to it. */
static inline double {name}_sin_cos(double u, unsigned cosine)
{{
    static const double sin_part[5] = {{1.0, 0.0, -1.0, 0.0, 1.0}};
    static const double cos_part[5] = {{0.0, 1.0, 0.0, -1.0, 0.0}};
    union {{
        double d;
        unsigned long long bits;
    }} shifted;
    shifted.d = u * {two_over_pi:?} + {SHIFTER:?};
    const double q = shifted.d - {SHIFTER:?};
    const unsigned k = (unsigned)(shifted.bits & 3u) + cosine;
    const double t = u - q * {PIO2_1:?};
    const double w = q * {PIO2_2:?};
    const double s = t - w;
    const double b = s - t;
    const double tail0 = ((t - (s - b)) - (w + b)) - q * {PIO2_2T:?};
    const double y = s + tail0;
    const double tail = tail0 - (y - s);
    const double z = y * y;
    const double v = z * y;
    const double rs = {S2:?} + z * ({S3:?} + z * ({S4:?} + z * ({S5:?} + z * {S6:?})));
    const double ks = y - ((z * (0.5 * tail - v * rs) - tail) - v * ({S1:?}));
    const double rc = z * ({C1:?} + z * ({C2:?} + z * ({C3:?} + z * ({C4:?} + z * ({C5:?} + z * ({C6:?}))))));
    const double hz = 0.5 * z;
    const double wc = 1.0 - hz;
    const double kc = wc + (((1.0 - wc) - hz) + (z * rc - y * tail));
    const double r = sin_part[k] * ks + cos_part[k] * kc;
    if (fabs(u) <= {LIMIT:?}) {{
        return r;
    }}
    return cosine ? cos(u) : sin(u);
}}
"
    )
}
