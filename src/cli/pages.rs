//! The pages gradtape prints about itself: shell completion scripts and manual pages.

use std::io::{self, Write};
use std::process::ExitCode;

use super::exit;

/// Writes a completion script for `shell` to stdout.
pub fn print_completions(shell: clap_complete::Shell) -> ExitCode {
    let mut cmd = super::args::full_command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "gradtape", &mut out);
    write_quietly(&out)
}

/// Writes a manual page (roff) to stdout: gradtape(1), or gradtape-COMMAND(1) for
/// one command. docs/ holds a copy of each.
pub fn print_manpage(command: Option<&str>) -> ExitCode {
    let mut cmd = super::args::full_command();
    cmd.build();
    let cmd = match command {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).filter(|n| *n != "help").collect();
                eprintln!("error: no command '{name}' (commands: {})", names.join(", "));
                return ExitCode::from(exit::USAGE);
            }
        },
    };
    let mut out = Vec::new();
    if let Err(e) =
        clap_mangen::Man::new(cmd).source(format!("gradtape {}", env!("CARGO_PKG_VERSION"))).render(&mut out)
    {
        eprintln!("error: {e}");
        return ExitCode::from(exit::USAGE);
    }
    write_quietly(&out)
}

/// Writes bytes to stdout; a closed pipe is not an error.
fn write_quietly(bytes: &[u8]) -> ExitCode {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("error: {e}");
            ExitCode::from(exit::USAGE)
        }
        _ => ExitCode::SUCCESS,
    }
}
