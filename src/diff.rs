//! Symbolic differentiation: the chain, product and power rules over the store,
//! memoized per (expression, variable), and every function's derivative.

pub mod poly;

use num_traits::{One, Zero};
use rustc_hash::FxHashMap as HashMap;

use crate::expr::{Constant, ExprId, Node, Store};
use crate::func::Func;

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
            Node::Var(_) => return if id == var { store.one() } else { store.zero() },
            Node::Pow(base, exp) => return self.diff_pow(store, id, base, exp, var),
            Node::Add(ref xs) | Node::Mul(ref xs) | Node::Call(_, ref xs) => xs.len(),
        };
        // The children are read by index: the store grows while they are differentiated.
        let child = |store: &Store, i: usize| match store.node(id) {
            Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => xs[i],
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
            Node::Call(f, ref args) => {
                // Chain rule: sum over arguments of (partial f / partial arg) * arg'.
                // The arguments sit at the bottom of this rule's space, its terms above.
                self.stack.extend_from_slice(args);
                let terms = self.stack.len();
                for i in 0..n {
                    let a = self.stack[start + i];
                    let da = self.diff(store, a, var);
                    if store.is_zero(da) {
                        continue;
                    }
                    let outer = partial(store, f, &self.stack[start..terms], i);
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

/// The partial derivative of f with respect to its i-th argument, at `args`.
///
/// Conventions at kinks (see docs/conventions.md): abs'(u) = sign(u), so 0 at 0;
/// sign'(u) = 0; relu'(u) = sign(relu(u)), so 0 at 0 (as PyTorch and JAX).
pub fn partial(s: &mut Store, f: Func, args: &[ExprId], i: usize) -> ExprId {
    use Func::*;
    let u = args[0];
    match f {
        Sin => {
            let c = s.call(Cos, &[u]);
            // A deliberately wrong rule, only in builds with the test feature
            // `corrupt-rule`, which proves that `--check` catches a wrong derivative.
            if cfg!(feature = "corrupt-rule") {
                s.neg(c)
            } else {
                c
            }
        }
        Cos => {
            let v = s.call(Sin, &[u]);
            s.neg(v)
        }
        // tan' = 1 + tan^2, cot' = -csc^2
        Tan => {
            let t = s.call(Tan, &[u]);
            let t2 = s.powi(t, 2);
            let one = s.one();
            s.add(&[one, t2])
        }
        Cot => {
            let c = s.call(Csc, &[u]);
            let c2 = s.powi(c, 2);
            s.neg(c2)
        }
        Sec => {
            let a = s.call(Sec, &[u]);
            let b = s.call(Tan, &[u]);
            s.mul(&[a, b])
        }
        Csc => {
            let a = s.call(Csc, &[u]);
            let b = s.call(Cot, &[u]);
            let p = s.mul(&[a, b]);
            s.neg(p)
        }
        // asin' = 1/sqrt(1 - u^2), acos' = -1/sqrt(1 - u^2)
        Asin | Acos => {
            let one = s.one();
            let u2 = s.powi(u, 2);
            let nu2 = s.neg(u2);
            let d = s.add(&[one, nu2]);
            let e = s.frac(-1, 2);
            let r = s.pow(d, e);
            if f == Asin {
                r
            } else {
                s.neg(r)
            }
        }
        // atan' = 1/(1 + u^2), acot' = -1/(1 + u^2)
        Atan | Acot => {
            let one = s.one();
            let u2 = s.powi(u, 2);
            let d = s.add(&[one, u2]);
            let r = s.recip(d);
            if f == Atan {
                r
            } else {
                s.neg(r)
            }
        }
        // asec' = 1/(u^2*sqrt(1 - 1/u^2)), acsc' = -asec'
        Asec | Acsc => {
            let one = s.one();
            let u2 = s.powi(u, 2);
            let inv = s.powi(u, -2);
            let ninv = s.neg(inv);
            let inner = s.add(&[one, ninv]);
            let root = s.sqrt(inner);
            let den = s.mul(&[u2, root]);
            let r = s.recip(den);
            if f == Asec {
                r
            } else {
                s.neg(r)
            }
        }
        // atan2(y, x): d/dy = x/(x^2 + y^2), d/dx = -y/(x^2 + y^2)
        Atan2 => {
            let (y, x) = (args[0], args[1]);
            let x2 = s.powi(x, 2);
            let y2 = s.powi(y, 2);
            let r2 = s.add(&[x2, y2]);
            let inv = s.recip(r2);
            if i == 0 {
                s.mul(&[x, inv])
            } else {
                let ny = s.neg(y);
                s.mul(&[ny, inv])
            }
        }
        Sinh => s.call(Cosh, &[u]),
        Cosh => s.call(Sinh, &[u]),
        // coth' = -csch^2
        Coth => {
            let c = s.call(Csch, &[u]);
            let c2 = s.powi(c, 2);
            s.neg(c2)
        }
        // tanh' = 1 - tanh^2
        Tanh => {
            let t = s.call(f, &[u]);
            let t2 = s.powi(t, 2);
            let nt2 = s.neg(t2);
            let one = s.one();
            s.add(&[one, nt2])
        }
        Sech => {
            let a = s.call(Sech, &[u]);
            let b = s.call(Tanh, &[u]);
            let p = s.mul(&[a, b]);
            s.neg(p)
        }
        Csch => {
            let a = s.call(Csch, &[u]);
            let b = s.call(Coth, &[u]);
            let p = s.mul(&[a, b]);
            s.neg(p)
        }
        // asinh' = 1/sqrt(u^2 + 1), acosh' = 1/sqrt(u^2 - 1), atanh' = 1/(1 - u^2)
        Asinh | Acosh => {
            let u2 = s.powi(u, 2);
            let c = s.int(if f == Asinh { 1 } else { -1 });
            let d = s.add(&[u2, c]);
            let e = s.frac(-1, 2);
            s.pow(d, e)
        }
        Atanh => {
            let u2 = s.powi(u, 2);
            let nu2 = s.neg(u2);
            let one = s.one();
            let d = s.add(&[one, nu2]);
            s.recip(d)
        }
        Ln => s.recip(u),
        // log_b' = 1/(u*ln(b))
        Log2 | Log10 => {
            let b = s.int(if f == Log2 { 2 } else { 10 });
            let lnb = s.call(Ln, &[b]);
            let d = s.mul(&[u, lnb]);
            s.recip(d)
        }
        // cbrt' = 1/(3*cbrt(u)^2)
        Cbrt => {
            let c = s.call(Cbrt, &[u]);
            let c2 = s.powi(c, -2);
            let third = s.frac(1, 3);
            s.mul(&[third, c2])
        }
        Abs => s.call(Sign, &[u]),
        Sign => s.zero(),
        Relu => {
            let r = s.call(Relu, &[u]);
            s.call(Sign, &[r])
        }
        // erf' = 2/sqrt(pi)*exp(-u^2), erfc' = -erf'
        Erf | Erfc => {
            let u2 = s.powi(u, 2);
            let nu2 = s.neg(u2);
            let ex = s.exp(nu2);
            let pi = s.constant(Constant::Pi);
            let e = s.frac(-1, 2);
            let rp = s.pow(pi, e);
            let two = s.int(if f == Erf { 2 } else { -2 });
            s.mul(&[two, rp, ex])
        }
        // sigmoid' = sigmoid*(1 - sigmoid)
        Sigmoid => {
            let sg = s.call(Sigmoid, &[u]);
            let nsg = s.neg(sg);
            let one = s.one();
            let d = s.add(&[one, nsg]);
            s.mul(&[sg, d])
        }
        Softplus => s.call(Sigmoid, &[u]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_into;

    /// Every node reachable from `root`.
    fn nodes(s: &Store, root: ExprId) -> Vec<ExprId> {
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![root];
        while let Some(i) = stack.pop() {
            if seen.insert(i) {
                match s.node(i) {
                    Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => stack.extend(xs.iter()),
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
