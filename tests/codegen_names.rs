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
    "lambda", "def", "return", "int", "float", "np", "math", "torch", "double", "fn", "t0", "f_grad", "out", "α", "_x",
    "self", "main", "jnp",
];

fn hostile_expression() -> String {
    HOSTILE.iter().enumerate().map(|(i, v)| format!("{}*{v}^2", i + 1)).collect::<Vec<_>>().join(" + ")
        + " + sin(lambda*def)"
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
    let out = Command::new("rustc")
        .args(["--edition", "2021", "-D", "warnings"])
        .arg(dir.join("n.rs"))
        .arg("-o")
        .arg(dir.join("n"))
        .output()
        .unwrap();
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
            let _ = std::io::Write::write_all(&mut std::io::stderr(), b"SKIPPED: numpy is not installed\n");
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
    for (lang, keyword) in
        [(Lang::Python, "lambda"), (Lang::Jax, "jnp"), (Lang::C, "double"), (Lang::Rust, "fn"), (Lang::Torch, "torch")]
    {
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

/// erf and erfc from glibc (as Python's math module gives them).
const ERF: &[(f64, f64)] = &[
    (1e-08, 1.1283791670955126e-08),
    (0.001, 0.0011283787909692365),
    (0.1, 0.1124629160182849),
    (0.3, 0.3286267594591274),
    (0.5, 0.5204998778130465),
    (0.9, 0.7969082124228322),
    (1.0, 0.8427007929497149),
    (1.3, 0.9340079449406524),
    (1.7, 0.9837904585907745),
    (2.0, 0.9953222650189527),
    (2.4, 0.999311486103355),
    (2.49, 0.9995707121322661),
    (2.51, 0.9996142945182758),
    (3.0, 0.9999779095030014),
    (3.5, 0.9999992569016276),
    (4.0, 0.9999999845827421),
    (5.0, 0.9999999999984626),
    (6.0, 1.0),
    (-1e-08, -1.1283791670955126e-08),
    (-0.001, -0.0011283787909692365),
    (-0.1, -0.1124629160182849),
    (-0.3, -0.3286267594591274),
    (-0.5, -0.5204998778130465),
    (-0.9, -0.7969082124228322),
];
const ERFC: &[(f64, f64)] = &[
    (-3.0, 1.9999779095030015),
    (-1.0, 1.842700792949715),
    (0.2, 0.7772974107895215),
    (0.6, 0.3961439091520741),
    (1.0, 0.15729920705028513),
    (1.4, 0.04771488023735121),
    (1.6, 0.023651616655355985),
    (2.0, 0.004677734981047265),
    (3.0, 2.2090496998585438e-05),
    (5.0, 1.5374597944280351e-12),
    (10.0, 2.088487583762545e-45),
    (20.0, 5.3958656116079005e-176),
];

#[test]
fn rust_erf_needs_no_crate_and_is_accurate() {
    let mut o = Options::new(Lang::Rust);
    o.args = Some(vec!["x".into(), "y".into()]);
    let code = generate(&["erf(x) + erfc(y)"], &o).unwrap();
    let rows: Vec<String> =
        ERF.iter().zip(ERFC.iter().cycle()).map(|((x, _), (y, _))| format!("({x:?}, {y:?})")).collect();
    let main = format!(
        "mod generated {{\n{code}}}\n\nfn main() {{\n    for (x, y) in [{}] {{\n        \
         println!(\"{{:?}} {{:?}} {{:?}}\", generated::f(x, 1e300), generated::f(0.0, y), generated::f_grad(x, y)[0]);\n    }}\n}}\n",
        rows.join(", ")
    );
    let dir = common::scratch("erf-rust");
    std::fs::write(dir.join("e.rs"), main).unwrap();
    let out = Command::new("rustc")
        .args(["--edition", "2021", "-D", "warnings"])
        .arg(dir.join("e.rs"))
        .arg("-o")
        .arg(dir.join("e"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = Command::new(dir.join("e")).output().unwrap();
    for (line, ((x, erf), (y, erfc))) in
        String::from_utf8_lossy(&out.stdout).lines().zip(ERF.iter().zip(ERFC.iter().cycle()))
    {
        let mut words = line.split(' ');
        let (a, b) = (words.next().unwrap(), words.next().unwrap());
        // f(x, 1e300) = erf(x) + erfc(1e300) = erf(x); f(0, y) = erfc(y).
        let (a, b): (f64, f64) = (a.parse().unwrap(), b.parse().unwrap());
        assert!((a - erf).abs() <= 1e-15 * erf.abs(), "erf({x}) = {a}, want {erf}");
        assert!((b - erfc).abs() <= 1e-13 * erfc.abs(), "erfc({y}) = {b}, want {erfc}");
    }
}

#[test]
fn softplus_is_recognised_and_stable() {
    let code = generate(&["ln(1 + exp(x))"], &Options::new(Lang::C)).unwrap();
    assert!(code.contains("f_softplus(x)") && !code.contains("log(1.0"), "{code}");
    assert!(code.contains("fmax(u, 0.0) + log1p(exp(-fabs(u)))"), "{code}");
}

#[test]
fn c_header_links_from_two_files() {
    let mut o = Options::new(Lang::C);
    o.header = true;
    o.dtype = Dtype::F32;
    o.name = "energy".to_string();
    let dir = common::scratch("c-header");
    std::fs::write(dir.join("energy.h"), generate(&["4*((1/r)^12 - (1/r)^6)"], &o).unwrap()).unwrap();
    std::fs::write(dir.join("a.c"), "#define ENERGY_IMPLEMENTATION\n#include \"energy.h\"\n").unwrap();
    std::fs::write(
        dir.join("b.c"),
        "#include \"energy.h\"\n#include \"energy.h\"\nint main(void)\n{\n    float g[1];\n    energy_grad(1.0f, g);\n    \
         return energy(1.0f) == 0.0f && g[0] == -24.0f ? 0 : 1;\n}\n",
    )
    .unwrap();
    let out = Command::new("cc")
        .args(["-std=c99", "-Wall", "-Wextra", "-Werror"])
        .arg(dir.join("a.c"))
        .arg(dir.join("b.c"))
        .arg("-o")
        .arg(dir.join("h"))
        .arg("-lm")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(Command::new(dir.join("h")).status().unwrap().success());
}
