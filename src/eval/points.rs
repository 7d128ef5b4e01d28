//! Tables of points for `--at-file`: CSV or TSV text whose header row names the
//! variables, one point per row, and the rows of values written back in the same
//! shape. A bad row fails alone: its error is kept, its values are never shown.

use std::fmt::Write;
use std::ops::Range;
use std::sync::{Mutex, PoisonError};

use crate::error::{Error, ErrorKind};
use crate::eval::{float_text, parallel, push_float, Evaluator, Point};
use crate::store::Store;
use crate::syntax::{self, Limits};

/// Points read from a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The column names, as in the header row.
    pub names: Vec<String>,
    /// `,` or `\t`, as the header row uses.
    pub delimiter: char,
    /// Row-major: `names.len()` values per point (NaN in the rows that failed).
    pub values: Vec<f64>,
    /// The rows that failed, in order.
    pub failed: Vec<RowError>,
}

/// A row of the table that could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct RowError {
    /// The point's index, from 0 (shown from 1, as JSON's `row`).
    pub row: usize,
    /// Its line of the file, from 1.
    pub line: usize,
    /// What is wrong with it, naming the row and the line.
    pub error: Error,
}

impl Table {
    /// How many points the table holds, the rows that failed included.
    pub fn rows(&self) -> usize {
        self.values.len() / self.names.len().max(1)
    }

    /// A table of points read without error.
    pub fn new(names: Vec<String>, delimiter: char, values: Vec<f64>) -> Table {
        Table { names, delimiter, values, failed: Vec::new() }
    }
}

/// [`read_table_with`] under the default limits.
pub fn read_table(text: &str) -> Result<Table, Error> {
    read_table_with(text, Limits::default())
}

/// Reads a table: the first line that is neither blank nor a `#` comment is the
/// header; a tab in it makes the table tab-separated, otherwise commas separate.
/// Every later non-blank, non-comment line is one point, with a value in every
/// column: a number (`2`, `-0.5`, `1e-3`) or, as in `--at`, a constant expression
/// (`pi/4`, `sqrt(2)`) read under `limits`. A row that is not such a point fails on
/// its own (in [`Table::failed`]); an unusable header fails the whole table.
pub fn read_table_with(text: &str, limits: Limits) -> Result<Table, Error> {
    read_table_jobs(text, limits, 1)
}

/// [`read_table_with`], a large table's rows read in chunks of lines on up to
/// `jobs` threads: the same table, and the same errors in the same order, for any
/// `jobs`.
pub fn read_table_jobs(text: &str, limits: Limits, jobs: usize) -> Result<Table, Error> {
    let mut reader = TableReader::new(limits, jobs, text.len());
    reader.feed(text);
    reader.finish()
}

/// Bytes of the file read at a time per thread by [`read_table_from`].
const BLOCK_BYTES: usize = 1 << 21;

/// [`read_table_jobs`] of the text that `source` gives, read a block at a time
/// (`size` is its length in bytes if known, or 0): the same table, without holding
/// the whole text. The error of reading it, or that it is not UTF-8 (as
/// [`std::io::Read::read_to_string`] says it), is the outer one.
pub fn read_table_from(
    mut source: impl std::io::Read,
    size: usize,
    limits: Limits,
    jobs: usize,
) -> std::io::Result<Result<Table, Error>> {
    let mut reader = TableReader::new(limits, jobs, size);
    // A byte more than the whole text, so that one read finds its end.
    let most = BLOCK_BYTES.saturating_mul(jobs.max(1));
    let block = if size == 0 { most } else { most.min(size.saturating_add(1)) };
    let mut buffer: Vec<u8> = Vec::with_capacity(block);
    // Bytes at the start of `buffer` kept from the last block: a line not yet ended.
    let mut kept = 0;
    loop {
        let want = block.max(2 * kept);
        buffer.resize(want, 0);
        let mut filled = kept;
        while filled < want {
            match source.read(&mut buffer[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let end = filled < want;
        // Whole lines only, but for the last block.
        let cut = if end { filled } else { buffer[..filled].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) };
        if cut > 0 || end {
            let Ok(text) = std::str::from_utf8(&buffer[..cut]) else {
                return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "stream did not contain valid UTF-8"));
            };
            reader.feed(text);
        }
        if end {
            return Ok(reader.finish());
        }
        buffer.copy_within(cut..filled, 0);
        kept = filled - cut;
    }
}

