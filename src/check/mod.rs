//! Numerical verification of symbolic derivatives: each value is compared with
//! forward-mode automatic differentiation on the syntax tree ([`crate::check::jet`]) and with
//! Richardson-extrapolated central differences of the function, at a given point or
//! at seeded random points inside the domain. Methods and tolerances: docs/check.md.

pub mod finite_diff;
pub mod jet;
pub mod random;

pub use finite_diff::finite_difference;
pub use random::{random_point, SplitMix};

use std::collections::HashMap;

use crate::eval::{Evaluator, Point};
use crate::limits::CHECK_MAX_ATTEMPTS;
use crate::store::{ExprId, Store};
use crate::syntax::Ast;

/// Symbolic and AD values agree when |s - a| ≤ AD_REL·max(|s|, |a|) + AD_ROUNDING·max(m, 1),
/// where m is the magnitude of the terms the AD value was summed from.
pub const AD_REL: f64 = 1e-9;
/// The rounding floor of the AD comparison, relative to that magnitude: a value that
/// cancels to about zero is compared with the size of what cancelled. The floor is
/// never below AD_ROUNDING itself: a constant that is exactly 0 only in exact
/// arithmetic (sin(pi)) is about 1e-16 in f64, which the closed form does not see.
pub const AD_ROUNDING: f64 = 1e-12;
/// Symbolic and FD values agree when |s - d| ≤ FD_BOUNDS·error + FD_REL·max(|s|, |d|, 1).
pub const FD_BOUNDS: f64 = 10.0;
pub const FD_REL: f64 = 1e-8;
/// An FD estimate whose error bound exceeds this fraction of max(|d|, 1) decides
/// nothing (a steep or oscillating function, a high order, a nearby kink).
pub const FD_CONCLUSIVE: f64 = 1e-3;
/// Where to check.
#[derive(Clone, Debug)]
pub enum Points {
    /// At the given point (every variable of the expression has a value).
    At(HashMap<String, f64>),
    /// At `count` random points drawn from a generator seeded with `seed`.
    Random { seed: u64, count: usize },
}

/// A finite-difference estimate and its error bound.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub error: f64,
}

/// What the finite differences say about a symbolic value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FdStatus {
    Agree,
    Disagree,
    /// The error bound is too wide to decide.
    Inconclusive,
    /// No estimate: the function is undefined near the point, or the point is a kink.
    Unavailable,
}

impl FdStatus {
    pub fn name(self) -> &'static str {
        match self {
            FdStatus::Agree => "agree",
            FdStatus::Disagree => "disagree",
            FdStatus::Inconclusive => "inconclusive",
            FdStatus::Unavailable => "unavailable",
        }
    }
}

/// The outcome of one comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    /// Nothing to compare: the input itself is undefined at the point.
    Skip,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Skip => "skip",
        }
    }
}

/// One derivative at one point, by the three methods.
#[derive(Clone, Debug)]
pub struct EntryCheck {
    pub wrt: Vec<String>,
    pub symbolic: Result<f64, String>,
    pub ad: Result<f64, String>,
    /// The magnitude of the terms the AD value (or the symbolic value) was summed
    /// from: the scale of their rounding errors.
    pub magnitude: f64,
    /// |symbolic - AD| / max(|symbolic|, |AD|), when both exist.
    pub ad_diff: Option<f64>,
    pub fd: Result<Estimate, String>,
    /// |symbolic - FD| / max(|symbolic|, |FD|), when both exist.
    pub fd_diff: Option<f64>,
    pub fd_status: FdStatus,
    /// abs, sign or relu was met exactly at its kink: the values follow the
    /// documented convention and FD is not consulted.
    pub nonsmooth: bool,
    /// A function met an argument within rounding of a jump or kink (acot(tan(pi))):
    /// AD decides nothing there, and the entry is skipped.
    pub ambiguous: bool,
    pub verdict: Verdict,
}

/// Every derivative at one point.
#[derive(Clone, Debug)]
pub struct PointCheck {
    /// The point, sorted by variable name.
    pub point: Vec<(String, f64)>,
    pub entries: Vec<EntryCheck>,
}

/// The whole check of one expression.
#[derive(Clone, Debug)]
pub struct Report {
    /// The seed, for random points.
    pub seed: Option<u64>,
    pub points: Vec<PointCheck>,
    /// Set when no point inside the domain was found.
    pub no_point: Option<String>,
    /// Set when the check does not apply: an abstract function has no numbers.
    pub skipped: Option<String>,
}

