//! What each command computes for one expression: parse, build, differentiate,
//! evaluate. Printing is left to `render`; reading input and exit codes to `main`.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::check::{self, Points, Report};
use crate::diff::Differentiator;
use crate::error::{did_you_mean, Error, ErrorKind};
use crate::eval::{Evaluator, Point, Value};
use crate::expr::{ExprId, Store};
use crate::kernel_poly::{KernelAlgebra, KernelPoly};
use crate::parse::{self, Ast, Limits};
use crate::points::Table;
use crate::simplify::{simplify, Form, Simplifier};
use crate::tape::Tape;

/// Derivatives requested above this many per expression are refused.
pub const MAX_DERIVATIVES: usize = 10_000;

/// Highest derivative order accepted.
pub const MAX_ORDER: u32 = 100;

/// What to do with each expression.
#[derive(Clone, Debug)]
pub enum Task {
    /// Differentiate with respect to `wrt` (None: every free variable) for every
    /// order in `orders`.
    Diff {
        wrt: Option<Vec<String>>,
        orders: (u32, u32),
    },
    /// Simplify the expression into the chosen form.
    Simplify {
        form: Form,
    },
    Eval,
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
        CheckOptions { seed: 0, points: check::DEFAULT_POINTS }
    }
}

/// Where the time of a run went, phase by phase, summed over its expressions
/// (`--timings`). Measuring costs a clock read per phase, and only when enabled.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub enabled: bool,
    /// Expressions run.
    pub count: usize,
    /// Reading the `--at-file` table.
    pub read: Duration,
    /// Text to syntax tree.
    pub parse: Duration,
    /// Syntax tree to canonical form in the store (the store simplifies as it
    /// builds), and the simplifier's pass over each result.
    pub simplify: Duration,
    /// Differentiation, with the simplification of each derivative (the two are
    /// interleaved across orders).
    pub diff: Duration,
    /// Compiling the tape for `--at-file`.
    pub compile: Duration,
    /// Values: at `--at`, or running the tape over the `--at-file` points.
    pub eval: Duration,
    /// Rendering and writing the results.
    pub print: Duration,
}

impl Timings {
    pub fn new(enabled: bool) -> Timings {
        Timings { enabled, ..Timings::default() }
    }

    /// Now, when enabled.
    pub fn start(&self) -> Option<Instant> {
        self.enabled.then(Instant::now)
    }

    /// Adds the time since `since` (from [`Timings::start`]) to `slot`; returns now.
    pub fn lap(since: Option<Instant>, slot: &mut Duration) -> Option<Instant> {
        since.map(|t| {
            let now = Instant::now();
            *slot += now - t;
            now
        })
    }

    /// The sum of the phases (reading the points file excluded).
    pub fn total(&self) -> Duration {
        self.parse + self.simplify + self.diff + self.compile + self.eval + self.print
    }

    /// One line for stderr: `timings: parse 0.120 ms, simplify ..., total ... (N expressions)`.
    pub fn report(&self) -> String {
        let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1e3);
        let mut parts = vec![
            format!("parse {}", ms(self.parse)),
            format!("simplify {}", ms(self.simplify)),
            format!("diff {}", ms(self.diff)),
        ];
        if self.compile > Duration::ZERO || self.read > Duration::ZERO {
            parts.push(format!("compile {}", ms(self.compile)));
        }
        parts.push(format!("eval {}", ms(self.eval)));
        parts.push(format!("print {}", ms(self.print)));
        parts.push(format!("total {}", ms(self.total())));
        if self.read > Duration::ZERO {
            parts.push(format!("read points {}", ms(self.read)));
        }
        let n = self.count;
        format!("timings: {} ({n} expression{})\n", parts.join(", "), if n == 1 { "" } else { "s" })
    }
}

/// One derivative of an [`Outcome`].
pub struct Derivative {
    /// One variable per differentiation, in order: `["x", "y"]` is d²f/dx dy.
    pub wrt: Vec<String>,
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
}

impl Outcome {
    /// True when any requested value is undefined.
    pub fn has_undefined(&self) -> bool {
        let undefined = |v: &Option<Value>| matches!(v, Some(Value::Undefined(_)));
        undefined(&self.value)
            || self.derivatives.iter().any(|d| undefined(&d.value))
            || self.check.as_ref().is_some_and(|c| c.no_point.is_some())
            || self.rows.as_ref().is_some_and(|r| r.iter().any(|v| v.is_nan()))
    }

    /// True when `--check` found a disagreement.
    pub fn check_failed(&self) -> bool {
        self.check.as_ref().is_some_and(Report::failed)
    }
}

