//! The canonical expression store: a hash-consed arena of normalized nodes, and the
//! constructors that keep every node in normal form.
//!
//! Every expression lives in a [`Store`] as an [`ExprId`]; building the same
//! expression twice gives the same id, so equality is an id comparison and shared
//! subexpressions are stored once. The constructors ([`Store::add`], [`Store::mul`],
//! [`Store::pow`], [`Store::call`]) normalize as they build:
//!
//! - sums and products are n-ary and flat, their operands sorted by id, with at most
//!   one number, which comes first;
//! - like terms are merged by adding their rational coefficients (`x + 2*x` = `3*x`),
//!   like factors by adding exponents (`x*x^2` = `x^3`);
//! - numbers fold exactly, `0` and `1` vanish where they are neutral;
//! - a number times a sum is distributed (`2*(x + 1)` = `2*x + 2`);
//! - `exp(u)` is `e^u`, `sqrt(u)` is `u^(1/2)`, `a/b` is `a*b^-1`, `a - b` is `a + -1*b`;
//! - known values of functions fold (`sin(pi/6)` = `1/2`, `log2(8)` = `3`), by the
//!   rule in each function's row of the table ([`crate::func`]).
//!
//! The invariants every node keeps:
//!
//! - a node's operands are ids of earlier nodes (ids grow with time, so a store is
//!   topologically sorted);
//! - each node is stored once: the intern table finds an existing node from its parts;
//! - ids `0`, `1` and `2` are the numbers 0, 1 and -1;
//! - the order of operands, and so every printed form, depends only on the order in
//!   which nodes were made, never on hashing;
//! - every rewrite keeps the value wherever the input is defined (see
//!   `docs/architecture.md`);
//! - work is bounded: every constructor call spends a step, every node counts against
//!   the node ceiling, and no exact number grows past the exact-bits limit (see
//!   [`crate::limits`]); once one runs out, the constructors return `0`.
//!
//! One file per concern: `arena` keeps the nodes and what is recorded for
//! each, `intern` finds and makes nodes and the leaves, `add`, `mul`, `pow` and
//! `call` are the constructors of each kind of node (`call` folding known values
//! through the function's row), `builder` offers the constructors to the function
//! table's rules as its [`ExprBuilder`](crate::func::ExprBuilder), `rebuild` rewrites
//! an expression through the constructors.
//!
//! The store depends on the function table and the leaves `expr_id` and `number`;
//! nothing in `func` depends on the store. [`ExprId`] and [`Constant`] are the
//! leaves' own, re-exported here.

mod add;
mod apply;
mod arena;
mod builder;
mod call;
mod depends;
mod intern;
mod mul;
mod pow;
mod rebuild;
#[cfg(test)]
mod tests;

use std::cell::RefCell;

use hashbrown::HashTable;

use rustc_hash::FxHashMap;

/// The leaves the store shares with the function table, under the store's paths.
pub use crate::expr_id::ExprId;
use crate::func::Func;
use crate::limits::{Dependency, Exceeded, Limits, DEFAULT_MAX_EXACT_BITS};
use crate::number::Coef;
pub use crate::number::Constant;
/// The numeric helpers under the paths the crate has imported them by.
pub use crate::number::{add_assign, int_gcd, int_lcm, mul_assign, rat_add, rat_div, rat_mul, Rational};

use arena::{Arena, Marks};
use intern::ListKind;

/// One normalized node. Children are ids of earlier nodes.
#[derive(Clone, Debug)]
pub enum Node {
    /// A number, boxed so that the other nodes stay small (24 bytes, not 64).
    Num(Box<Rational>),
    Var(Box<str>),
    Const(Constant),
    /// At least two terms, sorted, at most one number (first); no term is a sum.
    Add(Box<[ExprId]>),
    /// At least two factors, sorted, at most one number (first, never 0 or 1);
    /// no factor is a product, no two factors share a base.
    Mul(Box<[ExprId]>),
    /// base ^ exponent; the exponent is never 0 or 1.
    Pow(ExprId, ExprId),
    Call(Func, Box<[ExprId]>),
    /// An abstract function (`f(x)`, `g(x, y)`), or one of its partial derivatives
    /// (`f'(x)`, `D[1,2](g)(x, y)`), at its arguments: the head names which.
    Apply(Head, Box<[ExprId]>),
}

/// An abstract function differentiated in some of its argument slots, numbered in
/// its store: see [`Store::head`] and [`HeadDef`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Head(u32);

/// What a [`Head`] stands for: the function's name and the argument slots (from 1,
/// in ascending order, repeats allowed) it is differentiated in; no slots for the
/// function itself. Mixed partials of a smooth function are equal, so the order in
/// which they were taken is not kept.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HeadDef {
    pub name: Box<str>,
    pub slots: Box<[u32]>,
}

