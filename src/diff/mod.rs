//! Symbolic differentiation: the chain, product and power rules over the store,
//! memoized per (expression, variable); each function's own derivative is a rule in
//! its row of the function table (`func`).

pub mod chain;

pub mod poly;

use num_traits::{One, Zero};
use rustc_hash::FxHashMap as HashMap;

use crate::func::Func;
use crate::store::{Constant, ExprId, Head, Node, Store};

/// Differentiates expressions of one store, remembering every derivative it has
/// taken, so that higher orders and several variables reuse earlier work.
#[derive(Default)]
pub struct Differentiator {
    memo: HashMap<(ExprId, ExprId), ExprId>,
    /// Scratch space for the operand lists being built, innermost last: each rule
    /// works above the length it found and truncates back to it, so that taking a
    /// derivative allocates no lists of its own.
    stack: Vec<ExprId>,
}

impl Differentiator {
    pub fn new() -> Differentiator {
        Differentiator::default()
    }

    /// d(id)/d(var), where `var` is a variable node of the same store.
    pub fn diff(&mut self, store: &mut Store, id: ExprId, var: ExprId) -> ExprId {
        if !store.may_contain(id, var) {
            return store.zero();
        }
        if let Some(&d) = self.memo.get(&(id, var)) {
            return d;
        }
        if self.memo.is_empty() {
            // A first derivative visits about every node there is so far.
            self.memo.reserve(store.len());
        }
        let d = self.diff_node(store, id, var);
        self.memo.insert((id, var), d);
        d
    }

    /// The derivative with respect to the variables in turn: d/dv1 then d/dv2 ...
    pub fn diff_many(&mut self, store: &mut Store, id: ExprId, vars: &[ExprId]) -> ExprId {
        vars.iter().fold(id, |e, &v| self.diff(store, e, v))
    }

    fn diff_node(&mut self, store: &mut Store, id: ExprId, var: ExprId) -> ExprId {
        let n = match *store.node(id) {
            Node::Num(_) | Node::Const(_) => return store.zero(),
            // A variable declared to depend on `var` (`--depends`) has its abstract derivative.
            Node::Var(_) => return if id == var { store.one() } else { store.dependent_derivative(id, var) },
            Node::Pow(base, exp) => return self.diff_pow(store, id, base, exp, var),
            Node::Add(ref xs) | Node::Mul(ref xs) | Node::Call(_, ref xs) | Node::Apply(_, ref xs) => xs.len(),
        };
        // The children are read by index: the store grows while they are differentiated.
        let child = |store: &Store, i: usize| match store.node(id) {
            Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => xs[i],
            _ => id,
        };
        let start = self.stack.len();
        let d = match *store.node(id) {
            Node::Add(_) => {
                for i in 0..n {
                    let d = self.diff(store, child(store, i), var);
                    self.stack.push(d);
                }
                sum_of(store, &self.stack[start..])
            }
            Node::Mul(_) => {
                // Product rule: sum over i of f1 ... f_i' ... fn.
                for i in 0..n {
                    let d = self.diff(store, child(store, i), var);
                    if store.is_zero(d) {
                        continue;
                    }
                    let Node::Mul(factors) = store.node(id) else { break };
                    let at = self.stack.len();
                    self.stack.extend_from_slice(&factors[..i]);
                    self.stack.push(d);
                    self.stack.extend_from_slice(&factors[i + 1..]);
                    let term = store.mul(&self.stack[at..]);
                    self.stack.truncate(at);
                    self.stack.push(term);
                }
                sum_of(store, &self.stack[start..])
            }
            Node::Call(_, ref args) | Node::Apply(_, ref args) => {
                // Chain rule: sum over arguments of (partial f / partial arg) * arg'.
                // The arguments sit at the bottom of this rule's space, its terms above.
                let outer_of = match *store.node(id) {
                    Node::Call(f, _) => Outer::Builtin(f),
                    Node::Apply(h, _) => Outer::Abstract(h),
                    _ => return id,
                };
                self.stack.extend_from_slice(args);
                let terms = self.stack.len();
                for i in 0..n {
                    let a = self.stack[start + i];
                    let da = self.diff(store, a, var);
                    if store.is_zero(da) {
                        continue;
                    }
                    let outer = match outer_of {
                        Outer::Builtin(f) => partial(store, f, &self.stack[start..terms], i),
                        // An abstract function's partial in slot i + 1, at the same arguments.
                        Outer::Abstract(h) => {
                            let d = store.head_derivative(h, i as u32 + 1);
                            store.apply(d, &self.stack[start..terms])
                        }
                    };
                    // outer*1 is outer, unless outer is a product (rebuilt by `mul`).
                    let one = store.is_one(da) && !matches!(store.node(outer), Node::Mul(_));
                    let term = if one { outer } else { store.mul(&[outer, da]) };
                    self.stack.push(term);
                }
                sum_of(store, &self.stack[terms..])
            }
            _ => id,
        };
        self.stack.truncate(start);
        d
    }

