//! The command line, compiled only into the binary: clap's definition of the
//! commands ([`args`]), the request made of them ([`request`]), standard input read
//! line by line ([`lines`]), results streamed out ([`sink`]), exit codes ([`exit`]),
//! `--timings` ([`timings`]), warnings of variables no expression uses
//! ([`unused`]), code generation ([`codegen`]), and the pages about gradtape itself
//! ([`pages`]).

mod args;
mod codegen;
mod depends;
mod exit;
mod lines;
mod pages;
mod protect;
mod request;
mod sink;
mod timings;
mod unused;
mod workers;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::FromArgMatches;

use gradtape::error::{Error, ErrorKind};
use gradtape::pipeline::Task;
use gradtape::report;

use args::{Cli, ColorChoice, Command, ValueArgs};
use sink::Sink;
use timings::Timings;

/// Runs the command line of this process.
pub fn run() -> ExitCode {
    let (cli, values) = parse_args(std::env::args_os());
    let values = values.style();
    match &cli.command {
        Command::Completions(a) => return pages::print_completions(a.shell),
        Command::Manpage(a) => return pages::print_manpage(a.command.as_deref()),
        _ => {}
    }
    let command = match cli.command {
        Command::Codegen(a) => return codegen::run(a),
        other => other,
    };
    let mut timings = Timings::default();
    let run = match request::run_of(command, &mut timings) {
        Ok(r) => r,
        Err(r) => {
            let mut err = anstream::AutoStream::new(io::stderr(), anstream::ColorChoice::Auto);
            let _ = write!(err, "{}", report::text::labelled_error_text(&r.error, &r.source, r.label));
            return ExitCode::from(exit::USAGE);
        }
    };
    colored::control::set_override(true);
    let choice = match run.common.color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    let latex = gradtape::render::latex::LatexOptions { values, ..run.common.latex.options() };
    let reporter = report::reporter_at(run.common.format.into(), latex, run.at_written.clone());
    let out_choice = if reporter.colored() { choice } else { anstream::ColorChoice::AlwaysAnsi };
    let mut sink = Sink::new(
        anstream::AutoStream::new(io::stdout().lock(), out_choice),
        anstream::AutoStream::new(io::stderr(), choice),
        reporter,
        timings,
    );
    let (request, exprs) = (&run.request, &run.exprs);
    sink.unused = unused::Unused::of(request);
    sink.table_errors(request);
    match request.task {
        Task::Jacobian { .. } => return sink.jacobian(request, exprs),
        Task::Divergence { .. } | Task::Curl { .. } => return sink.field(request, exprs),
        _ => {}
    }
    let result = if exprs.is_empty() || exprs.iter().any(|e| e == "-") {
        if exprs.is_empty() && io::stdin().is_terminal() {
            let e = Error::new(ErrorKind::Usage, "no expression given")
                .hint("pass one as an argument, or pipe expressions on standard input");
            return sink.refuse(&e);
        }
        let mut result = Ok(());
        for e in exprs.iter().filter(|e| *e != "-") {
            result = result.and_then(|_| sink.one(request, e, None));
        }
        result.and_then(|_| workers::stdin(&mut sink, request, request.jobs))
    } else {
        exprs.iter().try_for_each(|e| sink.one(request, e, None))
    };
    sink.warn_unused();
    if sink.timings.enabled() {
        let _ = write!(sink.err, "{}", sink.timings.report());
    }
    sink.worst.exit(result, &mut sink.err)
}

/// The command line as clap reads it, with expressions that start with a minus
/// sign protected from being read as flags, and the value flags; exits with clap's
/// message on an error. The value flags are read before clap unless help is asked
/// for or one is malformed (see [`ValueArgs`]).
fn parse_args(args: impl IntoIterator<Item = OsString>) -> (Cli, ValueArgs) {
    let args: Vec<OsString> = args.into_iter().collect();
    let lean = if args::wants_full_command(&args) { None } else { args::take_value_flags(args.clone()) };
    let (command, args, values) = match lean {
        Some((values, rest)) => (<Cli as clap::CommandFactory>::command(), rest, Some(values)),
        None => (args::full_command(), args, None),
    };
    let args = protect::protect_expressions(args, &command);
    let mut matches = command.get_matches_from(args);
    let values = match values {
        Some(v) => v,
        None => ValueArgs::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut args::full_command()).exit()),
    };
    let cli = Cli::from_arg_matches_mut(&mut matches).unwrap_or_else(|e| e.format(&mut args::full_command()).exit());
    (cli, values)
}
