//! Bounds on input and work: every limit, its default, its flag, and the error that
//! names it. See `docs/robustness.md`.
//!
//! Input is checked before parsing (length, nesting). Work is counted by the
//! expression store: every constructor call is a step, every new node counts against
//! the node ceiling, and exact numbers may not grow past a number of bits. When one of
//! these runs out, the store stops building (its constructors return `0` at once) and
//! remembers which limit was hit; the command then reports it. So a runaway
//! derivative ends within its budget, not by being killed.

use crate::error::{Error, ErrorKind};

/// How deeply an expression may nest (parentheses, function calls, `^` towers and
/// chains of signs, counted together), unless raised with `--max-depth`.
pub const DEFAULT_MAX_DEPTH: usize = 1000;

/// Highest `--max-depth` accepted: deeper trees would need more stack than the
/// worker thread has.
pub const MAX_DEPTH_CEILING: usize = 20_000;

/// The stack of every thread that runs the pipeline (the command's own, each
/// `--jobs` worker, each thread reading or evaluating a table): recursive passes
/// are bounded by the nesting limit, and this leaves them room.
pub const THREAD_STACK_BYTES: usize = 512 << 20;

/// Longest expression accepted, in bytes (`--max-input`).
pub const DEFAULT_MAX_INPUT: usize = 1 << 20;

/// Most distinct subexpressions one expression and its results may hold, each
/// counted with its number of operands (`--max-nodes`): the memory ceiling. One
/// unit takes about 20 to 50 bytes; the 20th derivative of x^x needs between 16
/// and 40 million.
pub const DEFAULT_MAX_NODES: usize = 4_000_000;

/// Most constructor steps spent on one expression (`--max-steps`): the work budget.
pub const DEFAULT_MAX_STEPS: u64 = 400_000_000;

/// Largest exact number, in bits of numerator plus denominator (`--max-exact-bits`).
/// Exact powers beyond it stay unevaluated (`2^100000`); sums and products beyond it
/// stop with an error; values at a point fall back to a float.
pub const DEFAULT_MAX_EXACT_BITS: u64 = 1 << 16;

/// Largest result as written, in tree nodes with shared parts counted each time they
/// are printed (`--max-size`).
pub const DEFAULT_MAX_SIZE: u64 = 50_000_000;

/// Largest decimal exponent of a literal such as `1e10000` (`--max-literal-exponent`):
/// the literal is exact, so its size grows with the exponent.
pub const DEFAULT_MAX_LITERAL_EXPONENT: u64 = 10_000;

/// Every limit of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_depth: usize,
    pub max_input: usize,
    pub max_nodes: usize,
    pub max_steps: u64,
    pub max_exact_bits: u64,
    pub max_size: u64,
    pub max_literal_exponent: u64,
    /// Names the parser reads as abstract functions beside `f`, `g` and `h`
    /// (`--function`): a setting of the parser, carried with its limits.
    pub functions: &'static [&'static str],
    /// Variables that depend on others (`--depends "y(x)"`): a setting of the parser
    /// and the store, carried with the limits as `functions` is.
    pub depends: &'static [Dependency],
}

/// A variable declared to depend on others: `y(x)` is `name` "y", `args` ["x"]; the
/// arguments are distinct variables that depend on nothing themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dependency {
    pub name: &'static str,
    pub args: &'static [&'static str],
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_depth: DEFAULT_MAX_DEPTH,
            max_input: DEFAULT_MAX_INPUT,
            max_nodes: DEFAULT_MAX_NODES,
            max_steps: DEFAULT_MAX_STEPS,
            max_exact_bits: DEFAULT_MAX_EXACT_BITS,
            max_size: DEFAULT_MAX_SIZE,
            max_literal_exponent: DEFAULT_MAX_LITERAL_EXPONENT,
            functions: &[],
            depends: &[],
        }
    }
}

/// Which work limit a store ran into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exceeded {
    Nodes,
    Steps,
    ExactBits,
}

impl Limits {
    /// The error for an expression longer than `max_input` bytes.
    pub fn input_error(&self, len: usize) -> Error {
        Error::new(
            ErrorKind::Limit,
            format!("the expression is {len} bytes long, above the limit of {} bytes", self.max_input),
        )
        .hint("raise the limit with --max-input N")
    }

    /// The error for nesting deeper than `max_depth`.
    pub fn depth_error(&self) -> Error {
        Error::new(ErrorKind::Limit, format!("expression nests deeper than {} levels", self.max_depth))
            .hint("raise the limit with --max-depth N")
    }

    /// The error for a result larger than `max_size` when written out.
    pub fn size_error(&self, what: &str) -> Error {
        Error::new(
            ErrorKind::Limit,
            format!("{what} has more than {} terms and factors when written out", self.max_size),
        )
        .hint("raise the limit with --max-size N, or ask for a lower --order")
    }

