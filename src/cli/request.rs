//! The parsed command line turned into the library's request: `--order` and
//! `--wrt` checked, the `--at` point parsed, the `--at-file` table read.

use std::path::Path;
use std::sync::Arc;

use gradtape::error::{Error, ErrorKind};
use gradtape::limits::{Dependency, MAX_ORDER};
use gradtape::pipeline::{CheckOptions, Phases, Request, Task};
use gradtape::syntax::{self, Limits};

use super::args::{CheckArgs, Command, Common, Format};
use super::depends::{depends_of, Refused};
use super::protect::unprotect;
use super::timings::Timings;

/// A command's expressions, the request for each, and the options of its output.
pub struct Run {
    /// As given; `-` stands for standard input.
    pub exprs: Vec<String>,
    pub request: Request,
    pub common: Common,
    /// The `--at` point as written, bindings separated by `, ` (`θ=pi/4, r=2`).
    pub at_written: Option<String>,
}

/// `--latex-values-matrix` writes values, which need a point.
fn values_matrix_needs_point(given: bool, at: &Option<String>) -> Result<(), Error> {
    if given && at.is_none() {
        return Err(Error::new(
            ErrorKind::Usage,
            "--latex-values-matrix writes the values at a point, and there is no --at",
        )
        .hint("add --at, e.g. --at x=1,y=2, or leave --latex-values-matrix out"));
    }
    Ok(())
}

/// Everything a command (other than completions and manpage) asks for; the
/// timings start with reading the points file.
pub fn run_of(command: Command, timings: &mut Timings) -> Result<Run, Refused> {
    let mut check = None;
    let mut at_file = None;
    let wrt_of = |wrt: &[String]| if wrt.is_empty() { Ok(None) } else { check_wrt(wrt).map(Some) };
    let (exprs, task, at, common) = match command {
        Command::Diff(a) => {
            let task = if let Some(along) = &a.along {
                let along = parse_along(along, limits_of_flags(&a.common)?)?;
                Task::Directional { wrt: wrt_of(&a.wrt)?, along, unit: a.unit }
            } else if a.partial.is_empty() {
                Task::Diff { wrt: wrt_of(&a.wrt)?, orders: parse_orders(&a.order)? }
            } else {
                Task::Partials { partials: a.partial.iter().map(|p| parse_partial(p)).collect::<Result<_, _>>()? }
            };
            check = check_options(a.check);
            at_file = a.at_file;
            (a.exprs, task, a.at, a.common)
        }
        Command::Simplify(a) => (a.exprs, Task::Simplify { form: a.form.into() }, None, a.common),
        Command::Eval(a) => {
            at_file = a.at_file;
            (a.exprs, Task::Eval, a.at, a.common)
        }
        Command::Hessian(a) => {
            let wrt = wrt_of(&a.wrt)?;
            check = check_options(a.check);
            values_matrix_needs_point(a.latex_values_matrix, &a.at)?;
            let mut common = a.common;
            common.latex.latex_values_matrix = a.latex_values_matrix;
            (a.exprs, Task::Hessian { wrt }, a.at, common)
        }
        Command::Jacobian(a) => {
            let wrt = wrt_of(&a.wrt)?;
            check = check_options(a.check);
            values_matrix_needs_point(a.latex_values_matrix, &a.at)?;
            let mut common = a.common;
            common.latex.latex_values_matrix = a.latex_values_matrix;
            (a.exprs, Task::Jacobian { wrt }, a.at, common)
        }
        Command::Laplacian(a) => {
            check = check_options(a.check);
            (a.exprs, Task::Laplacian { wrt: wrt_of(&a.wrt)? }, a.at, a.common)
        }
        Command::Divergence(a) => {
            check = check_options(a.check);
            (a.exprs, Task::Divergence { wrt: wrt_of(&a.wrt)? }, a.at, a.common)
        }
        Command::Curl(a) => {
            check = check_options(a.check);
            (a.exprs, Task::Curl { wrt: wrt_of(&a.wrt)? }, a.at, a.common)
        }
        Command::Series(a) => {
            let around = match &a.around {
                Some(text) => parse_bindings("--around", text, limits_of_flags(&a.common)?)?,
                None => Vec::new(),
            };
            (a.exprs, Task::Series { wrt: wrt_of(&a.wrt)?, around, order: a.order }, None, a.common)
        }
        Command::Completions(_) | Command::Manpage(_) | Command::Codegen(_) => {
            return Err(Error::new(ErrorKind::Usage, "this command takes no expression").into())
        }
    };
    if let Some(flag) = common.latex.unused_with(common.format) {
        let wants = if matches!(flag, "--latex-env" | "--latex-values-matrix") {
            "--format latex"
        } else {
            "--format latex or json"
        };
        return Err(Error::new(
            ErrorKind::Usage,
            format!("{flag} shapes LaTeX output, which --format {} does not write", format_name(common.format)),
        )
        .hint(format!("use it with {wants}, or leave it out"))
        .into());
    }
    *timings = Timings::new(common.timings);
    let limits = limits_of_flags(&common)?;
    dependent_not_differentiated_by(&task, limits.depends)?;
    let table = match at_file {
        Some(path) => {
            let t = timings.phases.start();
            let table = read_points(&path, common.format, limits, jobs_of(&common))?;
            Phases::lap(t, &mut timings.read);
            Some(Arc::new(table))
        }
        None => None,
    };
    let at_written = at.as_deref().map(written_point);
    let point = match at {
        Some(text) => Some(parse_bindings("--at", &text, limits)?),
        None => None,
    };
    let exprs = exprs.into_iter().map(unprotect).collect();
    Ok(Run {
        exprs,
        request: Request { task, point, table, limits, jobs: jobs_of(&common), check },
        common,
        at_written,
    })
}

