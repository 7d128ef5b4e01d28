//! Values a student recognises: closed forms at a point (`sqrt(2)/2`, `pi/6`,
//! `ln(5)`), numbers beyond f64 (`exp(1000)`), derivatives undefined where their
//! function is, and the flags that choose how values are printed (`--exact`,
//! `--float`, `--digits`); with a property test that every closed form has the value
//! of the float evaluation.

mod common;

use std::collections::HashMap;
use std::process::Command;

use common::gen::{expression, Gen, VARS};
use gradtape::check::jet::JetEval;
use gradtape::eval::format::Approx;
use gradtape::eval::{Evaluator, Point, Value};
use gradtape::store::Store;
use gradtape::syntax::{parse, parse_into};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// stdout, stderr and the exit code of one run.
fn gradtape(args: &[&str]) -> (String, String, i32) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_gradtape")).args(args).env("NO_COLOR", "1").output().expect("the binary runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (text(&out.stdout), text(&out.stderr), out.status.code().unwrap_or(-1))
}

/// The one plain line of a run that succeeds.
fn plain(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--format", "plain"]);
    let (out, err, code) = gradtape(&all);
    assert_eq!(code, 0, "{args:?}: {err}");
    out.trim_end().to_string()
}

/// The JSON object of a run (one line).
fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (out, err, _) = gradtape(&all);
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{args:?}: {e}: {out} {err}"))
}

/// The value of `f` at `at` in closed form (`eval --exact --format plain`).
fn exact(f: &str, at: &str) -> String {
    if at.is_empty() {
        plain(&["eval", f, "--exact"])
    } else {
        plain(&["eval", f, "--at", at, "--exact"])
    }
}

#[test]
fn the_issue_examples_have_their_closed_forms() {
    assert_eq!(exact("sin(x)", "x=pi/4"), "sqrt(2)/2");
    assert_eq!(exact("asin(x)", "x=1/2"), "pi/6");
    assert_eq!(exact("ln(x^2+y^2)", "x=1,y=2"), "ln(5)");
    assert_eq!(exact("x*pi", "x=4"), "4*pi");
    assert_eq!(exact("sqrt(8)", ""), "2*sqrt(2)");
    assert_eq!(plain(&["simplify", "sqrt(8)"]), "2*sqrt(2)");
    assert_eq!(exact("exp(1000)", ""), "exp(1000)");
}

#[test]
fn closed_forms_follow_the_tables_and_the_roots() {
    // The rule behind the examples: substituting the point folds known values,
    // roots and rational arithmetic into a small expression without variables.
    for (f, at, want) in [
        ("cos(x)", "x=pi/6", "sqrt(3)/2"),
        ("tan(x)", "x=pi/3", "sqrt(3)"),
        ("acos(x)", "x=-1/2", "2*pi/3"),
        ("atan(x)", "x=1", "pi/4"),
        ("x^2 + y", "x=sqrt(2), y=pi", "pi + 2"),
        ("sqrt(x)", "x=12", "2*sqrt(3)"),
        ("sqrt(x)", "x=8/9", "2*sqrt(2)/3"),
        ("x^(3/2)", "x=8", "16*sqrt(2)"),
        ("exp(x)", "x=2", "exp(2)"),
        ("log(x, 2)", "x=8", "3"),
        ("x*sin(x)", "x=pi/6", "pi/12"),
    ] {
        assert_eq!(exact(f, at), want, "{f} at {at}");
    }
}

#[test]
fn the_library_gives_closed_forms_with_their_text() {
    let mut store = Store::new();
    let f = gradtape::parse(&mut store, "sin(x)*y").expect("parses");
    let v = gradtape::evaluate(&mut store, f, "x=pi/4, y=2").expect("a point");
    assert_eq!(v.text(), "sqrt(2)");
    assert!(matches!(v, Value::Closed(_)));
}

#[test]
fn text_shows_the_exact_form_and_its_float() {
    let (out, _, code) = gradtape(&["eval", "sin(x)", "--at", "x=pi/4"]);
    assert_eq!(code, 0);
    assert!(out.contains("= sqrt(2)/2 ≈ 0.7071067811865476"), "{out}");
    // A plain rational has no float beside it.
    let (out, _, _) = gradtape(&["eval", "x/3", "--at", "x=1"]);
    assert!(out.contains("= 1/3\n") && !out.contains('≈'), "{out}");
}

