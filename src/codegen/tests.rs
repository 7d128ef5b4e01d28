//! Unit tests of code generation: literals, parentheses, powers, kinks, Jacobians.

use super::*;

fn c(expr: &str) -> String {
    generate(&[expr], &Options::new(Lang::C)).unwrap()
}

fn value_line(code: &str) -> String {
    code.lines().find(|l| l.trim_start().starts_with("return ")).unwrap_or_default().trim().to_string()
}

#[test]
fn literals_are_floats_of_the_dtype() {
    assert_eq!(value_line(&c("8943/200000*x")), "return 8943.0 * x / 200000.0;");
    let mut o = Options::new(Lang::Rust);
    o.dtype = Dtype::F32;
    let code = generate(&["2*x + 1/3"], &o).unwrap();
    assert!(code.contains("2.0_f32 * x + 0.33333334_f32"), "{code}");
    let mut o = Options::new(Lang::C);
    o.dtype = Dtype::F32;
    let code = generate(&["sin(x)^3"], &o).unwrap();
    assert!(code.contains("return powf(sinf(x), 3.0f);"), "{code}");
}

#[test]
fn parentheses_follow_precedence() {
    // SymPy #28776 printed (qy-py)*(qx-px) as -px + qx*-py + qy.
    assert_eq!(value_line(&c("(y - z)*(x - w)")), "return (y - z) * (x - w);");
    let code = generate(&["(x - y)^2/(x + y)"], &Options::new(Lang::Python)).unwrap();
    assert!(code.contains("return (x - y)**2 / (x + y)"), "{code}");
    assert_eq!(value_line(&c("-(x + y)")), "return -x - y;");
    assert_eq!(value_line(&c("x/(y*z)")), "return x / (y * z);");
}

#[test]
fn integer_powers_are_products_or_powi() {
    assert_eq!(value_line(&c("x^2 + y^3")), "return x * x + y * y * y;");
    let code = generate(&["x^2"], &Options::new(Lang::Rust)).unwrap();
    assert!(code.contains("f64::powi(x, 2)"), "{code}");
}

#[test]
fn kinks_use_the_conventions() {
    let code = generate(&["abs(x) + relu(y)"], &Options::new(Lang::C)).unwrap();
    // d/dx abs = sign, d/dy relu = heaviside: both 0 at 0.
    assert!(code.contains("out[0] = f_sign(x);") && code.contains("out[1] = f_heaviside(y);"), "{code}");
    assert!(code.contains("return u > 0.0 ? 1.0 : (u < 0.0 ? -1.0 : 0.0);"), "{code}");
    assert!(code.contains("return u > 0.0 ? 1.0 : 0.0;"), "{code}");
}

#[test]
fn several_expressions_give_a_jacobian() {
    let code = generate(&["x*y", "x + y"], &Options::new(Lang::C)).unwrap();
    assert!(code.contains("static void f(double x, double y, double *out)"), "{code}");
    assert!(code.contains("static void f_jacobian(double x, double y, double *out)"), "{code}");
    assert!(code.contains("out[3] = 1.0;"), "{code}");
}
