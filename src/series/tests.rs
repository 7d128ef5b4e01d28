//! The series against known expansions, and against the function at small offsets.

use super::*;
use crate::syntax::parse_into;

/// The series of `src` in x around `a` to degree `n`, as "c0 | c1 | ..." from the
/// lowest power, with the lowest power first.
fn coefficients(src: &str, a: &str, n: u32) -> (i64, Vec<String>) {
    let mut s = Store::new();
    let e = parse_into(&mut s, src).unwrap();
    let x = s.var("x");
    let a = parse_into(&mut s, a).unwrap();
    let r = expand(&mut s, e, &[x], &[a], n).unwrap();
    let low = r.terms.first().map_or(0, |t| t.powers[0].min(0));
    let mut out = Vec::new();
    for k in low..=i64::from(n) {
        let c = r.terms.iter().find(|t| t.powers[0] == k).map(|t| t.coefficient);
        out.push(match c {
            Some(c) => crate::render::text::to_text(&mut s, c),
            None => "0".to_string(),
        });
    }
    (low, out)
}

fn error_of(src: &str, a: &str) -> String {
    let mut s = Store::new();
    let e = parse_into(&mut s, src).unwrap();
    let x = s.var("x");
    let a = parse_into(&mut s, a).unwrap();
    let err = expand(&mut s, e, &[x], &[a], 5).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NoSeries, "{}", err.message);
    err.message
}

#[test]
fn elementary_functions_at_zero() {
    assert_eq!(coefficients("exp(x)", "0", 4).1, ["1", "1", "1/2", "1/6", "1/24"]);
    assert_eq!(coefficients("sin(x)", "0", 5).1, ["0", "1", "0", "-1/6", "0", "1/120"]);
    assert_eq!(coefficients("cos(x)", "0", 4).1, ["1", "0", "-1/2", "0", "1/24"]);
    assert_eq!(coefficients("tan(x)", "0", 5).1, ["0", "1", "0", "1/3", "0", "2/15"]);
    assert_eq!(coefficients("ln(1+x)", "0", 4).1, ["0", "1", "-1/2", "1/3", "-1/4"]);
    assert_eq!(coefficients("atan(x)", "0", 5).1, ["0", "1", "0", "-1/3", "0", "1/5"]);
    assert_eq!(coefficients("asin(x)", "0", 5).1, ["0", "1", "0", "1/6", "0", "3/40"]);
    assert_eq!(coefficients("sqrt(1+x)", "0", 3).1, ["1", "1/2", "-1/8", "1/16"]);
    assert_eq!(coefficients("1/(1-x)", "0", 3).1, ["1", "1", "1", "1"]);
    assert_eq!(coefficients("exp(sin(x))", "0", 4).1, ["1", "1", "1/2", "0", "-1/8"]);
    assert_eq!(coefficients("tanh(x)", "0", 5).1, ["0", "1", "0", "-1/3", "0", "2/15"]);
    assert_eq!(coefficients("cbrt(1+x)", "0", 2).1, ["1", "1/3", "-1/9"]);
    assert_eq!(coefficients("sigmoid(x)", "0", 3).1, ["1/2", "1/4", "0", "-1/48"]);
    assert_eq!(coefficients("2^x", "0", 2).1, ["1", "ln(2)", "ln(2)^2/2"]);
    assert_eq!(coefficients("x^x", "1", 2).1, ["1", "1", "1"]);
}

#[test]
fn poles_give_laurent_series() {
    let (low, cs) = coefficients("1/sin(x)", "0", 4);
    assert_eq!(low, -1);
    assert_eq!(cs, ["1", "0", "1/6", "0", "7/360", "0"]);
    let (low, cs) = coefficients("cot(x)", "0", 1);
    assert_eq!((low, cs), (-1, vec!["1".to_string(), "0".into(), "-1/3".into()]));
    let (low, cs) = coefficients("1/x^2 + x", "0", 1);
    assert_eq!((low, cs), (-2, vec!["1".to_string(), "0".into(), "0".into(), "1".into()]));
    let (low, _) = coefficients("tan(x)", "pi/2", 1);
    assert_eq!(low, -1);
}

