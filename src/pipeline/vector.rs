//! Vector calculus made of derivatives: the Laplacian and the directional derivative
//! of one expression (in its own store), the divergence and the curl of a field
//! (its components' first partials brought into one store); each a sum of
//! derivatives built in the store and simplified like any result.

use super::{build_point, fill_value_texts, where_defined, within_limits, Outcome, Request, Task};
use std::collections::HashMap;

use crate::check;
use crate::error::{Error, ErrorKind};
use crate::eval::{Evaluator, Point, Value};
use crate::simplify::{simplify_in, Form};
use crate::store::{ExprId, Store};
use crate::syntax::Limits;

/// A result made of derivatives: its expression and, with a point, its value.
pub struct Combined {
    pub expr: ExprId,
    pub value: Option<Value>,
}

/// The divergence or curl of a field: the components (each an outcome of its first
/// partials by `wrt`, as a Jacobian's rows), and the results in a store of their own.
pub struct Field {
    pub rows: Vec<Outcome>,
    pub wrt: Vec<String>,
    pub store: Store,
    /// The free variables of every component, sorted.
    pub variables: Vec<String>,
    /// The point's values, in the order given, when there is a point.
    pub point: Option<Vec<(String, Value)>>,
    /// One result for the divergence and the scalar curl, three for the curl.
    pub results: Vec<Combined>,
    /// With `--check`: the results' own check, at the points where every component
    /// was checked.
    pub check: Option<check::Report>,
}

impl Field {
    /// True when any value is undefined at the point.
    pub fn has_undefined(&self) -> bool {
        self.rows.iter().any(Outcome::has_undefined)
            || self.results.iter().any(|c| matches!(c.value, Some(Value::Undefined(_))))
    }

    /// True when `--check` found a disagreement in a component or a result.
    pub fn check_failed(&self) -> bool {
        self.rows.iter().any(Outcome::check_failed) || self.check.as_ref().is_some_and(check::Report::failed)
    }
}

/// The variables a point must give: the expression's, and for a directional
/// derivative those of the direction's components too.
pub(super) fn point_variables(task: &Task, variables: &[String]) -> Vec<String> {
    let mut out = variables.to_vec();
    if let Task::Directional { along, .. } = task {
        out.extend(along.iter().flat_map(|a| a.variables()));
        out.sort();
        out.dedup();
    }
    out
}

/// The Laplacian (the sum of the outcome's pure second partials) or the
/// directional derivative (its first partials by `wrt` times the components of
/// the direction), simplified; nothing for the other tasks.
pub(super) fn combine_outcome(o: &mut Outcome, task: &Task, wrt: &[String], limits: &Limits) -> Result<(), Error> {
    let terms: Vec<ExprId> = match task {
        Task::Laplacian { .. } => o.derivatives.iter().map(|d| d.expr).collect(),
        Task::Directional { along, unit, .. } => {
            if along.len() != wrt.len() {
                return Err(count_error(along.len(), wrt, task));
            }
            o.along = along.iter().map(|a| a.lower(&mut o.store)).collect();
            let mut terms: Vec<ExprId> =
                o.along.iter().zip(&o.derivatives).map(|(&v, d)| o.store.mul2(v, d.expr)).collect();
            if *unit {
                let sum = o.store.add(&terms);
                let squares: Vec<ExprId> = o.along.iter().map(|&v| o.store.powi(v, 2)).collect();
                let norm = o.store.add(&squares);
                let norm = o.store.sqrt(norm);
                terms = vec![o.store.div(sum, norm)];
            }
            terms
        }
        _ => return Ok(()),
    };
    let sum = o.store.add(&terms);
    within_limits(&o.store, limits)?;
    let expr = simplify_in(&mut o.store, sum, Form::Auto)?;
    within_limits(&o.store, limits)?;
    o.combined = Some(Combined { expr, value: None });
    Ok(())
}

