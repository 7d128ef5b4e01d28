//! [`ExprBuilder`]: the operations the rows' rules are written against — building
//! expressions (numbers, sums, products, powers, calls) and reading what an
//! expression is (a number, a constant, a power, ...). The store implements it, so
//! the function table depends on the store's leaves ([`ExprId`], [`Constant`],
//! [`Rational`]) and not on the store.

use super::Func;
use crate::expr_id::ExprId;
use crate::number::{Constant, Rational};

/// An expression store as the rows see it: each constructor builds in normal form
/// and gives the expression's id, each reader looks at one node.
pub trait ExprBuilder {
    // ------------------------------------------------------------- building

    fn zero(&mut self) -> ExprId;
    fn one(&mut self) -> ExprId;
    /// The integer `n`.
    fn int(&mut self, n: i64) -> ExprId;
    /// The fraction `n/d`.
    fn frac(&mut self, n: i64, d: i64) -> ExprId;
    /// The rational `q`.
    fn num(&mut self, q: Rational) -> ExprId;
    fn constant(&mut self, c: Constant) -> ExprId;
    fn add(&mut self, terms: &[ExprId]) -> ExprId;
    fn mul(&mut self, factors: &[ExprId]) -> ExprId;
    /// -a
    fn neg(&mut self, a: ExprId) -> ExprId;
    /// a/b
    fn div(&mut self, a: ExprId, b: ExprId) -> ExprId;
    /// 1/a
    fn recip(&mut self, a: ExprId) -> ExprId;
    fn pow(&mut self, base: ExprId, exp: ExprId) -> ExprId;
    /// base^n for an integer n.
    fn powi(&mut self, base: ExprId, n: i64) -> ExprId;
    /// a^(1/2)
    fn sqrt(&mut self, a: ExprId) -> ExprId;
    /// e^a
    fn exp(&mut self, a: ExprId) -> ExprId;
    /// f(args), with its known values folded.
    fn call(&mut self, f: Func, args: &[ExprId]) -> ExprId;

    // -------------------------------------------------------------- reading

    /// The number, if the expression is one.
    fn as_num(&self, u: ExprId) -> Option<&Rational>;
    /// The constant, if the expression is one.
    fn as_constant(&self, u: ExprId) -> Option<Constant>;
    /// The factors, if the expression is a product.
    fn as_product(&self, u: ExprId) -> Option<&[ExprId]>;
    /// (base, exponent), if the expression is a power.
    fn as_power(&self, u: ExprId) -> Option<(ExprId, ExprId)>;
    /// The function, if the expression is a call.
    fn as_call(&self, u: ExprId) -> Option<Func>;
    /// The exact-number limit in bits: no exact number the rules make grows past it.
    fn max_exact_bits(&self) -> u64;
}
