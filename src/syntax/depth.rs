//! The nesting measure, counted in one place for both parsers: each parenthesis, call,
//! `^` and sign on a path counts one level, `+ - * /` end a chain of `^` and signs, and
//! no path may go beyond `--max-depth` (the parsers and every later stage recurse along
//! it). Also the cheap check of parentheses alone, made before pest runs.

use crate::error::Error;
use crate::limits::Limits;

/// Where a parser stands in the nesting measure while it reads an operand sequence.
#[derive(Clone, Copy)]
pub(crate) struct Nesting {
    max: usize,
    /// The depth the current operand sequence starts at: the depth of the group or
    /// call it is in.
    base: usize,
    /// `^` and signs since the last `+ - * /` of the current sequence.
    chain: usize,
}

/// The measure of an enclosing sequence, saved while a nested one is read.
pub(crate) type Saved = (usize, usize);

impl Nesting {
    /// The measure at the top of an expression.
    pub(crate) fn new(limits: Limits) -> Nesting {
        Nesting { max: limits.max_depth, base: 0, chain: 0 }
    }

    /// Counts one more `^` or sign on the current path; false when a primary after it
    /// would be beyond the limit.
    #[inline]
    pub(crate) fn deeper(&mut self) -> bool {
        self.chain += 1;
        self.base + self.chain < self.max
    }

    /// A `+ - * /`: the chain of `^` and signs starts again.
    #[inline]
    pub(crate) fn separator(&mut self) {
        self.chain = 0;
    }

    /// True when the current path is beyond the limit already.
    pub(crate) fn beyond(&self) -> bool {
        self.base + self.chain > self.max
    }

    /// The depth of a primary read here (a group or call nests its contents at it);
    /// `None` when it is beyond the limit.
    #[inline]
    pub(crate) fn primary(&self) -> Option<usize> {
        let depth = self.base + self.chain + 1;
        (depth <= self.max).then_some(depth)
    }

    /// Starts a sequence nested at `depth` (in a group, or an argument of a call);
    /// gives what [`Nesting::leave`] restores.
    #[inline]
    pub(crate) fn enter(&mut self, depth: usize) -> Saved {
        let saved = (self.base, self.chain);
        self.base = depth;
        self.chain = 0;
        saved
    }

    /// Returns to the enclosing sequence.
    #[inline]
    pub(crate) fn leave(&mut self, saved: Saved) {
        (self.base, self.chain) = saved;
    }
}

/// Parentheses not nested beyond the limit (pest itself recurses on them).
pub(crate) fn check_parens(text: &str, limits: Limits) -> Result<(), Error> {
    // Parentheses are ASCII, and no byte of a longer UTF-8 character is: scan bytes.
    let mut depth = 0usize;
    for (i, &c) in text.as_bytes().iter().enumerate() {
        match c {
            b'(' => {
                depth += 1;
                if depth > limits.max_depth {
                    return Err(limits.depth_error().at(i, i + 1));
                }
            }
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}
