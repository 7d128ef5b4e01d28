//! Abstract functions (`f(x)`, `g(x, y)`, `h(u)`): the product and chain rules with
//! them, equal mixed partials, derivatives that print and parse back, values that
//! stay symbolic, and the property that substituting concrete functions for f, g and
//! h in a derivative gives the derivative of the substituted input. See
//! docs/calculus.md.

mod common;

use std::collections::HashMap;
use std::process::Output;

use gradtape::diff::Differentiator;
use gradtape::eval::{Evaluator, Point};
use gradtape::pipeline::{self, Request, Task};
use gradtape::store::{ExprId, Node, Store};
use gradtape::syntax::{self, Limits};
use proptest::prelude::*;

use common::run;

/// The plain result of `gradtape ARGS`, and its exit code.
fn plain(args: &[&str]) -> (String, Option<i32>) {
    let mut all = args.to_vec();
    all.extend(["--format", "plain"]);
    let o = run(&all, None);
    (String::from_utf8_lossy(&o.stdout).trim_end().to_string(), o.status.code())
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn product_rule() {
    assert_eq!(plain(&["diff", "f(x)*g(x)"]).0, "f(x)*g'(x) + f'(x)*g(x)");
}

#[test]
fn chain_rule_through_one_and_two_arguments() {
    assert_eq!(plain(&["diff", "f(x^2)"]).0, "2*x*f'(x^2)");
    assert_eq!(plain(&["diff", "sin(f(x))"]).0, "cos(f(x))*f'(x)");
    assert_eq!(plain(&["diff", "g(x, x^2)"]).0, "2*x*D[2](g)(x, x^2) + D[1](g)(x, x^2)");
    assert_eq!(plain(&["diff", "f(g(x))"]).0, "f'(g(x))*g'(x)");
}

#[test]
fn quotient_and_power_rules() {
    assert_eq!(plain(&["diff", "1/f(x)"]).0, "-f'(x)/f(x)^2");
    assert_eq!(plain(&["diff", "f(x)^3"]).0, "3*f(x)^2*f'(x)");
}

#[test]
fn higher_derivatives_go_from_primes_to_d() {
    let (third, _) = plain(&["diff", "f(x)", "--order", "3"]);
    assert_eq!(third, "f'''(x)");
    let (fourth, _) = plain(&["diff", "f(x)", "--order", "4"]);
    assert_eq!(fourth, "D[1,1,1,1](f)(x)");
    assert_eq!(plain(&["diff", "x*f(x)", "--order", "2"]).0, "x*f''(x) + 2*f'(x)");
}

#[test]
fn mixed_partials_are_equal() {
    let (xy, _) = plain(&["diff", "g(x, y)", "--partial", "x,y"]);
    let (yx, _) = plain(&["diff", "g(x, y)", "--partial", "y,x"]);
    assert_eq!(xy, "D[1,2](g)(x, y)");
    assert_eq!(xy, yx);
    assert_eq!(plain(&["simplify", "D[2,1](g)(x, y) - D[1,2](g)(x, y)"]).0, "0");
}

#[test]
fn derivatives_print_and_parse_back() {
    for text in ["f'(x)", "f''(x^2)", "f'''(sin(x))", "D[1,1,1,1](f)(x)", "D[1,2](g)(x, y)", "D[2](h)(x, y, x*y)"] {
        let (printed, code) = plain(&["simplify", text]);
        assert_eq!(code, Some(0), "{text}");
        assert_eq!(printed, text);
        let mut a = Store::new();
        let ea = syntax::parse_into(&mut a, text).expect("parses");
        let again = gradtape::render::text::to_text(&mut a, ea);
        assert_eq!(again, text);
    }
}

#[test]
fn latex_forms() {
    let latex = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--format", "latex"]);
        String::from_utf8_lossy(&run(&all, None).stdout).into_owned()
    };
    assert!(latex(&["diff", "f(x)^2"]).contains("= 2 f(x) f'(x)"));
    assert!(latex(&["diff", "f(x)", "--order", "4"]).contains("f^{(4)}(x)"));
    assert!(latex(&["diff", "g(x, y)", "--partial", "x,y"]).contains("\\partial_{1,2} g(x, y)"));
}

