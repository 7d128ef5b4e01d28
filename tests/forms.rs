//! `simplify --form expanded|factored`: textbook examples, the budgets, and
//! properties — both forms keep the value, the factored form multiplied out is the
//! expanded form, and products of rational linear factors are found again.

mod common;

use common::gen;
use gradtape::error::ErrorKind;
use gradtape::eval::{Evaluator, Point};
use gradtape::pipeline::{run, Request, Task};
use gradtape::render::text::to_text;
use gradtape::simplify::{simplify, Form};
use gradtape::store::{ExprId, Node, Store};
use gradtape::syntax::{parse_into, Limits};
use proptest::prelude::*;

fn request(form: Form) -> Request {
    Request { task: Task::Simplify { form }, point: None, table: None, limits: Limits::default(), jobs: 1, check: None }
}

/// The expression as `gradtape simplify --form FORM` prints it.
fn form(expr: &str, f: Form) -> String {
    let mut o = run(&request(f), expr).expect("the input parses");
    to_text(&mut o.store, o.expr)
}

#[test]
fn textbook_expansions() {
    let cases = [
        ("(x+1)^3", "x^3 + 3*x^2 + 3*x + 1"),
        ("x*(x^2+2*x+2)", "x^3 + 2*x^2 + 2*x"),
        ("(x-y)*(x+y)", "x^2 - y^2"),
        ("(a+b)^2", "a^2 + 2*a*b + b^2"),
        ("exp(x)*(x+1)^2", "x^2*exp(x) + 2*x*exp(x) + exp(x)"),
        ("sin((x+1)^2)", "sin(x^2 + 2*x + 1)"),
        ("1/(x+1)^2", "1/(x^2 + 2*x + 1)"),
        ("(x+1)^2/(x-1)", "(x^2 + 2*x + 1)/(x - 1)"),
    ];
    for (input, want) in cases {
        assert_eq!(form(input, Form::Expanded), want, "expanded form of {input}");
    }
}

#[test]
fn textbook_factorizations() {
    let cases = [
        ("x^2+2*x+1", "(x + 1)^2"),
        ("x^2-1", "(x - 1)*(x + 1)"),
        ("x^3-8", "(x - 2)*(x^2 + 2*x + 4)"),
        ("x^3+27", "(x + 3)*(x^2 - 3*x + 9)"),
        ("x^3-3*x^2+3*x-1", "(x - 1)^3"),
        ("2*x^2-3*x+1", "(x - 1)*(2*x - 1)"),
        ("6*x^2+5*x+1", "(2*x + 1)*(3*x + 1)"),
        ("x^4-1", "(x - 1)*(x + 1)*(x^2 + 1)"),
        ("x^4-2*x^2+1", "(x - 1)^2*(x + 1)^2"),
        ("x^3-x", "x*(x - 1)*(x + 1)"),
        ("x^2/4-1", "(x - 2)*(x + 2)/4"),
        ("1-x^2", "-(x - 1)*(x + 1)"),
        ("x^2*y+2*x*y+y", "y*(x + 1)^2"),
        ("x*y+x*z", "x*(y + z)"),
        ("sin(x)^2+2*sin(x)+1", "(sin(x) + 1)^2"),
        ("(x^2-1)/(x^2+2*x+1)", "(x - 1)/(x + 1)"),
        ("x^3 + 2*x^2 + 2*x", "x*(x^2 + 2*x + 2)"),
        // Irreducible over the rationals: unchanged.
        ("x^2+1", "x^2 + 1"),
        ("x^2-2", "x^2 - 2"),
        ("x^2+x+1", "x^2 + x + 1"),
    ];
    for (input, want) in cases {
        assert_eq!(form(input, Form::Factored), want, "factored form of {input}");
    }
}

#[test]
fn budgets_end_quickly() {
    let start = std::time::Instant::now();
    for input in [
        "(x+1)^1000",
        "(x+1)^1000 - 1",
        "(x+y+z+1)^60",
        "(x+1)^(10^9)",
        "((x^9999)^9999)^30*(((x^9999)^9999)^30 + 1)",
        "(x^20000000 + 1)*(x^20000000 + 2)",
    ] {
        match run(&request(Form::Expanded), input) {
            Err(e) => assert_eq!(e.kind, ErrorKind::Limit, "{input}: {}", e.message),
            Ok(o) => panic!("{input} expanded within the limits: {}", o.store.len()),
        }
        // Factoring leaves what it cannot multiply out as it is.
        run(&request(Form::Factored), input).expect("factoring never fails on a budget");
    }
    // A high power of a kernel is not a large expansion.
    assert_eq!(form("x^300*sin(x)", Form::Expanded), "x^300*sin(x)");
    assert_eq!(form("x^300*(x+1)", Form::Expanded), "x^301 + x^300");
    assert_eq!(form("x^3000000000 + x", Form::Factored), "x*(x^2999999999 + 1)");
    // Large but within the budgets.
    let o = run(&request(Form::Expanded), "(x+1)^100").expect("within the limits");
    let terms = match o.store.node(o.expr) {
        Node::Add(ts) => ts.len(),
        _ => 0,
    };
    assert_eq!(terms, 101);
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

fn point(x: f64, y: f64, z: f64) -> Point {
    let mut p = Point::default();
    for (n, v) in [("x", x), ("y", y), ("z", z)] {
        p.float.insert(n.into(), v);
    }
    p
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-7 * a.abs().max(b.abs()).max(1.0)
}

/// `after` has the value of `before` wherever `before` is defined (and not huge).
fn same_value(s: &Store, before: ExprId, after: ExprId, p: &Point) {
    let Ok(a) = Evaluator::new(p).float(s, before) else { return };
    if !a.is_finite() || a.abs() > 1e6 {
        return;
    }
    match Evaluator::new(p).float(s, after) {
        Ok(b) => assert!(close(a, b), "{a} vs {b}"),
        Err(why) => panic!("defined input ({a}) became undefined ({why})"),
    }
}

/// A polynomial with small integer coefficients: sums and products of
/// `c*x^i*y^j` and their small powers, fully parenthesized.
fn polynomial() -> impl Strategy<Value = String> {
    let mono = (-4i32..5, 0u32..3, 0u32..2).prop_map(|(c, i, j)| format!("({c}*x^{i}*y^{j})"));
    mono.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}+{b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}*{b})")),
            (inner, 2u32..4).prop_map(|(a, n)| format!("({a}^{n})")),
        ]
    })
}

