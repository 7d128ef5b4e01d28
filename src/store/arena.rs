//! The arena of nodes with what is recorded for each (variable masks, depths,
//! hashes), and the per-pass index that `add` and `mul` use to find like terms.

use super::{ExprId, Node, Store};

/// Products with up to this many distinct bases (sums with up to this many distinct
/// terms) find repeated ones by a linear scan.
const LINEAR_GROUPS: usize = 8;

/// The nodes and what is recorded for each, by id.
pub(super) struct Arena {
    pub(super) nodes: Vec<Node>,
    /// For each node, a 128-bit mask of the variables it may contain (bit = variable
    /// number mod 128): a clear bit proves a variable is absent.
    pub(super) var_masks: Vec<u128>,
    /// For each node, its depth (a leaf is 1).
    pub(super) depths: Vec<u32>,
    /// For each node in the intern table, its hash there (0 for the small numbers,
    /// which are not in it): growing the table rehashes without reading the nodes.
    pub(super) hashes: Vec<u64>,
    /// How many variables there are: the next one's number (each variable is one
    /// node, so it is numbered when its node is made).
    pub(super) vars: u32,
}

impl Arena {
    pub(super) fn with_capacity(n: usize) -> Arena {
        Arena {
            nodes: Vec::with_capacity(n),
            var_masks: Vec::with_capacity(n),
            depths: Vec::with_capacity(n),
            hashes: Vec::with_capacity(n),
            vars: 0,
        }
    }

    /// Forgets every node, keeping the room.
    pub(super) fn clear(&mut self) {
        self.nodes.clear();
        self.var_masks.clear();
        self.depths.clear();
        self.hashes.clear();
        self.vars = 0;
    }

    /// Appends a node (known to be new) with its intern-table hash, and gives its id.
    pub(super) fn push(&mut self, node: Node, hash: u64) -> ExprId {
        let (mask, depth) = match &node {
            Node::Num(_) | Node::Const(_) => (0, 1),
            Node::Var(_) => {
                let n = self.vars;
                self.vars = n.wrapping_add(1);
                (1u128 << (n % 128), 1)
            }
            Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) | Node::Apply(_, xs) => {
                let (m, d) =
                    xs.iter().fold((0, 0), |(m, d), &c| (m | self.var_masks[c.index()], d.max(self.depths[c.index()])));
                (m, d + 1)
            }
            Node::Pow(b, e) => (
                self.var_masks[b.index()] | self.var_masks[e.index()],
                self.depths[b.index()].max(self.depths[e.index()]) + 1,
            ),
        };
        let id = ExprId::at(self.nodes.len() as u32);
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
pub(super) struct Marks {
    /// (pass, position) by id.
    entries: Vec<(u32, u32)>,
    pub(super) pass: u32,
}

impl Marks {
    /// Forgets every mark.
    pub(super) fn start(&mut self) {
        self.pass = self.pass.wrapping_add(1);
        if self.pass == 0 {
            // The stamps went round: old entries could look current.
            self.entries.clear();
            self.pass = 1;
        }
    }

    pub(super) fn get(&self, id: ExprId) -> Option<usize> {
        self.entries.get(id.index()).filter(|e| e.0 == self.pass).map(|e| e.1 as usize)
    }

    pub(super) fn set(&mut self, id: ExprId, position: usize) {
        if id.index() >= self.entries.len() {
            let len = (id.index() + 1).max(2 * self.entries.len());
            self.entries.resize(len, (0, 0));
        }
        self.entries[id.index()] = (self.pass, position as u32);
    }
}

impl Store {
    /// The position of the group with key `key` (the like term of a sum, the base
    /// of a product): a scan while there are few groups, then the store's index by
    /// id, filled once on first need (`indexed`); new groups are added to it by the
    /// caller.
    pub(super) fn find_group<T>(
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
}