impl Report {
    /// True when some comparison failed.
    pub fn failed(&self) -> bool {
        self.points.iter().flat_map(|p| &p.entries).any(|e| e.verdict == Verdict::Fail)
    }

    /// The verdicts of entry `i` at every point.
    pub fn entry(&self, i: usize) -> impl Iterator<Item = (&PointCheck, &EntryCheck)> {
        self.points.iter().filter_map(move |p| p.entries.get(i).map(|e| (p, e)))
    }

    /// (passed, failed, skipped) over every comparison.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for e in self.points.iter().flat_map(|p| &p.entries) {
            match e.verdict {
                Verdict::Pass => c.0 += 1,
                Verdict::Fail => c.1 += 1,
                Verdict::Skip => c.2 += 1,
            }
        }
        c
    }
}

/// Checks the symbolic derivatives `entries` (variables differentiated by, and the
/// derivative's expression in `store`) of the function `ast`, lowered as `f` in
/// `store`, at `points`. Usable for any list of derivatives: a gradient, a Hessian,
/// one row of a Jacobian.
pub fn check(ast: &Ast, store: &Store, f: ExprId, entries: &[(Vec<String>, ExprId)], points: &Points) -> Report {
    let functions = ast.functions();
    let mut names = ast.variables();
    // A variable declared to depend on others (`--depends`), written `y` or `y'(x)`.
    let why = match names.iter().chain(&functions).find_map(|v| store.dependency(v)) {
        Some(d) => Some(format!("{} depends on {} (--depends)", d.name, d.args.join(", "))),
        None => functions.first().map(|name| format!("{name} is an abstract function")),
    };
    if let Some(why) = why {
        let why = format!("{why}, so there are no numbers to compare");
        return Report { seed: None, points: Vec::new(), no_point: None, skipped: Some(why) };
    }
    names.extend(entries.iter().flat_map(|(w, _)| w.iter().cloned()));
    names.sort();
    names.dedup();
    // Symbolic values, and the AD values with their magnitudes raised to those of
    // the symbolic evaluation, so that the rounding floor covers both.
    let symbolic_at = |point: &HashMap<String, f64>, ad: &mut AdValues| -> Vec<Result<f64, String>> {
        let p = Point { exact: HashMap::new(), float: point.clone() };
        let mut ev = Evaluator::new(&p);
        let mut memo = HashMap::new();
        for ((_, id), a) in entries.iter().zip(ad.iter_mut()) {
            if let Some((_, m)) = symbolic_magnitude(store, *id, point, &mut memo) {
                a.magnitude = a.magnitude.max(m);
            }
        }
        entries.iter().map(|(_, id)| ev.float(store, *id)).collect()
    };
    let mut fun = |point: &HashMap<String, f64>| -> Result<f64, String> {
        let p = Point { exact: HashMap::new(), float: point.clone() };
        Evaluator::new(&p).float(store, f)
    };
    let wrts: Vec<Vec<String>> = entries.iter().map(|(w, _)| w.clone()).collect();
    match points {
        Points::At(point) => {
            let mut ad = jet::derivatives(ast, point, &wrts);
            let symbolic = symbolic_at(point, &mut ad);
            let checked = compare_all(&mut fun, point, &wrts, &symbolic, ad);
            Report { seed: None, points: vec![point_check(point, checked)], no_point: None, skipped: None }
        }
        Points::Random { seed, count } => {
            let mut rng = SplitMix(*seed);
            let mut out = Vec::new();
            let mut attempts = 0;
            let mut last_reason = String::new();
            while out.len() < *count && attempts < CHECK_MAX_ATTEMPTS {
                match find_point(ast, &names, &wrts, &mut rng, CHECK_MAX_ATTEMPTS - attempts) {
                    Ok((point, mut ad, tried)) => {
                        attempts += tried;
                        let symbolic = symbolic_at(&point, &mut ad);
                        let checked = compare_all(&mut fun, &point, &wrts, &symbolic, ad);
                        out.push(point_check(&point, checked));
                    }
                    Err((why, tried)) => {
                        attempts += tried;
                        last_reason = why;
                    }
                }
            }
            let no_point = if out.is_empty() && *count > 0 {
                Some(format!("no point found where the input is defined ({attempts} tried; last: {last_reason})"))
            } else {
                None
            };
            Report { seed: Some(*seed), points: out, no_point, skipped: None }
        }
    }
}