/// `--jobs`, or one thread per core the process may use.
fn jobs_of(common: &Common) -> usize {
    match common.jobs {
        Some(n) => usize::try_from(n).unwrap_or(1),
        None => std::thread::available_parallelism().map_or(1, usize::from),
    }
}

/// The point as the user wrote it, each binding trimmed and separated by `, `: the
/// text is split at the commas outside parentheses (`x=log(8, 2),y=1`).
fn written_point(text: &str) -> String {
    let mut parts = split_top(text);
    parts.retain(|p| !p.is_empty());
    parts.join(", ")
}

/// `text` split at the commas outside parentheses and brackets, each part trimmed.
fn split_top(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i64, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(text[start..i].trim());
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(text[start..].trim());
    parts
}

/// Parses `--along`: the direction's components, each an expression.
fn parse_along(text: &str, limits: Limits) -> Result<Vec<syntax::Ast>, Error> {
    split_top(text)
        .into_iter()
        .map(|part| {
            syntax::parse_with(part, limits).map_err(|mut e| {
                e.message = format!("in --along '{text}': {}", e.message);
                e.span = None;
                e.hint.get_or_insert_with(|| "write the components comma-separated, such as --along 1,2".into());
                e
            })
        })
        .collect()
}

/// The limits of the `--max-*` flags with the names of `--function` and the
/// declarations of `--depends`.
fn limits_of_flags(common: &Common) -> Result<Limits, Refused> {
    let functions = functions_of(&common.functions)?;
    let depends = depends_of(&common.depends, functions)?;
    Ok(Limits { functions, depends, ..limits_of(common) })
}

/// Parses `--at` or `--around` (`flag`): each variable given once.
fn parse_bindings(flag: &str, text: &str, limits: Limits) -> Result<Vec<(String, syntax::Ast)>, Error> {
    let point = syntax::parse_point_with(text, limits).map_err(|mut e| {
        e.message = format!("in {flag} '{text}': {}", e.message);
        e.span = None;
        e
    })?;
    for (i, (name, _)) in point.iter().enumerate() {
        if point[..i].iter().any(|(n, _)| n == name) {
            return Err(Error::new(ErrorKind::Usage, format!("{flag} '{text}' gives {name} twice"))
                .hint(format!("give {name} one value")));
        }
    }
    Ok(point)
}

