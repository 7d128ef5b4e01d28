//! Vector calculus: `laplacian`, `divergence`, `curl` and `diff --along` against the
//! laws they obey (harmonic functions, div curl F = 0, curl grad f = 0, the
//! Laplacian as the divergence of the gradient, the directional derivative as the
//! gradient dotted with v) and, on random expressions at random points, against
//! values computed from `diff`'s derivatives. See docs/calculus.md.

mod common;

use gradtape::eval::Value;
use gradtape::pipeline::{self, Request, Task};
use gradtape::syntax::{self, Limits};
use proptest::prelude::*;

use common::run;

/// The plain output of `gradtape ARGS` (its lines), and its exit code.
fn plain(args: &[&str], stdin: Option<&str>) -> (Vec<String>, Option<i32>) {
    let mut all = args.to_vec();
    all.extend(["--format", "plain"]);
    let o = run(&all, stdin);
    let out = String::from_utf8_lossy(&o.stdout).lines().map(str::to_string).collect();
    (out, o.status.code())
}

/// The one plain line of `gradtape ARGS`, which must succeed.
fn one(args: &[&str]) -> String {
    let (lines, code) = plain(args, None);
    assert_eq!(code, Some(0), "{args:?}: {lines:?}");
    assert_eq!(lines.len(), 1, "{args:?}: {lines:?}");
    lines[0].clone()
}

/// `gradtape simplify TEXT`.
fn simplified(text: &str) -> String {
    one(&["simplify", text])
}

#[test]
fn the_laplacian_of_a_harmonic_function_is_zero() {
    for (f, wrt) in [
        ("x^2 - y^2", "x,y"),
        ("exp(x)*sin(y)", "x,y"),
        ("1/sqrt(x^2+y^2+z^2)", "x,y,z"),
        ("x*y*z + x^2 - z^2", "x,y,z"),
        ("ln(x^2 + y^2)", "x,y"),
    ] {
        assert_eq!(one(&["laplacian", f, "--wrt", wrt]), "0", "{f}");
    }
    // And not of one that is not.
    assert_eq!(one(&["laplacian", "x^2 + y^2"]), "4");
    assert_eq!(one(&["laplacian", "x^2*y", "--at", "x=1,y=3"]), "6");
}

#[test]
fn the_divergence_of_a_curl_is_zero() {
    for field in [["y*z^2", "x^3*sin(z)", "exp(x*y)"], ["x*y", "y*z", "z*x"], ["sin(y)", "cos(z)*x", "x^2*y^2*z^2"]] {
        let (curl, code) = plain(&["curl", field[0], field[1], field[2], "--wrt", "x,y,z"], None);
        assert_eq!(code, Some(0), "{field:?}");
        assert_eq!(curl.len(), 3);
        let args = ["divergence", &curl[0], &curl[1], &curl[2], "--wrt", "x,y,z"];
        assert_eq!(one(&args), "0", "{field:?}: curl {curl:?}");
    }
}

#[test]
fn the_curl_of_a_gradient_is_zero() {
    for f in ["x^2*y*z + sin(x*z)", "exp(x - y)*z^3", "1/sqrt(x^2+y^2+z^2)"] {
        let (grad, code) = plain(&["diff", f, "--wrt", "x,y,z"], None);
        assert_eq!(code, Some(0));
        let (curl, code) = plain(&["curl", &grad[0], &grad[1], &grad[2], "--wrt", "x,y,z"], None);
        assert_eq!((curl, code), (vec!["0".to_string(); 3], Some(0)), "{f}");
    }
    // The scalar curl of a plane gradient too.
    let (grad, _) = plain(&["diff", "x^3*y^2 + cos(x*y)", "--wrt", "x,y"], None);
    assert_eq!(one(&["curl", &grad[0], &grad[1], "--wrt", "x,y"]), "0");
}

#[test]
fn the_laplacian_is_the_divergence_of_the_gradient() {
    for f in ["x^3*y + y^2*z", "sin(x)*exp(y)*z", "x/(1 + y^2)"] {
        let (grad, _) = plain(&["diff", f, "--wrt", "x,y,z"], None);
        let div = one(&["divergence", &grad[0], &grad[1], &grad[2], "--wrt", "x,y,z"]);
        let lap = one(&["laplacian", f, "--wrt", "x,y,z"]);
        assert_eq!(simplified(&format!("({lap}) - ({div})")), "0", "{f}: {lap} vs {div}");
    }
}

