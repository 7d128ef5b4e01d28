//! Hostile input, run through the binary: every limit stops with its message, its
//! flag and exit code 2; numbers and text at the edges get their documented result;
//! a batch never loses a line. See docs/robustness.md.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs gradtape with `args`, feeding `stdin` (when given).
fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gradtape"));
    cmd.args(args).env("NO_COLOR", "1").stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = cmd.spawn().expect("the binary runs");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        let bytes = bytes.to_vec();
        // Written from a thread, so that a large input cannot deadlock against output.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    child.wait_with_output().expect("the binary finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts exit code 2 and an error naming `message` and the flag that raises the limit.
fn assert_limit(o: &Output, message: &str, flag: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains(message), "expected {message:?} in {err:?}");
    assert!(err.contains(flag), "expected {flag:?} in {err:?}");
}

/// The single plain value of `expr` at `point`, with the exit code.
fn plain_value(expr: &str, point: &str) -> (String, Option<i32>) {
    let o = run(&["eval", expr, "--at", point, "--format", "plain"], None);
    (stdout(&o).trim_end().to_string(), o.status.code())
}

// ------------------------------------------------------------------ limits

#[test]
fn deep_parentheses_stop_at_the_depth_limit() {
    let deep = format!("{}x{}", "(".repeat(5000), ")".repeat(5000));
    assert_limit(&run(&["simplify", &deep], None), "expression nests deeper than 1000 levels", "--max-depth");
    let ok = run(&["simplify", &deep, "--max-depth", "6000"], None);
    assert_eq!((stdout(&ok).as_str(), ok.status.code()), ("x\n", Some(0)));
}

#[test]
fn deep_sign_chains_and_towers_stop_at_the_depth_limit() {
    let signs = format!("{}x\n", "-".repeat(10_000));
    assert_limit(&run(&["simplify"], Some(signs.as_bytes())), "nests deeper than 1000 levels", "--max-depth");
    let tower = vec!["x"; 5000].join("^");
    assert_limit(&run(&["simplify", &tower], None), "nests deeper than 1000 levels", "--max-depth");
}

#[test]
fn depth_limit_has_a_ceiling() {
    let o = run(&["simplify", "x", "--max-depth", "100000000"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--max-depth"), "{}", stderr(&o));
}

#[test]
fn unclosed_nested_calls_are_reported_at_once() {
    // Took time exponential in the nesting before the grammar stopped reparsing a
    // failed call as a name and a group.
    let text = format!("{}x", "sin(".repeat(200));
    let o = run(&["simplify", &text], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unclosed '('"), "{}", stderr(&o));
}

#[test]
fn long_input_stops_at_the_input_limit() {
    assert_limit(
        &run(&["simplify", "x+x+x", "--max-input", "4"], None),
        "the expression is 5 bytes long, above the limit of 4 bytes",
        "--max-input",
    );
}

#[test]
fn a_ten_megabyte_line_is_one_error_and_the_next_line_still_runs() {
    let mut input = b"x^2\n".to_vec();
    input.extend_from_slice(b"x");
    input.extend(std::iter::repeat_n(b"+x".iter().copied(), 5_000_000).flatten());
    input.extend_from_slice(b"\nx^3\n");
    let o = run(&["diff", "--format", "plain"], Some(&input));
    assert_eq!(stdout(&o), "2*x\n\n3*x^2\n");
    assert_limit(&o, "line 2: the expression is 10000001 bytes long, above the limit of 1048576 bytes", "--max-input");
}

#[test]
fn growth_stops_at_the_node_ceiling() {
    assert_limit(
        &run(&["diff", "x^x", "--order", "20", "--max-nodes", "2000"], None),
        "the computation grew past 2000 distinct subexpressions",
        "--max-nodes",
    );
}

#[test]
fn high_orders_stop_at_the_step_budget() {
    assert_limit(
        &run(&["diff", "x^x", "--order", "50", "--max-steps", "100000"], None),
        "the computation took more than 100000 steps",
        "--max-steps",
    );
}

#[test]
fn large_results_stop_at_the_size_limit() {
    assert_limit(
        &run(&["diff", "x^x", "--order", "8", "--max-size", "100"], None),
        "the derivative by x, x, x, x, x, x, x, x has more than 100 terms and factors when written out",
        "--max-size",
    );
}

#[test]
fn exact_numbers_stop_at_the_bit_limit() {
    assert_limit(
        &run(&["simplify", "3^700*3^700", "--max-exact-bits", "2000"], None),
        "an exact number grew past 2000 bits",
        "--max-exact-bits",
    );
}

#[test]
fn huge_exact_powers_stay_symbolic_and_say_why_they_have_no_value() {
    // 2^(10^9) is a number (4.61298e301029995, through its logarithm); 2^(10^10)
    // is too large even for that.
    let o = run(&["eval", "2^(10^10)", "--at", "x=1"], None);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stdout(&o), "f = 2^10000000000\n  = undefined: too large for a 64-bit float\n");
}

#[test]
fn printing_a_tiny_power_keeps_its_reciprocal_symbolic() {
    // Found by fuzzing: printing 1/6^6666676666 built 6^6666676666 exactly once the
    // work limits were lifted for printing.
    let o = run(&["simplify", "1/6**6666676666"], None);
    assert_eq!((stdout(&o).as_str(), o.status.code()), ("1/6^6666676666\n", Some(0)));
}

#[test]
fn a_root_of_a_fraction_with_a_huge_index_stays_as_written() {
    // Found by fuzzing: moving the root out of the denominator, (n/d)^(1/q) =
    // (n*d^(q-1))^(1/q)/d, computed d^(q-1) before asking whether it was small enough.
    let o = run(&["simplify", "(1/3)^(1/4000000000)"], None);
    assert_eq!((stdout(&o).as_str(), o.status.code()), ("(1/3)^(1/4000000000)\n", Some(0)));
    let o = run(&["simplify", "(1/3)^(1/5)"], None);
    assert_eq!((stdout(&o).as_str(), o.status.code()), ("81^(1/5)/3\n", Some(0)));
}

#[test]
fn too_many_derivatives_are_refused_before_any_work() {
    let o = run(&["diff", "a+b+c+d+f+g+h+k+m+n+p+q", "--order", "100"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("more than 10000 derivatives requested"), "{}", stderr(&o));
}

// ------------------------------------------------------------------ numbers

#[test]
fn zero_to_the_zero_is_one() {
    assert_eq!(plain_value("0^0", "x=1"), ("1".into(), Some(0)));
}

#[test]
fn zero_to_a_negative_power_is_undefined() {
    let o = run(&["eval", "0^-1", "--at", "x=1", "--format", "plain"], None);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stderr(&o), "f: undefined: division by zero\n");
}

#[test]
fn fractional_power_of_a_negative_is_undefined_but_cbrt_is_real() {
    let o = run(&["eval", "(-8)^(1/3)", "--at", "x=1", "--format", "plain"], None);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stderr(&o), "f: undefined: negative number to a fractional power\n");
    assert_eq!(plain_value("cbrt(-8)", "x=1"), ("-2".into(), Some(0)));
}

#[test]
fn huge_and_tiny_literals_are_exact() {
    assert_eq!(plain_value("1e400", "x=1"), (format!("1{}", "0".repeat(400)), Some(0)));
    assert_eq!(plain_value("1e-400", "x=1"), (format!("1/1{}", "0".repeat(400)), Some(0)));
}

#[test]
fn literal_exponents_beyond_the_limit_are_refused() {
    let o = run(&["simplify", "1e10001"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the exponent of '1e10001' is beyond ±10000"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--max-literal-exponent"), "{}", stderr(&o));
    let raised = run(&["simplify", "1e10001", "--max-literal-exponent", "20000", "--format", "plain"], None);
    assert_eq!(raised.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&raised.stdout).trim(), format!("1{}", "0".repeat(10001)));
}

