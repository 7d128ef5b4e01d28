//! Random expressions for the property tests and the code generation tests: a small
//! syntax tree, its functions, literals and strategies, written out fully parenthesized.

#![allow(dead_code)]

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngSeed, TestRunner};

/// A generated expression.
#[derive(Clone, Debug)]
pub enum Gen {
    /// A literal as written, and its value.
    Num(&'static str, f64),
    Var(&'static str),
    Const(&'static str, f64),
    Neg(Box<Gen>),
    Bin(char, Box<Gen>, Box<Gen>),
    Call(&'static str, Vec<Gen>),
}

pub const VARS: [&str; 3] = ["x", "y", "z"];

/// Functions by name (aliases included) and arity.
const FUNCS: &[(&str, usize)] = &[
    ("sin", 1),
    ("cos", 1),
    ("tan", 1),
    ("cot", 1),
    ("sec", 1),
    ("csc", 1),
    ("asin", 1),
    ("acos", 1),
    ("atan", 1),
    ("acot", 1),
    ("asec", 1),
    ("acsc", 1),
    ("arcsin", 1),
    ("arctan", 1),
    ("atan2", 2),
    ("sinh", 1),
    ("cosh", 1),
    ("tanh", 1),
    ("coth", 1),
    ("sech", 1),
    ("csch", 1),
    ("asinh", 1),
    ("acosh", 1),
    ("atanh", 1),
    ("arsinh", 1),
    ("exp", 1),
    ("ln", 1),
    ("log", 1),
    ("log", 2),
    ("log2", 1),
    ("log10", 1),
    ("sqrt", 1),
    ("cbrt", 1),
    ("abs", 1),
    ("sign", 1),
    ("erf", 1),
    ("erfc", 1),
    ("sigmoid", 1),
    ("softplus", 1),
    ("relu", 1),
    ("heaviside", 1),
    ("acoth", 1),
    ("asech", 1),
    ("acsch", 1),
    ("arcoth", 1),
    ("expm1", 1),
    ("log1p", 1),
    ("exp2", 1),
    ("sinc", 1),
    ("hypot", 2),
    ("silu", 1),
    ("swish", 1),
    ("softsign", 1),
    ("gelu", 1),
    ("elu", 1),
];

const LITERALS: &[(&str, f64)] = &[
    ("0", 0.0),
    ("1", 1.0),
    ("2", 2.0),
    ("3", 3.0),
    ("10", 10.0),
    ("0.5", 0.5),
    (".25", 0.25),
    ("2.5", 2.5),
    ("1e-3", 1e-3),
    ("1.5E1", 15.0),
];

impl Gen {
    /// Fully parenthesized gradtape syntax.
    pub fn text(&self) -> String {
        match self {
            Gen::Num(t, _) | Gen::Var(t) | Gen::Const(t, _) => t.to_string(),
            Gen::Neg(a) => format!("(-{})", a.text()),
            Gen::Bin('p', a, b) => format!("({}**{})", a.text(), b.text()),
            Gen::Bin(op, a, b) => format!("({}{op}{})", a.text(), b.text()),
            Gen::Call(f, args) => {
                let args: Vec<String> = args.iter().map(Gen::text).collect();
                format!("{f}({})", args.join(", "))
            }
        }
    }
}

fn leaf(nvars: usize) -> BoxedStrategy<Gen> {
    prop_oneof![
        3 => (0..nvars).prop_map(|i| Gen::Var(VARS[i])),
        2 => prop::sample::select(LITERALS).prop_map(|(t, v)| Gen::Num(t, v)),
        1 => prop::sample::select(&[("pi", std::f64::consts::PI), ("π", std::f64::consts::PI), ("e", std::f64::consts::E)][..])
            .prop_map(|(t, v)| Gen::Const(t, v)),
    ]
    .boxed()
}

/// Small integer exponents mostly, so that values stay in range.
fn exponent(inner: BoxedStrategy<Gen>) -> BoxedStrategy<Gen> {
    prop_oneof![
        3 => prop::sample::select(&[("2", 2.0), ("3", 3.0), ("0.5", 0.5), ("1.5", 1.5)][..]).prop_map(|(t, v)| Gen::Num(t, v)),
        2 => prop::sample::select(&[("1", 1.0), ("2", 2.0), ("3", 3.0)][..])
            .prop_map(|(t, v)| Gen::Neg(Box::new(Gen::Num(t, v)))),
        1 => inner,
    ]
    .boxed()
}

pub fn expression(nvars: usize) -> BoxedStrategy<Gen> {
    leaf(nvars)
        .prop_recursive(4, 24, 3, |inner| {
            prop_oneof![
                4 => (prop::sample::select(&['+', '-', '*', '/'][..]), inner.clone(), inner.clone())
                    .prop_map(|(op, a, b)| Gen::Bin(op, Box::new(a), Box::new(b))),
                2 => (inner.clone(), exponent(inner.clone()), any::<bool>())
                    .prop_map(|(a, b, stars)| Gen::Bin(if stars { 'p' } else { '^' }, Box::new(a), Box::new(b))),
                1 => inner.clone().prop_map(|a| Gen::Neg(Box::new(a))),
                4 => (prop::sample::select(FUNCS), inner.clone(), inner.clone()).prop_map(|((f, n), a, b)| {
                    Gen::Call(f, if n == 1 { vec![a] } else { vec![a, b] })
                }),
            ]
        })
        .boxed()
}

/// `count` random expressions in up to three variables (x, y, z), the same for a
/// given seed.
pub fn random_expressions(count: usize, seed: u64) -> Vec<String> {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config { rng_seed: RngSeed::Fixed(seed), ..Config::default() };
    let mut runner = TestRunner::new_with_rng(
        config,
        proptest::test_runner::TestRng::from_seed(proptest::test_runner::RngAlgorithm::ChaCha, &bytes),
    );
    let strategy = (1..=3usize).prop_flat_map(expression);
    (0..count).map(|_| strategy.new_tree(&mut runner).expect("a tree").current().text()).collect()
}
