//! The names results are shown under: `f(x, y)`, `df/dx`, `∂²f/∂x∂y`.

use crate::pipeline::Outcome;

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

/// `df/dx`, `d²f/dx²` for a function of one variable; `∂f/∂x`, `∂²f/∂x∂y` otherwise.
/// The zeroth derivative (`--order 0`) is `f` itself.
pub fn derivative_label(wrt: &[String], partial: bool) -> String {
    if wrt.is_empty() {
        return "f".to_string();
    }
    let d = if partial { "∂" } else { "d" };
    let mut below = String::new();
    for (name, n) in runs(wrt) {
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
    o.derivatives.iter().map(|d| derivative_label(&d.wrt, partial)).collect()
}