#[test]
fn values_beyond_floats_stay_exact() {
    assert_eq!(plain_value("10*x", "x=1e308"), (format!("1{}", "0".repeat(309)), Some(0)));
}

#[test]
fn float_overflow_is_undefined_with_a_reason() {
    let o = run(&["eval", "exp(x)", "--at", "x=1e308", "--format", "plain"], None);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stderr(&o), "f: undefined: too large for a 64-bit float\n");
}

#[test]
fn not_a_number_is_undefined_with_a_reason() {
    let o = run(&["eval", "sqrt(x)", "--at", "x=-1", "--format", "plain"], None);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stderr(&o), "f: undefined: square root of a negative number\n");
}

#[test]
fn subnormal_results_are_kept() {
    assert_eq!(plain_value("exp(x)", "x=-745"), ("5e-324".into(), Some(0)));
    assert_eq!(plain_value("exp(x)", "x=-1000"), ("0.0".into(), Some(0)));
}

// ------------------------------------------------------------------ text

#[test]
fn invalid_utf8_is_an_error_for_its_line_only() {
    let o = run(&["diff", "--format", "plain"], Some(b"x^2\n\xff\xfex\nx^3\n"));
    assert_eq!(stdout(&o), "2*x\n\n3*x^2\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("line 2: the line is not valid UTF-8"), "{}", stderr(&o));
}

#[test]
fn nul_bytes_are_a_syntax_error_with_a_hint() {
    let o = run(&["diff", "--format", "plain"], Some(b"x\x00y\n"));
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("line 1: 1:2: unexpected character '\\u{0}'"), "{err}");
    assert!(err.contains("hint: a control character"), "{err}");
}

#[test]
fn crlf_line_ends_and_a_bom_are_accepted() {
    let o = run(&["diff", "--format", "plain"], Some(b"\xef\xbb\xbfx^2\r\nx^3\r\n"));
    assert_eq!((stdout(&o).as_str(), o.status.code()), ("2*x\n3*x^2\n", Some(0)));
}

#[test]
fn empty_and_blank_expressions_are_errors() {
    for text in ["", "   ", "\t"] {
        let o = run(&["simplify", text], None);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(stderr(&o), "error: empty expression\n  hint: write an expression such as x^2\n");
    }
}

