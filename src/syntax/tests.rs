//! Unit tests of the parser: literals, precedence traps, implicit multiplication,
//! the natural notation (each form against its plain spelling), error wording, hints
//! that are valid input, and the nesting limit.

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
fn implicit_multiplication_by_whitespace_but_not_a_number_after_a_name() {
    assert!(parse("2x").is_ok());
    assert!(parse("(x+1)(x-1)").is_ok());
    assert!(parse("(x+1)y").is_ok());
    assert!(parse("2 sin(x)").is_ok());
    assert_eq!(parse("xy").unwrap(), Ast::Var("xy".into()));
    assert_eq!(parse("x y").unwrap(), Ast::Mul(vec![Ast::Var("x".into()), Ast::Var("y".into())]));
    let e = parse("x 2").unwrap_err();
    assert!(e.message.contains("expected an operator"), "{e:?}");
    let e = parse("x(y)").unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnknownFunction);
}

/// Asserts that `text` builds what `plain` builds, by both parsers: the same
/// expression in one store.
fn means(text: &str, plain: &str) {
    let mut store = crate::store::Store::new();
    let got = parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
    let by_grammar = parse_with_grammar(text, Limits::default()).unwrap_or_else(|e| panic!("{text}: {e:?}"));
    assert_eq!(got, by_grammar, "the parsers differ on {text}");
    let want = parse(plain).unwrap_or_else(|e| panic!("{plain}: {e:?}"));
    assert_eq!(got.lower(&mut store), want.lower(&mut store), "{text} is not {plain}");
}

#[test]
fn natural_notation_means_its_plain_form() {
    for (text, plain) in [
        ("x sin(x)", "x*sin(x)"),
        ("2x sin(x)", "2*x*sin(x)"),
        ("π x^2", "pi*x^2"),
        ("2 pi x", "2*pi*x"),
        ("a b", "a*b"),
        ("2πr", "2*pi*r"),
        ("rπ", "r*pi"),
        ("x²", "x^2"),
        ("x³", "x^3"),
        ("x⁻¹", "x^-1"),
        ("x²³", "x^23"),
        ("x⁺²", "x^2"),
        ("-x²", "-(x^2)"),
        ("2^x²", "2^(x^2)"),
        ("x²^3", "(x^2)^3"),
        ("(x+1)²", "(x+1)^2"),
        ("e^x", "exp(x)"),
        ("√x", "sqrt(x)"),
        ("√(x+1)", "sqrt(x+1)"),
        ("∛x", "cbrt(x)"),
        ("√x²", "sqrt(x^2)"),
        ("√2√3", "sqrt(2)*sqrt(3)"),
        ("2√x", "2*sqrt(x)"),
        ("|x|", "abs(x)"),
        ("|x - 1|^2", "abs(x-1)^2"),
        ("||x|-1|", "abs(abs(x)-1)"),
        ("|x|*|y|", "abs(x)*abs(y)"),
        ("2|x|", "2*abs(x)"),
        ("|x|y", "abs(x)*y"),
        ("sin 2|x|", "sin(2*abs(x))"),
        ("x·y×z", "x*y*z"),
        ("x−y", "x-y"),
        ("sin^2(x)", "sin(x)^2"),
        ("sin²(x)", "sin(x)^2"),
        ("sin^2 x", "sin(x)^2"),
        ("sin**2(x)", "sin(x)^2"),
        ("ln^2(x)", "ln(x)^2"),
        ("sin^-1(x)", "asin(x)"),
        ("sin⁻¹ x", "asin(x)"),
        ("cos^-1(x)", "acos(x)"),
        ("tan^−1 x", "atan(x)"),
        ("tanh^-1(x)", "atanh(x)"),
        ("sin x", "sin(x)"),
        ("ln x", "ln(x)"),
        ("sqrt x", "sqrt(x)"),
        ("sin 2x", "sin(2*x)"),
        ("sin 2πx", "sin(2*pi*x)"),
        ("sin x cos x", "sin(x)*cos(x)"),
        ("2 sin x cos x", "2*sin(x)*cos(x)"),
        ("sin x cos(x)", "sin(x)*cos(x)"),
        ("sin x^2", "sin(x^2)"),
        ("sin 2x^2", "sin(2*x^2)"),
        ("sin x + 1", "sin(x) + 1"),
        ("sin x/2", "sin(x)/2"),
        ("sin x*y", "sin(x)*y"),
        ("sin cos x", "sin(cos(x))"),
        ("2^sin x", "2^sin(x)"),
        ("-sin x", "-sin(x)"),
        ("sin |x|", "sin(abs(x))"),
        ("|sin x|", "abs(sin(x))"),
        ("sin(x) y", "sin(x)*y"),
        ("(sin x) y", "sin(x)*y"),
        ("pow(x, y)", "x^y"),
        ("sgn(x)", "sign(x)"),
        ("sgn x", "sign(x)"),
        ("nthroot(x, 1)", "x"),
        ("nthroot(x, 2)", "sqrt(x)"),
        ("nthroot(x, 3)", "cbrt(x)"),
        ("nthroot(x, 4)", "x^(1/4)"),
        ("nthroot(x, 5)", "sign(x)*abs(x)^(1/5)"),
    ] {
        means(text, plain);
    }
}

