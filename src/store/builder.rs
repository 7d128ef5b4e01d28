//! The store as the [`ExprBuilder`] the function table's rules are written against:
//! each operation is the store's own constructor or query.

use super::{Constant, ExprId, Node, Rational, Store};
use crate::func::{ExprBuilder, Func};

impl ExprBuilder for Store {
    fn zero(&mut self) -> ExprId {
        Store::zero(self)
    }

    fn one(&mut self) -> ExprId {
        Store::one(self)
    }

    fn int(&mut self, n: i64) -> ExprId {
        Store::int(self, n)
    }

    fn frac(&mut self, n: i64, d: i64) -> ExprId {
        Store::frac(self, n, d)
    }

    fn num(&mut self, q: Rational) -> ExprId {
        Store::num(self, q)
    }

    fn constant(&mut self, c: Constant) -> ExprId {
        Store::constant(self, c)
    }

    fn add(&mut self, terms: &[ExprId]) -> ExprId {
        Store::add(self, terms)
    }

    fn mul(&mut self, factors: &[ExprId]) -> ExprId {
        Store::mul(self, factors)
    }

    fn neg(&mut self, a: ExprId) -> ExprId {
        Store::neg(self, a)
    }

    fn div(&mut self, a: ExprId, b: ExprId) -> ExprId {
        Store::div(self, a, b)
    }

    fn recip(&mut self, a: ExprId) -> ExprId {
        Store::recip(self, a)
    }

    fn pow(&mut self, base: ExprId, exp: ExprId) -> ExprId {
        Store::pow(self, base, exp)
    }

    fn powi(&mut self, base: ExprId, n: i64) -> ExprId {
        Store::powi(self, base, n)
    }

    fn sqrt(&mut self, a: ExprId) -> ExprId {
        Store::sqrt(self, a)
    }

    fn exp(&mut self, a: ExprId) -> ExprId {
        Store::exp(self, a)
    }

    fn call(&mut self, f: Func, args: &[ExprId]) -> ExprId {
        Store::call(self, f, args)
    }

    fn as_num(&self, u: ExprId) -> Option<&Rational> {
        Store::as_num(self, u)
    }

    fn as_constant(&self, u: ExprId) -> Option<Constant> {
        match *self.node(u) {
            Node::Const(c) => Some(c),
            _ => None,
        }
    }

    fn as_product(&self, u: ExprId) -> Option<&[ExprId]> {
        match self.node(u) {
            Node::Mul(fs) => Some(fs),
            _ => None,
        }
    }

    fn as_power(&self, u: ExprId) -> Option<(ExprId, ExprId)> {
        match *self.node(u) {
            Node::Pow(b, e) => Some((b, e)),
            _ => None,
        }
    }

    fn as_call(&self, u: ExprId) -> Option<Func> {
        match *self.node(u) {
            Node::Call(f, _) => Some(f),
            _ => None,
        }
    }

    fn max_exact_bits(&self) -> u64 {
        self.max_exact_bits
    }
}