/// AD values of the entries `wrt` at a point.
pub type AdValues = Vec<jet::Ad>;

/// A function of a point, for finite differences.
pub type Function<'a> = dyn FnMut(&HashMap<String, f64>) -> Result<f64, String> + 'a;

/// A point inside the domain, the AD values there, and how many points were drawn.
pub type Found = (HashMap<String, f64>, AdValues, usize);

/// Draws random points for the variables `names` until the input `ast` and its
/// derivatives `wrt` (by AD) are all defined and smooth there, at most `attempts`
/// times. Returns the point, the AD values and the number of points drawn, or the
/// last reason a point was refused.
pub fn find_point(
    ast: &Ast,
    names: &[String],
    wrt: &[Vec<String>],
    rng: &mut SplitMix,
    attempts: usize,
) -> Result<Found, (String, usize)> {
    let mut last = String::from("no attempt");
    for tried in 0..attempts {
        let point = random_point(rng, names, tried);
        let value = jet::derivatives(ast, &point, &[Vec::new()]);
        if let Some(why) = value.iter().find_map(|a| a.value.as_ref().err()) {
            last = why.clone();
            continue;
        }
        let ad = jet::derivatives(ast, &point, wrt);
        if let Some(why) = ad.iter().find_map(|a| a.value.as_ref().err()) {
            last = why.clone();
            continue;
        }
        if ad.iter().any(|a| a.nonsmooth || a.ambiguous) {
            last = "a kink or jump of a function".into();
            continue;
        }
        return Ok((point, ad, tried + 1));
    }
    Err((last, attempts))
}

fn point_check(point: &HashMap<String, f64>, entries: Vec<EntryCheck>) -> PointCheck {
    let mut p: Vec<(String, f64)> = point.iter().map(|(k, v)| (k.clone(), *v)).collect();
    p.sort_by(|a, b| a.0.cmp(&b.0));
    PointCheck { point: p, entries }
}

/// Checks derivatives at one point given their symbolic values: `f` evaluates the
/// function (for finite differences), `ast` is the input (for AD).
pub fn check_entries(
    ast: &Ast,
    f: &mut Function,
    point: &HashMap<String, f64>,
    wrt: &[Vec<String>],
    symbolic: &[Result<f64, String>],
) -> Vec<EntryCheck> {
    let ad = jet::derivatives(ast, point, wrt);
    compare_all(f, point, wrt, symbolic, ad)
}

fn compare_all(
    f: &mut Function,
    point: &HashMap<String, f64>,
    wrt: &[Vec<String>],
    symbolic: &[Result<f64, String>],
    ad: AdValues,
) -> Vec<EntryCheck> {
    let defined = f(point).is_ok();
    wrt.iter()
        .zip(symbolic)
        .zip(ad)
        .map(|((w, s), a)| {
            let fd = if a.nonsmooth || a.ambiguous {
                Err("not smooth at the point".to_string())
            } else {
                finite_difference(f, point, w)
            };
            compare(w.clone(), s.clone(), a, fd, defined)
        })
        .collect()
}

/// Adds to each point of `report` an entry for a result made of its first entries
/// (a Laplacian, a directional derivative), named `wrt`: `value` gives the result's
/// symbolic value at a point and `coefs` the coefficient of each entry there (None
/// where the point has no value for them: no entry is added at that point). AD and
/// finite differences of the result are the same combination of the entries' (the
/// error bounds and magnitudes summed by the coefficients' sizes), so the result is
/// checked like any derivative.
pub fn add_combination(report: &mut Report, wrt: &[String], value: &mut Function, coefs: &mut Coefficients) {
    for p in &mut report.points {
        let point: HashMap<String, f64> = p.point.iter().cloned().collect();
        let Some(cs) = coefs(&point) else { continue };
        let parts: Vec<(&EntryCheck, f64)> = p.entries.iter().zip(cs).collect();
        let entry = combined_entry(&parts, wrt.to_vec(), value(&point));
        p.entries.push(entry);
    }
}

