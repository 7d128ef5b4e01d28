//! Printing: expressions as gradtape text and LaTeX, and whole results in each
//! output format.

pub mod check;
pub mod latex;
pub mod layout;
pub mod matrix;
pub mod output;
pub mod text;