#[test]
fn removable_singularities_cancel() {
    assert_eq!(coefficients("sin(x)/x", "0", 4).1, ["1", "0", "-1/6", "0", "1/120"]);
    assert_eq!(coefficients("(exp(x) - 1)/x", "0", 2).1, ["1", "1/2", "1/6"]);
    assert_eq!(coefficients("(1 - cos(x))/x^2", "0", 2).1, ["1/2", "0", "-1/24"]);
}

#[test]
fn symbolic_points_and_abstract_functions() {
    assert_eq!(coefficients("exp(x)", "a", 2).1, ["exp(a)", "exp(a)", "exp(a)/2"]);
    assert_eq!(coefficients("f(x)", "a", 2).1, ["f(a)", "f'(a)", "f''(a)/2"]);
    assert_eq!(coefficients("f(x^2)", "0", 4).1, ["f(0)", "0", "f'(0)", "0", "f''(0)/2"]);
    assert_eq!(coefficients("sin(x)", "pi/6", 1).1, ["1/2", "sqrt(3)/2"]);
}

#[test]
fn singular_points_are_refused() {
    assert!(error_of("sqrt(x)", "0").contains("branch point"));
    assert!(error_of("ln(x)", "0").contains("ln(x)"));
    assert!(error_of("exp(1/x)", "0").contains("essential"));
    assert!(error_of("abs(x)", "0").contains("not smooth"));
    assert!(error_of("atanh(x)", "1").contains("atanh(x)"));
    assert!(error_of("asin(x)", "1").contains("branch point"));
    assert!(error_of("ln(x)", "-1").contains("undefined"));
    assert!(error_of("acot(x)", "0").contains("not smooth"));
}

#[test]
fn several_variables_by_total_degree() {
    let mut s = Store::new();
    let e = parse_into(&mut s, "exp(x)*sin(y)").unwrap();
    let (x, y) = (s.var("x"), s.var("y"));
    let zero = s.zero();
    let r = expand(&mut s, e, &[x, y], &[zero, zero], 3).unwrap();
    let shown: Vec<String> = r
        .terms
        .iter()
        .map(|t| format!("{:?}:{}", t.powers, crate::render::text::to_text(&mut s, t.coefficient)))
        .collect();
    assert_eq!(shown, ["[0, 1]:1", "[1, 1]:1", "[2, 1]:1/2", "[0, 3]:-1/6"]);
}

/// A row expanded as the integral of its derivative must not have itself in the
/// derivative: the expansion would recurse without end.
#[test]
fn integral_rows_have_derivatives_free_of_themselves() {
    for def in crate::func::FUNCS.iter() {
        if !matches!(def.expansion, crate::func::Expansion::Integral { .. }) {
            continue;
        }
        let mut s = Store::new();
        let args: Vec<ExprId> = (0..def.arity).map(|i| s.var(&format!("u{i}"))).collect();
        for i in 0..def.arity {
            let d = (def.derivative)(&mut s, &args, i);
            let text = crate::render::text::to_text(&mut s, d);
            assert!(!calls(&s, d, def.func), "{}: {text}", def.name);
        }
    }
}

/// True when `id` contains a call of `f`.
fn calls(s: &Store, id: ExprId, f: crate::func::Func) -> bool {
    match s.node(id) {
        Node::Call(g, xs) => *g == f || xs.iter().any(|&x| calls(s, x, f)),
        Node::Add(xs) | Node::Mul(xs) | Node::Apply(_, xs) => xs.iter().any(|&x| calls(s, x, f)),
        Node::Pow(b, e) => calls(s, *b, f) || calls(s, *e, f),
        Node::Num(_) | Node::Var(_) | Node::Const(_) => false,
    }
}