/// A table read from whole lines of its text, fed in order.
struct TableReader {
    limits: Limits,
    jobs: usize,
    /// The column names and the delimiter, once the header is read.
    header: Option<(Vec<String>, char)>,
    /// A bad header: the table fails with it (once all of the text is known to be
    /// text).
    header_error: Option<Error>,
    /// Lines and rows read so far.
    lines: usize,
    rows: usize,
    values: Vec<f64>,
    failed: Vec<RowError>,
    /// The length of the whole text, for the first guess of the table's size.
    size: usize,
}

impl TableReader {
    fn new(limits: Limits, jobs: usize, size: usize) -> TableReader {
        TableReader {
            limits,
            jobs,
            header: None,
            header_error: None,
            lines: 0,
            rows: 0,
            values: Vec::new(),
            failed: Vec::new(),
            size,
        }
    }

    /// Reads the lines of `text`: whole lines of the table, following those fed so
    /// far (the last one may lack its line end only at the end of the table).
    fn feed(&mut self, mut text: &str) {
        if self.header_error.is_some() {
            return;
        }
        if self.header.is_none() {
            let mut offset = 0;
            let header = loop {
                if offset >= text.len() {
                    return;
                }
                let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1);
                let line = line_text(&text[offset..end]);
                offset = end;
                self.lines += 1;
                if counts(line) {
                    break line;
                }
            };
            match read_header(header) {
                Ok((names, delimiter)) => {
                    // Cells of about 16 bytes per value make a good first guess.
                    self.values.reserve((self.size / 16).min(1 << 28));
                    self.header = Some((names, delimiter));
                }
                Err(e) => {
                    self.header_error = Some(e);
                    return;
                }
            }
            text = &text[offset..];
        }
        let Some((names, delimiter)) = &self.header else { return };
        let (columns, delimiter, limits) = (names.len(), *delimiter, self.limits);
        let pieces = line_chunks(text, parallel::threads_for(text.len() / 16, self.jobs));
        let parts = if pieces.len() <= 1 {
            vec![read_rows(text, delimiter, columns, limits, &mut self.values)]
        } else {
            // The first piece onto the table's values, the others onto their own.
            let first = Mutex::new(&mut self.values);
            let ranges: Vec<Range<usize>> = (0..pieces.len()).map(|i| i..i + 1).collect();
            let parts = parallel::map(&ranges, |r| {
                let piece = pieces[r.start];
                if r.start == 0 {
                    let mut values = first.lock().unwrap_or_else(PoisonError::into_inner);
                    return (read_rows(piece, delimiter, columns, limits, &mut values), Vec::new());
                }
                let mut values = Vec::with_capacity(piece.len() / 16);
                (read_rows(piece, delimiter, columns, limits, &mut values), values)
            });
            parts
                .into_iter()
                .map(|(rows, values)| {
                    self.values.extend_from_slice(&values);
                    rows
                })
                .collect()
        };
        for part in parts {
            for (row, line, mut error) in part.failed {
                let (row, line) = (self.rows + row, self.lines + line);
                error.message = format!("row {} (line {line}) of the points file: {}", row + 1, error.message);
                self.failed.push(RowError { row, line, error });
            }
            self.rows += part.rows;
            self.lines += part.lines;
        }
    }

    /// The table, or why there is none.
    fn finish(self) -> Result<Table, Error> {
        if let Some(e) = self.header_error {
            return Err(e);
        }
        match self.header {
            Some((names, delimiter)) => Ok(Table { names, delimiter, values: self.values, failed: self.failed }),
            None => Err(Error::new(ErrorKind::Usage, "the points file is empty")
                .hint("its first line names the variables, e.g. x,y; each later line is one point")),
        }
    }
}

