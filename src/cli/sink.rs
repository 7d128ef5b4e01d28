//! Where results go: each input run through the pipeline as it arrives, its report
//! held back while more input is already waiting and written in large blocks, and
//! the worst exit code kept.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use gradtape::error::{Error, ErrorKind};
use gradtape::pipeline::{self, Jacobian, Outcome, Request};
use gradtape::report::{self, Place, Printed, Reporter};

use super::exit::{self, Worst};
use super::lines::{for_each_line, Line};
use super::timings::Timings;
use super::unused::Unused;

/// Results are written in blocks of about this size when input comes in faster.
const FLUSH_BYTES: usize = 1 << 16;

/// Where results go, and the worst exit code so far.
pub struct Sink<W: Write, E: Write> {
    pub out: W,
    pub err: E,
    pub reporter: Arc<dyn Reporter>,
    pub worst: Worst,
    /// Results reported so far.
    pub count: usize,
    pub timings: Timings,
    /// Output not yet written (see [`Sink::drain`]).
    pending: Vec<u8>,
    /// True while reading standard input.
    pub streaming: bool,
    /// The `--wrt`, `--partial` and `--at` variables no expression has used so far.
    pub unused: Unused,
}

impl<W: Write, E: Write> Sink<W, E> {
    pub fn new(out: W, err: E, reporter: Box<dyn Reporter>, timings: Timings) -> Sink<W, E> {
        Sink {
            out,
            err,
            reporter: Arc::from(reporter),
            worst: Worst::default(),
            count: 0,
            timings,
            pending: Vec::new(),
            streaming: false,
            unused: Unused::default(),
        }
    }

    /// Reports a usage error that ends the run before any input is read.
    pub fn refuse(&mut self, e: &Error) -> ExitCode {
        let _ = write!(self.err, "{}", report::text::error_text(e, "", None));
        ExitCode::from(exit::USAGE)
    }

    /// Runs the request on one expression and prints its result or error.
    pub fn one(&mut self, request: &Request, input: &str, line: Option<usize>) -> io::Result<()> {
        self.timings.count += 1;
        let result = pipeline::run_timed(request, input, &mut self.timings.phases);
        self.emit(result, input, line, request)
    }

    /// Prints one result or error, and keeps its exit code.
    fn emit(
        &mut self,
        result: Result<Outcome, Error>,
        input: &str,
        line: Option<usize>,
        request: &Request,
    ) -> io::Result<()> {
        let place = Place { first: self.count == 0, line };
        self.count += 1;
        let start = self.timings.phases.start();
        let report = Report::of(self.reporter.as_ref(), request, result, input, place);
        let r = self.apply(report);
        gradtape::pipeline::Phases::lap(start, &mut self.timings.print);
        r
    }

    /// Takes one input's report, in input order: keeps its exit code and the
    /// variables it used, and holds its text (written once enough has gathered, or
    /// at once when not streaming).
    pub fn apply(&mut self, report: Report) -> io::Result<()> {
        if let Some(variables) = &report.variables {
            self.unused.saw(variables);
        }
        for code in report.codes {
            self.worst.raise(code);
        }
        self.hold(report.printed)?;
        if self.pending.len() >= FLUSH_BYTES || !self.streaming {
            self.drain()
        } else {
            Ok(())
        }
    }

    /// Writes a result's notes to stderr (after the results before it) and holds
    /// its text for stdout.
    fn hold(&mut self, printed: Printed) -> io::Result<()> {
        if !printed.notes.is_empty() {
            self.drain()?;
            for note in &printed.notes {
                self.err.write_all(note.as_bytes())?;
            }
        }
        if printed.out.len() >= FLUSH_BYTES {
            // A large result (rows of a table) goes out as it is, after what waits.
            if !self.pending.is_empty() {
                self.out.write_all(&self.pending)?;
                self.pending.clear();
            }
            return self.out.write_all(printed.out.as_bytes());
        }
        self.pending.extend_from_slice(printed.out.as_bytes());
        Ok(())
    }

    /// Reports each row of the `--at-file` table that failed, once for the run
    /// (every expression prints an empty line or a JSON error in its place), and
    /// keeps exit code 2 for the end.
    pub fn table_errors(&mut self, request: &Request) {
        let Some(table) = &request.table else { return };
        for f in &table.failed {
            let _ = write!(self.err, "{}", report::text::error_text(&f.error, "", None));
        }
        if !table.failed.is_empty() {
            self.worst.raise(exit::USAGE);
        }
    }

    /// Warns of the `--wrt`, `--partial` and `--at` variables no expression used.
    pub fn warn_unused(&mut self) {
        let warnings = self.unused.warnings();
        if !warnings.is_empty() {
            let _ = self.drain();
            for w in warnings {
                let _ = self.err.write_all(w.as_bytes());
            }
        }
    }

