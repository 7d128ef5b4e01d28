//! The simplifier after normalization: the driver ([`simplify`], [`Simplifier`]) and
//! its passes in order — the walk (sums over a common denominator with polynomial
//! factors cancelled, common factors pulled out, identities), the finish (double
//! angles, signs of sums in products, fractions cleared out of denominators) and the
//! grouping of shown results — each choosing among candidate forms by the cost
//! measure of [`cost()`].
//!
//! Every rewrite here keeps the value wherever the input is defined; a rewrite
//! that holds only on part of the domain (`sqrt(x^2)` = `x`) is never made. The
//! rules, the cost measure and examples are in `docs/simplification.md`.

mod cancel;
mod candidates;
pub mod cost;
mod denominators;
mod factor;
mod forms;
mod group;
mod identities;
mod normal;
mod predict;
mod products;
mod signs;
#[cfg(test)]
mod tests;
mod together;

use rustc_hash::FxHashMap as HashMap;

use num_traits::ToPrimitive;

use crate::error::Error;
use crate::limits::{SIMPLIFY_MAX_DISTINCT_NODES, SIMPLIFY_MAX_GROUP_DEPTH, SIMPLIFY_STEP_BUDGET};
use crate::poly::{Coef, Kernels, Mono};
use crate::store::{ExprId, Node, Rational, Store};

use candidates::Candidates;
pub use cost::{cost, CostFunction, OpCount};
pub use denominators::fractions_in_denominators;
use identities::identity_call;
use normal::{is_normal_product, is_normal_sum};
use predict::Small;

/// Which shape of result the user prefers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Form {
    /// The candidate of lowest cost (ties keep the normalized form).
    #[default]
    Auto,
    /// Polynomials multiplied out, inside calls and denominators too:
    /// `x^2*exp(x) + 2*x*exp(x)`, `(x+1)^3` is `x^3 + 3*x^2 + 3*x + 1`.
    Expanded,
    /// Sums factored over the rationals: common factors pulled out
    /// (`x*(x + 2)*exp(x)`), and a polynomial in one kernel split into its
    /// square-free parts and rational roots (`x^2+2*x+1` is `(x + 1)^2`).
    Factored,
}

/// Simplifies `id` in the chosen form; an expanded form past its limits
/// (`FORM_*` in `limits.rs`) is left as the simplifier's passes made it.
pub fn simplify(s: &mut Store, id: ExprId, form: Form) -> ExprId {
    let mut simplifier = Simplifier::new(form);
    let r = simplifier.run(s, id);
    let r = simplifier.present(s, r);
    simplifier.in_form(s, r).unwrap_or(r)
}

/// Simplifies `id` in the chosen form, or says which limit an expanded form
/// would pass.
pub fn simplify_in(s: &mut Store, id: ExprId, form: Form) -> Result<ExprId, Error> {
    let mut simplifier = Simplifier::new(form);
    let r = simplifier.run(s, id);
    let r = simplifier.present(s, r);
    simplifier.in_form(s, r)
}

/// One simplification run: memo tables, kernels and the step budget.
pub struct Simplifier {
    form: Form,
    memo: NodeMemo,
    op_count: OpCount,
    kernels: Kernels,
    /// Candidates of [`Simplifier::together`] by sum.
    together_memo: HashMap<ExprId, Option<Candidates>>,
    /// Results of [`Simplifier::group`] by sum.
    group_memo: HashMap<ExprId, ExprId>,
    /// Results of the grouping pass ([`Simplifier::present_node`]) by node.
    present_memo: NodeMemo,
    /// Results of the last pass ([`Simplifier::finish`]) by node.
    finish_memo: NodeMemo,
    /// The terms [`Simplifier::expr_of`] has built, by monomial and coefficient.
    term_memo: HashMap<Mono, Vec<(Coef, ExprId)>>,
    /// `-b` for the sums `b` whose sign [`Simplifier::flip_signs`] tried.
    neg_memo: HashMap<ExprId, ExprId>,
    /// Children of the nodes being rebuilt (see [`Simplifier::map_children`]).
    scratch: Vec<ExprId>,
    /// Buffers of [`Simplifier::product_cost`].
    cost_groups: Vec<(ExprId, Small)>,
    cost_whole: Vec<(ExprId, ExprId)>,
    steps: usize,
}

