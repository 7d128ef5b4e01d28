//! Expressions read from standard input, one per line, as the lines arrive: blank
//! lines and `#` comments passed on as such (plain output keeps a line for each), a
//! line beyond the input limit never held whole.

use std::io::{self, BufRead};

/// Standard input is read in blocks of about this size.
pub const READ_BYTES: usize = 1 << 16;

/// One expression line of standard input.
pub enum Line<'a> {
    /// The line, without its line end and byte-order mark.
    Text(&'a str),
    /// A line that is not UTF-8, decoded lossily for the error report.
    NotUtf8(String),
    /// A line longer than the input limit, by its length; it was not kept.
    TooLong(usize),
    /// A blank line or a `#` comment: no expression.
    Skipped,
}

/// Calls `each` with every expression line of stdin and its line number, as lines
/// arrive, and whether the next line is already buffered; blank lines and `#` comments
/// come as [`Line::Skipped`].
pub fn for_each_line(max_input: usize, each: &mut dyn FnMut(Line, usize, bool) -> io::Result<()>) -> io::Result<()> {
    let stdin = io::stdin();
    let mut reader = io::BufReader::with_capacity(READ_BYTES, stdin.lock());
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
                    Line::Skipped
                } else {
                    Line::Text(text)
                }
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
