//! The gradtape command: reads expressions from arguments or standard input, runs
//! the request on each, prints the results, and exits with a documented code.
#![forbid(unsafe_code)]

mod cli;

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, ColorChoice, Command, Common, Format};
use gradtape::command::{self, CheckOptions, Request, Task, Timings};
use gradtape::error::{Error, ErrorKind};
use gradtape::parse::{self, Limits};
use gradtape::render::latex::LatexOptions;
use gradtape::render::matrix;
use gradtape::render::output::{self, Shown};

/// Exit codes (docs/cli.md).
const EXIT_OK: u8 = 0;
const EXIT_CHECK: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_UNDEFINED: u8 = 3;

/// Recursive passes are bounded by the nesting limit; this stack leaves them room.
const STACK_BYTES: usize = 512 << 20;

/// Results are written in blocks of about this size when input comes in faster.
const FLUSH_BYTES: usize = 1 << 16;

fn main() -> ExitCode {
    let worker = std::thread::Builder::new().stack_size(STACK_BYTES).spawn(run);
    match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => ExitCode::from(101),
    }
}

fn run() -> ExitCode {
    let cli = Cli::parse_from(cli::protect_expressions(std::env::args_os()));
    let matrix = match &cli.command {
        Command::Hessian(_) => Some(Matrix::Hessian),
        Command::Jacobian(_) => Some(Matrix::Jacobian),
        Command::Completions(a) => return print_completions(a.shell),
        Command::Manpage(a) => return print_manpage(a.command.as_deref()),
        _ => None,
    };
    let mut timings = Timings::default();
    let (exprs, request, common, shown) = match request_of(cli.command, &mut timings) {
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
    // Only the text format colors its results; the others pass through unscanned.
    let out_choice = if common.format == Format::Text { choice } else { anstream::ColorChoice::AlwaysAnsi };
    let mut sink = Sink {
        out: anstream::AutoStream::new(io::stdout().lock(), out_choice),
        err: anstream::AutoStream::new(io::stderr(), choice),
        format: common.format,
        shown,
        latex: common.latex.options(),
        worst: EXIT_OK,
        count: 0,
        matrix,
        timings,
        pending: Vec::new(),
        streaming: false,
    };
    if matrix == Some(Matrix::Jacobian) {
        return sink.jacobian(&request, &exprs);
    }
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
    if sink.timings.enabled {
        let _ = write!(sink.err, "{}", sink.timings.report());
    }
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
fn request_of(command: Command, timings: &mut Timings) -> Result<(Vec<String>, Request, Common, Shown), Error> {
    let mut check = None;
    let mut at_file = None;
    let (exprs, task, at, common, shown) = match command {
        Command::Diff(a) => {
            let orders = command::parse_orders(&a.order)?;
            let wrt = if a.wrt.is_empty() { None } else { Some(command::check_wrt(&a.wrt)?) };
            check = check_options(a.check);
            at_file = a.at_file;
            (a.exprs, Task::Diff { wrt, orders }, a.at, a.common, Shown::Diff)
        }
        Command::Simplify(a) => (a.exprs, Task::Simplify { form: a.form.into() }, None, a.common, Shown::Simplify),
        Command::Eval(a) => {
            at_file = a.at_file;
            (a.exprs, Task::Eval, a.at, a.common, Shown::Eval)
        }
        Command::Hessian(a) => {
            let wrt = if a.wrt.is_empty() { None } else { Some(command::check_wrt(&a.wrt)?) };
            check = check_options(a.check);
            (a.exprs, Task::Diff { wrt, orders: (2, 2) }, a.at, a.common, Shown::Diff)
        }
        Command::Jacobian(a) => {
            let wrt = if a.wrt.is_empty() { None } else { Some(command::check_wrt(&a.wrt)?) };
            check = check_options(a.check);
            (a.exprs, Task::Diff { wrt, orders: (1, 1) }, a.at, a.common, Shown::Diff)
        }
        Command::Completions(_) | Command::Manpage(_) => {
            return Err(Error::new(ErrorKind::Usage, "this command takes no expression"))
        }
    };
    *timings = Timings::new(common.timings);
    let table = match at_file {
        Some(path) => {
            let t = timings.start();
            let table = read_points(&path, common.format)?;
            Timings::lap(t, &mut timings.read);
            Some(std::sync::Arc::new(table))
        }
        None => None,
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
    let limits = Limits {
        max_depth: usize::try_from(common.max_depth).unwrap_or(usize::MAX),
        max_input: common.max_input,
        max_nodes: common.max_nodes,
        max_steps: common.max_steps,
        max_exact_bits: common.max_exact_bits,
        max_size: common.max_size,
        max_literal_exponent: common.max_literal_exponent,
    };
    Ok((exprs, Request { task, point, table, limits, check }, common, shown))
}

/// The check options of `--check` and `--seed`.
fn check_options(a: cli::CheckArgs) -> Option<CheckOptions> {
    a.check.then(|| CheckOptions { seed: a.seed, ..CheckOptions::default() })
}

/// Reads the `--at-file` table.
fn read_points(path: &std::path::Path, format: Format) -> Result<gradtape::points::Table, Error> {
    if format == Format::Latex {
        return Err(Error::new(ErrorKind::Usage, "--at-file writes rows of values, which have no LaTeX form")
            .hint("use --format text, plain or json"));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::new(ErrorKind::Usage, format!("cannot read the points file {}: {e}", path.display())))?;
    gradtape::points::read_table(&text)
}

/// Which matrix a command prints, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Matrix {
    Hessian,
    Jacobian,
}

/// Writes a completion script for `shell` to stdout.
fn print_completions(shell: clap_complete::Shell) -> ExitCode {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "gradtape", &mut out);
    write_quietly(&out)
}

/// Writes a manual page (roff) to stdout: gradtape(1), or gradtape-COMMAND(1) for
/// one command. docs/ holds a copy of each.
fn print_manpage(command: Option<&str>) -> ExitCode {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    cmd.build();
    let cmd = match command {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).filter(|n| *n != "help").collect();
                eprintln!("error: no command '{name}' (commands: {})", names.join(", "));
                return ExitCode::from(EXIT_USAGE);
            }
        },
    };
    let mut out = Vec::new();
    if let Err(e) =
        clap_mangen::Man::new(cmd).source(format!("gradtape {}", env!("CARGO_PKG_VERSION"))).render(&mut out)
    {
        eprintln!("error: {e}");
        return ExitCode::from(EXIT_USAGE);
    }
    write_quietly(&out)
}

