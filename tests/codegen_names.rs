//! Hostile names and bad options: variables that are keywords or builtins of a
//! target are renamed and the code still compiles and computes the same; a
//! `--name` that could inject code is refused; common subexpressions are computed
//! once; functions and options a target cannot take are clear usage errors.

mod common;

use std::process::Command;

use gradtape::codegen::{generate, Dtype, Lang, Options};
use gradtape::error::ErrorKind;

/// Variables that are keywords, builtins, module names or the code's own names.
const HOSTILE: &[&str] = &[
    "lambda", "def", "return", "int", "float", "np", "math", "torch", "double", "fn", "t0", "f_grad", "out", "α",
    "_x", "self", "main", "jnp",
];

fn hostile_expression() -> String {
    HOSTILE.iter().enumerate().map(|(i, v)| format!("{}*{v}^2", i + 1)).collect::<Vec<_>>().join(" + ") + " + sin(lambda*def)"
}

fn options(lang: Lang) -> Options {
    let mut o = Options::new(lang);
    o.args = Some(HOSTILE.iter().map(|s| s.to_string()).collect());
    o
}

/// The value and gradient the code must give at v_i = (i + 1)/10.
fn want() -> Vec<f64> {
    let v: Vec<f64> = (0..HOSTILE.len()).map(|i| (i + 1) as f64 / 10.0).collect();
    let mut value: f64 = v.iter().enumerate().map(|(i, x)| (i + 1) as f64 * x * x).sum();
    value += (v[0] * v[1]).sin();
    let mut grad: Vec<f64> = v.iter().enumerate().map(|(i, x)| 2.0 * (i + 1) as f64 * x).collect();
    grad[0] += v[1] * (v[0] * v[1]).cos();
    grad[1] += v[0] * (v[0] * v[1]).cos();
    std::iter::once(value).chain(grad).collect()
}

fn args_text() -> String {
    (0..HOSTILE.len()).map(|i| format!("{:?}", (i + 1) as f64 / 10.0)).collect::<Vec<_>>().join(", ")
}

fn check_output(stdout: &[u8]) {
    let got: Vec<f64> = String::from_utf8_lossy(stdout).split_whitespace().map(|w| w.parse().unwrap()).collect();
    let want = want();
    assert_eq!(got.len(), want.len());
    for (w, g) in want.iter().zip(&got) {
        assert!(common::agrees(*w, *g, 1e-12), "want {w}, got {g}");
    }
}

#[test]
fn hostile_variables_are_renamed_and_c_compiles() {
    let code = generate(&[&hostile_expression()], &options(Lang::C)).unwrap();
    assert!(code.contains("Variables renamed"), "{code}");
    let n = HOSTILE.len();
    let main = format!(
        "#include <stdio.h>\n{code}\nint main(void)\n{{\n    double g[{n}];\n    int i;\n    printf(\"%.17g \", f({a}));\n    \
         f_grad({a}, g);\n    for (i = 0; i < {n}; i++) printf(\"%.17g \", g[i]);\n    return 0;\n}}\n",
        a = args_text()
    );
    let dir = common::scratch("names-c");
    std::fs::write(dir.join("n.c"), main).unwrap();
    let out = Command::new("cc")
        .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"])
        .arg(dir.join("n.c"))
        .arg("-o")
        .arg(dir.join("n"))
        .arg("-lm")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    check_output(&Command::new(dir.join("n")).output().unwrap().stdout);
}

