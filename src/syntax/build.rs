//! What a parser makes of what it reads: the [`Build`] trait, which the fast path
//! drives as it reads, and [`Tree`], the builder of the syntax tree, which both
//! parsers use (the store's builder is in `lower.rs`).

use num_bigint::BigInt;

use super::ast::Ast;
use super::literal::parse_number;
use super::notation::{self, Callee};
use super::precedence::Infix;
use crate::func::Builtin;
use crate::store::{Constant, Rational};

/// What the parser makes of what it reads. The parser calls these in reading order;
/// `open` comes when an infix operator is seen, before its right operand is read.
pub(crate) trait Build {
    /// A parsed operand or operand sequence.
    type Val;
    /// The arguments of a call being read.
    type Args;
    /// The whole expression.
    type Done;
    /// A literal; `plain` is its value when it is an integer of at most 19 digits.
    fn number(&mut self, text: &str, plain: Option<u64>) -> Option<Self::Val>;
    fn var(&mut self, name: &str) -> Self::Val;
    fn constant(&mut self, c: Constant) -> Self::Val;
    /// `a` under `n` minus signs (`n` may be 0).
    fn negated(&mut self, n: usize, a: Self::Val) -> Self::Val;
    /// `base` is about to be raised to a power that is read next.
    fn base(&mut self, base: Self::Val) -> Self::Val;
    fn pow(&mut self, base: Self::Val, exp: Self::Val) -> Self::Val;
    fn args(&mut self) -> Self::Args;
    fn arg(&mut self, args: &mut Self::Args, a: Self::Val);
    fn call(&mut self, b: Builtin, args: Self::Args) -> Self::Val;
    /// A call of an alias the parser rewrites (`pow`, `nthroot`); `None` gives up.
    fn alias(&mut self, callee: Callee, args: Self::Args) -> Option<Self::Val>;
    /// `lhs` is the left operand of `op`, whose right operand is read next.
    fn open(&mut self, lhs: Self::Val, op: Infix) -> Self::Val;
    /// `lhs op rhs`; `None` gives up.
    fn join(&mut self, lhs: Self::Val, op: Infix, rhs: Self::Val) -> Option<Self::Val>;
    fn done(self, v: Self::Val) -> Self::Done;
}

/// Builds the syntax tree.
pub(crate) struct Tree;

impl Tree {
    /// `lhs op rhs` as a tree: `a - b` is `a + Neg(b)`, `a / b` is `a * Recip(b)`,
    /// and a sum (product) on the left is extended, so that chains stay flat.
    pub(crate) fn joined(lhs: Ast, op: Infix, rhs: Ast) -> Ast {
        match op {
            Infix::Add => append(lhs, rhs, true),
            Infix::Sub => append(lhs, Ast::Neg(Box::new(rhs)), true),
            Infix::Div => append(lhs, Ast::Recip(Box::new(rhs)), false),
            Infix::Mul | Infix::Juxtaposed => append(lhs, rhs, false),
            Infix::Pow => Ast::Pow(Box::new(lhs), Box::new(rhs)),
        }
    }

    /// `a` under one minus sign.
    pub(crate) fn neg(a: Ast) -> Ast {
        Ast::Neg(Box::new(a))
    }
}

/// `l + r` (or `l * r`), extending `l` when it is already a sum (product).
fn append(l: Ast, r: Ast, sum: bool) -> Ast {
    match (l, sum) {
        (Ast::Add(mut xs), true) => {
            xs.push(r);
            Ast::Add(xs)
        }
        (Ast::Mul(mut xs), false) => {
            xs.push(r);
            Ast::Mul(xs)
        }
        (l, true) => Ast::Add(vec![l, r]),
        (l, false) => Ast::Mul(vec![l, r]),
    }
}

impl Build for Tree {
    type Val = Ast;
    type Args = Vec<Ast>;
    type Done = Ast;

    fn number(&mut self, text: &str, plain: Option<u64>) -> Option<Ast> {
        match plain {
            Some(n) => Some(Ast::Num(Rational::from_integer(BigInt::from(n)))),
            None => parse_number(text).ok().map(Ast::Num),
        }
    }

    fn var(&mut self, name: &str) -> Ast {
        Ast::Var(name.to_string())
    }

    fn constant(&mut self, c: Constant) -> Ast {
        Ast::Const(c)
    }

    fn negated(&mut self, n: usize, mut a: Ast) -> Ast {
        for _ in 0..n {
            a = Tree::neg(a);
        }
        a
    }

    fn base(&mut self, base: Ast) -> Ast {
        base
    }

    fn pow(&mut self, base: Ast, exp: Ast) -> Ast {
        Tree::joined(base, Infix::Pow, exp)
    }

    fn args(&mut self) -> Vec<Ast> {
        Vec::with_capacity(1)
    }

    fn arg(&mut self, args: &mut Vec<Ast>, a: Ast) {
        args.push(a);
    }

    fn call(&mut self, b: Builtin, args: Vec<Ast>) -> Ast {
        Ast::Call(b, args)
    }

    fn alias(&mut self, callee: Callee, args: Vec<Ast>) -> Option<Ast> {
        notation::alias(callee, args).ok()
    }

    fn open(&mut self, lhs: Ast, _: Infix) -> Ast {
        lhs
    }

    fn join(&mut self, lhs: Ast, op: Infix, rhs: Ast) -> Option<Ast> {
        Some(Tree::joined(lhs, op, rhs))
    }

    fn done(self, v: Ast) -> Ast {
        v
    }
}
