//! No fraction inside a denominator: in every derivative gradtape shows, a sum raised
//! to a negative power has integer coefficients, unless clearing them would need an
//! irrational factor (`1/sqrt(x/2 + 1/3)`) or a condition (`sqrt(1 - 1/x^2)`, whose
//! inner `1/x^2` is a power, not a coefficient). Checked on random expressions and on the
//! oracle's corpus (`../shared/oracle` beside the repository, or `GRADTAPE_ORACLE_DIR`).

mod common;

use gradtape::pipeline::{self, Request, Task};
use gradtape::store::{ExprId, Node, Store};
use gradtape::syntax::Limits;
use num_traits::Signed;
use std::io::Write;

/// The first denominator of `id` (a sum to a negative power) that keeps a fraction
/// which a rational factor could clear, as text.
fn nested_fraction(s: &mut Store, id: ExprId, seen: &mut Vec<bool>) -> Option<String> {
    if seen.len() <= id.index() {
        seen.resize(id.index() + 1, false);
    }
    if std::mem::replace(&mut seen[id.index()], true) {
        return None;
    }
    let children: Vec<ExprId> = match s.node(id) {
        Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => xs.to_vec(),
        Node::Pow(b, e) => vec![*b, *e],
        _ => vec![],
    };
    if let Node::Pow(b, e) = *s.node(id) {
        let negative = s.as_num(e).is_some_and(|q| q.is_negative());
        if negative && matches!(s.node(b), Node::Add(_)) && clearable(s, b, e) {
            return Some(gradtape::render(s, id));
        }
    }
    children.into_iter().find_map(|c| nested_fraction(s, c, seen))
}

/// True when the sum `b` has a non-integer coefficient and its content c (the gcd of
/// the numerators over the lcm of the denominators) gives a rational c^e.
fn clearable(s: &mut Store, b: ExprId, e: ExprId) -> bool {
    let Node::Add(terms) = s.node(b) else { return false };
    let coefficients: Vec<gradtape::store::Rational> = terms.iter().map(|&t| s.coefficient_of(t)).collect();
    if coefficients.iter().all(|q| q.is_integer()) {
        return false;
    }
    let g = coefficients.iter().fold(num_bigint::BigInt::from(0), |g, q| num_integer::Integer::gcd(&g, q.numer()));
    let l = coefficients.iter().fold(num_bigint::BigInt::from(1), |l, q| num_integer::Integer::lcm(&l, q.denom()));
    let c = s.num(gradtape::store::Rational::new(g, l));
    let power = s.pow(c, e);
    s.as_num(power).is_some()
}

fn derivatives_of(text: &str, wrt: Option<Vec<String>>, order: u32) -> Option<(Store, Vec<ExprId>)> {
    let request = Request {
        task: Task::Diff { wrt, orders: (order, order) },
        point: None,
        table: None,
        limits: Limits::default(),
        jobs: 1,
        check: None,
    };
    let o = pipeline::run(&request, text).ok()?;
    let ids = o.derivatives.iter().map(|d| d.expr).collect();
    Some((o.store, ids))
}

fn assert_no_nested_fractions(text: &str, wrt: Option<Vec<String>>, order: u32) {
    let Some((mut s, ids)) = derivatives_of(text, wrt, order) else { return };
    for id in ids {
        let mut seen = Vec::new();
        if let Some(d) = nested_fraction(&mut s, id, &mut seen) {
            panic!(
                "a fraction inside a denominator in the derivative of {text}: {d} in {}",
                gradtape::render(&mut s, id)
            );
        }
    }
}

#[test]
fn the_checker_finds_what_it_looks_for() {
    let mut s = Store::new();
    let nested = gradtape::parse(&mut s, "1/(x^2/4 + 1)").unwrap();
    assert!(nested_fraction(&mut s, nested, &mut Vec::new()).is_some());
    for fine in ["2/(x^2 + 4)", "1/sqrt(x/2 + 1/3)", "1/sqrt(1 - 1/x^2)", "(x/2 + 1)^2"] {
        let e = gradtape::parse(&mut s, fine).unwrap();
        assert_eq!(nested_fraction(&mut s, e, &mut Vec::new()), None, "{fine}");
    }
}

#[test]
fn textbook_examples() {
    for (f, d) in [
        ("atan(x/2)", "2/(x^2 + 4)"),
        ("asin(cos(x)/2)", "-sin(x)/sqrt(4 - cos(x)^2)"),
        ("1/(1 + x/3)", "-3/(x + 3)^2"),
        ("ln(x/2 + 1)", "1/(x + 2)"),
    ] {
        let (mut s, ids) = derivatives_of(f, None, 1).expect("a derivative");
        assert_eq!(gradtape::render(&mut s, ids[0]), d, "d/dx {f}");
    }
}

#[test]
fn random_derivatives_have_no_fraction_in_a_denominator() {
    for text in common::gen::random_expressions(1500, 0x6465_6e6f) {
        assert_no_nested_fractions(&text, Some(vec!["x".into()]), 1);
    }
}

/// One case of the oracle: the expression, the variables, the order, and whether it
/// asks for the Hessian.
type OracleCase = (String, Vec<String>, u32, bool);

/// The oracle's corpus, `../shared/oracle/cases.jsonl` from the repository root as CI
/// has it (or the directory in `GRADTAPE_ORACLE_DIR`): each case as (expression,
/// variables, order, Hessian or not).
fn oracle_cases() -> Option<Vec<OracleCase>> {
    let dir = std::env::var_os("GRADTAPE_ORACLE_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/oracle"));
    let path = dir.join("cases.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        // Straight to stderr, past the test harness's capture, so the skip shows.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: no oracle corpus at {} (CI has it beside the repository; or set GRADTAPE_ORACLE_DIR)",
            path.display()
        );
        return None;
    };
    let cases = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let case: serde_json::Value = serde_json::from_str(l).expect("a JSON case");
            let expr = case["expr"].as_str().expect("an expression").to_string();
            let wrt = case["wrt"].as_array().expect("variables").iter();
            let wrt = wrt.map(|v| v.as_str().expect("a variable name").to_string()).collect();
            let order = case["order"].as_u64().unwrap_or(1) as u32;
            (expr, wrt, order, case["mode"] == "hessian")
        })
        .collect();
    Some(cases)
}

#[test]
fn oracle_derivatives_have_no_fraction_in_a_denominator() {
    let Some(cases) = oracle_cases() else { return };
    assert!(cases.len() > 100, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for (expr, wrt, order, hessian) in cases {
        let task = if hessian {
            Task::Hessian { wrt: Some(wrt) }
        } else {
            Task::Diff { wrt: Some(wrt), orders: (order, order) }
        };
        let request = Request { task, point: None, table: None, limits: Limits::default(), jobs: 1, check: None };
        let Ok(o) = pipeline::run(&request, &expr) else { continue };
        let mut s = o.store;
        for d in &o.derivatives {
            if let Some(n) = nested_fraction(&mut s, d.expr, &mut Vec::new()) {
                failures.push(format!("{expr}: {n} in {}", gradtape::render(&mut s, d.expr)));
            }
        }
    }
    assert!(failures.is_empty(), "fractions inside denominators:\n{}", failures.join("\n"));
}
