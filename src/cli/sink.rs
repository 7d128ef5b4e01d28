//! Where results go: each input run through the pipeline as it arrives, its report
//! held back while more input is already waiting and written in large blocks, and
//! the worst exit code kept.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use gradtape::error::{Error, ErrorKind};
use gradtape::pipeline::{self, Jacobian, Outcome, Request, Task};
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
        let (rows, wrt) = match self.rows(request, args) {
            Rows::Ready(rows, wrt) => (rows, wrt),
            Rows::Failed(result) => return self.finish_rows(Err(result)),
            Rows::Ended(code) => return code,
        };
        let result = {
            let mut j = Jacobian { rows, wrt };
            if j.has_undefined() {
                self.worst.raise(exit::UNDEFINED);
            }
            if j.rows.iter().any(Outcome::check_failed) {
                self.worst.raise(exit::CHECK);
            }
            Ok(self.reporter.jacobian(&mut j))
        };
        self.finish_rows(result)
    }

    /// The divergence or curl of the field whose components are all expressions (as
    /// the rows of [`Sink::jacobian`]), printed when every component succeeded.
    pub fn field(&mut self, request: &Request, args: &[String]) -> ExitCode {
        let (rows, wrt) = match self.rows(request, args) {
            Rows::Ready(rows, wrt) => (rows, wrt),
            Rows::Failed(result) => return self.finish_rows(Err(result)),
            Rows::Ended(code) => return code,
        };
        let result = match pipeline::field(request, wrt, rows) {
            Ok(mut f) => {
                if f.has_undefined() {
                    self.worst.raise(exit::UNDEFINED);
                }
                if f.check_failed() {
                    self.worst.raise(exit::CHECK);
                }
                Ok(self.reporter.field(&mut f, &request.task))
            }
            Err(e) => {
                // The field is refused as a whole: no variable of it was used.
                self.unused = Unused::default();
                self.worst.raise(exit::USAGE);
                Ok(self.reporter.error(&e, "", None))
            }
        };
        self.finish_rows(result)
    }

    /// Prints what was made of all the rows (nothing when a row failed, its error
    /// reported), warns of unused variables, and ends the run.
    fn finish_rows(&mut self, printed: Result<Printed, io::Result<()>>) -> ExitCode {
        let result = match printed {
            Err(result) => result,
            Ok(printed) => {
                for note in &printed.notes {
                    let _ = self.err.write_all(note.as_bytes());
                }
                self.out.write_all(printed.out.as_bytes()).and_then(|_| self.out.flush())
            }
        };
        self.warn_unused();
        self.worst.exit(result, &mut self.err)
    }

    /// The first partials of every expression (the rows of a Jacobian) with the
    /// variables of the columns, unless a row failed (its error reported).
    fn rows(&mut self, request: &Request, args: &[String]) -> Rows {
        let inputs = match self.jacobian_inputs(request, args) {
            Ok(inputs) => inputs,
            Err(code) => return Rows::Ended(code),
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
        if failed {
            Rows::Failed(result)
        } else {
            Rows::Ready(rows, wrt)
        }
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
            let hint = match request.task {
                Task::Jacobian { .. } => "a Jacobian needs at least one row",
                _ => "give the field's components, one per variable",
            };
            let e = Error::new(ErrorKind::Usage, "no expression given").hint(hint);
            return Err(self.refuse(&e));
        }
        Ok(inputs)
    }
}

/// The rows of a Jacobian or a field: computed, or a row failed (with the result of
/// reporting it), or the run ends with this code (no input).
enum Rows {
    Ready(Vec<Outcome>, Vec<String>),
    Failed(io::Result<()>),
    Ended(ExitCode),
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
                // A direction's variables (`--along a,b`) are used too.
                let mut variables = std::mem::take(&mut o.variables);
                variables.extend(o.along.iter().flat_map(|&a| o.store.free_vars(a)));
                Report { printed, codes, variables: Some(variables) }
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