#[test]
fn the_curl_takes_each_partial_with_its_sign() {
    let (curl, code) = plain(&["curl", "y*z^2", "x^3", "z*x^2", "--wrt", "x,y,z"], None);
    assert_eq!(code, Some(0));
    // (∂F3/∂y − ∂F2/∂z, ∂F1/∂z − ∂F3/∂x, ∂F2/∂x − ∂F1/∂y)
    let want = ["0", "2*y*z - 2*x*z", "3*x^2 - z^2"];
    for (got, want) in curl.iter().zip(want) {
        assert_eq!(simplified(&format!("({got}) - ({want})")), "0", "{got} vs {want}");
    }
    // The scalar curl of a plane field: ∂F2/∂x − ∂F1/∂y.
    assert_eq!(one(&["curl", "x*y", "x^2", "--wrt", "x,y"]), "x");
    assert_eq!(one(&["curl", "-y", "x", "--wrt", "x,y", "--at", "x=5,y=7"]), "2");
    // The variables in the order given, not sorted.
    assert_eq!(one(&["curl", "x^2", "x*y", "--wrt", "y,x"]), "-x");
}

#[test]
fn the_directional_derivative_is_the_gradient_dotted_with_v() {
    for (f, v) in [("x^2*y + sin(z)", ["1", "-2", "3"]), ("exp(x*y)*z", ["a", "b", "c"]), ("x*y*z", ["1/2", "0", "pi"])]
    {
        let (grad, _) = plain(&["diff", f, "--wrt", "x,y,z"], None);
        let along = v.join(",");
        let d = one(&["diff", f, "--wrt", "x,y,z", "--along", &along]);
        let dot = format!("({})*({}) + ({})*({}) + ({})*({})", v[0], grad[0], v[1], grad[1], v[2], grad[2]);
        assert_eq!(simplified(&format!("({d}) - ({dot})")), "0", "{f} along {along}: {d} vs {dot}");
    }
}

#[test]
fn unit_divides_by_the_length_of_v() {
    let d = one(&["diff", "x^2 + 3*y", "--along", "3,4", "--at", "x=1,y=1"]);
    let unit = one(&["diff", "x^2 + 3*y", "--along", "3,4", "--unit", "--at", "x=1,y=1"]);
    assert_eq!((d.as_str(), unit.as_str()), ("18", "18/5"));
    let symbolic = one(&["diff", "x*y", "--along", "a,b", "--unit"]);
    let plain_d = one(&["diff", "x*y", "--along", "a,b"]);
    assert_eq!(simplified(&format!("({symbolic}) - ({plain_d})/sqrt(a^2 + b^2)")), "0");
    // A direction with symbols takes their values from --at.
    let at = one(&["diff", "x*y", "--along", "a,b", "--unit", "--at", "x=1,y=2,a=3,b=4"]);
    assert_eq!(at, "2");
}

#[test]
fn counts_that_do_not_fit_are_refused() {
    let refused = |args: &[&str]| {
        let o = run(args, None);
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("hint:"), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}");
    };
    refused(&["divergence", "x", "y", "--wrt", "x,y,z"]);
    refused(&["divergence", "x*y*z", "y"]);
    refused(&["curl", "x", "y", "z", "w"]);
    refused(&["curl", "x", "y", "z", "--wrt", "x,y"]);
    refused(&["curl", "x"]);
    refused(&["diff", "x*y", "--along", "1,2,3"]);
    refused(&["diff", "x*y", "--along", "1", "--wrt", "x,y"]);
    refused(&["diff", "x*y", "--along", "1,"]);
}

