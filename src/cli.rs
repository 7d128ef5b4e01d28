//! The command line: commands, flags and their help, as clap derives them.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Symbolic differentiation on the command line: closed-form derivatives, exact
/// values, numerically checked.
#[derive(Parser, Debug)]
#[command(name = "gradtape", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  gradtape diff \"x^2+2*x*y+y^2\" --wrt x,y --at x=2,y=3\n  gradtape diff \"x^3\" --wrt x --order 1..2 --at x=2\n  echo \"sin(x)^2\" | gradtape diff --format json"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Differentiate expressions (first, partial, mixed and higher order).
    #[command(
        after_help = "Examples:\n  gradtape diff \"x^2\" --wrt x --at x=2\n  gradtape diff \"x^3\" --order 1..2 --at x=2 --format plain\n  gradtape diff \"x*y\" --order 2 --wrt x,y"
    )]
    Diff(DiffArgs),
    /// Simplify expressions.
    #[command(after_help = "Example:\n  gradtape simplify \"x + 2*x + (x+1)^2 - x^2\"")]
    Simplify(SimplifyArgs),
    /// Evaluate expressions at a point, exactly where possible.
    #[command(after_help = "Example:\n  gradtape eval \"sin(x)^2 + 1/3\" --at x=pi/6")]
    Eval(EvalArgs),
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
    #[arg(long, value_name = "N", default_value_t = crate::parse::DEFAULT_MAX_DEPTH)]
    pub max_depth: usize,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// Expressions, or `-` (or nothing, with piped input) to read one per line from stdin.
    #[arg(value_name = "EXPR")]
    pub exprs: Vec<String>,
    /// Variables to differentiate by, comma-separated (default: every free variable).
    #[arg(long, value_name = "VARS", value_delimiter = ',')]
    pub wrt: Vec<String>,
    /// Order of the derivative: N, or a range such as 1..3.
    #[arg(long, value_name = "N", default_value = "1")]
    pub order: String,
    /// A point at which to evaluate, e.g. x=2,y=pi/4.
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    pub at: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct SimplifyArgs {
    /// Expressions, or `-` to read one per line from stdin.
    #[arg(value_name = "EXPR")]
    pub exprs: Vec<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Expressions, or `-` to read one per line from stdin.
    #[arg(value_name = "EXPR")]
    pub exprs: Vec<String>,
    /// The point, e.g. x=2,y=pi/4.
    #[arg(long, value_name = "POINT", allow_hyphen_values = true, required = true)]
    pub at: String,
    #[command(flatten)]
    pub common: Common,
}

/// Arguments as clap should see them: an expression that starts with a minus sign
/// (`-x^2`) would read as a flag, so it gets a protective leading space, which
/// [`unprotect`] takes off again.
pub fn protect_expressions(args: impl IntoIterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut out = Vec::new();
    let mut after_flag = false;
    for (i, a) in args.into_iter().enumerate() {
        let text = a.to_string_lossy();
        let is_expr = i > 0
            && !after_flag
            && text.starts_with('-')
            && !text.starts_with("--")
            && text.len() > 1
            && !matches!(text.as_ref(), "-h" | "-V");
        after_flag = text.starts_with("--") && !text.contains('=') && takes_value(&text);
        if is_expr {
            out.push(format!(" {text}").into());
        } else {
            out.push(a);
        }
    }
    out
}

fn takes_value(flag: &str) -> bool {
    matches!(flag, "--wrt" | "--order" | "--at" | "--format" | "--color" | "--max-depth")
}

/// Undoes [`protect_expressions`] on one expression.
pub fn unprotect(expr: String) -> String {
    match expr.strip_prefix(' ') {
        Some(rest) if rest.starts_with('-') => rest.to_string(),
        _ => expr,
    }
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
pub enum ColorChoice {
    /// Color when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}
