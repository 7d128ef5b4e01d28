//! The higher-order derivative chain: every derivative by a multiset of variables,
//! each from the derivative of its prefix, along a raw and a collected chain.

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use crate::diff::Differentiator;
use crate::limits::{CHAIN_BOTH_COST, CHAIN_RAW_ORDERS, CHAIN_RAW_SIMPLIFY_COST};
use crate::poly::{KernelAlgebra, KernelPoly};
use crate::simplify::{Form, Simplifier};
use crate::store::{ExprId, Store};

/// Derivatives of one expression by multisets of variables, each computed from the
/// derivatives of its prefix (d/dx d/dy f from d/dy f), along two chains:
///
/// - the raw chain differentiates raw derivatives (the memoized DAG keeps it cheap)
///   up to order [`CHAIN_RAW_ORDERS`](crate::limits::CHAIN_RAW_ORDERS), and simplifies only at the end, which gives the
///   shortest forms for low orders;
/// - the collected chain (second order on) differentiates the polynomial in kernels
///   of the previous order ([`KernelAlgebra`]), so like terms are collected as it goes
///   and nothing is simplified until a result is shown (the 20th derivative of x^x
///   stays a few kilobytes instead of megabytes).
///
/// Each result is the cheaper of the two; once a raw derivative grows large, the raw
/// chain stops. Where a derivative has no polynomial form, the next order is taken
/// from the simplified result instead.
pub struct DerivativeChain {
    /// The expression differentiated.
    f: ExprId,
    diff: Differentiator,
    simplifier: Simplifier,
    algebra: KernelAlgebra,
    /// For each multiset of variable indices taken so far.
    done: HashMap<Vec<usize>, Entry>,
}

/// One derivative of the chain.
#[derive(Default)]
struct Entry {
    /// The raw derivative, while it is small.
    raw: Option<ExprId>,
    /// Its polynomial in kernels: not yet tried (None), or the form if there is one.
    poly: Option<Option<Rc<KernelPoly>>>,
    /// The simplified derivative, once asked for.
    result: Option<ExprId>,
}

impl DerivativeChain {
    /// A chain for the derivatives of `f`.
    pub fn new(f: ExprId) -> DerivativeChain {
        let mut done = HashMap::default();
        done.insert(Vec::new(), Entry { raw: Some(f), poly: None, result: Some(f) });
        DerivativeChain {
            f,
            diff: Differentiator::new(),
            simplifier: Simplifier::new(Form::Auto),
            algebra: KernelAlgebra::new(),
            done,
        }
    }

    /// The simplified derivative by the variables `combo` (indices into `vars`),
    /// as it is shown.
    pub fn derivative(&mut self, s: &mut Store, combo: &[usize], vars: &[ExprId]) -> ExprId {
        let result = if combo.is_empty() { self.simplifier.run(s, self.f) } else { self.result(s, combo, vars) };
        self.simplifier.present(s, result)
    }

    /// The raw derivative by `combo` while it is small (the expression itself for
    /// the empty multiset).
    fn raw(&mut self, s: &mut Store, combo: &[usize], vars: &[ExprId]) -> Option<ExprId> {
        if let Some(e) = self.done.get(combo) {
            return e.raw;
        }
        let (last, prefix) = combo.split_last().map_or((0, &[][..]), |(l, p)| (*l, p));
        let raw = self.raw(s, prefix, vars).filter(|_| combo.len() <= CHAIN_RAW_ORDERS).and_then(|r| {
            let d = self.diff.diff(s, r, vars[last]);
            (self.simplifier.cost(s, d) <= CHAIN_RAW_SIMPLIFY_COST).then_some(d)
        });
        self.done.insert(combo.to_vec(), Entry { raw, ..Entry::default() });
        raw
    }

    /// The polynomial in kernels of the derivative by `combo`, if it has one.
    fn poly(&mut self, s: &mut Store, combo: &[usize], vars: &[ExprId]) -> Option<Rc<KernelPoly>> {
        self.raw(s, combo, vars);
        if let Some(p) = self.done.get(combo).and_then(|e| e.poly.clone()) {
            return p;
        }
        let p = match combo.split_last() {
            None => self.algebra.form(s, self.f),
            Some((&last, prefix)) => {
                let prev = self.poly(s, prefix, vars)?;
                self.algebra.derivative(s, &mut self.diff, &prev, vars[last]).map(Rc::new)
            }
        };
        if let Some(e) = self.done.get_mut(combo) {
            e.poly = Some(p.clone());
        }
        p
    }

    /// The simplified derivative by a non-empty `combo`: the cheaper of the
    /// simplified raw derivative and the simplified collected form.
    fn result(&mut self, s: &mut Store, combo: &[usize], vars: &[ExprId]) -> ExprId {
        let raw = self.raw(s, combo, vars);
        if let Some(r) = self.done.get(combo).and_then(|e| e.result) {
            return r;
        }
        let Some((&last, prefix)) = combo.split_last() else {
            return self.f;
        };
        let mut candidates = Vec::new();
        if let Some(r) = raw {
            candidates.push(self.simplifier.run(s, r));
        }
        // A small raw derivative simplifies well by itself: the collected form is
        // only worth its cost once the raw one has grown.
        let raw_small = raw.is_some_and(|r| self.simplifier.cost(s, r) <= CHAIN_BOTH_COST);
        if combo.len() >= 2 && !raw_small {
            if let Some(p) = self.poly(s, combo, vars) {
                let e = self.algebra.expr(s, &p);
                candidates.push(self.simplifier.run(s, e));
            }
        }
        if candidates.is_empty() {
            // No small raw derivative and no polynomial form: differentiate the
            // previous order's simplified result.
            let prev = self.result(s, prefix, vars);
            let d = self.diff.diff(s, prev, vars[last]);
            candidates.push(self.simplifier.run(s, d));
        }
        let r = self.simplifier.cheapest(s, &candidates);
        if let Some(e) = self.done.get_mut(combo) {
            e.result = Some(r);
        }
        r
    }
}
