//! The results of vector calculus in each format: the names they are shown under
//! (`∇²f`, `∇f·v`, `∇·F`, `∇×F`; `\nabla^{2} f`, `\nabla_{\mathbf{v}} f`,
//! `\nabla\cdot\mathbf{F}`, `\nabla\times\mathbf{F}`), and the divergence and curl
//! of a field (its components as a Jacobian's functions, then the results).

use colored::Colorize;
use serde_json::{json, Value as Json};

use super::json::result as result_json;
use super::matrix::{self, checks_plain, checks_text, functions_text, latex_checks, latex_functions};
use super::plain::value as plain_value;
use crate::eval::format::ValueStyle;
use crate::eval::Value;
use crate::pipeline::{Field, Jacobian, Outcome, Task};
use crate::render::latex::{self, to_latex, Equation, LatexOptions};
use crate::render::text::to_text;

/// The text name of a Laplacian or directional derivative.
pub fn text_label(task: &Task) -> &'static str {
    crate::pipeline::combined_name(task)
}

/// The text names of the check's entries: the derivatives', then the result's
/// when it is checked too.
pub fn check_labels(o: &Outcome, task: &Task) -> Vec<String> {
    let mut labels = super::labels::derivative_labels(o);
    if o.combined.is_some() {
        labels.push(text_label(task).to_string());
    }
    labels
}

/// The LaTeX name of a Laplacian or directional derivative.
pub fn latex_label(task: &Task) -> &'static str {
    match task {
        Task::Directional { unit: true, .. } => "\\nabla_{\\hat{\\mathbf{v}}} f",
        Task::Directional { .. } => "\\nabla_{\\mathbf{v}} f",
        _ => "\\nabla^{2} f",
    }
}

/// The key of the result in a JSON object.
pub fn json_key(task: &Task) -> &'static str {
    match task {
        Task::Directional { .. } => "directional",
        Task::Divergence { .. } => "divergence",
        Task::Curl { .. } => "curl",
        _ => "laplacian",
    }
}

/// The direction as text, `(1, 2)`.
pub fn along_text(o: &mut Outcome) -> String {
    let parts: Vec<String> = o.along.clone().into_iter().map(|v| to_text(&mut o.store, v)).collect();
    format!("({})", parts.join(", "))
}

/// The direction as LaTeX, `\left(1, 2\right)`.
pub fn along_latex(o: &mut Outcome, opts: &LatexOptions) -> String {
    let parts: Vec<String> = o.along.clone().into_iter().map(|v| to_latex(&mut o.store, v, opts)).collect();
    format!("\\left({}\\right)", parts.join(", "))
}

/// The text names of a field's results.
fn field_labels(f: &Field, task: &Task) -> Vec<String> {
    crate::pipeline::field_names(task, f.results.len())
}

/// The LaTeX name of a field's result.
fn field_latex_label(task: &Task) -> &'static str {
    match task {
        Task::Curl { .. } => "\\nabla\\times\\mathbf{F}",
        _ => "\\nabla\\cdot\\mathbf{F}",
    }
}

/// A field as text: its components (`F₁(x, y) = …`), each result with its value
/// under it at a point, then the check of each component.
pub fn field_text(f: &mut Field, task: &Task, style: &ValueStyle, at: Option<&str>) -> String {
    let names = matrix::numbered("F", f.rows.len());
    let mut out = functions_text(&mut f.rows, &names, style);
    let labels = field_labels(f, task);
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    for (c, label) in f.results.iter().zip(&labels) {
        let pad = " ".repeat(width - label.chars().count());
        out.push_str(&format!("{}{pad} = {}\n", label.bold().cyan(), to_text(&mut f.store, c.expr)));
        if let Some(v) = &c.value {
            let text = v.shown(style);
            let text = if matches!(v, Value::Undefined(_)) { text.red() } else { text.green() };
            out.push_str(&format!("{} = {text}\n", " ".repeat(width)));
        }
    }
    out.push_str(&checks_text(&f.rows, &names, at, style.digits));
    if let Some(report) = &f.check {
        let what = if labels.len() == 1 { labels[0].clone() } else { "∇×F".to_string() };
        out.push_str(&format!("\n{}", format!("check of {what}").bold()));
        if report.skipped.is_some() {
            out.push('\n');
        }
        out.push_str(&super::check::text_with(report, &labels, at, style.digits));
    }
    out
}