#[test]
fn unicode_operators_are_accepted() {
    let o = run(&["simplify", "−x×y·z÷2"], None);
    assert_eq!((stdout(&o).as_str(), o.status.code()), ("-x*y*z/2\n", Some(0)));
}

#[test]
fn lookalike_characters_get_a_hint() {
    for (text, hint) in [
        ("１+x", "a fullwidth digit"),
        ("“x”", "a curly quote"),
        ("x⁻", "a superscript sign"),
        ("x – 1", "a dash"),
        ("x\u{00A0}+ 1", "a non-breaking or wide space"),
    ] {
        let o = run(&["simplify", text], None);
        assert_eq!(o.status.code(), Some(2), "{text}");
        assert!(stderr(&o).contains(hint), "{text}: {}", stderr(&o));
    }
}

#[test]
fn random_mixes_of_notation_and_unicode_never_panic() {
    // Natural notation, operators, lookalikes and arbitrary characters, glued at
    // random (a fixed seed): each line gets one result or one error, in order.
    const PIECES: &[&str] = &[
        "x",
        "y",
        "2",
        ".5",
        "π",
        "pi",
        "e",
        "θ",
        "sin",
        "cos",
        "ln",
        "sqrt",
        "nthroot",
        "pow",
        "sgn",
        "atan2",
        "factorial",
        " ",
        "  ",
        "(",
        ")",
        "|",
        "|",
        "√",
        "∛",
        "∜",
        "²",
        "³",
        "⁻",
        "⁻¹",
        "⁺",
        "^",
        "^-1",
        "**",
        "*",
        "/",
        "+",
        "-",
        "−",
        "×",
        "·",
        "÷",
        ",",
        "€",
        "!",
        "[",
        "\u{A0}",
        "\u{200B}",
        "１",
        "–",
        "ǅ",
        "\u{345}",
        "\u{1}",
        "🙂",
        "ⁱ",
        "ℯ",
        "∞",
        "∂",
        "=",
    ];
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut lines = Vec::new();
    while lines.len() < 1500 {
        let len = 1 + next() % 12;
        let line: String = (0..len).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
        if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            lines.push(line);
        }
    }
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    for depth in ["1000", "3"] {
        let o = run(&["simplify", "--format", "plain", "--max-depth", depth], Some(input.as_bytes()));
        let (out, err) = (stdout(&o), stderr(&o));
        assert!(matches!(o.status.code(), Some(0 | 2 | 3)), "exit {:?}: {err}", o.status.code());
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(out.lines().count(), lines.len(), "one line out per line in");
        // Some lines parse, most do not: the mix exercises both.
        let distinct: std::collections::BTreeSet<&str> = out.lines().collect();
        assert!(distinct.len() > 20, "{distinct:?}");
    }
}

// ------------------------------------------------------------------ batches

#[test]
fn a_batch_keeps_one_result_or_error_per_line_in_order() {
    let lines: [&[u8]; 13] = [
        b"x^2",
        b"\xff",
        b"sin(",
        b"# a comment",
        b"x^x^x^x",
        b"",
        b"(((((((((((((((((((((((((((((((x)))))))))))))))))))))))))))))))",
        b"x\x00",
        b"1e10001",
        b"\xef\xbc\x91",
        b"3*x^4\r",
        b"x^x",
        b"x^3",
    ];
    let input: Vec<u8> = lines.iter().flat_map(|l| l.iter().copied().chain([b'\n'])).collect();
    let args = ["diff", "--format", "plain", "--max-depth", "20", "--order", "3", "--max-steps", "3000"];
    let o = run(&args, Some(&input));
    assert_eq!(o.status.code(), Some(2));
    let x3 = run(&["diff", "x^x", "--format", "plain", "--order", "3"], None);
    // One line per input line: an empty one for each failed, blank or comment line.
    let expected = format!("0\n{}72*x\n{}6\n", "\n".repeat(9), stdout(&x3));
    assert_eq!(stdout(&o), expected);
    let err = stderr(&o);
    for (line, what) in [
        (2, "not valid UTF-8"),
        (3, "unclosed '('"),
        (5, "more than 3000 steps"),
        (7, "nests deeper than 20 levels"),
        (8, "unexpected character"),
        (9, "beyond ±10000"),
        (10, "a fullwidth digit"),
    ] {
        let at = err.find(&format!("error: line {line}:")).unwrap_or_else(|| panic!("line {line} in {err}"));
        assert!(err[at..].contains(what), "line {line}: {what} in {err}");
    }
}

#[test]
fn a_json_batch_has_one_object_per_line() {
    let o = run(&["diff", "--format", "json"], Some(b"x^2\n\xff\n(x\nx^3\n"));
    let out = stdout(&o);
    let objects: Vec<serde_json::Value> =
        out.lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
    assert_eq!(objects.len(), 4, "{out}");
    assert!(objects[0].get("derivatives").is_some());
    assert_eq!(objects[1]["error"]["kind"], "encoding");
    assert_eq!(objects[2]["error"]["kind"], "syntax");
    assert!(objects[3].get("derivatives").is_some());
}
