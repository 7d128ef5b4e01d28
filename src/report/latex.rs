//! The LaTeX format, for notes: `f(x) = …` then `\frac{d f}{d x} = …`, each
//! value at a point an equation of its own (`f(2) = 4`), set as one line each, an
//! `align*` block or `equation*` environments.

use super::labels::is_partial;
use super::{matrix, text, Place, Printed, Reporter};
use crate::error::Error;
use crate::eval::points::Table;
use crate::pipeline::{Field, Jacobian, Outcome, Task};
use crate::render::latex::{applied, block, evaluated, to_latex, Equation, LatexOptions};
use crate::report::labels::{latex_derivative_at, latex_function_label, latex_label};

/// The LaTeX format, with its options.
pub struct Latex {
    pub latex: LatexOptions,
}

impl Reporter for Latex {
    fn outcome(&self, o: &mut Outcome, task: &Task, _place: Place) -> Printed {
        Printed::out(outcome(o, task, &self.latex))
    }

    fn hessian(&self, o: &mut Outcome, _place: Place) -> Printed {
        Printed::out(matrix::hessian_latex(o, &self.latex))
    }

    /// Rows of values have no LaTeX form (the command refuses the combination):
    /// they are written as plain rows.
    fn rows(&self, o: &Outcome, task: &Task, table: &Table, jobs: usize) -> Printed {
        Printed::out(text::rows_with(o, task, table, false, &Default::default(), jobs))
    }

    fn jacobian(&self, j: &mut Jacobian) -> Printed {
        Printed::out(matrix::jacobian_latex(j, &self.latex))
    }

    fn field(&self, f: &mut Field, task: &Task) -> Printed {
        Printed::out(super::vector::field_latex(f, task, &self.latex))
    }

    fn error(&self, e: &Error, input: &str, line: Option<usize>) -> Printed {
        Printed { notes: vec![text::error_note(e, input, line)], out: String::new() }
    }
}

/// The LaTeX of one outcome (see [`LatexOptions`] for how it is set): each
/// expression as an equation, and with a point its value as an equation of its
/// own under a label that names the point.
pub fn outcome(o: &mut Outcome, task: &Task, opts: &LatexOptions) -> String {
    super::fill_latex(o, opts);
    let partial = is_partial(o);
    let f = to_latex(&mut o.store, o.expr, opts);
    if matches!(task, Task::Simplify { .. }) {
        return f + "\n";
    }
    let point = o.point.clone().unwrap_or_default();
    let at_f = applied("f", &o.variables, &point, &opts.values);
    let mut eqs = vec![Equation::new(latex_function_label(&o.variables), f).at(at_f, o.value.clone())];
    if o.series.is_some() {
        eqs.push(Equation::new(latex_function_label(&o.variables), super::series::series_latex(o, opts)));
    }
    // The zeroth derivative (`--order 0`) is the function, written once above.
    for i in (0..o.derivatives.len()).filter(|&i| !o.derivatives[i].wrt.is_empty()) {
        let (e, v) = (o.derivatives[i].expr, o.derivatives[i].value.clone());
        let lhs = latex_label(&o.derivatives[i], partial, opts);
        let at = latex_derivative_at(&o.derivatives[i], partial, opts, &o.variables, &point);
        eqs.push(Equation::new(lhs, to_latex(&mut o.store, e, opts)).at(at, v));
    }
    if !o.along.is_empty() {
        eqs.push(Equation::new("\\mathbf{v}".to_string(), super::vector::along_latex(o, opts)));
    }
    if let Some(c) = &o.combined {
        let (e, v) = (c.expr, c.value.clone());
        let label = super::vector::latex_label(task);
        let names: Vec<String> = point.iter().map(|(n, _)| n.clone()).collect();
        let at = evaluated(label, &names, &point, &opts.values);
        eqs.push(Equation::new(label.to_string(), to_latex(&mut o.store, e, opts)).at(at, v));
    }
    let mut out = block(&eqs, opts);
    if let Some(report) = &o.check {
        out.push_str(&super::check::latex(report, &super::vector::check_labels(o, task)));
    }
    out
}