#[test]
fn values_stay_symbolic_at_a_point() {
    let o = run(&["diff", "f(x)^2", "--at", "x=2"], None);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("= 2*f(2)*f'(2)"), "{text}");
    let o = run(&["diff", "f(x)^2", "--at", "x=2", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["derivatives"][0]["value"], "2*f(2)*f'(2)");
    assert!(v["derivatives"][0]["float"].is_null());
    assert_eq!(v["value"], "f(2)^2");
    assert_eq!(plain(&["eval", "f(x) + x", "--at", "x=1/2"]).0, "f(1/2) + 1/2");
}

#[test]
fn check_skips_and_says_why() {
    let o = run(&["diff", "f(x)^2 + x", "--check"], None);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("check: skipped: f is an abstract function"), "{text}");
    let o = run(&["diff", "f(x)^2 + x", "--check", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(v["check"]["pass"].is_null());
    assert!(v["check"]["skipped_because"].as_str().is_some_and(|w| w.contains("abstract function")));
}

#[test]
fn numbers_only_commands_refuse_with_a_reason() {
    let o = run(&["codegen", "--lang", "c", "f(x)*x"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("uses the abstract function f, which has no code"), "{}", stderr(&o));
    let dir = std::env::temp_dir().join(format!("gradtape-abstract-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let points = dir.join("points.csv");
    std::fs::write(&points, "x\n1\n2\n").expect("written");
    let o = run(&["diff", "f(x)", "--at-file", points.to_str().expect("a path")], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("f is an abstract function"), "{}", stderr(&o));
    // What is refused is an abstract function in the results, not one that cancels.
    let o =
        run(&["diff", "f(x) - f(x) + x^2", "--at-file", points.to_str().expect("a path"), "--format", "plain"], None);
    assert_eq!((String::from_utf8_lossy(&o.stdout).as_ref(), o.status.code()), ("2.0\n4.0\n", Some(0)));
    let o = run(&["codegen", "--lang", "c", "f(x) - f(x) + x^2"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn every_command_takes_them() {
    assert_eq!(plain(&["hessian", "g(x, y)"]).0.lines().count(), 2);
    let o = run(&["jacobian", "f(x)", "g(x, y)", "--wrt", "x,y", "--format", "json"], None);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["diff", "--format", "plain"], Some("f(x)*g(x)\nf(\nh(x, y)^2\n"));
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, ["f(x)*g'(x) + f'(x)*g(x)", "", "2*h(x, y)*D[1](h)(x, y)\t2*h(x, y)*D[2](h)(x, y)"]);
}

#[test]
fn more_names_with_the_function_flag() {
    assert_eq!(plain(&["diff", "u(x)*v(x)", "--function", "u,v"]).0, "u(x)*v'(x) + u'(x)*v(x)");
    assert_eq!(
        plain(&["diff", "D[2](w)(x, x^2)", "--function", "w", "--wrt", "x"]).0,
        "2*x*D[2,2](w)(x, x^2) + D[1,2](w)(x, x^2)"
    );
    let o = run(&["diff", "--function", "u", "--format", "plain"], Some("u(x^2)\nk(x)\n"));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "2*x*u'(x^2)\n\n");
    for bad in ["sin", "pi", "diff", "2x"] {
        let o = run(&["diff", "x", "--function", bad], None);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains(&format!("--function '{bad}'")), "{bad}: {}", stderr(&o));
    }
}

/// Each misuse, with the position and the message it gets.
#[test]
fn misuses_are_errors_with_a_position_and_a_hint() {
    let cases: &[(&str, &str, &str)] = &[
        ("x*f + f(x)", "1:3: f is used both as a function and as a variable", "rename the variable"),
        ("f''''(x)", "1:2: 4 primes on f: primes stop at three", "D[1,1,1,1](f)(x)"),
        ("g'(x, y)", "a prime on g of 2 arguments does not say which one", "D[1](g)"),
        ("sin'(x)", "a prime on the built-in function sin", "diff(sin(x), x)"),
        ("D[3](g)(x, y)", "1:3: D[...] of g lists slot 3, but g has 2 arguments", "from 1 to 2"),
        ("D[1](sin)(x)", "sin is not an abstract function", "one named by --function"),
        ("f()", "f is an abstract function and takes at least one argument, got 0", ""),
        ("sinn(x)", "did you mean 'sin'?", ""),
        ("k(x)", "k is not a function", "k*(x)"),
    ];
    for (text, message, hint) in cases {
        let o = run(&["diff", text], None);
        assert_eq!(o.status.code(), Some(2), "{text}");
        let err = stderr(&o);
        assert!(err.contains(message), "{text}: {err}");
        assert!(err.contains(hint), "{text}: {err}");
    }
}

// ------------------------------------------------------------ substitution property

/// The concrete functions put in for f, g and h, in the slot variables p1, p2, p3.
const CONCRETE: &[(&str, &str)] =
    &[("f", "exp(p1/3) + p1^2"), ("g", "p1*p2^2 + sin(p1)"), ("h", "cos(p1) + p1*p2 + p3")];

/// Replaces every abstract function of `id` by its concrete one, differentiated in
/// the head's slots, at the arguments.
fn concrete(s: &mut Store, id: ExprId) -> ExprId {
    s.rebuild(id, &mut |s, i| {
        let Node::Apply(h, args) = s.node(i) else { return None };
        let (h, args) = (*h, args.to_vec());
        let def = s.head_def(h).clone();
        let template = CONCRETE.iter().find(|(n, _)| **n == *def.name)?.1;
        let args: Vec<ExprId> = args.iter().map(|&a| concrete(s, a)).collect();
        let mut e = syntax::parse_into(s, template).ok()?;
        let mut d = Differentiator::new();
        for slot in def.slots.iter() {
            let p = s.var(&format!("p{slot}"));
            e = d.diff(s, e, p);
        }
        let values: HashMap<String, ExprId> =
            args.iter().enumerate().map(|(k, &a)| (format!("p{}", k + 1), a)).collect();
        Some(s.substitute(e, &values))
    })
}

fn with_functions() -> impl Strategy<Value = String> {
    let inner = || common::gen::expression(2).prop_map(|g| g.text());
    (inner(), inner(), inner(), 0..4usize).prop_map(|(a, b, c, shape)| match shape {
        0 => format!("f({a})*g({b}, {c})"),
        1 => format!("h({a}, f({b}), x)/({c})"),
        2 => format!("g(f({a}), {b})^2 + {c}"),
        _ => format!("sin(f({a}) - h({b}, {c}, y))"),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Differentiate with f, g, h abstract, then put concrete functions in: the same
    /// value as putting them in first and differentiating.
    #[test]
    fn substituting_concrete_functions_commutes_with_differentiating(
        text in with_functions(),
        x in -1.5f64..1.5,
        y in -1.5f64..1.5,
    ) {
        let request = Request {
            task: Task::Diff { wrt: Some(vec!["x".into()]), orders: (1, 1) },
            point: None, table: None, limits: Limits::default(), jobs: 1, check: None,
        };
        let Ok(mut o) = pipeline::run(&request, &text) else { return Ok(()) };
        let s = &mut o.store;
        let later = concrete(s, o.derivatives[0].expr);
        let first = concrete(s, o.expr);
        let xv = s.var("x");
        let sooner = Differentiator::new().diff(s, first, xv);
        let point = Point { exact: HashMap::new(), float: [("x".to_string(), x), ("y".to_string(), y)].into() };
        let mut ev = Evaluator::new(&point);
        if let (Ok(a), Ok(b)) = (ev.float(s, later), ev.float(s, sooner)) {
            if a.is_finite() && b.is_finite() && a.abs().max(b.abs()) < 1e12 {
                prop_assert!((a - b).abs() <= 1e-8 * (1.0 + a.abs().max(b.abs())), "{text}: {a} vs {b} at x={x}, y={y}");
            }
        }
    }
}
