//! `--jobs N`: a batch on standard input run on several threads prints exactly
//! what one thread prints (stdout, stderr and the exit code), whatever the lines
//! hold: errors, lines that are not UTF-8 or too long, comments, blank lines,
//! undefined values and failed checks.

use std::process::Output;

mod common;

fn run(args: &[&str], input: &[u8]) -> Output {
    common::run_with_stdin(args, input)
}

/// Lines of every kind, many of them, so that results come back out of order.
fn mixed_input() -> Vec<u8> {
    let mut input = Vec::new();
    for i in 0..400 {
        let line: Vec<u8> = match i % 13 {
            0 => format!("x^{i}*sin({i}*x) + y/{}", i + 1).into_bytes(),
            1 => b"# a comment".to_vec(),
            2 => Vec::new(),
            3 => format!("sin(x^2)^{} * exp(y*x)", i % 7 + 2).into_bytes(),
            4 => b"x +* y".to_vec(),
            5 => b"ln(x - 10)".to_vec(),
            6 => vec![b'x', b'+', 0xff, 0xfe],
            7 => "x".repeat(300).into_bytes(),
            8 => format!("(x + {i})^5 * (y - 1)^3").into_bytes(),
            9 => b"sinn(x)".to_vec(),
            10 => format!("tanh(x)^{} + sqrt(x^2 + y^2)", i % 4 + 1).into_bytes(),
            11 => b"  \t ".to_vec(),
            _ => format!("{i}*x*y + cos(y)^2 + sin(y)^2").into_bytes(),
        };
        input.extend_from_slice(&line);
        input.push(b'\n');
    }
    input
}

fn assert_same_for_any_jobs(args: &[&str], input: &[u8]) {
    let with = |jobs: &str| {
        let mut a = args.to_vec();
        a.extend(["--jobs", jobs]);
        run(&a, input)
    };
    let one = with("1");
    assert!(!one.stdout.is_empty(), "{args:?}: no output");
    for jobs in ["2", "3", "8"] {
        let many = with(jobs);
        assert_eq!(
            String::from_utf8_lossy(&one.stdout),
            String::from_utf8_lossy(&many.stdout),
            "{args:?} --jobs {jobs}: stdout"
        );
        assert_eq!(
            String::from_utf8_lossy(&one.stderr),
            String::from_utf8_lossy(&many.stderr),
            "{args:?} --jobs {jobs}: stderr"
        );
        assert_eq!(one.status.code(), many.status.code(), "{args:?} --jobs {jobs}: exit code");
    }
}

#[test]
fn every_format_is_the_same_on_any_number_of_threads() {
    let input = mixed_input();
    for format in ["text", "plain", "json", "latex"] {
        assert_same_for_any_jobs(&["diff", "--wrt", "x,y", "--format", format, "--max-input", "200"], &input);
    }
}

#[test]
fn values_checks_and_other_commands_are_the_same_on_any_number_of_threads() {
    let input = mixed_input();
    let cases: &[&[&str]] = &[
        &["diff", "--wrt", "x", "--at", "x=2,y=3,z=1", "--format", "json"],
        &["diff", "--wrt", "x", "--check", "--format", "plain"],
        &["simplify", "--format", "text"],
        &["eval", "--at", "x=0.5,y=2", "--format", "plain"],
        &["hessian", "--wrt", "x,y", "--format", "json"],
        // An unused --wrt variable is warned of once, at the end.
        &["diff", "--wrt", "x,q", "--format", "plain"],
    ];
    for args in cases {
        assert_same_for_any_jobs(args, &input);
    }
}

#[test]
fn arguments_before_standard_input_keep_their_place() {
    let input = mixed_input();
    assert_same_for_any_jobs(&["diff", "--wrt", "x", "--format", "json", "x^3", "-", "y^2"], &input);
}

#[test]
fn a_bad_line_loses_no_other_line() {
    let input = b"x^2\nx +* 1\nsin(x)\n\xff\nx^3\n";
    let o = run(&["diff", "--wrt", "x", "--format", "plain", "--jobs", "4"], input);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, ["2*x", "", "cos(x)", "", "3*x^2"]);
}

#[test]
fn jobs_out_of_range_is_a_usage_error() {
    for bad in ["0", "1025", "two"] {
        let o = run(&["diff", "x^2", "--jobs", bad], b"");
        assert_eq!(o.status.code(), Some(2), "--jobs {bad}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("--jobs"), "--jobs {bad}");
    }
}

/// Far more skipped lines than the reorder window between expressions: the run
/// must neither stall nor lose a line (a deadlock guard of 60 s, normally instant).
#[test]
fn long_runs_of_comments_between_expressions_do_not_stall() {
    let mut input = Vec::new();
    for i in 0..40 {
        input.extend_from_slice(format!("x^{i}\n").as_bytes());
        for _ in 0..300 {
            input.extend_from_slice(b"# note\n\n");
        }
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let args = ["diff", "--wrt", "x", "--format", "plain", "--jobs", "2"];
    let one_input = input.clone();
    std::thread::spawn(move || {
        let _ = tx.send(run(&args, &one_input));
    });
    let many = rx.recv_timeout(std::time::Duration::from_secs(60)).expect("the run ends");
    let one = run(&["diff", "--wrt", "x", "--format", "plain", "--jobs", "1"], &input);
    assert_eq!(many.stdout, one.stdout);
    assert_eq!(String::from_utf8_lossy(&one.stdout).lines().count(), 40 * 601);
}
