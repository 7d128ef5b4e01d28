//! `gradtape series`: Taylor and Laurent series with exact coefficients, by truncated
//! power-series arithmetic ([`truncated`]) over the expression ([`walk`]), never by
//! repeated differentiation.
//!
//! One variable x around a: x = a + t, and the series in t is the series in (x - a).
//! Several variables around (a, b, ...): x = a + t·X, y = b + t·Y, ..., so that the
//! coefficient of t^k is the homogeneous part of total degree k of the Taylor
//! polynomial in X = x - a, Y = y - b; it is multiplied out and read term by term.

pub mod truncated;
pub mod walk;

#[cfg(test)]
mod tests;

use crate::error::{Error, ErrorKind};
use crate::limits::{SERIES_MAX_RETRIES, SERIES_MAX_VARIABLES, SERIES_SIMPLIFY_STEPS};
use crate::simplify::{simplify, Form};
use crate::store::{ExprId, Node, Store};
use truncated::{Failure, Series};
use walk::{Stop, Walk};

/// One term of a series: coefficient · Π (x_i - a_i)^powers[i].
#[derive(Clone, Debug)]
pub struct Term {
    /// The power of each variable, in the order of the expansion's variables
    /// (negative in a Laurent series).
    pub powers: Vec<i64>,
    pub coefficient: ExprId,
}

/// A series of an expression, in the expression's store.
#[derive(Clone, Debug)]
pub struct Expansion {
    /// The variables, in order.
    pub wrt: Vec<String>,
    /// The point: each variable's value, in the same order.
    pub around: Vec<ExprId>,
    /// The highest degree kept (total degree with several variables).
    pub order: u32,
    /// The nonzero terms in ascending degree (total degree, then the powers of the
    /// first variable descending, then the next's, ...).
    pub terms: Vec<Term>,
}

/// The series of `expr` in `vars` around `around` (one value per variable) to total
/// degree `order`, or why there is none.
pub fn expand(s: &mut Store, expr: ExprId, vars: &[ExprId], around: &[ExprId], order: u32) -> Result<Expansion, Error> {
    if vars.len() > SERIES_MAX_VARIABLES {
        return Err(Error::new(
            ErrorKind::Limit,
            format!("a series in {} variables is above the limit of {SERIES_MAX_VARIABLES}", vars.len()),
        ));
    }
    let wrt: Vec<String> = vars.iter().map(|&v| name_of(s, v)).collect();
    for (i, &a) in around.iter().enumerate() {
        if let Some(v) = vars.iter().find(|&&v| s.may_contain(a, v)) {
            let (x, y) = (&wrt[i], name_of(s, *v));
            return Err(Error::new(
                ErrorKind::Usage,
                format!("--around {x}=...: the point contains {y}, a variable of the series"),
            )
            .hint("expand around a value free of the series' variables, such as --around x=0 or x=a"));
        }
    }
    let several = vars.len() > 1;
    let scales: Vec<ExprId> =
        (0..vars.len()).map(|i| if several { s.var(&format!("\u{1}X{i}")) } else { s.one() }).collect();
    let want = i64::from(order) + 1;
    let mut extra: i64 = 2;
    let mut attempt = 0;
    let series = loop {
        let len = usize::try_from(want + extra).unwrap_or(usize::MAX);
        let leaves =
            vars.iter().zip(around).zip(&scales).map(|((&v, &a), &x)| (v, Series::linear(s, a, x, len))).collect();
        let result = Walk::new(leaves, len).series(s, expr);
        attempt += 1;
        let short = match result {
            Ok(r) if r.precision() >= want => break r,
            Ok(r) => want - r.precision(),
            Err(Stop::Failed(Failure::Precision, _)) => extra,
            Err(stop) => return Err(refusal(s, stop, &wrt, around)),
        };
        if attempt > SERIES_MAX_RETRIES {
            return Err(Error::new(
                ErrorKind::NoSeries,
                format!("cannot tell the series to degree {order}: its leading terms cancel at every precision tried"),
            )
            .hint("the expression may be 0, or a quotient by 0; simplify it first"));
        }
        extra = 2 * extra + short;
    };
    let terms = if several { several_terms(s, &series, &scales, order)? } else { one_terms(s, &series, order) };
    if let Some(which) = s.exceeded() {
        return Err(crate::syntax::Limits::default().exceeded_error(which));
    }
    Ok(Expansion { wrt, around: around.to_vec(), order, terms })
}

/// `c` simplified in `form` while the simplifications of this series have taken
/// fewer than [`SERIES_SIMPLIFY_STEPS`] steps since `start`; past that, as built
/// (the size limit then decides whether it is shown).
fn simplified(s: &mut Store, c: ExprId, form: Form, start: u64) -> ExprId {
    if s.as_num(c).is_some() || s.steps().saturating_sub(start) > SERIES_SIMPLIFY_STEPS {
        return c;
    }
    simplify(s, c, form)
}

/// The terms of a series in one variable: each coefficient simplified.
fn one_terms(s: &mut Store, series: &Series, order: u32) -> Vec<Term> {
    let mut terms = Vec::new();
    let start = s.steps();
    for k in series.val..=i64::from(order) {
        let c = series.at(s, k);
        let c = simplified(s, c, Form::Auto, start);
        if !s.is_zero(c) {
            terms.push(Term { powers: vec![k], coefficient: c });
        }
    }
    terms
}

