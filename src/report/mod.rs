//! Whole outcomes in each output format: text for a person, plain lines for
//! scripts, JSON Lines, LaTeX. The format is chosen once, in [`reporter`]; each
//! format is one file implementing [`Reporter`], with the Hessian and Jacobian in
//! [`matrix`] and the numerical check's report in [`check`].

pub mod check;
pub mod json;
pub mod labels;
pub mod latex;
pub mod matrix;
pub mod plain;
pub mod series;
pub mod text;
pub mod vector;

use crate::error::Error;
use crate::eval::points::Table;
use crate::eval::Value;
use crate::pipeline::{Field, Jacobian, Outcome, Request, Task};
use crate::render::latex::LatexOptions;
use crate::store::Store;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For a person: labels, aligned, values under expressions.
    Text,
    /// For scripts: one bare line per result.
    Plain,
    /// JSON Lines: one object per input expression.
    Json,
    /// LaTeX for notes.
    Latex,
}

/// What one result prints: notes for standard error, written first and in order,
/// then its text for standard output.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Printed {
    pub notes: Vec<String>,
    pub out: String,
}

impl Printed {
    /// Text for standard output and no notes.
    pub fn out(out: String) -> Printed {
        Printed { notes: Vec::new(), out }
    }
}

/// Where a result stands in its run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Place {
    /// True for the first result of the run.
    pub first: bool,
    /// The input's line number on standard input, if it came from there.
    pub line: Option<usize>,
}

/// One output format: how each kind of result is written in it.
pub trait Reporter: Sync {
    /// True when the results are colored (the terminal then decides whether the
    /// colors are kept); the other formats' output passes through unscanned.
    fn colored(&self) -> bool {
        false
    }
    /// The result of `diff`, `simplify` or `eval` for one expression.
    fn outcome(&self, o: &mut Outcome, task: &Task, place: Place) -> Printed;
    /// One expression's Hessian.
    fn hessian(&self, o: &mut Outcome, place: Place) -> Printed;
    /// With a table of points: one row of values per point (an empty line, or in
    /// JSON an error, for a row of the table that failed), written on up to `jobs`
    /// threads (the same text for any number).
    fn rows(&self, o: &Outcome, task: &Task, table: &Table, jobs: usize) -> Printed;
    /// The Jacobian of all the expressions of a run.
    fn jacobian(&self, j: &mut Jacobian) -> Printed;
    /// The divergence or curl (`task`) of the field of all the expressions of a run.
    fn field(&self, f: &mut Field, task: &Task) -> Printed;
    /// An input that failed.
    fn error(&self, e: &Error, input: &str, line: Option<usize>) -> Printed;
    /// A blank or comment line of standard input: nothing, except in plain output,
    /// which keeps one line per input line.
    fn skipped(&self) -> Printed {
        Printed::default()
    }
}

/// The reporter of `format`, with `latex` for the LaTeX it writes (and the style
/// of values, `latex.values`).
pub fn reporter(format: Format, latex: LatexOptions) -> Box<dyn Reporter> {
    reporter_at(format, latex, None)
}

/// [`reporter`], with the point as the user wrote it (`θ=pi/4`) for the headers of
/// grids of values.
pub fn reporter_at(format: Format, latex: LatexOptions, at: Option<String>) -> Box<dyn Reporter> {
    match format {
        Format::Text => Box::new(text::Text { values: latex.values, at }),
        Format::Plain => Box::new(plain::Plain { values: latex.values }),
        Format::Json => Box::new(json::Json { latex }),
        Format::Latex => Box::new(latex::Latex { latex }),
    }
}

/// One expression's result as the request asks: rows with a table of points, a
/// matrix for the Hessian, the outcome otherwise.
pub fn result(reporter: &dyn Reporter, o: &mut Outcome, request: &Request, place: Place) -> Printed {
    if let Some(table) = &request.table {
        return reporter.rows(o, &request.task, table, request.jobs);
    }
    match request.task {
        Task::Hessian { .. } => reporter.hessian(o, place),
        _ => reporter.outcome(o, &request.task, place),
    }
}

/// Fills in the LaTeX of every closed-form value of an outcome and of its point (the pipeline
/// leaves it to the reporters, which know the LaTeX options).
pub fn fill_latex(o: &mut Outcome, opts: &LatexOptions) {
    let values = o.value.iter_mut().chain(o.derivatives.iter_mut().filter_map(|d| d.value.as_mut()));
    let values = values.chain(o.combined.iter_mut().filter_map(|c| c.value.as_mut()));
    // The point's values too: the labels at the point show them (`t=\frac{\pi}{2}`).
    let points = o.point.iter_mut().flat_map(|p| p.iter_mut().map(|(_, v)| v));
    fill_latex_values(&mut o.store, values.chain(points), opts);
}

/// Fills in the LaTeX of every closed form among `values`, built in `store`.
pub fn fill_latex_values<'a>(store: &mut Store, values: impl Iterator<Item = &'a mut Value>, opts: &LatexOptions) {
    for v in values.filter_map(Value::closed_mut) {
        if v.latex.is_empty() {
            v.latex = crate::render::latex::to_latex(store, v.expr, opts);
        }
    }
}

/// How many values each point's row holds: one per derivative, or the value.
fn per_row(o: &Outcome, task: &Task) -> usize {
    match task.derivatives() {
        Some(_) => o.derivatives.len(),
        None => 1,
    }
}
