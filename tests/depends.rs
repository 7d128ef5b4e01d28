//! Variables that depend on others (`--depends "y(x)"`): implicit differentiation,
//! the product and chain rules through y, equal mixed partials of u(x, t), 0 for a
//! variable y does not depend on, higher orders through the chain's kernel
//! polynomials, values at a point, the check's skip, every format, the errors, round
//! trips, and the property that putting a concrete function in for y commutes with
//! differentiating. See docs/calculus.md.

mod common;

use std::collections::HashMap;

use gradtape::diff::Differentiator;
use gradtape::eval::{Evaluator, Point};
use gradtape::limits::Dependency;
use gradtape::pipeline::{self, Request, Task};
use gradtape::render::text::to_text;
use gradtape::store::{ExprId, Node, Store};
use gradtape::syntax::Limits;
use proptest::prelude::*;

use common::run;

/// `gradtape ARGS --format plain`: its output and exit code.
fn plain(args: &[&str]) -> (String, Option<i32>) {
    let mut all = args.to_vec();
    all.extend(["--format", "plain"]);
    let o = run(&all, None);
    (String::from_utf8_lossy(&o.stdout).trim_end().to_string(), o.status.code())
}

/// The plain derivative of `text` with y declared to depend on x.
fn d(text: &str, more: &[&str]) -> String {
    let mut args = vec!["diff", text, "--depends", "y(x)"];
    args.extend(more);
    plain(&args).0
}

#[test]
fn implicit_differentiation() {
    assert_eq!(d("x^2 + y^2", &["--wrt", "x"]), "2*(x + y*y'(x))");
    assert_eq!(plain(&["simplify", "2*x + 2*y*y'(x)", "--depends", "y(x)"]).0, "2*(x + y*y'(x))");
    // The default variables are the independent ones: x, not y.
    assert_eq!(d("x^2 + y^2", &[]), "2*(x + y*y'(x))");
    assert_eq!(d("y^2", &[]), "2*y*y'(x)");
}

#[test]
fn product_and_chain_rules() {
    assert_eq!(d("x*y", &[]), "x*y'(x) + y");
    assert_eq!(d("sin(y)", &[]), "cos(y)*y'(x)");
    assert_eq!(d("f(y)", &[]), "f'(y)*y'(x)");
    assert_eq!(d("y'(x)", &[]), "y''(x)");
    assert_eq!(d("y", &["--order", "4"]), "D[1,1,1,1](y)(x)");
    assert_eq!(d("exp(x*y)", &["--order", "2"]), "exp(x*y)*(x*y''(x) + 2*y'(x) + (x*y'(x) + y)^2)");
}

#[test]
fn what_y_does_not_depend_on_gives_zero() {
    let (out, code) = plain(&["diff", "y*t + y^2", "--depends", "y(x)", "--wrt", "t"]);
    assert_eq!((out.as_str(), code), ("y", Some(0)));
    assert_eq!(plain(&["diff", "y", "--depends", "y(x)", "--wrt", "t"]).0, "0");
}

#[test]
fn mixed_partials_of_a_function_of_two_are_equal() {
    let xt = plain(&["diff", "u^2*x", "--depends", "u(x, t)", "--partial", "x,t"]).0;
    let tx = plain(&["diff", "u^2*x", "--depends", "u(x, t)", "--partial", "t,x"]).0;
    assert_eq!(xt, tx);
    assert_eq!(plain(&["diff", "u", "--depends", "u(x, t)", "--partial", "t"]).0, "D[2](u)(x, t)");
    assert_eq!(plain(&["diff", "u", "--depends", "u(x, t)"]).0, "D[2](u)(x, t)\nD[1](u)(x, t)");
}

/// The fast path of the higher orders (polynomials in kernels) must see that y varies
/// with x: treating y as a constant, the 6th derivative of this polynomial would be 0.
#[test]
fn high_orders_of_a_polynomial_in_x_and_y() {
    let out = d("x^3*y^4 + x*y^2 + y^5", &["--order", "6"]);
    assert_ne!(out, "0");
    assert!(out.contains("D[1,1,1,1,1,1](y)(x)"), "{out}");
    for order in [2, 4, 6] {
        let text = "x^3*y^4 + x*y^2 + y^5";
        assert_substitution_agrees(text, order, "sin(p1) + p1^2/3", &[0.3, 1.1, -0.7]);
    }
}

