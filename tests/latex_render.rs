//! Every LaTeX string gradtape writes must be well-formed: each is parsed by the
//! `pulldown-latex` parser, which rejects unbalanced braces, `\left` without
//! `\right`, double superscripts (`x^2^3`) and unknown commands.

use gradtape::pipeline::{self, Request, Task};
use gradtape::render::latex::{to_latex, Env, LatexOptions, MulStyle, Notation};
use gradtape::report::{self, matrix};
use gradtape::syntax::Limits;
use proptest::prelude::*;

/// How the outcomes here are shown: as derivatives.
const DIFF: Task = Task::Diff { wrt: None, orders: (1, 1) };

/// Parses `tex` as LaTeX math; the parser's error otherwise.
fn parse_latex(tex: &str) -> Result<(), String> {
    let storage = pulldown_latex::Storage::new();
    let parser = pulldown_latex::Parser::new(tex, &storage);
    for event in parser {
        event.map_err(|e| format!("{e}"))?;
    }
    Ok(())
}

fn assert_parses(tex: &str, context: &str) {
    if let Err(e) = parse_latex(tex) {
        panic!("LaTeX for {context} does not parse:\n{tex}\n{e}");
    }
}

/// Every combination of the options that change expressions and labels.
fn all_options() -> Vec<LatexOptions> {
    let mut out = Vec::new();
    for mul in [MulStyle::Space, MulStyle::Cdot, MulStyle::Times] {
        for log in [false, true] {
            for notation in [Notation::Leibniz, Notation::Prime] {
                out.push(LatexOptions { mul, log, env: Env::None, notation, ..LatexOptions::default() });
            }
        }
    }
    out
}

/// Inputs that exercise every function, constant, Greek names, signs, fractions,
/// roots and powers in every position (shared with tests/latex_render.sh).
fn cases() -> Vec<&'static str> {
    include_str!("latex/cases.txt").lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect()
}

fn request(task: Task, point: Option<&str>) -> Request {
    let point = point.map(|p| gradtape::syntax::parse_point(p).expect("a valid test point"));
    Request { task, point, table: None, limits: Limits::default(), jobs: 1, check: None }
}

#[test]
fn expressions_parse_with_every_option() {
    for opts in all_options() {
        for case in cases() {
            let mut store = gradtape::store::Store::new();
            let id = gradtape::syntax::parse_into(&mut store, case).expect("a valid test case");
            let tex = to_latex(&mut store, id, &opts);
            assert!(!tex.is_empty());
            assert_parses(&tex, case);
        }
    }
}

