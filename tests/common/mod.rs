//! Helpers shared by the code generation tests: random expressions, hand-picked
//! ones, random points, and gradtape's own values to compare with.

#![allow(dead_code)]

pub mod gen;

use std::path::PathBuf;

use gradtape::eval::tape::Tape;
use gradtape::pipeline::{self, Request, Task};
use gradtape::syntax::Limits;

/// Machine-learning and physics functions of x, y, z: losses, activations,
/// potentials, densities, test functions, and every built-in function.
pub const HAND_PICKED: &[&str] = &[
    "x^2 + 2*x*y + y^2",
    "exp(x*y)*sin(x) + exp(x*y)",
    "(x - y)^2",
    "ln(1 + exp(-y*x))",
    "-y*ln(sigmoid(x)) - (1 - y)*ln(1 - sigmoid(x))",
    "sqrt(1 + (x - y)^2) - 1",
    "softplus(x*y - z)",
    "sigmoid(x - y*z)",
    "tanh(x*y) + relu(x - y)",
    "x*sigmoid(x)",
    "0.5*x*(1 + erf(x/sqrt(2)))",
    "4*((1/x)^12 - (1/x)^6)",
    "4*z*((y/x)^12 - (y/x)^6)",
    "y*(1 - exp(-z*(x - 1)))^2",
    "x*y/z",
    "exp(-(x - y)^2/(2*z^2))/(z*sqrt(2*pi))",
    "(1 - x)^2 + 100*(y - x^2)^2",
    "abs(x - 1) + sign(y - 1)*z",
    "atan2(y, x) + atan2(1, z)",
    "erfc(x) + erf(y*z)",
    "cbrt(x*y - 2)",
    "log2(x^2 + 1) + log10(y^2 + 1) + log(z, 3)",
    "acot(x) + asec(y + 3) + acsc(z + 3)",
    "cot(x) + sec(y) + csc(z)",
    "coth(x + 3) + sech(y) + csch(z + 4)",
    "asinh(x) + acosh(y + 2) + atanh(z/3)",
    "asin(x/3) + acos(y/3) + atan(z)",
    "sinh(x) + cosh(y) + tan(z/2)",
    "8943/200000*x + 2*x - y/3",
    "x^y + y^(1/3)*z^(-2)",
    "relu(x*y)^2 - softplus(-z)",
    "acoth(x + 1) + asech(y/3) + acsch(z - 1)",
    "expm1(x) + log1p(y - 1) + exp2(z)",
    "sinc(x + 1) + hypot(x, y) + hypot(z, 2)",
    "silu(x) + softsign(y - 1) + gelu(z) + elu(x - y)",
    "z^x",
];

/// `n` points of three coordinates in [lo, hi], the same every run.
pub fn points(n: usize, seed: u64, lo: f64, hi: f64) -> Vec<[f64; 3]> {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n).map(|_| [0, 1, 2].map(|_| lo + (hi - lo) * next())).collect()
}

/// gradtape's values at each point: the value, the gradient by x, y, z and the
/// Hessian row-major (13 numbers; NaN where undefined), from the same
/// derivatives `gradtape diff` prints, run on its tape.
pub fn expected(expr: &str, at: &[[f64; 3]]) -> Option<Vec<Vec<f64>>> {
    let vars: Vec<String> = ["x", "y", "z"].map(String::from).to_vec();
    let request = Request {
        task: Task::Diff { wrt: Some(vars.clone()), orders: (0, 2) },
        point: None,
        table: None,
        limits: Limits::default(),
        jobs: 1,
        check: None,
    };
    let outcome = pipeline::run(&request, expr).ok()?;
    let find = |names: &[&str]| {
        let mut key: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        key.sort();
        outcome.derivatives.iter().find(|d| {
            let mut w = d.wrt.clone();
            w.sort();
            w == key
        })
    };
    let mut outputs = vec![find(&[])?.expr];
    for a in ["x", "y", "z"] {
        outputs.push(find(&[a])?.expr);
    }
    for a in ["x", "y", "z"] {
        for b in ["x", "y", "z"] {
            outputs.push(find(&[a, b])?.expr);
        }
    }
    let tape = Tape::compile(&outcome.store, &outputs, &vars).ok()?;
    let flat: Vec<f64> = at.iter().flatten().copied().collect();
    Some(tape.eval(&flat).chunks(13).map(<[f64]>::to_vec).collect())
}

/// True when `got` agrees with `want` within `tol` relative (absolute below 1),
/// or `want` is undefined, or both are the same infinity.
pub fn agrees(want: f64, got: f64, tol: f64) -> bool {
    if want.is_nan() {
        return true;
    }
    if want.is_infinite() || got.is_infinite() {
        return want == got || !want.is_finite() && got.is_nan();
    }
    (want - got).abs() <= tol * want.abs().max(got.abs()).max(1.0)
}

/// A fresh scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gradtape-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// The expressions of the compiled tests: hand-picked, then `random` random ones.
pub fn corpus(random: usize) -> Vec<String> {
    let mut all: Vec<String> = HAND_PICKED.iter().map(|s| s.to_string()).collect();
    all.extend(gen::random_expressions(random, 0x636f_6465_6765_6e21));
    all
}

/// gradtape run with `args` and colour off, `stdin` (when given) written to its
/// standard input; what it printed and its status.
pub fn run(args: &[&str], stdin: Option<&str>) -> std::process::Output {
    use std::process::{Command, Stdio};
    match stdin {
        // Colour is off on a pipe.
        Some(text) => run_with_stdin(args, text.as_bytes()),
        None => Command::new(env!("CARGO_BIN_EXE_gradtape"))
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .expect("gradtape runs"),
    }
}

/// gradtape run with `args`, `input` written to its standard input from another
/// thread (so that a large input cannot block it while gradtape writes), with
/// `NO_COLOR` unset; what it printed and its status.
pub fn run_with_stdin(args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_gradtape"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gradtape runs");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("gradtape ends");
    let _ = writer.join();
    out
}