#[test]
fn plain_prints_numbers_unless_exact_is_asked() {
    assert_eq!(plain(&["eval", "sin(x)", "--at", "x=pi/4"]), "0.7071067811865476");
    assert_eq!(plain(&["eval", "x/3", "--at", "x=1"]), "1/3");
    assert!(plain(&["diff", "x^3", "--at", "x=pi"]).starts_with("29.60881320326"));
    assert_eq!(plain(&["diff", "x^3", "--at", "x=pi", "--exact"]), "3*pi^2");
}

#[test]
fn json_value_is_the_exact_form_and_float_the_number() {
    let v = json(&["eval", "sin(x)", "--at", "x=pi/4"]);
    assert_eq!(v["value"], "sqrt(2)/2");
    assert_eq!(v["float"].as_f64(), Some(std::f64::consts::FRAC_1_SQRT_2));
    assert_eq!(v["point"]["x"], "pi/4");
    let d = json(&["diff", "x^2", "--at", "x=pi/4"]);
    assert_eq!(d["derivatives"][0]["value"], "pi/2");
    assert_eq!(d["derivatives"][0]["float"].as_f64(), Some(std::f64::consts::FRAC_PI_2));
}

#[test]
fn float_prints_every_value_as_a_decimal_in_every_format() {
    assert_eq!(plain(&["eval", "x/5", "--at", "x=1", "--float"]), "0.2");
    let (out, _, _) = gradtape(&["eval", "x/5", "--at", "x=1", "--float"]);
    assert!(out.contains("= 0.2\n"), "{out}");
    let (out, _, _) = gradtape(&["eval", "sin(x)", "--at", "x=pi/4", "--float"]);
    assert!(out.contains("= 0.7071067811865476\n") && !out.contains("sqrt(2)/2 ≈"), "{out}");
    assert_eq!(json(&["eval", "x/5", "--at", "x=1", "--float"])["value"], "0.2");
    let (out, _, _) = gradtape(&["eval", "x/5", "--at", "x=1", "--float", "--format", "latex"]);
    assert!(out.contains("\\approx 0.2") && !out.contains("\\frac{1}{5}"), "{out}");
    let (out, _, _) = gradtape(&["hessian", "x^3/5", "--at", "x=1", "--float", "--format", "plain"]);
    assert_eq!(out.trim(), "1.2");
}

