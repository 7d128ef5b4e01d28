//! Sums: flattening, merging like terms by their coefficients, and subtraction and
//! negation, which are sums and products of -1.

use super::{ExprId, ListKind, Node, Store, ZERO};
use crate::limits::Exceeded;
use crate::number::Coef;

impl Store {
    /// The sum of the terms, normalized.
    pub fn add(&mut self, terms: &[ExprId]) -> ExprId {
        if terms.iter().all(|&t| matches!(self.node(t), Node::Num(_))) {
            return self.add_numbers(terms);
        }
        let mut constant = Coef::ZERO;
        // (term without its coefficient, summed coefficient) in order of first
        // appearance, so that the result does not depend on hashing; an index of
        // the terms (`marks`) only once there are many of them.
        let mut groups = self.term_bufs.pop().unwrap_or_default();
        let mut indexed = false;
        let mut pending = self.take_ids();
        pending.extend(terms.iter().rev());
        while let Some(t) = pending.pop() {
            if !self.spend(1) {
                return ZERO;
            }
            match self.node(t) {
                Node::Num(q) => {
                    constant = constant.add(&Coef::of(q));
                    if self.coef_too_big(&constant) {
                        return self.stop(Exceeded::ExactBits);
                    }
                }
                Node::Add(ts) => pending.extend(ts.iter().rev()),
                _ => {
                    let (c, rest) = self.split_term(t);
                    let found = self.find_group(&groups, |g| g.0, &mut indexed, rest);
                    match found {
                        Some(i) => {
                            let acc = groups[i].1.add(&c);
                            if self.coef_too_big(&acc) {
                                return self.stop(Exceeded::ExactBits);
                            }
                            groups[i].1 = acc;
                        }
                        None => {
                            if indexed {
                                self.marks.set(rest, groups.len());
                            }
                            groups.push((rest, c));
                        }
                    }
                }
            }
        }
        self.give_ids(pending);
        let mut out = self.take_ids();
        for (rest, c) in groups.drain(..) {
            if c.is_zero() {
                continue;
            }
            out.push(self.scale(c, rest));
        }
        self.term_bufs.push(groups);
        out.sort_unstable();
        if !constant.is_zero() {
            out.insert(0, self.coef_id(constant));
        }
        let r = match out.len() {
            0 => self.zero(),
            1 => out[0],
            _ => self.intern_list(ListKind::Add, &out),
        };
        self.give_ids(out);
        r
    }

    /// [`Store::add`] of numbers only (the exponents of `x^2*x^3`), with the same
    /// steps spent and limits checked, without its term tables.
    fn add_numbers(&mut self, terms: &[ExprId]) -> ExprId {
        let mut constant = Coef::ZERO;
        for &t in terms {
            if !self.spend(1) {
                return ZERO;
            }
            if let Node::Num(q) = self.node(t) {
                constant = constant.add(&Coef::of(q));
            }
            if self.coef_too_big(&constant) {
                return self.stop(Exceeded::ExactBits);
            }
        }
        if constant.is_zero() {
            self.zero()
        } else {
            self.coef_id(constant)
        }
    }

    /// c * rest, where rest carries no coefficient of its own (as from `split_term`).
    fn scale(&mut self, c: Coef, rest: ExprId) -> ExprId {
        if c.is_one() {
            return rest;
        }
        let c = self.coef_id(c);
        let mut fs = self.take_ids();
        fs.push(c);
        match self.node(rest) {
            Node::Mul(xs) => fs.extend(xs.iter()),
            _ => fs.push(rest),
        }
        let r = self.intern_list(ListKind::Mul, &fs);
        self.give_ids(fs);
        r
    }

    pub fn add2(&mut self, a: ExprId, b: ExprId) -> ExprId {
        self.add(&[a, b])
    }

    pub fn sub(&mut self, a: ExprId, b: ExprId) -> ExprId {
        let nb = self.neg(b);
        self.add(&[a, nb])
    }

    pub fn neg(&mut self, a: ExprId) -> ExprId {
        let m1 = self.int(-1);
        self.mul(&[m1, a])
    }
}