/// The check of results made of the entries of several reports (a divergence, a
/// curl: each of `terms` a sum of (report, entry, coefficient)), named `names`, at
/// each point where every report was checked; `value` gives result i's symbolic
/// value at a point. Skipped, with the reason, when there is no such point.
pub fn combine_reports(
    reports: &[&Report],
    terms: &[Vec<(usize, usize, f64)>],
    names: &[String],
    value: &mut Results,
) -> Report {
    let mut points = Vec::new();
    for p in reports.first().map_or(&[][..], |r| &r.points[..]) {
        let at: Vec<Option<&PointCheck>> =
            reports.iter().map(|r| r.points.iter().find(|q| q.point == p.point)).collect();
        let Some(at) = at.into_iter().collect::<Option<Vec<_>>>() else { continue };
        let map: HashMap<String, f64> = p.point.iter().cloned().collect();
        let mut entries = Vec::new();
        for (i, (parts, name)) in terms.iter().zip(names).enumerate() {
            let parts: Option<Vec<(&EntryCheck, f64)>> =
                parts.iter().map(|&(r, e, c)| at.get(r).and_then(|q| q.entries.get(e)).map(|e| (e, c))).collect();
            if let Some(parts) = parts {
                entries.push(combined_entry(&parts, vec![name.clone()], value(&map, i)));
            }
        }
        points.push(PointCheck { point: p.point.clone(), entries });
    }
    let seed = reports.first().and_then(|r| r.seed);
    let skipped = points.is_empty().then(|| "no point at which every component was checked".to_string());
    Report { seed, points, no_point: None, skipped }
}

/// The entry of a result that is the combination of `parts` (each entry with its
/// coefficient), named `wrt`, whose symbolic value is `symbolic`.
fn combined_entry(parts: &[(&EntryCheck, f64)], wrt: Vec<String>, symbolic: Result<f64, String>) -> EntryCheck {
    let mut ad = jet::Ad { value: Ok(0.0), magnitude: 0.0, nonsmooth: false, ambiguous: false };
    let mut fd: Result<Estimate, String> = Ok(Estimate { value: 0.0, error: 0.0 });
    for &(e, c) in parts {
        ad.value = match (&ad.value, &e.ad) {
            (Ok(sum), Ok(a)) => Ok(sum + c * a),
            (Err(w), _) | (_, Err(w)) => Err(w.clone()),
        };
        ad.magnitude += c.abs() * e.magnitude.max(e.symbolic.as_ref().map_or(0.0, |s| s.abs()));
        ad.nonsmooth |= e.nonsmooth;
        ad.ambiguous |= e.ambiguous;
        fd = match (fd, &e.fd) {
            (Ok(sum), Ok(d)) => Ok(Estimate { value: sum.value + c * d.value, error: sum.error + c.abs() * d.error }),
            (Err(w), _) => Err(w),
            (_, Err(w)) => Err(w.clone()),
        };
    }
    // Where one of its parts checks nothing, neither does the result.
    let defined = parts.iter().all(|(e, _)| e.verdict != Verdict::Skip);
    compare(wrt, symbolic, ad, fd, defined)
}

/// The symbolic value of result i at a point, for [`combine_reports`].
pub type Results<'a> = dyn FnMut(&HashMap<String, f64>, usize) -> Result<f64, String> + 'a;

/// The coefficients of a combination at a point, for [`add_combination`].
pub type Coefficients<'a> = dyn FnMut(&HashMap<String, f64>) -> Option<Vec<f64>> + 'a;

/// |a - b| / max(|a|, |b|), 0 when both are 0.
pub fn relative_difference(a: f64, b: f64) -> f64 {
    let d = (a - b).abs();
    if d == 0.0 {
        0.0
    } else {
        d / a.abs().max(b.abs())
    }
}

