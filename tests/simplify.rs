//! Simplification laws (one per line, input → printed result) and properties:
//! simplifying keeps the value wherever the input is defined, in every form.

use gradtape::eval::{Evaluator, Point};
use gradtape::pipeline::{run, Request, Task};
use gradtape::render::text::to_text;
use gradtape::simplify::{cost, fractions_in_denominators, simplify, Form, Simplifier};
use gradtape::store::Store;
use gradtape::syntax::{parse_into, Limits};
use proptest::prelude::*;

/// The derivative as `gradtape diff` prints it.
fn derivative(expr: &str, wrt: &str, order: u32) -> String {
    let request = Request {
        task: Task::Diff { wrt: Some(vec![wrt.to_string()]), orders: (order, order) },
        point: None,
        table: None,
        limits: Limits::default(),
        jobs: 1,
        check: None,
    };
    let mut o = run(&request, expr).expect("the law's input parses");
    let d = o.derivatives[0].expr;
    to_text(&mut o.store, d)
}

/// The simplified expression as `gradtape simplify --form FORM` prints it.
fn simplified(expr: &str, form: Form) -> String {
    let request = Request {
        task: Task::Simplify { form },
        point: None,
        table: None,
        limits: Limits::default(),
        jobs: 1,
        check: None,
    };
    let mut o = run(&request, expr).expect("the law's input parses");
    to_text(&mut o.store, o.expr)
}

macro_rules! law {
    ($name:ident, d($e:expr, $v:expr), $want:expr) => {
        law!($name, d($e, $v, 1), $want);
    };
    ($name:ident, d($e:expr, $v:expr, $n:expr), $want:expr) => {
        #[test]
        fn $name() {
            assert_eq!(derivative($e, $v, $n), $want);
        }
    };
    ($name:ident, $form:ident, $e:expr, $want:expr) => {
        #[test]
        fn $name() {
            assert_eq!(simplified($e, Form::$form), $want);
        }
    };
}

