//! Exit codes (docs/cli.md), and which of several a run ends with.

use std::io::{self, Write};
use std::process::ExitCode;

/// Every input succeeded.
pub const OK: u8 = 0;
/// `--check` found a disagreement.
pub const CHECK: u8 = 1;
/// A usage or input error.
pub const USAGE: u8 = 2;
/// A requested value is undefined.
pub const UNDEFINED: u8 = 3;

/// The most serious exit code seen so far.
#[derive(Clone, Copy, Debug)]
pub struct Worst(u8);

impl Default for Worst {
    fn default() -> Worst {
        Worst(OK)
    }
}

impl Worst {
    /// Keeps the most serious code: a usage or input error, then a failed check,
    /// then an undefined value, in whatever order they come.
    pub fn raise(&mut self, code: u8) {
        let rank = |c: u8| match c {
            USAGE => 3,
            CHECK => 2,
            UNDEFINED => 1,
            _ => 0,
        };
        if rank(code) > rank(self.0) {
            self.0 = code;
        }
    }

    /// The code to exit with after `result`, the end of writing the results: a
    /// closed pipe (`| head`) ends quietly, another write error is reported on `err`.
    pub fn exit(self, result: io::Result<()>, err: &mut impl Write) -> ExitCode {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                ExitCode::from(USAGE)
            }
            Ok(()) => ExitCode::from(self.0),
        }
    }
}
