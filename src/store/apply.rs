//! Abstract functions: the heads (a function's name and the argument slots it is
//! differentiated in) and their applications to arguments.

use super::{ExprId, Head, HeadDef, ListKind, Node, Store};

impl Store {
    /// The head of the function `name` differentiated in `slots` (from 1; any order,
    /// since mixed partials of a smooth function are equal), numbered once per store.
    pub fn head(&mut self, name: &str, slots: &[u32]) -> Head {
        let mut sorted = slots.to_vec();
        sorted.sort_unstable();
        let def = HeadDef { name: name.into(), slots: sorted.into() };
        if let Some(&h) = self.head_ids.get(&def) {
            return h;
        }
        let h = Head(u32::try_from(self.heads.len()).unwrap_or(u32::MAX));
        self.heads.push(def.clone());
        self.head_ids.insert(def, h);
        h
    }

    /// What a head of this store stands for.
    pub fn head_def(&self, h: Head) -> &HeadDef {
        &self.heads[h.0 as usize]
    }

    /// The head one more derivative down: `f` in slot 1 is `f'`, `D[1](g)` in slot 2
    /// is `D[1,2](g)`.
    pub fn head_derivative(&mut self, h: Head, slot: u32) -> Head {
        let def = self.head_def(h);
        let name = def.name.clone();
        let mut slots = def.slots.to_vec();
        slots.push(slot);
        self.head(&name, &slots)
    }

    /// The name of an abstract function that occurs in one of `ids`, if one does.
    pub fn abstract_in(&self, ids: &[ExprId]) -> Option<&str> {
        if self.heads.is_empty() {
            return None;
        }
        let mut seen = vec![false; self.len()];
        let mut stack = ids.to_vec();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i.index()], true) {
                continue;
            }
            match self.node(i) {
                Node::Apply(h, _) => return Some(&self.head_def(*h).name),
                Node::Num(_) | Node::Var(_) | Node::Const(_) => {}
                Node::Add(xs) | Node::Mul(xs) | Node::Call(_, xs) => stack.extend(xs.iter()),
                Node::Pow(b, e) => stack.extend([*b, *e]),
            }
        }
        None
    }

    /// The call or abstract function `id` at other arguments; anything else as it is.
    pub fn at_arguments(&mut self, id: ExprId, args: &[ExprId]) -> ExprId {
        match *self.node(id) {
            Node::Call(f, _) => self.call(f, args),
            Node::Apply(h, _) => self.apply(h, args),
            _ => id,
        }
    }

    /// The function of `h` at `args`.
    pub fn apply(&mut self, h: Head, args: &[ExprId]) -> ExprId {
        // `y(x)` for a y declared to depend on x is y itself.
        if let Some(v) = self.declared_application(h, args) {
            return v;
        }
        // A slot per derivative taken: work like any other node's.
        if !self.charge(self.head_def(h).slots.len() as u64) {
            return ExprId::at(0);
        }
        self.intern_list(ListKind::Apply(h), args)
    }
}