/// A product of linear factors `(a*x + b)^m` with nonzero `a`.
fn linear_product() -> impl Strategy<Value = String> {
    let factor = (prop_oneof![-3i32..0, 1i32..4], -5i32..6, 1u32..4).prop_map(|(a, b, m)| format!("({a}*x+{b})^{m}"));
    (prop::collection::vec(factor, 1..4), 1i32..4).prop_map(|(fs, c)| format!("{c}*{}", fs.join("*")))
}

/// True when no sum in `id` has a term with `x` to a power of 2 or more.
fn only_linear_sums(s: &Store, id: ExprId, x: ExprId) -> bool {
    match s.node(id) {
        Node::Add(ts) => ts.iter().all(|&t| !has_power_of(s, t, x)),
        Node::Mul(fs) => fs.iter().all(|&f| only_linear_sums(s, f, x)),
        Node::Pow(b, _) => only_linear_sums(s, *b, x),
        _ => true,
    }
}

fn has_power_of(s: &Store, t: ExprId, x: ExprId) -> bool {
    match s.node(t) {
        Node::Pow(b, e) => *b == x && s.as_num(*e).is_some_and(|q| q.numer() > q.denom()),
        Node::Mul(fs) => fs.iter().any(|&f| has_power_of(s, f, x)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn polynomial_forms_keep_the_value_and_agree(
        text in polynomial(),
        x in prop::sample::select(vec![-2.3, -0.6, 0.35, 1.45, 2.6]),
        y in prop::sample::select(vec![-1.9, 0.55, 3.1]),
    ) {
        let mut s = Store::new();
        let id = parse_into(&mut s, &text).expect("generated polynomials parse");
        let ex = simplify(&mut s, id, Form::Expanded);
        let fa = simplify(&mut s, id, Form::Factored);
        let p = point(x, y, 0.0);
        same_value(&s, id, ex, &p);
        same_value(&s, id, fa, &p);
        // The factored form multiplied out is the expanded form (the store is
        // canonical: equal polynomials in the same kernels are one node).
        let fa_ex = simplify(&mut s, fa, Form::Expanded);
        prop_assert_eq!(to_text(&mut s, fa_ex), to_text(&mut s, ex));
        // Factoring again may move a sign into a factor (`-y*(x - 2)` and
        // `y*(2 - x)` are both factored), but it is the same polynomial.
        let again = simplify(&mut s, fa, Form::Factored);
        let again_ex = simplify(&mut s, again, Form::Expanded);
        prop_assert_eq!(to_text(&mut s, again_ex), to_text(&mut s, ex));
    }

    #[test]
    fn linear_factors_are_found(text in linear_product()) {
        let mut s = Store::new();
        let id = parse_into(&mut s, &text).expect("generated products parse");
        let ex = simplify(&mut s, id, Form::Expanded);
        let fa = simplify(&mut s, ex, Form::Factored);
        let x = s.var("x");
        prop_assert!(only_linear_sums(&s, fa, x), "{} factored as {}", to_text(&mut s, ex), to_text(&mut s, fa));
        let back = simplify(&mut s, fa, Form::Expanded);
        prop_assert_eq!(back, ex);
    }

    #[test]
    fn forms_keep_the_value(
        g in gen::expression(3),
        x in prop::sample::select(vec![-2.3, -0.6, 0.35, 1.45, 2.6]),
        y in prop::sample::select(vec![-1.9, 0.55, 3.1]),
        z in prop::sample::select(vec![-0.7, 0.45, 1.3]),
    ) {
        let mut s = Store::new();
        let Ok(id) = parse_into(&mut s, &g.text()) else { return Ok(()) };
        let p = point(x, y, z);
        for f in [Form::Expanded, Form::Factored] {
            let r = simplify(&mut s, id, f);
            same_value(&s, id, r, &p);
        }
    }
}