#[test]
fn digits_gives_significant_digits_for_every_float() {
    assert_eq!(plain(&["eval", "sin(x)", "--at", "x=pi/4", "--digits", "4"]), "0.7071");
    assert_eq!(plain(&["eval", "x/3", "--at", "x=1", "--float", "--digits", "3"]), "0.333");
    let (out, _, _) = gradtape(&["eval", "sin(x)", "--at", "x=pi/4", "--digits", "4"]);
    assert!(out.contains("sqrt(2)/2 ≈ 0.7071\n"), "{out}");
    let v = json(&["eval", "x/3", "--at", "x=1", "--float", "--digits", "3"]);
    assert_eq!(v["value"], "0.333");
    let (out, _, _) = gradtape(&["eval", "sin(x)", "--at", "x=pi/3", "--digits", "5", "--format", "latex"]);
    assert!(out.contains("\\frac{\\sqrt{3}}{2} \\approx 0.86603"), "{out}");
    assert_eq!(plain(&["eval", "exp(1000)", "--digits", "3"]), "1.97e434");
    // Out of range: clap's own message, exit 2.
    let (_, err, code) = gradtape(&["eval", "1", "--digits", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("--digits"), "{err}");
    let (_, err, code) = gradtape(&["eval", "1", "--exact", "--float"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn eval_needs_no_point_without_variables() {
    assert_eq!(plain(&["eval", "2 + 3/4"]), "11/4");
    assert_eq!(exact("sin(pi/3)", ""), "sqrt(3)/2");
    let (_, err, code) = gradtape(&["eval", "x + 1"]);
    assert_eq!(code, 2);
    assert!(err.contains("no value for x"), "{err}");
}

#[test]
fn the_point_is_echoed_as_written() {
    let (out, _, _) = gradtape(&["hessian", "r^2*sin(θ)", "--at", "θ=pi/4,r=2"]);
    assert!(out.contains("at θ=pi/4, r=2:"), "{out}");
    assert!(!out.contains("0.785"), "{out}");
    let (out, _, _) = gradtape(&["jacobian", "x*y", "--at", "x=0.5, y=pi"]);
    assert!(out.contains("at x=0.5, y=pi:"), "{out}");
    let (out, _, _) = gradtape(&["diff", "sin(θ)", "--at", "θ=pi/4", "--check", "--digits", "4"]);
    assert!(out.contains("check at θ=pi/4\n"), "{out}");
    assert!(out.contains("df/dθ  0.7071    0.7071"), "{out}");
}

#[test]
fn beyond_f64_is_a_number() {
    let (out, err, code) = gradtape(&["eval", "exp(1000)"]);
    assert_eq!(code, 0, "{err}");
    // The exact form is the expression itself: text shows only the float.
    assert_eq!(out, "f = exp(1000)\n  ≈ 1.97007e434\n");
    let (out, err, code) = gradtape(&["eval", "exp(x)", "--at", "x=1000"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("= exp(1000) ≈ 1.97007e434"), "{out}");
    assert_eq!(plain(&["eval", "exp(x)", "--at", "x=1000"]), "1.97007e434");
    // e^1000 = 10^434.294481903251827…: its mantissa from the logarithm.
    assert_eq!(plain(&["eval", "exp(x)", "--at", "x=1000", "--digits", "12"]), "1.97007111402e434");
    assert_eq!(plain(&["eval", "-2*exp(x)", "--at", "x=1000"]), "-3.94014e434");
    assert_eq!(plain(&["eval", "exp(x)*exp(-x)", "--at", "x=1000"]), "1");
    assert_eq!(plain(&["eval", "x^500", "--at", "x=pi"]).split('e').nth(1), Some("248"));
    assert_eq!(plain(&["eval", "ln(exp(x) + 1)", "--at", "x=1000", "--float"]), "1000.0");
    assert_eq!(plain(&["diff", "exp(x^2)", "--at", "x=30"]), "4.39729e392");
    // The JSON float beyond f64 is a string, never a number read as infinity.
    let v = json(&["eval", "exp(1000)"]);
    assert_eq!(v["value"], "exp(1000)");
    assert_eq!(v["float"], "1.97007e434");
    // An exact rational beyond f64 keeps its digits in value; its float is a string too.
    let v = json(&["eval", "10*x", "--at", "x=1e308"]);
    assert_eq!((v["value"].as_str().map(str::len), &v["float"]), (Some(310), &serde_json::json!("1e309")));
    assert_eq!(plain(&["eval", "x/3", "--at", "x=1e400", "--float"]), "3.33333e399");
    // Only a true domain error is undefined.
    let (out, _, code) = gradtape(&["eval", "ln(x)", "--at", "x=-1"]);
    assert_eq!(code, 3);
    assert!(out.contains("undefined: ln of a negative number"), "{out}");
}

#[test]
fn derivatives_are_undefined_where_the_function_is() {
    let (out, _, code) = gradtape(&["diff", "ln(x)", "--at", "x=-1"]);
    assert_eq!(code, 3);
    assert!(!out.contains("-1\n"), "{out}");
    assert!(out.contains("df/dx = 1/x\n      = undefined: the function is undefined here"), "{out}");
    let (out, err, _) = gradtape(&["diff", "ln(x)", "--at", "x=-1", "--format", "plain"]);
    assert_eq!(out, "undefined\n", "{err}");
    let v = json(&["diff", "sqrt(x)*y", "--at", "x=-4,y=1"]);
    for d in v["derivatives"].as_array().into_iter().flatten() {
        assert!(d["value"].as_str().is_some_and(|t| t.starts_with("undefined")), "{d}");
        assert!(d["float"].is_null());
    }
    let (out, _, _) = gradtape(&["hessian", "ln(x)*y^2", "--at", "x=-1,y=1", "--format", "plain"]);
    assert_eq!(out, "undefined\tundefined\nundefined\tundefined\n");
    let (out, _, _) = gradtape(&["jacobian", "ln(x)", "x*y", "--at", "x=-1,y=2", "--format", "plain"]);
    assert_eq!(out, "undefined\tundefined\n2\t-1\n");
    let (out, _, code) = gradtape(&["eval", "ln(x)", "--at", "x=-1", "--format", "plain"]);
    assert_eq!((out.as_str(), code), ("undefined\n", 3));
}

#[test]
fn at_file_rows_are_undefined_where_the_function_is() {
    let dir = std::env::temp_dir().join(format!("gradtape-values-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join("points.csv");
    std::fs::write(&path, "x\n-1\n2\n").expect("the points file");
    let file = path.to_string_lossy().to_string();
    let (out, _, code) = gradtape(&["diff", "ln(x)", "--at-file", &file, "--format", "plain"]);
    assert_eq!(out, "undefined\n0.5\n");
    assert_eq!(code, 3);
    let (out, _, _) = gradtape(&["eval", "ln(x)", "--at-file", &file, "--format", "plain"]);
    assert_eq!(out.lines().next(), Some("undefined"));
    let (out, _, _) = gradtape(&["diff", "x^3/3", "--at-file", &file, "--format", "plain", "--digits", "3"]);
    assert_eq!(out, "1\n4\n");
    let (out, _, _) = gradtape(&["eval", "x/3", "--at-file", &file, "--format", "plain", "--digits", "3"]);
    assert_eq!(out, "-0.333\n0.667\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn roots_of_numbers_take_out_perfect_powers_and_keep_their_value() {
    let mut store = Store::new();
    for n in 1..=300u32 {
        for (p, q) in [(1, 2), (1, 3), (2, 3), (3, 4), (1, 5)] {
            for d in [1u32, 9, 16] {
                let text = format!("({n}/{d})^({p}/{q})");
                let id = parse_into(&mut store, &text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
                let got = Evaluator::new(&Point::default()).float(&store, id).unwrap_or(f64::NAN);
                let want = (f64::from(n) / f64::from(d)).powf(f64::from(p) / f64::from(q));
                assert!((got - want).abs() <= 1e-14 * want, "{text} = {got}, want {want}");
                let printed = gradtape::render::text::to_text(&mut store, id);
                // No perfect q-th power is left under a root of an integer: 8^(1/2) is 2*sqrt(2).
                if d == 1 && q == 2 && n % 4 == 0 {
                    assert!(!printed.contains(&format!("sqrt({n})")), "{text} printed as {printed}");
                }
            }
        }
    }
}

// ------------------------------------------------------------ property

/// Points a student would pick: multiples of pi, roots, e, fractions.
const POINTS: &[(&str, f64)] = &[
    ("pi/6", std::f64::consts::FRAC_PI_6),
    ("pi/3", std::f64::consts::FRAC_PI_3),
    ("pi/4", std::f64::consts::FRAC_PI_4),
    ("2*pi/3", 2.0 * std::f64::consts::FRAC_PI_3),
    ("sqrt(2)", std::f64::consts::SQRT_2),
    ("sqrt(3)/2", 0.866_025_403_784_438_6),
    ("e", std::f64::consts::E),
    ("1/2", 0.5),
    ("3", 3.0),
    ("-2/3", -2.0 / 3.0),
];

fn case() -> impl Strategy<Value = (Gen, Vec<usize>)> {
    (1..=3usize).prop_flat_map(|n| (expression(n), prop::collection::vec(0..POINTS.len(), n)))
}

proptest! {
    #![proptest_config(Config { cases: 400, failure_persistence: None, rng_seed: RngSeed::Fixed(14), ..Config::default() })]

    /// Every closed form has the float of the expression at the point, to 1e-12
    /// relative (compared with the float evaluation of the syntax tree as written by
    /// the check's jets, which share no code with the store); rationals too.
    #[test]
    fn closed_forms_have_the_value_of_the_float_evaluation((g, picks) in case()) {
        let mut store = Store::new();
        let id = parse_into(&mut store, &g.text()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let mut point = Point::default();
        let mut floats: HashMap<String, f64> = HashMap::new();
        for (i, &k) in picks.iter().enumerate() {
            let (text, f) = POINTS[k];
            let e = parse_into(&mut store, text).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            point.exact.insert(VARS[i].to_string(), e);
            point.float.insert(VARS[i].to_string(), f);
            floats.insert(VARS[i].to_string(), f);
        }
        let ast = parse(&g.text()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let tree = |at: &HashMap<String, f64>| JetEval::new(at, &[], 0).eval(&ast).ok().map(|j| j.value());
        let want = tree(&floats);
        prop_assume!(want.is_some_and(|v| v.is_finite() && v.abs() > 1e-6 && v.abs() < 1e12));
        let want = want.unwrap_or_default();
        // The tree's float must itself be stable: about the same at a nudged point.
        let nudged: HashMap<String, f64> = floats.iter().map(|(k, v)| (k.clone(), v * (1.0 + 1e-15))).collect();
        prop_assume!(tree(&nudged).is_some_and(|v| (v - want).abs() <= 1e-13 * want.abs()));
        let value = Evaluator::new(&point).value(&mut store, id);
        let got = match &value {
            Value::Closed(c) => match c.float {
                Some(Approx::Finite(f)) => f,
                Some(Approx::Wide(_)) => return Err(TestCaseError::fail("a wide float for a finite value")),
                None => return Err(TestCaseError::fail("a closed form without a float")),
            },
            Value::Exact(q) => gradtape::eval::rational_to_f64(q),
            _ => return Ok(()),
        };
        prop_assert!((got - want).abs() <= 1e-12 * want.abs(), "{} = {:?} ≈ {} at {:?}, float evaluation {}", g.text(), value, got, picks, want);
    }
}
