//! The canonical expression store: a hash-consed arena of normalized nodes.
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
//! - `exp(u)` is `e^u`, `sqrt(u)` is `u^(1/2)`, `a/b` is `a*b^-1`, `a - b` is `a + -1*b`.
//!
//! Every rewrite keeps the value wherever the input is defined (see
//! `docs/architecture.md`).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use hashbrown::{hash_table, HashTable};
use rustc_hash::{FxHashMap, FxHasher};

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::func::Func;
use crate::limits::{Exceeded, Limits};

/// An exact rational number.
pub type Rational = BigRational;

/// Products with up to this many distinct bases (sums with up to this many distinct
/// terms) find repeated ones by a linear scan.
const LINEAR_GROUPS: usize = 8;

/// Exact powers whose result would have more bits than this stay unevaluated.
pub const MAX_EXACT_BITS: u64 = 1 << 16;

/// An expression in a [`Store`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExprId(u32);

impl ExprId {
    /// The position of the node in its store.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A named mathematical constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Constant {
    Pi,
    E,
}

impl Constant {
    pub fn name(self) -> &'static str {
        match self {
            Constant::Pi => "pi",
            Constant::E => "e",
        }
    }

    pub fn value(self) -> f64 {
        match self {
            Constant::Pi => std::f64::consts::PI,
            Constant::E => std::f64::consts::E,
        }
    }
}

/// One normalized node. Children are ids of earlier nodes.
#[derive(Clone, Debug)]
pub enum Node {
    Num(Rational),
    Var(String),
    Const(Constant),
    /// At least two terms, sorted, at most one number (first); no term is a sum.
    Add(Box<[ExprId]>),
    /// At least two factors, sorted, at most one number (first, never 0 or 1);
    /// no factor is a product, no two factors share a base.
    Mul(Box<[ExprId]>),
    /// base ^ exponent; the exponent is never 0 or 1.
    Pow(ExprId, ExprId),
    Call(Func, Box<[ExprId]>),
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
        }
    }
}

/// The nodes and what is recorded for each, by id.
struct Arena {
    nodes: Vec<Node>,
    /// For each node, a 128-bit mask of the variables it may contain (bit = variable
    /// number mod 128): a clear bit proves a variable is absent.
    var_masks: Vec<u128>,
    /// For each node, its depth (a leaf is 1).
    depths: Vec<u32>,
    /// For each node in the intern table, its hash there (0 for the small numbers,
    /// which are not in it): growing the table rehashes without reading the nodes.
    hashes: Vec<u64>,
    /// How many variables there are: the next one's number (each variable is one
    /// node, so it is numbered when its node is made).
    vars: u32,
}

impl Arena {
    fn with_capacity(n: usize) -> Arena {
        Arena {
            nodes: Vec::with_capacity(n),
            var_masks: Vec::with_capacity(n),
            depths: Vec::with_capacity(n),
            hashes: Vec::with_capacity(n),
            vars: 0,
        }
    }

    /// Appends a node (known to be new) with its intern-table hash, and gives its id.
    fn push(&mut self, node: Node, hash: u64) -> ExprId {
        let (mask, depth) = match &node {
            Node::Num(_) | Node::Const(_) => (0, 1),
            Node::Var(_) => {
                let n = self.vars;
                self.vars = n.wrapping_add(1);
                (1u128 << (n % 128), 1)
            }
            Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => {
                let (m, d) =
                    xs.iter().fold((0, 0), |(m, d), &c| (m | self.var_masks[c.index()], d.max(self.depths[c.index()])));
                (m, d + 1)
            }
            Node::Pow(b, e) => (
                self.var_masks[b.index()] | self.var_masks[e.index()],
                self.depths[b.index()].max(self.depths[e.index()]) + 1,
            ),
        };
        let id = ExprId(self.nodes.len() as u32);
        self.nodes.push(node);
        self.var_masks.push(mask);
        self.depths.push(depth);
        self.hashes.push(hash);
        id
    }
}

/// A map from ids to positions for one pass at a time, by direct addressing: an
/// entry counts only when it carries the current pass's stamp, so a new pass
/// starts without clearing anything. A pass must not start while another is in
/// use (the grouping loops of `add` and `mul` build no sums or products).
#[derive(Default)]
struct Marks {
    /// (pass, position) by id.
    entries: Vec<(u32, u32)>,
    pass: u32,
}

impl Marks {
    /// Forgets every mark.
    fn start(&mut self) {
        self.pass = self.pass.wrapping_add(1);
        if self.pass == 0 {
            // The stamps went round: old entries could look current.
            self.entries.clear();
            self.pass = 1;
        }
    }

    fn get(&self, id: ExprId) -> Option<usize> {
        self.entries.get(id.index()).filter(|e| e.0 == self.pass).map(|e| e.1 as usize)
    }

    fn set(&mut self, id: ExprId, position: usize) {
        if id.index() >= self.entries.len() {
            let len = (id.index() + 1).max(2 * self.entries.len());
            self.entries.resize(len, (0, 0));
        }
        self.entries[id.index()] = (self.pass, position as u32);
    }
}

/// The expression store. Ids are only meaningful in the store that made them.
pub struct Store {
    arena: Arena,
    /// Spare buffers for the constructors (see `take_ids`), so that building a node
    /// allocates only the node.
    id_bufs: Vec<Vec<ExprId>>,
    term_bufs: Vec<Vec<(ExprId, Coef)>>,
    factor_bufs: Vec<Vec<(ExprId, ExprId, Vec<ExprId>)>>,
    /// The index of the groups of like terms (factors) while `add` (`mul`) collects
    /// them.
    marks: Marks,
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
}

/// Room for this many nodes is made up front (a small expression's derivative
/// and its simplification fit without growing the tables).
const INITIAL_NODES: usize = 64;
const INITIAL_NUMBERS: usize = 8;

/// Spare constructor buffers kept by a store, at most (one per level of nesting of
/// the constructors that are active at once).
const MAX_SPARE_BUFS: usize = 32;

/// The numbers every store holds from the start, at fixed ids.
const ZERO: ExprId = ExprId(0);
const ONE: ExprId = ExprId(1);
const MINUS_ONE: ExprId = ExprId(2);

