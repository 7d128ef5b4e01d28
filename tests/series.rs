//! `gradtape series`: the issue's examples in every format, the refusals and their
//! exit code, batches, round trips of the printed series, and the property that a
//! series agrees with its function to its order at small offsets (the error shrinks
//! as h^(n+1)). The comparison with SymPy's `series` is tests/sympy/check_series.py.

mod common;

use gradtape::eval::{Evaluator, Point};
use gradtape::series::expand;
use gradtape::store::Store;
use gradtape::syntax::parse_into;
use proptest::prelude::*;

use common::run;

/// `gradtape series ARGS`: standard output, standard error and the exit code.
fn series(args: &[&str]) -> (String, String, Option<i32>) {
    let mut all = vec!["series"];
    all.extend(args);
    let o = run(&all, None);
    (String::from_utf8_lossy(&o.stdout).to_string(), String::from_utf8_lossy(&o.stderr).to_string(), o.status.code())
}

/// The plain series of `args`.
fn plain(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--format", "plain", "--color", "never"]);
    let (out, err, code) = series(&all);
    assert_eq!(code, Some(0), "{args:?}: {err}");
    out.trim_end().to_string()
}

#[test]
fn the_examples_of_the_issue() {
    let (out, _, code) = series(&["1/sin(x)", "--order", "4", "--color", "never"]);
    assert_eq!(code, Some(0));
    assert_eq!(out, "f(x)   = 1/sin(x)\nseries = 1/x + x/6 + 7*x^3/360 + O(x^5)\n");
    let (out, _, _) = series(&["f(x)", "--around", "x=a", "--order", "2", "--color", "never"]);
    assert!(out.ends_with("series = f(a) + f'(a)*(x - a) + f''(a)*(x - a)^2/2 + O((x - a)^3)\n"), "{out}");
}

#[test]
fn default_order_point_and_variable() {
    assert_eq!(plain(&["exp(x)"]), "1 + x + x^2/2 + x^3/6 + x^4/24 + x^5/120");
    assert_eq!(plain(&["cos(t)", "--order", "0"]), "1");
    assert_eq!(plain(&["ln(x)", "--around", "x=1", "--order", "3"]), "(x - 1) - (x - 1)^2/2 + (x - 1)^3/3");
    assert_eq!(plain(&["x^3", "--around", "x=-1", "--order", "1"]), "-1 + 3*(x + 1)");
    // A polynomial is its own series, whatever the order above its degree.
    assert_eq!(plain(&["(1 + x)^3", "--order", "9"]), "1 + 3*x + 3*x^2 + x^3");
    assert_eq!(plain(&["sin(x) - sin(x)"]), "0");
}

#[test]
fn several_variables_by_total_degree() {
    assert_eq!(plain(&["exp(x)*sin(y)", "--wrt", "x,y", "--order", "3"]), "y + x*y + x^2*y/2 - y^3/6");
    assert_eq!(plain(&["1/(1 - x - y)", "--wrt", "x,y", "--order", "2"]), "1 + x + y + x^2 + 2*x*y + y^2");
    // The variables of --around are the series' when --wrt is not given.
    assert_eq!(plain(&["x*y", "--around", "x=1,y=2", "--order", "2"]), "2 + 2*(x - 1) + (y - 2) + (x - 1)*(y - 2)");
    let (out, _, _) = series(&["x*y", "--around", "x=1,y=2", "--color", "never"]);
    assert!(out.contains("+ O(|(x - 1, y - 2)|^6)"), "{out}");
}

#[test]
fn abstract_functions_and_dependent_variables() {
    assert_eq!(plain(&["f(x^2)", "--order", "4"]), "f(0) + x^2*f'(0) + x^4*f''(0)/2");
    assert_eq!(plain(&["y^2", "--wrt", "x", "--depends", "y(x)", "--order", "1"]), "y(0)^2 + 2*x*y(0)*y'(0)");
    assert_eq!(plain(&["g(x, 2*x)", "--order", "1"]), "g(0, 0) + x*(D[1](g)(0, 0) + 2*D[2](g)(0, 0))");
}