// Quotients as one fraction over a factored denominator, no nested fractions.
law!(quotient_rule_one_fraction, d("(x^2+1)/(x-1)", "x"), "(x^2 - 2*x - 1)/(x - 1)^2");
law!(no_nested_fractions, d("atan(x/y)", "x"), "y/(x^2 + y^2)");
law!(denominator_cleared_at_one_more_operation, Auto, "(y - pi)/(x + pi/2)", "2*(y - pi)/(2*x + pi)");
law!(grouped_denominator_cleared, Auto, "x/(x*y^3 - x*(y + 1)/2)", "2*x/(2*x*y^3 - x*(y + 1))");
law!(abs_of_a_nonnegative_function, Auto, "2*abs(relu(x))", "2*relu(x)");
law!(abs_of_a_nonnegative_sum, Auto, "abs(x^2 + cosh(y) + sqrt(x)*exp(y))", "x^2 + sqrt(x)*exp(y) + cosh(y)");
law!(abs_of_an_unknown_sign_stays, Auto, "abs(x + relu(x))", "abs(x + relu(x))");
law!(abs_of_an_odd_power_stays, Auto, "abs(x^3*sigmoid(x))", "abs(x^3*sigmoid(x))");
law!(sign_of_a_positive_function, Auto, "sign(sigmoid(x)) + heaviside(exp(x) + x^2)", "2");
law!(sign_squared_beside_what_vanishes, Auto, "6*abs(x)*sign(x)^2", "6*abs(x)");
law!(sign_squared_beside_a_power, Auto, "y*x^3*sign(x)^4", "x^3*y");
law!(sign_squared_alone_stays, Auto, "y*sign(x)^2", "y*sign(x)^2");
law!(abs_times_sign, Auto, "abs(x)*sign(x)*y", "x*y");
law!(odd_power_of_sign, Auto, "sign(x)^3", "sign(x)");
law!(second_derivative_of_a_cubed_abs, d("abs(x)^3", "x", 2), "6*abs(x)");
law!(rational_cancels, d("(x^2+1)/(x^2-1)", "x"), "-4*x/(x^2 - 1)^2");
law!(rational_one_fraction, d("(x+1)^2/(x-1)^3", "x"), "(-x^2 - 6*x - 5)/(x - 1)^4");
law!(quotient_cancels, Auto, "(x^2 - 1)/(x - 1)", "x + 1");
law!(quotient_cancels_below, Auto, "(x - y)/(x^2 - y^2)", "1/(x + y)");
// Cancelling can make a longer text; the automatic form then keeps the input.
law!(cancel_only_where_shorter, Auto, "(x - y)/(x^3 - y^3)", "(x - y)/(x^3 - y^3)");
law!(cancel_when_factored, Factored, "(x - y)/(x^3 - y^3)", "1/(x^2 + x*y + y^2)");
// Common factors pulled out (documented rule: monomial and numeric content first).
law!(common_factor_exp, d("x^2*exp(x)", "x"), "x*exp(x)*(x + 2)");
law!(common_power_of_a_sum, d("x*(x+1)^3", "x"), "(x + 1)^2*(4*x + 1)");
law!(common_monomial, d("x^3 + x^4", "x"), "x^2*(4*x + 3)");
// Powers and roots merged.
law!(sqrt_derivative, d("sqrt(x)", "x"), "1/(2*sqrt(x))");
law!(three_halves, d("x^(3/2)", "x"), "3*sqrt(x)/2");
law!(roots_combine, d("sqrt(x^2 + 1) - 1", "x", 2), "1/(x^2 + 1)^(3/2)");
// Known identities.
law!(sigmoid_derivative, d("sigmoid(x)", "x"), "sigmoid(x)*(1 - sigmoid(x))");
law!(tanh_derivative, d("tanh(x)", "x"), "1 - tanh(x)^2");
law!(pythagoras, Auto, "sin(x)^2 + cos(x)^2", "1");
law!(pythagoras_hyperbolic, Auto, "cosh(2*x)^2 - sinh(2*x)^2", "1");
law!(ln_of_exp, Auto, "ln(exp(x + y))", "x + y");
law!(exp_of_ln, Auto, "exp(ln(x))", "x");
law!(inverse_functions, Auto, "cosh(acosh(x^2 + 2))", "x^2 + 2");
law!(shift_by_pi, Auto, "sin(y + pi) + cos(x + pi/2)", "-sin(x) - sin(y)");
law!(exp_softplus, Auto, "exp(softplus(x))", "exp(x) + 1");
law!(double_angle, d("sin(2*x)^2", "x"), "2*sin(4*x)");
// Signs of odd powers of sums flip with the coefficient where shorter, in
// products of any length.
law!(sign_flips_into_sum, Auto, "-2*tanh(x)*(1 - tanh(x)^2)", "2*tanh(x)*(tanh(x)^2 - 1)");
law!(sign_flips_among_many, Auto, "-x*y*(1-x)^3*(2-y)^(-1)*(3-z)^5", "x*y*(x - 1)^3*(3 - z)^5/(2 - y)");
// A raw derivative holding two powers of one base is merged, however it was built.
law!(powers_of_one_base_merge, d("ln(sqrt(exp(5^3*x)))", "x"), "125/2");
// Only rewrites valid on the whole domain.
law!(sqrt_of_square_stays, Auto, "sqrt(x^2)", "sqrt(x^2)");
law!(sqrt_derivative_sign, d("sqrt(x^2)", "x"), "sign(x)");
law!(abs_of_even_power, Auto, "abs(x^4) + abs(x)^2", "x^4 + x^2");
// High orders stay small.
law!(sixth_of_log, d("ln(1+x)", "x", 6), "-120/(x + 1)^6");
law!(tenth_of_x2_exp, d("x^2*exp(x)", "x", 10), "exp(x)*(x^2 + 20*x + 90)");
// The forms a user can ask for.
law!(form_expanded, Expanded, "x*(x+1)^2 + x", "x^3 + 2*x^2 + 2*x");
law!(form_factored, Factored, "x^3 + 2*x^2 + 2*x", "x*(x^2 + 2*x + 2)");
law!(form_auto_together, Auto, "1/(x-1) - 1/(x+1)", "2/((x - 1)*(x + 1))");
// Terms grouped by the factors they share, nested, where that is shorter; a
// polynomial is never nested (Horner form is not how it is written).
law!(
    grouped_by_shared_factors,
    Auto,
    "exp(x)*sin(x)*y + exp(x)*sin(x)*z + exp(x)*w + 1",
    "exp(x)*(w + sin(x)*(y + z)) + 1"
);
law!(grouped_partly, Auto, "2*x - x*y*sin(x*y) + cos(x*y)", "x*(2 - y*sin(x*y)) + cos(x*y)");
law!(polynomial_not_nested, Auto, "x^3 + x^2*y + x*y + 1", "x^3 + x^2*y + x*y + 1");
law!(
    expanded_form_not_grouped,
    Expanded,
    "exp(x)*sin(x)*y + exp(x)*sin(x)*z + exp(x)*w",
    "w*exp(x) + y*exp(x)*sin(x) + z*exp(x)*sin(x)"
);

#[test]
fn tenth_derivative_of_exp_sin_stays_small() {
    let text = derivative("exp(sin(x))", "x", 10);
    let mut s = Store::new();
    let id = parse_into(&mut s, &text).expect("printed text reads back");
    assert!(cost(&s, id) < 80, "{text}");
}