/// With `--check`, checks the Laplacian or directional derivative of `o` too, as
/// the combination of the derivatives it is made of (at the points where the
/// direction has a value).
pub(super) fn check_combined(o: &mut Outcome, task: &Task) {
    let (Some(report), Some(c)) = (o.check.as_mut(), &o.combined) else { return };
    let store = &o.store;
    let float_at = |point: &HashMap<String, f64>, id: ExprId| {
        let p = Point { exact: HashMap::new(), float: point.clone() };
        Evaluator::new(&p).float(store, id)
    };
    let mut value = |point: &HashMap<String, f64>| float_at(point, c.expr);
    let n = o.derivatives.len();
    let mut coefs = |point: &HashMap<String, f64>| -> Option<Vec<f64>> {
        let Task::Directional { unit, .. } = task else { return Some(vec![1.0; n]) };
        let v: Vec<f64> = o.along.iter().map(|&a| float_at(point, a).ok()).collect::<Option<_>>()?;
        let norm = if *unit { v.iter().map(|x| x * x).sum::<f64>().sqrt() } else { 1.0 };
        Some(v.iter().map(|x| x / norm).collect())
    };
    let name = [combined_name(task).to_string()];
    check::add_combination(report, &name, &mut value, &mut coefs);
}

/// The name of a Laplacian or directional derivative in the check's entries.
pub fn combined_name(task: &Task) -> &'static str {
    match task {
        Task::Directional { unit: true, .. } => "∇f·v/|v|",
        Task::Directional { .. } => "∇f·v",
        _ => "∇²f",
    }
}

/// The names of the results of a field operator (`task`) with `n` results:
/// `∇·F`, `∇×F` (the scalar curl), `(∇×F)₁`, `(∇×F)₂`, `(∇×F)₃`.
pub fn field_names(task: &Task, n: usize) -> Vec<String> {
    match task {
        Task::Curl { .. } if n == 3 => ["(∇×F)₁", "(∇×F)₂", "(∇×F)₃"].map(String::from).to_vec(),
        Task::Curl { .. } => vec!["∇×F".to_string()],
        _ => vec!["∇·F".to_string()],
    }
}

/// Each result of a field operator as signed partials: (component, variable, sign).
type Terms = Vec<Vec<(usize, usize, i64)>>;

/// The terms of the divergence or the curl of `components` components by `wrt`,
/// or the error when the counts do not fit.
fn field_terms(task: &Task, components: usize, wrt: &[String]) -> Result<Terms, Error> {
    let n = wrt.len();
    match task {
        Task::Divergence { .. } if components == n => Ok(vec![(0..n).map(|i| (i, i, 1)).collect()]),
        Task::Curl { .. } if components == 3 && n == 3 => {
            Ok(vec![vec![(2, 1, 1), (1, 2, -1)], vec![(0, 2, 1), (2, 0, -1)], vec![(1, 0, 1), (0, 1, -1)]])
        }
        Task::Curl { .. } if components == 2 && n == 2 => Ok(vec![vec![(1, 0, 1), (0, 1, -1)]]),
        Task::Curl { .. } if components != 2 && components != 3 => Err(Error::new(
            ErrorKind::Usage,
            format!("the curl takes 3 components (or 2, for the scalar curl in the plane), and there are {components}"),
        )
        .hint("give the field's components as arguments or one per line, e.g. gradtape curl \"y*z\" \"x*z\" \"x*y\"")),
        _ => Err(count_error(components, wrt, task)),
    }
}

/// The error of `count` components (or direction components) for the variables `wrt`.
fn count_error(count: usize, wrt: &[String], task: &Task) -> Error {
    let (what, given) = match task {
        Task::Directional { wrt: given, .. } => ("the direction has", given.is_some()),
        Task::Divergence { wrt: given } | Task::Curl { wrt: given } => ("the field has", given.is_some()),
        _ => ("there are", true),
    };
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let vars = if given {
        format!("--wrt names {}", plural(wrt.len(), "variable"))
    } else if wrt.is_empty() {
        "there is no variable".to_string()
    } else {
        format!(
            "there {} {} ({})",
            if wrt.len() == 1 { "is" } else { "are" },
            plural(wrt.len(), "variable"),
            wrt.join(", ")
        )
    };
    let example: Vec<String> = match count {
        1..=3 => ["x", "y", "z"][..count].iter().map(|v| v.to_string()).collect(),
        _ => (1..=count).map(|i| format!("x{i}")).collect(),
    };
    Error::new(ErrorKind::Usage, format!("{what} {}, and {vars}", plural(count, "component")))
        .hint(format!("give one component per variable, in the order of --wrt (such as --wrt {})", example.join(",")))
}

