//! Generated C and Rust, compiled with warnings as errors and run: values,
//! gradients and Hessians agree with gradtape's own at random points, on
//! hand-picked and 1,000 random expressions, in one compilation per language.

mod common;

use std::fmt::Write as _;
use std::process::Command;

use common::{agrees, corpus, expected, points, scratch};
use gradtape::codegen::{generate, Dtype, Lang, Options};

/// Random expressions besides the hand-picked ones.
const RANDOM: usize = 1000;
const POINTS: usize = 3;

/// One expression's generated code, and gradtape's values at its points.
struct Case {
    name: String,
    code: String,
    at: Vec<[f64; 3]>,
    want: Vec<Vec<f64>>,
}

fn cases(lang: Lang, dtype: Dtype, exprs: &[String]) -> Vec<Case> {
    let mut out = Vec::new();
    for (i, e) in exprs.iter().enumerate() {
        let mut o = Options::new(lang);
        o.args = Some(["x", "y", "z"].map(String::from).to_vec());
        o.order = 2;
        o.dtype = dtype;
        o.name = format!("e{i}");
        let hand = i < common::HAND_PICKED.len();
        let at = if hand { points(POINTS, i as u64, 0.3, 2.3) } else { points(POINTS, i as u64, -2.5, 2.5) };
        let (Ok(code), Some(want)) = (generate(&[e], &o), expected(e, &at)) else {
            assert!(!hand, "{e}: no code");
            continue;
        };
        out.push(Case { name: o.name, code, at, want });
    }
    out
}

/// Runs a compiled program and reads one line of 13 numbers per case and point.
fn run(program: &std::path::Path) -> Vec<Vec<f64>> {
    let out = Command::new(program).output().expect("the program runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split_whitespace().map(|w| w.parse::<f64>().unwrap_or(f64::NAN)).collect())
        .collect()
}

fn compare(cases: &[Case], got: &[Vec<f64>], tol: f64, exprs: &[String]) {
    let mut rows = got.iter();
    let mut bad = Vec::new();
    let mut checked = 0;
    for (c, case) in cases.iter().enumerate() {
        for (p, want) in case.want.iter().enumerate() {
            let row = rows.next().expect("a row per point");
            for (k, (&w, &g)) in want.iter().zip(row).enumerate() {
                if !w.is_nan() {
                    checked += 1;
                }
                if !agrees(w, g, tol) {
                    bad.push(format!("case {c} output {k} at {:?}: want {w}, got {g}", case.at[p]));
                }
            }
        }
    }
    let _ = exprs;
    assert!(checked >= 10 * cases.len(), "only {checked} values compared");
    assert!(
        bad.is_empty(),
        "{} disagreements:\n{}",
        bad.len(),
        bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

fn c_program(cases: &[Case], dtype: Dtype) -> String {
    let t = if dtype == Dtype::F64 { "double" } else { "float" };
    let mut src = String::from("#include <stdio.h>\n");
    for c in cases {
        src.push_str(&c.code);
    }
    src.push_str(&format!("\nint main(void)\n{{\n    {t} g[3], h[9];\n    int k;\n"));
    for c in cases {
        let name = &c.name;
        for p in &c.at {
            let args = format!("{:?}, {:?}, {:?}", p[0], p[1], p[2]);
            writeln!(
                src,
                "    printf(\"%.17g \", (double){name}({args}));\n    {name}_grad({args}, g);\n    {name}_hessian({args}, h);\n    \
                 for (k = 0; k < 3; k++) printf(\"%.17g \", (double)g[k]);\n    for (k = 0; k < 9; k++) printf(\"%.17g \", (double)h[k]);\n    printf(\"\\n\");"
            )
            .unwrap();
        }
    }
    src.push_str("    return 0;\n}\n");
    src
}

fn compile_and_run_c(dtype: Dtype, random: usize, tol: f64) {
    let exprs = corpus(random);
    let cases = cases(Lang::C, dtype, &exprs);
    let dir = scratch(&format!("c-{dtype:?}"));
    let file = dir.join("all.c");
    std::fs::write(&file, c_program(&cases, dtype)).unwrap();
    let bin = dir.join("all");
    let out = Command::new("cc")
        .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-O1"])
        .arg(&file)
        .arg("-o")
        .arg(&bin)
        .arg("-lm")
        .output()
        .expect("cc runs");
    assert!(out.status.success(), "cc failed:\n{}", String::from_utf8_lossy(&out.stderr));
    compare(&cases, &run(&bin), tol, &exprs);
}

fn rust_program(cases: &[Case], dtype: Dtype) -> String {
    let mut src = String::new();
    for c in cases {
        src.push_str(&format!("mod {} {{\n{}}}\n\n", c.name, c.code));
    }
    let t = if dtype == Dtype::F64 { "f64" } else { "f32" };
    // One table row per case and point, one loop: a main of straight-line calls
    // takes rustc minutes.
    writeln!(src, "type Row = (fn({t}, {t}, {t}) -> {t}, fn({t}, {t}, {t}) -> [{t}; 3], fn({t}, {t}, {t}) -> [[{t}; 3]; 3], [{t}; 3]);").unwrap();
    src.push_str("const ROWS: &[Row] = &[\n");
    for c in cases {
        let i = &c.name;
        for p in &c.at {
            writeln!(src, "    ({i}::{i}, {i}::{i}_grad, {i}::{i}_hessian, [{:?}, {:?}, {:?}]),", p[0], p[1], p[2])
                .unwrap();
        }
    }
    src.push_str("];\n\nfn main() {\n    let mut out = String::new();\n    for (f, g, h, [x, y, z]) in ROWS {\n");
    src.push_str("        out.push_str(&format!(\"{:?} \", f(*x, *y, *z)));\n");
    src.push_str("        for v in g(*x, *y, *z) {\n            out.push_str(&format!(\"{v:?} \"));\n        }\n");
    src.push_str("        for r in h(*x, *y, *z) {\n            for v in r {\n                out.push_str(&format!(\"{v:?} \"));\n            }\n        }\n");
    src.push_str("        out.push('\\n');\n    }\n");
    src.push_str("    print!(\"{out}\");\n}\n");
    src
}

fn compile_and_run_rust(dtype: Dtype, random: usize, tol: f64) {
    let exprs = corpus(random);
    let cases = cases(Lang::Rust, dtype, &exprs);
    let dir = scratch(&format!("rust-{dtype:?}"));
    let file = dir.join("all.rs");
    std::fs::write(&file, rust_program(&cases, dtype)).unwrap();
    let bin = dir.join("all");
    let out = Command::new("rustc")
        .args(["--edition", "2021", "-D", "warnings", "-C", "opt-level=0"])
        .arg(&file)
        .arg("-o")
        .arg(&bin)
        .output()
        .expect("rustc runs");
    assert!(out.status.success(), "rustc failed:\n{}", String::from_utf8_lossy(&out.stderr));
    compare(&cases, &run(&bin), tol, &exprs);
}

#[test]
fn c_f64_agrees_with_gradtape() {
    compile_and_run_c(Dtype::F64, RANDOM, 1e-12);
}

#[test]
fn c_f32_agrees_with_gradtape() {
    compile_and_run_c(Dtype::F32, 0, 1e-5);
}

#[test]
fn rust_f64_agrees_with_gradtape() {
    compile_and_run_rust(Dtype::F64, RANDOM, 1e-12);
}

#[test]
fn rust_f32_agrees_with_gradtape() {
    compile_and_run_rust(Dtype::F32, 0, 1e-5);
}