    /// Writes the results held back so far. Results from standard input are held
    /// until the input pauses (or enough have gathered), so that a long batch is
    /// written in large blocks and a slow, interactive one still line by line.
    pub fn drain(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            self.out.write_all(&self.pending)?;
            self.pending.clear();
        }
        self.out.flush()
    }

    /// The Jacobian of all expressions (arguments, then stdin lines with `-` or
    /// with no argument): every row is computed, errors are reported per row, and
    /// the matrix is printed when every row succeeded.
    pub fn jacobian(&mut self, request: &Request, args: &[String]) -> ExitCode {
        let inputs = match self.jacobian_inputs(request, args) {
            Ok(inputs) => inputs,
            Err(code) => return code,
        };
        let texts: Vec<&str> = inputs.iter().map(|(t, _)| t.as_str()).collect();
        let (wrt, results) = pipeline::jacobian(request, &texts);
        let mut rows = Vec::new();
        let mut failed = false;
        let mut result = Ok(());
        for (row, (text, number)) in results.into_iter().zip(&inputs) {
            match row {
                Ok(o) => {
                    self.unused.saw(&o.variables);
                    rows.push(o);
                }
                Err(e) => {
                    failed = true;
                    result = result.and_then(|_| self.emit(Err(e), text, *number, request));
                }
            }
        }
        if !failed {
            let mut j = Jacobian { rows, wrt };
            if j.has_undefined() {
                self.worst.raise(exit::UNDEFINED);
            }
            if j.rows.iter().any(Outcome::check_failed) {
                self.worst.raise(exit::CHECK);
            }
            let printed = self.reporter.jacobian(&mut j);
            for note in &printed.notes {
                let _ = self.err.write_all(note.as_bytes());
            }
            result = result.and_then(|_| self.out.write_all(printed.out.as_bytes())).and_then(|_| self.out.flush());
        }
        self.warn_unused();
        self.worst.exit(result, &mut self.err)
    }

    /// The rows of a Jacobian, with their line numbers on stdin; or, when there are
    /// none, the code the run ends with.
    fn jacobian_inputs(
        &mut self,
        request: &Request,
        args: &[String],
    ) -> Result<Vec<(String, Option<usize>)>, ExitCode> {
        let mut inputs: Vec<(String, Option<usize>)> =
            args.iter().filter(|e| *e != "-").map(|e| (e.clone(), None)).collect();
        if args.is_empty() || args.iter().any(|e| e == "-") {
            if args.is_empty() && io::stdin().is_terminal() {
                let e = Error::new(ErrorKind::Usage, "no expression given")
                    .hint("pass the rows as arguments, or pipe them on standard input");
                return Err(self.refuse(&e));
            }
            let mut collect = |line: Line, number, _more| {
                let text = match line {
                    Line::Text(t) => t.trim().to_string(),
                    Line::NotUtf8(lossy) => lossy,
                    // Stands for the line: as long as the limit allows and one more.
                    Line::TooLong(_) => " ".repeat(request.limits.max_input.saturating_add(1)),
                    Line::Skipped => return Ok(()),
                };
                inputs.push((text, Some(number)));
                Ok(())
            };
            if let Err(e) = for_each_line(request.limits.max_input, &mut collect) {
                let _ = writeln!(self.err, "error: {e}");
                return Err(ExitCode::from(exit::USAGE));
            }
        }
        if inputs.is_empty() {
            let e = Error::new(ErrorKind::Usage, "no expression given").hint("a Jacobian needs at least one row");
            return Err(self.refuse(&e));
        }
        Ok(inputs)
    }
}

/// One input's report, made where the input ran (on a worker thread with `--jobs`)
/// and applied in input order by [`Sink::apply`].
pub struct Report {
    printed: Printed,
    /// The exit codes it raises.
    codes: Vec<u8>,
    /// The variables of its expression (None for an error or a skipped line).
    variables: Option<Vec<String>>,
}

impl Report {
    /// The report of one input's result or error.
    pub fn of(
        reporter: &dyn Reporter,
        request: &Request,
        result: Result<Outcome, Error>,
        input: &str,
        place: Place,
    ) -> Report {
        match result {
            Ok(mut o) => {
                // An input error (2) outranks a failed check (1), which outranks an
                // undefined value (3), in any order (see `Worst::raise`).
                let mut codes = Vec::new();
                if o.has_undefined() {
                    codes.push(exit::UNDEFINED);
                }
                if o.check_failed() {
                    codes.push(exit::CHECK);
                }
                let printed = report::result(reporter, &mut o, request, place);
                Report { printed, codes, variables: Some(std::mem::take(&mut o.variables)) }
            }
            Err(e) => {
                Report { printed: reporter.error(&e, input, place.line), codes: vec![exit::USAGE], variables: None }
            }
        }
    }

    /// A blank or comment line's report.
    pub fn skipped(reporter: &dyn Reporter) -> Report {
        Report { printed: reporter.skipped(), codes: Vec::new(), variables: None }
    }

    /// The report of a line that prints nothing.
    pub fn nothing() -> Report {
        Report { printed: Printed::default(), codes: Vec::new(), variables: None }
    }
}
