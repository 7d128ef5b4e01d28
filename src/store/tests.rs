//! Unit tests of the store: interning, the grouping index, undefined products,
//! and the known values against the float functions.

use num_bigint::BigInt;
use num_traits::Signed;

use super::arena::Marks;
use super::*;
use crate::func::Func;

#[test]
fn zero_over_zero_stays_undefined() {
    let mut s = Store::new();
    let zero = s.zero();
    let inv = s.recip(zero);
    let q = s.mul(&[zero, inv]);
    assert!(s.is_division_by_zero(q), "0/0 must not fold to 0");
    let x = s.var("x");
    assert_eq!(s.mul(&[zero, x]), zero);
}

/// Equal numbers, names and nodes get one id however they are built.
#[test]
fn interning_finds_equal_nodes() {
    let mut s = Store::new();
    assert_eq!(s.frac(2, 4), s.frac(1, 2));
    assert_eq!(s.frac(1, -2), s.frac(-1, 2));
    assert_eq!(s.frac(6, 3), s.int(2));
    assert_eq!(s.frac(i64::MIN, -1), s.num(Rational::from_integer(BigInt::from(i64::MIN).abs())));
    let big = Rational::new(BigInt::from(3).pow(50u32), BigInt::from(2).pow(70u32));
    let (b1, b2) = (s.num(big.clone()), s.num(big.clone()));
    assert_eq!(b1, b2);
    assert_eq!(s.as_num(b1), Some(&big));
    let x = s.var("x");
    assert_eq!(s.var("x"), x);
    assert_ne!(s.var("y"), x);
    let two = s.int(2);
    let p = s.mul(&[two, x]);
    let sum = s.add(&[p, x]);
    let three = s.int(3);
    assert_eq!(sum, s.mul(&[x, three]));
    let len = s.len();
    let again = s.add(&[x, p]);
    assert_eq!(again, sum);
    assert_eq!(s.len(), len, "rebuilding an existing node must not store it again");
}

/// Many like terms and factors (past the linear scan) merge as few do.
#[test]
fn many_like_terms_merge() {
    let mut s = Store::new();
    let vars: Vec<ExprId> = (0..20).map(|i| s.var(&format!("v{i}"))).collect();
    let mut terms = vars.clone();
    terms.extend(vars.iter().rev());
    let two = s.int(2);
    let doubled: Vec<ExprId> = vars.iter().map(|&v| s.mul(&[two, v])).collect();
    assert_eq!(s.add(&terms), s.add(&doubled));
    let squared: Vec<ExprId> = vars.iter().map(|&v| s.powi(v, 2)).collect();
    assert_eq!(s.mul(&terms), s.mul(&squared));
}

/// Marks from an earlier pass, or from before the stamps went round, are gone.
#[test]
fn marks_forget_earlier_passes() {
    let mut m = Marks::default();
    m.start();
    m.set(ExprId::at(5), 3);
    assert_eq!(m.get(ExprId::at(5)), Some(3));
    assert_eq!(m.get(ExprId::at(4)), None);
    m.start();
    assert_eq!(m.get(ExprId::at(5)), None);
    // A mark of pass 1 must not look current when the stamps come round to 1.
    m.pass = 0;
    m.start();
    m.set(ExprId::at(7), 1);
    m.pass = u32::MAX;
    m.start();
    assert_eq!(m.pass, 1);
    assert_eq!(m.get(ExprId::at(7)), None);
}

