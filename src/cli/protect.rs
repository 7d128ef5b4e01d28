//! Expressions that start with a minus sign (`-x^2`) among the arguments: hidden
//! from clap, which would read them as flags, and restored after it.

use std::ffi::OsString;

/// Arguments as clap should see them: an expression that starts with a minus sign
/// gets a protective leading space, which [`unprotect`] takes off again. A flag of
/// `command` that takes a value (`--at -1`) keeps the argument after it as it is.
pub fn protect_expressions(args: impl IntoIterator<Item = OsString>, command: &clap::Command) -> Vec<OsString> {
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
        after_flag = !text.contains('=') && text.strip_prefix("--").is_some_and(|name| takes_value(command, name));
        if is_expr {
            out.push(format!(" {text}").into());
        } else {
            out.push(a);
        }
    }
    out
}

/// True when `--name` is a flag of `command` or of one of its commands that takes
/// a value.
fn takes_value(command: &clap::Command, name: &str) -> bool {
    let takes = |cmd: &clap::Command| {
        cmd.get_arguments().any(|arg| arg.get_long() == Some(name) && arg.get_action().takes_values())
    };
    takes(command) || command.get_subcommands().any(|sub| takes(sub) || sub.get_subcommands().any(takes))
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
        let cmd = crate::cli::args::Cli::command();
        for name in ["wrt", "order", "at", "at-file", "format", "max-literal-exponent", "seed", "latex-mul"] {
            assert!(takes_value(&cmd, name), "{name}");
        }
        assert!(!takes_value(&cmd, "check") && !takes_value(&cmd, "timings") && !takes_value(&cmd, "nope"));
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
