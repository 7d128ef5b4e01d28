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
    compile_c(&file, &bin, "-O1");
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

/// Arguments for the sine and cosine: a spread over [-1e7, 1e7] dense near 0,
/// the neighbours of multiples of π/2, and the special values.
fn trig_arguments() -> Vec<f64> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut xs = Vec::new();
    for _ in 0..20_000 {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let u = (state >> 11) as f64 / (1u64 << 53) as f64;
        let sign = if state & 1 == 0 { 1.0 } else { -1.0 };
        xs.push(sign * u * 10f64.powf(u * 14.0 - 7.0));
    }
    for k in -300i32..300 {
        let m = f64::from(k) * std::f64::consts::FRAC_PI_2;
        xs.extend([m, f64::from_bits(m.to_bits() + 1), m * 3001.0]);
    }
    xs.extend([0.0, -0.0, 1e-300, 5e-324, 1e6, -1e6, 1e300, f64::INFINITY, f64::NEG_INFINITY, f64::NAN]);
    xs
}

/// The C target's own sine and cosine (double precision): within 2 units in the
/// last place of Rust's (the system library's), or 1e-16 next to a zero; equal to
/// the tape's batched kernel to one unit; NaN where the library gives NaN.
#[test]
fn c_sine_and_cosine_agree_with_the_library_and_the_tape() {
    let code = generate(&["sin(x) + cos(x)"], &Options::new(Lang::C)).unwrap();
    assert!(code.contains("return f_sin(x) + f_cos(x);"), "{code}");
    let xs = trig_arguments();
    let mut src = format!("#include <stdio.h>\n{code}\nstatic const double xs[] = {{\n");
    for x in &xs {
        let text = if x.is_nan() {
            "NAN".to_string()
        } else if x.is_infinite() {
            format!("{}INFINITY", if *x < 0.0 { "-" } else { "" })
        } else {
            format!("{x:?}")
        };
        writeln!(src, "    {text},").unwrap();
    }
    src.push_str("};\n\nint main(void)\n{\n    unsigned i;\n    (void)f;\n    (void)f_grad;\n");
    src.push_str("    for (i = 0; i < sizeof xs / sizeof xs[0]; i++) {\n        printf(\"%a %a\\n\", f_sin(xs[i]), f_cos(xs[i]));\n    }\n    return 0;\n}\n");
    let dir = scratch("c-trig");
    let file = dir.join("trig.c");
    std::fs::write(&file, src).unwrap();
    let bin = dir.join("trig");
    compile_c(&file, &bin, "-O2");
    let out = Command::new(&bin).output().expect("the program runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let got: Vec<(f64, f64)> = text
        .lines()
        .map(|l| {
            let mut w = l.split(' ').map(|h| hex_float(h).unwrap_or_else(|| panic!("not a number: {h}")));
            (w.next().unwrap(), w.next().unwrap())
        })
        .collect();
    assert_eq!(got.len(), xs.len());
    let (mut tape_sin, mut tape_cos) = (vec![0.0; xs.len()], vec![0.0; xs.len()]);
    gradtape::eval::fastmath::sin_cos_into(&mut tape_sin, &mut tape_cos, &xs);
    let ulps = |a: f64, b: f64| (a - b).abs() / (a.abs().max(b.abs()).max(f64::MIN_POSITIVE) * f64::EPSILON);
    let close =
        |a: f64, b: f64, n: f64| (a.is_nan() && b.is_nan()) || a == b || ulps(a, b) <= n || (a - b).abs() <= 1e-16;
    for (i, &x) in xs.iter().enumerate() {
        let (s, c) = got[i];
        assert!(close(s, x.sin(), 2.0) && close(c, x.cos(), 2.0), "sin, cos({x:e}) = {s:e}, {c:e}");
        assert!(close(s, tape_sin[i], 1.0) && close(c, tape_cos[i], 1.0), "sin, cos({x:e}): tape differs");
    }
}

/// A C99 `%a` hexadecimal float (`-0x1.8p+1`, `inf`, `nan`).
fn hex_float(text: &str) -> Option<f64> {
    let (negative, t) = text.strip_prefix('-').map_or((false, text), |t| (true, t));
    let v = match t {
        "inf" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            let t = t.strip_prefix("0x")?;
            let (mantissa, exp) = t.split_once('p')?;
            let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
            let mut m = u64::from_str_radix(int, 16).ok()? as f64;
            for (i, d) in frac.chars().enumerate() {
                m += f64::from(d.to_digit(16)?) / 16f64.powi(i as i32 + 1);
            }
            m * 2f64.powi(exp.parse().ok()?)
        }
    };
    Some(if negative { -v } else { v })
}

/// Compiles one C file into `bin` as a user would, warnings as errors.
fn compile_c(file: &std::path::Path, bin: &std::path::Path, optimization: &str) {
    let out = Command::new("cc")
        .args(["-std=c99", "-Wall", "-Wextra", "-Werror", optimization])
        .arg(file)
        .arg("-o")
        .arg(bin)
        .arg("-lm")
        .output()
        .expect("cc runs");
    assert!(out.status.success(), "cc failed:\n{}", String::from_utf8_lossy(&out.stderr));
}