#[test]
fn hostile_variables_are_renamed_and_rust_compiles() {
    let code = generate(&[&hostile_expression()], &options(Lang::Rust)).unwrap();
    let main = format!(
        "mod generated {{\n{code}}}\n\nfn main() {{\n    print!(\"{{:?}} \", generated::f({a}));\n    \
         for g in generated::f_grad({a}) {{\n        print!(\"{{g:?}} \");\n    }}\n}}\n",
        a = args_text()
    );
    let dir = common::scratch("names-rust");
    std::fs::write(dir.join("n.rs"), main).unwrap();
    let out = Command::new("rustc").args(["--edition", "2021", "-D", "warnings"]).arg(dir.join("n.rs")).arg("-o").arg(dir.join("n")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    check_output(&Command::new(dir.join("n")).output().unwrap().stdout);
}

#[test]
fn hostile_variables_are_renamed_and_python_runs() {
    for lang in [Lang::Python, Lang::Numpy] {
        let code = generate(&[&hostile_expression()], &options(lang)).unwrap();
        let dir = common::scratch(&format!("names-{}", lang.name()));
        std::fs::write(dir.join("n.py"), &code).unwrap();
        let script = format!(
            "import sys\nsys.path.insert(0, {dir:?})\nimport n\nv, g = n.f_value_and_grad({a})\nprint(float(v), *[float(x) for x in g])\n",
            dir = dir.to_string_lossy(),
            a = args_text()
        );
        let out = Command::new("python3").args(["-c", &script]).output().unwrap();
        if lang == Lang::Numpy && String::from_utf8_lossy(&out.stderr).contains("No module named 'numpy'") {
            eprintln!("SKIPPED: numpy is not installed");
            continue;
        }
        assert!(out.status.success(), "{code}\n{}", String::from_utf8_lossy(&out.stderr));
        check_output(&out.stdout);
    }
}

#[test]
fn a_name_that_could_inject_code_is_refused() {
    for lang in Lang::ALL {
        for bad in ["f(); import os", "f\n", "f g", "1f", "", "f-g", "f/*", "é", "f\"", "_hidden"] {
            let mut o = Options::new(lang);
            o.name = bad.to_string();
            let e = generate(&["x"], &o).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Usage, "{bad:?} in {}", lang.name());
        }
    }
    for (lang, keyword) in [(Lang::Python, "lambda"), (Lang::Jax, "jnp"), (Lang::C, "double"), (Lang::Rust, "fn"), (Lang::Torch, "torch")] {
        let mut o = Options::new(lang);
        o.name = keyword.to_string();
        let e = generate(&["x"], &o).unwrap_err();
        assert!(e.message.contains("reserved"), "{}", e.message);
    }
}

#[test]
fn the_expression_in_the_opening_comment_cannot_end_it() {
    let code = generate(&["x +\n   y */ 2"], &Options::new(Lang::C));
    // Not an expression: nothing is written.
    assert!(code.is_err());
    let code = generate(&["x +\n\n y"], &Options::new(Lang::Python)).unwrap();
    assert!(code.starts_with("# Generated by gradtape codegen --lang python from:\n#     x + y\n"), "{code}");
}

#[test]
fn shared_subexpressions_are_computed_once() {
    let code = generate(&["exp(x*y)*sin(x) + exp(x*y)"], &Options::new(Lang::C)).unwrap();
    let grad = &code[code.find("f_grad").unwrap()..];
    let grad = &grad[..grad.find("\n}").unwrap()];
    for f in ["exp(", "sin(", "cos("] {
        assert_eq!(grad.matches(f).count(), 1, "{f} in\n{grad}");
    }
}

#[test]
fn options_a_target_cannot_take_are_usage_errors() {
    let mut o = Options::new(Lang::Python);
    o.dtype = Dtype::F32;
    assert_eq!(generate(&["x"], &o).unwrap_err().kind, ErrorKind::Usage);
    let mut o = Options::new(Lang::Rust);
    o.header = true;
    assert_eq!(generate(&["x"], &o).unwrap_err().kind, ErrorKind::Usage);
    let mut o = Options::new(Lang::C);
    o.order = 3;
    assert_eq!(generate(&["x"], &o).unwrap_err().kind, ErrorKind::Usage);
    let mut o = Options::new(Lang::C);
    o.args = Some(vec!["x".into()]);
    let e = generate(&["x*y"], &o).unwrap_err();
    assert!(e.message.contains("uses y"), "{}", e.message);
    o.wrt = Some(vec!["z".into()]);
    assert_eq!(generate(&["x"], &o).unwrap_err().kind, ErrorKind::Usage);
    o.args = Some(vec!["x".into(), "x".into()]);
    assert_eq!(generate(&["x"], &o).unwrap_err().kind, ErrorKind::Usage);
    assert!(Lang::from_name("fortran").is_err());
    assert_eq!(Lang::from_name("tf").unwrap(), Lang::Tensorflow);
    assert_eq!(Lang::from_name("pytorch").unwrap(), Lang::Torch);
}

#[test]
fn unused_arguments_and_wrt_order() {
    let mut o = Options::new(Lang::Python);
    o.args = Some(vec!["a".into(), "b".into(), "c".into()]);
    o.wrt = Some(vec!["c".into(), "a".into()]);
    let code = generate(&["a*c^2"], &o).unwrap();
    assert!(code.contains("def f(a, b, c):"), "{code}");
    assert!(code.contains("return (2.0 * a * c, c**2)"), "{code}");
}