/// Compares numbers by numerator and denominator: a `Rational` is always reduced,
/// so this agrees with `Ratio`'s own (cross-multiplying) comparison.
impl PartialEq for Node {
    fn eq(&self, other: &Node) -> bool {
        match (self, other) {
            (Node::Num(a), Node::Num(b)) => a.numer() == b.numer() && a.denom() == b.denom(),
            (Node::Var(a), Node::Var(b)) => a == b,
            (Node::Const(a), Node::Const(b)) => a == b,
            (Node::Add(a), Node::Add(b)) | (Node::Mul(a), Node::Mul(b)) => a == b,
            (Node::Pow(a, b), Node::Pow(c, d)) => a == c && b == d,
            (Node::Call(f, a), Node::Call(g, b)) => f == g && a == b,
            (Node::Apply(f, a), Node::Apply(g, b)) => f == g && a == b,
            _ => false,
        }
    }
}

impl Eq for Node {}

/// Hashes numbers by numerator and denominator: a `Rational` is always reduced,
/// so equal numbers hash alike without `Ratio`'s own (division-heavy) hash.
impl std::hash::Hash for Node {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        std::mem::discriminant(self).hash(h);
        match self {
            Node::Num(q) => {
                q.numer().hash(h);
                q.denom().hash(h);
            }
            Node::Var(v) => v.hash(h),
            Node::Const(c) => c.hash(h),
            Node::Add(xs) | Node::Mul(xs) => xs.hash(h),
            Node::Pow(b, e) => {
                b.hash(h);
                e.hash(h);
            }
            Node::Call(f, xs) => {
                f.hash(h);
                xs.hash(h);
            }
            Node::Apply(f, xs) => {
                f.hash(h);
                xs.hash(h);
            }
        }
    }
}

/// The expression store. Ids are only meaningful in the store that made them.
pub struct Store {
    arena: Arena,
    /// Spare buffers for the constructors (see `take_ids`), so that building a node
    /// allocates only the node.
    id_bufs: Vec<Vec<ExprId>>,
    term_bufs: Vec<Vec<(ExprId, Coef)>>,
    factor_bufs: Vec<mul::PowerGroups>,
    /// The index of the groups of like terms (factors) while `add` (`mul`) collects
    /// them.
    marks: Marks,
    /// Child lists of the nodes of a dropped store, for new nodes.
    lists: Lists,
    /// The intern table: the id of every node but the small numbers, found by the
    /// node's hash (see [`node_hash`]) and compared against the arena, so each node
    /// is stored once.
    table: HashTable<ExprId>,
    /// The numbers whose numerator and denominator fit in 64 bits, by value.
    small_nums: FxHashMap<(i64, u64), ExprId>,
    /// The work limits (see `limits.rs`) and what has been spent.
    max_nodes: usize,
    max_steps: u64,
    max_exact_bits: u64,
    steps: u64,
    /// Nodes plus their operands: what the node ceiling counts.
    weight: usize,
    /// The limit this store ran into, if any: from then on constructors return 0.
    exceeded: Option<Exceeded>,
    /// The heads of abstract functions, by number, and the number of each.
    heads: Vec<HeadDef>,
    head_ids: FxHashMap<HeadDef, Head>,
    /// The variables that depend on others (`--depends`), see `depends.rs`.
    depends: &'static [Dependency],
}

/// Room for this many nodes is made up front (a small expression's derivative
/// and its simplification fit without growing the tables).
const INITIAL_NODES: usize = 64;
const INITIAL_NUMBERS: usize = 8;

/// Spare constructor buffers kept by a store, at most (one per level of nesting of
/// the constructors that are active at once).
const MAX_SPARE_BUFS: usize = 32;

/// The numbers every store holds from the start, at fixed ids.
const ZERO: ExprId = ExprId::at(0);
const ONE: ExprId = ExprId::at(1);
const MINUS_ONE: ExprId = ExprId::at(2);

/// Child lists kept for reuse: of each length up to this.
const LIST_POOL_MAX_LEN: usize = 8;

/// Child lists kept for reuse, at most, of each length.
const LIST_POOL_PER_LEN: usize = 4096;

/// The child lists of a dropped store's sums, products and calls, by length, so that
/// the nodes of the next store take them instead of allocating their own.
#[derive(Default)]
pub(super) struct Lists(Vec<Vec<Box<[ExprId]>>>);