#[test]
fn values_at_a_point() {
    let o = run(&["diff", "x^2 + y^2", "--depends", "y(x)", "--at", "x=2", "--format", "json"], None);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["value"], "y(2)^2 + 4");
    assert_eq!(v["derivatives"][0]["value"], "2*y(2)*y'(2) + 4");
    assert!(v["derivatives"][0]["float"].is_null());
    assert_eq!(v["variables"], serde_json::json!(["x"]));
    // A value given to y is y(2); its derivative stays symbolic.
    let o = run(&["diff", "x^2 + y^2", "--depends", "y(x)", "--at", "x=2,y=3", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!((v["value"].as_str(), v["float"].as_f64()), (Some("13"), Some(13.0)));
    assert_eq!(v["derivatives"][0]["value"], "6*y'(2) + 4");
    assert!(o.stderr.is_empty(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(plain(&["eval", "x*y", "--depends", "y(x)", "--at", "x=2"]).0, "2*y(2)");
    assert_eq!(plain(&["eval", "x*u", "--depends", "u(x, t)", "--at", "x=2,t=1"]).0, "2*u(2, 1)");
    // x is still needed: a point is a value of the independent variables.
    let o = run(&["eval", "x*y", "--depends", "y(x)", "--at", "y=3"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_skips_and_says_why() {
    let o = run(&["diff", "x^2 + y^2", "--depends", "y(x)", "--check", "--format", "json"], None);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["check"]["skipped_because"], "y depends on x (--depends), so there are no numbers to compare");
    let o = run(&["diff", "x*y'(x)", "--depends", "y(x)", "--check", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["check"]["skipped_because"], "y depends on x (--depends), so there are no numbers to compare");
    // Without a dependent variable in it, an input is checked as usual.
    let o = run(&["diff", "x^2", "--depends", "y(x)", "--check", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(v["check"]["skipped_because"].is_null(), "{v}");
}

#[test]
fn every_format_and_command() {
    let latex = run(&["diff", "x^2 + y^2", "--depends", "y(x)", "--format", "latex"], None);
    assert!(String::from_utf8_lossy(&latex.stdout).contains("= 2 (x + y y'(x))"));
    let text = run(&["diff", "x*y", "--depends", "y(x)"], None);
    assert_eq!(String::from_utf8_lossy(&text.stdout), "f(x)  = x*y\ndf/dx = x*y'(x) + y\n");
    assert_eq!(plain(&["hessian", "x*y", "--depends", "y(x)"]).0, "x*y''(x) + 2*y'(x)");
    assert_eq!(
        plain(&["jacobian", "x*y", "u*t", "--depends", "y(x)", "--depends", "u(x, t)"]).0,
        "0\tx*y'(x) + y\nt*D[2](u)(x, t) + u\tt*D[1](u)(x, t)"
    );
    let o = run(&["diff", "--depends", "y(x)", "--format", "plain"], Some("y^2\nsin(y)*x\n"));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "2*y*y'(x)\nx*cos(y)*y'(x) + sin(y)\n");
    assert_eq!(plain(&["simplify", "diff(y^2, x)", "--depends", "y(x)"]).0, "2*y*y'(x)");
}

#[test]
fn results_parse_back() {
    for (text, decl) in
        [("x^2 + y^2", "y(x)"), ("exp(x*y)*sin(y)", "y(x)"), ("u^3*x*t", "u(x, t)"), ("y^2/(1 + x)", "y(x)")]
    {
        let (out, code) = plain(&["diff", text, "--depends", decl, "--order", "1..3"]);
        assert_eq!(code, Some(0), "{text}");
        let depends = if decl == "y(x)" { Y_OF_X } else { U_OF_XT };
        let limits = Limits { depends, ..Limits::default() };
        for result in out.split(['\n', '\t']) {
            let mut lowered = gradtape::syntax::parse_lowered(result, limits).expect("parses back");
            assert_eq!(to_text(&mut lowered.store, lowered.expr), result, "{text}");
        }
    }
    let (at, _) = plain(&["simplify", "y(2)^2 + y(x)", "--depends", "y(x)"]);
    assert_eq!(at, "y + y(2)^2");
}

#[test]
fn bad_declarations_and_uses_are_errors_with_a_position_and_a_hint() {
    let cases: &[(&[&str], &str)] = &[
        (&["--depends", "y"], "--depends: 1:1: y is declared without the variables it depends on"),
        (&["--depends", "sin(x)"], "--depends: 1:1: 'sin' is a function or constant, not a variable"),
        (&["--depends", "pi(x)"], "--depends: 1:1: 'pi' is a function or constant, not a variable"),
        (&["--depends", "y(y)"], "--depends: 1:3: y cannot depend on itself"),
        (&["--depends", "y(x,x)"], "--depends: 1:5: y depends on x twice"),
        (&["--depends", "y(2)"], "--depends: 1:3: y can depend only on variables, and 2 is not one"),
        (&["--depends", "y(x)", "--depends", "y(t)"], "--depends: 1:1: y is declared twice"),
        (&["--depends", "f(x)"], "--depends: 1:1: f is an abstract function, not a variable"),
        (&["--function", "w", "--depends", "w(x)"], "--depends: 1:1: w is an abstract function, not a variable"),
        (&["--depends", "z(y)", "--depends", "y(x)"], "z cannot depend on y, which depends on x itself"),
        (&["--depends", "y(x)", "--wrt", "y"], "--wrt y: y depends on x (--depends)"),
        (&["--depends", "y(x)", "--partial", "x,y"], "--partial y: y depends on x (--depends)"),
    ];
    for (flags, message) in cases {
        let mut args = vec!["diff", "x*y"];
        args.extend(*flags);
        let o = run(&args, None);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{flags:?}: {err}");
        assert!(err.contains(message), "{flags:?}: {err}");
        assert!(err.contains("hint: "), "{flags:?}: {err}");
    }
    let o = run(&["diff", "y(x, t)", "--depends", "y(x)"], None);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.contains("1:1: y is declared as y(x), with 1 argument, and given 2 here"), "{err}");
    // Without --depends, a name is a function or a variable, not both.
    let o = run(&["diff", "y*y'(x)"], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("1:4: a prime on y, which is not a function"), "{err}");
    assert!(err.contains("hint: declare --depends \"y(x)\""), "{err}");
}

// ------------------------------------------------------------ substitution property

const Y_OF_X: &[Dependency] = &[Dependency { name: "y", args: &["x"] }];
const U_OF_XT: &[Dependency] = &[Dependency { name: "u", args: &["x", "t"] }];

/// Replaces y by `template` (an expression in p1) at x, and each derivative of y by
/// the template's derivative at its argument.
fn concrete(s: &mut Store, id: ExprId, template: &str) -> ExprId {
    s.rebuild(id, &mut |s, i| {
        let (slots, args) = match s.node(i) {
            Node::Var(n) if &**n == "y" => (0, vec![s.var("x")]),
            Node::Apply(h, args) if &*s.head_def(*h).name == "y" => (s.head_def(*h).slots.len(), args.to_vec()),
            _ => return None,
        };
        let args: Vec<ExprId> = args.iter().map(|&a| concrete(s, a, template)).collect();
        let mut e = gradtape::syntax::parse_into(s, template).ok()?;
        let p = s.var("p1");
        let mut d = Differentiator::new();
        for _ in 0..slots {
            e = d.diff(s, e, p);
        }
        Some(s.substitute(e, &[("p1".to_string(), args[0])].into()))
    })
}

/// Differentiates `text` `order` times by x with y(x), substitutes the concrete y in
/// the result and in the input, differentiates the latter, and compares at `xs`.
fn assert_substitution_agrees(text: &str, order: u32, template: &str, xs: &[f64]) {
    let request = Request {
        task: Task::Diff { wrt: Some(vec!["x".into()]), orders: (order, order) },
        point: None,
        table: None,
        limits: Limits { depends: Y_OF_X, ..Limits::default() },
        jobs: 1,
        check: None,
    };
    let Ok(mut o) = pipeline::run(&request, text) else { return };
    let s = &mut o.store;
    let later = concrete(s, o.derivatives[0].expr, template);
    let mut sooner = concrete(s, o.expr, template);
    let xv = s.var("x");
    let mut diff = Differentiator::new();
    for _ in 0..order {
        sooner = diff.diff(s, sooner, xv);
    }
    for &x in xs {
        let point =
            Point { exact: HashMap::new(), float: [("x".to_string(), x), ("z".to_string(), x / 3.0 + 0.2)].into() };
        let mut ev = Evaluator::new(&point);
        if let (Ok(a), Ok(b)) = (ev.float(s, later), ev.float(s, sooner)) {
            if a.is_finite() && b.is_finite() && a.abs().max(b.abs()) < 1e12 {
                let ok = (a - b).abs() <= 1e-7 * (1.0 + a.abs().max(b.abs()));
                assert!(ok, "{text}, order {order}, y = {template}: {a} vs {b} at x={x}");
            }
        }
    }
}

/// The concrete functions put in for y, in the slot variable p1.
const TEMPLATES: &[&str] = &["sin(p1) + p1^2/3", "exp(p1/2)", "p1^3 - 2*p1", "ln(p1^2 + 1)", "cos(2*p1)*p1"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Differentiate with y(x), then put a concrete y in: the same value as putting it
    /// in first and differentiating, at every order up to 3.
    #[test]
    fn substituting_a_concrete_y_commutes_with_differentiating(
        text in common::gen::expression(3).prop_map(|g| g.text()),
        which in 0..TEMPLATES.len(),
        order in 1u32..=3,
        x in -1.5f64..1.5,
    ) {
        assert_substitution_agrees(&text, order, TEMPLATES[which], &[x]);
    }
}

#[test]
fn a_table_of_points_reads_y_from_its_column_and_refuses_its_derivatives() {
    let dir = std::env::temp_dir().join(format!("gradtape-depends-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let points = dir.join("points.csv");
    std::fs::write(&points, "x,y\n1,3\n2,4\n").expect("written");
    let file = points.to_str().expect("a path");
    let o = run(&["eval", "x*y", "--depends", "y(x)", "--at-file", file, "--format", "plain"], None);
    assert_eq!((String::from_utf8_lossy(&o.stdout).as_ref(), o.status.code()), ("3.0\n8.0\n", Some(0)));
    let o = run(&["diff", "x*y", "--depends", "y(x)", "--at-file", file], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("y depends on x (--depends): its derivatives have none"), "{err}");
}