/// Writes bytes to stdout; a closed pipe is not an error.
fn write_quietly(bytes: &[u8]) -> ExitCode {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_USAGE)
        }
        _ => ExitCode::SUCCESS,
    }
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
    matrix: Option<Matrix>,
    timings: Timings,
    /// Output not yet written (see [`Sink::drain`]).
    pending: Vec<u8>,
    /// True while reading standard input.
    streaming: bool,
}

impl<W: Write, E: Write> Sink<W, E> {
    /// Keeps the most serious exit code seen: a usage or input error, then a failed
    /// check, then an undefined value.
    fn raise(&mut self, code: u8) {
        let rank = |c: u8| match c {
            EXIT_USAGE => 3,
            EXIT_CHECK => 2,
            EXIT_UNDEFINED => 1,
            _ => 0,
        };
        if rank(code) > rank(self.worst) {
            self.worst = code;
        }
    }

    /// Runs the request on one expression and prints its result or error.
    fn one(&mut self, request: &Request, input: &str, line: Option<usize>) -> io::Result<()> {
        let result = command::run_timed(request, input, &mut self.timings);
        self.emit(result, input, line, request)
    }

    fn emit(
        &mut self,
        result: Result<command::Outcome, Error>,
        input: &str,
        line: Option<usize>,
        request: &Request,
    ) -> io::Result<()> {
        let first = self.count == 0;
        self.count += 1;
        let start = self.timings.start();
        match result {
            Ok(mut o) => {
                // An input error (2) outranks a failed check (1), which outranks an
                // undefined value (3), in any order.
                if o.has_undefined() {
                    self.raise(EXIT_UNDEFINED);
                }
                if o.check_failed() {
                    self.raise(EXIT_CHECK);
                }
                let text = match (self.matrix, self.format) {
                    (_, format) if request.table.is_some() => self.rows(&o, request, format)?,
                    (Some(_), _) => self.hessian(&mut o)?,
                    (None, Format::Text) => {
                        let t = output::text(&mut o, self.shown);
                        if first || self.shown == Shown::Simplify {
                            t
                        } else {
                            format!("\n{t}")
                        }
                    }
                    (None, Format::Plain) => {
                        let at = line.map_or(String::new(), |n| format!("line {n}: "));
                        for (name, why) in undefined_reasons(&o) {
                            self.drain()?;
                            writeln!(self.err, "{at}{name}: undefined: {why}")?;
                        }
                        output::plain(&mut o, self.shown)
                    }
                    (None, Format::Json) => output::json(&mut o, self.shown, &self.latex),
                    (None, Format::Latex) => output::latex(&mut o, self.shown, &self.latex),
                };
                self.pending.extend_from_slice(text.as_bytes());
            }
            Err(mut e) => {
                self.raise(EXIT_USAGE);
                match self.format {
                    Format::Json => {
                        self.pending.extend_from_slice(output::json_error(&e, input, line).as_bytes());
                    }
                    _ => {
                        if e.kind == ErrorKind::Encoding {
                            e.span = None;
                        }
                        let report = output::text_error(&e, input, line);
                        self.drain()?;
                        self.err.write_all(report.as_bytes())?;
                        if self.format == Format::Plain {
                            // Keep one line per input so that results stay aligned.
                            self.pending.extend_from_slice(b"error\n");
                        }
                    }
                }
            }
        }
        let r = if self.pending.len() >= FLUSH_BYTES || !self.streaming { self.drain() } else { Ok(()) };
        Timings::lap(start, &mut self.timings.print);
        r
    }

