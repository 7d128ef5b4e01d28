//! The library's one driver: each input parsed once, built in the store, then
//! differentiated, evaluated and checked as the task asks, into an [`Outcome`]
//! (printing is left to [`crate::report`], reading input and exit codes to the
//! command).

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::check::{self, Points, Report};
use crate::combinatorics::{multiset_count, multisets};
use crate::diff::chain::DerivativeChain;
use crate::error::{did_you_mean, Error, ErrorKind};
use crate::eval::parallel;
use crate::eval::points::Table;
use crate::eval::tape::{Tape, LANES};
use crate::eval::{Evaluator, Point, Value};
use crate::limits::{Dependency, MAX_DERIVATIVES};
use crate::simplify::{simplify_in, Form};
use crate::store::{ExprId, Store};
use crate::syntax::{self, Ast, Limits, Lowered};

mod series;
mod vector;

pub use vector::{combined_name, field, field_names, Combined, Field};

/// What to compute for each expression, and so how the result is shown.
#[derive(Clone, Debug)]
pub enum Task {
    /// Differentiate with respect to `wrt` (None: every free variable) for every
    /// order in `orders`.
    Diff { wrt: Option<Vec<String>>, orders: (u32, u32) },
    /// Simplify the expression into the chosen form.
    Simplify { form: Form },
    /// The value at the point.
    Eval,
    /// The second partials by `wrt` (None: every free variable), shown as a matrix.
    Hessian { wrt: Option<Vec<String>> },
    /// The first partials of several expressions by `wrt` (None: every free variable
    /// of any of them), one row per expression.
    Jacobian { wrt: Option<Vec<String>> },
    /// One mixed partial per list, differentiated by its variables in the order
    /// given (`["x", "x", "y"]`: by x, by x, then by y, as SymPy's `diff(f, x, x, y)`).
    Partials { partials: Vec<Vec<String>> },
    /// The Laplacian: the sum of the pure second partials by `wrt` (None: every free
    /// variable), which are kept as its derivatives.
    Laplacian { wrt: Option<Vec<String>> },
    /// The directional derivative ∇f·v: the first partials by `wrt` in order (None:
    /// every free variable, sorted) times the components of `along`, summed; divided
    /// by |v| when `unit` is set.
    Directional { wrt: Option<Vec<String>>, along: Vec<Ast>, unit: bool },
    /// The divergence of the field whose components are the expressions (one per
    /// variable of `wrt`; None: every free variable of any of them).
    Divergence { wrt: Option<Vec<String>> },
    /// The curl of a field of three components, or the scalar curl of two.
    Curl { wrt: Option<Vec<String>> },
    /// The Taylor (or Laurent) series in `wrt` (None: the variables of `around`, or
    /// the one free variable) around the values of `around` (0 for a variable not
    /// given) to total degree `order`.
    Series { wrt: Option<Vec<String>>, around: Vec<(String, Ast)>, order: u32 },
}

/// The derivatives a task asks of each expression.
#[derive(Clone, Copy, Debug)]
pub struct Derivatives<'a> {
    /// The variables (None: every free variable).
    pub wrt: Option<&'a [String]>,
    /// The lowest and the highest order.
    pub orders: (u32, u32),
    /// Instead of `wrt` and `orders`: these partials, each in its own order.
    pub partials: Option<&'a [Vec<String>]>,
    /// Only the pure partials (∂²f/∂x², not ∂²f/∂x∂y): the Laplacian's.
    pub pure: bool,
}

impl Task {
    /// The derivatives each expression asks for; None when nothing is differentiated.
    pub fn derivatives(&self) -> Option<Derivatives<'_>> {
        let (wrt, orders) = match self {
            Task::Diff { wrt, orders } => (wrt, *orders),
            Task::Hessian { wrt } | Task::Laplacian { wrt } => (wrt, (2, 2)),
            Task::Jacobian { wrt } | Task::Directional { wrt, .. } | Task::Divergence { wrt } | Task::Curl { wrt } => {
                (wrt, (1, 1))
            }
            Task::Partials { partials } => {
                return Some(Derivatives { wrt: None, orders: (0, 0), partials: Some(partials), pure: false })
            }
            Task::Simplify { .. } | Task::Eval | Task::Series { .. } => return None,
        };
        let pure = matches!(self, Task::Laplacian { .. });
        Some(Derivatives { wrt: wrt.as_deref(), orders, partials: None, pure })
    }
}

