//! Tables of points for `--at-file`: CSV or TSV text whose header row names the
//! variables, one point per row, and the rows of values written back in the same
//! shape.

use std::fmt::Write;

use crate::error::{Error, ErrorKind};
use crate::eval::float_text;

/// Points read from a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The column names, as in the header row.
    pub names: Vec<String>,
    /// `,` or `\t`, as the header row uses.
    pub delimiter: char,
    /// Row-major: `names.len()` values per point.
    pub values: Vec<f64>,
}

impl Table {
    /// How many points the table holds.
    pub fn rows(&self) -> usize {
        self.values.len() / self.names.len().max(1)
    }
}

/// Reads a table: the first line that is neither blank nor a `#` comment is the
/// header; a tab in it makes the table tab-separated, otherwise commas separate.
/// Every later non-blank, non-comment line is one point, with a number (f64 syntax,
/// such as `2`, `-0.5`, `1e-3`) in every column.
pub fn read_table(text: &str) -> Result<Table, Error> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_prefix('\u{FEFF}').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let Some((_, header)) = lines.next() else {
        return Err(Error::new(ErrorKind::Usage, "the points file is empty")
            .hint("its first line names the variables, e.g. x,y; each later line is one point"));
    };
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
    let mut values = Vec::new();
    for (number, line) in lines {
        let before = values.len();
        for (column, cell) in line.split(delimiter).enumerate() {
            let cell = cell.trim();
            let v: f64 = cell.parse().map_err(|_| {
                Error::new(ErrorKind::Usage, format!("line {number} of the points file: '{cell}' is not a number"))
                    .hint("write plain decimal numbers such as 2, -0.5 or 1e-3")
            })?;
            if !v.is_finite() || column >= names.len() {
                let what = if v.is_finite() { "more cells than the header" } else { "a value that is not finite" };
                return Err(Error::new(ErrorKind::Usage, format!("line {number} of the points file has {what}")));
            }
            values.push(v);
        }
        if values.len() - before != names.len() {
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "line {number} of the points file has {} cells, the header {}",
                    values.len() - before,
                    names.len()
                ),
            ));
        }
    }
    Ok(Table { names, delimiter, values })
}

/// One line per point: its values separated by `delimiter`, `undefined` for NaN.
pub fn write_rows(out: &mut String, values: &[f64], per_row: usize, delimiter: char) {
    if per_row == 0 {
        return;
    }
    for row in values.chunks_exact(per_row) {
        for (i, &v) in row.iter().enumerate() {
            if i > 0 {
                out.push(delimiter);
            }
            push_value(out, v);
        }
        out.push('\n');
    }
}

/// JSON Lines, one object per point: `{"row":1,"value":0.5}` with one value per
/// point, `{"row":1,"values":[0.5,null]}` otherwise; `null` where undefined.
pub fn write_json_rows(out: &mut String, values: &[f64], per_row: usize, single: bool) {
    if per_row == 0 {
        return;
    }
    for (i, row) in values.chunks_exact(per_row).enumerate() {
        let _ = write!(out, "{{\"row\":{}", i + 1);
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
}

fn push_value(out: &mut String, v: f64) {
    if v.is_nan() {
        out.push_str("undefined");
    } else if v == 0.0 {
        out.push_str("0.0");
    } else {
        let _ = write!(out, "{v:?}");
    }
}

fn push_json(out: &mut String, v: f64) {
    if v.is_finite() {
        let _ = write!(out, "{}", serde_json::json!(v));
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
        let t = read_table("a\tb\n1\t2\n").unwrap();
        assert_eq!((t.delimiter, t.rows()), ('\t', 1));
    }

    #[test]
    fn bad_tables_are_refused() {
        for text in ["", "x,x\n1,2\n", "x,y\n1\n", "x,y\n1,2,3\n", "x\nfoo\n", "x\ninf\n", "x,,y\n"] {
            assert!(read_table(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn rows_keep_the_delimiter_and_name_undefined_values() {
        let mut s = String::new();
        write_rows(&mut s, &[1.0, f64::NAN, 0.0, 2.5], 2, '\t');
        assert_eq!(s, "1.0\tundefined\n0.0\t2.5\n");
        let mut j = String::new();
        write_json_rows(&mut j, &[1.0, f64::NAN], 1, true);
        assert_eq!(j, "{\"row\":1,\"value\":1.0}\n{\"row\":2,\"value\":null}\n");
    }
}
