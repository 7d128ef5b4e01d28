//! The handle of an expression: [`ExprId`], a node's position in its store. A leaf
//! module, depending on nothing, so that the function table can name expressions
//! without depending on the store that holds them.

/// An expression in a store (`crate::store::Store`). Ids are only meaningful in the
/// store that made them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExprId(u32);

impl ExprId {
    /// The id of the node at `index` of its store; only the store makes ids.
    #[inline]
    pub(crate) const fn at(index: u32) -> ExprId {
        ExprId(index)
    }

    /// The position as the store hashes it.
    #[inline]
    pub(crate) const fn raw(self) -> u32 {
        self.0
    }

    /// The position of the node in its store.
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}
