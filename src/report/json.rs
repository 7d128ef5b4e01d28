//! The JSON format: JSON Lines, one object per input expression (docs/json.md).

use serde_json::{json, Map, Value as JsonValue};

use super::{matrix, per_row, Place, Printed, Reporter};
use crate::error::Error;
use crate::eval::format::{Approx, ValueStyle};
use crate::eval::points::Table;
use crate::eval::Value;
use crate::pipeline::{Derivative, Field, Jacobian, Outcome, Task};
use crate::render::latex::{to_latex, LatexOptions};
use crate::render::text::to_text;
use crate::store::{ExprId, Store};

/// The JSON format, with the options of its `latex` fields.
pub struct Json {
    pub latex: LatexOptions,
}

impl Reporter for Json {
    fn outcome(&self, o: &mut Outcome, task: &Task, _place: Place) -> Printed {
        Printed::out(outcome(o, task, &self.latex))
    }

    fn hessian(&self, o: &mut Outcome, _place: Place) -> Printed {
        Printed::out(matrix::hessian_json(o, &self.latex))
    }

    fn rows(&self, o: &Outcome, task: &Task, table: &Table, jobs: usize) -> Printed {
        let Some(values) = &o.rows else { return Printed::default() };
        let mut out = String::new();
        let single = task.derivatives().is_none();
        crate::eval::points::write_json_rows(&mut out, table, values, per_row(o, task), single, jobs);
        Printed::out(out)
    }

    fn jacobian(&self, j: &mut Jacobian) -> Printed {
        Printed::out(matrix::jacobian_json(j, &self.latex))
    }

    fn field(&self, f: &mut Field, task: &Task) -> Printed {
        Printed::out(super::vector::field_json(f, task, &self.latex))
    }

    fn error(&self, e: &Error, input: &str, line: Option<usize>) -> Printed {
        Printed::out(error(e, input, line))
    }
}

/// One JSON object (one line) for an outcome; see docs/json.md.
pub fn outcome(o: &mut Outcome, task: &Task, latex: &LatexOptions) -> String {
    let mut obj = Map::new();
    obj.insert("input".into(), json!(o.input));
    obj.insert("expression".into(), json!(to_text(&mut o.store, o.expr)));
    obj.insert("latex".into(), json!(to_latex(&mut o.store, o.expr, latex)));
    obj.insert("variables".into(), json!(o.variables));
    if let Some(point) = &o.point {
        let mut p = Map::new();
        for (name, v) in point {
            p.insert(name.clone(), json!(v.exact_text(&latex.values)));
        }
        obj.insert("point".into(), JsonValue::Object(p));
    }
    if let Some(v) = &o.value {
        obj.insert("value".into(), json!(v.exact_text(&latex.values)));
        obj.insert("float".into(), float(v, &latex.values));
    }
    if o.series.is_some() {
        super::series::json_fields(o, &mut obj, latex);
    }
    if task.derivatives().is_some() {
        let ders: Vec<JsonValue> = (0..o.derivatives.len()).map(|i| derivative(o, i, latex)).collect();
        obj.insert("derivatives".into(), JsonValue::Array(ders));
    }
    if let Some(c) = &o.combined {
        let wrt: Vec<&String> = o.derivatives.iter().filter_map(|d| d.wrt.first()).collect();
        obj.insert("wrt".into(), json!(wrt));
        if let Task::Directional { unit, .. } = task {
            let along: Vec<String> = o.along.clone().into_iter().map(|v| to_text(&mut o.store, v)).collect();
            obj.insert("along".into(), json!(along));
            obj.insert("unit".into(), json!(unit));
        }
        let mut r = result(&mut o.store, c.expr, c.value.as_ref(), latex);
        if let (Some(report), JsonValue::Object(m)) = (&o.check, &mut r) {
            m.insert("check".into(), super::check::json_entry(report, o.derivatives.len()));
        }
        obj.insert(super::vector::json_key(task).into(), r);
    }
    if let Some(report) = &o.check {
        obj.insert("check".into(), super::check::json_summary(report));
    }
    JsonValue::Object(obj).to_string() + "\n"
}

/// The object of derivative `i` of an outcome.
pub fn derivative(o: &mut Outcome, i: usize, latex: &LatexOptions) -> JsonValue {
    let Derivative { wrt, expr, value, .. } = &o.derivatives[i];
    let (wrt, expr, value) = (wrt.clone(), *expr, value.clone());
    let mut m = Map::new();
    m.insert("wrt".into(), json!(wrt));
    m.insert("order".into(), json!(wrt.len()));
    if let JsonValue::Object(r) = result(&mut o.store, expr, value.as_ref(), latex) {
        m.extend(r);
    }
    if let Some(report) = &o.check {
        m.insert("check".into(), super::check::json_entry(report, i));
    }
    JsonValue::Object(m)
}

/// The object of one result: `expression`, `latex`, and at a point `value` and `float`.
pub fn result(store: &mut Store, expr: ExprId, value: Option<&Value>, latex: &LatexOptions) -> JsonValue {
    let mut m = Map::new();
    m.insert("expression".into(), json!(to_text(store, expr)));
    m.insert("latex".into(), json!(to_latex(store, expr, latex)));
    if let Some(v) = value {
        m.insert("value".into(), json!(v.exact_text(&latex.values)));
        m.insert("float".into(), float(v, &latex.values));
    }
    JsonValue::Object(m)
}

/// A value's float as a JSON number; beyond the range of f64 a string in
/// scientific notation (`"1.97007e434"`, which no JSON parser reads as infinity);
/// null where undefined (docs/json.md).
pub fn float(v: &Value, style: &ValueStyle) -> JsonValue {
    match v.approx() {
        Some(Approx::Finite(f)) if f.is_finite() => json!(f),
        Some(Approx::Wide(w)) => json!(style.wide_text(w)),
        _ => JsonValue::Null,
    }
}

/// The JSON object for an input that failed. With `input_line` (the line number of
/// the input on stdin), `line` is that number.
pub fn error(e: &Error, input: &str, input_line: Option<usize>) -> String {
    let (line, column) = match (e.line_col(input), input_line) {
        (Some((_, c)), Some(n)) => (json!(n), json!(c)),
        (Some((l, c)), None) => (json!(l), json!(c)),
        (None, Some(n)) => (json!(n), JsonValue::Null),
        (None, None) => (JsonValue::Null, JsonValue::Null),
    };
    let mut err = Map::new();
    err.insert("kind".into(), json!(e.kind.name()));
    err.insert("message".into(), json!(e.message));
    err.insert("line".into(), line);
    err.insert("column".into(), column);
    if let Some(h) = &e.hint {
        err.insert("hint".into(), json!(h));
    }
    json!({"input": input, "error": JsonValue::Object(err)}).to_string() + "\n"
}