#[test]
fn output_is_deterministic() {
    let a = derivative("sin(x)*exp(x)/(x^2 + 1)", "x", 3);
    let b = derivative("sin(x)*exp(x)/(x^2 + 1)", "x", 3);
    assert_eq!(a, b);
}

#[test]
fn big_inputs_fall_back_quickly() {
    // A 3,000-term sum and a product of 50 rational factors: simplification
    // must stay bounded (the step budget and size limits) and keep the value.
    let sum: Vec<String> = (1..=3000).map(|i| format!("{i}*x^{}", i % 37)).collect();
    let prod: Vec<String> = (1..=50).map(|i| format!("(x + {i})/(x - {i})")).collect();
    for text in [sum.join(" + "), prod.join("*")] {
        let mut s = Store::new();
        let id = parse_into(&mut s, &text).expect("parses");
        let r = Simplifier::new(Form::Auto).run(&mut s, id);
        let point = point_at(0.37, 0.0);
        let (a, b) = (Evaluator::new(&point).float(&s, id), Evaluator::new(&point).float(&s, r));
        if let (Ok(a), Ok(b)) = (a, b) {
            assert!(close(a, b), "{a} vs {b}");
        }
    }
}

fn point_at(x: f64, y: f64) -> Point {
    let mut p = Point::default();
    p.float.insert("x".into(), x);
    p.float.insert("y".into(), y);
    p
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-7 * a.abs().max(b.abs()).max(1.0)
}

/// Random expressions in x and y over the operators and functions the
/// simplifier has rules for.
fn expr_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("x".to_string()),
        Just("y".to_string()),
        (1i32..5).prop_map(|n| n.to_string()),
        (1i32..4, 2i32..5).prop_map(|(n, d)| format!("({n}/{d})")),
        Just("pi".to_string()),
        Just("(x + pi/2)".to_string()),
        Just("(y - pi)".to_string()),
    ];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} + {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} - {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} * {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} / {b})")),
            (inner.clone(), -2i32..4).prop_map(|(a, n)| format!("({a})^({n})")),
            (inner.clone(), prop::sample::select(vec!["1/2", "3/2", "-1/2", "1/3"]))
                .prop_map(|(a, q)| format!("({a})^({q})")),
            (
                prop::sample::select(vec![
                    "sin",
                    "cos",
                    "tan",
                    "exp",
                    "ln",
                    "sqrt",
                    "atan",
                    "tanh",
                    "cosh",
                    "sinh",
                    "sigmoid",
                    "softplus",
                    "abs",
                    "asin",
                    "acos",
                    "acosh",
                    "asinh",
                    "sign",
                    "relu",
                    "heaviside",
                    "erfc"
                ]),
                inner
            )
                .prop_map(|(f, a)| format!("{f}({a})")),
        ]
    })
}