#[test]
fn derivative_reports_parse_with_every_option_and_environment() {
    let mut checked = 0;
    for base in all_options() {
        for env in [Env::None, Env::Align, Env::Equation] {
            let opts = LatexOptions { env, ..base };
            for case in cases() {
                let req = request(Task::Diff { wrt: None, orders: (1, 2) }, None);
                let Ok(mut o) = pipeline::run(&req, case) else {
                    panic!("{case} fails");
                };
                let tex = report::latex::outcome(&mut o, &DIFF, &opts);
                match env {
                    Env::None => {
                        for line in tex.lines() {
                            assert_parses(line, case);
                        }
                    }
                    _ => assert_parses(&tex, case),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, all_options().len() * 3 * cases().len());
}

#[test]
fn values_and_undefined_values_parse() {
    let opts = LatexOptions::default();
    for (case, point) in [("x^2/3", "x=1/2"), ("ln(x)", "x=-1"), ("sin(x)", "x=1"), ("1/x", "x=0"), ("x^3", "x=1e-9")] {
        let req = request(Task::Diff { wrt: None, orders: (1, 2) }, Some(point));
        let mut o = pipeline::run(&req, case).expect("a valid case");
        let tex = report::latex::outcome(&mut o, &DIFF, &opts);
        for line in tex.lines() {
            assert_parses(line, case);
        }
    }
}

#[test]
fn prime_notation_is_used_for_one_variable_only() {
    let opts = LatexOptions { notation: Notation::Prime, ..LatexOptions::default() };
    let req = request(Task::Diff { wrt: None, orders: (1, 4) }, None);
    let mut o = pipeline::run(&req, "x^5").expect("valid");
    let tex = report::latex::outcome(&mut o, &DIFF, &opts);
    let labels: Vec<&str> = tex.lines().filter_map(|l| l.split(" = ").next()).collect();
    assert_eq!(labels, ["f(x)", "f'(x)", "f''(x)", "f'''(x)", "f^{(4)}(x)"]);
    let mut o = pipeline::run(&req, "x*y").expect("valid");
    let tex = report::latex::outcome(&mut o, &DIFF, &opts);
    assert!(tex.contains("\\partial"), "{tex}");
    assert!(!tex.contains('\''), "{tex}");
}

#[test]
fn align_block_aligns_every_result_on_its_first_equals_sign() {
    let opts = LatexOptions { env: Env::Align, ..LatexOptions::default() };
    let req = request(Task::Diff { wrt: None, orders: (1, 1) }, Some("x=2,y=3"));
    let mut o = pipeline::run(&req, "x^2+2*x*y+y^2").expect("valid");
    let tex = report::latex::outcome(&mut o, &DIFF, &opts);
    let lines: Vec<&str> = tex.lines().collect();
    assert_eq!(lines.first(), Some(&"\\begin{align*}"));
    assert_eq!(lines.last(), Some(&"\\end{align*}"));
    let body = &lines[1..lines.len() - 1];
    // Each expression, then its value at the point.
    assert_eq!(body.len(), 6);
    assert!(body.iter().all(|l| l.matches("&=").count() == 1), "{tex}");
    assert!(body[..5].iter().all(|l| l.ends_with(" \\\\")), "{tex}");
}

#[test]
fn mul_and_log_options_change_only_what_they_name() {
    let tex = |mul, log| {
        let mut store = gradtape::store::Store::new();
        let id = gradtape::syntax::parse_into(&mut store, "2*x*ln(y)").expect("valid");
        to_latex(&mut store, id, &LatexOptions { mul, log, ..LatexOptions::default() })
    };
    assert_eq!(tex(MulStyle::Space, false), "2 x \\ln(y)");
    assert_eq!(tex(MulStyle::Cdot, false), "2 \\cdot x \\cdot \\ln(y)");
    assert_eq!(tex(MulStyle::Times, true), "2 \\times x \\times \\log(y)");
}

#[test]
fn matrices_parse_as_pmatrix() {
    for env in [Env::None, Env::Align, Env::Equation] {
        let opts = LatexOptions { env, ..LatexOptions::default() };
        let req = request(Task::Diff { wrt: None, orders: (2, 2) }, Some("x=1,y=2,z=3"));
        let mut o = pipeline::run(&req, "x^2*y*z + sin(x*z)").expect("valid");
        let tex = matrix::hessian_latex(&mut o, &opts);
        assert!(tex.contains("\\begin{pmatrix}"));
        let pieces: Vec<&str> = if env == Env::None { tex.lines().collect() } else { vec![&tex] };
        for p in pieces {
            assert_parses(p, "the Hessian");
        }
        let req = request(Task::Diff { wrt: Some(vec!["r".into(), "t".into()]), orders: (1, 1) }, Some("r=2,t=pi"));
        let rows = ["r*cos(t)", "r*sin(t)", "r^2"].iter().map(|e| pipeline::run(&req, e).expect("valid")).collect();
        let mut j = gradtape::pipeline::Jacobian { rows, wrt: vec!["r".into(), "t".into()] };
        let tex = matrix::jacobian_latex(&mut j, &opts);
        let pieces: Vec<&str> = if env == Env::None { tex.lines().collect() } else { vec![&tex] };
        for p in pieces {
            assert_parses(p, "the Jacobian");
        }
    }
}

#[test]
fn vector_calculus_parses() {
    for env in [Env::None, Env::Align, Env::Equation] {
        let opts = LatexOptions { env, ..LatexOptions::default() };
        let pieces = |tex: &str| -> Vec<String> {
            if env == Env::None {
                tex.lines().map(str::to_string).collect()
            } else {
                vec![tex.to_string()]
            }
        };
        let xyz = Some(vec!["x".to_string(), "y".to_string(), "z".to_string()]);
        let along = ["a", "2", "-1"].iter().map(|v| gradtape::syntax::parse(v).expect("valid")).collect();
        for (task, at) in [
            (Task::Laplacian { wrt: xyz.clone() }, "x=1,y=2,z=3"),
            (Task::Directional { wrt: xyz.clone(), along, unit: true }, "x=1,y=2,z=3,a=1/2"),
        ] {
            let mut o = pipeline::run(&request(task.clone(), Some(at)), "x^2*y*z + sin(x*z)").expect("valid");
            let tex = report::latex::outcome(&mut o, &task, &opts);
            assert!(tex.contains("\\nabla"), "{tex}");
            for p in pieces(&tex) {
                assert_parses(&p, "a Laplacian or directional derivative");
            }
        }
        for (input, around, wrt) in [
            ("1/sin(x)", "x=0", None),
            ("f(x)", "x=a", None),
            ("exp(x)*cos(y)", "x=0,y=1", Some(vec!["x".to_string(), "y".to_string()])),
        ] {
            let around = gradtape::syntax::parse_point(around).expect("valid");
            let task = Task::Series { wrt, around, order: 4 };
            let mut o = pipeline::run(&request(task.clone(), None), input).expect("valid");
            let tex = report::latex::outcome(&mut o, &task, &opts);
            assert!(tex.contains("O\\left("), "{tex}");
            for p in pieces(&tex) {
                assert_parses(&p, "a series");
            }
        }
        for (task, inputs) in [
            (Task::Curl { wrt: xyz.clone() }, &["y*z^2", "x^3", "exp(x)/z"][..]),
            (Task::Curl { wrt: None }, &["x*y", "x^2"][..]),
            (Task::Divergence { wrt: xyz.clone() }, &["y*z^2", "x^3", "exp(x)/z"][..]),
        ] {
            let req = request(task.clone(), Some("x=1,y=2,z=3"));
            let (wrt, rows) = pipeline::jacobian(&req, inputs);
            let rows = rows.into_iter().collect::<Result<Vec<_>, _>>().expect("valid");
            let mut f = pipeline::field(&req, wrt, rows).expect("a field");
            let reporter = report::reporter(report::Format::Latex, opts);
            let tex = reporter.field(&mut f, &task).out;
            assert!(tex.contains("\\nabla"), "{tex}");
            for p in pieces(&tex) {
                assert_parses(&p, "a divergence or curl");
            }
        }
    }
}

#[test]
fn the_parser_rejects_what_it_should() {
    // The check itself must be able to fail.
    for bad in ["x^{2", "\\left(x", "x^2^3", "\\frac{1}"] {
        assert!(parse_latex(bad).is_err(), "{bad} was accepted");
    }
}

/// Random expressions in gradtape's syntax.
fn expression() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("x".to_string()),
        Just("y".to_string()),
        Just("θ".to_string()),
        Just("pi".to_string()),
        Just("e".to_string()),
        (0u32..20).prop_map(|n| n.to_string()),
        (1u32..9, 2u32..9).prop_map(|(a, b)| format!("({a}/{b})")),
        Just("2.5".to_string()),
    ];
    leaf.prop_recursive(5, 40, 3, |inner| {
        let funcs = prop::sample::select(vec![
            "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "asec", "acsc", "sinh", "cosh",
            "tanh", "coth", "sech", "csch", "asinh", "acosh", "atanh", "exp", "ln", "log2", "log10", "sqrt", "cbrt",
            "abs", "sign", "erf", "erfc", "sigmoid", "softplus", "relu",
        ]);
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})+({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})-({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})*({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})/({b})")),
            (inner.clone(), -3i32..5).prop_map(|(a, n)| format!("({a})^({n})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})^({b})")),
            inner.clone().prop_map(|a| format!("-({a})")),
            (funcs, inner.clone()).prop_map(|(f, a)| format!("{f}({a})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("atan2({a}, {b})")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_expressions_and_their_derivatives_render(src in expression(), opt in 0usize..12) {
        let opts = all_options()[opt];
        let req = request(Task::Diff { wrt: None, orders: (1, 1) }, None);
        if let Ok(mut o) = pipeline::run(&req, &src) {
            let tex = report::latex::outcome(&mut o, &DIFF, &opts);
            for line in tex.lines() {
                prop_assert!(parse_latex(line).is_ok(), "{} gives {}: {:?}", src, line, parse_latex(line));
            }
        }
    }
}

// ------------------------------------------------------------ equations at a point

/// The relations (`=`, `\approx`) of one displayed line outside braces: a
/// subscript `_{x=2,\,y=3}` or a `\text{…}` does not count.
fn top_level_relations(line: &str) -> usize {
    let mut depth = 0i32;
    let mut count = 0;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b'=' if depth == 0 => count += 1,
            b'\\' if depth == 0 && line[i..].starts_with("\\approx") => count += 1,
            _ => {}
        }
    }
    count
}