/// The column names and the delimiter of a header line.
fn read_header(header: &str) -> Result<(Vec<String>, char), Error> {
    let delimiter = if header.contains('\t') { '\t' } else { ',' };
    let mut names: Vec<String> = Vec::new();
    for cell in header.split(delimiter) {
        let name = cell.trim();
        if name.is_empty() {
            return Err(Error::new(ErrorKind::Usage, "the header of the points file has an empty column name"));
        }
        crate::syntax::check_variable_name(name, 0, 0).map_err(|mut e| {
            e.span = None;
            e.message = format!("in the header of the points file: {}", e.message);
            e
        })?;
        if names.iter().any(|n| n == name) {
            return Err(Error::new(ErrorKind::Usage, format!("the points file names {name} twice")));
        }
        names.push(name.to_string());
    }
    Ok((names, delimiter))
}

/// A line of the file without its line end (as [`str::lines`] gives it) and
/// without a byte order mark.
fn line_text(line: &str) -> &str {
    let line = line.strip_suffix('\n').map_or(line, |l| l.strip_suffix('\r').unwrap_or(l));
    line.strip_prefix('\u{FEFF}').unwrap_or(line)
}

/// True for a line that is a header or a row: neither blank nor a `#` comment.
fn counts(line: &str) -> bool {
    !line.trim().is_empty() && !line.trim_start().starts_with('#')
}

/// `text` cut into at most `parts` pieces of about equal length, each ending at a
/// line end (the last at the end of `text`).
fn line_chunks(text: &str, parts: usize) -> Vec<&str> {
    let mut pieces = Vec::with_capacity(parts);
    let mut start = 0;
    for k in 1..parts {
        let target = (text.len() * k / parts).max(start);
        // Bytes, since `target` may fall inside a character; a line end is one byte.
        let Some(i) = text.as_bytes().get(target..).and_then(|t| t.iter().position(|&b| b == b'\n')) else {
            break;
        };
        let end = target + i + 1;
        if end < text.len() {
            pieces.push(&text[start..end]);
            start = end;
        }
    }
    pieces.push(&text[start..]);
    pieces
}

/// The rows of some lines of a table, counted from 0 there.
struct Rows {
    /// (row, line from 1, error) of each row that failed, in order; the error's
    /// message does not yet name the row.
    failed: Vec<(usize, usize, Error)>,
    rows: usize,
    lines: usize,
}

/// Reads the rows of `text`, whole lines of a table, onto `values` (`columns`
/// values per row, NaN in the rows that failed).
fn read_rows(text: &str, delimiter: char, columns: usize, limits: Limits, values: &mut Vec<f64>) -> Rows {
    let mut out = Rows { failed: Vec::new(), rows: 0, lines: 0 };
    for line in text.lines() {
        out.lines += 1;
        let line = line.strip_prefix('\u{FEFF}').unwrap_or(line);
        if !counts(line) {
            continue;
        }
        let before = values.len();
        if let Err(e) = read_row(line, delimiter, columns, limits, values) {
            out.failed.push((out.rows, out.lines, e));
            values.truncate(before);
            values.resize(before + columns, f64::NAN);
        }
        out.rows += 1;
    }
    out
}

/// Reads one row's cells onto `values`: exactly `columns` finite values.
fn read_row(line: &str, delimiter: char, columns: usize, limits: Limits, values: &mut Vec<f64>) -> Result<(), Error> {
    let mut count = 0;
    for cell in Cells::new(line, delimiter) {
        count += 1;
        if count > columns {
            continue;
        }
        let cell = trim(cell);
        let v = match cell.parse::<f64>() {
            Ok(v) => v,
            Err(_) => constant(cell, limits)?,
        };
        if !v.is_finite() {
            return Err(Error::new(ErrorKind::Usage, format!("'{cell}' is not finite"))
                .hint("every value must be a finite number"));
        }
        values.push(v);
    }
    if count != columns {
        return Err(Error::new(ErrorKind::Usage, format!("it has {count} cells where the header has {columns}")));
    }
    Ok(())
}

/// The cells of a line, as `line.split(delimiter)` gives them, for an ASCII
/// delimiter (found byte by byte, which is faster for short cells).
struct Cells<'a> {
    rest: Option<&'a str>,
    delimiter: u8,
}

