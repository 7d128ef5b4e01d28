//! Finding and making nodes: the intern table and its hashes, the node ceiling and
//! the exact-bits limit as each node is admitted, and the leaves (numbers,
//! variables, constants).

use std::hash::{Hash, Hasher};

use hashbrown::hash_table;
use num_bigint::BigInt;
use rustc_hash::FxHasher;

use super::{Constant, ExprId, Head, Lists, Node, Rational, Store, MINUS_ONE, ONE, ZERO};
use crate::func::Func;
use crate::limits::Exceeded;
use crate::number::{small_fraction, small_parts};

impl Store {
    /// The id of the node that `eq` recognizes among those with hash `hash`, or of a
    /// new one made by `make`. Spends a step.
    pub(super) fn intern_with(
        &mut self,
        hash: u64,
        eq: impl Fn(&Node) -> bool,
        make: impl FnOnce(&mut Lists) -> Node,
    ) -> ExprId {
        if !self.spend(1) {
            return ZERO;
        }
        let (nodes, hashes) = (&self.arena.nodes, &self.arena.hashes);
        let slot = match self.table.entry(hash, |&id| eq(&nodes[id.index()]), |&id| hashes[id.index()]) {
            hash_table::Entry::Occupied(found) => return *found.get(),
            hash_table::Entry::Vacant(slot) => slot,
        };
        let node = make(&mut self.lists);
        debug_assert_eq!(hash, node_hash(&node), "a node's hash from its parts and from the node differ");
        if let Err(which) = admit(&mut self.weight, self.max_nodes, self.max_exact_bits, &node) {
            return self.stop(which);
        }
        let id = self.arena.push(node, hash);
        slot.insert(id);
        id
    }

    /// The number `q`, taken over when it is new.
    pub(super) fn intern_num(&mut self, q: Rational) -> ExprId {
        if let Some((n, d)) = small_parts(&q) {
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
        let node = Node::Num(Box::new(q));
        if let Err(which) = admit(&mut self.weight, self.max_nodes, self.max_exact_bits, &node) {
            return self.stop(which);
        }
        let id = self.arena.push(node, hash);
        slot.insert(id);
        id
    }

    /// The number n/d (reduced, d > 0), built only when it is new.
    pub(super) fn intern_small(&mut self, n: i64, d: u64) -> ExprId {
        if !self.spend(1) {
            return ZERO;
        }
        let slot = match self.small_nums.entry((n, d)) {
            std::collections::hash_map::Entry::Occupied(found) => return *found.get(),
            std::collections::hash_map::Entry::Vacant(slot) => slot,
        };
        let node = Node::Num(Box::new(Rational::new_raw(BigInt::from(n), BigInt::from(d))));
        if let Err(which) = admit(&mut self.weight, self.max_nodes, self.max_exact_bits, &node) {
            return self.stop(which);
        }
        let id = self.arena.push(node, 0);
        slot.insert(id);
        id
    }

    /// A sum, product or call of the given (normalized) operands.
    pub(super) fn intern_list(&mut self, kind: ListKind, xs: &[ExprId]) -> ExprId {
        let eq = |node: &Node| match (kind, node) {
            (ListKind::Add, Node::Add(ys)) | (ListKind::Mul, Node::Mul(ys)) => **ys == *xs,
            (ListKind::Call(f), Node::Call(g, ys)) => f == *g && **ys == *xs,
            (ListKind::Apply(f), Node::Apply(g, ys)) => f == *g && **ys == *xs,
            _ => false,
        };
        let make = |lists: &mut Lists| match kind {
            ListKind::Add => Node::Add(lists.take(xs)),
            ListKind::Mul => Node::Mul(lists.take(xs)),
            ListKind::Call(f) => Node::Call(f, lists.take(xs)),
            ListKind::Apply(f) => Node::Apply(f, lists.take(xs)),
        };
        self.intern_with(list_hash(kind, xs), eq, make)
    }

    /// The power `b^e` of normalized parts.
    pub(super) fn intern_pow(&mut self, b: ExprId, e: ExprId) -> ExprId {
        self.intern_with(
            pow_hash(b, e),
            |node| matches!(*node, Node::Pow(c, f) if c == b && f == e),
            |_| Node::Pow(b, e),
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
        match small_fraction(signed, u128::from(d.unsigned_abs())) {
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

    /// The variable `name`; one declared to depend on others (`--depends`) may
    /// contain them (its mask has their bits), see `depends.rs`.
    pub fn var(&mut self, name: &str) -> ExprId {
        match self.dependency(name) {
            Some(dep) => self.dependent_var(dep),
            None => self.plain_var(name),
        }
    }

    /// The variable `name` as a node of its own.
    pub(super) fn plain_var(&mut self, name: &str) -> ExprId {
        self.intern_with(
            var_hash(name),
            |node| matches!(node, Node::Var(n) if **n == *name),
            |_| Node::Var(name.into()),
        )
    }

    pub fn constant(&mut self, c: Constant) -> ExprId {
        self.intern_with(const_hash(c), |node| matches!(*node, Node::Const(k) if k == c), |_| Node::Const(c))
    }
}

/// Which kind of node with a list of operands.
#[derive(Clone, Copy)]
pub(super) enum ListKind {
    Add,
    Mul,
    Call(Func),
    Apply(Head),
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
const TAG_APPLY: u64 = 8;

/// Records the weight of a new node (see `max_nodes`), or gives the limit it runs
/// into.
fn admit(weight: &mut usize, max_nodes: usize, max_exact_bits: u64, node: &Node) -> Result<(), Exceeded> {
    let w = match node {
        Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => 1 + xs.len(),
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
        Node::Apply(f, xs) => list_hash(ListKind::Apply(*f), xs),
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
    h.write_u64(u64::from(b.raw()) << 32 | u64::from(e.raw()));
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
        ListKind::Apply(f) => {
            h.write_u64(TAG_APPLY);
            f.hash(&mut h);
        }
    }
    h.write_usize(xs.len());
    for x in xs {
        h.write_u32(x.raw());
    }
    h.finish()
}
