//! Hessian and Jacobian matrices in each output format: an aligned grid for a
//! person, tab-separated rows for scripts, a `matrix` of entries in JSON, `pmatrix`
//! in LaTeX.

use std::collections::HashMap;

use colored::Colorize;
use serde_json::{json, Map, Value as Json};

use super::json::{derivative as derivative_json, float as float_json};
use super::labels::{
    derivative_labels as check_labels, function_label, is_partial, latex_derivative_label, latex_function_label,
};
use super::plain::value as value_cell;
use crate::eval::format::ValueStyle;
use crate::eval::Value;
use crate::pipeline::{Jacobian, Outcome, Task};
use crate::render::latex::{self, to_latex, Equation, LatexOptions};
use crate::render::text::to_text;
use crate::store::ExprId;

/// The variables of a Hessian outcome, in the order of its rows and columns.
///
/// The second partials come in the lexicographic order of index pairs
/// ((0,0), (0,1), …, (0,n-1), (1,1), …), so each variable first appears in the
/// order it was requested in.
pub fn hessian_variables(o: &Outcome) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in &o.derivatives {
        for w in &d.wrt {
            if !out.contains(w) {
                out.push(w.clone());
            }
        }
    }
    out
}

/// For row i and column j of the Hessian, the index of the derivative that holds
/// that second partial (each unordered pair is computed once).
struct HessianIndex(HashMap<(usize, usize), usize>);

impl HessianIndex {
    fn new(o: &Outcome, vars: &[String]) -> HessianIndex {
        let position: HashMap<&str, usize> = vars.iter().enumerate().map(|(i, v)| (v.as_str(), i)).collect();
        let mut map = HashMap::new();
        for (k, d) in o.derivatives.iter().enumerate() {
            if let [a, b] = d.wrt.as_slice() {
                if let (Some(&i), Some(&j)) = (position.get(a.as_str()), position.get(b.as_str())) {
                    map.entry((i.min(j), i.max(j))).or_insert(k);
                }
            }
        }
        HessianIndex(map)
    }

    fn get(&self, i: usize, j: usize) -> Option<usize> {
        self.0.get(&(i.min(j), i.max(j))).copied()
    }
}

/// One cell of a matrix: its expression and, with a point, its value.
struct Cell {
    expr: ExprId,
    value: Option<Value>,
}

fn hessian_cells(o: &Outcome) -> (Vec<String>, Vec<Vec<Option<Cell>>>) {
    let vars = hessian_variables(o);
    let n = vars.len();
    let index = HessianIndex::new(o, &vars);
    let cells = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    index.get(i, j).map(|k| Cell { expr: o.derivatives[k].expr, value: o.derivatives[k].value.clone() })
                })
                .collect()
        })
        .collect();
    (vars, cells)
}

// ------------------------------------------------------------------------ grids

