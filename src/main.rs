//! The gradtape command: reads expressions from arguments or standard input, runs
//! the request on each, prints the results, and exits with a documented code.
#![forbid(unsafe_code)]

mod cli;

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, ColorChoice, Command, Common, Format};
use gradtape::command::{self, Request, Task};
use gradtape::error::{Error, ErrorKind};
use gradtape::parse::{self, Limits};
use gradtape::render::latex::LatexOptions;
use gradtape::render::output::{self, Shown};

/// Exit codes (docs/cli.md).
const EXIT_OK: u8 = 0;
const EXIT_USAGE: u8 = 2;
const EXIT_UNDEFINED: u8 = 3;

/// Recursive passes are bounded by the nesting limit; this stack leaves them room.
const STACK_BYTES: usize = 512 << 20;

fn main() -> ExitCode {
    let worker = std::thread::Builder::new().stack_size(STACK_BYTES).spawn(run);
    match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => ExitCode::from(101),
    }
}

fn run() -> ExitCode {
    let cli = Cli::parse_from(cli::protect_expressions(std::env::args_os()));
    let (exprs, request, common, shown) = match request_of(cli.command) {
        Ok(r) => r,
        Err(e) => {
            let mut err = anstream::AutoStream::new(io::stderr(), anstream::ColorChoice::Auto);
            let _ = write!(err, "{}", output::text_error(&e, "", None));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    colored::control::set_override(true);
    let choice = match common.color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    let mut sink = Sink {
        out: anstream::AutoStream::new(io::stdout().lock(), choice),
        err: anstream::AutoStream::new(io::stderr(), choice),
        format: common.format,
        shown,
        latex: LatexOptions::default(),
        worst: EXIT_OK,
        count: 0,
    };
    let result = if exprs.is_empty() || exprs.iter().any(|e| e == "-") {
        if exprs.is_empty() && io::stdin().is_terminal() {
            let e = Error::new(ErrorKind::Usage, "no expression given")
                .hint("pass one as an argument, or pipe expressions on standard input");
            let _ = write!(sink.err, "{}", output::text_error(&e, "", None));
            return ExitCode::from(EXIT_USAGE);
        }
        let mut result = Ok(());
        for e in exprs.iter().filter(|e| *e != "-") {
            result = result.and_then(|_| sink.one(&request, e, None));
        }
        result.and_then(|_| sink.stdin(&request))
    } else {
        exprs.iter().try_for_each(|e| sink.one(&request, e, None))
    };
    match result {
        // A closed pipe (`| head`) ends quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(sink.err, "error: {e}");
            ExitCode::from(EXIT_USAGE)
        }
        Ok(()) => ExitCode::from(sink.worst),
    }
}

/// Turns the parsed command line into the expressions and the request.
fn request_of(command: Command) -> Result<(Vec<String>, Request, Common, Shown), Error> {
    let (exprs, task, at, common, shown) = match command {
        Command::Diff(a) => {
            let orders = command::parse_orders(&a.order)?;
            let wrt = if a.wrt.is_empty() { None } else { Some(command::check_wrt(&a.wrt)?) };
            (a.exprs, Task::Diff { wrt, orders }, a.at, a.common, Shown::Diff)
        }
        Command::Simplify(a) => (a.exprs, Task::Simplify, None, a.common, Shown::Simplify),
        Command::Eval(a) => (a.exprs, Task::Eval, Some(a.at), a.common, Shown::Eval),
    };
    let point = match at {
        Some(text) => Some(parse::parse_point(&text).map_err(|e| {
            let mut e = e;
            e.message = format!("in --at '{text}': {}", e.message);
            e.span = None;
            e
        })?),
        None => None,
    };
    let exprs = exprs.into_iter().map(cli::unprotect).collect();
    let limits = Limits { max_depth: common.max_depth };
    Ok((exprs, Request { task, point, limits }, common, shown))
}

/// Where results go, and the worst exit code so far.
struct Sink<W: Write, E: Write> {
    out: W,
    err: E,
    format: Format,
    shown: Shown,
    latex: LatexOptions,
    worst: u8,
    count: usize,
}

impl<W: Write, E: Write> Sink<W, E> {
    /// Runs the request on one expression and prints its result or error.
    fn one(&mut self, request: &Request, input: &str, line: Option<usize>) -> io::Result<()> {
        let result = command::run(request, input);
        self.emit(result, input, line)
    }

    fn emit(&mut self, result: Result<command::Outcome, Error>, input: &str, line: Option<usize>) -> io::Result<()> {
        let first = self.count == 0;
        self.count += 1;
        match result {
            Ok(mut o) => {
                // An input error (2) outranks an undefined value (3), in any order.
                if o.has_undefined() && self.worst != EXIT_USAGE {
                    self.worst = EXIT_UNDEFINED;
                }
                let text = match self.format {
                    Format::Text => {
                        let t = output::text(&mut o, self.shown);
                        if first || self.shown == Shown::Simplify {
                            t
                        } else {
                            format!("\n{t}")
                        }
                    }
                    Format::Plain => {
                        let at = line.map_or(String::new(), |n| format!("line {n}: "));
                        for (name, why) in undefined_reasons(&o) {
                            writeln!(self.err, "{at}{name}: undefined: {why}")?;
                        }
                        output::plain(&mut o, self.shown)
                    }
                    Format::Json => output::json(&mut o, self.shown, &self.latex),
                    Format::Latex => output::latex(&mut o, self.shown, &self.latex),
                };
                self.out.write_all(text.as_bytes())?;
            }
            Err(mut e) => {
                self.worst = EXIT_USAGE;
                match self.format {
                    Format::Json => {
                        self.out.write_all(output::json_error(&e, input, line).as_bytes())?;
                    }
                    _ => {
                        if e.kind == ErrorKind::Encoding {
                            e.span = None;
                        }
                        let report = output::text_error(&e, input, line);
                        self.err.write_all(report.as_bytes())?;
                        if self.format == Format::Plain {
                            // Keep one line per input so that results stay aligned.
                            self.out.write_all(b"error\n")?;
                        }
                    }
                }
            }
        }
        self.out.flush()
    }

    /// Reads expressions from standard input, one per line, streaming results.
    fn stdin(&mut self, request: &Request) -> io::Result<()> {
        let stdin = io::stdin();
        let mut reader = stdin.lock();
        let mut buf = Vec::new();
        let mut number = 0usize;
        loop {
            buf.clear();
            if reader.read_until(b'\n', &mut buf)? == 0 {
                return Ok(());
            }
            number += 1;
            while matches!(buf.last(), Some(b'\n' | b'\r')) {
                buf.pop();
            }
            let text = match std::str::from_utf8(&buf) {
                Ok(t) => t,
                Err(_) => {
                    let e = Error::new(ErrorKind::Encoding, "the line is not valid UTF-8");
                    self.emit(Err(e), &String::from_utf8_lossy(&buf), Some(number))?;
                    continue;
                }
            };
            let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
            let trimmed = text.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let input = text.to_string();
            let result = command::run(request, &input);
            self.emit(result, &input, Some(number))?;
        }
    }
}

/// (label, reason) for every undefined value of an outcome, for stderr.
fn undefined_reasons(o: &command::Outcome) -> Vec<(String, String)> {
    use gradtape::eval::Value;
    let mut out = Vec::new();
    if let Some(Value::Undefined(why)) = &o.value {
        out.push(("f".to_string(), why.clone()));
    }
    let partial = output::is_partial(o);
    for d in &o.derivatives {
        if let Some(Value::Undefined(why)) = &d.value {
            out.push((output::derivative_label(&d.wrt, partial), why.clone()));
        }
    }
    out
}