/// Parses `--order`: `2` or `1..3`.
pub fn parse_orders(text: &str) -> Result<(u32, u32), Error> {
    let bad = || {
        Error::new(ErrorKind::Usage, format!("--order '{text}' is not an order"))
            .hint("write a whole number such as 2, or a range such as 1..3")
    };
    let parse_one = |t: &str| t.trim().parse::<u32>().map_err(|_| bad());
    let (lo, hi) = match text.split_once("..") {
        Some((a, b)) => {
            let b = b.strip_prefix('=').unwrap_or(b);
            (parse_one(a)?, parse_one(b)?)
        }
        None => {
            let n = parse_one(text)?;
            (n, n)
        }
    };
    if lo > hi {
        return Err(bad());
    }
    if hi > MAX_ORDER {
        return Err(Error::new(ErrorKind::Limit, format!("--order {hi} is above the limit of {MAX_ORDER}")));
    }
    Ok((lo, hi))
}

/// Parses `--wrt` names.
pub fn check_wrt(names: &[String]) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for n in names {
        let n = n.trim();
        if n.is_empty() {
            continue;
        }
        if !n.chars().all(|c| c.is_alphanumeric() || c == '_') || n.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(Error::new(ErrorKind::Usage, format!("--wrt '{n}' is not a variable name")));
        }
        parse::check_variable_name(n, 0, 0).map_err(|mut e| {
            e.span = None;
            e
        })?;
        if !out.iter().any(|o: &String| o == n) {
            out.push(n.to_string());
        }
    }
    if out.is_empty() && !names.is_empty() {
        return Err(Error::new(ErrorKind::Usage, "--wrt names no variable"));
    }
    Ok(out)
}

/// Runs the request on one expression.
pub fn run(request: &Request, input: &str) -> Result<Outcome, Error> {
    run_timed(request, input, &mut Timings::default())
}

/// Runs the request on one expression, adding the time of each phase to `timings`.
pub fn run_timed(request: &Request, input: &str, timings: &mut Timings) -> Result<Outcome, Error> {
    timings.count += 1;
    let t = timings.start();
    let parse::Lowered { mut store, expr, variables } = parse::parse_lowered(input, request.limits)?;
    let t = Timings::lap(t, &mut timings.parse);
    let limits = &request.limits;
    within_limits(&store, limits)?;
    let t = Timings::lap(t, &mut timings.simplify);
    let point = match &request.point {
        Some(p) => Some(build_point(&mut store, p, &variables)?),
        None => None,
    };
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
    };
    if let Task::Simplify { form } = request.task {
        outcome.expr = simplify(&mut outcome.store, expr, form);
        within_limits(&outcome.store, limits)?;
    }
    Timings::lap(t, &mut timings.simplify);
    if let Task::Diff { wrt, orders } = &request.task {
        let wrt = wrt.clone().unwrap_or_else(|| outcome.variables.clone());
        let mut chain = DerivativeChain::new(expr);
        let vars: Vec<ExprId> = wrt.iter().map(|v| outcome.store.var(v)).collect();
        let count = (orders.0..=orders.1).fold(0u64, |n, k| n.saturating_add(multiset_count(wrt.len(), k as usize)));
        if count > MAX_DERIVATIVES as u64 {
            return Err(Error::new(ErrorKind::Limit, format!("more than {MAX_DERIVATIVES} derivatives requested"))
                .hint("ask for fewer variables or a lower --order"));
        }
        for order in orders.0..=orders.1 {
            for combo in multisets(wrt.len(), order as usize) {
                let t = timings.start();
                let e = chain.derivative(&mut outcome.store, &combo, &vars);
                Timings::lap(t, &mut timings.diff);
                within_limits(&outcome.store, limits)?;
                let names = combo.iter().map(|&i| wrt[i].clone()).collect();
                outcome.derivatives.push(Derivative { wrt: names, expr: e, value: None });
            }
        }
    }
    check_sizes(&outcome, limits)?;
    let mut floats = None;
    let t = timings.start();
    if let Some(table) = &request.table {
        let outputs: Vec<ExprId> = match request.task {
            Task::Diff { .. } => outcome.derivatives.iter().map(|d| d.expr).collect(),
            _ => vec![expr],
        };
        let tape = Tape::compile(&outcome.store, &outputs, &table.names).map_err(|missing| {
            Error::new(ErrorKind::MissingValue, format!("the points file has no column {}", missing.0))
                .hint(format!("add a column named {} to its header", missing.0))
        })?;
        let t = Timings::lap(t, &mut timings.compile);
        outcome.rows = Some(tape.eval(&table.values));
        Timings::lap(t, &mut timings.eval);
        outcome.store.unlimit();
        return Ok(outcome);
    }
    if let Some((exact, values)) = point {
        let mut ev = Evaluator::new(&exact);
        outcome.value = Some(ev.value(&mut outcome.store, expr));
        for d in &mut outcome.derivatives {
            d.value = Some(ev.value(&mut outcome.store, d.expr));
        }
        outcome.point = Some(values);
        floats = Some(exact.float);
        Timings::lap(t, &mut timings.eval);
    }
    if let (Some(options), Task::Diff { .. }) = (request.check, &request.task) {
        let points = match floats {
            Some(p) => Points::At(p),
            None => Points::Random { seed: options.seed, count: options.points },
        };
        let entries: Vec<(Vec<String>, ExprId)> = outcome.derivatives.iter().map(|d| (d.wrt.clone(), d.expr)).collect();
        // The check differentiates the tree as written, apart from the store.
        let ast = parse::parse_with(input, request.limits)?;
        outcome.check = Some(check::check(&ast, &outcome.store, expr, &entries, &points));
    }
    // The results' sizes are checked, so printing them is bounded work.
    outcome.store.unlimit();
    Ok(outcome)
}