/// The name of a format as `--format` takes it.
fn format_name(format: Format) -> &'static str {
    match format {
        Format::Text => "text",
        Format::Plain => "plain",
        Format::Json => "json",
        Format::Latex => "latex",
    }
}

/// The limits of the `--max-*` flags.
fn limits_of(common: &Common) -> Limits {
    Limits {
        max_depth: usize::try_from(common.max_depth).unwrap_or(usize::MAX),
        max_input: common.max_input,
        max_nodes: common.max_nodes,
        max_steps: common.max_steps,
        max_exact_bits: common.max_exact_bits,
        max_size: common.max_size,
        max_literal_exponent: common.max_literal_exponent,
        functions: &[],
        depends: &[],
    }
}

/// The names of `--function`, checked, kept for the rest of the process (the
/// parser's limits refer to them).
fn functions_of(names: &[String]) -> Result<&'static [&'static str], Error> {
    let mut out: Vec<&'static str> = Vec::new();
    for n in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        check_function_name(n)?;
        if !out.contains(&n) {
            out.push(Box::leak(n.to_string().into_boxed_str()));
        }
    }
    Ok(Box::leak(out.into_boxed_slice()))
}

/// A name for `--function`: a name of the language that is not a built-in function,
/// a constant or `diff`.
fn check_function_name(n: &str) -> Result<(), Error> {
    check_name("--function", n).map_err(|_| {
        Error::new(ErrorKind::Usage, format!("--function '{n}' is not a name a function can have"))
            .hint("a function's name is a variable's name that is not a built-in function or a constant")
    })?;
    if n == "diff" || n == "D" {
        return Err(Error::new(ErrorKind::Usage, format!("--function '{n}': {n} is the derivative operator")));
    }
    Ok(())
}

/// Refuses `--wrt y` (or `--partial y`) for a y declared to depend on others: its
/// derivatives are the abstract ones, and the variables are the ones it depends on.
fn dependent_not_differentiated_by(task: &Task, depends: &[Dependency]) -> Result<(), Error> {
    let (flag, names): (&str, Vec<&String>) = match task {
        Task::Diff { wrt: Some(w), .. }
        | Task::Directional { wrt: Some(w), .. }
        | Task::Hessian { wrt: Some(w) }
        | Task::Jacobian { wrt: Some(w) }
        | Task::Laplacian { wrt: Some(w) }
        | Task::Divergence { wrt: Some(w) }
        | Task::Curl { wrt: Some(w) }
        | Task::Series { wrt: Some(w), .. } => ("--wrt", w.iter().collect()),
        Task::Partials { partials } => ("--partial", partials.iter().flatten().collect()),
        _ => return Ok(()),
    };
    for n in names {
        if let Some(d) = depends.iter().find(|d| d.name == n) {
            let args = d.args.join(", ");
            return Err(Error::new(
                ErrorKind::Usage,
                format!("{flag} {n}: {n} depends on {args} (--depends), so it is not a variable to differentiate by"),
            )
            .hint(format!("differentiate by {args}, or leave {n} out of --depends")));
        }
    }
    Ok(())
}

/// The check options of `--check` and `--seed`.
fn check_options(a: CheckArgs) -> Option<CheckOptions> {
    a.check.then(|| CheckOptions { seed: a.seed.unwrap_or(0), ..CheckOptions::default() })
}

