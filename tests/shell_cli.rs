//! The command as a shell sees it: exit codes, closed pipes, streaming from
//! standard input, JSON Lines, matrices, completions, the manual page and help.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value as Json;

mod common;

fn gradtape() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gradtape"));
    c.env_remove("NO_COLOR");
    c
}

fn run(args: &[&str]) -> Output {
    gradtape().args(args).stdin(Stdio::null()).output().expect("gradtape runs")
}

fn run_with_stdin(args: &[&str], input: &str) -> Output {
    common::run_with_stdin(args, input.as_bytes())
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_lines(o: &Output) -> Vec<Json> {
    stdout(o).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"))).collect()
}

// ------------------------------------------------------------------------ exit codes

#[test]
fn exit_0_on_success() {
    let o = run(&["diff", "x^2", "--wrt", "x", "--at", "x=2", "--format", "plain"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "4\n");
}

#[test]
fn exit_2_on_a_parse_error() {
    let o = run(&["diff", "x +", "--format", "plain"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("error"), "{}", stderr(&o));
}

#[test]
fn exit_2_on_a_missing_value() {
    let o = run(&["diff", "x*y", "--at", "x=1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains('y'), "{}", stderr(&o));
}

#[test]
fn exit_2_on_a_bad_flag_or_value() {
    assert_eq!(run(&["diff", "x", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(run(&["diff", "x", "--format", "yaml"]).status.code(), Some(2));
    assert_eq!(run(&["diff", "x", "--order", "two"]).status.code(), Some(2));
    assert_eq!(run(&["diff", "x", "--latex-env", "gather"]).status.code(), Some(2));
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
    assert_eq!(run(&[]).status.code(), Some(2));
}

#[test]
fn exit_3_when_a_value_is_undefined() {
    let o = run(&["diff", "sqrt(x)", "--at", "x=-1", "--format", "plain"]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stdout(&o), "undefined\n");
    assert!(stderr(&o).contains("undefined"), "{}", stderr(&o));
    assert_eq!(run(&["hessian", "ln(x*y)", "--at", "x=-1,y=1"]).status.code(), Some(3));
    assert_eq!(run(&["jacobian", "x", "1/y", "--at", "x=1,y=0"]).status.code(), Some(3));
}

/// Plain output of a batch on stdin has exactly one line per input line, whatever
/// the lines are (results, several results, none, errors, blank lines, comments,
/// lines that are not UTF-8), so that `paste exprs.txt -` pairs every input with
/// its own results; each line is what that input alone prints, tab-separated.
#[test]
fn plain_batch_output_pairs_with_its_input_under_paste() {
    let kinds =
        ["x^2*y", "", "# a comment", "  # indented", "sine(x)", "3", "x +", "sin(x*y)", "   ", "exp(z)*x", "x^x", "("];
    // A fixed shuffle of many lines, so that every kind follows every other.
    let mut state = 12345u64;
    let mut lines = Vec::new();
    for _ in 0..120 {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        lines.push(kinds[(state >> 33) as usize % kinds.len()]);
    }
    let input = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    for args in [&["diff", "--format", "plain"][..], &["diff", "--format", "plain", "--at", "x=1,y=2,z=0"][..]] {
        let o = run_with_stdin(args, &input);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let out = stdout(&o);
        let got: Vec<&str> = out.lines().collect();
        assert_eq!(got.len(), lines.len(), "{args:?}");
        for (line, result) in lines.iter().zip(&got) {
            let trimmed = line.trim();
            let want = if trimmed.is_empty() || trimmed.starts_with('#') {
                String::new()
            } else {
                let alone = gradtape().args(args).arg(line).stdin(Stdio::null()).output().expect("gradtape runs");
                if alone.status.code() == Some(2) {
                    String::new()
                } else {
                    stdout(&alone).lines().collect::<Vec<_>>().join("\t")
                }
            };
            assert_eq!(*result, want, "{args:?} {line:?}");
        }
        // And through paste itself, where it is installed.
        let dir = std::env::temp_dir().join(format!("gradtape-paste-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let (exprs, results) = (dir.join("exprs.txt"), dir.join("results.txt"));
        std::fs::write(&exprs, &input).expect("written");
        std::fs::write(&results, &o.stdout).expect("written");
        if let Ok(p) = Command::new("paste").arg(&exprs).arg(&results).output() {
            let pasted = String::from_utf8_lossy(&p.stdout).into_owned();
            let pairs: Vec<&str> = pasted.lines().collect();
            assert_eq!(pairs.len(), lines.len());
            for ((pair, line), result) in pairs.iter().zip(&lines).zip(&got) {
                assert_eq!(*pair, format!("{line}\t{result}"));
            }
        }
    }
    let bytes = b"x^2\n\xff\xfe\n# c\nx^3\n";
    let mut child = gradtape()
        .args(["diff", "--format", "plain"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gradtape runs");
    child.stdin.take().expect("piped stdin").write_all(bytes).expect("written");
    let o = child.wait_with_output().expect("gradtape ends");
    assert_eq!(stdout(&o), "2*x\n\n\n3*x^2\n");
}

#[test]
fn a_bad_line_in_a_batch_gives_2_and_the_others_are_still_written() {
    let o = run_with_stdin(&["diff", "--wrt", "x", "--format", "json"], "x^2\nsin(\n# comment\n\nx^3\n");
    assert_eq!(o.status.code(), Some(2));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["derivatives"][0]["expression"], "2*x");
    assert_eq!(lines[1]["error"]["line"], 2);
    assert_eq!(lines[2]["derivatives"][0]["expression"], "3*x^2");
}

#[test]
fn help_and_version_exit_0() {
    let o = run(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("gradtape "), "{}", stdout(&o));
    for cmd in ["diff", "hessian", "jacobian", "simplify", "eval", "completions", "manpage"] {
        let o = run(&[cmd, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{cmd}");
        let text = stdout(&o);
        let examples = text.split_once("Example").map(|(_, rest)| rest).unwrap_or("");
        assert!(examples.contains("gradtape "), "{cmd} --help has no example:\n{text}");
    }
}

// ------------------------------------------------------------------------ pipes

/// A reader that goes away after one line (as `head -1` does) must not make
/// gradtape complain or fail.
#[test]
fn a_closed_pipe_ends_quietly_with_0() {
    let mut child = gradtape()
        .args(["diff", "--wrt", "x", "--format", "plain"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gradtape runs");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || {
        for i in 0..200_000 {
            if writeln!(stdin, "x^{i} + sin({i}*x)").is_err() {
                return;
            }
        }
    });
    let mut out = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut first = String::new();
    out.read_line(&mut first).expect("one line");
    assert_eq!(first, "0\n");
    drop(out);
    let status = child.wait().expect("gradtape ends");
    let mut err = String::new();
    child.stderr.take().expect("piped stderr").read_to_string(&mut err).expect("stderr");
    let _ = writer.join();
    assert_eq!(status.code(), Some(0), "{err}");
    assert_eq!(err, "");
}

/// Each result is written as soon as its line is read: the writer waits for the
/// answer to one line before sending the next. With one thread and with several.
#[test]
fn stdin_is_streamed_line_by_line() {
    for jobs in ["1", "3"] {
        streams_with_jobs(jobs);
    }
}

fn streams_with_jobs(jobs: &str) {
    let mut child = gradtape()
        .args(["diff", "--wrt", "x", "--format", "json", "--jobs", jobs])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gradtape runs");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let out = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    for n in 2..6 {
        writeln!(stdin, "x^{n}").expect("write");
        stdin.flush().expect("flush");
        // Only a deadlock guard: the answer normally comes at once; without
        // streaming it would never come while stdin is open.
        let line = rx.recv_timeout(Duration::from_secs(60)).expect("an answer before the next line").expect("read");
        let v: Json = serde_json::from_str(&line).expect("JSON");
        assert_eq!(v["derivatives"][0]["expression"], format!("{n}*x^{}", n - 1).replace("^1", ""));
    }
    drop(stdin);
    assert!(child.wait().expect("ends").success());
}

#[test]
fn json_lines_keep_the_input_order() {
    let input: String = (1..=300).map(|i| format!("{i}*x^2\n")).collect();
    let o = run_with_stdin(&["diff", "--format", "json", "--at", "x=1"], &input);
    assert!(o.status.success());
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 300);
    for (i, v) in lines.iter().enumerate() {
        assert_eq!(v["derivatives"][0]["value"], format!("{}", 2 * (i + 1)));
    }
}

// ------------------------------------------------------------------------ matrices

#[test]
fn hessian_lists_each_distinct_second_partial_once_and_the_full_matrix() {
    let o = run(&["hessian", "x^3*y + y^2*z", "--wrt", "x,y,z", "--at", "x=1,y=2,z=3", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = &json_lines(&o)[0];
    let ders = v["derivatives"].as_array().expect("a list");
    assert_eq!(ders.len(), 6);
    let pairs: Vec<Json> = ders.iter().map(|d| d["wrt"].clone()).collect();
    assert_eq!(
        serde_json::to_string(&pairs).expect("json"),
        r#"[["x","x"],["x","y"],["x","z"],["y","y"],["y","z"],["z","z"]]"#
    );
    let m = v["matrix"].as_array().expect("a matrix");
    assert_eq!(m.len(), 3);
    #[allow(clippy::needless_range_loop)] // m[i][j] against m[j][i]
    for i in 0..3 {
        assert_eq!(m[i].as_array().expect("a row").len(), 3);
        for j in 0..3 {
            assert_eq!(m[i][j]["value"], m[j][i]["value"]);
            assert_eq!(m[i][j]["expression"], m[j][i]["expression"]);
            assert_eq!(m[i][j]["order"], 2);
        }
    }
    // d²/dx² = 6xy = 12, d²/dxdy = 3x² = 3, d²/dydz = 2y = 4, d²/dy² = 2z = 6.
    assert_eq!(m[0][0]["value"], "12");
    assert_eq!(m[0][1]["value"], "3");
    assert_eq!(m[1][2]["value"], "4");
    assert_eq!(m[1][1]["value"], "6");
    assert_eq!(m[2][2]["value"], "0");
    assert_eq!(v["wrt"], serde_json::json!(["x", "y", "z"]));
}

#[test]
fn hessian_plain_is_tab_separated_rows() {
    let o = run(&["hessian", "x^2*y", "--at", "x=1,y=5", "--format", "plain"]);
    assert_eq!(stdout(&o), "10\t2\n2\t0\n");
    let o = run(&["hessian", "x^2*y", "--format", "plain"]);
    assert_eq!(stdout(&o), "2*y\t2*x\n2*x\t0\n");
}

#[test]
fn hessian_text_is_an_aligned_grid() {
    let o = run(&["hessian", "x^3*y", "--color", "never"]);
    let text = stdout(&o);
    let grid: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(grid, ["H  x      y", "x  6*x*y  3*x^2", "y  3*x^2  0"]);
    let o = run(&["hessian", "x^2*y", "--at", "x=1,y=5", "--color", "never"]);
    let text = stdout(&o);
    let values: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("at ")).collect();
    assert_eq!(values, ["at x=1, y=5:", "H   x  y", "x  10  2", "y   2  0"]);
}

#[test]
fn jacobian_has_one_row_per_expression() {
    let o = run(&["jacobian", "r*cos(t)", "r*sin(t)", "--wrt", "r,t", "--at", "r=2,t=0", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = &json_lines(&o)[0];
    assert_eq!(v["matrix"][0][0]["expression"], "cos(t)");
    assert_eq!(v["matrix"][0][1]["expression"], "-r*sin(t)");
    assert_eq!(v["matrix"][1][0]["expression"], "sin(t)");
    assert_eq!(v["matrix"][1][1]["value"], "2");
    assert_eq!(v["functions"][1]["input"], "r*sin(t)");
    let o = run_with_stdin(&["jacobian", "--format", "plain", "--at", "x=1,y=2"], "x*y\nx+y\n");
    assert_eq!(stdout(&o), "2\t1\n1\t1\n");
}

#[test]
fn jacobian_with_a_bad_row_reports_it_and_prints_no_matrix() {
    let o = run_with_stdin(&["jacobian", "--format", "json"], "x*y\nx+\n");
    assert_eq!(o.status.code(), Some(2));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["error"]["line"], 2);
}

// ------------------------------------------------------------------------ completions and man page

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef gradtape"),
        ("fish", "complete -c gradtape"),
        ("elvish", "edit:completion"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = run(&["completions", shell]);
        assert!(o.status.success(), "{shell}");
        let text = stdout(&o);
        assert!(text.contains(marker), "{shell}");
        assert!(text.contains("hessian") && text.contains("latex-env"), "{shell}");
    }
}

#[test]
fn the_committed_man_pages_are_up_to_date() {
    let pages = [
        None,
        Some("diff"),
        Some("hessian"),
        Some("jacobian"),
        Some("simplify"),
        Some("eval"),
        Some("completions"),
        Some("manpage"),
    ];
    for command in pages {
        let (args, file) = match command {
            None => (vec!["manpage"], "gradtape.1".to_string()),
            Some(c) => (vec!["manpage", c], format!("gradtape-{c}.1")),
        };
        let o = run(&args);
        assert!(o.status.success());
        let path = format!("{}/docs/{file}", env!("CARGO_MANIFEST_DIR"));
        let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(stdout(&o).starts_with(".ie"), "{file}");
        assert_eq!(stdout(&o), committed, "regenerate it: gradtape {} > docs/{file}", args.join(" "));
    }
    assert_eq!(run(&["manpage", "nope"]).status.code(), Some(2));
}

#[test]
fn the_limit_flags_reach_the_point_too() {
    // A lowered literal limit refuses an --at value beyond it, as it does in the expression.
    let o = run(&["eval", "x", "--at", "x=1e200", "--max-literal-exponent", "100", "--format", "plain"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("--max-literal-exponent"), "{}", stderr(&o));
    // A raised one admits a value the default refuses.
    let o = run(&["eval", "x", "--at", "x=1e20000", "--format", "plain"]);
    assert_eq!(o.status.code(), Some(2));
    // Past the exact-bits limit the value is refused, never taken as 0; raised, it is exact.
    let o = run(&["eval", "x", "--at", "x=1e20000", "--max-literal-exponent", "30000", "--format", "plain"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("--max-exact-bits"), "{}", stderr(&o));
    let raised = ["--max-literal-exponent", "30000", "--max-exact-bits", "100000", "--format", "plain"];
    let o = run(&[&["eval", "x", "--at", "x=1e20000"][..], &raised[..]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim().len(), 20001);
    // The depth limit likewise.
    let o = run(&["eval", "x", "--at", "x=((((1))))", "--max-depth", "3", "--format", "plain"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn codegen_writes_a_file_a_compiler_takes() {
    let o = run(&["codegen", "x^2 + 2*x*y + y^2", "--lang", "c", "--name", "quad"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let code = stdout(&o);
    assert!(code.contains("static double quad(double x, double y)"), "{code}");
    assert!(code.contains("static void quad_grad(double x, double y, double *out)"), "{code}");
    // The same from standard input, one expression per line.
    let piped = run_with_stdin(&["codegen", "--lang", "c", "--name", "quad"], "# a comment\nx^2 + 2*x*y + y^2\n");
    assert_eq!(stdout(&piped), code);
}

#[test]
fn codegen_refuses_with_exit_2_and_writes_nothing() {
    for args in [
        &["codegen", "x^2", "--lang", "cobol"][..],
        &["codegen", "x^2", "--lang", "c", "--name", "f(); system(\"rm\")"][..],
        &["codegen", "x^2", "--lang", "python", "--name", "lambda"][..],
        &["codegen", "x +", "--lang", "rust"][..],
        &["codegen", "x^2", "--lang", "c", "--order", "3"][..],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stdout(&o).is_empty(), "{args:?}: {}", stdout(&o));
        assert!(stderr(&o).contains("error"), "{args:?}: {}", stderr(&o));
    }
}

/// `--partial` differentiates in the order given, and its values agree with
/// automatic differentiation and finite differences (`--check`) and, where the
/// mixed partials commute, with the same multiset from `--order`.
#[test]
fn partials_in_their_order_pass_the_check_and_match_order() {
    for (expr, at) in [
        ("x^3*y^2 + sin(x*y)", "x=0.7,y=-1.3"),
        ("exp(x*y)*ln(1 + x^2 + z^2)", "x=0.3,y=0.5,z=1.1"),
        ("atan(y/x) + x*cosh(z*y)", "x=1.2,y=0.4,z=-0.6"),
    ] {
        for partial in ["x,x,y", "y,x,x", "x,y,x", "z,y", "y"] {
            let checked = run(&["diff", expr, "--partial", partial, "--at", at, "--check"]);
            let unused = !expr.contains('z') && partial.contains('z');
            assert_eq!(checked.status.code(), Some(0), "{expr} {partial}: {}", stdout(&checked));
            assert_eq!(stderr(&checked).contains("occurs in no expression"), unused, "{expr} {partial}");
            let o = run(&["diff", expr, "--partial", partial, "--at", at, "--format", "json"]);
            let got = &json_lines(&o)[0]["derivatives"][0];
            let wrt: Vec<&str> = partial.split(',').collect();
            assert_eq!(got["wrt"], serde_json::json!(wrt), "{expr} {partial}");
            // The same derivative as a multiset of --order, in sorted order.
            let mut sorted = wrt.clone();
            sorted.sort_unstable();
            let mut vars = sorted.clone();
            vars.dedup();
            let order = wrt.len().to_string();
            let all = run(&["diff", expr, "--wrt", &vars.join(","), "--order", &order, "--at", at, "--format", "json"]);
            let lines = json_lines(&all);
            let same = lines[0]["derivatives"]
                .as_array()
                .expect("derivatives")
                .iter()
                .find(|d| d["wrt"] == serde_json::json!(sorted));
            let (a, b) =
                (got["float"].as_f64().expect("a value"), same.expect("listed")["float"].as_f64().expect("a value"));
            assert!((a - b).abs() <= 1e-9 * a.abs().max(1.0), "{expr} {partial}: {a} vs {b}");
        }
    }
}