/// Pads every column to its widest cell; the first row and column are labels.
/// Values (`right`) are right-aligned, expressions left-aligned.
fn grid(rows: &[Vec<String>], right: bool, color: impl Fn(usize, usize, &str) -> String) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> =
        (0..cols).map(|j| rows.iter().filter_map(|r| r.get(j)).map(|c| c.chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (j, cell) in row.iter().enumerate() {
            if j > 0 {
                line.push_str("  ");
            }
            let pad = " ".repeat(widths[j] - cell.chars().count());
            if right && j > 0 {
                line.push_str(&pad);
                line.push_str(&color(i, j, cell));
            } else {
                line.push_str(&color(i, j, cell));
                if j + 1 < row.len() {
                    line.push_str(&pad);
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The label row and column around a matrix of texts.
fn labelled(corner: &str, row_names: &[String], col_names: &[String], body: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let mut rows = vec![std::iter::once(corner.to_string()).chain(col_names.iter().cloned()).collect::<Vec<_>>()];
    for (name, row) in row_names.iter().zip(body) {
        rows.push(std::iter::once(name.clone()).chain(row).collect());
    }
    rows
}

fn paint(i: usize, j: usize, cell: &str, values: bool) -> String {
    if i == 0 || j == 0 {
        cell.bold().cyan().to_string()
    } else if values && cell.starts_with("undefined") {
        cell.red().to_string()
    } else if values {
        cell.green().to_string()
    } else {
        cell.to_string()
    }
}

/// The point as the header of a grid of values: as the user wrote it when known
/// (`θ=pi/4`), otherwise its exact values.
fn point_text(o: &Outcome, at: Option<&str>) -> String {
    if let Some(at) = at {
        return at.to_string();
    }
    match &o.point {
        Some(p) => p.iter().map(|(n, v)| format!("{n}={}", v.text())).collect::<Vec<_>>().join(", "),
        None => String::new(),
    }
}

// ------------------------------------------------------------------------ hessian

/// The Hessian as text: the function, then the grid of second partials with the
/// variables as row and column labels, then the grid of values at the point
/// (headed by `at`, the point as written, when given).
pub fn hessian_text(o: &mut Outcome, style: &ValueStyle, at: Option<&str>) -> String {
    let (vars, cells) = hessian_cells(o);
    let mut out = String::new();
    let label = function_label(&o.variables);
    let f = to_text(&mut o.store, o.expr);
    out.push_str(&format!("{} = {f}\n", label.bold().cyan()));
    if let Some(v) = &o.value {
        let text = v.shown(style);
        let text = if matches!(v, Value::Undefined(_)) { text.red() } else { text.green() };
        out.push_str(&format!("{} = {text}\n", " ".repeat(label.chars().count())));
    }
    let body: Vec<Vec<String>> = cells
        .iter()
        .map(|row| row.iter().map(|c| c.as_ref().map(|c| to_text(&mut o.store, c.expr)).unwrap_or_default()).collect())
        .collect();
    out.push_str(&grid(&labelled("H", &vars, &vars, body), false, |i, j, c| paint(i, j, c, false)));
    if o.point.is_some() {
        let body: Vec<Vec<String>> = cells
            .iter()
            .map(|row| row.iter().map(|c| grid_value(c.as_ref().and_then(|c| c.value.as_ref()), style)).collect())
            .collect();
        out.push_str(&format!("{}\n", format!("at {}:", point_text(o, at)).bold().cyan()));
        out.push_str(&grid(&labelled("H", &vars, &vars, body), true, |i, j, c| paint(i, j, c, true)));
    }
    for (name, why) in undefined_entries(&cells, &vars, &vars) {
        out.push_str(&format!("{} {}\n", format!("{name}:").red(), format!("undefined: {why}").red()));
    }
    if let Some(report) = &o.check {
        out.push_str(&super::check::text_with(report, &check_labels(o), at, style.digits));
    }
    out
}

fn undefined_entries(cells: &[Vec<Option<Cell>>], rows: &[String], cols: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, row) in cells.iter().enumerate() {
        for (j, c) in row.iter().enumerate() {
            if let Some(Cell { value: Some(Value::Undefined(why)), .. }) = c {
                out.push((format!("{}[{}, {}]", if rows == cols { "H" } else { "J" }, rows[i], cols[j]), why.clone()));
            }
        }
    }
    out
}

/// A value in a grid of text: the exact form (a closed form without its float,
/// which the grid has no room for), `undefined`, or nothing.
fn grid_value(v: Option<&Value>, style: &ValueStyle) -> String {
    match v {
        Some(Value::Undefined(_)) => "undefined".to_string(),
        Some(v) => v.exact_text(style),
        None => String::new(),
    }
}

/// Tab-separated rows: the second partials, or with a point only their values.
pub fn hessian_plain(o: &mut Outcome, style: &ValueStyle) -> String {
    if let Some(report) = &o.check {
        return super::check::plain(report);
    }
    let (_, cells) = hessian_cells(o);
    let mut out = String::new();
    for row in &cells {
        out.push_str(&plain_row(o, row, style));
    }
    out
}

/// One tab-separated line: expressions, or values when there is a point.
fn plain_row(o: &mut Outcome, row: &[Option<Cell>], style: &ValueStyle) -> String {
    let has_point = o.point.is_some();
    let texts: Vec<String> = row
        .iter()
        .map(|c| match c {
            Some(c) if has_point => value_cell(c.value.as_ref(), style),
            Some(c) => to_text(&mut o.store, c.expr),
            None => String::new(),
        })
        .collect();
    texts.join("\t") + "\n"
}

/// The JSON object of a Hessian: the fields of `diff --order 2` (its `derivatives`
/// are the distinct second partials), plus `wrt` (the rows' and columns'
/// variables) and `matrix`, the full symmetric matrix of entries.
pub fn hessian_json(o: &mut Outcome, opts: &LatexOptions) -> String {
    let line = super::json::outcome(o, &Task::Hessian { wrt: None }, opts);
    let Ok(Json::Object(mut obj)) = serde_json::from_str::<Json>(&line) else {
        return line;
    };
    let vars = hessian_variables(o);
    let n = vars.len();
    let index = HessianIndex::new(o, &vars);
    let ders = match obj.get("derivatives") {
        Some(Json::Array(d)) => d.clone(),
        _ => Vec::new(),
    };
    let mut matrix = Vec::with_capacity(n);
    for i in 0..n {
        let mut row = Vec::with_capacity(n);
        for j in 0..n {
            match index.get(i, j) {
                Some(k) => {
                    // Printed once, in `derivatives`; the matrix shows it twice.
                    let mut entry = match ders.get(k) {
                        Some(d) => d.clone(),
                        None => derivative_json(o, k, opts),
                    };
                    if let Json::Object(m) = &mut entry {
                        m.insert("wrt".into(), json!([vars[i], vars[j]]));
                    }
                    row.push(entry);
                }
                None => row.push(Json::Null),
            }
        }
        matrix.push(Json::Array(row));
    }
    obj.insert("wrt".into(), json!(vars));
    obj.insert("matrix".into(), Json::Array(matrix));
    Json::Object(obj).to_string() + "\n"
}

/// `f = …` and `\mathbf{H}_{f} = \begin{pmatrix} … \end{pmatrix}`; at a point,
/// `f(1, 2) = …` and the value of each second partial as an equation of its own,
/// or with [`LatexOptions::values_matrix`] one matrix of values
/// `\left.\mathbf{H}_{f}\right|_{x=1,\,y=2} = \begin{pmatrix} … \end{pmatrix}`.
pub fn hessian_latex(o: &mut Outcome, opts: &LatexOptions) -> String {
    super::fill_latex(o, opts);
    let (_, cells) = hessian_cells(o);
    let f = to_latex(&mut o.store, o.expr, opts);
    let point = o.point.clone().unwrap_or_default();
    let at_f = latex::applied("f", &o.variables, &point, &opts.values);
    let mut eqs = vec![Equation::new(latex_function_label(&o.variables), f).at(at_f, o.value.clone())];
    eqs.push(Equation::new("\\mathbf{H}_{f}".to_string(), pmatrix(o, &cells, opts, false)));
    if o.point.is_some() {
        if opts.values_matrix {
            let at = latex::evaluated("\\mathbf{H}_{f}", &o.variables, &point, &opts.values);
            eqs.push(Equation::new(at, pmatrix(o, &cells, opts, true)));
        } else {
            let partial = is_partial(o);
            for d in &o.derivatives {
                let at = latex::evaluated(&latex_derivative_label(&d.wrt, partial), &o.variables, &point, &opts.values);
                eqs.extend(Equation::value_only(at, d.value.clone()));
            }
        }
    }
    let mut out = latex::block(&eqs, opts);
    if let Some(report) = &o.check {
        out.push_str(&super::check::latex(report, &check_labels(o)));
    }
    out
}

fn pmatrix(o: &mut Outcome, cells: &[Vec<Option<Cell>>], opts: &LatexOptions, values: bool) -> String {
    let rows: Vec<String> = cells
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Some(c) if values => latex::value(c.value.as_ref(), &opts.values),
                    Some(c) => to_latex(&mut o.store, c.expr, opts),
                    None => String::new(),
                })
                .collect::<Vec<_>>()
                .join(" & ")
        })
        .collect();
    format!("\\begin{{pmatrix}} {} \\end{{pmatrix}}", rows.join(" \\\\ "))
}

