//! The command line: commands, flags and their help, as clap derives them.

use std::ffi::OsString;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use gradtape::limits;

/// Symbolic differentiation on the command line: closed-form derivatives, exact
/// values, numerically checked.
#[derive(Parser, Debug)]
#[command(name = "gradtape", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  gradtape diff \"x^2+2*x*y+y^2\" --wrt x,y --at x=2,y=3\n  gradtape diff \"x^3\" --wrt x --order 1..2 --at x=2\n  echo \"sin(x)^2\" | gradtape diff --format json\n  gradtape hessian \"x^2*y + y^3\" --at x=1,y=2"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The command line with the value flags ([`ValueArgs`]) added to every command,
/// for help, man pages, completions and clap's own errors about them.
pub fn full_command() -> clap::Command {
    ValueArgs::augment_args(Cli::command())
}

/// How values are printed; declared once, as global flags of [`full_command`].
///
/// Clap pays for every flag of every command at each start (a global flag is copied
/// into each command), so on the common path these three are read from the
/// arguments before clap ([`take_value_flags`]) and clap sees them only when it
/// writes help or reports an error about them.
#[derive(Args, Debug, Clone, Copy)]
#[command(next_help_heading = "Value options")]
pub struct ValueArgs {
    /// Plain output: print closed forms (sqrt(2)/2, ln(5)) instead of their floats.
    #[arg(long, global = true, conflicts_with = "float", display_order = 900)]
    pub exact: bool,
    /// Print every value as a decimal, exact ones too (1/5 as 0.2), in every format.
    #[arg(long, global = true, display_order = 901)]
    pub float: bool,
    /// Significant digits of every float printed (default: the shortest that reads back).
    #[arg(long, global = true, value_name = "N", display_order = 902,
          value_parser = clap::value_parser!(u64).range(1..=limits::MAX_DIGITS as u64))]
    pub digits: Option<u64>,
}

/// Takes `--exact`, `--float` and `--digits N` (or `--digits=N`) out of `args`,
/// before a `--`; None when one is malformed (a missing or bad N, `--exact` with
/// `--float`), so that clap reports it with the full command.
pub fn take_value_flags(args: Vec<OsString>) -> Option<(ValueArgs, Vec<OsString>)> {
    let mut values = ValueArgs { exact: false, float: false, digits: None };
    let mut out = Vec::with_capacity(args.len());
    let mut it = args.into_iter();
    let digits = |t: &str| t.parse::<u64>().ok().filter(|d| (1..=limits::MAX_DIGITS as u64).contains(d));
    while let Some(a) = it.next() {
        match a.to_str() {
            Some("--") => {
                out.push(a);
                out.extend(it);
                break;
            }
            Some("--exact") => values.exact = true,
            Some("--float") => values.float = true,
            Some("--digits") => values.digits = Some(digits(it.next()?.to_str()?)?),
            Some(t) if t.starts_with("--digits=") => values.digits = Some(digits(&t["--digits=".len()..])?),
            _ => out.push(a),
        }
    }
    (!(values.exact && values.float)).then_some((values, out))
}

/// True when clap should see the whole command line: help, man pages and
/// completions show the value flags.
pub fn wants_full_command(args: &[OsString]) -> bool {
    args.iter()
        .skip(1)
        .take_while(|a| *a != "--")
        .any(|a| matches!(a.to_str(), Some("-h" | "--help" | "help" | "manpage" | "completions" | "-V" | "--version")))
}

