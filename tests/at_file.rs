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
    let rows: Vec<serde_json::Value> = json.lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0]["row"].as_u64(), rows[0]["value"].as_f64()), (Some(1), Some(-1.0)));
    assert!(rows[1]["value"].is_null());
}

/// JSON rows carry their point, so that each value can be read without the table.
#[test]
fn json_rows_include_their_point() {
    let path = table("point.csv", "x,y\n0.5,2\npi/4,-1\n");
    let (json, _, code) = gradtape(&["diff", "x^2*y", "--at-file", &path, "--format", "json"]);
    assert_eq!(code, 0);
    for (line, (x, y)) in json.lines().zip([(0.5, 2.0), (std::f64::consts::FRAC_PI_4, -1.0)]) {
        let row: serde_json::Value = serde_json::from_str(line).expect("JSON");
        assert_eq!((row["point"]["x"].as_f64(), row["point"]["y"].as_f64()), (Some(x), Some(y)), "{line}");
        let want = [2.0 * x * y, x * x];
        let got: Vec<f64> = row["values"].as_array().expect("values").iter().filter_map(|v| v.as_f64()).collect();
        assert_eq!(got.len(), 2, "{line}");
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() <= 1e-14 * w.abs().max(1.0), "{line}");
        }
    }
}

/// A cell takes what `--at` takes; each row equals `--at` at its point.
#[test]
fn cells_accept_what_at_accepts() {
    let cells = ["pi/4", "-sqrt(2)/2", "1/3", "e^2", "2.5e-1", "asin(1/2)"];
    let path = table("exprs.csv", &format!("x\n{}\n", cells.join("\n")));
    let (out, err, code) = gradtape(&["eval", "sin(x) + x^2", "--at-file", &path, "--format", "plain"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let rows: Vec<f64> = out.lines().map(|v| v.parse().expect("a float")).collect();
    assert_eq!(rows.len(), cells.len());
    for (cell, got) in cells.iter().zip(rows) {
        let (single, _, _) = gradtape(&["eval", "sin(x) + x^2", "--at", &format!("x={cell}"), "--format", "plain"]);
        let want = single.trim().parse::<f64>().unwrap_or_else(|_| exact(single.trim()));
        assert!((got - want).abs() <= 1e-12 * want.abs().max(1.0), "{cell}: {got} vs {single}");
    }
}

/// A rational such as 19/9 as a float.
fn exact(text: &str) -> f64 {
    let (n, d) = text.split_once('/').expect("a number");
    n.parse::<f64>().expect("numerator") / d.parse::<f64>().expect("denominator")
}

/// A bad row fails alone: its error on stderr with the row and line numbers, an
/// empty line in plain and text output, an error object in JSON, exit 2 at the end;
/// the other rows are printed as usual, for every expression.
#[test]
fn a_bad_row_fails_alone() {
    let path = table("bad.csv", "x,y\n1,2\nfoo,1\n# c\n3\n2,1\n");
    let (out, err, code) = gradtape(&["diff", "x*y", "x+y", "--at-file", &path, "--format", "plain"]);
    assert_eq!(code, 2);
    assert_eq!(out, "2.0,1.0\n\n\n1.0,2.0\n1.0,1.0\n\n\n1.0,1.0\n");
    assert_eq!(err.matches("error:").count(), 2, "{err}");
    assert!(err.contains("row 2 (line 3) of the points file: 'foo' is not a number"), "{err}");
    assert!(err.contains("row 3 (line 5) of the points file: it has 1 cells where the header has 2"), "{err}");
    let (text, _, _) = gradtape(&["eval", "x*y", "--at-file", &path]);
    assert_eq!(text, "f(x, y)\n2.0\n\n\n2.0\n");
    let (json, _, code) = gradtape(&["eval", "x*y", "--at-file", &path, "--format", "json"]);
    assert_eq!(code, 2);
    let rows: Vec<serde_json::Value> = json.lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    let errors: Vec<(u64, u64)> =
        rows.iter().filter_map(|r| Some((r["row"].as_u64()?, r["error"]["line"].as_u64()?))).collect();
    assert_eq!(errors, [(2, 3), (3, 5)]);
    assert_eq!(rows[3]["value"].as_f64(), Some(2.0));
}

/// A failed row is not an undefined value: with only an undefined value exit 3,
/// with a failed row 2.
#[test]
fn a_failed_row_is_not_counted_as_undefined() {
    let path = table("undef.csv", "x\n-1\nbad cell\n1\n");
    let (out, err, code) = gradtape(&["eval", "ln(x)", "--at-file", &path, "--format", "plain"]);
    assert_eq!((out.as_str(), code), ("undefined\n\n0.0\n", 2));
    assert!(err.contains("1 of 2 values undefined"), "{err}");
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
