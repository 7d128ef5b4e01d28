//! Printing one expression: as gradtape text and as LaTeX. Whole outcomes are
//! written by [`crate::report`]; `output` and `matrix` only forward there.

pub mod latex;
pub mod layout;
pub mod matrix;
pub mod output;
pub mod text;