/// Printed size (SymPy `count_ops`) above which a raw derivative is dropped: the
/// raw chain stops there, and the collected chain gives the result.
const RAW_SIMPLIFY_COST: u64 = 2_000;

/// Orders the raw chain goes to.
const RAW_CHAIN_ORDERS: usize = 3;

/// Printed size above which the collected form is tried beside the raw one.
const BOTH_CHAINS_COST: u64 = 200;

/// Derivatives of one expression by multisets of variables, each computed from the
/// derivatives of its prefix (d/dx d/dy f from d/dy f), along two chains:
///
/// - the raw chain differentiates raw derivatives (the memoized DAG keeps it cheap)
///   up to order [`RAW_CHAIN_ORDERS`], and simplifies only at the end, which gives the
///   shortest forms for low orders;
/// - the collected chain (second order on) differentiates the polynomial in kernels
///   of the previous order ([`KernelAlgebra`]), so like terms are collected as it goes
///   and nothing is simplified until a result is shown (the 20th derivative of x^x
///   stays a few kilobytes instead of megabytes).
///
/// Each result is the cheaper of the two; once a raw derivative grows large, the raw
/// chain stops. Where a derivative has no polynomial form, the next order is taken
/// from the simplified result instead.
struct DerivativeChain {
    /// The expression differentiated.
    f: ExprId,
    diff: Differentiator,
    simplifier: Simplifier,
    algebra: KernelAlgebra,
    /// For each multiset of variable indices taken so far.
    done: HashMap<Vec<usize>, Entry>,
}

/// One derivative of the chain.
#[derive(Default)]
struct Entry {
    /// The raw derivative, while it is small.
    raw: Option<ExprId>,
    /// Its polynomial in kernels: not yet tried (None), or the form if there is one.
    poly: Option<Option<Rc<KernelPoly>>>,
    /// The simplified derivative, once asked for.
    result: Option<ExprId>,
}

impl DerivativeChain {
    fn new(f: ExprId) -> DerivativeChain {
        let mut done = HashMap::new();
        done.insert(Vec::new(), Entry { raw: Some(f), poly: None, result: Some(f) });
        DerivativeChain {
            f,
            diff: Differentiator::new(),
            simplifier: Simplifier::new(Form::Auto),
            algebra: KernelAlgebra::new(),
            done,
        }
    }

    /// The simplified derivative by the variables `combo` (indices into `vars`),
    /// as it is shown.
    fn derivative(&mut self, s: &mut Store, combo: &[usize], vars: &[ExprId]) -> ExprId {
        let result = if combo.is_empty() { self.simplifier.run(s, self.f) } else { self.result(s, combo, vars) };
        self.simplifier.present(s, result)
    }

    /// The raw derivative by `combo` while it is small (the expression itself for
    /// the empty multiset).
    fn raw(&mut self, s: &mut Store, combo: &[usize], vars: &[ExprId]) -> Option<ExprId> {
        if let Some(e) = self.done.get(combo) {
            return e.raw;
        }
        let (last, prefix) = combo.split_last().map_or((0, &[][..]), |(l, p)| (*l, p));
        let raw = self.raw(s, prefix, vars).filter(|_| combo.len() <= RAW_CHAIN_ORDERS).and_then(|r| {
            let d = self.diff.diff(s, r, vars[last]);
            (self.simplifier.cost(s, d) <= RAW_SIMPLIFY_COST).then_some(d)
        });
        self.done.insert(combo.to_vec(), Entry { raw, ..Entry::default() });
        raw
    }