// ------------------------------------------------------------------------ jacobian

/// The cells of a Jacobian: one row per expression, one column per variable.
fn jacobian_cells(j: &Jacobian) -> Vec<Vec<Option<Cell>>> {
    j.rows
        .iter()
        .map(|o| {
            j.wrt
                .iter()
                .map(|w| {
                    o.derivatives
                        .iter()
                        .find(|d| d.wrt.len() == 1 && &d.wrt[0] == w)
                        .map(|d| Cell { expr: d.expr, value: d.value.clone() })
                })
                .collect()
        })
        .collect()
}

/// The names of a Jacobian's rows: f₁, f₂, … (f alone for one expression).
fn row_names(j: &Jacobian) -> Vec<String> {
    numbered("f", j.rows.len())
}

/// `name₁`, `name₂`, … for `n` rows (`name` alone for one).
pub(super) fn numbered(name: &str, n: usize) -> Vec<String> {
    let subscript = |n: usize| -> String {
        n.to_string().chars().map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c)).collect()
    };
    if n == 1 {
        vec![name.to_string()]
    } else {
        (1..=n).map(|i| format!("{name}{}", subscript(i))).collect()
    }
}

/// Each function of a Jacobian or a field named as in `names` (`f₁(x, y) = …`),
/// aligned, with its value under it at a point.
pub(super) fn functions_text(rows: &mut [Outcome], names: &[String], style: &ValueStyle) -> String {
    let mut out = String::new();
    let labels: Vec<String> = rows
        .iter()
        .zip(names)
        .map(|(o, n)| format!("{n}{}", function_label(&o.variables).trim_start_matches('f')))
        .collect();
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    for (o, label) in rows.iter_mut().zip(&labels) {
        let pad = " ".repeat(width - label.chars().count());
        out.push_str(&format!("{}{pad} = {}\n", label.bold().cyan(), to_text(&mut o.store, o.expr)));
        if let Some(v) = &o.value {
            let text = v.shown(style);
            let text = if matches!(v, Value::Undefined(_)) { text.red() } else { text.green() };
            out.push_str(&format!("{} = {text}\n", " ".repeat(width)));
        }
    }
    out
}