/// A request, shared by every expression of a run.
#[derive(Clone, Debug)]
pub struct Request {
    pub task: Task,
    /// The point as written: name and value expression, in order.
    pub point: Option<Vec<(String, Ast)>>,
    /// Points from `--at-file`: every result is evaluated at each of them.
    pub table: Option<Arc<Table>>,
    pub limits: Limits,
    /// Threads a run may use (`--jobs`; 1 runs on the calling thread only). Results
    /// never depend on it.
    pub jobs: usize,
    /// Check every derivative numerically (`--check`).
    pub check: Option<CheckOptions>,
}

/// How to check derivatives numerically.
#[derive(Clone, Copy, Debug)]
pub struct CheckOptions {
    /// Seeds the random points used when there is no `--at` point.
    pub seed: u64,
    /// How many random points.
    pub points: usize,
}

impl Default for CheckOptions {
    fn default() -> CheckOptions {
        CheckOptions { seed: 0, points: crate::limits::CHECK_DEFAULT_POINTS }
    }
}

/// Where the time of the pipeline went, phase by phase, summed over the expressions
/// run with it. Measuring costs a clock read per phase, and only when enabled.
#[derive(Clone, Debug, Default)]
pub struct Phases {
    pub enabled: bool,
    /// Text to syntax tree (and into the store, which normalizes as it builds).
    pub parse: Duration,
    /// The checks of the store's limits, the point, and the simplifier's pass of
    /// `simplify`.
    pub simplify: Duration,
    /// Differentiation, with the simplification of each derivative (the two are
    /// interleaved across orders).
    pub diff: Duration,
    /// Compiling the tape for a table of points.
    pub compile: Duration,
    /// Values: at the point, or running the tape over the table.
    pub eval: Duration,
}

impl Phases {
    pub fn new(enabled: bool) -> Phases {
        Phases { enabled, ..Phases::default() }
    }

    /// Now, when enabled.
    pub fn start(&self) -> Option<Instant> {
        self.enabled.then(Instant::now)
    }

    /// Adds the time since `since` (from [`Phases::start`]) to `slot`; returns now.
    pub fn lap(since: Option<Instant>, slot: &mut Duration) -> Option<Instant> {
        since.map(|t| {
            let now = Instant::now();
            *slot += now - t;
            now
        })
    }
}

/// One derivative of an [`Outcome`].
pub struct Derivative {
    /// One variable per differentiation, in order: `["x", "y"]` is d²f/dx dy.
    pub wrt: Vec<String>,
    /// True for a partial asked in its own order (`Task::Partials`): its label reads
    /// right to left, `∂²f/∂y∂x` for `["x", "y"]`.
    pub ordered: bool,
    pub expr: ExprId,
    pub value: Option<Value>,
}

/// The result for one expression.
pub struct Outcome {
    pub input: String,
    pub store: Store,
    pub expr: ExprId,
    /// The expression's free variables as written, sorted.
    pub variables: Vec<String>,
    /// The point's values, in the order given, when there is a point.
    pub point: Option<Vec<(String, Value)>>,
    pub value: Option<Value>,
    pub derivatives: Vec<Derivative>,
    /// The numerical check of the derivatives, with `--check`.
    pub check: Option<Report>,
    /// With `--at-file`: the values at every point, row-major, one row per point of
    /// the function (eval) or of every derivative (diff); NaN where undefined.
    pub rows: Option<Vec<f64>>,
    /// The Laplacian or the directional derivative made of the derivatives.
    pub combined: Option<Combined>,
    /// The direction of a directional derivative, each component as built.
    pub along: Vec<ExprId>,
    /// The series, for `Task::Series`.
    pub series: Option<crate::series::Expansion>,
}

