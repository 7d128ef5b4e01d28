//! `diff(u, x)`, `diff(u, x, y)` and `diff(u, x, 3)` inside an expression: the
//! derivative, taken as the expression is read (docs/calculus.md).

mod common;

use std::collections::HashMap;

use gradtape::diff::Differentiator;
use gradtape::eval::{Evaluator, Point};
use gradtape::store::Store;
use gradtape::syntax;
use proptest::prelude::*;

/// The plain output of `gradtape ARGS`, its errors and its exit code.
fn plain(args: &[&str]) -> (String, String, Option<i32>) {
    let mut all = args.to_vec();
    all.extend(["--format", "plain"]);
    let o = common::run(&all, None);
    let text = |b: &[u8]| String::from_utf8_lossy(b).trim_end().to_string();
    (text(&o.stdout), text(&o.stderr), o.status.code())
}

#[test]
fn the_operator_is_the_derivative() {
    assert_eq!(plain(&["simplify", "diff(x^2*y, x)"]).0, "2*x*y");
    assert_eq!(plain(&["eval", "diff(sin(x), x)", "--at", "x=0"]).0, "1");
    assert_eq!(plain(&["simplify", "diff(x^3*y^2, x, y)"]).0, "6*x^2*y");
    assert_eq!(plain(&["simplify", "diff(sin(x), x, 3)"]).0, "-cos(x)");
    assert_eq!(plain(&["simplify", "diff(x^4, x, 2, y)"]).0, "0");
    assert_eq!(plain(&["simplify", "diff(diff(x^4, x), x)"]).0, "12*x^2");
    assert_eq!(plain(&["diff", "diff(f(x)*g(x), x)"]).0, "f(x)*g''(x) + 2*f'(x)*g'(x) + f''(x)*g(x)");
}

#[test]
fn the_rest_of_the_expression_is_built_around_it() {
    assert_eq!(plain(&["diff", "diff(x^3, x) + x"]).0, "6*x + 1");
    assert_eq!(plain(&["simplify", "x*diff(ln(x), x)"]).0, "1");
}

#[test]
fn bad_arguments_are_errors_with_a_hint() {
    for text in ["diff(x)", "diff(x^2, 2)", "diff(x^2, x, 0)", "diff(x^2, pi)", "diff(x^2, x + y)", "diff()"] {
        let (_, err, code) = plain(&["simplify", text]);
        assert_eq!(code, Some(2), "{text}");
        assert!(err.contains("diff takes an expression and the variables"), "{text}: {err}");
        assert!(err.contains("hint: write diff(u, x)"), "{text}: {err}");
    }
    let (_, err, code) = plain(&["simplify", "diff(x, x, 60, y, 60)"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("diff asks for more than 100 derivatives"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// `diff(U, x)` read and built has the value of U differentiated.
    #[test]
    fn reading_the_operator_differentiates(g in common::gen::expression(2), x in -2.0f64..2.0, y in -2.0f64..2.0) {
        let text = g.text();
        let mut s = Store::new();
        let Ok(u) = syntax::parse_into(&mut s, &text) else { return Ok(()) };
        let Ok(read) = syntax::parse_into(&mut s, &format!("diff({text}, x)")) else {
            // Only a limit may refuse what differentiates.
            return Ok(());
        };
        let xv = s.var("x");
        let taken = Differentiator::new().diff(&mut s, u, xv);
        let point = Point { exact: HashMap::new(), float: [("x".to_string(), x), ("y".to_string(), y)].into() };
        let mut ev = Evaluator::new(&point);
        if let (Ok(a), Ok(b)) = (ev.float(&s, read), ev.float(&s, taken)) {
            if a.is_finite() && b.is_finite() {
                prop_assert!((a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs())), "{text}: {a} vs {b}");
            }
        }
    }
}
