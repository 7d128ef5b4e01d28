//! Calls of functions: known values folded by the function's row (`FuncDef::known`),
//! minus signs moved out of odd and even functions.

use num_traits::Signed;

use super::{ExprId, ListKind, Node, Store};
use crate::func::Func;

impl Store {
    /// f(args), with known values folded and minus signs moved out of odd and even
    /// functions.
    pub fn call(&mut self, f: Func, args: &[ExprId]) -> ExprId {
        if let Some(known) = f.def().known {
            if let Some(v) = known(self, args) {
                return v;
            }
        }
        if args.len() == 1 {
            let u = args[0];
            if (f.is_odd() || f.is_even()) && self.has_minus_sign(u) {
                let pos = self.neg(u);
                let inner = self.call(f, &[pos]);
                return if f.is_odd() { self.neg(inner) } else { inner };
            }
        }
        self.intern_list(ListKind::Call(f), args)
    }

    /// True when the expression is a number below zero or a product with one.
    pub fn has_minus_sign(&self, id: ExprId) -> bool {
        match self.node(id) {
            Node::Num(q) => q.is_negative(),
            Node::Mul(fs) => self.as_num(fs[0]).is_some_and(Signed::is_negative),
            _ => false,
        }
    }
}