    /// The polynomial in kernels of the derivative by `combo`, if it has one.
    fn poly(&mut self, s: &mut Store, combo: &[usize], vars: &[ExprId]) -> Option<Rc<KernelPoly>> {
        self.raw(s, combo, vars);
        if let Some(p) = self.done.get(combo).and_then(|e| e.poly.clone()) {
            return p;
        }
        let p = match combo.split_last() {
            None => self.algebra.form(s, self.f),
            Some((&last, prefix)) => {
                let prev = self.poly(s, prefix, vars)?;
                self.algebra.derivative(s, &mut self.diff, &prev, vars[last]).map(Rc::new)
            }
        };
        if let Some(e) = self.done.get_mut(combo) {
            e.poly = Some(p.clone());
        }
        p
    }

    /// The simplified derivative by a non-empty `combo`: the cheaper of the
    /// simplified raw derivative and the simplified collected form.
    fn result(&mut self, s: &mut Store, combo: &[usize], vars: &[ExprId]) -> ExprId {
        let raw = self.raw(s, combo, vars);
        if let Some(r) = self.done.get(combo).and_then(|e| e.result) {
            return r;
        }
        let Some((&last, prefix)) = combo.split_last() else {
            return self.f;
        };
        let mut candidates = Vec::new();
        if let Some(r) = raw {
            candidates.push(self.simplifier.run(s, r));
        }
        // A small raw derivative simplifies well by itself: the collected form is
        // only worth its cost once the raw one has grown.
        let raw_small = raw.is_some_and(|r| self.simplifier.cost(s, r) <= BOTH_CHAINS_COST);
        if combo.len() >= 2 && !raw_small {
            if let Some(p) = self.poly(s, combo, vars) {
                let e = self.algebra.expr(s, &p);
                candidates.push(self.simplifier.run(s, e));
            }
        }
        if candidates.is_empty() {
            // No small raw derivative and no polynomial form: differentiate the
            // previous order's simplified result.
            let prev = self.result(s, prefix, vars);
            let d = self.diff.diff(s, prev, vars[last]);
            candidates.push(self.simplifier.run(s, d));
        }
        let r = self.simplifier.cheapest(s, &candidates);
        if let Some(e) = self.done.get_mut(combo) {
            e.result = Some(r);
        }
        r
    }
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
    Ok(())
}

/// How many multisets of size k there are over n items, C(n + k - 1, k), saturating.
pub fn multiset_count(n: usize, k: usize) -> u64 {
    if n == 0 {
        return u64::from(k == 0);
    }
    // C(n - 1 + k, k) = prod over i in 1..=k of (n - 1 + i) / i, exact at every step.
    let mut c: u128 = 1;
    for i in 1..=k as u128 {
        c = c.saturating_mul(n as u128 - 1 + i) / i;
        if c > u64::MAX as u128 {
            return u64::MAX;
        }
    }
    c as u64
}

/// The multisets of size k over n items, as sorted index lists, in lexicographic
/// order: for n = 2, k = 2: [0,0], [0,1], [1,1].
pub fn multisets(n: usize, k: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return if k == 0 { vec![vec![]] } else { vec![] };
    }
    let mut out = Vec::new();
    let mut cur = vec![0usize; k];
    loop {
        out.push(cur.clone());
        // Advance: find the rightmost position that can grow.
        let Some(i) = (0..k).rev().find(|&i| cur[i] + 1 < n) else {
            return out;
        };
        let v = cur[i] + 1;
        for c in cur.iter_mut().skip(i) {
            *c = v;
        }
        if out.len() > MAX_DERIVATIVES {
            return out;
        }
    }
}

/// Builds the point in the expression's store: every value must be a number (it
/// may be an expression such as pi/4), and every variable of the expression needs one.
fn build_point(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multisets_list_each_mixed_partial_once() {
        assert_eq!(multisets(2, 2), vec![vec![0, 0], vec![0, 1], vec![1, 1]]);
        assert_eq!(multisets(3, 1), vec![vec![0], vec![1], vec![2]]);
        assert_eq!(multisets(2, 0), vec![Vec::<usize>::new()]);
        assert_eq!(multisets(3, 3).len(), 10);
    }

    #[test]
    fn orders_parse() {
        assert_eq!(parse_orders("2").unwrap(), (2, 2));
        assert_eq!(parse_orders("1..3").unwrap(), (1, 3));
        assert!(parse_orders("3..1").is_err());
        assert!(parse_orders("x").is_err());
    }
}