/// A result per node, in a table indexed by node number (nodes are numbered
/// densely as the store makes them).
#[derive(Default)]
struct NodeMemo(Vec<Option<ExprId>>);

impl NodeMemo {
    fn get(&self, id: ExprId) -> Option<ExprId> {
        self.0.get(id.index()).copied().flatten()
    }

    fn insert(&mut self, id: ExprId, r: ExprId) {
        let i = id.index();
        if i >= self.0.len() {
            let len = (i + 1).max(2 * self.0.len());
            self.0.resize(len, None);
        }
        self.0[i] = Some(r);
    }
}

/// Which pass [`Simplifier::map_children`] applies.
#[derive(Clone, Copy)]
enum Pass {
    Walk,
    Finish,
    Present,
}

impl Simplifier {
    pub fn new(form: Form) -> Simplifier {
        Simplifier {
            form,
            memo: NodeMemo::default(),
            op_count: OpCount::dense(),
            kernels: Kernels::default(),
            together_memo: HashMap::default(),
            group_memo: HashMap::default(),
            finish_memo: NodeMemo::default(),
            present_memo: NodeMemo::default(),
            neg_memo: HashMap::default(),
            term_memo: HashMap::default(),
            scratch: Vec::new(),
            cost_groups: Vec::new(),
            cost_whole: Vec::new(),
            steps: SIMPLIFY_STEP_BUDGET,
        }
    }

    /// Simplifies `id`; falls back to `id` itself when it is too large, and in
    /// the automatic form never returns anything costlier than `id`.
    pub fn run(&mut self, s: &mut Store, id: ExprId) -> ExprId {
        if self.memo.get(id).is_none() && too_large(s, id) {
            return id;
        }
        let r = self.walk(s, id);
        let r = self.finish(s, r);
        if self.form == Form::Auto && self.cost(s, r) > self.cost(s, id) && !self.clears_enough(s, id, r) {
            return id;
        }
        r
    }

    /// A simplified result as it is shown: its sums grouped by shared factors
    /// where that is shorter (`Simplifier::group`), except in the expanded
    /// form. Kept apart from [`Simplifier::run`] because a grouped form is a
    /// poor start for the next derivative: its product rule undoes the grouping.
    pub fn present(&mut self, s: &mut Store, id: ExprId) -> ExprId {
        if self.form == Form::Expanded || too_large(s, id) {
            return id;
        }
        let r = self.present_node(s, id);
        if self.cost(s, r) < self.cost(s, id) || self.clears_enough(s, id, r) {
            r
        } else {
            id
        }
    }

    /// The form's own pass (`forms.rs`) over a simplified result.
    fn in_form(&mut self, s: &mut Store, id: ExprId) -> Result<ExprId, Error> {
        match self.form {
            Form::Auto => Ok(id),
            Form::Expanded => self.expand_form(s, id),
            Form::Factored => Ok(self.factor_form(s, id)),
        }
    }

    /// [`cost()`], memoized for the simplifier's lifetime.
    pub fn cost(&mut self, s: &Store, id: ExprId) -> u64 {
        self.op_count.cost(s, id)
    }

    fn walk(&mut self, s: &mut Store, id: ExprId) -> ExprId {
        if let Some(r) = self.memo.get(id) {
            return r;
        }
        let r = match *s.node(id) {
            Node::Num(_) | Node::Var(_) | Node::Const(_) => id,
            Node::Add(_) => {
                let a = self.map_children(s, id, Pass::Walk);
                if matches!(s.node(a), Node::Add(_)) {
                    self.sum(s, a)
                } else {
                    a
                }
            }
            Node::Mul(_) => {
                let m = self.map_children(s, id, Pass::Walk);
                self.product(s, m)
            }
            Node::Pow(b, e) => {
                let nb = self.walk(s, b);
                let ne = self.walk(s, e);
                let p = if (nb, ne) == (b, e) { id } else { s.pow(nb, ne) };
                self.power(s, p)
            }
            Node::Call(..) => {
                let c = self.map_children(s, id, Pass::Walk);
                identity_call(s, c).unwrap_or(c)
            }
            Node::Apply(..) => self.map_children(s, id, Pass::Walk),
        };
        self.memo.insert(id, r);
        r
    }