/// Every exact value the store folds must agree with the float function, and the
/// inverse functions fold at the standard table's roots (asin(sqrt(2)/2) = pi/4).
#[test]
fn folded_values_match_floats() {
    let mut s = Store::new();
    let fs = [
        Func::Sin,
        Func::Cos,
        Func::Tan,
        Func::Cot,
        Func::Sec,
        Func::Csc,
        Func::Asin,
        Func::Acos,
        Func::Atan,
        Func::Acot,
        Func::Asec,
        Func::Acsc,
        Func::Ln,
        Func::Log2,
        Func::Log10,
        Func::Cbrt,
        Func::Abs,
        Func::Sign,
        Func::Relu,
        Func::Heaviside,
        Func::Sigmoid,
    ];
    let pi = std::f64::consts::PI;
    let mut args: Vec<(ExprId, f64)> = Vec::new();
    for (n, d) in [(0, 1), (1, 2), (-1, 2), (1, 1), (-1, 1), (2, 1), (-2, 1), (8, 1), (-27, 8), (1, 1000)] {
        args.push((s.frac(n, d), n as f64 / d as f64));
    }
    // ±k*sqrt(r): the inverse functions' arguments at 30, 45 and 60 degrees and others.
    for (n, d) in [(1, 2), (-1, 2), (1, 3), (-1, 3), (1, 1), (-1, 1), (2, 3), (1, 5)] {
        for r in [2, 3, 5] {
            let k = s.frac(n, d);
            let radicand = s.int(r);
            let root = s.sqrt(radicand);
            args.push((s.mul(&[k, root]), n as f64 / d as f64 * (r as f64).sqrt()));
        }
    }
    for k in -24..=24 {
        let c = s.frac(k, 12);
        let p = s.constant(Constant::Pi);
        args.push((s.mul(&[c, p]), k as f64 / 12.0 * pi));
    }
    let empty = crate::eval::Point::default();
    for f in fs {
        for &(a, x) in &args {
            let Ok(want) = f.eval(&[x]) else { continue };
            if want.abs() > 1e12 {
                continue; // a pole hit only up to rounding
            }
            let folded = s.call(f, &[a]);
            let got = crate::eval::Evaluator::new(&empty).float(&s, folded);
            let got = got.unwrap_or(f64::NAN);
            assert!((got - want).abs() <= 1e-12 * want.abs().max(1.0), "{f}({x}) folded to {got}, want {want}");
        }
    }
}

/// Exact roots follow the store's exact-number limit: raised past the default, the
/// square root of a perfect square of 70,000 bits is exact.
#[test]
fn exact_roots_honour_the_store_limit() {
    let root = BigInt::from(3).pow(22_000u32);
    let square = &root * &root;
    assert!(square.bits() > crate::limits::DEFAULT_MAX_EXACT_BITS);
    let mut s = Store::with_limits(&Limits { max_exact_bits: 200_000, ..Limits::default() });
    let n = s.num(Rational::from_integer(square));
    let r = s.sqrt(n);
    assert_eq!(s.as_num(r), Some(&Rational::from_integer(root)));
    assert_eq!(s.exceeded(), None);
}