impl<'a> Cells<'a> {
    fn new(line: &'a str, delimiter: char) -> Cells<'a> {
        // The delimiter is a comma or a tab.
        Cells { rest: Some(line), delimiter: u8::try_from(delimiter).unwrap_or(b',') }
    }
}

impl<'a> Iterator for Cells<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match find_byte(rest.as_bytes(), self.delimiter) {
            Some(i) => {
                self.rest = rest.get(i + 1..);
                rest.get(..i)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The first position of `byte` in `hay`, looked for eight bytes at a time.
fn find_byte(hay: &[u8], byte: u8) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let pattern = ONES * u64::from(byte);
    let mut chunks = hay.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else { break };
        // A byte of `x` is zero where `byte` is; the lowest set high bit of
        // `found` marks the first such byte (borrows only run upwards).
        let x = u64::from_le_bytes(bytes) ^ pattern;
        let found = x.wrapping_sub(ONES) & !x & HIGHS;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    hay[at..].iter().position(|&b| b == byte).map(|i| at + i)
}

/// `cell.trim()`, without a look at the characters when the cell starts and ends
/// with a printable ASCII one (all whitespace is a space, a control character or
/// beyond ASCII).
fn trim(cell: &str) -> &str {
    match cell.as_bytes() {
        [first, .., last] if (b'!'..=b'~').contains(first) && (b'!'..=b'~').contains(last) => cell,
        [only] if (b'!'..=b'~').contains(only) => cell,
        _ => cell.trim(),
    }
}

/// The value of a cell that is not a plain number: a constant expression, as a
/// value of `--at` is (`pi/4`).
fn constant(cell: &str, limits: Limits) -> Result<f64, Error> {
    let not_a_number = || {
        Error::new(ErrorKind::Usage, format!("'{cell}' is not a number"))
            .hint("write numbers such as 2, -0.5 or 1e-3, or constant expressions such as pi/4")
    };
    if cell.is_empty() {
        return Err(Error::new(ErrorKind::Usage, "a cell is empty").hint("write a number in every column"));
    }
    let ast = syntax::parse_with(cell, limits).map_err(|_| not_a_number())?;
    if let Some(v) = ast.variables().first() {
        return Err(Error::new(ErrorKind::Usage, format!("'{cell}' is not a number: it uses the variable {v}"))
            .hint("values must be numbers or constant expressions such as pi/4"));
    }
    let mut store = Store::with_limits(&limits);
    let id = ast.lower(&mut store);
    let value = Evaluator::new(&Point::default()).value(&mut store, id);
    value.to_f64().ok_or_else(|| Error::new(ErrorKind::Usage, format!("'{cell}' is {}", value.text())))
}

/// One line per point: its values separated by `delimiter`, `undefined` for NaN;
/// an empty line for a row that `failed`.
pub fn write_rows(out: &mut String, values: &[f64], per_row: usize, delimiter: char, failed: &[RowError]) {
    write_rows_with(out, values, per_row, delimiter, failed, None, 1);
}

/// [`write_rows`] with `digits` significant digits per value (`--digits`), or the
/// shortest text that reads back when None; large tables are written in chunks of
/// rows on up to `jobs` threads, joined in row order (the same text for any `jobs`).
pub fn write_rows_with(
    out: &mut String,
    values: &[f64],
    per_row: usize,
    delimiter: char,
    failed: &[RowError],
    digits: Option<usize>,
    jobs: usize,
) {
    if per_row == 0 {
        return;
    }
    let rows = values.len() / per_row;
    let write = |out: &mut String, range: Range<usize>| {
        write_row_range(out, values, per_row, delimiter, failed, digits, range);
    };
    in_chunks(out, rows, parallel::threads_for(values.len(), jobs), per_row * 24, write);
}

/// `write(out, rows)` for every row of `0..rows`: on the calling thread onto `out`
/// when `threads` is 1, otherwise in `threads` chunks of rows, the first onto `out`
/// and each other onto its own string (`bytes_per_row` sizes them), appended to
/// `out` in order.
fn in_chunks<F>(out: &mut String, rows: usize, threads: usize, bytes_per_row: usize, write: F)
where
    F: Fn(&mut String, Range<usize>) + Sync,
{
    out.reserve(rows.saturating_mul(bytes_per_row));
    if threads <= 1 {
        write(out, 0..rows);
        return;
    }
    let ranges = parallel::split(rows, threads, 1);
    let first = std::sync::Mutex::new(std::mem::take(out));
    let parts = parallel::map(&ranges, |range| {
        if range.start == 0 {
            // The first chunk, on the calling thread: straight onto the output.
            let mut out = first.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            write(&mut out, range);
            return String::new();
        }
        let mut part = String::with_capacity(range.len().saturating_mul(bytes_per_row));
        write(&mut part, range);
        part
    });
    *out = first.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    for part in parts {
        out.push_str(&part);
    }
}

/// The lines of [`write_rows_with`] for the rows in `range`.
fn write_row_range(
    out: &mut String,
    values: &[f64],
    per_row: usize,
    delimiter: char,
    failed: &[RowError],
    digits: Option<usize>,
    range: Range<usize>,
) {
    let first_failed = failed.partition_point(|f| f.row < range.start);
    let mut failed = failed[first_failed..].iter().map(|f| f.row).peekable();
    let rows = values[range.start * per_row..range.end * per_row].chunks_exact(per_row);
    for (index, row) in range.zip(rows) {
        if failed.next_if_eq(&index).is_some() {
            out.push('\n');
            continue;
        }
        for (i, &v) in row.iter().enumerate() {
            if i > 0 {
                out.push(delimiter);
            }
            match digits {
                Some(n) if !v.is_nan() => out.push_str(&super::format::digits_text(v, n)),
                _ => push_value(out, v),
            }
        }
        out.push('\n');
    }
}

/// JSON Lines, one object per point of `table`, with the point:
/// `{"row":1,"point":{"x":2.0},"value":0.5}` with one value per point,
/// `{"row":1,"point":{"x":2.0},"values":[0.5,null]}` otherwise; `null` where
/// undefined; `{"row":3,"error":{…}}` for a row that failed (docs/points.md).
/// Large tables are written on up to `jobs` threads, as [`write_rows_with`].
pub fn write_json_rows(out: &mut String, table: &Table, values: &[f64], per_row: usize, single: bool, jobs: usize) {
    if per_row == 0 {
        return;
    }
    let width = table.names.len().max(1);
    let rows = (values.len() / per_row).min(table.values.len() / width);
    // Each column's key, quoted once for every row.
    let keys: Vec<String> = table.names.iter().map(|name| format!("{}:", serde_json::json!(name))).collect();
    let write = |out: &mut String, range: Range<usize>| {
        let first_failed = table.failed.partition_point(|f| f.row < range.start);
        let mut failed = table.failed[first_failed..].iter().peekable();
        for i in range {
            let (row, point) = (&values[i * per_row..(i + 1) * per_row], &table.values[i * width..(i + 1) * width]);
            let _ = write!(out, "{{\"row\":{}", i + 1);
            if let Some(f) = failed.next_if(|f| f.row == i) {
                let e = &f.error;
                let mut err = serde_json::json!({"kind": e.kind.name(), "message": e.message, "line": f.line});
                if let (Some(h), Some(m)) = (&e.hint, err.as_object_mut()) {
                    m.insert("hint".into(), serde_json::json!(h));
                }
                let _ = writeln!(out, ",\"error\":{err}}}");
                continue;
            }
            out.push_str(",\"point\":{");
            for (k, (key, &v)) in keys.iter().zip(point).enumerate() {
                if k > 0 {
                    out.push(',');
                }
                out.push_str(key);
                push_json(out, v);
            }
            out.push('}');
            if single {
                out.push_str(",\"value\":");
                push_json(out, row[0]);
            } else {
                out.push_str(",\"values\":[");
                for (k, &v) in row.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    push_json(out, v);
                }
                out.push(']');
            }
            out.push_str("}\n");
        }
    };
    let bytes_per_row = (per_row + width) * 24;
    in_chunks(out, rows, parallel::threads_for(rows.saturating_mul(per_row + width), jobs), bytes_per_row, write);
}