/// Reads the `--at-file` table, on up to `jobs` threads.
fn read_points(
    path: &Path,
    format: Format,
    limits: Limits,
    jobs: usize,
) -> Result<gradtape::eval::points::Table, Error> {
    if format == Format::Latex {
        return Err(Error::new(ErrorKind::Usage, "--at-file writes rows of values, which have no LaTeX form")
            .hint("use --format text, plain or json"));
    }
    let cannot = |e: std::io::Error| {
        Error::new(ErrorKind::Usage, format!("cannot read the points file {}: {e}", path.display()))
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map_or(0, |m| usize::try_from(m.len()).unwrap_or(usize::MAX));
    gradtape::eval::points::read_table_from(file, size, limits, jobs).map_err(cannot)?
}

/// Parses `--order`: `2` or `1..3` (or `1..=3`); an order counts differentiations,
/// so it is a whole number from 0 (the expression itself) to the limit.
fn parse_orders(text: &str) -> Result<(u32, u32), Error> {
    let bad = || {
        let why = if text.trim_start().starts_with('-') { ": an order is not negative" } else { "" };
        Error::new(ErrorKind::Usage, format!("--order '{text}' is not an order{why}"))
            .hint(format!("an order is how many times to differentiate: a whole number from 0 (the expression itself) to {MAX_ORDER} such as 2, or a range such as 1..3"))
    };
    let parse_one = |t: &str| t.trim().parse::<u32>().map_err(|_| bad());
    let (lo, hi) = match text.split_once("..") {
        Some((a, b)) => {
            let b = b.strip_prefix('=').unwrap_or(b);
            (parse_one(a)?, parse_one(b)?)
        }
        None => {
            let n = parse_one(text)?;
            (n, n)
        }
    };
    if lo > hi {
        return Err(Error::new(ErrorKind::Usage, format!("--order '{text}' is not an order: a range runs upwards"))
            .hint(format!("write {hi}..{lo}")));
    }
    if hi > MAX_ORDER {
        return Err(Error::new(ErrorKind::Limit, format!("--order {hi} is above the limit of {MAX_ORDER}")));
    }
    Ok((lo, hi))
}

/// Parses `--wrt` names: each variable once (a repeat would ask for a derivative
/// that `--order` already lists, or for one mixed partial, which `--partial` is for).
fn check_wrt(names: &[String]) -> Result<Vec<String>, Error> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        let n = n.trim();
        if n.is_empty() {
            continue;
        }
        check_name("--wrt", n)?;
        if out.iter().any(|o| o == n) {
            let list = names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).collect::<Vec<_>>().join(",");
            return Err(Error::new(ErrorKind::Usage, format!("--wrt names {n} twice"))
                .hint(format!("--wrt lists each variable once; for one mixed partial by {list} in that order, use gradtape diff --partial {list}")));
        }
        out.push(n.to_string());
    }
    if out.is_empty() && !names.is_empty() {
        return Err(Error::new(ErrorKind::Usage, "--wrt names no variable"));
    }
    Ok(out)
}

/// Parses one `--partial`: variable names, comma-separated, repeats kept in order.
fn parse_partial(text: &str) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for n in text.split(',') {
        let n = n.trim();
        if n.is_empty() {
            return Err(Error::new(ErrorKind::Usage, format!("--partial '{text}' has an empty variable name"))
                .hint("write the variables in order, comma-separated, such as --partial x,x,y"));
        }
        check_name("--partial", n)?;
        out.push(n.to_string());
    }
    if out.len() > MAX_ORDER as usize {
        return Err(Error::new(
            ErrorKind::Limit,
            format!("--partial '{text}' is of order {}, above the limit of {MAX_ORDER}", out.len()),
        ));
    }
    Ok(out)
}

/// Refuses what cannot be a variable name after `flag`.
fn check_name(flag: &str, n: &str) -> Result<(), Error> {
    if !n.chars().all(|c| c.is_alphanumeric() || c == '_') || n.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(Error::new(ErrorKind::Usage, format!("{flag} '{n}' is not a variable name")));
    }
    syntax::check_variable_name(n, 0, 0).map_err(|mut e| {
        e.span = None;
        e
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_point_is_echoed_as_written() {
        assert_eq!(written_point("θ=pi/4"), "θ=pi/4");
        assert_eq!(written_point("x=1,y = 0.5"), "x=1, y = 0.5");
        assert_eq!(written_point("x=log(8, 2), y=2"), "x=log(8, 2), y=2");
    }

    #[test]
    fn orders_parse() {
        assert_eq!(parse_orders("2").unwrap(), (2, 2));
        assert_eq!(parse_orders("1..3").unwrap(), (1, 3));
        assert!(parse_orders("3..1").is_err());
        assert!(parse_orders("x").is_err());
    }
}