#[test]
fn ambiguous_and_unsupported_input_is_an_error() {
    for (text, message) in [
        ("sin x y", "is ambiguous"),
        ("sin 2x y", "is ambiguous"),
        ("sin 2 x", "is ambiguous"),
        ("sin x |y|", "is ambiguous"),
        ("sin x (y)", "x is not a function"),
        ("√x y", "is ambiguous"),
        ("sin^-2(x)", "a power of a function"),
        ("sin^0 x", "a power of a function"),
        ("ln^-1(x)", "no inverse function"),
        ("sin -x", "needs an argument"),
        ("sin", "needs an argument"),
        ("sin^2", "needs an argument"),
        ("atan2 x", "takes 2 arguments"),
        ("nthroot(x, 0)", "positive integer"),
        ("nthroot(x, y)", "positive integer"),
        ("x 2", "expected an operator between 'x' and '2'"),
        ("|x |y| z|", "is ambiguous"),
        ("|x| |y|", "is ambiguous"),
        ("|x|y|z|", "is ambiguous"),
        ("x|y|", "is ambiguous"),
        ("sin x|y|", "is ambiguous"),
        ("x⁻", "unexpected character '⁻'"),
        ("factorial(5)", "not supported yet"),
        ("max(x, y)", "not supported yet"),
        ("gamma(x)", "not supported yet"),
        ("floor(x)", "not supported yet"),
        ("x€", "unexpected character '€'"),
        ("2**", "after '**'"),
        ("2** *3", "after '**'"),
    ] {
        let e = parse(text).expect_err(text);
        assert!(e.message.contains(message), "{text}: {e:?}");
    }
    // A Greek letter spelled out is still a variable; only its call is refused.
    assert!(parse("gamma*x + beta").is_ok());
    assert!(parse("factorial(5)").unwrap_err().hint.as_deref().is_none_or(|h| !h.contains('*')));
}

/// Every hint that says "write ..." proposes valid input: each alternative after the
/// last "write " parses.
#[test]
fn every_hint_is_valid_input() {
    let mut checked = 0;
    for text in [
        "sin x y",
        "sin 2x y",
        "sin x^2 y",
        "sin cos x y",
        "√x y",
        "sin x |y|",
        "sin x (y)",
        "sin x 2",
        "sin^-2(x)",
        "sin^-3 x",
        "sin^0 x",
        "ln^-1(x)",
        "ln^-1 x",
        "sin",
        "sin^2",
        "√",
        "x 2",
        "π 2",
        "x .5",
        "x(y)",
        "x(y+1)",
        "pi(2)",
        "foo(x)",
        "nthroot(x, 0)",
        "nthroot(x+1, y)",
        "x^2 +",
        "|x| |y|",
        "",
    ] {
        let Err(e) = parse(text) else { panic!("{text} parses") };
        let Some(hint) = e.hint else { continue };
        let Some(at) = hint.rfind("write ") else { continue };
        for alternative in hint[at + "write ".len()..].split(" or ") {
            assert!(parse(alternative).is_ok(), "the hint of {text:?} proposes {alternative:?}, which does not parse");
            checked += 1;
        }
    }
    assert!(checked >= 30, "{checked}");
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
