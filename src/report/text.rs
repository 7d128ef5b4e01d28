//! The text format, for a person: labels, aligned, values under expressions, in
//! color where the terminal takes it.

use colored::Colorize;

use super::labels::{derivative_labels, function_label, is_partial, label};
use super::{matrix, per_row, Place, Printed, Reporter};
use crate::error::{Error, ErrorKind};
use crate::eval::format::ValueStyle;
use crate::eval::points::Table;
use crate::eval::Value;
use crate::pipeline::{Field, Jacobian, Outcome, Task};
use crate::render::text::to_text;

/// The text format, with the style of its values and the point as written.
pub struct Text {
    pub values: ValueStyle,
    pub at: Option<String>,
}

impl Reporter for Text {
    fn colored(&self) -> bool {
        true
    }

    fn outcome(&self, o: &mut Outcome, task: &Task, place: Place) -> Printed {
        let t = outcome_at(o, task, &self.values, self.at.as_deref());
        // A blank line between reports; simplified expressions are one line each.
        let simplify = matches!(task, Task::Simplify { .. });
        Printed::out(if place.first || simplify { t } else { format!("\n{t}") })
    }

    fn hessian(&self, o: &mut Outcome, place: Place) -> Printed {
        let t = matrix::hessian_text(o, &self.values, self.at.as_deref());
        Printed::out(if place.first { t } else { format!("\n{t}") })
    }

    fn rows(&self, o: &Outcome, task: &Task, table: &Table, jobs: usize) -> Printed {
        Printed::out(rows_with(o, task, table, true, &self.values, jobs))
    }

    fn jacobian(&self, j: &mut Jacobian) -> Printed {
        Printed::out(matrix::jacobian_text(j, &self.values, self.at.as_deref()))
    }

    fn field(&self, f: &mut Field, task: &Task) -> Printed {
        Printed::out(super::vector::field_text(f, task, &self.values, self.at.as_deref()))
    }

    fn error(&self, e: &Error, input: &str, line: Option<usize>) -> Printed {
        Printed { notes: vec![error_note(e, input, line)], out: String::new() }
    }
}

/// Labels up to this many characters are aligned.
const ALIGN_MAX: usize = 24;

/// The text report of one outcome with values as they are shown by default.
pub fn outcome(o: &mut Outcome, task: &Task) -> String {
    outcome_with(o, task, &ValueStyle::default())
}

/// The text report of one outcome: the function and each derivative, each with
/// its value under it when there is a point (the exact form, then `≈` its float),
/// then the check's table.
pub fn outcome_with(o: &mut Outcome, task: &Task, style: &ValueStyle) -> String {
    outcome_at(o, task, style, None)
}

/// [`outcome_with`], the check's header naming the point as written (`at`).
fn outcome_at(o: &mut Outcome, task: &Task, style: &ValueStyle, at: Option<&str>) -> String {
    if matches!(task, Task::Simplify { .. }) {
        return format!("{}\n", to_text(&mut o.store, o.expr));
    }
    let partial = is_partial(o);
    let mut rows: Vec<(String, String, Option<String>, bool)> = Vec::new();
    let f_value = o.value.as_ref().map(|v| v.shown(style));
    let undefined = matches!(o.value, Some(Value::Undefined(_)));
    let expr_text = to_text(&mut o.store, o.expr);
    rows.push((function_label(&o.variables), expr_text, f_value, undefined));
    if o.series.is_some() {
        rows.push(("series".to_string(), super::series::series_text(o), None, false));
    }
    // The zeroth derivative (`--order 0`) is the function, shown once above.
    for d in o.derivatives.iter().filter(|d| !d.wrt.is_empty()) {
        let label = label(d, partial);
        let e = to_text(&mut o.store, d.expr);
        rows.push((label, e, d.value.as_ref().map(|v| v.shown(style)), matches!(d.value, Some(Value::Undefined(_)))));
    }
    if !o.along.is_empty() {
        rows.push(("v".to_string(), super::vector::along_text(o), None, false));
    }
    if let Some(c) = &o.combined {
        let (e, v) = (to_text(&mut o.store, c.expr), c.value.as_ref());
        let label = super::vector::text_label(task).to_string();
        rows.push((label, e, v.map(|v| v.shown(style)), matches!(v, Some(Value::Undefined(_)))));
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
            // A value whose exact form is the expression itself (`exp(1000)`, a
            // constant derivative `pi`) shows only its float: `≈ 1.97007e434`.
            let (sign, v) = match v.strip_prefix(&expr).and_then(|rest| rest.strip_prefix(" ≈ ")) {
                Some(float) => ("≈", float.to_string()),
                None => ("=", v),
            };
            let v = if undefined { v.red().to_string() } else { v.green().to_string() };
            out.push_str(&format!("{} {sign} {v}\n", " ".repeat(width.max(len))));
        }
    }
    if let Some(report) = &o.check {
        out.push_str(&super::check::text_with(report, &super::vector::check_labels(o, task), at, style.digits));
    }
    out
}

/// The text report of an error in one input.
pub fn error_text(e: &Error, input: &str, line: Option<usize>) -> String {
    let label = match line {
        Some(n) => format!("line {n}: "),
        None => String::new(),
    };
    labelled_error_text(e, input, &label)
}

/// An error report with `label` before its position (`line 3: `, `--depends: `).
pub fn labelled_error_text(e: &Error, input: &str, label: &str) -> String {
    let report = e.render(input, label);
    match report.strip_prefix("error:") {
        Some(rest) => format!("{}{rest}", "error:".red().bold()),
        None => report,
    }
}

/// An error report for standard error, as every format but JSON writes it: a
/// line that is not UTF-8 has no position to point at.
pub fn error_note(e: &Error, input: &str, line: Option<usize>) -> String {
    if e.kind == ErrorKind::Encoding && e.span.is_some() {
        let mut e = e.clone();
        e.span = None;
        return error_text(&e, input, line);
    }
    error_text(e, input, line)
}

/// With a table of points: one line per point, values separated by the table's
/// delimiter (`undefined` where a value is undefined, an empty line for a row that
/// failed), after a header line of labels when `header` is set (docs/points.md).
pub fn rows(o: &Outcome, task: &Task, table: &Table, header: bool) -> String {
    rows_with(o, task, table, header, &ValueStyle::default(), 1)
}

/// [`rows`] with the floats written as `style` says (`--digits`), on up to `jobs`
/// threads for a large table (the same text for any number).
pub fn rows_with(o: &Outcome, task: &Task, table: &Table, header: bool, style: &ValueStyle, jobs: usize) -> String {
    let delimiter = table.delimiter;
    let Some(values) = &o.rows else { return String::new() };
    // Sized by the rows writer, once the header is in.
    let mut out = String::new();
    if header {
        let labels: Vec<String> = match task.derivatives() {
            Some(_) => derivative_labels(o),
            None => vec![function_label(&o.variables)],
        };
        out.push_str(&labels.join(&delimiter.to_string()));
        out.push('\n');
    }
    let per_row = per_row(o, task);
    crate::eval::points::write_rows_with(&mut out, values, per_row, delimiter, &table.failed, style.digits, jobs);
    out
}
