//! Symbolic derivatives agree with automatic differentiation: ≥ 10,000 seeded random
//! expressions over every function of the language (depth up to 6, up to three
//! variables), each checked at a random point inside its domain, orders 1 to 3.
//! A failure reproduces from the fixed seed; minimal failing cases become laws in
//! tests/check_laws.rs.

use std::cell::Cell;
use std::collections::HashMap;

use gradtape::check::{ad_agrees, find_point, is_overflow, symbolic_magnitude, SplitMix, AD_ROUNDING};
use gradtape::diff::Differentiator;
use gradtape::eval::{Evaluator, Point};
use gradtape::store::Store;
use gradtape::syntax;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

/// Cases per run: 10,000 in an optimized build (`cargo test --release`, as CI runs
/// it, in seconds), 1,000 in a debug build; `GRADTAPE_PROP_CASES` overrides both.
const CASES: u32 = if cfg!(debug_assertions) { 1_000 } else { 10_000 };

/// Cases of the whole check, finite differences included (slower per case);
/// `GRADTAPE_PROP_FD_CASES` overrides it.
const FD_CASES: u32 = if cfg!(debug_assertions) { 100 } else { 1_000 };

const UNARY: &[&str] = &[
    "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "asec", "acsc", "sinh", "cosh", "tanh",
    "coth", "sech", "csch", "asinh", "acosh", "atanh", "exp", "ln", "log", "log2", "log10", "sqrt", "cbrt", "abs",
    "sign", "erf", "erfc", "sigmoid", "softplus", "relu",
];

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["x", "y", "z"]).prop_map(str::to_string),
        2 => (1u32..6).prop_map(|n| n.to_string()),
        1 => prop::sample::select(vec!["1/2", "3/2", "2/3", "0.25", "pi", "e", "-1"]).prop_map(str::to_string),
    ]
}

fn expression() -> impl Strategy<Value = String> {
    leaf().prop_recursive(6, 48, 2, |inner| {
        prop_oneof![
            4 => (prop::sample::select(UNARY.to_vec()), inner.clone()).prop_map(|(f, a)| format!("{f}({a})")),
            2 => (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} + {b})")),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} - {b})")),
            3 => (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} * {b})")),
            2 => (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} / {b})")),
            1 => (inner.clone(), 1i32..5).prop_map(|(a, n)| format!("({a})^{n}")),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})^({b})")),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("atan2({a}, {b})")),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("log({a}, {b})")),
            1 => inner.prop_map(|a| format!("-({a})")),
        ]
    })
}

/// Every derivative of orders 1 to 3 by the expression's variables, symbolic against
/// AD at one random point of the domain. Ok(false) when no such point was found.
fn symbolic_equals_ad(text: &str, seed: u64) -> Result<bool, TestCaseError> {
    let ast = syntax::parse(text).map_err(|e| TestCaseError::fail(format!("{text}: {e:?}")))?;
    let names = ast.variables();
    let mut store = Store::new();
    let f = ast.lower(&mut store);
    let mut d = Differentiator::new();
    let mut wrts: Vec<Vec<String>> = Vec::new();
    let mut exprs = Vec::new();
    for order in 1..=3 {
        for combo in gradtape::combinatorics::multisets(names.len(), order) {
            let w: Vec<String> = combo.iter().map(|&i| names[i].clone()).collect();
            let vars: Vec<_> = w.iter().map(|n| store.var(n)).collect();
            exprs.push(d.diff_many(&mut store, f, &vars));
            wrts.push(w);
        }
    }
    let mut rng = SplitMix(seed);
    let Ok((point, ad, _)) = find_point(&ast, &names, &wrts, &mut rng, 20) else {
        return Ok(false);
    };
    let p = Point { exact: HashMap::new(), float: point.clone() };
    let mut ev = Evaluator::new(&p);
    // Where the built function is undefined (log(x, z/z)), AD's value is rounding.
    let defined = ev.float(&store, f).is_ok();
    let mut memo = HashMap::new();
    for ((w, &e), ad) in wrts.iter().zip(&exprs).zip(&ad) {
        let Ok(a) = ad.value else { continue };
        if ad.ambiguous {
            continue;
        }
        let s = ev.float(&store, e);
        // The rounding scale of both evaluations.
        let sym = symbolic_magnitude(&store, e, &point, &mut memo).map_or(0.0, |(_, m)| m);
        let magnitude = ad.magnitude.max(sym);
        // AD's value is rounding noise around 0 where the closed form is undefined
        // (asin(z/z)): nothing to compare.
        if s.is_err() && a.abs() <= AD_ROUNDING * magnitude {
            continue;
        }
        // Undefined function, or a closed form too large for f64 where AD's
        // recurrences are not: nothing to compare.
        if matches!(&s, Err(why) if !defined || is_overflow(why)) {
            continue;
        }
        let ok = matches!(s, Ok(s) if ad_agrees(s, a, magnitude));
        prop_assert!(ok, "{text}: d/d{w:?} at {point:?}: symbolic {s:?} = AD {a:?} (magnitude {magnitude})?");
    }
    Ok(true)
}