impl ValueArgs {
    /// The library's style for these flags.
    pub fn style(&self) -> gradtape::eval::format::ValueStyle {
        gradtape::eval::format::ValueStyle {
            exact: self.exact,
            float: self.float,
            digits: self.digits.map(|d| d as usize),
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Differentiate expressions (first, partial, mixed and higher order).
    #[command(
        after_help = "Examples:\n  gradtape diff \"x^2\" --wrt x --at x=2\n  gradtape diff \"x^3\" --order 1..2 --at x=2 --format plain\n  gradtape diff \"x*y\" --order 2 --wrt x,y"
    )]
    Diff(DiffArgs),
    /// Simplify expressions.
    #[command(
        after_help = "Examples:\n  gradtape simplify \"x + 2*x + (x+1)^2 - x^2\"\n  gradtape simplify \"1/(x-1) - 1/(x+1)\" --form expanded"
    )]
    Simplify(SimplifyArgs),
    /// Evaluate expressions at a point, exactly where possible.
    #[command(after_help = "Example:\n  gradtape eval \"sin(x)^2 + 1/3\" --at x=pi/6")]
    Eval(EvalArgs),
    /// The Hessian: the symmetric matrix of second partial derivatives.
    #[command(
        after_help = "Examples:\n  gradtape hessian \"x^3*y + y^2\" --wrt x,y --at x=1,y=2\n  gradtape hessian \"x*y*z\" --format latex"
    )]
    Hessian(HessianArgs),
    /// The Jacobian of several expressions: one row per expression, one column per variable.
    #[command(
        after_help = "Examples:\n  gradtape jacobian \"r*cos(t)\" \"r*sin(t)\" --wrt r,t\n  printf 'x*y\\nx+y\\n' | gradtape jacobian --at x=1,y=2 --format plain"
    )]
    Jacobian(JacobianArgs),
    /// The Laplacian: the sum of the second partial derivatives by each variable.
    #[command(
        after_help = "Examples:\n  gradtape laplacian \"x^2 - y^2\"\n  gradtape laplacian \"1/sqrt(x^2+y^2+z^2)\" --at x=1,y=2,z=2\n  gradtape laplacian \"x^2*y\" --wrt x,y,z --format latex"
    )]
    Laplacian(LaplacianArgs),
    /// The divergence of a vector field: one component per variable, ∂F₁/∂x₁ + ∂F₂/∂x₂ + ….
    #[command(
        after_help = "Examples:\n  gradtape divergence \"x*y\" \"y*z\" \"z*x\" --wrt x,y,z\n  printf 'x^2\\ny^2\\n' | gradtape divergence --wrt x,y --at x=1,y=2 --format plain"
    )]
    Divergence(FieldArgs),
    /// The curl of a vector field of three components, or the scalar curl
    /// ∂F₂/∂x − ∂F₁/∂y of two.
    #[command(
        after_help = "Examples:\n  gradtape curl \"-y\" \"x\" \"0\" --wrt x,y,z\n  gradtape curl \"x*y\" \"x^2\" --wrt x,y --at x=1,y=2\n  printf 'y*z\\nx*z\\nx*y\\n' | gradtape curl --wrt x,y,z --check"
    )]
    Curl(FieldArgs),
    /// Taylor series (Laurent series at a pole) with exact coefficients, in one or
    /// several variables.
    #[command(
        after_help = "Examples:\n  gradtape series \"exp(sin(x))\" --order 6\n  gradtape series \"1/sin(x)\" --order 4\n  gradtape series \"ln(x)\" --around x=1 --order 3\n  gradtape series \"exp(x)*cos(y)\" --wrt x,y --order 3 --format json"
    )]
    Series(SeriesArgs),
    /// Write the value, gradient and Hessian as code: Python, numpy, JAX, TensorFlow,
    /// PyTorch (wired into the framework's autodiff), C or Rust.
    #[command(
        after_help = "Examples:\n  gradtape codegen \"x^2 + 2*x*y + y^2\" --lang tf > quad.py\n  gradtape codegen \"log(1 + exp(w*x))\" --lang c --args w,x --wrt w > loss.c\n  gradtape codegen \"x*y*z\" --lang rust --order 2 --name energy\n\nSee docs/codegen.md."
    )]
    Codegen(CodegenArgs),
    /// Print a completion script for a shell.
    #[command(
        after_help = "Examples:\n  gradtape completions bash > ~/.local/share/bash-completion/completions/gradtape\n  gradtape completions zsh > ~/.zfunc/_gradtape\n  gradtape completions fish > ~/.config/fish/completions/gradtape.fish"
    )]
    Completions(CompletionsArgs),
    /// Print a manual page (roff) to standard output: gradtape's, or a command's.
    #[command(
        after_help = "Examples:\n  gradtape manpage > gradtape.1 && man ./gradtape.1\n  gradtape manpage hessian > gradtape-hessian.1"
    )]
    Manpage(ManpageArgs),
}

