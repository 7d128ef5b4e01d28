//! The former home of the per-expression driver, kept so that older callers still
//! build: everything here now lives in [`crate::pipeline`], [`crate::diff::chain`]
//! and [`crate::limits`].

pub use crate::diff::chain::{multiset_count, multisets};
pub use crate::limits::{MAX_DERIVATIVES, MAX_ORDER};
pub use crate::pipeline::{run, run_timed, CheckOptions, Derivative, Outcome, Request, Task};