/// A value of a row: `undefined` for NaN, otherwise as [`float_text`].
fn push_value(out: &mut String, v: f64) {
    if v.is_nan() {
        out.push_str("undefined");
    } else {
        push_float(out, v);
    }
}

/// A value as JSON: the number as serde_json writes an f64 (its shortest digits,
/// `1e+16` in scientific notation), `null` where not finite.
fn push_json(out: &mut String, v: f64) {
    if v.is_finite() {
        out.push_str(zmij::Buffer::new().format_finite(v));
    } else {
        out.push_str("null");
    }
}

/// The text a single value is printed as (same as [`write_rows`] uses).
pub fn value_text(v: f64) -> String {
    if v.is_nan() {
        "undefined".into()
    } else {
        float_text(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_csv_and_tsv() {
        let t = read_table("x, y\n1,2\n\n# note\n3.5 , -1e-3\n").unwrap();
        assert_eq!(t.names, ["x", "y"]);
        assert_eq!(t.delimiter, ',');
        assert_eq!(t.values, [1.0, 2.0, 3.5, -1e-3]);
        assert_eq!(t.rows(), 2);
        assert!(t.failed.is_empty());
        let t = read_table("a\tb\n1\t2\n").unwrap();
        assert_eq!((t.delimiter, t.rows()), ('\t', 1));
    }

    #[test]
    fn cells_take_constant_expressions_as_at_does() {
        let t = read_table("x,y\npi/4,-sqrt(4)\n1/3,2^-1\n").unwrap();
        assert!(t.failed.is_empty(), "{:?}", t.failed);
        assert_eq!(t.values, [std::f64::consts::FRAC_PI_4, -2.0, 1.0 / 3.0, 0.5]);
    }

    #[test]
    fn cells_split_as_split_does() {
        for line in [
            "",
            ",",
            "a",
            "a,b",
            ",a,,b,",
            "1.5,-2,3e-4,x1,   spaced  ,é,\u{a0}1\u{a0}",
            "abcdefgh,ijklmnop,qrstuvwx,yz",
        ] {
            for delimiter in [',', '\t'] {
                let line = line.replace(',', &delimiter.to_string());
                let cells: Vec<&str> = Cells::new(&line, delimiter).collect();
                assert_eq!(cells, line.split(delimiter).collect::<Vec<_>>(), "{line:?}");
                for cell in cells {
                    assert_eq!(trim(cell), cell.trim(), "{cell:?}");
                }
            }
        }
        for len in 0..40 {
            for at in 0..len {
                let mut hay = vec![b'x'; len];
                hay[at] = b',';
                if at + 3 < len {
                    hay[at + 3] = b',';
                }
                assert_eq!(find_byte(&hay, b','), Some(at));
                assert_eq!(find_byte(&hay, b'\t'), None);
            }
        }
        assert_eq!(find_byte(&[0x81, 0x2c, 0x00, 0xff], b','), Some(1));
    }

    #[test]
    fn a_table_reads_the_same_on_any_number_of_threads() {
        let mut text = String::from("\u{FEFF}# points\nx\ty\n");
        for i in 0..20_000 {
            match i % 997 {
                3 => text.push_str("1\t2\t3\n"),
                4 => text.push_str("\n# a comment\n"),
                5 => text.push_str("pi/4\tfoo\r\n"),
                6 => text.push_str(" \u{a0}1e-3 \t sqrt(2)\n"),
                7 => text.push_str("\u{3b1}\u{3b2}\u{3b3}\u{3b4}\t1\n"),
                _ => text.push_str(&format!("{}\t{}\n", i as f64 * 0.37, -(i as f64) / 7.0)),
            }
        }
        let one = read_table_jobs(&text, Limits::default(), 1).unwrap();
        // Cut anywhere, a piece ends at a line end, inside multi-byte characters too.
        let wide = "\u{3b1}\u{3b2}\n".repeat(1000);
        for parts in 1..9 {
            assert_eq!(line_chunks(&wide, parts).concat(), wide);
            assert_eq!(line_chunks(&wide, parts).len(), parts);
        }
        assert_eq!(one.rows(), 20_000 - 21);
        assert!(!one.failed.is_empty());
        let same =
            |a: &[f64], b: &[f64]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
        for jobs in [2, 3, 7] {
            let many = read_table_jobs(&text, Limits::default(), jobs).unwrap();
            assert_eq!(many.names, one.names);
            assert_eq!(many.failed, one.failed);
            assert!(same(&many.values, &one.values));
        }
        let with = read_table_with(&text, Limits::default()).unwrap();
        assert!(with.failed == one.failed && same(&with.values, &one.values));
        // Read a block at a time, blocks far shorter than some lines included.
        for (size, jobs) in [(0, 1), (text.len(), 2), (100, 1), (1000, 3), (7, 2)] {
            let read = read_table_from(text.as_bytes(), size, Limits::default(), jobs).unwrap().unwrap();
            assert!(read.names == one.names && read.failed == one.failed && same(&read.values, &one.values), "{size}");
        }
    }

    #[test]
    fn reading_a_stream_fails_as_reading_the_text_would() {
        let read = |bytes: &[u8], size| read_table_from(bytes, size, Limits::default(), 2);
        for size in [0, 3, 100] {
            let e = read(b"x,x\n1,2\n\xff\n", size).unwrap_err();
            assert_eq!(e.to_string(), "stream did not contain valid UTF-8");
            assert!(read(b"x\n1\n\xe2\x82", size).is_err());
            let table = read(b"# c\n\n", size).unwrap();
            assert_eq!(table.map_err(|e| e.message), Err("the points file is empty".to_string()));
            let table = read(b"x,x\n1,2\n", size).unwrap();
            assert_eq!(table.map_err(|e| e.message), Err("the points file names x twice".to_string()));
            let table = read("\u{FEFF}x\r\n1\r\nfoo\r\n3".as_bytes(), size).unwrap().unwrap();
            assert_eq!((table.rows(), table.failed.len(), table.failed[0].line), (3, 1, 3));
        }
    }

    #[test]
    fn bad_headers_fail_the_table() {
        for text in ["", "x,x\n1,2\n", "x,,y\n", "# only a comment\n"] {
            assert!(read_table(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn a_bad_row_fails_alone_with_its_row_and_line() {
        let text = "x,y\n1,2\n1\n# c\n1,2,3\nfoo,1\ninf,1\n1/0,1\ny,1\n,1\n5,6\n";
        let t = read_table(text).unwrap();
        assert_eq!(t.rows(), 9);
        let rows: Vec<(usize, usize)> = t.failed.iter().map(|f| (f.row, f.line)).collect();
        assert_eq!(rows, [(1, 3), (2, 5), (3, 6), (4, 7), (5, 8), (6, 9), (7, 10)]);
        for f in &t.failed {
            let prefix = format!("row {} (line {}) of the points file: ", f.row + 1, f.line);
            assert!(f.error.message.starts_with(&prefix), "{}", f.error.message);
        }
        assert_eq!((&t.values[..2], &t.values[16..]), (&[1.0, 2.0][..], &[5.0, 6.0][..]));
        assert!(t.values[2..16].iter().all(|v| v.is_nan()));
    }

    #[test]
    fn rows_keep_the_delimiter_and_name_undefined_values() {
        let mut s = String::new();
        write_rows(&mut s, &[1.0, f64::NAN, 0.0, 2.5], 2, '\t', &[]);
        assert_eq!(s, "1.0\tundefined\n0.0\t2.5\n");
        let mut d = String::new();
        write_rows_with(&mut d, &[1.0 / 3.0, f64::NAN], 2, ',', &[], Some(3), 1);
        assert_eq!(d, "0.333,undefined\n");
        let table = Table::new(vec!["x".into()], ',', vec![2.0, 0.5]);
        let mut j = String::new();
        write_json_rows(&mut j, &table, &[1.0, f64::NAN], 1, true, 1);
        assert_eq!(
            j,
            "{\"row\":1,\"point\":{\"x\":2.0},\"value\":1.0}\n{\"row\":2,\"point\":{\"x\":0.5},\"value\":null}\n"
        );
    }

    #[test]
    fn a_failed_row_is_an_empty_line_and_a_json_error() {
        let table = read_table("x\n1\nfoo\n3\n").unwrap();
        let mut s = String::new();
        write_rows(&mut s, &[1.0, 0.0, 3.0], 1, ',', &table.failed);
        assert_eq!(s, "1.0\n\n3.0\n");
        let mut j = String::new();
        write_json_rows(&mut j, &table, &[1.0, 0.0, 3.0], 1, true, 1);
        let lines: Vec<serde_json::Value> = j.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1]["row"], 2);
        assert_eq!(lines[1]["error"]["line"], 3);
        assert!(lines[1].get("value").is_none() && lines[2]["value"] == 3.0);
    }
}