impl Default for Store {
    fn default() -> Store {
        let mut s = Store {
            arena: Arena::with_capacity(INITIAL_NODES),
            table: HashTable::with_capacity(INITIAL_NODES),
            small_nums: FxHashMap::with_capacity_and_hasher(INITIAL_NUMBERS, Default::default()),
            id_bufs: Vec::new(),
            term_bufs: Vec::new(),
            factor_bufs: Vec::new(),
            marks: Marks::default(),
            max_nodes: usize::MAX,
            max_steps: u64::MAX,
            max_exact_bits: MAX_EXACT_BITS,
            steps: 0,
            weight: 0,
            exceeded: None,
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
                Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => {
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
            Coef::Big(q) => self.intern_num(q),
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

    /// The id of the node that `eq` recognizes among those with hash `hash`, or of a
    /// new one made by `make`. Spends a step.
    fn intern_with(&mut self, hash: u64, eq: impl Fn(&Node) -> bool, make: impl FnOnce() -> Node) -> ExprId {
        if !self.spend(1) {
            return ZERO;
        }
        let (nodes, hashes) = (&self.arena.nodes, &self.arena.hashes);
        let slot = match self.table.entry(hash, |&id| eq(&nodes[id.index()]), |&id| hashes[id.index()]) {
            hash_table::Entry::Occupied(found) => return *found.get(),
            hash_table::Entry::Vacant(slot) => slot,
        };
        let node = make();
        debug_assert_eq!(hash, node_hash(&node), "a node's hash from its parts and from the node differ");
        if let Err(which) = admit(&mut self.weight, self.max_nodes, self.max_exact_bits, &node) {
            return self.stop(which);
        }
        let id = self.arena.push(node, hash);
        slot.insert(id);
        id
    }

    /// The number `q`, taken over when it is new.
    fn intern_num(&mut self, q: Rational) -> ExprId {
        if let Some((n, d)) = small(&q) {
            return self.intern_small(n, d);
        }
        if !self.spend(1) {
            return ZERO;
        }
        let (nodes, hashes) = (&self.arena.nodes, &self.arena.hashes);
        let same = |&id: &ExprId| matches!(&nodes[id.index()], Node::Num(p) if p.numer() == q.numer() && p.denom() == q.denom());
        let hash = big_hash(&q);
        let slot = match self.table.entry(hash, same, |&id| hashes[id.index()]) {
            hash_table::Entry::Occupied(found) => return *found.get(),
            hash_table::Entry::Vacant(slot) => slot,
        };
        let node = Node::Num(q);
        if let Err(which) = admit(&mut self.weight, self.max_nodes, self.max_exact_bits, &node) {
            return self.stop(which);
        }
        let id = self.arena.push(node, hash);
        slot.insert(id);
        id
    }

    /// The number n/d (reduced, d > 0), built only when it is new.
    fn intern_small(&mut self, n: i64, d: u64) -> ExprId {
        if !self.spend(1) {
            return ZERO;
        }
        let slot = match self.small_nums.entry((n, d)) {
            std::collections::hash_map::Entry::Occupied(found) => return *found.get(),
            std::collections::hash_map::Entry::Vacant(slot) => slot,
        };
        let node = Node::Num(Rational::new_raw(BigInt::from(n), BigInt::from(d)));
        if let Err(which) = admit(&mut self.weight, self.max_nodes, self.max_exact_bits, &node) {
            return self.stop(which);
        }
        let id = self.arena.push(node, 0);
        slot.insert(id);
        id
    }

    /// A sum, product or call of the given (normalized) operands.
    fn intern_list(&mut self, kind: ListKind, xs: &[ExprId]) -> ExprId {
        let eq = |node: &Node| match (kind, node) {
            (ListKind::Add, Node::Add(ys)) | (ListKind::Mul, Node::Mul(ys)) => **ys == *xs,
            (ListKind::Call(f), Node::Call(g, ys)) => f == *g && **ys == *xs,
            _ => false,
        };
        let make = || match kind {
            ListKind::Add => Node::Add(xs.into()),
            ListKind::Mul => Node::Mul(xs.into()),
            ListKind::Call(f) => Node::Call(f, xs.into()),
        };
        self.intern_with(list_hash(kind, xs), eq, make)
    }

    /// The power `b^e` of normalized parts.
    fn intern_pow(&mut self, b: ExprId, e: ExprId) -> ExprId {
        self.intern_with(
            pow_hash(b, e),
            |node| matches!(*node, Node::Pow(c, f) if c == b && f == e),
            || Node::Pow(b, e),
        )
    }

    // ----------------------------------------------------------------- leaves

    pub fn num(&mut self, q: Rational) -> ExprId {
        self.intern_num(q)
    }

    pub fn int(&mut self, n: i64) -> ExprId {
        match n {
            0 => ZERO,
            1 => ONE,
            -1 => MINUS_ONE,
            _ => self.intern_small(n, 1),
        }
    }

    /// The integer `n`, spending a step as [`Store::num`] does.
    pub(crate) fn small_int(&mut self, n: i64) -> ExprId {
        self.intern_small(n, 1)
    }

    pub fn frac(&mut self, n: i64, d: i64) -> ExprId {
        let signed = if d < 0 { -i128::from(n) } else { i128::from(n) };
        match small_parts(signed, u128::from(d.unsigned_abs())) {
            Some((p, q)) if q != 0 => self.intern_small(p, q),
            _ => self.num(Rational::new(BigInt::from(n), BigInt::from(d))),
        }
    }

    pub fn zero(&mut self) -> ExprId {
        self.int(0)
    }

    pub fn one(&mut self) -> ExprId {
        self.int(1)
    }

    pub fn var(&mut self, name: &str) -> ExprId {
        self.intern_with(
            var_hash(name),
            |node| matches!(node, Node::Var(n) if n == name),
            || Node::Var(name.to_string()),
        )
    }

    pub fn constant(&mut self, c: Constant) -> ExprId {
        self.intern_with(const_hash(c), |node| matches!(*node, Node::Const(k) if k == c), || Node::Const(c))
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

    /// The number of distinct nodes in the expression, counting stops past `limit`.
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
                Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => stack.extend(xs.iter()),
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
                names.push(n.clone());
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
                Node::Var(n) => names.push(n.clone()),
                Node::Num(_) | Node::Const(_) => {}
                Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => stack.extend(xs.iter()),
                Node::Pow(b, e) => stack.extend([*b, *e]),
            }
        }
        names.sort();
        names.dedup();
        names
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

    /// True when the expression is a number below zero or a product with one.
    pub fn has_minus_sign(&self, id: ExprId) -> bool {
        match self.node(id) {
            Node::Num(q) => q.is_negative(),
            Node::Mul(fs) => self.as_num(fs[0]).is_some_and(Signed::is_negative),
            _ => false,
        }
    }

    // ----------------------------------------------------------------- sums

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

    // ----------------------------------------------------------------- products

    /// The product of the factors, normalized.
    /// The position of the group with key `key` (the like term of a sum, the base
    /// of a product): a scan while there are few groups, then the store's index by
    /// id, filled once on first need (`indexed`); new groups are added to it by the
    /// caller.
    fn find_group<T>(
        &mut self,
        groups: &[T],
        key_of: fn(&T) -> ExprId,
        indexed: &mut bool,
        key: ExprId,
    ) -> Option<usize> {
        if groups.len() <= LINEAR_GROUPS {
            return groups.iter().position(|g| key_of(g) == key);
        }
        if !*indexed {
            *indexed = true;
            self.marks.start();
            for (i, g) in groups.iter().enumerate() {
                self.marks.set(key_of(g), i);
            }
        }
        self.marks.get(key)
    }

    pub fn mul(&mut self, factors: &[ExprId]) -> ExprId {
        let mut coeff = Coef::ONE;
        let mut pending = self.take_ids();
        pending.extend(factors.iter().rev());
        // (base, first exponent, further exponents) in order of appearance; an
        // index of the bases (`marks`) only once there are many of them.
        let mut groups = self.factor_bufs.pop().unwrap_or_default();
        let mut indexed = false;
        while let Some(f) = pending.pop() {
            if !self.spend(1) {
                return ZERO;
            }
            match self.node(f) {
                Node::Num(q) => {
                    if q.is_zero() {
                        // 0 times anything is 0, except 0 times 1/0 (0/0), which stays
                        // undefined.
                        if let Some(&z) = factors.iter().find(|&&g| self.is_division_by_zero(g)) {
                            return z;
                        }
                        return self.zero();
                    }
                    coeff = coeff.mul(&Coef::of(q));
                    if self.coef_too_big(&coeff) {
                        return self.stop(Exceeded::ExactBits);
                    }
                }
                Node::Mul(fs) => pending.extend(fs.iter().rev()),
                _ => {
                    let (b, e) = self.split_pow(f);
                    let found = self.find_group(&groups, |g| g.0, &mut indexed, b);
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
        let mut out = self.take_ids();
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
                    coeff = coeff.mul(&Coef::of(q));
                    if self.coef_too_big(&coeff) {
                        return self.stop(Exceeded::ExactBits);
                    }
                }
                Node::Mul(_) => {
                    again = true;
                    out.push(p)
                }
                _ => out.push(p),
            }
        }
        self.factor_bufs.push(groups);
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
    fn is_division_by_zero(&self, id: ExprId) -> bool {
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

    // ----------------------------------------------------------------- powers

    /// base ^ exp, normalized.
    pub fn pow(&mut self, base: ExprId, exp: ExprId) -> ExprId {
        if self.is_zero(exp) {
            return self.one();
        }
        if self.is_one(exp) || self.is_one(base) {
            return if self.is_one(exp) { base } else { self.one() };
        }
        if let (Node::Num(b), Node::Num(e)) = (self.node(base), self.node(exp)) {
            let (b, e) = (b.clone(), e.clone());
            if let Some(id) = self.pow_numbers(&b, &e) {
                return id;
            }
            if b.is_zero() && e.is_negative() {
                // Division by zero has one form, 1/0, whatever the power.
                let m1 = self.int(-1);
                return self.intern_pow(base, m1);
            }
            return self.intern_pow(base, exp);
        }
        if self.is_zero(base) {
            if self.as_num(exp).is_some_and(Signed::is_positive) {
                return self.zero();
            }
            return self.intern_pow(base, exp);
        }
        let exp_int = self.as_num(exp).filter(|q| q.is_integer()).is_some();
        match *self.node(base) {
            // (b^e0)^e = b^(e0*e) when e is an integer, or e0 a number with an odd
            // numerator (then b^e0 has the sign of b, so no branch is lost).
            Node::Pow(b0, e0) => {
                let odd_num = self.as_num(e0).is_some_and(|q| q.numer().is_odd());
                if exp_int || odd_num {
                    let ne = self.mul(&[e0, exp]);
                    return self.pow(b0, ne);
                }
            }
            // (a*b)^n = a^n * b^n for an integer n; (c*X)^e = c^e * X^e for c > 0.
            Node::Mul(_) => {
                let mut fs = self.take_ids();
                if let Node::Mul(xs) = self.node(base) {
                    fs.extend_from_slice(xs);
                }
                if exp_int {
                    let mut parts = self.take_ids();
                    for &f in &fs {
                        let p = self.pow(f, exp);
                        parts.push(p);
                    }
                    let r = self.mul(&parts);
                    self.give_ids(parts);
                    self.give_ids(fs);
                    return r;
                }
                if let Some(c) = self.as_num(fs[0]).filter(|q| q.is_positive()) {
                    let c = self.num(c.clone());
                    let rest = self.mul(&fs[1..]);
                    let pc = self.pow(c, exp);
                    let pr = self.pow(rest, exp);
                    self.give_ids(fs);
                    return self.mul(&[pc, pr]);
                }
                self.give_ids(fs);
            }
            Node::Const(Constant::E) => {
                // e^ln(u) = u and e^(c*ln(u)) = u^c: both sides defined only for u > 0.
                if let Node::Call(Func::Ln, args) = self.node(exp) {
                    return args[0];
                }
                if let Node::Mul(fs) = self.node(exp) {
                    if fs.len() == 2 {
                        if let (Node::Num(_), Node::Call(Func::Ln, args)) = (self.node(fs[0]), self.node(fs[1])) {
                            let (c, u) = (fs[0], args[0]);
                            return self.pow(u, c);
                        }
                    }
                }
            }
            _ => {}
        }
        self.intern_pow(base, exp)
    }

    /// Exact b^e for numbers, when the result is rational or splits off a rational
    /// factor (2^(3/2) = 2*2^(1/2)). None leaves `b^e` as it is.
    fn pow_numbers(&mut self, b: &Rational, e: &Rational) -> Option<ExprId> {
        if e.is_integer() {
            let n = e.to_integer();
            if b.is_zero() {
                return if n.is_positive() { Some(self.zero()) } else { None };
            }
            // The result has at most n times the bits of the numerator, and of the
            // denominator unless that is 1.
            let n_abs = n.abs().to_u64()?;
            let denom_bits = if b.denom().is_one() { 1 } else { b.denom().bits().saturating_mul(n_abs) };
            if b.numer().bits().saturating_mul(n_abs).saturating_add(denom_bits) > self.max_exact_bits {
                return None;
            }
            let p = pow_rational(b, n_abs);
            let p = if n.is_negative() { p.recip() } else { p };
            return Some(self.num(p));
        }
        if !b.is_positive() {
            return None;
        }
        // Rational exponent p/q: take exact q-th roots where they exist.
        let q = e.denom().to_u32()?;
        let p = e.numer().clone();
        if let (Some(rn), Some(rd)) = (exact_root(b.numer(), q), exact_root(b.denom(), q)) {
            let root = self.num(Rational::new(rn, rd));
            let pe = self.num(Rational::from_integer(p));
            return Some(self.pow(root, pe));
        }
        // Split off the integer part of an exponent outside (0, 1): 2^(3/2) = 2*sqrt(2),
        // 2^(-1/2) = sqrt(2)/2.
        if e > &Rational::one() || e.is_negative() {
            let whole = e.floor();
            let frac = e - &whole;
            let w = self.pow_numbers(b, &whole)?;
            let bid = self.num(b.clone());
            let fid = self.num(frac);
            let rest = self.intern_pow(bid, fid);
            return Some(self.mul(&[w, rest]));
        }
        None
    }

    pub fn powi(&mut self, base: ExprId, n: i64) -> ExprId {
        let e = self.int(n);
        self.pow(base, e)
    }

    pub fn sqrt(&mut self, a: ExprId) -> ExprId {
        let half = self.frac(1, 2);
        self.pow(a, half)
    }

    pub fn exp(&mut self, a: ExprId) -> ExprId {
        let e = self.constant(Constant::E);
        self.pow(e, a)
    }

    // ----------------------------------------------------------------- functions

    /// f(args), with known values folded and minus signs moved out of odd and even
    /// functions.
    pub fn call(&mut self, f: Func, args: &[ExprId]) -> ExprId {
        if args.len() == 1 {
            let u = args[0];
            if let Some(v) = self.fold_known(f, u) {
                return v;
            }
            if (f.is_odd() || f.is_even()) && self.has_minus_sign(u) {
                let pos = self.neg(u);
                let inner = self.call(f, &[pos]);
                return if f.is_odd() { self.neg(inner) } else { inner };
            }
        }
        self.intern_list(ListKind::Call(f), args)
    }

    /// Known exact values: sin(pi/6) = 1/2, ln(1) = 0, abs(-3) = 3, ...
    fn fold_known(&mut self, f: Func, u: ExprId) -> Option<ExprId> {
        use Func::*;
        if let Some(q) = self.as_num(u).cloned() {
            return self.fold_number(f, &q);
        }
        match f {
            Sin | Cos | Tan | Cot | Sec | Csc => {
                let k = self.pi_multiple(u)?;
                self.trig_at_pi_multiple(f, &k)
            }
            Ln => match *self.node(u) {
                Node::Const(Constant::E) => Some(ONE),
                // ln(e^a) = a for real a.
                Node::Pow(b, a) if matches!(self.node(b), Node::Const(Constant::E)) => Some(a),
                _ => None,
            },
            Abs => match *self.node(u) {
                Node::Call(Abs, _) => Some(u),
                Node::Const(_) => Some(u),
                Node::Pow(b, _) if matches!(self.node(b), Node::Const(Constant::E)) => Some(u),
                _ => None,
            },
            _ => None,
        }
    }

    fn fold_number(&mut self, f: Func, q: &Rational) -> Option<ExprId> {
        use Func::*;
        let zero = q.is_zero();
        let one = q.is_one();
        match f {
            Sin | Tan | Asin | Atan | Sinh | Tanh | Asinh | Atanh | Erf | Cbrt if zero => Some(self.zero()),
            Cos | Sec | Cosh | Sech | Erfc if zero => Some(self.one()),
            Relu => Some(if q.is_negative() { self.zero() } else { self.num(q.clone()) }),
            Abs => Some(self.num(q.abs())),
            Sign => Some(self.int(if q.is_positive() {
                1
            } else if q.is_negative() {
                -1
            } else {
                0
            })),
            Ln | Log2 | Log10 if one => Some(self.zero()),
            Log2 => self.exact_log(q, 2),
            Log10 => self.exact_log(q, 10),
            Acos if one => Some(self.zero()),
            Acosh if one => Some(self.zero()),
            Sigmoid if zero => Some(self.frac(1, 2)),
            Cbrt => {
                let r = exact_root(&q.numer().abs(), 3)?;
                let d = exact_root(q.denom(), 3)?;
                let v = Rational::new(r, d);
                Some(self.num(if q.is_negative() { -v } else { v }))
            }
            Asin | Acos | Atan | Acot | Asec | Acsc => self.inverse_trig_number(f, q),
            _ => None,
        }
    }

    /// log_base(q) when q is an integer power of the base.
    fn exact_log(&mut self, q: &Rational, base: u32) -> Option<ExprId> {
        let b = BigInt::from(base);
        let (mut n, d) = (q.numer().clone(), q.denom().clone());
        let (mut k, sign) = if d.is_one() {
            (0i64, 1)
        } else if n.is_one() {
            n = d;
            (0i64, -1)
        } else {
            return None;
        };
        if !n.is_positive() {
            return None;
        }
        while n > BigInt::one() {
            let (quot, rem) = n.div_rem(&b);
            if !rem.is_zero() {
                return None;
            }
            n = quot;
            k += 1;
        }
        Some(self.int(sign * k))
    }

    /// asin(1/2) = pi/6 and the like, for the values in the standard table.
    fn inverse_trig_number(&mut self, f: Func, q: &Rational) -> Option<ExprId> {
        use Func::*;
        let half = Rational::new(BigInt::from(1), BigInt::from(2));
        let table: &[(Rational, (i64, i64))] =
            &[(Rational::zero(), (0, 1)), (half.clone(), (1, 6)), (Rational::one(), (1, 2))];
        let arg = match f {
            Asec | Acsc => {
                if q.is_zero() {
                    return None;
                }
                q.recip()
            }
            _ => q.clone(),
        };
        let a = arg.abs();
        let neg = arg.is_negative();
        let k = match f {
            Asin | Acsc => table.iter().find(|(v, _)| *v == a)?.1,
            Acos | Asec => {
                // acos(a) = pi/2 - asin(a)
                let (n, d) = table.iter().find(|(v, _)| *v == a)?.1;
                let (n, d) = (d - 2 * n, 2 * d);
                if neg {
                    // acos(-a) = pi - acos(a) = (d - n)/d * pi
                    let g = gcd_i64(d - n, d);
                    return Some(self.pi_times((d - n) / g, d / g));
                }
                let g = gcd_i64(n, d);
                return Some(self.pi_times(n / g, d / g));
            }
            Atan => {
                if a.is_zero() {
                    (0, 1)
                } else if a.is_one() {
                    (1, 4)
                } else {
                    return None;
                }
            }
            Acot => {
                // acot(a) = pi/2 - atan(a) for a >= 0, odd
                if a.is_zero() {
                    return Some(self.pi_times(1, 2));
                } else if a.is_one() {
                    (1, 4)
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        let v = self.pi_times(k.0, k.1);
        Some(if neg { self.neg(v) } else { v })
    }

    fn pi_times(&mut self, n: i64, d: i64) -> ExprId {
        let c = self.frac(n, d);
        let pi = self.constant(Constant::Pi);
        self.mul(&[c, pi])
    }

    /// k when the expression is k*pi for a rational k.
    fn pi_multiple(&self, u: ExprId) -> Option<Rational> {
        match self.node(u) {
            Node::Const(Constant::Pi) => Some(Rational::one()),
            Node::Mul(fs) if fs.len() == 2 => match (self.node(fs[0]), self.node(fs[1])) {
                (Node::Num(k), Node::Const(Constant::Pi)) => Some(k.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// sin, cos, ... at k*pi for k a multiple of 1/6 or 1/4.
    fn trig_at_pi_multiple(&mut self, f: Func, k: &Rational) -> Option<ExprId> {
        use Func::*;
        // Reduce k to [0, 2).
        let two = Rational::from_integer(BigInt::from(2));
        let mut k = k % &two;
        if k.is_negative() {
            k += &two;
        }
        let twelfths = (&k * Rational::from_integer(BigInt::from(12))).to_integer();
        if Rational::from_integer(twelfths.clone()) != &k * Rational::from_integer(BigInt::from(12)) {
            return None;
        }
        let t = twelfths.to_i64()?; // 0..24, angle = t * 15 degrees
        let (s, c) = sin_cos_table(t)?;
        let sin = self.table_value(s);
        let cos = self.table_value(c);
        match f {
            Sin => Some(sin),
            Cos => Some(cos),
            Tan | Cot | Sec | Csc => {
                let (num, den) = match f {
                    Tan => (sin, cos),
                    Cot => (cos, sin),
                    Sec => (self.one(), cos),
                    _ => (self.one(), sin),
                };
                // At a pole (tan(pi/2)) this is 1/0, which evaluates as undefined: the
                // float of the argument is only near the pole and would give 1.6e16.
                Some(self.div(num, den))
            }
            _ => None,
        }
    }

    /// The exact value of a table entry: (sign, which) with which 0 = 0, 1 = 1/2,
    /// 2 = sqrt(2)/2, 3 = sqrt(3)/2, 4 = 1.
    fn table_value(&mut self, (sign, which): (i64, u8)) -> ExprId {
        let v = match which {
            0 => self.zero(),
            1 => self.frac(1, 2),
            2 | 3 => {
                let r = self.int(which as i64);
                let s = self.sqrt(r);
                let h = self.frac(1, 2);
                self.mul(&[h, s])
            }
            _ => self.one(),
        };
        if sign < 0 {
            self.neg(v)
        } else {
            v
        }
    }

    // ----------------------------------------------------------------- rewriting

    /// Rebuilds an expression bottom-up through the constructors, replacing nodes
    /// for which `leaf` gives a replacement. Memoized over the DAG, so shared
    /// subexpressions are visited once.
    pub fn rebuild(&mut self, id: ExprId, leaf: &mut dyn FnMut(&mut Store, ExprId) -> Option<ExprId>) -> ExprId {
        let mut memo: FxHashMap<ExprId, ExprId> = FxHashMap::default();
        self.rebuild_memo(id, leaf, &mut memo)
    }

    fn rebuild_memo(
        &mut self,
        id: ExprId,
        leaf: &mut dyn FnMut(&mut Store, ExprId) -> Option<ExprId>,
        memo: &mut FxHashMap<ExprId, ExprId>,
    ) -> ExprId {
        if let Some(&r) = memo.get(&id) {
            return r;
        }
        let r = if let Some(r) = leaf(self, id) {
            r
        } else {
            let kind = match *self.node(id) {
                Node::Num(_) | Node::Var(_) | Node::Const(_) => None,
                Node::Pow(b, e) => {
                    let b = self.rebuild_memo(b, leaf, memo);
                    let e = self.rebuild_memo(e, leaf, memo);
                    let r = self.pow(b, e);
                    memo.insert(id, r);
                    return r;
                }
                Node::Add(_) => Some(ListKind::Add),
                Node::Mul(_) => Some(ListKind::Mul),
                Node::Call(f, _) => Some(ListKind::Call(f)),
            };
            match kind {
                None => id,
                Some(kind) => {
                    let mut xs = self.take_ids();
                    if let Node::Add(ys) | Node::Mul(ys) | Node::Call(_, ys) = self.node(id) {
                        xs.extend_from_slice(ys);
                    }
                    for x in xs.iter_mut() {
                        *x = self.rebuild_memo(*x, leaf, memo);
                    }
                    let r = match kind {
                        ListKind::Add => self.add(&xs),
                        ListKind::Mul => self.mul(&xs),
                        ListKind::Call(f) => self.call(f, &xs),
                    };
                    self.give_ids(xs);
                    r
                }
            }
        };
        memo.insert(id, r);
        r
    }

    /// Replaces variables by expressions (a point, when the values are numbers).
    pub fn substitute(&mut self, id: ExprId, values: &HashMap<String, ExprId>) -> ExprId {
        self.rebuild(id, &mut |s, i| match s.node(i) {
            Node::Var(name) => values.get(name).copied(),
            _ => None,
        })
    }
}

/// Which kind of node with a list of operands.
#[derive(Clone, Copy)]
enum ListKind {
    Add,
    Mul,
    Call(Func),
}

// The intern table's hashes, one function per kind of node, so that a node can be
// looked up from its parts without building it. `node_hash` must agree with them
// (checked as nodes are made, in debug builds).

/// Tags that keep the kinds of nodes apart in the hashes.
const TAG_NUM: u64 = 1;
const TAG_VAR: u64 = 2;
const TAG_CONST: u64 = 3;
const TAG_ADD: u64 = 4;
const TAG_MUL: u64 = 5;
const TAG_POW: u64 = 6;
const TAG_CALL: u64 = 7;

/// Records the weight of a new node (see `max_nodes`), or gives the limit it runs
/// into.
fn admit(weight: &mut usize, max_nodes: usize, max_exact_bits: u64, node: &Node) -> Result<(), Exceeded> {
    let w = match node {
        Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => 1 + xs.len(),
        _ => 1,
    };
    if weight.saturating_add(w) > max_nodes {
        return Err(Exceeded::Nodes);
    }
    *weight += w;
    match node {
        Node::Num(q) if q.numer().bits() + q.denom().bits() > max_exact_bits => Err(Exceeded::ExactBits),
        _ => Ok(()),
    }
}

/// The hash of a node of the intern table (small numbers are not in it).
fn node_hash(node: &Node) -> u64 {
    match node {
        Node::Num(q) => big_hash(q),
        Node::Var(name) => var_hash(name),
        Node::Const(c) => const_hash(*c),
        Node::Add(xs) => list_hash(ListKind::Add, xs),
        Node::Mul(xs) => list_hash(ListKind::Mul, xs),
        Node::Pow(b, e) => pow_hash(*b, *e),
        Node::Call(f, xs) => list_hash(ListKind::Call(*f), xs),
    }
}

/// The hash of a number whose parts do not all fit in 64 bits.
fn big_hash(q: &Rational) -> u64 {
    let mut h = FxHasher::default();
    h.write_u64(TAG_NUM);
    q.numer().hash(&mut h);
    q.denom().hash(&mut h);
    h.finish()
}

fn var_hash(name: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write_u64(TAG_VAR);
    name.hash(&mut h);
    h.finish()
}

fn const_hash(c: Constant) -> u64 {
    let mut h = FxHasher::default();
    h.write_u64(TAG_CONST);
    c.hash(&mut h);
    h.finish()
}

fn pow_hash(b: ExprId, e: ExprId) -> u64 {
    let mut h = FxHasher::default();
    h.write_u64(TAG_POW);
    h.write_u64(u64::from(b.0) << 32 | u64::from(e.0));
    h.finish()
}

fn list_hash(kind: ListKind, xs: &[ExprId]) -> u64 {
    let mut h = FxHasher::default();
    match kind {
        ListKind::Add => h.write_u64(TAG_ADD),
        ListKind::Mul => h.write_u64(TAG_MUL),
        ListKind::Call(f) => {
            h.write_u64(TAG_CALL);
            f.hash(&mut h);
        }
    }
    h.write_usize(xs.len());
    for x in xs {
        h.write_u32(x.0);
    }
    h.finish()
}

/// sin and cos of t*15 degrees (t in 0..24) as (sign, which) pairs, for the
/// multiples of 30 and 45 degrees; None for other angles.
fn sin_cos_table(t: i64) -> Option<((i64, u8), (i64, u8))> {
    // sin at multiples of 15 degrees over a quarter turn: 0, -, 1/2, sqrt2/2, sqrt3/2, -, 1
    const QUARTER: [Option<u8>; 7] = [Some(0), None, Some(1), Some(2), Some(3), None, Some(4)];
    let sin_of = |t: i64| -> Option<(i64, u8)> {
        let t = t.rem_euclid(24);
        let (sign, r) = if t < 12 { (1, t) } else { (-1, t - 12) };
        let r = if r > 6 { 12 - r } else { r };
        QUARTER[r as usize].map(|w| (sign, w))
    };
    Some((sin_of(t)?, sin_of(t + 6)?))
}

fn gcd_i64(a: i64, b: i64) -> i64 {
    let g = a.abs().gcd(&b.abs());
    if g == 0 {
        1
    } else {
        g
    }
}

/// A rational coefficient, in machine integers while it fits: summing and
/// multiplying coefficients allocates nothing then.
#[derive(Clone, Debug)]
enum Coef {
    /// n/d, reduced, d > 0.
    Small(i64, u64),
    /// Any other number (never one that fits `Small`).
    Big(Rational),
}

impl Coef {
    const ZERO: Coef = Coef::Small(0, 1);
    const ONE: Coef = Coef::Small(1, 1);

    fn of(q: &Rational) -> Coef {
        match small(q) {
            Some((n, d)) => Coef::Small(n, d),
            None => Coef::Big(q.clone()),
        }
    }

    fn from_rational(q: Rational) -> Coef {
        match small(&q) {
            Some((n, d)) => Coef::Small(n, d),
            None => Coef::Big(q),
        }
    }

    fn into_rational(self) -> Rational {
        match self {
            Coef::Small(n, d) => Rational::new_raw(BigInt::from(n), BigInt::from(d)),
            Coef::Big(q) => q,
        }
    }

    fn is_zero(&self) -> bool {
        match self {
            Coef::Small(n, _) => *n == 0,
            Coef::Big(q) => q.is_zero(),
        }
    }

    fn is_one(&self) -> bool {
        match self {
            Coef::Small(n, d) => *n == 1 && *d == 1,
            Coef::Big(q) => q.is_one(),
        }
    }

    /// The bits of numerator and denominator together, as the exact-number limit
    /// counts them.
    fn bits(&self) -> u64 {
        match self {
            Coef::Small(n, d) => {
                u64::from(u64::BITS - n.unsigned_abs().leading_zeros() + u64::BITS - d.leading_zeros())
            }
            Coef::Big(q) => q.numer().bits() + q.denom().bits(),
        }
    }

    fn add(&self, other: &Coef) -> Coef {
        if let (Coef::Small(an, ad), Coef::Small(bn, bd)) = (self, other) {
            let n = (i128::from(*an) * i128::from(*bd)).checked_add(i128::from(*bn) * i128::from(*ad));
            if let Some((n, d)) = n.and_then(|n| small_parts(n, u128::from(*ad) * u128::from(*bd))) {
                return Coef::Small(n, d);
            }
        }
        Coef::from_rational(rat_add(&self.clone().into_rational(), &other.clone().into_rational()))
    }

    fn mul(&self, other: &Coef) -> Coef {
        match (self, other) {
            (_, Coef::Small(1, 1)) => return self.clone(),
            (Coef::Small(an, ad), Coef::Small(bn, bd)) => {
                let n = i128::from(*an) * i128::from(*bn);
                if let Some((n, d)) = small_parts(n, u128::from(*ad) * u128::from(*bd)) {
                    return Coef::Small(n, d);
                }
            }
            _ => {}
        }
        Coef::from_rational(rat_mul(&self.clone().into_rational(), &other.clone().into_rational()))
    }
}

/// a += b, without the gcd that `Ratio` runs even for integers.
pub fn add_assign(a: &mut Rational, b: &Rational) {
    *a = rat_add(a, b);
}

/// a *= b, without the gcd that `Ratio` runs even for integers.
pub fn mul_assign(a: &mut Rational, b: &Rational) {
    if b.is_one() {
        return;
    }
    *a = rat_mul(a, b);
}

/// Numerator and denominator of `q` when both fit in 64 bits.
fn small(q: &Rational) -> Option<(i64, u64)> {
    Some((q.numer().to_i64()?, q.denom().to_u64()?))
}

/// The reduced fraction n/d (d > 0) as numerator and denominator, if they fit in 64 bits.
fn small_parts(n: i128, d: u128) -> Option<(i64, u64)> {
    if d == 1 {
        return Some((i64::try_from(n).ok()?, 1));
    }
    let (m, d) = match (u64::try_from(n.unsigned_abs()), u64::try_from(d)) {
        // Both in 64 bits: divide in 64 bits, which is much cheaper.
        (Ok(a), Ok(b)) => {
            let g = gcd_u64(a, b);
            (a / g, b / g)
        }
        _ => {
            let g = gcd_u128(n.unsigned_abs(), d);
            (u64::try_from(n.unsigned_abs() / g).ok()?, u64::try_from(d / g).ok()?)
        }
    };
    let m = i64::try_from(m).ok()?;
    Some((if n < 0 { -m } else { m }, d))
}

fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    if a == 0 {
        1
    } else {
        a
    }
}

/// The reduced fraction n/d (d > 0) as a `Rational`, if it fits in 64 bits.
fn small_rat(n: i128, d: u128) -> Option<Rational> {
    let (n, d) = small_parts(n, d)?;
    Some(Rational::new_raw(BigInt::from(n), BigInt::from(d)))
}

fn gcd_u128(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    if a == 0 {
        1
    } else {
        a
    }
}

/// a + b, in machine integers when the operands are small.
pub fn rat_add(a: &Rational, b: &Rational) -> Rational {
    if a.is_integer() && b.is_integer() {
        return Rational::from_integer(a.numer() + b.numer());
    }
    if let (Some((an, ad)), Some((bn, bd))) = (small(a), small(b)) {
        let n = (i128::from(an) * i128::from(bd)).checked_add(i128::from(bn) * i128::from(ad));
        if let Some(q) = n.and_then(|n| small_rat(n, u128::from(ad) * u128::from(bd))) {
            return q;
        }
    }
    a + b
}

/// a * b, in machine integers when the operands are small.
pub fn rat_mul(a: &Rational, b: &Rational) -> Rational {
    if a.is_integer() && b.is_integer() {
        return Rational::from_integer(a.numer() * b.numer());
    }
    if let (Some((an, ad)), Some((bn, bd))) = (small(a), small(b)) {
        if let Some(q) = small_rat(i128::from(an) * i128::from(bn), u128::from(ad) * u128::from(bd)) {
            return q;
        }
    }
    a * b
}

/// gcd(a, b) >= 0, in machine integers when the operands are small.
pub fn int_gcd(a: &BigInt, b: &BigInt) -> BigInt {
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        let (mut x, mut y) = (x.unsigned_abs(), y.unsigned_abs());
        while y != 0 {
            (x, y) = (y, x % y);
        }
        return BigInt::from(x);
    }
    a.gcd(b)
}

/// lcm(a, b) >= 0, in machine integers when the operands are small.
pub fn int_lcm(a: &BigInt, b: &BigInt) -> BigInt {
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x == 0 || y == 0 {
            return BigInt::zero();
        }
        let g = int_gcd(a, b).to_u128().unwrap_or(1);
        let l = u128::from(x.unsigned_abs()) / g * u128::from(y.unsigned_abs());
        return BigInt::from(l);
    }
    a.lcm(b)
}

/// a / b for b nonzero, in machine integers when the operands are small.
pub fn rat_div(a: &Rational, b: &Rational) -> Rational {
    if let (Some((an, ad)), Some((bn, bd))) = (small(a), small(b)) {
        if bn != 0 {
            let n = i128::from(an) * i128::from(bd) * i128::from(bn.signum());
            let d = u128::from(ad) * u128::from(bn.unsigned_abs());
            if let Some(q) = small_rat(n, d) {
                return q;
            }
        }
    }
    a / b
}

/// b^n for a natural n by repeated squaring.
fn pow_rational(b: &Rational, n: u64) -> Rational {
    let numer = num_traits::pow::Pow::pow(b.numer(), n);
    let denom = num_traits::pow::Pow::pow(b.denom(), n);
    Rational::new(numer, denom)
}

/// The exact q-th root of a non-negative integer, if it is a perfect power.
fn exact_root(n: &BigInt, q: u32) -> Option<BigInt> {
    if n.is_negative() {
        return None;
    }
    if q == 0 || n.bits() > MAX_EXACT_BITS {
        return None;
    }
    let r = n.nth_root(q);
    if num_traits::pow::Pow::pow(&r, q) == *n {
        Some(r)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::func::Func;

    #[test]
    fn zero_over_zero_stays_undefined() {
        let mut s = Store::new();
        let zero = s.zero();
        let inv = s.recip(zero);
        let q = s.mul(&[zero, inv]);
        assert!(s.is_division_by_zero(q), "0/0 must not fold to 0");
        let x = s.var("x");
        assert_eq!(s.mul(&[zero, x]), zero);
    }

    /// The machine-integer coefficients must agree with exact rational arithmetic,
    /// also where they overflow into big numbers.
    #[test]
    fn coefficients_match_rationals() {
        let edges = [
            (0, 1),
            (1, 1),
            (-1, 1),
            (3, 7),
            (-5, 12),
            (i64::MAX, 1),
            (i64::MIN, 1),
            (i64::MIN + 1, u64::MAX),
            (1, u64::MAX),
            (-1, u64::MAX - 1),
            (i64::MAX, 3),
        ];
        let q = |n: i64, d: u64| Rational::new(BigInt::from(n), BigInt::from(d));
        for &(an, ad) in &edges {
            for &(bn, bd) in &edges {
                let (a, b) = (Coef::of(&q(an, ad)), Coef::of(&q(bn, bd)));
                let sum = a.add(&b);
                let product = a.mul(&b);
                assert_eq!(sum.clone().into_rational(), q(an, ad) + q(bn, bd));
                assert_eq!(product.clone().into_rational(), q(an, ad) * q(bn, bd));
                for c in [sum, product] {
                    let r = c.clone().into_rational();
                    assert_eq!(c.bits(), r.numer().bits() + r.denom().bits());
                    assert_eq!(matches!(c, Coef::Small(..)), small(&r).is_some());
                }
            }
        }
    }

    /// Equal numbers, names and nodes get one id however they are built.
    #[test]
    fn interning_finds_equal_nodes() {
        let mut s = Store::new();
        assert_eq!(s.frac(2, 4), s.frac(1, 2));
        assert_eq!(s.frac(1, -2), s.frac(-1, 2));
        assert_eq!(s.frac(6, 3), s.int(2));
        assert_eq!(s.frac(i64::MIN, -1), s.num(Rational::from_integer(BigInt::from(i64::MIN).abs())));
        let big = Rational::new(BigInt::from(3).pow(50u32), BigInt::from(2).pow(70u32));
        let (b1, b2) = (s.num(big.clone()), s.num(big.clone()));
        assert_eq!(b1, b2);
        assert_eq!(s.as_num(b1), Some(&big));
        let x = s.var("x");
        assert_eq!(s.var("x"), x);
        assert_ne!(s.var("y"), x);
        let two = s.int(2);
        let p = s.mul(&[two, x]);
        let sum = s.add(&[p, x]);
        let three = s.int(3);
        assert_eq!(sum, s.mul(&[x, three]));
        let len = s.len();
        let again = s.add(&[x, p]);
        assert_eq!(again, sum);
        assert_eq!(s.len(), len, "rebuilding an existing node must not store it again");
    }

    /// Many like terms and factors (past the linear scan) merge as few do.
    #[test]
    fn many_like_terms_merge() {
        let mut s = Store::new();
        let vars: Vec<ExprId> = (0..20).map(|i| s.var(&format!("v{i}"))).collect();
        let mut terms = vars.clone();
        terms.extend(vars.iter().rev());
        let two = s.int(2);
        let doubled: Vec<ExprId> = vars.iter().map(|&v| s.mul(&[two, v])).collect();
        assert_eq!(s.add(&terms), s.add(&doubled));
        let squared: Vec<ExprId> = vars.iter().map(|&v| s.powi(v, 2)).collect();
        assert_eq!(s.mul(&terms), s.mul(&squared));
    }

    /// Marks from an earlier pass, or from before the stamps went round, are gone.
    #[test]
    fn marks_forget_earlier_passes() {
        let mut m = Marks::default();
        m.start();
        m.set(ExprId(5), 3);
        assert_eq!(m.get(ExprId(5)), Some(3));
        assert_eq!(m.get(ExprId(4)), None);
        m.start();
        assert_eq!(m.get(ExprId(5)), None);
        // A mark of pass 1 must not look current when the stamps come round to 1.
        m.pass = 0;
        m.start();
        m.set(ExprId(7), 1);
        m.pass = u32::MAX;
        m.start();
        assert_eq!(m.pass, 1);
        assert_eq!(m.get(ExprId(7)), None);
    }

    /// Every exact value the store folds must agree with the float function.
    #[test]
    fn folded_values_match_floats() {
        let mut s = Store::new();
        let fs = [
            Func::Sin,
            Func::Cos,
            Func::Tan,
            Func::Cot,
            Func::Sec,
            Func::Csc,
            Func::Asin,
            Func::Acos,
            Func::Atan,
            Func::Acot,
            Func::Asec,
            Func::Acsc,
            Func::Ln,
            Func::Log2,
            Func::Log10,
            Func::Cbrt,
            Func::Abs,
            Func::Sign,
            Func::Relu,
            Func::Sigmoid,
        ];
        let pi = std::f64::consts::PI;
        let mut args: Vec<(ExprId, f64)> = Vec::new();
        for (n, d) in [(0, 1), (1, 2), (-1, 2), (1, 1), (-1, 1), (2, 1), (-2, 1), (8, 1), (-27, 8), (1, 1000)] {
            args.push((s.frac(n, d), n as f64 / d as f64));
        }
        for k in -24..=24 {
            let c = s.frac(k, 12);
            let p = s.constant(Constant::Pi);
            args.push((s.mul(&[c, p]), k as f64 / 12.0 * pi));
        }
        let empty = crate::eval::Point::default();
        for f in fs {
            for &(a, x) in &args {
                let Ok(want) = f.eval(&[x]) else { continue };
                if want.abs() > 1e12 {
                    continue; // a pole hit only up to rounding
                }
                let folded = s.call(f, &[a]);
                let got = crate::eval::Evaluator::new(&empty).float(&s, folded);
                let got = got.unwrap_or(f64::NAN);
                assert!((got - want).abs() <= 1e-12 * want.abs().max(1.0), "{f}({x}) folded to {got}, want {want}");
            }
        }
    }
}
