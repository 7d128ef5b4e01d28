//! Products: flattening, folding the numbers into one coefficient, merging powers of
//! one base by adding exponents, distributing a number over a sum; division and
//! reciprocals, which are products and powers of -1.

use super::{ExprId, ListKind, Node, Store, ZERO};
use crate::limits::Exceeded;
use crate::number::Coef;
use num_traits::Zero;

/// The factors of a product grouped by base, in order of first appearance: (base,
/// first exponent, further exponents).
pub(super) type PowerGroups = Vec<(ExprId, ExprId, Vec<ExprId>)>;

impl Store {
    /// The product of the factors, normalized.
    pub fn mul(&mut self, factors: &[ExprId]) -> ExprId {
        let mut groups = self.factor_bufs.pop().unwrap_or_default();
        let mut coeff = match self.collect_factors(factors, &mut groups) {
            Ok(coeff) => coeff,
            Err(done) => return done,
        };
        let mut out = self.take_ids();
        let again = match self.merge_powers(&mut groups, &mut coeff, &mut out) {
            Ok(again) => again,
            Err(done) => return done,
        };
        self.factor_bufs.push(groups);
        self.finish_product(coeff, out, again)
    }

    /// Flattens the factors into `groups` and gives the product of their numbers,
    /// or `Err` with the whole product when it is decided early (a factor 0, or a
    /// limit hit).
    #[inline]
    fn collect_factors(&mut self, factors: &[ExprId], groups: &mut PowerGroups) -> Result<Coef, ExprId> {
        let mut coeff = Coef::ONE;
        let mut pending = self.take_ids();
        pending.extend(factors.iter().rev());
        // An index of the bases (`marks`) only once there are many of them.
        let mut indexed = false;
        while let Some(f) = pending.pop() {
            if !self.spend(1) {
                return Err(ZERO);
            }
            match self.node(f) {
                Node::Num(q) => {
                    if q.is_zero() {
                        // 0 times anything is 0, except 0 times 1/0 (0/0), which stays
                        // undefined.
                        if let Some(&z) = factors.iter().find(|&&g| self.is_division_by_zero(g)) {
                            return Err(z);
                        }
                        return Err(self.zero());
                    }
                    coeff = coeff.mul(&Coef::of(q));
                    if self.coef_too_big(&coeff) {
                        return Err(self.stop(Exceeded::ExactBits));
                    }
                }
                Node::Mul(fs) => pending.extend(fs.iter().rev()),
                _ => {
                    let (b, e) = self.split_pow(f);
                    let found = self.find_group(groups, |g| g.0, &mut indexed, b);
                    match found {
                        Some(i) => groups[i].2.push(e),
                        None => {
                            if indexed {
                                self.marks.set(b, groups.len());
                            }
                            groups.push((b, e, Vec::new()));
                        }
                    }
                }
            }
        }
        self.give_ids(pending);
        Ok(coeff)
    }

    /// Makes one power of each group's base (emptying `groups`) into `out`, numbers
    /// into `coeff`; true when one of them came out a product, which must be
    /// normalized again. `Err` when a limit is hit.
    #[inline]
    fn merge_powers(
        &mut self,
        groups: &mut PowerGroups,
        coeff: &mut Coef,
        out: &mut Vec<ExprId>,
    ) -> Result<bool, ExprId> {
        let mut again = false;
        for (b, e0, mut more) in groups.drain(..) {
            let p = if more.is_empty() {
                // A lone factor is already normalized: rebuild nothing.
                if self.is_one(e0) {
                    b
                } else {
                    self.intern_pow(b, e0)
                }
            } else {
                more.insert(0, e0);
                let e = self.add(&more);
                self.pow(b, e)
            };
            match self.node(p) {
                Node::Num(q) => {
                    *coeff = coeff.mul(&Coef::of(q));
                    if self.coef_too_big(coeff) {
                        return Err(self.stop(Exceeded::ExactBits));
                    }
                }
                Node::Mul(_) => {
                    again = true;
                    out.push(p)
                }
                _ => out.push(p),
            }
        }
        Ok(again)
    }

    /// The product of the coefficient and the merged powers `out`.
    #[inline]
    fn finish_product(&mut self, coeff: Coef, mut out: Vec<ExprId>, again: bool) -> ExprId {
        if coeff.is_zero() {
            return self.zero();
        }
        if again {
            // A merged power split into a product (x^a * x^b where the sum folds):
            // normalize once more; this terminates because the product shrinks.
            let c = self.coef_id(coeff);
            out.push(c);
            let r = self.mul(&out);
            self.give_ids(out);
            return r;
        }
        out.sort_unstable();
        if let Some(&z) = out.iter().find(|&&f| self.is_division_by_zero(f)) {
            // A product with a factor 1/0 is undefined wherever it is evaluated: it
            // has one form, 1/0, so that printing it reads back the same.
            return z;
        }
        // Same base twice can no longer happen; a number times one sum distributes.
        if out.len() == 1 && !coeff.is_one() {
            if let Node::Add(ts) = self.node(out[0]) {
                let ts = ts.to_vec();
                let c = self.coef_id(coeff);
                let scaled: Vec<ExprId> = ts.iter().map(|&t| self.mul(&[c, t])).collect();
                return self.add(&scaled);
            }
        }
        if !coeff.is_one() {
            out.insert(0, self.coef_id(coeff));
        }
        let r = match out.len() {
            0 => self.one(),
            1 => out[0],
            _ => self.intern_list(ListKind::Mul, &out),
        };
        self.give_ids(out);
        r
    }

    /// True for `0^-1`, the one form of a division by zero.
    pub(super) fn is_division_by_zero(&self, id: ExprId) -> bool {
        matches!(self.node(id), Node::Pow(b, _) if self.is_zero(*b))
    }

    pub fn mul2(&mut self, a: ExprId, b: ExprId) -> ExprId {
        self.mul(&[a, b])
    }

    pub fn div(&mut self, a: ExprId, b: ExprId) -> ExprId {
        let inv = self.recip(b);
        self.mul(&[a, inv])
    }

    pub fn recip(&mut self, a: ExprId) -> ExprId {
        let m1 = self.int(-1);
        self.pow(a, m1)
    }
}
