//! The names results are shown under: `f(x, y)`, `df/dx`, `∂²f/∂x∂y`.

use crate::eval::Value;
use crate::pipeline::{Derivative, Outcome};
use crate::render::latex::{applied, evaluated, variable, LatexOptions, Notation};

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn superscript(n: usize) -> String {
    if n == 1 {
        return String::new();
    }
    n.to_string().chars().map(|c| SUPERSCRIPTS[c.to_digit(10).unwrap_or(0) as usize]).collect()
}

/// Runs of equal names: ["x", "x", "y"] is [("x", 2), ("y", 1)].
pub fn runs(wrt: &[String]) -> Vec<(&str, usize)> {
    let mut out: Vec<(&str, usize)> = Vec::new();
    for w in wrt {
        match out.last_mut() {
            Some((name, n)) if *name == w.as_str() => *n += 1,
            _ => out.push((w.as_str(), 1)),
        }
    }
    out
}

/// `f(x, y)` or `f`.
pub fn function_label(variables: &[String]) -> String {
    if variables.is_empty() {
        "f".to_string()
    } else {
        format!("f({})", variables.join(", "))
    }
}

/// Runs of equal names in the order a label writes them: as differentiated, or for
/// a partial asked in its own order, right to left (`--partial x,x,y` is `∂y∂x²`, the
/// operator nearest to f applied first).
fn written_runs(wrt: &[String], ordered: bool) -> Vec<(&str, usize)> {
    let mut r = runs(wrt);
    if ordered {
        r.reverse();
    }
    r
}

/// `df/dx`, `d²f/dx²` for a function of one variable; `∂f/∂x`, `∂²f/∂x∂y` otherwise.
/// The zeroth derivative (`--order 0`) is `f` itself.
pub fn derivative_label(wrt: &[String], partial: bool) -> String {
    text_label(wrt, partial, false)
}

/// The label of one derivative of an outcome, as text: `∂³f/∂y∂x²` for
/// `--partial x,x,y`.
pub fn label(d: &Derivative, partial: bool) -> String {
    text_label(&d.wrt, partial, d.ordered)
}

fn text_label(wrt: &[String], partial: bool, ordered: bool) -> String {
    if wrt.is_empty() {
        return "f".to_string();
    }
    let d = if partial { "∂" } else { "d" };
    let mut below = String::new();
    for (name, n) in written_runs(wrt, ordered) {
        below.push_str(&format!("{d}{name}{}", superscript(n)));
    }
    format!("{d}{}f/{below}", superscript(wrt.len()))
}

/// True when derivatives of this outcome are partial (more than one variable around).
pub fn is_partial(o: &Outcome) -> bool {
    let mut names: Vec<&str> = o.variables.iter().map(String::as_str).collect();
    for d in &o.derivatives {
        names.extend(d.wrt.iter().map(String::as_str));
    }
    names.sort_unstable();
    names.dedup();
    names.len() > 1
}

/// The label of each derivative of an outcome, as text.
pub fn derivative_labels(o: &Outcome) -> Vec<String> {
    let partial = is_partial(o);
    o.derivatives.iter().map(|d| label(d, partial)).collect()
}

// ------------------------------------------------------------------ LaTeX labels

/// `f(x, y)` or `f`.
pub fn latex_function_label(variables: &[String]) -> String {
    if variables.is_empty() {
        "f".into()
    } else {
        let names: Vec<String> = variables.iter().map(|v| variable(v)).collect();
        format!("f({})", names.join(", "))
    }
}

/// The label of a derivative as the options ask: Leibniz's fraction, or for a
/// function of one variable with [`Notation::Prime`], `f'(x)`, `f''(x)`,
/// `f'''(x)`, `f^{(4)}(x)`. The zeroth derivative is `f`.
pub fn latex_derivative_label_with(wrt: &[String], partial: bool, opts: &LatexOptions) -> String {
    if wrt.is_empty() {
        return "f".to_string();
    }
    match prime(wrt, partial, opts) {
        Some(f) => format!("{f}({})", variable(&wrt[0])),
        None => latex_derivative_label(wrt, partial),
    }
}

