//! The plain format, for scripts: one bare line per result (values when there is a
//! point, expressions otherwise), the reasons for undefined values on standard error.
//! Reading standard input, exactly one line per input line: several results
//! tab-separated, an empty line for a blank line, a comment or a failed input.

use super::labels::{is_partial, label};
use super::{matrix, per_row, text, Place, Printed, Reporter};
use crate::error::Error;
use crate::eval::format::ValueStyle;
use crate::eval::points::Table;
use crate::eval::Value;
use crate::pipeline::{Field, Jacobian, Outcome, Task};
use crate::render::text::write_text;

/// The plain format, with the style of its values.
pub struct Plain {
    pub values: ValueStyle,
}

impl Reporter for Plain {
    fn outcome(&self, o: &mut Outcome, task: &Task, place: Place) -> Printed {
        let at = place.line.map_or(String::new(), |n| format!("line {n}: "));
        let notes = undefined_reasons(o).into_iter().map(|(name, why)| format!("{at}{name}: undefined: {why}\n"));
        let out = match place.line {
            Some(_) => one_line(outcome_sep(o, task, '\t', &self.values)),
            None => outcome_with(o, task, &self.values),
        };
        Printed { notes: notes.collect(), out }
    }

    fn hessian(&self, o: &mut Outcome, place: Place) -> Printed {
        let at = place.line.map_or(String::new(), |n| format!("line {n}: "));
        let notes = undefined_reasons(o).into_iter().map(|(name, why)| {
            format!(
                "{at}{name}: undefined: {why}
"
            )
        });
        let out = matrix::hessian_plain(o, &self.values);
        Printed { notes: notes.collect(), out: if place.line.is_some() { one_line(out) } else { out } }
    }

    fn rows(&self, o: &Outcome, task: &Task, table: &Table, jobs: usize) -> Printed {
        let mut notes = Vec::new();
        if let Some(rows) = &o.rows {
            // The rows that failed are not values (their errors are reported once).
            let n = rows.iter().filter(|v| v.is_nan()).count();
            if n > 0 {
                let shown = (table.rows() - table.failed.len()) * per_row(o, task);
                notes.push(format!("{n} of {shown} values undefined\n"));
            }
        }
        Printed { notes, out: text::rows_with(o, task, table, false, &self.values, jobs) }
    }

    fn field(&self, f: &mut Field, task: &Task) -> Printed {
        let notes = super::vector::field_undefined(f, task);
        Printed { notes, out: super::vector::field_plain(f, &self.values) }
    }

    fn jacobian(&self, j: &mut Jacobian) -> Printed {
        let mut notes = Vec::new();
        for o in &j.rows {
            for (name, why) in undefined_reasons(o) {
                notes.push(format!("{}: {name}: undefined: {why}\n", o.input));
            }
        }
        Printed { notes, out: matrix::jacobian_plain(j, &self.values) }
    }

    fn error(&self, e: &Error, input: &str, line: Option<usize>) -> Printed {
        // Keep one line per input so that results stay aligned: on standard input an
        // empty line, for an argument the word `error`.
        let out = if line.is_some() { "\n" } else { "error\n" };
        Printed { notes: vec![text::error_note(e, input, line)], out: out.to_string() }
    }

    fn skipped(&self) -> Printed {
        Printed::out("\n".to_string())
    }
}

/// Lines as one line: the line ends inside turned into tabs, one at the end (an
/// empty line for no text).
fn one_line(text: String) -> String {
    let body = text.strip_suffix('\n').unwrap_or(&text);
    if !body.contains('\n') && text.ends_with('\n') {
        return text;
    }
    let mut out = body.replace('\n', "\t");
    out.push('\n');
    out
}

/// [`outcome_with`] with values as they are shown by default.
pub fn outcome(o: &mut Outcome, task: &Task) -> String {
    outcome_with(o, task, &ValueStyle::default())
}

/// One bare line per result: values when there is a point (numbers: a rational
/// as it is, otherwise the float; closed forms with `--exact`), expressions
/// otherwise.
pub fn outcome_with(o: &mut Outcome, task: &Task, style: &ValueStyle) -> String {
    outcome_sep(o, task, '\n', style)
}

/// The results of [`outcome_with`] with `separator` between them (a line end or a
/// tab), and a line end after the last.
fn outcome_sep(o: &mut Outcome, task: &Task, separator: char, style: &ValueStyle) -> String {
    let mut out = String::new();
    match task {
        Task::Simplify { .. } => write_text(&mut o.store, o.expr, &mut out),
        Task::Eval => out.push_str(&value(o.value.as_ref(), style)),
        Task::Series { .. } => out.push_str(&super::series::polynomial_text(o)),
        _ if o.check.is_some() => {
            if let Some(report) = &o.check {
                out.push_str(&super::check::plain(report));
            }
            return out;
        }
        // The Laplacian or directional derivative alone.
        _ if o.combined.is_some() => {
            if let Some(c) = &o.combined {
                match &o.point {
                    Some(_) => out.push_str(&value(c.value.as_ref(), style)),
                    None => write_text(&mut o.store, c.expr, &mut out),
                }
            }
        }
        _ => {
            for i in 0..o.derivatives.len() {
                if i > 0 {
                    out.push(separator);
                }
                if o.point.is_some() {
                    out.push_str(&value(o.derivatives[i].value.as_ref(), style));
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

/// A value as a bare word: a number, `undefined`, or nothing without a value.
pub fn value(v: Option<&Value>, style: &ValueStyle) -> String {
    match v {
        Some(Value::Undefined(_)) => "undefined".to_string(),
        Some(v) => v.number(style),
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
            out.push((label(d, partial), why.clone()));
        }
    }
    if let Some(Value::Undefined(why)) = o.combined.as_ref().and_then(|c| c.value.as_ref()) {
        out.push(("result".to_string(), why.clone()));
    }
    out
}