impl Lists {
    /// A list holding `xs`: a kept one of that length when there is one.
    pub(super) fn take(&mut self, xs: &[ExprId]) -> Box<[ExprId]> {
        match self.0.get_mut(xs.len()).and_then(Vec::pop) {
            Some(mut list) => {
                list.copy_from_slice(xs);
                list
            }
            None => xs.into(),
        }
    }

    /// Keeps the lists of `nodes` (up to the pool's bounds); the rest are freed.
    fn keep(&mut self, nodes: &mut Vec<Node>) {
        if self.0.is_empty() {
            self.0.resize_with(LIST_POOL_MAX_LEN + 1, Vec::new);
        }
        for node in nodes.drain(..) {
            if let Node::Add(list) | Node::Mul(list) | Node::Call(_, list) | Node::Apply(_, list) = node {
                if let Some(kept) = self.0.get_mut(list.len()).filter(|k| k.len() < LIST_POOL_PER_LEN) {
                    kept.push(list);
                }
            }
        }
    }
}

/// A dropped store's buffers are kept for the next store of the thread when its
/// arena held at most this many nodes (a batch line's store, not a huge one's).
const SPARE_MAX_NODES: usize = 1 << 14;

/// The emptied buffers of a dropped store, for the next one (a batch makes one
/// store per line: reusing them saves their allocation and growth).
struct Spare {
    arena: Arena,
    table: HashTable<ExprId>,
    small_nums: FxHashMap<(i64, u64), ExprId>,
    id_bufs: Vec<Vec<ExprId>>,
    term_bufs: Vec<Vec<(ExprId, Coef)>>,
    factor_bufs: Vec<mul::PowerGroups>,
    marks: Marks,
    lists: Lists,
}

thread_local! {
    static SPARE: RefCell<Option<Spare>> = const { RefCell::new(None) };
}

impl Spare {
    /// The spare buffers of this thread, if a store left them.
    fn take() -> Option<Spare> {
        SPARE.try_with(|s| s.borrow_mut().take()).ok().flatten()
    }

    /// New buffers, sized for a small expression.
    fn fresh() -> Spare {
        Spare {
            arena: Arena::with_capacity(INITIAL_NODES),
            table: HashTable::with_capacity(INITIAL_NODES),
            small_nums: FxHashMap::with_capacity_and_hasher(INITIAL_NUMBERS, Default::default()),
            id_bufs: Vec::new(),
            term_bufs: Vec::new(),
            factor_bufs: Vec::new(),
            marks: Marks::default(),
            lists: Lists::default(),
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if self.arena.nodes.capacity() > SPARE_MAX_NODES {
            return;
        }
        let mut spare = Spare {
            arena: std::mem::replace(&mut self.arena, Arena::with_capacity(0)),
            table: std::mem::take(&mut self.table),
            small_nums: std::mem::take(&mut self.small_nums),
            id_bufs: std::mem::take(&mut self.id_bufs),
            term_bufs: std::mem::take(&mut self.term_bufs),
            factor_bufs: std::mem::take(&mut self.factor_bufs),
            marks: std::mem::take(&mut self.marks),
            lists: std::mem::take(&mut self.lists),
        };
        spare.lists.keep(&mut spare.arena.nodes);
        spare.arena.clear();
        spare.table.clear();
        spare.small_nums.clear();
        // The constructors' buffers are kept empty already; the marks of a new
        // pass ignore the old entries.
        spare.marks.start();
        let _ = SPARE.try_with(|s| {
            let mut slot = s.borrow_mut();
            if slot.is_none() {
                *slot = Some(spare);
            }
        });
    }
}

impl Default for Store {
    fn default() -> Store {
        let spare = Spare::take().unwrap_or_else(Spare::fresh);
        let mut s = Store {
            arena: spare.arena,
            table: spare.table,
            small_nums: spare.small_nums,
            id_bufs: spare.id_bufs,
            term_bufs: spare.term_bufs,
            factor_bufs: spare.factor_bufs,
            marks: spare.marks,
            lists: spare.lists,
            max_nodes: usize::MAX,
            max_steps: u64::MAX,
            max_exact_bits: DEFAULT_MAX_EXACT_BITS,
            steps: 0,
            weight: 0,
            exceeded: None,
            heads: Vec::new(),
            head_ids: FxHashMap::default(),
            depends: &[],
        };
        for n in [0, 1, -1] {
            s.intern_small(n, 1);
        }
        s
    }
}

impl Store {
    pub fn new() -> Store {
        Store::with_limits(&Limits::default())
    }

    /// A store that stops building when it reaches one of the work limits.
    pub fn with_limits(limits: &Limits) -> Store {
        let mut s = Store::default();
        s.max_nodes = limits.max_nodes.max(s.weight);
        s.max_steps = limits.max_steps;
        s.max_exact_bits = limits.max_exact_bits;
        s.depends = limits.depends;
        s
    }