#[test]
fn flags_that_would_do_nothing_are_refused() {
    for args in [
        &["diff", "x", "--unit"][..],
        &["diff", "x", "--along", "1", "--order", "2"],
        &["diff", "x", "--along", "1", "--partial", "x"],
    ] {
        assert_eq!(run(args, None).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn components_come_from_standard_input_one_per_line() {
    let (out, code) = plain(&["divergence", "--wrt", "x,y"], Some("x^2\n# a comment\n\ny^2\n"));
    assert_eq!((out, code), (vec!["2*(x + y)".to_string()], Some(0)));
    let (out, code) = plain(&["curl", "-", "--wrt", "x,y,z"], Some("y\n-x\n0\n"));
    assert_eq!((out, code), (vec!["0".to_string(), "0".to_string(), "-2".to_string()], Some(0)));
    // A batch of Laplacians: one line each.
    let (out, code) = plain(&["laplacian"], Some("x^2\nsin(\nx^2*y^2\n"));
    assert_eq!((out, code), (vec!["2".into(), "".into(), "2*(x^2 + y^2)".into()], Some(2)));
}

#[test]
fn undefined_values_exit_with_three() {
    let (out, code) = plain(&["divergence", "ln(x)", "y", "--at", "x=-1,y=1"], None);
    assert_eq!((out, code), (vec!["undefined".to_string()], Some(3)));
    let (out, code) = plain(&["laplacian", "ln(x)", "--at", "x=-1"], None);
    assert_eq!((out, code), (vec!["undefined".to_string()], Some(3)));
}

#[test]
fn the_check_checks_the_result_itself() {
    for args in [
        &["laplacian", "exp(x)*sin(y) + x^3*y", "--check", "--format", "json"][..],
        &["diff", "x^2*y", "--along", "1,-2", "--unit", "--check", "--format", "json"],
        &["diff", "x^2*y", "--along", "a,b", "--check", "--at", "x=1,y=2,a=3,b=-1", "--format", "json"],
    ] {
        let o = run(args, None);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        let key = if args[0] == "laplacian" { "laplacian" } else { "directional" };
        let points = v[key]["check"]["points"].as_array().cloned().unwrap_or_default();
        assert!(!points.is_empty(), "{args:?}: the result is not checked: {v}");
        assert!(points.iter().all(|p| p["verdict"] == "pass"), "{args:?}");
        let entries = v["derivatives"].as_array().map_or(0, Vec::len);
        assert_eq!(v["check"]["passed"], serde_json::json!(points.len() * (entries + 1)), "{args:?}");
    }
    for args in [&["divergence", "x*y", "sin(y)", "--check"][..], &["curl", "y*z", "x*z", "x*y", "--check"]] {
        let o = run(args, None);
        let text = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {text}");
        assert!(text.contains("check of F₁") && text.contains("PASS") && !text.contains("FAIL"), "{text}");
        // The results themselves, one entry per result at each of the three points.
        let results = text.split_once("check of ∇").map_or("", |(_, r)| r);
        let entries = if args[0] == "curl" { 9 } else { 3 };
        assert!(results.contains(&format!("check: {entries} of {entries} passed")), "{text}");
    }
}

/// A request of `task` at the point `at` (`x=…,y=…,z=…`).
fn request(task: Task, at: &str) -> Request {
    let point = Some(syntax::parse_point(at).expect("a point"));
    Request { task, point, table: None, limits: Limits::default(), jobs: 1, check: None }
}

/// The float of a value, None where undefined.
fn float(v: Option<&Value>) -> Option<f64> {
    v.and_then(Value::to_f64).filter(|f| f.is_finite())
}

/// The values of `diff --order ORDER` by x, y, z at the point: derivative wrt → value.
fn diff_values(text: &str, order: u32, at: &str) -> Option<Vec<(Vec<String>, Option<f64>)>> {
    let wrt = Some(["x", "y", "z"].map(String::from).to_vec());
    let o = pipeline::run(&request(Task::Diff { wrt, orders: (order, order) }, at), text).ok()?;
    Some(o.derivatives.iter().map(|d| (d.wrt.clone(), float(d.value.as_ref()))).collect())
}

/// The value of the derivative by `wrt` in `values`.
fn by(values: &[(Vec<String>, Option<f64>)], wrt: &[&str]) -> Option<f64> {
    values.iter().find(|(w, _)| w.iter().map(String::as_str).eq(wrt.iter().copied())).and_then(|(_, v)| *v)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-7 * a.abs().max(b.abs()).max(1.0)
}

fn xyz() -> [String; 3] {
    ["x", "y", "z"].map(String::from)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// The Laplacian and the directional derivative at a random point are the sum of
    /// `diff --order 2`'s pure second partials, and the gradient of `diff` dotted with v.
    #[test]
    fn laplacian_and_directional_agree_with_diff(
        f in common::gen::expression(3).prop_map(|g| g.text()),
        p in prop::array::uniform3(-2.0f64..2.0),
        v in prop::array::uniform3(-3i32..4),
        unit in any::<bool>(),
    ) {
        let at = format!("x={:?},y={:?},z={:?}", p[0], p[1], p[2]);
        let wrt = Some(xyz().to_vec());
        if let (Ok(o), Some(second)) = (pipeline::run(&request(Task::Laplacian { wrt: wrt.clone() }, &at), &f), diff_values(&f, 2, &at)) {
            let want: Option<f64> = xyz().iter().map(|x| by(&second, &[x, x])).sum();
            if let (Some(want), Some(got)) = (want, float(o.combined.as_ref().and_then(|c| c.value.as_ref()))) {
                prop_assert!(close(want, got), "laplacian {f} at {at}: {got} vs {want}");
            }
        }
        let along = v.iter().map(|c| syntax::parse(&c.to_string()).expect("a number")).collect();
        let task = Task::Directional { wrt, along, unit };
        if let (Ok(o), Some(first)) = (pipeline::run(&request(task, &at), &f), diff_values(&f, 1, &at)) {
            let dot: Option<f64> = xyz().iter().zip(v).map(|(x, c)| by(&first, &[x]).map(|d| d * f64::from(c))).sum();
            let norm = if unit { v.iter().map(|c| f64::from(c * c)).sum::<f64>().sqrt() } else { 1.0 };
            if let (Some(dot), Some(got)) = (dot, float(o.combined.as_ref().and_then(|c| c.value.as_ref()))) {
                prop_assert!(close(dot / norm, got), "{f} along {v:?} at {at}: {got} vs {}", dot / norm);
            }
        }
    }

    /// The divergence and the curl of a random field at a random point are the sums
    /// of `diff`'s first partials of its components with their signs.
    #[test]
    fn divergence_and_curl_agree_with_diff(
        fs in prop::array::uniform3(common::gen::expression(3).prop_map(|g| g.text())),
        p in prop::array::uniform3(-2.0f64..2.0),
    ) {
        let at = format!("x={:?},y={:?},z={:?}", p[0], p[1], p[2]);
        let Some(d) = fs.iter().map(|f| diff_values(f, 1, &at)).collect::<Option<Vec<_>>>() else { return Ok(()) };
        let j = |i: usize, x: &str| by(&d[i], &[x]);
        let inputs: Vec<&str> = fs.iter().map(String::as_str).collect();
        let wrt = Some(xyz().to_vec());
        let cases = [
            (Task::Divergence { wrt: wrt.clone() }, vec![j(0, "x").zip(j(1, "y")).zip(j(2, "z")).map(|((a, b), c)| a + b + c)]),
            (Task::Curl { wrt }, vec![
                j(2, "y").zip(j(1, "z")).map(|(a, b)| a - b),
                j(0, "z").zip(j(2, "x")).map(|(a, b)| a - b),
                j(1, "x").zip(j(0, "y")).map(|(a, b)| a - b),
            ]),
        ];
        for (task, want) in cases {
            let request = request(task, &at);
            let (columns, rows) = pipeline::jacobian(&request, &inputs);
            let Ok(rows) = rows.into_iter().collect::<Result<Vec<_>, _>>() else { return Ok(()) };
            let field = pipeline::field(&request, columns, rows).expect("three components by three variables");
            prop_assert_eq!(field.results.len(), want.len());
            for (c, w) in field.results.iter().zip(&want) {
                if let (Some(w), Some(got)) = (w, float(c.value.as_ref())) {
                    prop_assert!(close(*w, got), "{:?} of {fs:?} at {at}: {got} vs {w}", request.task);
                }
            }
        }
    }
}
