//! The syntax tree of one expression, as written, and the questions asked of it
//! before it is built in the store.

use crate::func::Builtin;
use crate::store::{Constant, ExprId, Node, Rational, Store};

/// The syntax tree of one expression, as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Ast {
    Num(Rational),
    Var(String),
    Const(Constant),
    Neg(Box<Ast>),
    /// A sum; `a - b` is `Add[a, Neg(b)]`. Chains are kept flat, so a long sum is a
    /// wide node, not a deep one.
    Add(Vec<Ast>),
    /// A product; `a / b` is `Mul[a, Recip(b)]`.
    Mul(Vec<Ast>),
    Recip(Box<Ast>),
    Pow(Box<Ast>, Box<Ast>),
    Call(Builtin, Vec<Ast>),
    /// An abstract function, differentiated in the argument slots listed (from 1;
    /// none for the function itself), at its arguments: `f'(x)` is
    /// `Apply("f", [1], [x])`.
    Apply(String, Vec<u32>, Vec<Ast>),
}

impl Ast {
    /// The tree of an expression of a store (shared parts written out each time),
    /// which builds that expression again.
    pub fn of_store(s: &Store, id: ExprId) -> Ast {
        let all = |xs: &[ExprId]| xs.iter().map(|&x| Ast::of_store(s, x)).collect();
        match s.node(id) {
            Node::Num(q) => Ast::Num((**q).clone()),
            Node::Var(v) => Ast::Var(v.to_string()),
            Node::Const(c) => Ast::Const(*c),
            Node::Add(xs) => Ast::Add(all(xs)),
            Node::Mul(xs) => Ast::Mul(all(xs)),
            Node::Pow(b, e) => Ast::Pow(Box::new(Ast::of_store(s, *b)), Box::new(Ast::of_store(s, *e))),
            Node::Call(f, xs) => Ast::Call(Builtin::Func(*f), all(xs)),
            Node::Apply(h, xs) => {
                let def = s.head_def(*h);
                Ast::Apply(def.name.to_string(), def.slots.to_vec(), all(xs))
            }
        }
    }

    /// The free variables of the tree, sorted.
    pub fn variables(&self) -> Vec<String> {
        self.names(|a| match a {
            Ast::Var(v) => Some(v),
            _ => None,
        })
    }

    /// The names of the abstract functions of the tree, sorted.
    pub fn functions(&self) -> Vec<String> {
        self.names(|a| match a {
            Ast::Apply(f, ..) => Some(f),
            _ => None,
        })
    }

    /// The names `pick` finds at the nodes of the tree, sorted, each once.
    fn names(&self, pick: impl Fn(&Ast) -> Option<&String>) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(a) = stack.pop() {
            out.extend(pick(a).cloned());
            match a {
                Ast::Num(_) | Ast::Const(_) | Ast::Var(_) => {}
                Ast::Neg(x) | Ast::Recip(x) => stack.push(x),
                Ast::Pow(x, y) => {
                    stack.push(x);
                    stack.push(y);
                }
                Ast::Add(xs) | Ast::Mul(xs) | Ast::Call(_, xs) | Ast::Apply(_, _, xs) => stack.extend(xs.iter()),
            }
        }
        out.sort();
        out.dedup();
        out
    }
}
