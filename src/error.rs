//! Errors a user can act on: what went wrong, where (line:column and a caret), and a hint.

use std::fmt;

/// What kind of problem an error is; stable names, used in JSON output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is not an expression: `x +`, `(x`, `2 $ 3`.
    Syntax,
    /// A name used as a function is not one: `sine(x)`, `x(y)`.
    UnknownFunction,
    /// A function got the wrong number of arguments: `atan2(x)`.
    Arity,
    /// `--at` has no value for a variable of the expression: `--at y=1` for `x^2`.
    MissingValue,
    /// A `--at`, `--wrt` or `--order` argument is malformed: `--at x`, `--order 0`.
    Usage,
    /// A size limit was reached: nesting too deep, a number too large.
    Limit,
    /// Standard input held bytes that are not UTF-8.
    Encoding,
    /// The expression has no series at the point: a branch point (`sqrt(x)` at 0),
    /// an essential singularity (`exp(1/x)` at 0), a kink (`abs(x)` at 0).
    NoSeries,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax",
            ErrorKind::UnknownFunction => "unknown-function",
            ErrorKind::Arity => "arity",
            ErrorKind::MissingValue => "missing-value",
            ErrorKind::Usage => "usage",
            ErrorKind::Limit => "limit",
            ErrorKind::Encoding => "encoding",
            ErrorKind::NoSeries => "no-series",
        }
    }
}

/// An error with an optional place in the input text (byte offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    /// Byte range in the source the error points at.
    pub span: Option<(usize, usize)>,
    pub hint: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: message.into(), span: None, hint: None }
    }

    pub fn at(mut self, start: usize, end: usize) -> Error {
        self.span = Some((start, end.max(start)));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }

    /// 1-based line and column (in characters) of the error's start in `source`.
    pub fn line_col(&self, source: &str) -> Option<(usize, usize)> {
        let (start, _) = self.span?;
        let start = floor_char_boundary(source, start.min(source.len()));
        let before = &source[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = source[line_start..start].chars().count() + 1;
        Some((line, column))
    }

    /// The full report: message, the offending line (a window of it when long) with
    /// a caret under the error, and the hint.
    pub fn render(&self, source: &str, label: &str) -> String {
        let mut out = String::new();
        match self.line_col(source) {
            Some((line, col)) => {
                out.push_str(&format!("error: {label}{line}:{col}: {}\n", self.message));
                out.push_str(&self.snippet(source));
            }
            None => out.push_str(&format!("error: {label}{}\n", self.message)),
        }
        if let Some(h) = &self.hint {
            out.push_str(&format!("  hint: {h}\n"));
        }
        out
    }

    /// The line holding the error, cut to a window of about 60 characters around
    /// it, with a caret line below.
    fn snippet(&self, source: &str) -> String {
        let Some((start, end)) = self.span else {
            return String::new();
        };
        let start = floor_char_boundary(source, start.min(source.len()));
        let end = floor_char_boundary(source, end.min(source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..].find('\n').map_or(source.len(), |i| start + i);
        let line: Vec<char> = source[line_start..line_end].chars().collect();
        let col = source[line_start..start].chars().count();
        let width = source[start..end.max(start)].chars().count().clamp(1, 40);
        const WINDOW: usize = 30;
        let from = col.saturating_sub(WINDOW);
        let to = (col + width + WINDOW).min(line.len());
        let mut text: String = line[from..to].iter().collect();
        let mut caret_col = col - from;
        if from > 0 {
            text = format!("…{text}");
            caret_col += 1;
        }
        if to < line.len() {
            text.push('…');
        }
        let text = text.replace(['\t', '\r'], " ");
        format!("  | {text}\n  | {}{}\n", " ".repeat(caret_col), "^".repeat(width))
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// The closest of `candidates` to `word` by edit distance, if close enough to be a
/// likely typo: at most one edit per three characters of `word` (at least one), and
/// fewer edits than the longer of the two has characters, so that something of the
/// word is kept (`xx` for `x`, `sine` for `sin`, never `y` for `x`).
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    let limit = (len / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, c)| d <= limit && d < len.max(c.chars().count()))
        .min_by_key(|&(d, c)| (d, c.len()))
        .map(|(_, c)| c)
}

/// Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["sin", "sinh", "cos", "sqrt"];
        assert_eq!(did_you_mean("sine", names), Some("sin"));
        assert_eq!(did_you_mean("sqrtt", names), Some("sqrt"));
        assert_eq!(did_you_mean("banana", names), None);
    }

    #[test]
    fn a_name_with_nothing_in_common_is_not_suggested() {
        assert_eq!(did_you_mean("x", ["y", "t"]), None);
        assert_eq!(did_you_mean("x", ["xx", "y"]), Some("xx"));
        assert_eq!(did_you_mean("xx", ["x"]), Some("x"));
        assert_eq!(did_you_mean("ab", ["cd", "ba"]), None);
        assert_eq!(did_you_mean("alpah", ["alpha"]), None);
        assert_eq!(did_you_mean("lamda", ["lambda"]), Some("lambda"));
    }

    #[test]
    fn caret_points_at_the_column() {
        let e = Error::new(ErrorKind::Syntax, "bad").at(4, 5);
        assert_eq!(e.line_col("x + $"), Some((1, 5)));
        assert_eq!(e.render("x + $", ""), "error: 1:5: bad\n  | x + $\n  |     ^\n");
    }

    #[test]
    fn long_lines_show_a_window() {
        let src = format!("{}$", "x+".repeat(5000));
        let e = Error::new(ErrorKind::Syntax, "bad").at(10000, 10001);
        let r = e.render(&src, "");
        assert!(r.len() < 300, "{r}");
        assert!(r.contains("…x+x+"));
    }
}
