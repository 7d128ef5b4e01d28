//! Printing one expression: as gradtape text and as LaTeX, in the reading order that
//! `layout` decides. Whole outcomes (labels, values, every format) are written by
//! [`crate::report`].

pub mod latex;
pub mod layout;
pub mod text;