    /// The work limit this store ran into, if any. Once one is hit, every
    /// constructor returns `0` without building, so ids made after it are
    /// meaningless: the caller must discard them.
    pub fn exceeded(&self) -> Option<Exceeded> {
        self.exceeded
    }

    /// Forgets a limit that was hit, for a caller that discards every id made since
    /// (a value that falls back to a float). The budget stays spent.
    pub fn recover(&mut self) {
        self.exceeded = None;
    }

    /// Lifts the node ceiling and the step budget, for printing results whose size
    /// has been checked. The exact-number limit stays: printing `1/6^6666676666`
    /// builds `6^6666676666`, which must stay a power.
    pub fn unlimit(&mut self) {
        self.exceeded = None;
        self.max_nodes = usize::MAX;
        self.max_steps = u64::MAX;
    }

    /// The size of every expression of the store written out as a tree (shared
    /// parts counted each time they appear), saturating at `u64::MAX`, by id.
    pub fn tree_sizes(&self) -> Vec<u64> {
        let mut sizes: Vec<u64> = Vec::with_capacity(self.arena.nodes.len());
        for node in &self.arena.nodes {
            let size = match node {
                Node::Num(_) | Node::Var(_) | Node::Const(_) => 1,
                Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => {
                    xs.iter().fold(1u64, |acc, c| acc.saturating_add(sizes[c.index()]))
                }
                Node::Pow(b, e) => 1u64.saturating_add(sizes[b.index()]).saturating_add(sizes[e.index()]),
            };
            sizes.push(size);
        }
        sizes
    }

    /// Constructor steps spent so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Spends `n` steps of the work budget on work done outside the constructors;
    /// false when the budget is gone (the store then stops as for its own work).
    pub fn charge(&mut self, n: u64) -> bool {
        self.spend(n)
    }

    /// Records that a limit was hit and gives the placeholder every constructor
    /// returns from then on.
    fn stop(&mut self, which: Exceeded) -> ExprId {
        self.exceeded.get_or_insert(which);
        ZERO
    }

    /// Spends `n` steps; false when the budget is gone.
    fn spend(&mut self, n: u64) -> bool {
        self.steps = self.steps.saturating_add(n);
        if self.steps > self.max_steps {
            self.stop(Exceeded::Steps);
        }
        self.exceeded.is_none()
    }

    /// True when `c` is beyond the exact-number limit.
    fn coef_too_big(&self, c: &Coef) -> bool {
        c.bits() > self.max_exact_bits
    }

    /// An empty buffer of ids, from the spares when there is one.
    fn take_ids(&mut self) -> Vec<ExprId> {
        self.id_bufs.pop().unwrap_or_default()
    }

    /// Returns a buffer from `take_ids` to the spares.
    fn give_ids(&mut self, mut buf: Vec<ExprId>) {
        if self.id_bufs.len() < MAX_SPARE_BUFS {
            buf.clear();
            self.id_bufs.push(buf);
        }
    }

    /// The number node of a coefficient.
    fn coef_id(&mut self, c: Coef) -> ExprId {
        match c {
            Coef::Small(n, d) => self.intern_small(n, d),
            Coef::Big(q) => self.intern_num(*q),
        }
    }

    /// The node behind an id.
    pub fn node(&self, id: ExprId) -> &Node {
        &self.arena.nodes[id.index()]
    }

    /// Makes room for `n` more nodes, so that building a large expression does not
    /// grow the tables step by step.
    pub fn reserve(&mut self, n: usize) {
        let arena = &mut self.arena;
        arena.nodes.reserve(n);
        arena.var_masks.reserve(n);
        arena.depths.reserve(n);
        arena.hashes.reserve(n);
        let hashes = &arena.hashes;
        self.table.reserve(n, |&id| hashes[id.index()]);
    }

    /// Every node of the store, in the order they were made (by id).
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.arena.nodes.iter()
    }

    /// How many distinct nodes the store holds.
    pub fn len(&self) -> usize {
        self.arena.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.arena.nodes.is_empty()
    }

    /// The depth of an expression (a leaf is 1).
    pub fn depth(&self, id: ExprId) -> u32 {
        self.arena.depths[id.index()]
    }

    // ----------------------------------------------------------------- queries

    /// The number, if the expression is one.
    pub fn as_num(&self, id: ExprId) -> Option<&Rational> {
        match self.node(id) {
            Node::Num(q) => Some(q),
            _ => None,
        }
    }