/// The terms of a series in several variables: each coefficient of t^k multiplied
/// out in the scales X_i and read monomial by monomial.
fn several_terms(s: &mut Store, series: &Series, scales: &[ExprId], order: u32) -> Result<Vec<Term>, Error> {
    if series.val < 0 {
        return Err(Error::new(
            ErrorKind::NoSeries,
            "no Taylor series in several variables: the expression has a pole at the point",
        )
        .hint("expand in one variable, where a pole gives a Laurent series"));
    }
    let mut terms: Vec<Term> = Vec::new();
    let start = s.steps();
    for k in series.val..=i64::from(order) {
        let c = series.at(s, k);
        let expanded = simplify(s, c, Form::Expanded);
        let mut parts: Vec<(Vec<i64>, Vec<ExprId>)> = Vec::new();
        let summands = match s.node(expanded) {
            Node::Add(ts) => ts.to_vec(),
            _ => vec![expanded],
        };
        for t in summands {
            if s.is_zero(t) {
                continue;
            }
            let (powers, rest) = monomial(s, t, scales).ok_or_else(|| {
                Error::new(
                    ErrorKind::NoSeries,
                    "no Taylor series in several variables at the point: a coefficient is not a polynomial",
                )
            })?;
            match parts.iter_mut().find(|(p, _)| *p == powers) {
                Some((_, cs)) => cs.push(rest),
                None => parts.push((powers, vec![rest])),
            }
        }
        parts.sort_by(|a, b| b.0.cmp(&a.0));
        for (powers, cs) in parts {
            let sum = s.add(&cs);
            let c = simplified(s, sum, Form::Auto, start);
            if !s.is_zero(c) {
                terms.push(Term { powers, coefficient: c });
            }
        }
    }
    Ok(terms)
}

/// A term of a polynomial in the scales split into their powers and the rest; None
/// when a scale occurs other than as a whole power.
fn monomial(s: &mut Store, t: ExprId, scales: &[ExprId]) -> Option<(Vec<i64>, ExprId)> {
    let factors = match s.node(t) {
        Node::Mul(fs) => fs.to_vec(),
        _ => vec![t],
    };
    let mut powers = vec![0i64; scales.len()];
    let mut rest = Vec::new();
    for f in factors {
        let (base, exp) = match s.node(f) {
            Node::Pow(b, e) => {
                (*b, s.as_num(*e).filter(|q| q.is_integer()).and_then(|q| i64::try_from(q.numer()).ok()))
            }
            _ => (f, Some(1)),
        };
        match scales.iter().position(|&x| x == base) {
            Some(i) => powers[i] += exp.filter(|&n| n > 0)?,
            None if scales.iter().any(|&x| s.may_contain(f, x)) => return None,
            None => rest.push(f),
        }
    }
    Some((powers, s.mul(&rest)))
}

/// The name of a variable node.
fn name_of(s: &Store, v: ExprId) -> String {
    match s.node(v) {
        Node::Var(n) => n.to_string(),
        _ => String::new(),
    }
}

/// The error for a subexpression without a series at the point.
fn refusal(s: &mut Store, stop: Stop, wrt: &[String], around: &[ExprId]) -> Error {
    let at = point_text(s, wrt, around);
    let text = |s: &mut Store, id| crate::render::text::to_text(s, id);
    let (message, hint) = match stop {
        Stop::Limit => {
            let which = s.exceeded();
            return match which {
                Some(w) => crate::syntax::Limits::default().exceeded_error(w),
                None => Error::new(ErrorKind::Limit, "the series ran out of a work limit"),
            };
        }
        Stop::Undefined(id, why) => (format!("{} is undefined at {at} ({why})", text(s, id)), None),
        Stop::NotSmooth(id) => (
            format!("{} is not smooth at {at} (a kink or a jump), so it has no series there", text(s, id)),
            Some("expand around another point"),
        ),
        Stop::Failed(Failure::Branch, id) => (
            format!("{} has a branch point at {at}: no Taylor or Laurent series there", text(s, id)),
            Some("expand around another point"),
        ),
        Stop::Failed(Failure::Essential, id) => (
            format!(
                "{} has an essential singularity at {at} (a function of a pole): no Laurent series there",
                text(s, id)
            ),
            Some("expand around another point"),
        ),
        Stop::Failed(Failure::Logarithm, id) => (
            format!("{} has a logarithmic singularity at {at}: no Laurent series there", text(s, id)),
            Some("expand around another point"),
        ),
        Stop::Failed(Failure::Precision, id) => {
            (format!("cannot tell the leading term of {} at {at}", text(s, id)), None)
        }
    };
    let e = Error::new(ErrorKind::NoSeries, message);
    match hint {
        Some(h) => e.hint(h),
        None => e,
    }
}

/// `x = 0` or `x = 0, y = 1`.
fn point_text(s: &mut Store, wrt: &[String], around: &[ExprId]) -> String {
    let parts: Vec<String> =
        wrt.iter().zip(around).map(|(x, &a)| format!("{x} = {}", crate::render::text::to_text(s, a))).collect();
    parts.join(", ")
}