#[derive(Args, Debug)]
pub struct CodegenArgs {
    /// Expressions (several: one function returning all values, and a Jacobian), or `-`
    /// (or nothing, with piped input) to read one per line from stdin.
    #[arg(value_name = "EXPR")]
    pub exprs: Vec<String>,
    /// The target language or framework.
    #[arg(long, value_name = "LANG",
          value_parser = ["python", "numpy", "jax", "tensorflow", "tf", "torch", "pytorch", "c", "rust"])]
    pub lang: String,
    /// The parameters, in order, comma-separated (default: the free variables, sorted;
    /// unused ones are allowed).
    #[arg(long, value_name = "VARS", value_delimiter = ',')]
    pub args: Vec<String>,
    /// The gradient's variables, in order (default: every argument).
    #[arg(long, value_name = "VARS", value_delimiter = ',')]
    pub wrt: Vec<String>,
    /// 1: the value and the gradient; 2: also the Hessian.
    #[arg(long, value_name = "N", default_value_t = 1, allow_negative_numbers = true,
          value_parser = clap::value_parser!(u32).range(1..=2))]
    pub order: u32,
    /// The value function's name; the others add _grad, _hessian, _value_and_grad, _jacobian.
    #[arg(long, value_name = "NAME", default_value = "f")]
    pub name: String,
    /// The floating-point type of the code.
    #[arg(long, value_name = "TYPE", default_value = "f64", value_parser = ["f64", "f32"])]
    pub dtype: String,
    /// C only: write a header (prototypes, and the definitions where
    /// NAME_IMPLEMENTATION is defined) instead of a file of static functions.
    #[arg(long)]
    pub header: bool,
    /// When to color error messages.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Args, Debug)]