/// The verdict on one derivative from its three values; `defined` says whether the
/// function itself (in its built, simplified form) has a value at the point.
pub fn compare(
    wrt: Vec<String>,
    symbolic: Result<f64, String>,
    ad: jet::Ad,
    fd: Result<Estimate, String>,
    defined: bool,
) -> EntryCheck {
    let jet::Ad { value: ad, magnitude, nonsmooth, ambiguous } = ad;
    let ad_diff = match (&symbolic, &ad) {
        (Ok(s), Ok(a)) => Some(relative_difference(*s, *a)),
        _ => None,
    };
    let fd_diff = match (&symbolic, &fd) {
        (Ok(s), Ok(d)) => Some(relative_difference(*s, d.value)),
        _ => None,
    };
    let fd_status = match (&symbolic, &fd) {
        (_, Err(_)) => FdStatus::Unavailable,
        (Err(_), Ok(_)) => FdStatus::Disagree,
        (Ok(s), Ok(d)) => fd_status(*s, *d),
    };
    let verdict = match (&symbolic, &ad) {
        _ if ambiguous => Verdict::Skip,
        // The function itself has no value here (x + log(sin(x), z/z) divides by
        // ln(1)): its derivatives check nothing, whatever AD's rounding makes of it.
        _ if !defined => Verdict::Skip,
        // The input is undefined here (whatever the simplified form says): nothing to check.
        (_, Err(_)) => Verdict::Skip,
        // The closed form leaves the range of f64 where AD's recurrences do not.
        (Err(why), Ok(_)) if is_overflow(why) => Verdict::Skip,
        // AD's value is rounding noise around 0 (asin(z/z) is asin(1 - ε)): it cannot
        // tell whether the closed form should have a value.
        (Err(_), Ok(a)) if a.abs() <= AD_ROUNDING * magnitude => Verdict::Skip,
        // The closed form lost a value that the input has.
        (Err(_), Ok(_)) => Verdict::Fail,
        (Ok(s), Ok(a)) => {
            if ad_agrees(*s, *a, magnitude) && fd_status != FdStatus::Disagree {
                Verdict::Pass
            } else {
                Verdict::Fail
            }
        }
    };
    EntryCheck { wrt, symbolic, ad, magnitude, ad_diff, fd, fd_diff, fd_status, nonsmooth, ambiguous, verdict }
}

/// True for the evaluator's reasons that are the range of f64, not the domain of
/// the function: "too large for a 64-bit float", and "not a real number" (a NaN from
/// infinities meeting, as in 0·∞ after an underflow).
pub fn is_overflow(why: &str) -> bool {
    why.starts_with("too large") || why.starts_with("not a real number")
}

/// The magnitude of the f64 evaluation of `id` at `point` (memoized in `memo`): the
/// same computation on absolute values, with each function's slope carrying the
/// magnitude of its argument, so that a closed form that cancels (1 - tanh(u)^2 at
/// large u) is judged by the size of what cancelled. None where undefined.
pub fn symbolic_magnitude(
    store: &Store,
    id: ExprId,
    point: &HashMap<String, f64>,
    memo: &mut HashMap<ExprId, Option<(f64, f64)>>,
) -> Option<(f64, f64)> {
    use crate::store::Node;
    if let Some(r) = memo.get(&id) {
        return *r;
    }
    let mut sub = |i: ExprId| symbolic_magnitude(store, i, point, memo);
    let r = match store.node(id) {
        Node::Num(q) => {
            let v = crate::eval::rational_to_f64(q);
            Some((v, v.abs()))
        }
        Node::Const(c) => Some((c.value(), c.value().abs())),
        Node::Var(name) => point.get(&**name).map(|v| (*v, v.abs())),
        Node::Add(ts) => ts.iter().try_fold((0.0, 0.0), |(v, m), &t| sub(t).map(|(tv, tm)| (v + tv, m + tm))),
        Node::Mul(fs) => fs.iter().try_fold((1.0, 1.0), |(v, m), &f| sub(f).map(|(fv, fm)| (v * fv, m * fm))),
        Node::Pow(b, e) => {
            let ((bv, bm), (ev, em)) = (sub(*b)?, sub(*e)?);
            let v = crate::eval::pow_float(bv, ev, store.as_num(*e)).ok()?;
            let db = if bv != 0.0 { (ev * v / bv).abs() * bm } else { 0.0 };
            let de = if bv > 0.0 { (v * bv.ln()).abs() * em } else { 0.0 };
            Some((v, v.abs() + db + de))
        }
        Node::Call(f, args) => {
            let mut vals = Vec::with_capacity(args.len());
            let mut mags = Vec::with_capacity(args.len());
            for &a in args.iter() {
                let (v, m) = sub(a)?;
                vals.push(v);
                mags.push(m);
            }
            let v = f.eval(&vals).ok()?;
            let slope: f64 = match crate::check::jet::slopes(*f, &vals) {
                Some(d) => d.iter().zip(&mags).map(|(d, m)| d.abs() * m).sum(),
                None => 0.0,
            };
            Some((v, v.abs() + slope))
        }
        Node::Apply(..) => None,
    };
    let r = r.filter(|(v, m)| v.is_finite() && m.is_finite());
    memo.insert(id, r);
    r
}