/// A root of a fraction keeps its value and leaves no root in a denominator:
/// (n/d)^(p/q) is (n*d^(q-1))^(p/q)/d^p, for every small fraction and root.
#[test]
fn roots_of_fractions_have_no_root_below() {
    let mut s = Store::new();
    for n in 1..=12i64 {
        for d in 2..=12i64 {
            for (p, q) in [(1, 2), (1, 3), (2, 3), (1, 4), (3, 4), (-1, 2), (-2, 3)] {
                let b = s.frac(n, d);
                let e = s.frac(p, q);
                let r = s.pow(b, e);
                let want = (n as f64 / d as f64).powf(p as f64 / q as f64);
                let empty = crate::eval::Point::default();
                let got = crate::eval::Evaluator::new(&empty).float(&s, r);
                let got = got.expect("a root of a positive number has a value");
                assert!((got - want).abs() <= 1e-14 * want, "({n}/{d})^({p}/{q}) = {got}, not {want}");
                // Every power of a number left in the result has an integer base.
                let mut stack = vec![r];
                while let Some(id) = stack.pop() {
                    match s.node(id).clone() {
                        Node::Pow(base, exp) => {
                            if let Some(v) = s.as_num(base) {
                                assert!(v.is_integer(), "({n}/{d})^({p}/{q}) leaves {v} under a root");
                            }
                            stack.extend([base, exp]);
                        }
                        Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => {
                            stack.extend(xs.iter())
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

/// The inverse functions at roots of the standard table are multiples of pi.
#[test]
fn inverse_functions_fold_at_table_roots() {
    let mut s = Store::new();
    let cases: [(Func, i64, i64, i64, i64, i64); 8] = [
        // f(n/d * sqrt(r)) = (pn/pd)*pi
        (Func::Asin, 1, 2, 2, 1, 4),
        (Func::Asin, -1, 2, 3, -1, 3),
        (Func::Acos, 1, 2, 3, 1, 6),
        (Func::Acos, -1, 2, 2, 3, 4),
        (Func::Atan, 1, 1, 3, 1, 3),
        (Func::Atan, -1, 3, 3, -1, 6),
        (Func::Acot, 1, 1, 3, 1, 6),
        (Func::Acsc, -1, 1, 2, -1, 4),
    ];
    for (f, n, d, r, pn, pd) in cases {
        let k = s.frac(n, d);
        let radicand = s.int(r);
        let root = s.sqrt(radicand);
        let a = s.mul(&[k, root]);
        let got = s.call(f, &[a]);
        let c = s.frac(pn, pd);
        let pi = s.constant(Constant::Pi);
        let want = s.mul(&[c, pi]);
        assert_eq!(got, want, "{f}({n}/{d}*sqrt({r}))");
    }
}

/// A store made after another was dropped (and took over its buffers) is as new:
/// the same ids for the same nodes, nothing of the old one found again.
#[test]
fn a_store_after_a_dropped_one_is_new() {
    let fresh_ids = |s: &mut Store| {
        let x = s.var("x");
        let two = s.int(2);
        let sq = s.pow(x, two);
        let y = s.var("y");
        let sum = s.add(&[sq, y, two]);
        (x, y, sq, sum, s.len())
    };
    let expected = fresh_ids(&mut Store::new());
    {
        let mut old = Store::new();
        for k in 0..200 {
            let v = old.var(&format!("v{k}"));
            let c = old.int(k + 3);
            let p = old.mul(&[v, c]);
            let _ = old.add(&[p, v]);
        }
    }
    let mut s = Store::new();
    assert_eq!(s.len(), Store::new().len(), "a reused store starts with the fixed numbers only");
    let ids = fresh_ids(&mut s);
    assert_eq!(ids, expected);
    // Its sums and products hold their own operands in the child lists they took over.
    let (x, y, sq, sum, _) = ids;
    let two = s.int(2);
    let Node::Add(terms) = s.node(sum) else { panic!("a sum") };
    let mut want = [sq, y, two];
    want.sort_unstable();
    assert_eq!(&**terms, &want[..]);
    let p = s.mul(&[x, y]);
    let Node::Mul(factors) = s.node(p) else { panic!("a product") };
    assert_eq!(&**factors, &[x, y][..]);
    let x = s.var("x");
    let v0 = s.var("v0");
    assert_ne!(v0, x, "a variable of the dropped store is a new node");
    assert_eq!(s.len(), expected.4 + 2, "the product and v0 are the only new nodes");
}

#[test]
fn a_node_is_24_bytes() {
    // The arena every pass reads stays small: a number is boxed, a head is a number.
    assert_eq!(std::mem::size_of::<Node>(), 24);
}

#[test]
fn heads_are_numbered_once_and_sort_their_slots() {
    let mut s = Store::new();
    let g12 = s.head("g", &[1, 2]);
    assert_eq!(s.head("g", &[2, 1]), g12, "mixed partials are equal");
    let g = s.head("g", &[]);
    assert_ne!(g, g12);
    let g1 = s.head_derivative(g, 1);
    assert_eq!(s.head_derivative(g1, 2), g12);
    let x = s.var("x");
    let y = s.var("y");
    let a = s.apply(g12, &[x, y]);
    assert_eq!(s.apply(g12, &[x, y]), a, "an application is interned");
    assert_ne!(s.apply(g12, &[y, x]), a);
    assert_eq!(s.abstract_in(&[x, a]), Some("g"));
    assert_eq!(s.abstract_in(&[x, y]), None);
}