#[test]
fn json_fields() {
    let (out, _, code) = series(&["1/sin(x)", "--order", "2", "--format", "json"]);
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["input"], "1/sin(x)");
    assert_eq!(v["wrt"], serde_json::json!(["x"]));
    assert_eq!(v["around"], serde_json::json!({"x": "0"}));
    assert_eq!(v["order"], 2);
    assert_eq!(v["series"], "1/x + x/6");
    assert_eq!(v["remainder"], "O(x^3)");
    assert_eq!(v["terms"][0], serde_json::json!({"powers": {"x": -1}, "coefficient": "1"}));
    assert_eq!(v["terms"][1], serde_json::json!({"powers": {"x": 1}, "coefficient": "1/6"}));
    assert_eq!(v["series_latex"], "\\frac{1}{x} + \\frac{x}{6} + O\\left(x^{3}\\right)");
}

#[test]
fn latex() {
    let (out, _, _) = series(&["sin(x)", "--around", "x=pi", "--order", "3", "--format", "latex"]);
    assert_eq!(
        out,
        "f(x) = \\sin(x)\nf(x) = -(x - \\pi) + \\frac{(x - \\pi)^{3}}{6} + O\\left((x - \\pi)^{4}\\right)\n"
    );
}

#[test]
fn refusals_name_the_function_and_exit_2() {
    for (expr, at, says) in [
        ("sqrt(x)", "x=0", "sqrt(x) has a branch point at x = 0"),
        ("ln(x)", "x=0", "ln(x) is undefined at x = 0"),
        ("exp(1/x)", "x=0", "essential singularity"),
        ("abs(x)", "x=0", "abs(x) is not smooth at x = 0"),
        ("x^(1/3)", "x=0", "branch point"),
        ("ln(x)", "x=-2", "undefined"),
        ("atanh(x)", "x=1", "atanh(x)"),
        ("acot(x)", "x=0", "not smooth"),
        ("atan2(x, -1)", "x=0", "not smooth"),
        ("(-2)^x", "x=0", "undefined"),
    ] {
        let (out, err, code) = series(&[expr, "--around", at]);
        assert_eq!(code, Some(2), "{expr}");
        assert!(out.is_empty() && err.contains(says), "{expr}: {err}");
        let (json, _, _) = series(&[expr, "--around", at, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["error"]["kind"], "no-series", "{expr}");
    }
}

#[test]
fn usage_errors() {
    let (_, err, code) = series(&["x*y"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("several variables (x, y)") && err.contains("--wrt x,y"), "{err}");
    let (_, err, code) = series(&["x", "--around", "y=1", "--wrt", "x"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--around gives y"), "{err}");
    let (_, err, code) = series(&["sin(x)", "--around", "x=x+1"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("contains x"), "{err}");
    let (_, _, code) = series(&["sin(x)", "--order", "201"]);
    assert_eq!(code, Some(2));
    let (_, err, code) = series(&["sin(x)", "--around", "x=1/0"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("the value of x in --around is undefined"), "{err}");
    // Beyond f64 is not undefined.
    assert_eq!(plain(&["exp(x)", "--around", "x=10^100", "--order", "0"]), format!("exp(1{})", "0".repeat(100)));
    let (_, err, code) = series(&["sin(x)", "--around", "x=1/0"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("the value of x in --around is undefined"), "{err}");
    // Beyond f64 is not undefined.
    assert_eq!(
        plain(&["exp(x)", "--around", "x=10^100", "--order", "0"]),
        format!("exp({})", "1".to_string() + &"0".repeat(100))
    );
}

#[test]
fn a_bad_line_in_a_batch_loses_nothing_else() {
    let o = run(&["series", "--format", "plain", "--order", "2"], Some("exp(x)\nsqrt(x)\ncos(x)\n"));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "1 + x + x^2/2\n\n1 - x^2/2\n");
    assert!(String::from_utf8_lossy(&o.stderr).contains("line 2"));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_printed_series_reads_back() {
    for (expr, around) in [("exp(sin(x))", "x=0"), ("1/sin(x)", "x=0"), ("tan(x)", "x=pi/4"), ("f(x)", "x=a")] {
        let s = plain(&[expr, "--around", around, "--order", "6"]);
        let o = run(&["simplify", "--format", "plain", &s], None);
        assert_eq!(o.status.code(), Some(0), "{s}");
    }
}

/// The series of `src` in x around `a` to degree `n`, evaluated at x = a + h, and
/// the function there (a in tenths).
fn series_and_function(src: &str, tenths: i64, n: u32, h: f64) -> Option<(f64, f64)> {
    let a = tenths as f64 / 10.0;
    let mut s = Store::new();
    let e = parse_into(&mut s, src).ok()?;
    let x = s.var("x");
    let at = s.frac(tenths, 10);
    let r = expand(&mut s, e, &[x], &[at], n).ok()?;
    let empty = Point::default();
    let mut sum = 0.0;
    for t in &r.terms {
        let c = Evaluator::new(&empty).float(&s, t.coefficient).ok()?;
        sum += c * h.powi(t.powers[0] as i32);
    }
    let mut point = Point::default();
    point.float.insert("x".into(), a + h);
    let f = Evaluator::new(&point).float(&s, e).ok()?;
    Some((sum, f))
}

const FUNCTIONS: &[&str] = &[
    "exp(sin(x))",
    "ln(2 + x)",
    "sqrt(3 + x)*cos(x)",
    "atan(x)/(2 + x)",
    "tanh(x) + sinh(x)^2",
    "(1 + x)^(5/2)",
    "erf(x)*x",
    "asin(x/3) + acosh(x + 2)",
    "sigmoid(x) - softplus(x)",
    "cbrt(x + 2)",
    "2^x*sec(x)",
    "x^x",
    "acoth(x + 2) + asech(x/3 + 1/4)",
    "acsch(x + 1) + expm1(x)",
    "log1p(x)*exp2(x)",
    "sinc(x)",
    "hypot(x, 2)",
    "silu(x) + gelu(x)",
    "softsign(x + 1) + elu(x - 1)",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// |f(a + h) - P_n(h)| shrinks like h^(n+1): halving h divides it by about
    /// 2^(n+1) (a wrong coefficient of degree k ≤ n would leave 2^k or less).
    #[test]
    fn a_series_agrees_with_its_function_to_its_order(
        i in 0..FUNCTIONS.len(),
        a in 3i64..9,
        n in 1u32..6,
    ) {
        let src = FUNCTIONS[i];
        let h = 0.02;
        let (p1, f1) = series_and_function(src, a, n, h).unwrap();
        let (p2, f2) = series_and_function(src, a, n, h / 2.0).unwrap();
        let (e1, e2) = ((f1 - p1).abs(), (f2 - p2).abs());
        prop_assert!(e1 < 100.0 * h.powi(n as i32 + 1), "{src} at {a}, n = {n}: error {e1}");
        // Near rounding there is nothing to compare.
        if e2 > 1e-12 {
            let ratio = e1 / e2;
            prop_assert!(ratio > 0.7 * f64::from(2u32.pow(n + 1)), "{src} at {a}, n = {n}: ratio {ratio}");
        }
    }
}

#[test]
fn a_variable_no_expression_has_is_pointed_out() {
    let (out, err, code) = series(&["x^2", "--wrt", "y", "--format", "plain"]);
    assert_eq!((out.as_str(), code), ("x^2\n", Some(0)));
    assert!(err.contains("--wrt y occurs in no expression, so the series in it is the expression itself"), "{err}");
}