/// The AD tolerance: tight and relative, with a rounding floor relative to the
/// magnitude of the AD computation.
pub fn ad_agrees(s: f64, a: f64, magnitude: f64) -> bool {
    (s - a).abs() <= AD_REL * s.abs().max(a.abs()) + AD_ROUNDING * magnitude.max(1.0)
}

fn fd_status(s: f64, d: Estimate) -> FdStatus {
    let scale = s.abs().max(d.value.abs()).max(1.0);
    // A NaN error bound is inconclusive too.
    if d.error.is_nan() || d.error > FD_CONCLUSIVE * d.value.abs().max(1.0) {
        return FdStatus::Inconclusive;
    }
    if (s - d.value).abs() <= FD_BOUNDS * d.error + FD_REL * scale {
        FdStatus::Agree
    } else {
        FdStatus::Disagree
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fd(text: &str, at: &[(&str, f64)], wrt: &[&str]) -> Estimate {
        let ast = crate::syntax::parse(text).unwrap();
        let point: HashMap<String, f64> = at.iter().map(|(n, v)| (n.to_string(), *v)).collect();
        let mut f = |p: &HashMap<String, f64>| -> Result<f64, String> {
            jet::derivatives(&ast, p, &[Vec::new()]).remove(0).value
        };
        let wrt: Vec<String> = wrt.iter().map(|s| s.to_string()).collect();
        finite_difference(&mut f, &point, &wrt).unwrap()
    }

    #[test]
    fn finite_differences_find_known_derivatives() {
        let e = fd("x^3", &[("x", 2.0)], &["x"]);
        assert!((e.value - 12.0).abs() < 1e-8, "{e:?}");
        let e = fd("x^3", &[("x", 2.0)], &["x", "x"]);
        assert!((e.value - 12.0).abs() < 1e-7, "{e:?}");
        let e = fd("sin(x)*exp(y)", &[("x", 0.5), ("y", 0.2)], &["x", "y"]);
        let want = 0.5f64.cos() * 0.2f64.exp();
        assert!((e.value - want).abs() < 1e-7 && e.error < 1e-6, "{e:?}");
        let e = fd("ln(x)", &[("x", 0.01)], &["x"]);
        assert!((e.value - 100.0).abs() < 1e-4, "{e:?}");
    }

    #[test]
    fn comparison_fails_on_a_wrong_value() {
        let ad = |value| jet::Ad { value, magnitude: 1.0, nonsmooth: false, ambiguous: false };
        let est = Estimate { value: 1.0, error: 1e-10 };
        let c = compare(vec!["x".into()], Ok(-1.0), ad(Ok(1.0)), Ok(est), true);
        assert_eq!(c.verdict, Verdict::Fail);
        let c = compare(vec!["x".into()], Ok(1.0), ad(Ok(1.0 + 1e-12)), Ok(est), true);
        assert_eq!(c.verdict, Verdict::Pass);
        let c = compare(vec!["x".into()], Ok(1.0), ad(Err("undefined".into())), Ok(est), true);
        assert_eq!(c.verdict, Verdict::Skip);
        let c = compare(vec!["x".into()], Err("undefined".into()), ad(Ok(1.0)), Ok(est), true);
        assert_eq!(c.verdict, Verdict::Fail);
        let c = compare(vec!["x".into()], Err("undefined".into()), ad(Ok(1.0)), Ok(est), false);
        assert_eq!(c.verdict, Verdict::Skip);
        // FD alone can fail a value that AD accepts.
        let c = compare(vec!["x".into()], Ok(1.0), ad(Ok(1.0)), Ok(Estimate { value: 2.0, error: 1e-9 }), true);
        assert_eq!(c.verdict, Verdict::Fail);
    }

    #[test]
    fn seeded_points_reproduce() {
        let names = vec!["x".to_string(), "y".to_string()];
        let a = random_point(&mut SplitMix(7), &names, 0);
        let b = random_point(&mut SplitMix(7), &names, 0);
        assert_eq!(a, b);
        assert!(a.values().all(|v| (-2.0..=2.0).contains(v)));
    }
}