pub struct ManpageArgs {
    /// The command whose page to print (gradtape-COMMAND(1)); none for gradtape(1).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

#[derive(Args, Debug)]
pub struct HessianArgs {
    /// Expressions, or `-` (or nothing, with piped input) to read one per line from stdin.
    #[arg(value_name = "EXPR")]
    pub exprs: Vec<String>,
    /// Variables of the rows and columns, comma-separated (default: every free variable).
    #[arg(long, value_name = "VARS", value_delimiter = ',')]
    pub wrt: Vec<String>,
    /// A point at which to evaluate, e.g. x=2,y=pi/4.
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    pub at: Option<String>,
    #[command(flatten)]
    pub check: CheckArgs,
    /// With --at and --format latex, write the values as one matrix of their own
    /// instead of one equation per entry.
    #[arg(long, help_heading = "LaTeX options")]
    pub latex_values_matrix: bool,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct JacobianArgs {
    /// The expressions, one per row, or `-` (or nothing, with piped input) to read them
    /// one per line from stdin.
    #[arg(value_name = "EXPR")]
    pub exprs: Vec<String>,
    /// Variables of the columns, comma-separated (default: every free variable of any row).
    #[arg(long, value_name = "VARS", value_delimiter = ',')]
    pub wrt: Vec<String>,
    /// A point at which to evaluate, e.g. x=2,y=pi/4.
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    pub at: Option<String>,
    #[command(flatten)]
    pub check: CheckArgs,
    /// With --at and --format latex, write the values as one matrix of their own
    /// instead of one equation per entry.
    #[arg(long, help_heading = "LaTeX options")]
    pub latex_values_matrix: bool,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct LaplacianArgs {
    /// Expressions, or `-` (or nothing, with piped input) to read one per line from stdin.
    #[arg(value_name = "EXPR")]
    pub exprs: Vec<String>,
    /// Variables to sum the second partials over, comma-separated (default: every free
    /// variable).
    #[arg(long, value_name = "VARS", value_delimiter = ',')]
    pub wrt: Vec<String>,
    /// A point at which to evaluate, e.g. x=2,y=pi/4.
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    pub at: Option<String>,
    #[command(flatten)]
    pub check: CheckArgs,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct SeriesArgs {
    /// Expressions, or `-` (or nothing, with piped input) to read one per line from stdin.
    #[arg(value_name = "EXPR")]
    pub exprs: Vec<String>,
    /// The variables to expand in, comma-separated (default: those of --around, or the
    /// expression's one variable).
    #[arg(long, value_name = "VARS", value_delimiter = ',')]
    pub wrt: Vec<String>,
    /// The point to expand around, e.g. x=1 or x=a,y=0 (default: 0 for each variable).
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    pub around: Option<String>,
    /// The highest degree kept (total degree with several variables); the remainder is
    /// O((x - a)^(N+1)).
    #[arg(long, value_name = "N", default_value_t = limits::DEFAULT_SERIES_ORDER,
          value_parser = clap::value_parser!(u32).range(0..=limits::MAX_SERIES_ORDER as i64))]
    pub order: u32,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct FieldArgs {
    /// The field's components, in the order of the variables, or `-` (or nothing, with
    /// piped input) to read them one per line from stdin.
    #[arg(value_name = "EXPR")]
    pub exprs: Vec<String>,
    /// The variables, in the order of the components, comma-separated (default: every
    /// free variable of any component, sorted).
    #[arg(long, value_name = "VARS", value_delimiter = ',')]
    pub wrt: Vec<String>,
    /// A point at which to evaluate, e.g. x=2,y=pi/4.
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    pub at: Option<String>,
    #[command(flatten)]
    pub check: CheckArgs,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Options every command shares.
#[derive(Args, Debug, Clone)]
pub struct Common {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// When to color the text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Deepest nesting accepted in an expression.
    #[arg(long, value_name = "N", allow_negative_numbers = true, default_value_t = limits::DEFAULT_MAX_DEPTH as u64,
          value_parser = clap::value_parser!(u64).range(1..=limits::MAX_DEPTH_CEILING as u64))]
    pub max_depth: u64,
    /// Longest expression accepted, in bytes.
    #[arg(long, value_name = "N", allow_negative_numbers = true, default_value_t = limits::DEFAULT_MAX_INPUT)]
    pub max_input: usize,
    /// Most distinct subexpressions kept for one expression (the memory ceiling).
    #[arg(long, value_name = "N", allow_negative_numbers = true, default_value_t = limits::DEFAULT_MAX_NODES)]
    pub max_nodes: usize,
    /// Most steps spent on one expression (the work budget).
    #[arg(long, value_name = "N", allow_negative_numbers = true, default_value_t = limits::DEFAULT_MAX_STEPS)]
    pub max_steps: u64,
    /// Largest exact number, in bits; larger values stay symbolic or become floats.
    #[arg(long, value_name = "N", allow_negative_numbers = true, default_value_t = limits::DEFAULT_MAX_EXACT_BITS)]
    pub max_exact_bits: u64,
    /// Largest result, in terms and factors as written.
    #[arg(long, value_name = "N", allow_negative_numbers = true, default_value_t = limits::DEFAULT_MAX_SIZE)]
    pub max_size: u64,
    /// Largest decimal exponent of a literal such as 1e10000.
    #[arg(long, value_name = "N", allow_negative_numbers = true, default_value_t = limits::DEFAULT_MAX_LITERAL_EXPONENT)]
    pub max_literal_exponent: u64,
    /// Report on stderr where the time went: parse, simplify, diff, eval, print.
    #[arg(long)]
    pub timings: bool,
    /// Threads for a batch on standard input and for --at-file (default: one per
    /// core); the output is the same for any N.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub jobs: Option<u64>,
    /// Names to read as abstract functions beside f, g and h (comma-separated).
    #[arg(long = "function", value_name = "NAME,...", value_delimiter = ',')]
    pub functions: Vec<String>,
    /// Declares a variable that depends on others, e.g. "y(x)" or "u(x, t)": y stays y,
    /// and its derivative by x is y'(x) (repeatable).
    #[arg(long = "depends", value_name = "DECL")]
    pub depends: Vec<String>,
    #[command(flatten)]
    pub latex: LatexArgs,
}

/// How `--format latex` (and the `latex` fields of JSON) are written. Each flag
/// needs a format that writes LaTeX (docs/cli.md), so none is given without effect.
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "LaTeX options")]
pub struct LatexArgs {
    /// How products are written: `2 x` (space, the default), `2 \cdot x` or `2 \times x`.
    /// With --format latex or json.
    #[arg(long, value_enum, value_name = "STYLE")]
    pub latex_mul: Option<LatexMul>,
    /// The natural logarithm as `\ln` (the default) or `\log`. With --format latex or json.
    #[arg(long, value_enum, value_name = "NAME")]
    pub latex_log: Option<LatexLog>,
    /// Set the results as lines (none, the default), one `align*` block (`&=`), or
    /// `equation*` environments. With --format latex.
    #[arg(long, value_enum, value_name = "ENV")]
    pub latex_env: Option<LatexEnv>,
    /// Label derivatives `\frac{d f}{d x}` (leibniz, the default) or `f'(x)` (prime, one
    /// variable only). With --format latex or json.
    #[arg(long, value_enum, value_name = "STYLE")]
    pub latex_notation: Option<LatexNotation>,
    /// Set from the `--latex-values-matrix` of `hessian` and `jacobian`.
    #[arg(skip)]
    pub latex_values_matrix: bool,
}

