//! The gradtape command: reads expressions from arguments or standard input, runs
//! the request on each, prints the results, and exits with a documented code. The
//! command line lives in `cli/`, the work in the library.
#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let worker = std::thread::Builder::new().stack_size(gradtape::limits::THREAD_STACK_BYTES).spawn(cli::run);
    match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => ExitCode::from(101),
    }
}
