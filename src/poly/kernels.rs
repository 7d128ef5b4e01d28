//! The one kernel numbering: the subexpressions a polynomial treats as variables
//! (`x`, `sin(x)`, `x^x`, a root), numbered in the order they are met.

use rustc_hash::FxHashMap as HashMap;

use crate::store::ExprId;

/// Kernels numbered in the order they are met: a polynomial names a kernel by its
/// number.
#[derive(Default)]
pub struct Kernels {
    exprs: Vec<ExprId>,
    numbers: HashMap<ExprId, u32>,
}

impl Kernels {
    /// The number of kernel `id`, numbering it if it is new.
    pub fn number(&mut self, id: ExprId) -> u32 {
        if let Some(&k) = self.numbers.get(&id) {
            return k;
        }
        let k = self.exprs.len() as u32;
        self.exprs.push(id);
        self.numbers.insert(id, k);
        k
    }

    /// The expression of kernel number `k`.
    pub fn expr(&self, k: u32) -> ExprId {
        self.exprs[k as usize]
    }
}