#[test]
fn symbolic_derivatives_equal_automatic_differentiation() {
    let cases = std::env::var("GRADTAPE_PROP_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(CASES);
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    // The fixed seed, unless GRADTAPE_PROP_SEED picks another (to search further).
    let seed: u8 = std::env::var("GRADTAPE_PROP_SEED").ok().and_then(|c| c.parse().ok()).unwrap_or(7);
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let (generated, checked) = (Cell::new(0u32), Cell::new(0u32));
    let result = runner.run(&(expression(), any::<u64>()), |(text, seed)| {
        generated.set(generated.get() + 1);
        if symbolic_equals_ad(&text, seed)? {
            checked.set(checked.get() + 1);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!("{} expressions, {} checked inside their domain", generated.get(), checked.get());
    assert!(generated.get() >= cases);
    // Most random expressions have points where they are defined.
    assert!(checked.get() * 2 >= generated.get(), "only {} of {} checked", checked.get(), generated.get());
}

/// The whole check (AD and finite differences) passes correct derivatives: no
/// verdict is FAIL on random expressions at random points.
#[test]
fn the_whole_check_passes_correct_derivatives() {
    use gradtape::check::{check, Points, Verdict};
    let cases = std::env::var("GRADTAPE_PROP_FD_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(FD_CASES);
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[11u8; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let result = runner.run(&(expression(), any::<u64>()), |(text, seed)| {
        let ast = syntax::parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e:?}")))?;
        let names = ast.variables();
        let mut store = Store::new();
        let f = ast.lower(&mut store);
        let mut d = Differentiator::new();
        let mut entries = Vec::new();
        for order in 1..=2 {
            for combo in gradtape::combinatorics::multisets(names.len(), order) {
                let w: Vec<String> = combo.iter().map(|&i| names[i].clone()).collect();
                let vars: Vec<_> = w.iter().map(|n| store.var(n)).collect();
                entries.push((w, d.diff_many(&mut store, f, &vars)));
            }
        }
        let report = check(&ast, &store, f, &entries, &Points::Random { seed, count: 1 });
        for p in &report.points {
            for e in &p.entries {
                prop_assert!(e.verdict != Verdict::Fail, "{text}: {e:?} at {:?}", p.point);
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Cases of the shown-results property (the whole pipeline per case);
/// `GRADTAPE_PROP_SHOWN_CASES` overrides it.
const SHOWN_CASES: u32 = if cfg!(debug_assertions) { 100 } else { 1_000 };

/// The derivatives as gradtape shows them (simplified, orders 1 to 4 along the
/// derivative chain, the higher ones through polynomials in kernels) pass the
/// numerical check at a random point: no verdict is FAIL.
#[test]
fn shown_derivatives_pass_the_check() {
    use gradtape::check::Verdict;
    use gradtape::pipeline::{self, CheckOptions, Request, Task};
    let cases = std::env::var("GRADTAPE_PROP_SHOWN_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(SHOWN_CASES);
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[13u8; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let result = runner.run(&(expression(), any::<u64>(), 1u32..5), |(text, seed, order)| {
        let request = Request {
            task: Task::Diff { wrt: None, orders: (order, order) },
            point: None,
            table: None,
            limits: syntax::Limits::default(),
            jobs: 1,
            check: Some(CheckOptions { seed, points: 1 }),
        };
        // A request refused by a limit (a 4th derivative grown too large) has
        // nothing to check.
        let Ok(outcome) = pipeline::run(&request, &text) else { return Ok(()) };
        let Some(report) = outcome.check else { return Ok(()) };
        for p in &report.points {
            for e in &p.entries {
                prop_assert!(e.verdict != Verdict::Fail, "{text}, order {order}: {e:?} at {:?}", p.point);
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
