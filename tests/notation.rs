//! Natural notation through the binary: each form a student, a note-taker or a script
//! writes gives exactly what its plain spelling gives (simplified, differentiated,
//! evaluated); ambiguous input is an error whose hint, run again, is accepted; the
//! error wording of issue 14. See docs/grammar.md, "Natural notation".

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gradtape"));
    cmd.args(args).env("NO_COLOR", "1").stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = cmd.spawn().expect("the binary runs");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        let bytes = text.as_bytes().to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    child.wait_with_output().expect("the binary finishes")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The natural forms of the issue, each with its plain spelling.
const FORMS: &[(&str, &str)] = &[
    ("x sin(x)", "x*sin(x)"),
    ("2x sin(x)", "2*x*sin(x)"),
    ("π x^2", "pi*x^2"),
    ("2 pi x", "2*pi*x"),
    ("a b", "a*b"),
    ("2πr", "2*pi*r"),
    ("x²", "x^2"),
    ("x³", "x^3"),
    ("x⁻¹", "x^(-1)"),
    ("e^x", "exp(x)"),
    ("√x", "sqrt(x)"),
    ("√(x+1)", "sqrt(x+1)"),
    ("∛x", "cbrt(x)"),
    ("|x|", "abs(x)"),
    ("x·y × x", "x*y*x"),
    ("x − y", "x - y"),
    ("sin^2(x)", "sin(x)^2"),
    ("sin²(x)", "sin(x)^2"),
    ("sin^-1(x)", "asin(x)"),
    ("tanh⁻¹ x", "atanh(x)"),
    ("ln^2(x)", "ln(x)^2"),
    ("sin x", "sin(x)"),
    ("ln x", "ln(x)"),
    ("sqrt x", "sqrt(x)"),
    ("sin 2x", "sin(2*x)"),
    ("sin x cos x", "sin(x)*cos(x)"),
    ("sin x^2", "sin(x^2)"),
    ("sin x + 1", "sin(x) + 1"),
    ("-x²", "-(x^2)"),
    ("2^x²", "2^(x^2)"),
    ("pow(x, 3)", "x^3"),
    ("sgn(x)", "sign(x)"),
    ("nthroot(x, 3)", "cbrt(x)"),
    ("nthroot(x, 4)", "x^(1/4)"),
    ("nthroot(x, 5)", "sign(x)*abs(x)^(1/5)"),
];

#[test]
fn each_natural_form_gives_what_its_plain_spelling_gives() {
    for &(natural, plain) in FORMS {
        for args in
            [vec!["simplify"], vec!["diff", "--format", "plain"], vec!["diff", "--order", "2", "--format", "json"]]
        {
            let run_on = |text: &str| {
                let mut a = args.clone();
                a.extend(["--", text]);
                run(&a, None)
            };
            let (n, p) = (run_on(natural), run_on(plain));
            assert_eq!(n.status.code(), Some(0), "{natural}: {}", err(&n));
            let strip = |s: String| {
                s.replace(&format!("\"input\":{}", json_string(natural)), "")
                    .replace(&format!("\"input\":{}", json_string(plain)), "")
            };
            assert_eq!(strip(out(&n)), strip(out(&p)), "{natural} against {plain} in {args:?}");
        }
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

#[test]
fn a_batch_reads_natural_notation_line_by_line() {
    let input: String = FORMS.iter().map(|(natural, _)| format!("{natural}\n")).collect();
    let plain: String = FORMS.iter().map(|(_, plain)| format!("{plain}\n")).collect();
    let a = run(&["simplify", "--format", "plain"], Some(&input));
    let b = run(&["simplify", "--format", "plain"], Some(&plain));
    assert_eq!((a.status.code(), out(&a)), (b.status.code(), out(&b)));
}

#[test]
fn roots_and_bars_evaluate_as_cbrt_and_abs_do() {
    let value = |expr: &str, at: &str| {
        let o = run(&["eval", expr, "--at", at, "--format", "plain"], None);
        (out(&o).trim().to_string(), o.status.code())
    };
    assert_eq!(value("nthroot(x, 5)", "x=-32"), ("-2".to_string(), Some(0)));
    assert_eq!(value("nthroot(x, 3)", "x=-8"), value("cbrt(x)", "x=-8"));
    assert_eq!(value("∛x", "x=-8"), ("-2".to_string(), Some(0)));
    assert_eq!(value("nthroot(x, 4)", "x=-16").1, Some(3));
    assert_eq!(value("|x| + |−2|", "x=-3"), ("5".to_string(), Some(0)));
    assert_eq!(value("√x·x²", "x=4"), ("32".to_string(), Some(0)));
    assert_eq!(value("sin^-1(x)", "x=1"), value("asin(x)", "x=1"));
}

/// The alternatives after the last "write " of a hint.
fn proposals(stderr: &str) -> Vec<String> {
    let Some(hint) = stderr.lines().find_map(|l| l.trim().strip_prefix("hint: ")) else { return Vec::new() };
    match hint.rfind("write ") {
        Some(at) => hint[at + 6..].split(" or ").map(str::to_string).collect(),
        None => Vec::new(),
    }
}

#[test]
fn ambiguous_input_is_an_error_whose_hint_is_accepted() {
    for text in [
        "sin x y",
        "sin 2x y",
        "sin x^2 y",
        "√x y",
        "sin^-2(x)",
        "ln^-1(x)",
        "sin",
        "x 2",
        "x(y)",
        "|x| |y|",
        "x|y|",
        "nthroot(x, y)",
    ] {
        let o = run(&["diff", "--", text], None);
        assert_eq!(o.status.code(), Some(2), "{text}: {}", out(&o));
        let proposed = proposals(&err(&o));
        assert!(!proposed.is_empty(), "{text}: no hint to write in {}", err(&o));
        for p in proposed {
            let again = run(&["diff", "--", &p], None);
            assert_eq!(again.status.code(), Some(0), "{text}: the hint's {p:?} is refused: {}", err(&again));
        }
    }
}

#[test]
fn errors_say_what_the_user_wrote() {
    let e = err(&run(&["diff", "2**"], None));
    assert!(e.contains("expected an operand after '**'"), "{e}");
    let e = err(&run(&["diff", "x€"], None));
    assert!(e.contains("unexpected character '€'"), "{e}");
    let e = err(&run(&["diff", "x\u{1}"], None));
    assert!(e.contains("unexpected character '\\u{1}'"), "{e}");
    for f in ["factorial(5)", "max(x, y)", "min(x, 1)", "gamma(x)", "floor(x)", "ceil(x)", "mod(x, 2)", "zeta(x)"] {
        let o = run(&["diff", f], None);
        let e = err(&o);
        assert_eq!(o.status.code(), Some(2), "{f}");
        assert!(e.contains("is not supported yet"), "{f}: {e}");
        assert!(!e.contains("*("), "{f}: {e}");
    }
    let e = err(&run(&["diff", "x!"], None));
    assert!(e.contains("factorial is not supported yet"), "{e}");
}
