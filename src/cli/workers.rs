//! Standard input, with `--jobs N`: expression lines run on N worker threads, in
//! chunks of up to [`CHUNK`], while the main thread reads on, and the reports are
//! applied in input order, so the output is byte for byte that of one thread. At
//! most [`WINDOW`] lines per thread are between reading and writing (memory stays
//! bounded on an endless stream), and when the input pauses everything read so far
//! is written. The threads start with the first full chunk: until then (one line,
//! or a person typing), and always with `--jobs 1`, the main thread runs the lines
//! itself.

use std::collections::BTreeMap;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread;

use gradtape::error::{Error, ErrorKind};
use gradtape::pipeline::{self, Request};
use gradtape::report::{Place, Reporter};

use super::lines::{for_each_line, Line};
use super::sink::{Report, Sink};
use super::timings::Timings;

/// Lines per worker thread that may be read and not yet written.
pub const WINDOW: usize = 64;

/// Expression lines handed to a worker at once (fewer when the input pauses): one
/// wake-up of a thread per chunk rather than per line.
const CHUNK: usize = 16;

/// One expression line for a worker: its place in the input, its text and place
/// in the run.
struct Job {
    seq: usize,
    input: String,
    place: Place,
}

/// A worker's answer: the reports of a chunk, by line, or None if the worker panicked.
type Done = Option<Vec<(usize, Report)>>;

/// Reads expressions from standard input and runs them on `jobs` threads (with one,
/// on this thread), applying their reports to `sink` in input order.
pub fn stdin<W: io::Write, E: io::Write>(sink: &mut Sink<W, E>, request: &Request, jobs: usize) -> io::Result<()> {
    let limits = request.limits;
    let (job_tx, job_rx) = mpsc::sync_channel::<Vec<Job>>(jobs * 2);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    let shared = Arc::clone(&sink.reporter);
    let reporter = shared.as_ref();
    let enabled = sink.timings.enabled();
    thread::scope(|scope| {
        let mut pool = Pool {
            scope,
            request,
            reporter,
            job_rx: &job_rx,
            done_tx: Some(done_tx),
            jobs,
            enabled,
            workers: Vec::new(),
        };
        let mut order = Order {
            done_rx,
            job_tx,
            chunk: Vec::with_capacity(CHUNK),
            ready: BTreeMap::new(),
            next: 0,
            read: 0,
            window: WINDOW * jobs,
        };
        let result = read_all(sink, &mut pool, limits.max_input, &mut order);
        // Closing the job channel ends the workers, which give their times.
        drop(order);
        for w in pool.workers.drain(..) {
            match w.join() {
                Ok(t) => sink.timings.absorb(&t),
                Err(e) => panic::resume_unwind(e),
            }
        }
        result
    })
}

/// The worker threads, started on demand, and what they and the main thread need
/// to run a chunk.
struct Pool<'scope, 'env> {
    scope: &'scope thread::Scope<'scope, 'env>,
    request: &'env Request,
    reporter: &'env (dyn Reporter + Sync),
    job_rx: &'env Mutex<Receiver<Vec<Job>>>,
    /// The answers' channel, until the workers start with their copies of it.
    done_tx: Option<mpsc::Sender<Done>>,
    jobs: usize,
    enabled: bool,
    workers: Vec<thread::ScopedJoinHandle<'scope, Timings>>,
}

impl Pool<'_, '_> {
    fn started(&self) -> bool {
        self.done_tx.is_none()
    }

    /// Starts the worker threads.
    fn start(&mut self) -> io::Result<()> {
        let Some(done_tx) = self.done_tx.take() else { return Ok(()) };
        for _ in 0..self.jobs {
            let done = done_tx.clone();
            let (request, reporter, job_rx, enabled) = (self.request, self.reporter, self.job_rx, self.enabled);
            let worker = thread::Builder::new()
                .stack_size(gradtape::limits::THREAD_STACK_BYTES)
                .spawn_scoped(self.scope, move || work(request, reporter, job_rx, &done, enabled))?;
            self.workers.push(worker);
        }
        Ok(())
    }
}

