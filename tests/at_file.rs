//! `--at-file`: values at every point of a table, compared with `--at` at each point.

use std::process::Command;

fn gradtape(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_gradtape")).args(args).output().expect("the binary runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8 output");
    (text(out.stdout), text(out.stderr), out.status.code().unwrap_or(-1))
}

fn table(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("gradtape-at-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("the table is written");
    path.to_string_lossy().into_owned()
}

/// Each row of `--at-file` equals the plain `--at` values at that point.
#[test]
fn rows_match_single_points() {
    let points = [(0.5, 2.0), (1.25, -0.75), (3.0, 0.1)];
    let mut csv = String::from("x,y\n");
    for (x, y) in points {
        csv.push_str(&format!("{x},{y}\n"));
    }
    let path = table("rows.csv", &csv);
    let expr = "sin(x*y)^2 + x^3/y - atan(x)";
    let (out, _, code) = gradtape(&["diff", expr, "--wrt", "x,y", "--at-file", &path, "--format", "plain"]);
    assert_eq!(code, 0);
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows.len(), points.len());
    for ((x, y), row) in points.iter().zip(rows) {
        let at = format!("x={x},y={y}");
        let (single, _, _) = gradtape(&["diff", expr, "--wrt", "x,y", "--at", &at, "--format", "plain"]);
        let want: Vec<f64> = single.lines().map(|v| v.parse().expect("a float")).collect();
        let got: Vec<f64> = row.split(',').map(|v| v.parse().expect("a float")).collect();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() <= 1e-12 * w.abs().max(1.0), "{row} vs {single}");
        }
    }
}

#[test]
fn tabs_stay_tabs_and_undefined_values_are_named() {
    let path = table("tabs.tsv", "x\ty\n1\t-1\n-1\t2\n");
    let (out, err, code) = gradtape(&["eval", "ln(x) + y", "--at-file", &path, "--format", "plain"]);
    assert_eq!(out, "-1.0\nundefined\n");
    assert!(err.contains("1 of 2 values undefined"), "{err}");
    assert_eq!(code, 3);
    let (json, _, _) = gradtape(&["eval", "ln(x) + y", "--at-file", &path, "--format", "json"]);
    assert_eq!(json, "{\"row\":1,\"value\":-1.0}\n{\"row\":2,\"value\":null}\n");
}

#[test]
fn a_missing_column_is_an_error() {
    let path = table("missing.csv", "x\n1\n");
    let (_, err, code) = gradtape(&["diff", "x*z", "--at-file", &path]);
    assert!(err.contains("no column z"), "{err}");
    assert_eq!(code, 2);
}

#[test]
fn timings_go_to_stderr() {
    let (out, err, code) = gradtape(&["diff", "x^3", "--format", "plain", "--timings"]);
    assert_eq!((out.as_str(), code), ("3*x^2\n", 0));
    for phase in ["parse", "simplify", "diff", "eval", "print", "total"] {
        assert!(err.contains(phase), "{err}");
    }
}
