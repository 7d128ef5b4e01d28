//! The nesting measure, counted in one place for both parsers: each parenthesis, call,
//! `^` and sign on a path counts one level, `+ - * /` end a chain of `^` and signs, and
//! no path may go beyond `--max-depth` (the parsers and every later stage recurse along
//! it). Also the cheap check of parentheses and bars alone, made before pest runs.

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

/// Parentheses and bars not nested beyond the limit (pest itself recurses on them). A
/// bar opens an absolute value where an operand is expected (at the start, after an
/// operator, a sign, `(`, `,`, a root sign or an opening bar) or where none is open at
/// this level of parentheses, and closes one otherwise: as the grammar reads it.
pub(crate) fn check_parens(text: &str, limits: Limits) -> Result<(), Error> {
    // `bars` holds the open bars of each level of parentheses.
    let mut parens = 0usize;
    let mut bars: Vec<usize> = vec![0];
    let mut open_bars = 0usize;
    let mut operand_expected = true;
    for (i, c) in text.char_indices() {
        match c {
            '(' => {
                parens += 1;
                bars.push(0);
                operand_expected = true;
            }
            ')' => {
                parens = parens.saturating_sub(1);
                if bars.len() > 1 {
                    open_bars -= bars.pop().unwrap_or(0);
                }
                operand_expected = false;
            }
            '|' => {
                let level = bars.last_mut().filter(|n| **n > 0 && !operand_expected);
                match level {
                    Some(n) => {
                        *n -= 1;
                        open_bars -= 1;
                        operand_expected = false;
                    }
                    None => {
                        if let Some(n) = bars.last_mut() {
                            *n += 1;
                        }
                        open_bars += 1;
                        operand_expected = true;
                    }
                }
            }
            ' ' | '\t' | '\r' | '\n' | '\u{FEFF}' => continue,
            '+' | '-' | '*' | '/' | '^' | ',' | '−' | '×' | '·' | '⋅' | '÷' | '√' | '∛' => {
                operand_expected = true
            }
            _ => operand_expected = false,
        }
        if parens + open_bars > limits.max_depth {
            return Err(limits.depth_error().at(i, i + 1));
        }
    }
    Ok(())
}
