//! `gradtape diff --check` end to end: the three methods agree on correct
//! derivatives, in every format, at a given point and at seeded random points.

use std::process::Command;

fn gradtape(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gradtape")).args(args).output().expect("run gradtape");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn json(args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out) = gradtape(&all);
    let v = serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"));
    (code, v)
}

#[test]
fn the_reference_case_agrees_by_all_three_methods() {
    let (code, v) = json(&["diff", "x^3", "--wrt", "x", "--order", "1..2", "--at", "x=2", "--check"]);
    assert_eq!(code, 0, "{v}");
    let ders = v["derivatives"].as_array().unwrap();
    assert_eq!(ders.len(), 2);
    for d in ders {
        let c = &d["check"]["points"][0];
        assert_eq!(c["verdict"], "pass", "{d}");
        assert_eq!(c["fd_status"], "agree", "{d}");
        let (s, ad, fd) = (c["symbolic"].as_f64().unwrap(), c["ad"].as_f64().unwrap(), c["fd"].as_f64().unwrap());
        assert_eq!(s, 12.0);
        assert!((ad - 12.0).abs() < 1e-12, "{ad}");
        assert!((fd - 12.0).abs() < 1e-8, "{fd}");
    }
    assert_eq!(v["check"]["pass"], true);
    assert_eq!(v["check"]["seed"], serde_json::Value::Null);
}

#[test]
fn text_shows_a_table_and_a_summary() {
    let (code, out) =
        gradtape(&["diff", "x^3", "--wrt", "x", "--order", "1..2", "--at", "x=2", "--check", "--color", "never"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("check at x=2\n"), "{out}");
    assert_eq!(out.matches("PASS").count(), 2, "{out}");
    assert!(out.contains("check: 2 of 2 passed"), "{out}");
}

#[test]
fn plain_gives_one_column_line_per_derivative() {
    let (code, out) = gradtape(&["diff", "x^2*y", "--order", "2", "--at", "x=1,y=2", "--check", "--format", "plain"]);
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    let cols: Vec<&str> = lines[1].split(' ').collect();
    assert_eq!(cols.len(), 7, "{out}");
    assert_eq!(cols[0], "x,y");
    assert_eq!(cols[1], "x=1.0,y=2.0");
    assert_eq!(cols[6], "PASS");
}

#[test]
fn without_a_point_random_points_are_checked_and_reproduce() {
    let args = ["diff", "ln(x)*sqrt(y) + asin(z)", "--order", "1..2", "--check", "--seed", "42"];
    let (code, a) = json(&args);
    assert_eq!(code, 0, "{a}");
    assert_eq!(a["check"]["seed"], 42);
    let points = a["check"]["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    for p in points {
        // Inside the domain: ln needs x > 0, sqrt y ≥ 0, asin |z| ≤ 1.
        assert!(p["x"].as_f64().unwrap() > 0.0 && p["y"].as_f64().unwrap() >= 0.0, "{p}");
        assert!(p["z"].as_f64().unwrap().abs() <= 1.0, "{p}");
    }
    let (_, b) = json(&args);
    assert_eq!(a, b);
    let (_, c) = json(&["diff", "ln(x)*sqrt(y) + asin(z)", "--order", "1..2", "--check", "--seed", "43"]);
    assert_ne!(a["check"]["points"], c["check"]["points"]);
}

#[test]
fn a_function_defined_nowhere_says_so() {
    let (code, v) = json(&["diff", "ln(-1 - x^2)", "--check"]);
    assert_eq!(code, 3, "{v}");
    assert!(v["check"]["no_point"].is_string(), "{v}");
}

#[test]
fn at_a_kink_the_convention_is_checked_without_finite_differences() {
    let (code, v) = json(&["diff", "abs(x)", "--at", "x=0", "--check"]);
    assert_eq!(code, 0, "{v}");
    let c = &v["derivatives"][0]["check"]["points"][0];
    assert_eq!(c["nonsmooth"], true);
    assert_eq!(c["fd_status"], "unavailable");
}

#[test]
fn an_undefined_input_is_skipped_not_failed() {
    let (code, v) = json(&["diff", "ln(x)", "--at", "x=-1", "--check"]);
    assert_eq!(code, 3, "{v}");
    assert_eq!(v["derivatives"][0]["check"]["points"][0]["verdict"], "skip");
}

#[test]
fn every_function_passes_at_random_points() {
    let exprs = [
        "sin(x)*cos(y)",
        "tan(x)+cot(x)",
        "sec(x)*csc(x)",
        "asin(x)+acos(x)",
        "atan(x)*acot(x)",
        "asec(x)+acsc(x)",
        "atan2(y, x)",
        "sinh(x)+cosh(y)",
        "tanh(x)*coth(x)",
        "sech(x)+csch(x)",
        "asinh(x)+acosh(y)",
        "atanh(x)",
        "exp(x*y)",
        "log(x, y)",
        "log2(x)+log10(y)",
        "x^y",
        "cbrt(x)",
        "abs(x)*sign(y)",
        "erf(x)*erfc(y)",
        "sigmoid(x)+softplus(y)",
        "relu(x)*y",
        "sqrt(x)*e^y",
    ];
    for e in exprs {
        let (code, v) = json(&["diff", e, "--order", "1..3", "--check", "--seed", "1"]);
        assert_eq!(code, 0, "{e}: {v}");
        assert_eq!(v["check"]["pass"], true, "{e}: {v}");
    }
}

#[test]
fn hessian_entries_are_checked() {
    let (code, v) = json(&["hessian", "x^3*y + sin(x*y)", "--at", "x=1,y=2", "--check"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["check"]["pass"], true, "{v}");
    assert_eq!(v["check"]["passed"], 3, "{v}");
    assert_eq!(v["matrix"][1][0]["check"]["points"][0]["verdict"], "pass", "{v}");
}

#[test]
fn jacobian_rows_are_checked_at_random_points() {
    let (code, v) = json(&["jacobian", "r*cos(t)", "r*sin(t)", "--check", "--seed", "5"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["check"]["pass"], true, "{v}");
    assert_eq!(v["check"]["rows"].as_array().map(Vec::len), Some(2), "{v}");
    assert_eq!(v["check"]["rows"][0]["seed"], 5, "{v}");
    assert_eq!(v["matrix"][1][1]["check"]["pass"], true, "{v}");
}
