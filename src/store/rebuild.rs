//! Rewriting an expression bottom-up through the constructors: `rebuild` with a
//! replacement for chosen nodes, `substitute` for variables, `import` from another
//! store.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::{ExprId, ListKind, Node, Store};

impl Store {
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
                Node::Apply(f, _) => Some(ListKind::Apply(f)),
            };
            match kind {
                None => id,
                Some(kind) => {
                    let mut xs = self.take_ids();
                    if let Node::Add(ys) | Node::Mul(ys) | Node::Call(_, ys) | Node::Apply(_, ys) = self.node(id) {
                        xs.extend_from_slice(ys);
                    }
                    for x in xs.iter_mut() {
                        *x = self.rebuild_memo(*x, leaf, memo);
                    }
                    let r = match kind {
                        ListKind::Add => self.add(&xs),
                        ListKind::Mul => self.mul(&xs),
                        ListKind::Call(f) => self.call(f, &xs),
                        ListKind::Apply(f) => self.apply(f, &xs),
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
            Node::Var(name) => values.get(&**name).copied(),
            _ => None,
        })
    }

    /// Builds the expression `id` of another store in this one, through the
    /// constructors (memoized over the DAG): the same value, normalized here.
    pub fn import(&mut self, from: &Store, id: ExprId) -> ExprId {
        let mut memo: FxHashMap<ExprId, ExprId> = FxHashMap::default();
        self.import_memo(from, id, &mut memo)
    }

    fn import_memo(&mut self, from: &Store, id: ExprId, memo: &mut FxHashMap<ExprId, ExprId>) -> ExprId {
        if let Some(&r) = memo.get(&id) {
            return r;
        }
        let mut children = |s: &mut Store, xs: &[ExprId]| -> Vec<ExprId> {
            xs.iter().map(|&x| s.import_memo(from, x, memo)).collect()
        };
        let r = match from.node(id) {
            Node::Num(q) => self.num((**q).clone()),
            Node::Var(name) => self.var(name),
            Node::Const(c) => self.constant(*c),
            Node::Pow(b, e) => {
                let be = children(self, &[*b, *e]);
                self.pow(be[0], be[1])
            }
            Node::Add(xs) => {
                let xs = children(self, xs);
                self.add(&xs)
            }
            Node::Mul(xs) => {
                let xs = children(self, xs);
                self.mul(&xs)
            }
            Node::Call(f, xs) => {
                let xs = children(self, xs);
                self.call(*f, &xs)
            }
            Node::Apply(h, xs) => {
                let xs = children(self, xs);
                let def = from.head_def(*h);
                let h = self.head(&def.name, &def.slots);
                self.apply(h, &xs)
            }
        };
        memo.insert(id, r);
        r
    }
}