/// The check of each row, headed by its name and input.
pub(super) fn checks_text(rows: &[Outcome], names: &[String], at: Option<&str>, digits: Option<usize>) -> String {
    let mut out = String::new();
    for (o, name) in rows.iter().zip(names) {
        if let Some(report) = &o.check {
            out.push_str(&format!("\n{}", format!("check of {name} = {}", o.input.trim()).bold()));
            out.push_str(&super::check::text_with(report, &check_labels(o), at, digits));
        }
    }
    out
}

/// The plain check report of every row that has one.
pub(super) fn checks_plain(rows: &[Outcome]) -> String {
    rows.iter().filter_map(|o| o.check.as_ref()).map(super::check::plain).collect()
}

/// The Jacobian as text: each function, then the grid of first partials (rows:
/// functions, columns: variables), then the grid of values at the point (headed
/// by `at`, the point as written, when given).
pub fn jacobian_text(j: &mut Jacobian, style: &ValueStyle, at: Option<&str>) -> String {
    let cells = jacobian_cells(j);
    let names = row_names(j);
    let mut out = functions_text(&mut j.rows, &names, style);
    let body: Vec<Vec<String>> = cells
        .iter()
        .zip(j.rows.iter_mut())
        .map(|(row, o)| {
            row.iter().map(|c| c.as_ref().map(|c| to_text(&mut o.store, c.expr)).unwrap_or_default()).collect()
        })
        .collect();
    out.push_str(&grid(&labelled("J", &names, &j.wrt, body), false, |a, b, c| paint(a, b, c, false)));
    if let Some(first) = j.rows.first() {
        if first.point.is_some() {
            let body: Vec<Vec<String>> = cells
                .iter()
                .map(|row| row.iter().map(|c| grid_value(c.as_ref().and_then(|c| c.value.as_ref()), style)).collect())
                .collect();
            out.push_str(&format!("{}\n", format!("at {}:", point_text(first, at)).bold().cyan()));
            out.push_str(&grid(&labelled("J", &names, &j.wrt, body), true, |a, b, c| paint(a, b, c, true)));
        }
    }
    for (name, why) in undefined_entries(&cells, &names, &j.wrt) {
        out.push_str(&format!("{} {}\n", format!("{name}:").red(), format!("undefined: {why}").red()));
    }
    out.push_str(&checks_text(&j.rows, &names, at, style.digits));
    out
}

