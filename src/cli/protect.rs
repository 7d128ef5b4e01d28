//! Expressions that start with a minus sign (`-x^2`) among the arguments: hidden
//! from clap, which would read them as flags, and restored after it.

use std::collections::HashSet;
use std::ffi::OsString;

/// Arguments as clap should see them: an expression that starts with a minus sign
/// gets a protective leading space, which [`unprotect`] takes off again. A flag of
/// `command` that takes a value (`--at -1`) keeps the argument after it as it is.
pub fn protect_expressions(args: impl IntoIterator<Item = OsString>, command: &clap::Command) -> Vec<OsString> {
    let value_flags = value_flags(command);
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
        after_flag = !text.contains('=') && text.strip_prefix("--").is_some_and(|name| value_flags.contains(name));
        if is_expr {
            out.push(format!(" {text}").into());
        } else {
            out.push(a);
        }
    }
    out
}

/// The long names of every flag, of any command, that takes a value.
fn value_flags(command: &clap::Command) -> HashSet<String> {
    let mut names = HashSet::new();
    let mut stack = vec![command];
    while let Some(cmd) = stack.pop() {
        for arg in cmd.get_arguments() {
            if let Some(long) = arg.get_long().filter(|_| arg.get_action().takes_values()) {
                names.insert(long.to_string());
            }
        }
        stack.extend(cmd.get_subcommands());
    }
    names
}

/// Undoes [`protect_expressions`] on one expression.
pub fn unprotect(expr: String) -> String {
    match expr.strip_prefix(' ') {
        Some(rest) if rest.starts_with('-') => rest.to_string(),
        _ => expr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_flag_with_a_value_is_known() {
        let flags = value_flags(&crate::cli::args::Cli::command());
        for name in ["wrt", "order", "at", "at-file", "format", "max-literal-exponent", "seed", "latex-mul"] {
            assert!(flags.contains(name), "{name}");
        }
        assert!(!flags.contains("check") && !flags.contains("timings"));
    }

    #[test]
    fn a_leading_minus_is_protected_unless_it_is_a_value() {
        let cmd = crate::cli::args::Cli::command();
        let args = ["gradtape", "diff", "-x^2", "--at", "-1", "--max-literal-exponent", "-2"].map(OsString::from);
        let out = protect_expressions(args, &cmd);
        assert_eq!(out[2], " -x^2");
        assert_eq!(out[4], "-1");
        assert_eq!(out[6], "-2");
    }
}
