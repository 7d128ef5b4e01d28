//! What each command computes for one expression: parse, build, differentiate,
//! evaluate. Printing is left to `render`; reading input and exit codes to `main`.

use std::collections::{HashMap, HashSet};

use crate::check::{self, Points, Report};
use crate::diff::Differentiator;
use crate::error::{did_you_mean, Error, ErrorKind};
use crate::eval::{Evaluator, Point, Value};
use crate::expr::{ExprId, Store};
use crate::parse::{self, Ast, Limits};
use crate::simplify::{Form, Simplifier};

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
}

impl Outcome {
    /// True when any requested value is undefined.
    pub fn has_undefined(&self) -> bool {
        let undefined = |v: &Option<Value>| matches!(v, Some(Value::Undefined(_)));
        undefined(&self.value)
            || self.derivatives.iter().any(|d| undefined(&d.value))
            || self.check.as_ref().is_some_and(|c| c.no_point.is_some())
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
    let ast = parse::parse_with(input, request.limits)?;
    let variables = ast.variables();
    let limits = &request.limits;
    let mut store = Store::with_limits(limits);
    let expr = ast.lower(&mut store);
    within_limits(&store, limits)?;
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
    };
    if let Task::Simplify { form } = request.task {
        outcome.expr = Simplifier::new(form).run(&mut outcome.store, expr);
        within_limits(&outcome.store, limits)?;
    }
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
                let e = chain.derivative(&mut outcome.store, &combo, &vars);
                within_limits(&outcome.store, limits)?;
                let names = combo.iter().map(|&i| wrt[i].clone()).collect();
                outcome.derivatives.push(Derivative { wrt: names, expr: e, value: None });
            }
        }
    }
    check_sizes(&outcome, limits)?;
    let mut floats = None;
    if let Some((exact, values)) = point {
        let mut ev = Evaluator::new(&exact);
        outcome.value = Some(ev.value(&mut outcome.store, expr));
        for d in &mut outcome.derivatives {
            d.value = Some(ev.value(&mut outcome.store, d.expr));
        }
        outcome.point = Some(values);
        floats = Some(exact.float);
    }
    if let (Some(options), Task::Diff { .. }) = (request.check, &request.task) {
        let points = match floats {
            Some(p) => Points::At(p),
            None => Points::Random { seed: options.seed, count: options.points },
        };
        let entries: Vec<(Vec<String>, ExprId)> = outcome.derivatives.iter().map(|d| (d.wrt.clone(), d.expr)).collect();
        outcome.check = Some(check::check(&ast, &outcome.store, expr, &entries, &points));
    }
    // The results' sizes are checked, so printing them is bounded work.
    outcome.store.unlimit();
    Ok(outcome)
}

/// Printed size (SymPy `count_ops`) above which a raw derivative is not simplified
/// (its simplified sibling from the previous order is used instead).
const RAW_SIMPLIFY_COST: u64 = 2_000;

/// Derivatives of one expression by multisets of variables, each computed from the
/// derivatives of its prefix (d/dx d/dy f from d/dy f), along two chains:
///
/// - the raw chain differentiates raw derivatives (the memoized DAG keeps it cheap),
///   and simplifies only at the end, which gives the shortest forms for low orders;
/// - the simplified chain differentiates the previous order's result, so repeated
///   differentiation collects terms as it goes (the 20th derivative of x^x stays a
///   few kilobytes instead of megabytes).
///
/// Each result is the cheaper of the two; once a raw derivative grows large, the
/// raw chain restarts from the result.
struct DerivativeChain {
    diff: Differentiator,
    simplifier: Simplifier,
    /// For each multiset of variable indices: (raw derivative, result).
    done: HashMap<Vec<usize>, (ExprId, ExprId)>,
}

impl DerivativeChain {
    fn new(f: ExprId) -> DerivativeChain {
        let mut done = HashMap::new();
        done.insert(Vec::new(), (f, f));
        DerivativeChain { diff: Differentiator::new(), simplifier: Simplifier::new(Form::Auto), done }
    }

    /// The simplified derivative by the variables `combo` (indices into `vars`).
    fn derivative(&mut self, s: &mut Store, combo: &[usize], vars: &[ExprId]) -> ExprId {
        if combo.is_empty() {
            let f = self.done[&Vec::new()].0;
            return self.simplifier.run(s, f);
        }
        self.entry(s, combo, vars).1
    }

    fn entry(&mut self, s: &mut Store, combo: &[usize], vars: &[ExprId]) -> (ExprId, ExprId) {
        if let Some(&e) = self.done.get(combo) {
            return e;
        }
        let (last, prefix) = combo.split_last().map_or((0, &[][..]), |(l, p)| (*l, p));
        let (raw_prefix, result_prefix) = self.entry(s, prefix, vars);
        let var = vars[last];
        let raw = self.diff.diff(s, raw_prefix, var);
        let raw_small = crate::simplify::cost(s, raw) <= RAW_SIMPLIFY_COST;
        let from_raw = raw_small.then(|| self.simplifier.run(s, raw));
        let from_result = if result_prefix == raw_prefix {
            None
        } else {
            let d = self.diff.diff(s, result_prefix, var);
            Some(self.simplifier.run(s, d))
        };
        let result = match (from_raw, from_result) {
            (Some(a), Some(b)) => {
                if crate::simplify::cost(s, b) < crate::simplify::cost(s, a) {
                    b
                } else {
                    a
                }
            }
            (Some(a), None) => a,
            (None, Some(b)) => b,
            // Differentiated from a simplified form already: simplify it whatever its size.
            (None, None) => self.simplifier.run(s, raw),
        };
        // A raw derivative grown large is dropped: the next order starts from the result.
        let raw = if raw_small { raw } else { result };
        self.done.insert(combo.to_vec(), (raw, result));
        (raw, result)
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
