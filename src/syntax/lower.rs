//! The one lowering of syntax into the store: [`Lowering`], the builder that makes the
//! store's constructor calls for what a parser reads. The fast path drives it while it
//! reads the text; [`Ast::lower`] drives it over a syntax tree. So both make the same
//! calls in the same order, and the store (its ids, and all that depends on them)
//! comes out the same either way.

use num_bigint::BigInt;
use num_traits::{One, Zero};

use super::ast::Ast;
use super::build::{Build, Tree};
use super::notation::Callee;
use super::precedence::Infix;
use crate::func::{Builtin, Func};
use crate::store::{Constant, ExprId, Rational, Store};

/// Builds the expression in a store. A sum or product stays open (its operands on
/// `stack`) until no operator can extend it, as the tree extends `(a+b)+c` on the
/// left; minus signs stay pending until it is known whether they are a factor's,
/// whose signs go to the product's coefficient (`-(x+1)/y` is `-1*(x+1)/y`, the form
/// the printer writes that way, not `(-x-1)/y`).
pub(crate) struct Lowering<'s> {
    store: &'s mut Store,
    /// The operands of the open sums, products and calls, innermost last.
    stack: Vec<ExprId>,
}

/// A value while it is read.
pub(crate) enum Low {
    Id(ExprId),
    /// `id` under this many minus signs, not applied yet.
    Neg(usize, ExprId),
    /// An open sum: its terms are `stack[start..]`.
    Sum(usize),
    /// An open product: its factors are `stack[start..]`, times -1 when `negative`.
    Product(usize, bool),
}

impl<'s> Lowering<'s> {
    pub(crate) fn new(store: &'s mut Store) -> Lowering<'s> {
        Lowering { store, stack: Vec::new() }
    }

    /// Builds what is pending of `v`.
    fn resolve(&mut self, v: Low) -> ExprId {
        match v {
            Low::Id(id) => id,
            Low::Neg(n, mut id) => {
                for _ in 0..n {
                    id = self.store.neg(id);
                }
                id
            }
            Low::Sum(start) => {
                let r = self.store.add(&self.stack[start..]);
                self.stack.truncate(start);
                r
            }
            Low::Product(start, negative) => {
                if negative {
                    let m1 = self.store.int(-1);
                    self.stack.push(m1);
                }
                let r = self.store.mul(&self.stack[start..]);
                self.stack.truncate(start);
                r
            }
        }
    }

    /// Opens a list with `first` as its first operand; gives its start.
    fn start_with(&mut self, first: ExprId) -> usize {
        self.stack.push(first);
        self.stack.len() - 1
    }

    /// Makes the calls that reading the text of `ast` makes.
    fn tree(&mut self, ast: &Ast) -> Low {
        match ast {
            Ast::Num(q) => Low::Id(self.store.num(q.clone())),
            Ast::Var(v) => self.var(v),
            Ast::Const(c) => self.constant(*c),
            Ast::Neg(a) => {
                let a = self.tree(a);
                self.negated(1, a)
            }
            Ast::Add(xs) => self.chain(xs, Infix::Add),
            Ast::Mul(xs) => self.chain(xs, Infix::Mul),
            Ast::Recip(a) => Low::Id(self.reciprocal(a)),
            Ast::Pow(a, b) => {
                let a = self.tree(a);
                let base = self.base(a);
                let exp = self.tree(b);
                self.pow(base, exp)
            }
            Ast::Call(b, args) => {
                let mut start = self.args();
                for a in args {
                    let a = self.tree(a);
                    self.arg(&mut start, a);
                }
                self.call(*b, start)
            }
            Ast::Apply(f, slots, args) => {
                let ids: Vec<ExprId> = args
                    .iter()
                    .map(|a| {
                        let v = self.tree(a);
                        self.resolve(v)
                    })
                    .collect();
                let h = self.store.head(f, slots);
                Low::Id(self.store.apply(h, &ids))
            }
        }
    }

    /// A sum (`op` is `Add`) or product (`Mul`) of `xs`, left open.
    fn chain(&mut self, xs: &[Ast], op: Infix) -> Low {
        let Some((first, rest)) = xs.split_first() else {
            let start = self.stack.len();
            return if op == Infix::Add { Low::Sum(start) } else { Low::Product(start, false) };
        };
        // A sum or product as the first operand is one of its own (a tree the parser
        // would have extended has it flat already).
        let first = match self.tree(first) {
            open @ (Low::Sum(_) | Low::Product(..)) => Low::Id(self.resolve(open)),
            v => v,
        };
        let mut lhs = self.open(first, op);
        for x in rest {
            let rhs = self.tree(x);
            lhs = self.joined(lhs, op, rhs);
        }
        lhs
    }

    /// `lhs op rhs`, but a divisor that is an open product.
    // Inlined into the reader's loop, where it runs once per operator.
    #[inline(always)]
    fn joined(&mut self, lhs: Low, op: Infix, rhs: Low) -> Low {
        match op {
            Infix::Add => {
                let t = self.resolve(rhs);
                self.stack.push(t);
            }
            Infix::Sub => {
                let t = self.resolve(rhs);
                let t = self.store.neg(t);
                self.stack.push(t);
            }
            Infix::Div => {
                let d = self.resolve(rhs);
                let d = self.store.recip(d);
                self.stack.push(d);
            }
            Infix::Mul | Infix::Juxtaposed | Infix::Pow => {
                if let (Low::Neg(n, id), Low::Product(start, negative)) = (&rhs, &lhs) {
                    self.stack.push(*id);
                    return Low::Product(*start, *negative != (n % 2 == 1));
                }
                let f = self.resolve(rhs);
                self.stack.push(f);
            }
        }
        lhs
    }

    /// `1/a`. `1/(2*(x+1))` is `1/2 * 1/(x+1)`: each factor inverted, so that the
    /// number is not first distributed over the sum (`1/(2*x + 2)`).
    fn reciprocal(&mut self, a: &Ast) -> ExprId {
        match a {
            Ast::Mul(xs) => {
                let start = self.stack.len();
                for x in xs {
                    let r = self.reciprocal(x);
                    self.stack.push(r);
                }
                self.resolve(Low::Product(start, false))
            }
            _ => {
                let a = self.tree(a);
                let a = self.resolve(a);
                self.store.recip(a)
            }
        }
    }
}

impl Ast {
    /// Builds the expression in the store (normalizing it).
    pub fn lower(&self, store: &mut Store) -> ExprId {
        let mut lowering = Lowering::new(store);
        let v = lowering.tree(self);
        lowering.done(v)
    }
}

impl Build for Lowering<'_> {
    type Val = Low;
    type Args = usize;
    type Done = ExprId;

