//! The former per-format entry points for whole outcomes, kept so that older
//! callers still build: outcomes are now written by [`crate::report`], and the
//! labels live in [`crate::report::labels`].

pub use crate::report::json::{derivative as derivative_json, error as json_error, float as float_json};
pub use crate::report::labels::{derivative_label, function_label, is_partial, runs};
pub use crate::report::text::error_text as text_error;

use crate::pipeline::{Outcome, Task};
use crate::render::latex::LatexOptions;
use crate::report;
use crate::simplify::Form;

/// Which command produced an outcome, in the former calls' terms (the library's
/// one encoding is [`Task`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Diff,
    Simplify,
    Eval,
}

impl Shown {
    /// A task that is shown this way.
    fn task(self) -> Task {
        match self {
            Shown::Diff => Task::Diff { wrt: None, orders: (1, 1) },
            Shown::Simplify => Task::Simplify { form: Form::Auto },
            Shown::Eval => Task::Eval,
        }
    }
}

/// See [`report::text::outcome`].
pub fn text(o: &mut Outcome, shown: Shown) -> String {
    report::text::outcome(o, &shown.task())
}

/// See [`report::plain::outcome`].
pub fn plain(o: &mut Outcome, shown: Shown) -> String {
    report::plain::outcome(o, &shown.task())
}

/// See [`report::json::outcome`].
pub fn json(o: &mut Outcome, shown: Shown, latex: &LatexOptions) -> String {
    report::json::outcome(o, &shown.task(), latex)
}

/// See [`report::latex::outcome`].
pub fn latex(o: &mut Outcome, shown: Shown, opts: &LatexOptions) -> String {
    report::latex::outcome(o, &shown.task(), opts)
}