    /// The sum, product, power or call `id` with `pass` applied to each child and the
    /// node built again; `id` itself when no child changes (the store's
    /// constructors give a normalized node back unchanged). The children go on a
    /// shared stack, so that an unchanged node allocates nothing.
    fn map_children(&mut self, s: &mut Store, id: ExprId, pass: Pass) -> ExprId {
        let base = self.scratch.len();
        let kind = match s.node(id) {
            Node::Add(xs) => {
                self.scratch.extend_from_slice(xs);
                0
            }
            Node::Mul(xs) => {
                self.scratch.extend_from_slice(xs);
                1
            }
            Node::Call(_, xs) | Node::Apply(_, xs) => {
                self.scratch.extend_from_slice(xs);
                2
            }
            Node::Pow(b, e) => {
                self.scratch.extend_from_slice(&[*b, *e]);
                3
            }
            _ => return id,
        };
        let mut changed = false;
        for i in base..self.scratch.len() {
            let t = self.scratch[i];
            let r = match pass {
                Pass::Walk => self.walk(s, t),
                Pass::Finish => self.finish(s, t),
                Pass::Present => self.present_node(s, t),
            };
            if r != t {
                self.scratch[i] = r;
                changed = true;
            }
        }
        let xs = &self.scratch[base..];
        let normal = match kind {
            0 => is_normal_sum(s, xs),
            1 => is_normal_product(s, xs),
            _ => true,
        };
        let r = if !changed && normal {
            id
        } else {
            match kind {
                0 => s.add(xs),
                1 => s.mul(xs),
                3 => s.pow(xs[0], xs[1]),
                _ => s.at_arguments(id, xs),
            }
        };
        self.scratch.truncate(base);
        r
    }

    /// The cheapest of the candidates (the first on ties).
    pub fn cheapest(&mut self, s: &Store, cands: &[ExprId]) -> ExprId {
        let mut best = cands[0];
        let mut best_cost = self.cost(s, best);
        for &c in &cands[1..] {
            let k = self.cost(s, c);
            if k < best_cost {
                best = c;
                best_cost = k;
            }
        }
        best
    }

    /// The last pass: products of sines and cosines of one argument become sines
    /// of the double angle, and sums in products change sign with the
    /// coefficient, where that is shorter. It runs after sums are combined, so
    /// that it does not hide common factors from them.
    fn finish(&mut self, s: &mut Store, id: ExprId) -> ExprId {
        if let Some(r) = self.finish_memo.get(id) {
            return r;
        }
        let r = match *s.node(id) {
            Node::Num(_) | Node::Var(_) | Node::Const(_) => id,
            Node::Add(_) | Node::Call(..) | Node::Apply(..) => self.map_children(s, id, Pass::Finish),
            Node::Pow(..) => {
                let p = self.map_children(s, id, Pass::Finish);
                self.clear_fractions(s, p)
            }
            Node::Mul(_) => {
                let m = self.map_children(s, id, Pass::Finish);
                let m = self.double_angle(s, m);
                self.flip_signs(s, m)
            }
        };
        self.finish_memo.insert(id, r);
        r
    }

    /// The grouping pass of [`Simplifier::present`]: every sum, children first,
    /// grouped by [`Simplifier::group`].
    fn present_node(&mut self, s: &mut Store, id: ExprId) -> ExprId {
        if let Some(r) = self.present_memo.get(id) {
            return r;
        }
        let r = self.map_children(s, id, Pass::Present);
        let r = match s.node(r) {
            Node::Add(_) => self.group(s, r, SIMPLIFY_MAX_GROUP_DEPTH),
            // Grouping may have made a denominator with fractions again.
            Node::Pow(..) => self.clear_fractions(s, r),
            _ => r,
        };
        self.present_memo.insert(id, r);
        r
    }
}

/// The integer value of `q` when it is one that fits an `i64`.
fn small_integer(q: &Rational) -> Option<i64> {
    if q.is_integer() {
        q.to_integer().to_i64()
    } else {
        None
    }
}

/// True when the expression has more than [`SIMPLIFY_MAX_DISTINCT_NODES`] distinct nodes; it
/// cannot when the whole store has no more.
fn too_large(s: &Store, id: ExprId) -> bool {
    s.len() > SIMPLIFY_MAX_DISTINCT_NODES && s.dag_size(id, SIMPLIFY_MAX_DISTINCT_NODES) > SIMPLIFY_MAX_DISTINCT_NODES
}
