//! Snapshots of whole `--format latex` runs, one file per case under
//! tests/snapshots/. CI renders every one of them with KaTeX and pdflatex
//! (tests/latex_render.sh), so a snapshot is also a rendering test.

use std::process::{Command, Stdio};

/// Runs gradtape; stdout, with the exit code when it is not 0.
fn latex_run(args: &[&str]) -> String {
    let out =
        Command::new(env!("CARGO_BIN_EXE_gradtape")).args(args).stdin(Stdio::null()).output().expect("gradtape runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    match out.status.code() {
        Some(0) => text,
        Some(code) => format!("{text}% exit code {code}\n"),
        None => format!("{text}% killed by a signal\n"),
    }
}

macro_rules! latex_snapshot {
    ($name:ident, $($arg:expr),+ $(,)?) => {
        #[test]
        fn $name() {
            let args = [$($arg),+];
            insta::assert_snapshot!(stringify!($name), latex_run(&args), &args.join(" "));
        }
    };
}

latex_snapshot!(gradient, "diff", "x^2+2*x*y+y^2", "--wrt", "x,y", "--at", "x=2,y=3", "--format", "latex");
latex_snapshot!(second_order_range, "diff", "x^3", "--order", "1..2", "--at", "x=2", "--format", "latex");
latex_snapshot!(quotient, "diff", "(x^2+1)/(x-1)", "--format", "latex");
latex_snapshot!(functions, "diff", "sin(x)^2*ln(x) + sqrt(x) + cbrt(x) + abs(x)", "--format", "latex");
latex_snapshot!(greek, "diff", "exp(-α*θ^2) + sigmoid(β*θ)", "--wrt", "θ", "--format", "latex");
latex_snapshot!(
    align_block,
    "diff",
    "x^2*y + sin(x*y)",
    "--order",
    "1..2",
    "--format",
    "latex",
    "--latex-env",
    "align"
);
latex_snapshot!(equation_env, "diff", "tanh(x)", "--format", "latex", "--latex-env", "equation");
latex_snapshot!(
    prime_notation,
    "diff",
    "x^4 + ln(x)",
    "--order",
    "1..4",
    "--format",
    "latex",
    "--latex-notation",
    "prime"
);
latex_snapshot!(cdot_and_log, "diff", "2*x*ln(x*y)", "--format", "latex", "--latex-mul", "cdot", "--latex-log", "log");
latex_snapshot!(times, "diff", "3*x*y*z", "--wrt", "x", "--format", "latex", "--latex-mul", "times");
latex_snapshot!(undefined_value, "diff", "sqrt(x)", "--at", "x=-1", "--format", "latex");
latex_snapshot!(float_value, "diff", "sin(x)", "--at", "x=1", "--format", "latex");
latex_snapshot!(hessian, "hessian", "x^3*y + y^2*z", "--wrt", "x,y,z", "--at", "x=1,y=2,z=3", "--format", "latex");
latex_snapshot!(hessian_align, "hessian", "exp(x*y)", "--format", "latex", "--latex-env", "align");
latex_snapshot!(
    jacobian,
    "jacobian",
    "r*cos(t)",
    "r*sin(t)",
    "--wrt",
    "r,t",
    "--at",
    "r=2,t=pi/2",
    "--format",
    "latex"
);
latex_snapshot!(jacobian_equation, "jacobian", "x*y", "x/y", "--format", "latex", "--latex-env", "equation");
latex_snapshot!(simplify, "simplify", "x + 2*x + (x+1)^2 - x^2", "--format", "latex");
latex_snapshot!(eval_point, "eval", "x^2*y", "--at", "x=1/2,y=3", "--format", "latex");
latex_snapshot!(
    hessian_values_matrix,
    "hessian",
    "x^3*y + y^2*z",
    "--wrt",
    "x,y,z",
    "--at",
    "x=1,y=2,z=3",
    "--format",
    "latex",
    "--latex-values-matrix",
    "--latex-env",
    "align"
);
latex_snapshot!(tall_parentheses, "diff", "sin(x/2) + abs(1/x) + (x + 1/x)^2 + sqrt(sqrt(x) + 1)", "--format", "latex");

/// `--latex-values-matrix` without a point, or with a format that is not LaTeX,
/// is a usage error, not a silent no-op.
#[test]
fn values_matrix_needs_a_point_and_latex() {
    for args in [
        &["hessian", "x*y", "--format", "latex", "--latex-values-matrix"][..],
        &["jacobian", "x*y", "--at", "x=1,y=2", "--latex-values-matrix"][..],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_gradtape")).args(args).stdin(Stdio::null()).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--latex-values-matrix"), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
latex_snapshot!(
    digits_in_values,
    "hessian",
    "exp(x*y)",
    "--at",
    "x=1/3,y=0.7",
    "--format",
    "latex",
    "--float",
    "--digits",
    "4",
    "--latex-values-matrix"
);