    /// The error for a store that ran out of a work limit.
    pub fn exceeded_error(&self, which: Exceeded) -> Error {
        match which {
            Exceeded::Nodes => Error::new(
                ErrorKind::Limit,
                format!("the computation grew past {} distinct subexpressions", self.max_nodes),
            )
            .hint("raise the memory ceiling with --max-nodes N, or ask for a lower --order"),
            Exceeded::Steps => {
                Error::new(ErrorKind::Limit, format!("the computation took more than {} steps", self.max_steps))
                    .hint("raise the work budget with --max-steps N, or ask for a lower --order")
            }
            Exceeded::ExactBits => {
                Error::new(ErrorKind::Limit, format!("an exact number grew past {} bits", self.max_exact_bits))
                    .hint("raise the limit with --max-exact-bits N")
            }
        }
    }
}

// ------------------------------------------------------------- derivatives requested
// The command's bounds on what one expression may ask for (`--order`, `--wrt`).

/// Derivatives requested above this many per expression are refused.
pub const MAX_DERIVATIVES: usize = 10_000;

/// Highest derivative order accepted (`--order`).
pub const MAX_ORDER: u32 = 100;

/// Highest degree of `gradtape series --order`: exact coefficients grow with the
/// degree (at 200 those of exp(sin(x)) have about 2,500 bits), and each term's
/// arithmetic with them.
pub const MAX_SERIES_ORDER: u32 = 200;

/// Default degree of `gradtape series`.
pub const DEFAULT_SERIES_ORDER: u32 = 5;

/// Most times a series is computed again with more terms when its leading terms
/// cancelled (the precision of a quotient is unknown until its denominator's
/// leading term is).
pub const SERIES_MAX_RETRIES: usize = 4;

/// The simplifier's steps spent on a series' coefficients, all together: past them
/// the remaining coefficients are shown as built (symbolic ones, such as those of
/// exp(exp(exp(x))), grow fast with the degree).
pub const SERIES_SIMPLIFY_STEPS: u64 = 5_000_000;

/// Most variables of one series (`--wrt`).
pub const SERIES_MAX_VARIABLES: usize = 8;

// ---------------------------------------------------------------------------------
// Simplifier and derivative chain: internal budgets (no flag). Past one of them a
// rewrite is not tried, or a polynomial form is given up on; the result is still
// correct, only less simplified.

/// Expressions with more distinct nodes than this are only normalized, not
/// simplified (unrelated to `--max-nodes`, the store's memory ceiling).
pub const SIMPLIFY_MAX_DISTINCT_NODES: usize = 200_000;
/// A simplifier polynomial with more terms than this is not built.
pub const SIMPLIFY_MAX_POLY_TERMS: usize = 3000;
/// Sums with more terms than this are not put over a common denominator.
pub const SIMPLIFY_MAX_TOGETHER_TERMS: usize = 40;
/// Distinct denominator factors allowed when combining a sum.
pub const SIMPLIFY_MAX_DEN_FACTORS: usize = 12;
/// Integer powers of sums above this are not multiplied out by the simplifier.
pub const SIMPLIFY_MAX_EXPAND_POWER: u32 = 12;
/// Simplifier coefficients of more bits than this (numerator or denominator)
/// abandon a polynomial.
pub const SIMPLIFY_MAX_COEF_BITS: u64 = 160;
/// Monomials of higher total degree abandon a simplifier polynomial.
pub const SIMPLIFY_MAX_DEGREE: u32 = 32;
/// sin^2 = 1 - cos^2 and the like are tried only up to this power.
pub const SIMPLIFY_MAX_PYTHAGOREAN_POWER: u32 = 24;
/// Sums with more factors than this in all their terms together are not
/// multiplied out (only their common factors are pulled out).
pub const SIMPLIFY_MAX_EXPAND_FACTORS: usize = 4000;
/// Monomial multiplications and division steps allowed per simplification.
pub const SIMPLIFY_STEP_BUDGET: usize = 2_000_000;
/// Sums with more terms than this are not grouped by shared factors.
pub const SIMPLIFY_MAX_GROUP_TERMS: usize = 400;
/// Sums with more factors than this in all their terms together are not grouped
/// by shared factors.
pub const SIMPLIFY_MAX_GROUP_FACTORS: usize = 2000;
/// How many factors deep grouping nests.
pub const SIMPLIFY_MAX_GROUP_DEPTH: u32 = 12;
/// A product with more sums to integer powers than this is not searched for a
/// sum above the bar that cancels one below it.
pub const SIMPLIFY_MAX_CANCEL_SUMS: usize = 8;
/// Most Pythagorean rewrites of one polynomial tried as candidates.
pub const SIMPLIFY_MAX_PYTHAGOREAN_FORMS: usize = 4;
/// How many times in turn a common factor is pulled out of a sum, then out of
/// the sum that remains, when its candidate forms are made.
pub const SIMPLIFY_MAX_FACTOR_DEPTH: u32 = 2;
/// How deep into sums, products and powers the simplifier looks to prove an
/// expression never negative (`abs(x^2 + relu(x))` = `x^2 + relu(x)`).
pub const SIMPLIFY_MAX_SIGN_DEPTH: u32 = 6;