    /// Writes the results held back so far. Results from standard input are held
    /// until the input pauses (or enough have gathered), so that a long batch is
    /// written in large blocks and a slow, interactive one still line by line.
    fn drain(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            self.out.write_all(&self.pending)?;
            self.pending.clear();
        }
        self.out.flush()
    }

    /// With `--at-file`: one row of values per point.
    fn rows(&mut self, o: &command::Outcome, request: &Request, format: Format) -> io::Result<String> {
        let delimiter = request.table.as_ref().map_or(',', |t| t.delimiter);
        if let Some(rows) = o.rows.as_ref().filter(|_| format == Format::Plain) {
            let n = rows.iter().filter(|v| v.is_nan()).count();
            if n > 0 {
                self.drain()?;
                writeln!(self.err, "{n} of {} values undefined", rows.len())?;
            }
        }
        Ok(output::rows(o, self.shown, delimiter, format == Format::Text, format == Format::Json))
    }

    /// One Hessian in the chosen format (a blank line between text reports).
    fn hessian(&mut self, o: &mut command::Outcome) -> io::Result<String> {
        Ok(match self.format {
            Format::Text => {
                let t = matrix::hessian_text(o);
                if self.count > 1 {
                    format!("\n{t}")
                } else {
                    t
                }
            }
            Format::Plain => {
                for (name, why) in undefined_reasons(o) {
                    self.drain()?;
                    writeln!(self.err, "{name}: undefined: {why}")?;
                }
                matrix::hessian_plain(o)
            }
            Format::Json => matrix::hessian_json(o, &self.latex),
            Format::Latex => matrix::hessian_latex(o, &self.latex),
        })
    }

    /// The Jacobian of all expressions (arguments, then stdin lines with `-` or
    /// with no argument): every row is computed, errors are reported per row, and
    /// the matrix is printed when every row succeeded.
    fn jacobian(&mut self, request: &Request, args: &[String]) -> ExitCode {
        let mut inputs: Vec<(String, Option<usize>)> =
            args.iter().filter(|e| *e != "-").map(|e| (e.clone(), None)).collect();
        if args.is_empty() || args.iter().any(|e| e == "-") {
            if args.is_empty() && io::stdin().is_terminal() {
                let e = Error::new(ErrorKind::Usage, "no expression given")
                    .hint("pass the rows as arguments, or pipe them on standard input");
                let _ = write!(self.err, "{}", output::text_error(&e, "", None));
                return ExitCode::from(EXIT_USAGE);
            }
            let mut collect = |line: Line, number, _more| {
                let text = match line {
                    Line::Text(t) => t.trim().to_string(),
                    Line::NotUtf8(lossy) => lossy,
                    // Stands for the line: as long as the limit allows and one more.
                    Line::TooLong(_) => " ".repeat(request.limits.max_input.saturating_add(1)),
                };
                inputs.push((text, Some(number)));
                Ok(())
            };
            if let Err(e) = for_each_line(request.limits.max_input, &mut collect) {
                let _ = writeln!(self.err, "error: {e}");
                return ExitCode::from(EXIT_USAGE);
            }
        }
        if inputs.is_empty() {
            let e = Error::new(ErrorKind::Usage, "no expression given").hint("a Jacobian needs at least one row");
            let _ = write!(self.err, "{}", output::text_error(&e, "", None));
            return ExitCode::from(EXIT_USAGE);
        }
        let wrt = match &request.task {
            Task::Diff { wrt: Some(w), .. } => w.clone(),
            _ => {
                let mut all: Vec<String> = Vec::new();
                for (text, _) in &inputs {
                    if let Ok(ast) = parse::parse_with(text, request.limits) {
                        all.extend(ast.variables());
                    }
                }
                all.sort();
                all.dedup();
                all
            }
        };
        let request = Request { task: Task::Diff { wrt: Some(wrt.clone()), orders: (1, 1) }, ..request.clone() };
        let mut rows = Vec::new();
        let mut failed = false;
        let mut result = Ok(());
        for (text, number) in &inputs {
            match command::run(&request, text) {
                Ok(o) => rows.push(o),
                Err(e) => {
                    failed = true;
                    result = result.and_then(|_| self.emit(Err(e), text, *number, &request));
                }
            }
        }
        if !failed {
            let mut j = matrix::Jacobian { rows, wrt };
            if j.has_undefined() {
                self.raise(EXIT_UNDEFINED);
            }
            if j.rows.iter().any(command::Outcome::check_failed) {
                self.raise(EXIT_CHECK);
            }
            let text = match self.format {
                Format::Text => matrix::jacobian_text(&mut j),
                Format::Plain => {
                    for o in &j.rows {
                        for (name, why) in undefined_reasons(o) {
                            let _ = writeln!(self.err, "{}: {name}: undefined: {why}", o.input);
                        }
                    }
                    matrix::jacobian_plain(&mut j)
                }
                Format::Json => matrix::jacobian_json(&mut j, &self.latex),
                Format::Latex => matrix::jacobian_latex(&mut j, &self.latex),
            };
            result = result.and_then(|_| self.out.write_all(text.as_bytes())).and_then(|_| self.out.flush());
        }
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                let _ = writeln!(self.err, "error: {e}");
                ExitCode::from(EXIT_USAGE)
            }
            Ok(()) => ExitCode::from(self.worst),
        }
    }

    /// Reads expressions from standard input, one per line, streaming results.
    fn stdin(&mut self, request: &Request) -> io::Result<()> {
        let limits = request.limits;
        self.streaming = true;
        let result = for_each_line(limits.max_input, &mut |line, number, more| {
            match line {
                Line::Text(input) => {
                    let result = command::run_timed(request, input, &mut self.timings);
                    self.emit(result, input, Some(number), request)?;
                }
                Line::NotUtf8(lossy) => {
                    let e = Error::new(ErrorKind::Encoding, "the line is not valid UTF-8");
                    self.emit(Err(e), &lossy, Some(number), request)?;
                }
                Line::TooLong(len) => self.emit(Err(limits.input_error(len)), "", Some(number), request)?,
            }
            if more {
                Ok(())
            } else {
                // The next read may wait for more input: show what is done.
                self.drain()
            }
        });
        self.streaming = false;
        result.and_then(|_| self.drain())
    }
}

