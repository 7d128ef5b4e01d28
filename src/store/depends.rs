//! Variables that depend on others (`--depends "y(x)"`): `y` stays a variable node,
//! whose mask also holds the bits of x (so every "may contain" test sees that y
//! varies with x), whose derivative by x is the abstract derivative `y'(x)`, and
//! which `y(x)` written out is.

use super::{Dependency, ExprId, Head, Node, Store};

impl Store {
    /// The declaration of `name`, if it depends on other variables.
    pub fn dependency(&self, name: &str) -> Option<Dependency> {
        self.depends.iter().find(|d| d.name == name).copied()
    }

    /// The declarations this store was made with.
    pub fn dependencies(&self) -> &'static [Dependency] {
        self.depends
    }

    /// The variable of a declaration, its arguments made first so that its mask
    /// can hold theirs.
    pub(super) fn dependent_var(&mut self, dep: Dependency) -> ExprId {
        let mask = dep.args.iter().fold(0u128, |m, a| {
            let v = self.plain_var(a);
            m | self.arena.var_masks[v.index()]
        });
        let y = self.plain_var(dep.name);
        if matches!(self.node(y), Node::Var(_)) {
            self.arena.var_masks[y.index()] |= mask;
        }
        y
    }

    /// The arguments of a declaration, as variables of this store.
    pub fn dependency_args(&mut self, dep: Dependency) -> Vec<ExprId> {
        dep.args.iter().map(|a| self.plain_var(a)).collect()
    }

    /// d(y)/d(var) for a variable `y` other than `var`: the abstract derivative of y
    /// in the slot of `var` when y is declared to depend on it (`y'(x)`,
    /// `D[2](u)(x, t)`), else 0.
    pub fn dependent_derivative(&mut self, y: ExprId, var: ExprId) -> ExprId {
        let slot = match (self.node(y), self.node(var)) {
            (Node::Var(name), Node::Var(v)) => {
                self.dependency(name).and_then(|dep| dep.args.iter().position(|a| **a == **v).map(|i| (dep, i)))
            }
            _ => None,
        };
        let Some((dep, i)) = slot else { return self.zero() };
        let h = self.head(dep.name, &[i as u32 + 1]);
        let args = self.dependency_args(dep);
        self.apply(h, &args)
    }

    /// The variable `y` when `h` is y itself (no derivative) at exactly the
    /// variables y is declared to depend on.
    pub(super) fn declared_application(&mut self, h: Head, args: &[ExprId]) -> Option<ExprId> {
        if self.depends.is_empty() {
            return None;
        }
        let def = self.head_def(h);
        if !def.slots.is_empty() {
            return None;
        }
        let dep = self.dependency(&def.name)?;
        let same = dep.args.len() == args.len()
            && dep.args.iter().zip(args).all(|(a, &id)| matches!(self.node(id), Node::Var(n) if **n == **a));
        same.then(|| self.dependent_var(dep))
    }
}