impl LatexArgs {
    /// The library's options for these flags.
    pub fn options(&self) -> gradtape::render::latex::LatexOptions {
        use gradtape::render::latex::{Env, LatexOptions, MulStyle, Notation};
        LatexOptions {
            mul: match self.latex_mul.unwrap_or(LatexMul::Space) {
                LatexMul::Space => MulStyle::Space,
                LatexMul::Cdot => MulStyle::Cdot,
                LatexMul::Times => MulStyle::Times,
            },
            log: self.latex_log == Some(LatexLog::Log),
            env: match self.latex_env.unwrap_or(LatexEnv::None) {
                LatexEnv::None => Env::None,
                LatexEnv::Align => Env::Align,
                LatexEnv::Equation => Env::Equation,
            },
            notation: match self.latex_notation.unwrap_or(LatexNotation::Leibniz) {
                LatexNotation::Leibniz => Notation::Leibniz,
                LatexNotation::Prime => Notation::Prime,
            },
            values: Default::default(),
            values_matrix: self.latex_values_matrix,
        }
    }

    /// The first flag given that `format` does not write: `--latex-env` and
    /// `--latex-values-matrix` need LaTeX output, the others LaTeX or JSON (whose `latex` fields they shape).
    pub fn unused_with(&self, format: Format) -> Option<&'static str> {
        if self.latex_env.is_some() && format != Format::Latex {
            return Some("--latex-env");
        }
        if self.latex_values_matrix && format != Format::Latex {
            return Some("--latex-values-matrix");
        }
        if matches!(format, Format::Latex | Format::Json) {
            return None;
        }
        [
            (self.latex_mul.is_some(), "--latex-mul"),
            (self.latex_log.is_some(), "--latex-log"),
            (self.latex_notation.is_some(), "--latex-notation"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LatexMul {
    Space,
    Cdot,
    Times,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LatexLog {
    Ln,
    Log,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LatexEnv {
    None,
    Align,
    Equation,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LatexNotation {
    Leibniz,
    Prime,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// Expressions, or `-` (or nothing, with piped input) to read one per line from stdin.
    #[arg(value_name = "EXPR")]
    pub exprs: Vec<String>,
    /// Variables to differentiate by, comma-separated, each once (default: every free
    /// variable).
    #[arg(long, value_name = "VARS", value_delimiter = ',')]
    pub wrt: Vec<String>,
    /// Order of the derivative: N (0 is the expression itself), or a range such as 1..3.
    #[arg(long, value_name = "N", default_value = "1", allow_hyphen_values = true)]
    pub order: String,
    /// One mixed partial, by these variables in this order: x,x,y is ∂³f/∂y∂x²
    /// (by x, x, then y). Repeat the flag for several; instead of --wrt and --order.
    #[arg(long, value_name = "VARS", conflicts_with_all = ["wrt", "order"])]
    pub partial: Vec<String>,
    /// The directional derivative ∇f·v instead: v's components, comma-separated, one
    /// per --wrt variable in order (numbers or expressions, e.g. 1,2 or a,b).
    #[arg(long, value_name = "V", allow_hyphen_values = true, conflicts_with_all = ["partial", "order", "at_file"])]
    pub along: Option<String>,
    /// With --along: divide by |v| = sqrt(v1^2 + v2^2 + …), the derivative along the
    /// unit vector.
    #[arg(long, requires = "along")]
    pub unit: bool,
    /// A point at which to evaluate, e.g. x=2,y=pi/4.
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    pub at: Option<String>,
    /// Evaluate at every point of a CSV or TSV file whose header names the variables.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["at", "check"])]
    pub at_file: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub check: CheckArgs,
    #[command(flatten)]
    pub common: Common,
}

/// `--check` and its seed, shared by diff, hessian and jacobian.
#[derive(Args, Debug, Clone, Copy)]
pub struct CheckArgs {
    /// Check every derivative against automatic differentiation and finite
    /// differences; exit 1 on a disagreement. Without --at, at random points.
    #[arg(long)]
    pub check: bool,
    /// Seed of the random points of --check (default 0; not with --at, which checks at
    /// its point).
    #[arg(long, value_name = "N", requires = "check", conflicts_with = "at", allow_negative_numbers = true)]
    pub seed: Option<u64>,
}

#[derive(Args, Debug)]
pub struct SimplifyArgs {
    /// Expressions, or `-` to read one per line from stdin.
    #[arg(value_name = "EXPR")]
    pub exprs: Vec<String>,
    /// The shape of the result.
    #[arg(long, value_enum, default_value_t = FormArg::Auto)]
    pub form: FormArg,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Expressions, or `-` to read one per line from stdin.
    #[arg(value_name = "EXPR")]
    pub exprs: Vec<String>,
    /// The point, e.g. x=2,y=pi/4 (not needed when the expressions have no variables).
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    pub at: Option<String>,
    /// Evaluate at every point of a CSV or TSV file whose header names the variables.
    #[arg(long, value_name = "FILE", conflicts_with = "at")]
    pub at_file: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For a person: labels, aligned, values under expressions.
    Text,
    /// For scripts: one bare line per result.
    Plain,
    /// JSON Lines: one object per input expression.
    Json,
    /// LaTeX for notes.
    Latex,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormArg {
    /// The shortest form (by the cost measure in docs/simplification.md).
    Auto,
    /// Every product and integer power of sums multiplied out.
    Expanded,
    /// Sums factored over the rationals: common factors, repeated factors, rational roots.
    Factored,
}

impl From<Format> for gradtape::report::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Text => gradtape::report::Format::Text,
            Format::Plain => gradtape::report::Format::Plain,
            Format::Json => gradtape::report::Format::Json,
            Format::Latex => gradtape::report::Format::Latex,
        }
    }
}

impl From<FormArg> for gradtape::simplify::Form {
    fn from(f: FormArg) -> Self {
        match f {
            FormArg::Auto => gradtape::simplify::Form::Auto,
            FormArg::Expanded => gradtape::simplify::Form::Expanded,
            FormArg::Factored => gradtape::simplify::Form::Factored,
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Color when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}
