//! Unit tests of the parser: literals, precedence traps, implicit multiplication,
//! error wording and the nesting limit.

use super::*;
use crate::error::ErrorKind;
use crate::store::Rational;
use num_bigint::BigInt;

fn num(n: i64, d: i64) -> Ast {
    Ast::Num(Rational::new(BigInt::from(n), BigInt::from(d)))
}

#[test]
fn literals_are_exact() {
    assert_eq!(parse("2.5").unwrap(), num(5, 2));
    assert_eq!(parse(".5").unwrap(), num(1, 2));
    assert_eq!(parse("1e-3").unwrap(), num(1, 1000));
    assert_eq!(
        parse("6.02E23").unwrap(),
        Ast::Num(Rational::from_integer("602000000000000000000000".parse().unwrap()))
    );
}

#[test]
fn precedence_traps() {
    let x = || Box::new(Ast::Var("x".into()));
    assert_eq!(parse("-x^2").unwrap(), Ast::Neg(Box::new(Ast::Pow(x(), Box::new(num(2, 1))))));
    assert_eq!(
        parse("2^3^2").unwrap(),
        Ast::Pow(Box::new(num(2, 1)), Box::new(Ast::Pow(Box::new(num(3, 1)), Box::new(num(2, 1)))))
    );
    assert_eq!(parse("2^-x").unwrap(), Ast::Pow(Box::new(num(2, 1)), Box::new(Ast::Neg(x()))));
    assert_eq!(
        parse("1/2x").unwrap(),
        Ast::Mul(vec![num(1, 1), Ast::Recip(Box::new(num(2, 1))), Ast::Var("x".into())])
    );
}

#[test]
fn implicit_multiplication_only_after_number_or_paren() {
    assert!(parse("2x").is_ok());
    assert!(parse("(x+1)(x-1)").is_ok());
    assert!(parse("(x+1)y").is_ok());
    assert!(parse("2 sin(x)").is_ok());
    assert_eq!(parse("xy").unwrap(), Ast::Var("xy".into()));
    let e = parse("x y").unwrap_err();
    assert!(e.message.contains("expected an operator"), "{e:?}");
    let e = parse("x(y)").unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnknownFunction);
}

#[test]
fn errors_say_what_was_expected() {
    assert_eq!(parse("x +").unwrap_err().message, "expected an operand after '+'");
    assert_eq!(parse("(x + 1").unwrap_err().message, "unclosed '('");
    assert_eq!(parse("sine(x)").unwrap_err().message, "unknown function 'sine' — did you mean 'sin'?");
    assert_eq!(parse("atan2(x)").unwrap_err().kind, ErrorKind::Arity);
    assert_eq!(parse("x)").unwrap_err().message, "unmatched ')'");
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = format!("{}x{}", "(".repeat(5000), ")".repeat(5000));
    assert_eq!(parse(&deep).unwrap_err().kind, ErrorKind::Limit);
    let signs = format!("{}x", "-".repeat(10000));
    assert_eq!(parse(&signs).unwrap_err().kind, ErrorKind::Limit);
    let tower = vec!["x"; 10000].join("^");
    assert_eq!(parse(&tower).unwrap_err().kind, ErrorKind::Limit);
}

#[test]
fn each_parenthesis_and_call_counts_one_level() {
    let limits = Limits { max_depth: 10, ..Limits::default() };
    let nest = |open: &str, n: usize| format!("{}x{}", open.repeat(n), ")".repeat(n));
    assert!(parse_with(&nest("(", 9), limits).is_ok());
    assert_eq!(parse_with(&nest("(", 10), limits).unwrap_err().kind, ErrorKind::Limit);
    assert!(parse_with(&nest("sin(", 9), limits).is_ok());
    assert_eq!(parse_with(&nest("sin(", 10), limits).unwrap_err().kind, ErrorKind::Limit);
    assert!(parse_with(&format!("{}x", "-".repeat(9)), limits).is_ok());
    assert_eq!(parse_with(&format!("{}x", "-".repeat(10)), limits).unwrap_err().kind, ErrorKind::Limit);
}

#[test]
fn precedence_levels_are_loosest_first_with_signs_between_products_and_powers() {
    use super::precedence::{Infix, POWER, PRODUCT, SIGN, SUM};
    const { assert!(SUM < PRODUCT && PRODUCT < SIGN && SIGN < POWER) };
    assert!(Infix::Pow.inside_operand());
    assert!(!Infix::Juxtaposed.inside_operand());
    let x = || Box::new(Ast::Var("x".into()));
    let y = || Box::new(Ast::Var("y".into()));
    // Both parsers read the one table: the grammar path alone gives the same trees.
    for (text, tree) in [
        ("-x*y", Ast::Mul(vec![Ast::Neg(x()), Ast::Var("y".into())])),
        ("-x^y", Ast::Neg(Box::new(Ast::Pow(x(), y())))),
        ("x-y-x", Ast::Add(vec![Ast::Var("x".into()), Ast::Neg(y()), Ast::Neg(x())])),
    ] {
        assert_eq!(parse(text).unwrap(), tree, "{text}");
        assert_eq!(parse_with_grammar(text, Limits::default()).unwrap(), tree, "{text}");
    }
}