impl Outcome {
    /// True when any requested value is undefined.
    pub fn has_undefined(&self) -> bool {
        let undefined = |v: &Option<Value>| matches!(v, Some(Value::Undefined(_)));
        undefined(&self.value)
            || self.derivatives.iter().any(|d| undefined(&d.value))
            || self.combined.as_ref().is_some_and(|c| undefined(&c.value))
            || self.check.as_ref().is_some_and(|c| c.no_point.is_some())
            || self.rows.as_ref().is_some_and(|r| r.iter().any(|v| v.is_nan()))
    }

    /// True when `--check` found a disagreement.
    pub fn check_failed(&self) -> bool {
        self.check.as_ref().is_some_and(Report::failed)
    }
}

/// The Jacobian of several expressions: one row per expression (each an outcome of
/// first derivatives with respect to `wrt`), one column per variable.
pub struct Jacobian {
    pub rows: Vec<Outcome>,
    pub wrt: Vec<String>,
}

impl Jacobian {
    /// True when any value is undefined at the point.
    pub fn has_undefined(&self) -> bool {
        self.rows.iter().any(Outcome::has_undefined)
    }
}

/// One input, parsed once: built in its own store, with the syntax tree kept when
/// the numerical check needs it (the check differentiates the tree as written).
pub struct Parsed {
    lowered: Lowered,
    ast: Option<Ast>,
}

impl Parsed {
    /// The free variables as written, sorted.
    pub fn variables(&self) -> &[String] {
        &self.lowered.variables
    }
}

/// Parses one input under the request's limits and builds it in a new store.
pub fn parse(request: &Request, input: &str) -> Result<Parsed, Error> {
    let limits = request.limits;
    if request.check.is_none() || request.task.derivatives().is_none() {
        let mut lowered = syntax::parse_lowered(input, limits)?;
        lowered.variables = independent(&lowered.variables, limits.depends);
        return Ok(Parsed { lowered, ast: None });
    }
    let ast = syntax::parse_with(input, limits)?;
    let variables = independent(&ast.variables(), limits.depends);
    let mut store = Store::with_limits(&limits);
    let expr = ast.lower(&mut store);
    Ok(Parsed { lowered: Lowered { store, expr, variables }, ast: Some(ast) })
}