/// Reads every line, sending expressions to the workers and writing the reports
/// in order as they come back.
fn read_all<W: io::Write, E: io::Write>(
    sink: &mut Sink<W, E>,
    pool: &mut Pool,
    max_input: usize,
    order: &mut Order,
) -> io::Result<()> {
    let request = pool.request;
    sink.streaming = true;
    let result = for_each_line(max_input, &mut |line, number, more| {
        let seq = order.read;
        order.read += 1;
        let reporter = sink.reporter.as_ref();
        let place = Place { first: sink.count == 0, line: Some(number) };
        let here = match line {
            Line::Text(input) => {
                sink.count += 1;
                sink.timings.count += 1;
                order.chunk.push(Job { seq, input: input.to_string(), place });
                if order.chunk.len() >= CHUNK {
                    // A batch: from here on the workers run it (with --jobs 1, this
                    // thread goes on running every chunk itself).
                    if pool.jobs > 1 {
                        pool.start()?;
                    }
                    order.send(pool, &mut sink.timings)?;
                }
                None
            }
            Line::NotUtf8(lossy) => {
                sink.count += 1;
                let e = Error::new(ErrorKind::Encoding, "the line is not valid UTF-8");
                Some(Report::of(reporter, request, Err(e), &lossy, place))
            }
            Line::TooLong(len) => {
                sink.count += 1;
                Some(Report::of(reporter, request, Err(request.limits.input_error(len)), "", place))
            }
            // Plain output keeps one line per input line (docs/cli.md); rows of
            // points are not aligned with input lines.
            Line::Skipped if request.table.is_none() => Some(Report::skipped(reporter)),
            Line::Skipped => Some(Report::nothing()),
        };
        if let Some(report) = here {
            order.ready.insert(seq, report);
        }
        order.write_ready(sink, pool, !more)?;
        if more {
            Ok(())
        } else {
            // The next read may wait for more input: show what is done.
            sink.drain()
        }
    });
    let result = result.and_then(|_| order.write_ready(sink, pool, true));
    sink.streaming = false;
    result.and_then(|_| sink.drain())
}

/// The reports back from the workers, applied to the sink in input order.
struct Order {
    done_rx: Receiver<Done>,
    /// Where chunks of jobs go.
    job_tx: SyncSender<Vec<Job>>,
    /// The jobs read and not yet sent.
    chunk: Vec<Job>,
    /// Reports that came back before some earlier line's.
    ready: BTreeMap<usize, Report>,
    /// The next line to write, by its place in the input.
    next: usize,
    /// Lines read so far.
    read: usize,
    /// At most this many lines between reading and writing.
    window: usize,
}

impl Order {
    /// Hands the jobs read so far to the workers, or, before they have started,
    /// runs them on this thread.
    fn send(&mut self, pool: &Pool, timings: &mut Timings) -> io::Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK));
        if !pool.started() {
            self.ready.extend(run_chunk(pool.request, pool.reporter, &chunk, timings));
            return Ok(());
        }
        self.job_tx.send(chunk).map_err(|_| io::Error::other("the worker threads stopped"))
    }

    /// Applies the reports that are back, in order; waits for more while too many
    /// lines are out, or, with `all`, until every line read is written.
    fn write_ready<W: io::Write, E: io::Write>(
        &mut self,
        sink: &mut Sink<W, E>,
        pool: &Pool,
        all: bool,
    ) -> io::Result<()> {
        loop {
            while let Some(report) = self.ready.remove(&self.next) {
                self.next += 1;
                sink.apply(report)?;
            }
            let out = self.read - self.next;
            let wait = if all { out > 0 } else { out >= self.window };
            if wait && !self.chunk.is_empty() {
                // What is waited for may be among the jobs not sent yet.
                self.send(pool, &mut sink.timings)?;
                continue;
            }
            let done = if wait { self.done_rx.recv().ok() } else { self.done_rx.try_recv().ok() };
            match done {
                Some(Some(reports)) => self.ready.extend(reports),
                // The worker's panic was reported as it happened; end as one thread would.
                Some(None) => panic!("a worker thread panicked"),
                None if wait => return Err(io::Error::other("the worker threads stopped")),
                None => return Ok(()),
            }
        }
    }
}

/// Runs a chunk of jobs: their reports, by line.
fn run_chunk(
    request: &Request,
    reporter: &(dyn Reporter + Sync),
    chunk: &[Job],
    timings: &mut Timings,
) -> Vec<(usize, Report)> {
    let mut reports = Vec::with_capacity(chunk.len());
    for job in chunk {
        let result = pipeline::run_timed(request, &job.input, &mut timings.phases);
        let start = timings.phases.start();
        reports.push((job.seq, Report::of(reporter, request, result, &job.input, job.place)));
        pipeline::Phases::lap(start, &mut timings.print);
    }
    reports
}

/// A worker: runs each job it takes and sends its report back, until the jobs
/// end; returns the time it spent.
fn work(
    request: &Request,
    reporter: &(dyn Reporter + Sync),
    jobs: &Mutex<Receiver<Vec<Job>>>,
    done: &mpsc::Sender<Done>,
    enabled: bool,
) -> Timings {
    let mut timings = Timings::new(enabled);
    loop {
        let chunk = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => break,
        };
        let Ok(chunk) = chunk else { break };
        let ran = panic::catch_unwind(AssertUnwindSafe(|| run_chunk(request, reporter, &chunk, &mut timings)));
        let failed = ran.is_err();
        if done.send(ran.ok()).is_err() || failed {
            break;
        }
    }
    timings
}
