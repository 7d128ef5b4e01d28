//! The plain format, for scripts: one bare line per result (values when there is a
//! point, expressions otherwise), the reasons for undefined values on standard error.

use super::labels::{derivative_label, is_partial};
use super::{matrix, text, Place, Printed, Reporter};
use crate::error::Error;
use crate::eval::Value;
use crate::pipeline::{Jacobian, Outcome, Task};
use crate::render::text::write_text;

/// The plain format.
pub struct Plain;

impl Reporter for Plain {
    fn outcome(&self, o: &mut Outcome, task: &Task, place: Place) -> Printed {
        let at = place.line.map_or(String::new(), |n| format!("line {n}: "));
        let notes = undefined_reasons(o).into_iter().map(|(name, why)| format!("{at}{name}: undefined: {why}\n"));
        Printed { notes: notes.collect(), out: outcome(o, task) }
    }

    fn hessian(&self, o: &mut Outcome, _place: Place) -> Printed {
        let notes = undefined_reasons(o).into_iter().map(|(name, why)| format!("{name}: undefined: {why}\n"));
        Printed { notes: notes.collect(), out: matrix::hessian_plain(o) }
    }

    fn rows(&self, o: &Outcome, task: &Task, delimiter: char) -> Printed {
        let mut notes = Vec::new();
        if let Some(rows) = &o.rows {
            let n = rows.iter().filter(|v| v.is_nan()).count();
            if n > 0 {
                notes.push(format!("{n} of {} values undefined\n", rows.len()));
            }
        }
        Printed { notes, out: text::rows(o, task, delimiter, false) }
    }

    fn jacobian(&self, j: &mut Jacobian) -> Printed {
        let mut notes = Vec::new();
        for o in &j.rows {
            for (name, why) in undefined_reasons(o) {
                notes.push(format!("{}: {name}: undefined: {why}\n", o.input));
            }
        }
        Printed { notes, out: matrix::jacobian_plain(j) }
    }

    fn error(&self, e: &Error, input: &str, line: Option<usize>) -> Printed {
        // Keep one line per input so that results stay aligned.
        Printed { notes: vec![text::error_note(e, input, line)], out: "error\n".to_string() }
    }
}

/// One bare line per result: values when there is a point, expressions otherwise.
pub fn outcome(o: &mut Outcome, task: &Task) -> String {
    let mut out = String::new();
    match task {
        Task::Simplify { .. } => write_text(&mut o.store, o.expr, &mut out),
        Task::Eval => out.push_str(&value(o.value.as_ref())),
        _ if o.check.is_some() => {
            if let Some(report) = &o.check {
                out.push_str(&super::check::plain(report));
            }
            return out;
        }
        _ => {
            for i in 0..o.derivatives.len() {
                if i > 0 {
                    out.push('\n');
                }
                if o.point.is_some() {
                    out.push_str(&value(o.derivatives[i].value.as_ref()));
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

/// A value as a bare word: `undefined`, or nothing without a value.
pub fn value(v: Option<&Value>) -> String {
    match v {
        Some(Value::Undefined(_)) => "undefined".to_string(),
        Some(v) => v.text(),
        None => String::new(),
    }
}

/// (label, reason) for every undefined value of an outcome, for stderr.
pub fn undefined_reasons(o: &Outcome) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(Value::Undefined(why)) = &o.value {
        out.push(("f".to_string(), why.clone()));
    }
    let partial = is_partial(o);
    for d in &o.derivatives {
        if let Some(Value::Undefined(why)) = &d.value {
            out.push((derivative_label(&d.wrt, partial), why.clone()));
        }
    }
    out
}