/// The derivative's label at the point: `f'(2)` in prime notation, else
/// [`latex_label`] under the evaluation bar, `\left.\frac{d f}{d x}\right|_{x=2}`,
/// over the function's `variables` (the zeroth derivative: `f(2)`).
pub fn latex_derivative_at(
    d: &Derivative,
    partial: bool,
    opts: &LatexOptions,
    variables: &[String],
    point: &[(String, Value)],
) -> String {
    if d.wrt.is_empty() {
        return applied("f", variables, point, &opts.values);
    }
    match prime(&d.wrt, partial, opts) {
        Some(f) => applied(&f, variables, point, &opts.values),
        None => evaluated(&latex_label(d, partial, opts), variables, point, &opts.values),
    }
}

/// `f'`, `f''`, `f'''`, `f^{(4)}` when the options ask for prime notation and it
/// applies (one variable, at least one differentiation).
fn prime(wrt: &[String], partial: bool, opts: &LatexOptions) -> Option<String> {
    if wrt.is_empty() || opts.notation != Notation::Prime || partial {
        return None;
    }
    Some(match wrt.len() {
        n @ 1..=3 => format!("f{}", "'".repeat(n)),
        n => format!("f^{{({n})}}"),
    })
}

/// The LaTeX label of one derivative of an outcome as the options ask
/// ([`latex_derivative_label_with`]), right to left for a partial in its own order:
/// `\frac{\partial^{3} f}{\partial y \partial x^{2}}` for `--partial x,x,y`.
pub fn latex_label(d: &Derivative, partial: bool, opts: &LatexOptions) -> String {
    let prime = opts.notation == Notation::Prime && !partial;
    if d.ordered && !prime && !d.wrt.is_empty() {
        return latex_leibniz(&d.wrt, partial, true);
    }
    latex_derivative_label_with(&d.wrt, partial, opts)
}

/// `\frac{d f}{d x}`, `\frac{\partial^{2} f}{\partial x \partial y}`.
pub fn latex_derivative_label(wrt: &[String], partial: bool) -> String {
    latex_leibniz(wrt, partial, false)
}

fn latex_leibniz(wrt: &[String], partial: bool, ordered: bool) -> String {
    let d = if partial { "\\partial" } else { "d" };
    let sup = |n: usize| if n == 1 { String::new() } else { format!("^{{{n}}}") };
    let below: Vec<String> =
        written_runs(wrt, ordered).into_iter().map(|(v, n)| format!("{d} {}{}", variable(v), sup(n))).collect();
    format!("\\frac{{{d}{} f}}{{{}}}", sup(wrt.len()), below.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_labels() {
        assert_eq!(latex_derivative_label(&["x".into()], false), "\\frac{d f}{d x}");
        assert_eq!(
            latex_derivative_label(&["x".into(), "y".into()], true),
            "\\frac{\\partial^{2} f}{\\partial x \\partial y}"
        );
        assert_eq!(latex_derivative_label(&["x".into(), "x".into()], false), "\\frac{d^{2} f}{d x^{2}}");
    }

    fn ordered(wrt: &[&str]) -> Derivative {
        let wrt = wrt.iter().map(|w| w.to_string()).collect();
        let expr = crate::store::Store::new().var("x");
        Derivative { wrt, ordered: true, expr, value: None }
    }

    #[test]
    fn a_partial_in_its_own_order_is_labeled_right_to_left() {
        let opts = LatexOptions::default();
        let d = ordered(&["x", "x", "y"]);
        assert_eq!(label(&d, true), "∂³f/∂y∂x²");
        assert_eq!(latex_label(&d, true, &opts), "\\frac{\\partial^{3} f}{\\partial y \\partial x^{2}}");
        let d = ordered(&["y", "x", "y"]);
        assert_eq!(label(&d, true), "∂³f/∂y∂x∂y");
        // A multiset of --order keeps its order.
        let mut d = ordered(&["x", "x", "y"]);
        d.ordered = false;
        assert_eq!(label(&d, true), "∂³f/∂x²∂y");
        assert_eq!(latex_label(&d, true, &opts), latex_derivative_label(&d.wrt, true));
    }
}