/// A value line `label = \frac{\sqrt{2}}{2} \approx 0.7071…` shows a closed form
/// and its float: two values, not an expression chained with its value. The
/// trailing `\approx NUMBER` is cut off there (and only there).
fn without_float_of_closed_form(line: &str) -> String {
    let Some(i) = line.rfind(" \\approx ") else { return line.to_string() };
    let number = line[i + " \\approx ".len()..].trim();
    let numeric = !number.is_empty()
        && number
            .replace(" \\cdot 10^{", "e")
            .trim_end_matches('}')
            .chars()
            .all(|c| c.is_ascii_digit() || ".-e".contains(c));
    if numeric && line[..i].contains(" = ") {
        line[..i].to_string()
    } else {
        line.to_string()
    }
}

/// Every displayed line: one line each, or one row of an `align*` block, or the
/// body of an `equation*` environment.
fn displayed_lines(tex: &str) -> Vec<String> {
    tex.lines()
        .filter(|l| !l.starts_with("\\begin{") && !l.starts_with("\\end{") && !l.starts_with('%'))
        .map(|l| l.trim_end_matches(" \\\\").replace("&", ""))
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// Every LaTeX output at a point: derivatives (both notations, every
/// environment), Hessians and Jacobians (both value layouts).
fn outputs_at_points(case: &str) -> Vec<String> {
    let mut out = Vec::new();
    for point in ["x=2,y=3,z=1/2,θ=1,α=2,β=3,t=1,r=2", "x=1/3,y=-1,z=0,θ=0,α=-1,β=1/2,t=0,r=1"] {
        for env in [Env::None, Env::Align, Env::Equation] {
            for notation in [Notation::Leibniz, Notation::Prime] {
                let opts = LatexOptions { env, notation, ..LatexOptions::default() };
                let req = request(Task::Diff { wrt: None, orders: (1, 2) }, Some(point));
                if let Ok(mut o) = pipeline::run(&req, case) {
                    out.push(report::latex::outcome(&mut o, &DIFF, &opts));
                }
            }
            for values_matrix in [false, true] {
                let opts = LatexOptions { env, values_matrix, ..LatexOptions::default() };
                let req = request(Task::Diff { wrt: None, orders: (2, 2) }, Some(point));
                if let Ok(mut o) = pipeline::run(&req, case) {
                    out.push(matrix::hessian_latex(&mut o, &opts));
                }
                let wrt = vec!["x".to_string(), "y".to_string()];
                let req = request(Task::Diff { wrt: Some(wrt.clone()), orders: (1, 1) }, Some(point));
                let rows: Result<Vec<_>, _> = [case, "x*y"].iter().map(|e| pipeline::run(&req, e)).collect();
                if let Ok(rows) = rows {
                    let mut j = gradtape::pipeline::Jacobian { rows, wrt };
                    out.push(matrix::jacobian_latex(&mut j, &opts));
                }
            }
        }
    }
    out
}

#[test]
fn no_output_at_a_point_chains_an_expression_and_its_value() {
    let mut lines = 0;
    for case in cases() {
        for tex in outputs_at_points(case) {
            for line in displayed_lines(&tex) {
                let undefined = line.contains("\\text{is undefined: ");
                let n = top_level_relations(&without_float_of_closed_form(&line));
                assert!(n == 1 || (undefined && n == 0), "{case}: {n} relations in\n{line}\nof\n{tex}");
                lines += 1;
            }
        }
    }
    assert!(lines > 10 * cases().len(), "only {lines} lines checked");
    // The check itself can fail.
    assert_eq!(top_level_relations("f(x) = x^{2} = 4"), 2);
    assert_eq!(top_level_relations("\\left.f\\right|_{x=2} \\approx 0.5"), 1);
    let closed = "\\left.f\\right|_{x=1} = \\sin(1) \\approx 0.84";
    assert_eq!(top_level_relations(&without_float_of_closed_form(closed)), 1);
    let chain = "f(x) = \\sin(x) = \\sin(1) \\approx 0.84";
    assert_eq!(top_level_relations(&without_float_of_closed_form(chain)), 2);
}

#[test]
fn eval_shows_the_point_and_undefined_values_name_it() {
    let opts = LatexOptions::default();
    let req = request(Task::Eval, Some("x=2,y=3"));
    let mut o = pipeline::run(&req, "x^2*y").expect("valid");
    let tex = report::latex::outcome(&mut o, &Task::Eval, &opts);
    assert_eq!(tex, "f(x, y) = x^{2} y\nf(2, 3) = 12\n");
    let req = request(Task::Diff { wrt: None, orders: (1, 1) }, Some("x=-1"));
    let mut o = pipeline::run(&req, "sqrt(x)").expect("valid");
    let tex = report::latex::outcome(&mut o, &DIFF, &opts);
    assert!(tex.contains("f(-1) \\quad \\text{is undefined: "), "{tex}");
    assert!(tex.contains("\\left.\\frac{d f}{d x}\\right|_{x=-1} \\quad \\text{is undefined: "), "{tex}");
}

/// The spans of plain parentheses `(…)` and bars `|…|` the printer wrote, with
/// their contents (a `\left(`, `\right)` or a `(` inside a command name is not one).
fn plain_groups(tex: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let b = tex.as_bytes();
    for i in 0..b.len() {
        let after_command = |j: usize| tex[..j].ends_with("\\left") || tex[..j].ends_with("\\right");
        match b[i] {
            b'(' if !after_command(i) => stack.push(i + 1),
            b')' if !after_command(i) => {
                if let Some(start) = stack.pop() {
                    out.push(&tex[start..i]);
                }
            }
            _ => {}
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Plain parentheses only around contents no taller than they are: no
    /// fraction, matrix or `\left…\right` pair inside.
    #[test]
    fn plain_parentheses_hold_only_flat_contents(src in expression()) {
        let mut store = gradtape::store::Store::new();
        let Ok(id) = gradtape::syntax::parse_into(&mut store, &src) else { return Ok(()) };
        let tex = to_latex(&mut store, id, &LatexOptions::default());
        for inner in plain_groups(&tex) {
            prop_assert!(
                !inner.contains("\\frac") && !inner.contains("\\left") && !inner.contains("\\begin"),
                "{} gives {}: plain parentheses around {}", src, tex, inner
            );
        }
    }
}

/// Renders every block with KaTeX (throwOnError, strict), through
/// tests/latex/katex_render.js; Err with KaTeX's report.
fn katex_renders(blocks: &[(String, String)]) -> Result<String, String> {
    let modules = std::env::var("KATEX_NODE_MODULES").map_err(|_| "KATEX_NODE_MODULES is not set".to_string())?;
    let dir = std::env::temp_dir().join(format!("gradtape-katex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let jsonl: String = blocks
        .iter()
        .map(|(source, tex)| serde_json::json!({"source": source, "tex": tex}).to_string() + "\n")
        .collect();
    let input = dir.join("blocks.jsonl");
    std::fs::write(&input, jsonl).map_err(|e| e.to_string())?;
    let out = std::process::Command::new("node")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/latex/katex_render.js"))
        .arg(&input)
        .arg(dir.join("all.tex"))
        .env("KATEX_NODE_MODULES", modules)
        .output()
        .map_err(|e| format!("node does not run: {e}"))?;
    let _ = std::fs::remove_dir_all(&dir);
    let report = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        Ok(report)
    } else {
        Err(report)
    }
}

/// Every output where a `\left…\right` pair was dropped for plain parentheses or
/// bars renders in KaTeX. Needs KaTeX (`KATEX_NODE_MODULES`, set by CI); without
/// it the test says so and passes.
#[test]
fn every_dropped_left_right_renders_in_katex() {
    let mut blocks = Vec::new();
    for case in cases() {
        let mut store = gradtape::store::Store::new();
        let id = gradtape::syntax::parse_into(&mut store, case).expect("a valid test case");
        let tex = to_latex(&mut store, id, &LatexOptions::default());
        let mut texts = vec![tex];
        texts.extend(outputs_at_points(case));
        for t in texts {
            if !plain_groups(&t).is_empty() || t.contains('|') {
                blocks.push((case.to_string(), t));
            }
        }
    }
    assert!(blocks.len() > cases().len(), "only {} outputs with plain parentheses", blocks.len());
    match katex_renders(&blocks) {
        Ok(report) => assert!(report.contains("KaTeX rendered"), "{report}"),
        Err(why) if why.contains("KATEX_NODE_MODULES is not set") => {
            eprintln!("skipped: {why} (KaTeX renders these in tests/latex_render.sh)")
        }
        Err(why) => panic!("KaTeX rejects LaTeX with plain parentheses:\n{why}"),
    }
}