/// The value of the simplified form equals the input's, at every point where
/// the input is defined (and not so large that rounding dominates).
fn same_value(s: &Store, before: gradtape::store::ExprId, after: gradtape::store::ExprId, x: f64, y: f64) {
    let point = point_at(x, y);
    let Ok(a) = Evaluator::new(&point).float(s, before) else { return };
    if a.abs() > 1e6 {
        return;
    }
    let b = Evaluator::new(&point).float(s, after);
    match b {
        Ok(b) => assert!(close(a, b), "{a} vs {b} at x={x}, y={y}"),
        Err(why) => panic!("defined input ({a}) became undefined ({why}) at x={x}, y={y}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn simplifying_keeps_the_value(
        text in expr_text(),
        x in prop::sample::select(vec![-2.3, -1.7, -0.6, 0.35, 0.8, 1.45, 2.6]),
        y in prop::sample::select(vec![-1.9, -0.45, 0.55, 1.3, 3.1]),
    ) {
        let mut s = Store::new();
        let Ok(id) = parse_into(&mut s, &text) else { return Ok(()) };
        for form in [Form::Auto, Form::Expanded, Form::Factored] {
            let r = simplify(&mut s, id, form);
            same_value(&s, id, r, x, y);
        }
    }

    #[test]
    fn simplified_derivatives_keep_the_value(
        text in expr_text(),
        x in prop::sample::select(vec![-2.3, -0.6, 0.35, 1.45, 2.6]),
        y in prop::sample::select(vec![-0.45, 1.3]),
    ) {
        let mut s = Store::new();
        let Ok(id) = parse_into(&mut s, &text) else { return Ok(()) };
        let v = s.var("x");
        let mut d = gradtape::diff::Differentiator::new();
        let raw = d.diff(&mut s, id, v);
        let r = simplify(&mut s, raw, Form::Auto);
        same_value(&s, raw, r, x, y);
        // Second derivatives have the longer sums that grouping rewrites.
        let raw2 = d.diff(&mut s, raw, v);
        let r2 = simplify(&mut s, raw2, Form::Auto);
        same_value(&s, raw2, r2, x, y);
    }

    #[test]
    fn auto_is_never_costlier(text in expr_text()) {
        let mut s = Store::new();
        let Ok(id) = parse_into(&mut s, &text) else { return Ok(()) };
        let r = simplify(&mut s, id, Form::Auto);
        // Except by one operation for each fraction it clears out of a denominator
        // (`(y - pi)/(x + pi/2)` is `2*(y - pi)/(2*x + pi)`).
        let cleared = fractions_in_denominators(&s, id).saturating_sub(fractions_in_denominators(&s, r));
        prop_assert!(cost(&s, r) <= cost(&s, id) + cleared, "{} is costlier", gradtape::render(&mut s, r));
    }
}

/// Random products and calls of signs and kinks, in x and y.
fn kink_text() -> impl Strategy<Value = String> {
    let arg = prop::sample::select(vec!["x", "x - y", "x*y", "x^2", "relu(x)", "abs(y)", "exp(x)", "x^3"]);
    let factor = (prop::sample::select(vec!["sign", "abs", "relu", "heaviside", ""]), arg, 1..5u32)
        .prop_map(|(f, a, n)| if f.is_empty() { format!("({a})^{n}") } else { format!("{f}({a})^{n}") });
    (prop::collection::vec(factor, 1..4), prop::sample::select(vec!["", "abs", "sign", "heaviside"]))
        .prop_map(|(fs, outer)| format!("{outer}({})", fs.join("*")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// The sign rules hold at the kinks too (x or y exactly 0), where they are most
    /// easily wrong.
    #[test]
    fn sign_rules_keep_the_value_at_kinks(
        text in kink_text(),
        x in prop::sample::select(vec![-1.5, -0.5, 0.0, 0.75, 2.0]),
        y in prop::sample::select(vec![-1.25, 0.0, 0.5]),
    ) {
        let mut s = Store::new();
        let id = parse_into(&mut s, &text).expect("a kink expression parses");
        let r = simplify(&mut s, id, Form::Auto);
        same_value(&s, id, r, x, y);
        let v = s.var("x");
        let mut d = gradtape::diff::Differentiator::new();
        let dx = d.diff(&mut s, id, v);
        let r = simplify(&mut s, dx, Form::Auto);
        same_value(&s, dx, r, x, y);
    }
}

/// Every partial of a function built on one sum shows that sum (or its negation)
/// as a factor, in the same form as its siblings: ∂/∂b of `(w*x + b - y)^2` is
/// `2*(w*x + b - y)` like ∂/∂w's `2*x*(w*x + b - y)`.
#[test]
fn sibling_partials_keep_the_shared_factor() {
    for (f, shared) in [
        ("(w*x + b - y)^2", "w*x + b - y"),
        ("(a*x^2 + b*x + c - y)^2", "a*x^2 + b*x + c - y"),
        ("(w*x + b - y)^4/4", "w*x + b - y"),
        ("k*(x - l)^2/2", "x - l"),
        ("m*g*h + m*(v - u)^2/2", "v - u"),
        ("sqrt((x1 - x2)^2 + (y1 - y2)^2)", "x1 - x2"),
        ("exp(-(x - m)^2/(2*s^2))", "x - m"),
        ("(x + y + z)^2", "x + y + z"),
        ("q*(p1*x1 + p2*x2 - c)^2", "p1*x1 + p2*x2 - c"),
    ] {
        let mut s = Store::new();
        let plus = parse_into(&mut s, shared).expect("the sum parses");
        let minus = s.neg(plus);
        let forms = [format!("({})", gradtape::render(&mut s, plus)), format!("({})", gradtape::render(&mut s, minus))];
        let request = Request {
            task: Task::Diff { wrt: None, orders: (1, 1) },
            point: None,
            table: None,
            limits: Limits::default(),
            jobs: 1,
            check: None,
        };
        let mut o = run(&request, f).expect("the function parses");
        let sum = parse_into(&mut o.store, shared).expect("the sum parses");
        let vars_of_sum = o.store.free_vars(sum);
        let partials: Vec<(Vec<String>, gradtape::store::ExprId)> =
            o.derivatives.iter().map(|d| (d.wrt.clone(), d.expr)).collect();
        for (wrt, d) in partials {
            // Only the partials by a variable of the sum carry it.
            if !wrt.iter().any(|v| vars_of_sum.contains(v)) {
                continue;
            }
            let text = gradtape::render(&mut o.store, d);
            assert!(
                forms.iter().any(|p| text.contains(p.as_str())),
                "∂/∂{wrt:?} of {f} is {text}, without {}",
                forms[0]
            );
        }
    }
}
