//! The former home of the Hessian and Jacobian reports, kept so that older callers
//! still build: they now live in [`crate::report::matrix`].

pub use crate::pipeline::Jacobian;
pub use crate::report::matrix::*;