    fn diff_pow(&mut self, store: &mut Store, id: ExprId, base: ExprId, exp: ExprId, var: ExprId) -> ExprId {
        let db = self.diff(store, base, var);
        let de = self.diff(store, exp, var);
        let base_is_e = matches!(store.node(base), Node::Const(Constant::E));
        match (store.is_zero(db), store.is_zero(de)) {
            (true, true) => store.zero(),
            // d(u^c) = c*u^(c-1)*u'
            (false, true) => {
                let m1 = store.int(-1);
                let e1 = store.add(&[exp, m1]);
                let p = store.pow(base, e1);
                store.mul(&[exp, p, db])
            }
            // d(e^v) = e^v*v', d(a^v) = a^v*ln(a)*v'
            (true, false) => {
                if base_is_e {
                    store.mul(&[id, de])
                } else {
                    let ln = store.call(Func::Ln, &[base]);
                    store.mul(&[id, ln, de])
                }
            }
            // d(u^v) = u^v*(v'*ln(u) + v*u'/u)
            (false, false) => {
                let ln = store.call(Func::Ln, &[base]);
                let t1 = store.mul(&[de, ln]);
                let inv = store.recip(base);
                let t2 = store.mul(&[exp, db, inv]);
                let s = store.add(&[t1, t2]);
                store.mul(&[id, s])
            }
        }
    }
}

/// The sum of the terms, as the store's `add` builds it; a lone term that `add`
/// gives back unchanged (a number, or anything but a sum or a product whose
/// coefficient is written out as 1) is returned without the work.
fn sum_of(store: &mut Store, terms: &[ExprId]) -> ExprId {
    let lone_is_normal = |t: ExprId| match store.node(t) {
        Node::Add(_) => false,
        Node::Mul(fs) => match store.as_num(fs[0]) {
            Some(q) => {
                !q.is_one()
                    && !q.is_zero()
                    && (fs.len() > 2 || fs.get(1).is_some_and(|&f| !matches!(store.node(f), Node::Mul(_))))
            }
            None => true,
        },
        _ => true,
    };
    match *terms {
        [] => store.zero(),
        [t] if lone_is_normal(t) => t,
        _ => store.add(terms),
    }
}

/// The function of a call, whose partial derivatives the chain rule builds.
#[derive(Clone, Copy)]
enum Outer {
    Builtin(Func),
    Abstract(Head),
}

/// The partial derivative of f with respect to its i-th argument, at `args`: the
/// rule in f's row of the function table.
///
/// Conventions at kinks (see docs/conventions.md): abs'(u) = sign(u), so 0 at 0;
/// sign'(u) = 0; relu'(u) = sign(relu(u)), so 0 at 0 (as PyTorch and JAX).
#[inline]
pub fn partial(s: &mut Store, f: Func, args: &[ExprId], i: usize) -> ExprId {
    (f.def().derivative)(s, args, i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_into;

    /// Every node reachable from `root`.
    fn nodes(s: &Store, root: ExprId) -> Vec<ExprId> {
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![root];
        while let Some(i) = stack.pop() {
            if seen.insert(i) {
                match s.node(i) {
                    Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => stack.extend(xs.iter()),
                    Node::Pow(b, e) => stack.extend([*b, *e]),
                    _ => {}
                }
            }
        }
        seen.into_iter().collect()
    }

    #[test]
    fn a_lone_term_is_its_own_sum() {
        let mut s = Store::new();
        let f = parse_into(&mut s, "3*x*sin(2*x)/(x + 1) - exp(x^2)*(x - 2)^3 + ln(x*y) + 5").expect("parses");
        let x = s.var("x");
        let d = Differentiator::new().diff_many(&mut s, f, &[x, x]);
        let all = nodes(&s, d);
        assert!(all.len() > 30);
        for t in all {
            assert_eq!(sum_of(&mut s, &[t]), s.add(&[t]), "{:?}", s.node(t));
        }
        assert_eq!(sum_of(&mut s, &[]), s.zero());
    }
}