/// Tab-separated rows, one per expression: the first partials, or their values.
pub fn jacobian_plain(j: &mut Jacobian, style: &ValueStyle) -> String {
    let cells = jacobian_cells(j);
    let mut out = String::new();
    if j.rows.iter().any(|o| o.check.is_some()) {
        return checks_plain(&j.rows);
    }
    for (row, o) in cells.iter().zip(j.rows.iter_mut()) {
        out.push_str(&plain_row(o, row, style));
    }
    out
}

/// One JSON object for the whole Jacobian: `inputs`, `functions` (each with
/// `input`, `expression`, `latex`, `variables` and, with a point, `value` and
/// `float`), `wrt` (the columns), `point`, and `matrix`: one row of derivative
/// entries per function.
pub fn jacobian_json(j: &mut Jacobian, opts: &LatexOptions) -> String {
    Json::Object(jacobian_map(j, opts)).to_string() + "\n"
}

/// The object of [`jacobian_json`].
pub(super) fn jacobian_map(j: &mut Jacobian, opts: &LatexOptions) -> Map<String, Json> {
    let mut obj = Map::new();
    obj.insert("inputs".into(), json!(j.rows.iter().map(|o| o.input.clone()).collect::<Vec<_>>()));
    let mut functions = Vec::new();
    for o in &mut j.rows {
        let mut f = Map::new();
        f.insert("input".into(), json!(o.input));
        f.insert("expression".into(), json!(to_text(&mut o.store, o.expr)));
        f.insert("latex".into(), json!(to_latex(&mut o.store, o.expr, opts)));
        f.insert("variables".into(), json!(o.variables));
        if let Some(v) = &o.value {
            f.insert("value".into(), json!(v.exact_text(&opts.values)));
            f.insert("float".into(), float_json(v, &opts.values));
        }
        functions.push(Json::Object(f));
    }
    obj.insert("functions".into(), Json::Array(functions));
    obj.insert("wrt".into(), json!(j.wrt));
    if let Some(point) = j.rows.first().and_then(|o| o.point.as_ref()) {
        let p: Map<String, Json> = point.iter().map(|(n, v)| (n.clone(), json!(v.exact_text(&opts.values)))).collect();
        obj.insert("point".into(), Json::Object(p));
    }
    let wrt = j.wrt.clone();
    let matrix: Vec<Json> = j
        .rows
        .iter_mut()
        .map(|o| {
            let row = wrt
                .iter()
                .map(|w| match o.derivatives.iter().position(|d| d.wrt.len() == 1 && &d.wrt[0] == w) {
                    Some(k) => derivative_json(o, k, opts),
                    None => Json::Null,
                })
                .collect();
            Json::Array(row)
        })
        .collect();
    obj.insert("matrix".into(), Json::Array(matrix));
    if j.rows.iter().any(|o| o.check.is_some()) {
        let rows: Vec<Json> =
            j.rows.iter().map(|o| o.check.as_ref().map_or(Json::Null, super::check::json_summary)).collect();
        let pass = rows.iter().all(|r| r.get("pass") == Some(&Json::Bool(true)));
        obj.insert("check".into(), json!({"pass": pass, "rows": rows}));
    }
    obj
}

