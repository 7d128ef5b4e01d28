//! Numerical verification of symbolic derivatives: each value is compared with
//! forward-mode automatic differentiation on the syntax tree ([`crate::jet`]) and with
//! Richardson-extrapolated central differences of the function, at a given point or
//! at seeded random points inside the domain. Methods and tolerances: docs/check.md.

use std::collections::HashMap;

use crate::eval::{Evaluator, Point};
use crate::expr::{ExprId, Store};
use crate::jet;
use crate::parse::Ast;

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
/// Random points checked when no point is given.
pub const DEFAULT_POINTS: usize = 3;
/// Random points tried before giving up on finding one inside the domain.
pub const MAX_ATTEMPTS: usize = 200;

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
    let mut names = ast.variables();
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
            Report { seed: None, points: vec![point_check(point, checked)], no_point: None }
        }
        Points::Random { seed, count } => {
            let mut rng = SplitMix(*seed);
            let mut out = Vec::new();
            let mut attempts = 0;
            let mut last_reason = String::new();
            while out.len() < *count && attempts < MAX_ATTEMPTS {
                match find_point(ast, &names, &wrts, &mut rng, MAX_ATTEMPTS - attempts) {
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
            Report { seed: Some(*seed), points: out, no_point }
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
    use crate::expr::Node;
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
        Node::Var(name) => point.get(name).map(|v| (*v, v.abs())),
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
            let slope: f64 = match crate::jet::slopes(*f, &vals) {
                Some(d) => d.iter().zip(&mags).map(|(d, m)| d.abs() * m).sum(),
                None => 0.0,
            };
            Some((v, v.abs() + slope))
        }
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

// ------------------------------------------------------------ finite differences

/// Steps shrink by this factor down the Richardson table.
const SHRINK: f64 = 1.4;
/// Rows of the Richardson table.
const ROWS: usize = 12;
/// Stop when the diagonal's error grows past this multiple of the best error.
const SAFE: f64 = 2.0;

/// The first step for a derivative of total order `order`, before scaling by the
/// size of each coordinate: larger for higher orders, whose roundoff grows as
/// ε/h^order.
fn first_step(order: usize) -> f64 {
    0.1 * 1.5f64.powi(order as i32 - 1)
}

/// The mixed partial ∂^k f/∂wrt_1…∂wrt_k at `point` by central differences
/// (a tensor product of one central stencil per variable, step h·max(1, |x_i|))
/// extrapolated to h → 0 by Richardson's method (Ridders' tableau); the error bound
/// is the tableau's own estimate. The first step shrinks while any stencil point
/// falls outside the domain.
pub fn finite_difference(f: &mut Function, point: &HashMap<String, f64>, wrt: &[String]) -> Result<Estimate, String> {
    let mut counts: Vec<(String, u32)> = Vec::new();
    for w in wrt {
        match counts.iter_mut().find(|(n, _)| n == w) {
            Some((_, c)) => *c += 1,
            None => counts.push((w.clone(), 1)),
        }
    }
    if counts.is_empty() {
        return f(point).map(|value| Estimate { value, error: 0.0 });
    }
    let scales: Vec<f64> = counts.iter().map(|(n, _)| point.get(n).map_or(1.0, |v| v.abs().max(1.0))).collect();
    let mut h = first_step(wrt.len());
    let mut last_err = String::new();
    for _ in 0..12 {
        match ridders(f, point, &counts, &scales, h) {
            Ok(e) => return Ok(second_opinion(f, point, &counts, &scales, h, e)),
            Err(why) => last_err = why,
        }
        h /= 4.0;
    }
    Err(last_err)
}

/// A tableau can settle on a false plateau when the first step is too large for the
/// function (near a singularity): a second one from an 8 times smaller step keeps the
/// better estimate, and widens the bound to the distance between the two when they
/// disagree beyond their own bounds.
fn second_opinion(
    f: &mut Function,
    point: &HashMap<String, f64>,
    counts: &[(String, u32)],
    scales: &[f64],
    h: f64,
    first: Estimate,
) -> Estimate {
    let Ok(second) = ridders(f, point, counts, scales, h / 8.0) else {
        return first;
    };
    let best = if second.error < first.error { second } else { first };
    let gap = (first.value - second.value).abs();
    if gap > first.error + second.error {
        Estimate { value: best.value, error: best.error.max(gap) }
    } else {
        best
    }
}

fn ridders(
    f: &mut Function,
    point: &HashMap<String, f64>,
    counts: &[(String, u32)],
    scales: &[f64],
    h0: f64,
) -> Result<Estimate, String> {
    let mut table: Vec<Vec<f64>> = Vec::with_capacity(ROWS);
    let mut h = h0;
    let mut best = Estimate { value: f64::NAN, error: f64::INFINITY };
    for i in 0..ROWS {
        let (base, roundoff) = stencil(f, point, counts, scales, h)?;
        let mut row = vec![base];
        let mut fac = SHRINK * SHRINK;
        for j in 1..=i {
            let e = (row[j - 1] * fac - table[i - 1][j - 1]) / (fac - 1.0);
            fac *= SHRINK * SHRINK;
            // Extrapolation amplifies the roundoff of the stencils by at most about 3.
            let err = (e - row[j - 1]).abs().max((e - table[i - 1][j - 1]).abs()).max(3.0 * roundoff);
            if err <= best.error {
                best = Estimate { value: e, error: err };
            }
            row.push(e);
        }
        if i > 0 && (row[i] - table[i - 1][i - 1]).abs() >= SAFE * best.error {
            table.push(row);
            break;
        }
        table.push(row);
        h /= SHRINK;
    }
    if best.value.is_finite() && best.error.is_finite() {
        Ok(best)
    } else {
        Err("finite differences did not converge".into())
    }
}

/// The tensor-product central difference with base step h: for a variable taken k
/// times, Σ_j (-1)^j C(k, j) f(x + (k/2 - j)·h_i) / h_i^k; and its roundoff bound,
/// a few ε times Σ |weight·f| over the same denominator.
fn stencil(
    f: &mut Function,
    point: &HashMap<String, f64>,
    counts: &[(String, u32)],
    scales: &[f64],
    h: f64,
) -> Result<(f64, f64), String> {
    let steps: Vec<f64> = scales.iter().map(|s| h * s).collect();
    let mut idx = vec![0u32; counts.len()];
    let mut sum = 0.0;
    let mut size = 0.0;
    let mut p = point.clone();
    loop {
        let mut weight = 1.0;
        for (v, ((name, k), step)) in counts.iter().zip(&steps).enumerate() {
            let j = idx[v];
            let x0 = point.get(name).copied().unwrap_or(0.0);
            p.insert(name.clone(), x0 + (f64::from(*k) / 2.0 - f64::from(j)) * step);
            let sign = if j % 2 == 0 { 1.0 } else { -1.0 };
            weight *= sign * binomial(*k, j);
        }
        let term = weight * f(&p)?;
        sum += term;
        size += term.abs();
        // Next multi-index.
        let mut v = 0;
        loop {
            if v == idx.len() {
                let denom: f64 = counts.iter().zip(&steps).map(|((_, k), s)| s.powi(*k as i32)).product();
                return Ok((sum / denom, 4.0 * f64::EPSILON * size / denom));
            }
            idx[v] += 1;
            if idx[v] <= counts[v].1 {
                break;
            }
            idx[v] = 0;
            v += 1;
        }
    }
}

fn binomial(n: u32, k: u32) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * f64::from(n - i) / f64::from(i + 1))
}

// ------------------------------------------------------------ random points

/// A small, seeded generator (SplitMix64), so that a check reproduces from its seed.
#[derive(Clone, Debug)]
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        lo + (hi - lo) * u
    }
}

/// A random point: attempts cycle through ranges that suit most domains: all of
/// [-2, 2], then (0.05, 2] (logarithms, roots), then (-0.95, 0.95) (asin, atanh),
/// then [1.05, 3] (acosh, asec).
pub fn random_point(rng: &mut SplitMix, names: &[String], attempt: usize) -> HashMap<String, f64> {
    let (lo, hi) = match attempt % 4 {
        0 => (-2.0, 2.0),
        1 => (0.05, 2.0),
        2 => (-0.95, 0.95),
        _ => (1.05, 3.0),
    };
    names.iter().map(|n| (n.clone(), round_to(rng.uniform(lo, hi), 4))).collect()
}

/// Rounds to `digits` decimals, so that the point prints short and can be typed back
/// with --at.
fn round_to(x: f64, digits: i32) -> f64 {
    let k = 10f64.powi(digits);
    (x * k).round() / k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fd(text: &str, at: &[(&str, f64)], wrt: &[&str]) -> Estimate {
        let ast = crate::parse::parse(text).unwrap();
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