/// A field's results for scripts, one line each: expressions, or values at a
/// point; with a check, the check of each component instead.
pub fn field_plain(f: &mut Field, style: &ValueStyle) -> String {
    if f.rows.iter().any(|o| o.check.is_some()) {
        let results = f.check.as_ref().map(super::check::plain).unwrap_or_default();
        return checks_plain(&f.rows) + &results;
    }
    let mut out = String::new();
    for c in &f.results {
        match &f.point {
            Some(_) => out.push_str(&plain_value(c.value.as_ref(), style)),
            None => out.push_str(&to_text(&mut f.store, c.expr)),
        }
        out.push('\n');
    }
    out
}

/// The undefined values of a field's results, for standard error.
pub fn field_undefined(f: &Field, task: &Task) -> Vec<String> {
    let labels = field_labels(f, task);
    let results = f.results.iter().zip(labels);
    results
        .filter_map(|(c, l)| match &c.value {
            Some(Value::Undefined(why)) => Some(format!("{l}: undefined: {why}\n")),
            _ => None,
        })
        .collect()
}

/// A field as one JSON object: the Jacobian's (its components' first partials),
/// and `divergence` (one result) or `curl` (an array of three, or of one, the
/// scalar curl).
pub fn field_json(f: &mut Field, task: &Task, opts: &LatexOptions) -> String {
    let mut j = Jacobian { rows: std::mem::take(&mut f.rows), wrt: f.wrt.clone() };
    let mut obj = matrix::jacobian_map(&mut j, opts);
    f.rows = j.rows;
    let mut results: Vec<Json> =
        f.results.iter().map(|c| result_json(&mut f.store, c.expr, c.value.as_ref(), opts)).collect();
    if let Some(report) = &f.check {
        for (i, r) in results.iter_mut().enumerate() {
            if let Json::Object(m) = r {
                m.insert("check".into(), super::check::json_entry(report, i));
            }
        }
        if let Some(Json::Object(c)) = obj.get_mut("check") {
            let summary = super::check::json_summary(report);
            let pass = c.get("pass") == Some(&Json::Bool(true)) && summary.get("pass") != Some(&Json::Bool(false));
            c.insert("pass".into(), json!(pass));
            c.insert("results".into(), summary);
        }
    }
    let shown = match task {
        Task::Curl { .. } => Json::Array(results),
        _ => results.into_iter().next().unwrap_or(Json::Null),
    };
    obj.insert(json_key(task).into(), shown);
    obj.insert("variables".into(), json!(f.variables));
    Json::Object(obj).to_string() + "\n"
}

/// A field in LaTeX: its components, then `\nabla\cdot\mathbf{F} = …` or
/// `\nabla\times\mathbf{F}` (a column of three, or the scalar curl), and at a point
/// the value(s) under the evaluation bar.
pub fn field_latex(f: &mut Field, task: &Task, opts: &LatexOptions) -> String {
    for o in &mut f.rows {
        super::fill_latex(o, opts);
    }
    let values = f.results.iter_mut().filter_map(|c| c.value.as_mut());
    let points = f.point.iter_mut().flat_map(|p| p.iter_mut().map(|(_, v)| v));
    super::fill_latex_values(&mut f.store, values.chain(points), opts);
    let names = matrix::latex_names("F", f.rows.len());
    let mut eqs = latex_functions(&mut f.rows, &names, opts);
    let label = field_latex_label(task);
    let exprs: Vec<String> = f.results.iter().map(|c| to_latex(&mut f.store, c.expr, opts)).collect();
    let values: Vec<String> = f.results.iter().map(|c| latex::value(c.value.as_ref(), &opts.values)).collect();
    let column = |cells: &[String]| match cells {
        [one] => one.clone(),
        _ => format!("\\begin{{pmatrix}} {} \\end{{pmatrix}}", cells.join(" \\\\ ")),
    };
    eqs.push(Equation::new(label.to_string(), column(&exprs)));
    if let Some(point) = &f.point {
        let at = latex::evaluated(label, &f.variables, point, &opts.values);
        eqs.push(Equation::new(at, column(&values)));
    }
    let mut out = latex::block(&eqs, opts);
    out.push_str(&latex_checks(&f.rows));
    if let Some(report) = &f.check {
        out.push_str(&super::check::latex(report, &field_labels(f, task)));
    }
    out
}
