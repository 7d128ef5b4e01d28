//! Whole results in each output format: text for a person, plain lines for scripts,
//! JSON Lines, LaTeX.

use colored::Colorize;
use serde_json::{json, Map, Value as Json};

use crate::command::{Derivative, Outcome};
use crate::error::Error;
use crate::eval::Value;
use crate::render::latex::{to_latex, LatexOptions};
use crate::render::text::{to_text, write_text};

/// Which command produced an outcome; decides what is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Diff,
    Simplify,
    Eval,
}

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

// ------------------------------------------------------------------------ text

/// Labels up to this many characters are aligned.
const ALIGN_MAX: usize = 24;

/// The text report of one outcome; colored when `color` is set.
pub fn text(o: &mut Outcome, shown: Shown) -> String {
    if shown == Shown::Simplify {
        return format!("{}\n", to_text(&mut o.store, o.expr));
    }
    let partial = is_partial(o);
    let mut rows: Vec<(String, String, Option<String>, bool)> = Vec::new();
    let f_value = o.value.as_ref().map(value_text);
    let undefined = matches!(o.value, Some(Value::Undefined(_)));
    let expr_text = to_text(&mut o.store, o.expr);
    rows.push((function_label(&o.variables), expr_text, f_value, undefined));
    for d in &o.derivatives {
        let label = derivative_label(&d.wrt, partial);
        let e = to_text(&mut o.store, d.expr);
        rows.push((label, e, d.value.as_ref().map(value_text), matches!(d.value, Some(Value::Undefined(_)))));
    }
    // Labels longer than ALIGN_MAX (a function of many variables) are not padded to:
    // the others align among themselves.
    let width = rows.iter().map(|r| r.0.chars().count()).filter(|&w| w <= ALIGN_MAX).max().unwrap_or(0);
    let mut out = String::new();
    for (label, expr, value, undefined) in rows {
        let len = label.chars().count();
        let pad = " ".repeat(width.saturating_sub(len));
        out.push_str(&format!("{}{pad} = {expr}\n", label.bold().cyan()));
        if let Some(v) = value {
            let v = if undefined { v.red().to_string() } else { v.green().to_string() };
            out.push_str(&format!("{} = {v}\n", " ".repeat(width.max(len))));
        }
    }
    if let Some(report) = &o.check {
        let labels: Vec<String> = o.derivatives.iter().map(|d| derivative_label(&d.wrt, partial)).collect();
        out.push_str(&super::check::text(report, &labels));
    }
    out
}

fn value_text(v: &Value) -> String {
    v.text()
}

/// The text report of an error in one input.
pub fn text_error(e: &Error, input: &str, line: Option<usize>) -> String {
    let label = match line {
        Some(n) => format!("line {n}: "),
        None => String::new(),
    };
    let report = e.render(input, &label);
    match report.strip_prefix("error:") {
        Some(rest) => format!("{}{rest}", "error:".red().bold()),
        None => report,
    }
}

// ------------------------------------------------------------------------ rows

/// With `--at-file`: one line per point, values separated by `delimiter`
/// (`undefined` where a value is undefined), after a header line of labels when
/// `header` is set; or, with `json`, one JSON object per point (docs/points.md).
pub fn rows(o: &Outcome, shown: Shown, delimiter: char, header: bool, json: bool) -> String {
    let Some(values) = &o.rows else { return String::new() };
    let per_row = match shown {
        Shown::Diff => o.derivatives.len(),
        _ => 1,
    };
    let mut out = String::with_capacity(values.len() * 20);
    if json {
        crate::points::write_json_rows(&mut out, values, per_row, shown != Shown::Diff);
        return out;
    }
    if header {
        let labels: Vec<String> = match shown {
            Shown::Diff => {
                let partial = is_partial(o);
                o.derivatives.iter().map(|d| derivative_label(&d.wrt, partial)).collect()
            }
            _ => vec![function_label(&o.variables)],
        };
        out.push_str(&labels.join(&delimiter.to_string()));
        out.push('\n');
    }
    crate::points::write_rows(&mut out, values, per_row, delimiter);
    out
}

// ------------------------------------------------------------------------ plain

/// One bare line per result: values when there is a point, expressions otherwise.
pub fn plain(o: &mut Outcome, shown: Shown) -> String {
    let mut out = String::new();
    match shown {
        Shown::Simplify => write_text(&mut o.store, o.expr, &mut out),
        Shown::Eval => out.push_str(&plain_value(o.value.as_ref())),
        Shown::Diff if o.check.is_some() => {
            if let Some(report) = &o.check {
                out.push_str(&super::check::plain(report));
            }
            return out;
        }
        Shown::Diff => {
            for i in 0..o.derivatives.len() {
                if i > 0 {
                    out.push('\n');
                }
                if o.point.is_some() {
                    out.push_str(&plain_value(o.derivatives[i].value.as_ref()));
                } else {
                    let e = o.derivatives[i].expr;
                    write_text(&mut o.store, e, &mut out);
                }
            }
            if o.derivatives.is_empty() {
                return out;
            }
        }
    }
    out.push('\n');
    out
}