    fn number(&mut self, text: &str, plain: Option<u64>) -> Option<Low> {
        let id = match plain.map(i64::try_from) {
            Some(Ok(n)) => self.store.small_int(n),
            Some(Err(_)) | None => match Tree.number(text, plain)? {
                Ast::Num(q) => self.store.num(q),
                _ => return None,
            },
        };
        Some(Low::Id(id))
    }

    fn var(&mut self, name: &str) -> Low {
        Low::Id(self.store.var(name))
    }

    fn constant(&mut self, c: Constant) -> Low {
        Low::Id(self.store.constant(c))
    }

    fn negated(&mut self, n: usize, a: Low) -> Low {
        if n == 0 {
            return a;
        }
        match a {
            Low::Id(id) => Low::Neg(n, id),
            Low::Neg(k, id) => Low::Neg(n + k, id),
            open => Low::Neg(n, self.resolve(open)),
        }
    }

    fn base(&mut self, base: Low) -> Low {
        Low::Id(self.resolve(base))
    }

    fn pow(&mut self, base: Low, exp: Low) -> Low {
        let b = self.resolve(base);
        let e = self.resolve(exp);
        Low::Id(self.store.pow(b, e))
    }

    fn args(&mut self) -> usize {
        self.stack.len()
    }

    fn arg(&mut self, _: &mut usize, a: Low) {
        let id = self.resolve(a);
        self.stack.push(id);
    }

    #[inline]
    fn call(&mut self, b: Builtin, start: usize) -> Low {
        let r = lower_call(self.store, b, &self.stack[start..]);
        self.stack.truncate(start);
        Low::Id(r)
    }

    /// An alias is rewritten into a tree with parts used twice (`nthroot`) or built
    /// in another order (`pow`): the reader leaves it to the tree.
    fn alias(&mut self, _: Callee, _: usize) -> Option<Low> {
        None
    }

    // Inlined into the reader's loop, where it runs once per operator.
    #[inline(always)]
    fn open(&mut self, lhs: Low, op: Infix) -> Low {
        match (op, lhs) {
            (Infix::Add | Infix::Sub, Low::Sum(start)) => Low::Sum(start),
            (Infix::Add | Infix::Sub, lhs) => {
                let first = self.resolve(lhs);
                Low::Sum(self.start_with(first))
            }
            (_, Low::Product(start, negative)) => Low::Product(start, negative),
            (_, Low::Neg(n, id)) => Low::Product(self.start_with(id), n % 2 == 1),
            (_, lhs) => {
                let first = self.resolve(lhs);
                Low::Product(self.start_with(first), false)
            }
        }
    }

    #[inline]
    fn join(&mut self, lhs: Low, op: Infix, rhs: Low) -> Option<Low> {
        // A tree inverts a parenthesized product factor by factor, each right after it
        // is built (`reciprocal`): the reader leaves that to the tree.
        if let (Infix::Div, Low::Product(..)) = (op, &rhs) {
            return None;
        }
        Some(self.joined(lhs, op, rhs))
    }

    fn done(mut self, v: Low) -> ExprId {
        self.resolve(v)
    }
}

/// A call of a built-in function on built arguments (as many as it takes).
fn lower_call(store: &mut Store, b: Builtin, xs: &[ExprId]) -> ExprId {
    match b {
        Builtin::Func(f) => store.call(f, xs),
        Builtin::Exp => store.exp(xs[0]),
        Builtin::Sqrt => store.sqrt(xs[0]),
        Builtin::Log => {
            let ln = store.call(Func::Ln, &xs[..1]);
            match xs.get(1) {
                None => ln,
                Some(&base) => log_base(store, xs[0], ln, base),
            }
        }
    }
}

/// log(x, b): log2 and log10 for those bases, ln(x)/ln(b) otherwise.
fn log_base(store: &mut Store, x: ExprId, ln: ExprId, base: ExprId) -> ExprId {
    if let Some(b) = store.as_num(base) {
        if *b == Rational::from_integer(BigInt::from(2)) {
            return store.call(Func::Log2, &[x]);
        }
        if *b == Rational::from_integer(BigInt::from(10)) {
            return store.call(Func::Log10, &[x]);
        }
        if b.is_one() || b.is_zero() {
            // log base 1 divides by ln(1) = 0: keep the quotient, which evaluates
            // as undefined.
        }
    }
    let lnb = store.call(Func::Ln, &[base]);
    store.div(ln, lnb)
}
