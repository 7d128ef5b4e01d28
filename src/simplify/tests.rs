//! Unit tests of the simplifier's internals: normal nodes, predicted costs, sign flips.

use super::candidates::Cand;
use super::normal::{is_normal_product, is_normal_sum};
use super::products::ProductShape;
use super::*;
use crate::diff::Differentiator;
use crate::limits::SIMPLIFY_MAX_FACTOR_DEPTH;
use crate::store::Constant;
use crate::syntax::parse_into;
use num_integer::Integer;

const INPUTS: &[&str] = &[
    "ln(sqrt(exp(x * 5^3)))",
    "(x + 1)^3*(2*x + 1)^(-1)*(x^2 + 3)*(x + 5)^5/(x^2 + 2)",
    "-2*tanh(x)*(1 - tanh(x)^2)*(1 - x)^3",
    "exp(sin(x))*x^2",
    "sin(x)^2*cos(x)^3 - (1 - x)^5/(x - 2)^3",
    "x^x",
    "2*x + 4*x*y - 6*(x - y)^3 + sqrt(x)*sqrt(2)*sqrt(2)",
    "atan(x/y) + sigmoid(x)*(exp(x) + 1) + x*sign(x)",
    "(x^2 - 1)/(x - 1) + 1/(x - 1) - 1/(x + 1)",
];

/// Every node reachable from the given roots.
fn reachable(s: &Store, roots: &[ExprId]) -> Vec<ExprId> {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut stack = roots.to_vec();
    let mut out = Vec::new();
    while let Some(i) = stack.pop() {
        if !seen.insert(i) {
            continue;
        }
        out.push(i);
        match s.node(i) {
            Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => stack.extend(xs.iter()),
            Node::Pow(b, e) => stack.extend([*b, *e]),
            _ => {}
        }
    }
    out
}

/// Derivatives of the inputs (orders 1 to 3) and their simplified forms.
fn corpus() -> (Store, Vec<ExprId>) {
    let mut s = Store::new();
    let mut roots = Vec::new();
    for text in INPUTS {
        let f = parse_into(&mut s, text).expect("the test input parses");
        let x = s.var("x");
        let mut d = Differentiator::new();
        let mut simplifier = Simplifier::new(Form::Auto);
        let mut e = f;
        for _ in 0..3 {
            e = d.diff(&mut s, e, x);
            roots.push(e);
            roots.push(simplifier.run(&mut s, e));
        }
    }
    (s, roots)
}

#[test]
fn normal_nodes_are_rebuilt_unchanged() {
    let (mut s, roots) = corpus();
    let (mut sums, mut products) = (0, 0);
    for id in reachable(&s, &roots) {
        match s.node(id).clone() {
            Node::Add(ts) if is_normal_sum(&s, &ts) => {
                sums += 1;
                assert_eq!(s.add(&ts), id, "{:?}", s.node(id));
            }
            Node::Mul(fs) if is_normal_product(&s, &fs) => {
                products += 1;
                assert_eq!(s.mul(&fs), id, "{:?}", s.node(id));
            }
            _ => {}
        }
    }
    assert!(sums > 20 && products > 20, "{sums} sums, {products} products");
}

#[test]
fn candidates_cost_what_was_predicted() {
    let (mut s, roots) = corpus();
    let mut simplifier = Simplifier::new(Form::Auto);
    let (mut foreseen, mut checked) = (0, 0);
    for a in reachable(&s, &roots) {
        if !matches!(s.node(a), Node::Add(_)) {
            continue;
        }
        let (e, f) = simplifier.polish(&mut s, a, SIMPLIFY_MAX_FACTOR_DEPTH);
        let (te, tf) = simplifier.together(&mut s, a).unwrap_or_default();
        for (k, c) in e.iter().chain(&f).chain(&te).chain(&tf) {
            foreseen += usize::from(!matches!(c, Cand::Built(_)));
            checked += 1;
            let id = simplifier.build(&mut s, c);
            assert_eq!(simplifier.cost(&s, id), *k, "{:?}", s.node(id));
        }
    }
    assert!(foreseen > 20 && checked > foreseen, "{foreseen} of {checked}");
}

#[test]
fn products_with_two_powers_of_one_base_are_not_normal() {
    let mut s = Store::new();
    let x = s.var("x");
    let e = s.constant(Constant::E);
    let (two, three) = (s.int(2), s.int(3));
    let (a, b) = (s.mul(&[two, x]), s.mul(&[three, x]));
    let (pa, pb) = (s.pow(e, a), s.pow(e, b));
    let mut fs = vec![x, pa, pb];
    fs.sort();
    assert!(!is_normal_product(&s, &fs));
    fs.retain(|&f| f != pb);
    assert!(is_normal_product(&s, &fs));
}

#[test]
fn predicted_sign_flips_lose() {
    let (mut s, roots) = corpus();
    let mut simplifier = Simplifier::new(Form::Auto);
    let (mut predicted, mut checked) = (0, 0);
    for m in reachable(&s, &roots) {
        let Node::Mul(fs) = s.node(m).clone() else { continue };
        for &f in fs.iter() {
            let (b, e) = s.split_pow(f);
            let odd = s.as_num(e).is_some_and(|q| q.is_integer() && q.numer().is_odd());
            if !odd || !matches!(s.node(b), Node::Add(_)) {
                continue;
            }
            let nb = s.neg(b);
            let nf = s.pow(nb, e);
            let shape = ProductShape::of(&s, m);
            let loses = simplifier.flip_loses(&s, m, &shape, b, e, nb, nf);
            let mut xs: Vec<ExprId> = fs.iter().copied().filter(|&x| x != f).collect();
            xs.push(nf);
            xs.push(s.int(-1));
            let cand = s.mul(&xs);
            checked += 1;
            if loses {
                predicted += 1;
                assert!(simplifier.cost(&s, cand) >= simplifier.cost(&s, m), "{:?}", s.node(m));
            }
        }
    }
    assert!(predicted > 10 && checked > predicted, "{predicted} of {checked}");
}