fn plain_value(v: Option<&Value>) -> String {
    match v {
        Some(Value::Undefined(_)) => "undefined".to_string(),
        Some(v) => v.text(),
        None => String::new(),
    }
}

// ------------------------------------------------------------------------ json

/// One JSON object (one line) for an outcome; see docs/json.md.
pub fn json(o: &mut Outcome, shown: Shown, latex: &LatexOptions) -> String {
    let mut obj = Map::new();
    obj.insert("input".into(), json!(o.input));
    obj.insert("expression".into(), json!(to_text(&mut o.store, o.expr)));
    obj.insert("latex".into(), json!(to_latex(&mut o.store, o.expr, latex)));
    obj.insert("variables".into(), json!(o.variables));
    if let Some(point) = &o.point {
        let mut p = Map::new();
        for (name, v) in point {
            p.insert(name.clone(), json!(v.text()));
        }
        obj.insert("point".into(), Json::Object(p));
    }
    if let Some(v) = &o.value {
        obj.insert("value".into(), json!(v.text()));
        obj.insert("float".into(), float_json(v));
    }
    if shown == Shown::Diff {
        let ders: Vec<Json> = (0..o.derivatives.len()).map(|i| derivative_json(o, i, latex)).collect();
        obj.insert("derivatives".into(), Json::Array(ders));
    }
    if let Some(report) = &o.check {
        obj.insert("check".into(), super::check::json_summary(report));
    }
    Json::Object(obj).to_string() + "\n"
}

pub fn derivative_json(o: &mut Outcome, i: usize, latex: &LatexOptions) -> Json {
    let Derivative { wrt, expr, value } = &o.derivatives[i];
    let (wrt, expr, value) = (wrt.clone(), *expr, value.clone());
    let mut m = Map::new();
    m.insert("wrt".into(), json!(wrt));
    m.insert("order".into(), json!(wrt.len()));
    m.insert("expression".into(), json!(to_text(&mut o.store, expr)));
    m.insert("latex".into(), json!(to_latex(&mut o.store, expr, latex)));
    if let Some(v) = &value {
        m.insert("value".into(), json!(v.text()));
        m.insert("float".into(), float_json(v));
    }
    if let Some(report) = &o.check {
        m.insert("check".into(), super::check::json_entry(report, i));
    }
    Json::Object(m)
}

pub fn float_json(v: &Value) -> Json {
    match v.to_f64() {
        Some(f) if f.is_finite() => json!(f),
        _ => Json::Null,
    }
}

/// The JSON object for an input that failed. With `input_line` (the line number of
/// the input on stdin), `line` is that number.
pub fn json_error(e: &Error, input: &str, input_line: Option<usize>) -> String {
    let (line, column) = match (e.line_col(input), input_line) {
        (Some((_, c)), Some(n)) => (json!(n), json!(c)),
        (Some((l, c)), None) => (json!(l), json!(c)),
        (None, Some(n)) => (json!(n), Json::Null),
        (None, None) => (Json::Null, Json::Null),
    };
    let mut err = Map::new();
    err.insert("kind".into(), json!(e.kind.name()));
    err.insert("message".into(), json!(e.message));
    err.insert("line".into(), line);
    err.insert("column".into(), column);
    if let Some(h) = &e.hint {
        err.insert("hint".into(), json!(h));
    }
    json!({"input": input, "error": Json::Object(err)}).to_string() + "\n"
}

// ------------------------------------------------------------------------ latex

/// LaTeX: `f(x) = ...` then `\frac{d f}{d x} = ...`, with values, set as one
/// line each, an `align*` block or `equation*` environments (see `LatexOptions`).
pub fn latex(o: &mut Outcome, shown: Shown, opts: &LatexOptions) -> String {
    use crate::render::latex::{block, derivative_label_with, function_label, Equation};
    let partial = is_partial(o);
    let f = to_latex(&mut o.store, o.expr, opts);
    if shown == Shown::Simplify {
        return f + "\n";
    }
    let mut eqs = vec![Equation { lhs: function_label(&o.variables), rhs: vec![f], value: o.value.clone() }];
    for i in 0..o.derivatives.len() {
        let (wrt, e, v) = (o.derivatives[i].wrt.clone(), o.derivatives[i].expr, o.derivatives[i].value.clone());
        let lhs = derivative_label_with(&wrt, partial, opts);
        eqs.push(Equation { lhs, rhs: vec![to_latex(&mut o.store, e, opts)], value: v });
    }
    let mut out = block(&eqs, opts);
    if let Some(report) = &o.check {
        let labels: Vec<String> = o.derivatives.iter().map(|d| derivative_label(&d.wrt, partial)).collect();
        out.push_str(&super::check::latex(report, &labels));
    }
    out
}