/// The divergence or curl (`request.task`) of the field whose components are
/// `rows` (first partials by `wrt`, from [`super::jacobian`]), evaluated at the
/// request's point.
pub fn field(request: &Request, wrt: Vec<String>, rows: Vec<Outcome>) -> Result<Field, Error> {
    let terms = field_terms(&request.task, rows.len(), &wrt)?;
    let limits = &request.limits;
    let mut store = Store::with_limits(limits);
    let mut results = Vec::new();
    for parts in &terms {
        let mut sum = Vec::new();
        for &(row, col, sign) in parts {
            let o = &rows[row];
            let d = o.derivatives.iter().find(|d| d.wrt.len() == 1 && d.wrt[0] == wrt[col]);
            if let Some(d) = d {
                let e = store.import(&o.store, d.expr);
                sum.push(if sign < 0 { store.neg(e) } else { e });
            }
        }
        let sum = store.add(&sum);
        within_limits(&store, limits)?;
        let expr = simplify_in(&mut store, sum, Form::Auto)?;
        within_limits(&store, limits)?;
        results.push(Combined { expr, value: None });
    }
    let sizes = store.tree_sizes();
    if results.iter().any(|c| sizes[c.expr.index()] > limits.max_size) {
        return Err(limits.size_error("the result"));
    }
    let mut variables: Vec<String> = rows.iter().flat_map(|o| o.variables.iter().cloned()).collect();
    variables.sort();
    variables.dedup();
    let mut point = None;
    if let Some(p) = &request.point {
        let (exact, mut values) = build_point(&mut store, p, &variables)?;
        let undefined = rows.iter().find_map(|o| o.value.clone().filter(|v| matches!(v, Value::Undefined(_))));
        let mut ev = Evaluator::new(&exact);
        for c in &mut results {
            let v = ev.value(&mut store, c.expr);
            c.value = Some(match &undefined {
                Some(u) => where_defined(u, v, "a component"),
                None => v,
            });
        }
        let shown = results.iter_mut().filter_map(|c| c.value.as_mut());
        fill_value_texts(&mut store, shown.chain(values.iter_mut().map(|(_, v)| v)));
        point = Some(values);
    }
    let check = check_field(&request.task, &rows, &terms, &store, &results);
    store.unlimit();
    Ok(Field { rows, wrt, store, variables, point, results, check })
}

/// With `--check`, the check of a field's results as the signed sums of its
/// components' checked partials (where every component was checked at one point).
fn check_field(
    task: &Task,
    rows: &[Outcome],
    terms: &Terms,
    store: &Store,
    results: &[Combined],
) -> Option<check::Report> {
    let reports: Vec<&check::Report> = rows.iter().map(|o| o.check.as_ref()).collect::<Option<_>>()?;
    if let Some(skipped) = reports.iter().find(|r| r.skipped.is_some()) {
        return Some(check::Report {
            seed: None,
            points: Vec::new(),
            no_point: None,
            skipped: skipped.skipped.clone(),
        });
    }
    let terms: Vec<Vec<(usize, usize, f64)>> =
        terms.iter().map(|t| t.iter().map(|&(r, c, sign)| (r, c, sign as f64)).collect()).collect();
    let mut value = |point: &HashMap<String, f64>, i: usize| {
        let p = Point { exact: HashMap::new(), float: point.clone() };
        Evaluator::new(&p).float(store, results[i].expr)
    };
    let names = field_names(task, results.len());
    Some(check::combine_reports(&reports, &terms, &names, &mut value))
}