/// The variables of an input as the tasks read them: a variable declared to depend
/// on others (`--depends "y(x)"`) stands for those (x), sorted, each once.
fn independent(variables: &[String], depends: &[Dependency]) -> Vec<String> {
    if depends.is_empty() {
        return variables.to_vec();
    }
    let mut out: Vec<String> = Vec::new();
    for v in variables {
        match depends.iter().find(|d| d.name == v) {
            Some(d) => out.extend(d.args.iter().map(|a| a.to_string())),
            None => out.push(v.clone()),
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Runs the request on one expression.
pub fn run(request: &Request, input: &str) -> Result<Outcome, Error> {
    run_timed(request, input, &mut Phases::default())
}

/// Runs the request on one expression, adding the time of each phase to `phases`.
pub fn run_timed(request: &Request, input: &str, phases: &mut Phases) -> Result<Outcome, Error> {
    let t = phases.start();
    let parsed = parse(request, input)?;
    Phases::lap(t, &mut phases.parse);
    run_parsed(request, input, parsed, phases)
}

/// Runs the request on an input already parsed by [`parse`].
pub fn run_parsed(request: &Request, input: &str, parsed: Parsed, phases: &mut Phases) -> Result<Outcome, Error> {
    let Parsed { lowered: Lowered { store, expr, variables }, ast } = parsed;
    let limits = &request.limits;
    let t = phases.start();
    within_limits(&store, limits)?;
    let mut outcome = Outcome {
        input: input.to_string(),
        store,
        expr,
        variables,
        point: None,
        value: None,
        derivatives: Vec::new(),
        check: None,
        rows: None,
        combined: None,
        along: Vec::new(),
        series: None,
    };
    let point = match &request.point {
        Some(p) => {
            Some(build_point(&mut outcome.store, p, &vector::point_variables(&request.task, &outcome.variables))?)
        }
        // `eval` of an expression without variables needs no point.
        None if matches!(request.task, Task::Eval) && request.table.is_none() => {
            Some(build_point(&mut outcome.store, &[], &outcome.variables)?)
        }
        None => None,
    };
    let shown_point = request.point.is_some();
    within_limits(&outcome.store, limits)?;
    if let Task::Simplify { form } = request.task {
        outcome.expr = simplify_in(&mut outcome.store, expr, form)?;
        within_limits(&outcome.store, limits)?;
    }
    if let Task::Series { wrt, around, order } = &request.task {
        outcome.series = Some(series::expand_outcome(&mut outcome, wrt.as_deref(), around, *order)?);
        within_limits(&outcome.store, limits)?;
    }
    Phases::lap(t, &mut phases.simplify);
    if let Some(asked) = request.task.derivatives() {
        match asked.partials {
            Some(partials) => differentiate_partials(&mut outcome, partials, limits, phases)?,
            None => {
                let wrt = asked.wrt.map_or_else(|| outcome.variables.clone(), <[String]>::to_vec);
                differentiate(&mut outcome, &wrt, asked, limits, phases)?;
                vector::combine_outcome(&mut outcome, &request.task, &wrt, limits)?;
            }
        }
    }
    check_sizes(&outcome, limits)?;
    if let Some(table) = &request.table {
        evaluate_table(&mut outcome, request, table, phases)?;
        outcome.store.unlimit();
        return Ok(outcome);
    }
    let t = phases.start();
    let mut floats = None;
    if let Some((exact, values)) = point {
        let mut ev = Evaluator::new(&exact);
        let f = ev.value(&mut outcome.store, expr);
        for d in &mut outcome.derivatives {
            let v = ev.value(&mut outcome.store, d.expr);
            d.value = Some(where_defined(&f, v, "the function"));
        }
        if let Some(c) = &mut outcome.combined {
            let v = ev.value(&mut outcome.store, c.expr);
            c.value = Some(where_defined(&f, v, "the function"));
        }
        outcome.value = Some(f);
        outcome.point = shown_point.then_some(values);
        fill_texts(&mut outcome);
        floats = Some(exact.float);
        Phases::lap(t, &mut phases.eval);
    }
    if let (Some(options), Some(ast)) = (request.check, &ast) {
        let points = match floats {
            Some(p) => Points::At(p),
            None => Points::Random { seed: options.seed, count: options.points },
        };
        let entries: Vec<(Vec<String>, ExprId)> = outcome.derivatives.iter().map(|d| (d.wrt.clone(), d.expr)).collect();
        outcome.check = Some(check::check(ast, &outcome.store, expr, &entries, &points));
        vector::check_combined(&mut outcome, &request.task);
    }
    // The results' sizes are checked, so printing them is bounded work.
    outcome.store.unlimit();
    Ok(outcome)
}

/// A derivative's value `v` where `f` (what it is the derivative of, `what`) has
/// the value `f`: where the function is undefined, so are its derivatives (ln(x) at
/// x=-1 has no derivative there, though 1/x has a value).
fn where_defined(f: &Value, v: Value, what: &str) -> Value {
    match (f, v) {
        (Value::Undefined(why), v) if !matches!(v, Value::Undefined(_)) => {
            Value::Undefined(format!("{what} is undefined here ({why})"))
        }
        (_, v) => v,
    }
}

/// Writes the text of every closed-form value of an outcome (gradtape syntax).
fn fill_texts(o: &mut Outcome) {
    let values = o.value.iter_mut().chain(o.derivatives.iter_mut().filter_map(|d| d.value.as_mut()));
    let values = values.chain(o.combined.iter_mut().filter_map(|c| c.value.as_mut()));
    let points = o.point.iter_mut().flat_map(|p| p.iter_mut().map(|(_, v)| v));
    fill_value_texts(&mut o.store, values.chain(points));
}

/// Writes the text of every closed form among `values` (gradtape syntax).
fn fill_value_texts<'a>(store: &mut Store, values: impl Iterator<Item = &'a mut Value>) {
    for c in values.filter_map(Value::closed_mut) {
        c.text = crate::render::text::to_text(store, c.expr);
    }
}

/// The derivatives by every multiset of `wrt` of each order in `orders`, in order.
fn differentiate(
    outcome: &mut Outcome,
    wrt: &[String],
    asked: Derivatives,
    limits: &Limits,
    phases: &mut Phases,
) -> Result<(), Error> {
    let orders = asked.orders;
    let mut chain = DerivativeChain::new(outcome.expr);
    let vars: Vec<ExprId> = wrt.iter().map(|v| outcome.store.var(v)).collect();
    let count = (orders.0..=orders.1).fold(0u64, |n, k| n.saturating_add(multiset_count(wrt.len(), k as usize)));
    if count > MAX_DERIVATIVES as u64 {
        return Err(Error::new(ErrorKind::Limit, format!("more than {MAX_DERIVATIVES} derivatives requested"))
            .hint("ask for fewer variables or a lower --order"));
    }
    for order in orders.0..=orders.1 {
        for combo in multisets(wrt.len(), order as usize) {
            if asked.pure && combo.windows(2).any(|w| w[0] != w[1]) {
                continue;
            }
            let t = phases.start();
            let e = chain.derivative(&mut outcome.store, &combo, &vars);
            Phases::lap(t, &mut phases.diff);
            within_limits(&outcome.store, limits)?;
            let names = combo.iter().map(|&i| wrt[i].clone()).collect();
            outcome.derivatives.push(Derivative { wrt: names, ordered: false, expr: e, value: None });
        }
    }
    Ok(())
}

/// Each of `partials`, by its variables in the order given: the prefixes are taken
/// in that order, each from the one before (`x`, then `x, x`, then `x, x, y`).
fn differentiate_partials(
    outcome: &mut Outcome,
    partials: &[Vec<String>],
    limits: &Limits,
    phases: &mut Phases,
) -> Result<(), Error> {
    if partials.len() > MAX_DERIVATIVES {
        return Err(Error::new(ErrorKind::Limit, format!("more than {MAX_DERIVATIVES} derivatives requested"))
            .hint("ask for fewer --partial"));
    }
    let mut chain = DerivativeChain::new(outcome.expr);
    let mut names: Vec<&String> = Vec::new();
    for p in partials {
        for v in p {
            if !names.contains(&v) {
                names.push(v);
            }
        }
    }
    let vars: Vec<ExprId> = names.iter().map(|v| outcome.store.var(v)).collect();
    for p in partials {
        let combo: Vec<usize> = p.iter().map(|v| names.iter().position(|n| *n == v).unwrap_or(0)).collect();
        let t = phases.start();
        let e = chain.derivative(&mut outcome.store, &combo, &vars);
        Phases::lap(t, &mut phases.diff);
        within_limits(&outcome.store, limits)?;
        outcome.derivatives.push(Derivative { wrt: p.clone(), ordered: true, expr: e, value: None });
    }
    Ok(())
}

/// With a table of points: the values of the derivatives (or of the expression,
/// when nothing is differentiated) at every point, through a compiled tape.
fn evaluate_table(outcome: &mut Outcome, request: &Request, table: &Table, phases: &mut Phases) -> Result<(), Error> {
    let t = phases.start();
    // With derivatives, the function comes last: where it is undefined, so are they.
    let outputs: Vec<ExprId> = match request.task.derivatives() {
        Some(_) => outcome.derivatives.iter().map(|d| d.expr).chain([outcome.expr]).collect(),
        None => vec![outcome.expr],
    };
    if let Some(name) = outcome.store.abstract_in(&outputs) {
        let what = match outcome.store.dependency(name) {
            Some(d) => format!("{name} depends on {} (--depends): its derivatives have none", d.args.join(", ")),
            None => format!("{name} is an abstract function"),
        };
        return Err(Error::new(ErrorKind::Usage, format!("--at-file computes numbers, and {what}"))
            .hint("use --at for the value at a point as an expression"));
    }
    let tape = Tape::compile(&outcome.store, &outputs, &table.names).map_err(|missing| {
        Error::new(ErrorKind::MissingValue, format!("the points file has no column {}", missing.0))
            .hint(format!("add a column named {} to its header", missing.0))
    })?;
    let t = Phases::lap(t, &mut phases.compile);
    let derivatives = request.task.derivatives().is_some();
    let per_row = outputs.len();
    // One value per derivative (the function's only decides which are undefined),
    // or the function's.
    let width = if derivatives { per_row - 1 } else { per_row };
    let n = table.rows();
    let mut rows = vec![0.0; n * width];
    // Chunks of whole batches of the tape, one per thread: each row is computed as
    // with one thread.
    let threads = parallel::threads_for(n.saturating_mul(tape.len().max(per_row)), request.jobs);
    let ranges = parallel::split(n, threads, LANES);
    let inputs = tape.inputs();
    let work = |range: std::ops::Range<usize>, out: &mut [f64]| {
        let mut ws = tape.workspace();
        let mut batch = vec![0.0; LANES * per_row];
        let first_failed = table.failed.partition_point(|f| f.row < range.start);
        let mut failed = table.failed[first_failed..].iter().map(|f| f.row).peekable();
        let mut start = range.start;
        for block in out.chunks_mut(LANES * width) {
            let len = block.len() / width;
            let batch = &mut batch[..len * per_row];
            tape.eval_into(&mut ws, &table.values[start * inputs..(start + len) * inputs], batch);
            for (l, (row, values)) in block.chunks_exact_mut(width).zip(batch.chunks_exact(per_row)).enumerate() {
                // The rows of the table that failed are never shown (their errors
                // are): their values are not undefined values of the expression.
                if failed.next_if_eq(&(start + l)).is_some() {
                    row.fill(0.0);
                } else if derivatives && values[per_row - 1].is_nan() {
                    // With derivatives, the function comes last: where it is
                    // undefined, so are they.
                    row.fill(f64::NAN);
                } else {
                    row.copy_from_slice(&values[..width]);
                }
            }
            start += len;
        }
    };
    if width > 0 {
        parallel::fill(&mut rows, width, &ranges, work);
    }
    outcome.rows = Some(rows);
    Phases::lap(t, &mut phases.eval);
    Ok(())
}

/// The Jacobian's rows: each input parsed once, the columns found (the task's
/// `wrt`, or every free variable of any input that parses), then each row's first
/// partials; an input's error stands in its row.
pub fn jacobian(request: &Request, inputs: &[&str]) -> (Vec<String>, Vec<Result<Outcome, Error>>) {
    let parsed: Vec<Result<Parsed, Error>> = inputs.iter().map(|text| parse(request, text)).collect();
    let wrt = match request.task.derivatives().and_then(|asked| asked.wrt) {
        Some(w) => w.to_vec(),
        None => {
            let mut all: Vec<String> = parsed.iter().flatten().flat_map(|p| p.variables().iter().cloned()).collect();
            all.sort();
            all.dedup();
            all
        }
    };
    let request = Request { task: Task::Jacobian { wrt: Some(wrt.clone()) }, ..request.clone() };
    let mut phases = Phases::default();
    let rows = parsed
        .into_iter()
        .zip(inputs)
        .map(|(p, text)| p.and_then(|p| run_parsed(&request, text, p, &mut phases)))
        .collect();
    (wrt, rows)
}

/// The error for the work limit the store ran into, if any.
fn within_limits(store: &Store, limits: &Limits) -> Result<(), Error> {
    match store.exceeded() {
        Some(which) => Err(limits.exceeded_error(which)),
        None => Ok(()),
    }
}

/// Refuses results too large to print (`--max-size`).
fn check_sizes(outcome: &Outcome, limits: &Limits) -> Result<(), Error> {
    let sizes = outcome.store.tree_sizes();
    if sizes[outcome.expr.index()] > limits.max_size {
        return Err(limits.size_error("the expression"));
    }
    for d in &outcome.derivatives {
        if sizes[d.expr.index()] > limits.max_size {
            let what = format!("the derivative by {}", d.wrt.join(", "));
            return Err(limits.size_error(&what));
        }
    }
    if outcome.combined.as_ref().is_some_and(|c| sizes[c.expr.index()] > limits.max_size) {
        return Err(limits.size_error("the result"));
    }
    if let Some(e) = &outcome.series {
        let total = e.terms.iter().fold(0u64, |n, t| n.saturating_add(sizes[t.coefficient.index()]));
        if total > limits.max_size {
            return Err(limits.size_error("the series"));
        }
    }
    Ok(())
}

/// Builds the point in the expression's store: every value must be a number (it
/// may be an expression such as pi/4), and every variable of the expression needs one.
pub(crate) fn build_point(
    store: &mut Store,
    bindings: &[(String, Ast)],
    variables: &[String],
) -> Result<(Point, Vec<(String, Value)>), Error> {
    let mut point = Point::default();
    let mut shown = Vec::new();
    let empty = Point::default();
    for (name, ast) in bindings {
        if let Some(v) = ast.variables().first() {
            return Err(Error::new(ErrorKind::Usage, format!("the value of {name} in --at uses the variable {v}"))
                .hint("values must be numbers or constant expressions such as pi/4"));
        }
        let id = ast.lower(store);
        let value = Evaluator::new(&empty).value(store, id);
        let f = match value.to_f64() {
            Some(f) => f,
            None => {
                return Err(Error::new(ErrorKind::Usage, format!("the value of {name} in --at is {}", value.text())))
            }
        };
        point.exact.insert(name.clone(), id);
        point.float.insert(name.clone(), f);
        shown.push((name.clone(), value));
    }
    let given: HashSet<&str> = bindings.iter().map(|(n, _)| n.as_str()).collect();
    dependents_at(store, &mut point, &given);
    if let Some(missing) = variables.iter().find(|v| !given.contains(v.as_str())) {
        let unused = bindings.iter().map(|(n, _)| n.as_str()).filter(|n| !variables.iter().any(|v| v == n));
        let err = Error::new(ErrorKind::MissingValue, format!("no value for {missing} in --at"));
        return Err(match did_you_mean(missing, unused) {
            Some(typo) => {
                err.hint(format!("--at gives {typo}, which the expression does not use: did you mean {missing}?"))
            }
            None => err.hint(format!("add {missing}=... to --at")),
        });
    }
    Ok((point, shown))
}

/// At a point, a variable declared to depend on others that is not given a value
/// is the function at the point (`y` at x=2 is `y(2)`): its exact value is that
/// expression and it has no float, so values where it occurs stay expressions.
fn dependents_at(store: &mut Store, point: &mut Point, given: &HashSet<&str>) {
    for dep in store.dependencies() {
        if given.contains(dep.name) {
            continue;
        }
        let args: Vec<ExprId> =
            dep.args.iter().map(|a| point.exact.get(*a).copied().unwrap_or_else(|| store.var(a))).collect();
        let h = store.head(dep.name, &[]);
        let at = store.apply(h, &args);
        point.exact.insert(dep.name.to_string(), at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::text::to_text;

    fn request(check: Option<CheckOptions>) -> Request {
        let task = Task::Diff { wrt: None, orders: (1, 2) };
        Request { task, point: None, table: None, limits: Limits::default(), jobs: 1, check }
    }

    fn texts(o: &mut Outcome) -> Vec<String> {
        let mut out = vec![to_text(&mut o.store, o.expr)];
        for i in 0..o.derivatives.len() {
            let e = o.derivatives[i].expr;
            out.push(to_text(&mut o.store, e));
        }
        out
    }

    #[test]
    fn the_tree_kept_for_the_check_builds_the_same_results() {
        for input in ["x^2*y + sin(x*y)", "exp(-x^2)/(1+y^2)", "-(x+1)/(2*(y-1))", "log(x, 2) + sqrt(x*y)"] {
            let mut fast = run(&request(None), input).expect("valid");
            let mut checked = run(&request(Some(CheckOptions::default())), input).expect("valid");
            assert!(fast.check.is_none() && checked.check.is_some());
            assert_eq!(texts(&mut fast), texts(&mut checked), "{input}");
            assert_eq!(fast.variables, checked.variables);
        }
    }

    #[test]
    fn the_jacobian_takes_its_columns_from_every_row_that_parses() {
        let request = Request { task: Task::Jacobian { wrt: None }, ..request(None) };
        let (wrt, rows) = jacobian(&request, &["x*y", "z +", "t"]);
        assert_eq!(wrt, ["t", "x", "y"]);
        assert!(rows[0].is_ok() && rows[1].is_err() && rows[2].is_ok());
        assert_eq!(rows[2].as_ref().map(|o| o.derivatives.len()).ok(), Some(3));
    }
}