    pub fn is_zero(&self, id: ExprId) -> bool {
        id == ZERO
    }

    pub fn is_one(&self, id: ExprId) -> bool {
        id == ONE
    }

    /// False proves that `var` does not occur in `id`; true means it may.
    pub fn may_contain(&self, id: ExprId, var: ExprId) -> bool {
        let v = self.arena.var_masks[var.index()];
        self.arena.var_masks[id.index()] & v != 0
    }

    /// The number of distinct nodes in the expression (each shared subexpression
    /// counted once, the expression itself included), counting no further than
    /// `limit + 1`: a result above `limit` says only that the expression is larger.
    /// The one measure of an expression's size in the store; the tree size, with
    /// shared parts counted each time they are printed, is [`Store::tree_sizes`].
    pub fn dag_size(&self, id: ExprId, limit: usize) -> usize {
        // Operands are earlier nodes, so a bit per id up to `id` marks what was seen;
        // a hash set instead when those bits would outnumber the nodes to count.
        let words = id.index() / 64 + 1;
        let mut bits: Vec<u64> = Vec::new();
        let mut set: rustc_hash::FxHashSet<ExprId> = Default::default();
        if words <= limit {
            bits.resize(words, 0);
        }
        let mut count = 0;
        let mut stack = vec![id];
        while let Some(i) = stack.pop() {
            let new = match bits.get_mut(i.index() / 64) {
                Some(w) => {
                    let bit = 1u64 << (i.index() % 64);
                    let new = *w & bit == 0;
                    *w |= bit;
                    new
                }
                None => set.insert(i),
            };
            if !new {
                continue;
            }
            count += 1;
            if count > limit {
                break;
            }
            match self.node(i) {
                Node::Num(_) | Node::Var(_) | Node::Const(_) => {}
                Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => stack.extend(xs.iter()),
                Node::Pow(b, e) => stack.extend([*b, *e]),
            }
        }
        count
    }

    /// The name of every variable in the store, sorted.
    pub fn var_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::with_capacity(self.arena.vars as usize);
        for node in &self.arena.nodes {
            if let Node::Var(n) = node {
                names.push(n.to_string());
            }
        }
        names.sort_unstable();
        names
    }

    /// Every variable name in the expression, sorted.
    pub fn free_vars(&self, id: ExprId) -> Vec<String> {
        let mut seen = vec![false; self.arena.nodes.len()];
        let mut stack = vec![id];
        let mut names = Vec::new();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i.index()], true) {
                continue;
            }
            match self.node(i) {
                Node::Var(n) => names.push(n.to_string()),
                Node::Num(_) | Node::Const(_) => {}
                Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => stack.extend(xs.iter()),
                Node::Pow(b, e) => stack.extend([*b, *e]),
            }
        }
        names.sort();
        names.dedup();
        names
    }

    /// The rational coefficient of a term without building anything: the number
    /// itself, the first factor of a product when it is a number, else 1.
    pub fn coefficient_of(&self, t: ExprId) -> Rational {
        match self.node(t) {
            Node::Num(q) => (**q).clone(),
            Node::Mul(fs) => self.as_num(fs[0]).cloned().unwrap_or_else(<Rational as num_traits::One>::one),
            _ => <Rational as num_traits::One>::one(),
        }
    }

    /// Splits a term into its rational coefficient and the rest: `3*x*y` is (3, `x*y`).
    pub fn split_coeff(&mut self, id: ExprId) -> (Rational, ExprId) {
        let (c, rest) = self.split_term(id);
        (c.into_rational(), rest)
    }

    /// `split_coeff` with the coefficient as a [`Coef`].
    fn split_term(&mut self, id: ExprId) -> (Coef, ExprId) {
        let (c, len) = match self.node(id) {
            Node::Num(q) => return (Coef::of(q), ONE),
            Node::Mul(fs) => match self.node(fs[0]) {
                Node::Num(q) => (Coef::of(q), fs.len()),
                _ => return (Coef::ONE, id),
            },
            _ => return (Coef::ONE, id),
        };
        let mut rest = self.take_ids();
        if let Node::Mul(fs) = self.node(id) {
            rest.extend_from_slice(&fs[1..]);
        }
        let r = if len == 2 { rest[0] } else { self.intern_list(ListKind::Mul, &rest) };
        self.give_ids(rest);
        (c, r)
    }

    /// Splits a factor into base and exponent: `x^3` is (`x`, 3), `x` is (`x`, 1).
    pub fn split_pow(&mut self, id: ExprId) -> (ExprId, ExprId) {
        match *self.node(id) {
            Node::Pow(b, e) => (b, e),
            _ => (id, self.one()),
        }
    }
}
