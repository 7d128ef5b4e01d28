//! `gradtape codegen`: the command line's options to the library's
//! [`gradtape::codegen::Options`], the generated file to stdout, or the error to stderr
//! with nothing written to stdout.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use gradtape::codegen::{self, Dtype, Lang, Options};
use gradtape::error::{Error, ErrorKind};
use gradtape::report;

use super::args::{CodegenArgs, ColorChoice};
use super::exit;

/// Runs `gradtape codegen`.
pub fn run(a: CodegenArgs) -> ExitCode {
    let choice = match a.color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    let mut err = anstream::AutoStream::new(io::stderr(), choice);
    let (exprs, text) = match expressions(&a.exprs) {
        Ok(e) => (e.clone(), e.join("\n")),
        Err(e) => return refuse(&mut err, &e, ""),
    };
    let options = match options_of(&a) {
        Ok(o) => o,
        Err(e) => return refuse(&mut err, &e, ""),
    };
    let refs: Vec<&str> = exprs.iter().map(String::as_str).collect();
    match codegen::generate(&refs, &options) {
        Ok(code) => {
            let mut out = io::stdout().lock();
            match out.write_all(code.as_bytes()).and_then(|_| out.flush()) {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                    let _ = writeln!(err, "error: {e}");
                    ExitCode::from(exit::USAGE)
                }
                _ => ExitCode::from(exit::OK),
            }
        }
        // One expression: the error points into it; several: the message names it.
        Err(e) => refuse(&mut err, &e, if exprs.len() == 1 { &text } else { "" }),
    }
}

/// The expressions: the arguments, or the non-blank, non-comment lines of stdin.
fn expressions(args: &[String]) -> Result<Vec<String>, Error> {
    let from_stdin = args.is_empty() || args.iter().any(|e| e == "-");
    let mut exprs: Vec<String> = args.iter().filter(|e| *e != "-").cloned().collect();
    if from_stdin {
        if args.is_empty() && io::stdin().is_terminal() {
            return Err(Error::new(ErrorKind::Usage, "no expression given")
                .hint("pass one as an argument, or pipe expressions on standard input"));
        }
        for line in io::stdin().lock().lines() {
            let line = line.map_err(|e| Error::new(ErrorKind::Usage, format!("reading standard input: {e}")))?;
            let line = line.trim();
            if !line.is_empty() && !line.starts_with('#') {
                exprs.push(line.to_string());
            }
        }
    }
    if exprs.is_empty() {
        return Err(Error::new(ErrorKind::Usage, "no expression given"));
    }
    Ok(exprs)
}

fn options_of(a: &CodegenArgs) -> Result<Options, Error> {
    let list = |v: &[String]| (!v.is_empty()).then(|| v.iter().map(|s| s.trim().to_string()).collect::<Vec<_>>());
    Ok(Options {
        lang: Lang::from_name(&a.lang)?,
        args: list(&a.args),
        wrt: list(&a.wrt),
        order: a.order,
        name: a.name.clone(),
        dtype: Dtype::from_name(&a.dtype)?,
        header: a.header,
    })
}

fn refuse(err: &mut impl Write, e: &Error, input: &str) -> ExitCode {
    let _ = write!(err, "{}", report::text::error_text(e, input, None));
    ExitCode::from(exit::USAGE)
}