/// One expression line of standard input.
enum Line<'a> {
    /// The line, without its line end and byte-order mark.
    Text(&'a str),
    /// A line that is not UTF-8, decoded lossily for the error report.
    NotUtf8(String),
    /// A line longer than the input limit, by its length; it was not kept.
    TooLong(usize),
}

/// Calls `each` with every expression line of stdin and its line number, as lines
/// arrive, and whether the next line is already buffered; blank lines and `#` comments
/// are skipped.
fn for_each_line(max_input: usize, each: &mut dyn FnMut(Line, usize, bool) -> io::Result<()>) -> io::Result<()> {
    let stdin = io::stdin();
    let mut reader = io::BufReader::with_capacity(FLUSH_BYTES, stdin.lock());
    let mut buf = Vec::new();
    let mut number = 0usize;
    loop {
        buf.clear();
        // Keep at most one byte beyond the limit: a longer line is reported by its
        // length and skipped, never held whole.
        let Some(len) = read_line_bounded(&mut reader, &mut buf, max_input.saturating_add(1))? else {
            return Ok(());
        };
        number += 1;
        if len > max_input {
            let more = reader.buffer().contains(&b'\n');
            each(Line::TooLong(len), number, more)?;
            continue;
        }
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(text) => {
                let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
                let trimmed = text.trim();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                Line::Text(text)
            }
            Err(_) => Line::NotUtf8(String::from_utf8_lossy(&buf).into_owned()),
        };
        // Whether the next line is already here (results may then wait to be written).
        let more = reader.buffer().contains(&b'\n');
        each(line, number, more)?;
    }
}

/// Reads one line into `buf`, keeping at most `keep` bytes of it, and returns the
/// whole line's length without its line end (None at the end of input).
fn read_line_bounded(reader: &mut impl BufRead, buf: &mut Vec<u8>, keep: usize) -> io::Result<Option<usize>> {
    let mut len = 0usize;
    let mut any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], true),
            None => (chunk, false),
        };
        let room = keep.saturating_sub(buf.len());
        buf.extend_from_slice(&part[..part.len().min(room)]);
        len = len.saturating_add(part.len());
        let used = part.len() + usize::from(done);
        reader.consume(used);
        if done {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if buf.last() == Some(&b'\r') && len <= keep {
        len -= 1;
    }
    Ok(Some(len))
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