/// `name_{1}`, `name_{2}`, … for `n` rows (`name` alone for one).
pub(super) fn latex_names(name: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| if n > 1 { format!("{name}_{{{}}}", i + 1) } else { name.to_string() }).collect()
}

/// Each function of a Jacobian or a field as an equation named as in `names`, with
/// its value at the point.
pub(super) fn latex_functions(rows: &mut [Outcome], names: &[String], opts: &LatexOptions) -> Vec<Equation> {
    let mut eqs = Vec::new();
    for (o, name) in rows.iter_mut().zip(names) {
        let label = latex_function_label(&o.variables);
        let lhs = format!("{name}{}", label.strip_prefix('f').unwrap_or(""));
        let point = o.point.clone().unwrap_or_default();
        let at = latex::applied(name, &o.variables, &point, &opts.values);
        eqs.push(Equation::new(lhs, to_latex(&mut o.store, o.expr, opts)).at(at, o.value.clone()));
    }
    eqs
}

/// The check of each row in LaTeX comments, headed by its input.
pub(super) fn latex_checks(rows: &[Outcome]) -> String {
    let mut out = String::new();
    for o in rows {
        if let Some(report) = &o.check {
            out.push_str(&format!("% check of {}\n", o.input.trim()));
            out.push_str(&super::check::latex(report, &check_labels(o)));
        }
    }
    out
}

/// The functions, then `\mathbf{J} = \begin{pmatrix} … \end{pmatrix}`; at a
/// point, each function's value and each entry's value as equations of their
/// own (`\left.\frac{\partial f_{1}}{\partial r}\right|_{r=2,\,t=0} = 1`), or
/// with [`LatexOptions::values_matrix`] one matrix of values.
pub fn jacobian_latex(j: &mut Jacobian, opts: &LatexOptions) -> String {
    for o in &mut j.rows {
        super::fill_latex(o, opts);
    }
    let cells = jacobian_cells(j);
    let names = latex_names("f", j.rows.len());
    let mut variables: Vec<String> = j.rows.iter().flat_map(|o| o.variables.iter().cloned()).collect();
    variables.sort();
    variables.dedup();
    let mut eqs = latex_functions(&mut j.rows, &names, opts);
    let mut rows_tex = Vec::new();
    let mut values_tex = Vec::new();
    let mut entries = Vec::new();
    let point = j.rows.first().and_then(|o| o.point.clone());
    let partial = variables.len() > 1 || j.wrt.len() > 1;
    let d = if partial { "\\partial" } else { "d" };
    for ((row, o), name) in cells.iter().zip(j.rows.iter_mut()).zip(&names) {
        let mut exprs = Vec::new();
        let mut values = Vec::new();
        for (c, w) in row.iter().zip(&j.wrt) {
            match c {
                Some(c) => {
                    exprs.push(to_latex(&mut o.store, c.expr, opts));
                    values.push(latex::value(c.value.as_ref(), &opts.values));
                    if let Some(p) = &point {
                        let label = format!("\\frac{{{d} {name}}}{{{d} {}}}", latex::variable(w));
                        entries.extend(Equation::value_only(
                            latex::evaluated(&label, &variables, p, &opts.values),
                            c.value.clone(),
                        ));
                    }
                }
                None => {
                    exprs.push(String::new());
                    values.push(String::new());
                }
            }
        }
        rows_tex.push(exprs.join(" & "));
        values_tex.push(values.join(" & "));
    }
    eqs.push(Equation::new(
        "\\mathbf{J}".to_string(),
        format!("\\begin{{pmatrix}} {} \\end{{pmatrix}}", rows_tex.join(" \\\\ ")),
    ));
    if let Some(p) = &point {
        if opts.values_matrix {
            let at = latex::evaluated("\\mathbf{J}", &variables, p, &opts.values);
            eqs.push(Equation::new(at, format!("\\begin{{pmatrix}} {} \\end{{pmatrix}}", values_tex.join(" \\\\ "))));
        } else {
            eqs.extend(entries);
        }
    }
    let mut out = latex::block(&eqs, opts);
    out.push_str(&latex_checks(&j.rows));
    out
}