/// A kernel polynomial of the derivative chain with more terms than this is given up on.
pub const CHAIN_MAX_TERMS: usize = 4000;
/// Kernel polynomial coefficients of more bits than this give the polynomial up.
pub const CHAIN_MAX_COEF_BITS: u64 = 4096;
/// Integer powers of sums above this are kept as kernels, not multiplied out.
pub const CHAIN_MAX_EXPAND_POWER: i64 = 12;
/// Kernel exponents beyond this (either sign) give the polynomial up.
pub const CHAIN_MAX_EXPONENT: i32 = 1000;

// The raw chain's bounds (see `diff::chain`).

/// Printed size (SymPy `count_ops`) above which a raw derivative is dropped: the
/// raw chain stops there, and the collected chain gives the result.
pub const CHAIN_RAW_SIMPLIFY_COST: u64 = 2_000;

/// Orders the raw chain goes to.
pub const CHAIN_RAW_ORDERS: usize = 3;

/// Printed size above which the collected form is tried beside the raw one.
pub const CHAIN_BOTH_COST: u64 = 200;

// ---------------------------------------------------------------------------------
// Values and the numerical check: internal budgets (no flag).

/// Random points checked when no point is given.
pub const CHECK_DEFAULT_POINTS: usize = 3;

/// Random points tried before giving up on finding one inside the domain.
pub const CHECK_MAX_ATTEMPTS: usize = 200;

/// Expressions with more distinct nodes than this get float values only: exact
/// arithmetic on thousands of terms (a sum of 10,000 fractions at x = 37/100) costs
/// seconds for a value that is rarely rational.
pub const EXACT_MAX_NODES: usize = 5_000;

/// A value at a point is shown in closed form (`sqrt(2)/2`, `ln(5)`) only when that
/// form has at most this many distinct nodes; larger ones are shown as floats.
pub const CLOSED_MAX_NODES: usize = 16;

/// A closed form is accepted only when its float agrees with the float evaluation
/// of the expression to this relative difference (logarithms beyond f64): a guard
/// against a wrong fold.
pub const CLOSED_AGREE_REL: f64 = 1e-9;

/// Significant digits of a number beyond f64 without `--digits`.
pub const WIDE_DEFAULT_DIGITS: usize = 6;

/// Most significant digits printed of a number beyond f64: those its logarithm in
/// an f64 determines.
pub const WIDE_MAX_DIGITS: usize = 12;

/// Most significant digits `--digits` accepts (an f64 holds 17).
pub const MAX_DIGITS: usize = 17;

/// Roots of numbers take out perfect powers (sqrt(8) = 2*sqrt(2)) with prime factors
/// up to this bound, found by trial division.
pub const ROOT_MAX_TRIAL_FACTOR: u64 = 1000;

/// A root of a fraction moves its denominator out ((3/2)^(1/2) = sqrt(6)/2) while the
/// integer left under the root has at most this many bits.
pub const ROOT_RATIONALIZE_MAX_BITS: u64 = 64;

/// Numbers beyond f64 are computed through their natural logarithm up to this
/// magnitude of it (e^1e9 ≈ 10^434294482); past it an f64 logarithm no longer
/// determines six leading digits, and the value is too large for floats.
pub const WIDE_MAX_LN: f64 = 1e9;

// ---------------------------------------------------------------------------------
// `simplify --form expanded|factored` (no flag). Past an expansion budget the
// command fails with a limit error; past a factoring budget a polynomial is left
// less factored (still equal).

/// A power of a sum whose expansion would pass this total degree is a limit
/// error of `--form expanded` (`(x+1)^1000`).
pub const FORM_MAX_DEGREE: u32 = 256;
/// Kernel exponents above this (`x^(10^8)`) give up a polynomial of `--form`
/// (a limit error when expanding); products stay below 16 times it, so that
/// exponents never overflow.
pub const FORM_MAX_EXPONENT: u32 = 1 << 24;
/// Terms of one expanded polynomial above which `--form expanded` gives a limit error.
pub const FORM_MAX_TERMS: usize = 5000;
/// Coefficient bits (numerator or denominator) above which `--form expanded` gives
/// a limit error.
pub const FORM_MAX_COEF_BITS: u64 = 2048;
/// Monomial multiplications allowed for one `--form expanded` or `factored` run.
pub const FORM_STEP_BUDGET: usize = 20_000_000;
/// Univariate polynomials of higher degree are not factored (only their content
/// and monomial factor are pulled out).
pub const FACTOR_MAX_DEGREE: usize = 64;
/// Trial division for the divisors of a polynomial's first and last coefficient
/// (its rational root candidates) goes no further than this divisor.
pub const FACTOR_MAX_TRIAL_DIVISOR: u128 = 1_000_000;
/// Rational root candidates p/q tried per polynomial, at most.
pub const FACTOR_MAX_ROOT_CANDIDATES: usize = 20_000;
